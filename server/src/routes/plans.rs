//! `/api/v1/plans`: plans (Kế hoạch), their lifecycle and their number.

use actix_web::http::header;
use actix_web::{HttpResponse, get, post, put, web};
use cchc_sdk::types::common::Page;
use cchc_sdk::types::plans::{
    DocumentFormat, DocumentQuery, IssueRequest, OptionalReason, PlanAmendment, PlanContent,
    PlanIn, PlanListQuery, PlanOut, Reason,
};
use utoipa_actix_web::service_config::ServiceConfig;
use uuid::Uuid;

use crate::AppState;
use crate::auth::{Ctx, Permission};
use crate::domain::plans::{self, PlanAction};
use crate::error::ApiError;
use crate::http::etag::IfMatch;
use crate::http::extract::{ApiJson, OptionalJson};
use crate::http::pagination::PageRequest;
use crate::http::responses::Resource;

/// Registers the plan routes.
pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(list)
        .service(create)
        .service(get_one)
        .service(replace_content)
        .service(submit)
        .service(return_to_draft)
        .service(issue)
        .service(start)
        .service(complete)
        .service(cancel)
        .service(amend)
        .service(document);
}

/// A file in the answer (documented as binary; only named in the spec).
#[derive(utoipa::ToSchema)]
#[schema(value_type = String, format = Binary)]
#[allow(dead_code)]
pub struct DocumentFile(Vec<u8>);

/// The media type of DOCX files.
pub const DOCX_TYPE: &str =
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

/// An official document as a download.
pub fn download(bytes: Vec<u8>, format: DocumentFormat, stem: &str) -> HttpResponse {
    let (mime, ext) = match format {
        DocumentFormat::Docx => (DOCX_TYPE, "docx"),
        DocumentFormat::Pdf => ("application/pdf", "pdf"),
    };
    HttpResponse::Ok()
        .insert_header((header::CONTENT_TYPE, mime))
        .insert_header((
            header::CONTENT_DISPOSITION,
            crate::http::download::attachment(&format!("{stem}.{ext}")),
        ))
        .body(bytes)
}

/// Download the plan as an official document
///
/// The plan laid out per NĐ 30/2020 (A4, Times New Roman metrics, the two header blocks,
/// number and italic place/date, centred type name and summary, justified body with Roman
/// numbered sections, distribution list, signature): DOCX to edit and sign, or PDF with
/// embedded fonts. A draft prints "Số:    /KH-UBND" with the number blank.
///
/// Requires: any role, or scope `reports.read`.
#[utoipa::path(operation_id = "plans.document", tag = "plans", params(("id" = Uuid, Path, description = "Plan id"), DocumentQuery),
    responses((status = 200, description = "The document", content(
        (DocumentFile = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
        (DocumentFile = "application/pdf"),
    ))))]
#[get("/plans/{id}/document")]
async fn document(
    state: web::Data<AppState>,
    ctx: Ctx,
    id: web::Path<Uuid>,
    query: web::Query<DocumentQuery>,
) -> Result<HttpResponse, ApiError> {
    ctx.require(Permission::PlansRead)?;
    let plan = plans::to_out(plans::get(&state.db, &ctx.scope, *id).await?)?;
    let format = query.format.unwrap_or_default();
    let doc = crate::documents::plan::plan_document(&plan);
    let bytes = web::block(move || match format {
        DocumentFormat::Docx => crate::documents::docx::write(&doc),
        DocumentFormat::Pdf => crate::documents::pdf::write(&doc),
    })
    .await
    .map_err(ApiError::internal)??;
    Ok(download(
        bytes,
        format,
        // "Kế hoạch 01-KH-UBND.pdf" (filename*), "Ke hoach 01-KH-UBND.pdf" (filename).
        &format!(
            "Kế hoạch {}",
            plan.number_symbol.split_whitespace().collect::<String>()
        ),
    ))
}

fn resource(m: crate::entity::plans::Model) -> Result<Resource<PlanOut>, ApiError> {
    let version = m.version;
    Ok(Resource::ok(plans::to_out(m)?, version))
}

/// List plans
///
/// Filters: unit, status, kind, year, issue-date range, and `q` on the title and the
/// number (Vietnamese-aware).
///
/// Requires: any role, or scope `reports.read`.
#[utoipa::path(operation_id = "plans.list", tag = "plans", params(PlanListQuery),
    responses((status = 200, description = "One page of plans", body = Page<PlanOut>)))]
#[get("/plans")]
async fn list(
    state: web::Data<AppState>,
    ctx: Ctx,
    query: web::Query<PlanListQuery>,
) -> Result<web::Json<Page<PlanOut>>, ApiError> {
    ctx.require(Permission::PlansRead)?;
    let page = PageRequest::parse(query.limit, query.cursor.as_deref())?;
    let rows = plans::list(&state.db, &ctx.scope, &query, &page).await?;
    let data = rows
        .data
        .into_iter()
        .map(plans::to_out)
        .collect::<Result<_, _>>()?;
    Ok(web::Json(Page {
        data,
        next_cursor: rows.next_cursor,
        has_more: rows.has_more,
    }))
}

/// Create a plan
///
/// A draft: everything the document says (legal bases, purposes, requirements, contents,
/// participants, schedule, budget, implementation, distribution list, signer). Texts are
/// stored NFC; departments and officials named must belong to the unit.
///
/// Requires: `system_admin`, or `unit_admin` of the unit or one above it.
#[utoipa::path(operation_id = "plans.create", tag = "plans", request_body = PlanIn,
    responses((status = 201, description = "The draft plan", body = PlanOut)))]
#[post("/plans")]
async fn create(
    state: web::Data<AppState>,
    ctx: Ctx,
    body: ApiJson<PlanIn>,
) -> Result<Resource<PlanOut>, ApiError> {
    ctx.require(Permission::PlansWrite)?;
    let plan = plans::create(&state.db, &ctx, body.0.unit_id, body.0.content).await?;
    let (location, version) = (format!("/api/v1/plans/{}", plan.id), plan.version);
    Ok(Resource::created(plans::to_out(plan)?, version, location))
}

/// Get a plan
///
/// Requires: any role, or scope `reports.read`.
#[utoipa::path(operation_id = "plans.get", tag = "plans", params(("id" = Uuid, Path, description = "Plan id")),
    responses((status = 200, description = "The plan", body = PlanOut)))]
#[get("/plans/{id}")]
async fn get_one(
    state: web::Data<AppState>,
    ctx: Ctx,
    id: web::Path<Uuid>,
) -> Result<Resource<PlanOut>, ApiError> {
    ctx.require(Permission::PlansRead)?;
    resource(plans::get(&state.db, &ctx.scope, *id).await?)
}

/// Replace a draft's content
///
/// Only a draft: an issued plan is frozen (409 `invalid_transition`); correct it with
/// `amend`.
///
/// Requires: `system_admin`, or `unit_admin` of the unit or one above it.
#[utoipa::path(operation_id = "plans.replace_content", tag = "plans", request_body = PlanContent,
    params(("id" = Uuid, Path, description = "Plan id")),
    responses((status = 200, description = "The plan", body = PlanOut)))]
#[put("/plans/{id}/content")]
async fn replace_content(
    state: web::Data<AppState>,
    ctx: Ctx,
    id: web::Path<Uuid>,
    if_match: IfMatch,
    body: ApiJson<PlanContent>,
) -> Result<Resource<PlanOut>, ApiError> {
    ctx.require(Permission::PlansWrite)?;
    resource(plans::replace_content(&state.db, &ctx, *id, &if_match, body.0, None).await?)
}

/// Amend an issued plan
///
/// Replaces the content of an issued or running plan, keeping its number; the previous
/// text is kept as a revision and the reason is required.
///
/// Requires: `system_admin`, or `unit_admin` of the unit or one above it.
#[utoipa::path(operation_id = "plans.amend", tag = "plans", request_body = PlanAmendment,
    params(("id" = Uuid, Path, description = "Plan id")),
    responses((status = 200, description = "The amended plan", body = PlanOut)))]
#[post("/plans/{id}/amend")]
async fn amend(
    state: web::Data<AppState>,
    ctx: Ctx,
    id: web::Path<Uuid>,
    if_match: IfMatch,
    body: ApiJson<PlanAmendment>,
) -> Result<Resource<PlanOut>, ApiError> {
    ctx.require(Permission::PlansWrite)?;
    let body = body.0;
    resource(
        plans::replace_content(
            &state.db,
            &ctx,
            *id,
            &if_match,
            body.content,
            Some(body.reason),
        )
        .await?,
    )
}

async fn act(
    state: &AppState,
    ctx: &Ctx,
    id: Uuid,
    if_match: &IfMatch,
    action: PlanAction,
    reason: Option<String>,
) -> Result<Resource<PlanOut>, ApiError> {
    ctx.require(Permission::PlansWrite)?;
    resource(plans::act(&state.db, ctx, id, if_match, action, reason, None).await?)
}

/// Submit a draft for issuing
///
/// Requires: `system_admin`, or `unit_admin` of the unit or one above it.
#[utoipa::path(operation_id = "plans.submit", tag = "plans", params(("id" = Uuid, Path, description = "Plan id")),
    responses((status = 200, description = "The submitted plan", body = PlanOut)))]
#[post("/plans/{id}/submit")]
async fn submit(
    state: web::Data<AppState>,
    ctx: Ctx,
    id: web::Path<Uuid>,
    if_match: IfMatch,
) -> Result<Resource<PlanOut>, ApiError> {
    act(&state, &ctx, *id, &if_match, PlanAction::Submit, None).await
}

/// Return a submitted plan to draft
///
/// Requires: `system_admin`, or `unit_admin` of the unit or one above it.
#[utoipa::path(operation_id = "plans.return", tag = "plans", request_body = Reason, params(("id" = Uuid, Path, description = "Plan id")),
    responses((status = 200, description = "The plan, back in draft", body = PlanOut)))]
#[post("/plans/{id}/return")]
async fn return_to_draft(
    state: web::Data<AppState>,
    ctx: Ctx,
    id: web::Path<Uuid>,
    if_match: IfMatch,
    body: ApiJson<Reason>,
) -> Result<Resource<PlanOut>, ApiError> {
    let reason = body.0.reason.trim().to_owned();
    if reason.is_empty() {
        return Err(ApiError::validation(vec![
            crate::error::FieldIssue::required("reason"),
        ]));
    }
    act(
        &state,
        &ctx,
        *id,
        &if_match,
        PlanAction::Return,
        Some(reason),
    )
    .await
}

/// Issue a submitted plan
///
/// Assigns the next number of the issuing unit in the issue date's year — atomically, so
/// plans issued at the same instant get distinct consecutive numbers — and freezes the
/// content.
///
/// Requires: `system_admin`, or `unit_admin` of the unit or one above it.
#[utoipa::path(operation_id = "plans.issue", tag = "plans", request_body(content = Option<IssueRequest>, description = "Optional: the issue date"),
    params(("id" = Uuid, Path, description = "Plan id")),
    responses((status = 200, description = "The issued plan", body = PlanOut)))]
#[post("/plans/{id}/issue")]
async fn issue(
    state: web::Data<AppState>,
    ctx: Ctx,
    id: web::Path<Uuid>,
    if_match: IfMatch,
    body: OptionalJson<IssueRequest>,
) -> Result<Resource<PlanOut>, ApiError> {
    ctx.require(Permission::PlansWrite)?;
    let date = body.0.and_then(|b| b.issue_date);
    resource(
        plans::act(
            &state.db,
            &ctx,
            *id,
            &if_match,
            PlanAction::Issue,
            None,
            date,
        )
        .await?,
    )
}

/// Start carrying out an issued plan
///
/// Requires: `system_admin`, or `unit_admin` of the unit or one above it.
#[utoipa::path(operation_id = "plans.start", tag = "plans", params(("id" = Uuid, Path, description = "Plan id")),
    responses((status = 200, description = "The plan, in progress", body = PlanOut)))]
#[post("/plans/{id}/start")]
async fn start(
    state: web::Data<AppState>,
    ctx: Ctx,
    id: web::Path<Uuid>,
    if_match: IfMatch,
) -> Result<Resource<PlanOut>, ApiError> {
    act(&state, &ctx, *id, &if_match, PlanAction::Start, None).await
}

/// Complete a plan
///
/// Requires: `system_admin`, or `unit_admin` of the unit or one above it.
#[utoipa::path(operation_id = "plans.complete", tag = "plans", params(("id" = Uuid, Path, description = "Plan id")),
    responses((status = 200, description = "The completed plan", body = PlanOut)))]
#[post("/plans/{id}/complete")]
async fn complete(
    state: web::Data<AppState>,
    ctx: Ctx,
    id: web::Path<Uuid>,
    if_match: IfMatch,
) -> Result<Resource<PlanOut>, ApiError> {
    act(&state, &ctx, *id, &if_match, PlanAction::Complete, None).await
}

/// Cancel a plan
///
/// From any open state; an optional reason goes into the journal.
///
/// Requires: `system_admin`, or `unit_admin` of the unit or one above it.
#[utoipa::path(operation_id = "plans.cancel", tag = "plans", request_body(content = Option<OptionalReason>, description = "Optional reason"),
    params(("id" = Uuid, Path, description = "Plan id")),
    responses((status = 200, description = "The cancelled plan", body = PlanOut)))]
#[post("/plans/{id}/cancel")]
async fn cancel(
    state: web::Data<AppState>,
    ctx: Ctx,
    id: web::Path<Uuid>,
    if_match: IfMatch,
    body: OptionalJson<OptionalReason>,
) -> Result<Resource<PlanOut>, ApiError> {
    act(
        &state,
        &ctx,
        *id,
        &if_match,
        PlanAction::Cancel,
        body.0.and_then(|b| b.reason),
    )
    .await
}
