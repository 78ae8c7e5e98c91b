//! The causes and proposed solutions of a lost item, as its responsible department enters
//! them (the seed's V.3: "các bộ phận được phân công phụ trách tiêu chí … phân tích nguyên
//! nhân, đề xuất giải pháp"); the evaluation report quotes them.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum IndexAssessmentItems {
    Table,
    Cause,
    Solution,
    CauseAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // One column per statement: SQLite alters one column at a time.
        for column in [
            text_null(IndexAssessmentItems::Cause),
            text_null(IndexAssessmentItems::Solution),
            timestamp_with_time_zone_null(IndexAssessmentItems::CauseAt),
        ] {
            let mut column = column;
            manager
                .alter_table(
                    Table::alter()
                        .table(IndexAssessmentItems::Table)
                        .add_column(&mut column)
                        .to_owned(),
                )
                .await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for column in [
            IndexAssessmentItems::Cause,
            IndexAssessmentItems::Solution,
            IndexAssessmentItems::CauseAt,
        ] {
            manager
                .alter_table(
                    Table::alter()
                        .table(IndexAssessmentItems::Table)
                        .drop_column(column)
                        .to_owned(),
                )
                .await?;
        }
        Ok(())
    }
}
