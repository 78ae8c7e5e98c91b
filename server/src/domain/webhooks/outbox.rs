//! The outbox: the journal events that are also webhook events are appended here by
//! [`crate::domain::write::Write::journal`], in the change's own transaction, and fanned
//! out at once to one delivery row per matching subscription; an event no subscription
//! wants is not kept. A rolled-back change leaves no event; a committed one always has its
//! deliveries waiting for the worker.

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

/// The fields of a task whose change assigns it anew (`task.assigned` on an update).
const TASK_ASSIGNMENT: [&str; 3] = [
    "lead_department_id",
    "supporting_department_ids",
    "assignee_ids",
];

/// The webhook event a journal entry stands for, by its `(resource_type, action)` and, for
/// a task's update, its `changes` (a new lead department, supporting departments or
/// assignees is an assignment).
pub fn event_type_of(
    resource_type: &str,
    action: &str,
    changes: &serde_json::Value,
) -> Option<WebhookEventType> {
    use WebhookEventType::*;
    Some(match (resource_type, action) {
        ("plan", "issue") => PlanIssued,
        ("task", "create") => TaskAssigned,
        ("task", "update") if TASK_ASSIGNMENT.iter().any(|f| changes.get(f).is_some()) => {
            TaskAssigned
        }
        ("task", "complete") => TaskCompleted,
        ("task", "mark_overdue") => TaskOverdue,
        ("index_assessment", "submit") => AssessmentSubmitted,
        ("index_assessment", "finalize") => AssessmentFinalized,
        ("index_assessment", "publish") => IndexPublished,
        ("award_decision", "issue") => AwardDecisionIssued,
        ("portal_statistics", "push") => PortalStatisticsUpdated,
        ("index_outlook", "at_risk") => IndexOutlookAtRisk,
        _ => return None,
    })
}

/// Appends the webhook event of `event` (if it is one) and its deliveries, on `db` (the
/// change's transaction) — only when a subscription of the event's unit or a unit above it
/// wants it: an event nobody receives leaves no row (one read of the subscriptions naming
/// its type is all it costs the change).
pub async fn append(
    db: &impl ConnectionTrait,
    event: &Event<'_>,
    now: DateTime<Utc>,
) -> Result<(), ApiError> {
    let Some(kind) = event_type_of(event.resource_type, event.action, &event.changes) else {
        return Ok(());
    };
    let Some(unit_id) = event.unit_id else {
        return Ok(());
    };
    // Paused subscriptions too: their deliveries wait (the worker skips them while paused)
    // and go out once the subscription is resumed. The text filter narrows; the parsed
    // list decides.
    let candidates = webhook_subscriptions::Entity::find()
        .filter(webhook_subscriptions::Column::Events.contains(format!("\"{}\"", kind.as_str())))
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
    let receivers: Vec<_> = candidates
        .iter()
        .filter(|s| lineage.contains(&s.unit_id))
        .collect();
    if receivers.is_empty() {
        return Ok(());
    }
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
    webhook_deliveries::Entity::insert_many(receivers.iter().map(|sub| {
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
    }))
    .exec_without_returning(db)
    .await?;
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

/// Removes the events older than `before` whose deliveries are all settled (delivered or
/// dead), with their delivery logs; events still waiting to be sent are kept whatever
/// their age. Returns how many events were removed.
pub async fn prune(db: &impl ConnectionTrait, before: DateTime<Utc>) -> Result<u64, ApiError> {
    use sea_orm::sea_query::Query;
    let unsettled = Query::select()
        .column(webhook_deliveries::Column::OutboxId)
        .from(webhook_deliveries::Entity)
        .and_where(webhook_deliveries::Column::Status.is_not_in(["delivered", "dead"]))
        .to_owned();
    let settled_old = Query::select()
        .column(webhook_outbox::Column::Id)
        .from(webhook_outbox::Entity)
        .and_where(webhook_outbox::Column::CreatedAt.lt(before))
        .and_where(webhook_outbox::Column::Id.not_in_subquery(unsettled.clone()))
        .to_owned();
    webhook_deliveries::Entity::delete_many()
        .filter(webhook_deliveries::Column::OutboxId.in_subquery(settled_old))
        .exec(db)
        .await?;
    let removed = webhook_outbox::Entity::delete_many()
        .filter(webhook_outbox::Column::CreatedAt.lt(before))
        .filter(webhook_outbox::Column::Id.not_in_subquery(unsettled))
        .exec(db)
        .await?;
    Ok(removed.rows_affected)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_event_type_has_one_journal_action() {
        use WebhookEventType::TaskAssigned;
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
            ("index_outlook", "at_risk"),
        ];
        let mut types: Vec<_> = mapped
            .iter()
            .filter_map(|(r, a)| event_type_of(r, a, &json!({})))
            .collect();
        types.sort();
        assert_eq!(types, WebhookEventType::ALL.to_vec());
        assert_eq!(event_type_of("plan", "create", &json!({})), None);
        let retitled = json!({"title": {"before": "A", "after": "B"}});
        assert_eq!(event_type_of("task", "update", &retitled), None);
        let moved = json!({"assignee_ids": {"before": [], "after": ["x"]}});
        assert_eq!(event_type_of("task", "update", &moved), Some(TaskAssigned));
    }
}
