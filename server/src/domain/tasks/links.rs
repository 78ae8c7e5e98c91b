//! A task's links: its lead and supporting departments and its assignees, who may work on
//! it because of them, and the checks and writes of those links.

use cchc_sdk::types::auth::Role;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter,
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

pub(super) async fn replace_links(
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
