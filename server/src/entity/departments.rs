//! `departments`: the offices of a unit.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "departments")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub unit_id: Uuid,
    pub name: String,
    /// Folded name, unique within the unit.
    pub name_key: String,
    pub short_code: Option<String>,
    /// `professional_office` | `leadership` | `mass_organisation` | `other`.
    pub kind: String,
    pub description: Option<String>,
    pub head_official_id: Option<Uuid>,
    pub display_order: i32,
    pub archived_at: Option<DateTimeUtc>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    pub version: i32,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
