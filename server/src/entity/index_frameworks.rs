//! `index_frameworks`: PAR index frameworks; the criteria tree is JSON.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "index_frameworks")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub issuer_unit_id: Uuid,
    pub level: String,
    pub year: i32,
    pub name: String,
    pub decision_reference: Option<String>,
    /// `draft` | `published`.
    pub status: String,
    pub self_assessment_deadline: Option<Date>,
    /// Hundredths of a point (centi-points), like every `_c` column.
    pub max_points_c: i64,
    pub bonus_cap_c: i64,
    pub penalty_cap_c: i64,
    /// Itemized bonus criteria (điểm thưởng), `[AdjustmentCriterion]` JSON; `[]` for a
    /// single `bonus_cap_c`.
    pub bonus_items: String,
    /// Itemized penalty criteria (điểm trừ), `[AdjustmentCriterion]` JSON.
    pub penalty_items: String,
    /// `[Band]`, JSON.
    pub bands: String,
    /// `[CriterionIn]`, JSON.
    pub tree: String,
    pub copied_from_id: Option<Uuid>,
    pub published_at: Option<DateTimeUtc>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    pub version: i32,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
