//! Reading tasks: one task, a filtered and sorted page of them, their wire forms, and the
//! roll-up of a plan's tasks.

use std::collections::HashMap;

use cchc_sdk::types::common::Page;
use cchc_sdk::types::tasks::{PlanProgress, TaskListQuery, TaskOut, TaskStatus};
use chrono::NaiveDate;
use sea_orm::sea_query::{Condition, Query};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect,
};
use uuid::Uuid;

use super::deadlines::is_overdue;
use super::status::allowed_actions;
use crate::auth::Scope;
use crate::domain::codec::{enum_str, parse_enum};
use crate::domain::lifecycle::Action as _;
use crate::domain::page::PageRequest;
use crate::domain::text;
use crate::entity::{task_assignees, task_departments, tasks};
use crate::error::ApiError;

/// The wire form, given the task's supporting departments and assignees.
/// `today` (in Vietnam) decides whether it is overdue.
pub fn to_out(
    m: tasks::Model,
    supporting: Vec<Uuid>,
    assignees: Vec<Uuid>,
    today: NaiveDate,
) -> Result<TaskOut, ApiError> {
    let status = parse_enum(&m.status)?;
    Ok(TaskOut {
        overdue: is_overdue(status, m.due_date, today),
        allowed_actions: allowed_actions(status)
            .iter()
            .map(|a| a.name().to_owned())
            .collect(),
        deliverable: parse_enum(&m.deliverable)?,
        priority: parse_enum(&m.priority)?,
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
    })
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
        .order_by_asc(task_departments::Column::TaskId)
        .order_by_asc(task_departments::Column::DepartmentId)
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
        .order_by_asc(task_assignees::Column::TaskId)
        .order_by_asc(task_assignees::Column::OfficialId)
        .all(db)
        .await?
    {
        assignees
            .entry(link.task_id)
            .or_default()
            .push(link.official_id);
    }
    rows.into_iter()
        .map(|t| {
            let (s, a) = (
                supporting.remove(&t.id).unwrap_or_default(),
                assignees.remove(&t.id).unwrap_or_default(),
            );
            to_out(t, s, a, today)
        })
        .collect()
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

/// A task the caller can see, or 404.
pub async fn get(
    db: &impl ConnectionTrait,
    scope: &Scope,
    id: Uuid,
) -> Result<tasks::Model, ApiError> {
    crate::domain::scoped::find::<tasks::Entity>(db, scope, id).await
}

/// One page of the tasks the caller can see, filtered and sorted.
pub async fn list(
    db: &impl ConnectionTrait,
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
        select = select.filter(tasks::Column::Status.eq(enum_str(&s)));
    }
    let open = [
        enum_str(&TaskStatus::Todo),
        enum_str(&TaskStatus::InProgress),
        enum_str(&TaskStatus::Blocked),
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
    select = text::matching(select, tasks::Column::SearchKey, q.q.as_deref())?;
    // Keyset on (sort key, id), compared with the values the cursor carries.
    let sort = q.sort.unwrap_or_default();
    let rows = super::order::apply(select, sort, page)?
        .limit(page.fetch())
        .all(db)
        .await?;
    Ok(super::order::finish(page, sort, rows))
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
    progress_of(plan_id, &rows, today)
}

/// The roll-up of a set of tasks (pure, so it can be checked by hand).
pub fn progress_of(
    plan_id: Uuid,
    rows: &[tasks::Model],
    today: NaiveDate,
) -> Result<PlanProgress, ApiError> {
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
        let status: TaskStatus = parse_enum(&t.status)?;
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
    Ok(p)
}

#[cfg(test)]
mod tests {
    use chrono::Utc;

    use super::super::status::NO_DUE;
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
    fn the_roll_up_counts_and_weighs_by_priority() -> Result<(), ApiError> {
        let day = NaiveDate::from_ymd_opt(2024, 5, 10).unwrap_or_default();
        let past = NaiveDate::from_ymd_opt(2024, 5, 1);
        let rows = [
            task("done", 40, 4, past),        // done counts as 100, weight 4
            task("in_progress", 50, 2, past), // overdue, weight 2
            task("todo", 0, 2, None),         // weight 2
            task("cancelled", 0, 4, past),    // left out, not overdue
        ];
        let p = progress_of(Uuid::nil(), &rows, day)?;
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
        Ok(())
    }
}
