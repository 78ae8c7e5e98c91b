//! The journal, generated from the spec: every write operation of the OpenAPI document,
//! called successfully, leaves exactly one new audit event naming it (`operation` =
//! its `operationId`) — one per changed resource for the operations that change several
//! at once — and nothing else changes the journal meanwhile.
//!
//! The operations run in one life of the commune's resources (a task started, blocked,
//! completed …), so each call is valid where it stands; every write of the spec must be in
//! [`LIFE`] (the test fails naming the ones that are not).

use std::collections::{BTreeSet, HashMap};

use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
use serde_json::{Value, json};

use crate::common::walk::{self, Resources, answer, body_for, resources, token, url_for};
use crate::common::world::World;
use crate::common::{ADMIN_PASSWORD, TestApp, TestResult};
use cchc_server::entity::audit_events;

/// Where a step is aimed.
#[derive(Clone, Copy)]
enum On {
    /// The commune's resource the path names (as the other spec walks aim).
    Walked,
    /// The resource an earlier step of this operation answered with (its `id`).
    Made(&'static str),
}

/// Operations that change several resources in one call, each journaled on its own.
const SEVERAL: &[&str] = &[
    "plans.create_tasks",
    "index.assessments.remediate",
    "index.frameworks.publish_results",
    "portal.statistics.push",
    "portal.dossiers.push",
];

/// The life of the commune's resources, one write of the spec after another.
const LIFE: &[(&str, On)] = &[
    ("auth.token", On::Walked),
    ("auth.revoke", On::Walked),
    ("units.create", On::Walked),
    ("units.update", On::Made("units.create")),
    ("units.archive", On::Made("units.create")),
    ("units.restore", On::Made("units.create")),
    ("departments.create", On::Walked),
    ("departments.update", On::Made("departments.create")),
    ("departments.archive", On::Made("departments.create")),
    ("departments.restore", On::Made("departments.create")),
    ("departments.delete", On::Made("departments.create")),
    ("officials.create", On::Walked),
    ("officials.update", On::Made("officials.create")),
    ("officials.delete", On::Made("officials.create")),
    ("users.create", On::Walked),
    ("users.update", On::Made("users.create")),
    ("users.deactivate", On::Made("users.create")),
    ("users.activate", On::Made("users.create")),
    ("api_clients.create", On::Walked),
    ("api_clients.update", On::Made("api_clients.create")),
    ("api_clients.rotate_secret", On::Made("api_clients.create")),
    ("api_clients.revoke", On::Made("api_clients.create")),
    ("webhooks.create", On::Walked),
    ("webhooks.update", On::Made("webhooks.create")),
    ("webhooks.deliveries.redeliver", On::Walked),
    ("webhooks.delete", On::Made("webhooks.create")),
    ("exports.create", On::Walked),
    ("exports.delete", On::Made("exports.create")),
    ("tasks.create", On::Walked),
    ("tasks.update", On::Made("tasks.create")),
    ("tasks.start", On::Made("tasks.create")),
    ("tasks.block", On::Made("tasks.create")),
    ("tasks.unblock", On::Made("tasks.create")),
    ("tasks.add_update", On::Made("tasks.create")),
    ("tasks.upload_attachment", On::Made("tasks.create")),
    ("tasks.complete", On::Made("tasks.create")),
    ("tasks.reopen", On::Made("tasks.create")),
    ("tasks.cancel", On::Made("tasks.create")),
    ("plans.create", On::Walked),
    ("plans.replace_content", On::Made("plans.create")),
    ("plans.submit", On::Made("plans.create")),
    ("plans.return", On::Made("plans.create")),
    ("plans.submit", On::Made("plans.create")),
    ("plans.issue", On::Made("plans.create")),
    ("plans.create_tasks", On::Made("plans.create")),
    ("plans.start", On::Made("plans.create")),
    ("plans.amend", On::Made("plans.create")),
    ("plans.complete", On::Made("plans.create")),
    ("plans.cancel", On::Walked),
    ("index.frameworks.create", On::Walked),
    (
        "index.frameworks.update",
        On::Made("index.frameworks.create"),
    ),
    (
        "index.frameworks.replace_criteria",
        On::Made("index.frameworks.create"),
    ),
    (
        "index.frameworks.publish",
        On::Made("index.frameworks.create"),
    ),
    ("index.frameworks.copy", On::Walked),
    ("index.assessments.create", On::Walked),
    ("index.assessments.self_assess", On::Walked),
    ("index.assessments.submit", On::Walked),
    ("index.assessments.request_explanation", On::Walked),
    ("index.assessments.self_assess", On::Walked),
    ("index.assessments.submit", On::Walked),
    ("index.assessments.appraise", On::Walked),
    ("index.assessments.finalize", On::Walked),
    ("index.assessments.set_responsibilities", On::Walked),
    ("index.assessments.set_cause", On::Walked),
    ("index.assessments.remediate", On::Walked),
    ("index.frameworks.publish_results", On::Walked),
    ("portal.statistics.push", On::Walked),
    ("portal.dossiers.push", On::Walked),
    ("awards.rules.replace", On::Walked),
    ("awards.proposals.create", On::Walked),
    (
        "awards.proposals.submit",
        On::Made("awards.proposals.create"),
    ),
    (
        "awards.proposals.withdraw",
        On::Made("awards.proposals.create"),
    ),
    ("awards.proposals.create", On::Walked),
    (
        "awards.proposals.submit",
        On::Made("awards.proposals.create"),
    ),
    (
        "awards.proposals.review",
        On::Made("awards.proposals.create"),
    ),
    ("awards.decisions.create", On::Walked),
    (
        "awards.decisions.issue",
        On::Made("awards.decisions.create"),
    ),
    (
        "awards.decisions.revoke",
        On::Made("awards.decisions.create"),
    ),
];

/// The body of `op` where the life needs another than the walks' valid one: `made` holds
/// the ids the life made so far.
fn body_of(
    op: &str,
    r: &Resources,
    refresh: &str,
    made: &HashMap<&str, String>,
    sibling: uuid::Uuid,
) -> Value {
    match op {
        // The walked commune has its assessment: another is made for the sibling commune,
        // on the framework made above (the walked one's results are published below).
        "index.assessments.create" => json!({
            "framework_id": made.get("index.frameworks.create"),
            "unit_id": sibling,
        }),
        // Every self-assessed item, so that the assessment can be submitted; after an
        // explanation was asked, only the item asked about.
        "index.assessments.self_assess"
            if made.contains_key("index.assessments.request_explanation") =>
        {
            body_for(op, r)
        }
        "index.assessments.self_assess" => json!({"items": [
            {"code": "1.1.1", "score": 1.5},
            {"code": "1.1.2", "score": 2.0}
        ]}),
        "index.assessments.appraise" => json!({
            "items": [
                {"code": "1.1.1", "score": 1.0},
                {"code": "1.1.2", "score": 2.0},
                {"code": "1.1.3", "survey_points": 1.0}
            ],
            "bonus": 0.0,
            "penalty": 0.0
        }),
        "auth.token" => {
            json!({"grant_type": "password", "username": "admin", "password": ADMIN_PASSWORD})
        }
        "auth.revoke" => json!({"token": refresh}),
        // The walked proposal is in the walked decision: decide on the one reviewed above.
        "awards.decisions.create" => {
            let mut body = body_for(op, r);
            body["proposal_ids"] = json!([made.get("awards.proposals.create")]);
            body
        }
        _ => body_for(op, r),
    }
}

#[tokio::test]
async fn every_write_called_successfully_leaves_one_audit_event_naming_it() -> TestResult {
    let app = TestApp::spawn().await;
    let w = World::builder().with_chairmen().build(&app).await?;
    let r = resources(&app, &w, w.a()).await?;
    let http = reqwest::Client::new();
    let admin = token(
        &http,
        &app,
        &[
            ("grant_type", "password"),
            ("username", "admin"),
            ("password", ADMIN_PASSWORD),
        ],
    )
    .await?;
    let refresh: Value = http
        .post(format!("{}/api/v1/auth/token", app.base_url))
        .form(&[
            ("grant_type", "password"),
            ("username", "admin"),
            ("password", ADMIN_PASSWORD),
        ])
        .send()
        .await?
        .json()
        .await?;
    let refresh = refresh["refresh_token"]
        .as_str()
        .unwrap_or_default()
        .to_owned();

    let spec = walk::spec()?;
    let operations: HashMap<String, (String, String, Value)> = walk::writes(&spec)
        .into_iter()
        .map(|(method, path, op)| {
            let id = op["operationId"].as_str().unwrap_or_default().to_owned();
            (id, (method, path, op))
        })
        .collect();
    let lived: BTreeSet<&str> = LIFE.iter().map(|(op, _)| *op).collect();
    let missing: Vec<&String> = operations
        .keys()
        .filter(|op| !lived.contains(op.as_str()))
        .collect();
    assert!(
        missing.is_empty(),
        "writes of the spec the life does not call: {missing:?}"
    );

    let journal = || audit_events::Entity::find().count(&app.db);
    let mut made: HashMap<&str, String> = HashMap::new();
    let mut failures = Vec::new();
    for (n, (op, on)) in LIFE.iter().enumerate() {
        let (method, path, operation) = &operations[*op];
        let mut url = url_for(path, &r, false);
        if let On::Made(by) = on {
            let id = made
                .get(by)
                .ok_or_else(|| format!("{op}: {by} made nothing"))?;
            url = path.replace("{id}", id);
        }
        let request_id = format!("journal-{n}-{op}");
        let mut request = http
            .request(method.parse()?, format!("{}{url}", app.base_url))
            .header("x-request-id", &request_id);
        if !path.starts_with("/api/v1/auth/") {
            request = request.bearer_auth(&admin);
        }
        let content = &operation["requestBody"]["content"];
        if content.get("multipart/form-data").is_some() {
            let part = reqwest::multipart::Part::bytes(b"%PDF-1.7\n%%EOF\n".to_vec())
                .file_name("bien-ban.pdf")
                .mime_str("application/pdf")?;
            request = request.multipart(reqwest::multipart::Form::new().part("file", part));
        } else if content.get("application/json").is_some() {
            request = request.json(&body_of(op, &r, &refresh, &made, w.b().id));
        } else if content.get("application/x-www-form-urlencoded").is_some() {
            request = request.form(&body_of(op, &r, &refresh, &made, w.b().id));
        }
        let before = journal().await?;
        let (status, _, body) = answer(request.send().await?).await?;
        if !(200..300).contains(&status) {
            failures.push(format!("{op} {url}: {status} {body}"));
            continue;
        }
        if let Some(id) = body["id"].as_str().or(body["client"]["id"].as_str()) {
            made.insert(op, id.to_owned());
        }
        let events = audit_events::Entity::find()
            .filter(audit_events::Column::RequestId.eq(&request_id))
            .all(&app.db)
            .await?;
        let after = journal().await?;
        let naming: Vec<_> = events
            .iter()
            .filter(|e| e.operation.as_deref() == Some(*op))
            .collect();
        let resources: BTreeSet<_> = naming
            .iter()
            .map(|e| (&e.resource_type, e.resource_id))
            .collect();
        let expected_one = !SEVERAL.contains(op);
        if naming.len() != events.len()
            || after - before != events.len() as u64
            || naming.is_empty()
            || (expected_one && naming.len() != 1)
            || resources.len() != naming.len()
        {
            failures.push(format!(
                "{op}: {} new events, {} of this request, {} naming it: {:?}",
                after - before,
                events.len(),
                naming.len(),
                events
                    .iter()
                    .map(|e| (
                        e.operation.clone(),
                        e.resource_type.clone(),
                        e.action.clone()
                    ))
                    .collect::<Vec<_>>()
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    Ok(())
}
