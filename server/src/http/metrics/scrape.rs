//! The `/metrics` route: the token check, the values read at scrape time, the encoding.

use actix_web::{HttpRequest, HttpResponse, web};
use prometheus_client::encoding::EncodeLabelSet;
use prometheus_client::encoding::prometheus_text::{CONTENT_TYPE, encode};
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::Gauge;
use prometheus_client::registry::Registry;
use sea_orm::sqlx;
use sea_orm::{
    ColumnTrait, DatabaseConnection, DbBackend, DbErr, EntityTrait, QueryFilter, QuerySelect,
};
use sha2::{Digest, Sha256};

use crate::AppState;
use crate::config::Config;
use crate::entity::export_jobs as jobs;
use crate::error::{ApiError, ErrorKind};

/// Where the metrics are served.
pub const PATH: &str = "/metrics";

/// Registers `GET /metrics` when the `metrics_token` setting is set; otherwise nothing, so
/// the path is unknown (404) like any other.
pub fn routes(config: &Config) -> impl FnOnce(&mut web::ServiceConfig) + use<> {
    let enabled = !config.metrics_token.is_empty();
    move |cfg| {
        if enabled {
            cfg.route(PATH, web::get().to(scrape));
        }
    }
}

/// `GET /metrics`: the metrics in the Prometheus text format (0.0.4). Errors: 401 without
/// `Authorization: Bearer <metrics_token>`.
async fn scrape(req: HttpRequest, state: web::Data<AppState>) -> Result<HttpResponse, ApiError> {
    let given = crate::auth::bearer(&req).unwrap_or_default();
    if !same_token(given, &state.config.metrics_token) {
        return Err(ApiError::new(ErrorKind::Unauthorized).with_detail(
            "Cần mã của /metrics: Authorization: Bearer <metrics_token>.",
            "The metrics token is required: Authorization: Bearer <metrics_token>.",
        ));
    }
    let now = read_now(&state.db).await;
    let mut body = String::with_capacity(16 * 1024);
    encode(&mut body, &state.metrics.registry).map_err(ApiError::internal)?;
    encode(&mut body, &now).map_err(ApiError::internal)?;
    Ok(HttpResponse::Ok().content_type(CONTENT_TYPE).body(body))
}

/// Whether `given` is the configured token, in time that does not depend on where they
/// differ: both are hashed first, so the comparison runs over equal-length digests whose
/// differences tell nothing about the token.
fn same_token(given: &str, expected: &str) -> bool {
    if expected.is_empty() {
        return false;
    }
    let (a, b) = (
        Sha256::digest(given.as_bytes()),
        Sha256::digest(expected.as_bytes()),
    );
    a.iter()
        .zip(b.iter())
        .fold(0u8, |acc, (x, y)| acc | (x ^ y))
        == 0
}

#[derive(Debug, Clone, PartialEq, Eq, Hash, EncodeLabelSet)]
struct StateLabel {
    state: &'static str,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash, EncodeLabelSet)]
struct StatusLabel {
    status: &'static str,
}

/// The values read now, in a registry of this scrape alone: a value that could not be read
/// is absent rather than stale.
async fn read_now(db: &DatabaseConnection) -> Registry {
    let mut registry = Registry::with_prefix("cchc");
    let (in_use, idle, max) = pool_use(db);
    let connections = Family::<StateLabel, Gauge>::default();
    connections
        .get_or_create(&StateLabel { state: "in_use" })
        .set(in_use);
    connections
        .get_or_create(&StateLabel { state: "idle" })
        .set(idle);
    registry.register(
        "db_pool_connections",
        "Connections of the database pool by state: in_use (lent to a request or job) or idle",
        connections,
    );
    let most: Gauge = Gauge::default();
    most.set(max);
    registry.register(
        "db_pool_max_connections",
        "The most connections the database pool opens (the database_max_connections setting)",
        most,
    );
    match export_queue(db).await {
        Ok((queued, running)) => {
            let export_jobs = Family::<StatusLabel, Gauge>::default();
            export_jobs
                .get_or_create(&StatusLabel { status: "queued" })
                .set(queued);
            export_jobs
                .get_or_create(&StatusLabel { status: "running" })
                .set(running);
            registry.register(
                "export_jobs",
                "Export jobs waiting for a worker (queued) or being made (running), all replicas",
                export_jobs,
            );
        }
        Err(err) => tracing::warn!(error = %err, "metrics: reading the export queue failed"),
    }
    registry
}

/// `(in use, idle, max)` connections of this process's pool.
fn pool_use(db: &DatabaseConnection) -> (i64, i64, i64) {
    fn of<D: sqlx::Database>(pool: &sqlx::Pool<D>) -> (i64, i64, i64) {
        let open = i64::from(pool.size());
        let idle = i64::try_from(pool.num_idle()).unwrap_or(i64::MAX);
        // Read one after the other while connections come and go: never below zero.
        let idle = idle.min(open);
        (
            open - idle,
            idle,
            i64::from(pool.options().get_max_connections()),
        )
    }
    // The getters panic on the other backend: ask which one it is first.
    match db.get_database_backend() {
        DbBackend::Postgres => of(db.get_postgres_connection_pool()),
        DbBackend::Sqlite => of(db.get_sqlite_connection_pool()),
        _ => (0, 0, 0),
    }
}

/// `(queued, running)` export jobs (of every replica: they share the table).
async fn export_queue(db: &DatabaseConnection) -> Result<(i64, i64), DbErr> {
    let counts: Vec<(String, i64)> = jobs::Entity::find()
        .select_only()
        .column(jobs::Column::Status)
        .column_as(jobs::Column::Id.count(), "n")
        .filter(jobs::Column::Status.is_in(["queued", "running"]))
        .group_by(jobs::Column::Status)
        .into_tuple()
        .all(db)
        .await?;
    let count = |status: &str| {
        counts
            .iter()
            .find(|(s, _)| s == status)
            .map_or(0, |(_, n)| *n)
    };
    Ok((count("queued"), count("running")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_configured_token_passes() {
        assert!(same_token("0123456789abcdef", "0123456789abcdef"));
        assert!(!same_token("0123456789abcdeF", "0123456789abcdef"));
        assert!(!same_token("", "0123456789abcdef"));
        assert!(!same_token("", ""), "an empty setting lets no one in");
    }

    #[test]
    fn a_short_or_spaced_token_stops_start_up() {
        use figment::Figment;
        use figment::providers::{Format, Serialized, Toml};
        let with = |token: &str| {
            Config::from_figment(
                Figment::from(Toml::string(crate::config::DEFAULTS))
                    .merge(Serialized::default("metrics_token", token)),
            )
        };
        for bad in ["too-short", "sixteen or more, with spaces"] {
            let problems = with(bad).err().unwrap_or_default();
            assert!(
                problems
                    .iter()
                    .any(|p| p.starts_with("setting 'metrics_token'")),
                "{bad}: {problems:?}"
            );
        }
        assert!(with("0123456789abcdef").is_ok());
        assert!(with("").is_ok(), "empty: not served");
    }
}
