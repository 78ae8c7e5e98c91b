//! The one validator of request bodies: each JSON body is checked against the very schema
//! the OpenAPI document shows for it (`components.schemas.<Name>`, from the SDK's wire
//! types), before it is read into its Rust type. A limit the spec states — `maxLength`,
//! `maxItems`, `minimum`/`maximum`, `enum`, `pattern`, required fields — is therefore a
//! limit the server enforces; the two cannot drift apart.
//!
//! Each refusal becomes a 422 field issue: the field as a JSON path (`items[2].note`) and a
//! stable code (`too_long`, `too_many`, `out_of_range`, `invalid_value`, `invalid_type`,
//! `invalid_format`, `required`, `unknown_field`).

use std::collections::HashMap;
use std::sync::{Arc, OnceLock, RwLock};

use jsonschema::error::ValidationErrorKind;
use serde_json::{Value, json};

use crate::error::{FieldIssue, Text};

/// The schemas of the OpenAPI document, as one JSON tree `$ref`s resolve against.
fn components() -> &'static Value {
    static TREE: OnceLock<Value> = OnceLock::new();
    TREE.get_or_init(|| {
        let components = serde_json::to_value(crate::openapi().components).unwrap_or_default();
        json!({ "components": components })
    })
}

/// The compiled validator of the component schema `name`, built on first use.
fn validator(name: &str) -> Option<Arc<jsonschema::Validator>> {
    static CACHE: OnceLock<RwLock<HashMap<String, Option<Arc<jsonschema::Validator>>>>> =
        OnceLock::new();
    let cache = CACHE.get_or_init(Default::default);
    if let Some(found) = cache.read().ok().and_then(|c| c.get(name).cloned()) {
        return found;
    }
    let mut root = components().clone();
    let known = root["components"]["schemas"].get(name).is_some();
    let built = known
        .then(|| {
            root["$ref"] = json!(format!("#/components/schemas/{name}"));
            jsonschema::options()
                .with_draft(jsonschema::Draft::Draft202012)
                .build(&root)
                .map_err(|e| tracing::error!(schema = name, error = %e, "schema does not compile"))
                .ok()
                .map(Arc::new)
        })
        .flatten();
    if let Ok(mut c) = cache.write() {
        c.insert(name.to_owned(), built.clone());
    }
    built
}

/// Checks `body` against the spec's schema `name`; every refusal as a field issue (at most
/// 20). A name the document does not hold checks nothing (the typed read still does).
pub fn check(name: &str, body: &Value) -> Result<(), Vec<FieldIssue>> {
    let Some(validator) = validator(name) else {
        return Ok(());
    };
    let issues: Vec<FieldIssue> = validator
        .iter_errors(body)
        .take(20)
        .map(|e| issue(&e.instance_path().to_string(), e.kind()))
        .collect();
    if issues.is_empty() {
        Ok(())
    } else {
        Err(issues)
    }
}

/// A JSON pointer (`/items/2/note`) as the API's field path (`items[2].note`).
fn field_path(pointer: &str) -> String {
    let mut out = String::new();
    for part in pointer.split('/').skip(1) {
        let part = part.replace("~1", "/").replace("~0", "~");
        if !part.is_empty() && part.bytes().all(|b| b.is_ascii_digit()) {
            out.push_str(&format!("[{part}]"));
        } else {
            if !out.is_empty() {
                out.push('.');
            }
            out.push_str(&part);
        }
    }
    out
}

fn issue(pointer: &str, kind: &ValidationErrorKind) -> FieldIssue {
    let at = field_path(pointer);
    let join = |name: &str| {
        if at.is_empty() {
            name.to_owned()
        } else {
            format!("{at}.{name}")
        }
    };
    let field = if at.is_empty() {
        "body".to_owned()
    } else {
        at.clone()
    };
    match kind {
        ValidationErrorKind::MaxLength { limit } => FieldIssue::too_long(field, *limit as usize),
        ValidationErrorKind::MinLength { limit } if *limit <= 1 => FieldIssue::required(field),
        ValidationErrorKind::MinLength { limit } => FieldIssue::new(
            field,
            "too_short",
            Text::new(
                format!("Ít nhất {limit} ký tự."),
                format!("At least {limit} characters."),
            ),
        ),
        ValidationErrorKind::MaxItems { limit } => FieldIssue::new(
            field,
            "too_many",
            Text::new(
                format!("Tối đa {limit} mục."),
                format!("At most {limit} items."),
            ),
        ),
        ValidationErrorKind::MinItems { limit } => FieldIssue::new(
            field,
            "too_few",
            Text::new(
                format!("Ít nhất {limit} mục."),
                format!("At least {limit} items."),
            ),
        ),
        ValidationErrorKind::Maximum { limit }
        | ValidationErrorKind::ExclusiveMaximum { limit } => FieldIssue::new(
            field,
            "out_of_range",
            Text::new(
                format!("Không được lớn hơn {limit}."),
                format!("At most {limit}."),
            ),
        ),
        ValidationErrorKind::Minimum { limit }
        | ValidationErrorKind::ExclusiveMinimum { limit } => FieldIssue::new(
            field,
            "out_of_range",
            Text::new(
                format!("Không được nhỏ hơn {limit}."),
                format!("At least {limit}."),
            ),
        ),
        ValidationErrorKind::Required { property } => {
            FieldIssue::required(join(property.as_str().unwrap_or_default()))
        }
        ValidationErrorKind::AdditionalProperties { unexpected }
        | ValidationErrorKind::UnevaluatedProperties { unexpected } => FieldIssue::new(
            join(unexpected.first().map(String::as_str).unwrap_or_default()),
            "unknown_field",
            Text::new("Trường không được hỗ trợ.", "Unknown field."),
        ),
        ValidationErrorKind::Enum { options } => FieldIssue::new(
            field,
            "invalid_value",
            Text::new(
                format!("Phải là một trong {options}."),
                format!("Must be one of {options}."),
            ),
        ),
        ValidationErrorKind::Format { format } if format == "date" => {
            FieldIssue::new(field, "invalid_format", crate::error::decode::date_text())
        }
        ValidationErrorKind::Pattern { .. } | ValidationErrorKind::Format { .. } => {
            FieldIssue::new(
                field,
                "invalid_format",
                Text::new("Sai định dạng.", "Wrong format."),
            )
        }
        ValidationErrorKind::Type { kind } => {
            let ty = match kind {
                jsonschema::error::TypeKind::Single(t) => Some(t.as_str()),
                jsonschema::error::TypeKind::Multiple(set) => {
                    set.iter().map(|t| t.as_str()).find(|t| *t != "null")
                }
            };
            let said = ty.and_then(crate::error::decode::Expected::parse);
            FieldIssue::new(
                field,
                "invalid_type",
                said.map_or_else(
                    || Text::new("Sai kiểu dữ liệu.", "Wrong type."),
                    |e| e.text(),
                ),
            )
        }
        _ => FieldIssue::new(
            field,
            "invalid_value",
            Text::new("Giá trị không hợp lệ.", "Invalid value."),
        ),
    }
}

/// The values each enumerated query parameter may take, per documented operation.
struct QueryRule {
    path: actix_web::dev::ResourceDef,
    method: String,
    enums: Vec<(String, Vec<String>)>,
}

fn query_rules() -> &'static [QueryRule] {
    static RULES: OnceLock<Vec<QueryRule>> = OnceLock::new();
    RULES.get_or_init(|| {
        let api = serde_json::to_value(crate::openapi()).unwrap_or_default();
        let schemas = &api["components"]["schemas"];
        let resolve = |schema: &Value| -> Option<Vec<String>> {
            let schema = match schema["$ref"].as_str() {
                Some(r) => schemas.get(r.rsplit('/').next()?)?,
                None => schema,
            };
            let values = schema["enum"].as_array()?;
            Some(
                values
                    .iter()
                    .filter_map(|v| v.as_str().map(str::to_owned))
                    .collect(),
            )
        };
        let mut rules = Vec::new();
        for (path, item) in api["paths"].as_object().into_iter().flatten() {
            for (method, op) in item.as_object().into_iter().flatten() {
                let enums: Vec<(String, Vec<String>)> = op["parameters"]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .filter(|p| p["in"] == "query")
                    .filter_map(|p| Some((p["name"].as_str()?.to_owned(), resolve(&p["schema"])?)))
                    .collect();
                if !enums.is_empty() {
                    rules.push(QueryRule {
                        path: actix_web::dev::ResourceDef::new(path.as_str()),
                        method: method.to_ascii_uppercase(),
                        enums,
                    });
                }
            }
        }
        rules
    })
}

/// Checks the enumerated query parameters of a request against the values the spec lists
/// for them (`status=done`, `sort=due_date`): the server reads no value the document does
/// not name, whatever the Rust enum would tolerate. The first offender as a field issue.
pub fn check_query(method: &str, path: &str, pairs: &[(String, String)]) -> Result<(), FieldIssue> {
    let Some(rule) = query_rules()
        .iter()
        .find(|r| r.method == method && r.path.is_match(path))
    else {
        return Ok(());
    };
    for (name, value) in pairs {
        if let Some((_, allowed)) = rule.enums.iter().find(|(n, _)| n == name)
            && !allowed.contains(value)
        {
            let list = allowed.join(", ");
            return Err(FieldIssue::new(
                name.clone(),
                "invalid_value",
                Text::new(
                    format!("Phải là một trong: {list}."),
                    format!("Must be one of: {list}."),
                ),
            ));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pointers_become_field_paths() {
        assert_eq!(field_path(""), "");
        assert_eq!(field_path("/name"), "name");
        assert_eq!(field_path("/items/2/note"), "items[2].note");
        assert_eq!(field_path("/a~1b"), "a/b");
    }

    #[test]
    fn the_spec_limits_are_the_servers_limits() {
        let unit = Uuid::nil();
        // 21 supporting departments where the spec says at most 20.
        let ids: Vec<String> = (0..21).map(|_| unit.to_string()).collect();
        let body = json!({
            "unit_id": unit, "title": "Việc", "lead_department_id": unit,
            "supporting_department_ids": ids,
        });
        let issues = check("TaskIn", &body).err().unwrap_or_default();
        assert!(
            issues
                .iter()
                .any(|i| i.field == "supporting_department_ids" && i.code == "too_many"),
            "{issues:?}"
        );
    }

    use uuid::Uuid;

    #[test]
    fn query_enums_are_the_specs() {
        let pairs = |v: &str| vec![("status".to_owned(), v.to_owned())];
        assert!(check_query("GET", "/api/v1/tasks", &pairs("done")).is_ok());
        let bad = check_query("GET", "/api/v1/tasks", &pairs("unknown")).err();
        assert_eq!(
            bad.map(|i| (i.field, i.code)),
            Some(("status".to_owned(), "invalid_value"))
        );
    }
}
