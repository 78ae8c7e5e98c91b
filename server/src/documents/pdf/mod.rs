//! The PDF writer (krilla): the same document, laid out here — lines broken by measured
//! glyph advances and justified by spreading the words — with Liberation Serif 2
//! (metric-compatible with Times New Roman, with Vietnamese glyphs) embedded as subsets, so
//! the file renders on a machine without fonts.

use unicode_normalization::UnicodeNormalization;

use super::{Block, OfficialDocument, Table};
use crate::error::ApiError;

mod fonts;
mod layout;
mod render;
mod sections;
mod table;

use fonts::Style;
use layout::{Align, Line, Op, Pager, wrap};

// A4 in points and the NĐ 30 margins (top/bottom 20 mm, left 30 mm, right 15 mm).
const PAGE_W: f32 = 595.28;
const PAGE_H: f32 = 841.89;
const TOP: f32 = 56.69;
const BOTTOM: f32 = 56.69;
const LEFT: f32 = 85.04;
const RIGHT: f32 = 42.52;
const WIDTH: f32 = PAGE_W - LEFT - RIGHT;
const BODY: f32 = 14.0;
const INDENT: f32 = 28.35;

/// Writes the document as PDF bytes.
pub fn write(doc: &OfficialDocument) -> Result<Vec<u8>, ApiError> {
    let doc = nfc(doc);
    let mut p = Pager::new();
    sections::header(&mut p, &doc);
    p.paragraph(
        &doc.type_name,
        Style::Bold,
        BODY,
        LEFT,
        WIDTH,
        Align::Center,
        0.0,
    );
    p.paragraph(
        &doc.summary,
        Style::Bold,
        BODY,
        LEFT + WIDTH * 0.08,
        WIDTH * 0.84,
        Align::Center,
        0.0,
    );
    let rule_w = WIDTH * 0.2;
    let y = p.y + 4.0;
    p.centred_rule(LEFT, WIDTH, rule_w, y);
    p.y += 16.0;
    for block in &doc.blocks {
        p.y += 3.0;
        match block {
            Block::Heading(t) | Block::SubHeading(t) => {
                p.paragraph(t, Style::Bold, BODY, LEFT, WIDTH, Align::Justify, INDENT)
            }
            Block::Paragraph(t) | Block::Item(t) => {
                p.paragraph(t, Style::Regular, BODY, LEFT, WIDTH, Align::Justify, INDENT)
            }
            Block::Centered(t) => {
                // A little air around "QUYẾT ĐỊNH:" and the decider's line.
                p.y += 4.0;
                p.paragraph(t, Style::Bold, BODY, LEFT, WIDTH, Align::Center, 0.0);
                p.y += 2.0;
            }
            Block::Basis(t) => {
                p.paragraph(t, Style::Italic, BODY, LEFT, WIDTH, Align::Justify, INDENT)
            }
            Block::Table(t) => {
                p.y += 3.0;
                table::table(&mut p, t);
                p.y += 3.0;
            }
        }
    }
    sections::footer(&mut p, &doc);
    render::render(&p.pages, &doc.title)
}

fn nfc(doc: &OfficialDocument) -> OfficialDocument {
    let n = |s: &str| s.nfc().collect::<String>();
    let mut d = doc.clone();
    d.title = n(&d.title);
    d.number_line = n(&d.number_line);
    d.type_name = n(&d.type_name);
    d.summary = n(&d.summary);
    d.issuing_body = n(&d.issuing_body);
    d.parent_authority = d.parent_authority.as_deref().map(n);
    d.place_date = n(&d.place_date);
    d.recipients = d.recipients.iter().map(|r| n(r)).collect();
    d.blocks = d
        .blocks
        .iter()
        .map(|b| match b {
            Block::Heading(t) => Block::Heading(n(t)),
            Block::SubHeading(t) => Block::SubHeading(n(t)),
            Block::Paragraph(t) => Block::Paragraph(n(t)),
            Block::Item(t) => Block::Item(n(t)),
            Block::Centered(t) => Block::Centered(n(t)),
            Block::Basis(t) => Block::Basis(n(t)),
            Block::Table(t) => Block::Table(Table {
                header: t.header.iter().map(|c| n(c)).collect(),
                rows: t
                    .rows
                    .iter()
                    .map(|r| r.iter().map(|c| n(c)).collect())
                    .collect(),
                ..t.clone()
            }),
        })
        .collect();
    d.signature.authority_line = d.signature.authority_line.as_deref().map(n);
    d.signature.title = n(&d.signature.title);
    d.signature.name = n(&d.signature.name);
    d
}
