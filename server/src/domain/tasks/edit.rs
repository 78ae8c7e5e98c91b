//! Editing a task's fields with a merge patch.

use cchc_sdk::types::common::Patch;
use cchc_sdk::types::tasks::TaskPatch;
use chrono::NaiveDate;
use sea_orm::{ActiveValue::Set, DatabaseConnection};
use uuid::Uuid;

use super::create::check_text;
use super::links::{Links, check_links, check_may_work, replace_links};
use super::queries::{get, out};
use super::status::{NO_DUE, priority_rank};
use crate::auth::Ctx;
use crate::domain::audit::{self, Event};
use crate::domain::codec::enum_str;
use crate::domain::precondition::IfMatch;
use crate::domain::text;
use crate::domain::versioned::save_versioned;
use crate::domain::write::Write;
use crate::entity::tasks;
use crate::error::{ApiError, FieldIssue, Text};

/// Applies a merge patch.
pub async fn update(
    db: &DatabaseConnection,
    ctx: &Ctx,
    id: Uuid,
    if_match: &IfMatch,
    patch: TaskPatch,
) -> Result<tasks::Model, ApiError> {
    let w = Write::begin(db, ctx).await?;
    let current = get(w.db(), &ctx.scope, id).await?;
    check_may_work(w.db(), ctx, &current, None).await?;
    let pick_id = |p: Patch<Uuid>, old: Option<Uuid>| match p {
        Patch::Absent => old,
        Patch::Null => None,
        Patch::Value(v) => Some(v),
    };
    let pick_date = |p: Patch<NaiveDate>, old: Option<NaiveDate>| match p {
        Patch::Absent => old,
        Patch::Null => None,
        Patch::Value(v) => Some(v),
    };
    let title = patch
        .title
        .as_deref()
        .map(text::normalize)
        .unwrap_or_else(|| current.title.clone());
    let description = match patch.description {
        Patch::Absent => current.description.clone(),
        Patch::Null => None,
        Patch::Value(v) => Some(text::normalize(&v)).filter(|d| !d.is_empty()),
    };
    let start = pick_date(patch.start_date, current.start_date);
    let due = pick_date(patch.due_date, current.due_date);
    let lead = pick_id(patch.lead_department_id, current.lead_department_id);
    let mut issues = Vec::new();
    check_text(&title, description.as_deref(), start, due, &mut issues);
    if patch.progress.is_some_and(|p| !(0..=100).contains(&p)) {
        issues.push(FieldIssue::new(
            "progress",
            "out_of_range",
            Text::new("Từ 0 đến 100.", "Between 0 and 100."),
        ));
    }
    let links = Links {
        lead,
        supporting: patch.supporting_department_ids.clone().unwrap_or_default(),
        assignees: patch.assignee_ids.clone().unwrap_or_default(),
    };
    check_links(w.db(), current.unit_id, &links, &mut issues).await?;
    if !issues.is_empty() {
        return Err(ApiError::validation(issues));
    }
    if_match.check(current.version)?;
    super::updates::settled_progress(&current, patch.progress)?;
    let mut active: tasks::ActiveModel = current.clone().into();
    active.search_key = Set(text::fold(&format!(
        "{title} {}",
        description.as_deref().unwrap_or_default()
    )));
    active.title = Set(title);
    active.description = Set(description);
    active.lead_department_id = Set(lead);
    active.criterion_id = Set(pick_id(patch.criterion_id, current.criterion_id));
    if let Some(d) = patch.deliverable {
        active.deliverable = Set(enum_str(&d));
    }
    if let Some(p) = patch.priority {
        active.priority = Set(enum_str(&p));
        active.priority_rank = Set(priority_rank(p));
    }
    active.start_date = Set(start);
    active.due_date = Set(due);
    active.due_sort = Set(due.unwrap_or(NO_DUE));
    if let Some(p) = patch.progress {
        active.progress = Set(p);
    }
    replace_links(
        w.db(),
        id,
        patch.supporting_department_ids.as_deref(),
        patch.assignee_ids.as_deref(),
    )
    .await?;
    let saved = save_versioned::<tasks::Entity>(&w, active, id, current.version).await?;
    let before = out(w.db(), current, w.today()).await?;
    let after = out(w.db(), saved.clone(), w.today()).await?;
    let event = Event {
        resource_type: "task",
        resource_id: Some(id),
        unit_id: Some(saved.unit_id),
        action: "update",
        changes: audit::diff(Some(&before), Some(&after)),
    };
    let journaled = w.journal(event).await?;
    w.commit(journaled).await?;
    Ok(saved)
}
