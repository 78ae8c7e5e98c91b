//! Departments (bộ phận) of a unit: the offices that plans assign and tasks are led by.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::common::Patch;

/// What kind of department.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum DepartmentKind {
    /// A professional office (Văn phòng - Thống kê, Tư pháp - Hộ tịch, …).
    ProfessionalOffice,
    /// The committee's leadership (chairman and deputy chairmen).
    Leadership,
    /// A mass organisation (Fatherland Front, unions, …).
    MassOrganisation,
    /// Anything else.
    Other,
    /// A value this version of the SDK does not know (sent by a newer server): answers
    /// stay readable. Never sent; the server refuses it in requests.
    #[serde(other, skip_serializing)]
    Unknown,
}

/// A department to create.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({
    "unit_id": "01936d3e-5c1a-7b2e-9f4d-2a6b8c0e1f3a", "name": "Văn phòng - Thống kê",
    "short_code": "VP-TK", "kind": "professional_office", "display_order": 1
})))]
pub struct DepartmentIn {
    /// The unit it belongs to.
    pub unit_id: Uuid,
    /// Name, unique within the unit regardless of case and diacritics.
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 200))]
    pub name: String,
    /// Short code, e.g. `VP-TK`.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(max_length = 32))]
    pub short_code: Option<String>,
    /// Kind.
    pub kind: DepartmentKind,
    /// What it does.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(max_length = 2000))]
    pub description: Option<String>,
    /// Its head (an official of the same unit).
    #[serde(default)]
    pub head_official_id: Option<Uuid>,
    /// Position in lists (ascending).
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(minimum = 0, maximum = 10000))]
    pub display_order: i32,
}

/// Changes to a department (merge patch).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DepartmentPatch {
    /// New name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 200))]
    pub name: Option<String>,
    /// New short code.
    #[serde(default, skip_serializing_if = "Patch::is_absent")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, max_length = 32))]
    pub short_code: Patch<String>,
    /// New kind.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<DepartmentKind>,
    /// New description.
    #[serde(default, skip_serializing_if = "Patch::is_absent")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, max_length = 2000))]
    pub description: Patch<String>,
    /// New head.
    #[serde(default, skip_serializing_if = "Patch::is_absent")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<Uuid>))]
    pub head_official_id: Patch<Uuid>,
    /// New position in lists.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(minimum = 0, maximum = 10000))]
    pub display_order: Option<i32>,
}

/// A department as the API returns it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DepartmentOut {
    /// Identifier.
    pub id: Uuid,
    /// Unit.
    pub unit_id: Uuid,
    /// Name.
    pub name: String,
    /// Short code.
    pub short_code: Option<String>,
    /// Kind.
    pub kind: DepartmentKind,
    /// Description.
    pub description: Option<String>,
    /// Head.
    pub head_official_id: Option<Uuid>,
    /// Position in lists.
    pub display_order: i32,
    /// False once archived.
    pub active: bool,
    /// When it was created.
    pub created_at: DateTime<Utc>,
    /// When it last changed.
    pub updated_at: DateTime<Utc>,
    /// Version, the `ETag`.
    pub version: i32,
}

/// Filters of `GET /api/v1/departments`.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
pub struct DepartmentListQuery {
    /// Only departments of this unit.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit_id: Option<Uuid>,
    /// Only this kind.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<DepartmentKind>,
    /// Only active (true) or archived (false) departments; both when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub active: Option<bool>,
    /// Search on name and short code, Vietnamese-aware ("van phong" finds "Văn phòng").
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
