//! `tasks`: work given to departments and officials.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "tasks")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub unit_id: Uuid,
    pub plan_id: Option<Uuid>,
    pub source_key: Option<String>,
    pub title: String,
    pub description: Option<String>,
    pub search_key: String,
    pub lead_department_id: Option<Uuid>,
    pub criterion_id: Option<Uuid>,
    pub deliverable: String,
    pub priority: String,
    pub priority_rank: i32,
    pub start_date: Option<Date>,
    pub due_date: Option<Date>,
    pub due_sort: Date,
    pub status: String,
    pub progress: i32,
    pub blocked_reason: Option<String>,
    pub result_summary: Option<String>,
    pub completed_at: Option<DateTimeUtc>,
    pub due_soon_notified_at: Option<DateTimeUtc>,
    pub overdue_notified_at: Option<DateTimeUtc>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    pub version: i32,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
