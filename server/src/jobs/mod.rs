//! Background work. Each job is idempotent and safe to run on every replica at once.

use std::time::Duration;

use sea_orm::DatabaseConnection;

use crate::http::idempotency::purge_expired;

/// Starts the periodic jobs on the current runtime.
pub fn spawn(db: DatabaseConnection) {
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(Duration::from_secs(3600));
        loop {
            tick.tick().await;
            match purge_expired(&db).await {
                Ok(0) => {}
                Ok(n) => tracing::info!(purged = n, "expired idempotency keys removed"),
                Err(err) => tracing::warn!(error = %err, "purging idempotency keys failed"),
            }
        }
    });
}
