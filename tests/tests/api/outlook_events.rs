//! The outlook watch (issue 19, early warning) through the real job: a server whose watch
//! runs every second, a commune self-assessed into the top band, a webhook subscribed to
//! `index.outlook.at_risk`. The first round only marks the expected band; a lower
//! self-score drops it a band — one event, delivered and journaled; a second drop within
//! the week moves the mark and sends nothing more.

use std::time::Duration;

use cchc_sdk::types::audit::AuditEventListQuery;
use cchc_sdk::types::index::{
    AssessmentIn, AssessmentOut, Band, FrameworkIn, FrameworkLevel, SelfAssessmentIn, SelfScoreIn,
};
use cchc_sdk::types::webhooks::{WebhookEventType, WebhookListQuery};
use cchc_server::entity::index_outlook_marks as marks;
use chrono::Datelike;
use sea_orm::EntityTrait;
use serde_json::Value;
use uuid::Uuid;

use crate::common::world::World;
use crate::common::{TestApp, TestResult};
use crate::webhooks::{Receiver, subscription};
use crate::what_if::criterion;

/// Ten points, all self-assessed: 1.1.1 (4), 1.1.2 (3), 1.1.3 (3); Tốt ≥ 80 %, Khá ≥ 60 %,
/// Trung bình ≥ 40 %, Yếu below.
fn framework(issuer: Uuid, year: i32) -> FrameworkIn {
    let band = |label: &str, min_percent| Band {
        label: label.into(),
        min_percent,
    };
    FrameworkIn {
        issuer_unit_id: issuer,
        level: FrameworkLevel::Commune,
        year,
        name: format!("Bộ chỉ số CCHC cấp xã năm {year}"),
        decision_reference: None,
        self_assessment_deadline: None,
        bonus_cap: 1.0,
        penalty_cap: 1.0,
        bonus_items: vec![],
        penalty_items: vec![],
        bands: vec![
            band("Tốt", 80.0),
            band("Khá", 60.0),
            band("Trung bình", 40.0),
            band("Yếu", 0.0),
        ],
        areas: vec![criterion(
            "1",
            10.0,
            vec![criterion(
                "1.1",
                10.0,
                vec![
                    criterion("1.1.1", 4.0, vec![]),
                    criterion("1.1.2", 3.0, vec![]),
                    criterion("1.1.3", 3.0, vec![]),
                ],
            )],
        )],
    }
}

/// Self-scores of 1.1.1, 1.1.2 and 1.1.3.
fn scores(points: [f64; 3]) -> SelfAssessmentIn {
    SelfAssessmentIn {
        items: ["1.1.1", "1.1.2", "1.1.3"]
            .iter()
            .zip(points)
            .map(|(code, score)| SelfScoreIn {
                code: (*code).into(),
                score: Some(score),
                deduction: None,
                note: None,
                evidence_attachment_ids: None,
            })
            .collect(),
    }
}

/// Waits (up to 30 s, polling) until the watch's mark of `unit` and `year` is in `band`.
async fn mark_in(
    app: &TestApp,
    unit: Uuid,
    year: i32,
    band: &str,
) -> Result<marks::Model, Box<dyn std::error::Error>> {
    let mut last = None;
    for _ in 0..300 {
        last = marks::Entity::find_by_id((unit, year)).one(&app.db).await?;
        if let Some(mark) = last
            .as_ref()
            .filter(|m| m.expected_band.as_deref() == Some(band))
        {
            return Ok(mark.clone());
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    Err(format!("the mark did not reach {band}: {last:?}").into())
}

/// How many deliveries a subscription's log holds.
async fn deliveries(app: &TestApp, id: Uuid) -> Result<usize, cchc_sdk::Error> {
    let log = app
        .client
        .webhooks()
        .deliveries(id, &WebhookListQuery::default())
        .await?;
    Ok(log.data.len())
}

#[tokio::test]
async fn a_unit_dropping_a_band_emits_one_event_a_week() -> TestResult {
    let app = TestApp::spawn_with(|c| {
        c.webhooks_allow_private_targets = true;
        c.webhooks_poll_interval_ms = 50;
        c.outlook_watch_interval_secs = 1;
    })
    .await;
    // The watch's year: the current one in Vietnam (UTC+7).
    let year = (chrono::Utc::now() + chrono::Duration::hours(7)).year();
    let w = World::build(&app).await?;
    let receiver = Receiver::start(vec![204]).await?;
    let sub = app
        .client
        .webhooks()
        .create(&subscription(
            &receiver.url,
            w.district.id,
            vec![WebhookEventType::IndexOutlookAtRisk],
        ))
        .await?
        .into_inner();
    let frameworks = app.client.frameworks();
    let draft = frameworks
        .create(&framework(w.province.id, year))
        .await?
        .into_inner();
    let f = frameworks.publish(&draft).await?.into_inner();
    let assessments = app.client.assessments();
    let unit = w.a().id;
    let a: AssessmentOut = assessments
        .create(&AssessmentIn {
            framework_id: f.id,
            unit_id: unit,
        })
        .await?
        .into_inner();
    // 9 of 10: Tốt. The first round marks it and tells nothing.
    let a = assessments
        .self_assess(&a, &scores([4.0, 3.0, 2.0]))
        .await?
        .into_inner();
    let first = mark_in(&app, unit, year, "Tốt").await?;
    assert_eq!(first.expected_index_c, 9000);
    assert_eq!(first.notified_at, None);
    assert_eq!(
        deliveries(&app, sub.webhook.id).await?,
        0,
        "a first projection tells nothing"
    );

    // 7 of 10: Khá, a band lower — one event.
    let a = assessments
        .self_assess(&a, &scores([1.0, 3.0, 3.0]))
        .await?
        .into_inner();
    let seen = receiver.wait_for(1).await;
    let body: Value = serde_json::from_slice(&seen[0].body)?;
    assert_eq!(body["type"], "index.outlook.at_risk");
    let data = &body["data"];
    assert_eq!(data["resource_type"], "index_outlook");
    assert_eq!(data["action"], "at_risk");
    assert_eq!(data["resource_id"], unit.to_string());
    assert_eq!(data["unit_id"], unit.to_string());
    let changes = &data["changes"];
    assert_eq!(changes["year"], year);
    assert_eq!(
        changes["expected_band"],
        serde_json::json!({"before": "Tốt", "after": "Khá"})
    );
    assert_eq!(
        changes["expected_index_percent"],
        serde_json::json!({"before": 90.0, "after": 70.0})
    );
    assert_eq!(changes["worst_band"], "Khá");
    assert_eq!(changes["items_at_risk"], serde_json::json!(["1.1.1"]));
    let told = mark_in(&app, unit, year, "Khá").await?;
    assert_eq!(told.expected_index_c, 7000);
    let notified_at = told.notified_at.ok_or("the mark holds when it told")?;

    // 4 of 10: Trung bình, another band lower within the week — the mark follows, no event.
    assessments
        .self_assess(&a, &scores([1.0, 0.0, 3.0]))
        .await?;
    let moved = mark_in(&app, unit, year, "Trung bình").await?;
    assert_eq!(moved.expected_index_c, 4000);
    assert_eq!(moved.notified_at, Some(notified_at));
    // The mark and an event would commit together: the mark moved, so no event was made.
    assert_eq!(deliveries(&app, sub.webhook.id).await?, 1);
    assert_eq!(receiver.seen().len(), 1);

    // The journal holds the one event, made by the system.
    let journal = app
        .client
        .audit_events()
        .list(&AuditEventListQuery {
            resource_type: Some("index_outlook".into()),
            ..Default::default()
        })
        .await?;
    assert_eq!(journal.data.len(), 1, "{:?}", journal.data);
    let event = &journal.data[0];
    assert_eq!(event.action, "at_risk");
    assert_eq!(event.actor_kind, "system");
    assert_eq!(event.unit_id, Some(unit));
    assert_eq!(event.resource_id, Some(unit));
    assert_eq!(&event.changes, changes);
    Ok(())
}
