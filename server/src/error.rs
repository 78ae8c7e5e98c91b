//! The one error type of the API and its RFC 9457 problem+json rendering.
//!
//! Every failure a handler, extractor or middleware can meet becomes an [`ApiError`]: a
//! [`ErrorKind`] (status, stable code, title in Vietnamese and English), an optional detail,
//! per-field issues and a few typed extensions. The envelope middleware renders it in the
//! request's language with the request id; internal causes are logged, never answered.

use std::borrow::Cow;
use std::panic::Location;

use actix_web::http::StatusCode;
use actix_web::http::header::{self, HeaderValue};
use actix_web::{HttpResponse, ResponseError};
use cchc_sdk::types::common::{FieldError, Problem};
use sea_orm::{DbErr, SqlErr};

/// The language of an answer: Vietnamese unless the client prefers English.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Lang {
    /// Tiếng Việt, the default.
    #[default]
    Vi,
    /// English, chosen with `Accept-Language: en`.
    En,
}

impl Lang {
    /// Picks the language from an `Accept-Language` value: the first of `vi`/`en` by weight.
    pub fn from_accept_language(value: Option<&str>) -> Lang {
        let Some(value) = value else { return Lang::Vi };
        let mut best: Option<(f32, Lang)> = None;
        for part in value.split(',') {
            let mut pieces = part.trim().split(';');
            let tag = pieces.next().unwrap_or("").trim().to_ascii_lowercase();
            let q = pieces
                .find_map(|p| {
                    p.trim()
                        .strip_prefix("q=")
                        .and_then(|q| q.parse::<f32>().ok())
                })
                .unwrap_or(1.0);
            let lang = match tag.split('-').next() {
                Some("en") => Lang::En,
                Some("vi") => Lang::Vi,
                _ => continue,
            };
            if best.is_none_or(|(bq, _)| q > bq) {
                best = Some((q, lang));
            }
        }
        best.map_or(Lang::Vi, |(_, lang)| lang)
    }

    /// The `Content-Language` tag.
    pub fn tag(self) -> &'static str {
        match self {
            Lang::Vi => "vi",
            Lang::En => "en",
        }
    }
}

/// A message in both languages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Text {
    vi: Cow<'static, str>,
    en: Cow<'static, str>,
}

impl Text {
    /// A message given in Vietnamese and English.
    pub fn new(vi: impl Into<Cow<'static, str>>, en: impl Into<Cow<'static, str>>) -> Self {
        Text {
            vi: vi.into(),
            en: en.into(),
        }
    }

    /// The message in `lang`.
    pub fn get(&self, lang: Lang) -> &str {
        match lang {
            Lang::Vi => &self.vi,
            Lang::En => &self.en,
        }
    }
}

/// One field's problem, before it is rendered in a language.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldIssue {
    /// JSON path of the field or name of the parameter.
    pub field: String,
    /// Stable snake_case code.
    pub code: &'static str,
    /// The explanation.
    pub message: Text,
}

impl FieldIssue {
    /// A field issue with its own message.
    pub fn new(field: impl Into<String>, code: &'static str, message: Text) -> Self {
        FieldIssue {
            field: field.into(),
            code,
            message,
        }
    }

    /// The field must have a (non-blank) value.
    pub fn required(field: impl Into<String>) -> Self {
        Self::new(
            field,
            "required",
            Text::new("Trường này là bắt buộc.", "This field is required."),
        )
    }

    /// The text is longer than `max` characters.
    pub fn too_long(field: impl Into<String>, max: usize) -> Self {
        Self::new(
            field,
            "too_long",
            Text::new(
                format!("Tối đa {max} ký tự."),
                format!("At most {max} characters."),
            ),
        )
    }

    /// A referenced record does not exist (or is not visible to the caller).
    pub fn unknown_reference(field: impl Into<String>) -> Self {
        Self::new(
            field,
            "unknown_reference",
            Text::new(
                "Không tìm thấy bản ghi được tham chiếu.",
                "The referenced record does not exist.",
            ),
        )
    }

    fn render(&self, lang: Lang) -> FieldError {
        FieldError {
            field: self.field.clone(),
            code: self.code.to_owned(),
            message: self.message.get(lang).to_owned(),
        }
    }
}

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

/// An error answered as problem+json.
#[derive(Debug)]
pub struct ApiError {
    /// What kind of error.
    pub kind: ErrorKind,
    /// The rest, boxed: errors travel through every `Result` and should stay small.
    extra: Box<Extra>,
}

#[derive(Debug, Default)]
struct Extra {
    detail: Option<Text>,
    errors: Vec<FieldIssue>,
    allowed_actions: Option<Vec<String>>,
    referenced_by: Option<Vec<String>>,
    /// Seconds for `Retry-After` (429, 503).
    retry_after: Option<u64>,
    /// Methods for `Allow` (405).
    allow: Option<String>,
    /// The internal cause with its call site: logged, never sent.
    cause: Option<String>,
    /// The OAuth 2.0 error code (token endpoint).
    oauth_error: Option<&'static str>,
}

impl ApiError {
    /// An error of `kind` with no detail.
    pub fn new(kind: ErrorKind) -> Self {
        ApiError {
            kind,
            extra: Box::default(),
        }
    }

    /// Sets `Retry-After` in seconds.
    pub fn with_retry_after(mut self, secs: u64) -> Self {
        self.extra.retry_after = Some(secs);
        self
    }

    /// Sets `Allow` (405).
    pub fn with_allow(mut self, methods: Option<String>) -> Self {
        self.extra.allow = methods;
        self
    }

    /// Records the internal cause, for the log only.
    pub fn with_cause(mut self, cause: impl std::fmt::Display) -> Self {
        self.extra.cause = Some(cause.to_string());
        self
    }

    /// Sets the OAuth 2.0 error code (RFC 6749 §5.2) of a token endpoint failure.
    pub fn with_oauth_error(mut self, code: &'static str) -> Self {
        self.extra.oauth_error = Some(code);
        self
    }

    /// The internal cause, if one was recorded.
    pub fn cause(&self) -> Option<&str> {
        self.extra.cause.as_deref()
    }

    /// Adds a detail message.
    pub fn with_detail(
        mut self,
        vi: impl Into<Cow<'static, str>>,
        en: impl Into<Cow<'static, str>>,
    ) -> Self {
        self.extra.detail = Some(Text::new(vi, en));
        self
    }

    /// Its per-field issues.
    pub fn field_issues(&self) -> &[FieldIssue] {
        &self.extra.errors
    }

    /// Adds per-field issues.
    pub fn with_errors(mut self, errors: Vec<FieldIssue>) -> Self {
        self.extra.errors = errors;
        self
    }

    /// Lists the actions allowed from the current state (409 `invalid_transition`).
    pub fn with_allowed_actions(mut self, actions: Vec<String>) -> Self {
        self.extra.allowed_actions = Some(actions);
        self
    }

    /// Lists what refers to the resource (409 `in_use`).
    pub fn with_referenced_by(mut self, refs: Vec<String>) -> Self {
        self.extra.referenced_by = Some(refs);
        self
    }

    /// 404: the resource does not exist or belongs to a unit the caller cannot see.
    pub fn not_found() -> Self {
        Self::new(ErrorKind::NotFound).with_detail(
            "Không tìm thấy tài nguyên được yêu cầu.",
            "The requested resource does not exist.",
        )
    }

    /// The field issues it carries.
    pub fn errors(&self) -> &[FieldIssue] {
        &self.extra.errors
    }

    /// 422 with the given field issues.
    pub fn validation(errors: Vec<FieldIssue>) -> Self {
        Self::new(ErrorKind::ValidationFailed)
            .with_detail(
                "Một hoặc nhiều trường không hợp lệ.",
                "One or more fields are invalid.",
            )
            .with_errors(errors)
    }

    /// 412: the `If-Match` value is not the current version.
    pub fn stale(current_version: i32) -> Self {
        Self::new(ErrorKind::PreconditionFailed).with_detail(
            format!("Tài nguyên đã được sửa (phiên bản hiện tại {current_version}); hãy tải lại rồi thử lại."),
            format!("The resource has changed (current version {current_version}); fetch it again and retry."),
        )
    }

    /// 500 for an unexpected failure; the cause is logged with the caller's location.
    #[track_caller]
    pub fn internal(cause: impl std::fmt::Display) -> Self {
        let at = Location::caller();
        Self::new(ErrorKind::Internal).with_cause(format!(
            "{cause} (at {}:{})",
            at.file(),
            at.line()
        ))
    }

    /// Renders the problem details in `lang`.
    pub fn to_problem(&self, lang: Lang, request_id: Option<&str>) -> Problem {
        let (status, code, title_vi, title_en) = self.kind.meta();
        Problem {
            type_uri: format!("https://cchc.gov.vn/problems/{code}"),
            title: match lang {
                Lang::Vi => title_vi,
                Lang::En => title_en,
            }
            .to_owned(),
            status: status.as_u16(),
            detail: self.extra.detail.as_ref().map(|d| d.get(lang).to_owned()),
            code: code.to_owned(),
            errors: self.extra.errors.iter().map(|e| e.render(lang)).collect(),
            request_id: request_id.map(str::to_owned),
            allowed_actions: self.extra.allowed_actions.clone(),
            referenced_by: self.extra.referenced_by.clone(),
            error: self.extra.oauth_error.map(str::to_owned),
        }
    }

    /// The full response in `lang`, with `Allow` / `Retry-After` where they apply.
    pub fn render(&self, lang: Lang, request_id: Option<&str>) -> HttpResponse {
        let problem = self.to_problem(lang, request_id);
        let mut res = HttpResponse::build(self.kind.meta().0);
        res.insert_header((
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/problem+json"),
        ))
        .insert_header((header::CONTENT_LANGUAGE, lang.tag()));
        if let Some(secs) = self.extra.retry_after {
            res.insert_header((header::RETRY_AFTER, secs.to_string()));
        }
        if let Some(allow) = &self.extra.allow {
            res.insert_header((header::ALLOW, allow.as_str()));
        }
        let body = serde_json::to_vec(&problem).unwrap_or_default();
        res.body(body)
    }
}

impl std::fmt::Display for ApiError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let (status, code, _, en) = self.kind.meta();
        write!(f, "{} {code}: {en}", status.as_u16())
    }
}

impl std::error::Error for ApiError {}

impl ResponseError for ApiError {
    fn status_code(&self) -> StatusCode {
        self.kind.meta().0
    }

    fn error_response(&self) -> HttpResponse {
        // Re-rendered by the envelope middleware in the request's language with its id.
        self.render(Lang::Vi, None)
    }
}

/// Database constraints the API names to clients, with the field each one guards.
const CONSTRAINT_FIELDS: &[(&str, &str, &str)] = &[
    // (PostgreSQL constraint name, SQLite "table.column", field)
    ("uq_units_code", "units.code", "code"),
    ("uq_departments_unit_name", "departments.name_key", "name"),
    ("uq_officials_user", "officials.user_id", "user_id"),
    ("uq_users_username", "users.username", "username"),
    (
        "uq_index_assessments",
        "index_assessments.framework_id",
        "unit_id",
    ),
    (
        "uq_index_publications",
        "index_publications.framework_id",
        "parent_unit_id",
    ),
];

impl From<DbErr> for ApiError {
    #[track_caller]
    fn from(err: DbErr) -> Self {
        match err.sql_err() {
            Some(SqlErr::UniqueConstraintViolation(msg)) => {
                let field = CONSTRAINT_FIELDS
                    .iter()
                    .find(|(pg, lite, _)| msg.contains(pg) || msg.contains(lite))
                    .map_or("id", |(_, _, field)| field);
                ApiError::new(ErrorKind::AlreadyExists)
                    .with_detail(
                        format!("Giá trị của trường '{field}' đã được dùng."),
                        format!("The value of '{field}' is already taken."),
                    )
                    .with_errors(vec![FieldIssue::new(
                        field,
                        "already_exists",
                        Text::new("Giá trị này đã tồn tại.", "This value already exists."),
                    )])
            }
            Some(SqlErr::ForeignKeyConstraintViolation(_)) => ApiError::new(ErrorKind::InUse)
                .with_detail(
                    "Bản ghi đang được tham chiếu hoặc tham chiếu tới bản ghi không tồn tại.",
                    "The record is referenced elsewhere, or refers to a missing record.",
                ),
            _ => match err {
                DbErr::RecordNotFound(_) => ApiError::not_found(),
                ref e if is_contention(e) => ApiError::new(ErrorKind::Unavailable)
                    .with_detail(
                        "Cơ sở dữ liệu đang bận với một thay đổi khác; hãy thử lại sau giây lát.",
                        "The database is busy with another change; retry in a moment.",
                    )
                    .with_retry_after(1)
                    .with_cause(&err),
                DbErr::ConnectionAcquire(_) | DbErr::Conn(_) => {
                    ApiError::new(ErrorKind::Unavailable)
                        .with_retry_after(5)
                        .with_cause(&err)
                }
                other => ApiError::internal(other),
            },
        }
    }
}

/// Whether a database error is a transient conflict with another writer, which a retry
/// cures: SQLite's busy/locked (a write that waited past the busy timeout), PostgreSQL's
/// serialization failure, deadlock or lock timeout. Answered 503 with `Retry-After`.
fn is_contention(err: &DbErr) -> bool {
    use sea_orm::RuntimeErr;
    let (DbErr::Exec(RuntimeErr::SqlxError(e))
    | DbErr::Query(RuntimeErr::SqlxError(e))
    | DbErr::Conn(RuntimeErr::SqlxError(e))) = err
    else {
        return false;
    };
    let Some(db) = e.as_database_error() else {
        return false;
    };
    matches!(
        db.code().as_deref(),
        // SQLITE_BUSY, SQLITE_LOCKED and their extended codes.
        Some("5" | "6" | "261" | "262" | "517" | "773")
            // serialization_failure, deadlock_detected, lock_not_available, query_canceled
            | Some("40001" | "40P01" | "55P03")
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accept_language_prefers_the_highest_weight() {
        assert_eq!(Lang::from_accept_language(None), Lang::Vi);
        assert_eq!(Lang::from_accept_language(Some("en")), Lang::En);
        assert_eq!(Lang::from_accept_language(Some("en-US,en;q=0.9")), Lang::En);
        assert_eq!(
            Lang::from_accept_language(Some("vi;q=0.9, en;q=0.5")),
            Lang::Vi
        );
        assert_eq!(Lang::from_accept_language(Some("fr, en;q=0.2")), Lang::En);
        assert_eq!(Lang::from_accept_language(Some("fr")), Lang::Vi);
    }

    #[test]
    fn problems_never_carry_the_internal_cause() {
        let e = ApiError::internal("password=hunter2 leaked in a driver message");
        let p = e.to_problem(Lang::En, Some("r1"));
        assert_eq!(p.status, 500);
        assert_eq!(p.code, "internal_error");
        assert!(!format!("{p:?}").contains("hunter2"));
    }
}
