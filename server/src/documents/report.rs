//! The evaluation report of the index conference (Báo cáo, BC-UBND; the seed plan's V.1):
//! the year's result by area beside last year's, the rank among the parent's units with
//! the ranking chart, where points were lost and which department answers for them, the
//! causes the departments entered, the outlook of the year under way ("Dự báo", see
//! [`OutlookSection`]), and the remediation tasks as the solutions. Every figure comes
//! from [`ReportData`], which `domain::conference` gathers from the data.

use chrono::NaiveDate;

use super::chart::decimal;
use super::{Block, Figure, OfficialDocument, Signature, place_date, upper};

mod outlook;
mod tables;

pub use outlook::OutlookSection;
use tables::{areas_table, departments_table, lost_table, tasks_table};

/// One area (lĩnh vực) of the framework: this year's points and last year's percent.
#[derive(Debug, Clone, PartialEq)]
pub struct AreaRow {
    /// Area code ("1").
    pub code: String,
    /// Area name.
    pub name: String,
    /// Max points.
    pub max_points: f64,
    /// Points this year.
    pub points: f64,
    /// Percent of max this year.
    pub percent: f64,
    /// Percent of max last year on the area of the same code, when there was one.
    pub previous_percent: Option<f64>,
}

/// The unit's place among the units of its parent (published results only).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rank {
    /// Rank (equal indexes share one).
    pub rank: i32,
    /// How many units were ranked.
    pub of: i32,
    /// The parent's name ("Huyện Tây Hòa").
    pub parent_name: String,
}

/// The lost points of one department and the sub-criteria it answers for.
#[derive(Debug, Clone, PartialEq)]
pub struct DepartmentRow {
    /// The department's name; none: no department is responsible yet.
    pub name: Option<String>,
    /// The codes of its lost sub-criteria, most lost first.
    pub codes: Vec<String>,
    /// Points lost.
    pub lost_points: f64,
}

/// One sub-criterion where points were lost.
#[derive(Debug, Clone, PartialEq)]
pub struct LostRow {
    /// Code ("1.2.3").
    pub code: String,
    /// Name.
    pub name: String,
    /// Max points.
    pub max_points: f64,
    /// Points earned.
    pub points: f64,
    /// The responsible department's name.
    pub department: Option<String>,
}

/// A cause and a proposed solution for a lost sub-criterion, as a department entered it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cause {
    /// The sub-criterion's code.
    pub criterion_code: String,
    /// The department that entered it.
    pub department: String,
    /// The cause, as entered.
    pub cause: String,
    /// The proposed solution, as entered (may be empty).
    pub solution: String,
}

/// A remediation task (made by `index.assessments.remediate`, linked to a sub-criterion).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TaskRow {
    /// The task's title.
    pub title: String,
    /// The lead department's name.
    pub lead: Option<String>,
    /// Due date.
    pub due_date: Option<NaiveDate>,
}

/// Everything the report prints.
#[derive(Debug, Clone, PartialEq)]
pub struct ReportData {
    /// Parent authority line ("UBND HUYỆN TÂY HÒA"), as the plan has it.
    pub parent_authority: Option<String>,
    /// Issuing body ("ỦY BAN NHÂN DÂN XÃ HÒA TÂN TÂY").
    pub issuing_body: String,
    /// Issuer code of the number ("UBND").
    pub issuer_code: String,
    /// Place of the place/date line.
    pub place: String,
    /// The unit's name ("Xã Hòa Tân Tây").
    pub unit_name: String,
    /// The index year.
    pub year: i32,
    /// The publication decision, when published ("Quyết định số 863/QĐ-UBND ngày
    /// 09/4/2024 của UBND huyện Tây Hòa").
    pub publication: Option<String>,
    /// Per area.
    pub areas: Vec<AreaRow>,
    /// Bonus points.
    pub bonus: f64,
    /// Penalty points.
    pub penalty: f64,
    /// Total points.
    pub points: f64,
    /// Max points.
    pub max_points: f64,
    /// The index, percent.
    pub index_percent: f64,
    /// Rating band.
    pub band: Option<String>,
    /// Last year's index, percent.
    pub previous_index_percent: Option<f64>,
    /// Rank among the parent's units, once published.
    pub rank: Option<Rank>,
    /// Lost points by department, most first.
    pub departments: Vec<DepartmentRow>,
    /// Lost sub-criteria, most lost first.
    pub lost: Vec<LostRow>,
    /// Causes entered by the departments.
    pub causes: Vec<Cause>,
    /// Remediation tasks.
    pub tasks: Vec<TaskRow>,
    /// The outlook of the year after `year` (section "Dự báo", before the solutions); none:
    /// the section is left out.
    pub outlook: Option<OutlookSection>,
    /// The ranking chart.
    pub chart: Option<Figure>,
    /// Distribution list lines without the archive line.
    pub recipients: Vec<String>,
    /// Signature.
    pub signature: Signature,
}

/// "UBND xã Hòa Tân Tây" from "Xã Hòa Tân Tây".
pub fn committee_of(unit_name: &str) -> String {
    let mut chars = unit_name.chars();
    let first: String = chars
        .next()
        .map(|c| c.to_lowercase().collect())
        .unwrap_or_default();
    format!("UBND {first}{}", chars.as_str())
}

/// The first paragraph of section I: points, index, band, rank and the change.
fn summary_paragraph(d: &ReportData, who: &str) -> String {
    let mut s = match &d.publication {
        Some(p) => format!(
            "Theo {p}, Chỉ số cải cách hành chính năm {} của {who}",
            d.year
        ),
        None => format!("Chỉ số cải cách hành chính năm {} của {who}", d.year),
    };
    s.push_str(&format!(
        " đạt {}/{} điểm, tương ứng {}%",
        decimal(d.points),
        decimal(d.max_points),
        decimal(d.index_percent)
    ));
    if let Some(b) = &d.band {
        s.push_str(&format!(", xếp loại {b}"));
    }
    if let Some(r) = &d.rank {
        s.push_str(&format!(
            "; xếp thứ {}/{} đơn vị thuộc {}",
            r.rank, r.of, r.parent_name
        ));
    }
    match d.previous_index_percent {
        Some(p) => {
            let change = d.index_percent - p;
            let verb = if change >= 0.0 { "tăng" } else { "giảm" };
            s.push_str(&format!(
                ". So với năm {} ({}%), Chỉ số {verb} {} điểm phần trăm.",
                d.year - 1,
                decimal(p),
                decimal(change.abs())
            ));
        }
        None => s.push('.'),
    }
    s
}

/// Builds the report (a draft: number and date blank for the văn thư).
pub fn report_document(d: &ReportData) -> OfficialDocument {
    let who = committee_of(&d.unit_name);
    let mut blocks = vec![
        Block::Heading(format!(
            "I. KẾT QUẢ CHỈ SỐ CẢI CÁCH HÀNH CHÍNH NĂM {}",
            d.year
        )),
        Block::Paragraph(summary_paragraph(d, &who)),
        Block::SubHeading("1. Kết quả theo từng lĩnh vực".into()),
        Block::Table(areas_table(d)),
        Block::SubHeading("2. Xếp hạng so với các đơn vị cùng cấp".into()),
    ];
    blocks.push(Block::Paragraph(match &d.rank {
        Some(r) => format!(
            "Năm {}, {who} xếp thứ {}/{} đơn vị thuộc {} (Biểu đồ 1).",
            d.year, r.rank, r.of, r.parent_name
        ),
        None => format!(
            "Kết quả năm {} chưa được công bố nên chưa có xếp hạng.",
            d.year
        ),
    }));
    if let Some(chart) = &d.chart {
        blocks.push(Block::Figure(chart.clone()));
    }
    blocks.push(Block::Heading("II. HẠN CHẾ, NGUYÊN NHÂN".into()));
    if d.lost.is_empty() {
        blocks.push(Block::Paragraph(
            "Đơn vị không bị mất điểm ở tiêu chí thành phần nào.".into(),
        ));
    } else {
        blocks.push(Block::SubHeading(
            "1. Các tiêu chí bị mất điểm và trách nhiệm của từng bộ phận".into(),
        ));
        blocks.push(Block::Table(departments_table(d)));
        blocks.push(Block::Paragraph(
            "Chi tiết các tiêu chí thành phần bị mất điểm:".into(),
        ));
        blocks.push(Block::Table(lost_table(d)));
        blocks.push(Block::SubHeading("2. Nguyên nhân".into()));
        if d.causes.is_empty() {
            blocks.push(Block::Paragraph(
                "Các bộ phận chưa nêu nguyên nhân của các tiêu chí bị mất điểm.".into(),
            ));
        }
        for c in &d.causes {
            blocks.push(Block::Lead {
                lead: format!("- Tiêu chí {} ({}):", c.criterion_code, c.department),
                text: c.cause.clone(),
            });
        }
    }
    let mut solutions = "III";
    if let Some(o) = &d.outlook {
        blocks.extend(outlook::outlook_blocks(o, "III", &who));
        solutions = "IV";
    }
    blocks.push(Block::Heading(format!(
        "{solutions}. GIẢI PHÁP KHẮC PHỤC NĂM {}",
        d.year + 1
    )));
    let proposed: Vec<&Cause> = d
        .causes
        .iter()
        .filter(|c| !c.solution.trim().is_empty())
        .collect();
    let both = !proposed.is_empty() && !d.tasks.is_empty();
    if proposed.is_empty() && d.tasks.is_empty() {
        blocks.push(Block::Paragraph(
            "Chưa có giải pháp hay nhiệm vụ khắc phục các tiêu chí bị mất điểm.".into(),
        ));
    }
    if !proposed.is_empty() {
        if both {
            blocks.push(Block::SubHeading("1. Giải pháp các bộ phận đề xuất".into()));
        }
        for c in proposed {
            blocks.push(Block::Item(format!(
                "- Tiêu chí {} ({}): {}",
                c.criterion_code, c.department, c.solution
            )));
        }
    }
    if !d.tasks.is_empty() {
        if both {
            blocks.push(Block::SubHeading("2. Nhiệm vụ khắc phục".into()));
        }
        blocks.push(Block::Paragraph(
            "Giao các bộ phận chủ trì thực hiện các nhiệm vụ khắc phục sau:".into(),
        ));
        blocks.push(Block::Table(tasks_table(d)));
    }
    blocks.push(Block::Paragraph(format!(
        "Trên đây là báo cáo kết quả Chỉ số cải cách hành chính năm {} của {who}./.",
        d.year
    )));
    let mut recipients = d.recipients.clone();
    recipients.push("- Lưu: VT.".into());
    OfficialDocument {
        parent_authority: d.parent_authority.as_deref().map(upper),
        issuing_body: upper(&d.issuing_body),
        number_line: format!(
            "Số: {}",
            crate::domain::numbering::number_symbol(None, "BC", &d.issuer_code)
        ),
        place_date: place_date(&d.place, None),
        type_name: "BÁO CÁO".into(),
        summary: format!(
            "Kết quả Chỉ số cải cách hành chính năm {} của {who}",
            d.year
        ),
        blocks,
        recipients,
        signature: d.signature.clone(),
        title: format!("Báo cáo kết quả Chỉ số CCHC năm {}", d.year),
    }
}

#[cfg(test)]
mod tests;
