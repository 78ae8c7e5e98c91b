//! The report's "Dự báo" section (issue 19): the outlook of the year under way when the
//! conference meets — the projected index, band and rank in the most favourable, the
//! expected and the least favourable case, the portal months reported, and the five
//! sub-criteria most at risk with what each projection rests on. The figures are those of
//! `GET /api/v1/index/outlook` (`domain::index::outlook`), gathered by
//! `domain::conference`.

use cchc_sdk::types::index::{OutlookBasis, OutlookItem, OutlookStanding, UnitOutlook};
use chrono::NaiveDate;

use crate::documents::chart::decimal;
use crate::documents::{Block, Table};

/// How many of the items most at risk the section lists.
const ITEMS_AT_RISK: usize = 5;

/// The outlook printed in the report.
#[derive(Debug, Clone, PartialEq)]
pub struct OutlookSection {
    /// The year projected: the one after the year the report reviews.
    pub year: i32,
    /// The day the projection is made on.
    pub as_of: NaiveDate,
    /// The parent's name ("Tỉnh Đắk Lắk"), for the rank.
    pub parent_name: Option<String>,
    /// The unit's projection; none when no published framework of the year applies to it
    /// (the section then says so in one line).
    pub projection: Option<UnitOutlook>,
}

/// The three cases, as the section names them.
const CASES: [&str; 3] = ["Thuận lợi nhất", "Dự kiến", "Bất lợi nhất"];

/// The section's blocks under heading number `numeral` ("III"); `who` is "UBND xã …".
pub(super) fn outlook_blocks(o: &OutlookSection, numeral: &str, who: &str) -> Vec<Block> {
    let mut blocks = vec![Block::Heading(format!(
        "{numeral}. DỰ BÁO CHỈ SỐ CẢI CÁCH HÀNH CHÍNH NĂM {}",
        o.year
    ))];
    let Some(p) = &o.projection else {
        blocks.push(Block::Paragraph(format!(
            "Chưa có Bộ chỉ số cải cách hành chính năm {} áp dụng cho {who} nên chưa có cơ sở \
             dự báo.",
            o.year
        )));
        return blocks;
    };
    blocks.push(Block::Paragraph(summary(o, p, who)));
    blocks.push(Block::Table(cases_table(p)));
    let mut notes = Vec::new();
    if p.expected.ranked_units > 1 {
        let of = o
            .parent_name
            .as_ref()
            .map(|n| format!(" đơn vị thuộc {n}"))
            .unwrap_or_default();
        notes.push(format!(
            "Xếp hạng dự kiến thứ {}/{}{of}, trong khoảng từ thứ {} đến thứ {}.",
            p.expected.rank, p.expected.ranked_units, p.best.rank, p.worst.rank
        ));
    }
    if p.falls_band {
        notes.push(format!(
            "Cảnh báo: xếp loại dự kiến thấp hơn kết quả năm {} ({}).",
            o.year - 1,
            p.previous_band.as_deref().unwrap_or("-")
        ));
    }
    if p.band_at_risk {
        notes.push(format!(
            "Trong trường hợp bất lợi nhất, đơn vị bị xếp loại thấp hơn dự kiến ({}).",
            p.worst.band.as_deref().unwrap_or("không xếp loại")
        ));
    }
    blocks.extend(notes.into_iter().map(Block::Paragraph));
    let at_risk: Vec<&OutlookItem> = p
        .items
        .iter()
        .filter(|i| i.points_at_risk > 0.0)
        .take(ITEMS_AT_RISK)
        .collect();
    if at_risk.is_empty() {
        blocks.push(Block::Paragraph(
            "Không có tiêu chí thành phần nào dự kiến bị mất điểm.".into(),
        ));
    } else {
        blocks.push(Block::Paragraph(
            "Các tiêu chí thành phần có nguy cơ mất điểm nhiều nhất:".into(),
        ));
        blocks.push(Block::Table(items_table(o, p, &at_risk)));
    }
    blocks
}

/// "Kết quả … năm 2025 chưa được công bố. Trên cơ sở dữ liệu đến ngày … dự kiến đạt
/// 79,25 điểm, tương ứng 79,25%, xếp loại Khá; trong khoảng từ 66,58% đến 96,25%."
fn summary(o: &OutlookSection, p: &UnitOutlook, who: &str) -> String {
    let months = &p.portal_months;
    let portal = if months.reported > 0 {
        format!(
            "số liệu trên Cổng Dịch vụ công {}/{} tháng",
            months.reported, months.expected
        )
    } else {
        format!(
            "chưa có số liệu trên Cổng Dịch vụ công (0/{} tháng)",
            months.expected
        )
    };
    let band = p
        .expected
        .band
        .as_ref()
        .map(|b| format!(", xếp loại {b}"))
        .unwrap_or_default();
    format!(
        "Kết quả Chỉ số cải cách hành chính năm {y} chưa được công bố. Trên cơ sở dữ liệu đến \
         ngày {date} (điểm tự đánh giá, {portal}, kết quả năm {prev} và tiến độ các nhiệm vụ \
         khắc phục), Chỉ số năm {y} của {who} dự kiến đạt {e} điểm, tương ứng {ei}%{band}; \
         trong khoảng từ {wi}% đến {bi}%.",
        y = o.year,
        date = o.as_of.format("%d/%m/%Y"),
        prev = o.year - 1,
        e = decimal(p.expected.points),
        ei = decimal(p.expected.index_percent),
        wi = decimal(p.worst.index_percent),
        bi = decimal(p.best.index_percent),
    )
}

fn cases_table(p: &UnitOutlook) -> Table {
    let row = |name: &str, s: &OutlookStanding| {
        vec![
            name.to_owned(),
            decimal(s.points),
            decimal(s.index_percent),
            s.band.clone().unwrap_or_else(|| "-".into()),
            format!("{}/{}", s.rank, s.ranked_units),
        ]
    };
    Table {
        widths: vec![28, 18, 18, 18, 18],
        header: [
            "Trường hợp",
            "Tổng điểm",
            "Chỉ số (%)",
            "Xếp loại",
            "Xếp hạng",
        ]
        .map(String::from)
        .to_vec(),
        rows: vec![
            row(CASES[0], &p.best),
            row(CASES[1], &p.expected),
            row(CASES[2], &p.worst),
        ],
        align_right: vec![false, true, true, false, true],
        total_row: false,
    }
}

fn items_table(o: &OutlookSection, p: &UnitOutlook, items: &[&OutlookItem]) -> Table {
    Table {
        widths: vec![9, 35, 9, 9, 10, 28],
        header: [
            "Mã",
            "Tiêu chí thành phần",
            "Tối đa",
            "Dự kiến",
            "Nguy cơ mất",
            "Căn cứ dự báo",
        ]
        .map(String::from)
        .to_vec(),
        rows: items
            .iter()
            .map(|i| {
                vec![
                    i.code.clone(),
                    i.name.clone(),
                    decimal(i.max_points),
                    decimal(i.expected_points),
                    decimal(i.points_at_risk),
                    basis_text(i, o.year, p),
                ]
            })
            .collect(),
        align_right: vec![false, false, true, true, true, false],
        total_row: false,
    }
}

/// What an item's projection rests on, in words; the remediation tasks where they count.
fn basis_text(i: &OutlookItem, year: i32, p: &UnitOutlook) -> String {
    let (text, tasks_count) = match i.basis {
        OutlookBasis::Settled => ("Đã có kết quả".to_owned(), false),
        OutlookBasis::Portal => (
            format!(
                "Số liệu Cổng Dịch vụ công {}/{} tháng",
                p.portal_months.reported, p.portal_months.expected
            ),
            false,
        ),
        OutlookBasis::SelfAssessed => ("Điểm tự đánh giá".to_owned(), false),
        OutlookBasis::PreviousYear => (format!("Kết quả năm {}", year - 1), true),
        OutlookBasis::Unknown => ("Chưa có số liệu".to_owned(), true),
        _ => ("-".to_owned(), false),
    };
    let t = i.tasks;
    if !tasks_count || t.done + t.on_schedule + t.overdue == 0 {
        return text;
    }
    let parts: Vec<String> = [
        (t.done, "hoàn thành"),
        (t.on_schedule, "đúng tiến độ"),
        (t.overdue, "quá hạn"),
    ]
    .iter()
    .filter(|(n, _)| *n > 0)
    .map(|(n, what)| format!("{n} {what}"))
    .collect();
    format!("{text}; nhiệm vụ khắc phục: {}", parts.join(", "))
}
