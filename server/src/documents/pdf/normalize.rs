//! The document's text in NFC (precomposed Vietnamese letters, the glyphs the fonts have),
//! and every text of it, to check that each character can be drawn.

use unicode_normalization::UnicodeNormalization;

use super::{Block, OfficialDocument, Table};
use crate::documents::Figure;

/// Every text the writer draws.
pub(super) fn texts(doc: &OfficialDocument) -> Vec<&str> {
    let mut out = vec![
        doc.number_line.as_str(),
        &doc.place_date,
        &doc.type_name,
        &doc.summary,
        &doc.issuing_body,
        &doc.signature.title,
        &doc.signature.name,
    ];
    out.extend(doc.parent_authority.as_deref());
    out.extend(doc.signature.authority_line.as_deref());
    out.extend(doc.recipients.iter().map(String::as_str));
    for block in &doc.blocks {
        match block {
            Block::Heading(t)
            | Block::SubHeading(t)
            | Block::Paragraph(t)
            | Block::Item(t)
            | Block::Centered(t)
            | Block::Basis(t) => out.push(t),
            Block::Lead { lead, text } => out.extend([lead.as_str(), text]),
            Block::Figure(f) => out.extend(f.caption.as_deref()),
            Block::Table(t) => {
                out.extend(t.header.iter().map(String::as_str));
                out.extend(t.rows.iter().flatten().map(String::as_str));
            }
        }
    }
    out
}

/// The document with every text in NFC.
pub(super) fn nfc(doc: &OfficialDocument) -> OfficialDocument {
    let n = |s: &str| s.nfc().collect::<String>();
    let mut d = doc.clone();
    d.title = n(&d.title);
    d.number_line = n(&d.number_line);
    d.type_name = n(&d.type_name);
    d.summary = n(&d.summary);
    d.issuing_body = n(&d.issuing_body);
    d.parent_authority = d.parent_authority.as_deref().map(n);
    d.place_date = n(&d.place_date);
    d.recipients = d.recipients.iter().map(|r| n(r)).collect();
    d.blocks = d
        .blocks
        .iter()
        .map(|b| match b {
            Block::Heading(t) => Block::Heading(n(t)),
            Block::SubHeading(t) => Block::SubHeading(n(t)),
            Block::Paragraph(t) => Block::Paragraph(n(t)),
            Block::Item(t) => Block::Item(n(t)),
            Block::Centered(t) => Block::Centered(n(t)),
            Block::Basis(t) => Block::Basis(n(t)),
            Block::Lead { lead, text } => Block::Lead {
                lead: n(lead),
                text: n(text),
            },
            Block::Figure(f) => Block::Figure(Figure {
                caption: f.caption.as_deref().map(n),
                ..f.clone()
            }),
            Block::Table(t) => Block::Table(Table {
                header: t.header.iter().map(|c| n(c)).collect(),
                rows: t
                    .rows
                    .iter()
                    .map(|r| r.iter().map(|c| n(c)).collect())
                    .collect(),
                ..t.clone()
            }),
        })
        .collect();
    d.signature.authority_line = d.signature.authority_line.as_deref().map(n);
    d.signature.title = n(&d.signature.title);
    d.signature.name = n(&d.signature.name);
    d
}
