//! The official document of a plan (Kế hoạch), section by section as the seed is laid out.

use cchc_sdk::types::plans::{ContentItem, PlanOut, SignAuthority};
use chrono::NaiveDateTime;

use super::{Block, OfficialDocument, Signature, group_digits, place_date, roman, upper};

fn items(out: &mut Vec<Block>, list: &[ContentItem], depth: usize, numbered: bool) {
    for (i, item) in list.iter().enumerate() {
        if depth == 0 && numbered {
            out.push(Block::Paragraph(format!("{}. {}", i + 1, item.text)));
        } else {
            out.push(Block::Item(format!("- {}", item.text)));
        }
        items(out, &item.children, depth + 1, numbered);
    }
}

/// The numbers of a section's sub-parts ("1. Mục đích", "2. Yêu cầu"), given in order to
/// the parts present only.
#[derive(Default)]
struct Parts(usize);

impl Parts {
    fn next(&mut self, title: &str) -> String {
        self.0 += 1;
        format!("{}. {title}", self.0)
    }
}

fn when(at: &NaiveDateTime) -> String {
    at.format("%H giờ %M, ngày %d/%m/%Y").to_string()
}

/// Builds the document of a plan.
pub fn plan_document(plan: &PlanOut) -> OfficialDocument {
    let c = &plan.content;
    let mut blocks = Vec::new();
    for basis in &c.legal_bases {
        let mut line = format!("Căn cứ {}", basis.document_type);
        if let Some(n) = &basis.number_symbol {
            line.push_str(&format!(" số {n}"));
        }
        if let Some(d) = basis.date {
            line.push_str(&format!(" ngày {}", d.format("%d/%m/%Y")));
        }
        line.push_str(&format!(" của {} {};", basis.issuer, basis.summary));
        // NĐ 30/2020 Phụ lục I: the legal bases are italic.
        blocks.push(Block::Basis(line));
    }
    if let Some(p) = &c.preamble {
        blocks.push(Block::Paragraph(p.clone()));
    }
    let mut section = 0;
    let mut next = || {
        section += 1;
        roman(section)
    };
    if !c.purposes.is_empty() || !c.requirements.is_empty() {
        blocks.push(Block::Heading(format!("{}. MỤC ĐÍCH, YÊU CẦU", next())));
        // Sub-parts are numbered among those present: no "2." without a "1.".
        let mut part = Parts::default();
        if !c.purposes.is_empty() {
            blocks.push(Block::SubHeading(part.next("Mục đích")));
            blocks.extend(c.purposes.iter().map(|p| Block::Item(format!("- {p}"))));
        }
        if !c.requirements.is_empty() {
            blocks.push(Block::SubHeading(part.next("Yêu cầu")));
            blocks.extend(c.requirements.iter().map(|r| Block::Paragraph(r.clone())));
        }
    }
    if !c.contents.is_empty() {
        blocks.push(Block::Heading(format!("{}. NỘI DUNG", next())));
        items(&mut blocks, &c.contents, 0, true);
    }
    if !c.participants.is_empty() || !c.schedule.is_empty() {
        blocks.push(Block::Heading(format!(
            "{}. THÀNH PHẦN VÀ THỜI GIAN THỰC HIỆN",
            next()
        )));
        let mut part = Parts::default();
        if !c.participants.is_empty() {
            blocks.push(Block::SubHeading(part.next("Thành phần")));
            let last = c.participants.len() - 1;
            for (i, p) in c.participants.iter().enumerate() {
                blocks.push(Block::Item(format!(
                    "- {}{}",
                    p.name,
                    if i == last { "." } else { ";" }
                )));
            }
        }
        for e in &c.schedule {
            let text = match (&e.text, &e.starts_at, &e.month) {
                (Some(t), _, _) => t.clone(),
                (None, Some(at), _) => format!("Thời gian tổ chức {}: {}.", e.title, when(at)),
                (None, None, Some(m)) => {
                    format!("Thời gian tổ chức {}: dự kiến trong tháng {m}.", e.title)
                }
                (None, None, None) => e.title.clone(),
            };
            let venue = e
                .venue
                .as_ref()
                .map(|v| format!(" Địa điểm: {v}."))
                .unwrap_or_default();
            blocks.push(Block::SubHeading(part.next(&format!("{text}{venue}"))));
        }
    }
    let budget = &c.budget;
    if budget.text.is_some() || budget.estimated_total_vnd.is_some() || !budget.lines.is_empty() {
        blocks.push(Block::Heading(format!("{}. KINH PHÍ THỰC HIỆN", next())));
        if let Some(t) = &budget.text {
            blocks.push(Block::Paragraph(t.clone()));
        }
        for line in &budget.lines {
            blocks.push(Block::Item(format!(
                "- {}: {} đồng.",
                line.item,
                group_digits(line.amount_vnd)
            )));
        }
        if let Some(total) = budget.estimated_total_vnd {
            let source = budget
                .funding_source
                .as_ref()
                .map(|s| format!(" Nguồn kinh phí: {s}."))
                .unwrap_or_default();
            blocks.push(Block::Paragraph(format!(
                "Tổng kinh phí dự kiến: {} đồng.{source}",
                group_digits(total)
            )));
        }
    }
    if !c.implementation.is_empty() {
        blocks.push(Block::Heading(format!("{}. TỔ CHỨC THỰC HIỆN", next())));
        for (i, a) in c.implementation.iter().enumerate() {
            let mut duties = a.duties.iter();
            let first = duties.next().cloned().unwrap_or_default();
            blocks.push(Block::Paragraph(format!(
                "{}. {}: {first}",
                i + 1,
                a.assignee
            )));
            blocks.extend(duties.map(|d| Block::Item(format!("- {d}"))));
        }
    }
    if let Some(closing) = &c.closing {
        blocks.push(Block::Paragraph(closing.clone()));
    }
    let recipients = super::distribution(
        c.recipients
            .iter()
            .map(|r| match &r.purpose {
                Some(p) => format!("{} ({p})", r.name),
                None => r.name.clone(),
            })
            .collect(),
    );
    let authority_line = c.signer.authority.map(|a| {
        let prefix = match a {
            SignAuthority::OnBehalf => "TM.",
            SignAuthority::Deputy => "KT.",
            _ => "",
        };
        format!(
            "{prefix} {}",
            upper(
                c.signer
                    .authority_of
                    .as_deref()
                    .unwrap_or("ỦY BAN NHÂN DÂN")
            )
        )
    });
    OfficialDocument {
        parent_authority: c.parent_authority.as_deref().map(upper),
        issuing_body: upper(&c.issuing_body),
        number_line: format!("Số: {}", plan.number_symbol),
        place_date: place_date(&c.place, plan.issue_date),
        type_name: "KẾ HOẠCH".into(),
        summary: c.title.clone(),
        blocks,
        recipients,
        signature: Signature {
            authority_line,
            title: upper(&c.signer.title),
            name: c.signer.name.clone(),
        },
        title: format!("Kế hoạch {}", plan.number_symbol.trim()),
    }
}

#[cfg(test)]
mod tests {
    use cchc_sdk::types::plans::PlanStatus;

    use super::*;

    fn seed_plan() -> PlanOut {
        let now = chrono::Utc::now();
        PlanOut {
            id: uuid::Uuid::nil(),
            unit_id: uuid::Uuid::nil(),
            status: PlanStatus::Draft,
            number: None,
            number_symbol: crate::domain::numbering::number_symbol(None, "KH", "UBND"),
            issue_date: None,
            revision: 0,
            content: crate::demo_plan::seed_plan_content(Default::default()),
            allowed_actions: vec![],
            issued_at: None,
            created_at: now,
            updated_at: now,
            version: 1,
        }
    }

    #[test]
    fn bases_are_italic_and_sub_parts_numbered_without_gaps() {
        let mut plan = seed_plan();
        let doc = plan_document(&plan);
        assert!(matches!(&doc.blocks[0], Block::Basis(t) if t.starts_with("Căn cứ ")));
        // A section with requirements but no purposes: its one sub-part is "1.".
        plan.content.purposes.clear();
        let doc = plan_document(&plan);
        let subs: Vec<&str> = doc
            .blocks
            .iter()
            .filter_map(|b| match b {
                Block::SubHeading(t) => Some(t.as_str()),
                _ => None,
            })
            .collect();
        assert_eq!(subs.first(), Some(&"1. Yêu cầu"));
        // The seed's signature, in the form NĐ 30 wants: on behalf of the committee.
        assert_eq!(
            doc.signature.authority_line.as_deref(),
            Some("TM. ỦY BAN NHÂN DÂN")
        );
        assert_eq!(
            doc.recipients.last().map(String::as_str),
            Some("- Lưu: VT.")
        );
    }

    /// `CCHC_DOCUMENT_SAMPLES=/tmp/docs cargo test -p cchc-server documents` writes the seed
    /// plan there, as a draft, to look at.
    #[test]
    fn writes_the_seed_plan_to_look_at_when_asked() -> Result<(), String> {
        let Ok(dir) = std::env::var("CCHC_DOCUMENT_SAMPLES") else {
            return Ok(());
        };
        let doc = plan_document(&seed_plan());
        let docx = super::super::docx::write(&doc).map_err(|e| format!("{e:?}"))?;
        let pdf = super::super::pdf::write(&doc).map_err(|e| format!("{e:?}"))?;
        std::fs::write(format!("{dir}/plan.docx"), docx).map_err(|e| e.to_string())?;
        std::fs::write(format!("{dir}/plan.pdf"), pdf).map_err(|e| e.to_string())?;
        Ok(())
    }
}
