//! Officials (cán bộ, công chức and others who can be given tasks or awards).

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::common::Patch;

/// Whether an official still serves.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum OfficialStatus {
    /// In office.
    Serving,
    /// Left (kept for history: tasks and awards refer to them).
    Left,
    /// A value this version of the SDK does not know (sent by a newer server): answers
    /// stay readable. Never sent; the server refuses it in requests.
    #[serde(other, skip_serializing)]
    Unknown,
}

/// Contact details: personal data, shown only to the admins of the official's unit and
/// to the official.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Contact {
    /// E-mail address.
    pub email: Option<String>,
    /// Phone number.
    pub phone: Option<String>,
}

/// An official to create.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({
    "unit_id": "01936d3e-5c1a-7b2e-9f4d-2a6b8c0e1f3a", "full_name": "Lê Văn Vũ",
    "position": "Chủ tịch UBND xã", "status": "serving"
})))]
pub struct OfficialIn {
    /// The unit the official serves.
    pub unit_id: Uuid,
    /// Full name as written (stored NFC).
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 200))]
    pub full_name: String,
    /// Position or title, e.g. "Phó Chủ tịch UBND xã".
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 200))]
    pub position: String,
    /// Department (of the same unit).
    #[serde(default)]
    pub department_id: Option<Uuid>,
    /// E-mail (personal data).
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(max_length = 254))]
    pub email: Option<String>,
    /// Phone (personal data).
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(max_length = 20))]
    pub phone: Option<String>,
    /// Serving (default) or left.
    #[serde(default = "serving")]
    pub status: OfficialStatus,
    /// The user account of this person, if any.
    #[serde(default)]
    pub user_id: Option<Uuid>,
}

fn serving() -> OfficialStatus {
    OfficialStatus::Serving
}

/// Changes to an official (merge patch).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OfficialPatch {
    /// New full name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 200))]
    pub full_name: Option<String>,
    /// New position.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 200))]
    pub position: Option<String>,
    /// New department.
    #[serde(default, skip_serializing_if = "Patch::is_absent")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<Uuid>))]
    pub department_id: Patch<Uuid>,
    /// New e-mail.
    #[serde(default, skip_serializing_if = "Patch::is_absent")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, max_length = 254))]
    pub email: Patch<String>,
    /// New phone.
    #[serde(default, skip_serializing_if = "Patch::is_absent")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, max_length = 20))]
    pub phone: Patch<String>,
    /// New status.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<OfficialStatus>,
    /// New linked user account.
    #[serde(default, skip_serializing_if = "Patch::is_absent")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<Uuid>))]
    pub user_id: Patch<Uuid>,
}

/// An official as the API returns it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OfficialOut {
    /// Identifier.
    pub id: Uuid,
    /// Unit.
    pub unit_id: Uuid,
    /// Full name.
    pub full_name: String,
    /// Position or title.
    pub position: String,
    /// Department.
    pub department_id: Option<Uuid>,
    /// Contact details; `null` unless the caller administers the unit or is this official.
    pub contact: Option<Contact>,
    /// Serving or left.
    pub status: OfficialStatus,
    /// Linked user account.
    pub user_id: Option<Uuid>,
    /// When it was created.
    pub created_at: DateTime<Utc>,
    /// When it last changed.
    pub updated_at: DateTime<Utc>,
    /// Version, the `ETag`.
    pub version: i32,
}

/// Filters of `GET /api/v1/officials`.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
pub struct OfficialListQuery {
    /// Only officials of this unit.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit_id: Option<Uuid>,
    /// Only officials of this department.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub department_id: Option<Uuid>,
    /// Only serving or only departed officials.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<OfficialStatus>,
    /// Search on names and positions, diacritics-insensitive ("le van vu" finds "Lê Văn Vũ").
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
