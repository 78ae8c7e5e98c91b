//! What the public-service portal pushes. Aggregated statistics are stored per unit and
//! period as sent; dossier records are upserted by their code and the months they touch
//! are re-aggregated into the same statistics rows (the last writer of a unit and period
//! wins). Ratios are computed, never stored.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use cchc_sdk::types::common::{FieldError, Page};
use cchc_sdk::types::portal::{
    BatchResult, Channel, DossierIn, DossierStatus, PortalFigures, PortalMetric, Ratio,
    RecordError, StatisticsBatch, StatisticsOut, StatisticsQuery, StatisticsSource,
};
use chrono::{Datelike, NaiveDate, Utc};
use sea_orm::sea_query::OnConflict;
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter,
    QueryOrder, QuerySelect,
};
use serde_json::json;
use uuid::Uuid;

use crate::auth::{Ctx, Scope};
use crate::domain::audit::{self, Event};
use crate::domain::index::scoring::percent_centi;
use crate::domain::index::{enum_str, parse_enum};
use crate::domain::write::{Journaled, Write};
use crate::entity::{portal_dossiers, portal_statistics, units};
use crate::error::{ApiError, FieldIssue, Lang, Text};
use crate::domain::page::PageRequest;

/// The most dossier records one batch may carry.
pub const MAX_BATCH: usize = 10_000;

/// Numerator and denominator of a ratio.
pub fn ratio(f: &PortalFigures, metric: PortalMetric) -> (i64, i64) {
    let resolved = f.resolved_early + f.resolved_on_time + f.resolved_late;
    match metric {
        PortalMetric::OnTimeRate => (f.resolved_early + f.resolved_on_time, resolved),
        PortalMetric::OnlineRate => (f.partly_online + f.fully_online, f.received),
        PortalMetric::FullyOnlineRate => (f.fully_online, f.received),
        PortalMetric::OnlinePaymentRate => (f.paid_online, f.received),
        PortalMetric::ElectronicResultRate => (f.electronic_result, resolved),
        PortalMetric::DigitisationRate => (f.digitised, f.received),
        PortalMetric::SyncRate => (f.synced, f.received),
        PortalMetric::FeedbackOnTimeRate => (f.feedback_on_time, f.feedback_received),
        PortalMetric::SatisfactionRate => (f.satisfied, f.satisfaction_responses),
        _ => (0, 0),
    }
}

/// A ratio in hundredths of a percent; `None` with nothing behind it.
pub fn ratio_centi(f: &PortalFigures, metric: PortalMetric) -> Option<i64> {
    let (num, den) = ratio(f, metric);
    (den > 0).then(|| percent_centi(num.min(den), den))
}

const METRICS: [PortalMetric; 9] = [
    PortalMetric::OnTimeRate,
    PortalMetric::OnlineRate,
    PortalMetric::FullyOnlineRate,
    PortalMetric::OnlinePaymentRate,
    PortalMetric::ElectronicResultRate,
    PortalMetric::DigitisationRate,
    PortalMetric::SyncRate,
    PortalMetric::FeedbackOnTimeRate,
    PortalMetric::SatisfactionRate,
];

/// Every ratio with a denominator.
pub fn ratios(f: &PortalFigures) -> Vec<Ratio> {
    METRICS
        .iter()
        .filter_map(|m| {
            let (numerator, denominator) = ratio(f, *m);
            ratio_centi(f, *m).map(|p| Ratio {
                metric: *m,
                numerator,
                denominator,
                percent: p as f64 / 100.0,
            })
        })
        .collect()
}

fn add(a: &mut PortalFigures, b: &PortalFigures) {
    a.received += b.received;
    a.resolved_early += b.resolved_early;
    a.resolved_on_time += b.resolved_on_time;
    a.resolved_late += b.resolved_late;
    a.in_person += b.in_person;
    a.partly_online += b.partly_online;
    a.fully_online += b.fully_online;
    a.by_post += b.by_post;
    a.paid_online += b.paid_online;
    a.electronic_result += b.electronic_result;
    a.digitised += b.digitised;
    a.synced += b.synced;
    a.feedback_received += b.feedback_received;
    a.feedback_on_time += b.feedback_on_time;
    a.satisfaction_responses += b.satisfaction_responses;
    a.satisfied += b.satisfied;
}

/// Whether `period` is `YYYY`, `YYYY-Qn` or `YYYY-MM`.
pub fn valid_period(period: &str) -> bool {
    let b = period.as_bytes();
    let year = b.len() >= 4 && b[..4].iter().all(u8::is_ascii_digit);
    match b.len() {
        4 => year,
        7 if year && b[4] == b'-' && b[5] == b'Q' => (b'1'..=b'4').contains(&b[6]),
        7 if year && b[4] == b'-' => period[5..]
            .parse::<u32>()
            .is_ok_and(|m| (1..=12).contains(&m) && b[5].is_ascii_digit()),
        _ => false,
    }
}

/// A unit's figures for a year: the year row if the portal sent one, else the sum of its
/// quarter rows if any, else the sum of its month rows; `None` with nothing stored.
pub async fn year_figures(
    db: &impl ConnectionTrait,
    unit_id: Uuid,
    year: i32,
) -> Result<Option<PortalFigures>, ApiError> {
    let rows = portal_statistics::Entity::find()
        .filter(portal_statistics::Column::UnitId.eq(unit_id))
        .filter(portal_statistics::Column::Period.starts_with(year.to_string()))
        .all(db)
        .await?;
    let year_key = year.to_string();
    let pick = |want: fn(&str) -> bool| -> Result<Option<PortalFigures>, ApiError> {
        let mut sum = None::<PortalFigures>;
        for r in rows.iter().filter(|r| want(&r.period)) {
            add(sum.get_or_insert_default(), &figures_of(r)?);
        }
        Ok(sum)
    };
    if let Some(r) = rows.iter().find(|r| r.period == year_key) {
        return Ok(Some(figures_of(r)?));
    }
    if let Some(q) = pick(|p| p.len() == 7 && p.as_bytes()[5] == b'Q')? {
        return Ok(Some(q));
    }
    pick(|p| p.len() == 7 && p.as_bytes()[5] != b'Q')
}

fn figures_of(r: &portal_statistics::Model) -> Result<PortalFigures, ApiError> {
    serde_json::from_str(&r.figures).map_err(ApiError::internal)
}

fn to_out(r: portal_statistics::Model, unit_code: &str) -> Result<StatisticsOut, ApiError> {
    let figures = figures_of(&r)?;
    Ok(StatisticsOut {
        unit_id: r.unit_id,
        unit_code: unit_code.to_owned(),
        period: r.period,
        ratios: ratios(&figures),
        figures,
        source: parse_enum(&r.source)?,
        updated_at: r.updated_at,
    })
}

/// The ids of the units with these codes that `scope` sees (others are unknown to it).
async fn units_by_code(
    db: &impl ConnectionTrait,
    scope: &Scope,
    codes: impl IntoIterator<Item = String>,
) -> Result<HashMap<String, Uuid>, ApiError> {
    let codes: BTreeSet<String> = codes.into_iter().collect();
    let mut out = HashMap::new();
    let codes: Vec<String> = codes.into_iter().collect();
    for chunk in codes.chunks(500) {
        for u in crate::domain::scoped::scoped::<units::Entity>(scope)
            .filter(units::Column::Code.is_in(chunk.to_vec()))
            .filter(units::Column::ArchivedAt.is_null())
            .all(db)
            .await?
        {
            out.insert(u.code, u.id);
        }
    }
    Ok(out)
}

async fn upsert_statistics(
    w: &Write,
    unit_id: Uuid,
    period: &str,
    source: StatisticsSource,
    figures: &PortalFigures,
) -> Result<portal_statistics::Model, ApiError> {
    let row = portal_statistics::ActiveModel {
        id: Set(Uuid::now_v7()),
        unit_id: Set(unit_id),
        period: Set(period.to_owned()),
        source: Set(enum_str(&source)),
        figures: Set(serde_json::to_string(figures).map_err(ApiError::internal)?),
        updated_at: Set(w.now()),
    };
    portal_statistics::Entity::insert(row)
        .on_conflict(
            OnConflict::columns([
                portal_statistics::Column::UnitId,
                portal_statistics::Column::Period,
            ])
            .update_columns([
                portal_statistics::Column::Source,
                portal_statistics::Column::Figures,
                portal_statistics::Column::UpdatedAt,
            ])
            .to_owned(),
        )
        .exec_without_returning(w.db())
        .await?;
    find_statistics(w.db(), unit_id, period)
        .await?
        .ok_or_else(|| ApiError::internal("statistics row vanished after its upsert"))
}

/// The stored statistics row of a unit and period.
async fn find_statistics(
    db: &impl ConnectionTrait,
    unit_id: Uuid,
    period: &str,
) -> Result<Option<portal_statistics::Model>, ApiError> {
    Ok(portal_statistics::Entity::find()
        .filter(portal_statistics::Column::UnitId.eq(unit_id))
        .filter(portal_statistics::Column::Period.eq(period))
        .one(db)
        .await?)
}

/// A statistics row as the journal shows it: its period, source and every figure.
fn statistics_state(r: &portal_statistics::Model) -> Result<serde_json::Value, ApiError> {
    let mut state = serde_json::to_value(figures_of(r)?).map_err(ApiError::internal)?;
    if let Some(m) = state.as_object_mut() {
        m.insert("period".into(), r.period.clone().into());
        m.insert("source".into(), r.source.clone().into());
    }
    Ok(state)
}

/// One proof for the steps journaled so far.
fn and(so_far: Option<Journaled>, step: Journaled) -> Option<Journaled> {
    Some(match so_far {
        Some(j) => j.and(step),
        None => step,
    })
}

/// The rows of one unit a statistics push wrote: per period, the row before the push
/// (if any) and after it.
type PushedRows = BTreeMap<String, (Option<portal_statistics::Model>, portal_statistics::Model)>;

/// Journals what a statistics push did to one unit: the row's before and after when it
/// touched one period, else a summary (how many rows were created and updated, which
/// periods).
async fn journal_statistics(
    w: &Write,
    unit_id: Uuid,
    rows: &PushedRows,
) -> Result<Journaled, ApiError> {
    let (resource_id, changes) = match rows.values().collect::<Vec<_>>().as_slice() {
        [(before, after)] => {
            let before = before.as_ref().map(statistics_state).transpose()?;
            let after_state = statistics_state(after)?;
            (
                Some(after.id),
                audit::diff(before.as_ref(), Some(&after_state)),
            )
        }
        _ => {
            let created = rows.values().filter(|(before, _)| before.is_none()).count();
            let changes = json!({
                "source": enum_str(&StatisticsSource::Aggregate),
                "created": created,
                "updated": rows.len() - created,
                "periods": rows.keys().collect::<Vec<_>>(),
            });
            (None, changes)
        }
    };
    let event = Event {
        resource_type: "portal_statistics",
        resource_id,
        unit_id: Some(unit_id),
        action: "push",
        changes,
    };
    w.journal(event).await
}

fn figures_issues(prefix: &str, f: &PortalFigures) -> Vec<FieldIssue> {
    let mut issues = Vec::new();
    let fields = [
        ("received", f.received),
        ("resolved_early", f.resolved_early),
        ("resolved_on_time", f.resolved_on_time),
        ("resolved_late", f.resolved_late),
        ("in_person", f.in_person),
        ("partly_online", f.partly_online),
        ("fully_online", f.fully_online),
        ("by_post", f.by_post),
        ("paid_online", f.paid_online),
        ("electronic_result", f.electronic_result),
        ("digitised", f.digitised),
        ("synced", f.synced),
        ("feedback_received", f.feedback_received),
        ("feedback_on_time", f.feedback_on_time),
        ("satisfaction_responses", f.satisfaction_responses),
        ("satisfied", f.satisfied),
    ];
    for (name, v) in fields {
        if !(0..=100_000_000).contains(&v) {
            issues.push(FieldIssue::new(
                format!("{prefix}.{name}"),
                "out_of_range",
                Text::new("Từ 0 đến 100.000.000.", "Between 0 and 100,000,000."),
            ));
        }
    }
    let parts = [
        ("feedback_on_time", f.feedback_on_time, f.feedback_received),
        ("satisfied", f.satisfied, f.satisfaction_responses),
    ];
    for (name, part, whole) in parts {
        if part > whole {
            issues.push(FieldIssue::new(
                format!("{prefix}.{name}"),
                "out_of_range",
                Text::new(
                    "Không được lớn hơn tổng số tương ứng.",
                    "Cannot exceed the matching total.",
                ),
            ));
        }
    }
    issues
}

/// Stores aggregated statistics; all rows or none.
pub async fn push_statistics(
    db: &DatabaseConnection,
    ctx: &Ctx,
    batch: StatisticsBatch,
) -> Result<Vec<StatisticsOut>, ApiError> {
    let w = Write::begin(db, ctx).await?;
    let known = units_by_code(
        w.db(),
        &ctx.scope,
        batch.rows.iter().map(|r| r.unit_code.clone()),
    )
    .await?;
    let mut issues = Vec::new();
    if batch.rows.is_empty() || batch.rows.len() > 1_000 {
        issues.push(FieldIssue::new(
            "rows",
            "out_of_range",
            Text::new("Từ 1 đến 1000 dòng.", "Between 1 and 1,000 rows."),
        ));
    }
    for (i, r) in batch.rows.iter().enumerate() {
        if !known.contains_key(&r.unit_code) {
            issues.push(FieldIssue::unknown_reference(format!(
                "rows[{i}].unit_code"
            )));
        }
        if !valid_period(&r.period) {
            issues.push(period_issue(&format!("rows[{i}].period")));
        }
        issues.extend(figures_issues(&format!("rows[{i}].figures"), &r.figures));
    }
    if !issues.is_empty() {
        return Err(ApiError::validation(issues));
    }
    let mut out = Vec::new();
    let mut pushed: BTreeMap<Uuid, PushedRows> = BTreeMap::new();
    for r in &batch.rows {
        let unit_id = known[&r.unit_code];
        let before = find_statistics(w.db(), unit_id, &r.period).await?;
        let row = upsert_statistics(
            &w,
            unit_id,
            &r.period,
            StatisticsSource::Aggregate,
            &r.figures,
        )
        .await?;
        // A period sent twice: journal the state before the first and after the last.
        pushed
            .entry(unit_id)
            .or_default()
            .entry(row.period.clone())
            .and_modify(|(_, after)| *after = row.clone())
            .or_insert((before, row.clone()));
        out.push(to_out(row, &r.unit_code)?);
    }
    // One journal entry per unit the push changed.
    let mut journaled = None;
    for (unit_id, rows) in &pushed {
        journaled = and(journaled, journal_statistics(&w, *unit_id, rows).await?);
    }
    let journaled =
        journaled.ok_or_else(|| ApiError::internal("a statistics push wrote no row"))?;
    w.commit(journaled).await?;
    Ok(out)
}

fn period_issue(field: &str) -> FieldIssue {
    FieldIssue::new(
        field,
        "invalid_format",
        Text::new(
            "Kỳ là năm (2024), quý (2024-Q1) hoặc tháng (2024-03).",
            "A period is a year (2024), a quarter (2024-Q1) or a month (2024-03).",
        ),
    )
}

/// One page of stored statistics of the units in scope.
pub async fn list_statistics(
    db: &DatabaseConnection,
    scope: &Scope,
    query: &StatisticsQuery,
    page: &PageRequest,
) -> Result<Page<StatisticsOut>, ApiError> {
    let mut select = crate::domain::scoped::scoped::<portal_statistics::Entity>(scope);
    if let Some(unit_id) = query.unit_id {
        select = select.filter(portal_statistics::Column::UnitId.eq(unit_id));
    }
    if let Some(p) = query.period.as_deref() {
        let allowed = |c: char| c.is_ascii_digit() || c == 'Q' || c == '-';
        if p.is_empty() || p.len() > 7 || !p.chars().all(allowed) {
            return Err(ApiError::new(crate::error::ErrorKind::InvalidQuery)
                .with_errors(vec![period_issue("period")]));
        }
        select = select.filter(portal_statistics::Column::Period.starts_with(p));
    }
    if let Some(after) = page.after {
        select = select.filter(portal_statistics::Column::Id.gt(after));
    }
    let rows = select
        .order_by_asc(portal_statistics::Column::Id)
        .limit(page.fetch())
        .all(db)
        .await?;
    let page = page.finish(rows, |r| r.id);
    let ids: Vec<Uuid> = page.data.iter().map(|r| r.unit_id).collect();
    let codes: HashMap<Uuid, String> = units::Entity::find()
        .filter(units::Column::Id.is_in(ids))
        .all(db)
        .await?
        .into_iter()
        .map(|u| (u.id, u.code))
        .collect();
    let mut data = Vec::new();
    for r in page.data {
        let code = codes.get(&r.unit_id).cloned().unwrap_or_default();
        data.push(to_out(r, &code)?);
    }
    Ok(Page {
        data,
        next_cursor: page.next_cursor,
        has_more: page.has_more,
    })
}

/// A record of a batch as read: parsed, or refused with its problems.
pub type Record = Result<DossierIn, RecordError>;

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

/// A refused record that could not even be read.
pub fn unreadable(index: usize, message: String) -> RecordError {
    RecordError {
        index,
        code: None,
        errors: vec![FieldError {
            field: String::new(),
            code: "invalid_record".into(),
            message,
        }],
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

fn same(a: &portal_dossiers::Model, b: &portal_dossiers::Model) -> bool {
    portal_dossiers::Model {
        updated_at: b.updated_at,
        ..a.clone()
    } == *b
}

/// Upserts the good records of a batch by dossier code, reports the bad ones by position,
/// and re-aggregates the months touched. Re-sending a batch changes nothing.
pub async fn push_dossiers(
    db: &DatabaseConnection,
    ctx: &Ctx,
    records: Vec<Record>,
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
        records.iter().flatten().map(|d| d.unit_code.clone()),
    )
    .await?;
    let mut good: Vec<(usize, portal_dossiers::Model)> = Vec::new();
    let mut positions: HashMap<String, usize> = HashMap::new();
    for (index, record) in records.into_iter().enumerate() {
        let d = match record {
            Ok(d) => d,
            Err(e) => {
                result.rejected.push(e);
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
    let mut existing: HashMap<String, portal_dossiers::Model> = HashMap::new();
    let codes: Vec<String> = good.iter().map(|(_, d)| d.code.clone()).collect();
    for chunk in codes.chunks(500) {
        for d in portal_dossiers::Entity::find()
            .filter(portal_dossiers::Column::Code.is_in(chunk.to_vec()))
            .all(w.db())
            .await?
        {
            existing.insert(d.code.clone(), d);
        }
    }
    let mut touched: BTreeSet<(Uuid, String)> = BTreeSet::new();
    let mut per_unit: BTreeMap<Uuid, DossierPush> = BTreeMap::new();
    let mut fresh = Vec::new();
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
            Some(old) if same(old, &row) => result.unchanged += 1,
            Some(old) => {
                touched.insert((old.unit_id, month_of(old.received_date)));
                touched.insert((row.unit_id, month_of(row.received_date)));
                per_unit.entry(row.unit_id).or_default().updated += 1;
                if old.unit_id != row.unit_id {
                    per_unit.entry(old.unit_id).or_default().moved_out += 1;
                }
                let active: portal_dossiers::ActiveModel = row.into();
                portal_dossiers::Entity::update(sea_orm::ActiveModelTrait::reset_all(active))
                    .exec(w.db())
                    .await?;
                result.updated += 1;
            }
            None => {
                touched.insert((row.unit_id, month_of(row.received_date)));
                per_unit.entry(row.unit_id).or_default().created += 1;
                fresh.push(portal_dossiers::ActiveModel::from(row));
                result.created += 1;
            }
        }
    }
    while !fresh.is_empty() {
        let rest = fresh.split_off(fresh.len().min(200));
        portal_dossiers::Entity::insert_many(std::mem::replace(&mut fresh, rest))
            .exec_without_returning(w.db())
            .await?;
    }
    for (unit_id, month) in &touched {
        let figures = aggregate_month(w.db(), *unit_id, month).await?;
        upsert_statistics(
            &w,
            *unit_id,
            month,
            StatisticsSource::Dossiers,
            &figures,
        )
        .await?;
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
    // has nothing to journal: its transaction is simply dropped.
    if let Some(journaled) = journaled {
        w.commit(journaled).await?;
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

/// The counts of a unit's dossiers received in a month (`YYYY-MM`).
async fn aggregate_month(
    db: &impl ConnectionTrait,
    unit_id: Uuid,
    month: &str,
) -> Result<PortalFigures, ApiError> {
    let start = NaiveDate::parse_from_str(&format!("{month}-01"), "%Y-%m-%d")
        .map_err(ApiError::internal)?;
    let end = start
        .checked_add_months(chrono::Months::new(1))
        .ok_or_else(|| ApiError::internal("month overflow"))?;
    let rows = portal_dossiers::Entity::find()
        .filter(portal_dossiers::Column::UnitId.eq(unit_id))
        .filter(portal_dossiers::Column::ReceivedDate.gte(start))
        .filter(portal_dossiers::Column::ReceivedDate.lt(end))
        .all(db)
        .await?;
    let mut f = PortalFigures::default();
    for d in rows {
        f.received += 1;
        if let (Some(finished), "resolved") = (d.finished_date, d.status.as_str()) {
            match finished.cmp(&d.due_date) {
                std::cmp::Ordering::Less => f.resolved_early += 1,
                std::cmp::Ordering::Equal => f.resolved_on_time += 1,
                std::cmp::Ordering::Greater => f.resolved_late += 1,
            }
            f.electronic_result += i64::from(d.electronic_result);
        }
        match parse_enum::<Channel>(&d.channel)? {
            Channel::InPerson => f.in_person += 1,
            Channel::PartlyOnline => f.partly_online += 1,
            Channel::FullyOnline => f.fully_online += 1,
            Channel::Post => f.by_post += 1,
            _ => {}
        }
        f.paid_online += i64::from(d.paid_online);
        f.digitised += i64::from(d.digitised);
        f.synced += i64::from(d.synced);
        if let Some(s) = d.satisfaction {
            f.satisfaction_responses += 1;
            f.satisfied += i64::from(s >= 4);
        }
    }
    Ok(f)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn periods_are_years_quarters_or_months() {
        for ok in ["2024", "2024-Q1", "2024-Q4", "2024-01", "2024-12"] {
            assert!(valid_period(ok), "{ok}");
        }
        for bad in [
            "24", "2024-Q5", "2024-13", "2024-00", "2024-1", "2024-Q0", "abcd", "2024-+1",
        ] {
            assert!(!valid_period(bad), "{bad}");
        }
    }

    #[test]
    fn ratios_use_their_own_denominators() {
        let f = PortalFigures {
            received: 200,
            resolved_early: 100,
            resolved_on_time: 50,
            resolved_late: 10,
            fully_online: 80,
            partly_online: 20,
            ..PortalFigures::default()
        };
        assert_eq!(ratio_centi(&f, PortalMetric::OnTimeRate), Some(9375));
        assert_eq!(ratio_centi(&f, PortalMetric::OnlineRate), Some(5000));
        assert_eq!(ratio_centi(&f, PortalMetric::SatisfactionRate), None);
        assert_eq!(ratios(&f).len(), 7);
    }
}
