//! A task's links: its lead and supporting departments and its assignees, who may work on
//! it because of them, and the checks and writes of those links.

use cchc_sdk::types::auth::Role;
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QuerySelect,
};
use uuid::Uuid;

use super::status::TaskAction;
use crate::auth::{Ctx, Permission};
use crate::entity::{departments, officials, task_assignees, task_departments, tasks};
use crate::error::{ApiError, ErrorKind, FieldIssue};

/// The departments a department officer works in (through its linked official).
pub async fn officer_departments(
    db: &impl ConnectionTrait,
    ctx: &Ctx,
) -> Result<Vec<Uuid>, ApiError> {
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
pub(super) struct Links {
    pub(super) lead: Option<Uuid>,
    pub(super) supporting: Vec<Uuid>,
    pub(super) assignees: Vec<Uuid>,
}

/// Checks that every linked department and official belongs to `unit_id` (one read per
/// kind), naming each other one `unknown_reference` at its path.
pub(super) async fn check_links(
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
    if !depts.is_empty() {
        let ids = once_each(&depts.iter().map(|(_, id)| *id).collect::<Vec<_>>());
        let known: Vec<Uuid> = departments::Entity::find()
            .select_only()
            .column(departments::Column::Id)
            .filter(departments::Column::Id.is_in(ids))
            .filter(departments::Column::UnitId.eq(unit_id))
            .into_tuple()
            .all(db)
            .await?;
        for (path, id) in depts {
            if !known.contains(&id) {
                issues.push(FieldIssue::unknown_reference(path));
            }
        }
    }
    if !links.assignees.is_empty() {
        let known: Vec<Uuid> = officials::Entity::find()
            .select_only()
            .column(officials::Column::Id)
            .filter(officials::Column::Id.is_in(once_each(&links.assignees)))
            .filter(officials::Column::UnitId.eq(unit_id))
            .into_tuple()
            .all(db)
            .await?;
        for (i, id) in links.assignees.iter().enumerate() {
            if !known.contains(id) {
                issues.push(FieldIssue::unknown_reference(format!("assignee_ids[{i}]")));
            }
        }
    }
    Ok(())
}

/// The ids of a list once each, in ascending order: how a task's links are stored and
/// answered.
pub fn once_each(list: &[Uuid]) -> Vec<Uuid> {
    let mut ids = list.to_vec();
    ids.sort_unstable();
    ids.dedup();
    ids
}

/// Replaces a task's supporting departments and assignees (each list only when given).
pub(super) async fn replace_links(
    db: &impl ConnectionTrait,
    task_id: Uuid,
    supporting: Option<&[Uuid]>,
    assignees: Option<&[Uuid]>,
) -> Result<(), ApiError> {
    if supporting.is_some() {
        task_departments::Entity::delete_many()
            .filter(task_departments::Column::TaskId.eq(task_id))
            .exec(db)
            .await?;
    }
    if assignees.is_some() {
        task_assignees::Entity::delete_many()
            .filter(task_assignees::Column::TaskId.eq(task_id))
            .exec(db)
            .await?;
    }
    insert_links(
        db,
        task_id,
        supporting.unwrap_or_default(),
        assignees.unwrap_or_default(),
    )
    .await
}

/// Links a task (with none yet) to its supporting departments and assignees: one
/// statement per kind, each id once.
pub(super) async fn insert_links(
    db: &impl ConnectionTrait,
    task_id: Uuid,
    supporting: &[Uuid],
    assignees: &[Uuid],
) -> Result<(), ApiError> {
    let departments: Vec<task_departments::ActiveModel> = once_each(supporting)
        .into_iter()
        .map(|d| task_departments::ActiveModel {
            task_id: Set(task_id),
            department_id: Set(d),
        })
        .collect();
    if !departments.is_empty() {
        task_departments::Entity::insert_many(departments)
            .exec_without_returning(db)
            .await?;
    }
    let officials: Vec<task_assignees::ActiveModel> = once_each(assignees)
        .into_iter()
        .map(|o| task_assignees::ActiveModel {
            task_id: Set(task_id),
            official_id: Set(o),
        })
        .collect();
    if !officials.is_empty() {
        task_assignees::Entity::insert_many(officials)
            .exec_without_returning(db)
            .await?;
    }
    Ok(())
}
