//! The report's tables: each body row from the data, and a "Tổng cộng" row that adds the
//! rows above it.

use super::{LostRow, ReportData};
use crate::documents::Table;
use crate::documents::chart::decimal;

fn pct(x: Option<f64>) -> String {
    x.map(decimal).unwrap_or_else(|| "-".into())
}

pub(super) fn areas_table(d: &ReportData) -> Table {
    let mut rows: Vec<Vec<String>> = d
        .areas
        .iter()
        .enumerate()
        .map(|(i, a)| {
            vec![
                (i + 1).to_string(),
                a.name.clone(),
                decimal(a.max_points),
                decimal(a.points),
                decimal(a.percent),
                pct(a.previous_percent),
            ]
        })
        .collect();
    for (name, value) in [("Điểm thưởng", d.bonus), ("Điểm trừ", -d.penalty)] {
        if value != 0.0 {
            let n = rows.len() + 1;
            rows.push(vec![
                n.to_string(),
                name.into(),
                String::new(),
                decimal(value),
                String::new(),
                String::new(),
            ]);
        }
    }
    rows.push(vec![
        String::new(),
        "Tổng cộng".into(),
        decimal(d.max_points),
        decimal(d.points),
        decimal(d.index_percent),
        pct(d.previous_index_percent),
    ]);
    Table {
        widths: vec![8, 38, 12, 12, 15, 15],
        header: vec![
            "STT".into(),
            "Lĩnh vực".into(),
            "Điểm tối đa".into(),
            "Điểm đạt".into(),
            format!("Tỷ lệ năm {} (%)", d.year),
            format!("Tỷ lệ năm {} (%)", d.year - 1),
        ],
        rows,
        align_right: vec![false, false, true, true, true, true],
        total_row: true,
    }
}

pub(super) fn departments_table(d: &ReportData) -> Table {
    let mut rows: Vec<Vec<String>> = d
        .departments
        .iter()
        .enumerate()
        .map(|(i, g)| {
            vec![
                (i + 1).to_string(),
                g.name.clone().unwrap_or_else(|| "Chưa phân công".into()),
                g.codes.join(", "),
                decimal(g.lost_points),
            ]
        })
        .collect();
    let total: f64 = d.departments.iter().map(|g| g.lost_points).sum();
    rows.push(vec![
        String::new(),
        "Tổng cộng".into(),
        String::new(),
        decimal(total),
    ]);
    Table {
        widths: vec![8, 32, 44, 16],
        header: vec![
            "STT".into(),
            "Bộ phận chịu trách nhiệm".into(),
            "Tiêu chí thành phần bị mất điểm".into(),
            "Điểm bị mất".into(),
        ],
        rows,
        align_right: vec![false, false, false, true],
        total_row: true,
    }
}

pub(super) fn lost_table(d: &ReportData) -> Table {
    let mut rows: Vec<Vec<String>> = d
        .lost
        .iter()
        .map(|l| {
            vec![
                l.code.clone(),
                l.name.clone(),
                decimal(l.max_points),
                decimal(l.points),
                decimal(l.max_points - l.points),
                l.department.clone().unwrap_or_default(),
            ]
        })
        .collect();
    let sum = |f: fn(&LostRow) -> f64| decimal(d.lost.iter().map(f).sum());
    rows.push(vec![
        String::new(),
        "Tổng cộng".into(),
        sum(|l| l.max_points),
        sum(|l| l.points),
        sum(|l| l.max_points - l.points),
        String::new(),
    ]);
    Table {
        widths: vec![10, 38, 10, 10, 10, 22],
        header: [
            "Mã",
            "Tiêu chí thành phần",
            "Tối đa",
            "Đạt",
            "Mất",
            "Bộ phận",
        ]
        .map(String::from)
        .to_vec(),
        rows,
        align_right: vec![false, false, true, true, true, false],
        total_row: true,
    }
}

pub(super) fn tasks_table(d: &ReportData) -> Table {
    Table {
        widths: vec![8, 52, 24, 16],
        header: ["STT", "Nhiệm vụ khắc phục", "Bộ phận chủ trì", "Thời hạn"]
            .map(String::from)
            .to_vec(),
        rows: d
            .tasks
            .iter()
            .enumerate()
            .map(|(i, t)| {
                vec![
                    (i + 1).to_string(),
                    t.title.clone(),
                    t.lead.clone().unwrap_or_default(),
                    t.due_date
                        .map(|d| d.format("%d/%m/%Y").to_string())
                        .unwrap_or_default(),
                ]
            })
            .collect(),
        align_right: vec![],
        total_row: false,
    }
}
