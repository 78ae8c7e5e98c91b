//! The kinds of error: the one status table of HTTP status, stable code and titles.

use actix_web::http::StatusCode;

/// The kinds of error, each with its status, stable code and title.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorKind {
    MalformedJson,
    InvalidQuery,
    InvalidPath,
    InvalidHeader,
    Unauthorized,
    Forbidden,
    NotFound,
    RouteNotFound,
    MethodNotAllowed,
    AlreadyExists,
    InUse,
    InvalidTransition,
    IdempotencyInFlight,
    IdempotencyNotReplayable,
    PreconditionFailed,
    PayloadTooLarge,
    UnsupportedMediaType,
    ValidationFailed,
    IdempotencyKeyReused,
    RateLimited,
    /// OAuth 2.0 (RFC 6749 §5.2): a required parameter is missing or malformed.
    InvalidRequest,
    /// OAuth 2.0: wrong credentials, or an expired, used or revoked refresh token.
    InvalidGrant,
    /// OAuth 2.0: the API client could not be authenticated.
    InvalidClient,
    /// OAuth 2.0: a grant type this server does not offer.
    UnsupportedGrantType,
    /// OAuth 2.0 (RFC 6749 §5.2): a requested scope is unknown or beyond what the
    /// principal holds.
    InvalidScope,
    Internal,
    Unavailable,
    Timeout,
}

impl ErrorKind {
    /// The one status table: HTTP status, stable code, Vietnamese and English titles.
    pub fn meta(self) -> (StatusCode, &'static str, &'static str, &'static str) {
        use ErrorKind::*;
        match self {
            MalformedJson => (
                StatusCode::BAD_REQUEST,
                "malformed_json",
                "Nội dung JSON không hợp lệ",
                "Malformed JSON body",
            ),
            InvalidQuery => (
                StatusCode::BAD_REQUEST,
                "invalid_query",
                "Tham số truy vấn không hợp lệ",
                "Invalid query parameter",
            ),
            InvalidPath => (
                StatusCode::BAD_REQUEST,
                "invalid_path",
                "Tham số đường dẫn không hợp lệ",
                "Invalid path parameter",
            ),
            InvalidHeader => (
                StatusCode::BAD_REQUEST,
                "invalid_header",
                "Tiêu đề yêu cầu không hợp lệ",
                "Invalid request header",
            ),
            Unauthorized => (
                StatusCode::UNAUTHORIZED,
                "unauthorized",
                "Chưa xác thực",
                "Authentication required",
            ),
            Forbidden => (
                StatusCode::FORBIDDEN,
                "forbidden",
                "Không có quyền",
                "Forbidden",
            ),
            NotFound => (
                StatusCode::NOT_FOUND,
                "not_found",
                "Không tìm thấy",
                "Not found",
            ),
            RouteNotFound => (
                StatusCode::NOT_FOUND,
                "route_not_found",
                "Không có đường dẫn này",
                "No such route",
            ),
            MethodNotAllowed => (
                StatusCode::METHOD_NOT_ALLOWED,
                "method_not_allowed",
                "Phương thức không được hỗ trợ",
                "Method not allowed",
            ),
            AlreadyExists => (
                StatusCode::CONFLICT,
                "already_exists",
                "Bản ghi đã tồn tại",
                "Already exists",
            ),
            InUse => (
                StatusCode::CONFLICT,
                "in_use",
                "Bản ghi đang được sử dụng",
                "In use",
            ),
            InvalidTransition => (
                StatusCode::CONFLICT,
                "invalid_transition",
                "Thao tác không hợp lệ ở trạng thái hiện tại",
                "Action not allowed in the current state",
            ),
            IdempotencyInFlight => (
                StatusCode::CONFLICT,
                "idempotency_in_flight",
                "Yêu cầu với khóa này đang được xử lý",
                "A request with this key is still in progress",
            ),
            IdempotencyNotReplayable => (
                StatusCode::CONFLICT,
                "idempotency_not_replayable",
                "Yêu cầu đã được thực hiện; kết quả không được lưu để phát lại",
                "The request was carried out; its answer is not kept for replay",
            ),
            PreconditionFailed => (
                StatusCode::PRECONDITION_FAILED,
                "precondition_failed",
                "Phiên bản đã thay đổi",
                "The resource has changed",
            ),
            PayloadTooLarge => (
                StatusCode::PAYLOAD_TOO_LARGE,
                "payload_too_large",
                "Nội dung quá lớn",
                "Payload too large",
            ),
            UnsupportedMediaType => (
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                "unsupported_media_type",
                "Kiểu nội dung không được hỗ trợ",
                "Unsupported media type",
            ),
            ValidationFailed => (
                StatusCode::UNPROCESSABLE_ENTITY,
                "validation_failed",
                "Dữ liệu không hợp lệ",
                "Validation failed",
            ),
            IdempotencyKeyReused => (
                StatusCode::UNPROCESSABLE_ENTITY,
                "idempotency_key_reused",
                "Khóa Idempotency-Key đã dùng cho yêu cầu khác",
                "Idempotency-Key reused with a different request",
            ),
            RateLimited => (
                StatusCode::TOO_MANY_REQUESTS,
                "rate_limited",
                "Quá nhiều yêu cầu",
                "Too many requests",
            ),
            InvalidRequest => (
                StatusCode::BAD_REQUEST,
                "invalid_request",
                "Yêu cầu cấp mã không hợp lệ",
                "Invalid token request",
            ),
            InvalidGrant => (
                StatusCode::BAD_REQUEST,
                "invalid_grant",
                "Thông tin đăng nhập không đúng",
                "Invalid credentials or refresh token",
            ),
            InvalidClient => (
                StatusCode::UNAUTHORIZED,
                "invalid_client",
                "Không xác thực được hệ thống",
                "Client authentication failed",
            ),
            UnsupportedGrantType => (
                StatusCode::BAD_REQUEST,
                "unsupported_grant_type",
                "Kiểu cấp mã không được hỗ trợ",
                "Unsupported grant type",
            ),
            InvalidScope => (
                StatusCode::BAD_REQUEST,
                "invalid_scope",
                "Phạm vi quyền yêu cầu không hợp lệ",
                "Invalid scope",
            ),
            Internal => (
                StatusCode::INTERNAL_SERVER_ERROR,
                "internal_error",
                "Lỗi hệ thống",
                "Internal server error",
            ),
            Unavailable => (
                StatusCode::SERVICE_UNAVAILABLE,
                "service_unavailable",
                "Dịch vụ tạm thời không sẵn sàng",
                "Service unavailable",
            ),
            Timeout => (
                StatusCode::SERVICE_UNAVAILABLE,
                "request_timeout",
                "Yêu cầu xử lý quá thời gian",
                "Request timed out",
            ),
        }
    }

    /// The kind that a bare status stands for, for responses not made from an [`ApiError`].
    pub fn from_status(status: StatusCode) -> ErrorKind {
        match status.as_u16() {
            400 => ErrorKind::MalformedJson,
            401 => ErrorKind::Unauthorized,
            403 => ErrorKind::Forbidden,
            404 => ErrorKind::RouteNotFound,
            405 => ErrorKind::MethodNotAllowed,
            409 => ErrorKind::AlreadyExists,
            412 => ErrorKind::PreconditionFailed,
            413 => ErrorKind::PayloadTooLarge,
            415 => ErrorKind::UnsupportedMediaType,
            422 => ErrorKind::ValidationFailed,
            429 => ErrorKind::RateLimited,
            503 => ErrorKind::Unavailable,
            _ => ErrorKind::Internal,
        }
    }
}
