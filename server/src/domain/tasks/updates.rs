//! A task's journal: comments and progress reports, and the entries its lifecycle leaves.

use cchc_sdk::types::common::Page;
use cchc_sdk::types::tasks::{TaskStatus, TaskUpdateIn, TaskUpdateOut};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseConnection,
    EntityTrait, QueryFilter,
};
use serde_json::json;
use uuid::Uuid;

use super::links::check_may_work;
use super::queries::{get, out};
use crate::auth::{Ctx, Scope};
use crate::domain::audit::{self, Event};
use crate::domain::codec::{enum_str, parse_enum};
use crate::domain::page::PageRequest;
use crate::domain::precondition::IfMatch;
use crate::domain::text;
use crate::domain::versioned::save_versioned;
use crate::domain::write::Write;
use crate::entity::{task_updates, tasks};
use crate::error::{ApiError, ErrorKind, FieldIssue, Text};

pub(super) async fn journal_entry(
    db: &impl ConnectionTrait,
    ctx: &Ctx,
    task_id: Uuid,
    text: Option<String>,
    progress: Option<i32>,
    change: Option<(TaskStatus, TaskStatus)>,
) -> Result<task_updates::Model, ApiError> {
    Ok(task_updates::ActiveModel {
        id: Set(Uuid::now_v7()),
        task_id: Set(task_id),
        author_id: Set(Some(ctx.principal.id).filter(|id| !id.is_nil())),
        author_name: Set(ctx.principal.name.clone()),
        text: Set(text),
        progress: Set(progress),
        status_from: Set(change.map(|(f, _)| enum_str(&f))),
        status_to: Set(change.map(|(_, t)| enum_str(&t))),
        created_at: Set(ctx.now),
    }
    .insert(db)
    .await?)
}

/// Refuses (409 `invalid_transition`) a new progress for a done or cancelled task: its
/// progress is settled (done counts 100 %, cancelled is left out of the plan's progress)
/// and only `reopen` brings it back to work. The same value again is not a change.
pub(super) fn settled_progress(
    current: &tasks::Model,
    progress: Option<i32>,
) -> Result<(), ApiError> {
    let status: TaskStatus = parse_enum(&current.status)?;
    if !matches!(status, TaskStatus::Done | TaskStatus::Cancelled)
        || progress.is_none_or(|p| p == current.progress)
    {
        return Ok(());
    }
    Err(ApiError::new(ErrorKind::InvalidTransition).with_detail(
        format!(
            "Nhiệm vụ {}: không đổi tiến độ được nữa; mở lại nhiệm vụ trước.",
            crate::error::vi_term(&current.status)
        ),
        format!(
            "The task is '{}': its progress can no longer change; reopen it first.",
            current.status
        ),
    ))
}

/// Adds a comment or progress report to a task's journal; `if_match` is checked against
/// the task's version (412 when stale).
pub async fn add_update(
    db: &DatabaseConnection,
    ctx: &Ctx,
    id: Uuid,
    if_match: &IfMatch,
    input: TaskUpdateIn,
) -> Result<task_updates::Model, ApiError> {
    let w = Write::begin(db, ctx).await?;
    let current = get(w.db(), &ctx.scope, id).await?;
    check_may_work(w.db(), ctx, &current, None).await?;
    if_match.check(current.version)?;
    let note = input
        .text
        .map(|t| text::normalize(&t))
        .filter(|t| !t.is_empty());
    let mut issues = Vec::new();
    if note.is_none() && input.progress.is_none() {
        issues.push(FieldIssue::required("text"));
    }
    if note.as_ref().is_some_and(|t| t.chars().count() > 8000) {
        issues.push(FieldIssue::too_long("text", 8000));
    }
    if input.progress.is_some_and(|p| !(0..=100).contains(&p)) {
        issues.push(FieldIssue::new(
            "progress",
            "out_of_range",
            Text::new("Từ 0 đến 100.", "Between 0 and 100."),
        ));
    }
    if !issues.is_empty() {
        return Err(ApiError::validation(issues));
    }
    settled_progress(&current, input.progress)?;
    let mut changes = serde_json::Map::new();
    if let Some(p) = input.progress {
        let mut active: tasks::ActiveModel = current.clone().into();
        active.progress = Set(p);
        let saved = save_versioned::<tasks::Entity>(&w, active, id, current.version).await?;
        let before = out(w.db(), current.clone(), w.today()).await?;
        let after = out(w.db(), saved, w.today()).await?;
        if let serde_json::Value::Object(diff) = audit::diff(Some(&before), Some(&after)) {
            changes.extend(diff);
        }
    }
    if let Some(note) = &note {
        changes.insert("text".into(), json!({"before": null, "after": note}));
    }
    let entry = journal_entry(w.db(), ctx, id, note, input.progress, None).await?;
    let event = Event {
        resource_type: "task",
        resource_id: Some(id),
        unit_id: Some(current.unit_id),
        action: if input.progress.is_some() {
            "report_progress"
        } else {
            "comment"
        },
        changes: changes.into(),
    };
    let journaled = w.journal(event).await?;
    w.commit(journaled).await?;
    Ok(entry)
}

/// The wire form of a journal entry.
pub fn update_out(m: task_updates::Model) -> Result<TaskUpdateOut, ApiError> {
    Ok(TaskUpdateOut {
        id: m.id,
        task_id: m.task_id,
        author_name: m.author_name,
        text: m.text,
        progress: m.progress,
        status_from: m.status_from.as_deref().map(parse_enum).transpose()?,
        status_to: m.status_to.as_deref().map(parse_enum).transpose()?,
        created_at: m.created_at,
    })
}

/// One page of a task's journal, oldest first.
pub async fn list_updates(
    db: &DatabaseConnection,
    scope: &Scope,
    id: Uuid,
    page: &PageRequest,
) -> Result<Page<task_updates::Model>, ApiError> {
    get(db, scope, id).await?;
    let select = task_updates::Entity::find().filter(task_updates::Column::TaskId.eq(id));
    page.load(db, select, task_updates::Column::Id, |r| r.id)
        .await
}
