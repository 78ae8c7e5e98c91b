//! The decision's document, block by block, and through both writers.

use cchc_sdk::types::awards::{AwardForm, DecisionSigner, RecipientKind, RecipientOut};
use chrono::{NaiveDate, Utc};
use uuid::Uuid;

use super::*;

fn recipient(kind: RecipientKind, name: &str, position: &str, money: i64) -> DecisionRecipientOut {
    DecisionRecipientOut {
        proposal_id: Uuid::nil(),
        recipient: RecipientOut {
            kind,
            official_id: None,
            department_id: None,
            unit_id: None,
            name: name.into(),
            position: Some(position.into()),
        },
        achievement: "Hoàn thành xuất sắc nhiệm vụ cải cách hành chính, góp phần nâng \
                      chỉ số cải cách hành chính của xã năm 2024"
            .into(),
        money,
    }
}

/// An issued Giấy khen to an official, a department and a household.
fn sample() -> DecisionOut {
    let recipients = vec![
        recipient(
            RecipientKind::Official,
            "Nguyễn Thị Mai",
            "Công chức Văn phòng - Thống kê",
            702_000,
        ),
        recipient(
            RecipientKind::Department,
            "Bộ phận Tiếp nhận và Trả kết quả",
            "UBND xã Hòa Tân Tây",
            1_404_000,
        ),
        recipient(
            RecipientKind::Household,
            "Hộ ông Trần Văn Bình",
            "Thôn Phú Thịnh",
            702_000,
        ),
    ];
    let total_money = recipients.iter().map(|r| r.money).sum();
    DecisionOut {
        id: Uuid::nil(),
        unit_id: Uuid::nil(),
        status: DecisionStatus::Issued,
        year: 2024,
        form: AwardForm::GiayKhen,
        number: Some(5),
        number_symbol: "05/QĐ-UBND".into(),
        decision_date: NaiveDate::from_ymd_opt(2024, 12, 20),
        issuing_body: "Ủy ban nhân dân xã Hòa Tân Tây".into(),
        parent_body: Some("UBND huyện Tây Hòa".into()),
        issuer_code: "UBND".into(),
        place: "Hòa Tân Tây".into(),
        legal_bases: vec![
            "Luật Tổ chức chính quyền địa phương ngày 19/6/2015".into(),
            "Căn cứ Luật Thi đua, khen thưởng ngày 15/6/2022;".into(),
            "Nghị định số 98/2023/NĐ-CP ngày 31/12/2023 của Chính phủ quy định chi tiết \
             thi hành một số điều của Luật Thi đua, khen thưởng"
                .into(),
        ],
        proposed_by: "Hội đồng Thi đua - Khen thưởng xã".into(),
        funding_source: "Quỹ Thi đua, khen thưởng của xã".into(),
        executors: vec![
            "Văn phòng HĐND và UBND xã".into(),
            "Bộ phận Tài chính - Kế toán".into(),
            "các tập thể, cá nhân có tên tại Điều 1".into(),
        ],
        distribution: vec!["Như Điều 3".into(), "Lưu: VT.".into()],
        signer: DecisionSigner {
            authority_line: None,
            title: "Chủ tịch".into(),
            name: "Lê Văn Vũ".into(),
        },
        recipients,
        base_salary: Some(2_340_000),
        total_money,
        revoke_reason: None,
        created_at: Utc::now(),
        updated_at: Utc::now(),
        version: 1,
    }
}

fn table(doc: &OfficialDocument) -> Option<&Table> {
    doc.blocks.iter().find_map(|b| match b {
        Block::Table(t) => Some(t),
        _ => None,
    })
}

fn position(doc: &OfficialDocument, start: &str) -> Option<usize> {
    doc.blocks.iter().position(|b| match b {
        Block::Paragraph(t) | Block::Basis(t) | Block::Centered(t) => t.starts_with(start),
        // An article reads as one paragraph, its "Điều n." bold.
        Block::Lead { lead, text } => format!("{lead} {text}").starts_with(start),
        _ => false,
    })
}

#[test]
fn the_recipients_are_listed_in_a_table_with_a_total() {
    let doc = decision_document(&sample());
    let t = table(&doc);
    assert_eq!(
        t.map(|t| t.header.clone()),
        Some(COLUMNS.map(String::from).to_vec())
    );
    assert_eq!(t.map(|t| t.rows.len()), Some(4));
    assert_eq!(
        t.and_then(|t| t.rows.first().cloned()),
        Some(vec![
            "1".into(),
            "Nguyễn Thị Mai".into(),
            "Công chức Văn phòng - Thống kê".into(),
            sample().recipients[0].achievement.clone(),
            "702.000".into(),
        ])
    );
    assert_eq!(
        t.and_then(|t| t.rows.last().cloned()),
        Some(vec![
            String::new(),
            "Tổng cộng".into(),
            String::new(),
            String::new(),
            "2.808.000".into(),
        ])
    );
    assert_eq!(t.map(|t| t.total_row), Some(true));
}

#[test]
fn the_decision_reads_bases_then_articles_in_order() {
    let doc = decision_document(&sample());
    assert_eq!(doc.type_name, "QUYẾT ĐỊNH");
    assert_eq!(doc.summary, "Về việc tặng Giấy khen năm 2024");
    assert_eq!(doc.number_line, "Số: 05/QĐ-UBND");
    assert_eq!(doc.place_date, "Hòa Tân Tây, ngày 20 tháng 12 năm 2024");
    assert_eq!(doc.parent_authority.as_deref(), Some("UBND HUYỆN TÂY HÒA"));
    assert_eq!(doc.issuing_body, "ỦY BAN NHÂN DÂN XÃ HÒA TÂN TÂY");
    assert_eq!(
        doc.blocks.first(),
        Some(&Block::Centered(
            "CHỦ TỊCH ỦY BAN NHÂN DÂN XÃ HÒA TÂN TÂY".into()
        ))
    );
    assert_eq!(
        doc.blocks.get(2),
        Some(&Block::Basis(
            "Căn cứ Luật Thi đua, khen thưởng ngày 15/6/2022;".into()
        ))
    );
    assert_eq!(
        doc.blocks.get(4),
        Some(&Block::Basis(
            "Theo đề nghị của Hội đồng Thi đua - Khen thưởng xã.".into()
        ))
    );
    let decides = position(&doc, "QUYẾT ĐỊNH:");
    let article_1 = position(
        &doc,
        "Điều 1. Tặng Giấy khen cho 01 tập thể, 01 cá nhân và 01 hộ gia đình đã có",
    );
    let table = doc.blocks.iter().position(|b| matches!(b, Block::Table(_)));
    let article_2 = position(&doc, "Điều 2. Số tiền thưởng theo danh sách tại Điều 1");
    let article_3 = position(&doc, "Điều 3. Văn phòng HĐND và UBND xã, Bộ phận Tài chính");
    assert_eq!(decides, Some(5));
    assert_eq!(article_1, Some(6));
    assert_eq!(table, Some(7));
    assert_eq!(article_2, Some(8));
    assert_eq!(article_3, Some(9));
    assert!(matches!(doc.blocks.get(8), Some(Block::Lead { lead, text })
        if lead == "Điều 2." && text.contains("2.808.000 đồng") && text.ends_with("Nguồn kinh phí: Quỹ Thi đua, khen thưởng của xã.")));
    assert_eq!(doc.recipients, vec!["- Như Điều 3;", "- Lưu: VT."]);
    // The articles' "Điều n." are bold leads (NĐ 30/2020 Phụ lục I).
    assert!(matches!(doc.blocks.get(9), Some(Block::Lead { lead, .. }) if lead == "Điều 3."));
    assert_eq!(doc.signature.title, "CHỦ TỊCH");
    assert_eq!(doc.signature.name, "Lê Văn Vũ");
}

#[test]
fn a_title_is_recognised_and_equal_money_is_stated_once() {
    let mut d = sample();
    d.form = AwardForm::LaoDongTienTien;
    d.recipients.truncate(1);
    d.recipients.push(recipient(
        RecipientKind::Official,
        "Phạm Văn Hùng",
        "Công chức Địa chính",
        702_000,
    ));
    d.total_money = 1_404_000;
    let doc = decision_document(&d);
    assert_eq!(
        doc.summary,
        "Về việc công nhận danh hiệu Lao động tiên tiến năm 2024"
    );
    assert!(
        position(
            &doc,
            "Điều 1. Công nhận danh hiệu \"Lao động tiên tiến\" năm 2024 cho 02 cá nhân ("
        )
        .is_some()
    );
    assert!(
        position(
            &doc,
            "Điều 2. Mỗi cá nhân được thưởng 702.000 đồng; tổng số tiền thưởng: 1.404.000 đồng \
             (Bằng chữ: Một triệu bốn trăm linh bốn nghìn đồng)."
        )
        .is_some()
    );
}

#[test]
fn a_draft_leaves_number_date_and_money_blank() {
    let mut d = sample();
    d.status = DecisionStatus::Draft;
    d.number = None;
    d.number_symbol = "   /QĐ-UBND".into();
    d.decision_date = None;
    d.base_salary = None;
    d.recipients.iter_mut().for_each(|r| r.money = 0);
    d.total_money = 0;
    d.signer.authority_line = Some("KT. Chủ tịch".into());
    let doc = decision_document(&d);
    assert_eq!(doc.number_line, "Số:    /QĐ-UBND");
    assert!(doc.place_date.starts_with("Hòa Tân Tây, ngày      tháng"));
    let money: Option<Vec<String>> =
        table(&doc).map(|t| t.rows.iter().filter_map(|r| r.get(4).cloned()).collect());
    assert_eq!(money, Some(vec![String::new(); 4]));
    assert!(position(&doc, "Điều 2. Tiền thưởng kèm theo thực hiện theo quy định").is_some());
    assert_eq!(
        doc.signature.authority_line.as_deref(),
        Some("KT. CHỦ TỊCH")
    );
}

#[test]
fn both_writers_render_a_decision() -> Result<(), String> {
    let doc = decision_document(&sample());
    let docx = super::super::docx::write(&doc).map_err(|e| format!("{e:?}"))?;
    let pdf = super::super::pdf::write(&doc).map_err(|e| format!("{e:?}"))?;
    assert!(docx.starts_with(b"PK") && docx.len() > 1_000);
    assert!(pdf.starts_with(b"%PDF") && pdf.len() > 1_000);
    Ok(())
}

/// `CCHC_DOCUMENT_SAMPLES=/tmp/docs cargo test -p cchc-server documents` writes the
/// decisions there to look at (the plan's test writes the plan).
#[test]
fn writes_samples_to_look_at_when_asked() -> Result<(), String> {
    let Ok(dir) = std::env::var("CCHC_DOCUMENT_SAMPLES") else {
        return Ok(());
    };
    let mut draft = sample();
    draft.status = DecisionStatus::Draft;
    draft.number_symbol = "   /QĐ-UBND".into();
    draft.decision_date = None;
    let mut long = sample();
    long.form = AwardForm::LaoDongTienTien;
    long.recipients = (1..=40)
        .map(|i| {
            recipient(
                RecipientKind::Official,
                &format!("Công chức số {i}"),
                "Văn phòng - Thống kê",
                702_000,
            )
        })
        .collect();
    long.total_money = 40 * 702_000;
    for (name, d) in [
        ("decision", sample()),
        ("decision-draft", draft),
        ("decision-long", long),
    ] {
        let doc = decision_document(&d);
        let docx = super::super::docx::write(&doc).map_err(|e| format!("{e:?}"))?;
        let pdf = super::super::pdf::write(&doc).map_err(|e| format!("{e:?}"))?;
        std::fs::write(format!("{dir}/{name}.docx"), docx).map_err(|e| e.to_string())?;
        std::fs::write(format!("{dir}/{name}.pdf"), pdf).map_err(|e| e.to_string())?;
    }
    Ok(())
}
