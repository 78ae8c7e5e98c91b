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
//!    event, which the compiler checks, not a reviewer — stores the request's
//!    `Idempotency-Key` as used in the same transaction, and commits: one commit.
//!
//! Because the key is stored inside the change's own transaction, a server killed between
//! the commit and the answer leaves a key that says "done": the retry never runs the change
//! a second time. Two requests with the same key running at once both reach this point;
//! the key's primary key lets one commit and the other end in 409 `idempotency_in_flight`,
//! its change rolled back. Dropping a `Write` without committing rolls everything back, at
//! once.

use std::sync::Arc;
use std::sync::atomic::{AtomicI64, Ordering};

use chrono::Utc;
use sea_orm::sea_query::{Expr, OnConflict};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ConnectionTrait, DatabaseConnection, DatabaseTransaction,
    EntityTrait, ExprTrait, SqliteTransactionMode, TransactionOptions, TransactionTrait,
};
use uuid::Uuid;

use crate::auth::epoch::{Counter, EpochWatch};
use crate::auth::{Ctx, IdempotencyClaim};
use crate::domain::audit::{Actor, Event};
use crate::entity::audit_events;
use crate::entity::idempotency_keys::{self as keys, COMMITTED, IN_FLIGHT};
use crate::error::{ApiError, ErrorKind};

/// Whether a journal event changes what a published ranking holds, so that it raises the
/// results epoch ([`crate::domain::index::rankings`]): a publication (the assessments
/// published, the decision), a unit (names, parents, lineage), a framework (bands).
pub fn changes_rankings(resource_type: &str, action: &str) -> bool {
    matches!(
        (resource_type, action),
        ("index_assessment", "publish")
            | ("index_publication", _)
            | ("unit", _)
            | ("index_framework", _)
    )
}

/// A change in progress: one transaction, its actor and the request's idempotency key.
pub struct Write {
    /// Always `Some` until [`Write::commit`] takes it or the `Write` is dropped.
    txn: Option<DatabaseTransaction>,
    actor: Actor,
    idempotency: Option<IdempotencyClaim>,
    now: chrono::DateTime<Utc>,
    /// The replica's epochs, and the epoch this change raised each counter to (0: none).
    epoch: Option<Arc<EpochWatch>>,
    raised: [AtomicI64; 2],
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
        let mut w =
            Write::begin_as(db, Actor::of(ctx), ctx.meta.idempotency.clone(), ctx.now).await?;
        w.epoch = ctx.epoch.clone();
        Ok(w)
    }

    /// The same change, raising `epoch` (this replica's) when it commits a change of rights.
    pub fn with_epoch(mut self, epoch: Arc<EpochWatch>) -> Write {
        self.epoch = Some(epoch);
        self
    }

    /// Begins a change made by `actor` (a sign-in, the installation itself) at `now`, under
    /// the request's `Idempotency-Key` when it carried one.
    pub async fn begin_as(
        db: &DatabaseConnection,
        actor: Actor,
        idempotency: Option<IdempotencyClaim>,
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
            epoch: None,
            raised: Default::default(),
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
    /// user, API client or unit also raises the authorization epoch ([`crate::auth::cache`]),
    /// and one a published ranking depends on the results epoch
    /// ([`changes_rankings`], [`crate::domain::index::rankings`]).
    pub async fn journal(&self, event: Event<'_>) -> Result<Journaled, ApiError> {
        crate::domain::webhooks::outbox::append(self.db(), &event, self.now).await?;
        if crate::auth::cache::decides_rights(event.resource_type) {
            self.raise_epoch().await?;
        }
        if changes_rankings(event.resource_type, event.action)
            && self.raised[Counter::Results.slot()].load(Ordering::Acquire) == 0
        {
            self.raise(Counter::Results).await?;
        }
        record(self.db(), &self.actor, event, self.now).await?;
        Ok(Journaled(()))
    }

    /// Raises the authorization epoch in this change ([`crate::auth::cache::bump`]): every
    /// replica resolves its callers again once it commits, this one at once.
    pub async fn raise_epoch(&self) -> Result<(), ApiError> {
        self.raise(Counter::Auth).await
    }

    async fn raise(&self, counter: Counter) -> Result<(), ApiError> {
        let epoch = crate::auth::cache::bump(self.db(), counter).await?;
        self.raised[counter.slot()].fetch_max(epoch, Ordering::AcqRel);
        Ok(())
    }

    /// Commits the change, with the request's idempotency key stored as used in the same
    /// transaction (its answer is stored right after, by the HTTP layer).
    ///
    /// Errors: 409 `idempotency_in_flight` when another request with the same key committed
    /// first (this change is rolled back).
    pub async fn commit(mut self, _proof: Journaled) -> Result<(), ApiError> {
        if let Some(claim) = &self.idempotency
            && !claim.is_committed()
        {
            store_key(self.db(), claim, self.now).await?;
        }
        if let Some(txn) = self.txn.take() {
            txn.commit().await?;
        }
        if let Some(claim) = &self.idempotency {
            claim.set_committed();
        }
        if let Some(epoch) = &self.epoch {
            for counter in Counter::ALL {
                let raised = self.raised[counter.slot()].load(Ordering::Acquire);
                if raised > 0 {
                    epoch.raise(counter, raised);
                }
            }
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

/// Stores `claim`'s key as used by a committed change, on the change's transaction; a key
/// stored before is taken over only when it lapsed (or an older replica's in-flight mark
/// outlived its lock).
async fn store_key(
    txn: &DatabaseTransaction,
    claim: &IdempotencyClaim,
    now: chrono::DateTime<Utc>,
) -> Result<(), ApiError> {
    let row = keys::ActiveModel {
        scope_hash: Set(claim.scope_hash.clone()),
        request_hash: Set(claim.request_hash.clone()),
        state: Set(COMMITTED.to_owned()),
        response_status: Set(None),
        response_headers: Set(None),
        response_body: Set(None),
        locked_until: Set(claim.answer_by),
        expires_at: Set(claim.expires_at),
        created_at: Set(now),
    };
    let lapsed = Expr::col((keys::Entity, keys::Column::ExpiresAt))
        .lt(now)
        .or(Expr::col((keys::Entity, keys::Column::State))
            .eq(IN_FLIGHT)
            .and(Expr::col((keys::Entity, keys::Column::LockedUntil)).lt(now)));
    let stored = keys::Entity::insert(row)
        .on_conflict(
            OnConflict::column(keys::Column::ScopeHash)
                .update_columns([
                    keys::Column::RequestHash,
                    keys::Column::State,
                    keys::Column::ResponseStatus,
                    keys::Column::ResponseHeaders,
                    keys::Column::ResponseBody,
                    keys::Column::LockedUntil,
                    keys::Column::ExpiresAt,
                    keys::Column::CreatedAt,
                ])
                .action_and_where(lapsed)
                .to_owned(),
        )
        .exec_without_returning(txn)
        .await?;
    if stored == 1 {
        return Ok(());
    }
    Err(ApiError::new(ErrorKind::IdempotencyInFlight).with_detail(
        "Một yêu cầu khác với cùng khóa Idempotency-Key vừa được thực hiện; thay đổi này không được thực hiện — hãy gửi lại để nhận kết quả của yêu cầu kia.",
        "Another request with the same Idempotency-Key was just carried out; this change was not made — send it again to receive that request's answer.",
    ))
}
