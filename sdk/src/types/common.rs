//! Types every resource shares: pages, problem details, merge-patch fields.

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// One page of a list: `next_cursor` is passed back as `?cursor=` for the next page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Page<T> {
    /// The items of this page, in the list's order.
    pub data: Vec<T>,
    /// Opaque cursor of the next page; `null` on the last page.
    pub next_cursor: Option<String>,
    /// Whether another page follows.
    pub has_more: bool,
}

/// RFC 9457 problem details: the body of every error answer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({
    "type": "https://cchc.gov.vn/problems/validation_failed",
    "title": "Dữ liệu không hợp lệ",
    "status": 422,
    "detail": "Một hoặc nhiều trường không hợp lệ.",
    "code": "validation_failed",
    "errors": [{"field": "name", "code": "required", "message": "Thiếu trường bắt buộc `name`."}],
    "request_id": "01936d3e-5c1a-7b2e-9f4d-2a6b8c0e1f3a"
})))]
pub struct Problem {
    /// A URI naming the kind of problem.
    #[serde(rename = "type")]
    pub type_uri: String,
    /// Short summary of the kind of problem (Vietnamese, or English with `Accept-Language: en`).
    pub title: String,
    /// The HTTP status code.
    pub status: u16,
    /// What went wrong with this request.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
    /// Stable snake_case code to branch on (`not_found`, `validation_failed`, …).
    pub code: String,
    /// Per-field problems, for validation errors.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<FieldError>,
    /// The request's `X-Request-Id`, to quote when reporting a problem.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub request_id: Option<String>,
    /// Actions allowed from the resource's current state (for `invalid_transition`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub allowed_actions: Option<Vec<String>>,
    /// What refers to a resource that cannot be removed (for `in_use`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub referenced_by: Option<Vec<String>>,
    /// The OAuth 2.0 error code on token endpoint failures (RFC 6749 §5.2).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}

/// One field's problem inside a [`Problem`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FieldError {
    /// The field, as a JSON path (`name`, `successor_ids[1]`) or a query/path parameter.
    pub field: String,
    /// Stable snake_case code (`required`, `too_long`, `out_of_range`, `invalid_type`, …).
    pub code: String,
    /// Human-readable explanation, in the answer's language.
    pub message: String,
}

/// A field of a merge-patch body: absent (leave unchanged), `null` (clear) or a value.
///
/// Use with `#[serde(default, skip_serializing_if = "Patch::is_absent")]`.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum Patch<T> {
    /// Not sent: the field keeps its value.
    #[default]
    Absent,
    /// Sent as `null`: the field is cleared.
    Null,
    /// Sent with a value: the field takes it.
    Value(T),
}

impl<T> Patch<T> {
    /// Whether the field was left out of the body.
    pub fn is_absent(&self) -> bool {
        matches!(self, Patch::Absent)
    }

    /// The value if one was sent (`None` for absent and for null).
    pub fn as_value(&self) -> Option<&T> {
        match self {
            Patch::Value(v) => Some(v),
            _ => None,
        }
    }
}

impl<T> From<Option<T>> for Patch<T> {
    fn from(value: Option<T>) -> Self {
        value.map_or(Patch::Null, Patch::Value)
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Patch<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Option::<T>::deserialize(deserializer).map(Patch::from)
    }
}

impl<T: Serialize> Serialize for Patch<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Patch::Value(v) => v.serialize(serializer),
            Patch::Absent | Patch::Null => serializer.serialize_none(),
        }
    }
}

/// Answer of `GET /healthz` and `GET /readyz`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Health {
    /// `ok` when healthy.
    pub status: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, Deserialize, Serialize, PartialEq)]
    struct Body {
        #[serde(default, skip_serializing_if = "Patch::is_absent")]
        name: Patch<String>,
    }

    #[test]
    fn patch_tells_absent_from_null_from_value() -> Result<(), serde_json::Error> {
        let absent: Body = serde_json::from_str("{}")?;
        let null: Body = serde_json::from_str(r#"{"name":null}"#)?;
        let value: Body = serde_json::from_str(r#"{"name":"Hòa"}"#)?;
        assert_eq!(absent.name, Patch::Absent);
        assert_eq!(null.name, Patch::Null);
        assert_eq!(value.name, Patch::Value("Hòa".to_owned()));
        assert_eq!(serde_json::to_string(&absent)?, "{}");
        assert_eq!(serde_json::to_string(&null)?, r#"{"name":null}"#);
        Ok(())
    }
}
