//! The awards of a unit and year with money totals: every award granted by an issued
//! decision (revoked ones marked and left out of the totals), through the scoped award
//! history (`crate::domain::awards::decisions::awards`).

use cchc_sdk::types::awards::{AwardForm, AwardListQuery};
use cchc_sdk::types::reports::{AwardFormTotal, AwardsReport};
use sea_orm::DatabaseConnection;
use uuid::Uuid;

use super::{Cell, Column, Kind, Report};
use crate::auth::Scope;
use crate::domain::page::PageRequest;
use crate::error::ApiError;

/// The report of a unit the caller can see (404 otherwise).
pub async fn awards(
    db: &DatabaseConnection,
    scope: &Scope,
    unit_id: Uuid,
    year: i32,
) -> Result<AwardsReport, ApiError> {
    let unit =
        crate::domain::scoped::find::<crate::entity::units::Entity>(db, scope, unit_id).await?;
    let query = AwardListQuery {
        unit_id: Some(unit_id),
        year: Some(year),
        ..AwardListQuery::default()
    };
    let mut all = Vec::new();
    let mut cursor: Option<String> = None;
    loop {
        let page = PageRequest::parse(Some(200), cursor.as_deref())?;
        let got = crate::domain::awards::decisions::awards(db, scope, &query, &page).await?;
        all.extend(got.data);
        match got.next_cursor {
            Some(next) if got.has_more => cursor = Some(next),
            _ => break,
        }
    }
    all.sort_by(|a, b| {
        (a.decision_date, &a.number_symbol, &a.recipient.name).cmp(&(
            b.decision_date,
            &b.number_symbol,
            &b.recipient.name,
        ))
    });
    let in_force = || all.iter().filter(|a| !a.revoked);
    let by_form = AwardForm::ALL
        .iter()
        .filter_map(|form| {
            let of_form: Vec<_> = in_force().filter(|a| a.form == *form).collect();
            (!of_form.is_empty()).then(|| AwardFormTotal {
                form: *form,
                count: of_form.len() as u32,
                money: of_form.iter().map(|a| a.money).sum(),
            })
        })
        .collect();
    Ok(AwardsReport {
        unit_id,
        unit_name: unit.name,
        year,
        count: in_force().count() as u32,
        total_money: in_force().map(|a| a.money).sum(),
        by_form,
        awards: all,
    })
}

/// The report as a table: one line per award, then the total of the awards in force.
pub fn table(r: &AwardsReport) -> Report {
    let columns = vec![
        Column::new("no", "STT", Kind::Integer),
        Column::new("number_symbol", "Số quyết định", Kind::Text),
        Column::new("decision_date", "Ngày quyết định", Kind::Date),
        Column::new("form", "Hình thức khen thưởng", Kind::Text),
        Column::new("recipient", "Cá nhân, tập thể được khen", Kind::Text),
        Column::new("achievement", "Thành tích", Kind::Text),
        Column::new("money", "Số tiền (đồng)", Kind::Money),
        Column::new("revoked", "Ghi chú", Kind::Text),
    ];
    let mut rows: Vec<Vec<Cell>> = r
        .awards
        .iter()
        .zip(1_i64..)
        .map(|(a, no)| {
            vec![
                Cell::Integer(no),
                Cell::from(a.number_symbol.as_str()),
                Cell::Date(a.decision_date),
                Cell::from(a.form.name_vi()),
                Cell::from(a.recipient.name.as_str()),
                Cell::from(a.achievement.as_str()),
                Cell::Number(a.money as f64),
                Cell::from(a.revoked.then_some("Đã thu hồi")),
            ]
        })
        .collect();
    rows.push(vec![
        Cell::Empty,
        Cell::from("Tổng cộng"),
        Cell::Empty,
        Cell::Empty,
        Cell::from(format!("{} khen thưởng", r.count)),
        Cell::Empty,
        Cell::Number(r.total_money as f64),
        Cell::Empty,
    ]);
    Report {
        title: format!("Khen thưởng năm {} - {}", r.year, r.unit_name),
        columns,
        rows,
    }
}
