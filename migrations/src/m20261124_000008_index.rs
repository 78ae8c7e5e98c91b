//! The PAR index: frameworks (the criteria tree as JSON, frozen once published), each
//! unit's assessment and its per-sub-criterion rows, publication decisions, and what the
//! public-service portal pushes (statistics per unit and period, dossier records).
//!
//! Points are stored in hundredths (`*_c` columns) so sums are exact on every backend.

use sea_orm_migration::{prelude::*, schema::*};

use crate::fk;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum IndexFrameworks {
    Table,
    Id,
    IssuerUnitId,
    Level,
    Year,
    Name,
    DecisionReference,
    Status,
    SelfAssessmentDeadline,
    MaxPointsC,
    BonusCapC,
    PenaltyCapC,
    /// `[Band]`, JSON.
    Bands,
    /// `[CriterionIn]`, JSON.
    Tree,
    CopiedFromId,
    PublishedAt,
    CreatedAt,
    UpdatedAt,
    Version,
}

#[derive(DeriveIden)]
enum IndexPublications {
    Table,
    Id,
    FrameworkId,
    ParentUnitId,
    Number,
    Date,
    Issuer,
    AssessmentCount,
    CreatedAt,
}

#[derive(DeriveIden)]
enum IndexAssessments {
    Table,
    Id,
    FrameworkId,
    UnitId,
    Year,
    Status,
    Round,
    ExplanationNote,
    BonusC,
    PenaltyC,
    AdjustmentNote,
    PublicationId,
    SubmittedAt,
    FinalizedAt,
    CreatedAt,
    UpdatedAt,
    Version,
}

#[derive(DeriveIden)]
enum IndexAssessmentItems {
    Table,
    Id,
    AssessmentId,
    CriterionId,
    Code,
    SelfScoreC,
    SelfNote,
    /// `[uuid]` of task attachments, JSON.
    Evidence,
    AppraisedScoreC,
    SurveyPointsC,
    AppraiserComment,
    ExplanationRequested,
    ResponsibleDepartmentId,
    /// The portal score frozen at finalization (`PortalScore`, JSON).
    PortalSnapshot,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum PortalStatistics {
    Table,
    Id,
    UnitId,
    /// `2024`, `2024-Q1` or `2024-03`.
    Period,
    /// `aggregate` or `dossiers`.
    Source,
    /// `PortalFigures`, JSON.
    Figures,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum PortalDossiers {
    Table,
    Code,
    ProcedureCode,
    UnitId,
    ReceivedDate,
    DueDate,
    FinishedDate,
    Status,
    Channel,
    PaidOnline,
    ElectronicResult,
    Digitised,
    Synced,
    Satisfaction,
    UpdatedAt,
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

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(IndexFrameworks::Table)
                    .col(uuid(IndexFrameworks::Id).primary_key())
                    .col(uuid(IndexFrameworks::IssuerUnitId))
                    .col(string_len(IndexFrameworks::Level, 16))
                    .col(integer(IndexFrameworks::Year))
                    .col(text(IndexFrameworks::Name))
                    .col(text_null(IndexFrameworks::DecisionReference))
                    .col(string_len(IndexFrameworks::Status, 16))
                    .col(date_null(IndexFrameworks::SelfAssessmentDeadline))
                    .col(big_integer(IndexFrameworks::MaxPointsC))
                    .col(big_integer(IndexFrameworks::BonusCapC))
                    .col(big_integer(IndexFrameworks::PenaltyCapC))
                    .col(text(IndexFrameworks::Bands))
                    .col(text(IndexFrameworks::Tree))
                    .col(uuid_null(IndexFrameworks::CopiedFromId))
                    .col(timestamp_with_time_zone_null(IndexFrameworks::PublishedAt))
                    .col(timestamp_with_time_zone(IndexFrameworks::CreatedAt))
                    .col(timestamp_with_time_zone(IndexFrameworks::UpdatedAt))
                    .col(integer(IndexFrameworks::Version))
                    .foreign_key(&mut fk(
                        "fk_index_frameworks_issuer",
                        (IndexFrameworks::Table, IndexFrameworks::IssuerUnitId),
                        (Units::Table, Units::Id),
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(IndexPublications::Table)
                    .col(uuid(IndexPublications::Id).primary_key())
                    .col(uuid(IndexPublications::FrameworkId))
                    .col(uuid(IndexPublications::ParentUnitId))
                    .col(text(IndexPublications::Number))
                    .col(date(IndexPublications::Date))
                    .col(text(IndexPublications::Issuer))
                    .col(integer(IndexPublications::AssessmentCount))
                    .col(timestamp_with_time_zone(IndexPublications::CreatedAt))
                    .foreign_key(&mut fk(
                        "fk_index_publications_framework",
                        (IndexPublications::Table, IndexPublications::FrameworkId),
                        (IndexFrameworks::Table, IndexFrameworks::Id),
                    ))
                    .foreign_key(&mut fk(
                        "fk_index_publications_parent",
                        (IndexPublications::Table, IndexPublications::ParentUnitId),
                        (Units::Table, Units::Id),
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("uq_index_publications")
                    .table(IndexPublications::Table)
                    .col(IndexPublications::FrameworkId)
                    .col(IndexPublications::ParentUnitId)
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(IndexAssessments::Table)
                    .col(uuid(IndexAssessments::Id).primary_key())
                    .col(uuid(IndexAssessments::FrameworkId))
                    .col(uuid(IndexAssessments::UnitId))
                    .col(integer(IndexAssessments::Year))
                    .col(string_len(IndexAssessments::Status, 32))
                    .col(integer(IndexAssessments::Round))
                    .col(text_null(IndexAssessments::ExplanationNote))
                    .col(big_integer(IndexAssessments::BonusC))
                    .col(big_integer(IndexAssessments::PenaltyC))
                    .col(text_null(IndexAssessments::AdjustmentNote))
                    .col(uuid_null(IndexAssessments::PublicationId))
                    .col(timestamp_with_time_zone_null(IndexAssessments::SubmittedAt))
                    .col(timestamp_with_time_zone_null(IndexAssessments::FinalizedAt))
                    .col(timestamp_with_time_zone(IndexAssessments::CreatedAt))
                    .col(timestamp_with_time_zone(IndexAssessments::UpdatedAt))
                    .col(integer(IndexAssessments::Version))
                    .foreign_key(&mut fk(
                        "fk_index_assessments_framework",
                        (IndexAssessments::Table, IndexAssessments::FrameworkId),
                        (IndexFrameworks::Table, IndexFrameworks::Id),
                    ))
                    .foreign_key(&mut fk(
                        "fk_index_assessments_unit",
                        (IndexAssessments::Table, IndexAssessments::UnitId),
                        (Units::Table, Units::Id),
                    ))
                    .foreign_key(&mut fk(
                        "fk_index_assessments_publication",
                        (IndexAssessments::Table, IndexAssessments::PublicationId),
                        (IndexPublications::Table, IndexPublications::Id),
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("uq_index_assessments")
                    .table(IndexAssessments::Table)
                    .col(IndexAssessments::FrameworkId)
                    .col(IndexAssessments::UnitId)
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_index_assessments_unit_year")
                    .table(IndexAssessments::Table)
                    .col(IndexAssessments::UnitId)
                    .col(IndexAssessments::Year)
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(IndexAssessmentItems::Table)
                    .col(uuid(IndexAssessmentItems::Id).primary_key())
                    .col(uuid(IndexAssessmentItems::AssessmentId))
                    .col(uuid(IndexAssessmentItems::CriterionId))
                    .col(string_len(IndexAssessmentItems::Code, 32))
                    .col(big_integer_null(IndexAssessmentItems::SelfScoreC))
                    .col(text_null(IndexAssessmentItems::SelfNote))
                    .col(text(IndexAssessmentItems::Evidence))
                    .col(big_integer_null(IndexAssessmentItems::AppraisedScoreC))
                    .col(big_integer_null(IndexAssessmentItems::SurveyPointsC))
                    .col(text_null(IndexAssessmentItems::AppraiserComment))
                    .col(boolean(IndexAssessmentItems::ExplanationRequested))
                    .col(uuid_null(IndexAssessmentItems::ResponsibleDepartmentId))
                    .col(text_null(IndexAssessmentItems::PortalSnapshot))
                    .col(timestamp_with_time_zone(IndexAssessmentItems::UpdatedAt))
                    .foreign_key(&mut fk(
                        "fk_index_items_assessment",
                        (
                            IndexAssessmentItems::Table,
                            IndexAssessmentItems::AssessmentId,
                        ),
                        (IndexAssessments::Table, IndexAssessments::Id),
                    ))
                    .foreign_key(&mut fk(
                        "fk_index_items_department",
                        (
                            IndexAssessmentItems::Table,
                            IndexAssessmentItems::ResponsibleDepartmentId,
                        ),
                        (Departments::Table, Departments::Id),
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("uq_index_assessment_items")
                    .table(IndexAssessmentItems::Table)
                    .col(IndexAssessmentItems::AssessmentId)
                    .col(IndexAssessmentItems::Code)
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(PortalStatistics::Table)
                    .col(uuid(PortalStatistics::Id).primary_key())
                    .col(uuid(PortalStatistics::UnitId))
                    .col(string_len(PortalStatistics::Period, 7))
                    .col(string_len(PortalStatistics::Source, 16))
                    .col(text(PortalStatistics::Figures))
                    .col(timestamp_with_time_zone(PortalStatistics::UpdatedAt))
                    .foreign_key(&mut fk(
                        "fk_portal_statistics_unit",
                        (PortalStatistics::Table, PortalStatistics::UnitId),
                        (Units::Table, Units::Id),
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("uq_portal_statistics")
                    .table(PortalStatistics::Table)
                    .col(PortalStatistics::UnitId)
                    .col(PortalStatistics::Period)
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(PortalDossiers::Table)
                    .col(string_len(PortalDossiers::Code, 64).primary_key())
                    .col(string_len(PortalDossiers::ProcedureCode, 64))
                    .col(uuid(PortalDossiers::UnitId))
                    .col(date(PortalDossiers::ReceivedDate))
                    .col(date(PortalDossiers::DueDate))
                    .col(date_null(PortalDossiers::FinishedDate))
                    .col(string_len(PortalDossiers::Status, 16))
                    .col(string_len(PortalDossiers::Channel, 16))
                    .col(boolean(PortalDossiers::PaidOnline))
                    .col(boolean(PortalDossiers::ElectronicResult))
                    .col(boolean(PortalDossiers::Digitised))
                    .col(boolean(PortalDossiers::Synced))
                    .col(integer_null(PortalDossiers::Satisfaction))
                    .col(timestamp_with_time_zone(PortalDossiers::UpdatedAt))
                    .foreign_key(&mut fk(
                        "fk_portal_dossiers_unit",
                        (PortalDossiers::Table, PortalDossiers::UnitId),
                        (Units::Table, Units::Id),
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_portal_dossiers_unit_received")
                    .table(PortalDossiers::Table)
                    .col(PortalDossiers::UnitId)
                    .col(PortalDossiers::ReceivedDate)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            PortalDossiers::Table.into_iden(),
            PortalStatistics::Table.into_iden(),
            IndexAssessmentItems::Table.into_iden(),
            IndexAssessments::Table.into_iden(),
            IndexPublications::Table.into_iden(),
            IndexFrameworks::Table.into_iden(),
        ] {
            manager
                .drop_table(Table::drop().table(table).to_owned())
                .await?;
        }
        Ok(())
    }
}
