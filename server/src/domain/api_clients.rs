//! Systems that call the API. The secret is shown once (at creation and rotation), stored
//! only as a hash, and revoking a client ends its sessions for good.

use cchc_sdk::types::api_clients::{ApiClientIn, ApiClientListQuery, ApiClientOut, ApiClientPatch};
use cchc_sdk::types::auth::ClientScope;
use cchc_sdk::types::common::Page;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseConnection,
    QueryFilter,
};
use serde_json::json;
use uuid::Uuid;

use crate::auth::{Ctx, Scope, permissions, secrets};
use crate::domain::audit::{self, Event};
use crate::domain::page::PageRequest;
use crate::domain::precondition::IfMatch;
use crate::domain::versioned::save_versioned;
use crate::domain::write::{Journaled, Write};
use crate::domain::{sessions, text, units};
use crate::entity::api_clients;
use crate::error::{ApiError, ErrorKind, FieldIssue};

/// The wire form of a stored client.
pub fn to_out(m: api_clients::Model) -> ApiClientOut {
    ApiClientOut {
        id: m.id,
        client_id: m.client_id,
        name: m.name,
        unit_id: m.unit_id,
        scopes: serde_json::from_str(&m.scopes).unwrap_or_default(),
        active: m.revoked_at.is_none(),
        secret_rotated_at: m.secret_rotated_at,
        created_at: m.created_at,
        updated_at: m.updated_at,
        version: m.version,
    }
}

/// Scopes as stored: sorted, each once.
fn normal(mut scopes: Vec<ClientScope>) -> Vec<ClientScope> {
    scopes.sort();
    scopes.dedup();
    scopes
}

fn check(name: &str, scopes: &[ClientScope]) -> Vec<FieldIssue> {
    let mut issues = Vec::new();
    if name.is_empty() {
        issues.push(FieldIssue::required("name"));
    } else if name.chars().count() > 200 {
        issues.push(FieldIssue::too_long("name", 200));
    }
    if scopes.is_empty() {
        issues.push(FieldIssue::required("scopes"));
    }
    issues
}

/// A client the caller can see, or 404.
pub async fn get(
    db: &impl ConnectionTrait,
    scope: &Scope,
    id: Uuid,
) -> Result<api_clients::Model, ApiError> {
    crate::domain::scoped::find::<api_clients::Entity>(db, scope, id).await
}

/// One page of the clients the caller can see.
pub async fn list(
    db: &DatabaseConnection,
    scope: &Scope,
    query: &ApiClientListQuery,
    page: &PageRequest,
) -> Result<Page<api_clients::Model>, ApiError> {
    let mut select = crate::domain::scoped::scoped::<api_clients::Entity>(scope);
    if let Some(unit_id) = query.unit_id {
        select = select.filter(api_clients::Column::UnitId.eq(unit_id));
    }
    page.load(db, select, api_clients::Column::Id, |r| r.id)
        .await
}

/// Registers a client; returns it with its secret (the only time the secret is seen).
pub async fn create(
    db: &DatabaseConnection,
    ctx: &Ctx,
    input: ApiClientIn,
) -> Result<(api_clients::Model, String), ApiError> {
    let name = text::normalize(&input.name);
    let mut issues = check(&name, &input.scopes);
    check_grant(ctx, &input.scopes)?;
    let w = Write::begin(db, ctx).await?;
    if units::find_visible(w.db(), &ctx.scope, input.unit_id)
        .await?
        .is_none()
    {
        issues.push(FieldIssue::unknown_reference("unit_id"));
    }
    if !issues.is_empty() {
        return Err(ApiError::validation(issues));
    }
    let (client, secret, journaled) = insert(&w, name, input.unit_id, input.scopes).await?;
    w.commit(journaled).await?;
    Ok((client, secret))
}

/// 403 when the scopes would give the client a right its creator does not hold.
fn check_grant(ctx: &Ctx, scopes: &[ClientScope]) -> Result<(), ApiError> {
    let beyond = permissions::beyond_granter(&ctx.principal, &[], scopes);
    if beyond.is_empty() {
        Ok(())
    } else {
        Err(permissions::grant_forbidden("scopes", &beyond))
    }
}

/// Inserts a checked client and journals it (the API and the demo data).
pub async fn insert(
    w: &Write,
    name: String,
    unit_id: Uuid,
    scopes: Vec<ClientScope>,
) -> Result<(api_clients::Model, String, Journaled), ApiError> {
    let secret = secrets::random_token(32)?;
    let now = w.now();
    let client = api_clients::ActiveModel {
        id: Set(Uuid::now_v7()),
        client_id: Set(format!("cchc_{}", secrets::random_token(15)?)),
        name: Set(name),
        unit_id: Set(unit_id),
        scopes: Set(json!(normal(scopes)).to_string()),
        secret_hash: Set(secrets::sha256_hex(&secret)),
        secret_rotated_at: Set(now),
        revoked_at: Set(None),
        created_at: Set(now),
        updated_at: Set(now),
        version: Set(1),
    }
    .insert(w.db())
    .await?;
    let changes = audit::diff(None, Some(&to_out(client.clone())));
    let event = Event {
        resource_type: "api_client",
        resource_id: Some(client.id),
        unit_id: Some(unit_id),
        action: "create",
        changes,
    };
    let journaled = w.journal(event).await?;
    Ok((client, secret, journaled))
}

/// Renames a client or changes its scopes.
pub async fn update(
    db: &DatabaseConnection,
    ctx: &Ctx,
    id: Uuid,
    if_match: &IfMatch,
    patch: ApiClientPatch,
) -> Result<api_clients::Model, ApiError> {
    let w = Write::begin(db, ctx).await?;
    let current = get(w.db(), &ctx.scope, id).await?;
    let name = patch
        .name
        .as_deref()
        .map(text::normalize)
        .unwrap_or_else(|| current.name.clone());
    let scopes = patch
        .scopes
        .unwrap_or_else(|| serde_json::from_str(&current.scopes).unwrap_or_default());
    let issues = check(&name, &scopes);
    if !issues.is_empty() {
        return Err(ApiError::validation(issues));
    }
    check_grant(ctx, &scopes)?;
    // The content is judged before the precondition: a bad body is 422 whatever its If-Match.
    if_match.check(current.version)?;
    let mut active: api_clients::ActiveModel = current.clone().into();
    active.name = Set(name);
    active.scopes = Set(json!(normal(scopes)).to_string());
    let saved = save_versioned::<api_clients::Entity>(&w, active, id, current.version).await?;
    let changes = audit::diff(Some(&to_out(current)), Some(&to_out(saved.clone())));
    let journaled = w
        .journal(Event {
            resource_type: "api_client",
            resource_id: Some(id),
            unit_id: Some(saved.unit_id),
            action: "update",
            changes,
        })
        .await?;
    w.commit(journaled).await?;
    Ok(saved)
}

/// Issues a new secret (the old one stops working at once) and ends the client's sessions.
pub async fn rotate_secret(
    db: &DatabaseConnection,
    ctx: &Ctx,
    id: Uuid,
    if_match: &IfMatch,
) -> Result<(api_clients::Model, String), ApiError> {
    let w = Write::begin(db, ctx).await?;
    let current = get(w.db(), &ctx.scope, id).await?;
    if_match.check(current.version)?;
    if current.revoked_at.is_some() {
        return Err(revoked());
    }
    let secret = secrets::random_token(32)?;
    let mut active: api_clients::ActiveModel = current.clone().into();
    active.secret_hash = Set(secrets::sha256_hex(&secret));
    active.secret_rotated_at = Set(w.now());
    sessions::revoke_all_of(&w, id, None).await?;
    let saved = save_versioned::<api_clients::Entity>(&w, active, id, current.version).await?;
    let changes = json!({"client_secret": {"before": "***", "after": "***"}});
    let journaled = w
        .journal(Event {
            resource_type: "api_client",
            resource_id: Some(id),
            unit_id: Some(saved.unit_id),
            action: "rotate_secret",
            changes,
        })
        .await?;
    w.commit(journaled).await?;
    Ok((saved, secret))
}

/// Revokes a client for good.
pub async fn revoke(
    db: &DatabaseConnection,
    ctx: &Ctx,
    id: Uuid,
    if_match: &IfMatch,
) -> Result<api_clients::Model, ApiError> {
    let w = Write::begin(db, ctx).await?;
    let current = get(w.db(), &ctx.scope, id).await?;
    if_match.check(current.version)?;
    if current.revoked_at.is_some() {
        return Err(revoked());
    }
    let mut active: api_clients::ActiveModel = current.clone().into();
    active.revoked_at = Set(Some(w.now()));
    sessions::revoke_all_of(&w, id, None).await?;
    let saved = save_versioned::<api_clients::Entity>(&w, active, id, current.version).await?;
    let changes = audit::diff(Some(&to_out(current)), Some(&to_out(saved.clone())));
    let journaled = w
        .journal(Event {
            resource_type: "api_client",
            resource_id: Some(id),
            unit_id: Some(saved.unit_id),
            action: "revoke",
            changes,
        })
        .await?;
    w.commit(journaled).await?;
    Ok(saved)
}

fn revoked() -> ApiError {
    ApiError::new(ErrorKind::InvalidTransition)
        .with_detail("Hệ thống này đã bị thu hồi.", "This client is revoked.")
        .with_allowed_actions(vec![])
}
