//! Tasks: who does what by when, how far along it is, and its journal.
//!
//! todo -> `start` -> in progress -> `complete` (with a result summary) -> done; `block`
//! (with a reason) / `unblock`; `reopen` a done or cancelled task; `cancel` an open one.
//! A unit admin may do everything in its scope; a department officer may change, comment
//! on and move (but not cancel) the tasks its department leads or supports, and nothing else.

use std::collections::HashMap;

use cchc_sdk::types::auth::Role;
use cchc_sdk::types::common::{Page, Patch};
use cchc_sdk::types::tasks::{
    Deliverable, PlanProgress, TaskIn, TaskListQuery, TaskOut, TaskPatch, TaskPriority, TaskSort,
    TaskStatus, TaskUpdateIn, TaskUpdateOut,
};
use chrono::{Duration, NaiveDate, Utc};
use sea_orm::sea_query::{Condition, LikeExpr, Query};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseConnection,
    EntityTrait, QueryFilter, QueryOrder, QuerySelect,
};
use serde_json::json;
use uuid::Uuid;

use crate::auth::{Ctx, Permission, Scope};
use crate::domain::audit::{self, Event};
use crate::domain::versioned::save_versioned;
use crate::domain::write::{Journaled, Write};
use crate::domain::{text, units};
use crate::entity::{
    departments, officials, plans, task_assignees, task_departments, task_updates, tasks,
};
use crate::error::{ApiError, ErrorKind, FieldIssue, Text};
use crate::domain::precondition::IfMatch;
use crate::domain::page::PageRequest;

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

/// Whether a task is overdue on `today`: past its due date and neither done nor cancelled.
pub fn is_overdue(status: TaskStatus, due: Option<NaiveDate>, today: NaiveDate) -> bool {
    !matches!(status, TaskStatus::Done | TaskStatus::Cancelled) && due.is_some_and(|d| d < today)
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

fn parse_status(s: &str) -> TaskStatus {
    match s {
        "in_progress" => TaskStatus::InProgress,
        "blocked" => TaskStatus::Blocked,
        "done" => TaskStatus::Done,
        "cancelled" => TaskStatus::Cancelled,
        _ => TaskStatus::Todo,
    }
}

fn enum_str<T: serde::Serialize>(v: T) -> String {
    serde_json::to_value(v)
        .ok()
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_default()
}

fn enum_parse<T: serde::de::DeserializeOwned>(s: &str, fallback: T) -> T {
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

const NO_DUE: NaiveDate = match NaiveDate::from_ymd_opt(9999, 12, 31) {
    Some(d) => d,
    None => NaiveDate::MIN,
};

/// The wire form, given the task's supporting departments and assignees.
/// `today` (in Vietnam) decides whether it is overdue.
pub fn to_out(
    m: tasks::Model,
    supporting: Vec<Uuid>,
    assignees: Vec<Uuid>,
    today: NaiveDate,
) -> TaskOut {
    let status = parse_status(&m.status);
    TaskOut {
        overdue: is_overdue(status, m.due_date, today),
        allowed_actions: allowed_actions(status)
            .iter()
            .map(|a| a.name().to_owned())
            .collect(),
        deliverable: enum_parse(&m.deliverable, Deliverable::Other),
        priority: enum_parse(&m.priority, TaskPriority::Normal),
        id: m.id,
        unit_id: m.unit_id,
        plan_id: m.plan_id,
        title: m.title,
        description: m.description,
        lead_department_id: m.lead_department_id,
        supporting_department_ids: supporting,
        assignee_ids: assignees,
        criterion_id: m.criterion_id,
        start_date: m.start_date,
        due_date: m.due_date,
        status,
        progress: m.progress,
        blocked_reason: m.blocked_reason,
        result_summary: m.result_summary,
        completed_at: m.completed_at,
        created_at: m.created_at,
        updated_at: m.updated_at,
        version: m.version,
    }
}

/// The wire forms of tasks, with their links fetched in two queries.
pub async fn to_outs(
    db: &impl ConnectionTrait,
    rows: Vec<tasks::Model>,
    today: NaiveDate,
) -> Result<Vec<TaskOut>, ApiError> {
    let ids: Vec<Uuid> = rows.iter().map(|t| t.id).collect();
    let mut supporting: HashMap<Uuid, Vec<Uuid>> = HashMap::new();
    for link in task_departments::Entity::find()
        .filter(task_departments::Column::TaskId.is_in(ids.clone()))
        .all(db)
        .await?
    {
        supporting
            .entry(link.task_id)
            .or_default()
            .push(link.department_id);
    }
    let mut assignees: HashMap<Uuid, Vec<Uuid>> = HashMap::new();
    for link in task_assignees::Entity::find()
        .filter(task_assignees::Column::TaskId.is_in(ids))
        .all(db)
        .await?
    {
        assignees
            .entry(link.task_id)
            .or_default()
            .push(link.official_id);
    }
    Ok(rows
        .into_iter()
        .map(|t| {
            let (s, a) = (
                supporting.remove(&t.id).unwrap_or_default(),
                assignees.remove(&t.id).unwrap_or_default(),
            );
            to_out(t, s, a, today)
        })
        .collect())
}

/// One task's wire form.
pub async fn out(
    db: &impl ConnectionTrait,
    m: tasks::Model,
    today: NaiveDate,
) -> Result<TaskOut, ApiError> {
    to_outs(db, vec![m], today)
        .await?
        .pop()
        .ok_or_else(|| ApiError::internal("task vanished"))
}

/// The departments a department officer works in (through its linked official).
async fn officer_departments(db: &impl ConnectionTrait, ctx: &Ctx) -> Result<Vec<Uuid>, ApiError> {
    if !ctx.principal.roles.contains(&Role::DepartmentOfficer) {
        return Ok(Vec::new());
    }
    let linked = officials::Entity::find()
        .filter(officials::Column::UserId.eq(ctx.principal.id))
        .all(db)
        .await?;
    Ok(linked.into_iter().filter_map(|o| o.department_id).collect())
}

/// 403 unless the caller may work on the task: an admin of its scope, or an officer of its
/// lead or a supporting department (and then never to cancel it).
pub async fn check_may_work(
    db: &impl ConnectionTrait,
    ctx: &Ctx,
    task: &tasks::Model,
    action: Option<TaskAction>,
) -> Result<(), ApiError> {
    if ctx.can(Permission::TasksWrite) {
        return Ok(());
    }
    let mine = officer_departments(db, ctx).await?;
    let supporting: Vec<Uuid> = task_departments::Entity::find()
        .filter(task_departments::Column::TaskId.eq(task.id))
        .all(db)
        .await?
        .into_iter()
        .map(|l| l.department_id)
        .collect();
    let involved = task.lead_department_id.is_some_and(|d| mine.contains(&d))
        || supporting.iter().any(|d| mine.contains(d));
    if involved && action != Some(TaskAction::Cancel) {
        return Ok(());
    }
    Err(ApiError::new(ErrorKind::Forbidden).with_detail(
        "Chỉ bộ phận chủ trì hoặc phối hợp (hoặc quản trị đơn vị) mới được làm việc này.",
        "Only the lead or a supporting department (or the unit's admin) may do this.",
    ))
}

/// The checked links of a task.
struct Links {
    lead: Option<Uuid>,
    supporting: Vec<Uuid>,
    assignees: Vec<Uuid>,
}

async fn check_links(
    db: &impl ConnectionTrait,
    unit_id: Uuid,
    links: &Links,
    issues: &mut Vec<FieldIssue>,
) -> Result<(), ApiError> {
    let mut depts: Vec<(String, Uuid)> = links
        .lead
        .map(|d| ("lead_department_id".to_owned(), d))
        .into_iter()
        .collect();
    depts.extend(
        links
            .supporting
            .iter()
            .enumerate()
            .map(|(i, d)| (format!("supporting_department_ids[{i}]"), *d)),
    );
    for (path, id) in depts {
        if departments::Entity::find_by_id(id)
            .one(db)
            .await?
            .is_none_or(|d| d.unit_id != unit_id)
        {
            issues.push(FieldIssue::unknown_reference(path));
        }
    }
    for (i, id) in links.assignees.iter().enumerate() {
        if officials::Entity::find_by_id(*id)
            .one(db)
            .await?
            .is_none_or(|o| o.unit_id != unit_id)
        {
            issues.push(FieldIssue::unknown_reference(format!("assignee_ids[{i}]")));
        }
    }
    Ok(())
}

fn check_text(
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

async fn replace_links(
    db: &impl ConnectionTrait,
    task_id: Uuid,
    supporting: Option<&[Uuid]>,
    assignees: Option<&[Uuid]>,
) -> Result<(), ApiError> {
    if let Some(list) = supporting {
        task_departments::Entity::delete_many()
            .filter(task_departments::Column::TaskId.eq(task_id))
            .exec(db)
            .await?;
        let mut seen: Vec<Uuid> = Vec::new();
        for d in list {
            if seen.contains(d) {
                continue;
            }
            seen.push(*d);
            task_departments::ActiveModel {
                task_id: Set(task_id),
                department_id: Set(*d),
            }
            .insert(db)
            .await?;
        }
    }
    if let Some(list) = assignees {
        task_assignees::Entity::delete_many()
            .filter(task_assignees::Column::TaskId.eq(task_id))
            .exec(db)
            .await?;
        let mut seen: Vec<Uuid> = Vec::new();
        for o in list {
            if seen.contains(o) {
                continue;
            }
            seen.push(*o);
            task_assignees::ActiveModel {
                task_id: Set(task_id),
                official_id: Set(*o),
            }
            .insert(db)
            .await?;
        }
    }
    Ok(())
}

/// A task the caller can see, or 404.
pub async fn get(
    db: &impl ConnectionTrait,
    scope: &Scope,
    id: Uuid,
) -> Result<tasks::Model, ApiError> {
    crate::domain::scoped::find::<tasks::Entity>(db, scope, id).await
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
        deliverable: Set(enum_str(input.deliverable)),
        priority: Set(enum_str(input.priority)),
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
    replace_links(
        w.db(),
        task.id,
        Some(&input.supporting_department_ids),
        Some(&input.assignee_ids),
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
    let (task, journaled) = insert(&w, input, None).await?;
    w.commit(journaled).await?;
    Ok(task)
}

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
        active.deliverable = Set(enum_str(d));
    }
    if let Some(p) = patch.priority {
        active.priority = Set(enum_str(p));
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

async fn journal_entry(
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
        status_from: Set(change.map(|(f, _)| status_str(f).to_owned())),
        status_to: Set(change.map(|(_, t)| status_str(t).to_owned())),
        created_at: Set(ctx.now),
    }
    .insert(db)
    .await?)
}

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

/// Adds a comment or progress report to a task's journal.
pub async fn add_update(
    db: &DatabaseConnection,
    ctx: &Ctx,
    id: Uuid,
    input: TaskUpdateIn,
) -> Result<task_updates::Model, ApiError> {
    let w = Write::begin(db, ctx).await?;
    let current = get(w.db(), &ctx.scope, id).await?;
    check_may_work(w.db(), ctx, &current, None).await?;
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
pub fn update_out(m: task_updates::Model) -> TaskUpdateOut {
    TaskUpdateOut {
        id: m.id,
        task_id: m.task_id,
        author_name: m.author_name,
        text: m.text,
        progress: m.progress,
        status_from: m.status_from.as_deref().map(parse_status),
        status_to: m.status_to.as_deref().map(parse_status),
        created_at: m.created_at,
    }
}

/// One page of a task's journal, oldest first.
pub async fn list_updates(
    db: &DatabaseConnection,
    scope: &Scope,
    id: Uuid,
    page: &PageRequest,
) -> Result<Page<task_updates::Model>, ApiError> {
    get(db, scope, id).await?;
    let mut select = task_updates::Entity::find().filter(task_updates::Column::TaskId.eq(id));
    if let Some(after) = page.after {
        select = select.filter(task_updates::Column::Id.gt(after));
    }
    let rows = select
        .order_by_asc(task_updates::Column::Id)
        .limit(page.fetch())
        .all(db)
        .await?;
    Ok(page.finish(rows, |u| u.id))
}

/// One page of the tasks the caller can see, filtered and sorted.
pub async fn list(
    db: &DatabaseConnection,
    scope: &Scope,
    q: &TaskListQuery,
    page: &PageRequest,
    today: NaiveDate,
) -> Result<Page<tasks::Model>, ApiError> {
    let mut select = crate::domain::scoped::scoped::<tasks::Entity>(scope);
    if let Some(v) = q.plan_id {
        select = select.filter(tasks::Column::PlanId.eq(v));
    }
    if let Some(v) = q.unit_id {
        select = select.filter(tasks::Column::UnitId.eq(v));
    }
    if let Some(d) = q.department_id {
        let supporting = Query::select()
            .column(task_departments::Column::TaskId)
            .from(task_departments::Entity)
            .and_where(task_departments::Column::DepartmentId.eq(d))
            .to_owned();
        select = select.filter(
            Condition::any()
                .add(tasks::Column::LeadDepartmentId.eq(d))
                .add(tasks::Column::Id.in_subquery(supporting)),
        );
    }
    if let Some(o) = q.assignee_id {
        let assigned = Query::select()
            .column(task_assignees::Column::TaskId)
            .from(task_assignees::Entity)
            .and_where(task_assignees::Column::OfficialId.eq(o))
            .to_owned();
        select = select.filter(tasks::Column::Id.in_subquery(assigned));
    }
    if let Some(s) = q.status {
        select = select.filter(tasks::Column::Status.eq(status_str(s)));
    }
    let open = [
        status_str(TaskStatus::Todo),
        status_str(TaskStatus::InProgress),
        status_str(TaskStatus::Blocked),
    ];
    match q.overdue {
        Some(true) => {
            select = select
                .filter(tasks::Column::DueDate.lt(today))
                .filter(tasks::Column::Status.is_in(open))
        }
        Some(false) => {
            select = select.filter(
                Condition::any()
                    .add(tasks::Column::DueDate.is_null())
                    .add(tasks::Column::DueDate.gte(today))
                    .add(tasks::Column::Status.is_not_in(open)),
            )
        }
        None => {}
    }
    if let Some(d) = q.due_before {
        select = select.filter(tasks::Column::DueDate.lte(d));
    }
    if let Some(d) = q.due_after {
        select = select.filter(tasks::Column::DueDate.gte(d));
    }
    if let Some(c) = q.criterion_id {
        select = select.filter(tasks::Column::CriterionId.eq(c));
    }
    if let Some(text_q) = q.q.as_deref().filter(|s| !s.trim().is_empty()) {
        text::check_query(text_q)?;
        select = select.filter(
            tasks::Column::SearchKey
                .like(LikeExpr::new(text::contains_pattern(text_q)).escape('\\')),
        );
    }
    // Keyset on (sort key, id): the cursor names the last row, whose key is looked up.
    let after = match page.after {
        Some(id) => tasks::Entity::find_by_id(id).one(db).await?,
        None => None,
    };
    let sort = q.sort.unwrap_or_default();
    select = match (sort, &after) {
        (TaskSort::Created, _) => {
            if let Some(a) = &after {
                select = select.filter(tasks::Column::Id.gt(a.id));
            }
            select.order_by_asc(tasks::Column::Id)
        }
        (TaskSort::DueDate, a) => {
            if let Some(a) = a {
                select = select.filter(
                    Condition::any()
                        .add(tasks::Column::DueSort.gt(a.due_sort))
                        .add(
                            Condition::all()
                                .add(tasks::Column::DueSort.eq(a.due_sort))
                                .add(tasks::Column::Id.gt(a.id)),
                        ),
                );
            }
            select
                .order_by_asc(tasks::Column::DueSort)
                .order_by_asc(tasks::Column::Id)
        }
        (TaskSort::Priority, a) => {
            if let Some(a) = a {
                select = select.filter(
                    Condition::any()
                        .add(tasks::Column::PriorityRank.lt(a.priority_rank))
                        .add(
                            Condition::all()
                                .add(tasks::Column::PriorityRank.eq(a.priority_rank))
                                .add(tasks::Column::Id.gt(a.id)),
                        ),
                );
            }
            select
                .order_by_desc(tasks::Column::PriorityRank)
                .order_by_asc(tasks::Column::Id)
        }
        (TaskSort::Updated, a) => {
            if let Some(a) = a {
                select = select.filter(
                    Condition::any()
                        .add(tasks::Column::UpdatedAt.lt(a.updated_at))
                        .add(
                            Condition::all()
                                .add(tasks::Column::UpdatedAt.eq(a.updated_at))
                                .add(tasks::Column::Id.gt(a.id)),
                        ),
                );
            }
            select
                .order_by_desc(tasks::Column::UpdatedAt)
                .order_by_asc(tasks::Column::Id)
        }
    };
    if page.after.is_some() && after.is_none() {
        // A cursor we never gave (no such task): nothing comes after it.
        return Ok(page.finish(Vec::new(), |t: &tasks::Model| t.id));
    }
    let rows = select.limit(page.fetch()).all(db).await?;
    Ok(page.finish(rows, |t| t.id))
}

/// How a plan's tasks stand.
pub async fn plan_progress(
    db: &DatabaseConnection,
    scope: &Scope,
    plan_id: Uuid,
    today: NaiveDate,
) -> Result<PlanProgress, ApiError> {
    crate::domain::plans::get(db, scope, plan_id).await?;
    let rows = tasks::Entity::find()
        .filter(tasks::Column::PlanId.eq(plan_id))
        .all(db)
        .await?;
    Ok(progress_of(plan_id, &rows, today))
}

/// The roll-up of a set of tasks (pure, so it can be checked by hand).
pub fn progress_of(plan_id: Uuid, rows: &[tasks::Model], today: NaiveDate) -> PlanProgress {
    let mut p = PlanProgress {
        plan_id,
        total: rows.len() as u64,
        todo: 0,
        in_progress: 0,
        blocked: 0,
        done: 0,
        cancelled: 0,
        overdue: 0,
        weighted_progress: 0.0,
    };
    let (mut weighted, mut weights) = (0.0, 0.0);
    for t in rows {
        let status = parse_status(&t.status);
        match status {
            TaskStatus::Todo => p.todo += 1,
            TaskStatus::InProgress => p.in_progress += 1,
            TaskStatus::Blocked => p.blocked += 1,
            TaskStatus::Done => p.done += 1,
            TaskStatus::Cancelled => p.cancelled += 1,
            _ => {}
        }
        if is_overdue(status, t.due_date, today) {
            p.overdue += 1;
        }
        if status != TaskStatus::Cancelled {
            let w = f64::from(t.priority_rank);
            let done = if status == TaskStatus::Done {
                100.0
            } else {
                f64::from(t.progress)
            };
            weighted += w * done;
            weights += w;
        }
    }
    p.weighted_progress = if weights > 0.0 {
        (weighted / weights * 10.0).round() / 10.0
    } else {
        0.0
    };
    p
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
    if let Some(journaled) = journaled {
        w.commit(journaled).await?;
    }
    Ok(made)
}

/// Marks, once, the tasks that just became due soon (within three days) or overdue: the
/// hook where notifications will go. Safe on every replica (the updates are conditional).
pub async fn mark_deadlines(
    db: &DatabaseConnection,
    now: chrono::DateTime<Utc>,
) -> Result<(u64, u64), ApiError> {
    let day = crate::domain::clock::vietnam_date(now);
    let open = [
        status_str(TaskStatus::Todo),
        status_str(TaskStatus::InProgress),
        status_str(TaskStatus::Blocked),
    ];
    let overdue = tasks::Entity::update_many()
        .col_expr(
            tasks::Column::OverdueNotifiedAt,
            sea_orm::sea_query::Expr::value(now),
        )
        .filter(tasks::Column::OverdueNotifiedAt.is_null())
        .filter(tasks::Column::DueDate.lt(day))
        .filter(tasks::Column::Status.is_in(open))
        .exec(db)
        .await?;
    let due_soon = tasks::Entity::update_many()
        .col_expr(
            tasks::Column::DueSoonNotifiedAt,
            sea_orm::sea_query::Expr::value(now),
        )
        .filter(tasks::Column::DueSoonNotifiedAt.is_null())
        .filter(tasks::Column::DueDate.gte(day))
        .filter(tasks::Column::DueDate.lte(day + Duration::days(3)))
        .filter(tasks::Column::Status.is_in(open))
        .exec(db)
        .await?;
    Ok((due_soon.rows_affected, overdue.rows_affected))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn task(status: &str, progress: i32, rank: i32, due: Option<NaiveDate>) -> tasks::Model {
        let now = Utc::now();
        tasks::Model {
            id: Uuid::now_v7(),
            unit_id: Uuid::nil(),
            plan_id: None,
            source_key: None,
            title: "t".into(),
            description: None,
            search_key: "t".into(),
            lead_department_id: None,
            criterion_id: None,
            deliverable: "other".into(),
            priority: "normal".into(),
            priority_rank: rank,
            start_date: None,
            due_date: due,
            due_sort: due.unwrap_or(NO_DUE),
            status: status.into(),
            progress,
            blocked_reason: None,
            result_summary: None,
            completed_at: None,
            due_soon_notified_at: None,
            overdue_notified_at: None,
            created_at: now,
            updated_at: now,
            version: 1,
        }
    }

    #[test]
    fn the_roll_up_counts_and_weighs_by_priority() {
        let day = NaiveDate::from_ymd_opt(2024, 5, 10).unwrap_or_default();
        let past = NaiveDate::from_ymd_opt(2024, 5, 1);
        let rows = [
            task("done", 40, 4, past),        // done counts as 100, weight 4
            task("in_progress", 50, 2, past), // overdue, weight 2
            task("todo", 0, 2, None),         // weight 2
            task("cancelled", 0, 4, past),    // left out, not overdue
        ];
        let p = progress_of(Uuid::nil(), &rows, day);
        assert_eq!(
            (
                p.total,
                p.done,
                p.in_progress,
                p.todo,
                p.cancelled,
                p.overdue
            ),
            (4, 1, 1, 1, 1, 1)
        );
        // (4*100 + 2*50 + 2*0) / 8 = 62.5
        assert!((p.weighted_progress - 62.5).abs() < 1e-9);
    }

    #[test]
    fn only_open_tasks_past_their_date_are_overdue() {
        let day = NaiveDate::from_ymd_opt(2024, 5, 10).unwrap_or_default();
        assert!(is_overdue(
            TaskStatus::Blocked,
            NaiveDate::from_ymd_opt(2024, 5, 9),
            day
        ));
        assert!(!is_overdue(
            TaskStatus::Todo,
            NaiveDate::from_ymd_opt(2024, 5, 10),
            day
        ));
        assert!(!is_overdue(
            TaskStatus::Done,
            NaiveDate::from_ymd_opt(2024, 5, 1),
            day
        ));
        assert!(transition(TaskStatus::Done, TaskAction::Cancel).is_err());
        assert_eq!(
            transition(TaskStatus::Blocked, TaskAction::Unblock).ok(),
            Some(TaskStatus::InProgress)
        );
    }
}
