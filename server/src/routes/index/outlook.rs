//! `/api/v1/index/outlook`: early warning — a unit's projected index for a year not
//! appraised yet, or a parent's units in one table.

use actix_web::{get, web};
use cchc_sdk::types::index::{Outlook, OutlookQuery};

use crate::AppState;
use crate::auth::{Ctx, Permission};
use crate::domain::index::outlook;
use crate::error::ApiError;

/// Project a unit's index for the year
///
/// A computation: changes nothing. For `unit_id` (a unit the caller can see) and `year`
/// (default: the current year in Vietnam), each scored item's best, expected and worst
/// points from what is known so far — in order: appraised or survey points and frozen
/// portal figures (`settled`); the portal figures of the months reported, the ratio so far
/// holding (expected) and the months still to come, at the volume so far, all meeting the
/// metric (best) or none (worst) (`portal`); the unit's self-score, at worst the previous
/// year's points where lower (`self_assessed`); else the previous year's points (its own
/// assessment, else its predecessors' average, carried to this year's max; the previous
/// year's item is the one with the same code and name, or the same code when this year's
/// framework was copied from that one), each remediation task linked to the item (or to
/// the previous year's same item) bringing back an equal share of the points lost —
/// done tasks in every case, tasks not past due in the expected and best cases, overdue
/// ones at best (`previous_year`; `unknown` with no previous points: 0, the max at best).
///
/// The sums (plus this year's bonus, less its penalty, within 0..max) give the index
/// (percent), band and rank in each case; ranks are among the parent's units with an
/// outlook, the others at their expected index. `items` are ordered by expected points at
/// risk (max − expected), most first. For a parent, `children` lists its units' outlooks
/// (without items): a unit whose expected band falls below last year's first, then one
/// whose worst case is a band lower, then by expected index.
///
/// Points and percents are decimal numbers (at most two decimals).
///
/// Errors: 404 for a unit the caller cannot see; 400 for a year outside 2000–2100.
///
/// Requires: any role, or scope `reports.read`.
#[utoipa::path(operation_id = "index.outlook.get", tag = "index", params(OutlookQuery),
    responses((status = 200, description = "The outlook", body = Outlook)))]
#[get("/index/outlook")]
pub(super) async fn get_outlook(
    state: web::Data<AppState>,
    ctx: Ctx,
    query: web::Query<OutlookQuery>,
) -> Result<web::Json<Outlook>, ApiError> {
    ctx.require(Permission::IndexRead)?;
    crate::http::pagination::check_year(query.year)?;
    Ok(web::Json(outlook::outlook(&state.db, &ctx, &query).await?))
}
