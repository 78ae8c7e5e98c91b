//! Reading one uploaded file from a `multipart/form-data` body (field `file`), streamed, with
//! a size limit and its SHA-256 computed on the way.

use actix_multipart::Multipart;
use actix_web::http::header;
use actix_web::{HttpRequest, web};
use futures_util::StreamExt;
use sha2::{Digest, Sha256};

use crate::error::{ApiError, ErrorKind, FieldIssue, Text};

pub use crate::domain::attachments::Upload;

fn too_large(max: usize) -> ApiError {
    ApiError::new(ErrorKind::PayloadTooLarge).with_detail(
        format!("Tệp vượt quá {max} byte."),
        format!("The file is larger than {max} bytes."),
    )
}

/// Reads the `file` field of a multipart body, refusing more than `max` bytes with 413.
pub async fn read_file(
    req: &HttpRequest,
    payload: web::Payload,
    max: usize,
) -> Result<Upload, ApiError> {
    let declared: Option<usize> = req
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok()?.parse().ok());
    if declared.is_some_and(|n| n > max + 64 * 1024) {
        return Err(too_large(max));
    }
    let is_multipart = req
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.to_ascii_lowercase().starts_with("multipart/form-data"));
    if !is_multipart {
        return Err(ApiError::new(ErrorKind::UnsupportedMediaType).with_detail(
            "Gửi tệp bằng multipart/form-data, trường 'file'.",
            "Send the file as multipart/form-data, field 'file'.",
        ));
    }
    let bad = |m: String| {
        ApiError::new(ErrorKind::MalformedJson).with_detail(
            format!("Nội dung multipart không hợp lệ: {m}"),
            format!("Malformed multipart body: {m}"),
        )
    };
    let mut multipart = Multipart::new(req.headers(), payload);
    while let Some(field) = multipart.next().await {
        let mut field = field.map_err(|e| bad(e.to_string()))?;
        if field.name() != Some("file") {
            while let Some(chunk) = field.next().await {
                chunk.map_err(|e| bad(e.to_string()))?;
            }
            continue;
        }
        let file_name = field
            .content_disposition()
            .and_then(|cd| cd.get_filename())
            .unwrap_or("")
            .to_owned();
        let claimed_type = field.content_type().map(|m| m.essence_str().to_owned());
        let mut bytes = Vec::new();
        let mut hasher = Sha256::new();
        while let Some(chunk) = field.next().await {
            let chunk = chunk.map_err(|e| bad(e.to_string()))?;
            if bytes.len() + chunk.len() > max {
                return Err(too_large(max));
            }
            hasher.update(&chunk);
            bytes.extend_from_slice(&chunk);
        }
        return Ok(Upload {
            file_name,
            claimed_type,
            bytes,
            sha256: hex::encode(hasher.finalize()),
        });
    }
    Err(ApiError::validation(vec![FieldIssue::new(
        "file",
        "required",
        Text::new("Thiếu trường 'file'.", "The 'file' field is missing."),
    )]))
}

/// Reads a raw body of at most `max` bytes (413 beyond), for endpoints whose bodies
/// outgrow the JSON limit.
pub async fn read_body(mut payload: web::Payload, max: usize) -> Result<Vec<u8>, ApiError> {
    use futures_util::StreamExt;
    let mut out = Vec::new();
    while let Some(chunk) = payload.next().await {
        let chunk = chunk.map_err(|e| {
            ApiError::new(ErrorKind::MalformedJson).with_detail(
                format!("Không đọc được nội dung yêu cầu: {e}"),
                format!("The request body could not be read: {e}"),
            )
        })?;
        if out.len() + chunk.len() > max {
            return Err(ApiError::new(ErrorKind::PayloadTooLarge).with_detail(
                format!("Nội dung vượt quá {max} byte."),
                format!("The body is larger than {max} bytes."),
            ));
        }
        out.extend_from_slice(&chunk);
    }
    Ok(out)
}
