//! Tokens: each grant, forged and broken tokens, refresh rotation and reuse, rate limits,
//! and secrets that never leak.

use base64::Engine;
use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use cchc_sdk::types::api_clients::ApiClientIn;
use cchc_sdk::types::auth::{ClientScope, PrincipalKind, Role, TokenRequest};
use reqwest::Method;
use sea_orm::{ConnectionTrait, Statement};
use serde_json::{Value, json};

use crate::common::world::province;
use crate::common::{ADMIN_PASSWORD, TestApp, TestResult, logs, problem};

async fn token_form(
    app: &TestApp,
    form: &[(&str, &str)],
) -> Result<reqwest::Response, Box<dyn std::error::Error>> {
    Ok(app
        .anonymous()
        .anonymous(Method::POST, "/api/v1/auth/token")?
        .form(form)
        .send()
        .await?)
}

async fn me_with(
    app: &TestApp,
    token: &str,
) -> Result<reqwest::Response, Box<dyn std::error::Error>> {
    Ok(app
        .anonymous()
        .anonymous(Method::GET, "/api/v1/auth/me")?
        .bearer_auth(token)
        .send()
        .await?)
}

#[tokio::test]
async fn the_password_grant_works_form_encoded_and_as_json() -> TestResult {
    let app = TestApp::spawn().await;
    let res = token_form(
        &app,
        &[
            ("grant_type", "password"),
            ("username", "admin"),
            ("password", ADMIN_PASSWORD),
        ],
    )
    .await?;
    assert_eq!(res.status(), 200);
    assert_eq!(
        res.headers()
            .get("cache-control")
            .and_then(|v| v.to_str().ok()),
        Some("no-store")
    );
    let tokens: Value = res.json().await?;
    assert_eq!(tokens["token_type"], "Bearer");
    assert_eq!(tokens["expires_in"], 900);
    let access = tokens["access_token"].as_str().unwrap_or_default();
    let me: Value = me_with(&app, access).await?.json().await?;
    assert_eq!(me["name"], "admin");
    assert_eq!(me["roles"], json!(["system_admin"]));
    let json = app
        .anonymous()
        .auth()
        .token(&TokenRequest::password("ADMIN", ADMIN_PASSWORD))
        .await?;
    assert!(
        json.refresh_token.is_some_and(|t| !t.is_empty()),
        "usernames are case-insensitive"
    );
    Ok(())
}

#[tokio::test]
async fn wrong_credentials_and_bad_requests_fail_the_oauth_way() -> TestResult {
    let app = TestApp::spawn().await;
    type Form<'a> = &'a [(&'a str, &'a str)];
    let cases: &[(Form, u16, &str)] = &[
        (
            &[
                ("grant_type", "password"),
                ("username", "admin"),
                ("password", "wrong-password"),
            ],
            400,
            "invalid_grant",
        ),
        (
            &[
                ("grant_type", "password"),
                ("username", "nobody"),
                ("password", "wrong-password"),
            ],
            400,
            "invalid_grant",
        ),
        (
            &[("grant_type", "password"), ("username", "admin")],
            400,
            "invalid_request",
        ),
        (
            &[
                ("grant_type", "client_credentials"),
                ("client_id", "cchc_x"),
                ("client_secret", "nope"),
            ],
            401,
            "invalid_client",
        ),
        (
            &[
                ("grant_type", "refresh_token"),
                ("refresh_token", "not-a-token"),
            ],
            400,
            "invalid_grant",
        ),
        (
            &[("grant_type", "authorization_code"), ("code", "x")],
            400,
            "unsupported_grant_type",
        ),
        (&[("username", "admin")], 400, "invalid_request"),
    ];
    for (form, status, code) in cases {
        let p = problem(token_form(&app, form).await?, *status).await?;
        assert_eq!(p.code, *code, "{form:?}");
        assert_eq!(
            p.error.as_deref(),
            Some(*code),
            "RFC 6749 error field for {form:?}"
        );
    }
    let res = app
        .anonymous()
        .anonymous(Method::POST, "/api/v1/auth/token")?
        .header("content-type", "text/plain")
        .body("x")
        .send()
        .await?;
    problem(res, 415).await?;
    Ok(())
}

#[tokio::test]
async fn systems_sign_in_with_client_credentials_and_see_their_scopes() -> TestResult {
    let app = TestApp::spawn().await;
    let p = province(&app).await?;
    let input = ApiClientIn {
        name: "Cổng DVC".into(),
        unit_id: p.id,
        scopes: vec![ClientScope::PortalStatisticsWrite],
    };
    let created = app.client.api_clients().create(&input).await?.into_inner();
    assert_eq!(created.client_secret.len(), 43);
    let portal = cchc_sdk::Client::builder(&app.base_url)
        .client_credentials(&created.client.client_id, &created.client_secret)
        .build()?;
    let me = portal.auth().me().await?;
    assert_eq!(me.kind, PrincipalKind::Client);
    assert_eq!(me.scopes, vec![ClientScope::PortalStatisticsWrite]);
    assert_eq!(me.visible_units, Some(1));
    assert_eq!(
        portal.units().list(&Default::default()).await?.data.len(),
        1
    );
    let err = portal
        .users()
        .list(&Default::default())
        .await
        .err()
        .ok_or("a portal listed users")?;
    assert!(err.is_forbidden());
    // Rotation: the old secret stops working at once.
    let rotated = app
        .client
        .api_clients()
        .rotate_secret(created.client.id)
        .await?
        .into_inner();
    assert_ne!(rotated.client_secret, created.client_secret);
    let old = app
        .anonymous()
        .auth()
        .token(&TokenRequest::client_credentials(
            &created.client.client_id,
            &created.client_secret,
        ))
        .await;
    assert_eq!(
        old.err()
            .and_then(|e| e.code().map(str::to_owned))
            .as_deref(),
        Some("invalid_client")
    );
    // Revocation: for good, and its live tokens die with it.
    let fresh = cchc_sdk::Client::builder(&app.base_url)
        .client_credentials(&created.client.client_id, &rotated.client_secret)
        .build()?;
    fresh.auth().me().await?;
    let revoked = app.client.api_clients().revoke(created.client.id).await?;
    assert!(!revoked.active);
    assert!(fresh.auth().me().await.is_err());
    Ok(())
}

#[tokio::test]
async fn refresh_tokens_rotate_and_reuse_revokes_the_family() -> TestResult {
    let app = TestApp::spawn().await;
    let auth = app.anonymous();
    let first = auth
        .auth()
        .token(&TokenRequest::password("admin", ADMIN_PASSWORD))
        .await?;
    let second = auth
        .auth()
        .token(&TokenRequest::refresh(
            first.refresh_token.as_deref().unwrap_or_default(),
        ))
        .await?;
    assert_ne!(second.refresh_token, first.refresh_token, "rotated on use");
    let third = auth
        .auth()
        .token(&TokenRequest::refresh(
            second.refresh_token.as_deref().unwrap_or_default(),
        ))
        .await?;
    // The first token again: someone replays a stolen copy.
    let reuse = auth
        .auth()
        .token(&TokenRequest::refresh(
            first.refresh_token.as_deref().unwrap_or_default(),
        ))
        .await
        .err()
        .ok_or("reuse accepted")?;
    assert_eq!(reuse.code(), Some("invalid_grant"));
    // The whole family is revoked, including the newest token.
    let after = auth
        .auth()
        .token(&TokenRequest::refresh(
            third.refresh_token.as_deref().unwrap_or_default(),
        ))
        .await
        .err()
        .ok_or("family survived")?;
    assert_eq!(after.code(), Some("invalid_grant"));
    // A refresh token is not an access token, and an access token is not a refresh token.
    assert_eq!(
        me_with(&app, third.refresh_token.as_deref().unwrap_or_default())
            .await?
            .status(),
        401
    );
    let swapped = auth
        .auth()
        .token(&TokenRequest::refresh(&third.access_token))
        .await
        .err()
        .ok_or("access token refreshed")?;
    assert_eq!(swapped.code(), Some("invalid_grant"));
    // Revocation (RFC 7009) ends a sign-in; unknown tokens are not an error.
    let other = auth
        .auth()
        .token(&TokenRequest::password("admin", ADMIN_PASSWORD))
        .await?;
    auth.auth()
        .revoke(other.refresh_token.as_deref().unwrap_or_default())
        .await?;
    auth.auth().revoke("never-issued").await?;
    assert!(
        auth.auth()
            .token(&TokenRequest::refresh(
                other.refresh_token.as_deref().unwrap_or_default()
            ))
            .await
            .is_err()
    );
    Ok(())
}

fn b64(v: &Value) -> String {
    URL_SAFE_NO_PAD.encode(serde_json::to_vec(v).unwrap_or_default())
}

#[tokio::test]
async fn forged_and_broken_tokens_are_all_401() -> TestResult {
    let app = TestApp::spawn().await;
    let admin = app.client.auth().me().await?;
    let backend = app.db.get_database_backend();
    let row = app
        .db
        .query_one_raw(Statement::from_string(
            backend,
            "SELECT kid, secret FROM signing_keys WHERE active = TRUE",
        ))
        .await?
        .ok_or("no key")?;
    let kid: String = row.try_get("", "kid")?;
    let secret = STANDARD.decode(row.try_get::<String>("", "secret")?)?;
    let now = chrono::Utc::now().timestamp();
    let claims = |over: Value| {
        let mut c = json!({
            "iss": "cchc", "aud": "cchc-api", "sub": admin.id, "typ": "access", "kind": "user",
            "unit": null, "roles": ["system_admin"], "scopes": [],
            "exp": now + 600, "nbf": now - 5, "iat": now - 5, "jti": uuid::Uuid::now_v7(),
        });
        if let (Some(c), Some(o)) = (c.as_object_mut(), over.as_object()) {
            for (k, v) in o {
                c.insert(k.clone(), v.clone());
            }
        }
        c
    };
    let sign = |claims: &Value, kid: &str| {
        let mut header = jsonwebtoken::Header::new(jsonwebtoken::Algorithm::HS256);
        header.kid = Some(kid.to_owned());
        jsonwebtoken::encode(
            &header,
            claims,
            &jsonwebtoken::EncodingKey::from_secret(&secret),
        )
        .unwrap_or_default()
    };
    // The forging is right: a well-made token is accepted.
    assert_eq!(
        me_with(&app, &sign(&claims(json!({})), &kid))
            .await?
            .status(),
        200
    );
    let valid = sign(&claims(json!({})), &kid);
    let mut parts: Vec<String> = valid.split('.').map(str::to_owned).collect();
    parts[1] = b64(&claims(
        json!({"roles": ["system_admin"], "sub": uuid::Uuid::now_v7()}),
    ));
    let tampered = parts.join(".");
    let alg_none = format!(
        "{}.{}.",
        b64(&json!({"alg": "none", "typ": "JWT", "kid": kid})),
        b64(&claims(json!({})))
    );
    let bad: Vec<(&str, String)> = vec![
        ("tampered", tampered),
        (
            "expired",
            sign(
                &claims(json!({"exp": now - 3600, "iat": now - 7200, "nbf": now - 7200})),
                &kid,
            ),
        ),
        (
            "not yet valid",
            sign(&claims(json!({"nbf": now + 3600})), &kid),
        ),
        (
            "wrong aud",
            sign(&claims(json!({"aud": "another-api"})), &kid),
        ),
        (
            "wrong iss",
            sign(&claims(json!({"iss": "someone-else"})), &kid),
        ),
        ("alg none", alg_none),
        ("unknown kid", sign(&claims(json!({})), "k-unknown")),
        (
            "string exp",
            sign(&claims(json!({"exp": (now + 600).to_string()})), &kid),
        ),
        (
            "not an access token",
            sign(&claims(json!({"typ": "refresh"})), &kid),
        ),
        ("garbage", "not.a.jwt".to_owned()),
    ];
    for (what, token) in bad {
        let res = me_with(&app, &token).await?;
        assert_eq!(res.status(), 401, "{what}");
        assert_eq!(problem(res, 401).await?.code, "unauthorized", "{what}");
    }
    let res = app
        .anonymous()
        .anonymous(Method::GET, "/api/v1/units")?
        .send()
        .await?;
    problem(res, 401).await?;
    Ok(())
}

#[tokio::test]
async fn repeated_failed_logins_get_429_with_retry_after() -> TestResult {
    let app = TestApp::spawn_with(|c| {
        c.login_attempts_burst = 3;
        c.login_attempts_per_minute = 1;
    })
    .await;
    let wrong = [
        ("grant_type", "password"),
        ("username", "admin"),
        ("password", "guess-guess"),
    ];
    for _ in 0..3 {
        problem(token_form(&app, &wrong).await?, 400).await?;
    }
    let res = token_form(&app, &wrong).await?;
    let retry: u64 = res
        .headers()
        .get("retry-after")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse().ok())
        .unwrap_or(0);
    assert!(retry >= 1, "Retry-After names a wait");
    assert_eq!(problem(res, 429).await?.code, "rate_limited");
    Ok(())
}

#[tokio::test]
async fn the_api_is_rate_limited_per_principal() -> TestResult {
    let app = TestApp::spawn_with(|c| {
        c.rate_limit_burst = 5;
        c.rate_limit_per_minute = 1;
    })
    .await;
    let mut statuses = Vec::new();
    for _ in 0..8 {
        statuses.push(
            app.anonymous()
                .anonymous(Method::GET, "/api/v1/units")?
                .send()
                .await?
                .status()
                .as_u16(),
        );
    }
    assert_eq!(statuses, [401, 401, 401, 401, 401, 429, 429, 429]);
    // Probes are never limited: a load balancer must always get an answer.
    assert_eq!(
        app.anonymous()
            .anonymous(Method::GET, "/healthz")?
            .send()
            .await?
            .status(),
        200
    );
    Ok(())
}

#[tokio::test]
async fn no_answer_or_log_line_holds_a_password_secret_or_refresh_token() -> TestResult {
    let app = TestApp::spawn().await;
    let p = province(&app).await?;
    let (user, client) = app
        .user("secret.keeper", Role::UnitAdmin, Some(p.id))
        .await?;
    client.auth().me().await?;
    let created = app
        .client
        .api_clients()
        .create(&ApiClientIn {
            name: "Báo cáo".into(),
            unit_id: p.id,
            scopes: vec![ClientScope::ReportsRead],
        })
        .await?
        .into_inner();
    let tokens = app
        .anonymous()
        .auth()
        .token(&TokenRequest::password(
            "secret.keeper",
            crate::common::USER_PASSWORD,
        ))
        .await?;
    let _ = app
        .anonymous()
        .auth()
        .token(&TokenRequest::password(
            "secret.keeper",
            "a-wrong-password-123",
        ))
        .await;
    let _ = app
        .anonymous()
        .auth()
        .token(&TokenRequest::refresh(
            tokens.refresh_token.as_deref().unwrap_or_default(),
        ))
        .await?;
    let mut answers = String::new();
    for path in [
        format!("/api/v1/users/{}", user.id),
        "/api/v1/users".to_owned(),
        format!("/api/v1/api-clients/{}", created.client.id),
        "/api/v1/api-clients".to_owned(),
        "/api/v1/audit-events?limit=200".to_owned(),
    ] {
        answers.push_str(
            &app.client
                .raw(Method::GET, &path)
                .await?
                .send()
                .await?
                .text()
                .await?,
        );
    }
    let logged = logs();
    assert!(logged.contains("request finished"), "the log capture works");
    assert!(
        logged.contains("secret.keeper"),
        "the log names who signed in, not with what"
    );
    for secret in [
        crate::common::USER_PASSWORD,
        ADMIN_PASSWORD,
        "a-wrong-password-123",
        &created.client_secret,
        tokens.refresh_token.as_deref().unwrap_or_default(),
    ] {
        assert!(!answers.contains(secret), "an answer holds a secret");
        assert!(!logged.contains(secret), "a log line holds a secret");
    }
    assert!(!answers.contains("argon2"), "no password hash is answered");
    Ok(())
}

#[tokio::test]
async fn keys_can_rotate_without_signing_anyone_out() -> TestResult {
    let app = TestApp::spawn().await;
    let before = app
        .anonymous()
        .auth()
        .token(&TokenRequest::password("admin", ADMIN_PASSWORD))
        .await?;
    cchc_server::auth::tokens::rotate(&app.db).await?;
    // The old token (old kid) is still accepted; the server learns the new kid by itself.
    assert_eq!(me_with(&app, &before.access_token).await?.status(), 200);
    Ok(())
}
