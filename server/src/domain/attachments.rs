//! Evidence files of tasks (tài liệu kiểm chứng). The type is judged from the bytes, not
//! from the name or the claimed type; executables are refused; the original name is kept
//! for display but never used as a path (files on disk are named by their id).

use cchc_sdk::types::tasks::AttachmentOut;
use chrono::Utc;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter,
    QueryOrder,
};
use serde_json::json;
use unicode_normalization::UnicodeNormalization;
use uuid::Uuid;

use crate::auth::{Ctx, Scope};
use crate::config::Config;
use crate::domain::audit::Event;
use crate::domain::tasks;
use crate::domain::write::Write;
use crate::entity::task_attachments;
use crate::error::{ApiError, ErrorKind};
use crate::http::upload::Upload;

/// The types accepted as evidence, as detected from the bytes.
const ACCEPTED: &[&str] = &[
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

/// The wire form.
pub fn to_out(m: task_attachments::Model) -> AttachmentOut {
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

/// Stores an uploaded file as evidence of a task.
pub async fn store(
    db: &DatabaseConnection,
    ctx: &Ctx,
    config: &Config,
    task_id: Uuid,
    upload: Upload,
) -> Result<task_attachments::Model, ApiError> {
    let detected = detect(&upload.bytes, upload.claimed_type.as_deref())?;
    let w = Write::begin(db, ctx).await?;
    let task = tasks::get(w.db(), &ctx.scope, task_id).await?;
    tasks::check_may_work(w.db(), ctx, &task, None).await?;
    let id = Uuid::now_v7();
    let on_disk = !config.attachments_dir.is_empty();
    if on_disk {
        let dir = std::path::Path::new(&config.attachments_dir);
        tokio::fs::create_dir_all(dir)
            .await
            .map_err(ApiError::internal)?;
        tokio::fs::write(dir.join(id.to_string()), &upload.bytes)
            .await
            .map_err(ApiError::internal)?;
    }
    let size = upload.bytes.len() as i64;
    let row = task_attachments::ActiveModel {
        id: Set(id),
        task_id: Set(task_id),
        file_name: Set(display_name(&upload.file_name)),
        content_type: Set(detected),
        size_bytes: Set(size),
        sha256: Set(upload.sha256),
        storage: Set(if on_disk { "disk" } else { "db" }.to_owned()),
        data: Set((!on_disk).then_some(upload.bytes)),
        uploaded_by_name: Set(ctx.principal.name.clone()),
        created_at: Set(Utc::now()),
    }
    .insert(w.db())
    .await?;
    let changes = json!({"file_name": row.file_name, "sha256": row.sha256, "size_bytes": size});
    let journaled = w
        .journal(Event {
            resource_type: "task_attachment",
            resource_id: Some(id),
            unit_id: Some(task.unit_id),
            action: "upload",
            changes,
        })
        .await?;
    w.commit(journaled).await?;
    Ok(row)
}

/// The evidence of a task, oldest first.
pub async fn list(
    db: &DatabaseConnection,
    scope: &Scope,
    task_id: Uuid,
) -> Result<Vec<task_attachments::Model>, ApiError> {
    tasks::get(db, scope, task_id).await?;
    Ok(task_attachments::Entity::find()
        .filter(task_attachments::Column::TaskId.eq(task_id))
        .order_by_asc(task_attachments::Column::Id)
        .all(db)
        .await?
        .into_iter()
        .map(|mut a| {
            a.data = None;
            a
        })
        .collect())
}

/// One file with its bytes, under the same authorization as its task.
pub async fn content(
    db: &DatabaseConnection,
    scope: &Scope,
    config: &Config,
    task_id: Uuid,
    id: Uuid,
) -> Result<(task_attachments::Model, Vec<u8>), ApiError> {
    tasks::get(db, scope, task_id).await?;
    let mut row = task_attachments::Entity::find_by_id(id)
        .one(db)
        .await?
        .filter(|a| a.task_id == task_id)
        .ok_or_else(ApiError::not_found)?;
    let bytes = match row.data.take() {
        Some(bytes) => bytes,
        None => {
            tokio::fs::read(std::path::Path::new(&config.attachments_dir).join(row.id.to_string()))
                .await
                .map_err(ApiError::internal)?
        }
    };
    Ok((row, bytes))
}

#[cfg(test)]
mod tests {
    use super::*;

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
