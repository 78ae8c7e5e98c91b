//! A plan's progress in all and per lead department: tasks by status, overdue, weighted
//! progress (the rule of `crate::domain::tasks::progress_of`), and the earliest due date
//! still open.

use std::collections::BTreeMap;

use cchc_sdk::types::reports::{DepartmentProgress, PlanProgressReport};
use cchc_sdk::types::tasks::TaskStatus;
use chrono::NaiveDate;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};
use uuid::Uuid;

use super::{Cell, Column, Kind, Report};
use crate::auth::Scope;
use crate::domain::codec::parse_enum;
use crate::domain::tasks::progress_of;
use crate::entity::{departments, tasks};
use crate::error::ApiError;

/// The report of a plan the caller can see (404 outside the caller's units), counted on
/// `today`.
pub async fn plan_progress(
    db: &impl ConnectionTrait,
    scope: &Scope,
    plan_id: Uuid,
    today: NaiveDate,
) -> Result<PlanProgressReport, ApiError> {
    let plan = crate::domain::plans::get(db, scope, plan_id).await?;
    let rows = tasks::Entity::find()
        .filter(tasks::Column::PlanId.eq(plan_id))
        .all(db)
        .await?;
    let mut groups: BTreeMap<Option<Uuid>, Vec<tasks::Model>> = BTreeMap::new();
    for t in &rows {
        groups
            .entry(t.lead_department_id)
            .or_default()
            .push(t.clone());
    }
    let names: BTreeMap<Uuid, String> = departments::Entity::find()
        .filter(departments::Column::Id.is_in(groups.keys().flatten().copied()))
        .all(db)
        .await?
        .into_iter()
        .map(|d| (d.id, d.name))
        .collect();
    let mut departments = Vec::with_capacity(groups.len());
    for (id, group) in &groups {
        let mut earliest: Option<NaiveDate> = None;
        for t in group {
            let status: TaskStatus = parse_enum(&t.status)?;
            if !matches!(status, TaskStatus::Done | TaskStatus::Cancelled)
                && let Some(due) = t.due_date
            {
                earliest = Some(earliest.map_or(due, |e| e.min(due)));
            }
        }
        departments.push(DepartmentProgress {
            department_id: *id,
            department_name: id.and_then(|id| names.get(&id).cloned()),
            progress: progress_of(plan_id, group, today)?,
            earliest_open_due: earliest,
        });
    }
    departments.sort_by(|a, b| {
        (a.department_id.is_none(), &a.department_name)
            .cmp(&(b.department_id.is_none(), &b.department_name))
    });
    Ok(PlanProgressReport {
        plan_id,
        plan_title: plan.title,
        as_of: today,
        total: progress_of(plan_id, &rows, today)?,
        departments,
    })
}

/// The report as a table: one line per department, then the plan's total ("Tổng cộng").
pub fn table(r: &PlanProgressReport) -> Report {
    let columns = vec![
        Column::new("department_name", "Bộ phận chủ trì", Kind::Text),
        Column::new("total", "Tổng số nhiệm vụ", Kind::Integer),
        Column::new("todo", "Chưa thực hiện", Kind::Integer),
        Column::new("in_progress", "Đang thực hiện", Kind::Integer),
        Column::new("blocked", "Vướng mắc", Kind::Integer),
        Column::new("done", "Hoàn thành", Kind::Integer),
        Column::new("cancelled", "Đã hủy", Kind::Integer),
        Column::new("overdue", "Quá hạn", Kind::Integer),
        Column::new("weighted_progress", "Tiến độ bình quân (%)", Kind::Percent),
        Column::new("earliest_open_due", "Hạn sớm nhất chưa xong", Kind::Date),
    ];
    let line = |name: String, p: &cchc_sdk::types::tasks::PlanProgress, due: Option<NaiveDate>| {
        let count = |n: u64| Cell::Integer(i64::try_from(n).unwrap_or(i64::MAX));
        vec![
            Cell::Text(name),
            count(p.total),
            count(p.todo),
            count(p.in_progress),
            count(p.blocked),
            count(p.done),
            count(p.cancelled),
            count(p.overdue),
            Cell::Number(p.weighted_progress),
            Cell::from(due),
        ]
    };
    let mut rows: Vec<Vec<Cell>> = r
        .departments
        .iter()
        .map(|d| {
            line(
                d.department_name
                    .clone()
                    .unwrap_or_else(|| "(Chưa giao bộ phận)".to_owned()),
                &d.progress,
                d.earliest_open_due,
            )
        })
        .collect();
    let earliest = r
        .departments
        .iter()
        .filter_map(|d| d.earliest_open_due)
        .min();
    rows.push(line("Tổng cộng".to_owned(), &r.total, earliest));
    Report {
        title: format!("Tiến độ thực hiện - {}", r.plan_title),
        columns,
        rows,
    }
}
