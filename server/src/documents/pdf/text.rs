//! Line breaking: styled text broken into lines by measured glyph advances (greedy, at
//! spaces). Runs of spaces are kept with their real width (the blanks of a draft's
//! "Số:      /KH-UBND"), except where a line breaks. A word wider than a line (a URL, a long
//! code) is broken at the width, after a `/ ? & - _ .` when one falls in the line's second
//! half, else between any two characters, so nothing runs off the page or over a cell.

use super::fonts::Style;

/// A stretch of text in one style.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Span {
    pub(super) style: Style,
    pub(super) text: String,
}

impl Span {
    pub(super) fn new(style: Style, text: &str) -> Span {
        Span {
            style,
            text: text.to_owned(),
        }
    }
}

/// One broken line: its spans with their spaces, and whether it ends its paragraph (a
/// justified paragraph leaves its last line ragged).
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Line {
    pub(super) spans: Vec<Span>,
    pub(super) last: bool,
}

impl Line {
    /// A line of one style, as it is.
    pub(super) fn plain(style: Style, text: &str, last: bool) -> Line {
        Line {
            spans: vec![Span::new(style, text)],
            last,
        }
    }

    /// Its natural width at `size` points.
    pub(super) fn width(&self, size: f32) -> f32 {
        self.spans
            .iter()
            .map(|s| s.style.width(&s.text, size))
            .sum()
    }

    /// Its space characters (where justification spreads the slack).
    pub(super) fn spaces(&self) -> usize {
        self.spans
            .iter()
            .map(|s| s.text.chars().filter(|c| *c == ' ').count())
            .sum()
    }

    /// Its text, styles dropped.
    #[cfg(test)]
    pub(super) fn text(&self) -> String {
        self.spans.iter().map(|s| s.text.as_str()).collect()
    }
}

/// One character of the paragraph with its style and advance.
#[derive(Clone, Copy)]
struct Ch {
    style: Style,
    c: char,
    w: f32,
}

/// The characters after which a long word is preferably broken.
const BREAK_AFTER: [char; 6] = ['/', '?', '&', '-', '_', '.'];
/// Slack for rounding when comparing widths.
const EPS: f32 = 0.01;

/// Breaks `spans` into lines `width` wide at `size` points, the first one `first_indent`
/// narrower. Any whitespace but a no-break space counts as a space.
pub(super) fn wrap(spans: &[Span], size: f32, width: f32, first_indent: f32) -> Vec<Line> {
    let chars: Vec<Ch> = spans
        .iter()
        .flat_map(|s| {
            s.text.chars().map(move |c| {
                let c = if c.is_whitespace() && c != '\u{A0}' && c != '\u{202F}' {
                    ' '
                } else {
                    c
                };
                Ch {
                    style: s.style,
                    c,
                    w: s.style.char_width(c, size),
                }
            })
        })
        .collect();
    let n = chars.len();
    let mut lines = Vec::new();
    let mut s = 0;
    loop {
        let limit = if lines.is_empty() {
            width - first_indent
        } else {
            width
        };
        let mut used = 0.0;
        let mut i = s;
        while i < n && used + chars[i].w <= limit + EPS {
            used += chars[i].w;
            i += 1;
        }
        if i == n {
            lines.push(line(&chars[s..n], true));
            return lines;
        }
        let (end, next) = break_at(&chars, s, i, limit, width);
        lines.push(line(&chars[s..end], false));
        s = next;
        if s >= n {
            if let Some(l) = lines.last_mut() {
                l.last = true;
            }
            return lines;
        }
    }
}

/// Where to break a line starting at `s` whose character `i` overflows: the end of its
/// content and the start of the next line.
fn break_at(chars: &[Ch], s: usize, i: usize, limit: f32, width: f32) -> (usize, usize) {
    let skip = |mut k: usize| {
        while k < chars.len() && chars[k].c == ' ' {
            k += 1;
        }
        k
    };
    let trim = |mut k: usize| {
        while k > s && chars[k - 1].c == ' ' {
            k -= 1;
        }
        k
    };
    if chars[i].c == ' ' && trim(i) > s {
        return (trim(i), skip(i));
    }
    // The last space before the overflow that has a word before it on the line.
    let space = (s + 1..i)
        .rev()
        .find(|k| chars[*k].c == ' ' && trim(*k) > s);
    if let Some(j) = space {
        let word_start = j + 1;
        let word_end = (word_start..chars.len())
            .find(|k| chars[*k].c == ' ')
            .unwrap_or(chars.len());
        let word_w: f32 = chars[word_start..word_end].iter().map(|c| c.w).sum();
        let room: f32 = limit - chars[s..word_start].iter().map(|c| c.w).sum::<f32>();
        // A word that fits no line starts on this one when a quarter of it is free.
        if word_w <= width + EPS || room < limit / 4.0 || i <= word_start {
            return (trim(j), skip(j));
        }
        let k = split(chars, word_start, i);
        return (k, k);
    }
    let from = (s..i).find(|k| chars[*k].c != ' ').unwrap_or(s);
    let k = split(chars, from, i).max(s + 1);
    (k, k)
}

/// Where to split a word running from `from` when character `i` overflows: after the last
/// preferred character in the second half of the piece, else at `i`.
fn split(chars: &[Ch], from: usize, i: usize) -> usize {
    let half = from + (i - from) / 2;
    (half.max(from + 1)..=i)
        .rev()
        .find(|k| BREAK_AFTER.contains(&chars[k - 1].c))
        .unwrap_or(i)
        .max(from + 1)
}

/// Groups characters into spans of one style.
fn line(chars: &[Ch], last: bool) -> Line {
    let mut spans: Vec<Span> = Vec::new();
    for ch in chars {
        match spans.last_mut() {
            Some(span) if span.style == ch.style => span.text.push(ch.c),
            _ => spans.push(Span {
                style: ch.style,
                text: ch.c.to_string(),
            }),
        }
    }
    Line { spans, last }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(lines: &[Line]) -> Vec<String> {
        lines.iter().map(Line::text).collect()
    }

    #[test]
    fn runs_of_spaces_keep_their_width_inside_a_line() {
        let lines = wrap(
            &[Span::new(Style::Regular, "Số:      /KH-UBND")],
            13.0,
            400.0,
            0.0,
        );
        assert_eq!(texts(&lines), vec!["Số:      /KH-UBND"]);
        let one = Style::Regular.width("Số: /KH-UBND", 13.0);
        assert!(lines[0].width(13.0) > one + 5.0 * Style::Regular.width(" ", 13.0) - 0.1);
    }

    #[test]
    fn lines_break_at_spaces_and_drop_them_there() {
        let text = "một hai ba bốn năm sáu bảy tám chín mười";
        let lines = wrap(&[Span::new(Style::Regular, text)], 14.0, 80.0, 0.0);
        assert!(lines.len() > 2);
        for l in &lines {
            assert!(l.width(14.0) <= 80.0 + EPS);
            assert!(!l.text().starts_with(' ') && !l.text().ends_with(' '));
        }
        assert_eq!(texts(&lines).join(" "), text);
        assert!(lines.last().is_some_and(|l| l.last));
    }

    #[test]
    fn a_long_url_is_broken_at_the_width_after_a_slash() {
        let url = format!(
            "https://dichvucong.gov.vn/p/home/{}",
            "dvc-tthc-".repeat(18)
        );
        assert!(url.len() >= 170);
        let text = format!("Xem tại {url} để biết thêm.");
        let lines = wrap(&[Span::new(Style::Regular, &text)], 14.0, 467.7, 28.35);
        assert!(lines.len() >= 3);
        for (i, l) in lines.iter().enumerate() {
            let indent = if i == 0 { 28.35 } else { 0.0 };
            assert!(l.width(14.0) <= 467.7 - indent + EPS, "{}", l.text());
        }
        // The URL starts on the first line and pieces end at a preferred character.
        assert!(lines[0].text().starts_with("Xem tại https:"));
        assert!(lines[0].text().ends_with('/') || lines[0].text().ends_with('-'));
        assert_eq!(texts(&lines).concat(), text);
    }

    #[test]
    fn a_code_without_break_characters_is_cut_character_by_character() {
        let code = "X".repeat(60);
        let lines = wrap(&[Span::new(Style::Bold, &code)], 12.0, 100.0, 0.0);
        assert!(lines.len() > 3);
        assert!(lines.iter().all(|l| l.width(12.0) <= 100.0 + EPS));
        assert_eq!(texts(&lines).concat(), code);
    }

    #[test]
    fn styles_survive_the_breaking() {
        let spans = [
            Span::new(Style::Bold, "Điều 1."),
            Span::new(Style::Regular, " Khen thưởng các tập thể và cá nhân"),
        ];
        let lines = wrap(&spans, 14.0, 150.0, 28.0);
        assert_eq!(lines[0].spans[0], Span::new(Style::Bold, "Điều 1."));
        assert_eq!(lines[0].spans[1].style, Style::Regular);
    }
}
