//! One pooled connection for a request's reads.
//!
//! Through a [`DatabaseConnection`] every statement checks a connection out of the pool
//! and gives it back, and sqlx pings a connection each time it comes back: a read of four
//! statements costs eight round trips to PostgreSQL. A [`Pinned`] checks one connection
//! out on its first statement and keeps it until [`Pinned::release`] (or its drop), so the
//! same read costs four round trips and one ping.
//!
//! It is for reads outside a change: a change runs on its own transaction
//! ([`crate::domain::write::Write`]). A holder must release it before it begins a change,
//! or one request would hold two of the pool's connections at once — enough such requests
//! would exhaust the pool waiting for each other.

use sea_orm::Values;
use sea_orm::sqlx::pool::PoolConnection;
use sea_orm::sqlx::{self, Executor, Postgres, Sqlite};
use sea_orm::{
    ConnAcquireErr, ConnectionTrait, DatabaseConnection, DbBackend, DbErr, ExecResult, QueryResult,
    RuntimeErr, Statement,
};
use sea_query_sqlx::SqlxValues;
use tokio::sync::Mutex;

/// A connection held for a request's reads; see the module's documentation.
pub struct Pinned {
    pool: DatabaseConnection,
    held: Mutex<Option<Held>>,
}

enum Held {
    Postgres(PoolConnection<Postgres>),
    Sqlite(PoolConnection<Sqlite>),
}

impl std::fmt::Debug for Pinned {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Pinned").finish_non_exhaustive()
    }
}

impl Pinned {
    /// A pinned connection of `pool`, checked out on its first statement.
    pub fn new(pool: DatabaseConnection) -> Pinned {
        Pinned {
            pool,
            held: Mutex::new(None),
        }
    }

    /// Gives the connection back to the pool now (a later statement checks one out again).
    /// Does nothing while a statement is running on it.
    pub fn release(&self) {
        if let Ok(mut held) = self.held.try_lock() {
            held.take();
        }
    }

    async fn acquire(&self) -> Result<Held, DbErr> {
        Ok(match self.pool.get_database_backend() {
            DbBackend::Postgres => Held::Postgres(
                self.pool
                    .get_postgres_connection_pool()
                    .acquire()
                    .await
                    .map_err(acquire_err)?,
            ),
            DbBackend::Sqlite => Held::Sqlite(
                self.pool
                    .get_sqlite_connection_pool()
                    .acquire()
                    .await
                    .map_err(acquire_err)?,
            ),
            other => {
                return Err(DbErr::BackendNotSupported {
                    db: other.as_str(),
                    ctx: "Pinned",
                });
            }
        })
    }
}

/// The errors sea-orm gives for the same failures, so callers map them alike.
fn acquire_err(err: sqlx::Error) -> DbErr {
    match err {
        sqlx::Error::PoolTimedOut => DbErr::ConnectionAcquire(ConnAcquireErr::Timeout),
        sqlx::Error::PoolClosed => DbErr::ConnectionAcquire(ConnAcquireErr::ConnectionClosed),
        other => DbErr::Conn(RuntimeErr::SqlxError(other.into())),
    }
}

fn exec_err(err: sqlx::Error) -> DbErr {
    DbErr::Exec(RuntimeErr::SqlxError(err.into()))
}

fn query_err(err: sqlx::Error) -> DbErr {
    DbErr::Query(RuntimeErr::SqlxError(err.into()))
}

fn values(stmt: &Statement) -> SqlxValues {
    SqlxValues(stmt.values.clone().unwrap_or(Values(Vec::new())))
}

/// Runs `$body` with `$c` bound to the held connection of the backend, checking one out
/// first if none is held.
macro_rules! on_held {
    ($self:ident, $c:ident => $pg:expr, $lite:expr) => {{
        let mut guard = $self.held.lock().await;
        if guard.is_none() {
            *guard = Some($self.acquire().await?);
        }
        match guard.as_mut() {
            Some(Held::Postgres($c)) => $pg,
            Some(Held::Sqlite($c)) => $lite,
            None => unreachable!("a connection was just checked out"),
        }
    }};
}

#[async_trait::async_trait]
impl ConnectionTrait for Pinned {
    fn get_database_backend(&self) -> DbBackend {
        self.pool.get_database_backend()
    }

    async fn execute_raw(&self, stmt: Statement) -> Result<ExecResult, DbErr> {
        let sql = sqlx::AssertSqlSafe(stmt.sql.as_str());
        on_held!(self, c =>
            sqlx::query_with(sql, values(&stmt)).execute(&mut **c).await.map(Into::into).map_err(exec_err),
            sqlx::query_with(sql, values(&stmt)).execute(&mut **c).await.map(Into::into).map_err(exec_err)
        )
    }

    async fn execute_unprepared(&self, sql: &str) -> Result<ExecResult, DbErr> {
        let sql = sqlx::AssertSqlSafe(sql.to_owned());
        on_held!(self, c =>
            (&mut **c).execute(sql).await.map(Into::into).map_err(exec_err),
            (&mut **c).execute(sql).await.map(Into::into).map_err(exec_err)
        )
    }

    async fn query_one_raw(&self, stmt: Statement) -> Result<Option<QueryResult>, DbErr> {
        let sql = sqlx::AssertSqlSafe(stmt.sql.as_str());
        on_held!(self, c =>
            sqlx::query_with(sql, values(&stmt)).fetch_optional(&mut **c).await.map(|r| r.map(Into::into)).map_err(query_err),
            sqlx::query_with(sql, values(&stmt)).fetch_optional(&mut **c).await.map(|r| r.map(Into::into)).map_err(query_err)
        )
    }

    async fn query_all_raw(&self, stmt: Statement) -> Result<Vec<QueryResult>, DbErr> {
        let sql = sqlx::AssertSqlSafe(stmt.sql.as_str());
        on_held!(self, c =>
            sqlx::query_with(sql, values(&stmt)).fetch_all(&mut **c).await.map(|rows| rows.into_iter().map(Into::into).collect()).map_err(query_err),
            sqlx::query_with(sql, values(&stmt)).fetch_all(&mut **c).await.map(|rows| rows.into_iter().map(Into::into).collect()).map_err(query_err)
        )
    }
}
