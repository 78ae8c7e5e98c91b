//! Tables in the PDF: full width, thin black borders, cells wrapped with the paragraphs' line
//! breaking. A row that does not fit the rest of the page moves to the next one, where the
//! header row is repeated; a row taller than a whole page is split between its lines, so
//! nothing is clipped. A single word wider than its column still overflows the cell (the
//! line breaking never splits words): size the columns for their longest word.

use super::{Align, BOTTOM, LEFT, Line, Op, PAGE_H, Pager, Style, TOP, WIDTH, wrap};
use crate::documents::Table;

/// The cells' font size (NĐ 30 allows a smaller size in tables).
const SIZE: f32 = 12.0;
const LINE_H: f32 = SIZE * 1.25;
const PAD_X: f32 = 4.0;
const PAD_Y: f32 = 3.0;
const BORDER: f32 = 0.5;

/// A row, broken into lines cell by cell.
struct Row<'a> {
    cells: Vec<Vec<Line<'a>>>,
    style: Style,
    header: bool,
    lines: usize,
}

impl Row<'_> {
    fn height(&self, lines: usize) -> f32 {
        lines as f32 * LINE_H + 2.0 * PAD_Y
    }
}

/// Breaks each cell of a row into lines for its column.
fn row<'a>(cells: &'a [String], columns: &[(f32, f32)], style: Style, header: bool) -> Row<'a> {
    let cells: Vec<Vec<Line<'a>>> = columns
        .iter()
        .enumerate()
        .map(|(i, (_, w))| match cells.get(i) {
            Some(text) if !text.trim().is_empty() => wrap(text, style, SIZE, w - 2.0 * PAD_X, 0.0),
            _ => Vec::new(),
        })
        .collect();
    let lines = cells.iter().map(Vec::len).max().unwrap_or(0).max(1);
    Row {
        cells,
        style,
        header,
        lines,
    }
}

/// Lays out `t` from the pager's `y`, advancing it past the table.
pub(super) fn table(p: &mut Pager, t: &Table) {
    let mut x = LEFT;
    let columns: Vec<(f32, f32)> = t
        .column_shares()
        .iter()
        .map(|share| {
            let col = (x, share * WIDTH);
            x += share * WIDTH;
            col
        })
        .collect();
    let header = (!t.header.is_empty()).then(|| row(&t.header, &columns, Style::Bold, true));
    let last = t.rows.len().saturating_sub(1);
    let body: Vec<Row<'_>> = t
        .rows
        .iter()
        .enumerate()
        .map(|(i, cells)| {
            let bold = t.total_row && i == last;
            let style = if bold { Style::Bold } else { Style::Regular };
            row(cells, &columns, style, false)
        })
        .collect();
    let header_h = header.as_ref().map_or(0.0, |h| h.height(h.lines));
    let limit = PAGE_H - BOTTOM;
    if let Some(h) = &header {
        // Keep the header with the first row (or its first line when the row is long).
        let first = body.first().map_or(0.0, |r| r.height(1));
        if p.y + header_h + first > limit && p.y > TOP {
            p.new_page();
        }
        draw(p, t, &columns, h, 0, h.lines);
    }
    let continue_on_next_page = |p: &mut Pager| {
        p.new_page();
        if let Some(h) = &header {
            draw(p, t, &columns, h, 0, h.lines);
        }
    };
    for r in &body {
        let mut from = 0;
        let mut fresh = false;
        while from < r.lines {
            let avail = limit - p.y;
            if r.height(r.lines - from) <= avail {
                draw(p, t, &columns, r, from, r.lines);
                break;
            }
            let fits_a_page = r.height(r.lines - from) <= limit - TOP - header_h;
            let mut k = ((avail - 2.0 * PAD_Y) / LINE_H).floor().max(0.0) as usize;
            if fresh {
                // Even a fresh page is too short: draw at least a line to move on.
                k = k.max(1);
            }
            if k == 0 || (from == 0 && fits_a_page && !fresh) {
                continue_on_next_page(p);
                fresh = true;
                continue;
            }
            let to = (from + k).min(r.lines);
            draw(p, t, &columns, r, from, to);
            from = to;
            if from < r.lines {
                continue_on_next_page(p);
                fresh = true;
            }
        }
    }
}

/// Draws lines `from..to` of a row at the pager's `y`, with its borders.
fn draw(p: &mut Pager, t: &Table, columns: &[(f32, f32)], r: &Row<'_>, from: usize, to: usize) {
    let top = p.y;
    let height = r.height(to - from);
    let whole = from == 0 && to == r.lines;
    for (i, ((x, w), lines)) in columns.iter().zip(&r.cells).enumerate() {
        let align = if r.header {
            Align::Center
        } else if t.right_aligned(i) {
            Align::Right
        } else {
            Align::Left
        };
        // Header cells are centred vertically too.
        let offset = if r.header && whole {
            (r.lines - lines.len()) as f32 * LINE_H / 2.0
        } else {
            0.0
        };
        let shown = lines.iter().skip(from).take(to - from);
        for (j, line) in shown.enumerate() {
            let baseline = top + PAD_Y + offset + j as f32 * LINE_H + SIZE;
            p.line(
                line,
                r.style,
                SIZE,
                (x + PAD_X, w - 2.0 * PAD_X),
                align,
                0.0,
                baseline,
            );
        }
    }
    let half = BORDER / 2.0;
    for y in [top, top + height] {
        p.ops().push(Op::Rule {
            x: LEFT - half,
            y: y - half,
            w: WIDTH + BORDER,
            h: BORDER,
        });
    }
    let edges = columns.iter().map(|(x, _)| *x).chain([LEFT + WIDTH]);
    for x in edges {
        p.ops().push(Op::Rule {
            x: x - half,
            y: top - half,
            w: BORDER,
            h: height + BORDER,
        });
    }
    p.y = top + height;
}

#[cfg(test)]
mod tests {
    use super::*;

    fn long_table(rows: usize, words_in_row_7: usize) -> Table {
        Table {
            widths: vec![1, 4, 2],
            header: vec!["STT".into(), "Thành tích".into(), "Số tiền".into()],
            rows: (0..rows)
                .map(|i| {
                    let words = if i == 7 { words_in_row_7 } else { 12 };
                    vec![
                        (i + 1).to_string(),
                        vec!["thành tích"; words].join(" "),
                        "702.000".into(),
                    ]
                })
                .collect(),
            align_right: vec![false, false, true],
            total_row: false,
        }
    }

    fn texts(p: &Pager) -> impl Iterator<Item = (usize, f32, &str)> {
        p.pages.iter().enumerate().flat_map(|(i, ops)| {
            ops.iter().filter_map(move |op| match op {
                Op::Text { y, text, .. } => Some((i, *y, text.as_str())),
                Op::Rule { .. } => None,
            })
        })
    }

    #[test]
    fn rows_move_to_the_next_page_under_a_repeated_header() {
        let mut p = Pager::new();
        p.y = 600.0;
        table(&mut p, &long_table(60, 12));
        assert!(p.pages.len() > 2);
        assert!(texts(&p).all(|(_, y, _)| (TOP..=PAGE_H - BOTTOM).contains(&y)));
        let headers = texts(&p).filter(|(_, _, t)| *t == "STT").count();
        assert_eq!(headers, p.pages.len());
        // No row is split: each row number sits on the page of its whole row.
        let amounts = texts(&p).filter(|(_, _, t)| *t == "702.000").count();
        assert_eq!(amounts, 60);
    }

    #[test]
    fn a_row_taller_than_a_page_is_split_between_its_lines() {
        let mut p = Pager::new();
        table(&mut p, &long_table(10, 1500));
        assert!(p.pages.len() >= 3);
        assert!(texts(&p).all(|(_, y, _)| (TOP..=PAGE_H - BOTTOM).contains(&y)));
        // Every word is drawn once, plus the header's "Thành tích" on every page.
        let words = texts(&p).filter(|(_, _, t)| *t == "tích").count();
        assert_eq!(words, 9 * 12 + 1500 + p.pages.len());
    }
}
