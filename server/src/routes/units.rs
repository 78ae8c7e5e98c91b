//! `/api/v1/units`: administrative units.

use actix_web::{get, patch, post, web};
use cchc_sdk::types::common::Page;
use cchc_sdk::types::units::{
    LineageQuery, UnitIn, UnitLineage, UnitListQuery, UnitOut, UnitPatch,
};
use utoipa_actix_web::service_config::ServiceConfig;
use uuid::Uuid;

use crate::AppState;
use crate::auth::{Ctx, Permission};
use crate::domain::units;
use crate::entity::units::Model;
use crate::error::ApiError;
use crate::http::etag::IfMatch;
use crate::http::extract::ApiJson;
use crate::http::pagination::PageRequest;
use crate::http::responses::Resource;

/// Registers the unit routes.
pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(list)
        .service(create)
        .service(get_one)
        .service(lineage)
        .service(update)
        .service(archive)
        .service(restore);
}

fn resource(m: Model) -> Result<Resource<UnitOut>, ApiError> {
    let version = m.version;
    Ok(Resource::ok(units::to_out(m)?, version))
}

/// List units
///
/// Units the caller can see, in creation order, filtered by level, parent and a
/// Vietnamese-aware text search (`q=hoa tan tay` finds "Hòa Tân Tây"). Archived units are
/// left out unless `include_archived=true`.
///
/// Requires: any role, or scope `units.read` / `reports.read` / `portal.statistics.write`.
#[utoipa::path(
    operation_id = "units.list", tag = "units", params(UnitListQuery),
    responses((status = 200, description = "One page of units", body = Page<UnitOut>))
)]
#[get("/units")]
async fn list(
    state: web::Data<AppState>,
    ctx: Ctx,
    query: web::Query<UnitListQuery>,
) -> Result<web::Json<Page<UnitOut>>, ApiError> {
    ctx.require(Permission::UnitsRead)?;
    let page = PageRequest::parse(query.limit, query.cursor.as_deref())?;
    let rows = units::list(&state.db, &ctx.scope, &query, &page).await?;
    Ok(web::Json(Page {
        data: rows
            .data
            .into_iter()
            .map(units::to_out)
            .collect::<Result<_, _>>()?,
        next_cursor: rows.next_cursor,
        has_more: rows.has_more,
    }))
}

/// Create a unit
///
/// A province has no parent; a district sits under a province; a commune under a district
/// or (since July 2025) directly under a province. Codes are unique.
///
/// Requires: `system_admin`, or `unit_admin` for a unit below its own.
#[utoipa::path(
    operation_id = "units.create", tag = "units", request_body = UnitIn,
    responses((status = 201, description = "The created unit", body = UnitOut,
        headers(("Location" = String, description = "URL of the new unit"), ("ETag" = String, description = "Version tag"))))
)]
#[post("/units")]
async fn create(
    state: web::Data<AppState>,
    ctx: Ctx,
    body: ApiJson<UnitIn>,
) -> Result<Resource<UnitOut>, ApiError> {
    ctx.require(Permission::UnitsWrite)?;
    let unit = units::create(&state.db, &ctx, body.0).await?;
    let (location, version) = (format!("/api/v1/units/{}", unit.id), unit.version);
    Ok(Resource::created(units::to_out(unit)?, version, location))
}

/// Get a unit
///
/// Requires: any role, or scope `units.read` / `reports.read` / `portal.statistics.write`.
#[utoipa::path(
    operation_id = "units.get", tag = "units", params(("id" = Uuid, Path, description = "Unit id")),
    responses((status = 200, description = "The unit", body = UnitOut,
        headers(("ETag" = String, description = "Version tag for If-Match"))))
)]
#[get("/units/{id}")]
async fn get_one(
    state: web::Data<AppState>,
    ctx: Ctx,
    id: web::Path<Uuid>,
) -> Result<Resource<UnitOut>, ApiError> {
    ctx.require(Permission::UnitsRead)?;
    resource(units::get(&state.db, &ctx.scope, *id).await?)
}

/// A unit's lineage
///
/// The units it was formed from and those it became through arrangements of administrative
/// units (e.g. 1/7/2025: districts ended, communes merged), nearest first; with `on`, which
/// of them stood for it on that date ("which unit was this on D").
///
/// Requires: any role, or scope `units.read` / `reports.read` / `portal.statistics.write`.
#[utoipa::path(
    operation_id = "units.lineage", tag = "units",
    params(("id" = Uuid, Path, description = "Unit id"), LineageQuery),
    responses((status = 200, description = "The unit's lineage", body = UnitLineage))
)]
#[get("/units/{id}/lineage")]
async fn lineage(
    state: web::Data<AppState>,
    ctx: Ctx,
    id: web::Path<Uuid>,
    query: web::Query<LineageQuery>,
) -> Result<web::Json<UnitLineage>, ApiError> {
    ctx.require(Permission::UnitsRead)?;
    let l = units::lineage(&state.db, &ctx.scope, *id, query.on).await?;
    let all = |v: Vec<crate::entity::units::Model>| -> Result<Vec<UnitOut>, ApiError> {
        v.into_iter().map(units::to_out).collect()
    };
    Ok(web::Json(UnitLineage {
        unit: units::to_out(l.unit)?,
        predecessors: all(l.predecessors)?,
        successors: all(l.successors)?,
        on: query.on,
        on_date: all(l.on_date)?,
    }))
}

/// Update a unit
///
/// JSON merge patch: absent fields stay, `null` clears. Send `If-Match` with the ETag you
/// read to refuse overwriting someone else's change (412).
///
/// Requires: `system_admin`, or `unit_admin` of a unit above it (never its own).
#[utoipa::path(
    operation_id = "units.update", tag = "units", request_body = UnitPatch,
    params(("id" = Uuid, Path, description = "Unit id")),
    responses((status = 200, description = "The updated unit", body = UnitOut))
)]
#[patch("/units/{id}")]
async fn update(
    state: web::Data<AppState>,
    ctx: Ctx,
    id: web::Path<Uuid>,
    if_match: IfMatch,
    body: ApiJson<UnitPatch>,
) -> Result<Resource<UnitOut>, ApiError> {
    ctx.require(Permission::UnitsWrite)?;
    resource(units::update(&state.db, &ctx, *id, &if_match, body.0).await?)
}

/// Archive a unit
///
/// The unit stays for history (results, plans and successors refer to it) but leaves
/// lists. Refused with 409 `in_use` while active units sit below it.
///
/// Requires: `system_admin`, or `unit_admin` of a unit above it (never its own).
#[utoipa::path(
    operation_id = "units.archive", tag = "units", params(("id" = Uuid, Path, description = "Unit id")),
    responses((status = 200, description = "The archived unit", body = UnitOut))
)]
#[post("/units/{id}/archive")]
async fn archive(
    state: web::Data<AppState>,
    ctx: Ctx,
    id: web::Path<Uuid>,
    if_match: IfMatch,
) -> Result<Resource<UnitOut>, ApiError> {
    ctx.require(Permission::UnitsWrite)?;
    resource(units::archive(&state.db, &ctx, *id, &if_match).await?)
}

/// Restore an archived unit
///
/// Requires: `system_admin`, or `unit_admin` of a unit above it (never its own).
#[utoipa::path(
    operation_id = "units.restore", tag = "units", params(("id" = Uuid, Path, description = "Unit id")),
    responses((status = 200, description = "The restored unit", body = UnitOut))
)]
#[post("/units/{id}/restore")]
async fn restore(
    state: web::Data<AppState>,
    ctx: Ctx,
    id: web::Path<Uuid>,
    if_match: IfMatch,
) -> Result<Resource<UnitOut>, ApiError> {
    ctx.require(Permission::UnitsWrite)?;
    resource(units::restore(&state.db, &ctx, *id, &if_match).await?)
}
