//! Webhook subscriptions: where the API sends events (Standard Webhooks, see
//! [`crate::webhooks`]) and the log of their deliveries.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// What happened: the `type` of a webhook's body.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum WebhookEventType {
    /// A plan was issued (ban hành).
    #[serde(rename = "plan.issued")]
    PlanIssued,
    /// A task was created and assigned to its departments and officials (`data.action`
    /// `create`), or given another lead department, supporting departments or assignees
    /// (`data.action` `update`; `data.changes` holds every field the update changed).
    #[serde(rename = "task.assigned")]
    TaskAssigned,
    /// A task was completed.
    #[serde(rename = "task.completed")]
    TaskCompleted,
    /// Tasks passed their due date (the daily deadline job; `data.changes.task_ids`).
    #[serde(rename = "task.overdue")]
    TaskOverdue,
    /// A unit submitted its self-assessment.
    #[serde(rename = "assessment.submitted")]
    AssessmentSubmitted,
    /// An appraisal was finalised.
    #[serde(rename = "assessment.finalized")]
    AssessmentFinalized,
    /// An assessment's result was published.
    #[serde(rename = "index.published")]
    IndexPublished,
    /// An award decision was issued.
    #[serde(rename = "award_decision.issued")]
    AwardDecisionIssued,
    /// The portal pushed a unit's statistics.
    #[serde(rename = "portal.statistics.updated")]
    PortalStatisticsUpdated,
    /// The expected band of a unit's outlook (early warning) dropped: the periodic outlook
    /// watch saw its projected band fall below the one it saw before; at most once a week
    /// per unit and year (`data.changes`: `year`, `expected_band` and
    /// `expected_index_percent` before and after, `worst_band`, `items_at_risk`).
    #[serde(rename = "index.outlook.at_risk")]
    IndexOutlookAtRisk,
}

impl WebhookEventType {
    /// Every event type.
    pub const ALL: [WebhookEventType; 10] = [
        WebhookEventType::PlanIssued,
        WebhookEventType::TaskAssigned,
        WebhookEventType::TaskCompleted,
        WebhookEventType::TaskOverdue,
        WebhookEventType::AssessmentSubmitted,
        WebhookEventType::AssessmentFinalized,
        WebhookEventType::IndexPublished,
        WebhookEventType::AwardDecisionIssued,
        WebhookEventType::PortalStatisticsUpdated,
        WebhookEventType::IndexOutlookAtRisk,
    ];

    /// The wire name, e.g. `plan.issued`.
    pub fn as_str(self) -> &'static str {
        match self {
            WebhookEventType::PlanIssued => "plan.issued",
            WebhookEventType::TaskAssigned => "task.assigned",
            WebhookEventType::TaskCompleted => "task.completed",
            WebhookEventType::TaskOverdue => "task.overdue",
            WebhookEventType::AssessmentSubmitted => "assessment.submitted",
            WebhookEventType::AssessmentFinalized => "assessment.finalized",
            WebhookEventType::IndexPublished => "index.published",
            WebhookEventType::AwardDecisionIssued => "award_decision.issued",
            WebhookEventType::PortalStatisticsUpdated => "portal.statistics.updated",
            WebhookEventType::IndexOutlookAtRisk => "index.outlook.at_risk",
        }
    }
}

/// A subscription to create.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct WebhookIn {
    /// Where to `POST` the events: an `https://` or `http://` URL whose host does not
    /// resolve to a loopback, private, link-local or unique-local address (unless the
    /// server's `webhooks_allow_private_targets` setting is on).
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 2048))]
    pub url: String,
    /// The events to send (at least one).
    #[cfg_attr(feature = "openapi", schema(min_items = 1))]
    pub events: Vec<WebhookEventType>,
    /// The unit whose events are sent (with its child units'); one the caller sees.
    pub unit_id: Uuid,
    /// A note for people (what receives these).
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(max_length = 500))]
    pub description: String,
}

/// Changes to a subscription (merge patch).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct WebhookPatch {
    /// New URL (same rules as at creation).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 2048))]
    pub url: Option<String>,
    /// New events (replace the old ones).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(min_items = 1))]
    pub events: Option<Vec<WebhookEventType>>,
    /// Pause (`false`) or resume (`true`) deliveries.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub active: Option<bool>,
    /// New note.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(max_length = 500))]
    pub description: Option<String>,
}

/// A subscription as the API returns it (never with its secret).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct WebhookOut {
    /// Identifier.
    pub id: Uuid,
    /// The unit whose events (and its child units') are sent.
    pub unit_id: Uuid,
    /// Where events are sent.
    pub url: String,
    /// Which events.
    pub events: Vec<WebhookEventType>,
    /// False while paused.
    pub active: bool,
    /// Note.
    pub description: String,
    /// When it was created.
    pub created_at: DateTime<Utc>,
    /// When it last changed.
    pub updated_at: DateTime<Utc>,
    /// Version, the `ETag`.
    pub version: i32,
}

/// A subscription with its signing secret: answered once, at creation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct WebhookWithSecret {
    /// The subscription (its fields, flattened).
    #[serde(flatten)]
    pub webhook: WebhookOut,
    /// `whsec_` + base64 of the key: give it to [`crate::webhooks::verify`] (or any Standard
    /// Webhooks library). Store it now, it is never shown again.
    pub secret: String,
}

/// Where a delivery stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum DeliveryStatus {
    /// Not yet attempted.
    Pending,
    /// The receiver answered 2xx.
    Delivered,
    /// The last attempt failed; another is due at `next_attempt_at`.
    Failed,
    /// Every attempt failed: no more are made (redeliver to try again).
    Dead,
}

/// One event sent (or to be sent) to one subscription.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct WebhookDeliveryOut {
    /// Identifier of the delivery.
    pub id: Uuid,
    /// The subscription.
    pub subscription_id: Uuid,
    /// The event's id: the `webhook-id` header (the same on every attempt).
    pub event_id: Uuid,
    /// The event type.
    pub event_type: String,
    /// Status.
    pub status: DeliveryStatus,
    /// Attempts made so far.
    pub attempts: i32,
    /// When the next attempt is due (meaningless once delivered or dead).
    pub next_attempt_at: DateTime<Utc>,
    /// The HTTP status of the last answer, if there was one.
    pub last_status_code: Option<i32>,
    /// Why the last attempt failed.
    pub last_error: Option<String>,
    /// When it was delivered.
    pub delivered_at: Option<DateTime<Utc>>,
    /// When the event happened.
    pub created_at: DateTime<Utc>,
}

/// Filters of `GET /api/v1/webhooks`.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
pub struct WebhookListQuery {
    /// Page size, 1–200 (default 50; larger is clamped).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", param(minimum = 1))]
    pub limit: Option<i64>,
    /// The previous page's `next_cursor`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", param(format = Uuid))]
    pub cursor: Option<String>,
}
