//! Document numbers (NĐ 30/2020): a sequence per issuing unit, document type and calendar
//! year, printed with at least two digits ("05/KH-UBND").
//!
//! The next number comes from an upsert on a counter row — `INSERT … ON CONFLICT DO UPDATE
//! SET last_number = last_number + 1 RETURNING last_number` — which is atomic on PostgreSQL
//! (row lock) and on SQLite (inside an IMMEDIATE transaction). MAX(number)+1 would hand the
//! same number to two plans issued at the same instant.

use sea_orm::sea_query::{Alias, Expr, OnConflict, Query};
use sea_orm::{ConnectionTrait, ExprTrait};
use uuid::Uuid;

use chrono::{Datelike, NaiveDate};

use crate::error::{ApiError, FieldIssue, Text};

/// Takes the next number of `unit_id`'s `type_code` documents in `year`, inside the caller's
/// (write) transaction.
pub async fn next_number(
    db: &impl ConnectionTrait,
    unit_id: Uuid,
    year: i32,
    type_code: &str,
) -> Result<i32, ApiError> {
    let table = Alias::new("document_counters");
    let last = Alias::new("last_number");
    let stmt = Query::insert()
        .into_table(table.clone())
        .columns([
            Alias::new("unit_id"),
            Alias::new("year"),
            Alias::new("type_code"),
            last.clone(),
        ])
        .values_panic([unit_id.into(), year.into(), type_code.into(), 1.into()])
        .on_conflict(
            OnConflict::columns([
                Alias::new("unit_id"),
                Alias::new("year"),
                Alias::new("type_code"),
            ])
            .value(last.clone(), Expr::col((table, last.clone())).add(1))
            .to_owned(),
        )
        .returning_col(last)
        .to_owned();
    let row = db
        .query_one(&stmt)
        .await?
        .ok_or_else(|| ApiError::internal("the number counter returned no row"))?;
    Ok(row.try_get::<i32>("", "last_number")?)
}

/// Checks the date a document is issued with (NĐ 30/2020/NĐ-CP, Điều 15: numbers run
/// from 01 on the first day of the year to 31 December, so they rise with the dates): 422
/// on `field` when the date is after `today` (`in_future`) or before `latest`, the date of
/// the last document its unit already numbered in that year's register (`out_of_sequence`:
/// a later number would carry an earlier date).
pub fn check_issue_date(
    field: &str,
    date: NaiveDate,
    today: NaiveDate,
    latest: Option<NaiveDate>,
) -> Result<(), ApiError> {
    if date > today {
        return Err(ApiError::validation(vec![FieldIssue::new(
            field,
            "in_future",
            Text::new(
                format!("Ngày ban hành {} chưa đến.", date.format("%d/%m/%Y")),
                format!("The issue date {date} is in the future."),
            ),
        )]));
    }
    if let Some(latest) = latest.filter(|l| date < *l) {
        return Err(ApiError::validation(vec![FieldIssue::new(
            field,
            "out_of_sequence",
            Text::new(
                format!(
                    "Sổ văn bản năm {} đã cấp số cho văn bản ngày {}; văn bản mới không thể mang ngày sớm hơn.",
                    latest.year(),
                    latest.format("%d/%m/%Y")
                ),
                format!(
                    "The {} register already numbered a document dated {latest}; a new number cannot carry an earlier date.",
                    latest.year()
                ),
            ),
        )]));
    }
    Ok(())
}

/// The printed number: "05/KH-UBND" (two digits at least), or "   /KH-UBND" before issue.
pub fn number_symbol(number: Option<i32>, type_code: &str, issuer_code: &str) -> String {
    match number {
        Some(n) => format!("{n:02}/{type_code}-{issuer_code}"),
        None => format!("   /{type_code}-{issuer_code}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_have_two_digits_at_least() {
        assert_eq!(number_symbol(Some(5), "KH", "UBND"), "05/KH-UBND");
        assert_eq!(number_symbol(Some(123), "QĐ", "UBND"), "123/QĐ-UBND");
        assert_eq!(number_symbol(None, "KH", "UBND"), "   /KH-UBND");
    }

    #[test]
    fn an_issue_date_is_neither_to_come_nor_before_the_register() {
        let d = |m, day| NaiveDate::from_ymd_opt(2026, m, day).unwrap_or_default();
        let code = |r: Result<(), ApiError>| r.err().map(|e| e.errors()[0].code);
        assert_eq!(code(check_issue_date("date", d(5, 2), d(5, 2), None)), None);
        assert_eq!(
            code(check_issue_date("date", d(5, 3), d(5, 2), None)),
            Some("in_future")
        );
        assert_eq!(
            code(check_issue_date("date", d(4, 30), d(5, 2), Some(d(5, 1)))),
            Some("out_of_sequence")
        );
        assert_eq!(
            code(check_issue_date("date", d(5, 1), d(5, 2), Some(d(5, 1)))),
            None
        );
    }
}
