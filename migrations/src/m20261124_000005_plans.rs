//! Plans (Kế hoạch), their amendments, and the per-unit yearly document number counters.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Plans {
    Table,
    Id,
    UnitId,
    Kind,
    Year,
    Status,
    /// Document type code of the number: `KH`.
    TypeCode,
    Number,
    /// The calendar year the number belongs to (that of the issue date).
    NumberYear,
    NumberSymbol,
    Title,
    SearchKey,
    IssueDate,
    IssuedAt,
    Revision,
    /// The structured document, JSON.
    Content,
    CreatedAt,
    UpdatedAt,
    Version,
}

#[derive(DeriveIden)]
enum PlanRevisions {
    Table,
    Id,
    PlanId,
    Revision,
    /// The content as it was before this amendment.
    PreviousContent,
    Reason,
    ActorName,
    CreatedAt,
}

#[derive(DeriveIden)]
enum DocumentCounters {
    Table,
    UnitId,
    Year,
    TypeCode,
    LastNumber,
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
                    .table(DocumentCounters::Table)
                    .col(uuid(DocumentCounters::UnitId))
                    .col(integer(DocumentCounters::Year))
                    .col(string_len(DocumentCounters::TypeCode, 8))
                    .col(integer(DocumentCounters::LastNumber))
                    .primary_key(
                        Index::create()
                            .col(DocumentCounters::UnitId)
                            .col(DocumentCounters::Year)
                            .col(DocumentCounters::TypeCode),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(Plans::Table)
                    .col(uuid(Plans::Id).primary_key())
                    .col(uuid(Plans::UnitId))
                    .col(string_len(Plans::Kind, 32))
                    .col(integer(Plans::Year))
                    .col(string_len(Plans::Status, 16))
                    .col(string_len(Plans::TypeCode, 8))
                    .col(integer_null(Plans::Number))
                    .col(integer_null(Plans::NumberYear))
                    .col(string_len_null(Plans::NumberSymbol, 64))
                    .col(string_len(Plans::Title, 1000))
                    .col(string_len(Plans::SearchKey, 1100))
                    .col(date_null(Plans::IssueDate))
                    .col(timestamp_with_time_zone_null(Plans::IssuedAt))
                    .col(integer(Plans::Revision))
                    .col(text(Plans::Content))
                    .col(timestamp_with_time_zone(Plans::CreatedAt))
                    .col(timestamp_with_time_zone(Plans::UpdatedAt))
                    .col(integer(Plans::Version))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_plans_unit")
                            .from(Plans::Table, Plans::UnitId)
                            .to(Units::Table, Units::Id),
                    )
                    .to_owned(),
            )
            .await?;
        // Two plans can never share a number: the last guard behind the counter.
        manager
            .create_index(
                Index::create()
                    .name("uq_plans_number")
                    .table(Plans::Table)
                    .col(Plans::UnitId)
                    .col(Plans::TypeCode)
                    .col(Plans::NumberYear)
                    .col(Plans::Number)
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_plans_unit")
                    .table(Plans::Table)
                    .col(Plans::UnitId)
                    .col(Plans::Id)
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(PlanRevisions::Table)
                    .col(uuid(PlanRevisions::Id).primary_key())
                    .col(uuid(PlanRevisions::PlanId))
                    .col(integer(PlanRevisions::Revision))
                    .col(text(PlanRevisions::PreviousContent))
                    .col(text_null(PlanRevisions::Reason))
                    .col(string_len(PlanRevisions::ActorName, 200))
                    .col(timestamp_with_time_zone(PlanRevisions::CreatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_plan_revisions_plan")
                            .from(PlanRevisions::Table, PlanRevisions::PlanId)
                            .to(Plans::Table, Plans::Id),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("uq_plan_revisions")
                    .table(PlanRevisions::Table)
                    .col(PlanRevisions::PlanId)
                    .col(PlanRevisions::Revision)
                    .unique()
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(PlanRevisions::Table).to_owned())
            .await?;
        manager
            .drop_table(Table::drop().table(Plans::Table).to_owned())
            .await?;
        manager
            .drop_table(Table::drop().table(DocumentCounters::Table).to_owned())
            .await
    }
}
