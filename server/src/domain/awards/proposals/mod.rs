//! Award proposals: who proposes whom for what, and the council's review.
//!
//! draft -> `submit` -> submitted -> `review` -> recommended | not_recommended; `withdraw`
//! from draft, submitted or recommended (not once in a decision); an issued decision marks
//! its proposals awarded.
//!
//! This root holds the lifecycle (which action is allowed from which status); the steps
//! live in the submodules and are re-exported here.

mod act;
mod create;
mod queries;
mod recipients;

use cchc_sdk::types::awards::ProposalStatus;

pub use act::act;
pub use create::create;
pub use queries::{get, list, recipient_of, to_out};
pub use recipients::{already_awarded, holds};

/// A lifecycle action of a proposal.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    /// draft -> submitted.
    Submit,
    /// submitted -> recommended / not recommended.
    Review,
    /// draft / submitted / recommended -> withdrawn.
    Withdraw,
}

impl crate::domain::lifecycle::Action for Action {
    fn name(self) -> &'static str {
        match self {
            Action::Submit => "submit",
            Action::Review => "review",
            Action::Withdraw => "withdraw",
        }
    }
}

fn allowed(status: ProposalStatus, in_decision: bool) -> Vec<Action> {
    use ProposalStatus::*;
    match status {
        Draft => vec![Action::Submit, Action::Withdraw],
        Submitted => vec![Action::Review, Action::Withdraw],
        Recommended if !in_decision => vec![Action::Withdraw],
        _ => vec![],
    }
}
