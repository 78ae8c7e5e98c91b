//! A server killed with SIGKILL in the middle of keyed writes, restarted, every key retried:
//! no `Idempotency-Key` ever produces two records, and every acknowledged write exists.
//! The servers are child processes (`common::child`, requests timing out after 1 s), on
//! the same database as the test's own server.

use std::time::Duration;

use serde_json::json;

use crate::common::child::start_with_timeout;
use crate::common::world::province;
use crate::common::{TestApp, TestResult, admin_token};

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
        let child = start_with_timeout(&app, 1).await?;
        let base = child.base_url.clone();
        let token = admin_token(&base).await?;
        let http = reqwest::Client::new();
        let mut sends = tokio::task::JoinSet::new();
        for n in round * per_round..(round + 1) * per_round {
            let (http, base, token) = (http.clone(), base.clone(), token.clone());
            sends.spawn(async move { (n, send(&http, &base, &token, unit.id, n).await) });
        }
        // Kill it mid-load: after some answers, before all.
        tokio::time::sleep(Duration::from_millis(40 + 30 * round as u64)).await;
        child.kill()?;
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
    let child = start_with_timeout(&app, 1).await?;
    let base = child.base_url.clone();
    let token = admin_token(&base).await?;
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
    Ok(())
}
