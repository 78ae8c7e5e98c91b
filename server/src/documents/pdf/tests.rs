//! The writer's layout checked on its own page model, and its text through poppler.

use super::layout::{LIMIT, Op};
use super::*;
use crate::documents::{Figure, Signature};

/// A plan-like document: `paragraphs` paragraphs of `words` words, then the footer.
fn doc(paragraphs: usize, words: usize, recipients: usize) -> OfficialDocument {
    let mut blocks = vec![Block::Heading("I. MỤC ĐÍCH, YÊU CẦU".into())];
    for i in 0..paragraphs {
        let text = vec!["nâng cao chỉ số cải cách hành chính"; words].join(" ");
        blocks.push(Block::Paragraph(format!("Đoạn {i}: {text}.")));
    }
    OfficialDocument {
        parent_authority: Some("UBND HUYỆN TÂY HÒA".into()),
        issuing_body: "ỦY BAN NHÂN DÂN XÃ HÒA TÂN TÂY".into(),
        number_line: "Số:      /KH-UBND".into(),
        place_date: "Hòa Tân Tây, ngày      tháng      năm      ".into(),
        type_name: "KẾ HOẠCH".into(),
        summary: "Cải cách hành chính năm 2024".into(),
        blocks,
        recipients: (1..=recipients)
            .map(|i| format!("- Phòng chuyên môn số {i};"))
            .chain(["- Lưu: VT.".to_owned()])
            .collect(),
        signature: Signature {
            authority_line: Some("TM. ỦY BAN NHÂN DÂN".into()),
            title: "CHỦ TỊCH".into(),
            name: "Lê Văn Vũ".into(),
        },
        title: "Kế hoạch".into(),
    }
}

/// Every text run: page, x, baseline, style, text, right edge.
fn runs(p: &Pager) -> Vec<(usize, f32, f32, Style, String, f32)> {
    let mut out = Vec::new();
    for (i, ops) in p.pages.iter().enumerate() {
        for op in ops {
            if let Op::Text {
                x,
                y,
                style,
                size,
                text,
                spacing,
            } = op
            {
                let spaces = text.chars().filter(|c| *c == ' ').count() as f32;
                let right = x + style.width(text, *size) + spaces * spacing;
                out.push((i, *x, *y, *style, text.clone(), right));
            }
        }
    }
    out
}

/// The first run whose text starts with `start`.
fn find(p: &Pager, start: &str) -> Option<(usize, f32, f32, Style, String, f32)> {
    runs(p).into_iter().find(|r| r.4.starts_with(start))
}

fn everything_inside_the_margins(p: &Pager) {
    for (page, x, y, _, text, right) in runs(p) {
        let in_top_margin = y < TOP;
        assert!(
            x >= LEFT - 0.01 && right <= LEFT + WIDTH + 0.01,
            "{page}: {text}"
        );
        assert!(in_top_margin || y <= LIMIT, "{page}: {text} at {y}");
    }
}

#[test]
fn pages_are_numbered_from_the_second_at_the_top_centre() {
    let p = layout(&doc(30, 12, 3));
    assert!(p.pages.len() >= 3);
    let numbers: Vec<_> = runs(&p).into_iter().filter(|r| r.2 < TOP).collect();
    assert_eq!(numbers.len(), p.pages.len() - 1);
    for (page, x, _, _, text, right) in numbers {
        assert_eq!(text, (page + 1).to_string());
        let centre = (x + right) / 2.0;
        assert!((centre - (LEFT + WIDTH / 2.0)).abs() < 0.1);
    }
    everything_inside_the_margins(&p);
}

#[test]
fn the_signature_stands_level_with_the_recipients_and_brings_the_last_lines() -> Result<(), String>
{
    // A body that fills page 1 nearly to the bottom, then 40 recipients.
    for paragraphs in 8..16 {
        let d = doc(paragraphs, 10, 40);
        let p = layout(&d);
        let head = find(&p, "Nơi nhận:").ok_or("recipients")?;
        let sign = find(&p, "TM. ỦY BAN").ok_or("signature")?;
        assert_eq!(head.0, sign.0, "{paragraphs} paragraphs");
        assert!(
            (head.2 - sign.2).abs() < 3.0,
            "level: {} vs {}",
            head.2,
            sign.2
        );
        let last = format!("Đoạn {}:", paragraphs - 1);
        let ends: Vec<_> = runs(&p)
            .into_iter()
            .filter(|r| r.4.ends_with("hành chính."))
            .collect();
        assert!(find(&p, &last).is_some());
        assert_eq!(ends.last().map(|r| r.0), Some(head.0), "{paragraphs}");
        everything_inside_the_margins(&p);
    }
    Ok(())
}

#[test]
fn a_heading_keeps_with_the_next_block() -> Result<(), String> {
    for paragraphs in 1..12 {
        let mut d = doc(paragraphs, 10, 2);
        d.blocks.push(Block::Heading("II. NỘI DUNG".into()));
        d.blocks.push(Block::Paragraph("Một đoạn dài ".repeat(40)));
        d.blocks.push(Block::Paragraph("Kết thúc.".into()));
        let p = layout(&d);
        let heading = find(&p, "II. NỘI DUNG").ok_or("heading")?;
        let next = find(&p, "Một đoạn").ok_or("next")?;
        assert_eq!(heading.0, next.0, "{paragraphs}");
    }
    Ok(())
}

#[test]
fn paragraphs_are_six_points_apart_on_single_lines() -> Result<(), String> {
    let p = layout(&doc(2, 30, 1));
    let first = find(&p, "Đoạn 0:").ok_or("first")?;
    let second = find(&p, "Đoạn 1:").ok_or("second")?;
    let lines: Vec<f32> = runs(&p)
        .into_iter()
        .filter(|r| r.2 > first.2 && r.2 < second.2)
        .map(|r| r.2)
        .collect();
    let last = lines.iter().copied().fold(first.2, f32::max);
    assert!((second.2 - last - (BODY * LINE + AFTER)).abs() < 0.01);
    assert!((lines[0] - first.2 - BODY * LINE).abs() < 0.01);
    Ok(())
}

#[test]
fn the_header_breaks_the_name_at_its_level_and_keeps_number_and_date_level() -> Result<(), String> {
    let d = doc(1, 5, 1);
    let p = layout(&d);
    let body = find(&p, "ỦY BAN NHÂN DÂN").ok_or("body")?;
    assert_eq!(body.4, "ỦY BAN NHÂN DÂN");
    assert!(find(&p, "XÃ HÒA TÂN TÂY").is_some());
    let number = find(&p, "Số:").ok_or("number")?;
    let date = find(&p, "Hòa Tân Tây, ngày").ok_or("date")?;
    assert_eq!(number.2, date.2);
    // The draft's blanks stay, with their width.
    assert_eq!(number.4, "Số:      /KH-UBND");
    assert!(number.5 - number.1 > Style::Regular.width("Số: /KH-UBND", 13.0) + 10.0);
    assert_eq!(date.4, "Hòa Tân Tây, ngày      tháng      năm      ");
    Ok(())
}

#[test]
fn the_short_rules_are_a_third_to_a_half_of_the_line_above() {
    let p = layout(&doc(1, 5, 1));
    let rules: Vec<(f32, f32)> = p.pages[0]
        .iter()
        .filter_map(|op| match op {
            Op::Rule { y, w, .. } => Some((*y, *w)),
            _ => None,
        })
        .collect();
    let line_width = |start: &str| find(&p, start).map_or(0.0, |r| r.5 - r.1);
    let under = |start: &str| {
        let y = find(&p, start).map_or(0.0, |r| r.2);
        rules
            .iter()
            .filter(|(ry, _)| *ry > y)
            .min_by(|a, b| a.0.total_cmp(&b.0))
            .map_or(0.0, |r| r.1)
    };
    let body = line_width("ỦY BAN NHÂN DÂN").max(line_width("XÃ HÒA TÂN TÂY"));
    let summary = line_width("Cải cách hành chính");
    for (line, width) in [("XÃ HÒA TÂN TÂY", body), ("Cải cách hành chính", summary)] {
        let share = under(line) / width;
        assert!((1.0 / 3.0..=0.5).contains(&share), "{line}: {share}");
    }
}

#[test]
fn lead_words_are_bold_and_the_rest_regular() -> Result<(), String> {
    let mut d = doc(0, 0, 1);
    d.blocks = vec![Block::Lead {
        lead: "Điều 1.".into(),
        text: "Khen thưởng các tập thể và cá nhân có thành tích xuất sắc ".repeat(3),
    }];
    let p = layout(&d);
    let lead = find(&p, "Điều 1.").ok_or("lead")?;
    assert_eq!((lead.3, lead.4.as_str()), (Style::Bold, "Điều 1."));
    assert!((lead.1 - (LEFT + INDENT)).abs() < 0.01);
    let rest = find(&p, " Khen").ok_or("rest")?;
    assert_eq!((rest.3, rest.2), (Style::Regular, lead.2));
    // Justified: the first line reaches the right margin.
    assert!((rest.5 - (LEFT + WIDTH)).abs() < 0.1);
    Ok(())
}

const PNG: [u8; 73] = [
    137, 80, 78, 71, 13, 10, 26, 10, 0, 0, 0, 13, 73, 72, 68, 82, 0, 0, 0, 4, 0, 0, 0, 2, 8, 2, 0,
    0, 0, 240, 202, 234, 52, 0, 0, 0, 16, 73, 68, 65, 84, 120, 156, 99, 56, 33, 39, 7, 71, 12, 200,
    28, 0, 111, 10, 8, 33, 6, 165, 210, 118, 0, 0, 0, 0, 73, 69, 78, 68, 174, 66, 96, 130,
];

#[test]
fn a_figure_spans_the_text_width_with_its_caption_on_its_page() -> Result<(), String> {
    let mut d = doc(9, 10, 1);
    d.blocks.push(Block::Figure(Figure {
        svg: String::new(),
        png: PNG.to_vec(),
        px_width: 4,
        px_height: 2,
        caption: Some("Biểu đồ 1. Xếp hạng chỉ số cải cách hành chính".into()),
    }));
    let p = layout(&d);
    let (page, y, w, h) = p
        .pages
        .iter()
        .enumerate()
        .find_map(|(i, ops)| {
            ops.iter().find_map(|op| match op {
                Op::Image { y, w, h, .. } => Some((i, *y, *w, *h)),
                _ => None,
            })
        })
        .ok_or("no image")?;
    assert!((w - WIDTH).abs() < 0.01 && (h - WIDTH / 2.0).abs() < 0.01);
    let caption = find(&p, "Biểu đồ 1.").ok_or("no caption")?;
    assert_eq!((caption.0, caption.3), (page, Style::Italic));
    assert!(caption.2 > y + h && caption.2 <= LIMIT);
    everything_inside_the_margins(&p);
    let pdf = write(&d).map_err(|e| format!("{e:?}"))?;
    assert!(pdf.windows(8).any(|w| w == b"/XObject"));
    Ok(())
}

#[test]
fn a_long_url_and_symbols_print_inside_the_page() -> Result<(), String> {
    let mut d = doc(1, 5, 1);
    let url = format!(
        "https://dichvucong.gov.vn/p/home/{}",
        "dvc-tthc-thu-tuc/".repeat(9)
    );
    d.blocks
        .push(Block::Paragraph(format!("Tra cứu tại {url} ✓ ①.")));
    d.blocks.push(Block::Paragraph("MÃHỒSƠ".repeat(30)));
    let p = layout(&d);
    everything_inside_the_margins(&p);
    assert!(write(&d).is_ok());
    d.blocks.push(Block::Paragraph("Chữ Hán 漢".into()));
    let err = write(&d).err().ok_or("accepted")?;
    let issue = err.errors().first().ok_or("no issue")?;
    assert_eq!(issue.code, "unprintable_character");
    assert!(issue.message.get(crate::error::Lang::Vi).contains("U+6F22"));
    Ok(())
}

/// Renders the document to a temporary PDF and reads it back with poppler's `pdftotext`
/// (required where `CI` is set; skipped elsewhere when poppler-utils is missing).
#[test]
fn copying_the_text_gives_the_words_with_their_spaces() -> Result<(), String> {
    let mut d = doc(3, 8, 3);
    d.blocks.push(Block::Lead {
        lead: "Điều 1.".into(),
        text: "Khen thưởng ✓ các tập thể".into(),
    });
    let pdf = write(&d).map_err(|e| format!("{e:?}"))?;
    let path = std::env::temp_dir().join(format!("cchc-pdf-text-{}.pdf", std::process::id()));
    std::fs::write(&path, pdf).map_err(|e| e.to_string())?;
    let out = std::process::Command::new("pdftotext")
        .arg(&path)
        .arg("-")
        .output();
    let _ = std::fs::remove_file(&path);
    let out = match out {
        Ok(out) => out,
        Err(_) if std::env::var_os("CI").is_none() => return Ok(()),
        Err(e) => return Err(format!("pdftotext (poppler-utils): {e}")),
    };
    let text = String::from_utf8_lossy(&out.stdout);
    for expected in [
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "ỦY BAN NHÂN DÂN",
        "I. MỤC ĐÍCH, YÊU CẦU",
        "Đoạn 0: nâng cao chỉ số cải cách hành chính",
        "Điều 1. Khen thưởng ✓ các tập thể",
        "Nơi nhận:",
        "Lê Văn Vũ",
    ] {
        assert!(text.contains(expected), "{expected} not in:\n{text}");
    }
    Ok(())
}
