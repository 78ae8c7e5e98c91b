//! The principals of recent tokens, kept between requests while nothing that decides them
//! has changed.
//!
//! Resolving a token's caller takes four reads (the sign-in's revocation, the principal,
//! and its unit subtree, a read per level). They change rarely: a user, an API client or a
//! unit is changed, or a sign-in ends. Each such change raises the one authorization epoch
//! (`auth_epoch`) in its own transaction — [`bump`], called by the one write path for the
//! journal's `user`, `api_client` and `unit` events and by every revocation of refresh
//! tokens. A request takes the epoch from this replica's [`super::epoch::EpochWatch`] (kept
//! current by PostgreSQL's notifications) or, without one, reads it (one indexed read of one
//! row), and takes the caller from the cache when it was resolved under that same epoch;
//! otherwise it resolves it and keeps it. The epoch is read *before* the principal, so a change that commits meanwhile
//! leaves the entry under the old epoch, and the next request reads it again: no replica
//! acts on rights that were taken away.

use sea_orm::{
    ColumnTrait, ConnectionTrait, DbBackend, EntityTrait, QueryFilter, QuerySelect, Statement,
};
use uuid::Uuid;

use super::epoch::Counter;
use super::{Principal, Scope};
use crate::entity::auth_epoch;
use crate::error::ApiError;

/// Entries kept (a few hundred bytes each, more for a province's subtree).
const CAPACITY: usize = 10_000;

/// What identifies a token's caller: its kind (`user`, `client`), subject, sign-in and
/// narrowed scope.
pub type Key = (String, Uuid, Option<Uuid>, Option<String>);

/// A caller as resolved under `epoch`.
#[derive(Debug, Clone)]
pub struct Resolved {
    /// The epoch it was resolved under.
    pub epoch: i64,
    /// The principal, narrowed to the token's scope.
    pub principal: Principal,
    /// The units it sees.
    pub scope: Scope,
}

/// The callers of recent tokens, per replica.
pub struct Principals {
    cache: quick_cache::sync::Cache<Key, Resolved>,
}

impl std::fmt::Debug for Principals {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Principals")
            .field("len", &self.cache.len())
            .finish()
    }
}

impl Default for Principals {
    fn default() -> Self {
        Principals {
            cache: quick_cache::sync::Cache::new(CAPACITY),
        }
    }
}

impl Principals {
    /// The caller of `key` if it was resolved under `epoch`.
    pub fn get(&self, key: &Key, epoch: i64) -> Option<Resolved> {
        self.cache.get(key).filter(|r| r.epoch == epoch)
    }

    /// Keeps a caller resolved under its epoch.
    pub fn insert(&self, key: Key, resolved: Resolved) {
        self.cache.insert(key, resolved);
    }
}

/// The current epoch of a counter (0 before its first raise).
pub async fn epoch(db: &impl ConnectionTrait, counter: Counter) -> Result<i64, ApiError> {
    let epoch: Option<i64> = auth_epoch::Entity::find()
        .select_only()
        .column(auth_epoch::Column::Epoch)
        .filter(auth_epoch::Column::Id.eq(counter.id()))
        .into_tuple()
        .one(db)
        .await?;
    Ok(epoch.unwrap_or(0))
}

/// Raises a counter's epoch, on `txn` (the change's transaction), and returns the new one
/// (the row is made at 1 on its first raise): every replica drops what it kept under the
/// old epoch once the change has committed. On PostgreSQL the same statement notifies the
/// listening replicas ([`super::epoch`]), on commit.
pub async fn bump(txn: &impl ConnectionTrait, counter: Counter) -> Result<i64, ApiError> {
    let backend = txn.get_database_backend();
    let id = counter.id();
    let upsert = format!(
        "INSERT INTO auth_epoch (id, epoch) VALUES ({id}, 1) \
         ON CONFLICT (id) DO UPDATE SET epoch = auth_epoch.epoch + 1 RETURNING epoch"
    );
    let sql = match backend {
        DbBackend::Postgres => format!(
            "WITH raised AS ({upsert}) \
             SELECT epoch, pg_notify('{}', current_schema() || ':' || epoch) FROM raised",
            counter.channel()
        ),
        _ => upsert,
    };
    let row = txn
        .query_one_raw(Statement::from_string(backend, sql))
        .await?
        .ok_or_else(|| ApiError::internal("auth_epoch was not raised"))?;
    Ok(row.try_get_by_index::<i64>(0)?)
}

/// Whether a journal event's resource decides what tokens may do.
pub fn decides_rights(resource_type: &str) -> bool {
    matches!(resource_type, "user" | "api_client" | "unit")
}
