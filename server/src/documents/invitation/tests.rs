use cchc_sdk::types::plans::{PlanStatus, SignAuthority};
use chrono::NaiveDate;

use super::*;

fn seed_plan(issued: bool) -> PlanOut {
    let now = chrono::Utc::now();
    let mut content = crate::demo::plan::seed_plan_content(Default::default());
    content.signer.authority = Some(SignAuthority::OnBehalf);
    PlanOut {
        id: uuid::Uuid::nil(),
        unit_id: uuid::Uuid::nil(),
        status: if issued {
            PlanStatus::Issued
        } else {
            PlanStatus::Draft
        },
        number: issued.then_some(7),
        number_symbol: crate::domain::numbering::number_symbol(issued.then_some(7), "KH", "UBND"),
        issue_date: if issued {
            NaiveDate::from_ymd_opt(2024, 4, 15)
        } else {
            None
        },
        revision: 0,
        content,
        allowed_actions: vec![],
        issued_at: None,
        created_at: now,
        updated_at: now,
        version: 1,
    }
}

fn lines(doc: &OfficialDocument) -> Vec<String> {
    doc.blocks
        .iter()
        .filter_map(|b| match b {
            Block::Paragraph(s) | Block::Item(s) => Some(s.clone()),
            Block::Lead { lead, text } => Some(format!("{lead} {text}")),
            _ => None,
        })
        .collect()
}

#[test]
fn the_seed_plan_s_invitation_names_every_participant_the_time_and_a_blank_place() {
    let plan = seed_plan(true);
    let doc = invitation_document(&plan, "Xã Hòa Tân Tây");
    assert_eq!(doc.type_name, "GIẤY MỜI");
    assert_eq!(doc.number_line, "Số:    /GM-UBND");
    assert!(
        doc.summary
            .starts_with("Dự Hội nghị đánh giá, phân tích chỉ số")
    );
    assert_eq!(doc.issuing_body, "ỦY BAN NHÂN DÂN XÃ HÒA TÂN TÂY");
    assert!(doc.place_date.starts_with("Hòa Tân Tây, ngày "));
    let lines = lines(&doc);
    assert_eq!(
        lines[0],
        "Thực hiện Kế hoạch số 07/KH-UBND ngày 15/04/2024 của Ủy ban nhân dân xã Hòa Tân Tây \
         về việc tổ chức Hội nghị đánh giá, phân tích chỉ số cải cách hành chính năm 2023; đề \
         ra các giải pháp nâng cao chất lượng công tác cải cách hành chính năm 2024, Ủy ban \
         nhân dân xã Hòa Tân Tây trân trọng kính mời:"
    );
    let invited: Vec<&String> = lines.iter().filter(|l| l.starts_with("- ")).collect();
    for p in &plan.content.participants {
        assert!(
            invited
                .iter()
                .any(|l| l.contains(p.name.trim_end_matches('.'))),
            "{} invited",
            p.name
        );
    }
    // Participants end with ";", the last with ".".
    let participants = &invited[..plan.content.participants.len()];
    assert!(
        participants[..participants.len() - 1]
            .iter()
            .all(|l| l.ends_with(';'))
    );
    assert!(participants[participants.len() - 1].ends_with('.'));
    assert!(lines.contains(
        &"Thời gian: Dự kiến trong tháng 5 năm 2024 (thời gian cụ thể sẽ thông báo sau).".into()
    ));
    assert!(lines.contains(&format!("Địa điểm: {BLANK}.")));
    assert!(lines.iter().any(|l| l == "Nội dung: "));
    assert_eq!(doc.recipients, ["- Như thành phần mời;", "- Lưu: VT."]);
    assert_eq!(
        doc.signature.authority_line.as_deref(),
        Some("TM. ỦY BAN NHÂN DÂN")
    );
    assert_eq!(doc.signature.name, "Lê Văn Vũ");
}

#[test]
fn an_exact_time_and_venue_print_as_given() {
    let mut plan = seed_plan(false);
    let e = &mut plan.content.schedule[0];
    e.starts_at = NaiveDate::from_ymd_opt(2024, 5, 20).and_then(|d| d.and_hms_opt(8, 0, 0));
    e.venue = Some("Hội trường UBND xã".into());
    let lines = lines(&invitation_document(&plan, "Xã Hòa Tân Tây"));
    assert!(lines[0].starts_with("Thực hiện Kế hoạch tổ chức Hội nghị"));
    assert!(lines.contains(&"Thời gian: 08 giờ 00, ngày 20/05/2024.".into()));
    assert!(lines.contains(&"Địa điểm: Hội trường UBND xã.".into()));
}

#[test]
fn no_schedule_leaves_blanks() {
    let mut plan = seed_plan(false);
    plan.content.schedule.clear();
    plan.content.participants.clear();
    let lines = lines(&invitation_document(&plan, "Xã X"));
    assert!(lines.contains(&format!("Thời gian: {BLANK}.")));
    assert!(lines.contains(&format!("- {BLANK}")));
}
