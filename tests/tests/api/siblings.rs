//! Unit scope, generated from the spec: every operation with an id in its path, called by
//! the admin of a sibling commune on the other commune's resource, answers 404 problem+json
//! exactly as for a missing id, and changes nothing.

use crate::common::walk::{self, answer, call, resources, snapshot, user_token};
use crate::common::world::World;
use crate::common::{TestApp, TestResult};
use cchc_sdk::types::auth::Role;

/// Operations with an id that another unit's principal may reach by design, so they are not
/// walked (each is a path prefix and the reason, from the README's permission table).
const NOT_SCOPED: &[(&str, &str)] = &[
    (
        "/api/v1/index/frameworks/",
        "frameworks are read by every principal; writes are refused 403 to all but the \
         issuer's admins, and a copy is any reader's right",
    ),
    (
        "/api/v1/index/results/",
        "published results and rankings are read by every principal",
    ),
    (
        "/api/v1/reports/",
        "reports name their resource in the query, not the path (`chart.{format}`); each \
         report's scope is tested in reports::",
    ),
];

#[tokio::test]
async fn every_operation_on_a_sibling_units_resource_answers_404_and_changes_nothing() -> TestResult
{
    use sea_orm::{EntityTrait, PaginatorTrait};
    let app = TestApp::spawn().await;
    let w = World::builder().with_chairmen().build(&app).await?;
    let s = resources(&app, &w, w.b()).await?;
    app.user("qt.a", Role::UnitAdmin, Some(w.a().id)).await?;
    // A's admin signs in first: its sign-in is journaled, its calls on B must not be.
    let http = reqwest::Client::new();
    let token = user_token(&http, &app, "qt.a").await?;
    let seen_before = snapshot(&app, &s).await?;
    let journal = || cchc_server::entity::audit_events::Entity::find().count(&app.db);
    let before = journal().await?;

    let spec = walk::spec()?;
    let mut checked = Vec::new();
    let mut skipped = Vec::new();
    let mut failures = Vec::new();
    for (path, operations) in spec["paths"].as_object().into_iter().flatten() {
        if !path.contains('{') {
            continue;
        }
        for (method, operation) in operations.as_object().into_iter().flatten() {
            let label = format!("{} {path}", method.to_uppercase());
            if let Some((_, why)) = NOT_SCOPED.iter().find(|(p, _)| path.starts_with(p)) {
                skipped.push(format!("{label}: {why}"));
                continue;
            }
            let op_id = operation["operationId"].as_str().unwrap_or_default();
            // The call on B's resource, then the same call on ids that do not exist.
            let mut answers = Vec::new();
            for missing in [false, true] {
                let request = call(
                    &http,
                    &app,
                    &token,
                    &method.to_uppercase(),
                    path,
                    operation,
                    &s,
                    missing,
                )?;
                answers.push(answer(request.send().await?).await?);
            }
            let (status, content_type, body) = &answers[0];
            if (*status, content_type.as_str(), body["code"].as_str())
                != (404, "application/problem+json", Some("not_found"))
            {
                failures.push(format!(
                    "{label} ({op_id}) -> {status} {content_type} {body}"
                ));
            } else if answers[0] != answers[1] {
                failures.push(format!(
                    "{label} ({op_id}): B's id answers {:?}, a missing id {:?}",
                    answers[0], answers[1]
                ));
            }
            checked.push(label);
        }
    }
    for skip in &skipped {
        eprintln!("not walked: {skip}");
    }
    for failure in &failures {
        eprintln!("LEAK: {failure}");
    }
    assert!(
        failures.is_empty(),
        "{} of {} operations answered other than a missing id:\n{}",
        failures.len(),
        checked.len(),
        failures.join("\n")
    );
    assert!(
        checked.len() > 50,
        "only {} operations checked",
        checked.len()
    );
    assert_eq!(
        journal().await?,
        before,
        "a call on another unit's resource changed something"
    );
    assert_eq!(
        snapshot(&app, &s).await?,
        seen_before,
        "B's resources changed"
    );
    Ok(())
}
