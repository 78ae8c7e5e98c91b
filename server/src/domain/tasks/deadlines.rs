//! Deadlines: whether a task is overdue, and the periodic marking of tasks that just
//! became due soon or overdue.

use cchc_sdk::types::tasks::TaskStatus;
use chrono::{Duration, NaiveDate, Utc};
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter};

use crate::domain::codec::enum_str;
use crate::entity::tasks;
use crate::error::ApiError;

/// Whether a task is overdue on `today`: past its due date and neither done nor cancelled.
pub fn is_overdue(status: TaskStatus, due: Option<NaiveDate>, today: NaiveDate) -> bool {
    !matches!(status, TaskStatus::Done | TaskStatus::Cancelled) && due.is_some_and(|d| d < today)
}

/// Marks, once, the tasks that just became due soon (within three days) or overdue: the
/// hook where notifications will go. Safe on every replica (the updates are conditional).
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
    let overdue = tasks::Entity::update_many()
        .col_expr(
            tasks::Column::OverdueNotifiedAt,
            sea_orm::sea_query::Expr::value(now),
        )
        .filter(tasks::Column::OverdueNotifiedAt.is_null())
        .filter(tasks::Column::DueDate.lt(day))
        .filter(tasks::Column::Status.is_in(open.clone()))
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
