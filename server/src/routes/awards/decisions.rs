//! `/api/v1/awards/decisions`: decisions, their issue or revocation, and the printed
//! document.

use actix_web::{HttpResponse, get, post, web};
use cchc_sdk::types::awards::{
    DecisionIn, DecisionListQuery, DecisionOut, IssueDecision, RevokeDecision,
};
use cchc_sdk::types::common::Page;
use cchc_sdk::types::plans::{DocumentFormat, DocumentQuery};
use uuid::Uuid;

use crate::AppState;
use crate::auth::{Ctx, Permission};
use crate::domain::awards::decisions;
use crate::error::ApiError;
use crate::http::etag::IfMatch;
use crate::http::extract::{ApiJson, OptionalJson};
use crate::http::pagination::PageRequest;
use crate::http::responses::Resource;
use crate::routes::plans::{DocumentFile, download};

async fn decision(
    state: &AppState,
    m: crate::entity::award_decisions::Model,
) -> Result<Resource<DecisionOut>, ApiError> {
    let version = m.version;
    Ok(Resource::ok(
        decisions::to_out(&state.db, m).await?,
        version,
    ))
}

/// List award decisions
///
/// Filters: issuing unit, year, form, status.
///
/// Requires: any role, or scope `reports.read`.
#[utoipa::path(operation_id = "awards.decisions.list", tag = "awards", params(DecisionListQuery),
    responses((status = 200, description = "One page of decisions", body = Page<DecisionOut>)))]
#[get("/awards/decisions")]
pub(super) async fn list_decisions(
    state: web::Data<AppState>,
    ctx: Ctx,
    query: web::Query<DecisionListQuery>,
) -> Result<web::Json<Page<DecisionOut>>, ApiError> {
    ctx.require(Permission::AwardsRead)?;
    crate::http::pagination::check_year(query.year)?;
    let page = PageRequest::parse(query.limit, query.cursor.as_deref())?;
    let rows = decisions::list(&state.db, &ctx.scope, &query, &page).await?;
    let mut data = Vec::new();
    for m in rows.data {
        data.push(decisions::to_out(&state.db, m).await?);
    }
    Ok(web::Json(Page {
        data,
        next_cursor: rows.next_cursor,
        has_more: rows.has_more,
    }))
}

/// Prepare an award decision
///
/// A draft granting one form to recommended proposals of one year (each in one decision
/// only), with the printed parts: issuing body, legal bases, "at the proposal of", funding
/// source, executors, distribution list, signer. A form beyond the issuing unit's
/// authority is 422 `beyond_authority`.
///
/// Requires: `system_admin`, or `unit_admin` of the issuing unit or above.
#[utoipa::path(operation_id = "awards.decisions.create", tag = "awards", request_body = DecisionIn,
    responses((status = 201, description = "The draft decision", body = DecisionOut)))]
#[post("/awards/decisions")]
pub(super) async fn create_decision(
    state: web::Data<AppState>,
    ctx: Ctx,
    body: ApiJson<DecisionIn>,
) -> Result<Resource<DecisionOut>, ApiError> {
    ctx.require(Permission::AwardsWrite)?;
    let m = decisions::create(&state.db, &ctx, body.0).await?;
    let (location, version) = (format!("/api/v1/awards/decisions/{}", m.id), m.version);
    Ok(Resource::created(
        decisions::to_out(&state.db, m).await?,
        version,
        location,
    ))
}

/// Get an award decision
///
/// Requires: any role, or scope `reports.read`.
#[utoipa::path(operation_id = "awards.decisions.get", tag = "awards", params(("id" = Uuid, Path, description = "Decision id")),
    responses((status = 200, description = "The decision", body = DecisionOut)))]
#[get("/awards/decisions/{id}")]
pub(super) async fn get_decision(
    state: web::Data<AppState>,
    ctx: Ctx,
    id: web::Path<Uuid>,
) -> Result<Resource<DecisionOut>, ApiError> {
    ctx.require(Permission::AwardsRead)?;
    decision(&state, decisions::get(&state.db, &ctx.scope, *id).await?).await
}

/// Issue an award decision
///
/// Checks the rules again (authority, one title per person and year, a "Chiến sĩ thi đua
/// cơ sở" needs "Lao động tiên tiến" the same year and stays within the quota), takes the
/// next "QĐ" number of the unit's year atomically, and fixes each recipient's money as the
/// multiple × the base salary in force on the decision date.
///
/// Requires: `system_admin`, or `unit_admin` of the issuing unit or above.
#[utoipa::path(operation_id = "awards.decisions.issue", tag = "awards",
    request_body(content = Option<IssueDecision>, description = "Optional: the decision date"),
    params(("id" = Uuid, Path, description = "Decision id")),
    responses((status = 200, description = "The issued decision", body = DecisionOut)))]
#[post("/awards/decisions/{id}/issue")]
pub(super) async fn issue_decision(
    state: web::Data<AppState>,
    ctx: Ctx,
    id: web::Path<Uuid>,
    if_match: IfMatch,
    body: OptionalJson<IssueDecision>,
) -> Result<Resource<DecisionOut>, ApiError> {
    ctx.require(Permission::AwardsWrite)?;
    let date = body.0.and_then(|b| b.date);
    let m = decisions::issue(&state.db, &ctx, *id, &if_match, date).await?;
    decision(&state, m).await
}

/// Revoke an issued award decision
///
/// With a reason; its awards stop counting (for the one-title rule and the quota) and are
/// listed as revoked.
///
/// Requires: `system_admin`, or `unit_admin` of the issuing unit or above.
#[utoipa::path(operation_id = "awards.decisions.revoke", tag = "awards", request_body = RevokeDecision,
    params(("id" = Uuid, Path, description = "Decision id")),
    responses((status = 200, description = "The revoked decision", body = DecisionOut)))]
#[post("/awards/decisions/{id}/revoke")]
pub(super) async fn revoke_decision(
    state: web::Data<AppState>,
    ctx: Ctx,
    id: web::Path<Uuid>,
    if_match: IfMatch,
    body: ApiJson<RevokeDecision>,
) -> Result<Resource<DecisionOut>, ApiError> {
    ctx.require(Permission::AwardsWrite)?;
    let m = decisions::revoke(&state.db, &ctx, *id, &if_match, body.0.reason).await?;
    decision(&state, m).await
}

/// Download the decision as an official document
///
/// The decision in the NĐ 30/2020 layout, with Article 1's recipients as a table (name,
/// position or department, achievement, money) and the total: DOCX to edit and sign, or
/// PDF with embedded fonts. A draft prints its number blank.
///
/// Requires: any role, or scope `reports.read`.
#[utoipa::path(operation_id = "awards.decisions.document", tag = "awards",
    params(("id" = Uuid, Path, description = "Decision id"), DocumentQuery),
    responses((status = 200, description = "The document", content(
        (DocumentFile = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
        (DocumentFile = "application/pdf"),
    ))))]
#[get("/awards/decisions/{id}/document")]
pub(super) async fn decision_document(
    state: web::Data<AppState>,
    ctx: Ctx,
    id: web::Path<Uuid>,
    query: web::Query<DocumentQuery>,
) -> Result<HttpResponse, ApiError> {
    ctx.require(Permission::AwardsRead)?;
    let out =
        decisions::to_out(&state.db, decisions::get(&state.db, &ctx.scope, *id).await?).await?;
    let format = query.format.unwrap_or_default();
    let doc = crate::documents::decision::decision_document(&out);
    let bytes = web::block(move || match format {
        DocumentFormat::Docx => crate::documents::docx::write(&doc),
        DocumentFormat::Pdf => crate::documents::pdf::write(&doc),
    })
    .await
    .map_err(ApiError::internal)??;
    Ok(download(
        bytes,
        format,
        &format!(
            "Quyết định {}",
            out.number_symbol.split_whitespace().collect::<String>()
        ),
    ))
}
