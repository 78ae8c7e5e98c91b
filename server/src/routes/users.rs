//! `/api/v1/users`: people who log in.

use actix_web::{get, patch, post, web};
use cchc_sdk::types::common::Page;
use cchc_sdk::types::users::{UserIn, UserListQuery, UserOut, UserPatch};
use utoipa_actix_web::service_config::ServiceConfig;
use uuid::Uuid;

use crate::AppState;
use crate::auth::{Ctx, Permission};
use crate::domain::users;
use crate::error::ApiError;
use crate::http::etag::IfMatch;
use crate::http::extract::ApiJson;
use crate::http::pagination::PageRequest;
use crate::http::responses::Resource;

/// Registers the user routes.
pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(list)
        .service(create)
        .service(get_one)
        .service(update)
        .service(activate)
        .service(deactivate);
}

fn resource(m: crate::entity::users::Model) -> Resource<UserOut> {
    let version = m.version;
    Resource::ok(users::to_out(m), version)
}

/// List users
///
/// Users of the units the caller can see. Filters: unit, role, active, and `q` on username
/// and full name (Vietnamese-aware).
///
/// Requires: `system_admin`, `unit_admin` or `auditor`.
#[utoipa::path(operation_id = "users.list", tag = "users", params(UserListQuery),
    responses((status = 200, description = "One page of users", body = Page<UserOut>)))]
#[get("/users")]
async fn list(
    state: web::Data<AppState>,
    ctx: Ctx,
    query: web::Query<UserListQuery>,
) -> Result<web::Json<Page<UserOut>>, ApiError> {
    ctx.require(Permission::UsersRead)?;
    let page = PageRequest::parse(query.limit, query.cursor.as_deref())?;
    let rows = users::list(&state.db, &ctx.scope, &query, &page).await?;
    Ok(web::Json(Page {
        data: rows.data.into_iter().map(users::to_out).collect(),
        next_cursor: rows.next_cursor,
        has_more: rows.has_more,
    }))
}

/// Create a user
///
/// The password is hashed with Argon2id and never returned. Only a system admin can grant
/// `system_admin`; a unit admin creates users in its own unit or below.
///
/// Requires: `system_admin` or `unit_admin`.
#[utoipa::path(operation_id = "users.create", tag = "users", request_body = UserIn,
    responses((status = 201, description = "The created user", body = UserOut)))]
#[post("/users")]
async fn create(
    state: web::Data<AppState>,
    ctx: Ctx,
    body: ApiJson<UserIn>,
) -> Result<Resource<UserOut>, ApiError> {
    ctx.require(Permission::UsersWrite)?;
    let user = users::create(&state.db, &ctx, body.0).await?;
    let (location, version) = (format!("/api/v1/users/{}", user.id), user.version);
    Ok(Resource::created(users::to_out(user), version, location))
}

/// Get a user
///
/// Requires: `system_admin`, `unit_admin` or `auditor`.
#[utoipa::path(operation_id = "users.get", tag = "users", params(("id" = Uuid, Path, description = "User id")),
    responses((status = 200, description = "The user", body = UserOut)))]
#[get("/users/{id}")]
async fn get_one(
    state: web::Data<AppState>,
    ctx: Ctx,
    id: web::Path<Uuid>,
) -> Result<Resource<UserOut>, ApiError> {
    ctx.require(Permission::UsersRead)?;
    Ok(resource(users::get(&state.db, &ctx.scope, *id).await?))
}

/// Update a user
///
/// Merge patch. A new `password` signs the user out everywhere.
///
/// Requires: `system_admin` or `unit_admin`.
#[utoipa::path(operation_id = "users.update", tag = "users", request_body = UserPatch,
    params(("id" = Uuid, Path, description = "User id")),
    responses((status = 200, description = "The updated user", body = UserOut)))]
#[patch("/users/{id}")]
async fn update(
    state: web::Data<AppState>,
    ctx: Ctx,
    id: web::Path<Uuid>,
    if_match: IfMatch,
    body: ApiJson<UserPatch>,
) -> Result<Resource<UserOut>, ApiError> {
    ctx.require(Permission::UsersWrite)?;
    Ok(resource(
        users::update(&state.db, &ctx, *id, &if_match, body.0).await?,
    ))
}

/// Activate a user
///
/// Requires: `system_admin` or `unit_admin`.
#[utoipa::path(operation_id = "users.activate", tag = "users", params(("id" = Uuid, Path, description = "User id")),
    responses((status = 200, description = "The user", body = UserOut)))]
#[post("/users/{id}/activate")]
async fn activate(
    state: web::Data<AppState>,
    ctx: Ctx,
    id: web::Path<Uuid>,
    if_match: IfMatch,
) -> Result<Resource<UserOut>, ApiError> {
    ctx.require(Permission::UsersWrite)?;
    Ok(resource(
        users::set_active(&state.db, &ctx, *id, &if_match, true).await?,
    ))
}

/// Deactivate a user
///
/// The user can no longer sign in; their refresh tokens are revoked and their access
/// tokens stop working at once.
///
/// Requires: `system_admin` or `unit_admin`.
#[utoipa::path(operation_id = "users.deactivate", tag = "users", params(("id" = Uuid, Path, description = "User id")),
    responses((status = 200, description = "The user", body = UserOut)))]
#[post("/users/{id}/deactivate")]
async fn deactivate(
    state: web::Data<AppState>,
    ctx: Ctx,
    id: web::Path<Uuid>,
    if_match: IfMatch,
) -> Result<Resource<UserOut>, ApiError> {
    ctx.require(Permission::UsersWrite)?;
    Ok(resource(
        users::set_active(&state.db, &ctx, *id, &if_match, false).await?,
    ))
}
