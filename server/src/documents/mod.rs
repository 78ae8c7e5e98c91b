//! Official documents in the NĐ 30/2020 layout. The domain builds an [`OfficialDocument`]
//! (header blocks, number, place and date, type name and summary, numbered sections,
//! distribution list, signature); two writers turn any such model into DOCX and PDF. A new
//! document type is a new builder, never a new writer.

pub mod chart;
pub mod decision;
pub mod docx;
pub mod invitation;
pub mod pdf;
pub mod plan;
pub mod report;
pub mod words;

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
    /// A bold line centred on the page, without indent ("QUYẾT ĐỊNH:").
    Centered(String),
    /// A legal basis (căn cứ): an italic justified paragraph with a first-line indent.
    Basis(String),
    /// A full-width bordered table.
    Table(Table),
    /// A justified paragraph with a first-line indent whose lead words are bold: an article
    /// of a decision ("**Điều 1.** Khen thưởng …", NĐ 30/2020 Phụ lục I).
    Lead {
        /// The bold lead ("Điều 1.").
        lead: String,
        /// The rest of the paragraph, regular.
        text: String,
    },
    /// A picture across the text width (the ranking chart of a report), kept with its
    /// caption.
    Figure(Figure),
}

/// A picture in a document: the same drawing as SVG (for the PDF) and PNG (for the DOCX,
/// which Word and LibreOffice both read).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Figure {
    /// The drawing as an SVG document.
    pub svg: String,
    /// The drawing as PNG bytes, `px_width` × `px_height`.
    pub png: Vec<u8>,
    /// Width of the PNG in pixels.
    pub px_width: u32,
    /// Height of the PNG in pixels.
    pub px_height: u32,
    /// The caption under it, centred and italic ("Biểu đồ 1. …"); none for no caption.
    pub caption: Option<String>,
}

/// A full-width table with thin black borders (the recipients of an award decision). Cells
/// wrap; rows may break across pages.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Table {
    /// Relative column widths: only their ratios count. Their number is the number of
    /// columns (none: as many equal columns as the widest row has cells).
    pub widths: Vec<u32>,
    /// The header row, bold and centred; empty for none.
    pub header: Vec<String>,
    /// The body rows (12 pt); missing cells print empty, extra cells are dropped.
    pub rows: Vec<Vec<String>>,
    /// Per column, whether its body cells are right-aligned (numbers); left when absent.
    pub align_right: Vec<bool>,
    /// Whether the last body row is a total ("Tổng cộng"), printed bold.
    pub total_row: bool,
}

impl Table {
    /// Each column's share of the table's width, summing to 1.
    pub fn column_shares(&self) -> Vec<f32> {
        let count = if self.widths.is_empty() {
            self.rows
                .iter()
                .map(Vec::len)
                .chain([self.header.len()])
                .max()
                .unwrap_or(0)
        } else {
            self.widths.len()
        };
        let total: u64 = self.widths.iter().map(|w| u64::from(*w)).sum();
        if self.widths.is_empty() || total == 0 {
            return vec![1.0 / count.max(1) as f32; count];
        }
        self.widths
            .iter()
            .map(|w| (f64::from(*w) / total as f64) as f32)
            .collect()
    }

    /// Whether the body cells of column `i` are right-aligned.
    pub fn right_aligned(&self, i: usize) -> bool {
        self.align_right.get(i).copied().unwrap_or(false)
    }
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

/// The distribution list ("Nơi nhận") from its recipients, one line each ("- Name;"), the
/// archive line last. NĐ 30/2020 Phụ lục I: the last line is "- Lưu: VT, <drafting unit
/// abbreviation>." — a recipient typed as such a line ("Lưu: VT, VP.") becomes that last
/// line, once; otherwise it is "- Lưu: VT.".
pub fn distribution(recipients: Vec<String>) -> Vec<String> {
    let is_archive = |r: &str| {
        let folded = crate::domain::text::fold(r.trim_start_matches(['-', ' ']));
        folded.starts_with("luu:") || folded.starts_with("luu ")
    };
    let mut archive = None;
    let mut out = Vec::new();
    for r in recipients {
        let r = r.trim().trim_start_matches('-').trim().to_owned();
        if r.is_empty() {
            continue;
        }
        if is_archive(&r) {
            archive.get_or_insert(r);
        } else {
            out.push(format!("- {};", r.trim_end_matches([';', '.', ','])));
        }
    }
    let archive = archive.map_or_else(
        || "Lưu: VT.".to_owned(),
        |a| format!("{}.", a.trim_end_matches([';', '.', ','])),
    );
    out.push(format!("- {archive}"));
    out
}

/// Upper case, keeping Vietnamese letters right ("đ" -> "Đ").
pub fn upper(s: &str) -> String {
    s.to_uppercase()
}

/// 1234567 -> "1.234.567" (Vietnamese thousands separator).
pub fn group_digits(n: i64) -> String {
    let digits = n.unsigned_abs().to_string();
    let mut out = String::new();
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push('.');
        }
        out.push(ch);
    }
    if n < 0 { format!("-{out}") } else { out }
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

    #[test]
    fn the_archive_line_is_last_and_once() {
        let list = distribution(vec![
            "Lưu: VT, VP.".into(),
            "UBND huyện Tây Hòa".into(),
            "- Các ban ngành;".into(),
        ]);
        assert_eq!(
            list,
            [
                "- UBND huyện Tây Hòa;",
                "- Các ban ngành;",
                "- Lưu: VT, VP."
            ]
        );
        assert_eq!(distribution(vec!["A".into()]), ["- A;", "- Lưu: VT."]);
    }

    #[test]
    fn money_is_grouped_the_vietnamese_way() {
        assert_eq!(group_digits(2_340_000), "2.340.000");
        assert_eq!(group_digits(500), "500");
        assert_eq!(group_digits(-1_000), "-1.000");
    }

    #[test]
    fn table_columns_share_the_width_by_their_ratios() {
        let t = Table {
            widths: vec![1, 3],
            ..Table::default()
        };
        assert_eq!(t.column_shares(), vec![0.25, 0.75]);
        let equal = Table {
            rows: vec![vec!["a".into(), "b".into()]],
            ..Table::default()
        };
        assert_eq!(equal.column_shares(), vec![0.5, 0.5]);
        assert!(!equal.right_aligned(1));
    }
}
