//! The official document of an award decision (Quyết định khen thưởng): the NĐ 30 header,
//! the decider, the legal bases, "QUYẾT ĐỊNH:", Article 1 with the table of recipients,
//! Article 2 the money and its source, Article 3 who executes it. The same writers as plans.

use cchc_sdk::types::awards::{DecisionOut, DecisionRecipientOut, DecisionStatus, RecipientClass};

use super::{Block, OfficialDocument, Signature, Table, group_digits, place_date, upper};

/// The columns of the recipients' table, and their relative widths.
pub const COLUMNS: [&str; 5] = [
    "STT",
    "Họ và tên / Tập thể",
    "Chức vụ, đơn vị",
    "Thành tích",
    "Số tiền (đồng)",
];
const WIDTHS: [u32; 5] = [8, 28, 21, 29, 14];

/// How recipients are counted and addressed, in the order the text names them.
const CLASSES: [(RecipientClass, &str); 3] = [
    (RecipientClass::Collective, "tập thể"),
    (RecipientClass::Individual, "cá nhân"),
    (RecipientClass::Household, "hộ gia đình"),
];

/// A clause as typed, without the punctuation the document adds itself.
fn clause(s: &str) -> &str {
    s.trim().trim_end_matches([';', '.', ',']).trim_end()
}

fn count_of(recipients: &[DecisionRecipientOut], class: RecipientClass) -> usize {
    recipients
        .iter()
        .filter(|r| r.recipient.kind.class() == class)
        .count()
}

/// "01 tập thể, 02 cá nhân và 01 hộ gia đình".
fn counted(recipients: &[DecisionRecipientOut]) -> String {
    let parts: Vec<String> = CLASSES
        .iter()
        .filter_map(|(class, noun)| {
            let n = count_of(recipients, *class);
            (n > 0).then(|| format!("{n:02} {noun}"))
        })
        .collect();
    match parts.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("{} và {last}", rest.join(", ")),
        _ => parts.concat(),
    }
}

/// "cá nhân", "tập thể, cá nhân": who "each" is in Article 2.
fn nouns(recipients: &[DecisionRecipientOut]) -> String {
    CLASSES
        .iter()
        .filter(|(class, _)| count_of(recipients, *class) > 0)
        .map(|(_, noun)| *noun)
        .collect::<Vec<_>>()
        .join(", ")
}

/// Article 2: the money is only known once the decision is issued (the base salary of its
/// date sets it).
fn article_2(d: &DecisionOut, priced: bool) -> String {
    let source = format!("Nguồn kinh phí: {}.", clause(&d.funding_source));
    let first = d.recipients.first().map(|r| r.money);
    if !priced {
        return format!(
            "Điều 2. Tiền thưởng kèm theo thực hiện theo quy định, tính trên mức lương cơ sở \
             tại ngày ban hành Quyết định này. {source}"
        );
    }
    if d.total_money == 0 {
        return "Điều 2. Hình thức khen thưởng này không kèm theo tiền thưởng.".into();
    }
    let total = format!(
        "{} đồng (Bằng chữ: {})",
        group_digits(d.total_money),
        super::words::vnd_in_words(d.total_money)
    );
    match first {
        Some(m) if d.recipients.iter().all(|r| r.money == m) => format!(
            "Điều 2. Mỗi {} được thưởng {} đồng; tổng số tiền thưởng: {total}. {source}",
            nouns(&d.recipients),
            group_digits(m)
        ),
        _ => format!(
            "Điều 2. Số tiền thưởng theo danh sách tại Điều 1; tổng số tiền thưởng: {total}. \
             {source}"
        ),
    }
}

/// The recipients' table, a "Tổng cộng" row last; money cells stay blank in a draft.
fn recipients_table(d: &DecisionOut, priced: bool) -> Table {
    let money = |m: i64| {
        if priced {
            group_digits(m)
        } else {
            String::new()
        }
    };
    let mut rows: Vec<Vec<String>> = d
        .recipients
        .iter()
        .enumerate()
        .map(|(i, r)| {
            vec![
                (i + 1).to_string(),
                r.recipient.name.clone(),
                r.recipient.position.clone().unwrap_or_default(),
                r.achievement.clone(),
                money(r.money),
            ]
        })
        .collect();
    rows.push(vec![
        String::new(),
        "Tổng cộng".into(),
        String::new(),
        String::new(),
        money(d.total_money),
    ]);
    Table {
        widths: WIDTHS.to_vec(),
        header: COLUMNS.iter().map(|c| (*c).to_owned()).collect(),
        rows,
        align_right: vec![false, false, false, false, true],
        total_row: true,
    }
}

/// An article: "Điều n." bold (NĐ 30/2020 Phụ lục I), the rest regular.
fn article(text: String) -> Block {
    match text.split_once(". ") {
        Some((lead, rest)) if lead.starts_with("Điều ") => Block::Lead {
            lead: format!("{lead}."),
            text: rest.to_owned(),
        },
        _ => Block::Paragraph(text),
    }
}

/// Builds the document of an award decision. A draft (no number, no date) prints the blank
/// number its `number_symbol` has, a blank date and no money.
pub fn decision_document(d: &DecisionOut) -> OfficialDocument {
    let priced = d.status != DecisionStatus::Draft;
    let form = d.form.name_vi();
    let who = counted(&d.recipients);
    let (summary, article_1) = if d.form.is_title() {
        (
            format!("Về việc công nhận danh hiệu {form} năm {}", d.year),
            format!(
                "Điều 1. Công nhận danh hiệu \"{form}\" năm {} cho {who} (danh sách dưới đây):",
                d.year
            ),
        )
    } else {
        (
            format!("Về việc tặng {form} năm {}", d.year),
            format!(
                "Điều 1. Tặng {form} cho {who} đã có thành tích xuất sắc trong năm {} \
                 (danh sách dưới đây):",
                d.year
            ),
        )
    };
    // The chairman decides; a committee decision is signed "TM." on its behalf.
    let on_behalf = d
        .signer
        .authority_line
        .as_deref()
        .is_some_and(|a| a.trim_start().starts_with("TM."));
    let decider = if on_behalf {
        upper(&d.issuing_body)
    } else {
        format!("CHỦ TỊCH {}", upper(&d.issuing_body))
    };
    let mut blocks = vec![Block::Centered(decider)];
    for basis in &d.legal_bases {
        let line = clause(basis);
        let line = line.strip_prefix("Căn cứ ").unwrap_or(line);
        blocks.push(Block::Basis(format!("Căn cứ {line};")));
    }
    let proposer = clause(&d.proposed_by);
    let proposer = proposer
        .strip_prefix("Theo đề nghị của ")
        .unwrap_or(proposer);
    blocks.push(Block::Basis(format!("Theo đề nghị của {proposer}.")));
    blocks.push(Block::Centered("QUYẾT ĐỊNH:".into()));
    blocks.push(article(article_1));
    blocks.push(Block::Table(recipients_table(d, priced)));
    blocks.push(article(article_2(d, priced)));
    let executors: Vec<&str> = d
        .executors
        .iter()
        .map(|e| clause(e))
        .filter(|e| !e.is_empty())
        .collect();
    let executors = if executors.is_empty() {
        "Các cơ quan, đơn vị có liên quan và các tập thể, cá nhân có tên tại Điều 1".to_owned()
    } else {
        executors.join(", ")
    };
    blocks.push(article(format!(
        "Điều 3. {executors} chịu trách nhiệm thi hành Quyết định này."
    )));
    let recipients = super::distribution(
        d.distribution
            .iter()
            .map(|r| clause(r.trim().trim_start_matches('-')).to_owned())
            .collect(),
    );
    OfficialDocument {
        parent_authority: d.parent_body.as_deref().map(upper),
        issuing_body: upper(&d.issuing_body),
        number_line: format!("Số: {}", d.number_symbol),
        place_date: place_date(&d.place, d.decision_date),
        type_name: "QUYẾT ĐỊNH".into(),
        summary,
        blocks,
        recipients,
        signature: Signature {
            authority_line: d.signer.authority_line.as_deref().map(upper),
            title: upper(&d.signer.title),
            name: d.signer.name.clone(),
        },
        title: format!("Quyết định {}", d.number_symbol.trim()),
    }
}

#[cfg(test)]
mod tests;
