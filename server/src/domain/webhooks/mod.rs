//! Webhook subscriptions: a unit's events sent to a URL, signed per Standard Webhooks. The
//! secret is shown once, at creation. Events come from the outbox ([`outbox`]) the write
//! path fills; the worker ([`deliver`]) sends them; the SSRF guard ([`ssrf`]) keeps them
//! off internal addresses.

pub mod deliver;
pub mod outbox;
pub mod ssrf;

use cchc_sdk::types::common::Page;
use cchc_sdk::types::webhooks::{
    DeliveryStatus, WebhookDeliveryOut, WebhookEventType, WebhookIn, WebhookOut, WebhookPatch,
};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseConnection,
    EntityTrait, ModelTrait, QueryFilter,
};
use serde_json::json;
use uuid::Uuid;

use crate::auth::{Ctx, Scope};
use crate::config::Config;
use crate::domain::audit::{self, Event};
use crate::domain::page::PageRequest;
use crate::domain::precondition::IfMatch;
use crate::domain::scoped::{UnitScoped, find, scoped};
use crate::domain::versioned::save_versioned;
use crate::domain::write::Write;
use crate::domain::{text, units};
use crate::entity::{webhook_deliveries, webhook_outbox, webhook_subscriptions as subs};
use crate::error::{ApiError, FieldIssue};

impl UnitScoped for subs::Entity {
    fn id_column() -> Self::Column {
        subs::Column::Id
    }
    fn unit_column() -> Self::Column {
        subs::Column::UnitId
    }
}

crate::versioned!(webhook_subscriptions);

/// The wire form of a stored subscription (without its secret).
pub fn to_out(m: subs::Model) -> WebhookOut {
    WebhookOut {
        id: m.id,
        unit_id: m.unit_id,
        url: m.url,
        events: serde_json::from_str(&m.events).unwrap_or_default(),
        active: m.active,
        description: m.description,
        created_at: m.created_at,
        updated_at: m.updated_at,
        version: m.version,
    }
}

fn normal(mut events: Vec<WebhookEventType>) -> Vec<WebhookEventType> {
    events.sort();
    events.dedup();
    events
}

/// The field issues of a URL, events and description (the URL resolved and guarded).
async fn check(
    config: &Config,
    url: &str,
    events: &[WebhookEventType],
    description: &str,
) -> Vec<FieldIssue> {
    let mut issues = Vec::new();
    if url.is_empty() {
        issues.push(FieldIssue::required("url"));
    } else if url.len() > 2048 {
        issues.push(FieldIssue::too_long("url", 2048));
    } else if let Err(text) = ssrf::check(url, config.webhooks_allow_private_targets).await {
        issues.push(FieldIssue::new("url", "url_not_allowed", text));
    }
    if events.is_empty() {
        issues.push(FieldIssue::required("events"));
    }
    if description.chars().count() > 500 {
        issues.push(FieldIssue::too_long("description", 500));
    }
    issues
}

/// A subscription the caller can see, or 404.
pub async fn get(
    db: &impl ConnectionTrait,
    scope: &Scope,
    id: Uuid,
) -> Result<subs::Model, ApiError> {
    find::<subs::Entity>(db, scope, id).await
}

/// One page of the subscriptions the caller can see.
pub async fn list(
    db: &DatabaseConnection,
    scope: &Scope,
    page: &PageRequest,
) -> Result<Page<subs::Model>, ApiError> {
    page.load(db, scoped::<subs::Entity>(scope), subs::Column::Id, |r| {
        r.id
    })
    .await
}

/// Creates a subscription; returns it with its secret (the only time it is seen).
pub async fn create(
    db: &DatabaseConnection,
    config: &Config,
    ctx: &Ctx,
    input: WebhookIn,
) -> Result<subs::Model, ApiError> {
    let url = input.url.trim().to_owned();
    let description = text::normalize(&input.description);
    let mut issues = check(config, &url, &input.events, &description).await;
    let w = Write::begin(db, ctx).await?;
    if units::find_visible(w.db(), &ctx.scope, input.unit_id)
        .await?
        .is_none()
    {
        issues.push(FieldIssue::unknown_reference("unit_id"));
    }
    if !issues.is_empty() {
        return Err(ApiError::validation(issues));
    }
    let mut key = [0u8; 24];
    getrandom::fill(&mut key).map_err(|e| ApiError::internal(format!("no randomness: {e}")))?;
    let now = w.now();
    let sub = subs::ActiveModel {
        id: Set(Uuid::now_v7()),
        unit_id: Set(input.unit_id),
        url: Set(url),
        events: Set(json!(normal(input.events)).to_string()),
        secret: Set(cchc_sdk::webhooks::secret_from_key(&key)),
        active: Set(true),
        description: Set(description),
        created_at: Set(now),
        updated_at: Set(now),
        version: Set(1),
    }
    .insert(w.db())
    .await?;
    let journaled = w
        .journal(Event {
            resource_type: "webhook",
            resource_id: Some(sub.id),
            unit_id: Some(sub.unit_id),
            action: "create",
            changes: audit::diff(None, Some(&to_out(sub.clone()))),
        })
        .await?;
    w.commit(journaled).await?;
    Ok(sub)
}

/// Changes a subscription's URL, events, description or pauses/resumes it.
pub async fn update(
    db: &DatabaseConnection,
    config: &Config,
    ctx: &Ctx,
    id: Uuid,
    if_match: &IfMatch,
    patch: WebhookPatch,
) -> Result<subs::Model, ApiError> {
    let current = get(db, &ctx.scope, id).await?;
    let url = patch
        .url
        .as_deref()
        .map(str::trim)
        .unwrap_or(&current.url)
        .to_owned();
    let events = patch
        .events
        .unwrap_or_else(|| serde_json::from_str(&current.events).unwrap_or_default());
    let description = patch
        .description
        .as_deref()
        .map(text::normalize)
        .unwrap_or_else(|| current.description.clone());
    let issues = check(config, &url, &events, &description).await;
    if !issues.is_empty() {
        return Err(ApiError::validation(issues));
    }
    let w = Write::begin(db, ctx).await?;
    let current = get(w.db(), &ctx.scope, id).await?;
    if_match.check(current.version)?;
    let mut active: subs::ActiveModel = current.clone().into();
    active.url = Set(url);
    active.events = Set(json!(normal(events)).to_string());
    active.description = Set(description);
    if let Some(on) = patch.active {
        active.active = Set(on);
    }
    let saved = save_versioned::<subs::Entity>(&w, active, id, current.version).await?;
    let journaled = w
        .journal(Event {
            resource_type: "webhook",
            resource_id: Some(id),
            unit_id: Some(saved.unit_id),
            action: "update",
            changes: audit::diff(Some(&to_out(current)), Some(&to_out(saved.clone()))),
        })
        .await?;
    w.commit(journaled).await?;
    Ok(saved)
}

/// Deletes a subscription and its delivery log.
pub async fn delete(
    db: &DatabaseConnection,
    ctx: &Ctx,
    id: Uuid,
    if_match: &IfMatch,
) -> Result<(), ApiError> {
    let w = Write::begin(db, ctx).await?;
    let current = get(w.db(), &ctx.scope, id).await?;
    if_match.check(current.version)?;
    webhook_deliveries::Entity::delete_many()
        .filter(webhook_deliveries::Column::SubscriptionId.eq(id))
        .exec(w.db())
        .await?;
    let journaled = w
        .journal(Event {
            resource_type: "webhook",
            resource_id: Some(id),
            unit_id: Some(current.unit_id),
            action: "delete",
            changes: audit::diff(Some(&to_out(current.clone())), None::<&WebhookOut>),
        })
        .await?;
    current.delete(w.db()).await?;
    w.commit(journaled).await?;
    Ok(())
}

/// The wire form of a delivery and its event.
pub fn delivery_out(d: webhook_deliveries::Model, event_type: String) -> WebhookDeliveryOut {
    WebhookDeliveryOut {
        id: d.id,
        subscription_id: d.subscription_id,
        event_id: d.outbox_id,
        event_type,
        status: match d.status.as_str() {
            "delivered" => DeliveryStatus::Delivered,
            "failed" => DeliveryStatus::Failed,
            "dead" => DeliveryStatus::Dead,
            _ => DeliveryStatus::Pending,
        },
        attempts: d.attempts,
        next_attempt_at: d.next_attempt_at,
        last_status_code: d.last_status_code,
        last_error: d.last_error,
        delivered_at: d.delivered_at,
        created_at: d.created_at,
    }
}

async fn with_event_types(
    db: &impl ConnectionTrait,
    rows: Vec<webhook_deliveries::Model>,
) -> Result<Vec<WebhookDeliveryOut>, ApiError> {
    let events = webhook_outbox::Entity::find()
        .filter(webhook_outbox::Column::Id.is_in(rows.iter().map(|r| r.outbox_id)))
        .all(db)
        .await?;
    Ok(rows
        .into_iter()
        .map(|d| {
            let kind = events
                .iter()
                .find(|e| e.id == d.outbox_id)
                .map(|e| e.event_type.clone())
                .unwrap_or_default();
            delivery_out(d, kind)
        })
        .collect())
}

/// One page of a subscription's deliveries, oldest first (ids are UUID v7).
pub async fn deliveries(
    db: &DatabaseConnection,
    scope: &Scope,
    id: Uuid,
    page: &PageRequest,
) -> Result<Page<WebhookDeliveryOut>, ApiError> {
    get(db, scope, id).await?;
    let select = webhook_deliveries::Entity::find()
        .filter(webhook_deliveries::Column::SubscriptionId.eq(id));
    let rows = page
        .load(db, select, webhook_deliveries::Column::Id, |r| r.id)
        .await?;
    Ok(Page {
        data: with_event_types(db, rows.data).await?,
        next_cursor: rows.next_cursor,
        has_more: rows.has_more,
    })
}

/// Sends a delivery again: a new series of attempts, due now, with the same `webhook-id`.
pub async fn redeliver(
    db: &DatabaseConnection,
    ctx: &Ctx,
    id: Uuid,
    delivery_id: Uuid,
) -> Result<WebhookDeliveryOut, ApiError> {
    let w = Write::begin(db, ctx).await?;
    let sub = get(w.db(), &ctx.scope, id).await?;
    let current = webhook_deliveries::Entity::find_by_id(delivery_id)
        .filter(webhook_deliveries::Column::SubscriptionId.eq(id))
        .one(w.db())
        .await?
        .ok_or_else(ApiError::not_found)?;
    let mut row: webhook_deliveries::ActiveModel = current.clone().into();
    row.status = Set(outbox::PENDING.to_owned());
    row.attempts = Set(0);
    row.next_attempt_at = Set(w.now());
    let saved = row.update(w.db()).await?;
    let journaled = w
        .journal(Event {
            resource_type: "webhook",
            resource_id: Some(id),
            unit_id: Some(sub.unit_id),
            action: "redeliver",
            changes: json!({"delivery_id": delivery_id, "status": {"before": current.status, "after": outbox::PENDING}}),
        })
        .await?;
    w.commit(journaled).await?;
    let mut out = with_event_types(db, vec![saved]).await?;
    out.pop().ok_or_else(ApiError::not_found)
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_secret_is_whsec_and_24_random_bytes() {
        let s = cchc_sdk::webhooks::secret_from_key(&[7u8; 24]);
        assert!(s.starts_with("whsec_"));
        assert_eq!(cchc_sdk::webhooks::key_of(&s).map(|k| k.len()), Ok(24));
    }
}
