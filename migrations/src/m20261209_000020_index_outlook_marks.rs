//! The outlook watch's marks (issue 19, early warning): per unit and year, the expected
//! index and band the watch last saw and when it last sent `index.outlook.at_risk`, so
//! that a drop of the expected band is told once, and at most once a week per unit.
//! Derived data kept by the job `domain::index::outlook_watch`.

use sea_orm_migration::{prelude::*, schema::*};

use crate::fk;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum IndexOutlookMarks {
    Table,
    UnitId,
    /// The year projected.
    Year,
    /// The expected index last seen, hundredths of a percent.
    ExpectedIndexC,
    /// Its band (null: below every band).
    ExpectedBand,
    /// When `index.outlook.at_risk` was last sent for the unit and year (null: never).
    NotifiedAt,
    UpdatedAt,
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
                    .table(IndexOutlookMarks::Table)
                    .col(uuid(IndexOutlookMarks::UnitId))
                    .col(integer(IndexOutlookMarks::Year))
                    .col(big_integer(IndexOutlookMarks::ExpectedIndexC))
                    .col(text_null(IndexOutlookMarks::ExpectedBand))
                    .col(timestamp_with_time_zone_null(IndexOutlookMarks::NotifiedAt))
                    .col(timestamp_with_time_zone(IndexOutlookMarks::UpdatedAt))
                    .primary_key(
                        Index::create()
                            .col(IndexOutlookMarks::UnitId)
                            .col(IndexOutlookMarks::Year),
                    )
                    .foreign_key(&mut fk(
                        "fk_index_outlook_marks_unit",
                        (IndexOutlookMarks::Table, IndexOutlookMarks::UnitId),
                        (Units::Table, Units::Id),
                    ))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(IndexOutlookMarks::Table).to_owned())
            .await
    }
}
