//! The outbox: the journal events that are also webhook events are appended here by
//! [`crate::domain::write::Write::journal`], in the change's own transaction, and fanned
//! out at once to one delivery row per matching subscription. A rolled-back change leaves
//! no event; a committed one always has its deliveries waiting for the worker.

use cchc_sdk::types::webhooks::WebhookEventType;
use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter,
};
use serde_json::json;
use uuid::Uuid;

use crate::domain::audit::Event;
use crate::entity::{units, webhook_deliveries, webhook_outbox, webhook_subscriptions};
use crate::error::ApiError;

/// `pending`: a delivery not yet attempted.
pub const PENDING: &str = "pending";

/// The webhook event a journal entry stands for, by its `(resource_type, action)`.
pub fn event_type_of(resource_type: &str, action: &str) -> Option<WebhookEventType> {
    use WebhookEventType::*;
    Some(match (resource_type, action) {
        ("plan", "issue") => PlanIssued,
        ("task", "create") => TaskAssigned,
        ("task", "complete") => TaskCompleted,
        ("task", "mark_overdue") => TaskOverdue,
        ("index_assessment", "submit") => AssessmentSubmitted,
        ("index_assessment", "finalize") => AssessmentFinalized,
        ("index_assessment", "publish") => IndexPublished,
        ("award_decision", "issue") => AwardDecisionIssued,
        ("portal_statistics", "push") => PortalStatisticsUpdated,
        _ => return None,
    })
}

/// Appends the webhook event of `event` (if it is one) and its deliveries, on `db` (the
/// change's transaction).
pub async fn append(
    db: &impl ConnectionTrait,
    event: &Event<'_>,
    now: DateTime<Utc>,
) -> Result<(), ApiError> {
    let Some(kind) = event_type_of(event.resource_type, event.action) else {
        return Ok(());
    };
    let id = Uuid::now_v7();
    // The Standard Webhooks body: type, timestamp, data.
    let payload = json!({
        "type": kind.as_str(),
        "timestamp": now.to_rfc3339_opts(chrono::SecondsFormat::Millis, true),
        "data": {
            "resource_type": event.resource_type,
            "resource_id": event.resource_id,
            "unit_id": event.unit_id,
            "action": event.action,
            "changes": event.changes,
        },
    });
    webhook_outbox::ActiveModel {
        id: Set(id),
        event_type: Set(kind.as_str().to_owned()),
        unit_id: Set(event.unit_id),
        payload: Set(payload.to_string()),
        created_at: Set(now),
    }
    .insert(db)
    .await?;
    let Some(unit_id) = event.unit_id else {
        return Ok(());
    };
    let candidates = webhook_subscriptions::Entity::find()
        .filter(webhook_subscriptions::Column::Active.eq(true))
        .all(db)
        .await?
        .into_iter()
        .filter(|s| {
            serde_json::from_str::<Vec<WebhookEventType>>(&s.events)
                .is_ok_and(|events| events.contains(&kind))
        })
        .collect::<Vec<_>>();
    if candidates.is_empty() {
        return Ok(());
    }
    let lineage = lineage(db, unit_id).await?;
    for sub in candidates.iter().filter(|s| lineage.contains(&s.unit_id)) {
        webhook_deliveries::ActiveModel {
            id: Set(Uuid::now_v7()),
            subscription_id: Set(sub.id),
            outbox_id: Set(id),
            status: Set(PENDING.to_owned()),
            attempts: Set(0),
            next_attempt_at: Set(now),
            last_status_code: Set(None),
            last_error: Set(None),
            delivered_at: Set(None),
            created_at: Set(now),
        }
        .insert(db)
        .await?;
    }
    Ok(())
}

/// The unit and the units above it: a subscription of any of them receives its events.
async fn lineage(db: &impl ConnectionTrait, unit_id: Uuid) -> Result<Vec<Uuid>, ApiError> {
    let mut chain = vec![unit_id];
    let mut current = unit_id;
    // The hierarchy is a few levels deep; the bound guards against a cycle.
    for _ in 0..8 {
        let parent = units::Entity::find_by_id(current)
            .one(db)
            .await?
            .and_then(|u| u.parent_id);
        match parent {
            Some(p) if !chain.contains(&p) => {
                chain.push(p);
                current = p;
            }
            _ => break,
        }
    }
    Ok(chain)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_event_type_has_one_journal_action() {
        let mapped = [
            ("plan", "issue"),
            ("task", "create"),
            ("task", "complete"),
            ("task", "mark_overdue"),
            ("index_assessment", "submit"),
            ("index_assessment", "finalize"),
            ("index_assessment", "publish"),
            ("award_decision", "issue"),
            ("portal_statistics", "push"),
        ];
        let mut types: Vec<_> = mapped
            .iter()
            .filter_map(|(r, a)| event_type_of(r, a))
            .collect();
        types.sort();
        assert_eq!(types, WebhookEventType::ALL.to_vec());
        assert_eq!(event_type_of("plan", "create"), None);
        assert_eq!(event_type_of("task", "update"), None);
    }
}
