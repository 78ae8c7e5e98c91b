//! Sessions: the OAuth 2.0 grants of `POST /auth/token` and refresh-token rotation.
//!
//! Refresh tokens are opaque, stored as SHA-256 hashes, and rotated on every use. All the
//! tokens rotated from one sign-in form a family; presenting one that was already used
//! (a stolen copy, or the thief's after the owner's) revokes the whole family.

use cchc_sdk::types::auth::{TokenRequest, TokenResponse};
use chrono::{Duration, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter,
};
use serde_json::json;
use uuid::Uuid;

use crate::AppState;
use crate::auth::tokens::Claims;
use crate::auth::{Principal, RequestMeta, load_principal, secrets};
use crate::domain::audit::{Actor, Event};
use crate::domain::codec::enum_str;
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
        .filter(|u| !u.is_empty())
        .ok_or_else(|| missing("username"))?;
    let password = req
        .password
        .filter(|p| !p.is_empty())
        .ok_or_else(|| missing("password"))?;
    let username = username.trim().to_lowercase();
    state
        .limits
        .check_login(&[format!("ip:{}", meta.client_ip), format!("user:{username}")])?;
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
    let w = Write::begin_as(&state.db, actor, None, state.clock.now()).await?;
    let txn = w.db();
    users::Entity::update_many()
        .col_expr(users::Column::LastLoginAt, Expr::value(w.now()))
        .filter(users::Column::Id.eq(user.id))
        .exec(txn)
        .await?;
    let principal = load_principal(txn, "user", user.id).await?;
    let family_id = Uuid::now_v7();
    let refresh = new_refresh_token(txn, state, &principal, family_id).await?;
    let event = Event {
        resource_type: "session",
        resource_id: Some(user.id),
        unit_id: user.unit_id,
        action: "login",
        changes: json!({}),
    };
    let journaled = w.journal(event).await?;
    w.commit(journaled).await?;
    respond(state, &principal, refresh, family_id)
}

async fn client_grant(
    state: &AppState,
    meta: &RequestMeta,
    req: TokenRequest,
) -> Result<TokenResponse, ApiError> {
    let client_id = req
        .client_id
        .filter(|c| !c.is_empty())
        .ok_or_else(|| missing("client_id"))?;
    let secret = req
        .client_secret
        .filter(|s| !s.is_empty())
        .ok_or_else(|| missing("client_secret"))?;
    state.limits.check_login(&[
        format!("ip:{}", meta.client_ip),
        format!("client:{client_id}"),
    ])?;
    let client = api_clients::Entity::find()
        .filter(api_clients::Column::ClientId.eq(client_id.as_str()))
        .one(&state.db)
        .await?
        .filter(|c| c.revoked_at.is_none() && c.secret_hash == secrets::sha256_hex(&secret));
    let Some(client) = client else {
        let event = Event {
            resource_type: "session",
            resource_id: None,
            unit_id: None,
            action: "login_failed",
            changes: json!({"client_id": client_id}),
        };
        journal_alone(state, Actor::anonymous(&client_id, meta), event).await?;
        return Err(oauth(
            ErrorKind::InvalidClient,
            "Sai client_id hoặc client_secret.",
            "Wrong client_id or client_secret.",
        ));
    };
    let actor = Actor::principal("client", client.id, &client.name, meta);
    let w = Write::begin_as(&state.db, actor, None, state.clock.now()).await?;
    let principal = load_principal(w.db(), "client", client.id).await?;
    let family_id = Uuid::now_v7();
    let refresh = new_refresh_token(w.db(), state, &principal, family_id).await?;
    let event = Event {
        resource_type: "session",
        resource_id: Some(client.id),
        unit_id: Some(client.unit_id),
        action: "token_issued",
        changes: json!({}),
    };
    let journaled = w.journal(event).await?;
    w.commit(journaled).await?;
    respond(state, &principal, refresh, family_id)
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
    let w = Write::begin_as(&state.db, actor.clone(), None, state.clock.now()).await?;
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
        let w = Write::begin_as(&state.db, actor, None, state.clock.now()).await?;
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
    let refresh = new_refresh_token(w.db(), state, &principal, family_id).await?;
    let event = Event {
        resource_type: "session",
        resource_id: Some(principal.id),
        unit_id: principal.unit_id,
        action: "refresh",
        changes: json!({}),
    };
    let journaled = w.journal(event).await?;
    w.commit(journaled).await?;
    respond(state, &principal, refresh, family_id)
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
        let w = Write::begin_as(&state.db, actor, None, state.clock.now()).await?;
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
    Ok(())
}

/// Journals an event that is a change by itself (a refused sign-in).
async fn journal_alone(state: &AppState, actor: Actor, event: Event<'_>) -> Result<(), ApiError> {
    let w = Write::begin_as(&state.db, actor, None, state.clock.now()).await?;
    let journaled = w.journal(event).await?;
    w.commit(journaled).await
}

async fn revoke_family(w: &Write, family_id: Uuid) -> Result<(), ApiError> {
    refresh_tokens::Entity::update_many()
        .col_expr(refresh_tokens::Column::RevokedAt, Expr::value(w.now()))
        .filter(refresh_tokens::Column::FamilyId.eq(family_id))
        .filter(refresh_tokens::Column::RevokedAt.is_null())
        .exec(w.db())
        .await?;
    Ok(())
}

fn kind_str(kind: &str) -> &'static str {
    if kind == "client" { "client" } else { "user" }
}

async fn new_refresh_token(
    db: &impl ConnectionTrait,
    state: &AppState,
    principal: &Principal,
    family_id: Uuid,
) -> Result<String, ApiError> {
    let token = secrets::random_token(32)?;
    let now = Utc::now();
    refresh_tokens::ActiveModel {
        id: Set(Uuid::now_v7()),
        family_id: Set(family_id),
        subject_kind: Set(principal_kind(principal).to_owned()),
        subject_id: Set(principal.id),
        token_hash: Set(secrets::sha256_hex(&token)),
        expires_at: Set(now + Duration::days(state.config.refresh_token_ttl_days as i64)),
        used_at: Set(None),
        revoked_at: Set(None),
        created_at: Set(now),
    }
    .insert(db)
    .await?;
    Ok(token)
}

fn principal_kind(principal: &Principal) -> &'static str {
    match principal.kind {
        cchc_sdk::types::auth::PrincipalKind::User => "user",
        cchc_sdk::types::auth::PrincipalKind::Client => "client",
        _ => "unknown",
    }
}

fn respond(
    state: &AppState,
    principal: &Principal,
    refresh_token: String,
    family_id: Uuid,
) -> Result<TokenResponse, ApiError> {
    // Tokens live on the system clock (their verification does): the fixed_time setting
    // moves the domain's "now", never the validity of credentials.
    let now = Utc::now().timestamp().max(0) as u64;
    let ttl = state.config.access_token_ttl_secs;
    let claims = Claims {
        iss: String::new(),
        aud: String::new(),
        sub: principal.id,
        typ: "access".into(),
        kind: principal_kind(principal).into(),
        unit: principal.unit_id,
        roles: principal
            .roles
            .iter()
            .map(enum_str)
            .filter(|r| !r.is_empty())
            .collect(),
        scopes: principal
            .scopes
            .iter()
            .map(enum_str)
            .filter(|s| !s.is_empty())
            .collect(),
        exp: now + ttl,
        nbf: now,
        iat: now,
        jti: Uuid::now_v7(),
        sid: Some(family_id),
    };
    Ok(TokenResponse {
        access_token: state.keys.sign(claims)?,
        token_type: "Bearer".into(),
        expires_in: ttl,
        refresh_token,
    })
}
