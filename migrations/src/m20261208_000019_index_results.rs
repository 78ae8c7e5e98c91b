//! What a published assessment scores, frozen: its total, max, index and per-area points,
//! so that a ranking reads one row per unit instead of scoring every sheet again (a
//! published assessment never changes). Written at publication; assessments published
//! before this table existed are frozen on their first read.

use sea_orm_migration::{prelude::*, schema::*};

use crate::fk;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum IndexResults {
    Table,
    AssessmentId,
    /// Total points, hundredths (items + bonus − penalty, within 0..max).
    PointsC,
    /// The framework's max points, hundredths.
    MaxC,
    /// The index, hundredths of a percent.
    IndexC,
    /// JSON: the per-area scores as the API answers them (`AreaScore`).
    Areas,
    FrozenAt,
}

#[derive(DeriveIden)]
enum IndexAssessments {
    Table,
    Id,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(IndexResults::Table)
                    .col(uuid(IndexResults::AssessmentId).primary_key())
                    .col(big_integer(IndexResults::PointsC))
                    .col(big_integer(IndexResults::MaxC))
                    .col(big_integer(IndexResults::IndexC))
                    .col(text(IndexResults::Areas))
                    .col(timestamp_with_time_zone(IndexResults::FrozenAt))
                    .foreign_key(&mut fk(
                        "fk_index_results_assessment",
                        (IndexResults::Table, IndexResults::AssessmentId),
                        (IndexAssessments::Table, IndexAssessments::Id),
                    ))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(IndexResults::Table).to_owned())
            .await
    }
}
