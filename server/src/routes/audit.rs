//! `/api/v1/audit-events`: the journal, read-only by construction (no other route).

use actix_web::{get, web};
use cchc_sdk::types::audit::{AuditEventListQuery, AuditEventOut};
use cchc_sdk::types::common::Page;
use utoipa_actix_web::service_config::ServiceConfig;

use crate::AppState;
use crate::auth::{Ctx, Permission};
use crate::domain::audit;
use crate::error::ApiError;
use crate::http::pagination::PageRequest;

/// Registers the audit routes.
pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(list);
}

/// List audit events
///
/// Newest first: every change (with each field before and after), sign-in, failed
/// sign-in and token issue in the caller's unit scope. Filters: resource, actor, action,
/// time range. The journal cannot be edited or deleted through the API.
///
/// Requires: `system_admin`, `unit_admin` or `auditor` (or scope `audit.read`).
#[utoipa::path(operation_id = "audit_events.list", tag = "audit", params(AuditEventListQuery),
    responses((status = 200, description = "One page of events", body = Page<AuditEventOut>)))]
#[get("/audit-events")]
async fn list(
    state: web::Data<AppState>,
    ctx: Ctx,
    query: web::Query<AuditEventListQuery>,
) -> Result<web::Json<Page<AuditEventOut>>, ApiError> {
    ctx.require(Permission::AuditRead)?;
    let page = PageRequest::parse(query.limit, query.cursor.as_deref())?;
    let rows = audit::list(&state.db, &ctx.scope, &query, &page).await?;
    let data = rows
        .data
        .into_iter()
        .map(|e| AuditEventOut {
            id: e.id,
            occurred_at: e.occurred_at,
            actor_kind: e.actor_kind,
            actor_id: e.actor_id,
            actor_name: e.actor_name,
            unit_id: e.unit_id,
            resource_type: e.resource_type,
            resource_id: e.resource_id,
            action: e.action,
            changes: serde_json::from_str(&e.changes).unwrap_or_default(),
            request_id: e.request_id,
            client_ip: e.client_ip,
            operation: e.operation,
        })
        .collect();
    Ok(web::Json(Page {
        data,
        next_cursor: rows.next_cursor,
        has_more: rows.has_more,
    }))
}
