//! `/api/v1/awards`: proposals, council review, decisions, award histories, the rules.

use actix_web::{HttpResponse, get, post, put, web};
use cchc_sdk::types::awards::{
    AwardListQuery, AwardOut, AwardRules, AwardRulesOut, DecisionIn, DecisionListQuery,
    DecisionOut, IssueDecision, ProposalIn, ProposalListQuery, ProposalOut, ReviewIn,
    RevokeDecision,
};
use cchc_sdk::types::common::Page;
use cchc_sdk::types::plans::{DocumentFormat, DocumentQuery};
use utoipa_actix_web::service_config::ServiceConfig;
use uuid::Uuid;

use super::plans::{DocumentFile, download};
use crate::AppState;
use crate::auth::{Ctx, Permission};
use crate::domain::awards::{decisions, proposals, rules};
use crate::error::ApiError;
use crate::http::etag::IfMatch;
use crate::http::extract::{ApiJson, OptionalJson};
use crate::http::pagination::PageRequest;
use crate::http::responses::Resource;

/// Registers the award routes.
pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(list_awards)
        .service(get_rules)
        .service(replace_rules)
        .service(list_proposals)
        .service(create_proposal)
        .service(get_proposal)
        .service(submit_proposal)
        .service(review_proposal)
        .service(withdraw_proposal)
        .service(list_decisions)
        .service(create_decision)
        .service(get_decision)
        .service(issue_decision)
        .service(revoke_decision)
        .service(decision_document);
}

fn proposal(m: crate::entity::award_proposals::Model) -> Result<Resource<ProposalOut>, ApiError> {
    let version = m.version;
    Ok(Resource::ok(proposals::to_out(m)?, version))
}

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

/// List awards granted
///
/// One line per recipient of an issued (or since revoked, `revoked: true`) decision. Filters:
/// the recipients' unit, year, form, `official_id` (an official's award history), `q` on
/// the recipient's name (Vietnamese-aware).
///
/// Requires: any role, or scope `reports.read`.
#[utoipa::path(operation_id = "awards.list", tag = "awards", params(AwardListQuery),
    responses((status = 200, description = "One page of awards", body = Page<AwardOut>)))]
#[get("/awards")]
async fn list_awards(
    state: web::Data<AppState>,
    ctx: Ctx,
    query: web::Query<AwardListQuery>,
) -> Result<web::Json<Page<AwardOut>>, ApiError> {
    ctx.require(Permission::AwardsRead)?;
    crate::http::pagination::check_year(query.year)?;
    let page = PageRequest::parse(query.limit, query.cursor.as_deref())?;
    Ok(web::Json(
        decisions::awards(&state.db, &ctx.scope, &query, &page).await?,
    ))
}

/// Get the award rules
///
/// Which level's chairman may grant which form (Law on Emulation and Commendation 2022,
/// Article 80), the money multiples and base salaries with the dates they apply from, the
/// "Chiến sĩ thi đua cơ sở" quota. Version 0: the built-in defaults.
///
/// Requires: any role, or scope `reports.read`.
#[utoipa::path(operation_id = "awards.rules.get", tag = "awards",
    responses((status = 200, description = "The rules in force", body = AwardRulesOut)))]
#[get("/awards/rules")]
async fn get_rules(
    state: web::Data<AppState>,
    ctx: Ctx,
) -> Result<Resource<AwardRulesOut>, ApiError> {
    ctx.require(Permission::AwardsRead)?;
    let out = rules::current(&state.db).await?;
    let version = out.version;
    Ok(Resource::ok(out, version))
}

/// Replace the award rules
///
/// When the law changes: a new base salary or multiple is a new dated row (the old ones
/// keep pricing older decisions); the authority table is replaced whole.
///
/// Requires: `system_admin`.
#[utoipa::path(operation_id = "awards.rules.replace", tag = "awards", request_body = AwardRules,
    responses((status = 200, description = "The rules in force", body = AwardRulesOut)))]
#[put("/awards/rules")]
async fn replace_rules(
    state: web::Data<AppState>,
    ctx: Ctx,
    if_match: IfMatch,
    body: ApiJson<AwardRules>,
) -> Result<Resource<AwardRulesOut>, ApiError> {
    ctx.require(Permission::AwardRulesWrite)?;
    let out = rules::replace(&state.db, &ctx, &if_match, body.0).await?;
    let version = out.version;
    Ok(Resource::ok(out, version))
}

/// List award proposals
///
/// Filters: unit, year, form, status.
///
/// Requires: any role, or scope `reports.read`.
#[utoipa::path(operation_id = "awards.proposals.list", tag = "awards", params(ProposalListQuery),
    responses((status = 200, description = "One page of proposals", body = Page<ProposalOut>)))]
#[get("/awards/proposals")]
async fn list_proposals(
    state: web::Data<AppState>,
    ctx: Ctx,
    query: web::Query<ProposalListQuery>,
) -> Result<web::Json<Page<ProposalOut>>, ApiError> {
    ctx.require(Permission::AwardsRead)?;
    crate::http::pagination::check_year(query.year)?;
    let page = PageRequest::parse(query.limit, query.cursor.as_deref())?;
    let rows = proposals::list(&state.db, &ctx.scope, &query, &page).await?;
    Ok(web::Json(Page {
        data: rows
            .data
            .into_iter()
            .map(proposals::to_out)
            .collect::<Result<_, _>>()?,
        next_cursor: rows.next_cursor,
        has_more: rows.has_more,
    }))
}

/// Propose an award
///
/// Who proposes (the unit, optionally a department), for whom (an official, a department,
/// a unit, or a person or household outside the government by name), which form or title,
/// the achievement, optional links to a plan, a task or an index assessment, the year. The
/// form must suit the recipient (422 `not_for_recipient`); a title the person already holds
/// that year is 409 `already_exists`.
///
/// Requires: `system_admin`, or `unit_admin` of the unit or above.
#[utoipa::path(operation_id = "awards.proposals.create", tag = "awards", request_body = ProposalIn,
    responses((status = 201, description = "The draft proposal", body = ProposalOut)))]
#[post("/awards/proposals")]
async fn create_proposal(
    state: web::Data<AppState>,
    ctx: Ctx,
    body: ApiJson<ProposalIn>,
) -> Result<Resource<ProposalOut>, ApiError> {
    ctx.require(Permission::AwardsWrite)?;
    let m = proposals::create(&state.db, &ctx, body.0).await?;
    let (location, version) = (format!("/api/v1/awards/proposals/{}", m.id), m.version);
    Ok(Resource::created(proposals::to_out(m)?, version, location))
}

/// Get an award proposal
///
/// Requires: any role, or scope `reports.read`.
#[utoipa::path(operation_id = "awards.proposals.get", tag = "awards", params(("id" = Uuid, Path, description = "Proposal id")),
    responses((status = 200, description = "The proposal", body = ProposalOut)))]
#[get("/awards/proposals/{id}")]
async fn get_proposal(
    state: web::Data<AppState>,
    ctx: Ctx,
    id: web::Path<Uuid>,
) -> Result<Resource<ProposalOut>, ApiError> {
    ctx.require(Permission::AwardsRead)?;
    proposal(proposals::get(&state.db, &ctx.scope, *id).await?)
}

/// Submit a proposal to the council
///
/// Requires: `system_admin`, or `unit_admin` of the unit or above.
#[utoipa::path(operation_id = "awards.proposals.submit", tag = "awards", params(("id" = Uuid, Path, description = "Proposal id")),
    responses((status = 200, description = "The submitted proposal", body = ProposalOut)))]
#[post("/awards/proposals/{id}/submit")]
async fn submit_proposal(
    state: web::Data<AppState>,
    ctx: Ctx,
    id: web::Path<Uuid>,
    if_match: IfMatch,
) -> Result<Resource<ProposalOut>, ApiError> {
    ctx.require(Permission::AwardsWrite)?;
    proposal(
        proposals::act(
            &state.db,
            &ctx,
            *id,
            &if_match,
            proposals::Action::Submit,
            None,
        )
        .await?,
    )
}

/// Record the council's review
///
/// The emulation council's conclusion: recommend or not, the vote, the minutes reference.
/// Recommending needs more votes for than against.
///
/// Requires: `system_admin`, or `unit_admin` of the unit or above.
#[utoipa::path(operation_id = "awards.proposals.review", tag = "awards", request_body = ReviewIn,
    params(("id" = Uuid, Path, description = "Proposal id")),
    responses((status = 200, description = "The reviewed proposal", body = ProposalOut)))]
#[post("/awards/proposals/{id}/review")]
async fn review_proposal(
    state: web::Data<AppState>,
    ctx: Ctx,
    id: web::Path<Uuid>,
    if_match: IfMatch,
    body: ApiJson<ReviewIn>,
) -> Result<Resource<ProposalOut>, ApiError> {
    ctx.require(Permission::AwardsWrite)?;
    let action = proposals::Action::Review;
    proposal(proposals::act(&state.db, &ctx, *id, &if_match, action, Some(body.0)).await?)
}

/// Withdraw a proposal
///
/// From draft, submitted or recommended, unless a decision already lists it.
///
/// Requires: `system_admin`, or `unit_admin` of the unit or above.
#[utoipa::path(operation_id = "awards.proposals.withdraw", tag = "awards", params(("id" = Uuid, Path, description = "Proposal id")),
    responses((status = 200, description = "The withdrawn proposal", body = ProposalOut)))]
#[post("/awards/proposals/{id}/withdraw")]
async fn withdraw_proposal(
    state: web::Data<AppState>,
    ctx: Ctx,
    id: web::Path<Uuid>,
    if_match: IfMatch,
) -> Result<Resource<ProposalOut>, ApiError> {
    ctx.require(Permission::AwardsWrite)?;
    let action = proposals::Action::Withdraw;
    proposal(proposals::act(&state.db, &ctx, *id, &if_match, action, None).await?)
}

/// List award decisions
///
/// Filters: issuing unit, year, form, status.
///
/// Requires: any role, or scope `reports.read`.
#[utoipa::path(operation_id = "awards.decisions.list", tag = "awards", params(DecisionListQuery),
    responses((status = 200, description = "One page of decisions", body = Page<DecisionOut>)))]
#[get("/awards/decisions")]
async fn list_decisions(
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
async fn create_decision(
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
async fn get_decision(
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
async fn issue_decision(
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
async fn revoke_decision(
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
async fn decision_document(
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
        &format!("quyet-dinh-{}", out.number_symbol.trim()),
    ))
}
