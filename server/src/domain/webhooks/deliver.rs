//! The delivery worker: claims due deliveries (`FOR UPDATE SKIP LOCKED` on PostgreSQL, so
//! replicas sharing a database never take the same row; SQLite has one writer), signs each
//! per Standard Webhooks and `POST`s it; a failure is retried after an exponential backoff
//! (`backon`), persisted in `next_attempt_at`, until `webhooks_max_attempts`, then the
//! delivery is dead-lettered (`dead`).

use std::time::Duration;

use backon::{BackoffBuilder, ExponentialBuilder};
use chrono::{DateTime, Utc};
use sea_orm::sea_query::{Expr, Query};
use sea_orm::sea_query::{LockBehavior, LockType};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseConnection,
    DbBackend, EntityTrait, QueryFilter, QueryOrder, QuerySelect, SqliteTransactionMode,
    TransactionOptions, TransactionTrait,
};

use super::ssrf;
use crate::config::Config;
use crate::entity::{webhook_deliveries as deliveries, webhook_outbox, webhook_subscriptions};
use crate::error::ApiError;

/// Deliveries claimed per round.
const BATCH: u64 = 16;
/// How long one attempt may take.
const TIMEOUT: Duration = Duration::from_secs(10);
/// How long a claim holds a delivery: longer than any attempt, so two workers never send
/// the same one; a worker that dies mid-attempt leaves it to be retried after this.
const LEASE: Duration = Duration::from_secs(60);
/// The longest wait between two attempts.
const MAX_DELAY: Duration = Duration::from_secs(6 * 3600);

/// The delay after the `failures`-th failed attempt: base, 2 × base, 4 × base, … capped.
pub fn backoff(base: Duration, failures: u32) -> Duration {
    ExponentialBuilder::default()
        .with_min_delay(base)
        .with_max_delay(MAX_DELAY)
        .with_factor(2.0)
        .without_max_times()
        .build()
        .nth(failures.saturating_sub(1) as usize)
        .unwrap_or(MAX_DELAY)
}

/// What one round of the worker came to (the worker counts it in its metrics).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Round {
    /// Deliveries claimed: 0 when none was due.
    pub claimed: usize,
    /// Attempts the receiver accepted (2xx): those deliveries are `delivered`.
    pub delivered: u64,
    /// Failed attempts with attempts left: those deliveries are `failed`, tried again later.
    pub retrying: u64,
    /// Failed last attempts: those deliveries are dead-lettered (`dead`).
    pub given_up: u64,
}

/// One round: claims the due deliveries and attempts each.
pub async fn run_once(db: &DatabaseConnection, config: &Config) -> Result<Round, ApiError> {
    let now = Utc::now();
    let claimed = claim(db, now).await?;
    let mut round = Round {
        claimed: claimed.len(),
        ..Round::default()
    };
    let lease_ends =
        now + chrono::Duration::from_std(LEASE).unwrap_or(chrono::Duration::minutes(1));
    let attempt_takes =
        chrono::Duration::from_std(TIMEOUT * 2).unwrap_or(chrono::Duration::seconds(20));
    for delivery in &claimed {
        // The claim holds the batch for LEASE; a delivery that could not be finished within
        // it is left for the next claim (after the lease) rather than sent while another
        // replica may take it too.
        if Utc::now() + attempt_takes >= lease_ends {
            break;
        }
        // One delivery's trouble (its subscription deleted meanwhile, a lost connection to
        // the database) does not hold up the others of the batch.
        match attempt(db, config, delivery).await {
            Ok(Some(Settled::Delivered)) => round.delivered += 1,
            Ok(Some(Settled::Retrying)) => round.retrying += 1,
            Ok(Some(Settled::GivenUp)) => round.given_up += 1,
            Ok(None) => {}
            Err(err) => {
                tracing::warn!(delivery = %delivery.id, error = %err, "recording a webhook attempt failed")
            }
        }
    }
    Ok(round)
}

async fn claim(
    db: &DatabaseConnection,
    now: DateTime<Utc>,
) -> Result<Vec<deliveries::Model>, ApiError> {
    // IMMEDIATE on SQLite: the claim reads then writes, and must not fail half-way on a
    // lock another writer took after its read.
    let txn = db
        .begin_with_options(TransactionOptions {
            sqlite_transaction_mode: Some(SqliteTransactionMode::Immediate),
            ..Default::default()
        })
        .await?;
    let active = Query::select()
        .column(webhook_subscriptions::Column::Id)
        .from(webhook_subscriptions::Entity)
        .and_where(webhook_subscriptions::Column::Active.eq(true))
        .to_owned();
    let mut select = deliveries::Entity::find()
        .filter(deliveries::Column::Status.is_in(["pending", "failed"]))
        .filter(deliveries::Column::NextAttemptAt.lte(now))
        .filter(deliveries::Column::SubscriptionId.in_subquery(active))
        .order_by_asc(deliveries::Column::NextAttemptAt)
        .limit(BATCH);
    if txn.get_database_backend() == DbBackend::Postgres {
        select = select.lock_with_behavior(LockType::Update, LockBehavior::SkipLocked);
    }
    let rows = select.all(&txn).await?;
    if !rows.is_empty() {
        deliveries::Entity::update_many()
            .col_expr(deliveries::Column::NextAttemptAt, Expr::value(now + LEASE))
            .filter(deliveries::Column::Id.is_in(rows.iter().map(|r| r.id)))
            .exec(&txn)
            .await?;
    }
    txn.commit().await?;
    Ok(rows)
}

/// Where an attempt left its delivery.
enum Settled {
    Delivered,
    Retrying,
    GivenUp,
}

/// What one attempt came to.
enum Outcome {
    Delivered(u16),
    Failed(Option<u16>, String),
}

async fn attempt(
    db: &DatabaseConnection,
    config: &Config,
    d: &deliveries::Model,
) -> Result<Option<Settled>, ApiError> {
    let sub = webhook_subscriptions::Entity::find_by_id(d.subscription_id)
        .one(db)
        .await?;
    let event = webhook_outbox::Entity::find_by_id(d.outbox_id)
        .one(db)
        .await?;
    let (Some(sub), Some(event)) = (sub, event) else {
        return Ok(None);
    };
    // The address check (a DNS lookup) and the request together are bounded, so one
    // attempt never outlives its share of the claim.
    let outcome = tokio::time::timeout(TIMEOUT * 2, send(config, &sub, &event))
        .await
        .unwrap_or_else(|_| Outcome::Failed(None, "the attempt timed out".into()));
    let now = Utc::now();
    let attempts = d.attempts + 1;
    let mut row: deliveries::ActiveModel = d.clone().into();
    row.attempts = Set(attempts);
    let settled = match outcome {
        Outcome::Delivered(code) => {
            row.status = Set("delivered".into());
            row.last_status_code = Set(Some(i32::from(code)));
            row.last_error = Set(None);
            row.delivered_at = Set(Some(now));
            Settled::Delivered
        }
        Outcome::Failed(code, error) => {
            row.last_status_code = Set(code.map(i32::from));
            row.last_error = Set(Some(error.chars().take(500).collect()));
            if attempts >= config.webhooks_max_attempts as i32 {
                row.status = Set("dead".into());
                Settled::GivenUp
            } else {
                row.status = Set("failed".into());
                let base = Duration::from_millis(config.webhooks_backoff_base_ms);
                let delay = backoff(base, attempts as u32);
                row.next_attempt_at =
                    Set(now
                        + chrono::Duration::from_std(delay).unwrap_or(chrono::Duration::hours(6)));
                Settled::Retrying
            }
        }
    };
    row.update(db).await?;
    Ok(Some(settled))
}

async fn send(
    config: &Config,
    sub: &webhook_subscriptions::Model,
    event: &webhook_outbox::Model,
) -> Outcome {
    let target = match ssrf::check(&sub.url, config.webhooks_allow_private_targets).await {
        Ok(t) => t,
        Err(text) => return Outcome::Failed(None, text.get(crate::error::Lang::En).to_owned()),
    };
    let mut builder = reqwest::Client::builder()
        .timeout(TIMEOUT)
        .connect_timeout(TIMEOUT)
        .redirect(reqwest::redirect::Policy::none())
        .user_agent(concat!("cchc-webhooks/", env!("CARGO_PKG_VERSION")));
    for addr in &target.addrs {
        builder = builder.resolve(&target.host, *addr);
    }
    let client = match builder.build() {
        Ok(c) => c,
        Err(e) => return Outcome::Failed(None, e.to_string()),
    };
    let id = event.id.to_string();
    let timestamp = Utc::now().timestamp();
    let signature =
        match cchc_sdk::webhooks::sign(&sub.secret, &id, timestamp, event.payload.as_bytes()) {
            Ok(s) => s,
            Err(e) => return Outcome::Failed(None, e.to_string()),
        };
    let answer = client
        .post(target.url)
        .header(reqwest::header::CONTENT_TYPE, "application/json")
        .header(cchc_sdk::webhooks::ID_HEADER, &id)
        .header(cchc_sdk::webhooks::TIMESTAMP_HEADER, timestamp.to_string())
        .header(cchc_sdk::webhooks::SIGNATURE_HEADER, signature)
        .body(event.payload.clone())
        .send()
        .await;
    match answer {
        Ok(res) if res.status().is_success() => Outcome::Delivered(res.status().as_u16()),
        Ok(res) => Outcome::Failed(
            Some(res.status().as_u16()),
            format!("the receiver answered {}", res.status()),
        ),
        Err(e) => Outcome::Failed(None, e.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_delay_doubles_from_the_base_and_is_capped() {
        let base = Duration::from_secs(30);
        assert_eq!(backoff(base, 1), Duration::from_secs(30));
        assert_eq!(backoff(base, 2), Duration::from_secs(60));
        assert_eq!(backoff(base, 4), Duration::from_secs(240));
        assert_eq!(backoff(base, 40), MAX_DELAY);
    }
}
