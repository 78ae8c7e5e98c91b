//! The one write path. Every state change of the system goes through a [`Write`]:
//!
//! 1. [`Write::begin`] opens the transaction (`BEGIN IMMEDIATE` on SQLite, so a write never
//!    fails half-way on a lock another writer took after our reads);
//! 2. the caller loads its target through the scoped loaders (another unit's row is "not
//!    found"), checks the permission and the rule, and saves with the version check, all on
//!    [`Write::db`];
//! 3. [`Write::journal`] appends the audit event in the same transaction and hands back a
//!    [`Journaled`] proof;
//! 4. [`Write::commit`] takes that proof — a change cannot be committed without its audit
//!    event, which the compiler checks, not a reviewer — marks the request's
//!    `Idempotency-Key` as committed in the same transaction, and commits.
//!
//! Because the key is marked inside the change's own transaction, a server killed between
//! the commit and the answer leaves a key that says "done": the retry never runs the change
//! a second time. Dropping a `Write` without committing rolls everything back, at once.

use chrono::Utc;
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseConnection,
    DatabaseTransaction, EntityTrait, QueryFilter, SqliteTransactionMode, TransactionOptions,
    TransactionTrait,
};
use uuid::Uuid;

use crate::auth::Ctx;
use crate::domain::audit::{Actor, Event};
use crate::entity::audit_events;
use crate::entity::idempotency_keys::{self as keys, COMMITTED, IN_FLIGHT};
use crate::error::ApiError;

/// A change in progress: one transaction, its actor and the request's idempotency key.
pub struct Write {
    /// Always `Some` until [`Write::commit`] takes it or the `Write` is dropped.
    txn: Option<DatabaseTransaction>,
    actor: Actor,
    idempotency: Option<String>,
    now: chrono::DateTime<Utc>,
}

/// Proof that a change wrote its audit event; [`Write::commit`] wants one. It can only be
/// made by [`Write::journal`].
#[must_use = "a journaled change must be committed with this proof"]
#[derive(Debug)]
pub struct Journaled(());

impl Journaled {
    /// One proof for two journaled steps of the same change.
    pub fn and(self, _other: Journaled) -> Journaled {
        self
    }
}

impl Write {
    /// Begins a change made by the caller of a request.
    pub async fn begin(db: &DatabaseConnection, ctx: &Ctx) -> Result<Write, ApiError> {
        Write::begin_as(db, Actor::of(ctx), ctx.meta.idempotency.clone(), ctx.now).await
    }

    /// Begins a change made by `actor` (a sign-in, the installation itself) at `now`, under
    /// the stored idempotency key `idempotency` (its scope hash) when the request carried one.
    pub async fn begin_as(
        db: &DatabaseConnection,
        actor: Actor,
        idempotency: Option<String>,
        now: chrono::DateTime<Utc>,
    ) -> Result<Write, ApiError> {
        let txn = db
            .begin_with_options(TransactionOptions {
                sqlite_transaction_mode: Some(SqliteTransactionMode::Immediate),
                ..Default::default()
            })
            .await?;
        Ok(Write {
            txn: Some(txn),
            actor,
            idempotency,
            now,
        })
    }

    /// The transaction: load, check and save on it.
    pub fn db(&self) -> &DatabaseTransaction {
        match &self.txn {
            Some(txn) => txn,
            // Taken only by `commit` (which consumes the `Write`) and by `drop`.
            None => unreachable!("a Write's transaction is used after its end"),
        }
    }

    /// The time of the change (read once, from the request).
    pub fn now(&self) -> chrono::DateTime<Utc> {
        self.now
    }

    /// The calendar date in Vietnam at the time of the change.
    pub fn today(&self) -> chrono::NaiveDate {
        crate::domain::clock::vietnam_date(self.now)
    }

    /// Who makes the change.
    pub fn actor(&self) -> &Actor {
        &self.actor
    }

    /// Appends the audit event of (one step of) the change, in its transaction, and, when
    /// the event is also a webhook event, its outbox row and deliveries (same transaction:
    /// no call site has to remember, and a rolled-back change sends nothing); a change of a
    /// user, API client or unit also raises the authorization epoch ([`crate::auth::cache`]).
    pub async fn journal(&self, event: Event<'_>) -> Result<Journaled, ApiError> {
        crate::domain::webhooks::outbox::append(self.db(), &event, self.now).await?;
        if crate::auth::cache::decides_rights(event.resource_type) {
            crate::auth::cache::bump(self.db()).await?;
        }
        record(self.db(), &self.actor, event, self.now).await?;
        Ok(Journaled(()))
    }

    /// Commits the change, with the request's idempotency key marked as used in the same
    /// transaction (its answer is stored right after, by the HTTP layer).
    pub async fn commit(mut self, _proof: Journaled) -> Result<(), ApiError> {
        if let Some(scope_hash) = &self.idempotency {
            keys::Entity::update_many()
                .col_expr(keys::Column::State, Expr::value(COMMITTED))
                .filter(keys::Column::ScopeHash.eq(scope_hash.as_str()))
                .filter(keys::Column::State.eq(IN_FLIGHT))
                .exec(self.db())
                .await?;
        }
        if let Some(txn) = self.txn.take() {
            txn.commit().await?;
        }
        Ok(())
    }
}

impl Write {
    /// Ends a change that found nothing to change, releasing its locks now.
    pub async fn rollback(mut self) -> Result<(), ApiError> {
        if let Some(txn) = self.txn.take() {
            txn.rollback().await?;
        }
        Ok(())
    }
}

/// A change dropped without `commit` (an error, nothing to change) is rolled back now, not
/// when its pooled connection is next used: on PostgreSQL the connection would otherwise
/// stay "idle in transaction", holding its locks (rows it updated or claimed, and the
/// tables it read, which blocks DDL) until then.
impl Drop for Write {
    fn drop(&mut self) {
        if let Some(txn) = self.txn.take()
            && let Ok(runtime) = tokio::runtime::Handle::try_current()
        {
            runtime.spawn(async move {
                if let Err(e) = txn.rollback().await {
                    tracing::warn!(error = %e, "rolling back an abandoned change failed");
                }
            });
        }
    }
}

/// Writes one journal entry, inside the change's transaction: the only place a row of the
/// journal is written.
async fn record(
    db: &impl ConnectionTrait,
    actor: &Actor,
    event: Event<'_>,
    now: chrono::DateTime<Utc>,
) -> Result<(), ApiError> {
    audit_events::ActiveModel {
        id: Set(Uuid::now_v7()),
        occurred_at: Set(now),
        actor_kind: Set(actor.kind.to_owned()),
        actor_id: Set(actor.id),
        actor_name: Set(actor.name.clone()),
        unit_id: Set(event.unit_id),
        resource_type: Set(event.resource_type.to_owned()),
        resource_id: Set(event.resource_id),
        action: Set(event.action.to_owned()),
        changes: Set(event.changes.to_string()),
        request_id: Set(Some(actor.meta.request_id.clone()).filter(|s| !s.is_empty())),
        client_ip: Set(Some(actor.meta.client_ip.clone()).filter(|s| !s.is_empty())),
        operation: Set(actor.meta.operation.clone()),
    }
    .insert(db)
    .await?;
    Ok(())
}
