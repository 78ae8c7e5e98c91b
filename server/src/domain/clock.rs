//! The one clock. Every change reads the time once, when its request is authenticated
//! ([`Ctx::now`](crate::auth::Ctx)), so a change's timestamps agree with each other and
//! "today" is the same for every rule the change applies. The installation's clock is the
//! system's, or a fixed instant (`fixed_time` setting) for reproducible demos and tests.
//! Credentials (token lifetimes, rate limits) always run on the system clock: the setting
//! moves what the domain calls "now", never whether a token is still valid.

use std::fmt::Debug;

use chrono::{DateTime, Duration, NaiveDate, Utc};

/// Where the time comes from.
pub trait Clock: Send + Sync + Debug {
    /// The current instant.
    fn now(&self) -> DateTime<Utc>;
}

/// The system clock.
#[derive(Debug, Clone, Copy, Default)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> DateTime<Utc> {
        Utc::now()
    }
}

/// A clock standing still at one instant.
#[derive(Debug, Clone, Copy)]
pub struct FixedClock(pub DateTime<Utc>);

impl Clock for FixedClock {
    fn now(&self) -> DateTime<Utc> {
        self.0
    }
}

/// Vietnam's civil time (giờ Việt Nam, ICT) is UTC+7 all year: no daylight saving.
pub const VIETNAM_UTC_OFFSET_HOURS: i64 = 7;

/// The calendar date in Vietnam at instant `now`: the date of deadlines, decisions and
/// "overdue" (a task due today is not overdue until midnight in Hà Nội, not in UTC).
pub fn vietnam_date(now: DateTime<Utc>) -> NaiveDate {
    (now + Duration::hours(VIETNAM_UTC_OFFSET_HOURS)).date_naive()
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn the_day_turns_at_midnight_in_vietnam() {
        let before = Utc.with_ymd_and_hms(2026, 11, 29, 16, 59, 59).single();
        let after = Utc.with_ymd_and_hms(2026, 11, 29, 17, 0, 0).single();
        assert_eq!(
            before.map(vietnam_date),
            NaiveDate::from_ymd_opt(2026, 11, 29)
        );
        assert_eq!(
            after.map(vietnam_date),
            NaiveDate::from_ymd_opt(2026, 11, 30)
        );
        let fixed = FixedClock(
            Utc.with_ymd_and_hms(2025, 6, 30, 10, 0, 0)
                .single()
                .unwrap_or_default(),
        );
        assert_eq!(fixed.now(), fixed.now());
    }
}
