//! `webhook_subscriptions`: where a unit's events are sent.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "webhook_subscriptions")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// The unit whose events (and its child units') are sent.
    pub unit_id: Uuid,
    pub url: String,
    /// JSON array of event types.
    pub events: String,
    /// `whsec_` + base64 of the key (Standard Webhooks).
    pub secret: String,
    pub active: bool,
    pub description: String,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    pub version: i32,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
