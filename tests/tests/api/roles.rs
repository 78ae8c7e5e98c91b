//! Roles, generated from the spec: every write operation (POST, PUT, PATCH, DELETE) called
//! by a principal of the resource's own commune whose role the permission table denies it
//! answers 403 problem+json `forbidden` — before any 404 or 422, with a valid body — and
//! changes nothing.

use cchc_sdk::types::api_clients::ApiClientIn;
use cchc_sdk::types::auth::{ClientScope, PrincipalKind, Role};
use cchc_server::auth::Principal;
use cchc_server::auth::permissions::{Permission, allows};
use cchc_server::http::schema::check;
use serde_json::Value;
use uuid::Uuid;

use crate::common::walk::{self, answer, call, resources, snapshot, token, user_token};
use crate::common::world::{self, World};
use crate::common::{TestApp, TestResult};

/// Write operations the table grants to everybody (or that touch only the caller's own
/// records), so they are not walked (operation id and
/// the reason).
const PUBLIC: &[(&str, &str)] = &[
    (
        "auth.token",
        "signing in is public: it is how a principal gets a token",
    ),
    (
        "auth.revoke",
        "signing out (revoking one's own token) is public (RFC 7009)",
    ),
    (
        "exports.create",
        "asking for an export needs only its report's read right, which every role holds; \
         the job is the requester's own (exports.rs checks a scope without it is 403)",
    ),
    (
        "exports.delete",
        "a principal deletes only its own export jobs: another's is 404 (exports.rs)",
    ),
];

/// The permissions that write, by the matrix of `server/src/auth/permissions.rs`.
const WRITES: [Permission; 12] = [
    Permission::UnitsWrite,
    Permission::UsersWrite,
    Permission::ApiClientsManage,
    Permission::OrganisationWrite,
    Permission::PlansWrite,
    Permission::TasksWrite,
    Permission::IndexFrameworksWrite,
    Permission::IndexSelfAssess,
    Permission::IndexAppraise,
    Permission::PortalWrite,
    Permission::AwardsWrite,
    Permission::AwardRulesWrite,
];

/// Operations a walked principal holds a right for that does not reach the commune's own
/// resources, so they are walked and must still answer 403 (operation ids, who, why).
const CONDITIONAL: &[(&[&str], &str, &str)] = &[
    (
        &[
            "index.assessments.appraise",
            "index.assessments.request_explanation",
            "index.assessments.finalize",
            "index.frameworks.publish_results",
        ],
        "appraiser",
        "an appraiser appraises and publishes the units *below* its own; the assessment is its \
         own commune's (never self-appraised) and the publication is for the district above",
    ),
    (
        &[
            "tasks.update",
            "tasks.start",
            "tasks.block",
            "tasks.unblock",
            "tasks.complete",
            "tasks.reopen",
            "tasks.add_update",
            "tasks.upload_attachment",
        ],
        "department_officer",
        "a department officer works on a task its department leads or supports; the task is \
         led by Văn phòng - Thống kê and this officer is of Tài chính - Kế toán",
    ),
];

/// A signed-in principal of the commune.
struct Caller {
    name: &'static str,
    token: String,
}

/// The write permissions `roles` and `scopes` hold by the matrix.
fn write_rights(roles: &[Role], scopes: &[ClientScope]) -> Vec<Permission> {
    let principal = Principal {
        kind: if roles.is_empty() {
            PrincipalKind::Client
        } else {
            PrincipalKind::User
        },
        id: Uuid::nil(),
        name: String::new(),
        unit_id: None,
        roles: roles.to_vec(),
        scopes: scopes.to_vec(),
    };
    WRITES
        .into_iter()
        .filter(|p| allows(&principal, *p))
        .collect()
}

/// What the server's own body validator (the spec's schema) says of `body`: nothing when
/// the body is valid. `schema` is a component (`$ref`, possibly nullable) or an array of them.
fn against_spec(spec: &Value, schema: &Value, body: &Value) -> Vec<String> {
    let name = |schema: &Value| {
        // A body that may also be `null` is `oneOf: [component, null]`: a body is sent.
        let component = schema["oneOf"]
            .as_array()
            .and_then(|one| one.iter().find(|s| s.get("$ref").is_some()))
            .unwrap_or(schema);
        let name = component["$ref"]
            .as_str()
            .and_then(|r| r.strip_prefix("#/components/schemas/"))
            .unwrap_or_else(|| panic!("a body schema that is not a component: {schema}"))
            .to_owned();
        assert!(
            spec["components"]["schemas"].get(&name).is_some(),
            "the spec has no schema {name}"
        );
        name
    };
    let checks: Vec<(String, &Value)> = if schema["type"] == "array" {
        let item = name(&schema["items"]);
        body.as_array()
            .unwrap_or_else(|| panic!("{item}: an array is due"))
            .iter()
            .map(|b| (item.clone(), b))
            .collect()
    } else {
        vec![(name(schema), body)]
    };
    checks
        .into_iter()
        .filter_map(|(name, body)| check(&name, body).err().map(|e| format!("{name}: {e:?}")))
        .collect()
}

#[test]
fn the_walked_principals_hold_no_write_right_but_the_appraisers() {
    for role in [Role::Viewer, Role::Auditor, Role::DepartmentOfficer] {
        assert_eq!(write_rights(&[role], &[]), vec![], "{role:?}");
    }
    assert_eq!(write_rights(&[], &[ClientScope::ReportsRead]), vec![]);
    // The officer's per-task right lives in the tasks domain; the appraiser's is for the
    // units below its own (both walked anyway: see CONDITIONAL).
    assert_eq!(
        write_rights(&[Role::Appraiser], &[]),
        vec![Permission::IndexAppraise]
    );
}

#[tokio::test]
async fn every_write_by_a_role_the_table_denies_answers_403_and_changes_nothing() -> TestResult {
    use sea_orm::{EntityTrait, PaginatorTrait};
    let app = TestApp::spawn().await;
    let w = World::builder().with_chairmen().build(&app).await?;
    let commune = w.a();
    let r = resources(&app, &w, commune).await?;

    // The principals, all of the commune itself, each signed in before the count.
    let http = reqwest::Client::new();
    let mut callers = Vec::new();
    for (name, username, role) in [
        ("viewer", "xem.a", Role::Viewer),
        ("auditor", "kiemtra.a", Role::Auditor),
        ("appraiser", "thamdinh.a", Role::Appraiser),
    ] {
        app.user(username, role, Some(commune.id)).await?;
        let token = user_token(&http, &app, username).await?;
        callers.push(Caller { name, token });
    }
    world::officer(&app, commune, "canbo.a", commune.tai_chinh()).await?;
    callers.push(Caller {
        name: "department_officer",
        token: user_token(&http, &app, "canbo.a").await?,
    });
    let client = app
        .client
        .api_clients()
        .create(&ApiClientIn {
            name: "Hệ thống báo cáo của xã".into(),
            unit_id: commune.id,
            scopes: vec![ClientScope::ReportsRead],
        })
        .await?
        .into_inner();
    callers.push(Caller {
        name: "api_client[reports.read]",
        token: token(
            &http,
            &app,
            &[
                ("grant_type", "client_credentials"),
                ("client_id", &client.client.client_id),
                ("client_secret", &client.client_secret),
            ],
        )
        .await?,
    });

    let seen_before = snapshot(&app, &r).await?;
    let journal = || cchc_server::entity::audit_events::Entity::find().count(&app.db);
    let before = journal().await?;

    let spec = walk::spec()?;
    let mut checked = 0;
    let mut operations = 0;
    let mut skipped = Vec::new();
    let mut failures = Vec::new();
    let mut invalid_bodies = Vec::new();
    let mut walked = Vec::new();
    for (method, path, operation) in walk::writes(&spec) {
        let op_id = operation["operationId"].as_str().unwrap_or_default();
        let label = format!("{method} {path} ({op_id})");
        if let Some((_, why)) = PUBLIC.iter().find(|(id, _)| *id == op_id) {
            skipped.push(format!("{label}: {why}"));
            continue;
        }
        operations += 1;
        walked.push(op_id.to_owned());
        if let Some(schema) = operation["requestBody"]["content"]["application/json"].get("schema")
        {
            let body = walk::body_for(op_id, &r);
            invalid_bodies.extend(
                against_spec(&spec, schema, &body)
                    .into_iter()
                    .map(|issue| format!("{label}: {issue}")),
            );
        }
        for caller in &callers {
            let request = call(
                &http,
                &app,
                &caller.token,
                &method,
                &path,
                &operation,
                &r,
                false,
            )?;
            let (status, content_type, body) = answer(request.send().await?).await?;
            if (status, content_type.as_str(), body["code"].as_str())
                != (403, "application/problem+json", Some("forbidden"))
            {
                failures.push(format!(
                    "{label} as {} -> {status} {content_type} {body}",
                    caller.name
                ));
            }
            checked += 1;
        }
    }
    for skip in &skipped {
        eprintln!("not walked: {skip}");
    }
    for (ops, who, why) in CONDITIONAL {
        eprintln!("walked, still 403 for the {who}: {}: {why}", ops.join(", "));
    }
    eprintln!(
        "checked {checked} calls: {operations} write operations x {} principals",
        callers.len()
    );
    for failure in &failures {
        eprintln!("LEAK: {failure}");
    }
    assert!(
        invalid_bodies.is_empty(),
        "bodies the spec refuses (their 422 would hide the permission check):\n{}",
        invalid_bodies.join("\n")
    );
    assert!(
        failures.is_empty(),
        "{} of {checked} calls answered other than 403 forbidden:\n{}",
        failures.len(),
        failures.join("\n")
    );
    assert_eq!(
        skipped.len(),
        PUBLIC.len(),
        "every public operation is in the spec"
    );
    assert!(checked > 100, "only {checked} calls checked");
    for (ops, _, _) in CONDITIONAL {
        for op in *ops {
            assert!(walked.iter().any(|w| w == op), "{op} is not in the spec");
        }
    }
    assert_eq!(
        journal().await?,
        before,
        "a refused write changed the journal"
    );
    assert_eq!(
        snapshot(&app, &r).await?,
        seen_before,
        "the commune's resources changed"
    );
    Ok(())
}
