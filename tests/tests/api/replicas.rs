//! Two server processes on one database deliver each webhook event exactly once: nothing
//! lost, nothing doubled, counted over 1,000 events.
//!
//! The replicas are child processes (`common::child`), each with its own delivery worker
//! (polling every 7 and 11 ms), on the test's own database: its PostgreSQL schema when `CCHC_TEST_DATABASE_URL`
//! is set, otherwise its SQLite file, shared by the processes (WAL; the claim is a `BEGIN
//! IMMEDIATE` transaction, so one process claims at a time). The test's in-process server
//! only creates the subscription: its worker polls once an hour, so the two children are
//! the only ones that deliver. The tasks that make the events (`task.assigned`) are created
//! through both children at once, while they deliver.
//!
//! The receiver answers 500 to the first request of every event whose id ends in `0`
//! (about one in sixteen), then 200: "delivered once" is one 2xx-answered request per
//! event, and no request beyond the expected attempts (2 for those events, 1 for the
//! others). One subscription: a second would double the deliveries and the wait for them
//! without another way to go wrong, each delivery being a row of its own.
//!
//! The test fails if the claim takes no lease (on both databases), or if PostgreSQL's
//! claim locks nothing (`SKIP LOCKED` removed: 1 to 15 doubles a run, in each of 3 runs).

use std::collections::{BTreeSet, HashMap};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use cchc_sdk::Client;
use cchc_sdk::types::webhooks::{WebhookEventType, WebhookIn};
use cchc_server::entity::{webhook_deliveries as deliveries, webhook_outbox};
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
use tokio::io::AsyncWriteExt;
use tokio::net::{TcpListener, TcpStream};

use crate::common::child::start_delivering;
use crate::common::fixtures::task_in;
use crate::common::world::province;
use crate::common::{ADMIN_PASSWORD, TestApp, TestResult};

/// Events made (one task each), half through each replica.
const EVENTS: usize = 1_000;
/// Creates in flight at once on each replica.
const IN_FLIGHT: usize = 4;
/// The receiver's path, the subscription's.
const PATH: &str = "/hooks/cchc";

/// One request the receiver answered.
#[derive(Debug, Clone)]
struct Hit {
    path: String,
    id: String,
    status: u16,
}

/// Whether the receiver refuses the first request of the event `id`.
fn fails_first(id: &str) -> bool {
    id.ends_with('0')
}

/// A webhook receiver on loopback that records every request's path and `webhook-id`.
struct Receiver {
    base: String,
    hits: Arc<Mutex<Vec<Hit>>>,
}

impl Receiver {
    async fn start() -> std::io::Result<Receiver> {
        let listener = TcpListener::bind("127.0.0.1:0").await?;
        let base = format!("http://{}", listener.local_addr()?);
        let hits = Arc::new(Mutex::new(Vec::<Hit>::new()));
        let log = hits.clone();
        tokio::spawn(async move {
            while let Ok((stream, _)) = listener.accept().await {
                let log = log.clone();
                tokio::spawn(async move { answer(stream, &log).await });
            }
        });
        Ok(Receiver { base, hits })
    }

    fn hits(&self) -> Vec<Hit> {
        self.hits.lock().unwrap_or_else(|e| e.into_inner()).clone()
    }
}

/// Reads one request, decides and records its answer (under the log's lock, so two
/// requests of one event at once are still told apart), and answers.
async fn answer(mut stream: TcpStream, log: &Mutex<Vec<Hit>>) {
    let Some((path, id)) = read(&mut stream).await else {
        return;
    };
    let status = {
        let mut hits = log.lock().unwrap_or_else(|e| e.into_inner());
        let earlier = hits.iter().filter(|h| h.path == path && h.id == id).count();
        let status = if earlier == 0 && fails_first(&id) {
            500
        } else {
            200
        };
        hits.push(Hit { path, id, status });
        status
    };
    let answer = format!("HTTP/1.1 {status} X\r\ncontent-length: 0\r\nconnection: close\r\n\r\n");
    let _ = stream.write_all(answer.as_bytes()).await;
    let _ = stream.shutdown().await;
}

/// The path and `webhook-id` of one request (its body read and dropped).
async fn read(stream: &mut TcpStream) -> Option<(String, String)> {
    let request = crate::webhooks::read(stream).await?;
    let id = request.header("webhook-id");
    (!id.is_empty()).then(|| (request.path.clone(), id.to_owned()))
}

/// Creates `count` tasks through `client`, `IN_FLIGHT` at a time; every create must succeed.
async fn make_events(
    client: Client,
    unit: cchc_sdk::types::units::UnitOut,
    tag: char,
    count: usize,
) -> TestResult {
    let next = Arc::new(AtomicUsize::new(0));
    let mut senders = tokio::task::JoinSet::new();
    for _ in 0..IN_FLIGHT {
        let (client, unit, next) = (client.clone(), unit.clone(), next.clone());
        senders.spawn(async move {
            loop {
                let n = next.fetch_add(1, Ordering::Relaxed);
                if n >= count {
                    return Ok::<(), cchc_sdk::Error>(());
                }
                let title = format!("Nhiệm vụ {tag}{n}");
                client.tasks().create(&task_in(&unit, &title, None)).await?;
            }
        });
    }
    while let Some(done) = senders.join_next().await {
        done??;
    }
    Ok(())
}

/// Waits (up to 3 minutes) until `expected` deliveries exist and none is still to be sent.
async fn settled(app: &TestApp, expected: u64) -> Result<(), Box<dyn std::error::Error>> {
    let (mut total, mut open) = (0, 0);
    for _ in 0..1_800 {
        total = deliveries::Entity::find().count(&app.db).await?;
        open = deliveries::Entity::find()
            .filter(deliveries::Column::Status.is_in(["pending", "failed"]))
            .count(&app.db)
            .await?;
        if total == expected && open == 0 {
            return Ok(());
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    Err(format!("{total} deliveries of {expected}, {open} still to send").into())
}

#[tokio::test]
async fn two_replicas_deliver_each_event_exactly_once() -> TestResult {
    // The in-process server's worker stays out of the way: one look at start, then hourly.
    let app = TestApp::spawn_with(|c| {
        c.webhooks_allow_private_targets = true;
        c.webhooks_poll_interval_ms = 3_600_000;
    })
    .await;
    let unit = province(&app).await?;
    let receiver = Receiver::start().await?;
    let sub = app
        .client
        .webhooks()
        .create(&WebhookIn {
            url: format!("{}{PATH}", receiver.base),
            events: vec![WebhookEventType::TaskAssigned],
            unit_id: unit.id,
            description: "Hệ thống báo cáo tỉnh".into(),
        })
        .await?
        .into_inner();
    // Polls of equal periods keep their phase and might never meet; 7 and 11 ms sweep
    // past each other, so the two workers often claim at the same moment.
    let replicas = [
        start_delivering(&app, 7).await?,
        start_delivering(&app, 11).await?,
    ];
    let clients = replicas
        .iter()
        .map(|r| {
            Client::builder(&r.base_url)
                .password("admin", ADMIN_PASSWORD)
                .build()
        })
        .collect::<Result<Vec<_>, _>>()?;
    let (a, b) = tokio::join!(
        make_events(clients[0].clone(), unit.clone(), 'a', EVENTS / 2),
        make_events(clients[1].clone(), unit.clone(), 'b', EVENTS - EVENTS / 2),
    );
    a?;
    b?;
    settled(&app, EVENTS as u64).await?;
    // A few more rounds of both workers: a late duplicate would show up now.
    tokio::time::sleep(Duration::from_millis(300)).await;

    let events: BTreeSet<String> = webhook_outbox::Entity::find()
        .filter(webhook_outbox::Column::EventType.eq("task.assigned"))
        .all(&app.db)
        .await?
        .into_iter()
        .map(|e| e.id.to_string())
        .collect();
    assert_eq!(events.len(), EVENTS, "one event per task");
    let expected_attempts = |id: &str| if fails_first(id) { 2 } else { 1 };
    let retried = events.iter().filter(|id| fails_first(id)).count();
    assert!(retried > 0, "some deliveries are retried");

    // What the receiver saw: every event, each acknowledged once, no request too many.
    let hits = receiver.hits();
    assert!(
        hits.iter().all(|h| h.path == PATH),
        "only the subscription's URL"
    );
    let mut seen: HashMap<&str, (i32, i32)> = HashMap::new();
    for h in &hits {
        let (requests, acknowledged) = seen.entry(h.id.as_str()).or_default();
        *requests += 1;
        if (200..300).contains(&h.status) {
            *acknowledged += 1;
        }
    }
    let lost: Vec<&String> = events
        .iter()
        .filter(|id| !seen.contains_key(id.as_str()))
        .collect();
    let unknown: Vec<&&str> = seen.keys().filter(|id| !events.contains(**id)).collect();
    assert!(
        lost.is_empty() && unknown.is_empty(),
        "lost {lost:?}, unknown {unknown:?}"
    );
    let doubled: Vec<_> = seen
        .iter()
        .filter(|(id, (requests, acknowledged))| {
            *acknowledged != 1 || *requests != expected_attempts(id)
        })
        .collect();
    assert!(
        doubled.is_empty(),
        "{} events not acknowledged exactly once after the expected attempts \
         (id, (requests, acknowledged)): {doubled:?}",
        doubled.len()
    );
    assert_eq!(hits.len(), EVENTS + retried);

    // The delivery log: one row per event, delivered after the expected attempts.
    let rows = deliveries::Entity::find().all(&app.db).await?;
    let logged: BTreeSet<String> = rows.iter().map(|d| d.outbox_id.to_string()).collect();
    assert_eq!(rows.len(), EVENTS, "one delivery per event");
    assert!(logged == events, "the deliveries are the events'");
    for d in &rows {
        let id = d.outbox_id.to_string();
        assert_eq!(
            (d.subscription_id, d.status.as_str()),
            (sub.webhook.id, "delivered"),
            "{id}"
        );
        assert_eq!(
            (d.attempts, d.last_status_code),
            (expected_attempts(&id), Some(200)),
            "{id}"
        );
    }
    drop(replicas);
    Ok(())
}
