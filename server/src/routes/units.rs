//! `/api/v1/units`: administrative units.

use actix_web::{get, patch, post, web};
use cchc_sdk::types::common::Page;
use cchc_sdk::types::units::{UnitIn, UnitListQuery, UnitOut, UnitPatch};
use utoipa_actix_web::service_config::ServiceConfig;
use uuid::Uuid;

use crate::AppState;
use crate::auth::Scope;
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
        .service(update)
        .service(archive)
        .service(restore);
}

impl From<Model> for UnitOut {
    fn from(m: Model) -> Self {
        let successor_ids = units::successors_of(&m);
        let level =
            units::parse_level(&m.level).unwrap_or(cchc_sdk::types::units::UnitLevel::Commune);
        UnitOut {
            id: m.id,
            code: m.code,
            name: m.name,
            level,
            parent_id: m.parent_id,
            valid_from: m.valid_from,
            valid_to: m.valid_to,
            successor_ids,
            archived: m.archived_at.is_some(),
            created_at: m.created_at,
            updated_at: m.updated_at,
            version: m.version,
        }
    }
}

fn resource(m: Model) -> Resource<UnitOut> {
    let version = m.version;
    Resource::ok(m.into(), version)
}

/// List units
///
/// Units the caller can see, in creation order, filtered by level, parent and a
/// Vietnamese-aware text search (`q=hoa tan tay` finds "Hòa Tân Tây"). Archived units are
/// left out unless `include_archived=true`.
#[utoipa::path(
    operation_id = "units.list", tag = "units", params(UnitListQuery),
    responses((status = 200, description = "One page of units", body = Page<UnitOut>))
)]
#[get("/units")]
async fn list(
    state: web::Data<AppState>,
    scope: Scope,
    query: web::Query<UnitListQuery>,
) -> Result<web::Json<Page<UnitOut>>, ApiError> {
    let page = PageRequest::parse(query.limit, query.cursor.as_deref())?;
    let rows = units::list(&state.db, &scope, &query, &page).await?;
    Ok(web::Json(Page {
        data: rows.data.into_iter().map(UnitOut::from).collect(),
        next_cursor: rows.next_cursor,
        has_more: rows.has_more,
    }))
}

/// Create a unit
///
/// A province has no parent; a district sits under a province; a commune under a district
/// or (since July 2025) directly under a province. Codes are unique.
#[utoipa::path(
    operation_id = "units.create", tag = "units", request_body = UnitIn,
    responses((status = 201, description = "The created unit", body = UnitOut,
        headers(("Location" = String, description = "URL of the new unit"), ("ETag" = String, description = "Version tag"))))
)]
#[post("/units")]
async fn create(
    state: web::Data<AppState>,
    scope: Scope,
    body: ApiJson<UnitIn>,
) -> Result<Resource<UnitOut>, ApiError> {
    let unit = units::create(&state.db, &scope, body.0).await?;
    let (location, version) = (format!("/api/v1/units/{}", unit.id), unit.version);
    Ok(Resource::created(unit.into(), version, location))
}

/// Get a unit
#[utoipa::path(
    operation_id = "units.get", tag = "units", params(("id" = Uuid, Path, description = "Unit id")),
    responses((status = 200, description = "The unit", body = UnitOut,
        headers(("ETag" = String, description = "Version tag for If-Match"))))
)]
#[get("/units/{id}")]
async fn get_one(
    state: web::Data<AppState>,
    scope: Scope,
    id: web::Path<Uuid>,
) -> Result<Resource<UnitOut>, ApiError> {
    Ok(resource(units::get(&state.db, &scope, *id).await?))
}

/// Update a unit
///
/// JSON merge patch: absent fields stay, `null` clears. Send `If-Match` with the ETag you
/// read to refuse overwriting someone else's change (412).
#[utoipa::path(
    operation_id = "units.update", tag = "units", request_body = UnitPatch,
    params(("id" = Uuid, Path, description = "Unit id")),
    responses((status = 200, description = "The updated unit", body = UnitOut))
)]
#[patch("/units/{id}")]
async fn update(
    state: web::Data<AppState>,
    scope: Scope,
    id: web::Path<Uuid>,
    if_match: IfMatch,
    body: ApiJson<UnitPatch>,
) -> Result<Resource<UnitOut>, ApiError> {
    Ok(resource(
        units::update(&state.db, &scope, *id, &if_match, body.0).await?,
    ))
}

/// Archive a unit
///
/// The unit stays for history (results, plans and successors refer to it) but leaves
/// lists. Refused with 409 `in_use` while active units sit below it.
#[utoipa::path(
    operation_id = "units.archive", tag = "units", params(("id" = Uuid, Path, description = "Unit id")),
    responses((status = 200, description = "The archived unit", body = UnitOut))
)]
#[post("/units/{id}/archive")]
async fn archive(
    state: web::Data<AppState>,
    scope: Scope,
    id: web::Path<Uuid>,
    if_match: IfMatch,
) -> Result<Resource<UnitOut>, ApiError> {
    Ok(resource(
        units::archive(&state.db, &scope, *id, &if_match).await?,
    ))
}

/// Restore an archived unit
#[utoipa::path(
    operation_id = "units.restore", tag = "units", params(("id" = Uuid, Path, description = "Unit id")),
    responses((status = 200, description = "The restored unit", body = UnitOut))
)]
#[post("/units/{id}/restore")]
async fn restore(
    state: web::Data<AppState>,
    scope: Scope,
    id: web::Path<Uuid>,
    if_match: IfMatch,
) -> Result<Resource<UnitOut>, ApiError> {
    Ok(resource(
        units::restore(&state.db, &scope, *id, &if_match).await?,
    ))
}
