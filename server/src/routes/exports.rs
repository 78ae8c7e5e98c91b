//! `/api/v1/exports`: export jobs — a report asked for now (202), made in the background by
//! any replica, then downloaded.

use actix_web::http::{StatusCode, header};
use actix_web::{HttpResponse, delete, get, post, web};
use cchc_sdk::types::common::Page;
use cchc_sdk::types::exports::{ExportIn, ExportListQuery, ExportOut, ExportStatus};
use cchc_sdk::types::reports::ReportFormat;
use utoipa_actix_web::service_config::ServiceConfig;
use uuid::Uuid;

use super::reports::ReportFile;
use crate::AppState;
use crate::auth::Ctx;
use crate::domain::exports;
use crate::error::{ApiError, Lang};
use crate::http::etag::etag;
use crate::http::extract::ApiJson;
use crate::http::pagination::PageRequest;

/// Registers the export routes.
pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(list)
        .service(create)
        .service(get_one)
        .service(remove)
        .service(download);
}

/// Seconds a client is asked to wait before looking at a queued or running job again.
const POLL_AFTER_SECS: u64 = 2;

/// List your export jobs
///
/// The jobs you asked for (oldest first), of one status when `status` is given. Jobs are
/// removed `exports_retention_hours` after they were asked for (7 days by default).
///
/// Requires: any role or scope (each principal sees only its own jobs).
#[utoipa::path(operation_id = "exports.list", tag = "exports", params(ExportListQuery),
    responses((status = 200, description = "One page of jobs", body = Page<ExportOut>)))]
#[get("/exports")]
async fn list(
    state: web::Data<AppState>,
    ctx: Ctx,
    lang: Lang,
    query: web::Query<ExportListQuery>,
) -> Result<web::Json<Page<ExportOut>>, ApiError> {
    let page = PageRequest::parse(query.limit, query.cursor.as_deref())?;
    let rows = exports::list(&state.db, &ctx, query.status, &page).await?;
    Ok(web::Json(Page {
        data: rows
            .data
            .iter()
            .map(|m| exports::to_out(m, lang))
            .collect::<Result<_, _>>()?,
        next_cursor: rows.next_cursor,
        has_more: rows.has_more,
    }))
}

/// Ask for an export
///
/// Queues a report (`report` with its endpoint's `parameters`) as a file (`xlsx` by
/// default, `csv` or `json`) and answers 202 at once with the job (`Location` names it,
/// `Retry-After` says when to look again). A worker on any replica makes it with your
/// rights as they stand then (never beyond this token's), moving `progress`; a replica that
/// stops mid-run leaves the job to another after its lease. When `status` is `succeeded`,
/// download `download_url`; when `failed`, `error` holds the problem the report's endpoint
/// would have answered. Parameters the report needs and lacks, does not read, or that name
/// what you cannot see are 422 at once.
///
/// Requires: the report's own permission (`reports.*`: any role, or scope `reports.read`).
#[utoipa::path(operation_id = "exports.create", tag = "exports", request_body = ExportIn,
    responses((status = 202, description = "The job, queued", body = ExportOut,
        headers(("Location" = String, description = "The job"), ("Retry-After" = u64, description = "Seconds before looking again")))))]
#[post("/exports")]
async fn create(
    state: web::Data<AppState>,
    ctx: Ctx,
    lang: Lang,
    body: ApiJson<ExportIn>,
) -> Result<HttpResponse, ApiError> {
    let job = exports::create(&state.db, &state.config, &ctx, body.0).await?;
    Ok(HttpResponse::build(StatusCode::ACCEPTED)
        .insert_header((header::ETAG, etag(job.version)))
        .insert_header((header::LOCATION, format!("/api/v1/exports/{}", job.id)))
        .insert_header((header::RETRY_AFTER, POLL_AFTER_SECS.to_string()))
        .json(exports::to_out(&job, lang)?))
}

/// Get an export job
///
/// Where it stands: `queued`, `running` (with `progress`), `succeeded` (with
/// `download_url`) or `failed` (with `error`). While it is queued or running the answer
/// carries `Retry-After`.
///
/// Requires: any role or scope (your own jobs only; another's is 404).
#[utoipa::path(operation_id = "exports.get", tag = "exports", params(("id" = Uuid, Path, description = "Job id")),
    responses((status = 200, description = "The job", body = ExportOut)))]
#[get("/exports/{id}")]
async fn get_one(
    state: web::Data<AppState>,
    ctx: Ctx,
    lang: Lang,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, ApiError> {
    let job = exports::get(&state.db, &ctx, *id).await?;
    let out = exports::to_out(&job, lang)?;
    let mut res = HttpResponse::Ok();
    res.insert_header((header::ETAG, etag(job.version)));
    if matches!(out.status, ExportStatus::Queued | ExportStatus::Running) {
        res.insert_header((header::RETRY_AFTER, POLL_AFTER_SECS.to_string()));
    }
    Ok(res.json(out))
}

/// Delete an export job
///
/// Cancels a queued job, drops the result of a running one, or removes a finished one
/// with its file.
///
/// Requires: any role or scope (your own jobs only).
#[utoipa::path(operation_id = "exports.delete", tag = "exports", params(("id" = Uuid, Path, description = "Job id")),
    responses((status = 204, description = "Deleted")))]
#[delete("/exports/{id}")]
async fn remove(
    state: web::Data<AppState>,
    ctx: Ctx,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, ApiError> {
    exports::delete(&state.db, &ctx, *id).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Download an export
///
/// The file of a succeeded job (CSV with a byte order mark, XLSX or JSON), named after the
/// report. 409 `invalid_transition` while it is queued or running (with `Retry-After`) or
/// when it failed.
///
/// Requires: any role or scope (your own jobs only).
#[utoipa::path(operation_id = "exports.download", tag = "exports", params(("id" = Uuid, Path, description = "Job id")),
    responses((status = 200, description = "The file", content(
        (ReportFile = "text/csv"),
        (ReportFile = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        (ReportFile = "application/json"),
    ))))]
#[get("/exports/{id}/file")]
async fn download(
    state: web::Data<AppState>,
    ctx: Ctx,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, ApiError> {
    let (job, bytes) = exports::file(&state.db, &ctx, *id).await?;
    let name = job.file_name.unwrap_or_else(|| format!("{}", job.id));
    if job.format == crate::domain::codec::enum_str(&ReportFormat::Csv) {
        return Ok(crate::http::download::csv(bytes, &name));
    }
    Ok(HttpResponse::Ok()
        .insert_header((
            header::CONTENT_TYPE,
            job.content_type
                .unwrap_or_else(|| "application/octet-stream".into()),
        ))
        .insert_header((
            header::CONTENT_DISPOSITION,
            crate::http::download::attachment(&name),
        ))
        .body(bytes))
}
