//! Aggregated statistics: the push of whole rows (all or none), their upsert and journal,
//! and the paged list of the stored rows.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use cchc_sdk::types::common::Page;
use cchc_sdk::types::portal::{
    PortalFigures, StatisticsBatch, StatisticsOut, StatisticsQuery, StatisticsSource,
};
use sea_orm::sea_query::OnConflict;
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter,
    QueryOrder, QuerySelect,
};
use serde_json::json;
use uuid::Uuid;

use super::figures::{figures_issues, figures_of, ratios, valid_period};
use crate::auth::{Ctx, Scope};
use crate::domain::audit::{self, Event};
use crate::domain::codec::{enum_str, parse_enum};
use crate::domain::page::PageRequest;
use crate::domain::write::{Journaled, Write};
use crate::entity::{portal_statistics, units};
use crate::error::{ApiError, FieldIssue, Text};

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
pub(super) async fn units_by_code(
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

pub(super) async fn upsert_statistics(
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
pub(super) fn and(so_far: Option<Journaled>, step: Journaled) -> Option<Journaled> {
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
