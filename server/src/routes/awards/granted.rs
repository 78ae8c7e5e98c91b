//! `/api/v1/awards` and `/api/v1/awards/rules`: the awards granted and the rules.

use actix_web::{get, put, web};
use cchc_sdk::types::awards::{AwardListQuery, AwardOut, AwardRules, AwardRulesOut};
use cchc_sdk::types::common::Page;

use crate::AppState;
use crate::auth::{Ctx, Permission};
use crate::domain::awards::{decisions, rules};
use crate::error::ApiError;
use crate::http::etag::IfMatch;
use crate::http::extract::ApiJson;
use crate::http::pagination::PageRequest;
use crate::http::responses::Resource;

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
pub(super) async fn list_awards(
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
pub(super) async fn get_rules(
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
pub(super) async fn replace_rules(
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
