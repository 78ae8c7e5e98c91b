//! `Idempotency-Key` on POST: a retried key never writes twice — replayed, refused for a
//! different body, free again after a failure, and one write when the same key races.

use cchc_server::entity::idempotency_keys as keys;
use reqwest::Method;
use sea_orm::{ActiveModelTrait, ActiveValue::Set, EntityTrait};

use cchc_sdk::types::tasks::TaskListQuery;

use crate::common::fixtures::task_in;
use crate::common::world::World;
use crate::common::{TestApp, TestResult, problem};
use crate::units::province;

/// The unit create the key tests send (Tỉnh Phú Yên, as the admin) under `key`: its path,
/// body, and the scope and request hashes the server stores it under.
async fn unit_create_key(
    app: &TestApp,
    key: &str,
) -> Result<(&'static str, Vec<u8>, String, String), Box<dyn std::error::Error>> {
    let path = "/api/v1/units";
    let body = serde_json::to_vec(&province("54", "Tỉnh Phú Yên"))?;
    let admin = app.client.auth().me().await?.id.to_string();
    let scope = cchc_server::http::idempotency::scope_hash(&admin, key, path);
    let request = cchc_server::http::idempotency::request_hash("POST", path, "", &body);
    Ok((path, body, scope, request))
}

/// A key row as an earlier request (or a replica of an earlier version) left it, locked
/// and lapsing at `until`.
async fn stored_key(
    app: &TestApp,
    scope: &str,
    request: &str,
    state: &str,
    until: chrono::DateTime<chrono::Utc>,
) -> TestResult {
    keys::ActiveModel {
        scope_hash: Set(scope.to_owned()),
        request_hash: Set(request.to_owned()),
        state: Set(state.to_owned()),
        response_status: Set(None),
        response_headers: Set(None),
        response_body: Set(None),
        locked_until: Set(until),
        expires_at: Set(until),
        created_at: Set(until),
    }
    .insert(&app.db)
    .await?;
    Ok(())
}

#[tokio::test]
async fn idempotent_creates_replay_and_refuse_a_different_body() -> TestResult {
    let app = TestApp::spawn().await;
    let input = province("54", "Tỉnh Phú Yên");
    let first = app
        .client
        .units()
        .idempotency_key("k-1")
        .create(&input)
        .await?;
    assert!(!first.replayed);
    let second = app
        .client
        .units()
        .idempotency_key("k-1")
        .create(&input)
        .await?;
    assert!(second.replayed);
    assert_eq!(second.http_status, 201);
    assert_eq!(second.value, first.value);
    assert_eq!(second.location, first.location);
    assert_eq!(
        app.client
            .units()
            .list(&Default::default())
            .await?
            .data
            .len(),
        1,
        "one unit, not two"
    );
    let other = app
        .client
        .units()
        .idempotency_key("k-1")
        .create(&province("55", "Tỉnh Khác"))
        .await;
    let err = other.err().ok_or("reused key accepted")?;
    assert_eq!(
        (err.status(), err.code()),
        (Some(422), Some("idempotency_key_reused"))
    );
    assert_eq!(
        app.client
            .units()
            .list(&Default::default())
            .await?
            .data
            .len(),
        1
    );
    Ok(())
}

#[tokio::test]
async fn a_failed_request_does_not_burn_its_idempotency_key() -> TestResult {
    let app = TestApp::spawn().await;
    let bad = app
        .client
        .units()
        .idempotency_key("k-2")
        .create(&province("", "Tỉnh"))
        .await;
    assert!(bad.err().is_some_and(|e| e.is_validation()));
    let good = app
        .client
        .units()
        .idempotency_key("k-2")
        .create(&province("54", "Tỉnh Phú Yên"))
        .await?;
    assert_eq!(good.http_status, 201);
    assert!(!good.replayed);
    Ok(())
}

#[tokio::test]
async fn a_key_an_older_replica_holds_is_409() -> TestResult {
    let app = TestApp::spawn().await;
    let (path, body, scope, request) = unit_create_key(&app, "k-3").await?;
    // A replica of an earlier version marked the key as running, and its lock holds.
    let later = chrono::Utc::now() + chrono::Duration::minutes(5);
    stored_key(&app, &scope, &request, keys::IN_FLIGHT, later).await?;
    let res = app
        .client
        .raw(Method::POST, path)
        .await?
        .header("Idempotency-Key", "k-3")
        .header("content-type", "application/json")
        .body(body)
        .send()
        .await?;
    let p = problem(res, 409).await?;
    assert_eq!(p.code, "idempotency_in_flight");
    assert!(
        app.client
            .units()
            .list(&Default::default())
            .await?
            .data
            .is_empty()
    );
    Ok(())
}

#[tokio::test]
async fn the_same_key_sent_at_once_writes_once() -> TestResult {
    let app = TestApp::spawn().await;
    let w = World::build(&app).await?;
    // A task: nothing but the key stops a second one with the same title.
    let input = task_in(w.a(), "Rà soát thủ tục một lần", Some(w.a().van_phong()));
    let sends = (0..8).map(|_| {
        let client = app.client.clone();
        let input = input.clone();
        async move { client.tasks().idempotency_key("race").create(&input).await }
    });
    let answers = futures_util::future::join_all(sends).await;
    let mut ran = 0;
    for answer in answers {
        match answer {
            Ok(created) if !created.replayed => ran += 1,
            Ok(replayed) => assert_eq!(replayed.http_status, 201),
            Err(e) => assert_eq!(
                (e.status(), e.code()),
                (Some(409), Some("idempotency_in_flight")),
                "a loser of the race is told to retry: {e}"
            ),
        }
    }
    assert_eq!(ran, 1, "one request ran the change");
    let query = TaskListQuery {
        unit_id: Some(w.a().id),
        ..Default::default()
    };
    let tasks = app.client.tasks().list(&query).await?.data;
    let made: Vec<_> = tasks.iter().filter(|t| t.title == input.title).collect();
    assert_eq!(made.len(), 1, "one task, not two");
    // A retry now replays the answer of the one that ran.
    let retry = app
        .client
        .tasks()
        .idempotency_key("race")
        .create(&input)
        .await?;
    assert!(retry.replayed);
    assert_eq!(retry.value.id, made[0].id);
    Ok(())
}

#[tokio::test]
async fn a_lapsed_key_is_taken_over_by_the_next_change() -> TestResult {
    let app = TestApp::spawn().await;
    let (_, _, scope, request) = unit_create_key(&app, "old").await?;
    // The key answered another request long ago and lapsed.
    let past = chrono::Utc::now() - chrono::Duration::days(3);
    stored_key(&app, &scope, "another request", keys::COMPLETED, past).await?;
    let created = app
        .client
        .units()
        .idempotency_key("old")
        .create(&province("54", "Tỉnh Phú Yên"))
        .await?;
    assert!(!created.replayed, "a lapsed key runs the request");
    let row = keys::Entity::find_by_id(scope)
        .one(&app.db)
        .await?
        .ok_or("the key is stored")?;
    assert_eq!(row.request_hash, request);
    assert_eq!(row.state, keys::COMPLETED);
    assert!(row.expires_at > chrono::Utc::now());
    Ok(())
}
