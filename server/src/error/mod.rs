//! The one error type of the API and its RFC 9457 problem+json rendering.
//!
//! Every failure a handler, extractor or middleware can meet becomes an [`ApiError`]: a
//! [`ErrorKind`] (status, stable code, title in Vietnamese and English), an optional detail,
//! per-field issues and a few typed extensions. The envelope middleware renders it in the
//! request's language with the request id; internal causes are logged, never answered.
//!
//! The parts: `lang` (the answer's language and two-language messages), `kind` (the
//! status table), `api_error` (the error, its field issues and builders), `problem`
//! (the problem+json rendering), `db` (how database errors are classified), `decode` (why
//! a request could not be read, from serde's failures, in words for people) and `terms`
//! (the Vietnamese words for the status and level codes messages name).

mod api_error;
mod db;
pub mod decode;
mod kind;
mod lang;
mod problem;
mod syntax;
mod terms;

pub use api_error::{ApiError, FieldIssue};
pub use kind::ErrorKind;
pub use lang::{Lang, Text};
pub use terms::{vi_action, vi_term};
