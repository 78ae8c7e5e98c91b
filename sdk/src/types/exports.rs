//! Export jobs (`/api/v1/exports`): a report asked for now, made in the background by the
//! server (any replica), then downloaded. For outputs too large or too slow to wait for in
//! one request (a province's or the country's ranking, a year of portal figures).

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::reports::ReportFormat;

/// Which report an export makes: the reports of `/api/v1/reports/*`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "cli", derive(clap::ValueEnum))]
#[serde(rename_all = "snake_case")]
pub enum ExportReport {
    /// `reports.index_ranking`: needs `parent_id` and `year`.
    IndexRanking,
    /// `reports.score_sheet`: needs `assessment_id`.
    ScoreSheet,
    /// `reports.plan_progress`: needs `plan_id`.
    PlanProgress,
    /// `reports.department_scorecard`: needs `unit_id` and `year`.
    DepartmentScorecard,
    /// `reports.awards`: needs `unit_id` and `year`.
    Awards,
    /// `reports.portal`: needs `unit_id` (`period` optional).
    Portal,
}

/// The parameters of an export: those of its report's query (each report reads the ones it
/// needs; one it does not read is refused, 422 `not_allowed`).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ExportParameters {
    /// The parent whose units are ranked (`index_ranking`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parent_id: Option<Uuid>,
    /// Year (`index_ranking`, `department_scorecard`, `awards`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(minimum = 2000, maximum = 2100))]
    pub year: Option<i32>,
    /// The assessment (`score_sheet`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub assessment_id: Option<Uuid>,
    /// The plan (`plan_progress`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub plan_id: Option<Uuid>,
    /// The unit (`department_scorecard`, `awards`, `portal`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit_id: Option<Uuid>,
    /// Only periods starting with this (`portal`: `2024` takes `2024`, `2024-Q1`, `2024-03`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(pattern = "^[0-9Q-]{1,7}$"))]
    pub period: Option<String>,
}

/// An export to make.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ExportIn {
    /// The report.
    pub report: ExportReport,
    /// The file: `xlsx` (default), `csv` or `json`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub format: Option<ReportFormat>,
    /// The report's parameters.
    #[serde(default)]
    pub parameters: ExportParameters,
}

/// Where an export job stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ExportStatus {
    /// Waiting for a worker.
    Queued,
    /// A worker is making it (`progress` moves).
    Running,
    /// Made: download it from `download_url`.
    Succeeded,
    /// It could not be made: see `error`.
    Failed,
}

/// Why an export failed: the problem its report would have answered.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ExportError {
    /// The problem's code (`not_found`, `forbidden`, `internal_error`).
    pub code: String,
    /// The HTTP status the report would have answered.
    pub status: u16,
    /// In the caller's language.
    pub detail: String,
}

/// An export job.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ExportOut {
    /// Identifier.
    pub id: Uuid,
    /// The report.
    pub report: ExportReport,
    /// The file's format.
    pub format: ReportFormat,
    /// The report's parameters.
    pub parameters: ExportParameters,
    /// Where it stands.
    pub status: ExportStatus,
    /// Percent done, 0–100 (100 once succeeded).
    pub progress: i32,
    /// Runs started (a replica that stopped mid-run counts one; the job is taken over).
    pub attempts: i32,
    /// Why it failed (`failed` only).
    pub error: Option<ExportError>,
    /// `/api/v1/exports/{id}/file` once succeeded.
    pub download_url: Option<String>,
    /// The file's name (`succeeded` only).
    pub file_name: Option<String>,
    /// The file's media type (`succeeded` only).
    pub content_type: Option<String>,
    /// The file's size in bytes (`succeeded` only).
    pub size_bytes: Option<i64>,
    /// When it was asked for.
    pub created_at: DateTime<Utc>,
    /// When its last run started.
    pub started_at: Option<DateTime<Utc>>,
    /// When it succeeded or failed.
    pub finished_at: Option<DateTime<Utc>>,
    /// When the job and its file are removed.
    pub expires_at: DateTime<Utc>,
    /// Version, the `ETag`.
    pub version: i32,
}

/// Filters of `GET /api/v1/exports`.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
pub struct ExportListQuery {
    /// Only jobs in this state.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", param(inline))]
    pub status: Option<ExportStatus>,
    /// Page size, 1–200 (default 50; larger is clamped).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", param(minimum = 1))]
    pub limit: Option<i64>,
    /// The previous page's `next_cursor`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", param(format = Uuid))]
    pub cursor: Option<String>,
}
