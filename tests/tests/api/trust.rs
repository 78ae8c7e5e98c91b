//! The four promises, tried as an outside tester would: grants never exceed the granter,
//! sign-out ends access at once, text the databases and documents cannot hold is refused
//! (or normalised) where it enters, nothing a client sends reaches a log unescaped, and a
//! change committed under an `Idempotency-Key` is never made twice.

use cchc_sdk::types::api_clients::ApiClientIn;
use cchc_sdk::types::auth::{ClientScope, Role};
use cchc_sdk::types::common::Patch;
use cchc_sdk::types::departments::DepartmentListQuery;
use cchc_sdk::types::users::{UserIn, UserPatch};
use sea_orm::{EntityTrait, PaginatorTrait};
use serde_json::{Value, json};

use crate::common::fixtures::department_in;
use crate::common::world::{World, province};
use crate::common::{TestApp, TestResult, USER_PASSWORD, problem};

async fn journal_size(app: &TestApp) -> Result<u64, sea_orm::DbErr> {
    cchc_server::entity::audit_events::Entity::find()
        .count(&app.db)
        .await
}

/// Signs in over the raw token endpoint: (access token, refresh token).
async fn sign_in(
    app: &TestApp,
    username: &str,
    password: &str,
) -> Result<(String, String), Box<dyn std::error::Error>> {
    let res = reqwest::Client::new()
        .post(format!("{}/api/v1/auth/token", app.base_url))
        .form(&[
            ("grant_type", "password"),
            ("username", username),
            ("password", password),
        ])
        .send()
        .await?;
    assert_eq!(res.status().as_u16(), 200);
    let body: Value = res.json().await?;
    Ok((
        body["access_token"].as_str().unwrap_or_default().to_owned(),
        body["refresh_token"]
            .as_str()
            .unwrap_or_default()
            .to_owned(),
    ))
}

async fn me(app: &TestApp, access: &str) -> Result<u16, reqwest::Error> {
    Ok(reqwest::Client::new()
        .get(format!("{}/api/v1/auth/me", app.base_url))
        .bearer_auth(access)
        .send()
        .await?
        .status()
        .as_u16())
}

#[tokio::test]
async fn a_unit_admin_cannot_grant_rights_it_does_not_hold() -> TestResult {
    let app = TestApp::spawn().await;
    let w = World::build(&app).await?;
    let commune = w.a();
    let (_, admin) = app.user("qt.xa", Role::UnitAdmin, Some(commune.id)).await?;
    admin.auth().me().await?; // its sign-in is journaled before we count
    let before = journal_size(&app).await?;
    // A commune's own admin minting a portal client would score its own portal figures.
    let portal = ApiClientIn {
        name: "Cổng tự tạo".into(),
        unit_id: commune.id,
        scopes: vec![ClientScope::PortalStatisticsWrite],
    };
    let err = admin
        .api_clients()
        .create(&portal)
        .await
        .err()
        .ok_or("granted")?;
    assert_eq!((err.status(), err.code()), (Some(403), Some("forbidden")));
    assert_eq!(
        journal_size(&app).await?,
        before,
        "a refused grant wrote something"
    );
    // What it holds itself, it may hand on.
    let reports = ApiClientIn {
        scopes: vec![ClientScope::ReportsRead],
        ..portal.clone()
    };
    let made = admin.api_clients().create(&reports).await?.into_inner();
    // ... and not widen afterwards.
    let err = admin
        .api_clients()
        .update(
            &made.client,
            &cchc_sdk::types::api_clients::ApiClientPatch {
                scopes: Some(vec![
                    ClientScope::ReportsRead,
                    ClientScope::PortalStatisticsWrite,
                ]),
                ..Default::default()
            },
        )
        .await
        .err()
        .ok_or("widened")?;
    assert_eq!(err.status(), Some(403));
    // A user's roles follow the same rule: an appraiser yes, a system admin no.
    let appraiser = UserIn {
        username: "tham.dinh".into(),
        full_name: "Thẩm định viên".into(),
        unit_id: Some(commune.id),
        roles: vec![Role::Appraiser],
        official_id: None,
        password: USER_PASSWORD.into(),
    };
    admin.users().create(&appraiser).await?;
    let sysadmin = UserIn {
        username: "qt.he.thong".into(),
        roles: vec![Role::SystemAdmin],
        ..appraiser
    };
    let err = admin
        .users()
        .create(&sysadmin)
        .await
        .err()
        .ok_or("granted")?;
    assert_eq!(err.status(), Some(403));
    Ok(())
}

#[tokio::test]
async fn signing_out_or_a_new_password_ends_the_access_token_at_once() -> TestResult {
    let app = TestApp::spawn().await;
    let province = province(&app).await?;
    let (user, _) = app
        .user("dang.xuat", Role::Viewer, Some(province.id))
        .await?;
    let (access, refresh) = sign_in(&app, "dang.xuat", USER_PASSWORD).await?;
    assert_eq!(me(&app, &access).await?, 200);
    let res = reqwest::Client::new()
        .post(format!("{}/api/v1/auth/revoke", app.base_url))
        .form(&[("token", refresh.as_str())])
        .send()
        .await?;
    assert!(res.status().is_success());
    assert_eq!(
        me(&app, &access).await?,
        401,
        "the signed-out token still works"
    );
    // Another sign-in is not touched by this one's sign-out, but a new password ends it.
    let (access, _) = sign_in(&app, "dang.xuat", USER_PASSWORD).await?;
    assert_eq!(me(&app, &access).await?, 200);
    let current = app.client.users().get(user.id).await?.into_inner();
    let patch = UserPatch {
        password: Some("mat-khau-moi-dai-hon".into()),
        unit_id: Patch::Absent,
        ..Default::default()
    };
    app.client.users().update(&current, &patch).await?;
    assert_eq!(
        me(&app, &access).await?,
        401,
        "the old password's token still works"
    );
    Ok(())
}

#[tokio::test]
async fn control_characters_are_refused_where_text_enters_or_normalised() -> TestResult {
    let app = TestApp::spawn().await;
    let province = province(&app).await?;
    app.client.units().get(province.id).await?; // signs the admin in before counting
    let token = sign_in(&app, "admin", crate::common::ADMIN_PASSWORD)
        .await?
        .0;
    let http = reqwest::Client::new();
    let before = journal_size(&app).await?;
    // NUL in a JSON body (PostgreSQL cannot store it): 422 naming the field.
    let mut body = serde_json::to_value(department_in(&province, "Văn phòng"))?;
    body["name"] = json!("Văn\u{0000}phòng");
    let res = http
        .post(format!("{}/api/v1/departments", app.base_url))
        .bearer_auth(&token)
        .json(&body)
        .send()
        .await?;
    let p = problem(res, 422).await?;
    assert_eq!(
        p.errors
            .first()
            .map(|e| (e.field.as_str(), e.code.as_str())),
        Some(("name", "invalid_character"))
    );
    // An escape code (terminal control) the same.
    body["name"] = json!("Văn phòng");
    body["description"] = json!("\u{001b}[31mđỏ");
    let res = http
        .post(format!("{}/api/v1/departments", app.base_url))
        .bearer_auth(&token)
        .json(&body)
        .send()
        .await?;
    assert_eq!(problem(res, 422).await?.errors[0].field, "description");
    assert_eq!(
        journal_size(&app).await?,
        before,
        "a refused body wrote something"
    );
    // Word's vertical tab (a manual line break) becomes a line break.
    body["description"] = json!("Dòng một\u{000b}Dòng hai");
    let res = http
        .post(format!("{}/api/v1/departments", app.base_url))
        .bearer_auth(&token)
        .json(&body)
        .send()
        .await?;
    assert_eq!(res.status().as_u16(), 201);
    let made: Value = res.json().await?;
    assert_eq!(made["description"], "Dòng một\nDòng hai");
    // Query parameters: NUL in `q` is 422 naming `q`, never a 500.
    let res = http
        .get(format!("{}/api/v1/departments?q=a%00b", app.base_url))
        .bearer_auth(&token)
        .send()
        .await?;
    assert_eq!(problem(res, 422).await?.errors[0].field, "q");
    let found = app
        .client
        .departments()
        .list(&DepartmentListQuery {
            q: Some("van phong".into()),
            ..Default::default()
        })
        .await?;
    assert_eq!(found.data.len(), 1);
    // The token endpoint's form: RFC 6749's invalid_request, naming the parameter.
    let res = http
        .post(format!("{}/api/v1/auth/token", app.base_url))
        .form(&[
            ("grant_type", "password"),
            ("username", "a\u{0000}b"),
            ("password", "x"),
        ])
        .send()
        .await?;
    let p = problem(res, 400).await?;
    assert_eq!(p.errors[0].field, "username");
    Ok(())
}

#[tokio::test]
async fn a_failed_sign_in_cannot_forge_log_lines() -> TestResult {
    let app = TestApp::spawn().await;
    let forged = "ke.gian\n2026-11-29T00:00:00Z  INFO signed in username=admin\u{001b}[2J";
    let res = reqwest::Client::new()
        .post(format!("{}/api/v1/auth/token", app.base_url))
        .json(&json!({"grant_type": "password", "username": forged, "password": "sai"}))
        .send()
        .await?;
    // JSON bodies refuse the escape code outright; a newline is text and gets through to
    // the check of the credentials, which fails and is logged escaped.
    assert!(res.status().is_client_error());
    let plain = "ke.gian\n2026-11-29T00:00:00Z  INFO forged line";
    let res = reqwest::Client::new()
        .post(format!("{}/api/v1/auth/token", app.base_url))
        .form(&[
            ("grant_type", "password"),
            ("username", plain),
            ("password", "sai"),
        ])
        .send()
        .await?;
    assert_eq!(res.status().as_u16(), 400);
    let logs = crate::common::logs();
    assert!(
        logs.contains(r#"ke.gian\n2026-11-29t00:00:00z  info forged line"#),
        "the username is logged escaped"
    );
    assert!(
        !logs
            .lines()
            .any(|l| l.contains("forged line") && !l.contains("ke.gian")),
        "a client forged a log line"
    );
    assert!(!logs.contains('\u{001b}'), "an escape code reached the log");
    Ok(())
}

#[tokio::test]
async fn the_limits_the_spec_states_are_the_limits_the_server_enforces() -> TestResult {
    let app = TestApp::spawn().await;
    let province = province(&app).await?;
    let token = sign_in(&app, "admin", crate::common::ADMIN_PASSWORD)
        .await?
        .0;
    let before = journal_size(&app).await?;
    let http = reqwest::Client::new();
    let some = || uuid::Uuid::now_v7().to_string();
    // 40 supporting departments where the spec says at most 20.
    let res = http
        .post(format!("{}/api/v1/tasks", app.base_url))
        .bearer_auth(&token)
        .json(&json!({
            "unit_id": province.id,
            "title": "Rà soát thủ tục hành chính",
            "lead_department_id": some(),
            "supporting_department_ids": (0..40).map(|_| some()).collect::<Vec<_>>(),
        }))
        .send()
        .await?;
    let p = problem(res, 422).await?;
    assert_eq!(
        p.errors
            .first()
            .map(|e| (e.field.as_str(), e.code.as_str())),
        Some(("supporting_department_ids", "too_many"))
    );
    // A 500,000-character reason where the spec says 2,000: refused before anything is read.
    let res = http
        .post(format!(
            "{}/api/v1/awards/decisions/{}/revoke",
            app.base_url,
            some()
        ))
        .bearer_auth(&token)
        .json(&json!({"reason": "x".repeat(500_000)}))
        .send()
        .await?;
    let p = problem(res, 422).await?;
    assert_eq!(
        p.errors
            .first()
            .map(|e| (e.field.as_str(), e.code.as_str())),
        Some(("reason", "too_long"))
    );
    assert_eq!(
        journal_size(&app).await?,
        before,
        "a refused body wrote something"
    );
    Ok(())
}

/// Whether a task due on 29/11/2026 is overdue on a server whose clock stands at `at`.
async fn overdue_at(at: &str) -> Result<bool, Box<dyn std::error::Error>> {
    let at = at.to_owned();
    let app = TestApp::spawn_with(move |c| c.fixed_time = at).await;
    let w = World::build(&app).await?;
    let input = cchc_sdk::types::tasks::TaskIn {
        due_date: chrono::NaiveDate::from_ymd_opt(2026, 11, 29),
        ..crate::common::fixtures::task_in(w.a(), "Niêm yết thủ tục", Some(w.a().van_phong()))
    };
    Ok(app.client.tasks().create(&input).await?.overdue)
}

#[tokio::test]
async fn today_is_the_date_in_vietnam_at_the_instant_of_the_request() -> TestResult {
    // 23:30 on the 29th in Hà Nội: the task is due today, not overdue.
    assert!(!overdue_at("2026-11-29T16:30:00Z").await?);
    // 00:30 on the 30th in Hà Nội, still the 29th in UTC: overdue.
    assert!(overdue_at("2026-11-29T17:30:00Z").await?);
    Ok(())
}

#[tokio::test]
async fn changing_ones_own_password_ends_the_other_sessions_not_this_one() -> TestResult {
    let app = TestApp::spawn().await;
    let p = province(&app).await?;
    let (user, _) = app.user("qt.tinh", Role::UnitAdmin, Some(p.id)).await?;
    let (here, _) = sign_in(&app, "qt.tinh", USER_PASSWORD).await?;
    let (elsewhere, _) = sign_in(&app, "qt.tinh", USER_PASSWORD).await?;
    let res = reqwest::Client::new()
        .patch(format!("{}/api/v1/users/{}", app.base_url, user.id))
        .bearer_auth(&here)
        .header("content-type", "application/merge-patch+json")
        .json(&json!({"password": "mat-khau-moi-cua-toi"}))
        .send()
        .await?;
    assert_eq!(res.status().as_u16(), 200);
    assert_eq!(
        me(&app, &here).await?,
        200,
        "the session that changed it goes on"
    );
    assert_eq!(me(&app, &elsewhere).await?, 401, "every other session ends");
    Ok(())
}

#[tokio::test]
async fn a_write_kept_waiting_by_the_sqlite_lock_is_503_with_retry_after_and_writes_nothing()
-> TestResult {
    use sea_orm::{SqliteTransactionMode, TransactionOptions, TransactionTrait};
    let app = TestApp::spawn_with(|c| c.database_busy_timeout_ms = 200).await;
    if !app.config.is_sqlite() {
        // PostgreSQL waits on row locks, not on one writer's lock: nothing to hold here.
        return Ok(());
    }
    let w = World::build(&app).await?;
    app.client.auth().me().await?;
    // Another writer holds SQLite's write lock.
    let holder = sea_orm::Database::connect(app.config.database_url.as_str()).await?;
    let lock = holder
        .begin_with_options(TransactionOptions {
            sqlite_transaction_mode: Some(SqliteTransactionMode::Immediate),
            ..Default::default()
        })
        .await?;
    let before = journal_size(&app).await?;
    let input = department_in(w.a(), "Tổ chờ khóa");
    let res = app
        .client
        .raw(reqwest::Method::POST, "/api/v1/departments")
        .await?
        .json(&input)
        .send()
        .await?;
    assert_eq!(res.status().as_u16(), 503);
    assert!(
        res.headers().get("retry-after").is_some(),
        "503 without Retry-After"
    );
    let problem: serde_json::Value = res.json().await?;
    assert_eq!(problem["status"], 503, "{problem}");
    lock.rollback().await?;
    assert_eq!(
        journal_size(&app).await?,
        before,
        "a refused write journaled"
    );
    // The lock released, the same write goes through (what the SDK's retry does).
    app.client.departments().create(&input).await?;
    Ok(())
}
