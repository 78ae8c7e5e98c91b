//! Assessments: a unit's self-assessment, the appraisal, explanations and the score
//! sheet, with the points per area.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::{AdjustmentScoreIn, AdjustmentScoreOut, Method, PublicationOut, Scoring};
use crate::types::portal::{PortalFigures, PortalMetric};

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
    /// Self score, points 0..max of the item, at most two decimals (items scored by
    /// points).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(minimum = 0, maximum = 1000))]
    pub score: Option<f64>,
    /// Points deducted, 0..max of the item (items scored by deduction, trừ điểm): the
    /// self score becomes max − deduction.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(minimum = 0, maximum = 1000))]
    pub deduction: Option<f64>,
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
    /// Appraised score of a self-assessed item scored by points, 0..max.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(minimum = 0, maximum = 1000))]
    pub score: Option<f64>,
    /// Appraised deduction of an item scored by deduction, 0..max: the appraised score
    /// becomes max − deduction.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(minimum = 0, maximum = 1000))]
    pub deduction: Option<f64>,
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
    /// Bonus points, within the framework's cap (frameworks without `bonus_items` only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(minimum = 0, maximum = 100))]
    pub bonus: Option<f64>,
    /// Penalty points, within the framework's cap (frameworks without `penalty_items`
    /// only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(minimum = 0, maximum = 100))]
    pub penalty: Option<f64>,
    /// Points of itemized bonus and penalty criteria, each within its own cap; the others
    /// keep their values. The bonus (penalty) is the sum of its items' points.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[cfg_attr(feature = "openapi", schema(max_items = 100))]
    pub adjustments: Vec<AdjustmentScoreIn>,
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
    /// Points entered, or deductions from the max.
    #[serde(default)]
    pub scoring: Scoring,
    /// Self score.
    pub self_score: Option<f64>,
    /// Points the unit deducted (items scored by deduction): max − self score.
    #[serde(default)]
    pub self_deduction: Option<f64>,
    /// The unit's note.
    pub self_note: Option<String>,
    /// Evidence cited.
    pub evidence: Vec<Evidence>,
    /// Appraised score (self-assessed items).
    pub appraised_score: Option<f64>,
    /// Points the appraiser deducted (items scored by deduction): max − appraised score.
    #[serde(default)]
    pub appraised_deduction: Option<f64>,
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
    /// Bonus points (the sum of the bonus items' points when itemized).
    pub bonus: f64,
    /// Penalty points (the sum of the penalty items' points when itemized).
    pub penalty: f64,
    /// The itemized bonus and penalty criteria with their points (empty when the
    /// framework has none).
    #[serde(default)]
    pub adjustments: Vec<AdjustmentScoreOut>,
    /// Why.
    pub adjustment_note: Option<String>,
    /// Points per area so far.
    pub areas: Vec<AreaScore>,
    /// Total points so far (items + bonus − penalty, within 0..max).
    pub points: f64,
    /// Max points (the framework's real total, 100 or not).
    pub max_points: f64,
    /// Index so far, percent: points / max_points × 100, two decimals, half up.
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
