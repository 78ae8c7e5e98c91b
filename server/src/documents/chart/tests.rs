use resvg::tiny_skia::Pixmap;
use resvg::usvg::{self, Node, Paint};

use super::*;

fn bars() -> Vec<Bar> {
    [
        ("Xã Hòa Thịnh", 88.25, false),
        ("Xã Hòa Tân Tây", 81.5, true),
        ("Thị trấn Phú Thứ & <Hòa Bình>", 74.0, false),
        ("Xã Sơn Thành Đông", 61.75, false),
    ]
    .into_iter()
    .map(|(label, percent, highlighted)| Bar {
        label: label.into(),
        percent,
        highlighted,
    })
    .collect()
}

fn bands() -> Vec<Band> {
    [("Tốt", 80.0), ("Khá", 70.0), ("Trung bình", 60.0)]
        .into_iter()
        .map(|(label, min_percent)| Band {
            label: label.into(),
            min_percent,
        })
        .collect()
}

fn tree(svg: &str) -> usvg::Tree {
    let options = usvg::Options {
        fontdb: FONTS.clone(),
        ..usvg::Options::default()
    };
    usvg::Tree::from_str(svg, &options).unwrap_or_else(|e| panic!("the SVG parses: {e}"))
}

fn walk<'a>(group: &'a usvg::Group, out: &mut Vec<&'a Node>) {
    for node in group.children() {
        out.push(node);
        if let Node::Group(g) = node {
            walk(g, out);
        }
    }
}

#[test]
fn the_svg_parses_and_names_every_unit_and_band() {
    let figure = ranking_chart(&bars(), &bands(), "Chỉ số CCHC năm 2023")
        .unwrap_or_else(|e| panic!("{e:?}"));
    let tree = tree(&figure.svg);
    let mut nodes = Vec::new();
    walk(tree.root(), &mut nodes);
    let texts: Vec<String> = nodes
        .iter()
        .filter_map(|n| match n {
            Node::Text(t) => Some(t.chunks().iter().map(|c| c.text()).collect::<String>()),
            _ => None,
        })
        .collect();
    for bar in bars() {
        assert!(texts.contains(&bar.label), "{} in {texts:?}", bar.label);
    }
    for label in [
        "Tốt (từ 80%)",
        "Khá (từ 70%)",
        "Trung bình (từ 60%)",
        "81,50",
    ] {
        assert!(texts.iter().any(|t| t == label), "{label} in {texts:?}");
    }
    // The markup itself escapes what XML reserves.
    assert!(figure.svg.contains("Phú Thứ &amp; &lt;Hòa Bình&gt;"));
    // Every text was laid out with the embedded fonts (no font: no glyphs).
    let glyphs = nodes
        .iter()
        .filter(|n| matches!(n, Node::Text(t) if t.flattened().has_children()))
        .count();
    assert_eq!(glyphs, texts.len());
}

#[test]
fn only_the_unit_s_bar_has_the_highlight_colour() {
    let figure = ranking_chart(&bars(), &bands(), "Chỉ số").unwrap_or_else(|e| panic!("{e:?}"));
    let tree = tree(&figure.svg);
    let mut nodes = Vec::new();
    walk(tree.root(), &mut nodes);
    let fills: Vec<(u8, u8, u8)> = nodes
        .iter()
        .filter_map(|n| match n {
            Node::Path(p) => match p.fill().map(|f| f.paint()) {
                Some(Paint::Color(c)) => Some((c.red, c.green, c.blue)),
                _ => None,
            },
            _ => None,
        })
        .collect();
    let highlight = (0xc0, 0x39, 0x2b);
    let other = (0x5b, 0x7f, 0xa8);
    assert_eq!(fills.iter().filter(|f| **f == highlight).count(), 1);
    assert_eq!(fills.iter().filter(|f| **f == other).count(), 3);
    // Three bands above the axis start, each a dashed line.
    assert_eq!(figure.svg.matches(r#"class="band""#).count(), 3);
    assert_eq!(figure.svg.matches("stroke-dasharray").count(), 3);
}

#[test]
fn the_png_has_the_stated_size_and_shows_the_bars() {
    let figure = ranking_chart(&bars(), &bands(), "Chỉ số").unwrap_or_else(|e| panic!("{e:?}"));
    let png = Pixmap::decode_png(&figure.png).unwrap_or_else(|e| panic!("{e:?}"));
    assert_eq!(
        (png.width(), png.height()),
        (figure.px_width, figure.px_height)
    );
    assert_eq!(figure.px_width, 2400);
    let pixels = png.pixels();
    let red = pixels
        .iter()
        .filter(|p| p.red() == 0xc0 && p.green() == 0x39 && p.blue() == 0x2b)
        .count();
    let blue = pixels
        .iter()
        .filter(|p| p.red() == 0x5b && p.green() == 0x7f && p.blue() == 0xa8)
        .count();
    let dark = pixels
        .iter()
        .filter(|p| p.red() < 60 && p.green() < 60 && p.blue() < 60)
        .count();
    // The highlighted bar is a solid block; the others three; text is dark.
    assert!(red > 1000, "{red} highlight pixels");
    assert!(blue > red, "{blue} other-bar pixels");
    assert!(dark > 1000, "{dark} text pixels");
}

#[test]
fn the_axis_starts_low_enough_for_every_bar_and_band() {
    assert_eq!(axis_start(&bars(), &bands()), 50.0);
    let low = [Bar {
        label: "X".into(),
        percent: 35.0,
        highlighted: false,
    }];
    assert_eq!(axis_start(&low, &bands()), 0.0);
    assert_eq!(axis_start(&[], &[]), 0.0);
    assert_eq!(decimal(85.5), "85,50");
    assert_eq!(escape("a\"b'c"), "a&quot;b&apos;c");
    assert!(shortened(&"x".repeat(60)).ends_with('…'));
}
