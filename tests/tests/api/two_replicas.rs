//! Two server processes on one database, as behind a load balancer: writes made through
//! either are numbered once, a retried `Idempotency-Key` replays on the other replica, and
//! rate limits are per replica as the README says. (Webhook delivery: `replicas`; export
//! jobs: `exports::replicas`; rights and rankings: `replica_auth`, `rankings_kept`.)

use cchc_sdk::types::plans::IssueRequest;
use cchc_sdk::types::tasks::TaskListQuery;
use chrono::NaiveDate;
use futures_util::future::join_all;

use crate::common::child::{Options, start, start_with};
use crate::common::fixtures::task_in;
use crate::common::world::World;
use crate::common::{TestApp, TestResult, admin_token};
use crate::plans::draft;

#[tokio::test]
async fn plans_issued_through_two_replicas_at_once_get_distinct_consecutive_numbers() -> TestResult
{
    let app = TestApp::spawn().await;
    let w = World::builder().with_chairmen().build(&app).await?;
    let mut submitted = Vec::new();
    for _ in 0..10 {
        let p = draft(&app, &w).await?;
        submitted.push(app.client.plans().submit(&p).await?.into_inner());
    }
    let replicas = [start(&app, false).await?, start(&app, false).await?];
    let clients = [replicas[0].admin(), replicas[1].admin()];
    let date = IssueRequest {
        issue_date: NaiveDate::from_ymd_opt(2026, 3, 2),
    };
    let issued = join_all(submitted.iter().enumerate().map(|(i, p)| {
        let (client, date) = (&clients[i % 2], &date);
        async move { client.plans().issue(p, date).await }
    }))
    .await;
    let mut numbers = Vec::new();
    for result in issued {
        numbers.push(result?.number.ok_or("no number")?);
    }
    numbers.sort();
    assert_eq!(numbers, (1..=10).collect::<Vec<_>>());
    Ok(())
}

#[tokio::test]
async fn a_key_retried_on_the_other_replica_writes_once() -> TestResult {
    let app = TestApp::spawn().await;
    let w = World::build(&app).await?;
    let replicas = [start(&app, false).await?, start(&app, false).await?];
    let clients = [replicas[0].admin(), replicas[1].admin()];

    // Sent to one replica, retried on the other: the retry is the first one's answer.
    let input = task_in(w.a(), "Một việc, hai máy chủ", None);
    let first = clients[0]
        .tasks()
        .idempotency_key("two-replicas")
        .create(&input)
        .await?;
    assert!(!first.replayed);
    let retry = clients[1]
        .tasks()
        .idempotency_key("two-replicas")
        .create(&input)
        .await?;
    assert!(
        retry.replayed,
        "the other replica replays the stored answer"
    );
    assert_eq!(retry.value.id, first.value.id);

    // The same key sent to both at once: one change.
    let racing = task_in(w.a(), "Gửi cùng lúc tới hai máy chủ", None);
    let sends = (0..8).map(|i| {
        let client = clients[i % 2].clone();
        let racing = racing.clone();
        async move {
            client
                .tasks()
                .idempotency_key("race-both")
                .create(&racing)
                .await
        }
    });
    for answer in join_all(sends).await {
        if let Err(e) = answer {
            assert_eq!(
                (e.status(), e.code()),
                (Some(409), Some("idempotency_in_flight")),
                "a loser of the race is told to retry: {e}"
            );
        }
    }
    let query = TaskListQuery {
        unit_id: Some(w.a().id),
        ..Default::default()
    };
    let tasks = app.client.tasks().list(&query).await?.data;
    for title in [&input.title, &racing.title] {
        let made = tasks.iter().filter(|t| &t.title == title).count();
        assert_eq!(made, 1, "one task '{title}', not {made}");
    }
    Ok(())
}

#[tokio::test]
async fn rate_limits_are_kept_per_replica() -> TestResult {
    let app = TestApp::spawn().await;
    let limited = Options {
        rate_limit: Some((3, 3)),
        ..Options::default()
    };
    let replicas = [
        start_with(&app, &limited).await?,
        start_with(&app, &limited).await?,
    ];
    // One token, taken from the test's own server (sign-in is limited on its own budget).
    let token = admin_token(&app.base_url).await?;
    let http = reqwest::Client::new();
    let me = |base: &str| {
        http.get(format!("{base}/api/v1/auth/me"))
            .bearer_auth(&token)
            .send()
    };
    let mut statuses = Vec::new();
    for _ in 0..4 {
        statuses.push(me(&replicas[0].base_url).await?.status().as_u16());
    }
    assert_eq!(
        statuses,
        [200, 200, 200, 429],
        "a burst of 3 on the first replica"
    );
    let other = me(&replicas[1].base_url).await?;
    assert_eq!(
        other.status().as_u16(),
        200,
        "the other replica keeps its own budget (documented: N replicas allow N times it)"
    );
    let refused = me(&replicas[0].base_url).await?;
    assert!(refused.headers().contains_key("retry-after"));
    Ok(())
}
