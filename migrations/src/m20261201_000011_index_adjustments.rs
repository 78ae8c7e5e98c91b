//! Itemized bonus and penalty criteria of a framework (điểm thưởng / điểm trừ), each with
//! its own cap: `[AdjustmentCriterion]` as JSON, empty for frameworks that keep the single
//! `bonus_cap_c` / `penalty_cap_c` numbers. An assessment's points per item live in its
//! `index_assessment_items` rows under the item's code, like the tree's items.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum IndexFrameworks {
    Table,
    BonusItems,
    PenaltyItems,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // One column per statement: SQLite alters one thing at a time.
        for column in [IndexFrameworks::BonusItems, IndexFrameworks::PenaltyItems] {
            manager
                .alter_table(
                    Table::alter()
                        .table(IndexFrameworks::Table)
                        .add_column(text(column).default("[]"))
                        .to_owned(),
                )
                .await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for column in [IndexFrameworks::BonusItems, IndexFrameworks::PenaltyItems] {
            manager
                .alter_table(
                    Table::alter()
                        .table(IndexFrameworks::Table)
                        .drop_column(column)
                        .to_owned(),
                )
                .await?;
        }
        Ok(())
    }
}
