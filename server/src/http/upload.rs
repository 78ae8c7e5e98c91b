//! Reading one uploaded file from a `multipart/form-data` body (field `file`), streamed, with
//! a size limit and its SHA-256 computed on the way.

use actix_multipart::Multipart;
use actix_web::http::header::{self, Charset, ContentDisposition};
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

/// The file name a part's `Content-Disposition` gives: `filename*` when a client sends it
/// (RFC 8187 `ext-value`, UTF-8 or ISO-8859-1; RFC 7578 §4.2 leaves it out of forms, but
/// some clients write it), else `filename` (browsers and curl write UTF-8 there as is).
fn uploaded_name(cd: &ContentDisposition) -> String {
    let extended = cd.get_filename_ext().and_then(|ext| match &ext.charset {
        Charset::Iso_8859_1 => Some(ext.value.iter().map(|&b| char::from(b)).collect()),
        Charset::Us_Ascii => String::from_utf8(ext.value.clone()).ok(),
        Charset::Ext(name) if name.eq_ignore_ascii_case("utf-8") => {
            String::from_utf8(ext.value.clone()).ok()
        }
        _ => None,
    });
    extended
        .or_else(|| cd.get_filename().map(str::to_owned))
        .unwrap_or_default()
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
    // The parser's own words go to the log only (they are English and technical).
    let bad = |m: String| {
        ApiError::new(ErrorKind::MalformedJson)
            .with_detail(
                "Nội dung multipart/form-data không đọc được: kiểm tra ranh giới (boundary) và \
                 phần 'file' (Content-Disposition: form-data; name=\"file\"; filename=\"…\").",
                "The multipart/form-data body cannot be read: check its boundary and the 'file' \
                 part (Content-Disposition: form-data; name=\"file\"; filename=\"…\").",
            )
            .with_cause(m)
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
            .map(uploaded_name)
            .unwrap_or_default();
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
            ApiError::new(ErrorKind::MalformedJson)
                .with_detail(
                    "Không đọc được nội dung yêu cầu (kết nối bị ngắt hoặc mã hóa truyền sai).",
                    "The request body could not be read (connection cut or bad transfer coding).",
                )
                .with_cause(e)
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

#[cfg(test)]
mod tests {
    use super::*;
    use actix_web::http::header::HeaderValue;

    fn name_of(raw: &'static str) -> String {
        ContentDisposition::from_raw(&HeaderValue::from_static(raw))
            .map(|cd| uploaded_name(&cd))
            .unwrap_or_else(|e| panic!("{raw}: {e}"))
    }

    #[test]
    fn filename_star_wins_over_the_ascii_fallback() {
        assert_eq!(
            name_of(
                "form-data; name=\"file\"; filename=\"Bao cao.pdf\"; \
                 filename*=UTF-8''B%C3%A1o%20c%C3%A1o.pdf"
            ),
            "Báo cáo.pdf"
        );
        assert_eq!(
            name_of("form-data; name=\"file\"; filename*=iso-8859-1''caf%E9.txt"),
            "café.txt"
        );
        assert_eq!(
            name_of("form-data; name=\"file\"; filename=\"plain.txt\""),
            "plain.txt"
        );
        // A charset we do not read falls back to `filename`.
        assert_eq!(
            name_of("form-data; name=\"file\"; filename=\"x.txt\"; filename*=koi8-r''%C1.txt"),
            "x.txt"
        );
    }

    #[test]
    fn a_raw_utf8_filename_is_read_as_is() {
        let raw = HeaderValue::from_bytes(
            "form-data; name=\"file\"; filename=\"Biên bản.pdf\"".as_bytes(),
        )
        .unwrap_or_else(|e| panic!("{e}"));
        let cd = ContentDisposition::from_raw(&raw).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(uploaded_name(&cd), "Biên bản.pdf");
    }
}
