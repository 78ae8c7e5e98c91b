//! Frameworks (bộ chỉ số) and their criteria trees: what a framework scores, how each
//! sub-criterion is measured, and the criteria sheet.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::AdjustmentCriterion;
use crate::types::common::FieldError;
use crate::types::portal::PortalMetric;

/// Which units a framework scores.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum FrameworkLevel {
    /// Communes, wards and townships.
    Commune,
    /// Districts (until 2025).
    District,
    /// The province's departments and agencies (sở, ban, ngành).
    Department,
    /// A value this version of the SDK does not know (sent by a newer server): answers
    /// stay readable. Never sent; the server refuses it in requests.
    #[serde(other, skip_serializing)]
    Unknown,
}

/// Where a framework is in its life.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum FrameworkStatus {
    /// Being written: the criteria can change.
    Draft,
    /// In force: frozen, assessments can be opened against it.
    Published,
    /// A value this version of the SDK does not know (sent by a newer server): answers
    /// stay readable. Never sent; the server refuses it in requests.
    #[serde(other, skip_serializing)]
    Unknown,
}

/// How a sub-criterion's points are measured.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Method {
    /// The unit scores itself; the upper level appraises.
    SelfAssessed,
    /// Citizens' survey: points entered by the appraisers.
    Survey,
    /// Computed from the public-service portal's statistics by the node's `portal_rule`.
    PortalMetric,
    /// A value this version of the SDK does not know (sent by a newer server): answers
    /// stay readable. Never sent; the server refuses it in requests.
    #[serde(other, skip_serializing)]
    Unknown,
}

/// How a self-assessed item's points are entered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Scoring {
    /// The points earned are entered (the default).
    #[default]
    Points,
    /// Chấm theo phương pháp trừ điểm: the item starts at its max, the unit and the
    /// appraiser enter the points deducted; the score is max − deductions, never below 0.
    Deduction,
    /// A value this version of the SDK does not know (sent by a newer server): answers
    /// stay readable. Never sent; the server refuses it in requests.
    #[serde(other, skip_serializing)]
    Unknown,
}

impl Scoring {
    /// Whether this is the default, points entered (left out of bodies).
    pub fn is_points(&self) -> bool {
        *self == Scoring::Points
    }
}

/// One step of a portal scoring rule: at least `min_percent` earns `points`.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Threshold {
    /// Lower bound of the ratio, in percent (0–100).
    #[cfg_attr(feature = "openapi", schema(minimum = 0, maximum = 100))]
    pub min_percent: f64,
    /// Points earned from this bound up (to the next step).
    #[cfg_attr(feature = "openapi", schema(minimum = 0, maximum = 1000))]
    pub points: f64,
}

/// How a portal-metric sub-criterion is scored: the ratio, and the steps from ratio to
/// points (the highest step reached counts; below every step, 0).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PortalRule {
    /// The ratio.
    pub metric: PortalMetric,
    /// The steps, in any order.
    #[cfg_attr(feature = "openapi", schema(min_items = 1, max_items = 20))]
    pub thresholds: Vec<Threshold>,
}

/// A node of a framework's tree, up to four levels: an area (lĩnh vực), a criterion (tiêu
/// chí), a sub-criterion (tiêu chí thành phần) and a content (nội dung). Nodes without
/// children are the scored items, at any level from the second, and carry a `method`; the
/// max points of a node's children add up to its own.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(no_recursion))]
pub struct CriterionIn {
    /// Code, dotted by level: `3`, `3.2`, `3.2.1`, `3.2.1.4`.
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 32))]
    pub code: String,
    /// Name.
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 1000))]
    pub name: String,
    /// Max points (điểm tối đa), at most two decimals: `0.25` and `0.01` steps are exact.
    #[cfg_attr(feature = "openapi", schema(minimum = 0, maximum = 1000))]
    pub max_points: f64,
    /// How the points are measured (scored items only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub method: Option<Method>,
    /// How a self-assessed item's points are entered: `points` (default) or `deduction`
    /// (phương pháp trừ điểm).
    #[serde(default, skip_serializing_if = "Scoring::is_points")]
    pub scoring: Scoring,
    /// The scoring rule of a `portal_metric` item.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub portal_rule: Option<PortalRule>,
    /// Short code of the kind of department usually responsible (`VP-TK`, `TP-HT`, …),
    /// matched against each unit's departments.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(max_length = 32))]
    pub responsible: Option<String>,
    /// Children, in order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[cfg_attr(feature = "openapi", schema(max_items = 100))]
    pub children: Vec<CriterionIn>,
}

/// A rating band: from `min_percent` up (to the next band) the index earns `label`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Band {
    /// Label (`Xuất sắc`, `Tốt`, `Khá`, `Trung bình`, `A`, …).
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 100))]
    pub label: String,
    /// Lower bound, in percent of the index.
    #[cfg_attr(feature = "openapi", schema(minimum = 0, maximum = 100))]
    pub min_percent: f64,
}

/// A whole framework: what `POST /api/v1/index/frameworks` takes and what
/// `GET …/{id}/export` gives back, so a framework moves between installations as one file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FrameworkIn {
    /// The issuing unit (the province).
    pub issuer_unit_id: Uuid,
    /// The units it scores.
    pub level: FrameworkLevel,
    /// The year assessed.
    #[cfg_attr(feature = "openapi", schema(minimum = 2000, maximum = 2100))]
    pub year: i32,
    /// Name (`Bộ chỉ số CCHC cấp xã năm 2023`).
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 500))]
    pub name: String,
    /// The issuing decision, if any (`QĐ 120/QĐ-UBND`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(max_length = 200))]
    pub decision_reference: Option<String>,
    /// Last day of self-assessment; after it, units can no longer change their scores.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub self_assessment_deadline: Option<NaiveDate>,
    /// The most bonus points an appraiser may add, as one number. With `bonus_items` it
    /// is their caps' sum (0 or that sum is accepted).
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(minimum = 0, maximum = 100))]
    pub bonus_cap: f64,
    /// The most penalty points an appraiser may deduct, as one number. With
    /// `penalty_items` it is their caps' sum (0 or that sum is accepted).
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(minimum = 0, maximum = 100))]
    pub penalty_cap: f64,
    /// Itemized bonus criteria (điểm thưởng), each with its own cap; the bonus is the sum
    /// of their points.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[cfg_attr(feature = "openapi", schema(max_items = 50))]
    pub bonus_items: Vec<AdjustmentCriterion>,
    /// Itemized penalty criteria (điểm trừ), each with its own cap; the penalty is the
    /// sum of their points.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[cfg_attr(feature = "openapi", schema(max_items = 50))]
    pub penalty_items: Vec<AdjustmentCriterion>,
    /// Rating bands, in any order.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(max_items = 10))]
    pub bands: Vec<Band>,
    /// The areas, in order, with their criteria.
    #[cfg_attr(feature = "openapi", schema(min_items = 1, max_items = 50))]
    pub areas: Vec<CriterionIn>,
}

/// A node of a framework as the API returns it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(no_recursion))]
pub struct CriterionOut {
    /// Identifier, stable while the code is (tasks link to it as `criterion_id`).
    pub id: Uuid,
    /// Code.
    pub code: String,
    /// Name.
    pub name: String,
    /// Max points.
    pub max_points: f64,
    /// Position among its siblings, from 1.
    pub order: i32,
    /// How the points are measured (scored items only).
    pub method: Option<Method>,
    /// How the points are entered: points earned, or deductions from the max.
    #[serde(default)]
    pub scoring: Scoring,
    /// Scoring rule of a portal-metric item.
    pub portal_rule: Option<PortalRule>,
    /// Kind of department usually responsible.
    pub responsible: Option<String>,
    /// Children.
    pub children: Vec<CriterionOut>,
}

/// A framework as the API returns it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FrameworkOut {
    /// Identifier.
    pub id: Uuid,
    /// Issuing unit.
    pub issuer_unit_id: Uuid,
    /// The units it scores.
    pub level: FrameworkLevel,
    /// Year assessed.
    pub year: i32,
    /// Name.
    pub name: String,
    /// Issuing decision.
    pub decision_reference: Option<String>,
    /// Draft or published.
    pub status: FrameworkStatus,
    /// Last day of self-assessment.
    pub self_assessment_deadline: Option<NaiveDate>,
    /// Total max points (the areas' sum; the index is points / this × 100, whatever it is).
    pub max_points: f64,
    /// Bonus cap, points (the items' caps' sum when itemized).
    pub bonus_cap: f64,
    /// Penalty cap, points (the items' caps' sum when itemized).
    pub penalty_cap: f64,
    /// Itemized bonus criteria (điểm thưởng) with their caps.
    #[serde(default)]
    pub bonus_items: Vec<AdjustmentCriterion>,
    /// Itemized penalty criteria (điểm trừ) with their caps.
    #[serde(default)]
    pub penalty_items: Vec<AdjustmentCriterion>,
    /// What is accepted but unusual (a total other than 100 points, …), in the answer's
    /// language; never a reason to refuse.
    #[serde(default)]
    pub warnings: Vec<FieldError>,
    /// Rating bands, highest first.
    pub bands: Vec<Band>,
    /// Number of scored items.
    pub item_count: i32,
    /// The tree.
    pub areas: Vec<CriterionOut>,
    /// The framework it was copied from.
    pub copied_from_id: Option<Uuid>,
    /// When it was published.
    pub published_at: Option<DateTime<Utc>>,
    /// When it was created.
    pub created_at: DateTime<Utc>,
    /// When it last changed.
    pub updated_at: DateTime<Utc>,
    /// Version, the `ETag`.
    pub version: i32,
}

/// Changes to a draft framework (merge patch); `areas` replaces the whole tree.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FrameworkPatch {
    /// New name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 500))]
    pub name: Option<String>,
    /// New decision reference.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(max_length = 200))]
    pub decision_reference: Option<String>,
    /// New self-assessment deadline.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub self_assessment_deadline: Option<NaiveDate>,
    /// New bonus cap.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(minimum = 0, maximum = 100))]
    pub bonus_cap: Option<f64>,
    /// New penalty cap.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(minimum = 0, maximum = 100))]
    pub penalty_cap: Option<f64>,
    /// New itemized bonus criteria (replace the list).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(max_items = 50))]
    pub bonus_items: Option<Vec<AdjustmentCriterion>>,
    /// New itemized penalty criteria (replace the list).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(max_items = 50))]
    pub penalty_items: Option<Vec<AdjustmentCriterion>>,
    /// New bands.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(max_items = 10))]
    pub bands: Option<Vec<Band>>,
    /// New tree.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(min_items = 1, max_items = 50))]
    pub areas: Option<Vec<CriterionIn>>,
}

/// Body of `POST /api/v1/index/frameworks/{id}/copy`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CopyFramework {
    /// The year of the new framework.
    #[cfg_attr(feature = "openapi", schema(minimum = 2000, maximum = 2100))]
    pub year: i32,
    /// Its name (default: the old name with the year replaced).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 500))]
    pub name: Option<String>,
}

/// Filters of `GET /api/v1/index/frameworks`.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
pub struct FrameworkListQuery {
    /// Only this year.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", param(minimum = 2000, maximum = 2100))]
    pub year: Option<i32>,
    /// Only this level.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub level: Option<FrameworkLevel>,
    /// Only this status.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<FrameworkStatus>,
    /// Page size, 1–200 (default 50).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", param(minimum = 1))]
    pub limit: Option<i64>,
    /// The previous page's `next_cursor`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", param(format = Uuid))]
    pub cursor: Option<String>,
}

/// Format of a framework's criteria sheet.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum SheetFormat {
    /// JSON: the `areas` tree.
    #[default]
    Json,
    /// CSV with a header row:
    /// `code,name,max_points,method,responsible,metric,thresholds,scoring` (`thresholds`
    /// as `95:2;80:1`, percent:points; `scoring` empty or `deduction`); parents come from
    /// the dotted codes. Bonus and penalty items travel in the JSON, not in the sheet.
    Csv,
}

/// Query of `GET /api/v1/index/frameworks/{id}/criteria`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
pub struct SheetQuery {
    /// `json` (default) or `csv`.
    #[serde(default)]
    pub format: SheetFormat,
}
