//! Reports (`/api/v1/reports/*`): each answered as JSON (the types here), or as a table in
//! CSV (UTF-8 with a byte order mark) or XLSX with `format=`.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::awards::{AwardForm, AwardOut};
use super::portal::StatisticsOut;
use super::tasks::PlanProgress;

/// How a report is answered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "cli", derive(clap::ValueEnum))]
#[serde(rename_all = "snake_case")]
pub enum ReportFormat {
    /// The typed JSON of the report (default).
    #[default]
    Json,
    /// The report's table as CSV (RFC 4180, UTF-8 with a byte order mark, a header row of
    /// Vietnamese titles; numbers with a `.` decimal point, dates `YYYY-MM-DD`).
    Csv,
    /// The report's table as an Excel workbook (one sheet, a frozen bold header row,
    /// numbers and dates as typed cells).
    Xlsx,
}

/// Query of `GET /api/v1/reports/index-ranking`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
pub struct IndexRankingReportQuery {
    /// The parent whose units are ranked (a district, or the province).
    pub parent_id: Uuid,
    /// Year.
    #[cfg_attr(feature = "openapi", param(minimum = 2000, maximum = 2100))]
    pub year: i32,
    /// `json` (default), `csv` or `xlsx`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", param(inline))]
    pub format: Option<ReportFormat>,
}

/// Query of `GET /api/v1/reports/score-sheet`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
pub struct ScoreSheetQuery {
    /// The assessment.
    pub assessment_id: Uuid,
    /// `json` (default), `csv` or `xlsx`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", param(inline))]
    pub format: Option<ReportFormat>,
}

/// Query of `GET /api/v1/reports/plan-progress`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
pub struct PlanProgressReportQuery {
    /// The plan.
    pub plan_id: Uuid,
    /// `json` (default), `csv` or `xlsx`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", param(inline))]
    pub format: Option<ReportFormat>,
}

/// One assessment's score sheet (bảng điểm) with the columns officials use.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ScoreSheet {
    /// The assessment.
    pub assessment_id: Uuid,
    /// The unit assessed.
    pub unit_id: Uuid,
    /// Its name.
    pub unit_name: String,
    /// Year.
    pub year: i32,
    /// The scored items (sub-criteria), in the framework's order.
    pub rows: Vec<ScoreSheetRow>,
    /// Total points so far (items + bonus − penalty, within 0..max).
    pub points: f64,
    /// Max points of the framework.
    pub max_points: f64,
    /// Index so far, percent (two decimals, half up).
    pub index_percent: f64,
}

/// One line of a score sheet.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ScoreSheetRow {
    /// Line number (STT), from 1.
    pub no: u32,
    /// The framework node.
    pub criterion_id: Uuid,
    /// Its code (`1.1.2`).
    pub code: String,
    /// Its name.
    pub name: String,
    /// Max points.
    pub max_points: f64,
    /// The unit's self score.
    pub self_score: Option<f64>,
    /// The appraised score: the points that count (appraised, survey or portal points,
    /// by the item's method).
    pub appraised_score: Option<f64>,
    /// The unit's note.
    pub unit_note: Option<String>,
    /// The appraiser's comment.
    pub appraiser_note: Option<String>,
}

/// A plan's progress in all and per lead department.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PlanProgressReport {
    /// The plan.
    pub plan_id: Uuid,
    /// Its title.
    pub plan_title: String,
    /// The day "overdue" is counted on (the server's today, Asia/Ho_Chi_Minh).
    pub as_of: NaiveDate,
    /// All of the plan's tasks.
    pub total: PlanProgress,
    /// Per lead department, by name (tasks with no lead department last).
    pub departments: Vec<DepartmentProgress>,
}

/// The tasks one department leads in a plan.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DepartmentProgress {
    /// The department (`null`: tasks with no lead department).
    pub department_id: Option<Uuid>,
    /// Its name.
    pub department_name: Option<String>,
    /// Its tasks counted as the plan's are.
    pub progress: PlanProgress,
    /// The earliest due date among its tasks not done nor cancelled.
    pub earliest_open_due: Option<NaiveDate>,
}

/// Query of `GET /api/v1/reports/awards`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
pub struct AwardsReportQuery {
    /// The unit whose people and collectives were awarded.
    pub unit_id: Uuid,
    /// Year (the proposals' year).
    #[cfg_attr(feature = "openapi", param(minimum = 2000, maximum = 2100))]
    pub year: i32,
    /// `json` (default), `csv` or `xlsx`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", param(inline))]
    pub format: Option<ReportFormat>,
}

/// The awards of a unit and year with the money.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AwardsReport {
    /// The unit.
    pub unit_id: Uuid,
    /// Its name.
    pub unit_name: String,
    /// Year.
    pub year: i32,
    /// Every award granted by an issued decision (revoked ones marked), by decision date,
    /// then decision number, then recipient.
    pub awards: Vec<AwardOut>,
    /// Awards in force (not revoked).
    pub count: u32,
    /// Their money, VND.
    pub total_money: i64,
    /// Per form (in the law's order, forms with awards only): awards in force and money.
    pub by_form: Vec<AwardFormTotal>,
}

/// The awards of one form in a report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AwardFormTotal {
    /// The form.
    pub form: AwardForm,
    /// Awards in force.
    pub count: u32,
    /// Their money, VND.
    pub money: i64,
}

/// Query of `GET /api/v1/reports/portal`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
pub struct PortalReportQuery {
    /// The unit.
    pub unit_id: Uuid,
    /// Only periods starting with this (`2024` takes `2024`, `2024-Q1`, `2024-03`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", param(pattern = "^[0-9Q-]{1,7}$"))]
    pub period: Option<String>,
    /// `json` (default), `csv` or `xlsx`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", param(inline))]
    pub format: Option<ReportFormat>,
}

/// The portal's figures of a unit per period, each ratio with its numerator and
/// denominator.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PortalReport {
    /// The unit.
    pub unit_id: Uuid,
    /// Its name.
    pub unit_name: String,
    /// The stored figures, by period.
    pub statistics: Vec<StatisticsOut>,
}

/// Query of `GET /api/v1/reports/department-scorecard`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
pub struct DepartmentScorecardQuery {
    /// The unit whose departments are scored.
    pub unit_id: Uuid,
    /// Year (of the unit's plans, and of its index assessment).
    #[cfg_attr(feature = "openapi", param(minimum = 2000, maximum = 2100))]
    pub year: i32,
    /// `json` (default), `csv` or `xlsx`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", param(inline))]
    pub format: Option<ReportFormat>,
}

/// What each department of a unit did in a year (bảng theo dõi kết quả của các bộ phận):
/// its tasks done, on time and overdue, and the index sub-criteria it answers for with the
/// points they lost.
///
/// The year's tasks are the unit's tasks in its plans of that year (plans not cancelled),
/// plus its tasks outside any plan due in that year (or, with no due date, created in it,
/// Vietnam time); cancelled tasks are not counted.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DepartmentScorecard {
    /// The unit.
    pub unit_id: Uuid,
    /// Its name.
    pub unit_name: String,
    /// Year.
    pub year: i32,
    /// The day "overdue" is counted on (the server's today, Asia/Ho_Chi_Minh).
    pub as_of: NaiveDate,
    /// The unit's index assessment of that year whose items are listed (`null`: none; with
    /// two, the published one, else the one changed last).
    pub assessment_id: Option<Uuid>,
    /// Every department with tasks or items that year (archived ones included), by name
    /// (case and diacritics folded); tasks with no lead department and items with no
    /// responsible department last, on the line with no department.
    pub departments: Vec<DepartmentScore>,
}

/// One department's line of a scorecard.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DepartmentScore {
    /// The department (`null`: tasks with no lead department and items with no
    /// responsible department).
    pub department_id: Option<Uuid>,
    /// Its name (`null` on the line with no department).
    pub department_name: Option<String>,
    /// The year's tasks it leads (cancelled ones not counted).
    pub tasks_total: u64,
    /// Of them, done.
    pub done: u64,
    /// Done on time: completed (Vietnam date) on or before the due date, or with no due
    /// date.
    pub done_on_time: u64,
    /// Done after the due date.
    pub done_late: u64,
    /// Not done yet (to do, in progress or blocked).
    pub open: u64,
    /// Of the open ones, past their due date on `as_of`.
    pub overdue: u64,
    /// The sub-criteria (tiêu chí thành phần) it answers for in the year's assessment, in
    /// the framework's order: the unit's override, else its active department whose short
    /// code is the framework's kind.
    pub items: Vec<ScorecardItem>,
    /// Sum of the items' max points.
    pub max_points: f64,
    /// Sum of the items' points that count (an item not scored yet counts 0).
    pub points: f64,
    /// Sum of the items' lost points (an item not scored yet has lost none yet).
    pub lost_points: f64,
}

/// One sub-criterion on a department's line.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ScorecardItem {
    /// The framework node.
    pub criterion_id: Uuid,
    /// Its code (`1.1.2`).
    pub code: String,
    /// Its name.
    pub name: String,
    /// Max points.
    pub max_points: f64,
    /// The points that count now (appraised, else self score; survey or portal points,
    /// by the item's method); `null` while not scored.
    pub points: Option<f64>,
    /// `max_points − points`; `null` while not scored.
    pub lost_points: Option<f64>,
}
