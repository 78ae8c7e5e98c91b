//! A task given to another department is assigned again (`task.assigned` of its update);
//! settled events leave the outbox after their retention, events still being tried stay; a
//! paused subscription's events wait and go out on resume; an event nobody subscribed to
//! is not kept.

use cchc_sdk::types::tasks::TaskPatch;
use cchc_sdk::types::webhooks::WebhookEventType;
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
use serde_json::Value;

use super::{Receiver, app, subscription};
use crate::common::fixtures::task_in;
use crate::common::world::World;
use crate::common::{TestApp, TestResult};
use cchc_server::entity::{webhook_deliveries, webhook_outbox};

/// The bodies received, as JSON.
fn bodies(receiver: &Receiver) -> Result<Vec<Value>, serde_json::Error> {
    receiver
        .seen()
        .iter()
        .map(|r| serde_json::from_slice(&r.body))
        .collect()
}

async fn settled(app: &TestApp, statuses: &[&str], n: u64) -> TestResult {
    for _ in 0..400 {
        let count = webhook_deliveries::Entity::find()
            .filter(webhook_deliveries::Column::Status.is_in(statuses.iter().copied()))
            .count(&app.db)
            .await?;
        if count >= n {
            return Ok(());
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    Err(format!("fewer than {n} deliveries {statuses:?}").into())
}

#[tokio::test]
async fn a_task_given_to_another_department_is_assigned_again() -> TestResult {
    let app = app(3).await;
    let w = World::build(&app).await?;
    let receiver = Receiver::start(vec![200]).await?;
    let events = vec![WebhookEventType::TaskAssigned];
    app.client
        .webhooks()
        .create(&subscription(&receiver.url, w.a().id, events))
        .await?;
    let tasks = app.client.tasks();
    let task = tasks
        .create(&task_in(w.a(), "Rà soát thủ tục", Some(w.a().van_phong())))
        .await?
        .into_inner();
    receiver.wait_for(1).await;
    // Another title only: no assignment.
    let retitled = TaskPatch {
        title: Some("Rà soát thủ tục hành chính".into()),
        ..Default::default()
    };
    let task = tasks.update(&task, &retitled).await?.into_inner();
    // Another lead department, with another title: an assignment of the lead only.
    let moved = TaskPatch {
        title: Some("Rà soát thủ tục hành chính năm 2025".into()),
        lead_department_id: cchc_sdk::types::common::Patch::Value(w.a().tai_chinh()),
        ..Default::default()
    };
    tasks.update(&task, &moved).await?;
    receiver.wait_for(2).await;
    let got = bodies(&receiver)?;
    assert_eq!(got.len(), 2, "the new title alone sent nothing");
    assert_eq!(got[0]["data"]["action"], "create");
    assert_eq!(got[1]["type"], "task.assigned");
    assert_eq!(got[1]["data"]["action"], "update");
    let changes = got[1]["data"]["changes"].as_object().ok_or("changes")?;
    assert!(
        changes.contains_key("title"),
        "every field the update changed"
    );
    assert_eq!(
        changes["lead_department_id"]["after"],
        w.a().tai_chinh().to_string()
    );
    Ok(())
}

#[tokio::test]
async fn settled_events_leave_the_outbox_after_their_retention() -> TestResult {
    let app = app(50).await;
    let w = World::build(&app).await?;
    let ok = Receiver::start(vec![200]).await?;
    let failing = Receiver::start(vec![500]).await?;
    let events = || vec![WebhookEventType::TaskAssigned];
    app.client
        .webhooks()
        .create(&subscription(&ok.url, w.a().id, events()))
        .await?;
    // The first event reaches its one receiver: settled.
    let tasks = app.client.tasks();
    tasks
        .create(&task_in(w.a(), "Sự kiện đã gửi", Some(w.a().van_phong())))
        .await?;
    settled(&app, &["delivered"], 1).await?;
    // The second also goes to a receiver that keeps failing: still being tried.
    app.client
        .webhooks()
        .create(&subscription(&failing.url, w.a().id, events()))
        .await?;
    tasks
        .create(&task_in(
            w.a(),
            "Sự kiện chưa gửi được",
            Some(w.a().van_phong()),
        ))
        .await?;
    settled(&app, &["delivered"], 2).await?;
    settled(&app, &["failed"], 1).await?;
    let outbox = || webhook_outbox::Entity::find().count(&app.db);
    assert_eq!(outbox().await?, 2);
    let prune = cchc_server::domain::webhooks::outbox::prune;
    // Within the retention nothing goes.
    let now = chrono::Utc::now();
    assert_eq!(prune(&app.db, now - chrono::Duration::days(1)).await?, 0);
    assert_eq!(outbox().await?, 2);
    // Past it, the settled event goes with its delivery; the one still tried stays whole.
    assert_eq!(prune(&app.db, now + chrono::Duration::days(1)).await?, 1);
    let left = webhook_outbox::Entity::find().all(&app.db).await?;
    assert_eq!(left.len(), 1);
    assert!(left[0].payload.contains("Sự kiện chưa gửi được"));
    let deliveries = webhook_deliveries::Entity::find().all(&app.db).await?;
    assert_eq!(deliveries.len(), 2, "the kept event's two deliveries");
    assert!(deliveries.iter().all(|d| d.outbox_id == left[0].id));
    Ok(())
}

#[tokio::test]
async fn a_paused_subscription_queues_its_events_and_sends_them_on_resume() -> TestResult {
    let app = app(3).await;
    let w = World::build(&app).await?;
    let receiver = Receiver::start(vec![200]).await?;
    let hooks = app.client.webhooks();
    let sub = hooks
        .create(&subscription(
            &receiver.url,
            w.a().id,
            vec![WebhookEventType::TaskAssigned],
        ))
        .await?
        .into_inner()
        .webhook;
    let paused = cchc_sdk::types::webhooks::WebhookPatch {
        active: Some(false),
        ..Default::default()
    };
    let sub = hooks.update(&sub, &paused).await?.into_inner();
    app.client
        .tasks()
        .create(&task_in(
            w.a(),
            "Việc giao khi tạm dừng",
            Some(w.a().van_phong()),
        ))
        .await?;
    // Queued, not sent, while paused.
    settled(&app, &["pending"], 1).await?;
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    assert!(receiver.seen().is_empty(), "nothing is sent while paused");
    let resumed = cchc_sdk::types::webhooks::WebhookPatch {
        active: Some(true),
        ..Default::default()
    };
    hooks.update(&sub, &resumed).await?;
    receiver.wait_for(1).await;
    let got = bodies(&receiver)?;
    assert_eq!(got.len(), 1);
    assert_eq!(got[0]["type"], "task.assigned");
    Ok(())
}

#[tokio::test]
async fn an_event_no_subscription_wants_leaves_no_row() -> TestResult {
    let app = app(3).await;
    let w = World::build(&app).await?;
    let receiver = Receiver::start(vec![200]).await?;
    let hooks = app.client.webhooks();
    // Another commune's subscription, and one of this commune for another event type.
    hooks
        .create(&subscription(
            &receiver.url,
            w.b().id,
            vec![WebhookEventType::TaskAssigned],
        ))
        .await?;
    hooks
        .create(&subscription(
            &receiver.url,
            w.a().id,
            vec![WebhookEventType::TaskCompleted],
        ))
        .await?;
    let tasks = app.client.tasks();
    tasks
        .create(&task_in(w.a(), "Không ai nhận", Some(w.a().van_phong())))
        .await?;
    let outbox = || webhook_outbox::Entity::find().count(&app.db);
    assert_eq!(outbox().await?, 0, "nobody wants it: no event kept");
    // Once this commune asks for it, the next one is kept with its one delivery.
    hooks
        .create(&subscription(
            &receiver.url,
            w.a().id,
            vec![WebhookEventType::TaskAssigned],
        ))
        .await?;
    tasks
        .create(&task_in(w.a(), "Có người nhận", Some(w.a().van_phong())))
        .await?;
    assert_eq!(outbox().await?, 1);
    receiver.wait_for(1).await;
    let got = bodies(&receiver)?;
    assert_eq!(got.len(), 1);
    assert_eq!(got[0]["type"], "task.assigned");
    Ok(())
}
