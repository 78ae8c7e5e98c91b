//! The body's blocks on the pages: paragraphs 14 pt justified with a first-line indent, 6 pt
//! after each block (NĐ 30/2020: at least 6 pt between paragraphs), headings kept with what
//! follows them, tables, and figures kept with their captions.

use std::sync::Arc;

use super::fonts::Style;
use super::layout::{AREA, Align, Frame, Op, Pager, height};
use super::text::{Span, wrap};
use super::{AFTER, BODY, INDENT, LEFT, WIDTH, table};
use crate::documents::{Block, Figure};

const JUSTIFIED: Frame = Frame {
    x: LEFT,
    w: WIDTH,
    align: Align::Justify,
    indent: INDENT,
};
const CENTRED: Frame = Frame {
    x: LEFT,
    w: WIDTH,
    align: Align::Center,
    indent: 0.0,
};
/// The caption's size (italic, centred under the figure).
const CAPTION: f32 = 13.0;
/// Extra space above a centred line ("QUYẾT ĐỊNH:"), and its space after (instead of 6 pt),
/// as the DOCX writer spaces it.
const CENTRED_BEFORE: f32 = 6.0;
const CENTRED_AFTER: f32 = 6.0;

/// A block's text as styled spans and its frame; none for a table or a figure.
fn spans(block: &Block) -> Option<(Vec<Span>, Frame)> {
    let one = |style, text: &str| vec![Span::new(style, text)];
    Some(match block {
        Block::Heading(t) | Block::SubHeading(t) => (one(Style::Bold, t), JUSTIFIED),
        Block::Paragraph(t) | Block::Item(t) => (one(Style::Regular, t), JUSTIFIED),
        Block::Basis(t) => (one(Style::Italic, t), JUSTIFIED),
        Block::Centered(t) => (one(Style::Bold, t), CENTRED),
        Block::Lead { lead, text } => (
            vec![
                Span::new(Style::Bold, lead),
                Span::new(Style::Regular, &format!(" {text}")),
            ],
            JUSTIFIED,
        ),
        Block::Table(_) | Block::Figure(_) => return None,
    })
}

/// Whether a block keeps with the next one (headings do).
fn keeps_with_next(block: &Block) -> bool {
    matches!(block, Block::Heading(_) | Block::SubHeading(_))
}

/// How much of `blocks[0]` must sit on a page with what precedes it: its first two lines,
/// a table's header and first row, a whole figure; a heading with what it keeps with.
pub(super) fn lead_height(blocks: &[Block]) -> f32 {
    let Some(block) = blocks.first() else {
        return 0.0;
    };
    let before = if matches!(block, Block::Centered(_)) {
        CENTRED_BEFORE
    } else {
        0.0
    };
    let own = match (block, spans(block)) {
        (Block::Table(t), _) => table::lead_height(t),
        (Block::Figure(f), _) => figure_size(f).2,
        (_, Some((spans, frame))) => {
            let lines = wrap(&spans, BODY, frame.w, frame.indent).len();
            if keeps_with_next(block) {
                height(lines, BODY) + AFTER + lead_height(&blocks[1..])
            } else {
                height(lines.min(2), BODY)
            }
        }
        (_, None) => 0.0,
    };
    before + own
}

/// Lays out one block and the space after it; its end keeps with `keep_after` points of
/// what follows.
pub(super) fn block(p: &mut Pager, block: &Block, keep_after: f32) {
    if matches!(block, Block::Centered(_)) {
        p.y += CENTRED_BEFORE;
    }
    match (block, spans(block)) {
        (Block::Table(t), _) => table::table(p, t, keep_after),
        (Block::Figure(f), _) => figure(p, f, keep_after),
        (_, Some((spans, frame))) => p.spans(&spans, BODY, frame, keep_after),
        (_, None) => {}
    }
    p.y += if matches!(block, Block::Centered(_)) {
        CENTRED_AFTER
    } else {
        AFTER
    };
}

/// A figure's drawn width and height, and its height with the caption: the text width,
/// keeping the aspect, smaller when that would not fit a page.
fn figure_size(f: &Figure) -> (f32, f32, f32) {
    let caption = f.caption.as_deref().map_or(0.0, |c| {
        let lines = wrap(&[Span::new(Style::Italic, c)], CAPTION, WIDTH, 0.0).len();
        4.0 + height(lines, CAPTION)
    });
    let aspect = f.px_height.max(1) as f32 / f.px_width.max(1) as f32;
    let mut w = WIDTH;
    let max_h = AREA - caption;
    if w * aspect > max_h {
        w = max_h / aspect;
    }
    (w, w * aspect, w * aspect + caption)
}

/// A figure centred across the text width with its italic caption under it, on one page.
fn figure(p: &mut Pager, f: &Figure, keep_after: f32) {
    let (w, h, whole) = figure_size(f);
    p.keep(whole + keep_after, whole);
    let y = p.y;
    p.ops().push(Op::Image {
        x: LEFT + (WIDTH - w) / 2.0,
        y,
        w,
        h,
        png: Arc::new(f.png.clone()),
    });
    p.y += h;
    if let Some(caption) = &f.caption {
        p.y += 4.0;
        p.paragraph(caption, Style::Italic, CAPTION, CENTRED);
    }
}
