//! Systems that call the API: the provincial portal, reporting jobs, frontends.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::auth::ClientScope;

/// An API client to register.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ApiClientIn {
    /// What the system is, e.g. "Cổng dịch vụ công tỉnh Phú Yên".
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 200))]
    pub name: String,
    /// The unit whose data it works on (it sees that unit and the units below).
    pub unit_id: Uuid,
    /// What it may do (at least one).
    #[cfg_attr(feature = "openapi", schema(min_items = 1))]
    pub scopes: Vec<ClientScope>,
}

/// Changes to an API client (merge patch).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ApiClientPatch {
    /// New name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 200))]
    pub name: Option<String>,
    /// New scopes (replace the old ones).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(min_items = 1))]
    pub scopes: Option<Vec<ClientScope>>,
}

/// An API client as the API returns it (never with its secret).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ApiClientOut {
    /// Identifier.
    pub id: Uuid,
    /// The public client id used with the `client_credentials` grant.
    pub client_id: String,
    /// Name.
    pub name: String,
    /// Unit.
    pub unit_id: Uuid,
    /// Scopes.
    pub scopes: Vec<ClientScope>,
    /// False once revoked (for good).
    pub active: bool,
    /// When the secret was last set.
    pub secret_rotated_at: DateTime<Utc>,
    /// When it was created.
    pub created_at: DateTime<Utc>,
    /// When it last changed.
    pub updated_at: DateTime<Utc>,
    /// Version, the `ETag`.
    pub version: i32,
}

/// An API client with its secret: answered once, at creation and at rotation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ApiClientWithSecret {
    /// The client (its fields, flattened).
    #[serde(flatten)]
    pub client: ApiClientOut,
    /// The secret: store it now, it is never shown again.
    pub client_secret: String,
}

/// Filters of `GET /api/v1/api-clients`.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
pub struct ApiClientListQuery {
    /// Only clients of this unit.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit_id: Option<Uuid>,
    /// Page size, 1–200 (default 50; larger is clamped).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", param(minimum = 1))]
    pub limit: Option<i64>,
    /// The previous page's `next_cursor`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", param(format = Uuid))]
    pub cursor: Option<String>,
}
