//! `officials`: people of a unit who can be given tasks or awards.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "officials")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub unit_id: Uuid,
    pub full_name: String,
    /// Folded full name and position.
    pub search_key: String,
    pub position: String,
    pub department_id: Option<Uuid>,
    /// Personal data.
    pub email: Option<String>,
    /// Personal data.
    pub phone: Option<String>,
    /// `serving` | `left`.
    pub status: String,
    pub user_id: Option<Uuid>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    pub version: i32,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
