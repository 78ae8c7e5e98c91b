//! Sessions: the OAuth 2.0 grants of `POST /auth/token` and refresh-token rotation.
//!
//! Refresh tokens are opaque, stored as SHA-256 hashes, and rotated on every use. All the
//! tokens rotated from one sign-in form a family; presenting one that was already used
//! (a stolen copy, or the thief's after the owner's) revokes the whole family.

use cchc_sdk::types::auth::{TokenRequest, TokenResponse};
use chrono::Utc;
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use serde_json::json;
use uuid::Uuid;

mod issue;
pub mod narrow;

use issue::{new_refresh_token, respond};

use crate::AppState;
use crate::auth::{RequestMeta, load_principal, secrets};
use crate::domain::audit::{Actor, Event};
use crate::domain::write::Write;
use crate::entity::{api_clients, refresh_tokens, users};
use crate::error::{ApiError, ErrorKind};

fn oauth(kind: ErrorKind, vi: &'static str, en: &'static str) -> ApiError {
    let code = kind.meta().1;
    ApiError::new(kind)
        .with_oauth_error(code)
        .with_detail(vi, en)
}

fn missing(field: &'static str) -> ApiError {
    oauth(
        ErrorKind::InvalidRequest,
        "Thiếu tham số bắt buộc của kiểu cấp mã này.",
        "A parameter this grant requires is missing.",
    )
    .with_errors(vec![crate::error::FieldIssue::required(field)])
}

fn bad_credentials() -> ApiError {
    oauth(
        ErrorKind::InvalidGrant,
        "Sai tên đăng nhập hoặc mật khẩu.",
        "Wrong username or password.",
    )
}

fn bad_refresh() -> ApiError {
    oauth(
        ErrorKind::InvalidGrant,
        "Mã làm mới không hợp lệ, đã dùng, đã thu hồi hoặc đã hết hạn.",
        "The refresh token is invalid, used, revoked or expired.",
    )
}

/// Answers a token request.
pub async fn grant(
    state: &AppState,
    meta: &RequestMeta,
    req: TokenRequest,
) -> Result<TokenResponse, ApiError> {
    match req.grant_type.as_str() {
        "password" => password_grant(state, meta, req).await,
        "client_credentials" => client_grant(state, meta, req).await,
        "refresh_token" => refresh_grant(state, meta, req).await,
        "" => Err(missing("grant_type")),
        _ => Err(oauth(
            ErrorKind::UnsupportedGrantType,
            "Chỉ hỗ trợ password, client_credentials và refresh_token.",
            "Only password, client_credentials and refresh_token are supported.",
        )),
    }
}

async fn password_grant(
    state: &AppState,
    meta: &RequestMeta,
    req: TokenRequest,
) -> Result<TokenResponse, ApiError> {
    let username = req
        .username
        .clone()
        .filter(|u| !u.is_empty())
        .ok_or_else(|| missing("username"))?;
    let password = req
        .password
        .clone()
        .filter(|p| !p.is_empty())
        .ok_or_else(|| missing("password"))?;
    // Typed composed or decomposed, the same name (NFC, as the password: secrets).
    let username = secrets::canonical_password(username.trim()).to_lowercase();
    let keys = [format!("ip:{}", meta.client_ip), format!("user:{username}")];
    state.limits.check_login(&keys)?;
    if req.client_secret.is_some() {
        // A confidential client signing a person in must itself be who it says (§4.3.2).
        authenticate_client(state, meta, &req).await?;
    }
    let user = users::Entity::find()
        .filter(users::Column::Username.eq(username.as_str()))
        .one(&state.db)
        .await?;
    let hash = user
        .as_ref()
        .filter(|u| u.active)
        .map(|u| u.password_hash.clone());
    if !secrets::verify_password(password, hash).await {
        // Debug formatting escapes control characters: a username cannot forge log lines.
        tracing::warn!(username = ?username, client_ip = ?meta.client_ip, "sign-in failed");
        state.limits.login_failed(&keys);
        let unit_id = user.as_ref().and_then(|u| u.unit_id);
        let event = Event {
            resource_type: "session",
            resource_id: user.map(|u| u.id),
            unit_id,
            action: "login_failed",
            changes: json!({}),
        };
        journal_alone(state, Actor::anonymous(&username, meta), event).await?;
        return Err(bad_credentials());
    }
    let user = user.ok_or_else(bad_credentials)?;
    tracing::info!(username = ?user.username, "signed in");
    let actor = Actor::principal("user", user.id, &user.username, meta);
    let w = Write::begin_as(&state.db, actor, None, state.clock.now())
        .await?
        .with_epoch(state.epoch.clone());
    let txn = w.db();
    users::Entity::update_many()
        .col_expr(users::Column::LastLoginAt, Expr::value(w.now()))
        .filter(users::Column::Id.eq(user.id))
        .exec(txn)
        .await?;
    let principal = load_principal(txn, "user", user.id).await?;
    let narrowed = narrow::grant(&narrow::held(&principal), None, req.scope.as_deref())?;
    let family_id = Uuid::now_v7();
    let refresh = new_refresh_token(txn, state, &principal, family_id, narrowed.as_deref()).await?;
    let event = Event {
        resource_type: "session",
        resource_id: Some(user.id),
        unit_id: user.unit_id,
        action: "login",
        changes: narrowed.as_ref().map_or(json!({}), |s| json!({"scope": s})),
    };
    let journaled = w.journal(event).await?;
    w.commit(journaled).await?;
    respond(state, &principal, Some(refresh), family_id, narrowed)
}

async fn client_grant(
    state: &AppState,
    meta: &RequestMeta,
    req: TokenRequest,
) -> Result<TokenResponse, ApiError> {
    let client = authenticate_client(state, meta, &req).await?;
    let actor = Actor::principal("client", client.id, &client.name, meta);
    let w = Write::begin_as(&state.db, actor, None, state.clock.now())
        .await?
        .with_epoch(state.epoch.clone());
    let principal = load_principal(w.db(), "client", client.id).await?;
    let narrowed = narrow::grant(&narrow::held(&principal), None, req.scope.as_deref())?;
    let family_id = Uuid::now_v7();
    // The sign-in is recorded like a person's, so revoking or rotating the client ends its
    // access tokens at once; its refresh token is never handed out (RFC 6749 §4.4.3: the
    // client signs in again with its credentials).
    new_refresh_token(w.db(), state, &principal, family_id, narrowed.as_deref()).await?;
    let event = Event {
        resource_type: "session",
        resource_id: Some(client.id),
        unit_id: Some(client.unit_id),
        action: "token_issued",
        changes: narrowed.as_ref().map_or(json!({}), |s| json!({"scope": s})),
    };
    let journaled = w.journal(event).await?;
    w.commit(journaled).await?;
    respond(state, &principal, None, family_id, narrowed)
}

/// The API client a request names (`client_id` and `client_secret`, from the form or HTTP
/// Basic), or 401 `invalid_client`; failures count against the sign-in budget of the
/// address and of the client id.
async fn authenticate_client(
    state: &AppState,
    meta: &RequestMeta,
    req: &TokenRequest,
) -> Result<api_clients::Model, ApiError> {
    let client_id = req
        .client_id
        .clone()
        .filter(|c| !c.is_empty())
        .ok_or_else(|| missing("client_id"))?;
    let secret = req
        .client_secret
        .clone()
        .filter(|s| !s.is_empty())
        .ok_or_else(|| missing("client_secret"))?;
    let keys = [
        format!("ip:{}", meta.client_ip),
        format!("client:{client_id}"),
    ];
    state.limits.check_login(&keys)?;
    let client = api_clients::Entity::find()
        .filter(api_clients::Column::ClientId.eq(client_id.as_str()))
        .one(&state.db)
        .await?
        .filter(|c| c.revoked_at.is_none() && c.secret_hash == secrets::sha256_hex(&secret));
    if let Some(client) = client {
        return Ok(client);
    }
    state.limits.login_failed(&keys);
    let event = Event {
        resource_type: "session",
        resource_id: None,
        unit_id: None,
        action: "login_failed",
        changes: json!({"client_id": client_id}),
    };
    journal_alone(state, Actor::anonymous(&client_id, meta), event).await?;
    Err(oauth(
        ErrorKind::InvalidClient,
        "Sai client_id hoặc client_secret.",
        "Wrong client_id or client_secret.",
    ))
}

async fn refresh_grant(
    state: &AppState,
    meta: &RequestMeta,
    req: TokenRequest,
) -> Result<TokenResponse, ApiError> {
    let presented = req
        .refresh_token
        .filter(|t| !t.is_empty())
        .ok_or_else(|| missing("refresh_token"))?;
    let hash = secrets::sha256_hex(&presented);
    let Some(token) = refresh_tokens::Entity::find()
        .filter(refresh_tokens::Column::TokenHash.eq(hash))
        .one(&state.db)
        .await?
    else {
        return Err(bad_refresh());
    };
    let now = Utc::now();
    if token.revoked_at.is_some() || token.expires_at <= now {
        return Err(bad_refresh());
    }
    let kind = kind_str(&token.subject_kind);
    // Who is refreshing, read before the write lock (a gone principal cannot refresh).
    let principal = load_principal(&state.db, &token.subject_kind, token.subject_id)
        .await
        .map_err(|_| bad_refresh())?;
    let actor = Actor::principal(kind, principal.id, &principal.name, meta);
    let w = Write::begin_as(&state.db, actor.clone(), None, state.clock.now())
        .await?
        .with_epoch(state.epoch.clone());
    // Claim the token: only one presentation may rotate it.
    let claimed = refresh_tokens::Entity::update_many()
        .col_expr(refresh_tokens::Column::UsedAt, Expr::value(now))
        .filter(refresh_tokens::Column::Id.eq(token.id))
        .filter(refresh_tokens::Column::UsedAt.is_null())
        .exec(w.db())
        .await?;
    if claimed.rows_affected == 0 {
        drop(w);
        // A used token presented again: someone holds a copy. End the whole sign-in.
        let w = Write::begin_as(&state.db, actor, None, state.clock.now())
            .await?
            .with_epoch(state.epoch.clone());
        revoke_family(&w, token.family_id).await?;
        let event = Event {
            resource_type: "session",
            resource_id: Some(token.subject_id),
            unit_id: None,
            action: "refresh_reuse_detected",
            changes: json!({"family_id": token.family_id}),
        };
        let journaled = w.journal(event).await?;
        w.commit(journaled).await?;
        return Err(bad_refresh());
    }
    let family_id = token.family_id;
    let narrowed = narrow::grant(
        &narrow::held(&principal),
        token.scope.as_deref(),
        req.scope.as_deref(),
    )?;
    let refresh =
        new_refresh_token(w.db(), state, &principal, family_id, narrowed.as_deref()).await?;
    let event = Event {
        resource_type: "session",
        resource_id: Some(principal.id),
        unit_id: principal.unit_id,
        action: "refresh",
        changes: json!({}),
    };
    let journaled = w.journal(event).await?;
    w.commit(journaled).await?;
    respond(state, &principal, Some(refresh), family_id, narrowed)
}

/// Revokes the family of a refresh token (RFC 7009: unknown tokens are not an error).
pub async fn revoke(state: &AppState, meta: &RequestMeta, presented: &str) -> Result<(), ApiError> {
    let hash = secrets::sha256_hex(presented);
    if let Some(token) = refresh_tokens::Entity::find()
        .filter(refresh_tokens::Column::TokenHash.eq(hash))
        .one(&state.db)
        .await?
    {
        let actor = Actor::principal(kind_str(&token.subject_kind), token.subject_id, "", meta);
        let w = Write::begin_as(&state.db, actor, None, state.clock.now())
            .await?
            .with_epoch(state.epoch.clone());
        revoke_family(&w, token.family_id).await?;
        let event = Event {
            resource_type: "session",
            resource_id: Some(token.subject_id),
            unit_id: None,
            action: "logout",
            changes: json!({"family_id": token.family_id}),
        };
        let journaled = w.journal(event).await?;
        w.commit(journaled).await?;
    }
    Ok(())
}

/// Revokes every refresh token of a user or client (password change, deactivation).
/// `keep`: the caller's own sign-in, when it changes its own password — the other sessions
/// end, the one that made the change goes on.
pub async fn revoke_all_of(
    w: &Write,
    subject_id: Uuid,
    keep: Option<Uuid>,
) -> Result<(), ApiError> {
    let mut revoke = refresh_tokens::Entity::update_many()
        .col_expr(refresh_tokens::Column::RevokedAt, Expr::value(w.now()))
        .filter(refresh_tokens::Column::SubjectId.eq(subject_id))
        .filter(refresh_tokens::Column::RevokedAt.is_null());
    if let Some(keep) = keep {
        revoke = revoke.filter(refresh_tokens::Column::FamilyId.ne(keep));
    }
    revoke.exec(w.db()).await?;
    w.raise_epoch().await
}

/// Journals an event that is a change by itself (a refused sign-in).
async fn journal_alone(state: &AppState, actor: Actor, event: Event<'_>) -> Result<(), ApiError> {
    let w = Write::begin_as(&state.db, actor, None, state.clock.now())
        .await?
        .with_epoch(state.epoch.clone());
    let journaled = w.journal(event).await?;
    w.commit(journaled).await
}

/// Ends one sign-in: revokes every token of the family `family_id` (so its access tokens
/// stop too) and raises the authorization epoch, in the change `w`.
pub async fn revoke_family(w: &Write, family_id: Uuid) -> Result<(), ApiError> {
    refresh_tokens::Entity::update_many()
        .col_expr(refresh_tokens::Column::RevokedAt, Expr::value(w.now()))
        .filter(refresh_tokens::Column::FamilyId.eq(family_id))
        .filter(refresh_tokens::Column::RevokedAt.is_null())
        .exec(w.db())
        .await?;
    w.raise_epoch().await
}

fn kind_str(kind: &str) -> &'static str {
    if kind == "client" { "client" } else { "user" }
}
