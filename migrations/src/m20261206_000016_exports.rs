//! Export jobs: a report asked for now and made later by a worker (any replica), its file
//! kept apart from the job's row so that reading a job never reads its bytes.

use sea_orm_migration::{prelude::*, schema::*};

use crate::fk;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum ExportJobs {
    Table,
    Id,
    /// `user` or `client`: who asked, whose rights the job runs with.
    PrincipalKind,
    PrincipalId,
    /// JSON `{"roles": [...], "scopes": [...]}`: the rights of the request (a narrowed
    /// token's), which the job never exceeds.
    Granted,
    /// The unit the report is about (journal), when it has one.
    UnitId,
    /// `index_ranking`, `score_sheet`, `plan_progress`, `awards`, `portal`,
    /// `department_scorecard`.
    Report,
    /// `csv`, `xlsx` or `json`.
    Format,
    /// JSON of the report's parameters.
    Parameters,
    /// `queued`, `running`, `succeeded` or `failed`.
    Status,
    /// 0–100.
    Progress,
    Attempts,
    /// While running: until when the worker holds it; past it, another worker takes over.
    LeaseUntil,
    ErrorCode,
    ErrorStatus,
    ErrorVi,
    ErrorEn,
    FileName,
    ContentType,
    SizeBytes,
    CreatedAt,
    StartedAt,
    FinishedAt,
    ExpiresAt,
    Version,
}

#[derive(DeriveIden)]
enum ExportFiles {
    Table,
    JobId,
    Content,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(ExportJobs::Table)
                    .col(uuid(ExportJobs::Id).primary_key())
                    .col(string_len(ExportJobs::PrincipalKind, 16))
                    .col(uuid(ExportJobs::PrincipalId))
                    .col(text(ExportJobs::Granted))
                    .col(uuid_null(ExportJobs::UnitId))
                    .col(string_len(ExportJobs::Report, 32))
                    .col(string_len(ExportJobs::Format, 8))
                    .col(text(ExportJobs::Parameters))
                    .col(string_len(ExportJobs::Status, 16))
                    .col(integer(ExportJobs::Progress))
                    .col(integer(ExportJobs::Attempts))
                    .col(timestamp_with_time_zone_null(ExportJobs::LeaseUntil))
                    .col(string_len_null(ExportJobs::ErrorCode, 64))
                    .col(integer_null(ExportJobs::ErrorStatus))
                    .col(text_null(ExportJobs::ErrorVi))
                    .col(text_null(ExportJobs::ErrorEn))
                    .col(string_len_null(ExportJobs::FileName, 255))
                    .col(string_len_null(ExportJobs::ContentType, 127))
                    .col(big_integer_null(ExportJobs::SizeBytes))
                    .col(timestamp_with_time_zone(ExportJobs::CreatedAt))
                    .col(timestamp_with_time_zone_null(ExportJobs::StartedAt))
                    .col(timestamp_with_time_zone_null(ExportJobs::FinishedAt))
                    .col(timestamp_with_time_zone(ExportJobs::ExpiresAt))
                    .col(integer(ExportJobs::Version))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_export_jobs_due")
                    .table(ExportJobs::Table)
                    .col(ExportJobs::Status)
                    .col(ExportJobs::LeaseUntil)
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_export_jobs_principal")
                    .table(ExportJobs::Table)
                    .col(ExportJobs::PrincipalId)
                    .col(ExportJobs::Id)
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(ExportFiles::Table)
                    .col(uuid(ExportFiles::JobId).primary_key())
                    .col(blob(ExportFiles::Content))
                    .foreign_key(
                        fk(
                            "fk_export_files_job",
                            (ExportFiles::Table, ExportFiles::JobId),
                            (ExportJobs::Table, ExportJobs::Id),
                        )
                        .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(ExportFiles::Table).to_owned())
            .await?;
        manager
            .drop_table(Table::drop().table(ExportJobs::Table).to_owned())
            .await
    }
}
