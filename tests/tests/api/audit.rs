//! The audit journal: every change with who, what before and after, which request, and
//! sign-ins; readable by auditors of the unit scope, never writable.

use cchc_sdk::types::audit::AuditEventListQuery;
use cchc_sdk::types::auth::Role;
use cchc_sdk::types::units::{UnitIn, UnitLevel, UnitPatch};
use reqwest::Method;
use serde_json::json;

use crate::common::fixtures::unit_in;
use crate::common::world::province;
use crate::common::{TestApp, TestResult};

#[tokio::test]
async fn every_change_is_journaled_with_before_and_after() -> TestResult {
    let app = TestApp::spawn().await;
    let input = unit_in("54", "Tỉnh Phú Yên", UnitLevel::Province, None);
    let created = app.client.units().create(&input).await?;
    let updated = app
        .client
        .units()
        .update(
            &created,
            &UnitPatch {
                name: Some("Tỉnh Phú Yên (cũ)".into()),
                ..Default::default()
            },
        )
        .await?;
    app.client.units().archive(created.id).await?;
    let events = app
        .client
        .audit_events()
        .list(&AuditEventListQuery {
            resource_id: Some(created.id),
            ..Default::default()
        })
        .await?;
    let actions: Vec<&str> = events.data.iter().map(|e| e.action.as_str()).collect();
    assert_eq!(actions, ["archive", "update", "create"], "newest first");
    let update = &events.data[1];
    assert_eq!(
        update.changes,
        json!({"name": {"before": "Tỉnh Phú Yên", "after": "Tỉnh Phú Yên (cũ)"}})
    );
    assert_eq!(update.actor_name, "admin");
    assert_eq!(update.actor_kind, "user");
    assert_eq!(
        update.request_id, updated.request_id,
        "the request id ties the entry to its request"
    );
    assert_eq!(update.client_ip.as_deref(), Some("127.0.0.1"));
    assert_eq!(
        events.data[0].changes,
        json!({"archived": {"before": false, "after": true}})
    );
    assert_eq!(
        events.data[2].changes["code"],
        json!({"before": null, "after": "54"})
    );
    Ok(())
}

#[tokio::test]
async fn sign_ins_and_failed_sign_ins_are_journaled() -> TestResult {
    let app = TestApp::spawn().await;
    app.client.auth().me().await?;
    let _ = app.login("admin", "not-the-password").auth().me().await;
    let logins = app
        .client
        .audit_events()
        .list(&AuditEventListQuery {
            action: Some("login".into()),
            ..Default::default()
        })
        .await?;
    assert!(!logins.data.is_empty());
    let failed = app
        .client
        .audit_events()
        .list(&AuditEventListQuery {
            action: Some("login_failed".into()),
            ..Default::default()
        })
        .await?;
    assert_eq!(failed.data.len(), 1);
    assert_eq!(failed.data[0].actor_kind, "anonymous");
    assert_eq!(failed.data[0].actor_name, "admin");
    Ok(())
}

#[tokio::test]
async fn auditors_read_their_scope_and_nobody_can_edit_the_journal() -> TestResult {
    let app = TestApp::spawn().await;
    let mk = |code: &str, parent: Option<uuid::Uuid>, level| UnitIn {
        code: code.into(),
        name: format!("Đơn vị {code}"),
        level,
        parent_id: parent,
        valid_from: None,
        valid_to: None,
        successor_ids: vec![],
        with_default_departments: false,
    };
    let p = app
        .client
        .units()
        .create(&mk("54", None, UnitLevel::Province))
        .await?
        .into_inner();
    let q = app
        .client
        .units()
        .create(&mk("55", None, UnitLevel::Province))
        .await?
        .into_inner();
    let (_, auditor) = app.user("kiem.tra", Role::Auditor, Some(p.id)).await?;
    let seen = auditor
        .audit_events()
        .list(&AuditEventListQuery {
            resource_type: Some("unit".into()),
            ..Default::default()
        })
        .await?;
    assert!(seen.data.iter().all(|e| e.unit_id == Some(p.id)));
    assert!(seen.data.iter().any(|e| e.resource_id == Some(p.id)));
    assert!(
        !seen.data.iter().any(|e| e.resource_id == Some(q.id)),
        "another province's journal is hidden"
    );
    for method in [Method::POST, Method::PATCH, Method::DELETE, Method::PUT] {
        let res = app
            .client
            .raw(method.clone(), "/api/v1/audit-events")
            .await?
            .send()
            .await?;
        assert_eq!(res.status(), 405, "{method}");
    }
    Ok(())
}

#[tokio::test]
async fn the_client_address_comes_from_the_trusted_proxy_header_only() -> TestResult {
    for (trusted, expected) in [("", "127.0.0.1"), ("X-Forwarded-For", "203.0.113.9")] {
        let app = TestApp::spawn_with(|c| c.trusted_ip_header = trusted.into()).await;
        let body = json!({"code": "54", "name": "Tỉnh Phú Yên", "level": "province"});
        let res = app
            .client
            .raw(Method::POST, "/api/v1/units")
            .await?
            .header("X-Forwarded-For", "198.51.100.7, 203.0.113.9")
            .json(&body)
            .send()
            .await?;
        assert_eq!(res.status(), 201);
        let events = app
            .client
            .audit_events()
            .list(&AuditEventListQuery {
                action: Some("create".into()),
                resource_type: Some("unit".into()),
                ..Default::default()
            })
            .await?;
        assert_eq!(
            events.data[0].client_ip.as_deref(),
            Some(expected),
            "trusted header '{trusted}'"
        );
    }
    Ok(())
}

#[tokio::test]
async fn user_changes_are_journaled_without_their_password() -> TestResult {
    let app = TestApp::spawn().await;
    let p = province(&app).await?;
    let (user, _) = app.user("nhat.ky", Role::Viewer, Some(p.id)).await?;
    let patch = cchc_sdk::types::users::UserPatch {
        roles: Some(vec![Role::Auditor]),
        password: Some("a-brand-new-password".into()),
        ..Default::default()
    };
    app.client.users().update(&user, &patch).await?;
    let events = app
        .client
        .audit_events()
        .list(&AuditEventListQuery {
            resource_id: Some(user.id),
            ..Default::default()
        })
        .await?;
    let update = events
        .data
        .iter()
        .find(|e| e.action == "update")
        .ok_or("no update event")?;
    assert_eq!(
        update.changes["roles"],
        json!({"before": ["viewer"], "after": ["auditor"]})
    );
    assert_eq!(
        update.changes["password"],
        json!({"before": "***", "after": "***"})
    );
    assert!(!update.changes.to_string().contains("a-brand-new-password"));
    Ok(())
}
