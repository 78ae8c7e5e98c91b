//! A plan as a resource: its kind and status, creating, amending and listing plans,
//! the bodies of the lifecycle actions and the official document's format.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::PlanContent;

/// What a plan is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum PlanKind {
    /// A conference reviewing the year's PAR index (the seed).
    IndexReviewConference,
    /// The yearly administrative-reform plan.
    AnnualReformPlan,
    /// Remedies for lost index points.
    RemediationPlan,
    /// Anything else.
    Other,
    /// A value this version of the SDK does not know (sent by a newer server): answers
    /// stay readable. Never sent; the server refuses it in requests.
    #[serde(other, skip_serializing)]
    Unknown,
}

/// Where a plan is in its life.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum PlanStatus {
    /// Being written; freely editable.
    Draft,
    /// Sent to the leadership for issuing.
    Submitted,
    /// Issued with its number; content frozen (amend to correct).
    Issued,
    /// Being carried out.
    InProgress,
    /// Done.
    Completed,
    /// Called off.
    Cancelled,
    /// A value this version of the SDK does not know (sent by a newer server): answers
    /// stay readable. Never sent; the server refuses it in requests.
    #[serde(other, skip_serializing)]
    Unknown,
}
/// A plan to create (as a draft).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PlanIn {
    /// The issuing unit.
    pub unit_id: Uuid,
    /// Everything the document says.
    pub content: PlanContent,
}

/// A new content for a draft, or an amendment of an issued plan (the whole content is
/// replaced; an amendment keeps the number and records the previous text).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PlanAmendment {
    /// The new content.
    pub content: PlanContent,
    /// Why (required for an amendment of an issued plan).
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(max_length = 1000))]
    pub reason: Option<String>,
}

/// The reason of a `return` or `cancel`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Reason {
    /// Why.
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 1000))]
    pub reason: String,
}

/// A plan as the API returns it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PlanOut {
    /// Identifier.
    pub id: Uuid,
    /// Issuing unit.
    pub unit_id: Uuid,
    /// Status.
    pub status: PlanStatus,
    /// The number of the year, assigned at issue.
    pub number: Option<i32>,
    /// Number and symbol as printed, e.g. "05/KH-UBND" (blank digits before issue).
    pub number_symbol: String,
    /// The issue date (set at issue unless given).
    pub issue_date: Option<NaiveDate>,
    /// How many amendments since issue.
    pub revision: i32,
    /// Everything the document says.
    pub content: PlanContent,
    /// Actions allowed from the current status.
    pub allowed_actions: Vec<String>,
    /// When it was issued.
    pub issued_at: Option<DateTime<Utc>>,
    /// When it was created.
    pub created_at: DateTime<Utc>,
    /// When it last changed.
    pub updated_at: DateTime<Utc>,
    /// Version, the `ETag`.
    pub version: i32,
}

/// Filters of `GET /api/v1/plans`.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
pub struct PlanListQuery {
    /// Only plans of this unit.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit_id: Option<Uuid>,
    /// Only this status.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<PlanStatus>,
    /// Only this kind.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<PlanKind>,
    /// Only this year.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", param(minimum = 2000, maximum = 2100))]
    pub year: Option<i32>,
    /// Issued on or after this date.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub issued_from: Option<NaiveDate>,
    /// Issued on or before this date.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub issued_to: Option<NaiveDate>,
    /// Search on the title and the number, Vietnamese-aware.
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

/// Optional body of `issue`.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct IssueRequest {
    /// The issue date printed on the document (default: today in Vietnam). Its year picks
    /// the number sequence.
    #[serde(default)]
    pub issue_date: Option<NaiveDate>,
}

/// Optional body of `cancel` and the required one of `return`.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OptionalReason {
    /// Why.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(max_length = 1000))]
    pub reason: Option<String>,
}

/// The file format of an official document.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum DocumentFormat {
    /// Word (what officials edit and sign).
    #[default]
    Docx,
    /// PDF with embedded fonts.
    Pdf,
}

/// Query of `GET /api/v1/plans/{id}/document`.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
pub struct DocumentQuery {
    /// `docx` (default) or `pdf`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub format: Option<DocumentFormat>,
}
