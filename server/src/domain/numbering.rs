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

use crate::error::ApiError;

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
}
