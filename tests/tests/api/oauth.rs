//! What OAuth client libraries and generated clients do on first contact: client
//! credentials over HTTP Basic, `scope` narrowing, no refresh token for a system, Unicode
//! passwords in either normal form, sign-in limits that count failures only, and optional
//! action bodies sent as JSON `null`.

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use cchc_sdk::types::api_clients::ApiClientIn;
use cchc_sdk::types::auth::{ClientScope, Role, TokenRequest};
use cchc_sdk::types::users::UserIn;
use reqwest::Method;
use serde_json::{Value, json};

use crate::common::fixtures::task_in;
use crate::common::world::{World, province};
use crate::common::{TestApp, TestResult, problem};

/// Registers a system with `scopes` in the province; its (client id, secret).
async fn system(
    app: &TestApp,
    scopes: Vec<ClientScope>,
) -> Result<(String, String), Box<dyn std::error::Error>> {
    let p = province(app).await?;
    let input = ApiClientIn {
        name: "Hệ thống báo cáo".into(),
        unit_id: p.id,
        scopes,
    };
    let created = app.client.api_clients().create(&input).await?.into_inner();
    Ok((created.client.client_id, created.client_secret))
}

fn token_request(app: &TestApp) -> Result<reqwest::RequestBuilder, cchc_sdk::Error> {
    app.anonymous()
        .anonymous(Method::POST, "/api/v1/auth/token")
}

#[tokio::test]
async fn client_credentials_over_http_basic_as_curl_u_sends_them() -> TestResult {
    let app = TestApp::spawn().await;
    let (id, secret) = system(&app, vec![ClientScope::UnitsRead, ClientScope::ReportsRead]).await?;
    // curl -u id:secret -d grant_type=client_credentials
    let res = token_request(&app)?
        .basic_auth(&id, Some(&secret))
        .form(&[("grant_type", "client_credentials")])
        .send()
        .await?;
    assert_eq!(res.status(), 200);
    let tokens: Value = res.json().await?;
    assert!(tokens["access_token"].is_string());
    // RFC 6749 §4.4.3: a system signs in again; it gets no refresh token.
    assert!(tokens.get("refresh_token").is_none(), "{tokens}");
    assert_eq!(tokens["scope"], "units.read reports.read");
    // Form-urlencoded before base64 (§2.3.1): an encoded id reads the same.
    let encoded = STANDARD.encode(format!("{}:{}", id.replace('-', "%2D"), secret));
    let res = token_request(&app)?
        .header("Authorization", format!("Basic {encoded}"))
        .form(&[("grant_type", "client_credentials")])
        .send()
        .await?;
    assert_eq!(res.status(), 200);
    // A wrong secret: 401 invalid_client with a Basic challenge.
    let res = token_request(&app)?
        .basic_auth(&id, Some("not-the-secret"))
        .form(&[("grant_type", "client_credentials")])
        .send()
        .await?;
    let challenge = res
        .headers()
        .get("www-authenticate")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    assert!(challenge.starts_with("Basic "), "{challenge}");
    let p = problem(res, 401).await?;
    assert_eq!(p.error.as_deref(), Some("invalid_client"));
    // Unreadable Basic credentials are the client's failure too.
    let res = token_request(&app)?
        .header("Authorization", "Basic !!!")
        .form(&[("grant_type", "client_credentials")])
        .send()
        .await?;
    assert_eq!(
        problem(res, 401).await?.error.as_deref(),
        Some("invalid_client")
    );
    // Two methods at once (§2.3): refused.
    let res = token_request(&app)?
        .basic_auth(&id, Some(&secret))
        .form(&[
            ("grant_type", "client_credentials"),
            ("client_secret", secret.as_str()),
        ])
        .send()
        .await?;
    assert_eq!(
        problem(res, 400).await?.error.as_deref(),
        Some("invalid_request")
    );
    Ok(())
}

#[tokio::test]
async fn scope_narrows_a_token_and_unknown_scopes_are_invalid_scope() -> TestResult {
    let app = TestApp::spawn().await;
    let (id, secret) = system(&app, vec![ClientScope::UnitsRead, ClientScope::ReportsRead]).await?;
    let anon = app.anonymous();
    let narrow = anon
        .auth()
        .token(&TokenRequest::client_credentials(&id, &secret).with_scope("units.read"))
        .await?;
    assert_eq!(narrow.scope.as_deref(), Some("units.read"));
    let me: Value = anon
        .anonymous(Method::GET, "/api/v1/auth/me")?
        .bearer_auth(&narrow.access_token)
        .send()
        .await?
        .json()
        .await?;
    assert_eq!(me["scopes"], json!(["units.read"]));
    // Plans need reports.read, which this token left behind.
    let res = anon
        .anonymous(Method::GET, "/api/v1/plans")?
        .bearer_auth(&narrow.access_token)
        .send()
        .await?;
    assert_eq!(res.status(), 403);
    let res = anon
        .anonymous(Method::GET, "/api/v1/units")?
        .bearer_auth(&narrow.access_token)
        .send()
        .await?;
    assert_eq!(res.status(), 200);
    // A scope the system was never given, or one that does not exist.
    for asked in ["audit.read", "everything"] {
        let res = token_request(&app)?
            .basic_auth(&id, Some(&secret))
            .form(&[("grant_type", "client_credentials"), ("scope", asked)])
            .send()
            .await?;
        let p = problem(res, 400).await?;
        assert_eq!(p.code, "invalid_scope");
        assert_eq!(p.error.as_deref(), Some("invalid_scope"));
        assert_eq!(p.errors[0].field, "scope");
    }
    Ok(())
}

#[tokio::test]
async fn a_person_narrowed_to_viewer_cannot_write_and_a_refresh_never_widens() -> TestResult {
    let app = TestApp::spawn().await;
    let world = World::build(&app).await?;
    let a = world.a();
    let (_, _) = app
        .user("chu.tich", Role::UnitAdmin, Some(a.unit.id))
        .await?;
    let anon = app.anonymous();
    let password = crate::common::USER_PASSWORD;
    let full = anon
        .auth()
        .token(&TokenRequest::password("chu.tich", password))
        .await?;
    assert_eq!(full.scope.as_deref(), Some("unit_admin"));
    assert!(
        full.refresh_token.is_some(),
        "a person gets a refresh token"
    );
    // unit_admin is the role held; asking for viewer, which is not held, is refused.
    let res = token_request(&app)?
        .form(&[
            ("grant_type", "password"),
            ("username", "chu.tich"),
            ("password", password),
            ("scope", "viewer"),
        ])
        .send()
        .await?;
    assert_eq!(problem(res, 400).await?.code, "invalid_scope");
    // The admin adds viewer; a token narrowed to it reads but does not write.
    let user = app
        .client
        .users()
        .list(&Default::default())
        .await?
        .data
        .into_iter()
        .find(|u| u.username == "chu.tich")
        .ok_or("no user")?;
    let patch = json!({"roles": ["unit_admin", "viewer"]});
    let res = app
        .client
        .raw(Method::PATCH, &format!("/api/v1/users/{}", user.id))
        .await?
        .header("Content-Type", "application/merge-patch+json")
        .json(&patch)
        .send()
        .await?;
    assert_eq!(res.status(), 200, "{}", res.text().await?);
    let viewer = anon
        .auth()
        .token(&TokenRequest::password("chu.tich", password).with_scope("viewer"))
        .await?;
    assert_eq!(viewer.scope.as_deref(), Some("viewer"));
    let task = task_in(&a.unit, "Rà soát thủ tục", None);
    let res = anon
        .anonymous(Method::POST, "/api/v1/tasks")?
        .bearer_auth(&viewer.access_token)
        .json(&task)
        .send()
        .await?;
    // The 403 names the right in words, never a Rust name.
    let refused = problem(res, 403).await?;
    assert_eq!(
        refused.detail.as_deref(),
        Some("Tài khoản không có quyền giao và xử lý nhiệm vụ.")
    );
    let res = anon
        .anonymous(Method::GET, "/api/v1/tasks")?
        .bearer_auth(&viewer.access_token)
        .send()
        .await?;
    assert_eq!(res.status(), 200);
    // A refresh keeps the narrowing and cannot widen it (RFC 6749 §6).
    let refresh = viewer.refresh_token.clone().ok_or("no refresh token")?;
    let refreshed = anon.auth().token(&TokenRequest::refresh(&refresh)).await?;
    assert_eq!(refreshed.scope.as_deref(), Some("viewer"));
    let again = refreshed.refresh_token.clone().ok_or("no refresh token")?;
    let wider = anon
        .auth()
        .token(&TokenRequest::refresh(&again).with_scope("unit_admin"))
        .await
        .err()
        .ok_or("a refresh widened the sign-in")?;
    assert_eq!(wider.code(), Some("invalid_scope"));
    Ok(())
}

#[tokio::test]
async fn a_password_set_decomposed_signs_in_typed_composed() -> TestResult {
    let app = TestApp::spawn().await;
    let p = province(&app).await?;
    // "Mật khẩu Đắk Lắk" as macOS sends it: every mark a separate code point (NFD).
    let decomposed =
        "Ma\u{323}\u{302}t kha\u{302}\u{309}u D\u{335}a\u{306}\u{301}k La\u{306}\u{301}k 2026";
    let composed = "Mật khẩu D̵ắk Lắk 2026";
    let input = UserIn {
        username: "nfc.user".into(),
        full_name: "Người dùng NFC".into(),
        unit_id: Some(p.id),
        roles: vec![Role::Viewer],
        official_id: None,
        password: decomposed.into(),
    };
    app.client.users().create(&input).await?;
    for typed in [composed, decomposed] {
        let tokens = app
            .anonymous()
            .auth()
            .token(&TokenRequest::password("nfc.user", typed))
            .await?;
        assert!(!tokens.access_token.is_empty());
    }
    Ok(())
}

#[tokio::test]
async fn only_failed_sign_ins_count_against_the_office_address() -> TestResult {
    let app = TestApp::spawn_with(|c| {
        c.login_attempts_burst = 3;
        c.login_attempts_per_minute = 1;
    })
    .await;
    let p = province(&app).await?;
    // Eight colleagues behind one NAT sign in within the minute: none is refused.
    for n in 0..8 {
        let name = format!("dong.nghiep{n}");
        app.user(&name, Role::Viewer, Some(p.id)).await?;
        let res = token_request(&app)?
            .form(&[
                ("grant_type", "password"),
                ("username", name.as_str()),
                ("password", crate::common::USER_PASSWORD),
            ])
            .send()
            .await?;
        assert_eq!(res.status(), 200, "colleague {n} was refused");
    }
    // Three wrong guesses for one name are answered; the fourth attempt is 429.
    let wrong = [
        ("grant_type", "password"),
        ("username", "dong.nghiep0"),
        ("password", "doan-mo"),
    ];
    for _ in 0..3 {
        let res = token_request(&app)?.form(&wrong).send().await?;
        assert_eq!(problem(res, 400).await?.code, "invalid_grant");
    }
    let res = token_request(&app)?.form(&wrong).send().await?;
    assert_eq!(problem(res, 429).await?.code, "rate_limited");
    Ok(())
}

#[tokio::test]
async fn optional_action_bodies_may_be_absent_empty_or_json_null() -> TestResult {
    let app = TestApp::spawn().await;
    let world = World::build(&app).await?;
    let a = world.a();
    let task = app
        .client
        .tasks()
        .create(&task_in(&a.unit, "Niêm yết thủ tục", Some(a.van_phong())))
        .await?
        .into_inner();
    // What openapi-python-client sends for an unset optional body, and what others send.
    let start = format!("/api/v1/tasks/{}/start", task.id);
    let res = app
        .client
        .raw(Method::POST, &start)
        .await?
        .header("Content-Type", "application/json")
        .body("null")
        .send()
        .await?;
    assert_eq!(res.status(), 200, "{}", res.text().await?);
    let block = format!("/api/v1/tasks/{}/block", task.id);
    let reason = json!({"text": "Chờ số liệu của bộ phận một cửa"});
    let res = app
        .client
        .raw(Method::POST, &block)
        .await?
        .json(&reason)
        .send()
        .await?;
    assert_eq!(res.status(), 200);
    // No body at all, then white space only: both are "no body".
    let unblock = format!("/api/v1/tasks/{}/unblock", task.id);
    let res = app.client.raw(Method::POST, &unblock).await?.send().await?;
    assert_eq!(res.status(), 200);
    let res = app
        .client
        .raw(Method::POST, &block)
        .await?
        .json(&reason)
        .send()
        .await?;
    assert_eq!(res.status(), 200);
    let res = app
        .client
        .raw(Method::POST, &unblock)
        .await?
        .header("Content-Type", "application/json")
        .body(" \r\n")
        .send()
        .await?;
    assert_eq!(res.status(), 200);
    // Anything else is still read and checked.
    let complete = format!("/api/v1/tasks/{}/complete", task.id);
    let res = app
        .client
        .raw(Method::POST, &complete)
        .await?
        .header("Content-Type", "application/json")
        .body("[1]")
        .send()
        .await?;
    assert_eq!(problem(res, 422).await?.code, "validation_failed");
    Ok(())
}

#[test]
fn the_spec_declares_what_generators_can_read() -> TestResult {
    let spec = crate::common::walk::spec()?;
    let mut optional = 0;
    for (path, item) in spec["paths"].as_object().ok_or("no paths")? {
        for (method, op) in item.as_object().ok_or("no item")? {
            let Some(body) = op.get("requestBody") else {
                continue;
            };
            let content = body["content"].as_object().ok_or("no content")?;
            for (media, c) in content {
                // openapi-python-client reads `oneOf [X, null]` as "send null".
                assert!(
                    c["schema"].get("oneOf").is_none(),
                    "{method} {path} {media}: a nullable body"
                );
            }
            // One schema under two media types breaks the same generator's imports.
            let mut schemas: Vec<String> =
                content.values().map(|c| c["schema"].to_string()).collect();
            schemas.sort();
            let before = schemas.len();
            schemas.dedup();
            assert_eq!(
                before,
                schemas.len(),
                "{method} {path}: one schema, two media types"
            );
            if body.get("required") != Some(&Value::Bool(true)) {
                optional += 1;
            }
        }
    }
    assert!(
        optional >= 9,
        "the nine action bodies are optional, not nullable"
    );
    let oauth2 = &spec["components"]["securitySchemes"]["oauth2"]["flows"];
    assert_eq!(oauth2["password"]["tokenUrl"], "/api/v1/auth/token");
    assert_eq!(
        oauth2["clientCredentials"]["tokenUrl"],
        "/api/v1/auth/token"
    );
    assert!(oauth2["clientCredentials"]["scopes"]["units.read"].is_string());
    Ok(())
}
