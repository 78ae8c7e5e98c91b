//! Vietnamese text: what is stored (NFC, as the user wrote it) and what is matched (folded).
//!
//! Input arrives precomposed (NFC) and decomposed (NFD, e.g. from macOS). We store NFC and
//! search on a folded key: lower case, combining marks removed, đ/Đ mapped to d (they do
//! not decompose), which also merges the old and new tone placements ("hòa" / "hoà").

use unicode_normalization::{UnicodeNormalization, char::is_combining_mark};

/// The text as it is stored: NFC, trimmed of surrounding white space.
pub fn normalize(input: &str) -> String {
    input.trim().nfc().collect()
}

/// The search key of a text: lower case, no diacritics, `đ` -> `d`, white space collapsed.
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
            'đ' | 'Đ' => out.push('d'),
            _ => out.extend(c.to_lowercase()),
        }
    }
    out
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

/// A `LIKE` pattern that finds `query` anywhere in a folded key (`%`, `_`, `\` escaped).
pub fn contains_pattern(query: &str) -> String {
    let mut pattern = String::from("%");
    for c in fold(query).chars() {
        if matches!(c, '%' | '_' | '\\') {
            pattern.push('\\');
        }
        pattern.push(c);
    }
    pattern.push('%');
    pattern
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

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
    fn like_wildcards_in_queries_are_escaped() {
        assert_eq!(contains_pattern("50%_x"), "%50\\%\\_x%");
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
    }
}
