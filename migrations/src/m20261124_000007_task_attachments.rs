//! Evidence (tài liệu kiểm chứng) attached to tasks: the file's facts, and its bytes in the
//! database or on disk.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum TaskAttachments {
    Table,
    Id,
    TaskId,
    /// The original file name, for display only (never a path).
    FileName,
    /// The type detected from the bytes.
    ContentType,
    SizeBytes,
    Sha256,
    /// `db` or `disk`.
    Storage,
    /// The bytes, when stored in the database.
    Data,
    UploadedByName,
    CreatedAt,
}

#[derive(DeriveIden)]
enum Tasks {
    Table,
    Id,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(TaskAttachments::Table)
                    .col(uuid(TaskAttachments::Id).primary_key())
                    .col(uuid(TaskAttachments::TaskId))
                    .col(string_len(TaskAttachments::FileName, 255))
                    .col(string_len(TaskAttachments::ContentType, 127))
                    .col(big_integer(TaskAttachments::SizeBytes))
                    .col(string_len(TaskAttachments::Sha256, 64))
                    .col(string_len(TaskAttachments::Storage, 8))
                    .col(blob_null(TaskAttachments::Data))
                    .col(string_len(TaskAttachments::UploadedByName, 200))
                    .col(timestamp_with_time_zone(TaskAttachments::CreatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_task_attachments_task")
                            .from(TaskAttachments::Table, TaskAttachments::TaskId)
                            .to(Tasks::Table, Tasks::Id),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_task_attachments_task")
                    .table(TaskAttachments::Table)
                    .col(TaskAttachments::TaskId)
                    .col(TaskAttachments::Id)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(TaskAttachments::Table).to_owned())
            .await
    }
}
