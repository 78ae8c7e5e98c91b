//! The DOCX writer (docx-rs): what officials open, edit and sign. A4, margins 20/20/30/15
//! mm, Times New Roman 14 pt on exact 16.1 pt lines (1.15 × the size, as the PDF writer)
//! with 6 pt after each body paragraph, page numbers from page 2 at the top centre, the
//! NĐ 30 header and footer as borderless tables, and the footer kept whole on one page.

mod parts;
mod sections;
mod table;
#[cfg(test)]
mod tests;

use docx_rs::{
    AlignmentType, Docx, FieldCharType, Header, InstrPAGE, InstrText, LineSpacing, PageMargin,
    Paragraph, Pic, Run, SpecialIndentType,
};

use self::parts::{AFTER, BODY, CONTENT, HEADER, body, fonts, line_of, rule, run, spacing};
use super::{Block, Figure, OfficialDocument};
use crate::error::ApiError;

/// Page numbers sit 10 mm from the top edge (twips), in the top margin.
const HEADER_DISTANCE: u32 = 567;
/// The summary's side indents, twips: 8 % of the text width each side (as the PDF).
const SUMMARY_INDENT: i32 = 748;
/// One twip in EMU (DrawingML's unit).
const EMU_PER_TWIP: u64 = 635;
/// The tallest picture, twips: 60 % of the text height (257 mm), so a caption and some
/// text fit on its page.
const MAX_FIGURE_HEIGHT: u64 = 8742;

/// Writes the document as DOCX bytes.
///
/// Errors: 500 only when docx-rs fails to pack the ZIP (it never does for an in-memory
/// buffer).
pub fn write(doc: &OfficialDocument) -> Result<Vec<u8>, ApiError> {
    let mut xml = build(doc).build();
    xml.document = table::mark_header_rows(&xml.document);
    let mut out = std::io::Cursor::new(Vec::new());
    xml.pack(&mut out)
        .map_err(|e| ApiError::internal(format!("docx: {e}")))?;
    Ok(out.into_inner())
}

/// The page-number header of pages 2 onwards: the PAGE field, centred, 14 pt (NĐ 30 Phụ
/// lục I: Arabic numerals at the top centre, none on the first page).
fn page_number_header() -> Header {
    let field = Run::new()
        .size(BODY)
        .fonts(fonts())
        .add_field_char(FieldCharType::Begin, false)
        .add_instr_text(InstrText::PAGE(InstrPAGE::new()))
        .add_field_char(FieldCharType::Separate, false)
        .add_text("2")
        .add_field_char(FieldCharType::End, false);
    Header::new().add_paragraph(line_of(field, BODY, AlignmentType::Center))
}

/// The document before packing: `write` packs it, tests read its XML.
fn build(doc: &OfficialDocument) -> Docx {
    let mut docx = Docx::new()
        .page_size(11906, 16838)
        .page_margin(
            PageMargin::new()
                .top(1134)
                .bottom(1134)
                .left(1701)
                .right(850)
                .header(HEADER_DISTANCE as i32)
                .footer(0)
                .gutter(0),
        )
        .header(page_number_header())
        .first_header(Header::new().add_paragraph(Paragraph::new()))
        .default_fonts(fonts())
        .default_size(BODY)
        .add_table(sections::header(doc))
        .add_paragraph(
            Paragraph::new()
                .add_run(run(&doc.type_name, BODY).bold())
                .align(AlignmentType::Center)
                .line_spacing(spacing(BODY, 280, 0))
                .keep_next(true),
        )
        .add_paragraph(
            Paragraph::new()
                .add_run(run(&doc.summary, BODY).bold())
                .align(AlignmentType::Center)
                .indent(Some(SUMMARY_INDENT), None, Some(SUMMARY_INDENT), None)
                .line_spacing(spacing(BODY, 0, 0))
                .keep_next(true),
        );
    let summary_w =
        parts::bold_width(&doc.summary, BODY).min(CONTENT - 2 * SUMMARY_INDENT as usize);
    docx = docx.add_paragraph(rule(CONTENT, summary_w * 2 / 5, 200));
    let count = doc.blocks.len();
    let mut after_table = false;
    for (i, block) in doc.blocks.iter().enumerate() {
        // The last block keeps with the footer, so it never opens a page alone.
        let last = i + 1 == count;
        // A paragraph right after a table stands 6 pt below it, as below a paragraph.
        let before = if after_table { AFTER } else { 0 };
        after_table = matches!(block, Block::Table(_));
        let spaced = |p: Paragraph| p.line_spacing(spacing(BODY, before, AFTER));
        docx = match block {
            Block::Heading(t) | Block::SubHeading(t) => {
                docx.add_paragraph(spaced(body(vec![run(t, BODY).bold()])).keep_next(true))
            }
            Block::Paragraph(t) | Block::Item(t) => {
                docx.add_paragraph(spaced(body(vec![run(t, BODY)])).keep_next(last))
            }
            Block::Centered(t) => docx.add_paragraph(
                line_of(run(t, BODY).bold(), BODY, AlignmentType::Center)
                    .line_spacing(spacing(BODY, AFTER, AFTER))
                    .keep_next(true),
            ),
            Block::Basis(t) => {
                docx.add_paragraph(spaced(body(vec![run(t, BODY).italic()])).keep_next(last))
            }
            Block::Table(t) => docx.add_table(table::table(t)),
            Block::Lead { lead, text } => docx.add_paragraph(
                spaced(body(vec![
                    run(lead, BODY).bold(),
                    run(&format!(" {text}"), BODY),
                ]))
                .keep_next(last),
            ),
            Block::Figure(f) => figure(docx, f),
        };
    }
    docx.add_paragraph(sections::gap())
        .add_table(sections::footer(doc))
}

/// A picture across the text width (scaled down to at most [`MAX_FIGURE_HEIGHT`]), centred
/// in its own paragraph and kept with its caption, which follows centred and italic.
fn figure(docx: Docx, f: &Figure) -> Docx {
    let caption = f.caption.as_deref().map(|c| {
        line_of(run(c, HEADER).italic(), HEADER, AlignmentType::Center)
            .line_spacing(spacing(HEADER, 0, AFTER))
    });
    let mut docx = docx;
    if f.px_width > 0 && f.px_height > 0 && !f.png.is_empty() {
        let (px_w, px_h) = (u64::from(f.px_width), u64::from(f.px_height));
        let max_h = MAX_FIGURE_HEIGHT * EMU_PER_TWIP;
        let mut w = CONTENT as u64 * EMU_PER_TWIP;
        let mut h = w * px_h / px_w;
        if h > max_h {
            w = w * max_h / h;
            h = max_h;
        }
        let emu = |v: u64| u32::try_from(v).unwrap_or(u32::MAX);
        let pic =
            Pic::new_with_dimensions(f.png.clone(), f.px_width, f.px_height).size(emu(w), emu(h));
        docx = docx.add_paragraph(
            Paragraph::new()
                .add_run(Run::new().add_image(pic))
                .align(AlignmentType::Center)
                .indent(Some(0), Some(SpecialIndentType::FirstLine(0)), None, None)
                .line_spacing(LineSpacing::new().before(AFTER).after(60))
                .keep_next(caption.is_some()),
        );
    }
    match caption {
        Some(c) => docx.add_paragraph(c),
        None => docx,
    }
}
