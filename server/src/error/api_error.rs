//! The error type, its per-field issues and the builders that make them.

use std::borrow::Cow;
use std::panic::Location;

use super::{ErrorKind, Text};

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

    /// The field must have a (non-blank) value; the message names it (`Field `code` is
    /// required.`), so it reads on its own, away from the `field` member.
    pub fn required(field: impl Into<String>) -> Self {
        let field = field.into();
        let message = Text::new(
            format!("Thiếu trường bắt buộc `{field}`."),
            format!("Field `{field}` is required."),
        );
        Self::new(field, "required", message)
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
}

/// An error answered as problem+json.
#[derive(Debug)]
pub struct ApiError {
    /// What kind of error.
    pub kind: ErrorKind,
    /// The rest, boxed: errors travel through every `Result` and should stay small.
    pub(super) extra: Box<Extra>,
}

#[derive(Debug, Default)]
pub(super) struct Extra {
    pub(super) detail: Option<Text>,
    pub(super) errors: Vec<FieldIssue>,
    pub(super) allowed_actions: Option<Vec<String>>,
    pub(super) referenced_by: Option<Vec<String>>,
    /// Seconds for `Retry-After` (429, 503).
    pub(super) retry_after: Option<u64>,
    /// Methods for `Allow` (405).
    pub(super) allow: Option<String>,
    /// The internal cause with its call site: logged, never sent.
    pub(super) cause: Option<String>,
    /// The OAuth 2.0 error code (token endpoint).
    pub(super) oauth_error: Option<&'static str>,
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
}

impl std::fmt::Display for ApiError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let (status, code, _, en) = self.kind.meta();
        write!(f, "{} {code}: {en}", status.as_u16())
    }
}

impl std::error::Error for ApiError {}
