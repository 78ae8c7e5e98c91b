//! Rate limits (governor, MIT): per principal for API calls (per client address before
//! login), and a much smaller budget for sign-in attempts per address and per username.
//! Over budget: 429 `rate_limited` with `Retry-After`.
//!
//! The budgets are per replica: N replicas allow N times the budget, which still bounds
//! password guessing to a few attempts a minute per replica.

use std::num::NonZeroU32;
use std::time::Duration;

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
    login: DefaultKeyedRateLimiter<String>,
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
            login: RateLimiter::keyed(quota(
                config.login_attempts_per_minute,
                config.login_attempts_burst,
            )),
        }
    }

    /// Counts an API call of `key`.
    pub fn check_api(&self, key: String) -> Result<(), ApiError> {
        check(&self.api, key)
    }

    /// Counts a sign-in attempt of each key (address, username): all must be within budget.
    pub fn check_login(&self, keys: &[String]) -> Result<(), ApiError> {
        keys.iter().try_for_each(|k| check(&self.login, k.clone()))
    }

    /// Forgets idle keys; run periodically.
    pub fn retain_recent(&self) {
        self.api.retain_recent();
        self.login.retain_recent();
    }
}

fn check(limiter: &DefaultKeyedRateLimiter<String>, key: String) -> Result<(), ApiError> {
    limiter.check_key(&key).map_err(|not_until| {
        let wait = not_until.wait_time_from(DefaultClock::default().now());
        let secs = wait.max(Duration::from_secs(1)).as_secs_f64().ceil() as u64;
        ApiError::new(ErrorKind::RateLimited)
            .with_retry_after(secs)
            .with_detail(
                format!("Quá nhiều yêu cầu; hãy thử lại sau {secs} giây."),
                format!("Too many requests; retry in {secs} s."),
            )
    })
}

/// The API budget, per principal (verified token subject) or else per client address.
pub async fn rate_limit(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, Error> {
    let probe = matches!(req.path(), "/healthz" | "/readyz");
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
