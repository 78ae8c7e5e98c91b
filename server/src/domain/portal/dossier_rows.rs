//! The SQL of a dossier batch, in few round trips (issue 18: 10,000 records ≥ 50,000
//! records/s on PostgreSQL): on PostgreSQL the codes read and the rows written in one
//! statement each, passed as one JSON parameter; on SQLite many rows per statement, in
//! chunks under its limit of bound parameters (32,766); a month's counts aggregated by
//! the database.

use std::collections::HashMap;

use cchc_sdk::types::portal::{Channel, DossierStatus, PortalFigures};
use chrono::NaiveDate;
use sea_orm::sea_query::{Alias, Expr, ExprTrait, Func, OnConflict, Query, SimpleExpr};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DbBackend, EntityTrait, QueryFilter, Statement,
};
use uuid::Uuid;

use crate::domain::codec::enum_str;
use crate::entity::portal_dossiers::{self, Column};
use crate::error::ApiError;

/// Codes per lookup: one bound parameter each.
const CODES_PER_READ: usize = 5_000;

/// Rows per INSERT: 14 columns, so 28,000 bound parameters.
const ROWS_PER_WRITE: usize = 2_000;

/// The stored dossiers among `codes`, by code.
pub(super) async fn existing(
    db: &impl ConnectionTrait,
    codes: &[String],
) -> Result<HashMap<String, portal_dossiers::Model>, ApiError> {
    let mut out = HashMap::with_capacity(codes.len().min(CODES_PER_READ));
    if db.get_database_backend() == DbBackend::Postgres {
        // The codes as one JSON parameter: thousands of placeholders cost PostgreSQL more
        // to parse and bind than the read itself.
        let sql = "SELECT * FROM portal_dossiers \
                   WHERE code IN (SELECT json_array_elements_text($1::json))";
        let codes = serde_json::to_string(codes).map_err(ApiError::internal)?;
        let stmt = Statement::from_sql_and_values(DbBackend::Postgres, sql, [codes.into()]);
        for d in portal_dossiers::Entity::find()
            .from_raw_sql(stmt)
            .all(db)
            .await?
        {
            out.insert(d.code.clone(), d);
        }
        return Ok(out);
    }
    for chunk in codes.chunks(CODES_PER_READ) {
        for d in portal_dossiers::Entity::find()
            .filter(Column::Code.is_in(chunk.iter().map(String::as_str)))
            .all(db)
            .await?
        {
            out.insert(d.code.clone(), d);
        }
    }
    Ok(out)
}

/// Whether a record says nothing new about a stored dossier (its `updated_at` aside).
pub(super) fn same(a: &portal_dossiers::Model, b: &portal_dossiers::Model) -> bool {
    a.code == b.code
        && a.procedure_code == b.procedure_code
        && a.unit_id == b.unit_id
        && a.received_date == b.received_date
        && a.due_date == b.due_date
        && a.finished_date == b.finished_date
        && a.status == b.status
        && a.channel == b.channel
        && a.paid_online == b.paid_online
        && a.electronic_result == b.electronic_result
        && a.digitised == b.digitised
        && a.synced == b.synced
        && a.satisfaction == b.satisfaction
}

/// Inserts new dossiers (a code stored meanwhile fails the statement, as one INSERT
/// would).
pub(super) async fn insert(
    db: &impl ConnectionTrait,
    rows: Vec<portal_dossiers::Model>,
) -> Result<(), ApiError> {
    write(db, rows, None).await
}

/// Overwrites stored dossiers, every column, by code.
pub(super) async fn update(
    db: &impl ConnectionTrait,
    rows: Vec<portal_dossiers::Model>,
) -> Result<(), ApiError> {
    let on_code = OnConflict::column(Column::Code)
        .update_columns([
            Column::ProcedureCode,
            Column::UnitId,
            Column::ReceivedDate,
            Column::DueDate,
            Column::FinishedDate,
            Column::Status,
            Column::Channel,
            Column::PaidOnline,
            Column::ElectronicResult,
            Column::Digitised,
            Column::Synced,
            Column::Satisfaction,
            Column::UpdatedAt,
        ])
        .to_owned();
    write(db, rows, Some(on_code)).await
}

async fn write(
    db: &impl ConnectionTrait,
    mut rows: Vec<portal_dossiers::Model>,
    on_conflict: Option<OnConflict>,
) -> Result<(), ApiError> {
    if db.get_database_backend() == DbBackend::Postgres {
        return write_pg(db, &rows, on_conflict.is_some()).await;
    }
    while !rows.is_empty() {
        let rest = rows.split_off(rows.len().min(ROWS_PER_WRITE));
        let chunk = std::mem::replace(&mut rows, rest);
        let mut insert = portal_dossiers::Entity::insert_many(
            chunk
                .into_iter()
                .map(|m| portal_dossiers::ActiveModel::from(m).reset_all()),
        );
        if let Some(on_conflict) = &on_conflict {
            insert = insert.on_conflict(on_conflict.clone());
        }
        insert.exec_without_returning(db).await?;
    }
    Ok(())
}

/// The columns of a dossier row, in the order of [`write_pg`]'s record type.
const PG_COLUMNS: &str = "code, procedure_code, unit_id, received_date, due_date, \
    finished_date, status, channel, paid_online, electronic_result, digitised, synced, \
    satisfaction, updated_at";

/// PostgreSQL: every row in one statement, the rows as one JSON parameter read back by
/// `json_to_recordset` (a plain INSERT, or an upsert on the code when `upsert`).
async fn write_pg(
    db: &impl ConnectionTrait,
    rows: &[portal_dossiers::Model],
    upsert: bool,
) -> Result<(), ApiError> {
    if rows.is_empty() {
        return Ok(());
    }
    let records: Vec<serde_json::Value> = rows
        .iter()
        .map(|m| {
            serde_json::json!({
                "code": m.code, "procedure_code": m.procedure_code, "unit_id": m.unit_id,
                "received_date": m.received_date, "due_date": m.due_date,
                "finished_date": m.finished_date, "status": m.status, "channel": m.channel,
                "paid_online": m.paid_online, "electronic_result": m.electronic_result,
                "digitised": m.digitised, "synced": m.synced, "satisfaction": m.satisfaction,
                "updated_at": m.updated_at,
            })
        })
        .collect();
    let records = serde_json::to_string(&records).map_err(ApiError::internal)?;
    let on_code = if upsert {
        " ON CONFLICT (code) DO UPDATE SET procedure_code = EXCLUDED.procedure_code, \
          unit_id = EXCLUDED.unit_id, received_date = EXCLUDED.received_date, \
          due_date = EXCLUDED.due_date, finished_date = EXCLUDED.finished_date, \
          status = EXCLUDED.status, channel = EXCLUDED.channel, \
          paid_online = EXCLUDED.paid_online, electronic_result = EXCLUDED.electronic_result, \
          digitised = EXCLUDED.digitised, synced = EXCLUDED.synced, \
          satisfaction = EXCLUDED.satisfaction, updated_at = EXCLUDED.updated_at"
    } else {
        ""
    };
    let sql = format!(
        "INSERT INTO portal_dossiers ({PG_COLUMNS}) SELECT {PG_COLUMNS} \
         FROM json_to_recordset($1::json) AS r(code text, procedure_code text, unit_id uuid, \
         received_date date, due_date date, finished_date date, status text, channel text, \
         paid_online boolean, electronic_result boolean, digitised boolean, synced boolean, \
         satisfaction integer, updated_at timestamptz){on_code}"
    );
    db.execute_raw(Statement::from_sql_and_values(
        DbBackend::Postgres,
        sql,
        [records.into()],
    ))
    .await?;
    Ok(())
}

/// `SUM(CASE WHEN cond THEN 1 ELSE 0 END)`, 0 over no rows.
fn count_if(cond: SimpleExpr) -> SimpleExpr {
    let case = Expr::case(cond, Expr::cust("1")).finally(Expr::cust("0"));
    Func::coalesce([Func::sum(case).into(), Expr::cust("0")]).into()
}

fn resolved() -> SimpleExpr {
    Expr::col(Column::Status)
        .eq(enum_str(&DossierStatus::Resolved))
        .and(Expr::col(Column::FinishedDate).is_not_null())
}

fn channel(c: Channel) -> SimpleExpr {
    count_if(Expr::col(Column::Channel).eq(enum_str(&c)))
}

/// The counts of a unit's dossiers received in a month (`YYYY-MM`), in one aggregate
/// query: received; resolved (with a finished date) before, on and after the due date,
/// and of those with an electronic result; per channel; paid online, digitised, synced;
/// satisfaction responses and those of 4 or 5.
pub(super) async fn aggregate_month(
    db: &impl ConnectionTrait,
    unit_id: Uuid,
    month: &str,
) -> Result<PortalFigures, ApiError> {
    let start = NaiveDate::parse_from_str(&format!("{month}-01"), "%Y-%m-%d")
        .map_err(ApiError::internal)?;
    let end = start
        .checked_add_months(chrono::Months::new(1))
        .ok_or_else(|| ApiError::internal("month overflow"))?;
    let finished = || Expr::col(Column::FinishedDate);
    let due = || Expr::col(Column::DueDate);
    let flag = |c: Column| count_if(Expr::col(c).eq(true));
    let columns: [(&str, SimpleExpr); 14] = [
        ("received", Func::count(Expr::cust("*")).into()),
        ("early", count_if(resolved().and(finished().lt(due())))),
        ("on_time", count_if(resolved().and(finished().eq(due())))),
        ("late", count_if(resolved().and(finished().gt(due())))),
        (
            "electronic",
            count_if(resolved().and(Expr::col(Column::ElectronicResult).eq(true))),
        ),
        ("in_person", channel(Channel::InPerson)),
        ("partly_online", channel(Channel::PartlyOnline)),
        ("fully_online", channel(Channel::FullyOnline)),
        ("by_post", channel(Channel::Post)),
        ("paid_online", flag(Column::PaidOnline)),
        ("digitised", flag(Column::Digitised)),
        ("synced", flag(Column::Synced)),
        (
            "responses",
            Func::count(Expr::col(Column::Satisfaction)).into(),
        ),
        (
            "satisfied",
            count_if(Expr::col(Column::Satisfaction).gte(4)),
        ),
    ];
    let mut query = Query::select();
    query
        .from(portal_dossiers::Entity)
        .and_where(Column::UnitId.eq(unit_id))
        .and_where(Column::ReceivedDate.gte(start))
        .and_where(Column::ReceivedDate.lt(end));
    for (name, expr) in &columns {
        query.expr_as(expr.clone(), Alias::new(*name));
    }
    let row = db
        .query_one_raw(db.get_database_backend().build(&query))
        .await?
        .ok_or_else(|| ApiError::internal("an aggregate answered no row"))?;
    let get = |name: &str| row.try_get::<i64>("", name);
    Ok(PortalFigures {
        received: get("received")?,
        resolved_early: get("early")?,
        resolved_on_time: get("on_time")?,
        resolved_late: get("late")?,
        electronic_result: get("electronic")?,
        in_person: get("in_person")?,
        partly_online: get("partly_online")?,
        fully_online: get("fully_online")?,
        by_post: get("by_post")?,
        paid_online: get("paid_online")?,
        digitised: get("digitised")?,
        synced: get("synced")?,
        satisfaction_responses: get("responses")?,
        satisfied: get("satisfied")?,
        ..PortalFigures::default()
    })
}
