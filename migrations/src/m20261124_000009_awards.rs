//! Awards: proposals and their council review, award decisions and their recipient lines,
//! and the award rules (authority, money multiples, base salaries, quota) as one JSON row.

use sea_orm_migration::{prelude::*, schema::*};

use crate::fk;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum AwardRules {
    Table,
    Id,
    /// `AwardRules`, JSON.
    Rules,
    UpdatedAt,
    Version,
}

#[derive(DeriveIden)]
enum AwardProposals {
    Table,
    Id,
    UnitId,
    ProposerDepartmentId,
    Year,
    Form,
    RecipientKind,
    OfficialId,
    DepartmentId,
    RecipientUnitId,
    RecipientName,
    RecipientPosition,
    /// Who, for the one-title-a-year rule: `official:<id>`, `person:<folded name>`, …
    PersonKey,
    Achievement,
    PlanId,
    TaskId,
    AssessmentId,
    Status,
    /// `ReviewOut`, JSON.
    Review,
    DecisionId,
    CreatedAt,
    UpdatedAt,
    Version,
}

#[derive(DeriveIden)]
enum AwardDecisions {
    Table,
    Id,
    UnitId,
    Status,
    Year,
    Form,
    Number,
    NumberYear,
    NumberSymbol,
    DecisionDate,
    /// The printed parts (`DecisionIn` without the proposals), JSON.
    Content,
    BaseSalary,
    TotalMoney,
    RevokeReason,
    CreatedAt,
    UpdatedAt,
    Version,
}

#[derive(DeriveIden)]
enum AwardRecipients {
    Table,
    Id,
    DecisionId,
    ProposalId,
    Position,
    /// The recipient's unit (the proposal's).
    UnitId,
    Year,
    Form,
    PersonKey,
    NameKey,
    Money,
    CreatedAt,
}

#[derive(DeriveIden)]
enum Units {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Departments {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Officials {
    Table,
    Id,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(AwardRules::Table)
                    .col(integer(AwardRules::Id).primary_key())
                    .col(text(AwardRules::Rules))
                    .col(timestamp_with_time_zone(AwardRules::UpdatedAt))
                    .col(integer(AwardRules::Version))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(AwardDecisions::Table)
                    .col(uuid(AwardDecisions::Id).primary_key())
                    .col(uuid(AwardDecisions::UnitId))
                    .col(string_len(AwardDecisions::Status, 16))
                    .col(integer(AwardDecisions::Year))
                    .col(string_len(AwardDecisions::Form, 32))
                    .col(integer_null(AwardDecisions::Number))
                    .col(integer_null(AwardDecisions::NumberYear))
                    .col(string_len_null(AwardDecisions::NumberSymbol, 64))
                    .col(date_null(AwardDecisions::DecisionDate))
                    .col(text(AwardDecisions::Content))
                    .col(big_integer_null(AwardDecisions::BaseSalary))
                    .col(big_integer(AwardDecisions::TotalMoney))
                    .col(text_null(AwardDecisions::RevokeReason))
                    .col(timestamp_with_time_zone(AwardDecisions::CreatedAt))
                    .col(timestamp_with_time_zone(AwardDecisions::UpdatedAt))
                    .col(integer(AwardDecisions::Version))
                    .foreign_key(&mut fk(
                        "fk_award_decisions_unit",
                        (AwardDecisions::Table, AwardDecisions::UnitId),
                        (Units::Table, Units::Id),
                    ))
                    .to_owned(),
            )
            .await?;
        // Two decisions of a unit never share a number: the guard behind the counter.
        manager
            .create_index(
                Index::create()
                    .name("uq_award_decisions_number")
                    .table(AwardDecisions::Table)
                    .col(AwardDecisions::UnitId)
                    .col(AwardDecisions::NumberYear)
                    .col(AwardDecisions::Number)
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(AwardProposals::Table)
                    .col(uuid(AwardProposals::Id).primary_key())
                    .col(uuid(AwardProposals::UnitId))
                    .col(uuid_null(AwardProposals::ProposerDepartmentId))
                    .col(integer(AwardProposals::Year))
                    .col(string_len(AwardProposals::Form, 32))
                    .col(string_len(AwardProposals::RecipientKind, 16))
                    .col(uuid_null(AwardProposals::OfficialId))
                    .col(uuid_null(AwardProposals::DepartmentId))
                    .col(uuid_null(AwardProposals::RecipientUnitId))
                    .col(text(AwardProposals::RecipientName))
                    .col(text_null(AwardProposals::RecipientPosition))
                    .col(text(AwardProposals::PersonKey))
                    .col(text(AwardProposals::Achievement))
                    .col(uuid_null(AwardProposals::PlanId))
                    .col(uuid_null(AwardProposals::TaskId))
                    .col(uuid_null(AwardProposals::AssessmentId))
                    .col(string_len(AwardProposals::Status, 16))
                    .col(text_null(AwardProposals::Review))
                    .col(uuid_null(AwardProposals::DecisionId))
                    .col(timestamp_with_time_zone(AwardProposals::CreatedAt))
                    .col(timestamp_with_time_zone(AwardProposals::UpdatedAt))
                    .col(integer(AwardProposals::Version))
                    .foreign_key(&mut fk(
                        "fk_award_proposals_unit",
                        (AwardProposals::Table, AwardProposals::UnitId),
                        (Units::Table, Units::Id),
                    ))
                    .foreign_key(&mut fk(
                        "fk_award_proposals_official",
                        (AwardProposals::Table, AwardProposals::OfficialId),
                        (Officials::Table, Officials::Id),
                    ))
                    .foreign_key(&mut fk(
                        "fk_award_proposals_department",
                        (AwardProposals::Table, AwardProposals::DepartmentId),
                        (Departments::Table, Departments::Id),
                    ))
                    .foreign_key(&mut fk(
                        "fk_award_proposals_decision",
                        (AwardProposals::Table, AwardProposals::DecisionId),
                        (AwardDecisions::Table, AwardDecisions::Id),
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(AwardRecipients::Table)
                    .col(uuid(AwardRecipients::Id).primary_key())
                    .col(uuid(AwardRecipients::DecisionId))
                    .col(uuid(AwardRecipients::ProposalId))
                    .col(integer(AwardRecipients::Position))
                    .col(uuid(AwardRecipients::UnitId))
                    .col(integer(AwardRecipients::Year))
                    .col(string_len(AwardRecipients::Form, 32))
                    .col(text(AwardRecipients::PersonKey))
                    .col(text(AwardRecipients::NameKey))
                    .col(big_integer(AwardRecipients::Money))
                    .col(timestamp_with_time_zone(AwardRecipients::CreatedAt))
                    .foreign_key(&mut fk(
                        "fk_award_recipients_decision",
                        (AwardRecipients::Table, AwardRecipients::DecisionId),
                        (AwardDecisions::Table, AwardDecisions::Id),
                    ))
                    .foreign_key(&mut fk(
                        "fk_award_recipients_proposal",
                        (AwardRecipients::Table, AwardRecipients::ProposalId),
                        (AwardProposals::Table, AwardProposals::Id),
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_award_recipients_person")
                    .table(AwardRecipients::Table)
                    .col(AwardRecipients::PersonKey)
                    .col(AwardRecipients::Year)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            AwardRecipients::Table.into_iden(),
            AwardProposals::Table.into_iden(),
            AwardDecisions::Table.into_iden(),
            AwardRules::Table.into_iden(),
        ] {
            manager
                .drop_table(Table::drop().table(table).to_owned())
                .await?;
        }
        Ok(())
    }
}
