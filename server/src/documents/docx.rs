//! The DOCX writer (docx-rs): what officials open, edit and sign. A4, margins 20/20/30/15 mm,
//! Times New Roman 13–14 pt, the NĐ 30 header and signature blocks as borderless tables.

use docx_rs::{
    AlignmentType, Docx, LineSpacing, PageMargin, Paragraph, Run, RunFonts, SpecialIndentType,
    Table, TableBorder, TableBorderPosition, TableBorders, TableCell, TableRow, VAlignType,
    WidthType,
};

use super::{Block, MOTTO, OfficialDocument, Table as BodyTable};
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
    indented(r)
}

fn indented(r: Run) -> Paragraph {
    Paragraph::new()
        .add_run(r)
        .align(AlignmentType::Both)
        .indent(None, Some(SpecialIndentType::FirstLine(567)), None, None)
}

/// The content width in twips: 210 mm - 30 - 15 = 165 mm.
const CONTENT: usize = 9355;
/// Thin borders, in eighths of a point (½ pt).
const BORDER: usize = 4;

/// A full-width table with thin black borders; Word wraps the cells and lets rows break
/// across pages.
fn table(t: &BodyTable) -> Table {
    let widths: Vec<usize> = t
        .column_shares()
        .iter()
        .map(|s| (s * CONTENT as f32).round() as usize)
        .collect();
    let row = |cells: &[String], header: bool, bold: bool| {
        let cells = widths
            .iter()
            .enumerate()
            .map(|(i, w)| {
                let text = cells.get(i).map_or("", String::as_str);
                let mut r = run(text, MOTTO_SIZE);
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
                TableCell::new()
                    .width(*w, WidthType::Dxa)
                    .vertical_align(if header {
                        VAlignType::Center
                    } else {
                        VAlignType::Top
                    })
                    .add_paragraph(Paragraph::new().add_run(r).align(align))
            })
            .collect();
        TableRow::new(cells)
    };
    let mut rows = Vec::new();
    if !t.header.is_empty() {
        rows.push(row(&t.header, true, true));
    }
    let last = t.rows.len().saturating_sub(1);
    for (i, cells) in t.rows.iter().enumerate() {
        rows.push(row(cells, false, t.total_row && i == last));
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
        .set_borders(borders)
}

/// Writes the document as DOCX bytes.
pub fn write(doc: &OfficialDocument) -> Result<Vec<u8>, ApiError> {
    let (left, right) = (3900, CONTENT - 3900);
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
        docx = match block {
            Block::Heading(t) | Block::SubHeading(t) => docx.add_paragraph(body(t, true)),
            Block::Paragraph(t) | Block::Item(t) => docx.add_paragraph(body(t, false)),
            Block::Centered(t) => docx.add_paragraph(
                centered(run(t, BODY).bold())
                    .line_spacing(LineSpacing::new().before(120).after(60)),
            ),
            Block::Basis(t) => docx.add_paragraph(indented(run(t, BODY).italic())),
            Block::Table(t) => docx.add_table(table(t)),
        };
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
    .width(CONTENT, WidthType::Dxa)
    .clear_all_border();
    docx = docx.add_table(footer);
    let mut out = std::io::Cursor::new(Vec::new());
    docx.build()
        .pack(&mut out)
        .map_err(|e| ApiError::internal(format!("docx: {e}")))?;
    Ok(out.into_inner())
}
