//! The embedded faces (Liberation Serif 2: regular, bold, italic, bold italic; DejaVu Sans
//! 2.37 as the fallback for symbols Liberation lacks, such as ✓, ① or emoji), the glyph of
//! a character in them and the measure of a text.

use std::sync::OnceLock;

use ttf_parser::Face;

use crate::error::{ApiError, FieldIssue, Text};

const REGULAR: &[u8] = include_bytes!("../../../assets/fonts/LiberationSerif-Regular.ttf");
const BOLD: &[u8] = include_bytes!("../../../assets/fonts/LiberationSerif-Bold.ttf");
const ITALIC: &[u8] = include_bytes!("../../../assets/fonts/LiberationSerif-Italic.ttf");
const BOLD_ITALIC: &[u8] = include_bytes!("../../../assets/fonts/LiberationSerif-BoldItalic.ttf");
/// DejaVu Sans (Bitstream Vera licence, see assets/fonts/COPYRIGHT-DejaVu).
const FALLBACK: &[u8] = include_bytes!("../../../assets/fonts/DejaVuSans.ttf");

/// A face of the document's text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Style {
    Regular,
    Bold,
    Italic,
    BoldItalic,
}

/// A font file the renderer embeds: one of the four styles or the fallback.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum FontFile {
    Serif(Style),
    Fallback,
}

impl FontFile {
    /// Index into [`FontFile::ALL`].
    pub(super) fn index(self) -> usize {
        match self {
            FontFile::Serif(s) => s as usize,
            FontFile::Fallback => 4,
        }
    }

    /// Every font file, in the order of [`FontFile::index`].
    pub(super) const ALL: [FontFile; 5] = [
        FontFile::Serif(Style::Regular),
        FontFile::Serif(Style::Bold),
        FontFile::Serif(Style::Italic),
        FontFile::Serif(Style::BoldItalic),
        FontFile::Fallback,
    ];

    pub(super) fn bytes(self) -> &'static [u8] {
        match self {
            FontFile::Serif(Style::Regular) => REGULAR,
            FontFile::Serif(Style::Bold) => BOLD,
            FontFile::Serif(Style::Italic) => ITALIC,
            FontFile::Serif(Style::BoldItalic) => BOLD_ITALIC,
            FontFile::Fallback => FALLBACK,
        }
    }

    fn face(self) -> Option<&'static Face<'static>> {
        static FACES: OnceLock<Vec<Option<Face<'static>>>> = OnceLock::new();
        let faces = FACES.get_or_init(|| {
            FontFile::ALL
                .iter()
                .map(|f| Face::parse(f.bytes(), 0).ok())
                .collect()
        });
        faces.get(self.index()).and_then(Option::as_ref)
    }
}

/// A character's glyph: the file holding it, its id and its advance in em.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) struct Glyph {
    pub(super) file: FontFile,
    pub(super) id: u16,
    pub(super) advance: f32,
}

/// Whether a character is drawn at all (controls and joiners have no glyph and no width).
fn invisible(c: char) -> bool {
    c.is_control() || matches!(c, '\u{200B}'..='\u{200F}' | '\u{FE00}'..='\u{FE0F}')
}

impl Style {
    /// The glyph of `c`: from this style's face, else from the fallback face; none for a
    /// character neither has (see [`check`]) or that is not drawn.
    pub(super) fn glyph(self, c: char) -> Option<Glyph> {
        if invisible(c) {
            return None;
        }
        [FontFile::Serif(self), FontFile::Fallback]
            .into_iter()
            .find_map(|file| {
                let face = file.face()?;
                let id = face.glyph_index(c)?;
                let advance = face.glyph_hor_advance(id)?;
                Some(Glyph {
                    file,
                    id: id.0,
                    advance: f32::from(advance) / f32::from(face.units_per_em()),
                })
            })
    }

    /// The width of `text` at `size` points, as it is drawn.
    pub(super) fn width(self, text: &str, size: f32) -> f32 {
        text.chars().map(|c| self.char_width(c, size)).sum()
    }

    /// The width of one character at `size` points.
    pub(super) fn char_width(self, c: char, size: f32) -> f32 {
        self.glyph(c).map_or(0.0, |g| g.advance * size)
    }
}

/// Refuses a text holding a character no embedded face can draw, rather than printing a
/// hole: 422 `unprintable_character` naming it (U+XXXX) in both languages.
pub(super) fn check(text: &str) -> Result<(), ApiError> {
    let missing = text
        .chars()
        .find(|c| !invisible(*c) && Style::Regular.glyph(*c).is_none());
    match missing {
        None => Ok(()),
        Some(c) => {
            let code = format!("U+{:04X}", u32::from(c));
            Err(ApiError::validation(vec![FieldIssue::new(
                "document",
                "unprintable_character",
                Text::new(
                    format!(
                        "Ký tự {code} («{c}») không có trong phông chữ của văn bản PDF; hãy \
                         thay bằng ký tự khác."
                    ),
                    format!(
                        "Character {code} («{c}») is in none of the PDF's fonts; replace it \
                         with another character."
                    ),
                ),
            )]))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn symbols_liberation_lacks_come_from_the_fallback() {
        let a = Style::Regular.glyph('ệ').map(|g| g.file);
        assert_eq!(a, Some(FontFile::Serif(Style::Regular)));
        for c in ['✓', '①', '😀'] {
            assert_eq!(
                Style::Bold.glyph(c).map(|g| g.file),
                Some(FontFile::Fallback)
            );
        }
        assert!(check("Đạt ✓ ① 😀").is_ok());
    }

    #[test]
    fn a_character_no_face_has_is_refused_by_name() {
        let err = check("Khu vực 漢").err();
        let issue = err.as_ref().and_then(|e| e.errors().first());
        let text = issue.map(|i| i.message.get(crate::error::Lang::En).to_owned());
        assert!(text.is_some_and(|t| t.contains("U+6F22")));
    }
}
