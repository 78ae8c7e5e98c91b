//! Drawing the laid-out pages with krilla, the faces embedded as subsets. Each text run is
//! drawn as its own glyphs (one per character, the advances the line breaking measured),
//! spaces included, so copying or searching the PDF gives the words with their spaces; a
//! justified line widens its space glyphs. A character Liberation Serif lacks is drawn from
//! the fallback face.

use krilla::Document;
use krilla::geom::{PathBuilder, Point, Rect, Size, Transform};
use krilla::image::Image;
use krilla::metadata::Metadata;
use krilla::page::PageSettings;
use krilla::surface::Surface;
use krilla::text::{Font, GlyphId, KrillaGlyph};

use super::fonts::{FontFile, Style};
use super::layout::Op;
use super::{PAGE_H, PAGE_W};
use crate::error::ApiError;

pub(super) fn render(pages: &[Vec<Op>], title: &str) -> Result<Vec<u8>, ApiError> {
    let fonts = FontFile::ALL
        .iter()
        .map(|f| {
            Font::new(f.bytes().into(), 0)
                .ok_or_else(|| ApiError::internal("embedded font unreadable"))
        })
        .collect::<Result<Vec<_>, _>>()?;
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
                    spacing,
                } => text_run(
                    &mut surface,
                    &fonts,
                    (*x, *y),
                    *style,
                    *size,
                    text,
                    *spacing,
                ),
                Op::Rule { x, y, w, h } => {
                    let mut path = PathBuilder::new();
                    if let Some(rect) = Rect::from_xywh(*x, *y, *w, *h) {
                        path.push_rect(rect);
                    }
                    if let Some(path) = path.finish() {
                        surface.draw_path(&path);
                    }
                }
                Op::Image { x, y, w, h, png } => {
                    let image = Image::from_png(png.clone().into(), true)
                        .map_err(|e| ApiError::internal(format!("figure: {e}")))?;
                    if let Some(size) = Size::from_wh(*w, *h) {
                        surface.push_transform(&Transform::from_translate(*x, *y));
                        surface.draw_image(image, size);
                        surface.pop();
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

/// Draws `text` with its baseline starting at `(x, y)`, split into runs by the font file
/// that holds each character.
fn text_run(
    surface: &mut Surface<'_>,
    fonts: &[Font],
    (mut x, y): (f32, f32),
    style: Style,
    size: f32,
    text: &str,
    spacing: f32,
) {
    let mut run: Option<(FontFile, usize)> = None;
    let mut glyphs: Vec<KrillaGlyph> = Vec::new();
    let mut advance = 0.0;
    let mut flush = |surface: &mut Surface<'_>,
                     run: (FontFile, usize),
                     end: usize,
                     glyphs: &mut Vec<KrillaGlyph>,
                     advance: &mut f32| {
        let (file, start) = run;
        if let Some(font) = fonts.get(file.index()) {
            surface.draw_glyphs(
                Point::from_xy(x, y),
                glyphs,
                font.clone(),
                &text[start..end],
                size,
                false,
            );
        }
        x += *advance;
        *advance = 0.0;
        glyphs.clear();
    };
    for (at, c) in text.char_indices() {
        let Some(glyph) = style.glyph(c) else {
            continue;
        };
        match run {
            Some((file, start)) if file != glyph.file => {
                flush(surface, (file, start), at, &mut glyphs, &mut advance);
                run = Some((glyph.file, at));
            }
            None => run = Some((glyph.file, at)),
            _ => {}
        }
        let start = run.map_or(at, |(_, s)| s);
        let extra = if c == ' ' { spacing / size } else { 0.0 };
        glyphs.push(KrillaGlyph {
            glyph_id: GlyphId::new(u32::from(glyph.id)),
            text_range: at - start..at - start + c.len_utf8(),
            x_advance: glyph.advance + extra,
            x_offset: 0.0,
            y_offset: 0.0,
            y_advance: 0.0,
            location: None,
        });
        advance += (glyph.advance + extra) * size;
    }
    if let Some(run) = run {
        flush(surface, run, text.len(), &mut glyphs, &mut advance);
    }
}
