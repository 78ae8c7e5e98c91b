//! A sign-in may be narrowed to some of its principal's roles or scopes (`scope` of the
//! token request, RFC 6749 §3.3): the narrowing is kept with the refresh token, so a
//! refreshed access token never carries more than the sign-in was granted (§6). Empty
//! (`NULL`): not narrowed.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum RefreshTokens {
    Table,
    Scope,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(RefreshTokens::Table)
                    .add_column(string_len_null(RefreshTokens::Scope, 500))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(RefreshTokens::Table)
                    .drop_column(RefreshTokens::Scope)
                    .to_owned(),
            )
            .await
    }
}
