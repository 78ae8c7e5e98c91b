//! `/api/v1/index/assessments`: a unit's assessment from self-assessment to finalization.

use actix_web::{get, post, put, web};
use cchc_sdk::types::common::Page;
use cchc_sdk::types::index::{
    AppraisalIn, AssessmentIn, AssessmentListQuery, AssessmentOut, ExplanationRequest,
    ResponsibilitiesIn, SelfAssessmentIn,
};
use uuid::Uuid;

use crate::AppState;
use crate::auth::{Ctx, Permission};
use crate::domain::index::assessments;
use crate::error::ApiError;
use crate::http::etag::IfMatch;
use crate::http::extract::ApiJson;
use crate::http::pagination::PageRequest;
use crate::http::responses::Resource;

async fn assessment(
    state: &AppState,
    m: crate::entity::index_assessments::Model,
) -> Result<Resource<AssessmentOut>, ApiError> {
    let version = m.version;
    Ok(Resource::ok(
        assessments::to_out(&state.db, m, true).await?,
        version,
    ))
}

/// List assessments
///
/// The assessments of the units the caller sees (summaries: totals without the sheet).
/// Filters: framework, unit, year, status.
///
/// Requires: any role, or scope `reports.read`.
#[utoipa::path(operation_id = "index.assessments.list", tag = "index", params(AssessmentListQuery),
    responses((status = 200, description = "One page of assessments", body = Page<AssessmentOut>)))]
#[get("/index/assessments")]
pub(super) async fn list_assessments(
    state: web::Data<AppState>,
    ctx: Ctx,
    query: web::Query<AssessmentListQuery>,
) -> Result<web::Json<Page<AssessmentOut>>, ApiError> {
    ctx.require(Permission::IndexRead)?;
    crate::http::pagination::check_year(query.year)?;
    let page = PageRequest::parse(query.limit, query.cursor.as_deref())?;
    let rows = assessments::list(&state.db, &ctx.scope, &query, &page).await?;
    let mut data = Vec::new();
    for m in rows.data {
        data.push(assessments::to_out(&state.db, m, false).await?);
    }
    Ok(web::Json(Page {
        data,
        next_cursor: rows.next_cursor,
        has_more: rows.has_more,
    }))
}

/// Open an assessment
///
/// One per unit and framework (409 `already_exists`): the unit must be of the
/// framework's level and under its issuer; the framework must be published.
///
/// Requires: `system_admin`, or `unit_admin` of the unit or above.
#[utoipa::path(operation_id = "index.assessments.create", tag = "index", request_body = AssessmentIn,
    responses((status = 201, description = "The assessment, self-assessing", body = AssessmentOut)))]
#[post("/index/assessments")]
pub(super) async fn create_assessment(
    state: web::Data<AppState>,
    ctx: Ctx,
    body: ApiJson<AssessmentIn>,
) -> Result<Resource<AssessmentOut>, ApiError> {
    let m = assessments::create(&state.db, &ctx, body.0).await?;
    let (location, version) = (format!("/api/v1/index/assessments/{}", m.id), m.version);
    Ok(Resource::created(
        assessments::to_out(&state.db, m, true).await?,
        version,
        location,
    ))
}

/// Get an assessment with its score sheet
///
/// Each row: max, method, self score and note, evidence, appraised score or survey
/// points or the portal score with its figures, the appraiser's comment, the points that
/// count and the responsible department; with totals per area and the index so far.
///
/// Requires: any role, or scope `reports.read`.
#[utoipa::path(operation_id = "index.assessments.get", tag = "index", params(("id" = Uuid, Path, description = "Assessment id")),
    responses((status = 200, description = "The assessment", body = AssessmentOut)))]
#[get("/index/assessments/{id}")]
pub(super) async fn get_assessment(
    state: web::Data<AppState>,
    ctx: Ctx,
    id: web::Path<Uuid>,
) -> Result<Resource<AssessmentOut>, ApiError> {
    ctx.require(Permission::IndexRead)?;
    assessment(&state, assessments::get(&state.db, &ctx.scope, *id).await?).await
}

/// Save self scores
///
/// Changes the listed items (self score within 0..max, note, evidence cited from the
/// unit's task attachments); all or none. Only while self-assessing and before the
/// framework's deadline, or — after `request_explanation` — on the items asked about.
///
/// Requires: `system_admin`, or `unit_admin` of the unit or above.
#[utoipa::path(operation_id = "index.assessments.self_assess", tag = "index", request_body = SelfAssessmentIn,
    params(("id" = Uuid, Path, description = "Assessment id")),
    responses((status = 200, description = "The assessment", body = AssessmentOut)))]
#[put("/index/assessments/{id}/self-assessment")]
pub(super) async fn self_assess(
    state: web::Data<AppState>,
    ctx: Ctx,
    id: web::Path<Uuid>,
    if_match: IfMatch,
    body: ApiJson<SelfAssessmentIn>,
) -> Result<Resource<AssessmentOut>, ApiError> {
    let m = assessments::self_assess(&state.db, &ctx, *id, &if_match, body.0).await?;
    assessment(&state, m).await
}

/// Submit the self-assessment (or the explanation)
///
/// Every self-assessed item needs a self score (422 listing those without). After an
/// explanation request this starts appraisal round 2.
///
/// Requires: `system_admin`, or `unit_admin` of the unit or above.
#[utoipa::path(operation_id = "index.assessments.submit", tag = "index",
    params(("id" = Uuid, Path, description = "Assessment id")),
    responses((status = 200, description = "The submitted assessment", body = AssessmentOut)))]
#[post("/index/assessments/{id}/submit")]
pub(super) async fn submit(
    state: web::Data<AppState>,
    ctx: Ctx,
    id: web::Path<Uuid>,
    if_match: IfMatch,
) -> Result<Resource<AssessmentOut>, ApiError> {
    let m = assessments::submit(&state.db, &ctx, *id, &if_match).await?;
    assessment(&state, m).await
}

/// Save the appraisal
///
/// Appraised scores of self-assessed items, survey points of survey items, comments,
/// bonus and penalty within the framework's caps; all or none. Never by the unit's own
/// people (403).
///
/// Requires: `system_admin`, or `appraiser` / `unit_admin` of an upper unit.
#[utoipa::path(operation_id = "index.assessments.appraise", tag = "index", request_body = AppraisalIn,
    params(("id" = Uuid, Path, description = "Assessment id")),
    responses((status = 200, description = "The assessment", body = AssessmentOut)))]
#[put("/index/assessments/{id}/appraisal")]
pub(super) async fn appraise(
    state: web::Data<AppState>,
    ctx: Ctx,
    id: web::Path<Uuid>,
    if_match: IfMatch,
    body: ApiJson<AppraisalIn>,
) -> Result<Resource<AssessmentOut>, ApiError> {
    let m = assessments::appraise(&state.db, &ctx, *id, &if_match, body.0).await?;
    assessment(&state, m).await
}

/// Ask for an explanation
///
/// Round 1 only: sends the chosen self-assessed items back to the unit, which explains
/// them with more evidence and submits again for round 2.
///
/// Requires: `system_admin`, or `appraiser` / `unit_admin` of an upper unit.
#[utoipa::path(operation_id = "index.assessments.request_explanation", tag = "index", request_body = ExplanationRequest,
    params(("id" = Uuid, Path, description = "Assessment id")),
    responses((status = 200, description = "The assessment", body = AssessmentOut)))]
#[post("/index/assessments/{id}/request-explanation")]
pub(super) async fn request_explanation(
    state: web::Data<AppState>,
    ctx: Ctx,
    id: web::Path<Uuid>,
    if_match: IfMatch,
    body: ApiJson<ExplanationRequest>,
) -> Result<Resource<AssessmentOut>, ApiError> {
    let m = assessments::request_explanation(&state.db, &ctx, *id, &if_match, body.0).await?;
    assessment(&state, m).await
}

/// Finalize the appraisal
///
/// Every self-assessed item appraised and every survey item given points (422 listing
/// the rest); portal-metric scores are frozen with their figures.
///
/// Requires: `system_admin`, or `appraiser` / `unit_admin` of an upper unit.
#[utoipa::path(operation_id = "index.assessments.finalize", tag = "index",
    params(("id" = Uuid, Path, description = "Assessment id")),
    responses((status = 200, description = "The finalized assessment", body = AssessmentOut)))]
#[post("/index/assessments/{id}/finalize")]
pub(super) async fn finalize(
    state: web::Data<AppState>,
    ctx: Ctx,
    id: web::Path<Uuid>,
    if_match: IfMatch,
) -> Result<Resource<AssessmentOut>, ApiError> {
    let m = assessments::finalize(&state.db, &ctx, *id, &if_match).await?;
    assessment(&state, m).await
}

/// Set the responsible departments
///
/// Overrides, for this unit, the department responsible for chosen items (by default
/// the unit's department whose short code matches the framework's kind); `null` goes
/// back to the default. Allowed in every state: the analysis uses it.
///
/// Requires: `system_admin`, or `unit_admin` of the unit or above.
#[utoipa::path(operation_id = "index.assessments.set_responsibilities", tag = "index", request_body = ResponsibilitiesIn,
    params(("id" = Uuid, Path, description = "Assessment id")),
    responses((status = 200, description = "The assessment", body = AssessmentOut)))]
#[put("/index/assessments/{id}/responsibilities")]
pub(super) async fn set_responsibilities(
    state: web::Data<AppState>,
    ctx: Ctx,
    id: web::Path<Uuid>,
    if_match: IfMatch,
    body: ApiJson<ResponsibilitiesIn>,
) -> Result<Resource<AssessmentOut>, ApiError> {
    let m = assessments::set_responsibilities(&state.db, &ctx, *id, &if_match, body.0).await?;
    assessment(&state, m).await
}
