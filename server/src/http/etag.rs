//! Optimistic concurrency: every resource has a `version`; single resources are sent with
//! `ETag: "<version>"`, and a write with a stale `If-Match` is refused with 412.

use std::future::{Ready, ready};

use actix_web::dev::Payload;
use actix_web::http::header;
use actix_web::{FromRequest, HttpRequest};

pub use crate::domain::precondition::{IfMatch, etag};
use crate::error::{ApiError, ErrorKind, FieldIssue, Text};

impl FromRequest for IfMatch {
    type Error = ApiError;
    type Future = Ready<Result<Self, ApiError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let result = match req.headers().get(header::IF_MATCH) {
            None => Ok(IfMatch::Any),
            Some(v) => v.to_str().ok().and_then(IfMatch::parse).ok_or_else(|| {
                ApiError::new(ErrorKind::InvalidHeader).with_errors(vec![FieldIssue::new(
                    "If-Match",
                    "invalid_value",
                    Text::new(
                        "Phải là ETag trong ngoặc kép, ví dụ \"3\", hoặc *.",
                        "Must be a quoted ETag such as \"3\", or *.",
                    ),
                )])
            }),
        };
        ready(result)
    }
}
