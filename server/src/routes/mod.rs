//! The one route table: every endpoint of the service, read top to bottom.

use utoipa_actix_web::scope;
use utoipa_actix_web::service_config::ServiceConfig;

mod api_clients;
mod attachments;
mod audit;
mod auth;
mod awards;
pub(crate) mod conference;
mod departments;
mod exports;
mod health;
mod index;
mod officials;
pub(crate) mod plans;
mod portal;
mod report_charts;
mod reports;
mod search;
mod tasks;
mod units;
mod users;
mod webhooks;

/// Registers every documented route.
pub fn configure(cfg: &mut ServiceConfig) {
    cfg.configure(health::configure);
    cfg.service(
        scope::scope("/api/v1")
            .configure(auth::configure)
            .configure(units::configure)
            .configure(departments::configure)
            .configure(officials::configure)
            .configure(plans::configure)
            .configure(conference::configure)
            .configure(tasks::configure)
            .configure(index::configure)
            .configure(portal::configure)
            .configure(awards::configure)
            .configure(attachments::configure)
            .configure(users::configure)
            .configure(api_clients::configure)
            .configure(audit::configure)
            .configure(search::configure)
            .configure(reports::configure)
            .configure(report_charts::configure)
            .configure(exports::configure)
            .configure(webhooks::configure),
    );
}
