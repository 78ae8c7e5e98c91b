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
/// task's lead or a supporting department.
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
    let file = read_file(&req, payload, state.config.attachment_max_bytes).await?;
    let row = attachments::store(&state.db, &ctx, &state.config, *id, file).await?;
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
/// With the same authorization as its task. Sent as an attachment, never rendered inline.
///
/// Requires: any role, or scope `reports.read`.
#[utoipa::path(operation_id = "tasks.download_attachment", tag = "tasks",
    params(("id" = Uuid, Path, description = "Task id"), ("attachment_id" = Uuid, Path, description = "Attachment id")),
    responses((status = 200, description = "The file", content((crate::routes::plans::DocumentFile = "application/octet-stream")))))]
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
    let ascii: String = crate::domain::text::fold(&row.file_name)
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '.' {
                c
            } else {
                '-'
            }
        })
        .collect();
    Ok(HttpResponse::Ok()
        .insert_header((header::CONTENT_TYPE, row.content_type.as_str()))
        .insert_header((
            header::CONTENT_DISPOSITION,
            format!("attachment; filename=\"{ascii}\""),
        ))
        .insert_header(("X-Content-SHA256", row.sha256.as_str()))
        .insert_header(("X-Content-Type-Options", "nosniff"))
        .body(bytes))
}
