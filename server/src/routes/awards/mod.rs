//! `/api/v1/awards`: proposals, council review, decisions, award histories, the rules.

mod decisions;
mod granted;
mod proposals;

use utoipa_actix_web::service_config::ServiceConfig;

/// Registers the award routes.
pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(granted::list_awards)
        .service(granted::get_rules)
        .service(granted::replace_rules)
        .service(proposals::list_proposals)
        .service(proposals::create_proposal)
        .service(proposals::get_proposal)
        .service(proposals::submit_proposal)
        .service(proposals::review_proposal)
        .service(proposals::withdraw_proposal)
        .service(decisions::list_decisions)
        .service(decisions::create_decision)
        .service(decisions::get_decision)
        .service(decisions::issue_decision)
        .service(decisions::revoke_decision)
        .service(decisions::decision_document);
}
