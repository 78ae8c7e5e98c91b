//! The authorization epoch as this replica knows it, so a request need not read it.
//!
//! Every change that decides rights raises the epoch in its own transaction
//! ([`super::cache::bump`]); on PostgreSQL the same statement sends a notification
//! (`NOTIFY cchc_auth_epoch`, payload `<schema>:<epoch>`), which PostgreSQL delivers to
//! every listening replica when the change commits. [`listen`] keeps one connection
//! listening and the newest epoch in an [`EpochWatch`]; the replica that made the change
//! raises its own watch as soon as it commits ([`crate::domain::write::Write::commit`]).
//!
//! While the listening connection is down (and before it is up), [`EpochWatch::current`]
//! says `None` and each request reads the epoch, as on SQLite, which has no notifications.
//! A lost connection is noticed when it breaks; the epoch is also read every
//! [`HEARTBEAT`] as a bound on a notification lost without the connection noticing. Another
//! replica acts on a change of rights once the notification arrives — milliseconds after
//! the commit.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicI64, Ordering};
use std::time::Duration;

use sea_orm::sqlx::postgres::{PgListener, PgPool};
use sea_orm::{DatabaseConnection, DbBackend};

/// The notification channel.
pub const CHANNEL: &str = "cchc_auth_epoch";

/// How often the listening replica also reads the epoch.
pub const HEARTBEAT: Duration = Duration::from_secs(5);

/// The newest authorization epoch this replica has heard of.
#[derive(Debug, Default)]
pub struct EpochWatch {
    known: AtomicI64,
    live: AtomicBool,
}

impl EpochWatch {
    /// The epoch, while this replica is listening for its changes; `None`: read it.
    pub fn current(&self) -> Option<i64> {
        self.live
            .load(Ordering::Acquire)
            .then(|| self.known.load(Ordering::Acquire))
    }

    /// Learns of `epoch` (a notification, or a change this replica committed).
    pub fn raise(&self, epoch: i64) {
        self.known.fetch_max(epoch, Ordering::AcqRel);
    }

    fn set_live(&self, live: bool) {
        self.live.store(live, Ordering::Release);
    }
}

/// Keeps `watch` current for as long as the process runs (PostgreSQL only; on SQLite the
/// watch stays not live and every request reads the epoch).
pub async fn listen(db: DatabaseConnection, watch: Arc<EpochWatch>) {
    if db.get_database_backend() != DbBackend::Postgres {
        return;
    }
    let pool = db.get_postgres_connection_pool().clone();
    let beat = pool.clone();
    let beating = watch.clone();
    tokio::spawn(async move {
        let mut heartbeat = tokio::time::interval(HEARTBEAT);
        loop {
            heartbeat.tick().await;
            if let Ok(epoch) = read(&beat).await {
                beating.raise(epoch);
            }
        }
    });
    let mut pause = Duration::from_millis(100);
    loop {
        if let Err(err) = session(&pool, &watch).await {
            tracing::warn!(error = %err, "listening for authorization changes stopped; requests read the epoch meanwhile");
        }
        watch.set_live(false);
        tokio::time::sleep(pause).await;
        pause = (pause * 2).min(Duration::from_secs(5));
    }
}

/// One listening connection: LISTEN first, then read the epoch (so nothing committed in
/// between is missed), then follow the notifications until the connection breaks.
async fn session(pool: &PgPool, watch: &EpochWatch) -> Result<(), sea_orm::sqlx::Error> {
    use sea_orm::sqlx::query_scalar;
    let mut listener = PgListener::connect_with(pool).await?;
    listener.listen(CHANNEL).await?;
    let schema: String = query_scalar("SELECT current_schema()::text")
        .fetch_one(&mut listener)
        .await?;
    let epoch = read(pool).await?;
    watch.raise(epoch);
    watch.set_live(true);
    // `None`: the connection broke, and notifications may have been missed.
    while let Some(n) = listener.try_recv().await? {
        if let Some(epoch) = parse(n.payload(), &schema) {
            watch.raise(epoch);
        }
    }
    Ok(())
}

async fn read(pool: &PgPool) -> Result<i64, sea_orm::sqlx::Error> {
    sea_orm::sqlx::query_scalar("SELECT epoch FROM auth_epoch WHERE id = 1")
        .fetch_optional(pool)
        .await
        .map(|e| e.unwrap_or(0))
}

/// The epoch of a notification for `schema` (`<schema>:<epoch>`); other schemas' (another
/// installation in the same database) are not ours.
fn parse(payload: &str, schema: &str) -> Option<i64> {
    let (from, epoch) = payload.rsplit_once(':')?;
    (from == schema).then(|| epoch.parse().ok()).flatten()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn notifications_of_other_schemas_are_not_ours() {
        assert_eq!(parse("public:42", "public"), Some(42));
        assert_eq!(parse("t_1:43", "public"), None);
        assert_eq!(parse("public:x", "public"), None);
        assert_eq!(parse("", "public"), None);
    }

    #[test]
    fn the_watch_keeps_the_newest_and_says_nothing_until_live() {
        let w = EpochWatch::default();
        w.raise(5);
        assert_eq!(w.current(), None);
        w.set_live(true);
        w.raise(3);
        assert_eq!(w.current(), Some(5));
        w.raise(7);
        assert_eq!(w.current(), Some(7));
        w.set_live(false);
        assert_eq!(w.current(), None);
    }
}
