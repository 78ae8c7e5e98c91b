//! `GET /metrics`: what an operator watches, in the Prometheus text format (version 0.0.4).
//!
//! - Requests: `cchc_http_requests_total{route, method, status}` and
//!   `cchc_http_request_duration_seconds{route, method}` (a histogram), counted by
//!   [`track`], the outermost middleware. `route` is the pattern actix matched
//!   (`/api/v1/tasks/{id}`), never the raw path; a request no route took — an unknown path,
//!   or one answered before routing (rate limit, timeout, CORS preflight) — is
//!   `unmatched`. So the label sets stay as few as the routes.
//! - Read when scraped ([`scrape`]): the database pool (`cchc_db_pool_connections{state}`,
//!   `cchc_db_pool_max_connections`) and the export queue (`cchc_export_jobs{status}`).
//! - Webhook attempts by outcome (`cchc_webhook_deliveries_total{outcome}`), counted by the
//!   delivery worker; `process_start_time_seconds` and `cchc_build_info{version}`.
//!
//! The metrics of one process: each replica is scraped on its own. The route exists only
//! when the `metrics_token` setting is set, and answers only to that bearer token. It is
//! not in the OpenAPI document: it is the operator's, with a credential of its own, not an
//! operation of the API that integrators and the SDK use.

mod scrape;
mod track;

use std::collections::HashMap;
use std::sync::atomic::AtomicU64;
use std::sync::{Arc, PoisonError, RwLock};

use prometheus_client::encoding::EncodeLabelSet;
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::Gauge;
use prometheus_client::metrics::histogram::Histogram;
use prometheus_client::metrics::info::Info;
use prometheus_client::registry::{Registry, Unit};

pub use scrape::routes;
pub use track::track;

use crate::domain::webhooks::deliver::Round;

/// The upper bounds of the request duration buckets, in seconds: 5 ms up to the default
/// request timeout (30 s).
const LATENCY_BUCKETS: [f64; 12] = [
    0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0,
];

/// The `route` of requests that no route took.
const UNMATCHED: &str = "unmatched";

/// Labels of the request counter.
#[derive(Debug, Clone, PartialEq, Eq, Hash, EncodeLabelSet)]
struct RequestLabels {
    route: Arc<str>,
    method: &'static str,
    status: u16,
}

/// Labels of the request duration histogram.
#[derive(Debug, Clone, PartialEq, Eq, Hash, EncodeLabelSet)]
struct RouteLabels {
    route: Arc<str>,
    method: &'static str,
}

/// Labels of the webhook outcome counter.
#[derive(Debug, Clone, PartialEq, Eq, Hash, EncodeLabelSet)]
struct OutcomeLabels {
    outcome: &'static str,
}

/// Labels of the build information.
#[derive(Debug, Clone, PartialEq, Eq, Hash, EncodeLabelSet)]
struct BuildLabels {
    version: &'static str,
}

fn latency_histogram() -> Histogram {
    Histogram::new(LATENCY_BUCKETS)
}

/// The metrics this process keeps between scrapes, shared by the HTTP workers and the
/// background jobs (in [`crate::AppState`]).
pub struct Metrics {
    registry: Registry,
    requests: Family<RequestLabels, Counter>,
    durations: Family<RouteLabels, Histogram, fn() -> Histogram>,
    webhooks: Family<OutcomeLabels, Counter>,
    routes: Routes,
}

impl std::fmt::Debug for Metrics {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Metrics").finish_non_exhaustive()
    }
}

impl Default for Metrics {
    fn default() -> Self {
        Metrics::new()
    }
}

impl Metrics {
    /// Registers every metric; the process start time is now.
    pub fn new() -> Metrics {
        let mut registry = Registry::default();
        let started: Gauge<f64, AtomicU64> = Gauge::default();
        started.set(
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0.0, |d| d.as_secs_f64()),
        );
        registry.register_with_unit(
            "process_start_time",
            "Start time of the process since the Unix epoch",
            Unit::Seconds,
            started,
        );
        let requests = Family::<RequestLabels, Counter>::default();
        let durations = Family::<RouteLabels, Histogram, fn() -> Histogram>::new_with_constructor(
            latency_histogram,
        );
        let webhooks = Family::<OutcomeLabels, Counter>::default();
        // Every outcome from the start, so a rate over it never lacks a series.
        for outcome in ["delivered", "retry", "given_up"] {
            webhooks.get_or_create(&OutcomeLabels { outcome }).inc_by(0);
        }
        let cchc = registry.sub_registry_with_prefix("cchc");
        cchc.register(
            "build",
            "The version of the running server",
            Info::new(BuildLabels {
                version: env!("CARGO_PKG_VERSION"),
            }),
        );
        cchc.register(
            "http_requests",
            "HTTP requests answered, by matched route pattern, method and status",
            requests.clone(),
        );
        cchc.register_with_unit(
            "http_request_duration",
            "Time from a request's arrival to its answer, by matched route pattern and method",
            Unit::Seconds,
            durations.clone(),
        );
        cchc.register(
            "webhook_deliveries",
            "Webhook delivery attempts by outcome: delivered, retry (failed, tried again \
             later) or given_up (failed the last allowed attempt, dead-lettered)",
            webhooks.clone(),
        );
        Metrics {
            registry,
            requests,
            durations,
            webhooks,
            routes: Routes::default(),
        }
    }

    /// Counts one answered request and its duration.
    fn observe(&self, route: Arc<str>, method: &'static str, status: u16, seconds: f64) {
        let labels = RouteLabels { route, method };
        self.durations.get_or_create(&labels).observe(seconds);
        let RouteLabels { route, method } = labels;
        self.requests
            .get_or_create(&RequestLabels {
                route,
                method,
                status,
            })
            .inc();
    }

    /// Counts the attempts of one round of the webhook delivery worker.
    pub fn count_webhooks(&self, round: &Round) {
        for (outcome, n) in [
            ("delivered", round.delivered),
            ("retry", round.retrying),
            ("given_up", round.given_up),
        ] {
            if n > 0 {
                self.webhooks
                    .get_or_create(&OutcomeLabels { outcome })
                    .inc_by(n);
            }
        }
    }
}

/// The route patterns seen so far, each kept once: a request's labels share it instead of
/// copying it. Patterns come from the route table, so the set is bounded by it.
#[derive(Debug)]
struct Routes {
    seen: RwLock<HashMap<Box<str>, Arc<str>>>,
    unmatched: Arc<str>,
}

impl Default for Routes {
    fn default() -> Self {
        Routes {
            seen: RwLock::default(),
            unmatched: Arc::from(UNMATCHED),
        }
    }
}

impl Routes {
    /// The shared label of `pattern` (`None`: no route took the request).
    fn label(&self, pattern: Option<&str>) -> Arc<str> {
        let Some(pattern) = pattern else {
            return self.unmatched.clone();
        };
        let known = self
            .seen
            .read()
            .unwrap_or_else(PoisonError::into_inner)
            .get(pattern)
            .cloned();
        known.unwrap_or_else(|| {
            self.seen
                .write()
                .unwrap_or_else(PoisonError::into_inner)
                .entry(pattern.into())
                .or_insert_with(|| Arc::from(pattern))
                .clone()
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_route_pattern_is_kept_once_and_unmatched_requests_share_one_label() {
        let routes = Routes::default();
        let a = routes.label(Some("/api/v1/tasks/{id}"));
        let b = routes.label(Some("/api/v1/tasks/{id}"));
        assert!(Arc::ptr_eq(&a, &b));
        assert_eq!(&*routes.label(None), UNMATCHED);
    }

    #[test]
    fn webhook_outcomes_are_added_by_round() {
        let metrics = Metrics::new();
        metrics.count_webhooks(&Round {
            claimed: 3,
            delivered: 2,
            retrying: 1,
            given_up: 0,
        });
        let delivered = metrics
            .webhooks
            .get_or_create(&OutcomeLabels {
                outcome: "delivered",
            })
            .get();
        assert_eq!(delivered, 2);
    }
}
