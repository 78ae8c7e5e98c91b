//! `award_decisions`: award decisions (Quyết định khen thưởng).

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "award_decisions")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub unit_id: Uuid,
    pub status: String,
    pub year: i32,
    pub form: String,
    pub number: Option<i32>,
    pub number_year: Option<i32>,
    pub number_symbol: Option<String>,
    pub decision_date: Option<Date>,
    /// The printed parts, JSON.
    pub content: String,
    pub base_salary: Option<i64>,
    pub total_money: i64,
    pub revoke_reason: Option<String>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    pub version: i32,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
