//! Background work. Each job is idempotent and safe to run on every replica at once.

use std::time::Duration;

use crate::AppState;
use crate::http::idempotency::purge_expired;

/// Starts the periodic jobs on the current runtime.
pub fn spawn(state: AppState) {
    spawn_webhook_worker(state.clone());
    if state.config.exports_worker {
        spawn_export_worker(state.clone());
    }
    if state.config.outlook_watch_interval_secs > 0 {
        spawn_outlook_watch(state.clone());
    }
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(Duration::from_secs(300));
        let mut rounds: u64 = 0;
        loop {
            tick.tick().await;
            rounds += 1;
            // Pick up keys rotated by another replica (or by `cchc-server keys rotate`).
            if let Err(err) = state.keys.reload().await {
                tracing::warn!(error = %err, "reloading signing keys failed");
            }
            state.limits.retain_recent();
            match crate::domain::tasks::mark_deadlines(&state.db, state.clock.now()).await {
                Ok((0, 0)) => {}
                Ok((due_soon, overdue)) => {
                    tracing::info!(due_soon, overdue, "task deadlines marked")
                }
                Err(err) => tracing::warn!(error = %err, "marking task deadlines failed"),
            }
            if rounds % 12 == 1 {
                purge(&state).await;
            }
        }
    });
}

/// Hourly: expired idempotency keys, expired export jobs, settled webhook events past
/// their retention.
async fn purge(state: &AppState) {
    match purge_expired(&state.db).await {
        Ok(0) => {}
        Ok(n) => tracing::info!(purged = n, "expired idempotency keys removed"),
        Err(err) => tracing::warn!(error = %err, "purging idempotency keys failed"),
    }
    let now = state.clock.now();
    match crate::domain::exports::worker::purge_expired(&state.db, now).await {
        Ok(0) => {}
        Ok(n) => tracing::info!(purged = n, "expired export jobs removed"),
        Err(err) => tracing::warn!(error = %err, "purging export jobs failed"),
    }
    let days = i64::try_from(state.config.webhooks_retention_days).unwrap_or(36_500);
    let before = now - chrono::Duration::days(days.min(36_500));
    match crate::domain::webhooks::outbox::prune(&state.db, before).await {
        Ok(0) => {}
        Ok(n) => tracing::info!(pruned = n, "settled webhook events removed"),
        Err(err) => tracing::warn!(error = %err, "pruning webhook events failed"),
    }
}

/// The export worker: every `exports_poll_interval_ms`, the queued jobs one by one (and
/// those whose worker stopped, once their lease has passed), claimed so that replicas
/// sharing a database never run one twice at once.
fn spawn_export_worker(state: AppState) {
    tokio::spawn(async move {
        let every = Duration::from_millis(state.config.exports_poll_interval_ms);
        let mut tick = tokio::time::interval(every);
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            tick.tick().await;
            loop {
                let now = state.clock.now();
                match crate::domain::exports::worker::run_once(&state.db, &state.config, now).await
                {
                    Ok(true) => continue,
                    Ok(false) => break,
                    Err(err) => {
                        tracing::warn!(error = %err, "running export jobs failed");
                        break;
                    }
                }
            }
        }
    });
}

/// The outlook watch: every `outlook_watch_interval_secs`, one round of
/// [`crate::domain::index::outlook_watch::watch`], the first one interval after start-up
/// (a round projects every scored unit: a replica just started, or restarted with the
/// others, should not spend its first seconds on it).
fn spawn_outlook_watch(state: AppState) {
    tokio::spawn(async move {
        let every = Duration::from_secs(state.config.outlook_watch_interval_secs);
        let mut tick = tokio::time::interval_at(tokio::time::Instant::now() + every, every);
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            tick.tick().await;
            let now = state.clock.now();
            match crate::domain::index::outlook_watch::watch(&state.db, now).await {
                Ok(0) => {}
                Ok(events) => tracing::info!(events, "outlook watch: expected bands dropped"),
                Err(err) => tracing::warn!(error = %err, "watching the outlooks failed"),
            }
        }
    });
}

/// The webhook delivery worker: every `webhooks_poll_interval_ms`, the due deliveries
/// (claimed so that replicas sharing PostgreSQL never send one twice).
fn spawn_webhook_worker(state: AppState) {
    tokio::spawn(async move {
        let every = Duration::from_millis(state.config.webhooks_poll_interval_ms);
        let mut tick = tokio::time::interval(every);
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            tick.tick().await;
            // While deliveries were due, look again at once rather than after the interval.
            loop {
                match crate::domain::webhooks::deliver::run_once(&state.db, &state.config).await {
                    Ok(round) => {
                        state.metrics.count_webhooks(&round);
                        if round.claimed == 0 {
                            break;
                        }
                    }
                    Err(err) => {
                        tracing::warn!(error = %err, "delivering webhooks failed");
                        break;
                    }
                }
            }
        }
    });
}
