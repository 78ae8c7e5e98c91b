//! The page model: what is drawn where, the pager that fills pages top to bottom, and the
//! line breaking (measured advances, greedy, justified by spreading the words).

use super::fonts::Style;
use super::{BOTTOM, PAGE_H, TOP};

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
    Text {
        x: f32,
        y: f32,
        style: Style,
        size: f32,
        text: String,
    },
    /// A filled rectangle: a rule or a table border.
    Rule { x: f32, y: f32, w: f32, h: f32 },
}

/// The thickness of the header and title rules.
pub(super) const RULE: f32 = 0.6;

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

    pub(super) fn ensure(&mut self, height: f32) {
        if self.y + height > PAGE_H - BOTTOM {
            self.new_page();
        }
    }

    pub(super) fn new_page(&mut self) {
        self.pages.push(Vec::new());
        self.y = TOP;
    }

    /// Lays out a paragraph in the column [x, x + w), advancing `y`.
    #[allow(clippy::too_many_arguments)]
    pub(super) fn paragraph(
        &mut self,
        text: &str,
        style: Style,
        size: f32,
        x: f32,
        w: f32,
        align: Align,
        first_indent: f32,
    ) {
        let line_h = size * 1.25;
        for (i, line) in wrap(text, style, size, w, first_indent).iter().enumerate() {
            self.ensure(line_h);
            let baseline = self.y + size;
            let indent = if i == 0 { first_indent } else { 0.0 };
            self.line(line, style, size, (x, w), align, indent, baseline);
            self.y += line_h;
        }
    }

    /// Draws one broken line in the column `(x, width)` on `baseline`.
    #[allow(clippy::too_many_arguments)]
    pub(super) fn line(
        &mut self,
        line: &Line<'_>,
        style: Style,
        size: f32,
        (x, w): (f32, f32),
        align: Align,
        indent: f32,
        baseline: f32,
    ) {
        let words: Vec<(&str, f32)> = line
            .words
            .iter()
            .map(|w| (*w, style.width(w, size)))
            .collect();
        let natural: f32 = words.iter().map(|(_, w)| w).sum::<f32>()
            + style.width(" ", size) * (words.len().saturating_sub(1)) as f32;
        let avail = w - indent;
        let (mut cursor, gap) = match align {
            Align::Center => (x + (w - natural).max(0.0) / 2.0, style.width(" ", size)),
            Align::Right => (x + (w - natural).max(0.0), style.width(" ", size)),
            Align::Justify if !line.last && words.len() > 1 => {
                let words_w: f32 = words.iter().map(|(_, w)| w).sum();
                (x + indent, (avail - words_w) / (words.len() - 1) as f32)
            }
            _ => (x + indent, style.width(" ", size)),
        };
        for (word, ww) in words {
            self.ops().push(Op::Text {
                x: cursor,
                y: baseline,
                style,
                size,
                text: word.to_owned(),
            });
            cursor += ww + gap;
        }
    }
}

pub(super) struct Line<'a> {
    pub(super) words: Vec<&'a str>,
    pub(super) last: bool,
}

/// Greedy line breaking by measured width; a word wider than the line gets a line of its own.
pub(super) fn wrap<'a>(
    text: &'a str,
    style: Style,
    size: f32,
    width: f32,
    first_indent: f32,
) -> Vec<Line<'a>> {
    let space = style.width(" ", size);
    let mut lines: Vec<Line<'a>> = Vec::new();
    let mut current: Vec<&'a str> = Vec::new();
    let mut used = 0.0;
    for word in text.split_whitespace() {
        let ww = style.width(word, size);
        let limit = if lines.is_empty() {
            width - first_indent
        } else {
            width
        };
        let needed = if current.is_empty() {
            ww
        } else {
            used + space + ww
        };
        if needed > limit && !current.is_empty() {
            lines.push(Line {
                words: std::mem::take(&mut current),
                last: false,
            });
            used = ww;
        } else {
            used = needed;
        }
        current.push(word);
    }
    lines.push(Line {
        words: current,
        last: true,
    });
    lines
}
