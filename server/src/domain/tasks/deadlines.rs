//! Deadlines: whether a task is overdue, and the periodic marking of tasks that just
//! became due soon or overdue.

use std::collections::BTreeMap;

use cchc_sdk::types::tasks::TaskStatus;
use chrono::{Duration, NaiveDate, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder,
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

/// Tasks marked per transaction (of each kind): a first run over a large imported table
/// commits in steps rather than in one long transaction.
const BATCH: u64 = 5_000;

/// The PostgreSQL advisory lock (`pg_try_advisory_xact_lock`) that lets one replica at a
/// time run the job; the others skip their turn.
const LOCK_KEY: i64 = 0x4343_4843_0001; // "CCHC", job 1

/// Marks, once, the tasks that just became due soon (within three days) or overdue: the
/// hook where notifications will go. Each step is one change through the write path: the
/// marks and their journal — one event per unit and kind (`mark_overdue`, `mark_due_soon`)
/// listing the tasks — commit together. Incremental: the open tasks not yet marked are
/// read from two partial indexes (`idx_tasks_overdue_unmarked`, `..._due_soon_unmarked`), so
/// a run costs what it marks. One replica at a time on PostgreSQL (an advisory lock; the
/// others skip), SQLite has one writer. Returns how many tasks became (due soon, overdue).
pub async fn mark_deadlines(
    db: &DatabaseConnection,
    now: chrono::DateTime<Utc>,
) -> Result<(u64, u64), ApiError> {
    let mut marked = (0, 0);
    loop {
        let (due_soon, overdue, more) = mark_batch(db, now).await?;
        marked.0 += due_soon;
        marked.1 += overdue;
        if !more {
            return Ok(marked);
        }
    }
}

/// The open statuses, as stored (the partial indexes' predicate).
fn open() -> [String; 3] {
    [
        enum_str(&TaskStatus::Todo),
        enum_str(&TaskStatus::InProgress),
        enum_str(&TaskStatus::Blocked),
    ]
}

/// Open tasks not yet marked overdue, past due on `day`.
fn unmarked_overdue(day: NaiveDate) -> sea_orm::Select<tasks::Entity> {
    tasks::Entity::find()
        .filter(tasks::Column::OverdueNotifiedAt.is_null())
        .filter(tasks::Column::Status.is_in(open()))
        .filter(tasks::Column::DueDate.lt(day))
}

/// Open tasks not yet marked due soon, due within three days of `day`.
fn unmarked_due_soon(day: NaiveDate) -> sea_orm::Select<tasks::Entity> {
    tasks::Entity::find()
        .filter(tasks::Column::DueSoonNotifiedAt.is_null())
        .filter(tasks::Column::Status.is_in(open()))
        .filter(tasks::Column::DueDate.gte(day))
        .filter(tasks::Column::DueDate.lte(day + Duration::days(3)))
}

/// Whether this transaction holds the job's lock (always on SQLite).
async fn hold_lock(txn: &impl ConnectionTrait) -> Result<bool, ApiError> {
    Ok(crate::db::hold_job_lock(txn, LOCK_KEY).await?)
}

/// One step: up to [`BATCH`] tasks of each kind; returns (due soon, overdue, more left).
async fn mark_batch(
    db: &DatabaseConnection,
    now: chrono::DateTime<Utc>,
) -> Result<(u64, u64, bool), ApiError> {
    let day = crate::domain::clock::vietnam_date(now);
    // Most runs find nothing: look before opening a write transaction.
    if unmarked_overdue(day).one(db).await?.is_none()
        && unmarked_due_soon(day).one(db).await?.is_none()
    {
        return Ok((0, 0, false));
    }
    let w = Write::begin_as(db, Actor::system(), None, now).await?;
    if !hold_lock(w.db()).await? {
        w.rollback().await?;
        return Ok((0, 0, false));
    }
    let ids = |select: sea_orm::Select<tasks::Entity>| {
        select
            .select_only()
            .columns([tasks::Column::Id, tasks::Column::UnitId])
            .order_by_asc(tasks::Column::DueDate)
            .limit(BATCH)
            .into_tuple::<(Uuid, Uuid)>()
    };
    let overdue: Vec<(Uuid, Uuid)> = ids(unmarked_overdue(day)).all(w.db()).await?;
    let due_soon: Vec<(Uuid, Uuid)> = ids(unmarked_due_soon(day)).all(w.db()).await?;
    let more = overdue.len() as u64 == BATCH || due_soon.len() as u64 == BATCH;
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
    Ok((due_soon.len() as u64, overdue.len() as u64, more))
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
