//! Making tasks: one by hand after checking every rule, and one per duty of a plan.

use cchc_sdk::types::tasks::{Deliverable, TaskIn, TaskOut, TaskPriority};
use chrono::NaiveDate;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter,
};
use serde_json::json;
use uuid::Uuid;

use super::links::{Links, check_links, insert_links, once_each};
use super::queries::to_out;
use super::status::{NO_DUE, priority_rank};
use crate::auth::Ctx;
use crate::domain::audit::Event;
use crate::domain::codec::enum_str;
use crate::domain::precondition::IfMatch;
use crate::domain::write::{Journaled, Write};
use crate::domain::{text, units};
use crate::entity::{plans, tasks};
use crate::error::{ApiError, FieldIssue, Text};

pub(super) fn check_text(
    title: &str,
    description: Option<&str>,
    start: Option<NaiveDate>,
    due: Option<NaiveDate>,
    issues: &mut Vec<FieldIssue>,
) {
    if title.is_empty() {
        issues.push(FieldIssue::required("title"));
    } else if title.chars().count() > 300 {
        issues.push(FieldIssue::too_long("title", 300));
    }
    if description.is_some_and(|d| d.chars().count() > 8000) {
        issues.push(FieldIssue::too_long("description", 8000));
    }
    if let (Some(s), Some(d)) = (start, due)
        && d < s
    {
        issues.push(FieldIssue::new(
            "due_date",
            "out_of_range",
            Text::new(
                "Hạn phải sau ngày bắt đầu.",
                "Must not be before start_date.",
            ),
        ));
    }
}

/// Creates a task (and its links), journaled in the caller's change; `source_key` marks
/// tasks made from a plan.
pub async fn insert(
    w: &Write,
    input: TaskIn,
    source_key: Option<String>,
) -> Result<(tasks::Model, Journaled), ApiError> {
    let now = w.now();
    let title = text::normalize(&input.title);
    let description = input
        .description
        .map(|d| text::normalize(&d))
        .filter(|d| !d.is_empty());
    let task = tasks::ActiveModel {
        id: Set(Uuid::now_v7()),
        unit_id: Set(input.unit_id),
        plan_id: Set(input.plan_id),
        source_key: Set(source_key),
        search_key: Set(text::fold(&format!(
            "{title} {}",
            description.as_deref().unwrap_or_default()
        ))),
        title: Set(title),
        description: Set(description),
        lead_department_id: Set(input.lead_department_id),
        criterion_id: Set(input.criterion_id),
        deliverable: Set(enum_str(&input.deliverable)),
        priority: Set(enum_str(&input.priority)),
        priority_rank: Set(priority_rank(input.priority)),
        start_date: Set(input.start_date),
        due_date: Set(input.due_date),
        due_sort: Set(input.due_date.unwrap_or(NO_DUE)),
        status: Set("todo".into()),
        progress: Set(0),
        blocked_reason: Set(None),
        result_summary: Set(None),
        completed_at: Set(None),
        due_soon_notified_at: Set(None),
        overdue_notified_at: Set(None),
        created_at: Set(now),
        updated_at: Set(now),
        version: Set(1),
    }
    .insert(w.db())
    .await?;
    insert_links(
        w.db(),
        task.id,
        &input.supporting_department_ids,
        &input.assignee_ids,
    )
    .await?;
    let event = Event {
        resource_type: "task",
        resource_id: Some(task.id),
        unit_id: Some(task.unit_id),
        action: "create",
        changes: json!({"title": {"before": null, "after": task.title}}),
    };
    let journaled = w.journal(event).await?;
    Ok((task, journaled))
}

/// Creates a task after checking every rule.
pub async fn create(
    db: &DatabaseConnection,
    ctx: &Ctx,
    input: TaskIn,
) -> Result<tasks::Model, ApiError> {
    Ok(create_out(db, ctx, input).await?.0)
}

/// Creates a task after checking every rule, and answers it as the API does, from what
/// was written (nothing is read back).
pub async fn create_out(
    db: &DatabaseConnection,
    ctx: &Ctx,
    input: TaskIn,
) -> Result<(tasks::Model, TaskOut), ApiError> {
    let w = Write::begin(db, ctx).await?;
    match units::find_visible(w.db(), &ctx.scope, input.unit_id).await? {
        Some(u) if u.archived_at.is_none() => {}
        _ => {
            return Err(ApiError::validation(vec![FieldIssue::unknown_reference(
                "unit_id",
            )]));
        }
    }
    let mut issues = Vec::new();
    check_text(
        &text::normalize(&input.title),
        input.description.as_deref(),
        input.start_date,
        input.due_date,
        &mut issues,
    );
    if let Some(plan_id) = input.plan_id
        && plans::Entity::find_by_id(plan_id)
            .one(w.db())
            .await?
            .is_none_or(|p| p.unit_id != input.unit_id)
    {
        issues.push(FieldIssue::unknown_reference("plan_id"));
    }
    let links = Links {
        lead: input.lead_department_id,
        supporting: input.supporting_department_ids.clone(),
        assignees: input.assignee_ids.clone(),
    };
    check_links(w.db(), input.unit_id, &links, &mut issues).await?;
    if !issues.is_empty() {
        return Err(ApiError::validation(issues));
    }
    let supporting = once_each(&input.supporting_department_ids);
    let assignees = once_each(&input.assignee_ids);
    let (task, journaled) = insert(&w, input, None).await?;
    w.commit(journaled).await?;
    let out = to_out(task.clone(), supporting, assignees, ctx.today())?;
    Ok((task, out))
}

/// Makes one task per duty of a plan's implementation section, led by the assignment's
/// department. Calling it again makes only what is missing.
pub async fn from_plan(
    db: &DatabaseConnection,
    ctx: &Ctx,
    plan_id: Uuid,
    if_match: &IfMatch,
) -> Result<Vec<tasks::Model>, ApiError> {
    let w = Write::begin(db, ctx).await?;
    let plan = crate::domain::plans::get(w.db(), &ctx.scope, plan_id).await?;
    if_match.check(plan.version)?;
    let content = crate::domain::plans::content_of(&plan)?;
    let mut made = Vec::new();
    let mut journaled: Option<Journaled> = None;
    for (i, assignment) in content.implementation.iter().enumerate() {
        for (j, duty) in assignment.duties.iter().enumerate() {
            let key = format!("plan:{plan_id}:{i}:{j}");
            if let Some(existing) = tasks::Entity::find()
                .filter(tasks::Column::SourceKey.eq(key.as_str()))
                .one(w.db())
                .await?
            {
                made.push(existing);
                continue;
            }
            let title: String = duty.chars().take(290).collect();
            let input = TaskIn {
                unit_id: plan.unit_id,
                plan_id: Some(plan_id),
                title: if duty.chars().count() > 290 {
                    format!("{title}…")
                } else {
                    title
                },
                description: Some(format!("{}: {duty}", assignment.assignee)),
                lead_department_id: assignment.department_id,
                supporting_department_ids: vec![],
                assignee_ids: vec![],
                criterion_id: None,
                deliverable: Deliverable::Other,
                priority: TaskPriority::Normal,
                start_date: None,
                due_date: None,
            };
            let (task, proof) = insert(&w, input, Some(key)).await?;
            made.push(task);
            journaled = Some(match journaled {
                Some(earlier) => earlier.and(proof),
                None => proof,
            });
        }
    }
    // Nothing missing: nothing was written, so there is nothing to commit.
    match journaled {
        Some(journaled) => w.commit(journaled).await?,
        None => w.rollback().await?,
    }
    Ok(made)
}
