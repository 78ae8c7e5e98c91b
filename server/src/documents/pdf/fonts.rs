//! The embedded faces (Liberation Serif 2: regular, bold, italic, bold italic) and the
//! measure of a text in them.

use std::sync::OnceLock;

const REGULAR: &[u8] = include_bytes!("../../../assets/fonts/LiberationSerif-Regular.ttf");
const BOLD: &[u8] = include_bytes!("../../../assets/fonts/LiberationSerif-Bold.ttf");
const ITALIC: &[u8] = include_bytes!("../../../assets/fonts/LiberationSerif-Italic.ttf");
const BOLD_ITALIC: &[u8] = include_bytes!("../../../assets/fonts/LiberationSerif-BoldItalic.ttf");

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Style {
    Regular,
    Bold,
    Italic,
    BoldItalic,
}

impl Style {
    pub(super) fn bytes(self) -> &'static [u8] {
        match self {
            Style::Regular => REGULAR,
            Style::Bold => BOLD,
            Style::Italic => ITALIC,
            Style::BoldItalic => BOLD_ITALIC,
        }
    }

    fn face(self) -> Option<&'static ttf_parser::Face<'static>> {
        static FACES: OnceLock<Vec<Option<ttf_parser::Face<'static>>>> = OnceLock::new();
        let faces = FACES.get_or_init(|| {
            [
                Style::Regular,
                Style::Bold,
                Style::Italic,
                Style::BoldItalic,
            ]
            .iter()
            .map(|s| ttf_parser::Face::parse(s.bytes(), 0).ok())
            .collect()
        });
        faces.get(self as usize).and_then(Option::as_ref)
    }

    /// The width of `text` at `size` points.
    pub(super) fn width(self, text: &str, size: f32) -> f32 {
        let Some(face) = self.face() else { return 0.0 };
        let per_unit = size / f32::from(face.units_per_em());
        text.chars()
            .map(|c| {
                face.glyph_index(c)
                    .and_then(|g| face.glyph_hor_advance(g))
                    .map_or(size * 0.5, |a| f32::from(a) * per_unit)
            })
            .sum()
    }
}
