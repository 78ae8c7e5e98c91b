//! `portal_dossiers`: dossier records pushed by the portal, keyed by their code.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "portal_dossiers")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub code: String,
    pub procedure_code: String,
    pub unit_id: Uuid,
    pub received_date: Date,
    pub due_date: Date,
    pub finished_date: Option<Date>,
    pub status: String,
    pub channel: String,
    pub paid_online: bool,
    pub electronic_result: bool,
    pub digitised: bool,
    pub synced: bool,
    pub satisfaction: Option<i32>,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
