//! The cross-cutting HTTP layer that every resource gets for free: the envelope (request
//! id, logs, problem rendering), JSON bodies with per-field errors, pagination, ETags,
//! idempotency keys, timeouts and the 404/405 fallback.

pub mod conn;
pub mod cors;
pub mod download;
pub mod envelope;
pub mod etag;
pub mod extract;
pub mod fallback;
pub mod idempotency;
pub mod metrics;
pub mod pagination;
pub mod payload;
pub mod report;
pub mod responses;
pub mod schema;
pub mod timeout;
pub mod upload;
