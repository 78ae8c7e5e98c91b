//! The one error type of the SDK.

use crate::types::common::Problem;

/// Everything that can go wrong with a call. New kinds may come in later versions: match
/// with a wildcard arm, or use the helpers (`status`, `problem`, `code`).
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The API answered with an error status and RFC 9457 problem details.
    #[error("API error {status}: {}", problem.detail.as_deref().unwrap_or(&problem.title))]
    Api {
        /// The HTTP status.
        status: u16,
        /// The problem details the server sent.
        problem: Box<Problem>,
    },
    /// The request could not be sent or the answer not received.
    #[error("transport error: {0}")]
    Transport(#[source] reqwest::Error),
    /// The call did not finish within the configured timeout.
    #[error("the request timed out")]
    Timeout,
    /// The answer could not be decoded into the expected type.
    #[error("cannot decode the answer: {0}")]
    Decode(String),
    /// The client was configured wrongly (e.g. an invalid base URL).
    #[error("invalid client configuration: {0}")]
    Config(String),
}

impl Error {
    /// The HTTP status of an API error.
    pub fn status(&self) -> Option<u16> {
        match self {
            Error::Api { status, .. } => Some(*status),
            _ => None,
        }
    }

    /// The problem details of an API error.
    pub fn problem(&self) -> Option<&Problem> {
        match self {
            Error::Api { problem, .. } => Some(problem),
            _ => None,
        }
    }

    /// The stable error code of an API error (`not_found`, `validation_failed`, …).
    pub fn code(&self) -> Option<&str> {
        self.problem().map(|p| p.code.as_str())
    }

    /// 404: missing, or in a unit the caller cannot see.
    pub fn is_not_found(&self) -> bool {
        self.status() == Some(404)
    }

    /// 409: a conflict (taken value, in use, invalid transition, key in flight).
    pub fn is_conflict(&self) -> bool {
        self.status() == Some(409)
    }

    /// 412: the resource changed since it was read (stale `If-Match`).
    pub fn is_precondition_failed(&self) -> bool {
        self.status() == Some(412)
    }

    /// 422: the input broke a rule; see the problem's `errors`.
    pub fn is_validation(&self) -> bool {
        self.status() == Some(422)
    }

    /// 401: no valid credentials.
    pub fn is_unauthorized(&self) -> bool {
        self.status() == Some(401)
    }

    /// 403: authenticated but not allowed.
    pub fn is_forbidden(&self) -> bool {
        self.status() == Some(403)
    }

    /// 429: rate limited.
    pub fn is_rate_limited(&self) -> bool {
        self.status() == Some(429)
    }

    pub(crate) fn transport(err: reqwest::Error) -> Self {
        if err.is_timeout() {
            Error::Timeout
        } else {
            Error::Transport(err)
        }
    }
}
