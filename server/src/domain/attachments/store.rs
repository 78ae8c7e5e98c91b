//! Adding evidence: the check made before the body is read, and the store itself (file
//! first, then the row and the journal in one change).

use std::path::Path;

use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait,
    PaginatorTrait, QueryFilter, QuerySelect,
};
use serde_json::json;
use uuid::Uuid;

use super::metadata::AttachmentMeta;
use super::storage::StoredFile;
use super::upload::{Upload, detect, display_name};
use crate::auth::Ctx;
use crate::config::Config;
use crate::domain::audit::Event;
use crate::domain::scoped::scoped;
use crate::domain::tasks;
use crate::domain::write::Write;
use crate::entity::{task_attachments, tasks as task_rows};
use crate::error::ApiError;

/// Proof that the caller may add evidence to a task, checked before the upload's body is
/// read; [`store`] wants one. Only [`may_attach`] makes it.
#[derive(Debug)]
pub struct MayAttach {
    task_id: Uuid,
}

/// Checks that the caller may add evidence to task `task_id` — the task is in its scope
/// (404 otherwise) and the tasks rule lets it work on it (403 otherwise) — before anything
/// of the upload is read.
pub async fn may_attach(
    db: &DatabaseConnection,
    ctx: &Ctx,
    task_id: Uuid,
) -> Result<MayAttach, ApiError> {
    attachable(db, ctx, task_id, false).await?;
    Ok(MayAttach { task_id })
}

/// The task, if the caller may add evidence to it. `lock` takes a share lock on the task's
/// row (PostgreSQL; SQLite's write transaction locks the whole database) so the rule is
/// judged on the task as it stands when the change commits.
async fn attachable(
    db: &impl ConnectionTrait,
    ctx: &Ctx,
    task_id: Uuid,
    lock: bool,
) -> Result<task_rows::Model, ApiError> {
    let mut find =
        scoped::<task_rows::Entity>(&ctx.scope).filter(task_rows::Column::Id.eq(task_id));
    if lock {
        find = find.lock_shared();
    }
    let task = find.one(db).await?.ok_or_else(ApiError::not_found)?;
    tasks::check_may_work(db, ctx, &task, None).await?;
    Ok(task)
}

/// Stores an uploaded file as evidence of a task. The type is judged and the file written
/// (on disk) before the transaction; inside it the caller's right is checked again, the row
/// inserted and the change journaled; if it does not commit, the file is removed.
pub async fn store(
    db: &DatabaseConnection,
    ctx: &Ctx,
    config: &Config,
    permit: MayAttach,
    upload: Upload,
) -> Result<AttachmentMeta, ApiError> {
    let task_id = permit.task_id;
    let detected = detect(&upload.bytes, upload.claimed_type.as_deref())?;
    let id = Uuid::now_v7();
    let size = upload.bytes.len() as i64;
    let on_disk = !config.attachments_dir.is_empty();
    let (file, data) = if on_disk {
        let dir = Path::new(&config.attachments_dir);
        (Some(StoredFile::write(dir, id, &upload.bytes).await?), None)
    } else {
        (None, Some(upload.bytes))
    };
    let meta = AttachmentMeta {
        id,
        task_id,
        file_name: display_name(&upload.file_name),
        content_type: detected,
        size_bytes: size,
        sha256: upload.sha256,
        storage: if on_disk { "disk" } else { "db" }.to_owned(),
        uploaded_by_name: ctx.principal.name.clone(),
        created_at: ctx.now,
    };

    let w = Write::begin(db, ctx).await?;
    let task = attachable(w.db(), ctx, task_id, true).await?;
    task_attachments::Entity::insert(task_attachments::ActiveModel {
        id: Set(meta.id),
        task_id: Set(meta.task_id),
        file_name: Set(meta.file_name.clone()),
        content_type: Set(meta.content_type.clone()),
        size_bytes: Set(meta.size_bytes),
        sha256: Set(meta.sha256.clone()),
        storage: Set(meta.storage.clone()),
        data: Set(data),
        uploaded_by_name: Set(meta.uploaded_by_name.clone()),
        created_at: Set(meta.created_at),
    })
    .exec_without_returning(w.db())
    .await?;
    let changes = json!({"file_name": meta.file_name, "sha256": meta.sha256, "size_bytes": size});
    let journaled = w
        .journal(Event {
            resource_type: "task_attachment",
            resource_id: Some(id),
            unit_id: Some(task.unit_id),
            action: "upload",
            changes,
        })
        .await?;
    if let Err(e) = w.commit(journaled).await {
        // A commit whose answer was lost may still have landed: keep the file of a row
        // that exists.
        if let Some(file) = file
            && exists(db, id).await
        {
            file.keep();
        }
        return Err(e);
    }
    if let Some(file) = file {
        file.keep();
    }
    Ok(meta)
}

async fn exists(db: &DatabaseConnection, id: Uuid) -> bool {
    task_attachments::Entity::find()
        .filter(task_attachments::Column::Id.eq(id))
        .count(db)
        .await
        .is_ok_and(|n| n > 0)
}
