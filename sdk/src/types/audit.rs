//! The audit journal: who changed what, when, from where. Append-only.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// One entry of the journal.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AuditEventOut {
    /// Identifier (UUID v7: in time order).
    pub id: Uuid,
    /// When it happened.
    pub occurred_at: DateTime<Utc>,
    /// `user`, `client` or `anonymous` (failed logins).
    pub actor_kind: String,
    /// The user or client, when known.
    pub actor_id: Option<Uuid>,
    /// Username or client name as given.
    pub actor_name: String,
    /// The unit the change belongs to.
    pub unit_id: Option<Uuid>,
    /// Kind of resource (`unit`, `user`, `api_client`, `session`).
    pub resource_type: String,
    /// The resource.
    pub resource_id: Option<Uuid>,
    /// What was done (`create`, `update`, `archive`, `login`, `login_failed`, …).
    pub action: String,
    /// Changed fields: `{"name": {"before": …, "after": …}}`.
    pub changes: serde_json::Value,
    /// The request's `X-Request-Id`.
    pub request_id: Option<String>,
    /// The client's address.
    pub client_ip: Option<String>,
    /// The API operation that made the change: the OpenAPI `operationId` of the request
    /// (`tasks.start`, `awards.decisions.issue`); absent for changes made outside a request
    /// (start-up, scheduled jobs, demo data). An operation that changes several resources
    /// (a plan's tasks made at once, a statistics batch) leaves one event per resource, all
    /// naming it, all with the same `request_id`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub operation: Option<String>,
}

/// Filters of `GET /api/v1/audit-events`.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
pub struct AuditEventListQuery {
    /// Only this kind of resource.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", param(max_length = 64))]
    pub resource_type: Option<String>,
    /// Only this resource.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resource_id: Option<Uuid>,
    /// Only this actor.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub actor_id: Option<Uuid>,
    /// Only this action.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", param(max_length = 64))]
    pub action: Option<String>,
    /// Only changes made by this API operation (`operationId`, e.g. `tasks.start`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", param(max_length = 80))]
    pub operation: Option<String>,
    /// From this instant (inclusive).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from: Option<DateTime<Utc>>,
    /// Until this instant (exclusive).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub to: Option<DateTime<Utc>>,
    /// Page size, 1–200 (default 50; larger is clamped).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", param(minimum = 1))]
    pub limit: Option<i64>,
    /// The previous page's `next_cursor`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", param(format = Uuid))]
    pub cursor: Option<String>,
}
