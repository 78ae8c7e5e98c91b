//! Answers that are files to save: the `Content-Disposition` header every download carries,
//! and CSV sheets as Excel opens them.
//!
//! A file name travels twice (RFC 6266 §4.3): `filename="…"` is an ASCII fallback that
//! every client understands (Vietnamese folded: "Báo cáo" -> "Bao cao"), and
//! `filename*=UTF-8''…` carries the real name percent-encoded per RFC 8187 §3.2, which
//! browsers, curl (`-J`) and HTTP libraries prefer when present.
//!
//! CSV sheets start with a UTF-8 byte order mark: Excel on Windows reads a CSV file without
//! one in the machine's ANSI code page (Windows-1258 in Vietnam) and garbles the diacritics.

use actix_web::HttpResponse;
use actix_web::http::header::{self, HeaderValue};
use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};
use unicode_normalization::{UnicodeNormalization, char::is_combining_mark};

/// The UTF-8 encoding of U+FEFF, the byte order mark Excel looks for.
pub const UTF8_BOM: &[u8] = b"\xEF\xBB\xBF";

/// The media type of CSV downloads (RFC 4180 §3 with the charset stated).
pub const CSV_TYPE: &str = "text/csv; charset=utf-8";

/// What `value-chars` of RFC 8187 §3.2.1 leaves as it is: `attr-char` is ALPHA / DIGIT /
/// "!" / "#" / "$" / "&" / "+" / "-" / "." / "^" / "_" / "`" / "|" / "~"; every other
/// byte is written `%XX`.
const NOT_ATTR_CHAR: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'!')
    .remove(b'#')
    .remove(b'$')
    .remove(b'&')
    .remove(b'+')
    .remove(b'-')
    .remove(b'.')
    .remove(b'^')
    .remove(b'_')
    .remove(b'`')
    .remove(b'|')
    .remove(b'~');

/// The name used when nothing of a name is left (`"   "`, `"///"`).
const UNNAMED: &str = "tep";

/// `body` with the UTF-8 byte order mark in front (once: a body that has it is unchanged).
pub fn with_bom(mut body: Vec<u8>) -> Vec<u8> {
    if !body.starts_with(UTF8_BOM) {
        body.splice(0..0, UTF8_BOM.iter().copied());
    }
    body
}

/// A CSV sheet as a download named `name`: `text/csv; charset=utf-8`, the byte order mark
/// in front of `body` (see the module), and [`attachment`] naming it.
pub fn csv(body: Vec<u8>, name: &str) -> HttpResponse {
    HttpResponse::Ok()
        .insert_header((header::CONTENT_TYPE, CSV_TYPE))
        .insert_header((header::CONTENT_DISPOSITION, attachment(name)))
        .body(with_bom(body))
}

/// The file name as it is saved: NFC, path separators (`/`, `\`) as `-`, control
/// characters as `_`, surrounding white space trimmed; [`UNNAMED`] when nothing is left.
fn clean_name(name: &str) -> String {
    let clean: String = name
        .nfc()
        .map(|c| match c {
            '/' | '\\' => '-',
            c if c.is_control() => '_',
            c => c,
        })
        .collect();
    match clean.trim() {
        "" => UNNAMED.to_owned(),
        t => t.to_owned(),
    }
}

/// The ASCII fallback of a file name, readable and safe inside a quoted string (RFC 9110
/// §5.6.4): Vietnamese folded with its case kept (`Đ` -> `D`, marks removed), `"` -> `'`,
/// `\` and `/` -> `-`, control characters and anything else outside printable ASCII -> `_`.
pub fn ascii_fallback(name: &str) -> String {
    clean_name(name)
        .nfd()
        .filter(|c| !is_combining_mark(*c))
        .map(|c| match c {
            'đ' => 'd',
            // Đ, and its look-alike Ð (U+00D0, Icelandic eth) typed in its place.
            'Đ' | 'Ð' => 'D',
            '"' => '\'',
            ' '..='~' => c,
            _ => '_',
        })
        .collect()
}

/// `name` percent-encoded as RFC 8187 `value-chars` (UTF-8, every byte outside `attr-char`
/// as `%XX`).
pub fn rfc8187_encode(name: &str) -> String {
    utf8_percent_encode(name, NOT_ATTR_CHAR).to_string()
}

/// The `Content-Disposition` value of a download named `name` (RFC 6266 §4.1):
/// `attachment; filename="<ascii_fallback>"; filename*=UTF-8''<rfc8187_encode>`, the name
/// cleaned first (no path separators or control characters, see [`ascii_fallback`]).
pub fn attachment(name: &str) -> HeaderValue {
    let clean = clean_name(name);
    let value = format!(
        "attachment; filename=\"{}\"; filename*=UTF-8''{}",
        ascii_fallback(&clean),
        rfc8187_encode(&clean)
    );
    // Only visible ASCII and spaces are written above, which a header value always takes.
    HeaderValue::from_str(&value).unwrap_or_else(|_| HeaderValue::from_static("attachment"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use actix_web::http::header::{Charset, ContentDisposition};

    fn parse(value: &HeaderValue) -> ContentDisposition {
        ContentDisposition::from_raw(value).unwrap_or_else(|e| panic!("{value:?}: {e}"))
    }

    #[test]
    fn a_vietnamese_name_travels_in_filename_star_and_folds_in_filename() {
        let value = attachment("Báo cáo Đợt 1 – Quý II.pdf");
        assert_eq!(
            value.to_str().ok(),
            Some(
                "attachment; filename=\"Bao cao Dot 1 _ Quy II.pdf\"; \
                 filename*=UTF-8''B%C3%A1o%20c%C3%A1o%20%C4%90%E1%BB%A3t%201%20%E2%80%93%20Qu%C3%BD%20II.pdf"
            )
        );
        // What a client library reads back: both forms, the real name intact.
        let cd = parse(&value);
        assert_eq!(cd.get_filename(), Some("Bao cao Dot 1 _ Quy II.pdf"));
        let ext = cd
            .get_filename_ext()
            .map(|e| (e.charset.clone(), e.value.clone()));
        assert_eq!(
            ext,
            Some((
                Charset::Ext("UTF-8".into()),
                "Báo cáo Đợt 1 – Quý II.pdf".as_bytes().to_vec()
            ))
        );
    }

    #[test]
    fn a_quote_never_becomes_percent_22_in_the_fallback() {
        let value = attachment("Kế hoạch \"Chuyển đổi số\".docx");
        let text = value.to_str().unwrap_or_default();
        let fallback = text
            .split("; filename*=")
            .next()
            .unwrap_or_default()
            .to_owned();
        assert_eq!(
            fallback,
            "attachment; filename=\"Ke hoach 'Chuyen doi so'.docx\""
        );
        let cd = parse(&value);
        assert_eq!(
            cd.get_filename_ext().map(|e| e.value.clone()),
            Some("Kế hoạch \"Chuyển đổi số\".docx".as_bytes().to_vec())
        );
    }

    #[test]
    fn separators_controls_and_decomposed_input_are_cleaned() {
        // NFD input (macOS), a path separator, a backslash, a tab and a newline.
        let nfd: String = "Hòa/Bình\\x\ty\n.csv".nfd().collect();
        let value = attachment(&nfd);
        let cd = parse(&value);
        assert_eq!(cd.get_filename(), Some("Hoa-Binh-x_y_.csv"));
        assert_eq!(
            cd.get_filename_ext().map(|e| e.value.clone()),
            Some("Hòa-Bình-x_y_.csv".as_bytes().to_vec())
        );
        assert_eq!(ascii_fallback("Ðắk Lắk"), "Dak Lak");
        assert_eq!(ascii_fallback("報告.pdf"), "__.pdf");
        assert_eq!(ascii_fallback("  "), UNNAMED);
    }

    #[test]
    fn only_attr_chars_stay_unencoded() {
        let all: String = (' '..='~').collect();
        assert_eq!(
            rfc8187_encode(&all),
            "%20!%22#$%25&%27%28%29%2A+%2C-.%2F0123456789%3A%3B%3C%3D%3E%3F%40\
             ABCDEFGHIJKLMNOPQRSTUVWXYZ%5B%5C%5D^_`abcdefghijklmnopqrstuvwxyz%7B|%7D~"
        );
    }

    #[test]
    fn the_bom_is_added_once() {
        assert_eq!(with_bom(b"a,b".to_vec()), b"\xEF\xBB\xBFa,b".to_vec());
        assert_eq!(with_bom(with_bom(Vec::new())), UTF8_BOM.to_vec());
    }
}
