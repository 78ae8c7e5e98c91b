//! The one route table: every endpoint of the service, read top to bottom.

use utoipa_actix_web::scope;
use utoipa_actix_web::service_config::ServiceConfig;

mod health;
mod units;

/// Registers every documented route.
pub fn configure(cfg: &mut ServiceConfig) {
    cfg.configure(health::configure);
    cfg.service(scope::scope("/api/v1").configure(units::configure));
}
