//! `index_results`: what a published assessment scores, frozen (see `domain::index::frozen`).

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "index_results")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub assessment_id: Uuid,
    /// Hundredths of a point.
    pub points_c: i64,
    /// Hundredths of a point.
    pub max_c: i64,
    /// Hundredths of a percent.
    pub index_c: i64,
    /// JSON `[AreaScore]`.
    pub areas: String,
    pub frozen_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
