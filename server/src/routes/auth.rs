//! `/api/v1/auth`: the OAuth 2.0 token endpoint, revocation, and "who am I".

use actix_web::http::header;
use actix_web::{HttpRequest, HttpResponse, get, post, web};
use cchc_sdk::types::auth::{MeOut, RevokeRequest, TokenRequest, TokenResponse};
use serde::de::DeserializeOwned;
use utoipa_actix_web::service_config::ServiceConfig;

use crate::AppState;
use crate::auth::{Ctx, RequestMeta, Scope};
use crate::domain::sessions;
use crate::error::{ApiError, ErrorKind, FieldIssue};
use crate::http::extract::{parse_object, payload_error};

mod basic;

/// Registers the auth routes.
pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(token).service(revoke).service(me);
}

/// Reads a body sent form-encoded (as RFC 6749 prescribes) or as JSON. With `check_text`,
/// values pass the one text rule (refused control characters are `invalid_request`); a
/// revocation skips it, since its token is only hashed and an unknown one is no error.
async fn form_or_json<T: DeserializeOwned>(
    req: &HttpRequest,
    payload: web::Payload,
    check_text: bool,
) -> Result<T, ApiError> {
    let mime = req
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .map(|v| v.trim().to_ascii_lowercase())
        .unwrap_or_default();
    let limit = req
        .app_data::<web::Data<AppState>>()
        .map_or(1 << 20, |s| s.config.max_body_bytes);
    let bytes = payload.to_bytes_limited(limit).await.map_err(|_| {
        ApiError::new(ErrorKind::PayloadTooLarge)
            .with_detail("Nội dung quá lớn.", "The body is too large.")
    })?;
    let bytes = bytes.map_err(|e| payload_error(&e))?;
    match mime.as_str() {
        "application/x-www-form-urlencoded" => {
            // The form's values pass the same text rule as JSON bodies.
            let fields: Vec<(String, String)> =
                serde_urlencoded::from_bytes(&bytes).map_err(|e| form_error(e.to_string()))?;
            for (name, value) in fields.iter().filter(|_| check_text) {
                if let Err(bad) = crate::domain::text::check_chars(value) {
                    return Err(ApiError::new(ErrorKind::InvalidRequest)
                        .with_oauth_error("invalid_request")
                        .with_errors(vec![crate::domain::text::forbidden_char_issue(
                            &name.escape_debug().to_string(),
                            bad,
                        )]));
                }
            }
            serde_urlencoded::from_bytes(&bytes).map_err(|e| form_error(e.to_string()))
        }
        // RFC 6749 §5.2: a malformed request is 400 invalid_request, whatever its encoding.
        "application/json" if check_text => parse_object(&bytes).map_err(|e| {
            ApiError::new(ErrorKind::InvalidRequest)
                .with_oauth_error("invalid_request")
                .with_errors(e.field_issues().to_vec())
        }),
        "application/json" => serde_json::from_slice(&bytes).map_err(|e| form_error(e.to_string())),
        _ => Err(ApiError::new(ErrorKind::UnsupportedMediaType).with_detail(
            "Gửi application/x-www-form-urlencoded hoặc application/json.",
            "Send application/x-www-form-urlencoded or application/json.",
        )),
    }
}

fn form_error(message: String) -> ApiError {
    // serde's sentence becomes words for people, naming the parameter when serde does.
    let issue = crate::error::decode::data_issue("", &message);
    ApiError::new(ErrorKind::InvalidRequest)
        .with_oauth_error("invalid_request")
        .with_errors(vec![issue])
}

/// 400 `invalid_request` for a parameter longer than the documented maximum.
fn check_lengths(fields: &[(&'static str, Option<&str>, usize)]) -> Result<(), ApiError> {
    let issues: Vec<FieldIssue> = fields
        .iter()
        .filter(|(_, v, max)| v.is_some_and(|v| v.chars().count() > *max))
        .map(|(name, _, max)| FieldIssue::too_long(*name, *max))
        .collect();
    if issues.is_empty() {
        return Ok(());
    }
    Err(ApiError::new(ErrorKind::InvalidRequest)
        .with_oauth_error("invalid_request")
        .with_errors(issues))
}

/// Get an access token
///
/// OAuth 2.0 token endpoint (RFC 6749), form-encoded (a JSON object with the same fields is
/// also read). `grant_type=password` (people: `username`, `password`; answered with a
/// refresh token), `client_credentials` (systems: `client_id` and `client_secret`, in the
/// form or as HTTP Basic per RFC 6749 §2.3.1 — one of the two, never both; no refresh
/// token, §4.4.3) or `refresh_token` (rotates it; presenting a used one revokes every token
/// of that sign-in). `scope` narrows the token to some of the roles or scopes held (§3.3;
/// 400 `invalid_scope` otherwise); the answer's `scope` says what the token allows.
/// Usernames and passwords are compared in Unicode NFC. Errors carry the RFC 6749 `error`
/// code; a failed client authentication is 401 with `WWW-Authenticate: Basic`. Failed
/// sign-ins are rate limited per address and per username or client id (429); successful
/// ones cost nothing.
///
/// Requires: nothing (this is where credentials are exchanged).
#[utoipa::path(
    operation_id = "auth.token", tag = "auth",
    request_body(content((TokenRequest = "application/x-www-form-urlencoded"))),
    responses((status = 200, description = "Tokens", body = TokenResponse))
)]
#[post("/auth/token")]
async fn token(
    req: HttpRequest,
    state: web::Data<AppState>,
    payload: web::Payload,
) -> Result<HttpResponse, ApiError> {
    let mut body: TokenRequest = form_or_json(&req, payload, true).await?;
    basic::merge_client_credentials(&req, &mut body)?;
    check_lengths(&[
        ("username", body.username.as_deref(), 100),
        ("password", body.password.as_deref(), 200),
        ("client_id", body.client_id.as_deref(), 100),
        ("client_secret", body.client_secret.as_deref(), 200),
        ("scope", body.scope.as_deref(), 500),
    ])?;
    let meta = RequestMeta::of(&req, &state.config.trusted_ip_header);
    let tokens = sessions::grant(&state, &meta, body).await?;
    Ok(HttpResponse::Ok()
        .insert_header((header::CACHE_CONTROL, "no-store"))
        .insert_header((header::PRAGMA, "no-cache"))
        .json(tokens))
}

/// Revoke a refresh token
///
/// RFC 7009: ends the sign-in the refresh token belongs to (every token rotated from it).
/// Unknown tokens are not an error. Access tokens expire by themselves. Form-encoded (a
/// JSON object with the same field is also read).
///
/// Requires: nothing (possession of the refresh token).
#[utoipa::path(
    operation_id = "auth.revoke", tag = "auth",
    request_body(content((RevokeRequest = "application/x-www-form-urlencoded"))),
    responses((status = 204, description = "Revoked (or unknown)"))
)]
#[post("/auth/revoke")]
async fn revoke(
    req: HttpRequest,
    state: web::Data<AppState>,
    payload: web::Payload,
) -> Result<HttpResponse, ApiError> {
    let body: RevokeRequest = form_or_json(&req, payload, false).await?;
    check_lengths(&[("token", Some(&body.token), 200)])?;
    let meta = RequestMeta::of(&req, &state.config.trusted_ip_header);
    sessions::revoke(&state, &meta, &body.token).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Who am I
///
/// The principal the access token belongs to, with its roles or scopes and how many units
/// it can see.
///
/// Requires: a valid access token.
#[utoipa::path(operation_id = "auth.me", tag = "auth",
    responses((status = 200, description = "The caller", body = MeOut)))]
#[get("/auth/me")]
async fn me(ctx: Ctx) -> Result<web::Json<MeOut>, ApiError> {
    let p = ctx.principal;
    Ok(web::Json(MeOut {
        kind: p.kind,
        id: p.id,
        name: p.name,
        unit_id: p.unit_id,
        roles: p.roles,
        scopes: p.scopes,
        visible_units: match &ctx.scope {
            Scope::Everything => None,
            Scope::Units(ids) => Some(ids.len() as u64),
        },
    }))
}
