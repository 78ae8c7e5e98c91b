//! Dossier records: a batch is checked record by record, the good ones upserted by their
//! code, the bad ones reported by position, and the months touched re-aggregated.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use cchc_sdk::types::common::FieldError;
use cchc_sdk::types::portal::{
    BatchResult, DossierIn, DossierStatus, RecordError, StatisticsSource,
};
use chrono::{Datelike, NaiveDate, Utc};
use sea_orm::DatabaseConnection;
use serde_json::json;
use uuid::Uuid;

use super::statistics::{and, units_by_code, upsert_statistics};
use crate::auth::Ctx;
use crate::domain::audit::Event;
use crate::domain::codec::enum_str;
use crate::domain::write::Write;
use crate::entity::portal_dossiers;
use crate::error::{ApiError, FieldIssue, Lang, Text};

/// The most dossier records one batch may carry.
pub const MAX_BATCH: usize = 10_000;

use super::dossier_rows as rows;
use super::records::Record;

fn record_error(
    index: usize,
    code: Option<String>,
    issues: &[FieldIssue],
    lang: Lang,
) -> RecordError {
    RecordError {
        index,
        code,
        errors: issues
            .iter()
            .map(|i| FieldError {
                field: i.field.clone(),
                code: i.code.to_owned(),
                message: i.message.get(lang).to_owned(),
            })
            .collect(),
    }
}

fn check_dossier(d: &DossierIn, known: &HashMap<String, Uuid>) -> Vec<FieldIssue> {
    let mut issues = Vec::new();
    let code_ok = |s: &str| !s.trim().is_empty() && s.chars().count() <= 64;
    if !code_ok(&d.code) {
        issues.push(FieldIssue::new(
            "code",
            "invalid_value",
            Text::new(
                "Mã hồ sơ 1–64 ký tự.",
                "A dossier code has 1 to 64 characters.",
            ),
        ));
    }
    if !code_ok(&d.procedure_code) {
        issues.push(FieldIssue::new(
            "procedure_code",
            "invalid_value",
            Text::new(
                "Mã thủ tục 1–64 ký tự.",
                "A procedure code has 1 to 64 characters.",
            ),
        ));
    }
    if !known.contains_key(&d.unit_code) {
        issues.push(FieldIssue::unknown_reference("unit_code"));
    }
    let order = |field: &str| {
        FieldIssue::new(
            field,
            "out_of_range",
            Text::new(
                "Không được trước ngày tiếp nhận.",
                "Cannot be before the received date.",
            ),
        )
    };
    if d.due_date < d.received_date {
        issues.push(order("due_date"));
    }
    if d.finished_date.is_some_and(|f| f < d.received_date) {
        issues.push(order("finished_date"));
    }
    if d.status == DossierStatus::Resolved && d.finished_date.is_none() {
        issues.push(FieldIssue::required("finished_date"));
    }
    if d.satisfaction.is_some_and(|s| !(1..=5).contains(&s)) {
        issues.push(FieldIssue::new(
            "satisfaction",
            "out_of_range",
            Text::new("Từ 1 đến 5.", "Between 1 and 5."),
        ));
    }
    issues
}

fn month_of(d: NaiveDate) -> String {
    format!("{:04}-{:02}", d.year(), d.month())
}

fn dossier_row(d: &DossierIn, unit_id: Uuid, now: chrono::DateTime<Utc>) -> portal_dossiers::Model {
    portal_dossiers::Model {
        code: d.code.trim().to_owned(),
        procedure_code: d.procedure_code.trim().to_owned(),
        unit_id,
        received_date: d.received_date,
        due_date: d.due_date,
        finished_date: d.finished_date,
        status: enum_str(&d.status),
        channel: enum_str(&d.channel),
        paid_online: d.paid_online,
        electronic_result: d.electronic_result,
        digitised: d.digitised,
        synced: d.synced,
        satisfaction: d.satisfaction,
        updated_at: now,
    }
}

/// Upserts the good records of a batch by dossier code, reports the bad ones by their
/// position (`index`: array index, or NDJSON line number − 1, as given with each record),
/// and re-aggregates the months touched. Re-sending a batch changes nothing.
pub async fn push_dossiers(
    db: &DatabaseConnection,
    ctx: &Ctx,
    records: Vec<(usize, Record)>,
    lang: Lang,
) -> Result<BatchResult, ApiError> {
    let mut result = BatchResult {
        received: records.len(),
        created: 0,
        updated: 0,
        unchanged: 0,
        rejected: Vec::new(),
    };
    let w = Write::begin(db, ctx).await?;
    let known = units_by_code(
        w.db(),
        &ctx.scope,
        records
            .iter()
            .filter_map(|(_, r)| r.as_ref().ok())
            .map(|d| d.unit_code.clone()),
    )
    .await?;
    let mut good: Vec<(usize, portal_dossiers::Model)> = Vec::new();
    let mut positions: HashMap<String, usize> = HashMap::new();
    for (index, record) in records {
        let d = match record {
            Ok(d) => d,
            Err(e) => {
                let err = record_error(index, e.code, &e.issues, lang);
                result.rejected.push(err);
                continue;
            }
        };
        let issues = check_dossier(&d, &known);
        if !issues.is_empty() {
            result
                .rejected
                .push(record_error(index, Some(d.code), &issues, lang));
            continue;
        }
        let row = dossier_row(&d, known[&d.unit_code], w.now());
        // A code twice in one batch: the later record wins, as if sent one after the other.
        match positions.get(&row.code) {
            Some(&i) => good[i] = (index, row),
            None => {
                positions.insert(row.code.clone(), good.len());
                good.push((index, row));
            }
        }
    }
    let codes: Vec<String> = good.iter().map(|(_, d)| d.code.clone()).collect();
    let existing = rows::existing(w.db(), &codes).await?;
    drop(codes);
    let mut touched: BTreeSet<(Uuid, String)> = BTreeSet::new();
    let mut per_unit: BTreeMap<Uuid, DossierPush> = BTreeMap::new();
    let mut fresh = Vec::new();
    let mut changed = Vec::new();
    for (index, row) in good {
        match existing.get(&row.code) {
            // A dossier of a unit outside the caller's scope is never taken over (nor is
            // its existence revealed beyond "not yours").
            Some(old) if !ctx.scope.sees(old.unit_id) => {
                let issue = FieldIssue::new(
                    "code",
                    "not_owned",
                    Text::new(
                        "Mã hồ sơ đã thuộc một đơn vị ngoài phạm vi của hệ thống này.",
                        "This dossier code belongs to a unit outside this client's scope.",
                    ),
                );
                let code = Some(row.code.clone());
                result
                    .rejected
                    .push(record_error(index, code, &[issue], lang));
            }
            Some(old) if rows::same(old, &row) => result.unchanged += 1,
            Some(old) => {
                touched.insert((old.unit_id, month_of(old.received_date)));
                touched.insert((row.unit_id, month_of(row.received_date)));
                per_unit.entry(row.unit_id).or_default().updated += 1;
                if old.unit_id != row.unit_id {
                    per_unit.entry(old.unit_id).or_default().moved_out += 1;
                }
                changed.push(row);
                result.updated += 1;
            }
            None => {
                touched.insert((row.unit_id, month_of(row.received_date)));
                per_unit.entry(row.unit_id).or_default().created += 1;
                fresh.push(row);
                result.created += 1;
            }
        }
    }
    drop(existing);
    rows::update(w.db(), changed).await?;
    rows::insert(w.db(), fresh).await?;
    for (unit_id, month) in &touched {
        let figures = rows::aggregate_month(w.db(), *unit_id, month).await?;
        upsert_statistics(&w, *unit_id, month, StatisticsSource::Dossiers, &figures).await?;
        per_unit
            .entry(*unit_id)
            .or_default()
            .periods
            .push(month.clone());
    }
    // One journal entry per unit the batch changed, a summary rather than its records.
    let mut journaled = None;
    for (unit_id, push) in &per_unit {
        let changes = json!({
            "created": push.created,
            "updated": push.updated,
            "moved_out": push.moved_out,
            "periods": push.periods,
            "batch": {
                "received": result.received,
                "unchanged": result.unchanged,
                "rejected": result.rejected.len(),
            },
        });
        let event = Event {
            resource_type: "portal_dossier_batch",
            resource_id: None,
            unit_id: Some(*unit_id),
            action: "push",
            changes,
        };
        journaled = and(journaled, w.journal(event).await?);
    }
    // A batch that changed nothing (every record unchanged or refused) writes nothing and
    // has nothing to journal: its transaction ends here.
    match journaled {
        Some(journaled) => w.commit(journaled).await?,
        None => w.rollback().await?,
    }
    result.rejected.sort_by_key(|r| r.index);
    Ok(result)
}

/// What a dossier batch did to one unit.
#[derive(Default)]
struct DossierPush {
    /// Dossiers of the unit first seen.
    created: usize,
    /// Dossiers of the unit changed.
    updated: usize,
    /// Dossiers changed to another unit.
    moved_out: usize,
    /// The months (`YYYY-MM`) re-aggregated, in order.
    periods: Vec<String>,
}
