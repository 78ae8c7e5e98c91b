//! `audit_events`: the append-only audit journal.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "audit_events")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub occurred_at: DateTimeUtc,
    pub actor_kind: String,
    pub actor_id: Option<Uuid>,
    pub actor_name: String,
    pub unit_id: Option<Uuid>,
    pub resource_type: String,
    pub resource_id: Option<Uuid>,
    pub action: String,
    /// JSON object of changed fields.
    pub changes: String,
    pub request_id: Option<String>,
    pub client_ip: Option<String>,
    /// The OpenAPI `operationId` of the request that made the change; `None` outside a
    /// request (start-up, scheduled jobs, demo data).
    pub operation: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
