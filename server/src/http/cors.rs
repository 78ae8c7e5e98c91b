//! Cross-origin calls from browsers (the CORS protocol of the Fetch standard,
//! <https://fetch.spec.whatwg.org/#http-cors-protocol>), for the origins named by the
//! `cors_allowed_origins` setting and no others. The headers themselves are `actix-cors`'s.
//!
//! Two layers, so that every answer keeps the envelope's request id and problem+json:
//! - [`preflight`] sits just inside the envelope, outside rate limiting, idempotency and the
//!   404/405 fallback: it answers an allowed origin's preflight `OPTIONS` (200 with
//!   `Access-Control-Allow-Origin`, `-Methods`, `-Headers`, `-Max-Age`); a preflight asking
//!   for a method or header the API does not take is refused 400 (problem+json, no CORS
//!   headers).
//! - [`responses`] sits outside the envelope and adds `Access-Control-Allow-Origin` and
//!   `Access-Control-Expose-Headers` to every other answer to an allowed origin, errors
//!   (401, 429, …) included, so a page can read the problem.
//!
//! A request without `Origin`, or from an origin not in the setting, passes both layers
//! untouched: no CORS header at all, so the browser keeps the answer from the page (and a
//! preflight from such an origin reaches the fallback, which refuses it with 405). With the
//! setting empty (the default) nothing changes for anyone. Credentials (cookies) are never
//! allowed: the API takes bearer tokens.

use std::collections::HashSet;
use std::rc::Rc;

use actix_cors::Cors;
use actix_web::Error;
use actix_web::body::{BoxBody, MessageBody};
use actix_web::dev::{Service, ServiceRequest, ServiceResponse, Transform, forward_ready};
use actix_web::http::Method;
use actix_web::http::header::{self, HeaderValue};
use futures_util::future::LocalBoxFuture;

/// Methods a page may use.
pub const ALLOWED_METHODS: [Method; 6] = [
    Method::GET,
    Method::HEAD,
    Method::POST,
    Method::PUT,
    Method::PATCH,
    Method::DELETE,
];

/// Request headers a page may send beyond the CORS-safelisted ones.
pub const ALLOWED_HEADERS: [&str; 7] = [
    "accept",
    "accept-language",
    "authorization",
    "content-type",
    "idempotency-key",
    "if-match",
    "x-request-id",
];

/// Response headers a page may read beyond the CORS-safelisted ones.
pub const EXPOSED_HEADERS: [&str; 6] = [
    "etag",
    "location",
    "x-request-id",
    "retry-after",
    "content-disposition",
    "idempotent-replayed",
];

/// How long a browser may cache a preflight answer, in seconds.
pub const MAX_AGE_SECS: usize = 600;

/// Reads the `cors_allowed_origins` setting: a comma-separated list of exact origins,
/// `scheme://host[:port]` with scheme `http` or `https` and no path (not even `/`), query,
/// fragment or user. Each is returned in the form browsers send in `Origin` (lower-case
/// host, default port left out). Empty items are ignored, so `""` allows none.
///
/// # Errors
/// The first item that is not such an origin, in a sentence for the start-up message.
pub fn parse_origins(list: &str) -> Result<Vec<String>, String> {
    let mut origins = Vec::new();
    for item in list.split(',').map(str::trim).filter(|s| !s.is_empty()) {
        let refused = || {
            format!(
                "'{item}' is not an origin such as https://portal.example.vn \
                 (scheme://host[:port] with http or https, without path or '/')"
            )
        };
        let url = url::Url::parse(item).map_err(|_| refused())?;
        let bare = matches!(url.scheme(), "http" | "https")
            && url.host().is_some()
            && url.username().is_empty()
            && url.password().is_none()
            && url.path() == "/"
            && url.query().is_none()
            && url.fragment().is_none()
            && !item.ends_with('/');
        if !bare {
            return Err(refused());
        }
        let origin = url.origin().ascii_serialization();
        if !origins.contains(&origin) {
            origins.push(origin);
        }
    }
    Ok(origins)
}

/// Which requests a layer hands to `actix-cors`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Stage {
    /// Preflight requests from allowed origins.
    Preflight,
    /// Every other request from allowed origins.
    Responses,
}

/// One of the two layers (see the module docs); build them with [`preflight`] and
/// [`responses`].
pub struct CorsLayer {
    stage: Stage,
    origins: Rc<HashSet<HeaderValue>>,
    cors: Cors,
}

/// The inner layer: answers allowed origins' preflight requests. `origins` is the
/// `cors_allowed_origins` setting (items that do not parse are left out; start-up has
/// already refused them).
pub fn preflight(origins: &str) -> CorsLayer {
    layer(Stage::Preflight, origins)
}

/// The outer layer: CORS headers on every other answer to an allowed origin.
pub fn responses(origins: &str) -> CorsLayer {
    layer(Stage::Responses, origins)
}

fn layer(stage: Stage, setting: &str) -> CorsLayer {
    let list = parse_origins(setting).unwrap_or_default();
    let mut cors = Cors::default()
        .allowed_methods(ALLOWED_METHODS)
        .allowed_headers(ALLOWED_HEADERS)
        .expose_headers(EXPOSED_HEADERS)
        .max_age(MAX_AGE_SECS)
        .block_on_origin_mismatch(false);
    for origin in &list {
        cors = cors.allowed_origin(origin);
    }
    let origins = list
        .iter()
        .filter_map(|o| HeaderValue::from_str(o).ok())
        .collect();
    CorsLayer {
        stage,
        origins: Rc::new(origins),
        cors,
    }
}

impl<S, B> Transform<S, ServiceRequest> for CorsLayer
where
    S: Service<ServiceRequest, Response = ServiceResponse<B>, Error = Error> + 'static,
    S::Future: 'static,
    B: MessageBody + 'static,
{
    type Response = ServiceResponse<BoxBody>;
    type Error = Error;
    type Transform = CorsService<S>;
    type InitError = ();
    type Future = LocalBoxFuture<'static, Result<Self::Transform, Self::InitError>>;

    fn new_transform(&self, service: S) -> Self::Future {
        let plain = Rc::new(service);
        let cors = self.cors.new_transform(Rc::clone(&plain));
        let (stage, origins) = (self.stage, Rc::clone(&self.origins));
        Box::pin(async move {
            Ok(CorsService {
                stage,
                origins,
                cors: cors.await?,
                plain,
            })
        })
    }
}

/// The service of a [`CorsLayer`]: `actix-cors` for the requests of its stage, the wrapped
/// service directly for the rest.
pub struct CorsService<S> {
    stage: Stage,
    origins: Rc<HashSet<HeaderValue>>,
    cors: actix_cors::CorsMiddleware<Rc<S>>,
    plain: Rc<S>,
}

/// `OPTIONS` with a valid `Access-Control-Request-Method` (what `actix-cors` answers itself).
fn is_preflight(req: &ServiceRequest) -> bool {
    req.method() == Method::OPTIONS
        && req
            .headers()
            .get(header::ACCESS_CONTROL_REQUEST_METHOD)
            .is_some_and(|m| Method::from_bytes(m.as_bytes()).is_ok())
}

impl<S, B> Service<ServiceRequest> for CorsService<S>
where
    S: Service<ServiceRequest, Response = ServiceResponse<B>, Error = Error> + 'static,
    S::Future: 'static,
    B: MessageBody + 'static,
{
    type Response = ServiceResponse<BoxBody>;
    type Error = Error;
    type Future = LocalBoxFuture<'static, Result<Self::Response, Self::Error>>;

    forward_ready!(plain);

    fn call(&self, req: ServiceRequest) -> Self::Future {
        let allowed = req
            .headers()
            .get(header::ORIGIN)
            .is_some_and(|origin| self.origins.contains(origin));
        let ours = allowed && (is_preflight(&req) == (self.stage == Stage::Preflight));
        if ours {
            let answer = self.cors.call(req);
            Box::pin(async move { answer.await.map(ServiceResponse::map_into_boxed_body) })
        } else {
            let answer = self.plain.call(req);
            Box::pin(async move { answer.await.map(ServiceResponse::map_into_boxed_body) })
        }
    }
}

#[cfg(test)]
mod tests {
    use figment::Figment;
    use figment::providers::{Format, Serialized, Toml};

    use super::*;
    use crate::config::{Config, DEFAULTS};

    #[test]
    fn origins_are_exact_and_normalised() {
        assert_eq!(parse_origins(""), Ok(vec![]));
        assert_eq!(
            parse_origins(
                " https://Portal.Example.vn , http://127.0.0.1:8097,https://portal.example.vn:443"
            ),
            Ok(vec![
                "https://portal.example.vn".to_owned(),
                "http://127.0.0.1:8097".to_owned()
            ])
        );
        for bad in [
            "portal.example.vn",
            "https://portal.example.vn/",
            "https://portal.example.vn/app",
            "https://portal.example.vn?x=1",
            "https://user@portal.example.vn",
            "ftp://portal.example.vn",
            "*",
            "null",
        ] {
            let problem = parse_origins(bad).err().unwrap_or_default();
            assert!(problem.contains(bad), "{bad}: {problem}");
        }
    }

    #[test]
    fn a_bad_origin_stops_start_up_naming_the_setting() {
        let figment = Figment::from(Toml::string(DEFAULTS)).merge(Serialized::default(
            "cors_allowed_origins",
            "https://ok.example.vn,https://portal.example.vn/app",
        ));
        let problems = Config::from_figment(figment).err().unwrap_or_default();
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert!(
            problems[0].starts_with("setting 'cors_allowed_origins'")
                && problems[0].contains("https://portal.example.vn/app"),
            "{problems:?}"
        );
    }

    #[test]
    #[allow(clippy::result_large_err)] // figment::Jail's signature, not ours
    fn the_environment_gives_a_comma_separated_list() {
        figment::Jail::expect_with(|jail| {
            jail.set_env(
                "CCHC_CORS_ALLOWED_ORIGINS",
                "https://a.example.vn,http://localhost:3000",
            );
            let config = Config::load(None).map_err(|e| e.join("; "))?;
            assert_eq!(
                parse_origins(&config.cors_allowed_origins),
                Ok(vec![
                    "https://a.example.vn".to_owned(),
                    "http://localhost:3000".to_owned()
                ])
            );
            Ok(())
        });
    }
}
