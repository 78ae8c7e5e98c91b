//! The fixed parts of an official document around its body (NĐ 30/2020 Phụ lục I): the
//! header (issuing body, number, national motto, place and date), the type name and summary,
//! and the footer (recipients, signature) that keeps together on one page.

use super::fonts::Style;
use super::layout::{Align, Frame, Pager, baseline, height};
use super::text::{Line, Span, wrap};
use super::{BODY, LEFT, LINE, WIDTH};
use crate::documents::{MOTTO, OfficialDocument};

/// The header's font size.
const HEAD: f32 = 13.0;
/// A short rule's length as a share of the text line above it (NĐ 30: 1/3 to 1/2).
const RULE_SHARE: f32 = 0.4;
/// The words that open the name of a unit of a level; an issuing body's name that needs
/// two lines breaks before one ("ỦY BAN NHÂN DÂN / XÃ HÒA TÂN TÂY").
const LEVELS: [&str; 8] = [
    "XÃ",
    "PHƯỜNG",
    "THỊ",
    "HUYỆN",
    "QUẬN",
    "THÀNH",
    "TỈNH",
    "ĐẶC",
];

fn centred(x: f32, w: f32) -> Frame {
    Frame {
        x,
        w,
        align: Align::Center,
        indent: 0.0,
    }
}

/// The lines of a name (or a summary) in a column: one when it fits; two when it fits on
/// two, broken before a level word ("XÃ", "HUYỆN", …) if one allows it, else where the
/// lines are most even; else as many as the greedy breaking needs.
pub(super) fn name_lines(text: &str, style: Style, size: f32, w: f32) -> Vec<Line> {
    let text = text.split_whitespace().collect::<Vec<_>>();
    let joined = text.join(" ");
    if style.width(&joined, size) <= w {
        return vec![Line::plain(style, &joined, true)];
    }
    let splits = (1..text.len()).filter_map(|k| {
        let (a, b) = (text[..k].join(" "), text[k..].join(" "));
        let widest = style.width(&a, size).max(style.width(&b, size));
        (widest <= w).then_some((k, widest, a, b))
    });
    let best = splits.min_by(|x, y| {
        let level = |k: usize| !LEVELS.contains(&text[k]);
        (level(x.0), x.1)
            .partial_cmp(&(level(y.0), y.1))
            .unwrap_or(std::cmp::Ordering::Equal)
    });
    match best {
        Some((_, _, a, b)) => vec![Line::plain(style, &a, false), Line::plain(style, &b, true)],
        None => wrap(&[Span::new(style, &joined)], size, w, 0.0),
    }
}

/// The widest of `lines` at `size` points: the text line a short rule under them is
/// measured against.
fn widest(lines: &[Line], size: f32) -> f32 {
    lines.iter().map(|l| l.width(size)).fold(0.0, f32::max)
}

/// The header: left the parent and issuing bodies over a short rule, right the motto over a
/// rule its own length; then the number and the place and date on one baseline below the
/// taller column.
pub(super) fn header(p: &mut Pager, doc: &OfficialDocument) {
    let (left_w, right_w) = (WIDTH * 0.42, WIDTH * 0.58);
    let (left, right) = (centred(LEFT, left_w), centred(LEFT + left_w, right_w));
    let top = p.y;
    if let Some(parent) = &doc.parent_authority {
        let lines = name_lines(parent, Style::Regular, HEAD, left_w);
        p.lines(&lines, HEAD, left, 0.0);
    }
    let body = name_lines(&doc.issuing_body, Style::Bold, HEAD, left_w);
    p.lines(&body, HEAD, left, 0.0);
    let above = widest(&body, HEAD);
    let y = p.y + 1.0;
    p.centred_rule(LEFT, left_w, above * RULE_SHARE, y);
    let left_bottom = y;
    p.y = top;
    p.paragraph(MOTTO.0, Style::Bold, 12.0, right);
    p.paragraph(MOTTO.1, Style::Bold, HEAD, right);
    let y = p.y + 1.0;
    p.centred_rule(LEFT + left_w, right_w, Style::Bold.width(MOTTO.1, HEAD), y);
    p.y = left_bottom.max(y) + 8.0;
    let row = p.y;
    let number = wrap(
        &[Span::new(Style::Regular, &doc.number_line)],
        HEAD,
        left_w,
        0.0,
    );
    p.lines(&number, HEAD, left, 0.0);
    let left_bottom = p.y;
    p.y = row;
    let date = wrap(
        &[Span::new(Style::Italic, &doc.place_date)],
        HEAD,
        right_w,
        0.0,
    );
    p.lines(&date, HEAD, right, 0.0);
    p.y = p.y.max(left_bottom) + 14.0;
}

/// The type name and the summary, centred and bold, over a short rule.
pub(super) fn title(p: &mut Pager, doc: &OfficialDocument) {
    p.paragraph(&doc.type_name, Style::Bold, BODY, centred(LEFT, WIDTH));
    let (x, w) = (LEFT + WIDTH * 0.08, WIDTH * 0.84);
    let summary = name_lines(&doc.summary, Style::Bold, BODY, w);
    p.lines(&summary, BODY, centred(x, w), 0.0);
    let above = widest(&summary, BODY);
    let y = p.y + 2.0;
    p.centred_rule(LEFT, WIDTH, above * RULE_SHARE, y);
    p.y += 14.0;
}

/// The space between the body and the footer.
pub(super) const GAP: f32 = 12.0;
const RECIPIENTS_HEAD: f32 = 12.0;
const RECIPIENTS: f32 = 11.0;
/// The room left for the handwritten signature and the seal, in body lines.
const SIGN_LINES: f32 = 4.0;

fn recipient_lines(doc: &OfficialDocument) -> Vec<Line> {
    let col = WIDTH / 2.0;
    doc.recipients
        .iter()
        .flat_map(|r| wrap(&[Span::new(Style::Regular, r)], RECIPIENTS, col, 0.0))
        .collect()
}

fn signature_lines(doc: &OfficialDocument) -> Vec<Line> {
    let col = WIDTH / 2.0;
    let s = &doc.signature;
    s.authority_line
        .iter()
        .chain([&s.title])
        .flat_map(|t| wrap(&[Span::new(Style::Bold, t)], BODY, col, 0.0))
        .collect()
}

/// The signature column's height, the signer's name as wrapped in the column (a long
/// name takes several lines, all kept with "Nơi nhận:").
fn signature_height(doc: &OfficialDocument) -> f32 {
    let name = wrap(
        &[Span::new(Style::Bold, &doc.signature.name)],
        BODY,
        WIDTH / 2.0,
        0.0,
    )
    .len()
    .max(1);
    height(signature_lines(doc).len() + name, BODY) + SIGN_LINES * BODY * LINE
}

/// The footer's height: the taller of its two columns.
pub(super) fn footer_height(doc: &OfficialDocument) -> f32 {
    let recipients = height(1, RECIPIENTS_HEAD) + height(recipient_lines(doc).len(), RECIPIENTS);
    recipients.max(signature_height(doc))
}

/// The footer: "Nơi nhận:" and the distribution list left, the signature block right,
/// level with it, both starting on one page (a list longer than a page goes on alone).
pub(super) fn footer(p: &mut Pager, doc: &OfficialDocument) {
    let col = WIDTH / 2.0;
    p.y += GAP;
    let sign_h = signature_height(doc);
    p.keep(footer_height(doc), sign_h);
    let (top, page) = (p.y, p.pages.len());
    let right = centred(LEFT + col, col);
    p.lines(&signature_lines(doc), BODY, right, 0.0);
    p.y += SIGN_LINES * BODY * LINE;
    p.paragraph(&doc.signature.name, Style::Bold, BODY, right);
    let sign_bottom = p.y;
    p.y = top;
    let left = Frame {
        x: LEFT,
        w: col,
        align: Align::Left,
        indent: 0.0,
    };
    let head = Line::plain(Style::BoldItalic, "Nơi nhận:", true);
    p.line(
        &head,
        RECIPIENTS_HEAD,
        left,
        0.0,
        top + baseline(RECIPIENTS_HEAD),
    );
    p.y += height(1, RECIPIENTS_HEAD);
    p.lines(&recipient_lines(doc), RECIPIENTS, left, 0.0);
    if p.pages.len() == page {
        p.y = p.y.max(sign_bottom);
    }
}
