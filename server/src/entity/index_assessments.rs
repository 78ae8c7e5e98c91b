//! `index_assessments`: one unit's assessment against one framework.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "index_assessments")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub framework_id: Uuid,
    pub unit_id: Uuid,
    pub year: i32,
    pub status: String,
    pub round: i32,
    pub explanation_note: Option<String>,
    pub bonus_c: i64,
    pub penalty_c: i64,
    pub adjustment_note: Option<String>,
    pub publication_id: Option<Uuid>,
    pub submitted_at: Option<DateTimeUtc>,
    pub finalized_at: Option<DateTimeUtc>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    pub version: i32,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
