//! The cross-cutting HTTP layer, proven on any route: problem+json for every error in both
//! languages, request ids, 404/405/413, health, docs, the spec and the migrations.

use cchc_migrations::{Migrator, MigratorTrait};
use reqwest::Method;
use sea_orm::ConnectionTrait;

use crate::common::{TestApp, TestResult, problem};

#[tokio::test]
async fn unknown_routes_are_404_problems_in_both_languages() -> TestResult {
    let app = TestApp::spawn().await;
    let vi = problem(
        app.client
            .raw(Method::GET, "/api/v1/nothing-here")
            .await?
            .send()
            .await?,
        404,
    )
    .await?;
    assert_eq!(vi.code, "route_not_found");
    assert_eq!(vi.title, "Không có đường dẫn này");
    let en = app
        .client
        .raw(Method::GET, "/api/v1/nothing-here")
        .await?
        .header("Accept-Language", "en-GB,en;q=0.8")
        .send()
        .await?;
    assert_eq!(
        en.headers().get("content-language").map(|v| v.as_bytes()),
        Some(&b"en"[..])
    );
    let en = problem(en, 404).await?;
    assert_eq!(en.title, "No such route");
    Ok(())
}

#[tokio::test]
async fn a_wrong_method_is_405_with_allow() -> TestResult {
    let app = TestApp::spawn().await;
    let res = app
        .client
        .raw(Method::PUT, "/api/v1/units")
        .await?
        .send()
        .await?;
    assert_eq!(
        res.headers().get("allow").and_then(|v| v.to_str().ok()),
        Some("GET, HEAD, POST")
    );
    let p = problem(res, 405).await?;
    assert_eq!(p.code, "method_not_allowed");
    let res = app
        .client
        .raw(
            Method::DELETE,
            &format!("/api/v1/units/{}", uuid::Uuid::now_v7()),
        )
        .await?
        .send()
        .await?;
    assert_eq!(
        res.headers().get("allow").and_then(|v| v.to_str().ok()),
        Some("GET, HEAD, PATCH")
    );
    problem(res, 405).await?;
    Ok(())
}

#[tokio::test]
async fn a_body_over_the_limit_is_413_and_nothing_is_written() -> TestResult {
    let app = TestApp::spawn_with(|c| c.max_body_bytes = 4096).await;
    let big = format!(
        r#"{{"code":"X1","name":"{}","level":"province"}}"#,
        "a".repeat(8000)
    );
    let res = app
        .client
        .raw(Method::POST, "/api/v1/units")
        .await?
        .header("content-type", "application/json")
        .body(big)
        .send()
        .await?;
    let p = problem(res, 413).await?;
    assert_eq!(p.code, "payload_too_large");
    // The same with an Idempotency-Key, which reads the body first.
    let big = format!(
        r#"{{"code":"X1","name":"{}","level":"province"}}"#,
        "a".repeat(8000)
    );
    let res = app
        .client
        .raw(Method::POST, "/api/v1/units")
        .await?
        .header("content-type", "application/json")
        .header("Idempotency-Key", "big-1")
        .body(big)
        .send()
        .await?;
    problem(res, 413).await?;
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
async fn request_ids_are_echoed_or_made() -> TestResult {
    let app = TestApp::spawn().await;
    let res = app
        .client
        .raw(Method::GET, "/healthz")
        .await?
        .header("X-Request-Id", "portal-run-42")
        .send()
        .await?;
    assert_eq!(
        res.headers()
            .get("x-request-id")
            .and_then(|v| v.to_str().ok()),
        Some("portal-run-42")
    );
    let res = app
        .client
        .raw(Method::GET, "/api/v1/units/not-a-uuid")
        .await?
        .send()
        .await?;
    let made = res
        .headers()
        .get("x-request-id")
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    let p = problem(res, 400).await?;
    assert_eq!(p.request_id, made);
    assert_eq!(p.code, "invalid_path");
    Ok(())
}

#[tokio::test]
async fn health_and_readiness_answer() -> TestResult {
    let app = TestApp::spawn().await;
    let live = app
        .client
        .raw(Method::GET, "/healthz")
        .await?
        .send()
        .await?;
    assert_eq!(live.status(), 200);
    let ready = app.client.raw(Method::GET, "/readyz").await?.send().await?;
    assert_eq!(ready.status(), 200);
    assert_eq!(ready.json::<serde_json::Value>().await?["status"], "ok");
    Ok(())
}

#[tokio::test]
async fn readiness_is_503_while_the_database_is_gone() -> TestResult {
    let app = TestApp::spawn().await;
    app.db.close_by_ref().await?;
    let res = app
        .anonymous()
        .raw(Method::GET, "/readyz")
        .await?
        .send()
        .await?;
    assert_eq!(
        res.headers()
            .get("retry-after")
            .and_then(|v| v.to_str().ok()),
        Some("5")
    );
    let p = problem(res, 503).await?;
    assert_eq!(p.code, "service_unavailable");
    Ok(())
}

#[tokio::test]
async fn swagger_ui_and_the_spec_are_served_from_the_binary() -> TestResult {
    let app = TestApp::spawn().await;
    let docs = app.client.raw(Method::GET, "/docs/").await?.send().await?;
    assert_eq!(docs.status(), 200);
    assert!(docs.text().await?.contains("swagger"));
    let redirect = app.client.raw(Method::GET, "/docs").await?.send().await?;
    assert_eq!(redirect.status(), 200, "/docs redirects to /docs/");
    let spec: serde_json::Value = app
        .client
        .raw(Method::GET, "/api/v1/openapi.json")
        .await?
        .send()
        .await?
        .json()
        .await?;
    assert_eq!(spec["openapi"], "3.1.0");
    assert_eq!(
        spec["paths"]["/api/v1/units"]["get"]["operationId"],
        "units.list"
    );
    Ok(())
}

#[tokio::test]
async fn the_committed_spec_matches_the_server() -> TestResult {
    let generated = serde_json::to_string_pretty(&cchc_server::openapi())? + "\n";
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../openapi/openapi.json");
    if std::env::var_os("CCHC_UPDATE_OPENAPI").is_some() {
        std::fs::write(path, &generated)?;
    }
    let committed = std::fs::read_to_string(path).unwrap_or_default();
    assert!(
        committed == generated,
        "openapi/openapi.json is out of date: run `cargo run -p cchc-server -- openapi > openapi/openapi.json`"
    );
    Ok(())
}

#[tokio::test]
async fn every_operation_is_documented_with_a_stable_id_and_problem_answers() -> TestResult {
    let spec = serde_json::to_value(cchc_server::openapi())?;
    let paths = spec["paths"].as_object().cloned().unwrap_or_default();
    let mut ids = Vec::new();
    for (path, item) in &paths {
        for (method, op) in item.as_object().into_iter().flatten() {
            let id = op["operationId"].as_str().unwrap_or_default();
            assert!(id.contains('.'), "{method} {path} has operationId '{id}'");
            assert!(op["responses"]["500"].is_object(), "{id} documents 500");
            assert!(op["responses"]["400"].is_object(), "{id} documents 400");
            ids.push(id.to_owned());
        }
    }
    let count = ids.len();
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), count, "operationIds are unique");
    Ok(())
}

#[tokio::test]
async fn every_reference_in_the_spec_resolves() -> TestResult {
    fn walk(v: &serde_json::Value, refs: &mut Vec<String>) {
        match v {
            serde_json::Value::Object(map) => {
                for (k, v) in map {
                    match (k.as_str(), v.as_str()) {
                        ("$ref", Some(r)) => refs.push(r.to_owned()),
                        _ => walk(v, refs),
                    }
                }
            }
            serde_json::Value::Array(items) => items.iter().for_each(|i| walk(i, refs)),
            _ => {}
        }
    }
    let spec = serde_json::to_value(cchc_server::openapi())?;
    let mut refs = Vec::new();
    walk(&spec, &mut refs);
    assert!(!refs.is_empty());
    for r in refs {
        let pointer = r.trim_start_matches('#');
        assert!(spec.pointer(pointer).is_some(), "dangling $ref {r}");
    }
    Ok(())
}

#[tokio::test]
async fn migrations_go_up_down_and_up_again() -> TestResult {
    let app = TestApp::spawn().await;
    let db = &app.db;
    Migrator::down(db, None).await?;
    assert!(
        !Migrator::get_applied_migrations(db)
            .await?
            .iter()
            .any(|_| true)
    );
    let gone = db.execute_unprepared("SELECT 1 FROM units").await;
    assert!(gone.is_err(), "down drops the tables");
    Migrator::up(db, None).await?;
    assert_eq!(Migrator::get_pending_migrations(db).await?.len(), 0);
    db.execute_unprepared("SELECT 1 FROM units").await?;
    Ok(())
}
