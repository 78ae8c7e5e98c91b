//! Official documents in the NĐ 30/2020 layout. The domain builds an [`OfficialDocument`]
//! (header blocks, number, place and date, type name and summary, numbered sections,
//! distribution list, signature); two writers turn any such model into DOCX and PDF. A new
//! document type is a new builder, never a new writer.

pub mod docx;
pub mod pdf;
pub mod plan;

use chrono::{Datelike, NaiveDate};

/// A block of the body, in order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Block {
    /// A section heading, bold ("I. MỤC ĐÍCH, YÊU CẦU").
    Heading(String),
    /// A sub-heading, bold ("1. Mục đích").
    SubHeading(String),
    /// A justified paragraph with a first-line indent.
    Paragraph(String),
    /// A dash item ("- …"), justified, indented like a paragraph.
    Item(String),
}

/// The signature block (bottom right).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Signature {
    /// "TM. ỦY BAN NHÂN DÂN" / "KT. CHỦ TỊCH", when there is one.
    pub authority_line: Option<String>,
    /// "CHỦ TỊCH".
    pub title: String,
    /// The signer's name.
    pub name: String,
}

/// An official document, ready for a writer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OfficialDocument {
    /// The parent body, upper case (top left, first line).
    pub parent_authority: Option<String>,
    /// The issuing body, upper case and bold (top left).
    pub issuing_body: String,
    /// "Số: 01/KH-UBND".
    pub number_line: String,
    /// "Hòa Tân Tây, ngày 15 tháng 4 năm 2024" (italic, top right).
    pub place_date: String,
    /// "KẾ HOẠCH" (centred, bold).
    pub type_name: String,
    /// The summary line (centred, bold).
    pub summary: String,
    /// The body.
    pub blocks: Vec<Block>,
    /// The distribution list lines, the archive line last ("- Lưu: VT.").
    pub recipients: Vec<String>,
    /// The signature.
    pub signature: Signature,
    /// Document title for the file's metadata.
    pub title: String,
}

/// The national motto lines of the top-right header.
pub const MOTTO: (&str, &str) = (
    "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
    "Độc lập - Tự do - Hạnh phúc",
);

/// "Place, ngày dd tháng m năm yyyy" (NĐ 30: day below 10 with a leading zero, and month
/// 1–2 too), or with blanks when the date is not set yet, like the seed draft.
pub fn place_date(place: &str, date: Option<NaiveDate>) -> String {
    match date {
        Some(d) => {
            let month = if d.month() < 3 {
                format!("{:02}", d.month())
            } else {
                d.month().to_string()
            };
            format!(
                "{place}, ngày {:02} tháng {month} năm {}",
                d.day(),
                d.year()
            )
        }
        None => format!("{place}, ngày      tháng      năm      "),
    }
}

/// Upper case, keeping Vietnamese letters right ("đ" -> "Đ").
pub fn upper(s: &str) -> String {
    s.to_uppercase()
}

/// The Roman numeral of a section number.
pub fn roman(n: usize) -> &'static str {
    const R: [&str; 12] = [
        "I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII",
    ];
    R.get(n.saturating_sub(1)).copied().unwrap_or("")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn place_and_date_follow_nd_30() {
        assert_eq!(
            place_date("Hòa Tân Tây", NaiveDate::from_ymd_opt(2024, 4, 5)),
            "Hòa Tân Tây, ngày 05 tháng 4 năm 2024"
        );
        assert_eq!(
            place_date("Hòa Tân Tây", NaiveDate::from_ymd_opt(2024, 1, 15)),
            "Hòa Tân Tây, ngày 15 tháng 01 năm 2024"
        );
        assert!(place_date("X", None).starts_with("X, ngày "));
        assert_eq!(roman(5), "V");
    }
}
