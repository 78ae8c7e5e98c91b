//! The SDK as an integrator relies on it: a method for every operation of the spec, retries
//! that never repeat a write the server could apply twice, pagination streams, optimistic
//! concurrency and a session that outlives its access tokens.
//!
//! Retries are tested against a scripted stand-in server (the real one does not fail on
//! demand); everything else against the real server.

use std::collections::{BTreeSet, HashSet};
use std::path::{Path, PathBuf};
use std::time::Duration;

use cchc_sdk::Client;
use cchc_sdk::types::audit::AuditEventListQuery;
use cchc_sdk::types::departments::DepartmentListQuery;
use cchc_sdk::types::officials::OfficialPatch;
use cchc_sdk::types::units::{UnitLevel, UnitOut};
use futures_util::TryStreamExt;
use serde_json::{Value, json};
use uuid::Uuid;

use crate::common::fixtures::{department_in, official_in, unit_in};
use crate::common::world::province;
use crate::common::{TestApp, TestResult};

mod scripted;

use scripted::{Scripted, answer};

// ---------------------------------------------------------------------------------------
// Coverage: every operationId of the spec has a typed method.

fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// Every `operationId` of the committed spec.
fn spec_operation_ids() -> Result<BTreeSet<String>, Box<dyn std::error::Error>> {
    let text = std::fs::read_to_string(workspace_root().join("openapi/openapi.json"))?;
    let spec: Value = serde_json::from_str(&text)?;
    let paths = spec["paths"].as_object().ok_or("the spec has no paths")?;
    Ok(paths
        .values()
        .filter_map(Value::as_object)
        .flat_map(|item| item.values())
        .filter_map(|op| op["operationId"].as_str())
        .map(str::to_owned)
        .collect())
}

/// A public method of the SDK's client and the doc comment just above it.
struct SdkMethod {
    file: String,
    name: String,
    doc: String,
}

impl SdkMethod {
    /// The spans of the doc comment in backticks.
    fn code_spans(&self) -> impl Iterator<Item = &str> {
        self.doc.split('`').skip(1).step_by(2)
    }
}

/// The `pub fn` / `pub async fn` items of a source file with their `///` comments
/// (attributes between the comment and the item are skipped over).
fn public_methods(file: &str, source: &str) -> Vec<SdkMethod> {
    let mut methods = Vec::new();
    let mut doc = String::new();
    for line in source.lines() {
        let line = line.trim_start();
        if let Some(text) = line.strip_prefix("///") {
            doc.push_str(text);
            doc.push('\n');
            continue;
        }
        if line.starts_with("#[") {
            continue;
        }
        let signature = line
            .strip_prefix("pub fn ")
            .or_else(|| line.strip_prefix("pub async fn "));
        if let Some(signature) = signature {
            let name = signature
                .split(|c: char| !(c.is_alphanumeric() || c == '_'))
                .next()
                .unwrap_or_default();
            methods.push(SdkMethod {
                file: file.to_owned(),
                name: name.to_owned(),
                doc: doc.clone(),
            });
        }
        doc.clear();
    }
    methods
}

fn rust_files(dir: &Path, found: &mut Vec<PathBuf>) -> std::io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_dir() {
            rust_files(&path, found)?;
        } else if path.extension().is_some_and(|e| e == "rs") {
            found.push(path);
        }
    }
    Ok(())
}

fn sdk_methods() -> Result<Vec<SdkMethod>, Box<dyn std::error::Error>> {
    let root = workspace_root();
    let mut files = Vec::new();
    rust_files(&root.join("sdk/src/client"), &mut files)?;
    let mut methods = Vec::new();
    for path in files {
        let source = std::fs::read_to_string(&path)?;
        let file = path
            .strip_prefix(&root)
            .unwrap_or(&path)
            .display()
            .to_string();
        methods.extend(public_methods(&file, &source));
    }
    Ok(methods)
}

/// Whether a code span reads like an operation id (`plans.create`, `index.results.get`).
fn looks_like_operation_id(span: &str) -> bool {
    let parts: Vec<&str> = span.split('.').collect();
    parts.len() >= 2
        && parts
            .iter()
            .all(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_lowercase() || c == '_'))
}

#[test]
fn every_operation_of_the_spec_has_an_sdk_method() -> TestResult {
    let operations = spec_operation_ids()?;
    let methods = sdk_methods()?;
    assert!(
        methods.len() > 50,
        "the SDK's methods were not found ({} read)",
        methods.len()
    );
    let covered: HashSet<&str> = methods.iter().flat_map(SdkMethod::code_spans).collect();
    let missing: Vec<&str> = operations
        .iter()
        .map(String::as_str)
        .filter(|op| !covered.contains(op))
        .collect();
    assert!(
        missing.is_empty(),
        "operations of openapi/openapi.json without an SDK method (a `pub fn` in \
         sdk/src/client/ whose doc comment names the operationId in backticks): {}",
        missing.join(", ")
    );
    Ok(())
}

#[test]
fn every_operation_an_sdk_method_names_is_in_the_spec() -> TestResult {
    // The convention is that a method's doc starts with its operationId; one that names an
    // operation the spec no longer has is a method that calls nothing.
    let operations = spec_operation_ids()?;
    let stale: Vec<String> = sdk_methods()?
        .iter()
        .filter_map(|m| {
            let first = m.doc.trim_start().strip_prefix('`')?.split('`').next()?;
            (looks_like_operation_id(first) && !operations.contains(first))
                .then(|| format!("{} in {}: `{first}`", m.name, m.file))
        })
        .collect();
    assert!(
        stale.is_empty(),
        "SDK methods naming operations the spec does not have: {}",
        stale.join(", ")
    );
    Ok(())
}

#[tokio::test]
async fn the_health_probes_answer_without_credentials() -> TestResult {
    let app = TestApp::spawn().await;
    let anonymous = app.anonymous();
    assert_eq!(anonymous.health().live().await?.status, "ok");
    assert_eq!(anonymous.health().ready().await?.status, "ok");
    Ok(())
}

// ---------------------------------------------------------------------------------------
// Retries, against a stand-in server that answers from a script.

/// A problem+json answer with `status`, asking to come back after `retry_after` seconds.
fn busy(status: u16, retry_after: &str) -> String {
    let body = json!({
        "type": "about:blank",
        "title": "Service unavailable",
        "status": status,
        "code": "service_unavailable",
    });
    answer(
        status,
        &[("Retry-After", retry_after)],
        "application/problem+json",
        &body.to_string(),
    )
}

/// A unit as the API answers it.
fn unit_json(id: Uuid) -> Value {
    json!({
        "id": id, "code": "54", "name": "Tỉnh Phú Yên", "level": "province",
        "parent_id": null, "valid_from": null, "valid_to": null, "successor_ids": [],
        "archived": false, "created_at": "2024-04-01T00:00:00Z",
        "updated_at": "2024-04-01T00:00:00Z", "version": 1
    })
}

fn created(id: Uuid) -> String {
    let location = format!("/api/v1/units/{id}");
    answer(
        201,
        &[("Location", &location), ("ETag", "\"1\"")],
        "application/json",
        &unit_json(id).to_string(),
    )
}

fn ok(id: Uuid) -> String {
    answer(
        200,
        &[("ETag", "\"1\"")],
        "application/json",
        &unit_json(id).to_string(),
    )
}

fn phu_yen() -> cchc_sdk::types::units::UnitIn {
    unit_in("54", "Tỉnh Phú Yên", UnitLevel::Province, None)
}

#[tokio::test]
async fn a_post_answered_503_is_retried_with_the_same_idempotency_key() -> TestResult {
    let id = Uuid::now_v7();
    let server = Scripted::start(vec![busy(503, "0"), busy(503, "0"), created(id)]).await?;
    let res = server.client().units().create(&phu_yen()).await?;
    assert_eq!(res.http_status, 201);
    assert_eq!(res.id, id);
    let seen = server.seen();
    assert_eq!(seen.len(), 3, "two retries, then the answer: {seen:?}");
    let keys: HashSet<Option<&str>> = seen.iter().map(|s| s.header("idempotency-key")).collect();
    assert_eq!(keys.len(), 1, "one key for every attempt: {keys:?}");
    assert!(keys.iter().all(|k| k.is_some_and(|k| !k.is_empty())));
    for request in &seen {
        assert_eq!(
            (request.method.as_str(), request.path.as_str()),
            ("POST", "/api/v1/units")
        );
        assert_eq!(request.header("authorization"), Some("Bearer test-token"));
    }
    Ok(())
}

#[tokio::test]
async fn a_key_given_by_the_caller_is_the_one_every_attempt_sends() -> TestResult {
    let id = Uuid::now_v7();
    let server = Scripted::start(vec![busy(502, "0"), created(id)]).await?;
    server
        .client()
        .units()
        .idempotency_key("portal-sync-2024-03")
        .create(&phu_yen())
        .await?;
    let keys: Vec<Option<String>> = server
        .seen()
        .iter()
        .map(|s| s.header("idempotency-key").map(str::to_owned))
        .collect();
    assert_eq!(keys, vec![Some("portal-sync-2024-03".to_owned()); 2]);
    Ok(())
}

#[tokio::test]
async fn a_post_without_an_idempotency_key_is_never_retried() -> TestResult {
    // The server may have applied the write before it failed: only a key makes a repeat safe.
    let server = Scripted::start(vec![busy(503, "0"), created(Uuid::now_v7())]).await?;
    let err = server
        .client()
        .units()
        .without_idempotency_key()
        .create(&phu_yen())
        .await
        .err()
        .ok_or("the 503 was retried into a success")?;
    assert_eq!(err.status(), Some(503), "{err}");
    assert_eq!(err.code(), Some("service_unavailable"));
    let seen = server.seen();
    assert_eq!(seen.len(), 1, "{seen:?}");
    assert_eq!(seen[0].header("idempotency-key"), None);
    Ok(())
}

#[tokio::test]
async fn every_handle_can_turn_idempotency_keys_off() -> TestResult {
    // The same per-call setters on the handles built on the shared endpoint (here the
    // portal's statistics push): no key, so a 503 is not retried.
    let server = Scripted::start(vec![busy(503, "0"), busy(503, "0")]).await?;
    let batch = cchc_sdk::types::portal::StatisticsBatch { rows: vec![] };
    let err = server
        .client()
        .portal()
        .without_idempotency_key()
        .push_statistics(&batch)
        .await
        .err()
        .ok_or("the 503 was retried into a success")?;
    assert_eq!(err.status(), Some(503), "{err}");
    let seen = server.seen();
    assert_eq!(seen.len(), 1, "{seen:?}");
    assert_eq!(seen[0].header("idempotency-key"), None);
    Ok(())
}

#[tokio::test]
async fn a_get_answered_429_is_retried() -> TestResult {
    let id = Uuid::now_v7();
    let server = Scripted::start(vec![busy(429, "0"), ok(id)]).await?;
    let unit: UnitOut = server.client().units().get(id).await?.into_inner();
    assert_eq!(unit.id, id);
    let seen = server.seen();
    assert_eq!(seen.len(), 2);
    assert!(
        seen.iter()
            .all(|s| s.method == "GET" && s.header("idempotency-key").is_none())
    );
    Ok(())
}

#[tokio::test]
async fn retries_stop_at_max_retries_with_the_last_answer() -> TestResult {
    let server = Scripted::start(vec![busy(503, "0")]).await?;
    let client = Client::builder(&server.base_url)
        .token("test-token")
        .max_retries(1)
        .build()?;
    let err = client
        .units()
        .get(Uuid::now_v7())
        .await
        .err()
        .ok_or("a 503 became a success")?;
    assert_eq!(err.status(), Some(503));
    assert_eq!(server.seen().len(), 2, "the call and one retry");
    Ok(())
}

// ---------------------------------------------------------------------------------------
// Against the real server.

#[tokio::test]
async fn list_all_streams_every_page_in_list_order() -> TestResult {
    let app = TestApp::spawn().await;
    let province = province(&app).await?;
    let mut created = HashSet::new();
    for i in 1..=7 {
        let input = department_in(&province, &format!("Bộ phận {i}"));
        created.insert(app.client.departments().create(&input).await?.id);
    }
    let query = DepartmentListQuery {
        unit_id: Some(province.id),
        ..Default::default()
    };
    let one_page = app
        .client
        .departments()
        .list(&DepartmentListQuery {
            limit: Some(200),
            ..query.clone()
        })
        .await?;
    assert!(!one_page.has_more);
    // Four pages of at most two, fetched as the stream is read.
    let streamed: Vec<Uuid> = app
        .client
        .departments()
        .list_all(DepartmentListQuery {
            limit: Some(2),
            ..query
        })
        .map_ok(|d| d.id)
        .try_collect()
        .await?;
    assert_eq!(streamed.len(), 7, "each department exactly once");
    assert_eq!(streamed.iter().copied().collect::<HashSet<_>>(), created);
    assert_eq!(
        streamed,
        one_page.data.iter().map(|d| d.id).collect::<Vec<_>>(),
        "in the order of the list"
    );
    Ok(())
}

#[tokio::test]
async fn an_update_from_a_stale_copy_is_precondition_failed_until_read_again() -> TestResult {
    let app = TestApp::spawn().await;
    let province = province(&app).await?;
    let official = app
        .client
        .officials()
        .create(&official_in(&province, "Lê Văn Vũ"))
        .await?
        .into_inner();
    // Two integrators hold the same copy; the first one's change wins.
    let other = app.login("admin", crate::common::ADMIN_PASSWORD);
    let promote = OfficialPatch {
        position: Some("Chủ tịch UBND xã".into()),
        ..Default::default()
    };
    other.officials().update(&official, &promote).await?;
    let rename = OfficialPatch {
        full_name: Some("Lê Văn Vũ (sửa)".into()),
        ..Default::default()
    };
    let err = app
        .client
        .officials()
        .update(&official, &rename)
        .await
        .err()
        .ok_or("a write from a stale copy was accepted")?;
    assert!(err.is_precondition_failed(), "{err}");
    assert_eq!(err.code(), Some("precondition_failed"));
    // Read again, decide again, write again.
    let current = app.client.officials().get(official.id).await?.into_inner();
    assert_eq!(
        current.position, "Chủ tịch UBND xã",
        "the first change stands"
    );
    let updated = app.client.officials().update(&current, &rename).await?;
    assert_eq!(
        (updated.full_name.as_str(), updated.position.as_str()),
        ("Lê Văn Vũ (sửa)", "Chủ tịch UBND xã")
    );
    Ok(())
}

#[tokio::test]
async fn a_signed_in_client_outlives_its_access_token() -> TestResult {
    // auth.rs covers the refresh grant itself (rotation, reuse); this is the SDK's session
    // renewing by itself. The server accepts a token up to 30 s past its expiry, so the
    // proof is in the journal: one sign-in with the password, then refresh grants.
    let app = TestApp::spawn_with(|c| c.access_token_ttl_secs = 1).await;
    let me = app.client.auth().me().await?;
    tokio::time::sleep(Duration::from_secs(2)).await;
    assert_eq!(app.client.auth().me().await?.id, me.id);
    let journal = |action: &str| AuditEventListQuery {
        resource_type: Some("session".into()),
        action: Some(action.into()),
        actor_id: Some(me.id),
        ..Default::default()
    };
    let logins = app.client.audit_events().list(&journal("login")).await?;
    let refreshes = app.client.audit_events().list(&journal("refresh")).await?;
    assert_eq!(logins.data.len(), 1, "the password was sent once");
    assert!(!refreshes.data.is_empty(), "the session was renewed");
    Ok(())
}
