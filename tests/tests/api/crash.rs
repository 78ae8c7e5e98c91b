//! A server killed with SIGKILL in the middle of keyed writes, restarted, every key retried:
//! no `Idempotency-Key` ever produces two records, and every acknowledged write exists.
//! The servers are child processes (this test binary, running the ignored
//! `crash::child_server` test), on the same database as the test's own server.

use std::process::{Child, Command, Stdio};
use std::time::Duration;

use serde_json::json;

use crate::common::world::province;
use crate::common::{ADMIN_PASSWORD, TestApp, TestResult};

/// Not a test by itself: the server process the crash test starts and kills.
#[tokio::test]
#[ignore = "started by a_killed_server_never_makes_a_keyed_change_twice"]
async fn child_server() {
    let (Ok(url), Ok(port)) = (
        std::env::var("CCHC_CRASH_DATABASE_URL"),
        std::env::var("CCHC_CRASH_PORT"),
    ) else {
        return;
    };
    let mut config = cchc_server::config::Config::defaults().expect("defaults");
    config.database_url = url;
    config.database_schema = std::env::var("CCHC_CRASH_DATABASE_SCHEMA").unwrap_or_default();
    config.demo = cchc_server::config::DemoSetting::Flag(false);
    config.bootstrap_admin_password = ADMIN_PASSWORD.into();
    config.database_max_connections = 5;
    // A killed request's key is taken over once its lock (twice the timeout) has passed.
    config.request_timeout_secs = 1;
    config.rate_limit_per_minute = 100_000;
    config.rate_limit_burst = 100_000;
    config.login_attempts_per_minute = 10_000;
    config.login_attempts_burst = 10_000;
    let state = cchc_server::prepare(config).await.expect("prepare");
    let listener = std::net::TcpListener::bind(format!("127.0.0.1:{port}")).expect("bind");
    cchc_server::run(state, listener)
        .expect("run")
        .await
        .expect("serve");
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .unwrap_or(0)
}

async fn start_child(app: &TestApp) -> Result<(Child, String), Box<dyn std::error::Error>> {
    let port = free_port();
    let child = Command::new(std::env::current_exe()?)
        .args(["crash::child_server", "--exact", "--ignored", "--nocapture"])
        .env("CCHC_CRASH_DATABASE_URL", &app.config.database_url)
        .env("CCHC_CRASH_DATABASE_SCHEMA", &app.config.database_schema)
        .env("CCHC_CRASH_PORT", port.to_string())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()?;
    let base = format!("http://127.0.0.1:{port}");
    let http = reqwest::Client::new();
    for _ in 0..300 {
        if let Ok(res) = http.get(format!("{base}/readyz")).send().await
            && res.status().is_success()
        {
            return Ok((child, base));
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    Err("the child server did not become ready".into())
}

async fn token(base: &str) -> Result<String, Box<dyn std::error::Error>> {
    let body: serde_json::Value = reqwest::Client::new()
        .post(format!("{base}/api/v1/auth/token"))
        .form(&[
            ("grant_type", "password"),
            ("username", "admin"),
            ("password", ADMIN_PASSWORD),
        ])
        .send()
        .await?
        .json()
        .await?;
    Ok(body["access_token"].as_str().unwrap_or_default().to_owned())
}

/// Sends the keyed create of official `n`: the status and problem code, or None when no
/// answer came.
async fn send(
    http: &reqwest::Client,
    base: &str,
    token: &str,
    unit_id: uuid::Uuid,
    n: usize,
) -> Option<(u16, String)> {
    let res = http
        .post(format!("{base}/api/v1/officials"))
        .bearer_auth(token)
        .header("Idempotency-Key", format!("crash-key-{n}"))
        .json(&json!({"unit_id": unit_id, "full_name": format!("Cán bộ {n}"), "position": "Công chức"}))
        .timeout(Duration::from_secs(10))
        .send()
        .await
        .ok()?;
    let status = res.status().as_u16();
    let body: serde_json::Value = res.json().await.unwrap_or_default();
    Some((status, body["code"].as_str().unwrap_or_default().to_owned()))
}

async fn count(app: &TestApp, n: usize) -> Result<u64, sea_orm::DbErr> {
    use cchc_server::entity::officials;
    use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
    officials::Entity::find()
        .filter(officials::Column::FullName.eq(format!("Cán bộ {n}")))
        .count(&app.db)
        .await
}

#[tokio::test]
async fn a_killed_server_never_makes_a_keyed_change_twice() -> TestResult {
    let app = TestApp::spawn().await;
    let unit = province(&app).await?;
    let per_round = 40;
    let rounds = 3;
    let mut acknowledged = Vec::new();
    for round in 0..rounds {
        let (mut child, base) = start_child(&app).await?;
        let token = token(&base).await?;
        let http = reqwest::Client::new();
        let mut sends = tokio::task::JoinSet::new();
        for n in round * per_round..(round + 1) * per_round {
            let (http, base, token) = (http.clone(), base.clone(), token.clone());
            sends.spawn(async move { (n, send(&http, &base, &token, unit.id, n).await) });
        }
        // Kill it mid-load: after some answers, before all.
        tokio::time::sleep(Duration::from_millis(40 + 30 * round as u64)).await;
        child.kill()?;
        child.wait()?;
        while let Some(done) = sends.join_next().await {
            if let (n, Some((status, _))) = done? {
                assert!(
                    status == 201 || status >= 500 || status == 409,
                    "key {n}: {status}"
                );
                if status == 201 {
                    acknowledged.push(n);
                }
            }
        }
    }
    // Every acknowledged write is there once, before any retry.
    for n in &acknowledged {
        assert_eq!(count(&app, *n).await?, 1, "acknowledged key {n}");
    }
    // A new server; every key retried until it has a final answer.
    let (mut child, base) = start_child(&app).await?;
    let token = token(&base).await?;
    let http = reqwest::Client::new();
    for n in 0..rounds * per_round {
        let mut tries = 0;
        loop {
            tries += 1;
            match send(&http, &base, &token, unit.id, n).await {
                // Ran now, or replayed.
                Some((201, _)) => break,
                // Committed before the kill, its answer lost: it is not run again.
                Some((409, code)) if code == "idempotency_not_replayable" => break,
                // Still locked by the killed request (409 in flight), or no answer yet.
                _ => {}
            }
            assert!(tries < 100, "key {n} never settled");
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        assert_eq!(
            count(&app, n).await?,
            1,
            "key {n} made {} records",
            count(&app, n).await?
        );
    }
    child.kill()?;
    child.wait()?;
    Ok(())
}
