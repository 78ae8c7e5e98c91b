//! Request extractors that answer bad input in the API's own shape: JSON bodies with the
//! path of the offending field, and handlers for actix's query, path and payload errors.

use std::future::Future;
use std::pin::Pin;

use actix_web::dev::Payload;
use actix_web::error::{PathError, QueryPayloadError};
use actix_web::http::header;
use actix_web::web::{Bytes, PathConfig, PayloadConfig, QueryConfig};
use actix_web::{FromRequest, HttpRequest};
use serde::de::DeserializeOwned;

use crate::domain::text;
use crate::error::{ApiError, ErrorKind, FieldIssue, Lang, Text, decode};
pub use crate::http::payload::payload_error;

mod params;

/// The language a request asks its answers in (`Accept-Language`: Vietnamese unless English
/// is preferred).
pub fn lang_of(req: &HttpRequest) -> Lang {
    Lang::from_accept_language(
        req.headers()
            .get(header::ACCEPT_LANGUAGE)
            .and_then(|v| v.to_str().ok()),
    )
}

impl FromRequest for Lang {
    type Error = std::convert::Infallible;
    type Future = std::future::Ready<Result<Lang, Self::Error>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        std::future::ready(Ok(lang_of(req)))
    }
}

/// A JSON request body (`application/json`, `application/merge-patch+json` or any `+json`).
///
/// Syntax errors are 400 `malformed_json`; a wrong type, a missing or unknown field is 422
/// `validation_failed` naming the field's JSON path; a body over the limit is 413.
#[derive(Debug)]
pub struct ApiJson<T>(pub T);

impl<T: DeserializeOwned + utoipa::ToSchema + 'static> FromRequest for ApiJson<T> {
    type Error = actix_web::Error;
    type Future = Pin<Box<dyn Future<Output = Result<Self, Self::Error>>>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let content_type_ok = req
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.split(';').next())
            .map(|mime| {
                let mime = mime.trim().to_ascii_lowercase();
                mime == "application/json"
                    || (mime.starts_with("application/") && mime.ends_with("+json"))
            })
            .unwrap_or(false);
        let body = Bytes::from_request(req, payload);
        Box::pin(async move {
            if !content_type_ok {
                return Err(ApiError::new(ErrorKind::UnsupportedMediaType)
                    .with_detail(
                        "Nội dung phải là JSON (Content-Type: application/json).",
                        "The body must be JSON (Content-Type: application/json).",
                    )
                    .into());
            }
            let bytes = body.await.map_err(|e| payload_error(&e))?;
            parse_json(&bytes).map(ApiJson).map_err(Into::into)
        })
    }
}

/// Parses a JSON object, checks it against the spec's schema of `T` (see
/// [`schema`](super::schema)) and reads it, naming the path of each wrong field. Every body
/// of this API is an object: serde would also read a struct from an array, which we refuse.
pub fn parse_json<T: DeserializeOwned + utoipa::ToSchema>(bytes: &[u8]) -> Result<T, ApiError> {
    let bytes = without_bom(bytes);
    let first = bytes.iter().find(|b| !b.is_ascii_whitespace());
    if first != Some(&b'{') && serde_json::from_slice::<serde_json::Value>(bytes).is_ok() {
        return Err(ApiError::validation(vec![FieldIssue::new(
            "body",
            "invalid_type",
            Text::new(
                "Nội dung phải là một đối tượng JSON.",
                "The body must be a JSON object.",
            ),
        )]));
    }
    let tree = parse_tree(bytes)?;
    super::schema::check(&T::name(), &tree).map_err(ApiError::validation)?;
    typed(tree)
}

/// Like [`parse_json`] without the schema check: for the OAuth token endpoint, whose
/// parameters are checked by RFC 6749's own rules (400 `invalid_request`), form or JSON.
pub fn parse_object<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, ApiError> {
    let bytes = without_bom(bytes);
    let first = bytes.iter().find(|b| !b.is_ascii_whitespace());
    if first != Some(&b'{') {
        return parse_any::<serde_json::Map<String, serde_json::Value>>(bytes).and_then(|_| {
            Err(ApiError::validation(vec![FieldIssue::new(
                "body",
                "invalid_type",
                Text::new(
                    "Nội dung phải là một đối tượng JSON.",
                    "The body must be a JSON object.",
                ),
            )]))
        });
    }
    parse_any(bytes)
}

/// Parses any JSON value (an array, for the few bodies that are lists), naming the path
/// of the first wrong field.
pub fn parse_any<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, ApiError> {
    typed(parse_tree(without_bom(bytes))?)
}

/// The body without a leading UTF-8 byte order mark, which Windows tools (PowerShell's
/// `Out-File`, Notepad) write: RFC 8259 §8.1 lets a parser ignore it, and we do.
pub fn without_bom(bytes: &[u8]) -> &[u8] {
    bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes)
}

/// The JSON tree of a body, with the one text rule applied to every string. A body that is
/// not JSON is 400 `malformed_json` saying where (line, column) and what is wrong there.
fn parse_tree(bytes: &[u8]) -> Result<serde_json::Value, ApiError> {
    let mut tree: serde_json::Value = serde_json::from_slice(bytes).map_err(|e| malformed(&e))?;
    // The one rule for text: refused control characters name their field (422).
    text::check_json(&mut tree).map_err(|(field, bad)| {
        ApiError::validation(vec![text::forbidden_char_issue(&field, bad)])
    })?;
    Ok(tree)
}

/// 400 `malformed_json` for a body serde_json cannot parse, in words (see
/// [`decode::syntax`]).
pub fn malformed(err: &serde_json::Error) -> ApiError {
    let text = decode::syntax(err);
    ApiError::new(ErrorKind::MalformedJson)
        .with_detail(text.get(Lang::Vi).to_owned(), text.get(Lang::En).to_owned())
}

/// Reads a checked JSON tree into `T`; a value that does not fit is 422 naming the JSON
/// path of the field and what it must be (see [`decode::read_value`]).
fn typed<T: DeserializeOwned>(tree: serde_json::Value) -> Result<T, ApiError> {
    decode::read_value(tree).map_err(|issue| ApiError::validation(vec![issue]))
}

/// Query-string errors as 400 `invalid_query`, naming the parameter: serde_urlencoded's
/// errors do not, so the request's parameters are checked against the operation's in the
/// spec (see [`params`]); a missing or repeated parameter is named by serde itself.
pub fn query_config() -> QueryConfig {
    QueryConfig::default().error_handler(|err, req| {
        let message = match &err {
            QueryPayloadError::Deserialize(e) => e.to_string(),
            other => other.to_string(),
        };
        let pairs = serde_urlencoded::from_str::<Vec<(String, String)>>(req.query_string())
            .unwrap_or_default();
        let issue = named_by_serde(&message)
            .or_else(|| params::first_bad(req.method().as_str(), req.path(), "query", &pairs))
            .unwrap_or_else(|| decode::data_issue("query", &message));
        ApiError::new(ErrorKind::InvalidQuery)
            .with_errors(vec![issue])
            .into()
    })
}

/// The issue when serde's message itself names the field (`missing field `x``,
/// `duplicate field `x``).
fn named_by_serde(message: &str) -> Option<FieldIssue> {
    (message.starts_with("missing field") || message.starts_with("duplicate field"))
        .then(|| decode::data_issue("", message))
}

/// Path-parameter errors (e.g. an id that is not a UUID) as 400 `invalid_path`, naming the
/// parameter as the route does (`id`, `year`).
pub fn path_config() -> PathConfig {
    PathConfig::default().error_handler(|err, req| {
        let message = match &err {
            PathError::Deserialize(e) => e.to_string(),
            other => other.to_string(),
        };
        let pairs: Vec<(String, String)> = req
            .match_info()
            .iter()
            .map(|(n, v)| (n.to_owned(), v.to_owned()))
            .collect();
        let issue = params::first_bad(req.method().as_str(), req.path(), "path", &pairs)
            .unwrap_or_else(|| {
                let name = pairs.first().map_or("id", |(n, _)| n.as_str());
                decode::data_issue(name, &message)
            });
        ApiError::new(ErrorKind::InvalidPath)
            .with_errors(vec![issue])
            .into()
    })
}

/// The body limit for raw bodies.
pub fn payload_config(limit: usize) -> PayloadConfig {
    PayloadConfig::new(limit)
}

/// An optional JSON body: no body, an empty body or JSON `null` is `None` (the spec
/// declares such bodies as not required, and generated clients send either); any other body
/// must be valid JSON like [`ApiJson`] (errors are never swallowed).
#[derive(Debug)]
pub struct OptionalJson<T>(pub Option<T>);

impl<T: DeserializeOwned + utoipa::ToSchema + 'static> FromRequest for OptionalJson<T> {
    type Error = actix_web::Error;
    type Future = Pin<Box<dyn Future<Output = Result<Self, Self::Error>>>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let req = req.clone();
        let body = Bytes::from_request(&req, payload);
        Box::pin(async move {
            let bytes = body.await.map_err(|e| payload_error(&e))?;
            let content = without_bom(&bytes).trim_ascii();
            if content.is_empty() || content == b"null" {
                return Ok(OptionalJson(None));
            }
            // The JSON extractor's own checks (media type, syntax, schema) on the read body.
            let mut again = Payload::from(bytes);
            ApiJson::<T>::from_request(&req, &mut again)
                .await
                .map(|j| OptionalJson(Some(j.0)))
        })
    }
}

/// The one text rule for query strings: a parameter whose name or value holds a refused
/// control character (see [`text::check_chars`]) is 422 naming the parameter, before any
/// handler runs; an enumerated parameter with a value the spec does not list is 400.
/// Query strings the decoder cannot read are left to the handler's extractor.
pub async fn query_text(
    req: actix_web::dev::ServiceRequest,
    next: actix_web::middleware::Next<impl actix_web::body::MessageBody + 'static>,
) -> Result<actix_web::dev::ServiceResponse<actix_web::body::BoxBody>, actix_web::Error> {
    if let Ok(pairs) = serde_urlencoded::from_str::<Vec<(String, String)>>(req.query_string()) {
        for (name, value) in &pairs {
            if let Some(bad) = text::check_chars(name)
                .err()
                .or_else(|| text::check_chars(value).err())
            {
                let field = name.escape_debug().to_string();
                return Err(
                    ApiError::validation(vec![text::forbidden_char_issue(&field, bad)]).into(),
                );
            }
        }
        // Enumerated parameters take only the values the spec lists (400 like any bad query).
        if let Err(issue) = super::schema::check_query(req.method().as_str(), req.path(), &pairs) {
            return Err(ApiError::new(ErrorKind::InvalidQuery)
                .with_errors(vec![issue])
                .into());
        }
    }
    next.call(req)
        .await
        .map(actix_web::dev::ServiceResponse::map_into_boxed_body)
}
