//! Assessments: one unit against one published framework, through the yearly cycle.
//!
//! self_assessment -> `submit` -> submitted (round 1) -> `request_explanation` ->
//! explanation_requested -> `submit` -> submitted (round 2) -> `finalize` -> finalized ->
//! published (with every unit of the same parent, by one decision). The unit scores itself
//! only while self-assessing (and, when asked, explains the chosen items); only an upper
//! unit's appraiser or admin appraises, never the unit's own people.
//!
//! This root holds the lifecycle (which action is allowed from which status); the steps
//! live in the submodules and are re-exported here.

mod adjustments;
mod appraisal;
pub mod causes;
mod change;
mod explanation;
mod finalize;
mod open;
mod out;
mod queries;
mod responsibilities;
mod self_assessment;

use cchc_sdk::types::index::AssessmentStatus;

use crate::domain::codec::enum_str;
use crate::domain::lifecycle;
use crate::error::ApiError;

pub use super::sheet::{Sheet, publication_to_out, responsible_departments};
pub use appraisal::{appraise, submit};
pub use explanation::request_explanation;
pub use finalize::{finalize, may_publish};
pub use open::create;
pub use out::to_out;
pub use queries::{get, list};
pub use responsibilities::set_responsibilities;
pub use self_assessment::self_assess;

/// A lifecycle action.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    /// Change self scores.
    SelfAssess,
    /// Hand in (round 1) or hand back with the explanation (round 2).
    Submit,
    /// Change appraised scores, survey points, bonus and penalty.
    Appraise,
    /// Send chosen items back for an explanation (round 1 only).
    RequestExplanation,
    /// Close the appraisal.
    Finalize,
    /// Publish with the parent's other units.
    Publish,
}

impl lifecycle::Action for Action {
    fn name(self) -> &'static str {
        match self {
            Action::SelfAssess => "self_assess",
            Action::Submit => "submit",
            Action::Appraise => "appraise",
            Action::RequestExplanation => "request_explanation",
            Action::Finalize => "finalize",
            Action::Publish => "publish",
        }
    }
}

/// What may be done from a status (and round).
pub fn allowed_actions(status: AssessmentStatus, round: i32) -> Vec<Action> {
    use AssessmentStatus::*;
    match status {
        SelfAssessment | ExplanationRequested => vec![Action::SelfAssess, Action::Submit],
        Submitted if round == 1 => vec![
            Action::Appraise,
            Action::RequestExplanation,
            Action::Finalize,
        ],
        Submitted => vec![Action::Appraise, Action::Finalize],
        Finalized => vec![Action::Publish],
        Published => vec![],
        _ => vec![],
    }
}

/// 409 unless `action` is allowed now.
pub fn check_action(status: AssessmentStatus, round: i32, action: Action) -> Result<(), ApiError> {
    lifecycle::check(
        ("phiếu đánh giá", "assessment"),
        &enum_str(&status),
        action,
        &allowed_actions(status, round),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::ErrorKind;

    #[test]
    fn the_cycle_allows_only_its_own_steps() {
        use AssessmentStatus::*;
        assert!(check_action(SelfAssessment, 1, Action::SelfAssess).is_ok());
        assert!(check_action(SelfAssessment, 1, Action::Appraise).is_err());
        assert!(check_action(Submitted, 1, Action::SelfAssess).is_err());
        assert!(check_action(Submitted, 1, Action::RequestExplanation).is_ok());
        assert!(check_action(Submitted, 2, Action::RequestExplanation).is_err());
        assert!(check_action(ExplanationRequested, 1, Action::Submit).is_ok());
        assert!(check_action(Finalized, 2, Action::Appraise).is_err());
        let err = check_action(Published, 1, Action::SelfAssess).err();
        assert_eq!(err.map(|e| e.kind), Some(ErrorKind::InvalidTransition));
    }
}
