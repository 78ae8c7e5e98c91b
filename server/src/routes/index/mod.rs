//! `/api/v1/index`: frameworks, assessments, results and rankings, analysis.

mod assessments;
mod causes;
mod frameworks;
mod outlook;
mod results;
mod what_if;

use utoipa_actix_web::service_config::ServiceConfig;

/// Registers the index routes.
pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(frameworks::list_frameworks)
        .service(frameworks::create_framework)
        .service(frameworks::get_framework)
        .service(frameworks::update_framework)
        .service(frameworks::publish_framework)
        .service(frameworks::copy_framework)
        .service(frameworks::export_framework)
        .service(frameworks::get_criteria)
        .service(frameworks::replace_criteria)
        .service(results::publish_results)
        .service(assessments::list_assessments)
        .service(assessments::create_assessment)
        .service(assessments::get_assessment)
        .service(assessments::self_assess)
        .service(assessments::submit)
        .service(assessments::appraise)
        .service(assessments::request_explanation)
        .service(assessments::finalize)
        .service(assessments::set_responsibilities)
        .service(causes::set_cause)
        .service(results::get_analysis)
        .service(results::create_remediation_tasks)
        .service(what_if::compute_what_if)
        .service(outlook::get_outlook)
        .service(results::ranking)
        .service(results::get_result);
}
