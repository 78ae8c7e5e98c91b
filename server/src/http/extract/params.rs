//! Which query or path parameter a failed read was about.
//!
//! actix reads `?limit=abc` with serde_urlencoded and `/plans/{id}` with its own path
//! deserializer; neither error names the parameter (`invalid digit found in string`), and
//! the error handler does not know the Rust type that was read. The spec does: each
//! documented operation lists its parameters with their JSON Schema (`integer`/`int64`,
//! `string`/`date`, `uuid`, `boolean`). So the request's parameters are checked against
//! the operation's, the way serde would read them, and the first that does not fit is the
//! one named — with a message saying what it should be.

use std::sync::OnceLock;

use chrono::NaiveDate;
use serde_json::Value;

use crate::error::FieldIssue;
use crate::error::decode::{Expected, out_of_range};

/// One documented parameter and what its value must be.
struct Param {
    name: String,
    location: String,
    expected: Expected,
}

/// One documented operation.
struct Operation {
    path: actix_web::dev::ResourceDef,
    method: String,
    params: Vec<Param>,
}

/// What a parameter schema asks for, as serde would read it from text; `None` for text
/// (and enumerations, which the `query_text` middleware checks against the spec's list).
fn expected(schema: &Value) -> Option<Expected> {
    let ty = match &schema["type"] {
        Value::String(t) => t.as_str(),
        Value::Array(types) => types
            .iter()
            .filter_map(Value::as_str)
            .find(|t| *t != "null")?,
        _ => return None,
    };
    let format = schema["format"].as_str().unwrap_or_default();
    let found = match (ty, format) {
        ("integer", _) => {
            let unsigned = schema["minimum"].as_f64() == Some(0.0) || format.starts_with('u');
            let (min, max): (i128, i128) = match (format, unsigned) {
                ("int32", false) => (i32::MIN.into(), i32::MAX.into()),
                ("int32" | "uint32", true) => (0, u32::MAX.into()),
                (_, true) => (0, u64::MAX.into()),
                _ => (i64::MIN.into(), i64::MAX.into()),
            };
            Expected::Integer { min, max }
        }
        ("number", _) => Expected::Number,
        ("boolean", _) => Expected::Bool,
        ("string", "date") => Expected::Date,
        ("string", "date-time") => Expected::DateTime,
        ("string", "uuid") => Expected::Uuid,
        _ => return None,
    };
    Some(found)
}

fn operations() -> &'static [Operation] {
    static OPS: OnceLock<Vec<Operation>> = OnceLock::new();
    OPS.get_or_init(|| {
        let api = serde_json::to_value(crate::openapi()).unwrap_or_default();
        let mut ops = Vec::new();
        for (path, item) in api["paths"].as_object().into_iter().flatten() {
            for (method, op) in item.as_object().into_iter().flatten() {
                let params = op["parameters"]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .filter_map(|p| {
                        Some(Param {
                            name: p["name"].as_str()?.to_owned(),
                            location: p["in"].as_str()?.to_owned(),
                            expected: expected(&p["schema"])?,
                        })
                    })
                    .collect();
                ops.push(Operation {
                    path: actix_web::dev::ResourceDef::new(path.as_str()),
                    method: method.to_ascii_uppercase(),
                    params,
                });
            }
        }
        ops
    })
}

/// Whether serde would read `value` as `expected` (`None`), or the issue of `name` if not.
fn check_value(name: &str, value: &str, expected: Expected) -> Option<FieldIssue> {
    let fits = match expected {
        Expected::Integer { min, max } => match value.parse::<i128>() {
            Ok(n) if n < min || n > max => {
                return Some(out_of_range(name.to_owned(), Some((min, max))));
            }
            Ok(_) => true,
            Err(_) => false,
        },
        Expected::Number => value.parse::<f64>().is_ok(),
        Expected::Bool => matches!(value, "true" | "false"),
        Expected::Date => value.parse::<NaiveDate>().is_ok(),
        Expected::DateTime => value.parse::<chrono::DateTime<chrono::Utc>>().is_ok(),
        Expected::Uuid => uuid::Uuid::parse_str(value).is_ok(),
        Expected::String | Expected::Array | Expected::Object | Expected::Null => true,
    };
    (!fits).then(|| expected.issue(name))
}

/// The first of `pairs` (name, value) given in `location` (`query` or `path`) whose value
/// does not fit the spec's schema for it, on the operation `method` `path`.
pub fn first_bad(
    method: &str,
    path: &str,
    location: &str,
    pairs: &[(String, String)],
) -> Option<FieldIssue> {
    let op = operations()
        .iter()
        .find(|o| o.method == method && o.path.is_match(path))?;
    pairs.iter().find_map(|(name, value)| {
        let param = op
            .params
            .iter()
            .find(|p| p.location == location && p.name == *name)?;
        check_value(name, value, param.expected)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
        list.iter()
            .map(|(n, v)| ((*n).to_owned(), (*v).to_owned()))
            .collect()
    }

    #[test]
    fn the_parameter_that_does_not_fit_is_named() {
        let bad = first_bad(
            "GET",
            "/api/v1/plans",
            "query",
            &pairs(&[("q", "abc"), ("year", "2024"), ("limit", "abc")]),
        );
        assert_eq!(
            bad.map(|i| (i.field, i.code)),
            Some(("limit".into(), "invalid_type"))
        );
        let bad = first_bad(
            "GET",
            "/api/v1/plans",
            "query",
            &pairs(&[("issued_from", "15/04/2024")]),
        );
        assert_eq!(bad.map(|i| i.code), Some("invalid_format"));
        let fine = first_bad(
            "GET",
            "/api/v1/plans",
            "query",
            &pairs(&[("limit", "10"), ("issued_from", "2024-04-15")]),
        );
        assert!(fine.is_none());
    }

    #[test]
    fn path_parameters_are_named_too() {
        let bad = first_bad("GET", "/api/v1/units/xyz", "path", &pairs(&[("id", "xyz")]));
        assert_eq!(bad.map(|i| i.field), Some("id".into()));
    }
}
