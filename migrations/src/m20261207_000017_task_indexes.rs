//! Indexes for what the task lists filter by and for the deadline job:
//!
//! - `idx_tasks_unit_status (unit_id, status, id)`: a unit's tasks of one status, in id order
//!   (the list's default), read from the index instead of every task of the unit;
//! - two partial indexes holding only the open tasks not yet marked overdue (due soon): the
//!   deadline job reads the ones whose date has passed (comes near) from them, so a run costs
//!   what it marks, not a scan of every task.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

/// The statuses of an open task (as stored).
const OPEN: &str = "('todo', 'in_progress', 'blocked')";

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        db.execute_unprepared(
            "CREATE INDEX IF NOT EXISTS idx_tasks_unit_status ON tasks (unit_id, status, id)",
        )
        .await?;
        for (name, marked) in [
            ("idx_tasks_overdue_unmarked", "overdue_notified_at"),
            ("idx_tasks_due_soon_unmarked", "due_soon_notified_at"),
        ] {
            db.execute_unprepared(&format!(
                "CREATE INDEX IF NOT EXISTS {name} ON tasks (due_date) \
                 WHERE {marked} IS NULL AND status IN {OPEN}"
            ))
            .await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        for name in [
            "idx_tasks_unit_status",
            "idx_tasks_overdue_unmarked",
            "idx_tasks_due_soon_unmarked",
        ] {
            db.execute_unprepared(&format!("DROP INDEX IF EXISTS {name}"))
                .await?;
        }
        Ok(())
    }
}
