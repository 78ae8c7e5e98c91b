//! The authorization epoch: one counter, raised in the same transaction as every change
//! that can change what a token may do (a user, an API client or a unit changed, a sign-in
//! ended). A replica keeps the principal and units of a recent token while the counter
//! stands still, and reads them again once it moved — one cheap read per request instead of
//! four, and no replica ever acts on rights that were taken away.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum AuthEpoch {
    Table,
    /// Always 1: the table has one row.
    Id,
    Epoch,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(AuthEpoch::Table)
                    .col(integer(AuthEpoch::Id).primary_key())
                    .col(big_integer(AuthEpoch::Epoch))
                    .to_owned(),
            )
            .await?;
        let mut insert = Query::insert();
        insert
            .into_table(AuthEpoch::Table)
            .columns([AuthEpoch::Id, AuthEpoch::Epoch])
            .values([1.into(), 0.into()])
            .map_err(|e| DbErr::Custom(e.to_string()))?;
        manager.exec_stmt(insert).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(AuthEpoch::Table).to_owned())
            .await
    }
}
