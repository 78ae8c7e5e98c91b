use serde::Deserialize;

use super::*;
use crate::error::Lang;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)] // read only to make serde fail
struct Item {
    code: String,
    count: i64,
    small: Option<u8>,
    due: Option<chrono::NaiveDate>,
    id: Option<uuid::Uuid>,
    flag: Option<bool>,
    tags: Option<Vec<String>>,
    kind: Option<Kind>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "snake_case")]
enum Kind {
    Annual,
    Thematic,
}

/// Reads `json` as an `Item` and returns the issue for its failure.
fn issue(json: &str) -> FieldIssue {
    let mut de = serde_json::Deserializer::from_str(json);
    let err = serde_path_to_error::deserialize::<_, Item>(&mut de)
        .err()
        .map(|e| (e.path().to_string(), e.into_inner().to_string()));
    let (path, message) = err.unwrap_or_default();
    data_issue(&path, &message)
}

const RUST_WORDS: &[&str] = &[
    "i64",
    "u8",
    "u64",
    "NaiveDate",
    "Uuid",
    "struct ",
    "line 1",
    "column",
];

fn both(issue: &FieldIssue) -> String {
    let text = format!(
        "{} | {}",
        issue.message.get(Lang::Vi),
        issue.message.get(Lang::En)
    );
    for word in RUST_WORDS {
        assert!(!text.contains(word), "{word} in {text}");
    }
    text
}

#[test]
fn a_missing_field_is_named_in_both_languages() {
    let i = issue(r#"{"count": 1}"#);
    assert_eq!((i.field.as_str(), i.code), ("code", "required"));
    let text = both(&i);
    assert!(text.contains("Thiếu trường bắt buộc `code`"), "{text}");
    assert!(text.contains("Field `code` is required"), "{text}");
}

#[test]
fn wrong_types_say_the_json_type_in_words() {
    let i = issue(r#"{"code": "a", "count": "many"}"#);
    assert_eq!((i.field.as_str(), i.code), ("count", "invalid_type"));
    let text = both(&i);
    assert!(
        text.contains("số nguyên") && text.contains("integer"),
        "{text}"
    );
    assert!(text.contains("Got a string"), "{text}");
    let i = issue(r#"{"code": 5, "count": 1}"#);
    assert!(both(&i).contains("Must be a string"));
    let i = issue(r#"{"code": "a", "count": 1, "flag": "yes"}"#);
    assert!(both(&i).contains("true or false"));
    let i = issue(r#"{"code": "a", "count": 1, "tags": "x"}"#);
    assert!(both(&i).contains("array"));
    let i = issue(r#""x""#);
    assert_eq!(i.field, "body");
    assert!(both(&i).contains("JSON object"));
}

#[test]
fn dates_uuids_and_ranges_are_explained() {
    for bad in [
        r#""2024-13-01""#,
        r#""15/04/2024""#,
        r#""2024-04""#,
        "20240415",
    ] {
        let i = issue(&format!(r#"{{"code": "a", "count": 1, "due": {bad}}}"#));
        assert_eq!(i.field, "due");
        assert!(both(&i).contains("YYYY-MM-DD"), "{bad}: {i:?}");
    }
    let i = issue(r#"{"code": "a", "count": 1, "id": "xyz"}"#);
    assert_eq!((i.field.as_str(), i.code), ("id", "invalid_format"));
    assert!(both(&i).contains("UUID"));
    let i = issue(r#"{"code": "a", "count": 1, "small": 300}"#);
    assert_eq!((i.field.as_str(), i.code), ("small", "out_of_range"));
    assert!(both(&i).contains("0 to 255"));
}

#[test]
fn unknown_fields_and_values_list_what_is_allowed() {
    let i = issue(r#"{"code": "a", "count": 1, "colour": 1}"#);
    assert_eq!((i.field.as_str(), i.code), ("colour", "unknown_field"));
    assert!(both(&i).contains("Known fields: code, count"));
    let i = issue(r#"{"code": "a", "count": 1, "kind": "yearly"}"#);
    assert_eq!((i.field.as_str(), i.code), ("kind", "invalid_value"));
    let text = both(&i);
    assert!(text.contains("annual, thematic"), "{text}");
}

#[test]
fn query_and_path_parse_failures_are_classified() {
    let i = data_issue("limit", "invalid digit found in string");
    assert_eq!((i.field.as_str(), i.code), ("limit", "invalid_type"));
    assert!(
        data_issue("x", "premature end of input")
            .message
            .get(Lang::En)
            .contains("YYYY-MM-DD")
    );
    assert_eq!(
        data_issue("x", "number too large to fit in target type").code,
        "out_of_range"
    );
    assert_eq!(
        data_issue("x", "provided string was not `true` or `false`").code,
        "invalid_type"
    );
}

#[test]
fn syntax_errors_say_where_in_words() {
    let err = serde_json::from_str::<serde_json::Value>("{\n  \"a\": 1,\n  b: 2\n}")
        .err()
        .map(|e| syntax(&e));
    let text = err.map(|t| format!("{} | {}", t.get(Lang::Vi), t.get(Lang::En)));
    let text = text.unwrap_or_default();
    assert!(
        text.contains("dòng 3, cột 3") && text.contains("line 3, column 3"),
        "{text}"
    );
    assert!(!text.contains("line 3 column 3"), "{text}");
    let empty = serde_json::from_str::<serde_json::Value>("")
        .err()
        .map(|e| syntax(&e));
    assert!(empty.is_some_and(|t| t.get(Lang::En).contains("empty")));
}
