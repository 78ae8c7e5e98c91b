//! People who log in: username, full name, unit, roles.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::auth::Role;
use super::common::Patch;

/// A user to create.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({
    "username": "vanphong.hoatantay", "full_name": "Nguyễn Thị Hoa",
    "unit_id": "01936d3e-5c1a-7b2e-9f4d-2a6b8c0e1f3a", "roles": ["unit_admin"],
    "password": "a long passphrase"
})))]
pub struct UserIn {
    /// Login name: 3–64 of a–z, 0–9, `.`, `_`, `-` (stored lower case, unique).
    #[cfg_attr(
        feature = "openapi",
        schema(min_length = 3, max_length = 64, pattern = "^[A-Za-z0-9._-]+$")
    )]
    pub username: String,
    /// Full name as written (stored NFC).
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 200))]
    pub full_name: String,
    /// Home unit; required unless the user is a system admin.
    #[serde(default)]
    pub unit_id: Option<Uuid>,
    /// Roles (at least one).
    #[cfg_attr(feature = "openapi", schema(min_items = 1))]
    pub roles: Vec<Role>,
    /// The official record of this person, when there is one.
    #[serde(default)]
    pub official_id: Option<Uuid>,
    /// Initial password: 10–200 characters.
    #[cfg_attr(feature = "openapi", schema(min_length = 10, max_length = 200))]
    pub password: String,
}

/// Changes to a user (merge patch).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UserPatch {
    /// New full name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 200))]
    pub full_name: Option<String>,
    /// New home unit.
    #[serde(default, skip_serializing_if = "Patch::is_absent")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<Uuid>))]
    pub unit_id: Patch<Uuid>,
    /// New roles (replace the old ones).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(min_items = 1))]
    pub roles: Option<Vec<Role>>,
    /// New linked official.
    #[serde(default, skip_serializing_if = "Patch::is_absent")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<Uuid>))]
    pub official_id: Patch<Uuid>,
    /// A new password (10–200 characters); signs the user out everywhere.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(min_length = 10, max_length = 200))]
    pub password: Option<String>,
}

/// A user as the API returns it (never with a password).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UserOut {
    /// Identifier.
    pub id: Uuid,
    /// Login name.
    pub username: String,
    /// Full name.
    pub full_name: String,
    /// Home unit.
    pub unit_id: Option<Uuid>,
    /// Roles.
    pub roles: Vec<Role>,
    /// Linked official.
    pub official_id: Option<Uuid>,
    /// Whether the user may log in.
    pub active: bool,
    /// Last successful login.
    pub last_login_at: Option<DateTime<Utc>>,
    /// When it was created.
    pub created_at: DateTime<Utc>,
    /// When it last changed.
    pub updated_at: DateTime<Utc>,
    /// Version, the `ETag`.
    pub version: i32,
}

/// Filters of `GET /api/v1/users`.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
pub struct UserListQuery {
    /// Only users of this unit.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit_id: Option<Uuid>,
    /// Only users with this role.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role: Option<Role>,
    /// Only active (true) or deactivated (false) users.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub active: Option<bool>,
    /// Search on username and full name, Vietnamese-aware.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", param(max_length = 200))]
    pub q: Option<String>,
    /// Page size, 1–200 (default 50; larger is clamped).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", param(minimum = 1))]
    pub limit: Option<i64>,
    /// The previous page's `next_cursor`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", param(format = Uuid))]
    pub cursor: Option<String>,
}
