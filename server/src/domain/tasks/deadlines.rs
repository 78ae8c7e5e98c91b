//! Deadlines: whether a task is overdue, and the periodic marking of tasks that just
//! became due soon or overdue.

use std::collections::BTreeMap;

use cchc_sdk::types::tasks::TaskStatus;
use chrono::{Duration, NaiveDate, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::sea_query::{LockBehavior, LockType};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseConnection, DbBackend, EntityTrait, QueryFilter,
    QuerySelect,
};
use serde_json::json;
use uuid::Uuid;

use crate::domain::audit::{Actor, Event};
use crate::domain::codec::enum_str;
use crate::domain::write::{Journaled, Write};
use crate::entity::tasks;
use crate::error::ApiError;

/// Whether a task is overdue on `today`: past its due date and neither done nor cancelled.
pub fn is_overdue(status: TaskStatus, due: Option<NaiveDate>, today: NaiveDate) -> bool {
    !matches!(status, TaskStatus::Done | TaskStatus::Cancelled) && due.is_some_and(|d| d < today)
}

/// How many task ids one journal event of the deadline job lists.
const IDS_PER_EVENT: usize = 500;

/// Marks, once, the tasks that just became due soon (within three days) or overdue: the
/// hook where notifications will go. One change through the write path: the marks and
/// their journal — one event per unit and kind (`mark_overdue`, `mark_due_soon`) listing
/// the tasks — commit together. Safe on every replica (a task already marked is skipped).
/// Returns how many tasks became (due soon, overdue).
pub async fn mark_deadlines(
    db: &DatabaseConnection,
    now: chrono::DateTime<Utc>,
) -> Result<(u64, u64), ApiError> {
    let day = crate::domain::clock::vietnam_date(now);
    let open = [
        enum_str(&TaskStatus::Todo),
        enum_str(&TaskStatus::InProgress),
        enum_str(&TaskStatus::Blocked),
    ];
    // Most runs find nothing: look before opening a write transaction.
    let pending = tasks::Entity::find()
        .filter(tasks::Column::Status.is_in(open.clone()))
        .filter(
            sea_orm::Condition::any()
                .add(
                    sea_orm::Condition::all()
                        .add(tasks::Column::OverdueNotifiedAt.is_null())
                        .add(tasks::Column::DueDate.lt(day)),
                )
                .add(
                    sea_orm::Condition::all()
                        .add(tasks::Column::DueSoonNotifiedAt.is_null())
                        .add(tasks::Column::DueDate.gte(day))
                        .add(tasks::Column::DueDate.lte(day + Duration::days(3))),
                ),
        )
        .one(db)
        .await?;
    if pending.is_none() {
        return Ok((0, 0));
    }
    let w = Write::begin_as(db, Actor::system(), None, now).await?;
    // On PostgreSQL another replica's run skips the rows this one holds (SQLite has one
    // writer at a time already).
    let claim = |select: sea_orm::Select<tasks::Entity>| {
        if w.db().get_database_backend() == DbBackend::Postgres {
            select.lock_with_behavior(LockType::Update, LockBehavior::SkipLocked)
        } else {
            select
        }
    };
    let overdue: Vec<(Uuid, Uuid)> = claim(tasks::Entity::find())
        .select_only()
        .columns([tasks::Column::Id, tasks::Column::UnitId])
        .filter(tasks::Column::OverdueNotifiedAt.is_null())
        .filter(tasks::Column::DueDate.lt(day))
        .filter(tasks::Column::Status.is_in(open.clone()))
        .into_tuple()
        .all(w.db())
        .await?;
    let due_soon: Vec<(Uuid, Uuid)> = claim(tasks::Entity::find())
        .select_only()
        .columns([tasks::Column::Id, tasks::Column::UnitId])
        .filter(tasks::Column::DueSoonNotifiedAt.is_null())
        .filter(tasks::Column::DueDate.gte(day))
        .filter(tasks::Column::DueDate.lte(day + Duration::days(3)))
        .filter(tasks::Column::Status.is_in(open))
        .into_tuple()
        .all(w.db())
        .await?;
    let mut proof: Option<Journaled> = None;
    for (rows, column, action) in [
        (&overdue, tasks::Column::OverdueNotifiedAt, "mark_overdue"),
        (&due_soon, tasks::Column::DueSoonNotifiedAt, "mark_due_soon"),
    ] {
        let mut by_unit: BTreeMap<Uuid, Vec<Uuid>> = BTreeMap::new();
        for (id, unit) in rows {
            by_unit.entry(*unit).or_default().push(*id);
        }
        for (unit, ids) in by_unit {
            for chunk in ids.chunks(IDS_PER_EVENT) {
                tasks::Entity::update_many()
                    .col_expr(column, Expr::value(now))
                    .filter(tasks::Column::Id.is_in(chunk.iter().copied()))
                    .exec(w.db())
                    .await?;
                let event = Event {
                    resource_type: "task",
                    resource_id: None,
                    unit_id: Some(unit),
                    action,
                    changes: json!({"task_ids": chunk, "on": day}),
                };
                let step = w.journal(event).await?;
                proof = Some(match proof {
                    Some(p) => p.and(step),
                    None => step,
                });
            }
        }
    }
    // Nothing to mark: nothing changed.
    match proof {
        Some(proof) => w.commit(proof).await?,
        None => w.rollback().await?,
    }
    Ok((due_soon.len() as u64, overdue.len() as u64))
}

#[cfg(test)]
mod tests {
    use super::super::status::{TaskAction, transition};
    use super::*;

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
