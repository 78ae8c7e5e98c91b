//! Webhooks: subscriptions, the outbox the one write path appends events to (in the
//! change's own transaction), and one delivery row per (subscription, event).

use sea_orm_migration::{prelude::*, schema::*};

use crate::fk;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum WebhookSubscriptions {
    Table,
    Id,
    /// The unit whose events (and its child units' events) are sent.
    UnitId,
    Url,
    /// JSON array of event types.
    Events,
    /// `whsec_` + base64 of the key bytes (Standard Webhooks).
    Secret,
    Active,
    Description,
    CreatedAt,
    UpdatedAt,
    Version,
}

#[derive(DeriveIden)]
enum WebhookOutbox {
    Table,
    /// UUID v7: the `webhook-id` of every delivery of this event.
    Id,
    EventType,
    UnitId,
    /// The JSON body sent.
    Payload,
    CreatedAt,
}

#[derive(DeriveIden)]
enum WebhookDeliveries {
    Table,
    Id,
    SubscriptionId,
    OutboxId,
    /// `pending`, `delivered`, `failed` (will be retried) or `dead`.
    Status,
    Attempts,
    NextAttemptAt,
    LastStatusCode,
    LastError,
    DeliveredAt,
    CreatedAt,
}

#[derive(DeriveIden)]
enum Units {
    Table,
    Id,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(WebhookSubscriptions::Table)
                    .col(uuid(WebhookSubscriptions::Id).primary_key())
                    .col(uuid(WebhookSubscriptions::UnitId))
                    .col(string_len(WebhookSubscriptions::Url, 2048))
                    .col(text(WebhookSubscriptions::Events))
                    .col(string_len(WebhookSubscriptions::Secret, 128))
                    .col(boolean(WebhookSubscriptions::Active))
                    .col(string_len(WebhookSubscriptions::Description, 500))
                    .col(timestamp_with_time_zone(WebhookSubscriptions::CreatedAt))
                    .col(timestamp_with_time_zone(WebhookSubscriptions::UpdatedAt))
                    .col(integer(WebhookSubscriptions::Version))
                    .foreign_key(&mut fk(
                        "fk_webhook_subscriptions_unit",
                        (WebhookSubscriptions::Table, WebhookSubscriptions::UnitId),
                        (Units::Table, Units::Id),
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(WebhookOutbox::Table)
                    .col(uuid(WebhookOutbox::Id).primary_key())
                    .col(string_len(WebhookOutbox::EventType, 64))
                    .col(uuid_null(WebhookOutbox::UnitId))
                    .col(text(WebhookOutbox::Payload))
                    .col(timestamp_with_time_zone(WebhookOutbox::CreatedAt))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(WebhookDeliveries::Table)
                    .col(uuid(WebhookDeliveries::Id).primary_key())
                    .col(uuid(WebhookDeliveries::SubscriptionId))
                    .col(uuid(WebhookDeliveries::OutboxId))
                    .col(string_len(WebhookDeliveries::Status, 16))
                    .col(integer(WebhookDeliveries::Attempts))
                    .col(timestamp_with_time_zone(WebhookDeliveries::NextAttemptAt))
                    .col(integer_null(WebhookDeliveries::LastStatusCode))
                    .col(string_len_null(WebhookDeliveries::LastError, 500))
                    .col(timestamp_with_time_zone_null(
                        WebhookDeliveries::DeliveredAt,
                    ))
                    .col(timestamp_with_time_zone(WebhookDeliveries::CreatedAt))
                    .foreign_key(&mut fk(
                        "fk_webhook_deliveries_subscription",
                        (WebhookDeliveries::Table, WebhookDeliveries::SubscriptionId),
                        (WebhookSubscriptions::Table, WebhookSubscriptions::Id),
                    ))
                    .foreign_key(&mut fk(
                        "fk_webhook_deliveries_outbox",
                        (WebhookDeliveries::Table, WebhookDeliveries::OutboxId),
                        (WebhookOutbox::Table, WebhookOutbox::Id),
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("uq_webhook_deliveries_subscription_outbox")
                    .table(WebhookDeliveries::Table)
                    .col(WebhookDeliveries::SubscriptionId)
                    .col(WebhookDeliveries::OutboxId)
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_webhook_deliveries_due")
                    .table(WebhookDeliveries::Table)
                    .col(WebhookDeliveries::Status)
                    .col(WebhookDeliveries::NextAttemptAt)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            WebhookDeliveries::Table.into_iden(),
            WebhookOutbox::Table.into_iden(),
            WebhookSubscriptions::Table.into_iden(),
        ] {
            manager
                .drop_table(Table::drop().table(table).to_owned())
                .await?;
        }
        Ok(())
    }
}
