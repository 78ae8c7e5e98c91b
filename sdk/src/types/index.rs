//! The PAR index (Chỉ số cải cách hành chính): frameworks of criteria, each unit's
//! assessment (self-assessment, appraisal, survey, portal metrics), published results,
//! rankings and the analysis of lost points.
//!
//! Points travel as JSON numbers with at most two decimals (`2.5`, `0.25`); the server
//! computes in hundredths of a point, so sums and percents are exact.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::portal::{PortalFigures, PortalMetric};

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

/// A node of a framework's tree: an area (lĩnh vực), a criterion (tiêu chí) or a
/// sub-criterion (tiêu chí thành phần). Nodes without children are the scored items and
/// carry a `method`; the max points of a node's children add up to its own.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(no_recursion))]
pub struct CriterionIn {
    /// Code, dotted by level: `3`, `3.2`, `3.2.1`.
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 32))]
    pub code: String,
    /// Name.
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 1000))]
    pub name: String,
    /// Max points.
    #[cfg_attr(feature = "openapi", schema(minimum = 0, maximum = 1000))]
    pub max_points: f64,
    /// How the points are measured (scored items only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub method: Option<Method>,
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
    /// The most bonus points an appraiser may add.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(minimum = 0, maximum = 100))]
    pub bonus_cap: f64,
    /// The most penalty points an appraiser may deduct.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(minimum = 0, maximum = 100))]
    pub penalty_cap: f64,
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
    /// Total max points (the areas' sum).
    pub max_points: f64,
    /// Bonus cap.
    pub bonus_cap: f64,
    /// Penalty cap.
    pub penalty_cap: f64,
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
    /// CSV with a header row: `code,name,max_points,method,responsible,metric,thresholds`
    /// (`thresholds` as `95:2;80:1`, percent:points); parents come from the dotted codes.
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

/// Where an assessment is in the yearly cycle.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum AssessmentStatus {
    /// The unit is scoring itself.
    SelfAssessment,
    /// Submitted: the upper level appraises (round 1, or round 2 after an explanation).
    Submitted,
    /// Sent back: the unit explains the chosen items with more evidence.
    ExplanationRequested,
    /// The appraisal is complete.
    Finalized,
    /// Published by decision together with every unit of the framework; frozen.
    Published,
    /// A value this version of the SDK does not know (sent by a newer server): answers
    /// stay readable. Never sent; the server refuses it in requests.
    #[serde(other, skip_serializing)]
    Unknown,
}

/// Evidence cited for a self score: an existing task attachment of the same unit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Evidence {
    /// The attachment.
    pub attachment_id: Uuid,
    /// Its file name (filled in by the server).
    #[serde(default)]
    pub file_name: String,
}

/// One sub-criterion's self score (`PUT …/self-assessment`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SelfScoreIn {
    /// Sub-criterion code.
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 32))]
    pub code: String,
    /// Self score, 0..max of the item.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(minimum = 0, maximum = 1000))]
    pub score: Option<f64>,
    /// The unit's note (or, after a request, its explanation).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(max_length = 4000))]
    pub note: Option<String>,
    /// Task attachments cited as evidence (replaces the list when given).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(max_items = 20))]
    pub evidence_attachment_ids: Option<Vec<Uuid>>,
}

/// Body of `PUT /api/v1/index/assessments/{id}/self-assessment`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SelfAssessmentIn {
    /// The items to change; the others keep their values.
    #[cfg_attr(feature = "openapi", schema(min_items = 1, max_items = 500))]
    pub items: Vec<SelfScoreIn>,
}

/// One sub-criterion's appraisal (`PUT …/appraisal`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AppraisedScoreIn {
    /// Sub-criterion code.
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 32))]
    pub code: String,
    /// Appraised score of a self-assessed item, 0..max.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(minimum = 0, maximum = 1000))]
    pub score: Option<f64>,
    /// Survey points of a survey item, 0..max.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(minimum = 0, maximum = 1000))]
    pub survey_points: Option<f64>,
    /// The appraiser's comment.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(max_length = 4000))]
    pub comment: Option<String>,
}

/// Body of `PUT /api/v1/index/assessments/{id}/appraisal`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AppraisalIn {
    /// The items to change; the others keep their values.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(max_items = 500))]
    pub items: Vec<AppraisedScoreIn>,
    /// Bonus points, within the framework's cap.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(minimum = 0, maximum = 100))]
    pub bonus: Option<f64>,
    /// Penalty points, within the framework's cap.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(minimum = 0, maximum = 100))]
    pub penalty: Option<f64>,
    /// Why the bonus or penalty.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(max_length = 4000))]
    pub adjustment_note: Option<String>,
}

/// Body of `POST /api/v1/index/assessments/{id}/request-explanation`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ExplanationRequest {
    /// The sub-criteria to explain.
    #[cfg_attr(feature = "openapi", schema(min_items = 1, max_items = 500))]
    pub codes: Vec<String>,
    /// What is asked.
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 4000))]
    pub note: String,
}

/// Body of `POST /api/v1/index/assessments`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AssessmentIn {
    /// A published framework.
    pub framework_id: Uuid,
    /// The unit assessed (of the framework's level, under its issuer).
    pub unit_id: Uuid,
}

/// One sub-criterion of an assessment: the score sheet's row.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AssessmentItemOut {
    /// The framework node.
    pub criterion_id: Uuid,
    /// Code.
    pub code: String,
    /// Name.
    pub name: String,
    /// Max points.
    pub max_points: f64,
    /// How it is measured.
    pub method: Method,
    /// Self score.
    pub self_score: Option<f64>,
    /// The unit's note.
    pub self_note: Option<String>,
    /// Evidence cited.
    pub evidence: Vec<Evidence>,
    /// Appraised score (self-assessed items).
    pub appraised_score: Option<f64>,
    /// Survey points (survey items).
    pub survey_points: Option<f64>,
    /// Points from the portal's statistics (portal-metric items), with the figures.
    pub portal: Option<PortalScore>,
    /// The appraiser's comment.
    pub appraiser_comment: Option<String>,
    /// Whether an explanation is requested (or was, in round 2).
    pub explanation_requested: bool,
    /// The points that count: appraised, survey or portal, by method.
    pub points: Option<f64>,
    /// Department responsible in this unit (override or from the framework's kind).
    pub responsible_department_id: Option<Uuid>,
}

/// A portal-metric item's score with the figures behind it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PortalScore {
    /// The ratio used.
    pub metric: PortalMetric,
    /// Its value in percent (`null` with no dossiers behind it).
    pub percent: Option<f64>,
    /// Points by the rule.
    pub points: f64,
    /// The counts of the year.
    pub figures: PortalFigures,
}

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

/// Points of one area.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AreaScore {
    /// Area code.
    pub code: String,
    /// Area name.
    pub name: String,
    /// Max points.
    pub max_points: f64,
    /// Points.
    pub points: f64,
    /// Percent of max.
    pub percent: f64,
}

/// An assessment as the API returns it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AssessmentOut {
    /// Identifier.
    pub id: Uuid,
    /// Framework.
    pub framework_id: Uuid,
    /// Unit assessed.
    pub unit_id: Uuid,
    /// Year (the framework's).
    pub year: i32,
    /// Status.
    pub status: AssessmentStatus,
    /// Appraisal round (1, or 2 after an explanation).
    pub round: i32,
    /// Last day of self-assessment.
    pub deadline: Option<NaiveDate>,
    /// Self-scored items / items to self-score.
    pub self_scored: i32,
    /// Items to self-score.
    pub self_total: i32,
    /// What the appraiser asked to explain.
    pub explanation_note: Option<String>,
    /// Bonus points.
    pub bonus: f64,
    /// Penalty points.
    pub penalty: f64,
    /// Why.
    pub adjustment_note: Option<String>,
    /// Points per area so far.
    pub areas: Vec<AreaScore>,
    /// Total points so far (items + bonus − penalty, within 0..max).
    pub points: f64,
    /// Max points.
    pub max_points: f64,
    /// Index so far, percent.
    pub index_percent: f64,
    /// The score sheet (on single reads; empty in lists).
    pub items: Vec<AssessmentItemOut>,
    /// The publication, once published.
    pub publication: Option<PublicationOut>,
    /// When it was submitted (last).
    pub submitted_at: Option<DateTime<Utc>>,
    /// When it was finalized.
    pub finalized_at: Option<DateTime<Utc>>,
    /// When it was created.
    pub created_at: DateTime<Utc>,
    /// When it last changed.
    pub updated_at: DateTime<Utc>,
    /// Version, the `ETag`.
    pub version: i32,
}

/// Filters of `GET /api/v1/index/assessments`.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
pub struct AssessmentListQuery {
    /// Only this framework.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub framework_id: Option<Uuid>,
    /// Only this unit.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit_id: Option<Uuid>,
    /// Only this year.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", param(minimum = 2000, maximum = 2100))]
    pub year: Option<i32>,
    /// Only this status.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<AssessmentStatus>,
    /// Page size, 1–200 (default 50).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", param(minimum = 1))]
    pub limit: Option<i64>,
    /// The previous page's `next_cursor`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", param(format = Uuid))]
    pub cursor: Option<String>,
}

/// One department's responsibility override (`PUT …/responsibilities`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ResponsibilityIn {
    /// Sub-criterion code.
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 32))]
    pub code: String,
    /// The unit's department; `null` returns to the framework's kind.
    pub department_id: Option<Uuid>,
}

/// Body of `PUT /api/v1/index/assessments/{id}/responsibilities`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ResponsibilitiesIn {
    /// The overrides to set.
    #[cfg_attr(feature = "openapi", schema(min_items = 1, max_items = 500))]
    pub items: Vec<ResponsibilityIn>,
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
    /// Last year's index, percent.
    pub previous_index_percent: Option<f64>,
    /// Change in percentage points since last year.
    pub change: Option<f64>,
    /// The publication.
    pub publication: Option<PublicationOut>,
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
    /// Last year's percent on the same code.
    pub previous_percent: Option<f64>,
    /// Average percent of the sibling units on this code.
    pub siblings_average_percent: Option<f64>,
    /// The responsible department.
    pub department_id: Option<Uuid>,
    /// Its name.
    pub department_name: Option<String>,
    /// Remediation tasks already linked.
    pub task_ids: Vec<Uuid>,
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
