//! Tables in the PDF: full width, thin black borders, cells wrapped with the paragraphs' line
//! breaking. A row that does not fit the rest of the page moves to the next one, where the
//! header row is repeated; a row taller than a whole page is split between its lines, so
//! nothing is clipped. A word wider than its column is broken inside the cell. The last row
//! (the total) never stands alone on a page: it keeps with the row before it.

use super::layout::{Align, Frame, LIMIT, Op, Pager, baseline};
use super::text::{Line, Span, wrap};
use super::{LEFT, LINE, Style, TOP, WIDTH};
use crate::documents::Table;

/// The cells' font size (NĐ 30 allows a smaller size in tables).
const SIZE: f32 = 12.0;
const LINE_H: f32 = SIZE * LINE;
const PAD_X: f32 = 4.0;
const PAD_Y: f32 = 3.0;
const BORDER: f32 = 0.5;

/// A row, broken into lines cell by cell.
struct Row {
    cells: Vec<Vec<Line>>,
    header: bool,
    lines: usize,
}

impl Row {
    fn height(&self, lines: usize) -> f32 {
        lines as f32 * LINE_H + 2.0 * PAD_Y
    }
}

/// Breaks each cell of a row into lines for its column.
fn row(cells: &[String], columns: &[(f32, f32)], style: Style, header: bool) -> Row {
    let cells: Vec<Vec<Line>> = columns
        .iter()
        .enumerate()
        .map(|(i, (_, w))| match cells.get(i) {
            Some(text) if !text.trim().is_empty() => {
                wrap(&[Span::new(style, text.trim())], SIZE, w - 2.0 * PAD_X, 0.0)
            }
            _ => Vec::new(),
        })
        .collect();
    let lines = cells.iter().map(Vec::len).max().unwrap_or(0).max(1);
    Row {
        cells,
        header,
        lines,
    }
}

/// Each column's left edge and width: its share of the width, widened to its widest word
/// (up to 30 % of the width: "STT", an amount) with the room taken from the columns that
/// have some to spare, so short words are never cut.
fn columns(t: &Table) -> Vec<(f32, f32)> {
    let mut widths: Vec<f32> = t.column_shares().iter().map(|s| s * WIDTH).collect();
    let last = t.rows.len().saturating_sub(1);
    let need: Vec<f32> = (0..widths.len())
        .map(|i| {
            let header = t.header.get(i).map(|h| (Style::Bold, h));
            let body = t.rows.iter().enumerate().filter_map(|(r, row)| {
                let bold = t.total_row && r == last;
                let style = if bold { Style::Bold } else { Style::Regular };
                row.get(i).map(|c| (style, c))
            });
            let widest = header
                .into_iter()
                .chain(body)
                .flat_map(|(style, text)| text.split_whitespace().map(move |w| (style, w)))
                .map(|(style, w)| style.width(w, SIZE))
                .fold(0.0, f32::max);
            widest.min(WIDTH * 0.3) + 2.0 * PAD_X
        })
        .collect();
    let gaps: Vec<f32> = widths.iter().zip(&need).map(|(w, n)| w - n).collect();
    let deficit: f32 = gaps.iter().map(|g| (-g).max(0.0)).sum();
    let slack: f32 = gaps.iter().map(|g| g.max(0.0)).sum();
    if deficit > 0.0 && slack >= deficit {
        for ((w, n), g) in widths.iter_mut().zip(&need).zip(&gaps) {
            *w = if *g < 0.0 {
                *n
            } else {
                *w - g * deficit / slack
            };
        }
    }
    let mut x = LEFT;
    widths
        .into_iter()
        .map(|w| {
            let col = (x, w);
            x += w;
            col
        })
        .collect()
}

/// The height of the header row and of one line of the first row: what must fit on a page
/// where the table starts.
pub(super) fn lead_height(t: &Table) -> f32 {
    let columns = columns(t);
    let header = if t.header.is_empty() {
        0.0
    } else {
        let h = row(&t.header, &columns, Style::Bold, true);
        h.height(h.lines)
    };
    header + LINE_H + 2.0 * PAD_Y
}

/// Lays out `t` from the pager's `y`, advancing it past the table; its last two rows stay
/// on one page with `keep_after` points of what follows when that fits a page.
pub(super) fn table(p: &mut Pager, t: &Table, keep_after: f32) {
    let columns = columns(t);
    let header = (!t.header.is_empty()).then(|| row(&t.header, &columns, Style::Bold, true));
    let last = t.rows.len().saturating_sub(1);
    let body: Vec<Row> = t
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
    let limit = LIMIT;
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
    for (index, r) in body.iter().enumerate() {
        if body.len() >= 2 && index == body.len() - 2 {
            // Keep the total with the row before it (and with what follows, if it can).
            let pair = r.height(r.lines) + body[index + 1].height(body[index + 1].lines);
            let room = limit - TOP - header_h;
            let need = if pair + keep_after <= room {
                pair + keep_after
            } else {
                pair
            };
            if p.y + need > limit && need <= room && p.y > TOP + header_h + 0.01 {
                continue_on_next_page(p);
            }
        }
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
fn draw(p: &mut Pager, t: &Table, columns: &[(f32, f32)], r: &Row, from: usize, to: usize) {
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
            let baseline = top + PAD_Y + offset + j as f32 * LINE_H + baseline(SIZE);
            let frame = Frame {
                x: x + PAD_X,
                w: w - 2.0 * PAD_X,
                align,
                indent: 0.0,
            };
            p.line(line, SIZE, frame, 0.0, baseline);
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
                _ => None,
            })
        })
    }

    #[test]
    fn rows_move_to_the_next_page_under_a_repeated_header() {
        let mut p = Pager::new();
        p.y = 600.0;
        table(&mut p, &long_table(60, 12), 0.0);
        assert!(p.pages.len() > 2);
        assert!(texts(&p).all(|(_, y, _)| (TOP..=LIMIT).contains(&y)));
        let headers = texts(&p).filter(|(_, _, t)| *t == "STT").count();
        assert_eq!(headers, p.pages.len());
        // No row is split: each row number sits on the page of its whole row.
        let amounts = texts(&p).filter(|(_, _, t)| *t == "702.000").count();
        assert_eq!(amounts, 60);
    }

    #[test]
    fn a_row_taller_than_a_page_is_split_between_its_lines() {
        let mut p = Pager::new();
        table(&mut p, &long_table(10, 1500), 0.0);
        assert!(p.pages.len() >= 3);
        assert!(texts(&p).all(|(_, y, _)| (TOP..=LIMIT).contains(&y)));
        // Every word is drawn once, plus the header's "Thành tích" on every page.
        let words: usize = texts(&p).map(|(_, _, t)| t.matches("tích").count()).sum();
        assert_eq!(words, 9 * 12 + 1500 + p.pages.len());
    }

    /// The page of the first text drawn that is `text`.
    fn page_of(p: &Pager, text: &str) -> Option<usize> {
        texts(p).find(|(_, _, t)| *t == text).map(|(i, _, _)| i)
    }

    #[test]
    fn the_total_row_never_stands_alone_on_a_page() {
        let mut t = long_table(8, 12);
        t.total_row = true;
        t.rows
            .push(vec!["".into(), "Tổng cộng".into(), "5.616.000".into()]);
        // Start so low that exactly the rows before the total fit the page.
        let mut probe = Pager::new();
        table(&mut probe, &t, 0.0);
        let total_h = 2.0 * PAD_Y + LINE_H;
        let mut p = Pager::new();
        p.y = LIMIT - (probe.y - TOP) + total_h - 1.0;
        table(&mut p, &t, 0.0);
        assert_eq!(p.pages.len(), 2);
        assert_eq!(page_of(&p, "Tổng cộng"), Some(1));
        // The row before it came along, under a repeated header.
        assert_eq!(page_of(&p, "8"), Some(1));
        assert_eq!(texts(&p).filter(|(_, _, t)| *t == "STT").count(), 2);
    }

    #[test]
    fn a_long_name_wraps_inside_its_cell() {
        let t = Table {
            widths: vec![1, 2, 1],
            header: vec![],
            rows: vec![vec![
                "1".into(),
                "Bộ_phận_Tiếp_nhận_và_Trả_kết_quả_theo_cơ_chế_một_cửa_liên_thông".into(),
                "ABCDEFGHIJKLMNOPQRSTUVWXYZABCDEFGHIJKLMNOPQRSTUVWXYZ".into(),
            ]],
            align_right: vec![],
            total_row: false,
        };
        let mut p = Pager::new();
        table(&mut p, &t, 0.0);
        let cols = columns(&t);
        for op in &p.pages[0] {
            if let Op::Text {
                x,
                style,
                text,
                size,
                ..
            } = op
            {
                let right = x + style.width(text, *size);
                let col = if text.starts_with("Bộ") || text.contains('_') {
                    cols[1]
                } else if text.starts_with(char::is_alphabetic) {
                    cols[2]
                } else {
                    cols[0]
                };
                let (from, to) = (col.0, col.0 + col.1);
                assert!(*x >= from && right <= to, "{text} at {x}..{right}");
            }
        }
        assert!(p.y - TOP > 3.0 * LINE_H);
    }

    #[test]
    fn a_narrow_column_widens_to_its_widest_short_word() {
        let t = Table {
            widths: vec![1, 20, 3],
            header: vec!["STT".into(), "Họ và tên".into(), "Số tiền".into()],
            rows: vec![vec![
                "1".into(),
                "Nguyễn Thị Mai".into(),
                "28.080.000".into(),
            ]],
            align_right: vec![false, false, true],
            total_row: false,
        };
        let cols = columns(&t);
        assert!(cols[0].1 >= Style::Bold.width("STT", SIZE) + 2.0 * PAD_X - 0.01);
        assert!(cols[2].1 >= Style::Regular.width("28.080.000", SIZE) + 2.0 * PAD_X - 0.01);
        let total: f32 = cols.iter().map(|c| c.1).sum();
        assert!((total - WIDTH).abs() < 0.01);
        let mut p = Pager::new();
        table(&mut p, &t, 0.0);
        assert!(texts(&p).any(|(_, _, t)| t == "STT"));
        assert!(texts(&p).any(|(_, _, t)| t == "28.080.000"));
    }
}
