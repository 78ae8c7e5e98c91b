//! `/api/v1/departments`: the offices of a unit.

use actix_web::{HttpResponse, delete, get, patch, post, web};
use cchc_sdk::types::common::Page;
use cchc_sdk::types::departments::{
    DepartmentIn, DepartmentListQuery, DepartmentOut, DepartmentPatch,
};
use utoipa_actix_web::service_config::ServiceConfig;
use uuid::Uuid;

use crate::AppState;
use crate::auth::{Ctx, Permission};
use crate::domain::departments;
use crate::error::ApiError;
use crate::http::etag::IfMatch;
use crate::http::extract::ApiJson;
use crate::http::pagination::PageRequest;
use crate::http::responses::Resource;

/// Registers the department routes.
pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(list)
        .service(create)
        .service(get_one)
        .service(update)
        .service(archive)
        .service(restore)
        .service(remove);
}

fn resource(m: crate::entity::departments::Model) -> Result<Resource<DepartmentOut>, ApiError> {
    let version = m.version;
    Ok(Resource::ok(departments::to_out(m)?, version))
}

/// List departments
///
/// Filters: unit, kind, active, and `q` (Vietnamese-aware: "van phong" finds "Văn phòng").
///
/// Requires: any role, or scope `units.read` / `reports.read` / `portal.statistics.write`.
#[utoipa::path(operation_id = "departments.list", tag = "departments", params(DepartmentListQuery),
    responses((status = 200, description = "One page of departments", body = Page<DepartmentOut>)))]
#[get("/departments")]
async fn list(
    state: web::Data<AppState>,
    ctx: Ctx,
    query: web::Query<DepartmentListQuery>,
) -> Result<web::Json<Page<DepartmentOut>>, ApiError> {
    ctx.require(Permission::OrganisationRead)?;
    let page = PageRequest::parse(query.limit, query.cursor.as_deref())?;
    let rows = departments::list(&state.db, &ctx.scope, &query, &page).await?;
    Ok(web::Json(Page {
        data: rows
            .data
            .into_iter()
            .map(departments::to_out)
            .collect::<Result<_, _>>()?,
        next_cursor: rows.next_cursor,
        has_more: rows.has_more,
    }))
}

/// Create a department
///
/// The name is unique within the unit regardless of case and diacritics (409
/// `already_exists` on `name`).
///
/// Requires: `system_admin`, or `unit_admin` of the unit or one above it.
#[utoipa::path(operation_id = "departments.create", tag = "departments", request_body = DepartmentIn,
    responses((status = 201, description = "The created department", body = DepartmentOut)))]
#[post("/departments")]
async fn create(
    state: web::Data<AppState>,
    ctx: Ctx,
    body: ApiJson<DepartmentIn>,
) -> Result<Resource<DepartmentOut>, ApiError> {
    ctx.require(Permission::OrganisationWrite)?;
    let dept = departments::create(&state.db, &ctx, body.0).await?;
    let (location, version) = (format!("/api/v1/departments/{}", dept.id), dept.version);
    Ok(Resource::created(
        departments::to_out(dept)?,
        version,
        location,
    ))
}

/// Get a department
///
/// Requires: any role, or scope `units.read` / `reports.read` / `portal.statistics.write`.
#[utoipa::path(operation_id = "departments.get", tag = "departments", params(("id" = Uuid, Path, description = "Department id")),
    responses((status = 200, description = "The department", body = DepartmentOut)))]
#[get("/departments/{id}")]
async fn get_one(
    state: web::Data<AppState>,
    ctx: Ctx,
    id: web::Path<Uuid>,
) -> Result<Resource<DepartmentOut>, ApiError> {
    ctx.require(Permission::OrganisationRead)?;
    resource(departments::get(&state.db, &ctx.scope, *id).await?)
}

/// Update a department
///
/// Requires: `system_admin`, or `unit_admin` of the unit or one above it.
#[utoipa::path(operation_id = "departments.update", tag = "departments", request_body = DepartmentPatch,
    params(("id" = Uuid, Path, description = "Department id")),
    responses((status = 200, description = "The updated department", body = DepartmentOut)))]
#[patch("/departments/{id}")]
async fn update(
    state: web::Data<AppState>,
    ctx: Ctx,
    id: web::Path<Uuid>,
    if_match: IfMatch,
    body: ApiJson<DepartmentPatch>,
) -> Result<Resource<DepartmentOut>, ApiError> {
    ctx.require(Permission::OrganisationWrite)?;
    resource(departments::update(&state.db, &ctx, *id, &if_match, body.0).await?)
}

/// Archive a department
///
/// It stays for history (what refers to it keeps its name) and can be restored.
///
/// Requires: `system_admin`, or `unit_admin` of the unit or one above it.
#[utoipa::path(operation_id = "departments.archive", tag = "departments", params(("id" = Uuid, Path, description = "Department id")),
    responses((status = 200, description = "The archived department", body = DepartmentOut)))]
#[post("/departments/{id}/archive")]
async fn archive(
    state: web::Data<AppState>,
    ctx: Ctx,
    id: web::Path<Uuid>,
    if_match: IfMatch,
) -> Result<Resource<DepartmentOut>, ApiError> {
    ctx.require(Permission::OrganisationWrite)?;
    resource(departments::set_archived(&state.db, &ctx, *id, &if_match, true).await?)
}

/// Restore an archived department
///
/// Requires: `system_admin`, or `unit_admin` of the unit or one above it.
#[utoipa::path(operation_id = "departments.restore", tag = "departments", params(("id" = Uuid, Path, description = "Department id")),
    responses((status = 200, description = "The restored department", body = DepartmentOut)))]
#[post("/departments/{id}/restore")]
async fn restore(
    state: web::Data<AppState>,
    ctx: Ctx,
    id: web::Path<Uuid>,
    if_match: IfMatch,
) -> Result<Resource<DepartmentOut>, ApiError> {
    ctx.require(Permission::OrganisationWrite)?;
    resource(departments::set_archived(&state.db, &ctx, *id, &if_match, false).await?)
}

/// Delete a department
///
/// Only when nothing refers to it; otherwise 409 `in_use` with `referenced_by` listing
/// what does (officials, and later tasks, index sub-criteria, awards): archive it instead.
///
/// Requires: `system_admin`, or `unit_admin` of the unit or one above it.
#[utoipa::path(operation_id = "departments.delete", tag = "departments", params(("id" = Uuid, Path, description = "Department id")),
    responses((status = 204, description = "Deleted")))]
#[delete("/departments/{id}")]
async fn remove(
    state: web::Data<AppState>,
    ctx: Ctx,
    id: web::Path<Uuid>,
    if_match: IfMatch,
) -> Result<HttpResponse, ApiError> {
    ctx.require(Permission::OrganisationWrite)?;
    departments::delete(&state.db, &ctx, *id, &if_match).await?;
    Ok(HttpResponse::NoContent().finish())
}
