//! `cchc-ceiling`: the benchmark's ceiling (bench/README.md). The three task endpoints the
//! product serves — list, get, create — as a bare actix-web + sqlx service over the SAME
//! tables and the same SQL, with a bearer JWT check and nothing else (no principal, scope,
//! audit, idempotency or outbox), so `bench/run.py` can state the product's figures as a
//! share of what this stack does at best on the same machine and data.
//!
//! Settings (environment): `CEILING_DATABASE_URL` (PostgreSQL, required),
//! `CEILING_JWT_SECRET` (the HS256 secret, required), `CEILING_BIND` (default
//! `127.0.0.1:8090`), `CEILING_MAX_CONNECTIONS` (default 10, the product's default pool),
//! `CEILING_WORKERS` (default 0: one per core, as the product).

mod jwt;
mod tasks;

use std::time::Duration;

use actix_web::{App, HttpResponse, HttpServer, get, web};
use sea_orm::sqlx::postgres::PgPoolOptions;

/// What every handler shares.
pub struct State {
    /// The pool (one checkout per request).
    pub pool: sea_orm::sqlx::PgPool,
    /// The HS256 secret bearer tokens are signed with.
    pub secret: Vec<u8>,
}

fn setting(name: &str) -> Option<String> {
    std::env::var(name).ok().filter(|v| !v.is_empty())
}

fn number(name: &str, default: u32) -> std::io::Result<u32> {
    match setting(name) {
        None => Ok(default),
        Some(v) => v
            .parse()
            .map_err(|_| std::io::Error::other(format!("{name} must be a number, got {v:?}"))),
    }
}

/// Readiness, as the product's `/readyz`: one query.
#[get("/readyz")]
async fn ready(state: web::Data<State>) -> HttpResponse {
    match sea_orm::sqlx::query("SELECT 1").execute(&state.pool).await {
        Ok(_) => HttpResponse::Ok().json(serde_json::json!({"status": "ok"})),
        Err(_) => HttpResponse::ServiceUnavailable().finish(),
    }
}

#[actix_web::main]
async fn main() -> std::io::Result<()> {
    let missing = |name: &str| std::io::Error::other(format!("{name} is required"));
    let url = setting("CEILING_DATABASE_URL").ok_or_else(|| missing("CEILING_DATABASE_URL"))?;
    let secret = setting("CEILING_JWT_SECRET").ok_or_else(|| missing("CEILING_JWT_SECRET"))?;
    let bind = setting("CEILING_BIND").unwrap_or_else(|| "127.0.0.1:8090".into());
    let max = number("CEILING_MAX_CONNECTIONS", 10)?;
    let workers = number("CEILING_WORKERS", 0)?;
    let pool = PgPoolOptions::new()
        .max_connections(max)
        .acquire_timeout(Duration::from_secs(10))
        .connect(&url)
        .await
        .map_err(std::io::Error::other)?;
    let state = web::Data::new(State {
        pool,
        secret: secret.into_bytes(),
    });
    let mut server = HttpServer::new(move || {
        App::new()
            .app_data(state.clone())
            .service(ready)
            .configure(tasks::configure)
    });
    if workers > 0 {
        server = server.workers(workers as usize);
    }
    server.bind(bind)?.run().await
}
