//! Results: their publication, the analysis of lost points (and its remediation tasks),
//! rankings and a unit's result.

use actix_web::http::header::ContentType;
use actix_web::{HttpResponse, get, post, web};
use cchc_sdk::types::index::{
    Analysis, PublicationOut, PublishResults, Ranking, RankingQuery, RemediationIn, ResultOut,
};
use cchc_sdk::types::tasks::TaskOut;
use uuid::Uuid;

use crate::AppState;
use crate::auth::{Ctx, Permission};
use crate::domain::index::{analysis, assessments, results};
use crate::error::ApiError;
use crate::http::extract::ApiJson;

/// Publish the results of a parent's units
///
/// Publishes, by one decision (number, date, issuer: "863/QĐ-UBND", 09/4/2024, "UBND
/// huyện Tây Hòa"), every finalized assessment against this framework of the units
/// directly under `parent_unit_id`, and freezes them. Refused (409 `invalid_transition`,
/// `referenced_by` listing them) while any of those assessments is not finalized; one
/// publication per parent and framework (409 `already_exists`).
///
/// Requires: `system_admin`, or `unit_admin` / `appraiser` of the parent or above.
#[utoipa::path(operation_id = "index.frameworks.publish_results", tag = "index", request_body = PublishResults,
    params(("id" = Uuid, Path, description = "Framework id")),
    responses((status = 201, description = "The publication", body = PublicationOut)))]
#[post("/index/frameworks/{id}/publications")]
pub(super) async fn publish_results(
    state: web::Data<AppState>,
    ctx: Ctx,
    id: web::Path<Uuid>,
    body: ApiJson<PublishResults>,
) -> Result<HttpResponse, ApiError> {
    let p = results::publish(&state.db, &ctx, *id, body.0).await?;
    Ok(HttpResponse::Created().json(assessments::publication_to_out(p)))
}

/// Analyse the lost points
///
/// The sub-criteria where points were lost, most first, with percent achieved, last
/// year's figure, the sibling units' average and the responsible department; grouped by
/// department with each one's total.
///
/// Requires: any role, or scope `reports.read`.
#[utoipa::path(operation_id = "index.assessments.analysis", tag = "index",
    params(("id" = Uuid, Path, description = "Assessment id")),
    responses((status = 200, description = "The analysis", body = Analysis)))]
#[get("/index/assessments/{id}/analysis")]
pub(super) async fn get_analysis(
    state: web::Data<AppState>,
    ctx: Ctx,
    id: web::Path<Uuid>,
) -> Result<web::Json<Analysis>, ApiError> {
    ctx.require(Permission::IndexRead)?;
    Ok(web::Json(analysis::analyse(&state.db, &ctx, *id).await?))
}

/// Turn lost points into remediation tasks
///
/// One task per chosen item in a plan of the same unit, led by the responsible
/// department and linked to the sub-criterion (`criterion_id`), in the order of `codes`.
/// Asking again for the same items and plan creates nothing and answers 200 with the
/// tasks already made; when some of the items have no task yet, those are created and
/// the answer is 201 (with every task asked for, old and new).
///
/// Requires: `system_admin`, or `unit_admin` of the unit or above.
#[utoipa::path(operation_id = "index.assessments.remediate", tag = "index", request_body = RemediationIn,
    params(("id" = Uuid, Path, description = "Assessment id")),
    responses(
        (status = 201, description = "At least one task was created: every task asked for, \
            old and new; `Location` names the first new one", body = Vec<TaskOut>,
            headers(("Location" = String, description = "`/api/v1/tasks/{id}` of the first new task"))),
        (status = 200, description = "Nothing was created: every item asked for already had \
            its task in this plan; the existing tasks", body = Vec<TaskOut>)))]
#[post("/index/assessments/{id}/analysis/tasks")]
pub(super) async fn create_remediation_tasks(
    state: web::Data<AppState>,
    ctx: Ctx,
    id: web::Path<Uuid>,
    body: ApiJson<RemediationIn>,
) -> Result<HttpResponse, ApiError> {
    let made = analysis::remediate(&state.db, &ctx, *id, body.0).await?;
    let out = crate::domain::tasks::to_outs(&state.db, made.tasks, ctx.today()).await?;
    Ok(match made.created.first() {
        Some(first) => HttpResponse::Created()
            .insert_header((
                actix_web::http::header::LOCATION,
                format!("/api/v1/tasks/{first}"),
            ))
            .json(out),
        None => HttpResponse::Ok().json(out),
    })
}

/// Rank a parent's units
///
/// The published results of the units directly under `parent_id` for `year`: points and
/// percent per area and in total, index, band, rank (equal indexes share a rank, the
/// next is skipped), last year's index and the change. Published results are public
/// within the installation.
///
/// Requires: any role or scope.
#[utoipa::path(operation_id = "index.results.ranking", tag = "index", params(RankingQuery),
    responses((status = 200, description = "The ranking", body = Ranking)))]
#[get("/index/results")]
pub(super) async fn ranking(
    state: web::Data<AppState>,
    ctx: Ctx,
    query: web::Query<RankingQuery>,
) -> Result<HttpResponse, ApiError> {
    ctx.require(Permission::IndexRead)?;
    crate::http::pagination::check_year(Some(query.year))?;
    let json = state
        .rankings
        .json(&state.db, &state.epoch, query.parent_id, query.year)
        .await?;
    Ok(HttpResponse::Ok()
        .content_type(ContentType::json())
        .body(json))
}

/// Get a unit's result for a year
///
/// 404 until the unit's assessment for the year is published.
///
/// Requires: any role or scope.
#[utoipa::path(operation_id = "index.results.get", tag = "index",
    params(("unit_id" = Uuid, Path, description = "Unit id"), ("year" = i32, Path, description = "Year", minimum = 2000, maximum = 2100)),
    responses((status = 200, description = "The result", body = ResultOut)))]
#[get("/index/results/{unit_id}/{year}")]
pub(super) async fn get_result(
    state: web::Data<AppState>,
    ctx: Ctx,
    path: web::Path<(Uuid, i32)>,
) -> Result<web::Json<ResultOut>, ApiError> {
    ctx.require(Permission::IndexRead)?;
    let (unit_id, year) = path.into_inner();
    if !(2000..=2100).contains(&year) {
        return Err(ApiError::not_found());
    }
    Ok(web::Json(results::result(&state.db, unit_id, year).await?))
}
