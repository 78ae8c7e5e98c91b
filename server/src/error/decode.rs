//! Why a request could not be read, in words for people.
//!
//! serde, serde_json, chrono and uuid explain a failure in English prose meant for Rust
//! programmers (``missing field `code` at line 1 column 48``, `invalid type: string "x",
//! expected i64`, `premature end of input`). Here each kind of failure becomes a field issue
//! in Vietnamese and English that names the field by its JSON path and says what was
//! expected in JSON's own words (integer, string, true/false, array, object, a date as
//! `YYYY-MM-DD`, a UUID) — never a Rust type name, never serde's raw sentence.
//!
//! The messages recognised are the stable ones of `serde::de::Error`'s default methods
//! (`missing_field`, `unknown_field`, `unknown_variant`, `invalid_type`, `invalid_value`,
//! `invalid_length`, `duplicate_field`), of chrono's `ParseError`, of uuid's serde support,
//! and of `std`'s number and boolean parsers (what `serde_urlencoded` reports).

pub use super::syntax::syntax;
use super::{FieldIssue, Text};

/// What a value was expected to be, as read from serde's `expected …` part.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Expected {
    /// A whole number within `min..=max` (from `i8` … `u64`).
    Integer { min: i128, max: i128 },
    /// Any JSON number (floats, decimals).
    Number,
    /// `true` or `false`.
    Bool,
    /// A JSON string.
    String,
    /// A JSON array.
    Array,
    /// A JSON object.
    Object,
    /// A calendar date, `YYYY-MM-DD`.
    Date,
    /// An instant, RFC 3339.
    DateTime,
    /// A UUID.
    Uuid,
    /// `null`.
    Null,
}

impl Expected {
    /// Reads serde's `expected` text (`i64`, `a boolean`, `struct PlanIn`, `a formatted date
    /// string`, `a UUID string` …), or a JSON Schema type name (`integer`, `object` …).
    pub fn parse(expected: &str) -> Option<Expected> {
        let e = expected.trim();
        let lower = e.to_ascii_lowercase();
        if let Some((min, max)) = integer_bounds(e) {
            return Some(Expected::Integer { min, max });
        }
        let found = if lower.contains("date and time") || lower.contains("rfc 3339") {
            Expected::DateTime
        } else if lower.contains("date") {
            Expected::Date
        } else if lower.contains("uuid") {
            Expected::Uuid
        } else if matches!(e, "f32" | "f64" | "number") || lower.contains("decimal") {
            Expected::Number
        } else if matches!(e, "integer") {
            Expected::Integer {
                min: i64::MIN.into(),
                max: i64::MAX.into(),
            }
        } else if matches!(e, "a boolean" | "boolean" | "bool") {
            Expected::Bool
        } else if e.starts_with("a string")
            || e.starts_with("a borrowed string")
            || matches!(e, "string" | "a character" | "char" | "string or map")
            || e.starts_with("enum ")
            || e.starts_with("variant identifier")
        {
            Expected::String
        } else if e.starts_with("a sequence")
            || e.starts_with("a tuple")
            || e.starts_with("tuple struct")
            || matches!(e, "array" | "sequence")
        {
            Expected::Array
        } else if e.starts_with("struct ")
            || e.starts_with("a map")
            || e.starts_with("internally tagged enum")
            || matches!(e, "object" | "map")
        {
            Expected::Object
        } else if matches!(e, "unit" | "null") {
            Expected::Null
        } else {
            return None;
        };
        Some(found)
    }

    /// "Must be …": the expectation as a sentence in both languages.
    pub fn text(self) -> Text {
        match self {
            Expected::Integer { min, max } if min >= 0 && max >= i128::from(u32::MAX) => Text::new(
                "Phải là số nguyên không âm.",
                "Must be a whole number, 0 or more.",
            ),
            Expected::Integer { .. } => Text::new("Phải là số nguyên.", "Must be an integer."),
            Expected::Number => Text::new("Phải là một số.", "Must be a number."),
            Expected::Bool => Text::new("Phải là true hoặc false.", "Must be true or false."),
            Expected::String => Text::new("Phải là chuỗi.", "Must be a string."),
            Expected::Array => Text::new(
                "Phải là danh sách (mảng JSON).",
                "Must be an array (a JSON list).",
            ),
            Expected::Object => Text::new("Phải là đối tượng JSON.", "Must be a JSON object."),
            Expected::Date => date_text(),
            Expected::DateTime => Text::new(
                "Thời điểm phải theo RFC 3339, ví dụ 2026-11-20T03:00:00Z.",
                "An instant must be written as RFC 3339, such as 2026-11-20T03:00:00Z.",
            ),
            Expected::Uuid => Text::new(
                "Phải là một UUID, ví dụ 0b9f5c1e-3c4d-4e5f-8a9b-1c2d3e4f5a6b.",
                "Must be a UUID, such as 0b9f5c1e-3c4d-4e5f-8a9b-1c2d3e4f5a6b.",
            ),
            Expected::Null => Text::new("Phải là null.", "Must be null."),
        }
    }

    /// The stable code of a value that is not what was expected: a date, instant or UUID
    /// written wrongly is `invalid_format`, anything else `invalid_type`.
    pub fn code(self) -> &'static str {
        match self {
            Expected::Date | Expected::DateTime | Expected::Uuid => "invalid_format",
            _ => "invalid_type",
        }
    }

    /// The issue for a value that is not what was expected.
    pub fn issue(self, field: impl Into<String>) -> FieldIssue {
        FieldIssue::new(field, self.code(), self.text())
    }
}

/// "A date must be written YYYY-MM-DD."
pub fn date_text() -> Text {
    Text::new(
        "Ngày phải có dạng YYYY-MM-DD (ví dụ 2024-04-15).",
        "A date must be written YYYY-MM-DD (such as 2024-04-15).",
    )
}

/// The range of serde's integer type names (`u32` → 0..=4294967295).
fn integer_bounds(name: &str) -> Option<(i128, i128)> {
    let bounds = match name {
        "i8" => (i8::MIN.into(), i8::MAX.into()),
        "i16" => (i16::MIN.into(), i16::MAX.into()),
        "i32" => (i32::MIN.into(), i32::MAX.into()),
        "i64" | "isize" => (i64::MIN.into(), i64::MAX.into()),
        "u8" => (0, u8::MAX.into()),
        "u16" => (0, u16::MAX.into()),
        "u32" => (0, u32::MAX.into()),
        "u64" | "usize" => (0, u64::MAX.into()),
        "i128" => (i128::MIN, i128::MAX),
        "u128" => (0, i128::MAX),
        _ => return None,
    };
    Some(bounds)
}

/// The kind of value serde met (its `Unexpected` as printed), in both languages.
fn given(unexpected: &str) -> Option<(&'static str, &'static str)> {
    let u = unexpected.trim();
    let found = if u.starts_with("integer") {
        ("số nguyên", "an integer")
    } else if u.starts_with("floating point") {
        ("số thập phân", "a decimal number")
    } else if u.starts_with("string") || u.starts_with("character") {
        ("chuỗi", "a string")
    } else if u.starts_with("boolean") {
        ("true/false", "true/false")
    } else if u == "null" || u == "unit value" || u == "Option value" {
        ("null", "null")
    } else if u == "sequence" {
        ("danh sách", "an array")
    } else if u == "map" {
        ("đối tượng", "an object")
    } else {
        return None;
    };
    Some(found)
}

/// The names serde lists after `expected` (`` `a`, `b` or `c` ``), in order.
fn listed(expected: &str) -> Vec<&str> {
    expected.split('`').skip(1).step_by(2).collect()
}

fn first_quoted(message: &str) -> &str {
    message.split('`').nth(1).unwrap_or_default()
}

/// `path` joined with a child `name` (`.` and the empty path are the top).
pub fn join(path: &str, name: &str) -> String {
    if path.is_empty() || path == "." {
        name.to_owned()
    } else {
        format!("{path}.{name}")
    }
}

/// The field a path names, `body` for the top of the body.
fn at(path: &str) -> String {
    if path.is_empty() || path == "." {
        "body".to_owned()
    } else {
        path.to_owned()
    }
}

/// Messages of chrono's `ParseError` (what a `NaiveDate` field reports for bad text).
const CHRONO: &[&str] = &[
    "input is out of range",
    "no possible date and time matching input",
    "input is not enough for unique date and time",
    "input contains invalid characters",
    "premature end of input",
    "trailing input",
    "bad or unsupported format string",
];

/// The field issue for serde's data error `message`, met while reading the value at `path`
/// (a JSON path such as `items[2].due_date`; `""` or `"."` is the top). `message` must be
/// the error's text without serde_json's ` at line … column …` suffix.
pub fn data_issue(path: &str, message: &str) -> FieldIssue {
    let message = strip_position(message);
    if let Some(rest) = message.strip_prefix("missing field `") {
        let name = rest.split('`').next().unwrap_or_default();
        return FieldIssue::required(join(path, name));
    }
    if let Some(rest) = message.strip_prefix("duplicate field `") {
        let name = rest.split('`').next().unwrap_or_default();
        return FieldIssue::new(
            join(path, name),
            "duplicate_field",
            Text::new(
                format!("Trường `{name}` xuất hiện hai lần."),
                format!("Field `{name}` appears twice."),
            ),
        );
    }
    if message.starts_with("unknown field `") {
        let name = first_quoted(message);
        let field = if path.rsplit(['.', '[']).next() == Some(name) {
            path.to_owned()
        } else {
            join(path, name)
        };
        let known = listed(message.split_once(", expected").map_or("", |(_, e)| e)).join(", ");
        let (vi, en) = if known.is_empty() {
            (String::new(), String::new())
        } else {
            (
                format!(" Các trường được nhận: {known}."),
                format!(" Known fields: {known}."),
            )
        };
        return FieldIssue::new(
            field,
            "unknown_field",
            Text::new(
                format!("Trường `{name}` không được hỗ trợ.{vi}"),
                format!("Field `{name}` is not supported.{en}"),
            ),
        );
    }
    if message.starts_with("unknown variant `") {
        let value = first_quoted(message);
        let allowed = listed(message.split_once(", expected").map_or("", |(_, e)| e)).join(", ");
        return FieldIssue::new(
            at(path),
            "invalid_value",
            Text::new(
                format!("Giá trị `{value}` không được nhận; chỉ nhận: {allowed}."),
                format!("`{value}` is not allowed; allowed values: {allowed}."),
            ),
        );
    }
    if let Some(rest) = message.strip_prefix("invalid type: ") {
        let (unexpected, expected) = rest.split_once(", expected ").unwrap_or((rest, ""));
        return match Expected::parse(expected) {
            Some(e) => {
                let text = e.text();
                let text = match given(unexpected) {
                    Some((vi, en)) => Text::new(
                        format!("{} Nhận được {vi}.", text.get(super::Lang::Vi)),
                        format!("{} Got {en}.", text.get(super::Lang::En)),
                    ),
                    None => text,
                };
                FieldIssue::new(at(path), e.code(), text)
            }
            None => FieldIssue::new(
                at(path),
                "invalid_type",
                Text::new("Sai kiểu dữ liệu.", "Wrong type of value."),
            ),
        };
    }
    if let Some(rest) = message.strip_prefix("invalid value: ") {
        let (unexpected, expected) = rest.split_once(", expected ").unwrap_or((rest, ""));
        return match Expected::parse(expected) {
            Some(Expected::Integer { min, max })
                if unexpected.starts_with("integer") || unexpected.starts_with("floating") =>
            {
                out_of_range(at(path), Some((min, max)))
            }
            Some(e @ (Expected::Date | Expected::DateTime | Expected::Uuid)) => e.issue(at(path)),
            _ => invalid_value(at(path)),
        };
    }
    if let Some(rest) = message.strip_prefix("invalid length ") {
        let n = rest.split(',').next().unwrap_or_default();
        return FieldIssue::new(
            at(path),
            "invalid_length",
            Text::new(
                format!("Sai số phần tử (có {n})."),
                format!("Wrong number of items ({n})."),
            ),
        );
    }
    if CHRONO.contains(&message) {
        return Expected::Date.issue(at(path));
    }
    if message.starts_with("UUID parsing failed") {
        return Expected::Uuid.issue(at(path));
    }
    // actix-router's path parameters: `can not parse "abc" to a i32`.
    if let Some(e) = message
        .strip_prefix("can not parse ")
        .and_then(|rest| rest.rsplit_once(" to a "))
        .and_then(|(_, ty)| Expected::parse(ty))
    {
        return e.issue(at(path));
    }
    match message {
        "invalid digit found in string" | "cannot parse integer from empty string" => {
            Expected::Integer {
                min: i64::MIN.into(),
                max: i64::MAX.into(),
            }
            .issue(at(path))
        }
        "number too large to fit in target type" | "number too small to fit in target type" => {
            out_of_range(at(path), None)
        }
        "invalid float literal" => Expected::Number.issue(at(path)),
        "provided string was not `true` or `false`" => Expected::Bool.issue(at(path)),
        _ => invalid_value(at(path)),
    }
}

/// Reads a JSON value into `T`, or the issue of the first field that does not fit: its
/// JSON path (the top of the value is `body`, never `""`) and what it must be.
pub fn read_value<T: serde::de::DeserializeOwned>(
    value: serde_json::Value,
) -> Result<T, FieldIssue> {
    serde_path_to_error::deserialize(value).map_err(|err| {
        let path = err.path().to_string();
        data_issue(&path, &err.into_inner().to_string())
    })
}

/// `invalid_value` with no more to say.
fn invalid_value(field: String) -> FieldIssue {
    FieldIssue::new(
        field,
        "invalid_value",
        Text::new("Giá trị không hợp lệ.", "Invalid value."),
    )
}

/// `out_of_range`, with the bounds when known.
pub fn out_of_range(field: String, bounds: Option<(i128, i128)>) -> FieldIssue {
    let text = match bounds {
        Some((min, max)) => Text::new(
            format!("Số nằm ngoài khoảng cho phép ({min} đến {max})."),
            format!("The number is out of range ({min} to {max})."),
        ),
        None => Text::new(
            "Số nằm ngoài khoảng cho phép.",
            "The number is out of range.",
        ),
    };
    FieldIssue::new(field, "out_of_range", text)
}

/// serde_json's message without its ` at line L column C` suffix.
pub(super) fn strip_position(message: &str) -> &str {
    match message.rfind(" at line ") {
        Some(i) if message[i..].contains(" column ") => &message[..i],
        _ => message,
    }
}

#[cfg(test)]
#[path = "decode_tests.rs"]
mod tests;
