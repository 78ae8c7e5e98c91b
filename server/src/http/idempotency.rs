//! `Idempotency-Key` on POST, kept in the database so it holds across replicas.
//!
//! The first request with a key runs; its change stores the key as used in the change's own
//! transaction ([`crate::domain::write::Write::commit`]), and once it succeeded its answer
//! is stored for `idempotency_ttl_hours`. The same key with the same request replays that
//! answer with `Idempotent-Replayed: true`; with a different request it is 422; a second
//! request running while the first commits ends in 409 with nothing written. A failed
//! request (any non-2xx) stores nothing, since it changed nothing: a corrected retry under
//! the same key simply runs.

use std::collections::BTreeMap;
use std::pin::Pin;

use actix_web::body::{BoxBody, MessageBody, to_bytes};
use actix_web::dev::{Payload, ServiceRequest, ServiceResponse};
use actix_web::error::PayloadError;
use actix_web::http::header::{self, HeaderName, HeaderValue};
use actix_web::http::{Method, StatusCode};
use actix_web::middleware::Next;
use actix_web::web::{self, Bytes};
use actix_web::{Error, HttpMessage, HttpRequest, HttpResponse};
use chrono::{DateTime, Duration, Utc};
use futures_util::Stream;
use sea_orm::sea_query::{Expr, OnConflict};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, DatabaseConnection, EntityTrait, ExprTrait, QueryFilter,
};
use sha2::{Digest, Sha256};

use crate::AppState;
use crate::auth::IdempotencyClaim;
use crate::entity::idempotency_keys as keys;
use crate::error::{ApiError, ErrorKind, FieldIssue, Text};
use crate::http::payload::payload_error;

/// The request header.
pub const IDEMPOTENCY_KEY: HeaderName = HeaderName::from_static("idempotency-key");
/// The header on a replayed answer.
pub const REPLAYED: HeaderName = HeaderName::from_static("idempotent-replayed");

/// Response headers worth replaying (the body's type and where the resource lives).
const KEPT_HEADERS: [HeaderName; 3] = [header::CONTENT_TYPE, header::LOCATION, header::ETAG];

/// What the store says about a key.
enum Claim {
    /// The key is ours: run the request.
    Run,
    /// The same request already succeeded: replay it.
    Replay(keys::Model),
    /// The key was used for a different request.
    Mismatch,
    /// An older replica marked the key as running and its lock has not lapsed.
    InFlight,
}

/// POST endpoints that are idempotent by themselves (upserts by a natural key) and take
/// bodies larger than the JSON limit: never buffered for replay.
const NATURALLY_IDEMPOTENT: &[&str] = &["/api/v1/portal/dossiers/batch"];

/// The idempotency middleware.
pub async fn idempotency(
    mut req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, Error> {
    let key = match req.headers().get(IDEMPOTENCY_KEY) {
        // Token answers hold secrets and token requests are safe to repeat; uploads stream past
        // the JSON body limit: neither is buffered for replay.
        Some(value) if req.method() == Method::POST && honours_key(req.path(), is_upload(&req)) => {
            parse_key(value)?
        }
        _ => {
            return next
                .call(req)
                .await
                .map(ServiceResponse::map_into_boxed_body);
        }
    };
    let Some(state) = req.app_data::<web::Data<AppState>>().cloned() else {
        return next
            .call(req)
            .await
            .map(ServiceResponse::map_into_boxed_body);
    };
    let body = req
        .extract::<Bytes>()
        .await
        .map_err(|e| payload_error(&e))?;
    req.set_payload(replay_payload(body.clone()));

    let scope_hash = scope_hash(&principal_scope(&req, &state), &key, req.path());
    let request_hash = request_hash(req.method().as_str(), req.path(), req.query_string(), &body);

    let db = &state.db;
    let now = Utc::now();
    let found = claim(db, &scope_hash, &request_hash, now).await?;
    if !matches!(found, Claim::Run) {
        return answer(req.into_parts().0, found);
    }
    // The write path stores the key as used inside the change's own transaction.
    let expires = now + Duration::hours(state.config.idempotency_ttl_hours as i64);
    let answer_by = now + Duration::seconds(state.config.request_timeout_secs as i64 * 2);
    let claim_ = IdempotencyClaim::new(scope_hash, request_hash, expires, answer_by);
    req.extensions_mut().insert(claim_.clone());
    let ran = next.call(req).await;
    match ran {
        Ok(res) if res.status().is_success() => store(db, &claim_, res).await,
        // A request with the same key that ran at the same time may have committed first,
        // making this one fail (its change rolled back, or refused by a rule the first one's
        // change now breaks): the caller gets the first one's answer, as a later retry would.
        other if !claim_.is_committed() => {
            match claim(db, &claim_.scope_hash, &claim_.request_hash, now).await? {
                found @ (Claim::Replay(_) | Claim::InFlight) => match other {
                    Ok(res) => answer(res.into_parts().0, found),
                    Err(e) => Err(e),
                },
                _ => other.map(ServiceResponse::map_into_boxed_body),
            }
        }
        other => other.map(ServiceResponse::map_into_boxed_body),
    }
}

/// The answer to a request whose key is already stored.
fn answer(req: HttpRequest, found: Claim) -> Result<ServiceResponse<BoxBody>, Error> {
    match found {
        Claim::Replay(stored) if stored.response_body.is_none() => Err(ApiError::new(ErrorKind::IdempotencyNotReplayable)
            .with_detail(
                "Yêu cầu đầu tiên với khóa này đã được thực hiện nhưng kết quả không được lưu để phát lại (chứa bí mật, hoặc máy chủ dừng trước khi lưu); thay đổi không được thực hiện lần nữa — hãy đọc lại tài nguyên.",
                "The first request with this key was carried out, but its answer is not kept for replay (it held a secret, or the server stopped before storing it); the change is not made again — read the resource instead.",
            )
            .into()),
        Claim::Replay(stored) => Ok(ServiceResponse::new(req, replay(&stored))),
        Claim::Mismatch => Err(ApiError::new(ErrorKind::IdempotencyKeyReused)
            .with_detail(
                "Khóa Idempotency-Key này đã được dùng cho một yêu cầu khác; hãy dùng khóa mới.",
                "This Idempotency-Key was used for a different request; use a new key.",
            )
            .into()),
        Claim::InFlight | Claim::Run => Err(ApiError::new(ErrorKind::IdempotencyInFlight)
            .with_detail(
                "Yêu cầu đầu tiên với khóa này vẫn đang chạy; hãy thử lại sau.",
                "The first request with this key is still running; retry later.",
            )
            .into()),
    }
}

/// Whether a POST to `path` (a concrete path or the spec's template) has its
/// `Idempotency-Key` honoured; the OpenAPI document declares the header exactly there.
/// Token requests (answers hold secrets, and are safe to repeat), naturally idempotent
/// upserts and streamed uploads are never buffered for replay.
pub fn honours_key(path: &str, multipart: bool) -> bool {
    !path.starts_with("/api/v1/auth/") && !NATURALLY_IDEMPOTENT.contains(&path) && !multipart
}

/// Whether the request is a file upload.
fn is_upload(req: &ServiceRequest) -> bool {
    req.headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.to_ascii_lowercase().starts_with("multipart/"))
}

fn parse_key(value: &HeaderValue) -> Result<String, ApiError> {
    match value.to_str() {
        Ok(s) if !s.is_empty() && s.len() <= 255 && s.bytes().all(|b| b.is_ascii_graphic()) => {
            Ok(s.to_owned())
        }
        _ => Err(
            ApiError::new(ErrorKind::InvalidHeader).with_errors(vec![FieldIssue::new(
                "Idempotency-Key",
                "invalid_value",
                Text::new(
                    "Phải có 1–255 ký tự ASCII in được (nên dùng UUID).",
                    "Must be 1–255 printable ASCII characters (a UUID is best).",
                ),
            )]),
        ),
    }
}

/// Who the key belongs to (the verified subject, so a refreshed token keeps its keys):
/// keys of different principals never collide.
pub fn principal_scope(req: &ServiceRequest, state: &AppState) -> String {
    crate::auth::bearer(req.request())
        .and_then(|t| state.keys.verify_cached(t))
        .map(|claims| claims.sub.to_string())
        .unwrap_or_else(|| "anonymous".to_owned())
}

/// What identifies a key: who sent it, the key, and the path it was sent to.
pub fn scope_hash(principal: &str, key: &str, path: &str) -> String {
    sha256_hex(&[principal.as_bytes(), key.as_bytes(), path.as_bytes()])
}

/// What identifies a request under a key: method, path, query and body.
pub fn request_hash(method: &str, path: &str, query: &str, body: &[u8]) -> String {
    sha256_hex(&[method.as_bytes(), path.as_bytes(), query.as_bytes(), body])
}

fn sha256_hex(parts: &[&[u8]]) -> String {
    let mut hasher = Sha256::new();
    for part in parts {
        hasher.update((part.len() as u64).to_be_bytes());
        hasher.update(part);
    }
    hex::encode(hasher.finalize())
}

/// What the store says about `scope_hash` for a request hashed `request_hash` at `now`: one
/// read; the key itself is stored by the change that uses it.
async fn claim(
    db: &DatabaseConnection,
    scope_hash: &str,
    request_hash: &str,
    now: DateTime<Utc>,
) -> Result<Claim, ApiError> {
    let Some(existing) = keys::Entity::find_by_id(scope_hash.to_owned())
        .one(db)
        .await?
    else {
        return Ok(Claim::Run);
    };
    let in_flight = existing.state == keys::IN_FLIGHT;
    let locked = existing.locked_until >= now;
    let lapsed = existing.expires_at < now || (in_flight && !locked);
    Ok(if lapsed {
        // The key is free again (the change that uses it takes the row over).
        Claim::Run
    } else if existing.request_hash != request_hash {
        Claim::Mismatch
    } else if in_flight || (existing.state == keys::COMMITTED && locked) {
        // Running (an older replica's mark), or committed with its answer on the way.
        Claim::InFlight
    } else {
        Claim::Replay(existing)
    })
}

/// Stores a successful answer for replay: over the key its change stored, or as a new row
/// when the request changed nothing.
async fn store(
    db: &DatabaseConnection,
    claim: &IdempotencyClaim,
    res: ServiceResponse<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, Error> {
    let (req, res) = res.into_parts();
    let status = res.status();
    let headers: BTreeMap<String, String> = KEPT_HEADERS
        .iter()
        .filter_map(|name| {
            let value = res.headers().get(name)?.to_str().ok()?;
            Some((name.as_str().to_owned(), value.to_owned()))
        })
        .collect();
    // An answer marked no-store (it holds a secret) is remembered as done, without its body.
    let secret = res
        .headers()
        .get(header::CACHE_CONTROL)
        .is_some_and(|v| v.as_bytes().windows(8).any(|w| w == b"no-store"));
    let (head, body) = res.into_parts();
    let bytes = to_bytes(body)
        .await
        .map_err(|_| ApiError::internal("response body unreadable"))?;
    let stored_body = if secret { None } else { Some(bytes.to_vec()) };
    let now = Utc::now();
    let row = keys::ActiveModel {
        scope_hash: Set(claim.scope_hash.clone()),
        request_hash: Set(claim.request_hash.clone()),
        state: Set(keys::COMPLETED.to_owned()),
        response_status: Set(Some(status.as_u16() as i16)),
        response_headers: Set(Some(serde_json::to_string(&headers).unwrap_or_default())),
        response_body: Set(stored_body),
        locked_until: Set(now),
        expires_at: Set(claim.expires_at),
        created_at: Set(now),
    };
    keys::Entity::insert(row)
        .on_conflict(
            OnConflict::column(keys::Column::ScopeHash)
                .update_columns([
                    keys::Column::State,
                    keys::Column::ResponseStatus,
                    keys::Column::ResponseHeaders,
                    keys::Column::ResponseBody,
                ])
                .action_and_where(
                    Expr::col((keys::Entity, keys::Column::RequestHash))
                        .eq(claim.request_hash.as_str()),
                )
                .to_owned(),
        )
        .exec_without_returning(db)
        .await
        .map_err(ApiError::from)?;
    Ok(ServiceResponse::new(
        req,
        head.set_body(bytes).map_into_boxed_body(),
    ))
}

fn replay(stored: &keys::Model) -> HttpResponse {
    let status = stored
        .response_status
        .and_then(|s| StatusCode::from_u16(s as u16).ok())
        .unwrap_or(StatusCode::OK);
    let mut res = HttpResponse::build(status);
    let headers: BTreeMap<String, String> = stored
        .response_headers
        .as_deref()
        .and_then(|h| serde_json::from_str(h).ok())
        .unwrap_or_default();
    for (name, value) in headers {
        res.insert_header((name, value));
    }
    res.insert_header((REPLAYED, "true"));
    res.body(stored.response_body.clone().unwrap_or_default())
}

/// Puts a body that was read back into the request, for the handler to read again.
fn replay_payload(bytes: Bytes) -> Payload {
    let stream: Pin<Box<dyn Stream<Item = Result<Bytes, PayloadError>>>> =
        Box::pin(futures_util::stream::once(async move { Ok(bytes) }));
    Payload::from(stream)
}

/// Deletes answers past their expiry; run periodically by the jobs.
pub async fn purge_expired(db: &DatabaseConnection) -> Result<u64, sea_orm::DbErr> {
    let res = keys::Entity::delete_many()
        .filter(keys::Column::ExpiresAt.lt(Utc::now()))
        .exec(db)
        .await?;
    Ok(res.rows_affected)
}
