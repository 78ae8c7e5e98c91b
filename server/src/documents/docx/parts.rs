//! The pieces every part of the DOCX is made of: fonts and sizes, the NĐ 30 spacing (lines
//! exactly 1.15 × the size, 6 pt after a body paragraph), text measured with the font's own
//! advances, and the short rules drawn as paragraph borders.

use std::sync::OnceLock;

use docx_rs::{
    AlignmentType, BorderType, BreakType, LineSpacing, LineSpacingType, Paragraph, ParagraphBorder,
    ParagraphBorderPosition, ParagraphBorders, Run, RunFonts, SpecialIndentType,
};

/// Sizes in half-points, as DOCX counts them: body 14 pt.
pub(super) const BODY: usize = 28;
/// The header blocks, motto, place and date, 13 pt.
pub(super) const HEADER: usize = 26;
/// The national name and table cells, 12 pt.
pub(super) const SMALL_12: usize = 24;
/// The distribution list, 11 pt.
pub(super) const SMALL_11: usize = 22;
/// The content width in twips: 210 mm - 30 - 15 = 165 mm.
pub(super) const CONTENT: usize = 9355;
/// The first-line indent of body paragraphs, 1 cm in twips.
pub(super) const INDENT: i32 = 567;
/// Space after a body paragraph, twips: 6 pt (NĐ 30 Phụ lục I: at least 6 pt).
pub(super) const AFTER: u32 = 120;

/// Times New Roman in every script slot (LibreOffice substitutes the metric-compatible
/// Liberation Serif).
pub(super) fn fonts() -> RunFonts {
    RunFonts::new()
        .ascii("Times New Roman")
        .hi_ansi("Times New Roman")
        .cs("Times New Roman")
        .east_asia("Times New Roman")
}

/// A run of `text` at `size` half-points.
pub(super) fn run(text: &str, size: usize) -> Run {
    Run::new().add_text(text).size(size).fonts(fonts())
}

/// The exact line height, in twips, for `size` half-points: 1.15 × the size (14 pt → 322 =
/// 16.1 pt, the PDF writer's line height).
pub(super) fn line(size: usize) -> i32 {
    (size * 10 * 115 / 100) as i32
}

/// Exact lines for `size` and `after` twips of space after.
pub(super) fn spacing(size: usize, before: u32, after: u32) -> LineSpacing {
    LineSpacing::new()
        .line(line(size))
        .line_rule(LineSpacingType::Exact)
        .before(before)
        .after(after)
}

/// A paragraph of one run with exact lines for `size` and no space around it.
pub(super) fn line_of(r: Run, size: usize, align: AlignmentType) -> Paragraph {
    Paragraph::new()
        .add_run(r)
        .align(align)
        .line_spacing(spacing(size, 0, 0))
}

/// A justified 14 pt body paragraph with a first-line indent and 6 pt after it.
pub(super) fn body(runs: Vec<Run>) -> Paragraph {
    runs.into_iter()
        .fold(Paragraph::new(), Paragraph::add_run)
        .align(AlignmentType::Both)
        .indent(None, Some(SpecialIndentType::FirstLine(INDENT)), None, None)
        .line_spacing(spacing(BODY, 0, AFTER))
}

/// A run holding `lines` separated by line breaks.
pub(super) fn lines_run(lines: &[String], size: usize) -> Run {
    let mut r = Run::new().size(size).fonts(fonts());
    for (i, l) in lines.iter().enumerate() {
        if i > 0 {
            r = r.add_break(BreakType::TextWrapping);
        }
        r = r.add_text(l);
    }
    r
}

/// The thickness of the short rules, in eighths of a point (0.625 pt, as the PDF's 0.6).
const RULE: usize = 5;

/// A short horizontal rule `width` twips long, centred in a column `column` twips wide, 3 pt
/// below the line above it and `after` twips above the next: an empty 3 pt paragraph whose
/// top border the indents cut to length (NĐ 30 Phụ lục I: the rules under the issuing body
/// and the summary are 1/3 to 1/2 of the line above, the one under the motto as long as the
/// motto).
pub(super) fn rule(column: usize, width: usize, after: u32) -> Paragraph {
    let side = (column.saturating_sub(width) / 2) as i32;
    let mut p = Paragraph::new()
        .indent(Some(side), None, Some(side), None)
        .line_spacing(
            LineSpacing::new()
                .line(60)
                .line_rule(LineSpacingType::Exact)
                .before(60)
                .after(after),
        )
        .size(4);
    // `with_empty`: docx-rs's default border set draws all four sides.
    p.property = p.property.set_borders(
        ParagraphBorders::with_empty().set(
            ParagraphBorder::new(ParagraphBorderPosition::Top)
                .val(BorderType::Single)
                .size(RULE)
                .space(0)
                .color("000000"),
        ),
    );
    p
}

/// Liberation Serif Bold, metric-compatible with Times New Roman Bold: used to measure bold
/// lines (an upper bound for the regular and italic ones).
const BOLD_FONT: &[u8] = include_bytes!("../../../assets/fonts/LiberationSerif-Bold.ttf");

fn bold_face() -> Option<&'static ttf_parser::Face<'static>> {
    static FACE: OnceLock<Option<ttf_parser::Face<'static>>> = OnceLock::new();
    FACE.get_or_init(|| ttf_parser::Face::parse(BOLD_FONT, 0).ok())
        .as_ref()
}

/// The width of `text` set bold at `size` half-points, in twips (a glyph the font lacks
/// counts half an em).
pub(super) fn bold_width(text: &str, size: usize) -> usize {
    let Some(face) = bold_face() else {
        return text.chars().count() * size * 10 * 2 / 3;
    };
    let em = f64::from(face.units_per_em());
    let units: f64 = text
        .chars()
        .map(|c| {
            face.glyph_index(c)
                .and_then(|g| face.glyph_hor_advance(g))
                .map_or(em / 2.0, f64::from)
        })
        .sum();
    (units / em * size as f64 * 10.0).round() as usize
}

/// `text` as at most two lines for a column `inner` twips wide at `size`: as it is when it
/// fits, else broken at the space that makes the longer line shortest, so that a name
/// breaks between its parts ("ỦY BAN NHÂN DÂN / XÃ HÒA TÂN TÂY") and not inside one; as it
/// is (left to wrap) when no two lines fit.
pub(super) fn balanced(text: &str, size: usize, inner: usize) -> Vec<String> {
    if bold_width(text, size) <= inner {
        return vec![text.to_owned()];
    }
    let best = text
        .char_indices()
        .filter(|(_, c)| *c == ' ')
        .map(|(i, _)| {
            let (a, b) = (text[..i].trim_end(), text[i..].trim_start());
            (bold_width(a, size).max(bold_width(b, size)), a, b)
        })
        .min_by_key(|(w, _, _)| *w);
    match best {
        Some((w, a, b)) if w <= inner => vec![a.to_owned(), b.to_owned()],
        _ => vec![text.to_owned()],
    }
}
