//! Issuing: the refresh token kept for a sign-in and the access token answered.

use cchc_sdk::types::auth::TokenResponse;
use chrono::{Duration, Utc};
use sea_orm::{ActiveModelTrait, ActiveValue::Set, ConnectionTrait};
use uuid::Uuid;

use super::narrow;
use crate::AppState;
use crate::auth::tokens::Claims;
use crate::auth::{Principal, secrets};
use crate::domain::codec::enum_str;
use crate::entity::refresh_tokens;
use crate::error::ApiError;

/// Stores a new refresh token of the sign-in `family_id` (hashed) and returns it.
pub(super) async fn new_refresh_token(
    db: &impl ConnectionTrait,
    state: &AppState,
    principal: &Principal,
    family_id: Uuid,
    scope: Option<&str>,
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
        scope: Set(scope.map(str::to_owned)),
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

/// The token answer: a signed access token for `principal` within `narrowed`.
pub(super) fn respond(
    state: &AppState,
    principal: &Principal,
    refresh_token: Option<String>,
    family_id: Uuid,
    narrowed: Option<String>,
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
        scope: narrowed.clone(),
    };
    Ok(TokenResponse {
        access_token: state.keys.sign(claims)?,
        token_type: "Bearer".into(),
        expires_in: ttl,
        refresh_token,
        scope: Some(narrow::effective(principal, narrowed.as_deref())),
    })
}
