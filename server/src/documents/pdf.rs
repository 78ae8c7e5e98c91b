//! The PDF writer (krilla): the same document, laid out here — lines broken by measured
//! glyph advances and justified by spreading the words — with Liberation Serif 2
//! (metric-compatible with Times New Roman, with Vietnamese glyphs) embedded as subsets, so
//! the file renders on a machine without fonts.

use std::sync::OnceLock;

use krilla::Document;
use krilla::geom::{PathBuilder, Point, Rect};
use krilla::metadata::Metadata;
use krilla::page::PageSettings;
use krilla::text::{Font, TextDirection};
use unicode_normalization::UnicodeNormalization;

use super::{Block, MOTTO, OfficialDocument, Table};
use crate::error::ApiError;

mod table;

const REGULAR: &[u8] = include_bytes!("../../assets/fonts/LiberationSerif-Regular.ttf");
const BOLD: &[u8] = include_bytes!("../../assets/fonts/LiberationSerif-Bold.ttf");
const ITALIC: &[u8] = include_bytes!("../../assets/fonts/LiberationSerif-Italic.ttf");
const BOLD_ITALIC: &[u8] = include_bytes!("../../assets/fonts/LiberationSerif-BoldItalic.ttf");

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

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Style {
    Regular,
    Bold,
    Italic,
    BoldItalic,
}

impl Style {
    fn bytes(self) -> &'static [u8] {
        match self {
            Style::Regular => REGULAR,
            Style::Bold => BOLD,
            Style::Italic => ITALIC,
            Style::BoldItalic => BOLD_ITALIC,
        }
    }

    fn face(self) -> Option<&'static ttf_parser::Face<'static>> {
        static FACES: OnceLock<Vec<Option<ttf_parser::Face<'static>>>> = OnceLock::new();
        let faces = FACES.get_or_init(|| {
            [
                Style::Regular,
                Style::Bold,
                Style::Italic,
                Style::BoldItalic,
            ]
            .iter()
            .map(|s| ttf_parser::Face::parse(s.bytes(), 0).ok())
            .collect()
        });
        faces.get(self as usize).and_then(Option::as_ref)
    }

    /// The width of `text` at `size` points.
    fn width(self, text: &str, size: f32) -> f32 {
        let Some(face) = self.face() else { return 0.0 };
        let per_unit = size / f32::from(face.units_per_em());
        text.chars()
            .map(|c| {
                face.glyph_index(c)
                    .and_then(|g| face.glyph_hor_advance(g))
                    .map_or(size * 0.5, |a| f32::from(a) * per_unit)
            })
            .sum()
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Align {
    Left,
    Center,
    Right,
    Justify,
}

/// What to draw on a page.
#[derive(Debug, Clone)]
enum Op {
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
const RULE: f32 = 0.6;

struct Pager {
    pages: Vec<Vec<Op>>,
    y: f32,
}

impl Pager {
    fn new() -> Self {
        Pager {
            pages: vec![Vec::new()],
            y: TOP,
        }
    }

    fn ops(&mut self) -> &mut Vec<Op> {
        if self.pages.is_empty() {
            self.pages.push(Vec::new());
        }
        let last = self.pages.len() - 1;
        &mut self.pages[last]
    }

    fn ensure(&mut self, height: f32) {
        if self.y + height > PAGE_H - BOTTOM {
            self.new_page();
        }
    }

    fn new_page(&mut self) {
        self.pages.push(Vec::new());
        self.y = TOP;
    }

    /// Lays out a paragraph in the column [x, x + w), advancing `y`.
    #[allow(clippy::too_many_arguments)]
    fn paragraph(
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
    fn line(
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

struct Line<'a> {
    words: Vec<&'a str>,
    last: bool,
}

/// Greedy line breaking by measured width; a word wider than the line gets a line of its own.
fn wrap<'a>(
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

fn header(p: &mut Pager, doc: &OfficialDocument) {
    let (left_w, right_w) = (WIDTH * 0.42, WIDTH * 0.58);
    let right_x = LEFT + left_w;
    let top = p.y;
    if let Some(parent) = &doc.parent_authority {
        p.paragraph(
            parent,
            Style::Regular,
            13.0,
            LEFT,
            left_w,
            Align::Center,
            0.0,
        );
    }
    p.paragraph(
        &doc.issuing_body,
        Style::Bold,
        13.0,
        LEFT,
        left_w,
        Align::Center,
        0.0,
    );
    let rule_w = left_w * 0.3;
    let y = p.y + 2.0;
    p.ops().push(Op::Rule {
        x: LEFT + (left_w - rule_w) / 2.0,
        y,
        w: rule_w,
        h: RULE,
    });
    p.y += 6.0;
    p.paragraph(
        &doc.number_line,
        Style::Regular,
        13.0,
        LEFT,
        left_w,
        Align::Center,
        0.0,
    );
    let left_bottom = p.y;
    p.y = top;
    p.paragraph(
        MOTTO.0,
        Style::Bold,
        12.0,
        right_x,
        right_w,
        Align::Center,
        0.0,
    );
    let motto_w = Style::Bold.width(MOTTO.1, 13.0);
    p.paragraph(
        MOTTO.1,
        Style::Bold,
        13.0,
        right_x,
        right_w,
        Align::Center,
        0.0,
    );
    let y = p.y - 1.0;
    p.ops().push(Op::Rule {
        x: right_x + (right_w - motto_w) / 2.0,
        y,
        w: motto_w,
        h: RULE,
    });
    p.y += 12.0;
    p.paragraph(
        &doc.place_date,
        Style::Italic,
        13.0,
        right_x,
        right_w,
        Align::Center,
        0.0,
    );
    p.y = p.y.max(left_bottom) + 14.0;
}

fn footer(p: &mut Pager, doc: &OfficialDocument) {
    let col = WIDTH / 2.0;
    let recipients_h = 12.0 * 1.25 + doc.recipients.len() as f32 * 11.0 * 1.25;
    let sign_h = BODY * 1.25 * 7.0;
    p.y += 10.0;
    p.ensure(recipients_h.max(sign_h));
    let top = p.y;
    p.paragraph(
        "Nơi nhận:",
        Style::BoldItalic,
        12.0,
        LEFT,
        col,
        Align::Left,
        0.0,
    );
    for r in &doc.recipients {
        p.paragraph(r, Style::Regular, 11.0, LEFT, col, Align::Left, 0.0);
    }
    let left_bottom = p.y;
    p.y = top;
    let right_x = LEFT + col;
    if let Some(line) = &doc.signature.authority_line {
        p.paragraph(line, Style::Bold, BODY, right_x, col, Align::Center, 0.0);
    }
    p.paragraph(
        &doc.signature.title,
        Style::Bold,
        BODY,
        right_x,
        col,
        Align::Center,
        0.0,
    );
    p.y += BODY * 1.25 * 4.0;
    p.paragraph(
        &doc.signature.name,
        Style::Bold,
        BODY,
        right_x,
        col,
        Align::Center,
        0.0,
    );
    p.y = p.y.max(left_bottom);
}

/// Writes the document as PDF bytes.
pub fn write(doc: &OfficialDocument) -> Result<Vec<u8>, ApiError> {
    let doc = nfc(doc);
    let mut p = Pager::new();
    header(&mut p, &doc);
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
    p.ops().push(Op::Rule {
        x: LEFT + (WIDTH - rule_w) / 2.0,
        y,
        w: rule_w,
        h: RULE,
    });
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
    footer(&mut p, &doc);
    render(&p.pages, &doc.title)
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

fn render(pages: &[Vec<Op>], title: &str) -> Result<Vec<u8>, ApiError> {
    let font = |s: Style| {
        Font::new(s.bytes().into(), 0).ok_or_else(|| ApiError::internal("embedded font unreadable"))
    };
    let fonts = [
        font(Style::Regular)?,
        font(Style::Bold)?,
        font(Style::Italic)?,
        font(Style::BoldItalic)?,
    ];
    let settings =
        PageSettings::from_wh(PAGE_W, PAGE_H).ok_or_else(|| ApiError::internal("page size"))?;
    let mut document = Document::new();
    document.set_metadata(
        Metadata::new()
            .title(title.to_owned())
            .creator("CCHC".to_owned()),
    );
    for ops in pages {
        let mut page = document.start_page_with(settings.clone());
        let mut surface = page.surface();
        for op in ops {
            match op {
                Op::Text {
                    x,
                    y,
                    style,
                    size,
                    text,
                } => {
                    surface.draw_text(
                        Point::from_xy(*x, *y),
                        fonts[*style as usize].clone(),
                        *size,
                        text,
                        false,
                        TextDirection::Auto,
                    );
                }
                Op::Rule { x, y, w, h } => {
                    let mut path = PathBuilder::new();
                    if let Some(rect) = Rect::from_xywh(*x, *y, *w, *h) {
                        path.push_rect(rect);
                    }
                    if let Some(path) = path.finish() {
                        surface.draw_path(&path);
                    }
                }
            }
        }
        surface.finish();
        page.finish();
    }
    document
        .finish()
        .map_err(|e| ApiError::internal(format!("pdf: {e:?}")))
}
