//! `cchc-server admin …`: the library functions behind the commands, run in-process against
//! the test server's database, with their effects checked through the API.

use cchc_sdk::types::api_clients::ApiClientIn;
use cchc_sdk::types::audit::{AuditEventListQuery, AuditEventOut};
use cchc_sdk::types::auth::{ClientScope, Role, TokenRequest};
use cchc_sdk::types::units::UnitListQuery;
use cchc_server::admin::{AdminError, NewPassword, SecretSink, sessions, users};
use cchc_server::entity::audit_events;
use sea_orm::{EntityTrait, PaginatorTrait};
use serde_json::json;
use uuid::Uuid;

use crate::common::world::province;
use crate::common::{TestApp, TestResult, USER_PASSWORD, logs};

/// A path in the temporary directory that does not exist yet.
fn fresh_path() -> std::path::PathBuf {
    std::env::temp_dir().join(format!("cchc-secret-{}", Uuid::now_v7().simple()))
}

/// The password in the one line a generated secret is written as on a stream.
fn secret_in(written: &[u8]) -> String {
    let text = String::from_utf8_lossy(written);
    assert_eq!(text.lines().count(), 1, "one line: {text}");
    let after = text.split_once("': ").map(|(_, s)| s).unwrap_or_default();
    after
        .split_whitespace()
        .next()
        .unwrap_or_default()
        .to_owned()
}

/// A sign-in's refresh token, through the token endpoint.
async fn sign_in(app: &TestApp, username: &str, password: &str) -> Result<String, cchc_sdk::Error> {
    let tokens = app
        .anonymous()
        .auth()
        .token(&TokenRequest::password(username, password))
        .await?;
    Ok(tokens.refresh_token.unwrap_or_default())
}

/// The OAuth error code of a refresh with `token` (`None`: it worked).
async fn refresh_error(app: &TestApp, token: &str) -> Option<String> {
    let res = app
        .anonymous()
        .auth()
        .token(&TokenRequest::refresh(token))
        .await;
    res.err().and_then(|e| e.code().map(str::to_owned))
}

async fn journal(
    app: &TestApp,
    id: Uuid,
    action: &str,
) -> Result<Vec<AuditEventOut>, cchc_sdk::Error> {
    let query = AuditEventListQuery {
        resource_id: Some(id),
        action: Some(action.into()),
        ..Default::default()
    };
    Ok(app.client.audit_events().list(&query).await?.data)
}

#[tokio::test]
async fn a_reset_password_signs_in_and_every_old_session_ends() -> TestResult {
    let app = TestApp::spawn().await;
    let unit = province(&app).await?;
    let (user, _) = app.user("can.bo", Role::Viewer, Some(unit.id)).await?;
    let old_refresh = sign_in(&app, "can.bo", USER_PASSWORD).await?;
    let path = fresh_path();
    let done = users::reset_password(
        &app.db,
        " Can.Bo ",
        NewPassword::Generate,
        SecretSink::File(path.clone()),
    )
    .await?;
    assert_eq!(done.user_id, user.id);
    assert_eq!(done.secret_written_to, Some(path.display().to_string()));
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&path)?.permissions().mode();
        assert_eq!(mode & 0o777, 0o600, "only its owner reads the secret file");
    }
    let secret = std::fs::read_to_string(&path)?.trim_end().to_owned();
    std::fs::remove_file(&path)?;
    assert!(secret.len() >= 24, "a strong password: {}", secret.len());
    let refused = sign_in(&app, "can.bo", USER_PASSWORD).await.err();
    assert_eq!(
        refused.and_then(|e| e.code().map(str::to_owned)).as_deref(),
        Some("invalid_grant")
    );
    let me = app.login("can.bo", &secret).auth().me().await?;
    assert_eq!(me.id, user.id);
    assert_eq!(
        refresh_error(&app, &old_refresh).await.as_deref(),
        Some("invalid_grant")
    );
    let events = journal(&app, user.id, "update").await?;
    assert_eq!(events.len(), 1);
    assert_eq!(events[0].actor_kind, "system");
    assert_eq!(
        events[0].changes["password"],
        json!({"before": "***", "after": "***"})
    );
    assert!(
        !logs().contains(&secret),
        "the secret never reaches the log"
    );
    Ok(())
}

#[tokio::test]
async fn a_generated_password_is_written_once_and_a_given_one_never() -> TestResult {
    let app = TestApp::spawn().await;
    let unit = province(&app).await?;
    app.user("can.bo", Role::Viewer, Some(unit.id)).await?;
    let mut stderr = Vec::new();
    let done = users::reset_password(
        &app.db,
        "can.bo",
        NewPassword::Generate,
        SecretSink::Writer(&mut stderr),
    )
    .await?;
    assert_eq!(done.secret_written_to.as_deref(), Some("standard error"));
    let secret = secret_in(&stderr);
    app.login("can.bo", &secret).auth().me().await?;
    let mut quiet = Vec::new();
    let chosen = NewPassword::Given("một mật khẩu dài đủ".into());
    let done =
        users::reset_password(&app.db, "can.bo", chosen, SecretSink::Writer(&mut quiet)).await?;
    assert_eq!(done.secret_written_to, None);
    assert!(
        quiet.is_empty(),
        "a password the operator gave is not shown"
    );
    app.login("can.bo", "một mật khẩu dài đủ")
        .auth()
        .me()
        .await?;
    // Too short: the API's rule, and nothing changes.
    let short = users::reset_password(
        &app.db,
        "can.bo",
        NewPassword::Given("ngắn".into()),
        SecretSink::Writer(&mut quiet),
    )
    .await;
    let message = short
        .err()
        .ok_or("a short password was accepted")?
        .to_string();
    assert!(message.contains("password"), "{message}");
    app.login("can.bo", "một mật khẩu dài đủ")
        .auth()
        .me()
        .await?;
    Ok(())
}

#[tokio::test]
async fn an_existing_secret_file_is_never_overwritten_and_nothing_changes() -> TestResult {
    let app = TestApp::spawn().await;
    let path = fresh_path();
    std::fs::write(&path, "kept\n")?;
    let before = audit_events::Entity::find().count(&app.db).await?;
    let refused = users::reset_password(
        &app.db,
        "admin",
        NewPassword::Generate,
        SecretSink::File(path.clone()),
    )
    .await;
    assert!(
        matches!(refused, Err(AdminError::SecretFile { .. })),
        "{refused:?}"
    );
    assert_eq!(std::fs::read_to_string(&path)?, "kept\n");
    std::fs::remove_file(&path)?;
    assert_eq!(audit_events::Entity::find().count(&app.db).await?, before);
    app.client.auth().me().await?;
    Ok(())
}

#[tokio::test]
async fn sessions_list_shows_a_sign_in_and_revoking_it_ends_it() -> TestResult {
    let app = TestApp::spawn().await;
    let unit = province(&app).await?;
    let (user, _) = app.user("can.bo", Role::Viewer, Some(unit.id)).await?;
    let refresh = sign_in(&app, "can.bo", USER_PASSWORD).await?;
    let mine = sessions::list(&app.db, Some("can.bo"), app.config.access_token_ttl_secs).await?;
    assert_eq!(mine.len(), 1);
    let session = &mine[0];
    assert_eq!(session.user.as_deref(), Some("can.bo"));
    assert_eq!(session.client, None);
    assert!(
        session.created_at <= session.last_used_at && session.last_used_at < session.expires_at
    );
    // A system's sign-in (client credentials) is a session too, under its client's name.
    let input = ApiClientIn {
        name: "Cổng DVC".into(),
        unit_id: unit.id,
        scopes: vec![ClientScope::PortalStatisticsWrite],
    };
    let portal = app.client.api_clients().create(&input).await?.into_inner();
    let request = TokenRequest::client_credentials(&portal.client.client_id, &portal.client_secret);
    app.anonymous().auth().token(&request).await?;
    let all = sessions::list(&app.db, None, app.config.access_token_ttl_secs).await?;
    assert!(
        all.iter().any(|s| s.user.as_deref() == Some("admin")),
        "every user's"
    );
    let system = all.iter().find(|s| s.subject_id == portal.client.id);
    assert_eq!(
        system.map(|s| (s.user.clone(), s.client.clone())),
        Some((None, Some("Cổng DVC".to_owned())))
    );
    // A system's sign-in ends with its access token: it has no refresh token to renew it.
    let ttl = chrono::Duration::seconds(app.config.access_token_ttl_secs as i64);
    let system = system.ok_or("the system's session")?;
    assert_eq!(system.expires_at, system.last_used_at + ttl);
    let mut table = Vec::new();
    sessions::write_table(&mine, &mut table)?;
    let table = String::from_utf8(table)?;
    assert!(table.starts_with("SESSION"), "{table}");
    assert!(
        table.contains(&session.id.to_string()) && table.contains("can.bo"),
        "{table}"
    );
    assert_eq!(
        sessions::revoke(&app.db, session.id).await?,
        sessions::Revoked::Ended
    );
    assert_eq!(
        refresh_error(&app, &refresh).await.as_deref(),
        Some("invalid_grant")
    );
    assert!(
        sessions::list(&app.db, Some("can.bo"), app.config.access_token_ttl_secs)
            .await?
            .is_empty()
    );
    let events = journal(&app, user.id, "revoke").await?;
    assert_eq!(events.len(), 1);
    assert_eq!(
        (
            events[0].resource_type.as_str(),
            events[0].actor_kind.as_str()
        ),
        ("session", "system")
    );
    assert_eq!(events[0].changes, json!({"family_id": session.id}));
    assert_eq!(
        sessions::revoke(&app.db, session.id).await?,
        sessions::Revoked::AlreadyEnded
    );
    let unknown = Uuid::now_v7();
    let err = sessions::revoke(&app.db, unknown)
        .await
        .err()
        .ok_or("unknown session revoked")?;
    assert_eq!(
        err.to_string(),
        format!("no session {unknown}; nothing was changed")
    );
    Ok(())
}

#[tokio::test]
async fn revoking_all_sessions_of_a_user_ends_each_and_only_theirs() -> TestResult {
    let app = TestApp::spawn().await;
    let unit = province(&app).await?;
    let (user, _) = app.user("can.bo", Role::Viewer, Some(unit.id)).await?;
    let first = sign_in(&app, "can.bo", USER_PASSWORD).await?;
    let second = sign_in(&app, "can.bo", USER_PASSWORD).await?;
    let admins = sign_in(&app, "admin", crate::common::ADMIN_PASSWORD).await?;
    assert_eq!(sessions::revoke_all(&app.db, "can.bo").await?, 2);
    for token in [&first, &second] {
        assert_eq!(
            refresh_error(&app, token).await.as_deref(),
            Some("invalid_grant")
        );
    }
    assert_eq!(
        refresh_error(&app, &admins).await,
        None,
        "another user's session goes on"
    );
    let events = journal(&app, user.id, "revoke_all").await?;
    assert_eq!(events.len(), 1);
    assert_eq!(events[0].changes, json!({"sessions": 2}));
    Ok(())
}

#[tokio::test]
async fn a_new_system_admin_signs_in_and_sees_the_whole_tree() -> TestResult {
    let app = TestApp::spawn().await;
    let unit = province(&app).await?;
    let mut stderr = Vec::new();
    let done = users::create_system_admin(
        &app.db,
        "quan.tri",
        "Nguyễn Văn An",
        NewPassword::Generate,
        SecretSink::Writer(&mut stderr),
    )
    .await?;
    let secret = secret_in(&stderr);
    let admin = app.login("quan.tri", &secret);
    let me = admin.auth().me().await?;
    assert_eq!(
        (me.id, me.unit_id, me.roles.clone()),
        (done.user_id, None, vec![Role::SystemAdmin])
    );
    let units = admin.units().list(&UnitListQuery::default()).await?;
    assert!(
        units.data.iter().any(|u| u.id == unit.id),
        "sees every unit"
    );
    let events = journal(&app, done.user_id, "create").await?;
    assert_eq!(events.len(), 1);
    assert_eq!(events[0].actor_kind, "system");
    assert_eq!(events[0].changes["roles"]["after"], json!(["system_admin"]));
    assert!(
        !logs().contains(&secret),
        "the secret never reaches the log"
    );
    let again = users::create_system_admin(
        &app.db,
        "Quan.Tri",
        "Ai đó",
        NewPassword::Generate,
        SecretSink::Writer(&mut stderr),
    )
    .await;
    assert!(
        matches!(again, Err(AdminError::UserExists(ref n)) if n == "quan.tri"),
        "{again:?}"
    );
    let bad = users::create_system_admin(
        &app.db,
        "x",
        "Ai đó",
        NewPassword::Generate,
        SecretSink::Writer(&mut stderr),
    )
    .await;
    let message = bad.err().ok_or("a bad username was accepted")?.to_string();
    assert!(message.contains("username"), "{message}");
    assert_eq!(
        stderr.iter().filter(|b| **b == b'\n').count(),
        1,
        "refusals show no password"
    );
    Ok(())
}

#[tokio::test]
async fn an_unknown_username_is_a_clear_error_and_nothing_is_written() -> TestResult {
    let app = TestApp::spawn().await;
    let before = audit_events::Entity::find().count(&app.db).await?;
    let path = fresh_path();
    let reset = users::reset_password(
        &app.db,
        "khong.co",
        NewPassword::Generate,
        SecretSink::File(path.clone()),
    )
    .await;
    let message = reset.err().ok_or("an unknown user was reset")?.to_string();
    assert_eq!(message, "no user named 'khong.co'; nothing was changed");
    assert!(!path.exists(), "no secret file for a refused change");
    let listed = sessions::list(&app.db, Some("khong.co"), app.config.access_token_ttl_secs).await;
    assert!(
        matches!(listed, Err(AdminError::UnknownUser(_))),
        "{listed:?}"
    );
    let revoked = sessions::revoke_all(&app.db, "khong.co").await;
    assert!(
        matches!(revoked, Err(AdminError::UnknownUser(_))),
        "{revoked:?}"
    );
    assert_eq!(audit_events::Entity::find().count(&app.db).await?, before);
    Ok(())
}
