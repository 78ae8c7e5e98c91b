//! Administrative units (province, district, commune) and their tree.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Units {
    Table,
    Id,
    Code,
    Name,
    /// Folded name and code (lower case, no diacritics, đ -> d): the key of `q` searches.
    SearchKey,
    Level,
    ParentId,
    ValidFrom,
    ValidTo,
    SuccessorIds,
    ArchivedAt,
    CreatedAt,
    UpdatedAt,
    Version,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Units::Table)
                    .col(uuid(Units::Id).primary_key())
                    .col(string_len(Units::Code, 32))
                    .col(string_len(Units::Name, 200))
                    .col(string_len(Units::SearchKey, 240))
                    .col(
                        string_len(Units::Level, 16).check(
                            Expr::col(Units::Level).is_in(["province", "district", "commune"]),
                        ),
                    )
                    .col(uuid_null(Units::ParentId))
                    .col(date_null(Units::ValidFrom))
                    .col(date_null(Units::ValidTo))
                    .col(json_binary(Units::SuccessorIds))
                    .col(timestamp_with_time_zone_null(Units::ArchivedAt))
                    .col(timestamp_with_time_zone(Units::CreatedAt))
                    .col(timestamp_with_time_zone(Units::UpdatedAt))
                    .col(integer(Units::Version))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_units_parent")
                            .from(Units::Table, Units::ParentId)
                            .to(Units::Table, Units::Id)
                            .on_delete(ForeignKeyAction::Restrict),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("uq_units_code")
                    .table(Units::Table)
                    .col(Units::Code)
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_units_parent_id")
                    .table(Units::Table)
                    .col(Units::ParentId)
                    .col(Units::Id)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(Units::Table).to_owned())
            .await
    }
}
