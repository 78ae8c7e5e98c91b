//! Errors of reading a request body, in the API's own shape: 413 past the limit, 400 for
//! a body that cannot be read.

use actix_web::error::PayloadError;

use crate::error::{ApiError, ErrorKind};

/// Turns an error of reading the body into 413 (too large) or 400.
pub fn payload_error(err: &actix_web::Error) -> ApiError {
    match err.as_error::<PayloadError>() {
        Some(PayloadError::Overflow) => too_large(),
        _ => ApiError::new(ErrorKind::MalformedJson).with_detail(
            "Không đọc được nội dung yêu cầu.",
            "The request body could not be read.",
        ),
    }
}

fn too_large() -> ApiError {
    ApiError::new(ErrorKind::PayloadTooLarge).with_detail(
        "Nội dung yêu cầu vượt quá giới hạn cho phép.",
        "The request body exceeds the allowed size.",
    )
}
