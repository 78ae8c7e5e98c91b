//! Tasks: the lifecycle, the department-officer rule, overdue, the plan roll-up, tasks from
//! a plan's implementation section, sorted pagination.

use std::collections::HashSet;

use cchc_sdk::types::auth::Role;
use cchc_sdk::types::common::Patch;
use cchc_sdk::types::plans::{IssueRequest, PlanIn};
use cchc_sdk::types::tasks::{
    TaskIn, TaskListQuery, TaskOut, TaskPatch, TaskPriority, TaskSort, TaskStatus, TaskUpdateIn,
};
use chrono::{Duration, NaiveDate, Utc};
use futures_util::TryStreamExt;
use reqwest::Method;

use crate::common::fixtures::task_in;
use crate::common::world::{World, officer};
use crate::common::{TestApp, TestResult, problem};

/// A task of Hòa Tân Tây led by its Văn phòng.
fn task(w: &World, title: &str) -> TaskIn {
    task_in(w.a(), title, Some(w.a().van_phong()))
}

#[tokio::test]
async fn a_task_runs_its_lifecycle_and_refuses_illegal_steps() -> TestResult {
    let app = TestApp::spawn().await;
    let w = World::build(&app).await?;
    let t = app
        .client
        .tasks()
        .create(&TaskIn {
            supporting_department_ids: vec![w.a().tai_chinh()],
            ..task(&w, "Xây dựng Báo cáo đánh giá CCHC năm 2023")
        })
        .await?;
    assert_eq!(t.http_status, 201);
    assert_eq!((t.status, t.progress), (TaskStatus::Todo, 0));
    assert_eq!(t.supporting_department_ids, vec![w.a().tai_chinh()]);
    let tasks = app.client.tasks();
    let err = tasks
        .unblock(&t)
        .await
        .err()
        .ok_or("unblocked a todo task")?;
    assert_eq!(err.code(), Some("invalid_transition"));
    assert_eq!(
        err.problem().and_then(|p| p.allowed_actions.clone()),
        Some(vec!["start".into(), "complete".into(), "cancel".into()])
    );
    let t = tasks.start(&t).await?.into_inner();
    assert!(
        tasks
            .block(&t, " ")
            .await
            .err()
            .is_some_and(|e| e.is_validation()),
        "a block needs a reason"
    );
    let t = tasks.block(&t, "Chờ số liệu từ huyện").await?.into_inner();
    assert_eq!(t.blocked_reason.as_deref(), Some("Chờ số liệu từ huyện"));
    let t = tasks.unblock(&t).await?.into_inner();
    assert!(
        tasks
            .complete(&t, "")
            .await
            .err()
            .is_some_and(|e| e.is_validation()),
        "completing needs a result"
    );
    let t = tasks
        .complete(&t, "Đã trình Báo cáo số 45/BC-UBND")
        .await?
        .into_inner();
    assert_eq!((t.status, t.progress), (TaskStatus::Done, 100));
    assert!(t.completed_at.is_some());
    assert!(
        tasks
            .cancel(&t)
            .await
            .err()
            .is_some_and(|e| e.code() == Some("invalid_transition"))
    );
    // A done task's progress is settled: a report is refused and changes nothing; a
    // comment is still welcome.
    let lowered = TaskUpdateIn {
        text: Some("Làm lại một phần".into()),
        progress: Some(30),
    };
    let err = tasks
        .add_update(t.id, &lowered)
        .await
        .err()
        .ok_or("lowered the progress of a done task")?;
    assert_eq!(err.code(), Some("invalid_transition"));
    let patch = TaskPatch {
        progress: Some(30),
        ..Default::default()
    };
    let err = tasks
        .update(&t, &patch)
        .await
        .err()
        .ok_or("patched the progress of a done task")?;
    assert_eq!(err.code(), Some("invalid_transition"));
    let comment = TaskUpdateIn {
        text: Some("Đã gửi bản giấy".into()),
        progress: None,
    };
    tasks.add_update(t.id, &comment).await?;
    let settled = tasks.get(t.id).await?.into_inner();
    assert_eq!((settled.progress, settled.version), (100, t.version));
    let t = tasks.reopen(&t).await?.into_inner();
    assert_eq!(t.status, TaskStatus::InProgress);
    // A progress report over a change it did not see is refused (If-Match of the task).
    let stale = app
        .client
        .raw(Method::POST, &format!("/api/v1/tasks/{}/updates", t.id))
        .await?
        .header("if-match", format!("\"{}\"", t.version - 1))
        .json(&serde_json::json!({"progress": 40}))
        .send()
        .await?;
    assert_eq!(stale.status().as_u16(), 412);
    assert_eq!(tasks.get(t.id).await?.progress, t.progress);
    let journal = tasks.list_updates(t.id, None).await?;
    assert_eq!(
        journal.data.len(),
        6,
        "five changes of status and the comment"
    );
    let changes: Vec<(Option<TaskStatus>, Option<TaskStatus>)> = journal
        .data
        .iter()
        .filter(|u| u.status_to.is_some())
        .map(|u| (u.status_from, u.status_to))
        .collect();
    assert_eq!(changes.len(), 5, "start, block, unblock, complete, reopen");
    assert_eq!(
        changes[3],
        (Some(TaskStatus::InProgress), Some(TaskStatus::Done))
    );
    Ok(())
}

#[tokio::test]
async fn an_officer_works_only_on_tasks_of_their_department() -> TestResult {
    let app = TestApp::spawn().await;
    let w = World::build(&app).await?;
    let led_by_vp = app
        .client
        .tasks()
        .create(&task(&w, "Chuẩn bị bài phát biểu"))
        .await?
        .into_inner();
    let supported = app
        .client
        .tasks()
        .create(&TaskIn {
            supporting_department_ids: vec![w.a().tai_chinh()],
            ..task(&w, "Dự trù kinh phí Hội nghị")
        })
        .await?
        .into_inner();
    let finance = officer(&app, w.a(), "ketoan", w.a().tai_chinh()).await?;
    // Not theirs: they may read it but not touch it.
    assert_eq!(finance.tasks().get(led_by_vp.id).await?.id, led_by_vp.id);
    let patch = TaskPatch {
        progress: Some(50),
        ..Default::default()
    };
    assert!(
        finance
            .tasks()
            .update(&led_by_vp, &patch)
            .await
            .err()
            .is_some_and(|e| e.is_forbidden())
    );
    assert!(
        finance
            .tasks()
            .start(&led_by_vp)
            .await
            .err()
            .is_some_and(|e| e.is_forbidden())
    );
    let comment = TaskUpdateIn {
        text: Some("Góp ý".into()),
        progress: None,
    };
    assert!(
        finance
            .tasks()
            .add_update(led_by_vp.id, &comment)
            .await
            .err()
            .is_some_and(|e| e.is_forbidden())
    );
    // Supporting it, they may update, comment and move it — but not cancel it or create tasks.
    let updated = finance
        .tasks()
        .update(&supported, &patch)
        .await?
        .into_inner();
    assert_eq!(updated.progress, 50);
    finance
        .tasks()
        .add_update(
            supported.id,
            &TaskUpdateIn {
                text: Some("Đã lập dự toán".into()),
                progress: Some(70),
            },
        )
        .await?;
    let current = app.client.tasks().get(supported.id).await?.into_inner();
    assert_eq!(current.progress, 70);
    let started = finance.tasks().start(&current).await?.into_inner();
    assert!(
        finance
            .tasks()
            .cancel(&started)
            .await
            .err()
            .is_some_and(|e| e.is_forbidden())
    );
    assert!(
        finance
            .tasks()
            .create(&task(&w, "Việc mới"))
            .await
            .err()
            .is_some_and(|e| e.is_forbidden())
    );
    Ok(())
}

#[tokio::test]
async fn overdue_is_computed_and_filterable() -> TestResult {
    let app = TestApp::spawn().await;
    let w = World::build(&app).await?;
    let today = (Utc::now() + Duration::hours(7)).date_naive();
    let late = app
        .client
        .tasks()
        .create(&TaskIn {
            due_date: Some(today - Duration::days(2)),
            ..task(&w, "Trễ hạn")
        })
        .await?
        .into_inner();
    let finished = app
        .client
        .tasks()
        .create(&TaskIn {
            due_date: Some(today - Duration::days(2)),
            ..task(&w, "Xong rồi")
        })
        .await?
        .into_inner();
    app.client.tasks().complete(&finished, "Xong").await?;
    let on_time = app
        .client
        .tasks()
        .create(&TaskIn {
            due_date: Some(today),
            ..task(&w, "Đúng hạn")
        })
        .await?
        .into_inner();
    assert!(late.overdue && !on_time.overdue);
    let ids = |p: cchc_sdk::types::common::Page<TaskOut>| {
        p.data.into_iter().map(|t| t.id).collect::<Vec<_>>()
    };
    assert_eq!(
        ids(app
            .client
            .tasks()
            .list(&TaskListQuery {
                overdue: Some(true),
                ..Default::default()
            })
            .await?),
        vec![late.id]
    );
    assert_eq!(
        ids(app
            .client
            .tasks()
            .list(&TaskListQuery {
                overdue: Some(false),
                ..Default::default()
            })
            .await?),
        vec![finished.id, on_time.id]
    );
    assert_eq!(
        ids(app
            .client
            .tasks()
            .list(&TaskListQuery {
                due_after: Some(today),
                ..Default::default()
            })
            .await?),
        vec![on_time.id]
    );
    // The deadline job marks each late task once.
    assert_eq!(
        cchc_server::domain::tasks::mark_deadlines(&app.db, chrono::Utc::now()).await?,
        (1, 1)
    );
    assert_eq!(
        cchc_server::domain::tasks::mark_deadlines(&app.db, chrono::Utc::now()).await?,
        (0, 0)
    );
    Ok(())
}

#[tokio::test]
async fn a_plan_makes_its_tasks_and_rolls_them_up() -> TestResult {
    let app = TestApp::spawn().await;
    let w = World::build(&app).await?;
    let refs = w.a().seed_refs();
    let plan = app
        .client
        .plans()
        .create(&PlanIn {
            unit_id: w.a().id,
            content: cchc_server::demo_plan::seed_plan_content(refs),
        })
        .await?
        .into_inner();
    let plan = app.client.plans().submit(&plan).await?.into_inner();
    let plan = app
        .client
        .plans()
        .issue(&plan, &IssueRequest::default())
        .await?
        .into_inner();
    // Made from the plan version the caller read, or not at all.
    let stale = app
        .client
        .tasks()
        .if_match("\"1\"")
        .create_from_plan(plan.id)
        .await
        .err()
        .ok_or("made from a stale plan")?;
    assert!(stale.is_precondition_failed(), "{stale}");
    let made = app
        .client
        .tasks()
        .if_match(format!("\"{}\"", plan.version))
        .create_from_plan(plan.id)
        .await?;
    assert_eq!(made.len(), 6, "one per duty of section V");
    assert_eq!(
        made.iter()
            .filter(|t| t.lead_department_id == Some(w.a().van_phong()))
            .count(),
        4
    );
    assert_eq!(
        made.iter()
            .filter(|t| t.lead_department_id == Some(w.a().tai_chinh()))
            .count(),
        1
    );
    let again = app.client.tasks().create_from_plan(plan.id).await?;
    assert_eq!(
        again.iter().map(|t| t.id).collect::<Vec<_>>(),
        made.iter().map(|t| t.id).collect::<Vec<_>>(),
        "no duplicates"
    );
    // A series of changes: priorities, progress, one done, one cancelled, one overdue.
    let tasks = app.client.tasks();
    let yesterday = (Utc::now() + Duration::hours(7)).date_naive() - Duration::days(1);
    tasks
        .update(
            &made[0],
            &TaskPatch {
                priority: Some(TaskPriority::Urgent),
                ..Default::default()
            },
        )
        .await?;
    let t1 = tasks
        .update(
            &made[1],
            &TaskPatch {
                progress: Some(50),
                due_date: Patch::Value(yesterday),
                ..Default::default()
            },
        )
        .await?
        .into_inner();
    tasks.start(&t1).await?;
    let t0 = tasks.get(made[0].id).await?.into_inner();
    tasks.complete(&t0, "Đã trình báo cáo").await?;
    tasks.cancel(&made[2]).await?;
    let p = tasks.plan_progress(plan.id).await?;
    assert_eq!(
        (
            p.total,
            p.todo,
            p.in_progress,
            p.done,
            p.cancelled,
            p.overdue
        ),
        (6, 3, 1, 1, 1, 1)
    );
    // Weights: urgent done 4×100, normal 50% 2×50, three normal todo 2×0 each: 500 / 12.
    assert!(
        (p.weighted_progress - 41.7).abs() < 1e-9,
        "{}",
        p.weighted_progress
    );
    Ok(())
}

#[tokio::test]
async fn sorted_pages_return_every_task_once() -> TestResult {
    let app = TestApp::spawn().await;
    let w = World::build(&app).await?;
    let base = NaiveDate::from_ymd_opt(2024, 5, 1).ok_or("date")?;
    let priorities = [
        TaskPriority::Low,
        TaskPriority::Normal,
        TaskPriority::High,
        TaskPriority::Urgent,
    ];
    let mut created = HashSet::new();
    for i in 0..60u32 {
        let due = (i % 7 != 0).then(|| base + Duration::days(i64::from(i % 5)));
        let t = app
            .client
            .tasks()
            .create(&TaskIn {
                due_date: due,
                priority: priorities[(i % 4) as usize],
                ..task(&w, &format!("Việc {i}"))
            })
            .await?;
        created.insert(t.id);
    }
    for sort in [
        TaskSort::Created,
        TaskSort::DueDate,
        TaskSort::Priority,
        TaskSort::Updated,
    ] {
        let all: Vec<TaskOut> = app
            .client
            .tasks()
            .list_all(TaskListQuery {
                sort: Some(sort),
                limit: Some(7),
                ..Default::default()
            })
            .try_collect()
            .await?;
        let ids: HashSet<_> = all.iter().map(|t| t.id).collect();
        assert_eq!(all.len(), 60, "{sort:?}: no duplicates");
        assert_eq!(ids, created, "{sort:?}: no gaps");
        if sort == TaskSort::DueDate {
            let dues: Vec<NaiveDate> = all
                .iter()
                .map(|t| t.due_date.unwrap_or(NaiveDate::MAX))
                .collect();
            assert!(
                dues.windows(2).all(|w| w[0] <= w[1]),
                "earliest first, none last"
            );
        }
        if sort == TaskSort::Priority {
            assert!(
                all.windows(2).all(|w| w[0].priority >= w[1].priority),
                "most urgent first"
            );
        }
    }
    Ok(())
}

#[tokio::test]
async fn bad_tasks_are_refused_and_scope_holds() -> TestResult {
    let app = TestApp::spawn().await;
    let w = World::build(&app).await?;
    let bad = TaskIn {
        title: " ".into(),
        lead_department_id: Some(w.b().van_phong()),
        start_date: NaiveDate::from_ymd_opt(2024, 5, 10),
        due_date: NaiveDate::from_ymd_opt(2024, 5, 1),
        ..task(&w, "x")
    };
    let err = app
        .client
        .tasks()
        .create(&bad)
        .await
        .err()
        .ok_or("accepted")?;
    let mut fields: Vec<String> = err
        .problem()
        .map(|p| p.errors.iter().map(|e| e.field.clone()).collect())
        .unwrap_or_default();
    fields.sort();
    assert_eq!(fields, ["due_date", "lead_department_id", "title"]);
    let t = app
        .client
        .tasks()
        .create(&task(&w, "Của xã Hòa Tân Tây"))
        .await?
        .into_inner();
    let (_, admin_other) = app
        .user("admin.hoadong", Role::UnitAdmin, Some(w.b().id))
        .await?;
    let (_, viewer) = app.user("xem", Role::Viewer, Some(w.a().id)).await?;
    assert!(
        admin_other
            .tasks()
            .get(t.id)
            .await
            .err()
            .is_some_and(|e| e.is_not_found())
    );
    assert!(
        admin_other
            .tasks()
            .start(&t)
            .await
            .err()
            .is_some_and(|e| e.is_not_found())
    );
    assert!(
        viewer
            .tasks()
            .start(&t)
            .await
            .err()
            .is_some_and(|e| e.is_forbidden())
    );
    assert!(
        viewer
            .tasks()
            .create(&task(&w, "x"))
            .await
            .err()
            .is_some_and(|e| e.is_forbidden())
    );
    let stale = app
        .client
        .tasks()
        .update(
            &t,
            &TaskPatch {
                progress: Some(10),
                ..Default::default()
            },
        )
        .await?;
    assert_eq!(stale.version, 2);
    assert!(
        app.client
            .tasks()
            .update(
                &t,
                &TaskPatch {
                    progress: Some(20),
                    ..Default::default()
                }
            )
            .await
            .err()
            .is_some_and(|e| e.is_precondition_failed())
    );
    problem(
        app.anonymous()
            .anonymous(Method::GET, "/api/v1/tasks")?
            .send()
            .await?,
        401,
    )
    .await?;
    Ok(())
}

async fn fetch(
    app: &TestApp,
    task: uuid::Uuid,
    id: uuid::Uuid,
) -> Result<Vec<u8>, Box<dyn std::error::Error>> {
    let chunks: Vec<bytes::Bytes> = app
        .client
        .tasks()
        .download_attachment(task, id)
        .await?
        .try_collect()
        .await?;
    Ok(chunks.concat())
}

#[tokio::test]
async fn evidence_is_stored_with_its_hash_and_served_back() -> TestResult {
    use sha2::Digest;
    let dir = std::env::temp_dir().join(format!("cchc-files-{}", uuid::Uuid::now_v7().simple()));
    let dir_setting = dir.display().to_string();
    for on_disk in [false, true] {
        let app = TestApp::spawn_with(|c| {
            if on_disk {
                c.attachments_dir = dir_setting.clone()
            }
        })
        .await;
        let w = World::build(&app).await?;
        let t = app
            .client
            .tasks()
            .create(&task(&w, "Báo cáo đánh giá"))
            .await?
            .into_inner();
        let pdf = b"%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n".to_vec();
        let stored = app
            .client
            .tasks()
            .upload_attachment(
                t.id,
                "Báo cáo CCHC 2023.pdf",
                Some("application/pdf"),
                pdf.clone(),
            )
            .await?;
        assert_eq!(stored.http_status, 201);
        assert_eq!(stored.sha256, hex::encode(sha2::Sha256::digest(&pdf)));
        assert_eq!(
            (stored.content_type.as_str(), stored.size_bytes),
            ("application/pdf", pdf.len() as i64)
        );
        assert_eq!(stored.file_name, "Báo cáo CCHC 2023.pdf");
        assert_eq!(fetch(&app, t.id, stored.id).await?, pdf);
        assert_eq!(app.client.tasks().list_attachments(t.id).await?.len(), 1);
        if on_disk {
            assert_eq!(
                std::fs::read(dir.join(stored.id.to_string()))?,
                pdf,
                "on disk, named by id"
            );
        }
    }
    let _ = std::fs::remove_dir_all(&dir);
    Ok(())
}

#[tokio::test]
async fn uploads_over_the_limit_renamed_executables_and_hostile_names_are_handled() -> TestResult {
    let app = TestApp::spawn_with(|c| c.attachment_max_bytes = 4096).await;
    let w = World::build(&app).await?;
    let t = app
        .client
        .tasks()
        .create(&task(&w, "Tài liệu kiểm chứng"))
        .await?
        .into_inner();
    let tasks = app.client.tasks();
    let big = vec![b'a'; 10_000];
    let err = tasks
        .upload_attachment(t.id, "big.txt", Some("text/plain"), big)
        .await
        .err()
        .ok_or("accepted a big file")?;
    assert_eq!(
        (err.status(), err.code()),
        (Some(413), Some("payload_too_large"))
    );
    let mut elf =
        b"\x7fELF\x02\x01\x01\x00\x00\x00\x00\x00\x00\x00\x00\x00\x02\x00\x3e\x00".to_vec();
    elf.extend(vec![0u8; 200]);
    let err = tasks
        .upload_attachment(t.id, "bao-cao.pdf", Some("application/pdf"), elf)
        .await
        .err()
        .ok_or("accepted an executable")?;
    assert_eq!(
        (err.status(), err.code()),
        (Some(415), Some("unsupported_media_type"))
    );
    let text = "Biên bản họp".as_bytes().to_vec();
    let stored = tasks
        .upload_attachment(
            t.id,
            "../../../etc/passwd",
            Some("text/plain"),
            text.clone(),
        )
        .await?;
    assert_eq!(
        stored.file_name, "passwd",
        "the name is kept for display, never as a path"
    );
    assert_eq!(fetch(&app, t.id, stored.id).await?, text);
    assert_eq!(
        tasks.list_attachments(t.id).await?.len(),
        1,
        "nothing of the refused uploads was kept"
    );
    // The same authorization as the task: an officer of another department may not attach.
    let finance = officer(&app, w.a(), "ketoan", w.a().tai_chinh()).await?;
    let err = finance
        .tasks()
        .upload_attachment(t.id, "x.txt", None, b"x".to_vec())
        .await
        .err()
        .ok_or("attached")?;
    assert!(err.is_forbidden());
    let (_, other_admin) = app
        .user("admin.hoadong", Role::UnitAdmin, Some(w.b().id))
        .await?;
    assert!(
        other_admin
            .tasks()
            .download_attachment(t.id, stored.id)
            .await
            .err()
            .is_some_and(|e| e.is_not_found())
    );
    let res = app
        .client
        .raw(Method::POST, &format!("/api/v1/tasks/{}/attachments", t.id))
        .await?
        .json(&serde_json::json!({}))
        .send()
        .await?;
    problem(res, 415).await?;
    Ok(())
}

#[tokio::test]
async fn ten_thousand_tasks_page_through_each_exactly_once() -> TestResult {
    use cchc_server::entity::tasks as rows;
    use sea_orm::{ActiveValue::Set, EntityTrait};
    let app = TestApp::spawn().await;
    let w = World::build(&app).await?;
    let now = Utc::now();
    let base = NaiveDate::from_ymd_opt(2024, 1, 1).ok_or("date")?;
    // Written straight to the database in bulk: the listing, not the creating, is under test.
    let all: Vec<rows::ActiveModel> = (0..10_000u32)
        .map(|i| {
            let due = base + Duration::days(i64::from(i % 97));
            rows::ActiveModel {
                id: Set(uuid::Uuid::now_v7()),
                unit_id: Set(w.a().id),
                plan_id: Set(None),
                source_key: Set(None),
                title: Set(format!("Nhiệm vụ {i}")),
                description: Set(None),
                search_key: Set(format!("nhiem vu {i}")),
                lead_department_id: Set(Some(w.a().van_phong())),
                criterion_id: Set(None),
                deliverable: Set("other".into()),
                priority: Set("normal".into()),
                priority_rank: Set(1 + (i % 4) as i32),
                start_date: Set(None),
                due_date: Set(Some(due)),
                due_sort: Set(due),
                status: Set("todo".into()),
                progress: Set(0),
                blocked_reason: Set(None),
                result_summary: Set(None),
                completed_at: Set(None),
                due_soon_notified_at: Set(None),
                overdue_notified_at: Set(None),
                created_at: Set(now),
                updated_at: Set(now),
                version: Set(1),
            }
        })
        .collect();
    for chunk in all.chunks(500) {
        rows::Entity::insert_many(chunk.to_vec())
            .exec(&app.db)
            .await?;
    }
    for sort in [TaskSort::Created, TaskSort::DueDate] {
        let mut seen = HashSet::new();
        let mut query = TaskListQuery {
            sort: Some(sort),
            limit: Some(200),
            ..Default::default()
        };
        let mut pages = 0;
        loop {
            let page = app.client.tasks().list(&query).await?;
            pages += 1;
            for t in &page.data {
                assert!(seen.insert(t.id), "{sort:?}: task {} twice", t.id);
            }
            if !page.has_more {
                break;
            }
            query.cursor = page.next_cursor;
        }
        assert_eq!((seen.len(), pages), (10_000, 50), "{sort:?}");
    }
    Ok(())
}

#[tokio::test]
async fn the_deadline_job_marks_each_task_once_and_journals_it_per_unit() -> TestResult {
    use cchc_sdk::types::audit::AuditEventListQuery;
    let app = TestApp::spawn().await;
    let w = World::build(&app).await?;
    let now = Utc::now();
    let today = (now + Duration::hours(7)).date_naive();
    let tasks = app.client.tasks();
    let late = tasks
        .create(&TaskIn {
            due_date: Some(today - Duration::days(2)),
            ..task(&w, "Trễ hạn")
        })
        .await?
        .into_inner();
    let soon = tasks
        .create(&TaskIn {
            due_date: Some(today + Duration::days(1)),
            ..task(&w, "Sắp đến hạn")
        })
        .await?
        .into_inner();
    // The job may already have run once at start-up; run it at this instant, twice.
    cchc_server::domain::tasks::mark_deadlines(&app.db, now).await?;
    let again = cchc_server::domain::tasks::mark_deadlines(&app.db, now).await?;
    assert_eq!(again, (0, 0), "a task is marked once");
    let journal = |action: &str| AuditEventListQuery {
        action: Some(action.into()),
        ..Default::default()
    };
    for (action, task) in [("mark_overdue", &late), ("mark_due_soon", &soon)] {
        let events = app.client.audit_events().list(&journal(action)).await?.data;
        assert_eq!(events.len(), 1, "{action}: one event for the unit");
        assert_eq!(events[0].unit_id, Some(w.a().id));
        assert_eq!(events[0].changes["task_ids"], serde_json::json!([task.id]));
        assert_eq!(events[0].actor_kind, "system");
    }
    Ok(())
}
