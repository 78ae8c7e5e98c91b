//! Vietnamese text: what is stored (NFC, as the user wrote it) and what is matched (folded).
//!
//! Input arrives precomposed (NFC) and decomposed (NFD, e.g. from macOS). We store NFC and
//! search on a folded key: lower case, combining marks removed, đ/Đ mapped to d (they do
//! not decompose), which also merges the old and new tone placements ("hòa" / "hoà").
//! A search text is matched word by word ([`words`]): every word of it, in any order,
//! punctuation ignored ("van phong thong ke" finds "Văn phòng - Thống kê").

use unicode_normalization::{UnicodeNormalization, char::is_combining_mark};

/// The text as it is stored: NFC, trimmed of surrounding white space.
pub fn normalize(input: &str) -> String {
    input.trim().nfc().collect()
}

/// The search key of a text: lower case, no diacritics, `đ` -> `d`, white space collapsed.
///
/// The look-alike eth `Ð`/`ð` (U+00D0/U+00F0, which old Vietnamese fonts put where `Đ`
/// belongs, and which is pasted from documents typed with them) folds to `d` as well.
pub fn fold(input: &str) -> String {
    let mut out = String::with_capacity(input.len());
    let mut pending_space = false;
    for c in input.nfd() {
        if is_combining_mark(c) {
            continue;
        }
        if c.is_whitespace() {
            pending_space = !out.is_empty();
            continue;
        }
        if pending_space {
            out.push(' ');
            pending_space = false;
        }
        match c {
            'đ' | 'Đ' | 'ð' | 'Ð' => out.push('d'),
            _ => out.extend(c.to_lowercase()),
        }
    }
    out
}

/// A character that no text of this API may hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ForbiddenChar(pub char);

impl ForbiddenChar {
    /// How the character is named in an error message (`U+0000`).
    pub fn code_point(self) -> String {
        format!("U+{:04X}", self.0 as u32)
    }
}

/// The one rule for text entering the system (JSON bodies, query strings, form fields,
/// file names, CSV cells): PostgreSQL cannot store NUL, and XML 1.0 (so a DOCX) cannot hold
/// C0 control characters other than tab, line feed and carriage return, nor U+FFFE/U+FFFF.
/// Vertical tab and form feed — what Word puts for a manual line or page break when text is
/// pasted from it — become line feeds; every other control character (C0, DEL, C1) is
/// refused, which also keeps terminal escape codes out of documents.
///
/// Returns the text unchanged when it is clean (no allocation).
pub fn check_chars(input: &str) -> Result<std::borrow::Cow<'_, str>, ForbiddenChar> {
    use std::borrow::Cow;
    let bad = |c: char| {
        (c.is_control() && !matches!(c, '\t' | '\n' | '\r')) || matches!(c, '\u{FFFE}' | '\u{FFFF}')
    };
    if !input.chars().any(bad) {
        return Ok(Cow::Borrowed(input));
    }
    let mut out = String::with_capacity(input.len());
    for c in input.chars() {
        match c {
            '\u{000B}' | '\u{000C}' => out.push('\n'),
            c if bad(c) => return Err(ForbiddenChar(c)),
            c => out.push(c),
        }
    }
    Ok(Cow::Owned(out))
}

/// Applies [`check_chars`] to every string (and object key) of a JSON value, in place.
/// On a refused character, returns the JSON path of the value holding it (`items[2].note`).
pub fn check_json(value: &mut serde_json::Value) -> Result<(), (String, ForbiddenChar)> {
    fn walk(
        value: &mut serde_json::Value,
        path: &mut String,
    ) -> Result<(), (String, ForbiddenChar)> {
        use serde_json::Value;
        match value {
            Value::String(s) => match check_chars(s) {
                Ok(std::borrow::Cow::Borrowed(_)) => Ok(()),
                Ok(std::borrow::Cow::Owned(clean)) => {
                    *s = clean;
                    Ok(())
                }
                Err(bad) => Err((path.clone(), bad)),
            },
            Value::Array(items) => {
                for (i, item) in items.iter_mut().enumerate() {
                    let len = path.len();
                    path.push_str(&format!("[{i}]"));
                    walk(item, path)?;
                    path.truncate(len);
                }
                Ok(())
            }
            Value::Object(map) => {
                if let Some(bad) = map.keys().find_map(|k| check_chars(k).err()) {
                    return Err((
                        if path.is_empty() {
                            "body".into()
                        } else {
                            path.clone()
                        },
                        bad,
                    ));
                }
                for (key, item) in map.iter_mut() {
                    let len = path.len();
                    if !path.is_empty() {
                        path.push('.');
                    }
                    path.push_str(key);
                    walk(item, path)?;
                    path.truncate(len);
                }
                Ok(())
            }
            _ => Ok(()),
        }
    }
    walk(value, &mut String::new())
}

/// The 422 issue for a refused character in `field`.
pub fn forbidden_char_issue(field: &str, bad: ForbiddenChar) -> crate::error::FieldIssue {
    let cp = bad.code_point();
    crate::error::FieldIssue::new(
        if field.is_empty() { "body" } else { field },
        "invalid_character",
        crate::error::Text::new(
            format!("Chứa ký tự điều khiển {cp}, không được phép trong văn bản."),
            format!("Holds the control character {cp}, which text may not contain."),
        ),
    )
}

/// Longest accepted search text, in characters.
pub const MAX_QUERY_CHARS: usize = 200;

/// Refuses a search text longer than [`MAX_QUERY_CHARS`] (400 `invalid_query`).
pub fn check_query(q: &str) -> Result<(), crate::error::ApiError> {
    if q.chars().count() <= MAX_QUERY_CHARS {
        return Ok(());
    }
    Err(
        crate::error::ApiError::new(crate::error::ErrorKind::InvalidQuery).with_errors(vec![
            crate::error::FieldIssue::too_long("q", MAX_QUERY_CHARS),
        ]),
    )
}

/// The words of a search text: folded ([`fold`]), split on every character that is not a
/// letter or digit (so punctuation and white space only separate words), empty pieces
/// dropped, repeats kept once, in the order typed. `"Văn phòng - Thống kê"` gives
/// `["van", "phong", "thong", "ke"]`.
pub fn words(query: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for word in fold(query).split(|c: char| !c.is_alphanumeric()) {
        if !word.is_empty() && !out.iter().any(|w| w == word) {
            out.push(word.to_owned());
        }
    }
    out
}

/// Narrows `select` to the rows whose folded search `key` holds every word of `q`
/// ([`words`]) somewhere, in any order: one `key LIKE '%word%'` per word, ANDed
/// (Vietnamese-aware: "van phong thong ke" finds "Văn phòng - Thống kê"). An absent or
/// blank `q`, or one of punctuation only, narrows nothing; one over [`MAX_QUERY_CHARS`] is
/// 400 `invalid_query`.
pub fn matching<E: sea_orm::EntityTrait>(
    select: sea_orm::Select<E>,
    key: E::Column,
    q: Option<&str>,
) -> Result<sea_orm::Select<E>, crate::error::ApiError> {
    let Some(q) = q.filter(|q| !q.trim().is_empty()) else {
        return Ok(select);
    };
    check_query(q)?;
    Ok(matching_words(select, key, &words(q)))
}

/// Narrows `select` to the rows whose folded `key` holds each of `words` (already folded,
/// as [`words`] gives them); no words narrows nothing.
pub fn matching_words<E: sea_orm::EntityTrait>(
    mut select: sea_orm::Select<E>,
    key: E::Column,
    words: &[String],
) -> sea_orm::Select<E> {
    use sea_orm::{ColumnTrait, QueryFilter};
    for word in words {
        let pattern = sea_orm::sea_query::LikeExpr::new(like_contains(word)).escape('\\');
        select = select.filter(key.like(pattern));
    }
    select
}

/// `%text%` with the `LIKE` metacharacters `%`, `_` and `\` of `text` escaped (escape
/// character `\`); `text` is used as is (already folded).
fn like_contains(text: &str) -> String {
    let mut pattern = String::from("%");
    for c in text.chars() {
        if matches!(c, '%' | '_' | '\\') {
            pattern.push('\\');
        }
        pattern.push(c);
    }
    pattern.push('%');
    pattern
}

/// A `LIKE` pattern that finds the whole of `query`, folded, anywhere in a folded key
/// (`%`, `_`, `\` escaped): a substring match, for names matched as one piece.
pub fn contains_pattern(query: &str) -> String {
    like_contains(&fold(query))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn control_characters_are_refused_or_normalised() {
        assert_eq!(
            check_chars("Văn phòng\tA\r\nB").as_deref(),
            Ok("Văn phòng\tA\r\nB")
        );
        assert_eq!(
            check_chars("dòng 1\u{000B}dòng 2").as_deref(),
            Ok("dòng 1\ndòng 2")
        );
        assert_eq!(check_chars("a\u{0000}b"), Err(ForbiddenChar('\u{0000}')));
        assert_eq!(check_chars("\u{001B}[31m"), Err(ForbiddenChar('\u{001B}')));
        assert_eq!(check_chars("\u{009B}"), Err(ForbiddenChar('\u{009B}')));
        let mut v = serde_json::json!({"items": [{"note": "ok"}, {"note": "x\u{0000}"}]});
        assert_eq!(
            check_json(&mut v).map_err(|e| e.0),
            Err("items[1].note".to_owned())
        );
        let mut v = serde_json::json!({"title": "a\u{000C}b"});
        assert_eq!(check_json(&mut v), Ok(()));
        assert_eq!(v["title"], "a\nb");
    }

    #[test]
    fn folding_drops_diacritics_case_and_maps_d() {
        assert_eq!(fold("Hà Nội"), "ha noi");
        assert_eq!(fold("Văn phòng - Thống kê"), "van phong - thong ke");
        assert_eq!(fold("ĐẮK LẮK"), "dak lak");
        assert_eq!(fold("  Lê   Văn\tVũ "), "le van vu");
    }

    #[test]
    fn old_and_new_tone_placement_fold_alike() {
        assert_eq!(fold("hoà"), fold("hòa"));
        assert_eq!(fold("Thuỷ"), fold("Thủy"));
    }

    #[test]
    fn decomposed_input_is_stored_precomposed() {
        let nfd = "Ho\u{0300}a Ta\u{0302}n Ta\u{0302}y";
        assert_eq!(normalize(nfd), "Hòa Tân Tây");
        assert_eq!(fold(nfd), "hoa tan tay");
    }

    #[test]
    fn the_look_alike_eth_folds_like_d() {
        // U+00D0 / U+00F0, pasted from documents typed in old fonts.
        assert_eq!(fold("\u{00D0}ồng Xuân"), "dong xuan");
        assert_eq!(fold("Hòa \u{00F0}ồng"), fold("Hòa Đồng"));
        assert_eq!(fold("\u{00D0}\u{00F0}Đđ"), "dddd");
        assert_eq!(words("\u{00D0}ỒNG"), ["dong"]);
    }

    #[test]
    fn a_query_is_its_folded_words_punctuation_ignored() {
        assert_eq!(
            words("Văn phòng - Thống kê"),
            ["van", "phong", "thong", "ke"]
        );
        assert_eq!(
            words("  hội-nghị, (chỉ số) CCHC!! "),
            ["hoi", "nghi", "chi", "so", "cchc"]
        );
        assert_eq!(words("01/KH-UBND"), ["01", "kh", "ubnd"]);
        assert_eq!(words("ke ke KÊ"), ["ke"], "a repeated word is matched once");
        assert!(words(" - / %_ ").is_empty());
        assert!(words("").is_empty());
    }

    #[test]
    fn like_wildcards_in_queries_are_escaped() {
        assert_eq!(contains_pattern("50%_x"), "%50\\%\\_x%");
        assert_eq!(like_contains("a\\b"), "%a\\\\b%");
    }

    proptest! {
        #[test]
        fn folding_is_idempotent(s in "\\PC{0,40}") {
            let once = fold(&s);
            prop_assert_eq!(fold(&once), once.clone());
        }

        #[test]
        fn folding_ignores_normalization_form(s in "\\PC{0,40}") {
            let nfc: String = s.nfc().collect();
            let nfd: String = s.nfd().collect();
            prop_assert_eq!(fold(&nfc), fold(&nfd));
        }

        #[test]
        fn query_words_are_letters_and_digits_of_the_key(s in "\\PC{0,40}") {
            // Typed back, a text finds its own key; no word holds a LIKE metacharacter.
            let key = fold(&s.nfd().collect::<String>());
            for word in words(&s) {
                prop_assert!(!word.is_empty() && word.chars().all(char::is_alphanumeric));
                prop_assert!(key.contains(&word), "{word:?} not in {key:?}");
            }
        }
    }
}
