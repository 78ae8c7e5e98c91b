//! A body table (the recipients of an award decision): full width, thin black borders,
//! cells that wrap, rows that never split across pages, the header row repeated on every
//! page and the last two rows (the total) kept together and with what follows.

use docx_rs::{
    AlignmentType, HeightRule, Paragraph, Table, TableBorder, TableBorderPosition, TableBorders,
    TableCell, TableCellMargins, TableRow, VAlignType, WidthType,
};

use super::parts::{CONTENT, SMALL_12, bold_width, line_of, run};
use crate::documents::Table as BodyTable;

/// Thin borders, in eighths of a point (½ pt).
const BORDER: usize = 4;
/// Cell padding, twips: 2.75 pt above and below (with the ½ pt border LibreOffice adds to
/// each row, a row is as tall as the PDF's, 3 pt padding with borders drawn inside), 4 pt
/// left and right.
const PAD_Y: usize = 55;
const PAD_X: usize = 80;
/// No column narrower than 1.2 cm, in twips.
const MIN_COLUMN: usize = 680;

/// docx-rs 0.4 cannot mark a repeated header row (`w:tblHeader`): the header row carries
/// this 1-twip minimum height instead, which [`mark_header_rows`] turns into the mark.
const HEADER_MARK: &str = r#"<w:trHeight w:val="1" w:hRule="atLeast" />"#;

/// Replaces each header row's stand-in with `<w:tblHeader />` in `document.xml`.
pub(super) fn mark_header_rows(document: &[u8]) -> Vec<u8> {
    String::from_utf8_lossy(document)
        .replace(HEADER_MARK, "<w:tblHeader />")
        .into_bytes()
}

/// The widest a column grows to fit its longest word, as a share of the text width (a URL
/// wraps instead).
const MAX_GROWTH: usize = 3;

/// The column widths in twips: the model's shares of the text width, each column widened
/// to fit the longest word of its header and cells (bold 12 pt, with padding; at most a
/// third of the text width) and never narrower than 1.2 cm, the width taken from the
/// columns with the most to spare. "STT" and "28.080.000" then never break inside.
pub(super) fn column_widths(t: &BodyTable) -> Vec<usize> {
    let mut widths: Vec<usize> = t
        .column_shares()
        .iter()
        .map(|s| (s * CONTENT as f32).round() as usize)
        .collect();
    let longest_word = |i: usize| {
        t.rows
            .iter()
            .filter_map(|r| r.get(i))
            .chain(t.header.get(i))
            .flat_map(|c| c.split_whitespace())
            .map(|w| bold_width(w, SMALL_12))
            .max()
            .unwrap_or(0)
    };
    let need: Vec<usize> = (0..widths.len())
        .map(|i| (longest_word(i) + 2 * PAD_X + 20).clamp(MIN_COLUMN, CONTENT / MAX_GROWTH))
        .collect();
    for i in 0..widths.len() {
        while widths[i] < need[i] {
            let Some(donor) = (0..widths.len())
                .filter(|&j| j != i && widths[j] > need[j])
                .max_by_key(|&j| widths[j] - need[j])
            else {
                break;
            };
            let take = (need[i] - widths[i]).min(widths[donor] - need[donor]);
            widths[i] += take;
            widths[donor] -= take;
        }
    }
    widths
}

pub(super) fn table(t: &BodyTable) -> Table {
    let widths = column_widths(t);
    let row = |cells: &[String], header: bool, bold: bool, keep: bool| {
        let cells = widths
            .iter()
            .enumerate()
            .map(|(i, w)| {
                let text = cells.get(i).map_or("", String::as_str);
                let mut r = run(text, SMALL_12);
                if bold {
                    r = r.bold();
                }
                let align = if header {
                    AlignmentType::Center
                } else if t.right_aligned(i) {
                    AlignmentType::Right
                } else {
                    AlignmentType::Left
                };
                let p: Paragraph = line_of(r, SMALL_12, align).keep_next(keep);
                TableCell::new()
                    .width(*w, WidthType::Dxa)
                    .vertical_align(if header {
                        VAlignType::Center
                    } else {
                        VAlignType::Top
                    })
                    .add_paragraph(p)
            })
            .collect();
        let r = TableRow::new(cells).cant_split();
        if header {
            r.row_height(1.0).height_rule(HeightRule::AtLeast)
        } else {
            r
        }
    };
    let mut rows = Vec::new();
    if !t.header.is_empty() {
        rows.push(row(&t.header, true, true, false));
    }
    let last = t.rows.len().saturating_sub(1);
    for (i, cells) in t.rows.iter().enumerate() {
        rows.push(row(cells, false, t.total_row && i == last, i + 1 >= last));
    }
    let borders = [
        TableBorderPosition::Top,
        TableBorderPosition::Left,
        TableBorderPosition::Bottom,
        TableBorderPosition::Right,
        TableBorderPosition::InsideH,
        TableBorderPosition::InsideV,
    ]
    .into_iter()
    .fold(TableBorders::new(), |b, p| {
        b.set(TableBorder::new(p).size(BORDER).color("000000"))
    });
    Table::new(rows)
        .set_grid(widths)
        .width(CONTENT, WidthType::Dxa)
        .margins(TableCellMargins::new().margin(PAD_Y, PAD_X, PAD_Y, PAD_X))
        .set_borders(borders)
}
