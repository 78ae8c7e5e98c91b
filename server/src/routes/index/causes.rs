//! `PUT /api/v1/index/assessments/{id}/items/{code}/cause`: a department's cause and
//! proposed solution for a lost item.

use actix_web::{put, web};
use cchc_sdk::types::index::{CauseIn, CauseOut};
use uuid::Uuid;

use crate::AppState;
use crate::auth::Ctx;
use crate::domain::index::causes;
use crate::error::ApiError;
use crate::http::etag::IfMatch;
use crate::http::extract::ApiJson;

/// Write the cause of a lost item
///
/// What the seed plan's section V.3 asks of the departments assigned to the criteria: why
/// the unit lost points on the item (nguyên nhân) and what the department proposes (giải
/// pháp). Written again, it replaces the earlier text. The analysis shows it with the item,
/// and the evaluation report of the conference pack quotes it. Only items that lost points
/// (422 `not_lost` in `errors[]` otherwise); an unknown code is 404. Journaled on the
/// assessment (`set_cause`), whose version it bumps.
///
/// Requires: `system_admin` or `unit_admin` in scope, or a `department_officer` of the
/// item's responsible department.
#[utoipa::path(operation_id = "index.assessments.set_cause", tag = "index", request_body = CauseIn,
    params(
        ("id" = Uuid, Path, description = "Assessment id"),
        ("code" = String, Path, description = "The item's code, e.g. 3.2.1", max_length = 20, pattern = r"^[0-9A-Za-z.]{1,20}$"),
    ),
    responses((status = 200, description = "The recorded cause", body = CauseOut)))]
#[put("/index/assessments/{id}/items/{code}/cause")]
pub(super) async fn set_cause(
    state: web::Data<AppState>,
    ctx: Ctx,
    path: web::Path<(Uuid, String)>,
    if_match: IfMatch,
    body: ApiJson<CauseIn>,
) -> Result<web::Json<CauseOut>, ApiError> {
    let (id, code) = path.into_inner();
    let out = causes::set_cause(&state.db, &ctx, id, &code, &if_match, body.0).await?;
    Ok(web::Json(out))
}
