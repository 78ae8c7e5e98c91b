//! `/api/v1/reports`: reports as JSON, CSV (UTF-8 with a byte order mark) or XLSX
//! (`format=`), each read through the same scoped domain functions as the lists behind it.

use actix_web::{HttpResponse, get, web};
use cchc_sdk::types::index::Ranking;
use cchc_sdk::types::reports::{
    AwardsReport, AwardsReportQuery, DepartmentScorecard, DepartmentScorecardQuery,
    IndexRankingReportQuery, PlanProgressReport, PlanProgressReportQuery, PortalReport,
    PortalReportQuery, ScoreSheet, ScoreSheetQuery,
};
use utoipa_actix_web::service_config::ServiceConfig;

use crate::AppState;
use crate::auth::{Ctx, Permission};
use crate::domain::reports::{
    awards as granted, plan_progress as progress, portal as figures, ranking, score_sheet as sheet,
    scorecard,
};
use crate::error::ApiError;
use crate::http::report::respond;

/// A report file (documented as binary; only named in the spec).
#[derive(utoipa::ToSchema)]
#[schema(value_type = String, format = Binary)]
#[allow(dead_code)]
pub struct ReportFile(Vec<u8>);

/// Registers the report routes.
pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(index_ranking)
        .service(score_sheet)
        .service(plan_progress)
        .service(awards)
        .service(portal)
        .service(department_scorecard);
}

/// Report the index ranking of a parent's units
///
/// The published results of the units directly under `parent_id` for `year`, best first:
/// rank, points per area, bonus, penalty, total, index, band, last year's index and the
/// change (for a unit formed by a merger, against its predecessors' average, stated in
/// "Cơ sở so sánh"). JSON is the ranking as `index.results.ranking` answers it; CSV and
/// XLSX are its table ("Xếp hạng Chỉ số CCHC năm {year}"). Published results are public
/// within the installation.
///
/// Requires: any role or scope.
#[utoipa::path(operation_id = "reports.index_ranking", tag = "reports", params(IndexRankingReportQuery),
    responses((status = 200, description = "The ranking", content(
        (Ranking = "application/json"),
        (ReportFile = "text/csv"),
        (ReportFile = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    ))))]
#[get("/reports/index-ranking")]
async fn index_ranking(
    state: web::Data<AppState>,
    ctx: Ctx,
    query: web::Query<IndexRankingReportQuery>,
) -> Result<HttpResponse, ApiError> {
    ctx.require(Permission::IndexRead)?;
    crate::http::pagination::check_year(Some(query.year))?;
    let r = crate::domain::index::results::ranking(&state.db, query.parent_id, query.year).await?;
    respond(query.format, &r, || ranking::table(&r))
}

/// Report an assessment's score sheet
///
/// One line per scored item, in the framework's order: no., code, criterion, max, the
/// unit's self score, the appraised score (the points that count: appraised, survey or
/// portal, by the item's method), the unit's note and the appraiser's comment; with the
/// totals in JSON. 404 for an assessment of a unit the caller cannot see.
///
/// Requires: any role, or scope `reports.read`.
#[utoipa::path(operation_id = "reports.score_sheet", tag = "reports", params(ScoreSheetQuery),
    responses((status = 200, description = "The score sheet", content(
        (ScoreSheet = "application/json"),
        (ReportFile = "text/csv"),
        (ReportFile = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    ))))]
#[get("/reports/score-sheet")]
async fn score_sheet(
    state: web::Data<AppState>,
    ctx: Ctx,
    query: web::Query<ScoreSheetQuery>,
) -> Result<HttpResponse, ApiError> {
    ctx.require(Permission::IndexRead)?;
    let s = sheet::score_sheet(&state.db, &ctx.scope, query.assessment_id).await?;
    respond(query.format, &s, || sheet::table(&s))
}

/// Report a plan's progress
///
/// The plan's tasks counted by status, overdue (past due, not done nor cancelled, on the
/// server's today) and the weighted progress (as `plans.progress`), in all and per lead
/// department with the earliest due date still open. CSV and XLSX list the departments,
/// then the total ("Tổng cộng"). 404 for a plan of a unit the caller cannot see.
///
/// Requires: any role, or scope `reports.read`.
#[utoipa::path(operation_id = "reports.plan_progress", tag = "reports", params(PlanProgressReportQuery),
    responses((status = 200, description = "The progress", content(
        (PlanProgressReport = "application/json"),
        (ReportFile = "text/csv"),
        (ReportFile = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    ))))]
#[get("/reports/plan-progress")]
async fn plan_progress(
    state: web::Data<AppState>,
    ctx: Ctx,
    query: web::Query<PlanProgressReportQuery>,
) -> Result<HttpResponse, ApiError> {
    ctx.require(Permission::TasksRead)?;
    let p = progress::plan_progress(&state.db, &ctx.scope, query.plan_id, ctx.today()).await?;
    respond(query.format, &p, || progress::table(&p))
}

/// Report the awards of a unit and year
///
/// Every award to the people and collectives of `unit_id` for `year` granted by an issued
/// decision: decision number and date, form, recipient, achievement and money (VND);
/// revoked decisions marked "Đã thu hồi" and left out of the totals (count, money, and per
/// form in JSON; the "Tổng cộng" line in CSV and XLSX). 404 for a unit the caller cannot
/// see.
///
/// Requires: any role, or scope `reports.read`.
#[utoipa::path(operation_id = "reports.awards", tag = "reports", params(AwardsReportQuery),
    responses((status = 200, description = "The awards", content(
        (AwardsReport = "application/json"),
        (ReportFile = "text/csv"),
        (ReportFile = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    ))))]
#[get("/reports/awards")]
async fn awards(
    state: web::Data<AppState>,
    ctx: Ctx,
    query: web::Query<AwardsReportQuery>,
) -> Result<HttpResponse, ApiError> {
    ctx.require(Permission::AwardsRead)?;
    crate::http::pagination::check_year(Some(query.year))?;
    let r = granted::awards(&state.db, &ctx.scope, query.unit_id, query.year).await?;
    respond(query.format, &r, || granted::table(&r))
}

/// Report the portal's figures of a unit
///
/// The statistics the public-service portal pushed for `unit_id`, by period (only periods
/// starting with `period` when given: `2024` takes `2024`, `2024-Q1`, `2024-03`), each
/// ratio with its numerator and denominator (formulas: `PortalMetric`). CSV and XLSX have
/// one line per period and ratio. 404 for a unit the caller cannot see.
///
/// Requires: any role or scope.
#[utoipa::path(operation_id = "reports.portal", tag = "reports", params(PortalReportQuery),
    responses((status = 200, description = "The figures", content(
        (PortalReport = "application/json"),
        (ReportFile = "text/csv"),
        (ReportFile = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    ))))]
#[get("/reports/portal")]
async fn portal(
    state: web::Data<AppState>,
    ctx: Ctx,
    query: web::Query<PortalReportQuery>,
) -> Result<HttpResponse, ApiError> {
    ctx.require(Permission::IndexRead)?;
    let q = query.into_inner();
    let r = figures::portal(&state.db, &ctx.scope, q.unit_id, q.period).await?;
    respond(q.format, &r, || figures::table(&r))
}

/// Report the department scorecard of a unit and year
///
/// Per department of `unit_id`, for `year`: the tasks it leads — done (on time: completed,
/// Vietnam date, on or before the due date or with none; late otherwise), open, and
/// overdue (open and past due on the server's today) — and the sub-criteria it answers for
/// in the unit's assessment of that year (the unit's override, else its department of the
/// framework's kind) with their max, points and lost points (an item not scored yet counts
/// 0 points and 0 lost). The year's tasks: those in the unit's plans of that year (not
/// cancelled), and those outside any plan due in that year or, with no due date, created
/// in it; cancelled tasks are not counted. Departments by name; tasks with no lead
/// department and items with no responsible department on the last line, with no
/// department. CSV and XLSX add the on-time rate (% of done, empty when none is done), the
/// lost items' codes ("1.1.2 (-0.50)") and the total ("Tổng cộng"). 404 for a unit the
/// caller cannot see.
///
/// Requires: any role, or scope `reports.read`.
#[utoipa::path(operation_id = "reports.department_scorecard", tag = "reports",
    params(DepartmentScorecardQuery),
    responses((status = 200, description = "The scorecard", content(
        (DepartmentScorecard = "application/json"),
        (ReportFile = "text/csv"),
        (ReportFile = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    ))))]
#[get("/reports/department-scorecard")]
async fn department_scorecard(
    state: web::Data<AppState>,
    ctx: Ctx,
    query: web::Query<DepartmentScorecardQuery>,
) -> Result<HttpResponse, ApiError> {
    // Whoever may read tasks may read the index too.
    ctx.require(Permission::TasksRead)?;
    let q = query.into_inner();
    let r = scorecard::department_scorecard(&state.db, &ctx.scope, q.unit_id, q.year, ctx.today())
        .await?;
    respond(q.format, &r, || scorecard::table(&r))
}
