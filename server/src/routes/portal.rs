//! `/api/v1/portal`: what the provincial public-service portal pushes.

use actix_web::http::header;
use actix_web::{HttpRequest, get, post, web};
use cchc_sdk::types::common::Page;
use cchc_sdk::types::portal::{
    BatchResult, DossierIn, StatisticsAccepted, StatisticsBatch, StatisticsOut, StatisticsQuery,
};
use utoipa_actix_web::service_config::ServiceConfig;

use crate::AppState;
use crate::auth::{Ctx, Permission};
use crate::domain::portal::{self, MAX_BATCH, Record};
use crate::error::{ApiError, ErrorKind, Lang};
use crate::http::extract::ApiJson;
use crate::http::pagination::PageRequest;
use crate::http::upload::read_body;

/// Registers the portal routes.
pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(push_statistics)
        .service(list_statistics)
        .service(push_dossiers);
}

/// Push aggregated statistics
///
/// Per unit code and period (`2024`, `2024-Q1`, `2024-03`) the counts behind each ratio;
/// each row replaces what was stored for its unit and period. All rows or none (422
/// naming `rows[i]`). Ratios are computed on read.
///
/// Requires: scope `portal.statistics.write` (or `system_admin`).
#[utoipa::path(operation_id = "portal.statistics.push", tag = "portal", request_body = StatisticsBatch,
    responses((status = 200, description = "The rows as stored", body = StatisticsAccepted)))]
#[post("/portal/statistics")]
async fn push_statistics(
    state: web::Data<AppState>,
    ctx: Ctx,
    body: ApiJson<StatisticsBatch>,
) -> Result<web::Json<StatisticsAccepted>, ApiError> {
    ctx.require(Permission::PortalWrite)?;
    let rows = portal::push_statistics(&state.db, &ctx, body.0).await?;
    Ok(web::Json(StatisticsAccepted { rows }))
}

/// List stored statistics
///
/// The periods stored for the units the caller sees, with their ratios. `period` is a
/// prefix: `2024` lists the year, its quarters and months.
///
/// Requires: any role or scope.
#[utoipa::path(operation_id = "portal.statistics.list", tag = "portal", params(StatisticsQuery),
    responses((status = 200, description = "One page of statistics", body = Page<StatisticsOut>)))]
#[get("/portal/statistics")]
async fn list_statistics(
    state: web::Data<AppState>,
    ctx: Ctx,
    query: web::Query<StatisticsQuery>,
) -> Result<web::Json<Page<StatisticsOut>>, ApiError> {
    ctx.require(Permission::IndexRead)?;
    let page = PageRequest::parse(query.limit, query.cursor.as_deref())?;
    Ok(web::Json(
        portal::list_statistics(&state.db, &ctx.scope, &query, &page).await?,
    ))
}

/// Push a batch of dossier records
///
/// Up to 10,000 records as a JSON array (`application/json`) or one per line
/// (`application/x-ndjson`). Each good record is upserted by its dossier code; each bad
/// one is reported by position (`index` from 0: array index, or line number − 1) with its
/// field errors, without rejecting the good ones. The months touched are re-aggregated
/// into the unit's statistics. Re-sending a batch changes nothing (`unchanged`), so the
/// endpoint needs no `Idempotency-Key`.
///
/// Requires: scope `portal.statistics.write` (or `system_admin`).
#[utoipa::path(operation_id = "portal.dossiers.push", tag = "portal",
    request_body(content(
        (Vec<DossierIn> = "application/json"),
        (String = "application/x-ndjson"),
    )),
    responses((status = 200, description = "What was stored and what was refused", body = BatchResult)))]
#[post("/portal/dossiers/batch")]
async fn push_dossiers(
    state: web::Data<AppState>,
    ctx: Ctx,
    req: HttpRequest,
    payload: web::Payload,
) -> Result<web::Json<BatchResult>, ApiError> {
    ctx.require(Permission::PortalWrite)?;
    let content_type = req
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_ascii_lowercase();
    let ndjson = content_type.starts_with("application/x-ndjson")
        || content_type.starts_with("application/ndjson");
    if !ndjson && !content_type.starts_with("application/json") {
        return Err(ApiError::new(ErrorKind::UnsupportedMediaType).with_detail(
            "Gửi hồ sơ dạng application/json (mảng) hoặc application/x-ndjson.",
            "Send the dossiers as application/json (an array) or application/x-ndjson.",
        ));
    }
    let body = read_body(payload, state.config.max_batch_bytes).await?;
    let records = if ndjson {
        read_ndjson(&body)?
    } else {
        read_array(&body)?
    };
    if records.len() > MAX_BATCH {
        return Err(ApiError::new(ErrorKind::PayloadTooLarge).with_detail(
            format!("Tối đa {MAX_BATCH} hồ sơ mỗi lần gửi."),
            format!("At most {MAX_BATCH} records per batch."),
        ));
    }
    let lang = crate::http::extract::lang_of(&req);
    Ok(web::Json(
        portal::push_dossiers(&state.db, &ctx, records, lang).await?,
    ))
}

fn read_array(body: &[u8]) -> Result<Vec<(usize, Record)>, ApiError> {
    let body = crate::http::extract::without_bom(body);
    let values: Vec<&serde_json::value::RawValue> = serde_json::from_slice(body).map_err(|e| {
        let why = crate::error::decode::syntax(&e);
        ApiError::new(ErrorKind::MalformedJson).with_detail(
            format!(
                "Nội dung phải là một mảng JSON các hồ sơ. {}",
                why.get(Lang::Vi)
            ),
            format!(
                "The body must be a JSON array of records. {}",
                why.get(Lang::En)
            ),
        )
    })?;
    Ok(values
        .into_iter()
        .map(|raw| match portal::read_raw(raw.get()) {
            Ok(record) => record,
            Err(e) => Err(portal::unparsable(&e)),
        })
        .enumerate()
        .collect())
}

fn read_ndjson(body: &[u8]) -> Result<Vec<(usize, Record)>, ApiError> {
    let text = std::str::from_utf8(body).map_err(|_| {
        ApiError::new(ErrorKind::MalformedJson)
            .with_detail("Nội dung không phải UTF-8.", "The body is not UTF-8.")
    })?;
    Ok(text
        .lines()
        .enumerate()
        .filter(|(_, line)| !line.trim().is_empty())
        .map(|(i, line)| match portal::read_raw(line) {
            Ok(record) => (i, record),
            Err(e) => (i, Err(portal::unparsable(&e))),
        })
        .collect())
}
