//! Where a request came from (its id, the client's address, its operation) and its
//! `Idempotency-Key` claim: what the audit journal and the write path take from a request.

use actix_web::{HttpMessage, HttpRequest};

/// The id of the current request, in the request's extensions.
#[derive(Debug, Clone)]
pub struct RequestId(pub String);

/// The id of `req` (set by the envelope; empty outside it).
pub fn request_id(req: &HttpRequest) -> String {
    req.extensions()
        .get::<RequestId>()
        .map(|r| r.0.clone())
        .unwrap_or_default()
}

/// Where a request came from, for the audit journal.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct RequestMeta {
    /// `X-Request-Id`.
    pub request_id: String,
    /// Client address (from the trusted proxy header when one is configured).
    pub client_ip: String,
    /// The request's `Idempotency-Key`, which the write path stores as used in the change's
    /// own transaction.
    pub idempotency: Option<IdempotencyClaim>,
    /// The OpenAPI `operationId` of the request (`tasks.start`), which names its changes in
    /// the journal.
    pub operation: Option<String>,
}

/// Set on a request by the idempotency layer when the request's key is free: what the
/// write path stores, in the change's transaction, to mark the key used
/// ([`crate::domain::write::Write::commit`]).
#[derive(Debug, Clone)]
pub struct IdempotencyClaim {
    /// Who sent the key, the key and the path, hashed ([`crate::http::idempotency::scope_hash`]).
    pub scope_hash: String,
    /// Method, path, query and body, hashed ([`crate::http::idempotency::request_hash`]).
    pub request_hash: String,
    /// When the stored key lapses (`idempotency_ttl_hours` after the request).
    pub expires_at: chrono::DateTime<chrono::Utc>,
    /// Until when a committed key waits for its answer to be stored (twice the request
    /// timeout): a request with the key meanwhile is told to retry, not that the answer
    /// is lost.
    pub answer_by: chrono::DateTime<chrono::Utc>,
    /// Set once a change of this request committed the key: a second change of the same
    /// request does not store it again.
    committed: std::sync::Arc<std::sync::atomic::AtomicBool>,
}

impl IdempotencyClaim {
    /// A claim on a key not stored yet.
    pub fn new(
        scope_hash: String,
        request_hash: String,
        expires_at: chrono::DateTime<chrono::Utc>,
        answer_by: chrono::DateTime<chrono::Utc>,
    ) -> IdempotencyClaim {
        IdempotencyClaim {
            scope_hash,
            request_hash,
            expires_at,
            answer_by,
            committed: Default::default(),
        }
    }

    /// Whether a change of this request already stored the key.
    pub fn is_committed(&self) -> bool {
        self.committed.load(std::sync::atomic::Ordering::Acquire)
    }

    /// Records that a change of this request stored the key and committed.
    pub fn set_committed(&self) {
        self.committed
            .store(true, std::sync::atomic::Ordering::Release);
    }
}

impl PartialEq for IdempotencyClaim {
    fn eq(&self, other: &Self) -> bool {
        (&self.scope_hash, &self.request_hash) == (&other.scope_hash, &other.request_hash)
    }
}

impl Eq for IdempotencyClaim {}

impl RequestMeta {
    /// Reads the request id and client address of `req`.
    pub fn of(req: &HttpRequest, trusted_header: &str) -> RequestMeta {
        RequestMeta {
            request_id: request_id(req),
            client_ip: client_ip(req, trusted_header),
            idempotency: req.extensions().get::<IdempotencyClaim>().cloned(),
            operation: crate::operations::of(req),
        }
    }
}

/// The client's address: the right-most entry of the trusted proxy header when one is
/// configured (what our own proxy appended), else the peer address. A header the operator
/// did not name is never believed.
pub fn client_ip(req: &HttpRequest, trusted_header: &str) -> String {
    if !trusted_header.is_empty()
        && let Some(value) = req
            .headers()
            .get(trusted_header)
            .and_then(|v| v.to_str().ok())
        && let Some(last) = value.rsplit(',').map(str::trim).find(|s| !s.is_empty())
    {
        // An address is at most 45 characters (IPv6); the journal keeps 64.
        return last.chars().take(64).collect();
    }
    req.peer_addr()
        .map(|a| a.ip().to_string())
        .unwrap_or_default()
}
