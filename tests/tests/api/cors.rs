//! Browsers on other origins (issue "Works with the clients people already have"): the
//! origins of `cors_allowed_origins` get their preflights answered and CORS headers on
//! every answer, errors included; other origins, and every origin by default, get none.

use reqwest::header::HeaderMap;
use reqwest::{Method, Response};

use crate::common::{TestApp, TestResult, problem};

const PORTAL: &str = "https://portal.example.vn";
const LOCAL: &str = "http://127.0.0.1:18097";
const STRANGER: &str = "https://evil.example.com";

async fn with_origins() -> TestApp {
    TestApp::spawn_with(|c| {
        c.cors_allowed_origins = format!("{PORTAL}, {LOCAL}");
    })
    .await
}

fn header<'a>(headers: &'a HeaderMap, name: &str) -> &'a str {
    headers
        .get(name)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
}

/// The lower-case items of a comma-separated header.
fn items(headers: &HeaderMap, name: &str) -> Vec<String> {
    header(headers, name)
        .split(',')
        .map(|s| s.trim().to_ascii_lowercase())
        .filter(|s| !s.is_empty())
        .collect()
}

fn cors_headers(headers: &HeaderMap) -> Vec<String> {
    headers
        .keys()
        .map(|k| k.as_str().to_owned())
        .filter(|k| k.starts_with("access-control-"))
        .collect()
}

async fn preflight(
    app: &TestApp,
    origin: &str,
    method: &str,
    asks: &str,
) -> reqwest::Result<Response> {
    reqwest::Client::new()
        .request(Method::OPTIONS, format!("{}/api/v1/plans", app.base_url))
        .header("origin", origin)
        .header("access-control-request-method", method)
        .header("access-control-request-headers", asks)
        .send()
        .await
}

fn assert_exposes(headers: &HeaderMap, origin: &str) {
    assert_eq!(header(headers, "access-control-allow-origin"), origin);
    let exposed = items(headers, "access-control-expose-headers");
    for name in ["etag", "location", "x-request-id", "retry-after"] {
        assert!(
            exposed.contains(&name.to_owned()),
            "{name} not in {exposed:?}"
        );
    }
    assert!(headers.get("access-control-allow-credentials").is_none());
}

#[tokio::test]
async fn an_allowed_origins_preflight_is_answered() -> TestResult {
    let app = with_origins().await;
    let res = preflight(
        &app,
        PORTAL,
        "PATCH",
        "authorization, content-type, idempotency-key, if-match",
    )
    .await?;
    assert_eq!(res.status().as_u16(), 200);
    let h = res.headers();
    assert_eq!(header(h, "access-control-allow-origin"), PORTAL);
    let methods = items(h, "access-control-allow-methods");
    for m in ["get", "head", "post", "put", "patch", "delete"] {
        assert!(methods.contains(&m.to_owned()), "{m} not in {methods:?}");
    }
    let allowed = items(h, "access-control-allow-headers");
    for name in [
        "authorization",
        "content-type",
        "idempotency-key",
        "if-match",
    ] {
        assert!(
            allowed.contains(&name.to_owned()),
            "{name} not in {allowed:?}"
        );
    }
    assert_eq!(header(h, "access-control-max-age"), "600");
    assert!(h.get("access-control-allow-credentials").is_none());
    // Answered inside the envelope: it has its request id.
    assert!(h.contains_key("x-request-id"));
    // The other listed origin too, echoed as itself (never `*`).
    let res = preflight(&app, LOCAL, "POST", "authorization").await?;
    assert_eq!(res.status().as_u16(), 200);
    assert_eq!(header(res.headers(), "access-control-allow-origin"), LOCAL);
    Ok(())
}

#[tokio::test]
async fn answers_to_an_allowed_origin_expose_the_apis_headers_errors_included() -> TestResult {
    let app = TestApp::spawn_with(|c| {
        c.cors_allowed_origins = PORTAL.into();
        // Anonymous calls are limited per address: a few are 401, then 429.
        c.rate_limit_per_minute = 1;
        c.rate_limit_burst = 3;
    })
    .await;
    let res = app
        .client
        .raw(Method::GET, "/api/v1/units")
        .await?
        .header("origin", PORTAL)
        .send()
        .await?;
    assert_eq!(res.status().as_u16(), 200);
    assert_exposes(res.headers(), PORTAL);

    // A 401 from the route, and a 429 from the rate limiter (a middleware's error).
    let http = reqwest::Client::new();
    let anonymous = || {
        http.get(format!("{}/api/v1/units", app.base_url))
            .header("origin", PORTAL)
            .send()
    };
    let res = anonymous().await?;
    assert_exposes(res.headers(), PORTAL);
    problem(res, 401).await?;
    let mut limited = None;
    for _ in 0..5 {
        let res = anonymous().await?;
        if res.status().as_u16() == 429 {
            limited = Some(res);
            break;
        }
    }
    let res = limited.ok_or("the rate limit answers 429")?;
    assert_exposes(res.headers(), PORTAL);
    assert!(res.headers().contains_key("retry-after"));
    problem(res, 429).await?;
    Ok(())
}

#[tokio::test]
async fn other_origins_get_no_cors_headers() -> TestResult {
    let app = with_origins().await;
    // An actual request is served as usual, without anything a browser would honour.
    let res = app
        .client
        .raw(Method::GET, "/api/v1/units")
        .await?
        .header("origin", STRANGER)
        .send()
        .await?;
    assert_eq!(res.status().as_u16(), 200);
    assert_eq!(cors_headers(res.headers()), Vec::<String>::new());
    // Its preflight is refused, as problem+json, without CORS headers.
    let res = preflight(&app, STRANGER, "GET", "authorization").await?;
    assert_eq!(cors_headers(res.headers()), Vec::<String>::new());
    assert!(!res.status().is_success());
    problem(res, 405).await?;
    // An origin differing only by port or scheme is another origin.
    let res = preflight(&app, "http://127.0.0.1:18098", "GET", "authorization").await?;
    assert_eq!(cors_headers(res.headers()), Vec::<String>::new());
    let res = preflight(&app, "http://portal.example.vn", "GET", "authorization").await?;
    assert_eq!(cors_headers(res.headers()), Vec::<String>::new());
    // A request without Origin (not from a browser page) gets none either.
    let res = app
        .client
        .raw(Method::GET, "/api/v1/units")
        .await?
        .send()
        .await?;
    assert_eq!(cors_headers(res.headers()), Vec::<String>::new());
    Ok(())
}

#[tokio::test]
async fn a_preflight_asking_for_more_than_the_api_takes_is_refused() -> TestResult {
    let app = with_origins().await;
    let res = preflight(&app, PORTAL, "GET", "authorization, x-something-else").await?;
    assert_eq!(cors_headers(res.headers()), Vec::<String>::new());
    problem(res, 400).await?;
    let res = preflight(&app, PORTAL, "TRACE", "authorization").await?;
    assert_eq!(cors_headers(res.headers()), Vec::<String>::new());
    problem(res, 400).await?;
    Ok(())
}

#[tokio::test]
async fn by_default_no_origin_gets_cors_headers() -> TestResult {
    let app = TestApp::spawn().await;
    assert_eq!(app.config.cors_allowed_origins, "");
    for origin in [PORTAL, LOCAL] {
        let res = preflight(&app, origin, "GET", "authorization").await?;
        assert_eq!(cors_headers(res.headers()), Vec::<String>::new());
        problem(res, 405).await?;
        let res = app
            .client
            .raw(Method::GET, "/api/v1/units")
            .await?
            .header("origin", origin)
            .send()
            .await?;
        assert_eq!(res.status().as_u16(), 200);
        assert_eq!(cors_headers(res.headers()), Vec::<String>::new());
    }
    Ok(())
}
