//! Preconditions of a change (RFC 9110 §13.1.1): every resource has a `version`; a write
//! that names the version it read (`If-Match`) is refused with 412 when the resource has
//! moved on since. The HTTP layer reads the header into an [`IfMatch`]; the domain checks it
//! against the row it loaded, inside the change's transaction.

use crate::error::ApiError;

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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::ErrorKind;

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
