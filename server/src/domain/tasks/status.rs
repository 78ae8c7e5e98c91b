//! A task's states and the actions between them: the state machine, the stored names of
//! statuses, priorities' weights. Nothing here touches the database.

use crate::domain::codec::enum_str;
use crate::domain::lifecycle::{self, Action};
use crate::error::ApiError;
use cchc_sdk::types::tasks::{TaskPriority, TaskStatus};
use chrono::NaiveDate;

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

impl Action for TaskAction {
    fn name(self) -> &'static str {
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
    lifecycle::check(
        ("nhiệm vụ", "task"),
        &enum_str(&status),
        action,
        allowed_actions(status),
    )?;
    Ok(match action {
        TaskAction::Start | TaskAction::Unblock | TaskAction::Reopen => TaskStatus::InProgress,
        TaskAction::Block => TaskStatus::Blocked,
        TaskAction::Complete => TaskStatus::Done,
        TaskAction::Cancel => TaskStatus::Cancelled,
    })
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
