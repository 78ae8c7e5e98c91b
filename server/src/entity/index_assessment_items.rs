//! `index_assessment_items`: one row of an assessment's score sheet.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "index_assessment_items")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub assessment_id: Uuid,
    pub criterion_id: Uuid,
    pub code: String,
    /// Hundredths of a point.
    pub self_score_c: Option<i64>,
    pub self_note: Option<String>,
    /// `[uuid]` of task attachments, JSON.
    pub evidence: String,
    pub appraised_score_c: Option<i64>,
    pub survey_points_c: Option<i64>,
    pub appraiser_comment: Option<String>,
    pub explanation_requested: bool,
    pub responsible_department_id: Option<Uuid>,
    /// `PortalScore` frozen at finalization, JSON.
    pub portal_snapshot: Option<String>,
    pub updated_at: DateTimeUtc,
    /// Why the points were lost, as the responsible department wrote it (nguyên nhân).
    pub cause: Option<String>,
    /// What the department proposes to do (giải pháp).
    pub solution: Option<String>,
    /// When the cause was last written.
    pub cause_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
