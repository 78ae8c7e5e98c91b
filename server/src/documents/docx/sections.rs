//! The fixed parts around the body: the header (issuing body and number left, national
//! motto and place and date right) and the footer (distribution list left, signature
//! right), each a borderless table as in the NĐ 30 samples.

use docx_rs::{AlignmentType, Paragraph, Table, TableCell, TableCellMargins, TableRow, WidthType};

use super::parts::{
    BODY, CONTENT, HEADER, SMALL_11, SMALL_12, balanced, bold_width, line_of, lines_run, rule, run,
    spacing,
};
use crate::documents::{MOTTO, OfficialDocument};

/// The header's left column (issuing body, number), twips: 40 % of the text width, as in
/// NĐ 30 Phụ lục I's sample; the right one (motto, place and date) has the rest.
pub(super) const HEADER_LEFT: usize = 3742;
const HEADER_RIGHT: usize = CONTENT - HEADER_LEFT;

fn cell(paragraphs: Vec<Paragraph>, width: usize) -> TableCell {
    paragraphs
        .into_iter()
        .fold(TableCell::new().width(width, WidthType::Dxa), |c, p| {
            c.add_paragraph(p)
        })
        .clear_all_border()
}

/// A borderless table without cell padding, so its columns measure the text.
fn frame(rows: Vec<TableRow>, widths: Vec<usize>) -> Table {
    Table::new(rows)
        .set_grid(widths)
        .width(CONTENT, WidthType::Dxa)
        .margins(TableCellMargins::new().margin(0, 0, 0, 0))
        .clear_all_border()
}

fn centered(r: docx_rs::Run, size: usize) -> Paragraph {
    line_of(r, size, AlignmentType::Center)
}

/// The header: row 1 holds the parent body, the issuing body (bold, broken between its
/// parts when it needs two lines) and its rule, beside the national name, the motto and
/// the motto's rule; row 2 holds "Số: …" level with the place and date.
pub(super) fn header(doc: &OfficialDocument) -> Table {
    let mut left = Vec::new();
    if let Some(parent) = &doc.parent_authority {
        left.push(centered(run(parent, HEADER), HEADER));
    }
    let body_lines = balanced(&doc.issuing_body, HEADER, HEADER_LEFT);
    left.push(centered(lines_run(&body_lines, HEADER).bold(), HEADER));
    let longest = body_lines
        .iter()
        .map(|l| bold_width(l, HEADER))
        .max()
        .unwrap_or(0)
        .min(HEADER_LEFT);
    left.push(rule(HEADER_LEFT, longest * 2 / 5, 60));
    let right = vec![
        centered(run(MOTTO.0, SMALL_12).bold(), SMALL_12),
        centered(run(MOTTO.1, HEADER).bold(), HEADER),
        rule(HEADER_RIGHT, bold_width(MOTTO.1, HEADER), 60),
    ];
    let number = centered(run(&doc.number_line, HEADER), HEADER);
    let date = centered(run(&doc.place_date, HEADER).italic(), HEADER);
    frame(
        vec![
            TableRow::new(vec![cell(left, HEADER_LEFT), cell(right, HEADER_RIGHT)]).cant_split(),
            TableRow::new(vec![
                cell(vec![number], HEADER_LEFT),
                cell(vec![date], HEADER_RIGHT),
            ])
            .cant_split(),
        ],
        vec![HEADER_LEFT, HEADER_RIGHT],
    )
}

/// The footer's columns, twips: half the text width each.
const FOOTER_LEFT: usize = CONTENT / 2;

/// The footer: "Nơi nhận:" and the distribution list beside the signature block, in one
/// row that may not split across pages (`cantSplit`), so the signature always sits level
/// with "Nơi nhận:" and no line of the list is left alone on a page. The paragraph before
/// it keeps with it (see `super::build`).
pub(super) fn footer(doc: &OfficialDocument) -> Table {
    let left_p = |r: docx_rs::Run, size: usize| line_of(r, size, AlignmentType::Left);
    let mut recipients = vec![left_p(run("Nơi nhận:", SMALL_12).bold().italic(), SMALL_12)];
    recipients.extend(
        doc.recipients
            .iter()
            .map(|r| left_p(run(r, SMALL_11), SMALL_11)),
    );
    let mut sign = Vec::new();
    if let Some(line) = &doc.signature.authority_line {
        sign.push(centered(run(line, BODY).bold(), BODY));
    }
    sign.push(centered(run(&doc.signature.title, BODY).bold(), BODY));
    for _ in 0..4 {
        sign.push(centered(run("", BODY), BODY));
    }
    sign.push(centered(run(&doc.signature.name, BODY).bold(), BODY));
    frame(
        vec![
            TableRow::new(vec![
                cell(recipients, FOOTER_LEFT),
                cell(sign, CONTENT - FOOTER_LEFT),
            ])
            .cant_split(),
        ],
        vec![FOOTER_LEFT, CONTENT - FOOTER_LEFT],
    )
}

/// The blank paragraph between the body and the footer (10 pt), kept with the footer.
pub(super) fn gap() -> Paragraph {
    Paragraph::new()
        .line_spacing(
            spacing(BODY, 0, 0)
                .line(200)
                .line_rule(docx_rs::LineSpacingType::Exact),
        )
        .keep_next(true)
}
