//! Connecting to the database and bringing its schema up to date.

use std::sync::Arc;
use std::time::Duration;

use cchc_migrations::{Migrator, MigratorTrait};
use sea_orm::sqlx::sqlite::{SqliteJournalMode, SqliteSynchronous};
use sea_orm::{ConnectOptions, ConnectionTrait, Database, DatabaseConnection, DbErr, Statement};

use crate::config::Config;

/// Opens the pool: SQLite in WAL mode with foreign keys on, or PostgreSQL (in the configured
/// schema, created if missing).
pub async fn connect(config: &Config) -> Result<DatabaseConnection, DbErr> {
    // Several hosts (a primary and its standbys): connect to the one that accepts writes.
    let nodes = match failover::Nodes::parse(&config.database_url) {
        None => None,
        Some(Ok(nodes)) => Some(Arc::new(nodes)),
        Some(Err(e)) => return Err(DbErr::Custom(format!("database URL: {e}"))),
    };
    let url = match &nodes {
        Some(nodes) => nodes.find_primary().await.map_err(DbErr::Custom)?,
        None => config.database_url.clone(),
    };
    if config.is_postgres() && !config.database_schema.is_empty() {
        let admin = Database::connect(url.as_str()).await?;
        admin
            .execute_raw(Statement::from_string(
                admin.get_database_backend(),
                format!("CREATE SCHEMA IF NOT EXISTS \"{}\"", config.database_schema),
            ))
            .await?;
        admin.close().await?;
    }
    let mut options = ConnectOptions::new(url);
    options
        .max_connections(config.database_max_connections)
        .acquire_timeout(Duration::from_secs(5))
        // A connection used within the last half minute is handed out without a ping (a
        // round trip per statement otherwise); one idle longer is checked first.
        .test_before_acquire_if_idle_for(Duration::from_secs(30))
        .sqlx_logging(false);
    if config.is_postgres() && !config.database_schema.is_empty() {
        options.set_schema_search_path(config.database_schema.clone());
    }
    if config.is_postgres() {
        // A change abandoned mid-way (its task cancelled at shut-down) must not hold its
        // locks for ever: PostgreSQL ends a session idle inside a transaction this long.
        options.map_sqlx_postgres_opts(|o| {
            o.options([("idle_in_transaction_session_timeout", "60s")])
        });
    }
    if config.is_sqlite() {
        let busy = Duration::from_millis(config.database_busy_timeout_ms);
        options.map_sqlx_sqlite_opts(move |o| {
            o.journal_mode(SqliteJournalMode::Wal)
                .synchronous(SqliteSynchronous::Normal)
                .foreign_keys(true)
                .busy_timeout(busy)
        });
    }
    if let Some(nodes) = &nodes {
        // After a switch of primary, connections to the old one are dropped, not reused.
        let nodes = nodes.clone();
        options.map_sqlx_postgres_before_acquire(move |_, meta| {
            let keep = !nodes.opened_before_switch(meta.age);
            Box::pin(async move { Ok(keep) })
        });
    }
    let db = Database::connect(options).await?;
    if let Some(nodes) = nodes {
        tokio::spawn(failover::follow(db.clone(), nodes));
    }
    Ok(db)
}

/// Applies every pending migration.
pub async fn migrate(db: &DatabaseConnection) -> Result<(), DbErr> {
    Migrator::up(db, None).await
}

pub mod failover;
mod pinned;
pub use pinned::Pinned;

/// Whether this transaction holds a background job's lock — the PostgreSQL advisory lock
/// `key` (`pg_try_advisory_xact_lock`, released when the transaction ends), so that one
/// replica at a time runs the job; always on SQLite, which has one writer. Errors: the
/// database's.
pub async fn hold_job_lock(txn: &impl ConnectionTrait, key: i64) -> Result<bool, DbErr> {
    if txn.get_database_backend() != sea_orm::DbBackend::Postgres {
        return Ok(true);
    }
    let row = txn
        .query_one_raw(Statement::from_string(
            sea_orm::DbBackend::Postgres,
            format!("SELECT pg_try_advisory_xact_lock({key}) AS locked"),
        ))
        .await?;
    Ok(row
        .map(|r| r.try_get::<bool>("", "locked"))
        .transpose()?
        .unwrap_or(false))
}
