//! What is known about an evidence file without its bytes, and the reads that need only
//! that.

use cchc_sdk::types::tasks::AttachmentOut;
use chrono::{DateTime, Utc};
use sea_orm::{
    ColumnTrait, DatabaseConnection, DerivePartialModel, EntityTrait, QueryFilter, QueryOrder,
    Select, SelectModel, Selector,
};
use uuid::Uuid;

use crate::auth::Scope;
use crate::domain::tasks;
use crate::entity::task_attachments;
use crate::error::ApiError;

/// What is known about an evidence file, without its bytes: the shape of every read that
/// does not need the bytes (start it from [`metadata`] or [`metadata_of`]).
#[derive(Clone, Debug, PartialEq, Eq, DerivePartialModel)]
#[sea_orm(entity = "task_attachments::Entity")]
pub struct AttachmentMeta {
    pub id: Uuid,
    pub task_id: Uuid,
    pub file_name: String,
    pub content_type: String,
    pub size_bytes: i64,
    pub sha256: String,
    /// `db` | `disk`.
    pub storage: String,
    pub uploaded_by_name: String,
    pub created_at: DateTime<Utc>,
}

/// Every attachment's metadata, never the content column: the start of every list and
/// metadata read (filter and order it as needed).
pub fn metadata() -> Selector<SelectModel<AttachmentMeta>> {
    metadata_of(task_attachments::Entity::find())
}

/// The metadata columns of the rows `select` finds.
pub fn metadata_of(
    select: Select<task_attachments::Entity>,
) -> Selector<SelectModel<AttachmentMeta>> {
    select.into_partial_model::<AttachmentMeta>()
}

/// The wire form.
pub fn to_out(m: AttachmentMeta) -> AttachmentOut {
    AttachmentOut {
        id: m.id,
        task_id: m.task_id,
        file_name: m.file_name,
        content_type: m.content_type,
        size_bytes: m.size_bytes,
        sha256: m.sha256,
        uploaded_by: m.uploaded_by_name,
        created_at: m.created_at,
    }
}

/// The evidence of a task, oldest first (metadata only).
pub async fn list(
    db: &DatabaseConnection,
    scope: &Scope,
    task_id: Uuid,
) -> Result<Vec<AttachmentMeta>, ApiError> {
    tasks::get(db, scope, task_id).await?;
    Ok(metadata_of(
        task_attachments::Entity::find()
            .filter(task_attachments::Column::TaskId.eq(task_id))
            .order_by_asc(task_attachments::Column::Id),
    )
    .all(db)
    .await?)
}

/// The metadata of one file of a task, under the same authorization as the task.
pub async fn get(
    db: &DatabaseConnection,
    scope: &Scope,
    task_id: Uuid,
    id: Uuid,
) -> Result<AttachmentMeta, ApiError> {
    tasks::get(db, scope, task_id).await?;
    metadata_of(
        task_attachments::Entity::find_by_id(id)
            .filter(task_attachments::Column::TaskId.eq(task_id)),
    )
    .one(db)
    .await?
    .ok_or_else(ApiError::not_found)
}
