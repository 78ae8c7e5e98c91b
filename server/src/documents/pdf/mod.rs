//! The PDF writer (krilla): the same document, laid out here — lines broken by measured
//! glyph advances and justified by widening the spaces — with Liberation Serif 2
//! (metric-compatible with Times New Roman, with Vietnamese glyphs) embedded as subsets and
//! DejaVu Sans for the symbols it lacks, so the file renders on a machine without fonts.
//!
//! Layout (shared with the DOCX writer so both paginate alike): A4, margins top/bottom
//! 20 mm, left 30 mm, right 15 mm; body 14 pt with lines 1.15 × the size (16.1 pt) and 6 pt
//! after each paragraph; page numbers from page 2, 13 pt, centred in the top margin 1 cm
//! below the edge.
//! Headings keep with what follows; the last lines of the body keep with the footer, whose
//! signature block stands level with "Nơi nhận:"; a table's total keeps with its previous
//! row.

use super::{Block, OfficialDocument, Table};
use crate::error::ApiError;

mod body;
mod fonts;
mod layout;
mod normalize;
mod render;
mod sections;
mod table;
#[cfg(test)]
mod tests;
mod text;

use fonts::Style;
use layout::{Align, Frame, Pager};
use text::Line;

// A4 in points and the NĐ 30 margins (top/bottom 20 mm, left 30 mm, right 15 mm).
const PAGE_W: f32 = 595.28;
const PAGE_H: f32 = 841.89;
const TOP: f32 = 56.69;
const BOTTOM: f32 = 56.69;
const LEFT: f32 = 85.04;
const RIGHT: f32 = 42.52;
const WIDTH: f32 = PAGE_W - LEFT - RIGHT;
/// The body's font size.
const BODY: f32 = 14.0;
/// The line height as a multiple of the font size (16.1 pt for the body).
const LINE: f32 = 1.15;
/// The space after each body paragraph (NĐ 30: at least 6 pt between paragraphs).
const AFTER: f32 = 6.0;
/// The first-line indent (1 cm).
const INDENT: f32 = 28.35;
/// The page number's size.
const NUMBER_SIZE: f32 = 13.0;
/// The page number's baseline: its line starts 1 cm below the top edge (the DOCX header
/// distance).
const NUMBER_BASELINE: f32 = 28.35 + 13.0 * (0.891 + (LINE - 1.107) / 2.0);

/// Writes the document as PDF bytes. 422 `unprintable_character` for a character none of
/// the embedded faces can draw.
pub fn write(doc: &OfficialDocument) -> Result<Vec<u8>, ApiError> {
    let doc = normalize::nfc(doc);
    for text in normalize::texts(&doc) {
        fonts::check(text)?;
    }
    let pager = layout(&doc);
    render::render(&pager.pages, &doc.title)
}

/// Lays the document out on pages.
fn layout(doc: &OfficialDocument) -> Pager {
    let mut p = Pager::new();
    sections::header(&mut p, doc);
    sections::title(&mut p, doc);
    let footer = sections::GAP + sections::footer_height(doc);
    for (i, block) in doc.blocks.iter().enumerate() {
        let rest = &doc.blocks[i + 1..];
        let keep_after = if rest.is_empty() {
            footer
        } else if matches!(block, Block::Heading(_) | Block::SubHeading(_)) {
            AFTER + body::lead_height(rest)
        } else {
            0.0
        };
        body::block(&mut p, block, keep_after);
    }
    sections::footer(&mut p, doc);
    page_numbers(&mut p);
    p
}

/// Numbers the pages from the second one (NĐ 30/2020 Phụ lục I: Arabic numerals, centred
/// in the top margin, not on the first page).
fn page_numbers(p: &mut Pager) {
    let frame = Frame {
        x: LEFT,
        w: WIDTH,
        align: Align::Center,
        indent: 0.0,
    };
    for i in 1..p.pages.len() {
        let line = Line::plain(Style::Regular, &(i + 1).to_string(), true);
        let mut one = Pager {
            pages: vec![Vec::new()],
            y: 0.0,
        };
        one.line(&line, NUMBER_SIZE, frame, 0.0, NUMBER_BASELINE);
        p.pages[i].append(&mut one.pages[0]);
    }
}
