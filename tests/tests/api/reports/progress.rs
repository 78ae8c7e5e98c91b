//! A plan's progress in all and per lead department.

use cchc_sdk::types::auth::Role;
use cchc_sdk::types::plans::{IssueRequest, PlanIn};
use cchc_sdk::types::reports::{PlanProgressReportQuery, ReportFormat};
use cchc_sdk::types::tasks::{TaskIn, TaskPatch, TaskPriority};

use super::{V, bytes_of, check_csv, check_xlsx, date};
use crate::common::fixtures::task_in;
use crate::common::world::World;
use crate::common::{TestApp, TestResult};

#[tokio::test]
async fn plan_progress_counts_per_department_with_dates_as_dates() -> TestResult {
    let app = TestApp::spawn().await;
    let w = World::build(&app).await?;
    let plans = app.client.plans();
    let plan = plans
        .create(&PlanIn {
            unit_id: w.a().id,
            content: cchc_server::demo_plan::seed_plan_content(w.a().seed_refs()),
        })
        .await?
        .into_inner();
    let plan = plans.submit(&plan).await?.into_inner();
    let plan = plans
        .issue(&plan, &IssueRequest::default())
        .await?
        .into_inner();
    let tasks = app.client.tasks();
    let (vp, tc) = (w.a().van_phong(), w.a().tai_chinh());
    let make = |title: &str, lead, priority, due| TaskIn {
        plan_id: Some(plan.id),
        priority,
        due_date: due,
        ..task_in(w.a(), title, lead)
    };
    // VP-TK: high todo, past due (overdue); normal done.
    let t1 = make(
        "Rà soát thủ tục",
        Some(vp),
        TaskPriority::High,
        Some(date(2020, 1, 10)),
    );
    let t2 = make(
        "Báo cáo quý",
        Some(vp),
        TaskPriority::Normal,
        Some(date(2099, 6, 30)),
    );
    // TC-KT: urgent at 50 %, started; low cancelled.
    let t3 = make(
        "Dự toán",
        Some(tc),
        TaskPriority::Urgent,
        Some(date(2099, 3, 1)),
    );
    let t4 = make(
        "Kiểm kê",
        Some(tc),
        TaskPriority::Low,
        Some(date(2099, 1, 1)),
    );
    // No lead department: normal todo, no due date.
    let t5 = make("Tuyên truyền", None, TaskPriority::Normal, None);
    tasks.create(&t1).await?;
    let t2 = tasks.create(&t2).await?.into_inner();
    tasks.complete(&t2, "Đã gửi báo cáo").await?;
    let t3 = tasks.create(&t3).await?.into_inner();
    let t3 = tasks
        .update(
            &t3,
            &TaskPatch {
                progress: Some(50),
                ..Default::default()
            },
        )
        .await?
        .into_inner();
    tasks.start(&t3).await?;
    let t4 = tasks.create(&t4).await?.into_inner();
    tasks.cancel(&t4).await?;
    tasks.create(&t5).await?;

    let query = PlanProgressReportQuery {
        plan_id: plan.id,
        format: None,
    };
    let reports = app.client.reports();
    let r = reports.plan_progress(&query).await?;
    // Weights low 1, normal 2, high 3, urgent 4; done counts 100, cancelled left out.
    // VP-TK: (3×0 + 2×100) / 5 = 40; TC-KT: 4×50 / 4 = 50; none: 0;
    // all: (0 + 200 + 200 + 0) / (3 + 2 + 4 + 2) = 400 / 11 = 36.36… -> 36.4.
    assert_eq!(r.total.total, 5);
    assert_eq!(r.total.weighted_progress, 36.4);
    let name = |id| {
        w.a()
            .departments
            .iter()
            .find(|d| d.id == id)
            .map(|d| d.name.clone())
            .unwrap_or_default()
    };
    let (vp_name, tc_name) = (name(vp), name(tc));
    // todo, in progress, blocked, done, cancelled, overdue
    let line = |dept: V, counts: [f64; 7], progress: f64, due: V| {
        let mut row = vec![dept];
        row.extend(counts.iter().map(|n| V::N(*n)));
        row.extend([V::N(progress), due]);
        row
    };
    let vp_line = line(
        V::O(vp_name.clone()),
        [2.0, 1.0, 0.0, 0.0, 1.0, 0.0, 1.0],
        40.0,
        V::D(date(2020, 1, 10)),
    );
    let tc_line = line(
        V::O(tc_name.clone()),
        [2.0, 0.0, 1.0, 0.0, 0.0, 1.0, 0.0],
        50.0,
        V::D(date(2099, 3, 1)),
    );
    let mut table = if tc_name < vp_name {
        vec![tc_line, vp_line]
    } else {
        vec![vp_line, tc_line]
    };
    table.push(line(
        V::S("(Chưa giao bộ phận)"),
        [1.0, 1.0, 0.0, 0.0, 0.0, 0.0, 0.0],
        0.0,
        V::E,
    ));
    table.push(line(
        V::S("Tổng cộng"),
        [5.0, 2.0, 1.0, 0.0, 1.0, 1.0, 1.0],
        36.4,
        V::D(date(2020, 1, 10)),
    ));
    let header = [
        "Bộ phận chủ trì",
        "Tổng số nhiệm vụ",
        "Chưa thực hiện",
        "Đang thực hiện",
        "Vướng mắc",
        "Hoàn thành",
        "Đã hủy",
        "Quá hạn",
        "Tiến độ bình quân (%)",
        "Hạn sớm nhất chưa xong",
    ];
    let csv = bytes_of(
        reports
            .plan_progress_file(&query, ReportFormat::Csv)
            .await?,
    )
    .await?;
    check_csv(&csv, &header, &table);
    let xlsx = bytes_of(
        reports
            .plan_progress_file(&query, ReportFormat::Xlsx)
            .await?,
    )
    .await?;
    check_xlsx(&xlsx, &header, &table)?;

    // Another commune's admin: 404, in every format.
    let (_, other) = app.user("admin-b", Role::UnitAdmin, Some(w.b().id)).await?;
    let err = other
        .reports()
        .plan_progress_file(&query, ReportFormat::Xlsx)
        .await
        .err()
        .ok_or("read another unit's plan")?;
    assert_eq!(err.status(), Some(404));
    Ok(())
}
