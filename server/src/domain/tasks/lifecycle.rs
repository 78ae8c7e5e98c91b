//! A task's lifecycle: its statuses and how they are stored, the actions allowed from each,
//! and `act`, which moves a task from one status to the next.

use cchc_sdk::types::tasks::{TaskPriority, TaskStatus};
use chrono::NaiveDate;
use sea_orm::{ActiveValue::Set, DatabaseConnection};
use serde_json::json;
use uuid::Uuid;

use super::links::check_may_work;
use super::queries::get;
use super::updates::journal_entry;
use crate::auth::Ctx;
use crate::domain::audit::Event;
use crate::domain::precondition::IfMatch;
use crate::domain::text;
use crate::domain::versioned::save_versioned;
use crate::domain::write::Write;
use crate::entity::tasks;
use crate::error::{ApiError, ErrorKind, FieldIssue, Text};

/// A lifecycle action of a task.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TaskAction {
    /// todo -> in progress.
    Start,
    /// in progress -> blocked (reason required).
    Block,
    /// blocked -> in progress.
    Unblock,
    /// todo / in progress -> done (result summary required).
    Complete,
    /// done / cancelled -> in progress.
    Reopen,
    /// any open state -> cancelled.
    Cancel,
}

impl TaskAction {
    /// Its name in URLs and errors.
    pub fn name(self) -> &'static str {
        match self {
            TaskAction::Start => "start",
            TaskAction::Block => "block",
            TaskAction::Unblock => "unblock",
            TaskAction::Complete => "complete",
            TaskAction::Reopen => "reopen",
            TaskAction::Cancel => "cancel",
        }
    }
}

/// What may be done from a status.
pub fn allowed_actions(status: TaskStatus) -> &'static [TaskAction] {
    use TaskAction::*;
    match status {
        TaskStatus::Todo => &[Start, Complete, Cancel],
        TaskStatus::InProgress => &[Block, Complete, Cancel],
        TaskStatus::Blocked => &[Unblock, Cancel],
        TaskStatus::Done | TaskStatus::Cancelled => &[Reopen],
        _ => &[],
    }
}

/// Where an action leads, or 409 `invalid_transition` listing the allowed actions.
pub fn transition(status: TaskStatus, action: TaskAction) -> Result<TaskStatus, ApiError> {
    if !allowed_actions(status).contains(&action) {
        return Err(ApiError::new(ErrorKind::InvalidTransition)
            .with_detail(
                format!(
                    "Không thể '{}' nhiệm vụ ở trạng thái '{}'.",
                    action.name(),
                    status_str(status)
                ),
                format!(
                    "'{}' is not allowed for a task that is '{}'.",
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
        TaskAction::Start | TaskAction::Unblock | TaskAction::Reopen => TaskStatus::InProgress,
        TaskAction::Block => TaskStatus::Blocked,
        TaskAction::Complete => TaskStatus::Done,
        TaskAction::Cancel => TaskStatus::Cancelled,
    })
}

/// The stored name of a status.
pub fn status_str(s: TaskStatus) -> &'static str {
    match s {
        TaskStatus::Todo => "todo",
        TaskStatus::InProgress => "in_progress",
        TaskStatus::Blocked => "blocked",
        TaskStatus::Done => "done",
        TaskStatus::Cancelled => "cancelled",
        _ => "unknown",
    }
}

pub(super) fn parse_status(s: &str) -> TaskStatus {
    match s {
        "in_progress" => TaskStatus::InProgress,
        "blocked" => TaskStatus::Blocked,
        "done" => TaskStatus::Done,
        "cancelled" => TaskStatus::Cancelled,
        _ => TaskStatus::Todo,
    }
}

pub(super) fn enum_str<T: serde::Serialize>(v: T) -> String {
    serde_json::to_value(v)
        .ok()
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_default()
}

pub(super) fn enum_parse<T: serde::de::DeserializeOwned>(s: &str, fallback: T) -> T {
    serde_json::from_value(json!(s)).unwrap_or(fallback)
}

/// The weight of a priority in a plan's progress (and its sort rank).
pub fn priority_rank(p: TaskPriority) -> i32 {
    match p {
        TaskPriority::Low => 1,
        TaskPriority::Normal => 2,
        TaskPriority::High => 3,
        TaskPriority::Urgent => 4,
        _ => 0,
    }
}

pub(super) const NO_DUE: NaiveDate = match NaiveDate::from_ymd_opt(9999, 12, 31) {
    Some(d) => d,
    None => NaiveDate::MIN,
};

/// Moves a task through its lifecycle; `text` is the block reason or the result summary.
pub async fn act(
    db: &DatabaseConnection,
    ctx: &Ctx,
    id: Uuid,
    if_match: &IfMatch,
    action: TaskAction,
    text_in: Option<String>,
) -> Result<tasks::Model, ApiError> {
    let w = Write::begin(db, ctx).await?;
    let current = get(w.db(), &ctx.scope, id).await?;
    check_may_work(w.db(), ctx, &current, Some(action)).await?;
    let from = parse_status(&current.status);
    let to = transition(from, action)?;
    let note = text_in
        .map(|t| text::normalize(&t))
        .filter(|t| !t.is_empty());
    let field = match action {
        TaskAction::Block => Some("text"),
        TaskAction::Complete => Some("text"),
        _ => None,
    };
    if let Some(field) = field
        && note.is_none()
    {
        let why = if action == TaskAction::Block {
            ("Cần nêu lý do.", "A reason is required.")
        } else {
            ("Cần tóm tắt kết quả.", "A result summary is required.")
        };
        return Err(ApiError::validation(vec![FieldIssue::new(
            field,
            "required",
            Text::new(why.0, why.1),
        )]));
    }
    if_match.check(current.version)?;
    let mut active: tasks::ActiveModel = current.clone().into();
    active.status = Set(status_str(to).to_owned());
    match action {
        TaskAction::Block => active.blocked_reason = Set(note.clone()),
        TaskAction::Unblock => active.blocked_reason = Set(None),
        TaskAction::Complete => {
            active.result_summary = Set(note.clone());
            active.progress = Set(100);
            active.completed_at = Set(Some(w.now()));
        }
        TaskAction::Reopen => active.completed_at = Set(None),
        TaskAction::Start | TaskAction::Cancel => {}
    }
    let saved = save_versioned::<tasks::Entity>(&w, active, id, current.version).await?;
    journal_entry(w.db(), ctx, id, note.clone(), None, Some((from, to))).await?;
    let changes =
        json!({"status": {"before": status_str(from), "after": status_str(to)}, "text": note});
    let journaled = w
        .journal(Event {
            resource_type: "task",
            resource_id: Some(id),
            unit_id: Some(saved.unit_id),
            action: action.name(),
            changes,
        })
        .await?;
    w.commit(journaled).await?;
    Ok(saved)
}
