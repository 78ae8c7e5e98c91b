//! The page model: what is drawn where, and the pager that fills pages top to bottom with
//! broken lines, keeping the last lines of a paragraph with what must follow it.

use std::sync::Arc;

use super::fonts::Style;
use super::text::{Line, Span, wrap};
use super::{BOTTOM, LINE, PAGE_H, TOP};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Align {
    Left,
    Center,
    Right,
    Justify,
}

/// What to draw on a page.
#[derive(Debug, Clone)]
pub(super) enum Op {
    /// A run of text in one style on `y` (its baseline), spaces included; each space is
    /// widened by `spacing` points (justification).
    Text {
        x: f32,
        y: f32,
        style: Style,
        size: f32,
        text: String,
        spacing: f32,
    },
    /// A filled rectangle: a rule or a table border.
    Rule { x: f32, y: f32, w: f32, h: f32 },
    /// A PNG picture with its top left corner at (x, y), `w` × `h` points.
    Image {
        x: f32,
        y: f32,
        w: f32,
        h: f32,
        png: Arc<Vec<u8>>,
    },
}

/// The thickness of the header and title rules.
pub(super) const RULE: f32 = 0.6;
/// The lowest `y` content may reach.
pub(super) const LIMIT: f32 = PAGE_H - BOTTOM;
/// The height of a page's text area.
pub(super) const AREA: f32 = LIMIT - TOP;

/// A paragraph's place: its column, alignment and first-line indent.
#[derive(Debug, Clone, Copy)]
pub(super) struct Frame {
    pub(super) x: f32,
    pub(super) w: f32,
    pub(super) align: Align,
    pub(super) indent: f32,
}

/// Pages of drawing operations, filled from `y` down.
pub(super) struct Pager {
    pub(super) pages: Vec<Vec<Op>>,
    pub(super) y: f32,
}

impl Pager {
    pub(super) fn new() -> Self {
        Pager {
            pages: vec![Vec::new()],
            y: TOP,
        }
    }

    pub(super) fn ops(&mut self) -> &mut Vec<Op> {
        if self.pages.is_empty() {
            self.pages.push(Vec::new());
        }
        let last = self.pages.len() - 1;
        &mut self.pages[last]
    }

    /// A short rule `w` wide at `y`, centred in the column from `x`, `column` wide (the
    /// rules under the issuing body, the motto and the summary).
    pub(super) fn centred_rule(&mut self, x: f32, column: f32, w: f32, y: f32) {
        self.ops().push(Op::Rule {
            x: x + (column - w) / 2.0,
            y,
            w,
            h: RULE,
        });
    }

    /// Starts a new page unless `height` fits below `y`, or the page is still empty (then
    /// a new page would not help).
    pub(super) fn ensure(&mut self, height: f32) {
        if self.y + height > LIMIT + 0.01 && self.y > TOP + 0.01 {
            self.new_page();
        }
    }

    /// Like [`Pager::ensure`] for `height`, or for `at_least` when `height` exceeds a page.
    pub(super) fn keep(&mut self, height: f32, at_least: f32) {
        self.ensure(if height <= AREA { height } else { at_least });
    }

    pub(super) fn new_page(&mut self) {
        self.pages.push(Vec::new());
        self.y = TOP;
    }

    /// Lays out a paragraph of one style; see [`Pager::spans`].
    pub(super) fn paragraph(&mut self, text: &str, style: Style, size: f32, frame: Frame) {
        self.spans(&[Span::new(style, text)], size, frame, 0.0);
    }

    /// Lays out a paragraph in `frame`, advancing `y` past its last line (no space after).
    /// Its last two lines start a new page unless `keep_after` points of what follows fit
    /// below them (keep with next).
    pub(super) fn spans(&mut self, spans: &[Span], size: f32, frame: Frame, keep_after: f32) {
        let lines = wrap(spans, size, frame.w, frame.indent);
        self.lines(&lines, size, frame, keep_after);
    }

    /// Lays out broken lines; see [`Pager::spans`].
    pub(super) fn lines(&mut self, lines: &[Line], size: f32, frame: Frame, keep_after: f32) {
        let line_h = size * LINE;
        let tail = lines.len().saturating_sub(2);
        for (i, line) in lines.iter().enumerate() {
            if i == tail && keep_after > 0.0 {
                let rest = (lines.len() - i) as f32 * line_h;
                self.keep(rest + keep_after, rest);
            } else {
                self.ensure(line_h);
            }
            let baseline = self.y + baseline(size);
            let indent = if i == 0 { frame.indent } else { 0.0 };
            self.line(line, size, frame, indent, baseline);
            self.y += line_h;
        }
    }

    /// Draws one broken line in the frame's column on `baseline`.
    pub(super) fn line(&mut self, line: &Line, size: f32, frame: Frame, indent: f32, y: f32) {
        let natural = line.width(size);
        let avail = frame.w - indent;
        let spaces = line.spaces();
        let (mut x, spacing) = match frame.align {
            Align::Center => (frame.x + (frame.w - natural) / 2.0, 0.0),
            Align::Right => (frame.x + frame.w - natural, 0.0),
            Align::Justify if !line.last && spaces > 0 => (
                frame.x + indent,
                ((avail - natural) / spaces as f32).max(0.0),
            ),
            _ => (frame.x + indent, 0.0),
        };
        for span in &line.spans {
            let width = span.style.width(&span.text, size);
            let gaps = span.text.chars().filter(|c| *c == ' ').count() as f32;
            self.ops().push(Op::Text {
                x,
                y,
                style: span.style,
                size,
                text: span.text.clone(),
                spacing,
            });
            x += width + gaps * spacing;
        }
    }
}

/// The baseline's distance below the top of a line of text at `size` points (Liberation
/// Serif's ascent, 0.891 em, plus half the leading).
pub(super) fn baseline(size: f32) -> f32 {
    size * (0.891 + (LINE - 1.107) / 2.0)
}

/// The height of `lines` lines at `size` points.
pub(super) fn height(lines: usize, size: f32) -> f32 {
    lines as f32 * size * LINE
}
