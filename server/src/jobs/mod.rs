//! Background work. Each job is idempotent and safe to run on every replica at once.

use std::time::Duration;

use crate::AppState;
use crate::http::idempotency::purge_expired;

/// Starts the periodic jobs on the current runtime.
pub fn spawn(state: AppState) {
    spawn_webhook_worker(state.clone());
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
                match purge_expired(&state.db).await {
                    Ok(0) => {}
                    Ok(n) => tracing::info!(purged = n, "expired idempotency keys removed"),
                    Err(err) => tracing::warn!(error = %err, "purging idempotency keys failed"),
                }
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
                    Ok(n) if n > 0 => continue,
                    Ok(_) => break,
                    Err(err) => {
                        tracing::warn!(error = %err, "delivering webhooks failed");
                        break;
                    }
                }
            }
        }
    });
}
