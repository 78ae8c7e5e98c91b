//! The ranking chart of the conference report: one horizontal bar per unit of the same
//! parent, best first, the reporting unit in another colour, the rating bands' lower bounds
//! as dashed vertical lines with their Vietnamese labels, each bar's index written at its
//! end. Drawn by hand as SVG (for the PDF and the pack), and rendered to PNG (for the DOCX)
//! by resvg with the embedded Liberation Serif, so Vietnamese letters print without any
//! font installed on the server.

use std::fmt::Write as _;
use std::sync::{Arc, LazyLock};

use cchc_sdk::types::index::Band;
use resvg::{tiny_skia, usvg};

use super::Figure;
use crate::error::ApiError;

/// One bar: a unit and its index.
#[derive(Debug, Clone, PartialEq)]
pub struct Bar {
    /// The unit's name as printed ("Xã Hòa Tân Tây").
    pub label: String,
    /// Its index, percent (0–100).
    pub percent: f64,
    /// Whether it is the unit the report is about (drawn in [`HIGHLIGHT`]).
    pub highlighted: bool,
}

/// The colour of the reporting unit's bar.
pub const HIGHLIGHT: &str = "#c0392b";
/// The colour of the other units' bars.
pub const OTHER: &str = "#5b7fa8";
/// The colour of the band lines and their labels.
const BAND: &str = "#2e7d32";

/// The drawing's width in SVG user units; the PNG is [`SCALE`] times as large.
const WIDTH: f64 = 1200.0;
/// Pixels of the PNG per SVG unit (sharp when printed across the text width).
const SCALE: f32 = 2.0;
const LABEL_WIDTH: f64 = 340.0;
const PLOT_LEFT: f64 = LABEL_WIDTH + 20.0;
const PLOT_RIGHT: f64 = WIDTH - 90.0;
const ROW: f64 = 40.0;
const BAR: f64 = 26.0;
const FONT: &str = "'Liberation Serif', 'Times New Roman', serif";
/// The longest unit name printed whole; longer ones end in "…".
const MAX_LABEL_CHARS: usize = 34;

/// The fonts the drawing is rendered with: the ones the PDF embeds.
static FONTS: LazyLock<Arc<usvg::fontdb::Database>> = LazyLock::new(|| {
    let mut db = usvg::fontdb::Database::new();
    for bytes in [
        &include_bytes!("../../assets/fonts/LiberationSerif-Regular.ttf")[..],
        &include_bytes!("../../assets/fonts/LiberationSerif-Bold.ttf")[..],
        &include_bytes!("../../assets/fonts/LiberationSerif-Italic.ttf")[..],
    ] {
        db.load_font_data(bytes.to_vec());
    }
    db.set_serif_family("Liberation Serif");
    Arc::new(db)
});

/// Text for XML: `&`, `<`, `>`, `"` and `'` escaped.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// 85.5 -> "85,50" (Vietnamese decimal comma, two decimals like the published tables).
pub fn decimal(x: f64) -> String {
    format!("{x:.2}").replace('.', ",")
}

fn shortened(s: &str) -> String {
    if s.chars().count() <= MAX_LABEL_CHARS {
        return s.to_owned();
    }
    let head: String = s.chars().take(MAX_LABEL_CHARS - 1).collect();
    format!("{}…", head.trim_end())
}

/// Where the axis starts: 0, or — when every index and band is high — ten points below the
/// lowest of them (rounded down to ten), so close indexes stay apart; the ticks show it.
fn axis_start(bars: &[Bar], bands: &[Band]) -> f64 {
    let lowest = bars
        .iter()
        .map(|b| b.percent)
        .chain(bands.iter().map(|b| b.min_percent).filter(|m| *m > 0.0))
        .fold(f64::INFINITY, f64::min);
    if !lowest.is_finite() || lowest < 40.0 {
        return 0.0;
    }
    ((lowest / 10.0).floor() * 10.0 - 10.0).max(0.0)
}

/// The SVG of the chart, bars in the given order (pass them best first).
pub fn ranking_svg(bars: &[Bar], bands: &[Band], title: &str) -> (String, f64) {
    let lo = axis_start(bars, bands);
    let x =
        |p: f64| PLOT_LEFT + (p.clamp(lo, 100.0) - lo) / (100.0 - lo) * (PLOT_RIGHT - PLOT_LEFT);
    let mut bands: Vec<&Band> = bands
        .iter()
        .filter(|b| b.min_percent > lo && b.min_percent <= 100.0)
        .collect();
    bands.sort_by(|a, b| a.min_percent.total_cmp(&b.min_percent));
    // Band labels on one line, or two when neighbours are too close to share one.
    let mut label_line = Vec::with_capacity(bands.len());
    let mut last_x: [f64; 2] = [f64::NEG_INFINITY; 2];
    for b in &bands {
        let bx = x(b.min_percent);
        let line = if bx - last_x[0] >= 170.0 { 0 } else { 1 };
        last_x[line] = bx;
        label_line.push(line);
    }
    let band_rows = if label_line.contains(&1) { 2.0 } else { 1.0 };
    let top = 60.0 + band_rows * 26.0 + 10.0;
    let plot_bottom = top + ROW * bars.len().max(1) as f64;
    let height = (plot_bottom + 50.0).ceil();
    let mut s = String::new();
    let _ = write!(
        s,
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{height}" viewBox="0 0 {WIDTH} {height}" font-family="{FONT}">"#
    );
    let _ = write!(
        s,
        r##"<rect x="0" y="0" width="{WIDTH}" height="{height}" fill="#ffffff"/>"##
    );
    let _ = write!(
        s,
        r#"<text x="{}" y="36" font-size="28" font-weight="bold" text-anchor="middle">{}</text>"#,
        WIDTH / 2.0,
        escape(title)
    );
    // Axis: ticks every ten points, light grid lines.
    let mut tick = lo;
    while tick <= 100.0 + f64::EPSILON {
        let tx = x(tick);
        let _ = write!(
            s,
            r##"<line x1="{tx:.1}" y1="{top}" x2="{tx:.1}" y2="{plot_bottom}" stroke="#dddddd" stroke-width="1"/><text x="{tx:.1}" y="{}" font-size="20" text-anchor="middle">{}</text>"##,
            plot_bottom + 26.0,
            tick.round()
        );
        tick += 10.0;
    }
    let _ = write!(
        s,
        r##"<line x1="{PLOT_LEFT}" y1="{top}" x2="{PLOT_LEFT}" y2="{plot_bottom}" stroke="#000000" stroke-width="1.5"/>"##
    );
    let mut values = String::new();
    for (i, bar) in bars.iter().enumerate() {
        let y = top + ROW * i as f64 + (ROW - BAR) / 2.0;
        let end = x(bar.percent);
        let (fill, weight) = if bar.highlighted {
            (HIGHLIGHT, "bold")
        } else {
            (OTHER, "normal")
        };
        let _ = write!(
            s,
            r#"<text x="{LABEL_WIDTH}" y="{:.1}" font-size="22" font-weight="{weight}" text-anchor="end">{}</text>"#,
            y + BAR * 0.75,
            escape(&shortened(&bar.label))
        );
        let _ = write!(
            s,
            r#"<rect class="bar" x="{PLOT_LEFT}" y="{y:.1}" width="{:.1}" height="{BAR}" fill="{fill}"/>"#,
            (end - PLOT_LEFT).max(0.0)
        );
        // Written after the band lines, on a white halo, so a line never crosses a value.
        let _ = write!(
            values,
            r##"<text x="{:.1}" y="{:.1}" font-size="20" font-weight="{weight}" stroke="#ffffff" stroke-width="5" stroke-linejoin="round" paint-order="stroke">{}</text>"##,
            end + 6.0,
            y + BAR * 0.75,
            decimal(bar.percent)
        );
    }
    for (b, line) in bands.iter().zip(label_line) {
        let bx = x(b.min_percent);
        let label_y = 60.0 + 22.0 + 26.0 * line as f64;
        let _ = write!(
            s,
            r#"<line class="band" x1="{bx:.1}" y1="{:.1}" x2="{bx:.1}" y2="{plot_bottom}" stroke="{BAND}" stroke-width="2" stroke-dasharray="8 6"/><text x="{bx:.1}" y="{label_y:.1}" font-size="20" font-style="italic" fill="{BAND}" text-anchor="middle">{} (từ {}%)</text>"#,
            label_y + 6.0,
            escape(&b.label),
            decimal(b.min_percent).trim_end_matches(",00")
        );
    }
    s.push_str(&values);
    s.push_str("</svg>");
    (s, height)
}

/// The chart as a [`Figure`]: the SVG and its PNG rendering, with a caption.
///
/// Errors: 500 if the SVG cannot be rendered (it is generated here, so never in practice).
pub fn ranking_chart(bars: &[Bar], bands: &[Band], title: &str) -> Result<Figure, ApiError> {
    let (svg, height) = ranking_svg(bars, bands, title);
    let png = render_png(&svg)?;
    Ok(Figure {
        svg,
        px_width: (WIDTH * f64::from(SCALE)) as u32,
        px_height: (height * f64::from(SCALE)).ceil() as u32,
        png,
        caption: Some(format!("Biểu đồ 1. {title}")),
    })
}

/// Renders an SVG to PNG at [`SCALE`] pixels per unit, with the embedded fonts.
pub fn render_png(svg: &str) -> Result<Vec<u8>, ApiError> {
    let options = usvg::Options {
        font_family: "Liberation Serif".into(),
        fontdb: FONTS.clone(),
        ..usvg::Options::default()
    };
    let tree = usvg::Tree::from_str(svg, &options).map_err(ApiError::internal)?;
    let size = tree
        .size()
        .to_int_size()
        .scale_by(SCALE)
        .ok_or_else(|| ApiError::internal("the chart has no size"))?;
    let mut pixmap = tiny_skia::Pixmap::new(size.width(), size.height())
        .ok_or_else(|| ApiError::internal("the chart has no size"))?;
    resvg::render(
        &tree,
        tiny_skia::Transform::from_scale(SCALE, SCALE),
        &mut pixmap.as_mut(),
    );
    pixmap.encode_png().map_err(ApiError::internal)
}

#[cfg(test)]
mod tests;
