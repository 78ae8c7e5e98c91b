//! A plan's states and the actions between them: the state machine (the stored names of
//! statuses are the codec's, [`crate::domain::codec`]). Nothing here touches the database.

use cchc_sdk::types::plans::PlanStatus;

use crate::domain::codec::enum_str;
use crate::domain::lifecycle::{self, Action};
use crate::error::ApiError;

/// The document type code of plans.
pub const TYPE_CODE: &str = "KH";

/// A lifecycle action.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PlanAction {
    /// draft -> submitted.
    Submit,
    /// submitted -> draft.
    Return,
    /// submitted -> issued (assigns the number).
    Issue,
    /// issued -> in progress.
    Start,
    /// in progress -> completed.
    Complete,
    /// any open state -> cancelled.
    Cancel,
    /// issued / in progress: new content, same number.
    Amend,
    /// draft: new content.
    ReplaceContent,
}

impl Action for PlanAction {
    fn name(self) -> &'static str {
        match self {
            PlanAction::Submit => "submit",
            PlanAction::Return => "return",
            PlanAction::Issue => "issue",
            PlanAction::Start => "start",
            PlanAction::Complete => "complete",
            PlanAction::Cancel => "cancel",
            PlanAction::Amend => "amend",
            PlanAction::ReplaceContent => "replace_content",
        }
    }
}

/// The actions allowed from a status.
pub fn allowed_actions(status: PlanStatus) -> &'static [PlanAction] {
    use PlanAction::*;
    match status {
        PlanStatus::Draft => &[ReplaceContent, Submit, Cancel],
        PlanStatus::Submitted => &[Issue, Return, Cancel],
        PlanStatus::Issued => &[Start, Amend, Cancel],
        PlanStatus::InProgress => &[Complete, Amend, Cancel],
        PlanStatus::Completed | PlanStatus::Cancelled => &[],
        _ => &[],
    }
}

/// Where an action leads from a status, or the 409 that lists what is allowed.
pub fn transition(status: PlanStatus, action: PlanAction) -> Result<PlanStatus, ApiError> {
    lifecycle::check(
        ("kế hoạch", "plan"),
        &enum_str(&status),
        action,
        allowed_actions(status),
    )?;
    Ok(match action {
        PlanAction::Submit => PlanStatus::Submitted,
        PlanAction::Return | PlanAction::ReplaceContent => PlanStatus::Draft,
        PlanAction::Issue => PlanStatus::Issued,
        PlanAction::Start => PlanStatus::InProgress,
        PlanAction::Complete => PlanStatus::Completed,
        PlanAction::Cancel => PlanStatus::Cancelled,
        PlanAction::Amend => status,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::ErrorKind;

    #[test]
    fn the_lifecycle_allows_only_its_own_steps() {
        assert_eq!(
            transition(PlanStatus::Draft, PlanAction::Submit).ok(),
            Some(PlanStatus::Submitted)
        );
        assert_eq!(
            transition(PlanStatus::Submitted, PlanAction::Return).ok(),
            Some(PlanStatus::Draft)
        );
        assert_eq!(
            transition(PlanStatus::Submitted, PlanAction::Issue).ok(),
            Some(PlanStatus::Issued)
        );
        assert_eq!(
            transition(PlanStatus::Issued, PlanAction::Amend).ok(),
            Some(PlanStatus::Issued)
        );
        assert!(transition(PlanStatus::Draft, PlanAction::Issue).is_err());
        assert!(transition(PlanStatus::Issued, PlanAction::ReplaceContent).is_err());
        assert!(transition(PlanStatus::Completed, PlanAction::Cancel).is_err());
        let err = transition(PlanStatus::Draft, PlanAction::Start).err();
        assert_eq!(err.map(|e| e.kind), Some(ErrorKind::InvalidTransition));
    }
}
