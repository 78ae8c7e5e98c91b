//! The fixed parts of an official document around its body: the header (issuing body,
//! number, national motto, place and date) and the footer (recipients, signature).

use super::fonts::Style;
use super::layout::{Align, Pager};
use super::{BODY, LEFT, WIDTH};
use crate::documents::{MOTTO, OfficialDocument};

pub(super) fn header(p: &mut Pager, doc: &OfficialDocument) {
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
    p.centred_rule(LEFT, left_w, rule_w, y);
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
    p.centred_rule(right_x, right_w, motto_w, y);
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

pub(super) fn footer(p: &mut Pager, doc: &OfficialDocument) {
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
