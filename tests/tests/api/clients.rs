//! What ordinary client tools do on first contact (issue "Works with the clients people
//! already have"): monitors probing with HEAD, Windows tools writing a byte order mark
//! before JSON, browsers that need to be told not to sniff, cache or frame answers.

use reqwest::Method;

use crate::common::fixtures::department_in;
use crate::common::world::World;
use crate::common::{TestApp, TestResult};

#[tokio::test]
async fn head_answers_every_get_route_without_a_body() -> TestResult {
    let app = TestApp::spawn().await;
    let http = reqwest::Client::new();
    for path in ["/healthz", "/readyz"] {
        let res = http.head(format!("{}{path}", app.base_url)).send().await?;
        assert_eq!(res.status().as_u16(), 200, "HEAD {path}");
        assert!(res.headers().contains_key("x-request-id"));
        assert!(res.bytes().await?.is_empty(), "HEAD {path} sent a body");
    }
    let res = app
        .client
        .raw(Method::HEAD, "/api/v1/units")
        .await?
        .send()
        .await?;
    assert_eq!(res.status().as_u16(), 200);
    assert!(res.bytes().await?.is_empty());
    // Without a token HEAD is refused as GET would be.
    let res = http
        .head(format!("{}/api/v1/units", app.base_url))
        .send()
        .await?;
    assert_eq!(res.status().as_u16(), 401);
    // The 405 of a GET-only path lists HEAD among the methods it accepts.
    let res = http.put(format!("{}/healthz", app.base_url)).send().await?;
    assert_eq!(res.status().as_u16(), 405);
    let allow = res
        .headers()
        .get("allow")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    assert_eq!(allow, "GET, HEAD");
    Ok(())
}

#[tokio::test]
async fn a_json_body_after_a_byte_order_mark_is_read() -> TestResult {
    let app = TestApp::spawn().await;
    let w = World::builder().without_departments().build(&app).await?;
    let mut body = "\u{FEFF}".as_bytes().to_vec();
    body.extend(serde_json::to_vec(&department_in(
        w.a(),
        "Tổ viết bằng PowerShell",
    ))?);
    let res = app
        .client
        .raw(Method::POST, "/api/v1/departments")
        .await?
        .header("content-type", "application/json")
        .body(body)
        .send()
        .await?;
    assert_eq!(res.status().as_u16(), 201, "{}", res.text().await?);
    Ok(())
}

#[tokio::test]
async fn answers_are_not_sniffed_cached_or_framed() -> TestResult {
    let app = TestApp::spawn().await;
    let http = reqwest::Client::new();
    let answers = [
        app.client
            .raw(Method::GET, "/api/v1/units")
            .await?
            .send()
            .await?,
        http.get(format!("{}/docs/", app.base_url)).send().await?,
        http.get(format!("{}/api/v1/nothing-here", app.base_url))
            .send()
            .await?,
    ];
    for res in answers {
        let url = res.url().to_string();
        let h = res.headers();
        let get = |name: &str| {
            h.get(name)
                .and_then(|v| v.to_str().ok())
                .unwrap_or_default()
        };
        assert_eq!(get("x-content-type-options"), "nosniff", "{url}");
        assert_eq!(get("cache-control"), "no-store", "{url}");
        assert_eq!(get("x-frame-options"), "DENY", "{url}");
        assert_eq!(
            get("content-security-policy"),
            "frame-ancestors 'none'",
            "{url}"
        );
    }
    Ok(())
}
