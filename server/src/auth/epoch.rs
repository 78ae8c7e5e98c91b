//! The epochs as this replica knows them, so a request need not read them.
//!
//! Two counters live in `auth_epoch`: the authorization epoch (row 1), raised by every
//! change that decides rights ([`super::cache`]), and the results epoch (row 2), raised by
//! every change a published ranking depends on ([`crate::domain::index::rankings`]). Each
//! raise ([`super::cache::bump`]) is in the change's own transaction; on PostgreSQL the
//! same statement sends a notification (`NOTIFY cchc_auth_epoch` / `cchc_results_epoch`,
//! payload `<schema>:<epoch>`), which PostgreSQL delivers to every listening replica when
//! the change commits. [`listen`] keeps one connection listening to both and the newest
//! epochs in an [`EpochWatch`]; the replica that made the change raises its own watch as
//! soon as it commits ([`crate::domain::write::Write::commit`]).
//!
//! While the listening connection is down (and before it is up), [`EpochWatch::current`]
//! says `None` and each request reads the epoch, as on SQLite, which has no notifications.
//! A lost connection is noticed when it breaks; the epochs are also read every
//! [`HEARTBEAT`] as a bound on a notification lost without the connection noticing. Another
//! replica acts on a change once the notification arrives — milliseconds after the commit.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicI64, Ordering};
use std::time::Duration;

use sea_orm::sqlx::postgres::{PgListener, PgPool};
use sea_orm::{DatabaseConnection, DbBackend};

/// One counter of `auth_epoch`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Counter {
    /// What tokens may do (row 1).
    Auth,
    /// What published rankings hold (row 2).
    Results,
}

impl Counter {
    /// Every counter.
    pub const ALL: [Counter; 2] = [Counter::Auth, Counter::Results];

    /// Its row in `auth_epoch`.
    pub fn id(self) -> i32 {
        match self {
            Counter::Auth => 1,
            Counter::Results => 2,
        }
    }

    /// Its notification channel.
    pub fn channel(self) -> &'static str {
        match self {
            Counter::Auth => "cchc_auth_epoch",
            Counter::Results => "cchc_results_epoch",
        }
    }

    pub(crate) fn slot(self) -> usize {
        self as usize
    }

    fn of_id(id: i32) -> Option<Counter> {
        Counter::ALL.into_iter().find(|c| c.id() == id)
    }
}

/// How often the listening replica also reads the epochs.
pub const HEARTBEAT: Duration = Duration::from_secs(5);

/// The newest epochs this replica has heard of.
#[derive(Debug, Default)]
pub struct EpochWatch {
    known: [AtomicI64; 2],
    live: AtomicBool,
}

impl EpochWatch {
    /// The counter's epoch, while this replica is listening for its changes; `None`: read
    /// it.
    pub fn current(&self, counter: Counter) -> Option<i64> {
        self.live
            .load(Ordering::Acquire)
            .then(|| self.known[counter.slot()].load(Ordering::Acquire))
    }

    /// Learns of `epoch` (a notification, or a change this replica committed).
    pub fn raise(&self, counter: Counter, epoch: i64) {
        self.known[counter.slot()].fetch_max(epoch, Ordering::AcqRel);
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
            if let Ok(epochs) = read(&beat).await {
                for (counter, epoch) in epochs {
                    beating.raise(counter, epoch);
                }
            }
        }
    });
    let mut pause = Duration::from_millis(100);
    loop {
        if let Err(err) = session(&pool, &watch).await {
            tracing::warn!(error = %err, "listening for epoch changes stopped; requests read the epochs meanwhile");
        }
        watch.set_live(false);
        tokio::time::sleep(pause).await;
        pause = (pause * 2).min(Duration::from_secs(5));
    }
}

/// One listening connection: LISTEN first, then read the epochs (so nothing committed in
/// between is missed), then follow the notifications until the connection breaks.
async fn session(pool: &PgPool, watch: &EpochWatch) -> Result<(), sea_orm::sqlx::Error> {
    use sea_orm::sqlx::query_scalar;
    let mut listener = PgListener::connect_with(pool).await?;
    listener
        .listen_all(Counter::ALL.map(Counter::channel))
        .await?;
    let schema: String = query_scalar("SELECT current_schema()::text")
        .fetch_one(&mut listener)
        .await?;
    for (counter, epoch) in read(pool).await? {
        watch.raise(counter, epoch);
    }
    watch.set_live(true);
    // `None`: the connection broke, and notifications may have been missed.
    while let Some(n) = listener.try_recv().await? {
        let counter = Counter::ALL
            .into_iter()
            .find(|c| c.channel() == n.channel());
        if let (Some(counter), Some(epoch)) = (counter, parse(n.payload(), &schema)) {
            watch.raise(counter, epoch);
        }
    }
    Ok(())
}

async fn read(pool: &PgPool) -> Result<Vec<(Counter, i64)>, sea_orm::sqlx::Error> {
    let rows: Vec<(i32, i64)> = sea_orm::sqlx::query_as("SELECT id, epoch FROM auth_epoch")
        .fetch_all(pool)
        .await?;
    Ok(rows
        .into_iter()
        .filter_map(|(id, epoch)| Counter::of_id(id).map(|c| (c, epoch)))
        .collect())
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
        let auth = Counter::Auth;
        w.raise(auth, 5);
        assert_eq!(w.current(auth), None);
        w.set_live(true);
        w.raise(auth, 3);
        assert_eq!(w.current(auth), Some(5));
        w.raise(auth, 7);
        assert_eq!(w.current(auth), Some(7));
        assert_eq!(w.current(Counter::Results), Some(0), "each counter its own");
        w.raise(Counter::Results, 2);
        assert_eq!(w.current(Counter::Results), Some(2));
        assert_eq!(w.current(auth), Some(7));
        w.set_live(false);
        assert_eq!(w.current(auth), None);
    }
}
