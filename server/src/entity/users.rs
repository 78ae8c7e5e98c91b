//! `users`: people who log in.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "users")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// Lower case, unique.
    pub username: String,
    pub full_name: String,
    /// Folded username and full name.
    pub search_key: String,
    pub unit_id: Option<Uuid>,
    /// JSON array of role names.
    pub roles: String,
    pub official_id: Option<Uuid>,
    pub active: bool,
    /// Argon2id PHC string.
    pub password_hash: String,
    pub last_login_at: Option<DateTimeUtc>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    pub version: i32,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
