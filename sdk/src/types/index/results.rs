//! Published results: publication decisions, each unit's result, ranking tables and the
//! analysis of lost points with the remediation tasks it leads to.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::AreaScore;

/// A publication decision (Quyết định công bố).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PublicationIn {
    /// The decision's number and symbol (`863/QĐ-UBND`).
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 100))]
    pub number: String,
    /// Its date.
    pub date: NaiveDate,
    /// Who issued it (`UBND huyện Tây Hòa`).
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 300))]
    pub issuer: String,
}

/// A publication as the API returns it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PublicationOut {
    /// Identifier.
    pub id: Uuid,
    /// The framework.
    pub framework_id: Uuid,
    /// The parent unit whose units it published.
    pub parent_unit_id: Uuid,
    /// Number and symbol.
    pub number: String,
    /// Date.
    pub date: NaiveDate,
    /// Issuer.
    pub issuer: String,
    /// How many assessments it published.
    pub assessment_count: i32,
    /// When it was recorded.
    pub created_at: DateTime<Utc>,
}

/// Body of `POST /api/v1/index/frameworks/{id}/publications`: publish every finalized
/// assessment of the units directly under `parent_unit_id`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PublishResults {
    /// The parent (the district or province) whose units are published together.
    pub parent_unit_id: Uuid,
    /// The decision.
    pub decision: PublicationIn,
}
/// A unit's published result for a year.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ResultOut {
    /// Unit.
    pub unit_id: Uuid,
    /// Unit name.
    pub unit_name: String,
    /// Year.
    pub year: i32,
    /// Framework.
    pub framework_id: Uuid,
    /// Assessment.
    pub assessment_id: Uuid,
    /// Points per area.
    pub areas: Vec<AreaScore>,
    /// Bonus.
    pub bonus: f64,
    /// Penalty.
    pub penalty: f64,
    /// Total points.
    pub points: f64,
    /// Max points.
    pub max_points: f64,
    /// The index, percent.
    pub index_percent: f64,
    /// Rating band.
    pub band: Option<String>,
    /// Rank among the units of the same parent (equal scores share a rank).
    pub rank: i32,
    /// How many units were ranked.
    pub ranked_units: i32,
    /// Last year's index, percent: the unit's own, or — for a unit formed by a merger since
    /// (`previous_basis` = `predecessors_average`) — the average of its predecessors'
    /// indexes listed in `previous_results`.
    pub previous_index_percent: Option<f64>,
    /// Change in percentage points since last year (against `previous_index_percent`).
    pub change: Option<f64>,
    /// How last year's index was obtained, when there is one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub previous_basis: Option<PreviousBasis>,
    /// The published results of last year the comparison rests on: the unit's own, or each
    /// predecessor's (sáp nhập).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub previous_results: Vec<PreviousResult>,
    /// The publication.
    pub publication: Option<PublicationOut>,
}

/// Where a result's "last year" comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum PreviousBasis {
    /// The unit's own published result of last year.
    Own,
    /// The unit did not exist last year: the average of its predecessors' published
    /// results (each listed), stated as such, not a result of the unit itself.
    PredecessorsAverage,
    /// A value this version of the SDK does not know (sent by a newer server).
    #[serde(other, skip_serializing)]
    Unknown,
}

/// One published result of last year a comparison rests on.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PreviousResult {
    /// The unit (the same unit, or a predecessor).
    pub unit_id: Uuid,
    /// Its name.
    pub unit_name: String,
    /// Its index that year, percent.
    pub index_percent: f64,
}

/// Query of `GET /api/v1/index/results`: a ranking table.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
pub struct RankingQuery {
    /// The parent whose units are ranked (a district, or the province).
    pub parent_id: Uuid,
    /// Year.
    #[cfg_attr(feature = "openapi", param(minimum = 2000, maximum = 2100))]
    pub year: i32,
}

/// A ranking table: the published results of the units of one parent, best first.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Ranking {
    /// The parent.
    pub parent_id: Uuid,
    /// Year.
    pub year: i32,
    /// Average index of the ranked units, percent.
    pub average_index_percent: Option<f64>,
    /// The results, by rank then unit name.
    pub results: Vec<ResultOut>,
}

/// One sub-criterion where points were lost.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LostItem {
    /// The framework node (tasks link to it).
    pub criterion_id: Uuid,
    /// Code.
    pub code: String,
    /// Name.
    pub name: String,
    /// The area's code.
    pub area_code: String,
    /// Max points.
    pub max_points: f64,
    /// Points earned.
    pub points: f64,
    /// Points lost.
    pub lost_points: f64,
    /// Percent achieved.
    pub percent: f64,
    /// Last year's percent on the same code (for a unit formed by a merger that year's
    /// end: its predecessors' percents on the code, averaged).
    pub previous_percent: Option<f64>,
    /// Average percent of the sibling units on this code.
    pub siblings_average_percent: Option<f64>,
    /// The responsible department.
    pub department_id: Option<Uuid>,
    /// Its name.
    pub department_name: Option<String>,
    /// Remediation tasks already linked.
    pub task_ids: Vec<Uuid>,
    /// Why the points were lost, as the responsible department wrote it (nguyên nhân);
    /// none until it does.
    #[serde(default)]
    pub cause: Option<String>,
    /// What the department proposes (giải pháp).
    #[serde(default)]
    pub solution: Option<String>,
}

/// The lost points of one department.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DepartmentLoss {
    /// The department (`null`: no department responsible yet).
    pub department_id: Option<Uuid>,
    /// Its name.
    pub department_name: Option<String>,
    /// Total points lost.
    pub lost_points: f64,
    /// Its items' codes, most points lost first.
    pub codes: Vec<String>,
}

/// Where an assessment lost points.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Analysis {
    /// Assessment.
    pub assessment_id: Uuid,
    /// Unit.
    pub unit_id: Uuid,
    /// Year.
    pub year: i32,
    /// Total points lost on items.
    pub lost_points: f64,
    /// Items with lost points, most lost first (ties by code).
    pub items: Vec<LostItem>,
    /// By department, most lost first.
    pub departments: Vec<DepartmentLoss>,
}

/// Body of `POST /api/v1/index/assessments/{id}/analysis/tasks`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RemediationIn {
    /// The plan (of the same unit) the tasks carry out.
    pub plan_id: Uuid,
    /// The sub-criteria to remedy.
    #[cfg_attr(feature = "openapi", schema(min_items = 1, max_items = 200))]
    pub codes: Vec<String>,
    /// Due date of the tasks.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub due_date: Option<NaiveDate>,
}
