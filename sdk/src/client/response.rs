//! Answers: decoding a typed [`Response`] with the headers that matter, and turning an
//! error status into [`Error::Api`] with the server's problem details.

use std::ops::Deref;

use reqwest::StatusCode;
use reqwest::header::HeaderValue;
use serde::de::DeserializeOwned;

use super::{Error, Result};
use crate::types::common::Problem;

/// A decoded answer with the headers that matter. Derefs to the value.
#[derive(Debug, Clone)]
pub struct Response<T> {
    /// The decoded body.
    pub value: T,
    /// The HTTP status (named so, since resources have a `status` of their own).
    pub http_status: u16,
    /// The `ETag` (single resources).
    pub etag: Option<String>,
    /// The `Location` (created resources).
    pub location: Option<String>,
    /// Whether the answer is a replay of an earlier request with the same idempotency key.
    pub replayed: bool,
    /// The server's `X-Request-Id`.
    pub request_id: Option<String>,
}

impl<T> Deref for Response<T> {
    type Target = T;

    fn deref(&self) -> &T {
        &self.value
    }
}

impl<T> Response<T> {
    /// The decoded body.
    pub fn into_inner(self) -> T {
        self.value
    }
}

impl<T: DeserializeOwned> Response<T> {
    pub(crate) async fn read(res: reqwest::Response) -> Result<Self> {
        Self::read_with(res, |bytes| {
            serde_json::from_slice(bytes).map_err(|e| Error::Decode(e.to_string()))
        })
        .await
    }
}

impl Response<String> {
    /// Reads a text answer (CSV) whole.
    pub(crate) async fn read_text(res: reqwest::Response) -> Result<Self> {
        Self::read_with(res, |bytes| {
            // CSV downloads start with a UTF-8 byte order mark for Excel; the text has none.
            let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
            String::from_utf8(bytes.to_vec()).map_err(|e| Error::Decode(e.to_string()))
        })
        .await
    }
}

impl<T> Response<T> {
    /// Checks the status (problem details on error), keeps the headers that matter and
    /// decodes the body with `decode`.
    async fn read_with(
        res: reqwest::Response,
        decode: impl FnOnce(&[u8]) -> Result<T>,
    ) -> Result<Self> {
        let status = res.status();
        let header = |name: &str| {
            res.headers()
                .get(name)
                .and_then(|v: &HeaderValue| v.to_str().ok())
                .map(str::to_owned)
        };
        let etag = header("etag");
        let location = header("location");
        let replayed = header("idempotent-replayed").as_deref() == Some("true");
        let request_id = header("x-request-id");
        let bytes = res.bytes().await.map_err(Error::transport)?;
        if !status.is_success() {
            return Err(problem_error(status, &bytes));
        }
        let value = decode(&bytes)?;
        Ok(Response {
            value,
            http_status: status.as_u16(),
            etag,
            location,
            replayed,
            request_id,
        })
    }
}

pub(crate) fn problem_error(status: StatusCode, bytes: &[u8]) -> Error {
    let problem = serde_json::from_slice::<Problem>(bytes).unwrap_or_else(|_| Problem {
        type_uri: "about:blank".into(),
        title: status.canonical_reason().unwrap_or("error").into(),
        status: status.as_u16(),
        detail: Some(String::from_utf8_lossy(bytes).chars().take(500).collect()),
        code: "unknown".into(),
        errors: Vec::new(),
        request_id: None,
        allowed_actions: None,
        referenced_by: None,
        error: None,
    });
    Error::Api {
        status: status.as_u16(),
        problem: Box::new(problem),
    }
}
