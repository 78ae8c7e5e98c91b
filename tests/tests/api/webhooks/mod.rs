//! Webhooks end to end: a subscription, a change in the commune, and a signed request at a
//! receiver on loopback (verified with the SDK's Standard Webhooks `verify`); a receiver
//! that fails is retried until it answers, then dead-lettered, and redelivered by hand; the
//! SSRF guard; and a subscription only hears its own units.

mod retention;

use std::sync::{Arc, Mutex};
use std::time::Duration;

use cchc_sdk::types::webhooks::{DeliveryStatus, WebhookEventType, WebhookIn, WebhookListQuery};
use cchc_sdk::webhooks::{self, Headers};
use serde_json::Value;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

use crate::common::fixtures::task_in;
use crate::common::walk::token;
use crate::common::world::World;
use crate::common::{ADMIN_PASSWORD, TestApp, TestResult};

/// One request the receiver read.
#[derive(Debug, Clone)]
pub(crate) struct Received {
    /// The request target (`/hooks/cchc`).
    pub(crate) path: String,
    headers: Vec<(String, String)>,
    /// The body as read.
    pub(crate) body: Vec<u8>,
}

impl Received {
    /// A header's value (empty when absent).
    pub(crate) fn header(&self, name: &str) -> &str {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
            .unwrap_or_default()
    }
}

/// A webhook receiver on loopback: the n-th request gets the n-th status of the script
/// (the last one again when it runs out).
pub(crate) struct Receiver {
    /// Where it listens (`http://127.0.0.1:PORT/hooks/cchc`).
    pub(crate) url: String,
    seen: Arc<Mutex<Vec<Received>>>,
}

impl Receiver {
    pub(crate) async fn start(script: Vec<u16>) -> std::io::Result<Receiver> {
        let listener = TcpListener::bind("127.0.0.1:0").await?;
        let url = format!("http://{}/hooks/cchc", listener.local_addr()?);
        let seen = Arc::new(Mutex::new(Vec::new()));
        let log = seen.clone();
        tokio::spawn(async move {
            let mut n = 0;
            while let Ok((mut stream, _)) = listener.accept().await {
                let Some(request) = read(&mut stream).await else {
                    continue;
                };
                let status = script.get(n).or(script.last()).copied().unwrap_or(200);
                n += 1;
                log.lock().unwrap_or_else(|e| e.into_inner()).push(request);
                let answer = format!(
                    "HTTP/1.1 {status} X\r\ncontent-length: 0\r\nconnection: close\r\n\r\n"
                );
                let _ = stream.write_all(answer.as_bytes()).await;
                let _ = stream.shutdown().await;
            }
        });
        Ok(Receiver { url, seen })
    }

    pub(crate) fn seen(&self) -> Vec<Received> {
        self.seen.lock().unwrap_or_else(|e| e.into_inner()).clone()
    }

    /// Waits (up to 20 s) until `n` requests arrived.
    pub(crate) async fn wait_for(&self, n: usize) -> Vec<Received> {
        for _ in 0..400 {
            let seen = self.seen();
            if seen.len() >= n {
                return seen;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        panic!("the receiver got {} requests, not {n}", self.seen().len());
    }
}

/// Reads one HTTP/1.1 request (head and `content-length` body) from `stream`.
pub(crate) async fn read(stream: &mut TcpStream) -> Option<Received> {
    let mut buf = Vec::new();
    let mut chunk = [0u8; 4096];
    let head_end = loop {
        let n = stream.read(&mut chunk).await.ok()?;
        if n == 0 {
            return None;
        }
        buf.extend_from_slice(&chunk[..n]);
        if let Some(i) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
            break i + 4;
        }
    };
    let head = String::from_utf8_lossy(&buf[..head_end]).to_string();
    let headers: Vec<(String, String)> = head
        .lines()
        .skip(1)
        .filter_map(|l| l.split_once(':'))
        .map(|(n, v)| (n.trim().to_owned(), v.trim().to_owned()))
        .collect();
    let length: usize = headers
        .iter()
        .find(|(n, _)| n.eq_ignore_ascii_case("content-length"))
        .and_then(|(_, v)| v.parse().ok())
        .unwrap_or(0);
    while buf.len() < head_end + length {
        let n = stream.read(&mut chunk).await.ok()?;
        if n == 0 {
            break;
        }
        buf.extend_from_slice(&chunk[..n]);
    }
    Some(Received {
        path: head
            .split_whitespace()
            .nth(1)
            .unwrap_or_default()
            .to_owned(),
        headers,
        body: buf[head_end..].to_vec(),
    })
}

/// A server that may deliver to loopback, polls often and retries fast.
async fn app(max_attempts: u32) -> TestApp {
    TestApp::spawn_with(|c| {
        c.webhooks_allow_private_targets = true;
        c.webhooks_poll_interval_ms = 50;
        c.webhooks_backoff_base_ms = 100;
        c.webhooks_max_attempts = max_attempts;
    })
    .await
}

pub(crate) fn subscription(
    url: &str,
    unit_id: uuid::Uuid,
    events: Vec<WebhookEventType>,
) -> WebhookIn {
    WebhookIn {
        url: url.into(),
        events,
        unit_id,
        description: "Hệ thống báo cáo tỉnh".into(),
    }
}

fn verify(secret: &str, r: &Received) -> Result<(), webhooks::WebhookError> {
    let headers = Headers {
        id: r.header("webhook-id"),
        timestamp: r.header("webhook-timestamp"),
        signature: r.header("webhook-signature"),
    };
    let now = chrono::Utc::now().timestamp();
    webhooks::verify(secret, &headers, &r.body, now, webhooks::DEFAULT_TOLERANCE)
}

#[tokio::test]
async fn a_change_reaches_a_loopback_receiver_signed_per_standard_webhooks() -> TestResult {
    let app = app(3).await;
    let w = World::build(&app).await?;
    let receiver = Receiver::start(vec![204]).await?;
    // Subscribed at the district: the commune below it is heard too.
    let sub = app
        .client
        .webhooks()
        .create(&subscription(
            &receiver.url,
            w.district.id,
            vec![
                WebhookEventType::TaskAssigned,
                WebhookEventType::TaskCompleted,
            ],
        ))
        .await?
        .into_inner();
    assert!(sub.secret.starts_with("whsec_"));
    let task = app
        .client
        .tasks()
        .create(&task_in(
            w.a(),
            "Rà soát thủ tục hành chính",
            Some(w.a().van_phong()),
        ))
        .await?
        .into_inner();
    let seen = receiver.wait_for(1).await;
    let first = &seen[0];
    verify(&sub.secret, first)?;
    assert_eq!(
        verify("whsec_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", first),
        Err(webhooks::WebhookError::SignatureMismatch),
        "another secret does not verify"
    );
    let body: Value = serde_json::from_slice(&first.body)?;
    assert_eq!(body["type"], "task.assigned");
    assert_eq!(body["data"]["resource_id"], task.id.to_string());
    assert_eq!(body["data"]["unit_id"], w.a().id.to_string());
    assert_eq!(first.header("content-type"), "application/json");
    // The capture for the CI's check with the Python `standardwebhooks` package.
    if let Ok(path) = std::env::var("CCHC_WEBHOOK_CAPTURE") {
        let capture = serde_json::json!({
            "secret": sub.secret,
            "headers": {
                "webhook-id": first.header("webhook-id"),
                "webhook-timestamp": first.header("webhook-timestamp"),
                "webhook-signature": first.header("webhook-signature"),
            },
            "body": String::from_utf8(first.body.clone())?,
        });
        std::fs::write(path, capture.to_string())?;
    }

    let log = app
        .client
        .webhooks()
        .deliveries(sub.webhook.id, &WebhookListQuery::default())
        .await?;
    assert_eq!(log.data.len(), 1);
    let d = &log.data[0];
    assert_eq!(d.event_id.to_string(), first.header("webhook-id"));
    assert_eq!(d.event_type, "task.assigned");
    // The log is written just after the answer: give the worker a moment.
    for _ in 0..100 {
        let log = app
            .client
            .webhooks()
            .deliveries(sub.webhook.id, &WebhookListQuery::default())
            .await?;
        if log.data[0].status == DeliveryStatus::Delivered {
            assert_eq!(log.data[0].attempts, 1);
            assert_eq!(log.data[0].last_status_code, Some(204));
            return Ok(());
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("the delivery was never marked delivered");
}

#[tokio::test]
async fn a_failing_receiver_is_retried_dead_lettered_and_redelivered_by_hand() -> TestResult {
    let app = app(3).await;
    let w = World::build(&app).await?;
    // Event 1: 500 then 204. Event 2: 500, 500, 500 (dead), then 204 after the redelivery.
    let receiver = Receiver::start(vec![500, 204, 500, 500, 500, 204]).await?;
    let sub = app
        .client
        .webhooks()
        .create(&subscription(
            &receiver.url,
            w.a().id,
            vec![WebhookEventType::TaskAssigned],
        ))
        .await?
        .into_inner();
    app.client
        .tasks()
        .create(&task_in(w.a(), "Nhiệm vụ một", None))
        .await?;
    let seen = receiver.wait_for(2).await;
    assert_eq!(seen[0].header("webhook-id"), seen[1].header("webhook-id"));
    for r in &seen {
        verify(&sub.secret, r)?;
    }
    let deliveries = || async {
        app.client
            .webhooks()
            .deliveries(sub.webhook.id, &WebhookListQuery::default())
            .await
    };
    let delivered = wait_status(&deliveries, 0, DeliveryStatus::Delivered).await?;
    assert_eq!(
        (delivered.attempts, delivered.last_status_code),
        (2, Some(204))
    );

    app.client
        .tasks()
        .create(&task_in(w.a(), "Nhiệm vụ hai", None))
        .await?;
    receiver.wait_for(5).await;
    let dead = wait_status(&deliveries, 1, DeliveryStatus::Dead).await?;
    assert_eq!((dead.attempts, dead.last_status_code), (3, Some(500)));
    tokio::time::sleep(Duration::from_millis(400)).await;
    assert_eq!(receiver.seen().len(), 5, "no attempt after the last one");

    let again = app
        .client
        .webhooks()
        .redeliver(sub.webhook.id, dead.id)
        .await?
        .into_inner();
    assert_eq!(again.status, DeliveryStatus::Pending);
    let seen = receiver.wait_for(6).await;
    assert_eq!(seen[5].header("webhook-id"), dead.event_id.to_string());
    verify(&sub.secret, &seen[5])?;
    let redelivered = wait_status(&deliveries, 1, DeliveryStatus::Delivered).await?;
    assert_eq!(redelivered.attempts, 1);
    Ok(())
}

/// Waits until the `n`-th delivery of the log has `status`.
async fn wait_status<F, Fut>(
    log: &F,
    n: usize,
    status: DeliveryStatus,
) -> Result<cchc_sdk::types::webhooks::WebhookDeliveryOut, cchc_sdk::Error>
where
    F: Fn() -> Fut,
    Fut: std::future::Future<
            Output = Result<
                cchc_sdk::types::common::Page<cchc_sdk::types::webhooks::WebhookDeliveryOut>,
                cchc_sdk::Error,
            >,
        >,
{
    for _ in 0..200 {
        let page = log().await?;
        if let Some(d) = page.data.get(n)
            && d.status == status
        {
            return Ok(d.clone());
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("delivery {n} never reached {status:?}");
}

#[tokio::test]
async fn internal_targets_are_refused_unless_the_setting_allows_them() -> TestResult {
    let app = TestApp::spawn().await;
    let w = World::build(&app).await?;
    for url in [
        "http://127.0.0.1:9/hook",
        "http://localhost:9/hook",
        "http://[::1]:9/hook",
        "http://169.254.169.254/latest/meta-data",
        "http://10.0.0.7/hook",
    ] {
        let err = app
            .client
            .webhooks()
            .create(&subscription(
                url,
                w.a().id,
                vec![WebhookEventType::PlanIssued],
            ))
            .await
            .err()
            .ok_or(format!("{url} was accepted"))?;
        assert!(err.is_validation(), "{url}: {err}");
        let problem = err.problem().ok_or("no problem")?;
        assert_eq!(problem.errors[0].field, "url");
        assert_eq!(problem.errors[0].code, "url_not_allowed");
    }
    Ok(())
}

#[tokio::test]
async fn a_subscription_hears_only_its_units_and_the_secret_is_shown_once() -> TestResult {
    let app = app(3).await;
    let w = World::build(&app).await?;
    let receiver = Receiver::start(vec![200]).await?;
    let sub = app
        .client
        .webhooks()
        .create(&subscription(
            &receiver.url,
            w.a().id,
            vec![WebhookEventType::TaskAssigned],
        ))
        .await?
        .into_inner();
    app.client
        .tasks()
        .create(&task_in(w.b(), "Nhiệm vụ của xã khác", None))
        .await?;
    let ours = app
        .client
        .tasks()
        .create(&task_in(w.a(), "Nhiệm vụ của xã", None))
        .await?
        .into_inner();
    let seen = receiver.wait_for(1).await;
    let body: Value = serde_json::from_slice(&seen[0].body)?;
    assert_eq!(body["data"]["resource_id"], ours.id.to_string());
    let log = app
        .client
        .webhooks()
        .deliveries(sub.webhook.id, &WebhookListQuery::default())
        .await?;
    assert_eq!(log.data.len(), 1, "the other commune's task is not ours");

    // Read back, the subscription has no secret; another commune's admin does not see it.
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
    let raw: Value = http
        .get(format!(
            "{}/api/v1/webhooks/{}",
            app.base_url, sub.webhook.id
        ))
        .bearer_auth(admin)
        .send()
        .await?
        .json()
        .await?;
    assert!(raw.get("secret").is_none(), "{raw}");
    let (_, other) = app
        .user(
            "admin_b",
            cchc_sdk::types::auth::Role::UnitAdmin,
            Some(w.b().id),
        )
        .await?;
    let err = other
        .webhooks()
        .get(sub.webhook.id)
        .await
        .err()
        .ok_or("seen")?;
    assert!(err.is_not_found(), "{err}");
    Ok(())
}
