//! The outermost middleware: gives every request an id, logs it, and turns every error —
//! ours, actix's own, or a bare status — into problem+json in the request's language.

use std::time::Instant;

use actix_web::body::{BoxBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::Method;
use actix_web::http::header::{self, HeaderName, HeaderValue};
use actix_web::middleware::Next;
use actix_web::{Error, HttpMessage};
use tracing::Instrument;

use crate::error::{ApiError, ErrorKind, Lang};

/// `X-Request-Id`: echoed when the client sent a usable one, otherwise a new UUID v7.
pub const REQUEST_ID: HeaderName = HeaderName::from_static("x-request-id");

pub use crate::auth::{RequestId, request_id};

fn usable_request_id(value: &HeaderValue) -> Option<String> {
    let s = value.to_str().ok()?;
    let ok = !s.is_empty() && s.len() <= 128 && s.bytes().all(|b| b.is_ascii_graphic());
    ok.then(|| s.to_owned())
}

/// The envelope middleware (see the module docs).
pub async fn envelope(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, Error> {
    let started = Instant::now();
    let id = req
        .headers()
        .get(REQUEST_ID)
        .and_then(usable_request_id)
        .unwrap_or_else(|| uuid::Uuid::now_v7().to_string());
    req.extensions_mut().insert(RequestId(id.clone()));
    let lang = crate::http::extract::lang_of(req.request());
    let method = req.method().clone();
    let path = req.path().to_owned();
    let span = tracing::info_span!("request", request_id = %id, %method, %path);
    // HEAD is GET without the body (RFC 9110 §9.3.2): every GET route answers it, so uptime
    // monitors probing `/healthz` with HEAD see what GET would say.
    let head = method == Method::HEAD;
    let mut req = req;
    if head {
        req.head_mut().method = Method::GET;
    }

    let outcome = next.call(req).instrument(span.clone()).await;
    let mut res = match outcome {
        Ok(res) => span.in_scope(|| render_error(res.map_into_boxed_body(), lang, &id)),
        // An error that escaped a middleware (a timeout, a refused idempotency key). There is
        // no request left to build a ServiceResponse from, so hand actix a finished answer.
        Err(err) => {
            let rendered = span.in_scope(|| render_escaped(&err, lang, &id));
            let status = rendered.status().as_u16();
            span.in_scope(|| tracing::info!(status, "request finished"));
            return Err(Prerendered::new(rendered, &id).await.into());
        }
    };
    if let Ok(value) = HeaderValue::from_str(&id) {
        res.headers_mut().insert(REQUEST_ID, value);
    }
    secure(res.headers_mut());
    if head {
        res = res.map_body(|_, _| BoxBody::new(actix_web::body::None::new()));
    }
    let status = res.status().as_u16();
    let elapsed_ms = started.elapsed().as_secs_f64() * 1000.0;
    // A replayed answer changed nothing now: journal checks read this flag.
    let replayed = res
        .headers()
        .contains_key(crate::http::idempotency::REPLAYED);
    span.in_scope(|| tracing::info!(status, elapsed_ms, replayed, "request finished"));
    Ok(res)
}

/// Headers every answer carries unless its route set its own: answers are not to be sniffed
/// into another type, stored by caches (they hold officials' contact details, tokens,
/// unpublished scores) or framed by another site (`/docs` included).
fn secure(headers: &mut actix_web::http::header::HeaderMap) {
    for (name, value) in [
        (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
        (header::CACHE_CONTROL, "no-store"),
        (header::X_FRAME_OPTIONS, "DENY"),
        (header::CONTENT_SECURITY_POLICY, "frame-ancestors 'none'"),
    ] {
        if !headers.contains_key(&name) {
            headers.insert(name, HeaderValue::from_static(value));
        }
    }
}

fn render_escaped(err: &Error, lang: Lang, id: &str) -> actix_web::HttpResponse {
    if let Some(api) = err.as_error::<ApiError>() {
        log_cause(api, &tracing::Span::current());
        return api.render(lang, Some(id));
    }
    let status = err.as_response_error().status_code();
    let api = ApiError::new(ErrorKind::from_status(status)).with_cause(err);
    log_cause(&api, &tracing::Span::current());
    let mut out = api.render(lang, Some(id));
    *out.status_mut() = status;
    out
}

fn log_cause(api: &ApiError, span: &tracing::Span) {
    if let Some(cause) = api.cause() {
        span.in_scope(|| {
            if api.kind == ErrorKind::Internal {
                tracing::error!(cause = ?cause, "internal error");
            } else {
                tracing::warn!(cause = ?cause, code = api.kind.meta().1, "request failed");
            }
        });
    }
}

fn render_error(res: ServiceResponse<BoxBody>, lang: Lang, id: &str) -> ServiceResponse<BoxBody> {
    let status = res.status();
    if !(status.is_client_error() || status.is_server_error()) {
        return res;
    }
    let (req, response) = res.into_parts();
    let api_error = response.error().and_then(|e| e.as_error::<ApiError>());
    let rendered = match api_error {
        Some(api) => {
            log_cause(api, &tracing::Span::current());
            api.render(lang, Some(id))
        }
        None if is_problem_response(&response) => return ServiceResponse::new(req, response),
        None => {
            // A bare status from actix or a library: same shape, generic text.
            let allow = response
                .headers()
                .get(header::ALLOW)
                .and_then(|v| v.to_str().ok())
                .map(str::to_owned);
            let mut api = ApiError::new(ErrorKind::from_status(status)).with_allow(allow);
            if let Some(e) = response.error() {
                api = api.with_cause(e);
                log_cause(&api, &tracing::Span::current());
            }
            let mut out = api.render(lang, Some(id));
            *out.status_mut() = status;
            out
        }
    };
    ServiceResponse::new(req, rendered)
}

fn is_problem_response(res: &actix_web::HttpResponse) -> bool {
    res.headers()
        .get(header::CONTENT_TYPE)
        .is_some_and(|v| v.as_bytes().starts_with(b"application/problem+json"))
}

/// A problem answer rendered in full, for errors that must leave the envelope as `Err`.
#[derive(Debug)]
struct Prerendered {
    status: actix_web::http::StatusCode,
    headers: Vec<(HeaderName, HeaderValue)>,
    body: actix_web::web::Bytes,
}

impl Prerendered {
    async fn new(res: actix_web::HttpResponse, id: &str) -> Self {
        let status = res.status();
        let mut headers: Vec<(HeaderName, HeaderValue)> = res
            .headers()
            .iter()
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect();
        if let Ok(value) = HeaderValue::from_str(id) {
            headers.push((REQUEST_ID, value));
        }
        let body = actix_web::body::to_bytes(res.into_body())
            .await
            .unwrap_or_default();
        Prerendered {
            status,
            headers,
            body,
        }
    }
}

impl std::fmt::Display for Prerendered {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.status)
    }
}

impl actix_web::ResponseError for Prerendered {
    fn status_code(&self) -> actix_web::http::StatusCode {
        self.status
    }

    fn error_response(&self) -> actix_web::HttpResponse {
        let mut res = actix_web::HttpResponse::build(self.status);
        for (name, value) in &self.headers {
            res.insert_header((name.clone(), value.clone()));
        }
        res.body(self.body.clone())
    }
}
