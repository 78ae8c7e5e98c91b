//! Rate limits (governor, MIT): per principal for API calls (per client address before
//! login), and a much smaller budget for failed sign-in attempts per address and per
//! username (or client id): a successful sign-in costs nothing, so colleagues behind one
//! office's NAT all sign in at nine, while a guesser is stopped after a few failures.
//! Over budget: 429 `rate_limited` with `Retry-After`.
//!
//! The budgets are per replica: N replicas allow N times the budget, which still bounds
//! password guessing to a few attempts a minute per replica.

use std::collections::HashMap;
use std::num::NonZeroU32;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use actix_web::body::{BoxBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::middleware::Next;
use actix_web::{Error, web};
use governor::clock::{Clock, DefaultClock};
use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};

use super::{bearer, client_ip};
use crate::AppState;
use crate::config::Config;
use crate::error::{ApiError, ErrorKind};

/// The limiters of one replica.
pub struct RateLimits {
    api: DefaultKeyedRateLimiter<String>,
    /// Failed sign-ins: one cell per failure.
    login: DefaultKeyedRateLimiter<String>,
    /// Keys whose failures ran over budget, until when (governor cannot look without
    /// spending a cell, and an attempt must not spend one unless it fails).
    blocked: Mutex<HashMap<String, Instant>>,
}

impl std::fmt::Debug for RateLimits {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RateLimits").finish_non_exhaustive()
    }
}

fn quota(per_minute: u32, burst: u32) -> Quota {
    let per_minute = NonZeroU32::new(per_minute.max(1)).unwrap_or(NonZeroU32::MIN);
    let burst = NonZeroU32::new(burst.max(1)).unwrap_or(NonZeroU32::MIN);
    Quota::per_minute(per_minute).allow_burst(burst)
}

impl RateLimits {
    /// Limiters from the settings.
    pub fn new(config: &Config) -> Self {
        RateLimits {
            api: RateLimiter::keyed(quota(config.rate_limit_per_minute, config.rate_limit_burst)),
            // A failure spends a cell; the one that finds none left blocks the key. So the
            // failure that uses up the burst is the last answered before 429s.
            login: RateLimiter::keyed(quota(
                config.login_attempts_per_minute,
                config.login_attempts_burst.saturating_sub(1),
            )),
            blocked: Mutex::new(HashMap::new()),
        }
    }

    /// Counts an API call of `key`.
    pub fn check_api(&self, key: String) -> Result<(), ApiError> {
        check(&self.api, key)
    }

    /// Refuses a sign-in attempt (429) while any of its keys (address, username or client
    /// id) is blocked by earlier failures. Spends nothing.
    pub fn check_login(&self, keys: &[String]) -> Result<(), ApiError> {
        let now = Instant::now();
        let blocked = self.blocked.lock().unwrap_or_else(|e| e.into_inner());
        let wait = keys
            .iter()
            .filter_map(|k| blocked.get(k))
            .filter(|until| **until > now)
            .map(|until| *until - now)
            .max();
        match wait {
            Some(wait) => Err(too_many(wait)),
            None => Ok(()),
        }
    }

    /// Counts a failed sign-in against each key; a key over budget is blocked until its
    /// budget has a cell again.
    pub fn login_failed(&self, keys: &[String]) {
        let now = DefaultClock::default().now();
        let mut blocked = self.blocked.lock().unwrap_or_else(|e| e.into_inner());
        for key in keys {
            if let Err(not_until) = self.login.check_key(key) {
                let wait = not_until.wait_time_from(now);
                blocked.insert(key.clone(), Instant::now() + wait);
            }
        }
    }

    /// Forgets idle keys; run periodically.
    pub fn retain_recent(&self) {
        self.api.retain_recent();
        self.login.retain_recent();
        let now = Instant::now();
        self.blocked
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .retain(|_, until| *until > now);
    }
}

fn check(limiter: &DefaultKeyedRateLimiter<String>, key: String) -> Result<(), ApiError> {
    limiter
        .check_key(&key)
        .map_err(|not_until| too_many(not_until.wait_time_from(DefaultClock::default().now())))
}

fn too_many(wait: Duration) -> ApiError {
    let secs = wait.max(Duration::from_secs(1)).as_secs_f64().ceil() as u64;
    ApiError::new(ErrorKind::RateLimited)
        .with_retry_after(secs)
        .with_detail(
            format!("Quá nhiều yêu cầu; hãy thử lại sau {secs} giây."),
            format!("Too many requests; retry in {secs} s."),
        )
}

/// The API budget, per principal (verified token subject) or else per client address.
pub async fn rate_limit(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, Error> {
    // Probes and the metrics scrape (which has its own token) spend no one's budget.
    let probe = matches!(req.path(), "/healthz" | "/readyz" | "/metrics");
    if let Some(state) = req.app_data::<web::Data<AppState>>().filter(|_| !probe) {
        let key = match bearer(req.request()).and_then(|t| state.keys.verify_cached(t)) {
            Some(claims) => format!("sub:{}", claims.sub),
            None => format!(
                "ip:{}",
                client_ip(req.request(), &state.config.trusted_ip_header)
            ),
        };
        state.limits.check_api(key)?;
    }
    next.call(req)
        .await
        .map(ServiceResponse::map_into_boxed_body)
}
