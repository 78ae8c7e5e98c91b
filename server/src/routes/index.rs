//! `/api/v1/index`: frameworks, assessments, results and rankings, analysis.

use actix_web::http::header;
use actix_web::{HttpRequest, HttpResponse, get, patch, post, put, web};
use cchc_sdk::types::common::Page;
use cchc_sdk::types::index::{
    Analysis, AppraisalIn, AssessmentIn, AssessmentListQuery, AssessmentOut, CopyFramework,
    CriterionIn, ExplanationRequest, FrameworkIn, FrameworkListQuery, FrameworkOut, FrameworkPatch,
    PublicationOut, PublishResults, Ranking, RankingQuery, RemediationIn, ResponsibilitiesIn,
    ResultOut, SelfAssessmentIn, SheetFormat, SheetQuery,
};
use cchc_sdk::types::tasks::TaskOut;
use utoipa_actix_web::service_config::ServiceConfig;
use uuid::Uuid;

use crate::AppState;
use crate::auth::{Ctx, Permission};
use crate::domain::index::{analysis, assessments, frameworks, results};
use crate::error::{ApiError, ErrorKind};
use crate::http::etag::IfMatch;
use crate::http::extract::ApiJson;
use crate::http::pagination::PageRequest;
use crate::http::responses::Resource;

/// Registers the index routes.
pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(list_frameworks)
        .service(create_framework)
        .service(get_framework)
        .service(update_framework)
        .service(publish_framework)
        .service(copy_framework)
        .service(export_framework)
        .service(get_criteria)
        .service(replace_criteria)
        .service(publish_results)
        .service(list_assessments)
        .service(create_assessment)
        .service(get_assessment)
        .service(self_assess)
        .service(submit)
        .service(appraise)
        .service(request_explanation)
        .service(finalize)
        .service(set_responsibilities)
        .service(get_analysis)
        .service(create_remediation_tasks)
        .service(ranking)
        .service(get_result);
}

fn framework(
    m: crate::entity::index_frameworks::Model,
) -> Result<Resource<FrameworkOut>, ApiError> {
    let version = m.version;
    Ok(Resource::ok(frameworks::to_out(m)?, version))
}

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

/// List frameworks
///
/// Frameworks are readable by every principal of the installation: each unit reads the
/// criteria it is scored by. Filters: year, level, status.
///
/// Requires: any role or scope.
#[utoipa::path(operation_id = "index.frameworks.list", tag = "index", params(FrameworkListQuery),
    responses((status = 200, description = "One page of frameworks", body = Page<FrameworkOut>)))]
#[get("/index/frameworks")]
async fn list_frameworks(
    state: web::Data<AppState>,
    ctx: Ctx,
    query: web::Query<FrameworkListQuery>,
) -> Result<web::Json<Page<FrameworkOut>>, ApiError> {
    ctx.require(Permission::IndexRead)?;
    crate::http::pagination::check_year(query.year)?;
    let page = PageRequest::parse(query.limit, query.cursor.as_deref())?;
    let rows = frameworks::list(&state.db, &query, &page).await?;
    Ok(web::Json(Page {
        data: rows
            .data
            .into_iter()
            .map(frameworks::to_out)
            .collect::<Result<_, _>>()?,
        next_cursor: rows.next_cursor,
        has_more: rows.has_more,
    }))
}

/// Create (or import) a framework
///
/// A draft with its whole tree: areas -> criteria -> sub-criteria, each with a dotted
/// code, a name and max points; scored items (nodes without children) carry their method
/// (`self_assessed`, `survey`, `portal_metric` with its rule) and the kind of department
/// responsible. The children's max points must add up to their parent's (422
/// `sum_mismatch` naming the node). The body is what `…/export` gives, so a framework
/// moves between installations as one file.
///
/// Requires: `system_admin`, or `unit_admin` of the issuing unit.
#[utoipa::path(operation_id = "index.frameworks.create", tag = "index", request_body = FrameworkIn,
    responses((status = 201, description = "The draft framework", body = FrameworkOut)))]
#[post("/index/frameworks")]
async fn create_framework(
    state: web::Data<AppState>,
    ctx: Ctx,
    body: ApiJson<FrameworkIn>,
) -> Result<Resource<FrameworkOut>, ApiError> {
    ctx.require(Permission::IndexFrameworksWrite)?;
    let m = frameworks::create(&state.db, &ctx, body.0, None).await?;
    let (location, version) = (format!("/api/v1/index/frameworks/{}", m.id), m.version);
    Ok(Resource::created(frameworks::to_out(m)?, version, location))
}

/// Get a framework
///
/// Requires: any role or scope.
#[utoipa::path(operation_id = "index.frameworks.get", tag = "index", params(("id" = Uuid, Path, description = "Framework id")),
    responses((status = 200, description = "The framework", body = FrameworkOut)))]
#[get("/index/frameworks/{id}")]
async fn get_framework(
    state: web::Data<AppState>,
    ctx: Ctx,
    id: web::Path<Uuid>,
) -> Result<Resource<FrameworkOut>, ApiError> {
    ctx.require(Permission::IndexRead)?;
    framework(frameworks::get(&state.db, *id).await?)
}

/// Change a draft framework
///
/// Merge patch; `areas` replaces the whole tree. A published framework is frozen (409
/// `invalid_transition`): copy it instead.
///
/// Requires: `system_admin`, or `unit_admin` of the issuing unit.
#[utoipa::path(operation_id = "index.frameworks.update", tag = "index", request_body = FrameworkPatch,
    params(("id" = Uuid, Path, description = "Framework id")),
    responses((status = 200, description = "The framework", body = FrameworkOut)))]
#[patch("/index/frameworks/{id}")]
async fn update_framework(
    state: web::Data<AppState>,
    ctx: Ctx,
    id: web::Path<Uuid>,
    if_match: IfMatch,
    body: ApiJson<FrameworkPatch>,
) -> Result<Resource<FrameworkOut>, ApiError> {
    framework(frameworks::update(&state.db, &ctx, *id, &if_match, body.0).await?)
}

/// Publish a framework
///
/// Puts it in force and freezes it; assessments can then be opened against it.
///
/// Requires: `system_admin`, or `unit_admin` of the issuing unit.
#[utoipa::path(operation_id = "index.frameworks.publish", tag = "index",
    params(("id" = Uuid, Path, description = "Framework id")),
    responses((status = 200, description = "The published framework", body = FrameworkOut)))]
#[post("/index/frameworks/{id}/publish")]
async fn publish_framework(
    state: web::Data<AppState>,
    ctx: Ctx,
    id: web::Path<Uuid>,
    if_match: IfMatch,
) -> Result<Resource<FrameworkOut>, ApiError> {
    framework(frameworks::publish(&state.db, &ctx, *id, &if_match).await?)
}

/// Copy a framework to start another year's
///
/// A new draft with the same tree, caps and bands, for `year`.
///
/// Requires: `system_admin`, or `unit_admin` of the issuing unit.
#[utoipa::path(operation_id = "index.frameworks.copy", tag = "index", request_body = CopyFramework,
    params(("id" = Uuid, Path, description = "Framework to copy")),
    responses((status = 201, description = "The new draft", body = FrameworkOut)))]
#[post("/index/frameworks/{id}/copy")]
async fn copy_framework(
    state: web::Data<AppState>,
    ctx: Ctx,
    id: web::Path<Uuid>,
    body: ApiJson<CopyFramework>,
) -> Result<Resource<FrameworkOut>, ApiError> {
    let m = frameworks::copy(&state.db, &ctx, *id, body.0).await?;
    let (location, version) = (format!("/api/v1/index/frameworks/{}", m.id), m.version);
    Ok(Resource::created(frameworks::to_out(m)?, version, location))
}

/// Export a framework as JSON
///
/// The whole framework as a file in the shape `index.frameworks.create` takes.
///
/// Requires: any role or scope.
#[utoipa::path(operation_id = "index.frameworks.export", tag = "index",
    params(("id" = Uuid, Path, description = "Framework id")),
    responses((status = 200, description = "The framework file", body = FrameworkIn)))]
#[get("/index/frameworks/{id}/export")]
async fn export_framework(
    state: web::Data<AppState>,
    ctx: Ctx,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, ApiError> {
    ctx.require(Permission::IndexRead)?;
    let m = frameworks::get(&state.db, *id).await?;
    let body = frameworks::export(&m)?;
    Ok(HttpResponse::Ok()
        .insert_header((
            header::CONTENT_DISPOSITION,
            format!(
                "attachment; filename=\"framework-{}-{}.json\"",
                m.year, m.id
            ),
        ))
        .json(body))
}

/// The CSV file type.
const CSV_TYPE: &str = "text/csv; charset=utf-8";

/// Get a framework's criteria sheet
///
/// `format=json` (the `areas` tree) or `format=csv` (one row per node with the header
/// `code,name,max_points,method,responsible,metric,thresholds`; what a province's office
/// keeps in Excel).
///
/// Requires: any role or scope.
#[utoipa::path(operation_id = "index.frameworks.criteria", tag = "index",
    params(("id" = Uuid, Path, description = "Framework id"), SheetQuery),
    responses((status = 200, description = "The criteria", content(
        (Vec<CriterionIn> = "application/json"),
        (String = "text/csv"),
    ))))]
#[get("/index/frameworks/{id}/criteria")]
async fn get_criteria(
    state: web::Data<AppState>,
    ctx: Ctx,
    id: web::Path<Uuid>,
    query: web::Query<SheetQuery>,
) -> Result<HttpResponse, ApiError> {
    ctx.require(Permission::IndexRead)?;
    let m = frameworks::get(&state.db, *id).await?;
    let (areas, _) = frameworks::tree_of(&m)?;
    Ok(match query.format {
        SheetFormat::Json => HttpResponse::Ok().json(areas),
        SheetFormat::Csv => HttpResponse::Ok()
            .insert_header((header::CONTENT_TYPE, CSV_TYPE))
            .insert_header((
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"criteria-{}.csv\"", m.year),
            ))
            .body(frameworks::to_csv(&areas)?),
    })
}

/// Replace a draft framework's criteria
///
/// The body is the tree as JSON (`application/json`) or the CSV sheet (`text/csv`); CSV
/// problems name their line (`line 4.max_points`), tree problems their node.
///
/// Requires: `system_admin`, or `unit_admin` of the issuing unit.
#[utoipa::path(operation_id = "index.frameworks.replace_criteria", tag = "index",
    params(("id" = Uuid, Path, description = "Framework id")),
    request_body(content(
        (Vec<CriterionIn> = "application/json"),
        (String = "text/csv"),
    )),
    responses((status = 200, description = "The framework", body = FrameworkOut)))]
#[put("/index/frameworks/{id}/criteria")]
async fn replace_criteria(
    state: web::Data<AppState>,
    ctx: Ctx,
    req: HttpRequest,
    id: web::Path<Uuid>,
    if_match: IfMatch,
    body: web::Bytes,
) -> Result<Resource<FrameworkOut>, ApiError> {
    let content_type = req
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_ascii_lowercase();
    let areas = if content_type.starts_with("text/csv") {
        frameworks::from_csv(&body)?
    } else if content_type.starts_with("application/json") {
        crate::http::extract::parse_any::<Vec<CriterionIn>>(&body)?
    } else {
        return Err(ApiError::new(ErrorKind::UnsupportedMediaType).with_detail(
            "Gửi bộ tiêu chí dạng application/json hoặc text/csv.",
            "Send the criteria as application/json or text/csv.",
        ));
    };
    framework(frameworks::replace_tree(&state.db, &ctx, *id, &if_match, areas).await?)
}

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
async fn publish_results(
    state: web::Data<AppState>,
    ctx: Ctx,
    id: web::Path<Uuid>,
    body: ApiJson<PublishResults>,
) -> Result<HttpResponse, ApiError> {
    let p = results::publish(&state.db, &ctx, *id, body.0).await?;
    Ok(HttpResponse::Created().json(assessments::publication_to_out(p)))
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
async fn list_assessments(
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
async fn create_assessment(
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
async fn get_assessment(
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
async fn self_assess(
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
async fn submit(
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
async fn appraise(
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
async fn request_explanation(
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
async fn finalize(
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
async fn set_responsibilities(
    state: web::Data<AppState>,
    ctx: Ctx,
    id: web::Path<Uuid>,
    if_match: IfMatch,
    body: ApiJson<ResponsibilitiesIn>,
) -> Result<Resource<AssessmentOut>, ApiError> {
    let m = assessments::set_responsibilities(&state.db, &ctx, *id, &if_match, body.0).await?;
    assessment(&state, m).await
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
async fn get_analysis(
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
/// department and linked to the sub-criterion (`criterion_id`). Asking again for the
/// same items and plan returns the tasks already made.
///
/// Requires: `system_admin`, or `unit_admin` of the unit or above.
#[utoipa::path(operation_id = "index.assessments.remediate", tag = "index", request_body = RemediationIn,
    params(("id" = Uuid, Path, description = "Assessment id")),
    responses((status = 201, description = "The tasks", body = Vec<TaskOut>)))]
#[post("/index/assessments/{id}/analysis/tasks")]
async fn create_remediation_tasks(
    state: web::Data<AppState>,
    ctx: Ctx,
    id: web::Path<Uuid>,
    body: ApiJson<RemediationIn>,
) -> Result<HttpResponse, ApiError> {
    let made = analysis::remediate(&state.db, &ctx, *id, body.0).await?;
    let out = crate::domain::tasks::to_outs(&state.db, made, ctx.today()).await?;
    Ok(HttpResponse::Created().json(out))
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
async fn ranking(
    state: web::Data<AppState>,
    ctx: Ctx,
    query: web::Query<RankingQuery>,
) -> Result<web::Json<Ranking>, ApiError> {
    ctx.require(Permission::IndexRead)?;
    crate::http::pagination::check_year(Some(query.year))?;
    Ok(web::Json(
        results::ranking(&state.db, query.parent_id, query.year).await?,
    ))
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
async fn get_result(
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
