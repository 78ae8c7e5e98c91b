//! `act`: moves a task from one status to the next (the state machine is in `status`).

use sea_orm::{ActiveValue::Set, DatabaseConnection};
use serde_json::json;
use uuid::Uuid;

use super::links::check_may_work;
use super::queries::get;
use super::status::{TaskAction, transition};
use super::updates::journal_entry;
use crate::auth::Ctx;
use crate::domain::audit::Event;
use crate::domain::codec::{enum_str, parse_enum};
use crate::domain::lifecycle::Action as _;
use crate::domain::precondition::IfMatch;
use crate::domain::text;
use crate::domain::versioned::save_versioned;
use crate::domain::write::Write;
use crate::entity::tasks;
use crate::error::{ApiError, FieldIssue, Text};

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
    let from = parse_enum(&current.status)?;
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
    active.status = Set(enum_str(&to));
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
        json!({"status": {"before": enum_str(&from), "after": enum_str(&to)}, "text": note});
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
