//! Rankings kept between requests while nothing they hold has changed.
//!
//! A ranking ([`super::results::ranking`]) reads the published results of a parent's
//! units, their bands, last year's results and the publications: a few statements and,
//! for a province of a hundred communes, ~150 KB of JSON — about 20 ms of work each time,
//! for an answer that changes only when results are published or units change. Each such
//! change raises the results epoch (`auth_epoch` row 2, [`crate::auth::epoch`]) in its own
//! transaction — the one write path does it for every journal event
//! [`crate::domain::write::changes_rankings`] names — and a ranking is kept per (parent, year) as its JSON, under the epoch read
//! *before* it was computed: a change committing meanwhile leaves it under the old epoch,
//! and the next request computes it again. On PostgreSQL every replica learns the epoch
//! from notifications; without them (SQLite, or while the listening connection is down) a
//! request reads it (one indexed read of one row).
//!
//! Published results are public within the installation, so a kept ranking serves every
//! caller.

use bytes::Bytes;
use sea_orm::ConnectionTrait;
use uuid::Uuid;

use crate::auth::cache::epoch;
use crate::auth::epoch::{Counter, EpochWatch};
use crate::error::ApiError;

/// The bytes of JSON kept at most, over all rankings (a national ranking of 3,321 units is
/// a few MB).
const CAPACITY_BYTES: u64 = 16 * 1024 * 1024;

#[derive(Clone)]
struct Kept {
    epoch: i64,
    json: Bytes,
}

#[derive(Clone)]
struct ByLength;

impl quick_cache::Weighter<(Uuid, i32), Kept> for ByLength {
    fn weight(&self, _key: &(Uuid, i32), kept: &Kept) -> u64 {
        kept.json.len() as u64 + 64
    }
}

/// The rankings this replica keeps, as JSON, by (parent, year).
pub struct Rankings {
    cache: quick_cache::sync::Cache<(Uuid, i32), Kept, ByLength>,
}

impl std::fmt::Debug for Rankings {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Rankings")
            .field("len", &self.cache.len())
            .finish()
    }
}

impl Default for Rankings {
    fn default() -> Self {
        // Two shards, not quick_cache's default of four per core: an entry heavier than its
        // shard's share is never kept, and a national ranking is a few MB.
        let options = quick_cache::OptionsBuilder::new()
            .estimated_items_capacity(256)
            .weight_capacity(CAPACITY_BYTES)
            .shards(2)
            .build();
        let cache = match options {
            Ok(options) => quick_cache::sync::Cache::with_options(
                options,
                ByLength,
                Default::default(),
                Default::default(),
            ),
            Err(_) => quick_cache::sync::Cache::with_weighter(256, CAPACITY_BYTES, ByLength),
        };
        Rankings { cache }
    }
}

impl Rankings {
    /// The ranking of `parent_id`'s units for `year`, as JSON (the shape of
    /// [`cchc_sdk::types::index::Ranking`]): kept, or computed and kept.
    pub async fn json(
        &self,
        db: &impl ConnectionTrait,
        watch: &EpochWatch,
        parent_id: Uuid,
        year: i32,
    ) -> Result<Bytes, ApiError> {
        let epoch = match watch.current(Counter::Results) {
            Some(known) => known,
            None => epoch(db, Counter::Results).await?,
        };
        let key = (parent_id, year);
        if let Some(kept) = self.cache.get(&key).filter(|k| k.epoch == epoch) {
            return Ok(kept.json);
        }
        let ranking = super::results::ranking(db, parent_id, year).await?;
        let json = Bytes::from(serde_json::to_vec(&ranking).map_err(ApiError::internal)?);
        self.cache.insert(
            key,
            Kept {
                epoch,
                json: json.clone(),
            },
        );
        Ok(json)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_ranking_of_a_few_megabytes_is_kept() {
        let rankings = Rankings::default();
        let key = (Uuid::nil(), 2025);
        let json = Bytes::from(vec![b' '; 3 << 20]);
        rankings.cache.insert(key, Kept { epoch: 1, json });
        assert!(rankings.cache.get(&key).is_some(), "a 3 MB ranking is kept");
    }
}
