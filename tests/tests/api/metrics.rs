//! `GET /metrics`: requests counted and timed by route pattern (never the raw path), the
//! database pool and the export queue read when scraped, webhook attempts by outcome; served
//! only with the `metrics_token` setting, and then only to that bearer token. Every scrape
//! is read with a strict parser of the Prometheus text format ([`text`]).

mod text;

use std::time::Duration;

use cchc_sdk::types::auth::Role;
use cchc_sdk::types::reports::ReportFormat;
use cchc_sdk::types::tasks::TaskListQuery;
use cchc_sdk::types::webhooks::WebhookEventType;

use crate::common::fixtures::task_in;
use crate::common::world::World;
use crate::common::{TestApp, TestResult, problem};
use crate::webhooks::{Receiver, subscription};

const TOKEN: &str = "metrics-token-for-tests-0123456789";
const REQUESTS: &str = "cchc_http_requests_total";
const DURATIONS: &str = "cchc_http_request_duration_seconds";

async fn app() -> TestApp {
    TestApp::spawn_with(|c| c.metrics_token = TOKEN.into()).await
}

fn get(app: &TestApp, path: &str) -> reqwest::RequestBuilder {
    reqwest::Client::new().get(format!("{}{path}", app.base_url))
}

/// Scrapes with the token and parses strictly.
async fn scrape(app: &TestApp) -> Result<text::Scrape, Box<dyn std::error::Error>> {
    let res = get(app, "/metrics").bearer_auth(TOKEN).send().await?;
    assert_eq!(res.status().as_u16(), 200);
    assert_eq!(
        res.headers()
            .get("content-type")
            .and_then(|v| v.to_str().ok()),
        Some("text/plain; version=0.0.4; charset=utf-8")
    );
    Ok(text::parse(&res.text().await?)?)
}

fn requests(s: &text::Scrape, route: &str, method: &str, status: &str) -> f64 {
    s.value(
        REQUESTS,
        &[("route", route), ("method", method), ("status", status)],
    )
    .unwrap_or(0.0)
}

#[tokio::test]
async fn requests_are_counted_and_timed_by_route_pattern_method_and_status() -> TestResult {
    let app = app().await;
    // Signs the admin in first, so the token request is not counted between the scrapes.
    app.client.tasks().list(&TaskListQuery::default()).await?;
    let before = scrape(&app).await?;
    for _ in 0..3 {
        app.client.tasks().list(&TaskListQuery::default()).await?;
    }
    let missing = uuid::Uuid::now_v7();
    let res = app
        .client
        .raw(reqwest::Method::GET, &format!("/api/v1/tasks/{missing}"))
        .await?
        .send()
        .await?;
    problem(res, 404).await?;
    problem(get(&app, "/api/v1/no-such-thing").send().await?, 404).await?;
    app.user("clerk", Role::SystemAdmin, None).await?;
    let after = scrape(&app).await?;

    let grew = |route: &str, method: &str, status: &str| {
        requests(&after, route, method, status) - requests(&before, route, method, status)
    };
    assert_eq!(grew("/api/v1/tasks", "GET", "200"), 3.0);
    assert_eq!(grew("/api/v1/tasks/{id}", "GET", "404"), 1.0);
    assert_eq!(grew("unmatched", "GET", "404"), 1.0);
    assert_eq!(grew("/api/v1/users", "POST", "201"), 1.0);
    // The first scrape is counted by the second.
    assert_eq!(grew("/metrics", "GET", "200"), 1.0);
    // Labels name routes, never raw paths.
    for s in after.samples() {
        if let Some(route) = s.labels.get("route") {
            assert!(
                route == "unmatched" || route.starts_with('/'),
                "route {route}"
            );
            assert!(!route.contains(&missing.to_string()), "raw path {route}");
            assert!(!route.contains("no-such-thing"), "raw path {route}");
        }
    }

    let durations = after.family("cchc_http_request_duration_seconds");
    assert_eq!(durations.kind, "histogram");
    let list = [("route", "/api/v1/tasks"), ("method", "GET")];
    let count = after
        .value(&format!("{DURATIONS}_count"), &list)
        .ok_or("no _count")?;
    assert_eq!(count, 4.0, "the four lists are timed");
    let sum = after
        .value(&format!("{DURATIONS}_sum"), &list)
        .ok_or("no _sum")?;
    assert!(sum > 0.0);
    let buckets: Vec<&text::Sample> = durations
        .samples
        .iter()
        .filter(|s| {
            s.name.ends_with("_bucket")
                && s.labels.get("route").map(String::as_str) == Some("/api/v1/tasks")
                && s.labels.get("method").map(String::as_str) == Some("GET")
        })
        .collect();
    assert!(buckets.len() >= 10, "{} buckets", buckets.len());
    assert!(
        buckets
            .iter()
            .any(|b| b.labels.get("le").map(String::as_str) == Some("0.005"))
    );

    assert_eq!(after.family(REQUESTS).kind, "counter");
    let started = after
        .value("process_start_time_seconds", &[])
        .ok_or("no start time")?;
    assert!(started > 1.7e9, "{started}");
    let version = env!("CARGO_PKG_VERSION");
    assert_eq!(
        after.value("cchc_build_info", &[("version", version)]),
        Some(1.0)
    );
    Ok(())
}

#[tokio::test]
async fn the_pool_and_the_export_queue_are_read_when_scraped() -> TestResult {
    let app = TestApp::spawn_with(|c| {
        c.metrics_token = TOKEN.into();
        c.exports_worker = false;
    })
    .await;
    let w = World::build(&app).await?;
    let plan = crate::exports::plan_with_tasks(&app, &w).await?;
    let export_jobs =
        |s: &text::Scrape, status: &str| s.value("cchc_export_jobs", &[("status", status)]);
    let before = scrape(&app).await?;
    assert_eq!(export_jobs(&before, "queued"), Some(0.0));
    app.client
        .exports()
        .create(&crate::exports::progress_export(&plan, ReportFormat::Csv))
        .await?;
    let after = scrape(&app).await?;
    assert_eq!(after.family("cchc_export_jobs").kind, "gauge");
    assert_eq!(export_jobs(&after, "queued"), Some(1.0));
    assert_eq!(export_jobs(&after, "running"), Some(0.0));

    let pool = |state: &str| after.value("cchc_db_pool_connections", &[("state", state)]);
    let (in_use, idle) = (pool("in_use").ok_or("in_use")?, pool("idle").ok_or("idle")?);
    let max = after
        .value("cchc_db_pool_max_connections", &[])
        .ok_or("no max")?;
    assert_eq!(max, f64::from(app.config.database_max_connections));
    assert!(in_use >= 0.0 && idle >= 0.0, "{in_use} {idle}");
    assert!(in_use + idle <= max, "{in_use} + {idle} > {max}");
    assert!(in_use + idle >= 1.0, "the pool has served requests");
    Ok(())
}

#[tokio::test]
async fn webhook_attempts_are_counted_by_outcome() -> TestResult {
    let app = TestApp::spawn_with(|c| {
        c.metrics_token = TOKEN.into();
        c.webhooks_allow_private_targets = true;
        c.webhooks_poll_interval_ms = 50;
        c.webhooks_backoff_base_ms = 100;
        c.webhooks_max_attempts = 2;
    })
    .await;
    let w = World::build(&app).await?;
    // Event 1: 500 (retry), then 204 (delivered). Event 2: 500 (retry), 500 (given up).
    let receiver = Receiver::start(vec![500, 204, 500, 500]).await?;
    app.client
        .webhooks()
        .create(&subscription(
            &receiver.url,
            w.district.id,
            vec![WebhookEventType::TaskAssigned],
        ))
        .await?;
    let outcomes = |s: &text::Scrape| {
        ["delivered", "retry", "given_up"].map(|o| {
            s.value("cchc_webhook_deliveries_total", &[("outcome", o)])
                .unwrap_or(-1.0)
        })
    };
    assert_eq!(outcomes(&scrape(&app).await?), [0.0, 0.0, 0.0]);
    let office = Some(w.a().van_phong());
    app.client
        .tasks()
        .create(&task_in(w.a(), "Rà soát thủ tục hành chính", office))
        .await?;
    receiver.wait_for(2).await;
    app.client
        .tasks()
        .create(&task_in(w.a(), "Báo cáo quý", office))
        .await?;
    receiver.wait_for(4).await;
    // Counted once the worker has written the attempt down, just after the answer.
    let mut seen = [0.0; 3];
    for _ in 0..200 {
        seen = outcomes(&scrape(&app).await?);
        if seen == [1.0, 2.0, 1.0] {
            return Ok(());
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("outcomes (delivered, retry, given_up) = {seen:?}, not [1, 2, 1]");
}

#[tokio::test]
async fn the_metrics_answer_only_to_their_token() -> TestResult {
    let app = app().await;
    let res = get(&app, "/metrics").send().await?;
    problem(res, 401).await?;
    let res = get(&app, "/metrics")
        .bearer_auth("metrics-token-for-tests-0123456788")
        .send()
        .await?;
    problem(res, 401).await?;
    // An API access token is not the metrics token either.
    let res = app
        .client
        .raw(reqwest::Method::GET, "/metrics")
        .await?
        .send()
        .await?;
    problem(res, 401).await?;
    scrape(&app).await?;
    Ok(())
}

#[tokio::test]
async fn without_a_metrics_token_there_is_no_metrics_route() -> TestResult {
    let app = TestApp::spawn().await;
    let res = get(&app, "/metrics").bearer_auth(TOKEN).send().await?;
    let p = problem(res, 404).await?;
    assert_eq!(p.code, "route_not_found");
    Ok(())
}
