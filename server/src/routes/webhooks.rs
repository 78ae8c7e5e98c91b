//! `/api/v1/webhooks`: subscriptions to the service's events and their delivery logs.

use actix_web::http::{StatusCode, header};
use actix_web::{HttpResponse, delete, get, patch, post, web};
use cchc_sdk::types::common::Page;
use cchc_sdk::types::webhooks::{
    WebhookDeliveryOut, WebhookIn, WebhookListQuery, WebhookOut, WebhookPatch, WebhookWithSecret,
};
use utoipa_actix_web::service_config::ServiceConfig;
use uuid::Uuid;

use crate::AppState;
use crate::auth::{Ctx, Permission};
use crate::domain::webhooks;
use crate::error::ApiError;
use crate::http::etag::{IfMatch, etag};
use crate::http::extract::ApiJson;
use crate::http::pagination::PageRequest;
use crate::http::responses::Resource;

/// Registers the webhook routes.
pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(list)
        .service(create)
        .service(get_one)
        .service(update)
        .service(remove)
        .service(deliveries)
        .service(redeliver);
}

fn resource(m: crate::entity::webhook_subscriptions::Model) -> Resource<WebhookOut> {
    let version = m.version;
    Resource::ok(webhooks::to_out(m), version)
}

/// List webhook subscriptions
///
/// Requires: `system_admin`, `unit_admin` or the `webhooks.manage` scope.
#[utoipa::path(operation_id = "webhooks.list", tag = "webhooks", params(WebhookListQuery),
    responses((status = 200, description = "One page of subscriptions", body = Page<WebhookOut>)))]
#[get("/webhooks")]
async fn list(
    state: web::Data<AppState>,
    ctx: Ctx,
    query: web::Query<WebhookListQuery>,
) -> Result<web::Json<Page<WebhookOut>>, ApiError> {
    ctx.require(Permission::WebhooksManage)?;
    let page = PageRequest::parse(query.limit, query.cursor.as_deref())?;
    let rows = webhooks::list(&state.db, &ctx.scope, &page).await?;
    Ok(web::Json(Page {
        data: rows.data.into_iter().map(webhooks::to_out).collect(),
        next_cursor: rows.next_cursor,
        has_more: rows.has_more,
    }))
}

/// Subscribe to events
///
/// The unit's events (and its child units') of the chosen types are `POST`ed to `url`,
/// signed per Standard Webhooks (`webhook-id`, `webhook-timestamp`, `webhook-signature`:
/// HMAC-SHA256 over `id.timestamp.body`), retried with exponential backoff, dead-lettered
/// after `webhooks_max_attempts`. Answers the `secret` (`whsec_…`), shown this once; an
/// `Idempotency-Key` replay of this answer is refused rather than repeating it. A URL whose
/// host resolves to a loopback, private, link-local or unique-local address is 422
/// `url_not_allowed` (unless the server allows it).
///
/// Requires: `system_admin`, `unit_admin` or the `webhooks.manage` scope.
#[utoipa::path(operation_id = "webhooks.create", tag = "webhooks", request_body = WebhookIn,
    responses((status = 201, description = "The subscription and its secret", body = WebhookWithSecret)))]
#[post("/webhooks")]
async fn create(
    state: web::Data<AppState>,
    ctx: Ctx,
    body: ApiJson<WebhookIn>,
) -> Result<HttpResponse, ApiError> {
    ctx.require(Permission::WebhooksManage)?;
    let sub = webhooks::create(&state.db, &state.config, &ctx, body.0).await?;
    let secret = sub.secret.clone();
    Ok(HttpResponse::build(StatusCode::CREATED)
        .insert_header((header::CACHE_CONTROL, "no-store"))
        .insert_header((header::ETAG, etag(sub.version)))
        .insert_header((header::LOCATION, format!("/api/v1/webhooks/{}", sub.id)))
        .json(WebhookWithSecret {
            webhook: webhooks::to_out(sub),
            secret,
        }))
}

/// Get a webhook subscription
///
/// Requires: `system_admin`, `unit_admin` or the `webhooks.manage` scope.
#[utoipa::path(operation_id = "webhooks.get", tag = "webhooks", params(("id" = Uuid, Path, description = "Subscription id")),
    responses((status = 200, description = "The subscription", body = WebhookOut)))]
#[get("/webhooks/{id}")]
async fn get_one(
    state: web::Data<AppState>,
    ctx: Ctx,
    id: web::Path<Uuid>,
) -> Result<Resource<WebhookOut>, ApiError> {
    ctx.require(Permission::WebhooksManage)?;
    Ok(resource(webhooks::get(&state.db, &ctx.scope, *id).await?))
}

/// Update a webhook subscription
///
/// Change its URL, events or note, or pause it (`active: false`: nothing is sent, events
/// still queue) and resume it.
///
/// Requires: `system_admin`, `unit_admin` or the `webhooks.manage` scope.
#[utoipa::path(operation_id = "webhooks.update", tag = "webhooks", request_body = WebhookPatch,
    params(("id" = Uuid, Path, description = "Subscription id")),
    responses((status = 200, description = "The subscription", body = WebhookOut)))]
#[patch("/webhooks/{id}")]
async fn update(
    state: web::Data<AppState>,
    ctx: Ctx,
    id: web::Path<Uuid>,
    if_match: IfMatch,
    body: ApiJson<WebhookPatch>,
) -> Result<Resource<WebhookOut>, ApiError> {
    ctx.require(Permission::WebhooksManage)?;
    Ok(resource(
        webhooks::update(&state.db, &state.config, &ctx, *id, &if_match, body.0).await?,
    ))
}

/// Delete a webhook subscription
///
/// With its delivery log; nothing more is sent to it.
///
/// Requires: `system_admin`, `unit_admin` or the `webhooks.manage` scope.
#[utoipa::path(operation_id = "webhooks.delete", tag = "webhooks", params(("id" = Uuid, Path, description = "Subscription id")),
    responses((status = 204, description = "Deleted")))]
#[delete("/webhooks/{id}")]
async fn remove(
    state: web::Data<AppState>,
    ctx: Ctx,
    id: web::Path<Uuid>,
    if_match: IfMatch,
) -> Result<HttpResponse, ApiError> {
    ctx.require(Permission::WebhooksManage)?;
    webhooks::delete(&state.db, &ctx, *id, &if_match).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// List a subscription's deliveries
///
/// Each event sent (or to be sent) to it, oldest first: status, attempts, the last answer.
///
/// Requires: `system_admin`, `unit_admin` or the `webhooks.manage` scope.
#[utoipa::path(operation_id = "webhooks.deliveries.list", tag = "webhooks",
    params(("id" = Uuid, Path, description = "Subscription id"), WebhookListQuery),
    responses((status = 200, description = "One page of deliveries", body = Page<WebhookDeliveryOut>)))]
#[get("/webhooks/{id}/deliveries")]
async fn deliveries(
    state: web::Data<AppState>,
    ctx: Ctx,
    id: web::Path<Uuid>,
    query: web::Query<WebhookListQuery>,
) -> Result<web::Json<Page<WebhookDeliveryOut>>, ApiError> {
    ctx.require(Permission::WebhooksManage)?;
    let page = PageRequest::parse(query.limit, query.cursor.as_deref())?;
    Ok(web::Json(
        webhooks::deliveries(&state.db, &ctx.scope, *id, &page).await?,
    ))
}

/// Redeliver an event
///
/// A new series of attempts, due now, with the same `webhook-id` (receivers that
/// deduplicate on it see it once).
///
/// Requires: `system_admin`, `unit_admin` or the `webhooks.manage` scope.
#[utoipa::path(operation_id = "webhooks.deliveries.redeliver", tag = "webhooks",
    params(("id" = Uuid, Path, description = "Subscription id"), ("delivery_id" = Uuid, Path, description = "Delivery id")),
    responses((status = 200, description = "The delivery, pending again", body = WebhookDeliveryOut)))]
#[post("/webhooks/{id}/deliveries/{delivery_id}/redeliver")]
async fn redeliver(
    state: web::Data<AppState>,
    ctx: Ctx,
    path: web::Path<(Uuid, Uuid)>,
) -> Result<web::Json<WebhookDeliveryOut>, ApiError> {
    ctx.require(Permission::WebhooksManage)?;
    let (id, delivery_id) = path.into_inner();
    Ok(web::Json(
        webhooks::redeliver(&state.db, &ctx, id, delivery_id).await?,
    ))
}
