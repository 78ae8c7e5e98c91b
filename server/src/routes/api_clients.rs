//! `/api/v1/api-clients`: systems that call the API.

use actix_web::http::header;
use actix_web::{HttpResponse, get, patch, post, web};
use cchc_sdk::types::api_clients::{
    ApiClientIn, ApiClientListQuery, ApiClientOut, ApiClientPatch, ApiClientWithSecret,
};
use cchc_sdk::types::common::Page;
use utoipa_actix_web::service_config::ServiceConfig;
use uuid::Uuid;

use crate::AppState;
use crate::auth::{Ctx, Permission};
use crate::domain::api_clients;
use crate::error::ApiError;
use crate::http::etag::{IfMatch, etag};
use crate::http::extract::ApiJson;
use crate::http::pagination::PageRequest;
use crate::http::responses::Resource;

/// Registers the API-client routes.
pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(list)
        .service(create)
        .service(get_one)
        .service(update)
        .service(rotate_secret)
        .service(revoke);
}

fn resource(m: crate::entity::api_clients::Model) -> Resource<ApiClientOut> {
    let version = m.version;
    Resource::ok(api_clients::to_out(m), version)
}

/// An answer that carries a secret: never cached, never replayed.
fn with_secret(
    status: actix_web::http::StatusCode,
    m: crate::entity::api_clients::Model,
    secret: String,
) -> HttpResponse {
    let mut res = HttpResponse::build(status);
    res.insert_header((header::CACHE_CONTROL, "no-store"))
        .insert_header((header::ETAG, etag(m.version)));
    if status == actix_web::http::StatusCode::CREATED {
        res.insert_header((header::LOCATION, format!("/api/v1/api-clients/{}", m.id)));
    }
    res.json(ApiClientWithSecret {
        client: api_clients::to_out(m),
        client_secret: secret,
    })
}

/// List API clients
///
/// Requires: `system_admin` or `unit_admin`.
#[utoipa::path(operation_id = "api_clients.list", tag = "api-clients", params(ApiClientListQuery),
    responses((status = 200, description = "One page of API clients", body = Page<ApiClientOut>)))]
#[get("/api-clients")]
async fn list(
    state: web::Data<AppState>,
    ctx: Ctx,
    query: web::Query<ApiClientListQuery>,
) -> Result<web::Json<Page<ApiClientOut>>, ApiError> {
    ctx.require(Permission::ApiClientsManage)?;
    let page = PageRequest::parse(query.limit, query.cursor.as_deref())?;
    let rows = api_clients::list(&state.db, &ctx.scope, &query, &page).await?;
    Ok(web::Json(Page {
        data: rows.data.into_iter().map(api_clients::to_out).collect(),
        next_cursor: rows.next_cursor,
        has_more: rows.has_more,
    }))
}

/// Register an API client
///
/// Answers the client with its `client_secret`, shown this once: store it now. The secret
/// is kept only as a hash. An `Idempotency-Key` replay of this answer is refused (409
/// `idempotency_not_replayable`) rather than repeating the secret.
///
/// Requires: `system_admin` or `unit_admin`.
#[utoipa::path(operation_id = "api_clients.create", tag = "api-clients", request_body = ApiClientIn,
    responses((status = 201, description = "The client and its secret", body = ApiClientWithSecret)))]
#[post("/api-clients")]
async fn create(
    state: web::Data<AppState>,
    ctx: Ctx,
    body: ApiJson<ApiClientIn>,
) -> Result<HttpResponse, ApiError> {
    ctx.require(Permission::ApiClientsManage)?;
    let (client, secret) = api_clients::create(&state.db, &ctx, body.0).await?;
    Ok(with_secret(
        actix_web::http::StatusCode::CREATED,
        client,
        secret,
    ))
}

/// Get an API client
///
/// Requires: `system_admin` or `unit_admin`.
#[utoipa::path(operation_id = "api_clients.get", tag = "api-clients", params(("id" = Uuid, Path, description = "API client id")),
    responses((status = 200, description = "The client", body = ApiClientOut)))]
#[get("/api-clients/{id}")]
async fn get_one(
    state: web::Data<AppState>,
    ctx: Ctx,
    id: web::Path<Uuid>,
) -> Result<Resource<ApiClientOut>, ApiError> {
    ctx.require(Permission::ApiClientsManage)?;
    Ok(resource(
        api_clients::get(&state.db, &ctx.scope, *id).await?,
    ))
}

/// Update an API client
///
/// Requires: `system_admin` or `unit_admin`.
#[utoipa::path(operation_id = "api_clients.update", tag = "api-clients", request_body = ApiClientPatch,
    params(("id" = Uuid, Path, description = "API client id")),
    responses((status = 200, description = "The client", body = ApiClientOut)))]
#[patch("/api-clients/{id}")]
async fn update(
    state: web::Data<AppState>,
    ctx: Ctx,
    id: web::Path<Uuid>,
    if_match: IfMatch,
    body: ApiJson<ApiClientPatch>,
) -> Result<Resource<ApiClientOut>, ApiError> {
    ctx.require(Permission::ApiClientsManage)?;
    Ok(resource(
        api_clients::update(&state.db, &ctx, *id, &if_match, body.0).await?,
    ))
}

/// Rotate an API client's secret
///
/// The old secret stops working at once and the client's refresh tokens are revoked.
/// Answers the new secret, shown this once.
///
/// Requires: `system_admin` or `unit_admin`.
#[utoipa::path(operation_id = "api_clients.rotate_secret", tag = "api-clients", params(("id" = Uuid, Path, description = "API client id")),
    responses((status = 200, description = "The client and its new secret", body = ApiClientWithSecret)))]
#[post("/api-clients/{id}/rotate-secret")]
async fn rotate_secret(
    state: web::Data<AppState>,
    ctx: Ctx,
    id: web::Path<Uuid>,
    if_match: IfMatch,
) -> Result<HttpResponse, ApiError> {
    ctx.require(Permission::ApiClientsManage)?;
    let (client, secret) = api_clients::rotate_secret(&state.db, &ctx, *id, &if_match).await?;
    Ok(with_secret(actix_web::http::StatusCode::OK, client, secret))
}

/// Revoke an API client
///
/// For good: it can no longer obtain tokens, and its tokens stop working at once.
///
/// Requires: `system_admin` or `unit_admin`.
#[utoipa::path(operation_id = "api_clients.revoke", tag = "api-clients", params(("id" = Uuid, Path, description = "API client id")),
    responses((status = 200, description = "The revoked client", body = ApiClientOut)))]
#[post("/api-clients/{id}/revoke")]
async fn revoke(
    state: web::Data<AppState>,
    ctx: Ctx,
    id: web::Path<Uuid>,
    if_match: IfMatch,
) -> Result<Resource<ApiClientOut>, ApiError> {
    ctx.require(Permission::ApiClientsManage)?;
    Ok(resource(
        api_clients::revoke(&state.db, &ctx, *id, &if_match).await?,
    ))
}
