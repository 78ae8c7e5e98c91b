//! The request metrics middleware: outermost, so it sees every answer as the client gets it
//! (errors rendered by the envelope included) and times the whole stack.

use std::time::Instant;

use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::Method;
use actix_web::middleware::Next;
use actix_web::{Error, web};

use crate::AppState;

/// The `method` label: the methods the API uses by name, any other as `other` (a client
/// must not be able to add label values at will).
fn method_label(method: &Method) -> &'static str {
    match *method {
        Method::GET => "GET",
        Method::HEAD => "HEAD",
        Method::POST => "POST",
        Method::PUT => "PUT",
        Method::PATCH => "PATCH",
        Method::DELETE => "DELETE",
        Method::OPTIONS => "OPTIONS",
        _ => "other",
    }
}

/// Counts and times each request by the route actix matched (see the module docs of
/// [`super`]). The matched pattern is known only once the request has been routed, so it
/// is read from the answer's request.
pub async fn track<B: MessageBody + 'static>(
    req: ServiceRequest,
    next: Next<B>,
) -> Result<ServiceResponse<B>, Error> {
    let Some(metrics) = req
        .app_data::<web::Data<AppState>>()
        .map(|s| s.metrics.clone())
    else {
        return next.call(req).await;
    };
    let method = method_label(req.method());
    let started = Instant::now();
    let outcome = next.call(req).await;
    let seconds = started.elapsed().as_secs_f64();
    let (route, status) = match &outcome {
        Ok(res) => (
            // The one allocation: actix builds the pattern string from its route tree.
            metrics
                .routes
                .label(res.request().match_pattern().as_deref()),
            res.status().as_u16(),
        ),
        // Answered by a middleware before routing (or after a timeout dropped it).
        Err(err) => (
            metrics.routes.label(None),
            err.as_response_error().status_code().as_u16(),
        ),
    };
    metrics.observe(route, method, status, seconds);
    outcome
}
