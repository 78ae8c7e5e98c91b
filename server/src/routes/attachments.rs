//! `/api/v1/tasks/{id}/attachments`: evidence files of a task.

use actix_web::http::header;
use actix_web::{HttpRequest, HttpResponse, get, post, web};
use cchc_sdk::types::tasks::AttachmentOut;
use utoipa_actix_web::service_config::ServiceConfig;
use uuid::Uuid;

use crate::AppState;
use crate::auth::{Ctx, Permission};
use crate::domain::attachments;
use crate::error::ApiError;
use crate::http::upload::read_file;
use crate::routes::plans::DocumentFile;

/// Registers the attachment routes.
pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(upload).service(list).service(download);
}

/// The multipart body of an upload (documentation only).
#[derive(utoipa::ToSchema, serde::Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
pub struct AttachmentUpload {
    /// The file.
    #[schema(value_type = String, format = Binary)]
    file: Vec<u8>,
}

/// Attach evidence to a task
///
/// `multipart/form-data` with the file in field `file` (at most `attachment_max_bytes`,
/// 20 MiB by default: 413 beyond). The type is judged from the bytes — PDF, Word, Excel,
/// images and text are accepted, executables never (415), and a claimed type that the bytes
/// contradict is refused (415). The SHA-256 is recorded; the original name is kept for
/// display only. Uploads are not replayed by `Idempotency-Key`.
///
/// Requires: `system_admin` or `unit_admin` in scope, or a `department_officer` of the
/// task's lead or a supporting department (checked before the body is read: 404 for a task
/// out of scope, 403 for one the caller may not work on).
#[utoipa::path(operation_id = "tasks.upload_attachment", tag = "tasks",
    request_body(content = AttachmentUpload, content_type = "multipart/form-data"),
    params(("id" = Uuid, Path, description = "Task id")),
    responses((status = 201, description = "The stored evidence", body = AttachmentOut)))]
#[post("/tasks/{id}/attachments")]
async fn upload(
    req: HttpRequest,
    state: web::Data<AppState>,
    ctx: Ctx,
    id: web::Path<Uuid>,
    payload: web::Payload,
) -> Result<HttpResponse, ApiError> {
    ctx.require(Permission::TasksRead)?;
    // The right first: a caller who may not add evidence to this task is answered before a
    // byte of the (up to 20 MiB) body is read.
    let permit = attachments::may_attach(&state.db, &ctx, *id).await?;
    let file = read_file(&req, payload, state.config.attachment_max_bytes).await?;
    let row = attachments::store(&state.db, &ctx, &state.config, permit, file).await?;
    let location = format!(
        "/api/v1/tasks/{}/attachments/{}/content",
        row.task_id, row.id
    );
    Ok(HttpResponse::Created()
        .insert_header((header::LOCATION, location))
        .json(attachments::to_out(row)))
}

/// List a task's evidence
///
/// Requires: any role, or scope `reports.read`.
#[utoipa::path(operation_id = "tasks.list_attachments", tag = "tasks", params(("id" = Uuid, Path, description = "Task id")),
    responses((status = 200, description = "The task's evidence, oldest first", body = Vec<AttachmentOut>)))]
#[get("/tasks/{id}/attachments")]
async fn list(
    state: web::Data<AppState>,
    ctx: Ctx,
    id: web::Path<Uuid>,
) -> Result<web::Json<Vec<AttachmentOut>>, ApiError> {
    ctx.require(Permission::TasksRead)?;
    let rows = attachments::list(&state.db, &ctx.scope, *id).await?;
    Ok(web::Json(
        rows.into_iter().map(attachments::to_out).collect(),
    ))
}

/// Download an evidence file
///
/// With the same authorization as its task. Sent as an attachment, never rendered inline,
/// with the type judged from its bytes at upload (the `content_type` of its metadata): one
/// of the accepted evidence types.
///
/// Requires: any role, or scope `reports.read`.
#[utoipa::path(operation_id = "tasks.download_attachment", tag = "tasks",
    params(("id" = Uuid, Path, description = "Task id"), ("attachment_id" = Uuid, Path, description = "Attachment id")),
    responses((status = 200, description = "The file, as the type judged at upload", content(
        (DocumentFile = "application/pdf"),
        (DocumentFile = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
        (DocumentFile = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        (DocumentFile = "application/vnd.openxmlformats-officedocument.presentationml.presentation"),
        (DocumentFile = "application/msword"),
        (DocumentFile = "application/vnd.ms-excel"),
        (DocumentFile = "application/zip"),
        (DocumentFile = "image/png"),
        (DocumentFile = "image/jpeg"),
        (DocumentFile = "image/gif"),
        (DocumentFile = "image/webp"),
        (DocumentFile = "text/plain"),
    ))))]
#[get("/tasks/{id}/attachments/{attachment_id}/content")]
async fn download(
    state: web::Data<AppState>,
    ctx: Ctx,
    path: web::Path<(Uuid, Uuid)>,
) -> Result<HttpResponse, ApiError> {
    ctx.require(Permission::TasksRead)?;
    let (task_id, id) = path.into_inner();
    let (row, bytes) =
        attachments::content(&state.db, &ctx.scope, &state.config, task_id, id).await?;
    Ok(HttpResponse::Ok()
        .insert_header((header::CONTENT_TYPE, row.content_type.as_str()))
        .insert_header((
            header::CONTENT_DISPOSITION,
            crate::http::download::attachment(&row.file_name),
        ))
        .insert_header(("X-Content-SHA256", row.sha256.as_str()))
        .insert_header(("X-Content-Type-Options", "nosniff"))
        .body(bytes))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The spec names exactly the types a download can be sent as: the accepted ones.
    #[test]
    fn the_download_declares_every_type_it_sends() {
        let spec = crate::openapi();
        let Some(op) = spec
            .paths
            .paths
            .get("/api/v1/tasks/{id}/attachments/{attachment_id}/content")
            .and_then(|p| p.get.as_ref())
        else {
            panic!("no download operation in the spec");
        };
        let Some(utoipa::openapi::RefOr::T(ok)) = op.responses.responses.get("200") else {
            panic!("no inline 200 response for the download");
        };
        let mut declared: Vec<&str> = ok.content.keys().map(String::as_str).collect();
        let mut sent: Vec<&str> = attachments::ACCEPTED.to_vec();
        declared.sort_unstable();
        sent.sort_unstable();
        assert_eq!(declared, sent);
    }
}
