//! Evidence files of tasks (tài liệu kiểm chứng). The type is judged from the bytes, not
//! from the name or the claimed type; executables are refused; the original name is kept
//! for display but never used as a path (files on disk are named by their id).
//!
//! Three rules hold every path here:
//!
//! - metadata is read through [`AttachmentMeta`] (see [`metadata`]), a projection without
//!   the content column: a list, or any read that needs only the name, type or size, never
//!   loads the bytes; only [`content`] reads them, for one file;
//! - an upload is checked ([`may_attach`]) before its body is read, and checked again inside
//!   the change's transaction ([`store`] wants the [`MayAttach`] proof of the first check);
//! - a file on disk is written (to a temporary name, then renamed into place) before the
//!   transaction begins, so no slow work holds the write lock, and removed again when the
//!   change does not commit.

use std::path::{Path, PathBuf};

use cchc_sdk::types::tasks::AttachmentOut;
use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseConnection, DerivePartialModel,
    EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect, Select, SelectModel,
    Selector,
};
use serde_json::json;
use tokio::io::AsyncWriteExt;
use unicode_normalization::UnicodeNormalization;
use uuid::Uuid;

use crate::auth::{Ctx, Scope};
use crate::config::Config;
use crate::domain::audit::Event;
use crate::domain::scoped::scoped;
use crate::domain::tasks;
use crate::domain::write::Write;
use crate::entity::{task_attachments, tasks as task_rows};
use crate::error::{ApiError, ErrorKind};

/// An uploaded file.
#[derive(Debug)]
pub struct Upload {
    /// The name the client gave, for display only.
    pub file_name: String,
    /// The type the client claimed for the part, if any.
    pub claimed_type: Option<String>,
    /// The bytes.
    pub bytes: Vec<u8>,
    /// SHA-256 of the bytes, hex.
    pub sha256: String,
}

/// The types accepted as evidence, as detected from the bytes (and so the types a download
/// is sent as).
pub const ACCEPTED: &[&str] = &[
    "application/pdf",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "application/msword",
    "application/vnd.ms-excel",
    "application/zip",
    "image/png",
    "image/jpeg",
    "image/gif",
    "image/webp",
    "text/plain",
];

/// The type of `bytes` judged from their content, or 415 for what is not evidence.
pub fn detect(bytes: &[u8], claimed: Option<&str>) -> Result<String, ApiError> {
    if infer::is_app(bytes) {
        return Err(refused("tệp thực thi", "an executable"));
    }
    let detected = match infer::get(bytes) {
        Some(kind) => kind.mime_type().to_owned(),
        None if std::str::from_utf8(bytes).is_ok() => "text/plain".to_owned(),
        None => return Err(refused("không rõ loại", "of an unknown type")),
    };
    // Old Office files are OLE containers: infer names them by their family.
    let detected = match detected.as_str() {
        "application/x-ole-storage" | "application/x-cfb" => "application/msword".to_owned(),
        _ => detected,
    };
    if !ACCEPTED.contains(&detected.as_str()) {
        return Err(refused(&detected, &detected));
    }
    if let Some(claimed) = claimed.filter(|c| *c != "application/octet-stream" && !c.is_empty())
        && claimed != detected
        && !(claimed.starts_with("text/") && detected == "text/plain")
    {
        return Err(ApiError::new(ErrorKind::UnsupportedMediaType).with_detail(
            format!("Tệp khai là {claimed} nhưng nội dung là {detected}."),
            format!("The file claims to be {claimed} but its bytes are {detected}."),
        ));
    }
    Ok(detected)
}

fn refused(vi: &str, en: &str) -> ApiError {
    ApiError::new(ErrorKind::UnsupportedMediaType).with_detail(
        format!(
            "Không nhận tệp {vi} làm tài liệu kiểm chứng (nhận PDF, Word, Excel, ảnh, văn bản)."
        ),
        format!("A file {en} is not accepted as evidence (PDF, Word, Excel, images and text are)."),
    )
}

/// The name to show: the last path component, NFC, without control characters, at most
/// 255 characters; "tep-dinh-kem" when nothing is left.
pub fn display_name(raw: &str) -> String {
    let last = raw.rsplit(['/', '\\']).next().unwrap_or("");
    let clean: String = last
        .nfc()
        .filter(|c| !c.is_control())
        .collect::<String>()
        .trim()
        .trim_start_matches('.')
        .to_owned();
    let clean: String = clean.chars().take(255).collect();
    if clean.is_empty() {
        "tep-dinh-kem".to_owned()
    } else {
        clean
    }
}

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

/// A file written to the attachments directory, removed again when dropped unless
/// [`StoredFile::keep`] was called: every way out of [`store`] that does not commit (an
/// error, a refusal, a panic, a cancelled request) takes the file with it.
struct StoredFile {
    path: PathBuf,
    kept: bool,
}

impl StoredFile {
    /// Writes `bytes` as file `id` of `dir`: to a temporary name first (synced), then renamed
    /// into place, so a file under its final name is always complete.
    async fn write(dir: &Path, id: Uuid, bytes: &[u8]) -> Result<StoredFile, ApiError> {
        tokio::fs::create_dir_all(dir)
            .await
            .map_err(ApiError::internal)?;
        let mut file = StoredFile {
            path: dir.join(format!(".{id}.part")),
            kept: false,
        };
        let mut out = tokio::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&file.path)
            .await
            .map_err(ApiError::internal)?;
        out.write_all(bytes).await.map_err(ApiError::internal)?;
        out.sync_all().await.map_err(ApiError::internal)?;
        drop(out);
        let target = dir.join(id.to_string());
        tokio::fs::rename(&file.path, &target)
            .await
            .map_err(ApiError::internal)?;
        file.path = target;
        Ok(file)
    }

    /// The change committed: the file stays.
    fn keep(mut self) {
        self.kept = true;
    }
}

impl Drop for StoredFile {
    fn drop(&mut self) {
        if self.kept {
            return;
        }
        if let Err(e) = std::fs::remove_file(&self.path)
            && e.kind() != std::io::ErrorKind::NotFound
        {
            tracing::warn!(path = %self.path.display(), error = %e, "an evidence file of a change that did not commit could not be removed");
        }
    }
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

/// One file with its bytes, under the same authorization as its task: the only read of the
/// content column, for one row.
pub async fn content(
    db: &DatabaseConnection,
    scope: &Scope,
    config: &Config,
    task_id: Uuid,
    id: Uuid,
) -> Result<(AttachmentMeta, Vec<u8>), ApiError> {
    let meta = get(db, scope, task_id, id).await?;
    let bytes = if meta.storage == "disk" {
        tokio::fs::read(Path::new(&config.attachments_dir).join(meta.id.to_string()))
            .await
            .map_err(ApiError::internal)?
    } else {
        task_attachments::Entity::find_by_id(id)
            .select_only()
            .column(task_attachments::Column::Data)
            .into_tuple::<Option<Vec<u8>>>()
            .one(db)
            .await?
            .flatten()
            .ok_or_else(|| {
                ApiError::internal("an evidence file stored in the database has no bytes")
            })?
    };
    Ok((meta, bytes))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn metadata_reads_every_column_but_the_content() {
        use sea_orm::{DbBackend, IdenStatic, Iterable};
        for backend in [DbBackend::Sqlite, DbBackend::Postgres] {
            let sql = metadata().into_statement(backend).to_string();
            for column in task_attachments::Column::iter() {
                let quoted = format!("\"{}\"", column.as_str());
                assert_eq!(
                    sql.contains(&quoted),
                    !matches!(column, task_attachments::Column::Data),
                    "{column:?} in {sql}"
                );
            }
        }
    }

    #[test]
    fn names_are_never_paths() {
        assert_eq!(display_name("../../etc/passwd"), "passwd");
        assert_eq!(
            display_name("C:\\\\Windows\\\\system32\\\\evil.dll"),
            "evil.dll"
        );
        assert_eq!(display_name("..\\.."), "tep-dinh-kem");
        assert_eq!(display_name("Báo cáo CCHC.pdf"), "Báo cáo CCHC.pdf");
    }

    #[test]
    fn the_bytes_decide_the_type() {
        let elf = b"\x7fELF\x02\x01\x01\x00\x00\x00\x00\x00\x00\x00\x00\x00";
        assert!(detect(elf, Some("application/pdf")).is_err());
        assert_eq!(
            detect(b"%PDF-1.7\n...", None).ok().as_deref(),
            Some("application/pdf")
        );
        assert_eq!(
            detect("Báo cáo".as_bytes(), Some("text/plain"))
                .ok()
                .as_deref(),
            Some("text/plain")
        );
        assert!(
            detect(b"%PDF-1.7\n", Some("image/png")).is_err(),
            "a claimed type must match the bytes"
        );
    }
}
