//! `/api/v1/index/assessments/{id}/what-if`: where an assessment would land with lost
//! points regained.

use actix_web::{post, web};
use cchc_sdk::types::index::{WhatIf, WhatIfIn};
use uuid::Uuid;

use crate::AppState;
use crate::auth::{Ctx, Permission};
use crate::domain::index::what_if;
use crate::error::ApiError;
use crate::http::extract::ApiJson;

/// What if lost points were regained
///
/// A computation: changes nothing, journals nothing. For the lost items named in `items`
/// (each `code` once, `points` from 0 to the points it lost, at most two decimals,
/// default all of them; no `items`: every lost item in full), answers the index
/// (percent), band and rank the assessment has now (`current`) and would have
/// (`what_if`), ranked among the units of the same parent with a published result for
/// the year, whose frozen results are held fixed; the points regained; each lost item's
/// cost; and the cheapest sets of lost items reaching the next band (`next_band`) and the
/// next better rank (`next_rank`) — least total cost, then fewest items, then lowest
/// codes; `null` at the top or when even every lost point falls short.
///
/// Points and percents are decimal numbers (at most two decimals). An item's cost is the
/// days its remediation tasks (the unit's tasks linked to the item, not cancelled) are
/// planned over, start to due date, both counted; an item without such a task costs the
/// others' average, and every item costs 1 when none has one. `tasks` gives each of those
/// tasks its expected points: the item's lost points shared equally among its tasks.
///
/// Errors: 404 for an assessment the caller cannot see; 422 `unknown_reference` on
/// `items[i].code` for a code that is not a scored item of the framework, `duplicate` for
/// a code named twice, `out_of_range` on `items[i].points` below 0, above the points lost
/// or with more than two decimals.
///
/// Requires: any role, or scope `reports.read`.
#[utoipa::path(operation_id = "index.assessments.what_if", tag = "index", request_body = WhatIfIn,
    params(("id" = Uuid, Path, description = "Assessment id")),
    responses((status = 200, description = "Where the assessment stands and would stand", body = WhatIf)))]
#[post("/index/assessments/{id}/what-if")]
pub(super) async fn compute_what_if(
    state: web::Data<AppState>,
    ctx: Ctx,
    id: web::Path<Uuid>,
    body: ApiJson<WhatIfIn>,
) -> Result<web::Json<WhatIf>, ApiError> {
    ctx.require(Permission::IndexRead)?;
    Ok(web::Json(
        what_if::what_if(&state.db, &ctx, *id, body.0).await?,
    ))
}
