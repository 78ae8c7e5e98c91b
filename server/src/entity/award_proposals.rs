//! `award_proposals`: proposals for an award and the council's review.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "award_proposals")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub unit_id: Uuid,
    pub proposer_department_id: Option<Uuid>,
    pub year: i32,
    pub form: String,
    pub recipient_kind: String,
    pub official_id: Option<Uuid>,
    pub department_id: Option<Uuid>,
    pub recipient_unit_id: Option<Uuid>,
    pub recipient_name: String,
    pub recipient_position: Option<String>,
    pub person_key: String,
    pub achievement: String,
    pub plan_id: Option<Uuid>,
    pub task_id: Option<Uuid>,
    pub assessment_id: Option<Uuid>,
    pub status: String,
    /// `ReviewOut`, JSON.
    pub review: Option<String>,
    pub decision_id: Option<Uuid>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    pub version: i32,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
