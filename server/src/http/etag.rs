//! Optimistic concurrency: every resource has a `version`; single resources are sent with
//! `ETag: "<version>"`, and a write with a stale `If-Match` is refused with 412.

use std::future::{Ready, ready};

use actix_web::dev::Payload;
use actix_web::http::header;
use actix_web::{FromRequest, HttpRequest};

use crate::error::{ApiError, ErrorKind, FieldIssue, Text};

/// The ETag of a version.
pub fn etag(version: i32) -> String {
    format!("\"{version}\"")
}

/// The `If-Match` precondition of a request (absent: no precondition).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum IfMatch {
    /// No `If-Match` header: the write is unconditional.
    Any,
    /// `If-Match: *` or a list of entity tags.
    Tags(Vec<String>),
}

impl IfMatch {
    /// Parses the header value: `*` or comma-separated entity tags. Our tags are quoted
    /// version numbers; weak tags compare as strong ones, and a bare number (`3`, a common
    /// client slip) is read as `"3"` — the OpenAPI pattern says so too. Anything else is
    /// malformed (400), never ignored.
    pub fn parse(value: &str) -> Option<IfMatch> {
        let value = value.trim();
        if value == "*" {
            return Some(IfMatch::Any);
        }
        let tags: Option<Vec<String>> = value
            .split(',')
            .map(|t| {
                let t = t.trim();
                let t = t.strip_prefix("W/").unwrap_or(t);
                let inner = t
                    .strip_prefix('"')
                    .and_then(|t| t.strip_suffix('"'))
                    .unwrap_or(t);
                let numeric =
                    (1..=9).contains(&inner.len()) && inner.bytes().all(|b| b.is_ascii_digit());
                numeric.then(|| format!("\"{inner}\""))
            })
            .collect();
        tags.map(IfMatch::Tags)
    }

    /// Refuses with 412 when the current version is not one of the tags.
    pub fn check(&self, current_version: i32) -> Result<(), ApiError> {
        match self {
            IfMatch::Any => Ok(()),
            IfMatch::Tags(tags) if tags.contains(&etag(current_version)) => Ok(()),
            IfMatch::Tags(_) => Err(ApiError::stale(current_version)),
        }
    }
}

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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn if_match_accepts_current_refuses_stale() {
        let m = IfMatch::parse("\"3\", W/\"4\"");
        assert_eq!(m.as_ref().map(|m| m.check(4).is_ok()), Some(true));
        assert_eq!(m.as_ref().map(|m| m.check(5).is_ok()), Some(false));
        assert_eq!(IfMatch::parse("*"), Some(IfMatch::Any));
        assert_eq!(IfMatch::parse("3"), Some(IfMatch::Tags(vec![etag(3)])));
        assert_eq!(IfMatch::parse(" , "), None);
        assert_eq!(IfMatch::parse("\"abc\""), None);
        assert_eq!(IfMatch::parse("507t J9N{24d9U-"), None);
    }

    #[test]
    fn stale_is_412() {
        let e = IfMatch::Tags(vec![etag(1)]).check(2).err();
        assert_eq!(e.map(|e| e.kind), Some(ErrorKind::PreconditionFailed));
    }
}
