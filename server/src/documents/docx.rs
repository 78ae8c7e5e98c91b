//! The DOCX writer (docx-rs): what officials open, edit and sign. A4, margins 20/20/30/15 mm,
//! Times New Roman 13–14 pt, the NĐ 30 header and signature blocks as borderless tables.

use docx_rs::{
    AlignmentType, Docx, PageMargin, Paragraph, Run, RunFonts, SpecialIndentType, Table, TableCell,
    TableRow, WidthType,
};

use super::{Block, MOTTO, OfficialDocument};
use crate::error::ApiError;

/// Half-points, as DOCX counts font sizes.
const BODY: usize = 28; // 14 pt
const HEADER: usize = 26; // 13 pt
const MOTTO_SIZE: usize = 24; // 12 pt
const SMALL: usize = 22; // 11 pt

fn fonts() -> RunFonts {
    RunFonts::new()
        .ascii("Times New Roman")
        .hi_ansi("Times New Roman")
        .cs("Times New Roman")
        .east_asia("Times New Roman")
}

fn run(text: &str, size: usize) -> Run {
    Run::new().add_text(text).size(size).fonts(fonts())
}

fn centered(r: Run) -> Paragraph {
    Paragraph::new().add_run(r).align(AlignmentType::Center)
}

fn cell(paragraphs: Vec<Paragraph>, width: usize) -> TableCell {
    let mut c = TableCell::new().width(width, WidthType::Dxa);
    for p in paragraphs {
        c = c.add_paragraph(p);
    }
    c.clear_all_border()
}

fn body(text: &str, bold: bool) -> Paragraph {
    let mut r = run(text, BODY);
    if bold {
        r = r.bold();
    }
    Paragraph::new()
        .add_run(r)
        .align(AlignmentType::Both)
        .indent(None, Some(SpecialIndentType::FirstLine(567)), None, None)
}

/// Writes the document as DOCX bytes.
pub fn write(doc: &OfficialDocument) -> Result<Vec<u8>, ApiError> {
    // Content width: 210 mm - 30 - 15 = 165 mm = 9355 twips.
    let (left, right) = (3900, 5455);
    let mut left_col = Vec::new();
    if let Some(parent) = &doc.parent_authority {
        left_col.push(centered(run(parent, HEADER)));
    }
    left_col.push(centered(run(&doc.issuing_body, HEADER).bold()));
    left_col.push(centered(run("———", HEADER)));
    left_col.push(centered(run(&doc.number_line, HEADER)));
    let right_col = vec![
        centered(run(MOTTO.0, MOTTO_SIZE).bold()),
        centered(run(MOTTO.1, BODY).bold().underline("single")),
        centered(run("", HEADER)),
        centered(run(&doc.place_date, BODY).italic()),
    ];
    let header = Table::new(vec![TableRow::new(vec![
        cell(left_col, left),
        cell(right_col, right),
    ])])
    .width(left + right, WidthType::Dxa)
    .clear_all_border();

    let mut docx = Docx::new()
        .page_size(11906, 16838)
        .page_margin(
            PageMargin::new()
                .top(1134)
                .bottom(1134)
                .left(1701)
                .right(850)
                .header(0)
                .footer(0)
                .gutter(0),
        )
        .default_fonts(fonts())
        .default_size(BODY)
        .add_table(header)
        .add_paragraph(Paragraph::new())
        .add_paragraph(centered(run(&doc.type_name, BODY).bold()))
        .add_paragraph(centered(run(&doc.summary, BODY).bold()))
        .add_paragraph(centered(run("———", BODY)))
        .add_paragraph(Paragraph::new());
    for block in &doc.blocks {
        docx = docx.add_paragraph(match block {
            Block::Heading(t) | Block::SubHeading(t) => body(t, true),
            Block::Paragraph(t) | Block::Item(t) => body(t, false),
        });
    }
    docx = docx.add_paragraph(Paragraph::new());
    let mut recipients =
        vec![Paragraph::new().add_run(run("Nơi nhận:", MOTTO_SIZE).bold().italic())];
    recipients.extend(
        doc.recipients
            .iter()
            .map(|r| Paragraph::new().add_run(run(r, SMALL))),
    );
    let mut sign = Vec::new();
    if let Some(line) = &doc.signature.authority_line {
        sign.push(centered(run(line, BODY).bold()));
    }
    sign.push(centered(run(&doc.signature.title, BODY).bold()));
    for _ in 0..4 {
        sign.push(centered(run("", BODY)));
    }
    sign.push(centered(run(&doc.signature.name, BODY).bold()));
    let footer = Table::new(vec![TableRow::new(vec![
        cell(recipients, 4677),
        cell(sign, 4678),
    ])])
    .width(9355, WidthType::Dxa)
    .clear_all_border();
    docx = docx.add_table(footer);
    let mut out = std::io::Cursor::new(Vec::new());
    docx.build()
        .pack(&mut out)
        .map_err(|e| ApiError::internal(format!("docx: {e}")))?;
    Ok(out.into_inner())
}
