//! Administrative units: provinces, districts (until 2025) and communes.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::common::Patch;

/// The level of an administrative unit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum UnitLevel {
    /// Tỉnh / thành phố trực thuộc trung ương.
    Province,
    /// Huyện / quận / thị xã (abolished from 1 July 2025).
    District,
    /// Xã / phường / thị trấn.
    Commune,
    /// A value this version of the SDK does not know (sent by a newer server): answers
    /// stay readable. Never sent; the server refuses it in requests.
    #[serde(other, skip_serializing)]
    Unknown,
}

impl UnitLevel {
    /// The wire (and storage) name of the level.
    pub fn as_str(self) -> &'static str {
        match self {
            UnitLevel::Province => "province",
            UnitLevel::District => "district",
            UnitLevel::Commune => "commune",
            UnitLevel::Unknown => "unknown",
        }
    }
}

/// A unit to create.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({
    "code": "22015", "name": "Xã Hòa Tân Tây", "level": "commune",
    "parent_id": "01936d3e-5c1a-7b2e-9f4d-2a6b8c0e1f3a", "valid_from": "2008-01-01"
})))]
pub struct UnitIn {
    /// Administrative code (mã đơn vị hành chính), unique: 1–32 letters, digits, `.`, `_`, `-`.
    #[cfg_attr(
        feature = "openapi",
        schema(min_length = 1, max_length = 32, pattern = "^[A-Za-z0-9._-]+$")
    )]
    pub code: String,
    /// Official name, e.g. "Xã Hòa Tân Tây" (stored NFC; 1–200 characters).
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 200))]
    pub name: String,
    /// Level of the unit.
    pub level: UnitLevel,
    /// The unit above (none for a province).
    #[serde(default)]
    pub parent_id: Option<Uuid>,
    /// First day the unit exists in this shape.
    #[serde(default)]
    pub valid_from: Option<NaiveDate>,
    /// Last day the unit exists in this shape (e.g. 2025-06-30 for a district).
    #[serde(default)]
    pub valid_to: Option<NaiveDate>,
    /// Units that took over from this one after a merger.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(max_items = 20))]
    pub successor_ids: Vec<Uuid>,
    /// For a commune: also create its usual departments (Văn phòng - Thống kê, Tài chính -
    /// Kế toán, Tư pháp - Hộ tịch, Địa chính - Xây dựng - Nông nghiệp - Môi trường, Văn hóa -
    /// Xã hội, Công an xã, Quân sự xã).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub with_default_departments: bool,
}

/// Changes to a unit (JSON merge patch: absent = unchanged, `null` = cleared).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UnitPatch {
    /// New administrative code.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(
        feature = "openapi",
        schema(min_length = 1, max_length = 32, pattern = "^[A-Za-z0-9._-]+$")
    )]
    pub code: Option<String>,
    /// New name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 200))]
    pub name: Option<String>,
    /// New parent (`null` only for a province).
    #[serde(default, skip_serializing_if = "Patch::is_absent")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<Uuid>))]
    pub parent_id: Patch<Uuid>,
    /// New first day of validity.
    #[serde(default, skip_serializing_if = "Patch::is_absent")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<NaiveDate>))]
    pub valid_from: Patch<NaiveDate>,
    /// New last day of validity.
    #[serde(default, skip_serializing_if = "Patch::is_absent")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<NaiveDate>))]
    pub valid_to: Patch<NaiveDate>,
    /// New list of successors (replaces the old list).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(max_items = 20))]
    pub successor_ids: Option<Vec<Uuid>>,
}

/// A unit as the API returns it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UnitOut {
    /// Identifier (UUID v7).
    pub id: Uuid,
    /// Administrative code.
    pub code: String,
    /// Official name.
    pub name: String,
    /// Level of the unit.
    pub level: UnitLevel,
    /// The unit above.
    pub parent_id: Option<Uuid>,
    /// First day of validity.
    pub valid_from: Option<NaiveDate>,
    /// Last day of validity.
    pub valid_to: Option<NaiveDate>,
    /// Units that took over from this one.
    pub successor_ids: Vec<Uuid>,
    /// Whether the unit is archived (kept for history, hidden from lists by default).
    pub archived: bool,
    /// When it was created.
    pub created_at: DateTime<Utc>,
    /// When it last changed.
    pub updated_at: DateTime<Utc>,
    /// Incremented by every change; the `ETag` is this number in quotes.
    pub version: i32,
}

/// Filters of `GET /api/v1/units`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
pub struct UnitListQuery {
    /// Only units of this level.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub level: Option<UnitLevel>,
    /// Only the units directly below this one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parent_id: Option<Uuid>,
    /// Text search on name and code, Vietnamese-aware ("hoa tan tay" finds "Hòa Tân Tây").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", param(max_length = 200))]
    pub q: Option<String>,
    /// Include archived units (default false).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub include_archived: Option<bool>,
    /// Only the units in existence on this date (`valid_from` on or before it, `valid_to`
    /// absent or on or after it): the map of that day, e.g. `2025-06-30` for the districts
    /// before two-level local government.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub on: Option<NaiveDate>,
    /// Page size, 1–200 (default 50; larger values are clamped to 200).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", param(minimum = 1))]
    pub limit: Option<i64>,
    /// The previous page's `next_cursor` (the id of its last unit).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", param(format = Uuid))]
    pub cursor: Option<String>,
}

/// Query of `GET /api/v1/units/{id}/lineage`.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
pub struct LineageQuery {
    /// Also answer which units stood for this one on that date (`on_date`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub on: Option<NaiveDate>,
}

/// A unit's place in the history of the map (sắp xếp đơn vị hành chính): the units merged
/// into it, those it became, and which of them stood for it on a date.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UnitLineage {
    /// The unit itself.
    pub unit: UnitOut,
    /// Every unit it was formed from, nearest first (those naming it among their
    /// `successor_ids`, and theirs in turn).
    pub predecessors: Vec<UnitOut>,
    /// Every unit it became, nearest first (its `successor_ids`, and theirs in turn).
    pub successors: Vec<UnitOut>,
    /// The date asked about, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub on: Option<NaiveDate>,
    /// With `on`: the units of this lineage in existence on that date — the unit itself
    /// when it existed then, else its predecessors (before it was formed) or successors
    /// (after it ended) of that day.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub on_date: Vec<UnitOut>,
}
