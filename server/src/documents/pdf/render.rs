//! Drawing the laid-out pages with krilla, the faces embedded as subsets.

use krilla::Document;
use krilla::geom::{PathBuilder, Point, Rect};
use krilla::metadata::Metadata;
use krilla::page::PageSettings;
use krilla::text::{Font, TextDirection};

use super::fonts::Style;
use super::layout::Op;
use super::{PAGE_H, PAGE_W};
use crate::error::ApiError;

pub(super) fn render(pages: &[Vec<Op>], title: &str) -> Result<Vec<u8>, ApiError> {
    let font = |s: Style| {
        Font::new(s.bytes().into(), 0).ok_or_else(|| ApiError::internal("embedded font unreadable"))
    };
    let fonts = [
        font(Style::Regular)?,
        font(Style::Bold)?,
        font(Style::Italic)?,
        font(Style::BoldItalic)?,
    ];
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
                } => {
                    surface.draw_text(
                        Point::from_xy(*x, *y),
                        fonts[*style as usize].clone(),
                        *size,
                        text,
                        false,
                        TextDirection::Auto,
                    );
                }
                Op::Rule { x, y, w, h } => {
                    let mut path = PathBuilder::new();
                    if let Some(rect) = Rect::from_xywh(*x, *y, *w, *h) {
                        path.push_rect(rect);
                    }
                    if let Some(path) = path.finish() {
                        surface.draw_path(&path);
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
