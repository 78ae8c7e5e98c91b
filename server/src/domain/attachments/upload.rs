//! An uploaded file: its type judged from the bytes, and the name it is shown under.

use unicode_normalization::UnicodeNormalization;

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
        return Err(refused("tệp thực thi", "an executable file"));
    }
    let detected = match infer::get(bytes) {
        Some(kind) => kind.mime_type().to_owned(),
        None if std::str::from_utf8(bytes).is_ok() => "text/plain".to_owned(),
        None => return Err(refused("tệp không rõ loại", "a file of an unknown type")),
    };
    // Old Office files are OLE containers: infer names them by their family.
    let detected = match detected.as_str() {
        "application/x-ole-storage" | "application/x-cfb" => "application/msword".to_owned(),
        _ => detected,
    };
    if !ACCEPTED.contains(&detected.as_str()) {
        return Err(refused(
            &format!("tệp {detected}"),
            &format!("a {detected} file"),
        ));
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
        format!("Không nhận {vi} làm tài liệu kiểm chứng (nhận PDF, Word, Excel, ảnh, văn bản)."),
        format!("{en} is not accepted as evidence (PDF, Word, Excel, images and text are)."),
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
