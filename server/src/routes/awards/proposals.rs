//! `/api/v1/awards/proposals`: proposals and the council's review.

use actix_web::{get, post, web};
use cchc_sdk::types::awards::{ProposalIn, ProposalListQuery, ProposalOut, ReviewIn};
use cchc_sdk::types::common::Page;
use uuid::Uuid;

use crate::AppState;
use crate::auth::{Ctx, Permission};
use crate::domain::awards::proposals;
use crate::error::ApiError;
use crate::http::etag::IfMatch;
use crate::http::extract::ApiJson;
use crate::http::pagination::PageRequest;
use crate::http::responses::Resource;

fn proposal(m: crate::entity::award_proposals::Model) -> Result<Resource<ProposalOut>, ApiError> {
    let version = m.version;
    Ok(Resource::ok(proposals::to_out(m)?, version))
}

/// List award proposals
///
/// Filters: unit, year, form, status.
///
/// Requires: any role, or scope `reports.read`.
#[utoipa::path(operation_id = "awards.proposals.list", tag = "awards", params(ProposalListQuery),
    responses((status = 200, description = "One page of proposals", body = Page<ProposalOut>)))]
#[get("/awards/proposals")]
pub(super) async fn list_proposals(
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
pub(super) async fn create_proposal(
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
pub(super) async fn get_proposal(
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
pub(super) async fn submit_proposal(
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
pub(super) async fn review_proposal(
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
pub(super) async fn withdraw_proposal(
    state: web::Data<AppState>,
    ctx: Ctx,
    id: web::Path<Uuid>,
    if_match: IfMatch,
) -> Result<Resource<ProposalOut>, ApiError> {
    ctx.require(Permission::AwardsWrite)?;
    let action = proposals::Action::Withdraw;
    proposal(proposals::act(&state.db, &ctx, *id, &if_match, action, None).await?)
}
