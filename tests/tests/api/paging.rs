//! Paging a sorted task list while tasks change between pages: the cursor carries the last
//! row's sort key and id, so the next page starts where the previous one ended whatever
//! happens to that row. Semantics (server/src/domain/page.rs): a page holds the rows
//! strictly after the cursor's position as they stand when it is read, so every unchanged
//! task is delivered exactly once; a changed task is delivered again only if its change
//! moved it past the cursor. Cursors are opaque; a forged or foreign one is 400.

use cchc_sdk::types::common::{Page, Patch};
use cchc_sdk::types::tasks::{TaskIn, TaskListQuery, TaskOut, TaskPatch, TaskPriority, TaskSort};
use chrono::{Duration, NaiveDate};
use reqwest::Method;
use uuid::Uuid;

use crate::common::fixtures::task_in;
use crate::common::world::World;
use crate::common::{TestApp, TestResult, problem};

/// Creates one task of Hòa Tân Tây per entry of `shape` (due date, priority), in order.
async fn tasks(
    app: &TestApp,
    w: &World,
    shape: &[(Option<NaiveDate>, TaskPriority)],
) -> Result<Vec<TaskOut>, cchc_sdk::Error> {
    let mut made = Vec::new();
    for (i, (due, priority)) in shape.iter().enumerate() {
        let t = app
            .client
            .tasks()
            .create(&TaskIn {
                due_date: *due,
                priority: *priority,
                ..task_in(w.a(), &format!("Việc {i}"), Some(w.a().van_phong()))
            })
            .await?
            .into_inner();
        made.push(t);
    }
    Ok(made)
}

/// One page of the tasks in `sort`, `limit` at a time, after `cursor`.
async fn page(
    app: &TestApp,
    sort: TaskSort,
    limit: i64,
    cursor: Option<String>,
) -> Result<Page<TaskOut>, cchc_sdk::Error> {
    app.client
        .tasks()
        .list(&TaskListQuery {
            sort: Some(sort),
            limit: Some(limit),
            cursor,
            ..Default::default()
        })
        .await
}

/// The rest of the list after `cursor`, page by page.
async fn rest(
    app: &TestApp,
    sort: TaskSort,
    limit: i64,
    mut cursor: Option<String>,
) -> Result<Vec<Uuid>, cchc_sdk::Error> {
    let mut ids = Vec::new();
    loop {
        let p = page(app, sort, limit, cursor).await?;
        ids.extend(p.data.iter().map(|t| t.id));
        if !p.has_more {
            return Ok(ids);
        }
        cursor = p.next_cursor;
    }
}

fn ids(ts: &[TaskOut]) -> Vec<Uuid> {
    ts.iter().map(|t| t.id).collect()
}

fn day(n: i64) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(2025, 3, 1).map(|d| d + Duration::days(n))
}

#[tokio::test]
async fn a_due_date_pushed_past_the_cursor_skips_nothing() -> TestResult {
    let app = TestApp::spawn().await;
    let w = World::build(&app).await?;
    let n = TaskPriority::Normal;
    // Due 1, 2, 3, 3, 4, none: the first page ends on the first of two tasks due on day 3.
    let t = tasks(
        &app,
        &w,
        &[
            (day(1), n),
            (day(2), n),
            (day(3), n),
            (day(3), n),
            (day(4), n),
            (None, n),
        ],
    )
    .await?;
    let first = page(&app, TaskSort::DueDate, 3, None).await?;
    assert_eq!(ids(&first.data), ids(&t[..3]));
    assert!(first.has_more);
    let cursor = first.next_cursor.clone();
    assert!(
        cursor
            .as_deref()
            .is_some_and(|c| Uuid::parse_str(c).is_err()),
        "a keyed cursor, not a bare id: {cursor:?}"
    );
    // The last task of page 1 is pushed to day 10: after every other due date.
    let moved = &first.data[2];
    app.client
        .tasks()
        .update(
            moved,
            &TaskPatch {
                due_date: Patch::Value(day(10).ok_or("date")?),
                ..Default::default()
            },
        )
        .await?;
    let after = rest(&app, TaskSort::DueDate, 3, cursor).await?;
    // Everything after the old position, the moved task once more where it now stands.
    assert_eq!(after, vec![t[3].id, t[4].id, t[2].id, t[5].id]);
    Ok(())
}

#[tokio::test]
async fn a_due_date_pulled_before_the_cursor_repeats_nothing() -> TestResult {
    let app = TestApp::spawn().await;
    let w = World::build(&app).await?;
    let n = TaskPriority::Normal;
    let t = tasks(
        &app,
        &w,
        &[
            (day(1), n),
            (day(2), n),
            (day(3), n),
            (day(4), n),
            (day(5), n),
        ],
    )
    .await?;
    let first = page(&app, TaskSort::DueDate, 3, None).await?;
    assert_eq!(ids(&first.data), ids(&t[..3]));
    app.client
        .tasks()
        .update(
            &first.data[2],
            &TaskPatch {
                due_date: Patch::Value(day(-5).ok_or("date")?),
                ..Default::default()
            },
        )
        .await?;
    let after = rest(&app, TaskSort::DueDate, 3, first.next_cursor).await?;
    assert_eq!(after, ids(&t[3..]), "the moved task is not delivered again");
    Ok(())
}

#[tokio::test]
async fn a_raised_priority_repeats_and_skips_nothing() -> TestResult {
    use TaskPriority::{High, Low, Normal, Urgent};
    let app = TestApp::spawn().await;
    let w = World::build(&app).await?;
    // Most urgent first, ties by creation: t0 (urgent), t1 (high), t2, t3 (normal), t4, t5.
    let t = tasks(
        &app,
        &w,
        &[
            (None, Urgent),
            (None, High),
            (None, Normal),
            (None, Normal),
            (None, Low),
            (None, Low),
        ],
    )
    .await?;
    let first = page(&app, TaskSort::Priority, 3, None).await?;
    assert_eq!(ids(&first.data), ids(&t[..3]));
    // The last of page 1 becomes urgent: now before the cursor.
    app.client
        .tasks()
        .update(
            &first.data[2],
            &TaskPatch {
                priority: Some(Urgent),
                ..Default::default()
            },
        )
        .await?;
    let after = rest(&app, TaskSort::Priority, 2, first.next_cursor).await?;
    assert_eq!(after, ids(&t[3..]), "each remaining task exactly once");
    // Lowered below the rest instead, a task is delivered again at its new place.
    let first = page(&app, TaskSort::Priority, 2, None).await?;
    assert_eq!(ids(&first.data), vec![t[0].id, t[2].id]);
    let raised = app.client.tasks().get(t[2].id).await?.into_inner();
    app.client
        .tasks()
        .update(
            &raised,
            &TaskPatch {
                priority: Some(Low),
                ..Default::default()
            },
        )
        .await?;
    let after = rest(&app, TaskSort::Priority, 2, first.next_cursor).await?;
    assert_eq!(after, vec![t[1].id, t[3].id, t[2].id, t[4].id, t[5].id]);
    Ok(())
}

#[tokio::test]
async fn a_task_changed_between_pages_of_updated_is_not_delivered_twice() -> TestResult {
    let app = TestApp::spawn().await;
    let w = World::build(&app).await?;
    let t = tasks(&app, &w, &[(None, TaskPriority::Normal); 6]).await?;
    // Most recently changed first: t5 … t0 (each created after the previous).
    let mut newest_first = ids(&t);
    newest_first.reverse();
    let first = page(&app, TaskSort::Updated, 3, None).await?;
    assert_eq!(ids(&first.data), newest_first[..3]);
    // Changing the last of page 1 makes it the most recent: before the cursor.
    app.client
        .tasks()
        .update(
            &first.data[2],
            &TaskPatch {
                title: Some("Việc đã sửa".into()),
                ..Default::default()
            },
        )
        .await?;
    let after = rest(&app, TaskSort::Updated, 2, first.next_cursor).await?;
    assert_eq!(after, newest_first[3..], "each remaining task exactly once");
    Ok(())
}

#[tokio::test]
async fn equal_timestamps_page_on_the_id_on_both_backends() -> TestResult {
    // A clock standing still: every task has the same updated_at, to the nanosecond the
    // clock gives, so paging `updated` depends on the cursor's instant comparing equal to
    // the stored one after its round trip through the cursor.
    let app = TestApp::spawn_with(|c| c.fixed_time = "2026-05-04T03:02:01.123456789Z".into()).await;
    let w = World::build(&app).await?;
    let t = tasks(&app, &w, &[(day(1), TaskPriority::High); 5]).await?;
    for sort in [TaskSort::Updated, TaskSort::DueDate, TaskSort::Priority] {
        let all = rest(&app, sort, 2, None).await?;
        assert_eq!(all, ids(&t), "{sort:?}: ties in id order, each once");
    }
    Ok(())
}

#[tokio::test]
async fn forged_and_foreign_cursors_are_refused() -> TestResult {
    let app = TestApp::spawn().await;
    let w = World::build(&app).await?;
    let n = TaskPriority::Normal;
    tasks(&app, &w, &[(day(1), n), (day(2), n), (day(3), n)]).await?;
    let by_due = page(&app, TaskSort::DueDate, 1, None).await?.next_cursor;
    let by_id = page(&app, TaskSort::Created, 1, None).await?.next_cursor;
    let (by_due, by_id) = (by_due.ok_or("cursor")?, by_id.ok_or("cursor")?);
    assert!(Uuid::parse_str(&by_id).is_ok(), "id order keeps plain ids");
    let truncated = by_due[..by_due.len() - 4].to_owned();
    let cases = [
        (TaskSort::DueDate, truncated.as_str(), "invalid_value"),
        (TaskSort::DueDate, "djF8ZHVlX2RhdGV8ZDp4fA", "invalid_value"),
        (TaskSort::Priority, by_due.as_str(), "sort_mismatch"),
        (TaskSort::Updated, by_due.as_str(), "sort_mismatch"),
        (TaskSort::Created, by_due.as_str(), "sort_mismatch"),
        (TaskSort::DueDate, by_id.as_str(), "sort_mismatch"),
    ];
    for (sort, cursor, code) in cases {
        let err = page(&app, sort, 1, Some(cursor.to_owned()))
            .await
            .err()
            .ok_or("a bad cursor was taken")?;
        assert_eq!(
            (err.status(), err.code()),
            (Some(400), Some("invalid_query"))
        );
        let issue = err
            .problem()
            .and_then(|p| p.errors.first())
            .ok_or("issue")?;
        assert_eq!(
            (issue.field.as_str(), issue.code.as_str()),
            ("cursor", code),
            "{sort:?}"
        );
    }
    // In both languages.
    for (lang, word) in [("vi", "Con trỏ"), ("en", "cursor")] {
        let res = app
            .client
            .raw(
                Method::GET,
                &format!("/api/v1/tasks?sort=priority&cursor={by_due}"),
            )
            .await?
            .header("accept-language", lang)
            .send()
            .await?;
        let p = problem(res, 400).await?;
        let message = p
            .errors
            .first()
            .map(|e| e.message.clone())
            .unwrap_or_default();
        assert!(message.contains(word), "{lang}: {message}");
    }
    Ok(())
}
