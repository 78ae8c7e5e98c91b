//! The index ranking of a parent's units for a year: the published results (see
//! `crate::domain::index::results::ranking`) with points per area, band, and the change
//! since last year (against the predecessors' average for a unit formed by a merger).

use cchc_sdk::types::index::{PreviousBasis, Ranking};

use super::{Cell, Column, Kind, Report};

/// Where last year's index came from, in words.
fn basis_vi(basis: Option<PreviousBasis>) -> Option<&'static str> {
    match basis? {
        PreviousBasis::Own => Some("Của đơn vị"),
        PreviousBasis::PredecessorsAverage => Some("Bình quân các đơn vị trước sáp nhập"),
        _ => None,
    }
}

/// The ranking as a table: rank, unit, one column per area (by the order the areas first
/// appear), bonus, penalty, total, max, index, band, last year's index, change and its basis.
pub fn table(r: &Ranking) -> Report {
    let mut areas: Vec<(String, String)> = Vec::new();
    for res in &r.results {
        for a in &res.areas {
            if !areas.iter().any(|(code, _)| *code == a.code) {
                areas.push((a.code.clone(), a.name.clone()));
            }
        }
    }
    let mut columns = vec![
        Column::new("rank", "Xếp hạng", Kind::Integer),
        Column::new("unit_name", "Đơn vị", Kind::Text),
    ];
    for (code, name) in &areas {
        columns.push(Column::new(
            format!("area_{code}"),
            format!("{code}. {name}"),
            Kind::Decimal(2),
        ));
    }
    columns.extend([
        Column::new("bonus", "Điểm thưởng", Kind::Decimal(2)),
        Column::new("penalty", "Điểm trừ", Kind::Decimal(2)),
        Column::new("points", "Tổng điểm", Kind::Decimal(2)),
        Column::new("max_points", "Điểm tối đa", Kind::Decimal(2)),
        Column::new("index_percent", "Chỉ số (%)", Kind::Percent),
        Column::new("band", "Xếp loại", Kind::Text),
        Column::new(
            "previous_index_percent",
            "Chỉ số năm trước (%)",
            Kind::Percent,
        ),
        Column::new("change", "Tăng/giảm (điểm %)", Kind::Decimal(2)),
        Column::new("previous_basis", "Cơ sở so sánh", Kind::Text),
    ]);
    let rows = r
        .results
        .iter()
        .map(|res| {
            let mut row = vec![
                Cell::from(i64::from(res.rank)),
                Cell::from(res.unit_name.as_str()),
            ];
            for (code, _) in &areas {
                row.push(Cell::from(
                    res.areas.iter().find(|a| a.code == *code).map(|a| a.points),
                ));
            }
            row.extend([
                Cell::from(res.bonus),
                Cell::from(res.penalty),
                Cell::from(res.points),
                Cell::from(res.max_points),
                Cell::from(res.index_percent),
                Cell::from(res.band.clone()),
                Cell::from(res.previous_index_percent),
                Cell::from(res.change),
                Cell::from(basis_vi(res.previous_basis)),
            ]);
            row
        })
        .collect();
    Report {
        title: format!("Xếp hạng Chỉ số CCHC năm {}", r.year),
        columns,
        rows,
    }
}
