//! `plans`: plans (Kế hoạch) with their structured content as JSON.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "plans")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub unit_id: Uuid,
    pub kind: String,
    pub year: i32,
    pub status: String,
    pub type_code: String,
    pub number: Option<i32>,
    pub number_year: Option<i32>,
    pub number_symbol: Option<String>,
    pub title: String,
    pub search_key: String,
    pub issue_date: Option<Date>,
    pub issued_at: Option<DateTimeUtc>,
    pub revision: i32,
    /// The `PlanContent`, JSON.
    pub content: String,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    pub version: i32,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
