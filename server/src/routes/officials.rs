//! `/api/v1/officials`: cán bộ, công chức and others who can be given tasks or awards.

use actix_web::{HttpResponse, delete, get, patch, post, web};
use cchc_sdk::types::common::Page;
use cchc_sdk::types::officials::{OfficialIn, OfficialListQuery, OfficialOut, OfficialPatch};
use utoipa_actix_web::service_config::ServiceConfig;
use uuid::Uuid;

use crate::AppState;
use crate::auth::{Ctx, Permission};
use crate::domain::officials;
use crate::error::ApiError;
use crate::http::etag::IfMatch;
use crate::http::extract::ApiJson;
use crate::http::pagination::PageRequest;
use crate::http::responses::Resource;

/// Registers the official routes.
pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(list)
        .service(create)
        .service(get_one)
        .service(update)
        .service(remove);
}

fn resource(
    ctx: &Ctx,
    m: crate::entity::officials::Model,
) -> Result<Resource<OfficialOut>, ApiError> {
    let version = m.version;
    Ok(Resource::ok(officials::out_for(ctx, m)?, version))
}

/// List officials
///
/// Filters: unit, department, status, and `q` on names and positions ("le van vu" finds
/// "Lê Văn Vũ"). `contact` is `null` unless the caller administers the official's unit or
/// is the official.
///
/// Requires: any role, or scope `units.read` / `reports.read` / `portal.statistics.write`.
#[utoipa::path(operation_id = "officials.list", tag = "officials", params(OfficialListQuery),
    responses((status = 200, description = "One page of officials", body = Page<OfficialOut>)))]
#[get("/officials")]
async fn list(
    state: web::Data<AppState>,
    ctx: Ctx,
    query: web::Query<OfficialListQuery>,
) -> Result<web::Json<Page<OfficialOut>>, ApiError> {
    ctx.require(Permission::OrganisationRead)?;
    let page = PageRequest::parse(query.limit, query.cursor.as_deref())?;
    let rows = officials::list(&state.db, &ctx.scope, &query, &page).await?;
    let data = rows
        .data
        .into_iter()
        .map(|m| officials::out_for(&ctx, m))
        .collect::<Result<_, _>>()?;
    Ok(web::Json(Page {
        data,
        next_cursor: rows.next_cursor,
        has_more: rows.has_more,
    }))
}

/// Create an official
///
/// Requires: `system_admin`, or `unit_admin` of the unit or one above it.
#[utoipa::path(operation_id = "officials.create", tag = "officials", request_body = OfficialIn,
    responses((status = 201, description = "The created official", body = OfficialOut)))]
#[post("/officials")]
async fn create(
    state: web::Data<AppState>,
    ctx: Ctx,
    body: ApiJson<OfficialIn>,
) -> Result<Resource<OfficialOut>, ApiError> {
    ctx.require(Permission::OrganisationWrite)?;
    let official = officials::create(&state.db, &ctx, body.0).await?;
    let (location, version) = (
        format!("/api/v1/officials/{}", official.id),
        official.version,
    );
    Ok(Resource::created(
        officials::out_for(&ctx, official)?,
        version,
        location,
    ))
}

/// Get an official
///
/// Requires: any role, or scope `units.read` / `reports.read` / `portal.statistics.write`.
#[utoipa::path(operation_id = "officials.get", tag = "officials", params(("id" = Uuid, Path, description = "Official id")),
    responses((status = 200, description = "The official", body = OfficialOut)))]
#[get("/officials/{id}")]
async fn get_one(
    state: web::Data<AppState>,
    ctx: Ctx,
    id: web::Path<Uuid>,
) -> Result<Resource<OfficialOut>, ApiError> {
    ctx.require(Permission::OrganisationRead)?;
    let official = officials::get(&state.db, &ctx.scope, *id).await?;
    resource(&ctx, official)
}

/// Update an official
///
/// Requires: `system_admin`, or `unit_admin` of the unit or one above it.
#[utoipa::path(operation_id = "officials.update", tag = "officials", request_body = OfficialPatch,
    params(("id" = Uuid, Path, description = "Official id")),
    responses((status = 200, description = "The updated official", body = OfficialOut)))]
#[patch("/officials/{id}")]
async fn update(
    state: web::Data<AppState>,
    ctx: Ctx,
    id: web::Path<Uuid>,
    if_match: IfMatch,
    body: ApiJson<OfficialPatch>,
) -> Result<Resource<OfficialOut>, ApiError> {
    ctx.require(Permission::OrganisationWrite)?;
    let official = officials::update(&state.db, &ctx, *id, &if_match, body.0).await?;
    resource(&ctx, official)
}

/// Delete an official
///
/// Removes the record and its personal data when nothing refers to it; otherwise 409
/// `in_use` (set `status` to `left` instead).
///
/// Requires: `system_admin`, or `unit_admin` of the unit or one above it.
#[utoipa::path(operation_id = "officials.delete", tag = "officials", params(("id" = Uuid, Path, description = "Official id")),
    responses((status = 204, description = "Deleted")))]
#[delete("/officials/{id}")]
async fn remove(
    state: web::Data<AppState>,
    ctx: Ctx,
    id: web::Path<Uuid>,
    if_match: IfMatch,
) -> Result<HttpResponse, ApiError> {
    ctx.require(Permission::OrganisationWrite)?;
    officials::delete(&state.db, &ctx, *id, &if_match).await?;
    Ok(HttpResponse::NoContent().finish())
}
