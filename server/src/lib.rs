//! # cchc-server
//!
//! The actix-web service of CCHC. `main.rs` is only the CLI; everything else is here so
//! tests can start the real server on `127.0.0.1:0`:
//!
//! ```text
//! route (extract, authorize) -> domain (rules, one transaction) -> entity/DB
//!                            <- wire type (cchc-sdk) <- domain
//! ```

use std::net::TcpListener;
use std::sync::Arc;

use actix_web::dev::Server;
use actix_web::middleware::{Compress, from_fn};
use actix_web::{App, HttpResponse, HttpServer, web};
use sea_orm::DatabaseConnection;
use utoipa::{Modify, OpenApi};
use utoipa_actix_web::AppExt;
use utoipa_swagger_ui::{Config as SwaggerConfig, SwaggerUi};

pub mod admin;
pub mod auth;
pub mod bench_data;
pub mod bootstrap;
pub mod config;
pub mod db;
pub mod demo;
/// The seed plan's content (`demo::plan`), where the tests and documents have it.
pub use demo::plan as demo_plan;
pub mod documents;
pub mod domain;
pub mod entity;
pub mod error;
pub mod http;
pub mod jobs;
pub mod openapi;
pub mod operations;
pub mod routes;

use crate::config::Config;
use crate::http::fallback::RouteTable;

/// What every request can reach.
#[derive(Debug, Clone)]
pub struct AppState {
    /// The database pool.
    pub db: DatabaseConnection,
    /// The settings, loaded once.
    pub config: Arc<Config>,
    /// Signing keys of access tokens.
    pub keys: Arc<auth::tokens::KeyRing>,
    /// Rate limiters of this replica.
    pub limits: Arc<auth::rate_limit::RateLimits>,
    /// The one clock (the system's, or the `fixed_time` setting's).
    pub clock: Arc<dyn domain::clock::Clock>,
    /// The callers of recent tokens (see [`auth::cache`]).
    pub principals: Arc<auth::cache::Principals>,
    /// The authorization and results epochs as this replica knows them (see
    /// [`auth::epoch`]).
    pub epoch: Arc<auth::epoch::EpochWatch>,
    /// The rankings of this replica (see [`domain::index::rankings`]).
    pub rankings: Arc<domain::index::rankings::Rankings>,
    /// The metrics of this process, served at `/metrics` (see [`http::metrics`]).
    pub metrics: Arc<http::metrics::Metrics>,
}

/// The full OpenAPI document of the service.
pub fn openapi() -> utoipa::openapi::OpenApi {
    let (_, mut api) = App::new()
        .into_utoipa_app()
        .openapi(openapi::ApiDoc::openapi())
        .configure(routes::configure)
        .split_for_parts();
    openapi::SharedParts.modify(&mut api);
    api
}

/// Connects, migrates and (when configured) loads the demo data.
pub async fn prepare(config: Config) -> Result<AppState, String> {
    let db = db::connect(&config).await.map_err(|e| {
        format!(
            "cannot open the database {}: {e}",
            config::redact_url(&config.database_url)
        )
    })?;
    db::migrate(&db)
        .await
        .map_err(|e| format!("migrations failed: {e}"))?;
    let keys = auth::tokens::KeyRing::load(
        db.clone(),
        config.jwt_issuer.clone(),
        config.jwt_audience.clone(),
    )
    .await
    .map_err(|e| format!("signing keys: {e}"))?;
    bootstrap::ensure_admin(&db, &config)
        .await
        .map_err(|e| format!("bootstrap admin: {e}"))?;
    if config.demo_enabled()
        && demo::seed(&db, &config)
            .await
            .map_err(|e| format!("demo data failed: {e}"))?
    {
        tracing::info!("demo data loaded");
    }
    let limits = auth::rate_limit::RateLimits::new(&config);
    let clock: Arc<dyn domain::clock::Clock> =
        match chrono::DateTime::parse_from_rfc3339(&config.fixed_time) {
            Ok(at) => Arc::new(domain::clock::FixedClock(at.with_timezone(&chrono::Utc))),
            Err(_) => Arc::new(domain::clock::SystemClock),
        };
    Ok(AppState {
        db,
        clock,
        config: Arc::new(config),
        keys: Arc::new(keys),
        limits: Arc::new(limits),
        principals: Arc::default(),
        epoch: Arc::default(),
        rankings: Arc::default(),
        metrics: Arc::default(),
    })
}

/// Where the OpenAPI description is served (and Swagger UI at `/docs` reads it).
pub const SPEC_PATH: &str = "/api/v1/openapi.json";

/// The handler of [`SPEC_PATH`]: the description serialized once.
fn spec_json(spec: web::Bytes) -> impl Fn() -> std::future::Ready<HttpResponse> + Clone + 'static {
    move || {
        std::future::ready(
            HttpResponse::Ok()
                .content_type(actix_web::http::header::ContentType::json())
                .body(spec.clone()),
        )
    }
}

/// Starts serving on `listener`; the returned server runs until stopped.
pub fn run(state: AppState, listener: TcpListener) -> std::io::Result<Server> {
    let api = openapi();
    // Serialized once, shared by the workers: a copy of the description per worker (as
    // Swagger UI's own route would keep) costs ~8 MB of resident memory each.
    let spec = web::Bytes::from(api.to_json().map_err(std::io::Error::other)?);
    let routes = web::Data::new(RouteTable::from_openapi(&api));
    let operations = web::Data::new(operations::Operations::from_openapi(&api));
    let limit = state.config.max_body_bytes;
    let workers = state.config.workers;
    let shutdown_secs = state.config.shutdown_timeout_secs;
    jobs::spawn(state.clone());
    tokio::spawn(auth::epoch::listen(state.db.clone(), state.epoch.clone()));
    let data = web::Data::new(state);
    let mut server = HttpServer::new(move || {
        // The spec and docs first: the /api/v1 scope would otherwise claim /api/v1/openapi.json.
        let (app, _) = App::new()
            .route(SPEC_PATH, web::get().to(spec_json(spec.clone())))
            .configure(http::metrics::routes(&data.config))
            .service(SwaggerUi::new("/docs/{_:.*}").config(SwaggerConfig::from(SPEC_PATH)))
            .service(web::redirect("/docs", "/docs/"))
            .into_utoipa_app()
            .configure(routes::configure)
            .split_for_parts();
        app.app_data(data.clone())
            .app_data(routes.clone())
            .app_data(operations.clone())
            .app_data(http::extract::query_config())
            .app_data(http::extract::path_config())
            .app_data(http::extract::payload_config(limit))
            .default_service(web::to(http::fallback::fallback))
            .wrap(from_fn(http::extract::query_text))
            .wrap(from_fn(http::timeout::timeout))
            .wrap(from_fn(http::idempotency::idempotency))
            .wrap(from_fn(auth::rate_limit::rate_limit))
            // CORS: preflights answered inside the envelope, headers added outside it.
            .wrap(http::cors::preflight(&data.config.cors_allowed_origins))
            .wrap(Compress::default())
            .wrap(from_fn(http::envelope::envelope))
            .wrap(http::cors::responses(&data.config.cors_allowed_origins))
            .wrap(from_fn(http::metrics::track))
    })
    .listen(listener)?;
    if workers > 0 {
        server = server.workers(workers);
    }
    // SIGTERM stops the listener at once and lets requests in flight finish (SIGINT and
    // SIGQUIT stop at once).
    Ok(server.shutdown_timeout(shutdown_secs).run())
}
