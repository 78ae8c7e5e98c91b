//! Reading the records of a dossier batch: each array item or NDJSON line becomes a
//! dossier, or is refused on its own with problems that name its fields.

use cchc_sdk::types::portal::DossierIn;

use crate::domain::text;
use crate::error::{FieldIssue, Text, decode};

/// A record of a batch as read: parsed, or refused before its checks.
pub type Record = Result<DossierIn, Unread>;

/// A record refused as read: the dossier code it carries (when it has a readable one) and
/// its problems, each naming the record's field (`received_date`, `code`), or `record`
/// when the record as a whole is not a JSON object. Rendered in the caller's language.
#[derive(Debug)]
pub struct Unread {
    /// The record's `code`, if it is a string.
    pub code: Option<String>,
    /// What is wrong, field by field.
    pub issues: Vec<FieldIssue>,
}

/// Reads one record of a batch (an array item or an NDJSON line) into a dossier: the one
/// text rule first (a refused character rejects this record only), then the typed read,
/// whose failure names the field and says what it must be (a date as `YYYY-MM-DD` …).
pub fn read_record(mut value: serde_json::Value) -> Record {
    let code = value
        .get("code")
        .and_then(|c| c.as_str())
        .map(str::to_owned);
    if !value.is_object() {
        return Err(Unread {
            code: None,
            issues: vec![FieldIssue::new(
                "record",
                "invalid_record",
                Text::new(
                    "Mỗi hồ sơ phải là một đối tượng JSON.",
                    "Each record must be a JSON object.",
                ),
            )],
        });
    }
    if let Err((field, bad)) = text::check_json(&mut value) {
        return Err(Unread {
            code: code.filter(|c| text::check_chars(c).is_ok()),
            issues: vec![text::forbidden_char_issue(&field, bad)],
        });
    }
    decode::read_value::<DossierIn>(value).map_err(|issue| Unread {
        code,
        issues: vec![issue],
    })
}

/// Reads one record from its JSON text (an array item or an NDJSON line). A record in
/// plain ASCII with no escape (most of what a portal sends: codes, dates, names of
/// states) holds no character the text rule refuses or rewrites, so it is read straight
/// into a dossier; any other record, or one that does not read, goes through
/// [`read_record`], which says what is wrong. Errors: the text is not JSON.
pub fn read_raw(raw: &str) -> Result<Record, serde_json::Error> {
    let plain = raw.bytes().all(|b| b.is_ascii() && b != b'\\' && b != 0x7F);
    if plain && let Ok(dossier) = serde_json::from_str::<DossierIn>(raw) {
        return Ok(Ok(dossier));
    }
    serde_json::from_str::<serde_json::Value>(raw).map(read_record)
}

/// A record (an NDJSON line) that is not JSON at all: where and why, in words.
pub fn unparsable(err: &serde_json::Error) -> Unread {
    Unread {
        code: None,
        issues: vec![FieldIssue::new(
            "record",
            "invalid_record",
            decode::syntax(err),
        )],
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What the fast path answers, as codes of problems or the dossier read.
    fn both(raw: &str) -> (String, String) {
        let summary = |r: Record| match r {
            Ok(d) => format!("{d:?}"),
            Err(u) => format!(
                "{:?} {:?}",
                u.code,
                u.issues.iter().map(|i| i.code).collect::<Vec<_>>()
            ),
        };
        let fast = read_raw(raw).map(summary).unwrap_or_else(|e| e.to_string());
        let slow = serde_json::from_str::<serde_json::Value>(raw)
            .map(|v| summary(read_record(v)))
            .unwrap_or_else(|e| e.to_string());
        (fast, slow)
    }

    #[test]
    fn the_straight_read_answers_as_the_checked_one() {
        let ok = r#"{"code":"H1","procedure_code":"1.001","unit_code":"22081","received_date":"2024-03-01","due_date":"2024-03-05","status":"received","channel":"in_person"}"#;
        for raw in [
            ok.to_owned(),
            ok.replace("H1", "H\\u0007"),
            ok.replace("H1", "H\u{7f}"),
            ok.replace("H1", "Hồ sơ"),
            ok.replace("H1", "H\\u000b"),
            ok.replace("2024-03-01", "2024-13-01"),
            ok.replace("\"code\":\"H1\",", "\"code\":\"H1\",\"code\":\"H2\","),
            ok.replace("}", ",\"extra\":\"x\\u0001\"}"),
            "[1]".to_owned(),
            "\"x\"".to_owned(),
        ] {
            let (fast, slow) = both(&raw);
            assert_eq!(fast, slow, "{raw}");
        }
        assert!(both(ok).0.starts_with("DossierIn"));
    }
}
