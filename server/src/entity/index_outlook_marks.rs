//! `index_outlook_marks`: what the outlook watch last saw of a unit's year (see
//! `domain::index::outlook_watch`).

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "index_outlook_marks")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub unit_id: Uuid,
    #[sea_orm(primary_key, auto_increment = false)]
    pub year: i32,
    /// Hundredths of a percent.
    pub expected_index_c: i64,
    pub expected_band: Option<String>,
    /// When `index.outlook.at_risk` was last sent (null: never).
    pub notified_at: Option<DateTimeUtc>,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
