//! A plan's lifecycle: its statuses and how they are stored, the actions allowed from each,
//! and `act`, which moves a plan on (issuing it assigns its number).

use cchc_sdk::types::plans::PlanStatus;
use chrono::{Datelike, NaiveDate};
use sea_orm::{ActiveValue::Set, DatabaseConnection};
use serde_json::json;
use uuid::Uuid;

use super::content::{content_of, search_key};
use super::queries::get;
use crate::auth::Ctx;
use crate::domain::audit::Event;
use crate::domain::precondition::IfMatch;
use crate::domain::versioned::save_versioned;
use crate::domain::write::Write;
use crate::domain::{numbering, text};
use crate::entity::plans;
use crate::error::{ApiError, ErrorKind};

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

impl PlanAction {
    /// The action's name in URLs and errors.
    pub fn name(self) -> &'static str {
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
    if !allowed_actions(status).contains(&action) {
        return Err(ApiError::new(ErrorKind::InvalidTransition)
            .with_detail(
                format!(
                    "Không thể '{}' kế hoạch ở trạng thái '{}'.",
                    action.name(),
                    status_str(status)
                ),
                format!(
                    "'{}' is not allowed for a plan that is '{}'.",
                    action.name(),
                    status_str(status)
                ),
            )
            .with_allowed_actions(
                allowed_actions(status)
                    .iter()
                    .map(|a| a.name().to_owned())
                    .collect(),
            ));
    }
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

/// The stored name of a status.
pub fn status_str(status: PlanStatus) -> &'static str {
    match status {
        PlanStatus::Draft => "draft",
        PlanStatus::Submitted => "submitted",
        PlanStatus::Issued => "issued",
        PlanStatus::InProgress => "in_progress",
        PlanStatus::Completed => "completed",
        PlanStatus::Cancelled => "cancelled",
        _ => "unknown",
    }
}

pub(super) fn parse_status(s: &str) -> PlanStatus {
    match s {
        "submitted" => PlanStatus::Submitted,
        "issued" => PlanStatus::Issued,
        "in_progress" => PlanStatus::InProgress,
        "completed" => PlanStatus::Completed,
        "cancelled" => PlanStatus::Cancelled,
        _ => PlanStatus::Draft,
    }
}

/// Moves a plan through its lifecycle. Issuing assigns the next number of the unit's year
/// (of the issue date, today in Vietnam unless given).
pub async fn act(
    db: &DatabaseConnection,
    ctx: &Ctx,
    id: Uuid,
    if_match: &IfMatch,
    action: PlanAction,
    reason: Option<String>,
    issue_date: Option<NaiveDate>,
) -> Result<plans::Model, ApiError> {
    let w = Write::begin(db, ctx).await?;
    let current = get(w.db(), &ctx.scope, id).await?;
    let from = parse_status(&current.status);
    let to = transition(from, action)?;
    if_match.check(current.version)?;
    let mut active: plans::ActiveModel = current.clone().into();
    active.status = Set(status_str(to).to_owned());
    let mut changes = json!({"status": {"before": status_str(from), "after": status_str(to)}});
    if action == PlanAction::Issue {
        let date =
            issue_date.unwrap_or_else(|| (w.now() + chrono::Duration::hours(7)).date_naive());
        let number =
            numbering::next_number(w.db(), current.unit_id, date.year(), TYPE_CODE).await?;
        let content = content_of(&current)?;
        let symbol = numbering::number_symbol(Some(number), TYPE_CODE, &content.issuer_code);
        active.number = Set(Some(number));
        active.number_year = Set(Some(date.year()));
        active.number_symbol = Set(Some(symbol.clone()));
        active.issue_date = Set(Some(date));
        active.issued_at = Set(Some(w.now()));
        active.search_key = Set(search_key(&content, Some(&symbol)));
        if let Some(map) = changes.as_object_mut() {
            map.insert(
                "number_symbol".into(),
                json!({"before": null, "after": symbol}),
            );
            map.insert("issue_date".into(), json!({"before": null, "after": date}));
        }
    }
    if let (Some(reason), Some(map)) = (
        reason.filter(|r| !r.trim().is_empty()),
        changes.as_object_mut(),
    ) {
        map.insert("reason".into(), json!(text::normalize(&reason)));
    }
    let saved = save_versioned::<plans::Entity>(&w, active, id, current.version).await?;
    let event = Event {
        resource_type: "plan",
        resource_id: Some(id),
        unit_id: Some(saved.unit_id),
        action: action.name(),
        changes,
    };
    let journaled = w.journal(event).await?;
    w.commit(journaled).await?;
    Ok(saved)
}

#[cfg(test)]
mod tests {
    use super::*;

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
