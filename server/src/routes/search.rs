//! `/api/v1/search`: one search across plans, tasks, departments, officials and criteria.

use actix_web::{get, web};
use cchc_sdk::types::search::{SearchQuery, SearchResults};
use utoipa_actix_web::service_config::ServiceConfig;

use crate::AppState;
use crate::auth::Ctx;
use crate::domain::search;
use crate::error::ApiError;

/// Registers the search route.
pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(search_all);
}

/// Search everything
///
/// One search across what the caller can see: plans (title and number), tasks (title and
/// description), departments (name), officials (name and position) of the caller's units,
/// and the criteria of the PAR-index frameworks (code and name, every level of the tree;
/// the 20 newest frameworks by year).
///
/// Every word of `q` must be found, in any order; case, Vietnamese diacritics (including
/// `đ`/`Đ` and the look-alike `ð`/`Ð`) and punctuation are ignored: "van phong thong ke"
/// finds "Văn phòng - Thống kê", "hoi nghi chi so" the plan "Kế hoạch Tổ chức Hội nghị
/// đánh giá, phân tích chỉ số cải cách hành chính…". Hits come best first: the whole query
/// as a phrase of the title, then every word starting a word of the title, then every word
/// inside the title, then hits found only in the other searched text; shorter titles first
/// within each tier (`score`). Up to 200 matching rows of each kind (the newest) are
/// ranked.
///
/// `q` is required: blank, or holding no letter or digit, is 400 `invalid_query` on `q`
/// (`required`); over 200 characters, on `q` (`too_long`). `limit` is 1–50 (default 20,
/// larger is clamped); below 1 is 400 `invalid_query` on `limit`.
///
/// Requires: any role or scope; each kind is searched only when the caller may read it
/// (plans and tasks: any role or scope `reports.read`; departments and officials: any role
/// or scope `units.read` / `reports.read` / `portal.statistics.write`; criteria: any role
/// or scope).
#[utoipa::path(operation_id = "search.find", tag = "search", params(SearchQuery),
    responses((status = 200, description = "The best matches, best first", body = SearchResults)))]
#[get("/search")]
async fn search_all(
    state: web::Data<AppState>,
    ctx: Ctx,
    query: web::Query<SearchQuery>,
) -> Result<web::Json<SearchResults>, ApiError> {
    let found = search::search(&state.db, &ctx, &query.q, query.limit).await?;
    Ok(web::Json(found))
}
