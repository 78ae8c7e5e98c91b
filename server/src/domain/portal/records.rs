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
