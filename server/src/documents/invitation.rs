//! The invitation to the plan's event (Giấy mời, GM-UBND; the seed plan's V.1 "mời thành
//! phần tham dự"): who is invited (the plan's participants), what to, when and where (the
//! plan's schedule), and the contents, signed like the plan.

use cchc_sdk::types::plans::{PlanOut, ScheduleEvent};

use super::{Block, OfficialDocument, place_date, upper};

/// What an unset time or place prints: a line the văn thư fills by hand.
pub const BLANK: &str = "…………………………………";

/// The event invited to: the first of the schedule with an exact time, else the first.
fn event(plan: &PlanOut) -> Option<&ScheduleEvent> {
    let schedule = &plan.content.schedule;
    schedule
        .iter()
        .find(|e| e.starts_at.is_some())
        .or_else(|| schedule.first())
}

/// "08 giờ 00, ngày 15/5/2024"; "Dự kiến trong tháng 5 năm 2024"; the plan's sentence; or
/// a blank.
pub fn when(e: Option<&ScheduleEvent>) -> String {
    let Some(e) = e else {
        return BLANK.into();
    };
    if let Some(at) = e.starts_at {
        return at.format("%H giờ %M, ngày %d/%m/%Y").to_string();
    }
    if let Some((y, m)) = e.month.as_deref().and_then(|m| m.split_once('-')) {
        let month = m.trim_start_matches('0');
        return format!("Dự kiến trong tháng {month} năm {y} (thời gian cụ thể sẽ thông báo sau)");
    }
    e.text.clone().unwrap_or_else(|| BLANK.into())
}

/// "Dự Hội nghị …" from the plan's summary "Tổ chức Hội nghị …".
fn summary(plan: &PlanOut, e: Option<&ScheduleEvent>) -> String {
    let title = plan.content.title.trim();
    match title.strip_prefix("Tổ chức ") {
        Some(rest) => format!("Dự {rest}"),
        None => match e {
            Some(e) => format!("Dự {}: {title}", e.title),
            None => format!("Dự {title}"),
        },
    }
}

/// Builds the invitation of a plan of the unit named `unit_name` ("Xã Hòa Tân Tây"), a
/// draft: number and date blank.
pub fn invitation_document(plan: &PlanOut, unit_name: &str) -> OfficialDocument {
    let c = &plan.content;
    let e = event(plan);
    let committee = format!("Ủy ban nhân dân {}", lower_first(unit_name.trim()));
    let reference = match (plan.number, plan.issue_date) {
        (Some(_), Some(date)) => format!(
            "Thực hiện Kế hoạch số {} ngày {} của {committee} về việc {}",
            plan.number_symbol.trim(),
            date.format("%d/%m/%Y"),
            lower_first(c.title.trim())
        ),
        _ => format!("Thực hiện Kế hoạch {}", lower_first(c.title.trim())),
    };
    let mut blocks = vec![Block::Paragraph(format!(
        "{reference}, {committee} trân trọng kính mời:"
    ))];
    let last = c.participants.len().saturating_sub(1);
    for (i, p) in c.participants.iter().enumerate() {
        let end = if i == last { "." } else { ";" };
        blocks.push(Block::Item(format!(
            "- {}{end}",
            p.name.trim().trim_end_matches(['.', ';'])
        )));
    }
    if c.participants.is_empty() {
        blocks.push(Block::Item(format!("- {BLANK}")));
    }
    let what = summary(plan, e);
    let what = what.strip_prefix("Dự ").unwrap_or(&what);
    blocks.push(Block::Paragraph(format!("Đến dự {what}.")));
    blocks.push(Block::Lead {
        lead: "Thời gian:".into(),
        text: format!("{}.", when(e).trim_end_matches('.')),
    });
    let venue = e
        .and_then(|e| e.venue.clone())
        .filter(|v| !v.trim().is_empty())
        .unwrap_or_else(|| BLANK.into());
    blocks.push(Block::Lead {
        lead: "Địa điểm:".into(),
        text: format!("{}.", venue.trim_end_matches('.')),
    });
    if !c.contents.is_empty() {
        blocks.push(Block::Lead {
            lead: "Nội dung:".into(),
            text: String::new(),
        });
        for item in &c.contents {
            blocks.push(Block::Item(format!("- {}", item.text.trim())));
        }
    }
    blocks.push(Block::Paragraph(
        "Rất mong các đại biểu sắp xếp thời gian đến dự đúng giờ để Hội nghị đạt kết quả./.".into(),
    ));
    let plan_doc = super::plan::plan_document(plan);
    OfficialDocument {
        parent_authority: c.parent_authority.as_deref().map(upper),
        issuing_body: upper(&c.issuing_body),
        number_line: format!(
            "Số: {}",
            crate::domain::numbering::number_symbol(None, "GM", &c.issuer_code)
        ),
        place_date: place_date(&c.place, None),
        type_name: "GIẤY MỜI".into(),
        summary: summary(plan, e),
        blocks,
        recipients: vec!["- Như thành phần mời;".into(), "- Lưu: VT.".into()],
        signature: plan_doc.signature,
        title: format!(
            "Giấy mời {}",
            e.map(|e| e.title.as_str()).unwrap_or("Hội nghị")
        ),
    }
}

fn lower_first(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(c) => format!("{}{}", c.to_lowercase(), chars.as_str()),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests;
