//! Deterministic randomness: one SplitMix64 stream per seed and purpose (a commune, a
//! year, a month), so a row's values depend only on the seed and where the row is, never on
//! the order the generator visits things in; and UUID v7 ids drawn from such a stream at
//! the row's own creation instant, so id order follows creation order as the product
//! assumes (`domain::page`).

use chrono::{DateTime, Duration, NaiveDate, TimeZone, Utc};
use uuid::Uuid;

/// A SplitMix64 generator (Steele, Lea, Flood 2014): tiny, fast, good enough to pick data.
#[derive(Debug, Clone)]
pub struct Rng(u64);

const GOLDEN: u64 = 0x9e37_79b9_7f4a_7c15;

fn mix(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

impl Rng {
    /// The stream of `seed` for the purpose named by `path` (e.g. `[TASKS, commune]`).
    pub fn new(seed: u64, path: &[u64]) -> Rng {
        let state = path.iter().fold(mix(seed.wrapping_add(GOLDEN)), |s, p| {
            mix(s ^ mix(p.wrapping_add(GOLDEN)))
        });
        Rng(state)
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(GOLDEN);
        mix(self.0)
    }

    /// A number in `0..n` (0 when `n` is 0).
    pub fn below(&mut self, n: u64) -> u64 {
        ((u128::from(self.next_u64()) * u128::from(n)) >> 64) as u64
    }

    /// A number in `lo..=hi`.
    pub fn range(&mut self, lo: i64, hi: i64) -> i64 {
        if hi <= lo {
            return lo;
        }
        lo + self.below((hi - lo) as u64 + 1) as i64
    }

    /// True `per_mille` times in a thousand.
    pub fn chance(&mut self, per_mille: u64) -> bool {
        self.below(1000) < per_mille
    }

    /// One of `items` (which must not be empty), uniformly.
    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        let i = self.below(items.len() as u64) as usize;
        &items[i.min(items.len().saturating_sub(1))]
    }

    /// The index of a weight in `weights`, chosen in proportion to it.
    pub fn weighted(&mut self, weights: &[u64]) -> usize {
        let total: u64 = weights.iter().sum();
        let mut x = self.below(total);
        for (i, w) in weights.iter().enumerate() {
            if x < *w {
                return i;
            }
            x -= w;
        }
        weights.len().saturating_sub(1)
    }

    /// A UUID v7 stamped with `at` (milliseconds), its other 74 bits from this stream.
    pub fn uuid_at(&mut self, at: DateTime<Utc>) -> Uuid {
        let mut bytes = [0u8; 10];
        bytes[..8].copy_from_slice(&self.next_u64().to_le_bytes());
        bytes[8..].copy_from_slice(&self.next_u64().to_le_bytes()[..2]);
        let millis = u64::try_from(at.timestamp_millis()).unwrap_or_default();
        uuid::Builder::from_unix_timestamp_millis(millis, &bytes).into_uuid()
    }

    /// An instant between `from` and `to` (whole milliseconds).
    pub fn instant(&mut self, from: DateTime<Utc>, to: DateTime<Utc>) -> DateTime<Utc> {
        let span = (to - from).num_milliseconds().max(0);
        from + Duration::milliseconds(self.range(0, span))
    }
}

/// Midnight UTC plus `hour` on a date (dates out of range fall back to the epoch).
pub fn at(date: NaiveDate, hour: u32) -> DateTime<Utc> {
    date.and_hms_opt(hour, 0, 0)
        .map(|t| Utc.from_utc_datetime(&t))
        .unwrap_or_default()
}

/// The date `y-m-d`, clamped into range (a bad day gives the 1st of the month or year).
pub fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d)
        .or_else(|| NaiveDate::from_ymd_opt(y, m, 1))
        .or_else(|| NaiveDate::from_ymd_opt(y, 1, 1))
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn streams_repeat_for_a_seed_and_differ_between_purposes() {
        let a: Vec<u64> = (0..4).map(|_| Rng::new(1, &[7, 3]).next_u64()).collect();
        assert!(a.windows(2).all(|w| w[0] == w[1]));
        assert_ne!(
            Rng::new(1, &[7, 3]).next_u64(),
            Rng::new(1, &[7, 4]).next_u64()
        );
        assert_ne!(
            Rng::new(1, &[7, 3]).next_u64(),
            Rng::new(2, &[7, 3]).next_u64()
        );
    }

    #[test]
    fn ids_are_version_7_and_follow_their_instants() {
        let mut rng = Rng::new(1, &[]);
        let early = rng.uuid_at(at(ymd(2024, 1, 1), 0));
        let late = rng.uuid_at(at(ymd(2024, 1, 1), 0) + Duration::milliseconds(1));
        assert_eq!(early.get_version_num(), 7);
        assert!(early < late);
    }

    #[test]
    fn ranges_stay_inside_their_bounds() {
        let mut rng = Rng::new(9, &[1]);
        for _ in 0..1000 {
            let x = rng.range(-3, 5);
            assert!((-3..=5).contains(&x));
        }
        assert_eq!(rng.range(4, 4), 4);
        assert_eq!(rng.weighted(&[0, 5, 0]), 1);
    }
}
