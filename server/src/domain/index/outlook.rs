//! Early warning (issue 19): the outlook (dự báo) of a unit's index for a year not
//! appraised yet — each item's best, expected and worst points from what is known so far
//! ([`outlook_math`]), summed into the index, band and rank in each case — and, for a
//! parent, its units' outlooks in one table. A computation: it changes nothing.
//!
//! The evidence of an item, in order: appraised points, survey points or frozen portal
//! figures (settled); the portal figures of the months reported so far (all the months
//! the unit exists in the year: settled); the unit's self-score; else the previous year's
//! points (the unit's own assessment of the year before, else the average of its
//! predecessors', each carried to this year's max) with the item's remediation tasks. The
//! previous year's item is the one with the same code and name (case and accents aside),
//! or the same code when this year's framework was copied from that one: another
//! province's framework may give a code to another item. Tasks linked to that item (made
//! from last year's analysis) count for this year's.
//! Ranks are among the parent's units with an outlook, the others at their expected
//! index. A unit with no assessment for the year is projected on the published framework
//! of the year for its level issued by the nearest unit above it.

use std::collections::HashMap;

use cchc_sdk::types::index::{
    FrameworkStatus, Outlook, OutlookQuery, OutlookStanding, PortalMonths, UnitOutlook,
};
use chrono::{Datelike, NaiveDate};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder};
use uuid::Uuid;

use super::frameworks;
use super::outlook_items::{Known, project_items};
use super::outlook_math::band_below;
use super::scoring::{band_of, from_centi, percent_centi, total_centi};
use super::what_if_math::rank;
use crate::auth::Ctx;
use crate::domain::codec::enum_str;
use crate::domain::units;
use crate::entity::{index_assessments, index_frameworks, units as unit_rows};
use crate::error::ApiError;

/// The outlook of a unit the caller can see (404 otherwise), for `query.year` (default:
/// the current year): its own projection among its parent's units, and its children's.
pub async fn outlook(
    db: &impl ConnectionTrait,
    ctx: &Ctx,
    query: &OutlookQuery,
) -> Result<Outlook, ApiError> {
    let today = ctx.today();
    let year = query.year.unwrap_or(today.year());
    let unit = units::find_visible(db, &ctx.scope, query.unit_id)
        .await?
        .ok_or_else(ApiError::not_found)?;
    let projection = match unit.parent_id {
        Some(parent) => {
            let siblings = children_in(db, parent, year)
                .await?
                .into_iter()
                .filter(|u| u.level == unit.level)
                .collect();
            project(db, Some(parent), siblings, year, today)
                .await?
                .into_iter()
                .find(|o| o.unit_id == unit.id)
        }
        None => project(db, None, vec![unit.clone()], year, today)
            .await?
            .pop(),
    };
    let kids = children_in(db, unit.id, year).await?;
    let mut children = project(db, Some(unit.id), kids, year, today).await?;
    for c in &mut children {
        c.items.clear();
    }
    children.sort_by(|a, b| {
        (!a.falls_band, !a.band_at_risk)
            .cmp(&(!b.falls_band, !b.band_at_risk))
            .then(
                a.expected
                    .index_percent
                    .total_cmp(&b.expected.index_percent),
            )
            .then_with(|| a.unit_name.cmp(&b.unit_name))
    });
    Ok(Outlook {
        unit_id: unit.id,
        unit_name: unit.name,
        year,
        as_of: today,
        projection,
        children,
    })
}

/// The units under `parent` that exist during `year`, not archived, by name.
pub async fn children_in(
    db: &impl ConnectionTrait,
    parent: Uuid,
    year: i32,
) -> Result<Vec<unit_rows::Model>, ApiError> {
    let (first, last) = year_bounds(year)?;
    Ok(unit_rows::Entity::find()
        .filter(unit_rows::Column::ParentId.eq(parent))
        .filter(unit_rows::Column::ArchivedAt.is_null())
        .order_by_asc(unit_rows::Column::Name)
        .all(db)
        .await?
        .into_iter()
        .filter(|u| u.valid_from.is_none_or(|f| f <= last))
        .filter(|u| u.valid_to.is_none_or(|t| t >= first))
        .collect())
}

fn year_bounds(year: i32) -> Result<(NaiveDate, NaiveDate), ApiError> {
    let first = NaiveDate::from_ymd_opt(year, 1, 1);
    let last = NaiveDate::from_ymd_opt(year, 12, 31);
    first
        .zip(last)
        .ok_or_else(|| ApiError::internal("year out of range"))
}

/// The outlooks of `units` (children of `parent`, or one root unit), each ranked among
/// the others; units no framework applies to are left out.
pub async fn project(
    db: &impl ConnectionTrait,
    parent: Option<Uuid>,
    group: Vec<unit_rows::Model>,
    year: i32,
    today: NaiveDate,
) -> Result<Vec<UnitOutlook>, ApiError> {
    if group.is_empty() {
        return Ok(Vec::new());
    }
    let ids: Vec<Uuid> = group.iter().map(|u| u.id).collect();
    let mut current: HashMap<Uuid, index_assessments::Model> = HashMap::new();
    for a in index_assessments::Entity::find()
        .filter(index_assessments::Column::UnitId.is_in(ids.clone()))
        .filter(index_assessments::Column::Year.eq(year))
        .all(db)
        .await?
    {
        current.insert(a.unit_id, a);
    }
    let fallback = applicable_frameworks(db, parent, year).await?;
    let known = Known::load(db, &group, &current, &fallback, year, today).await?;
    let mut rows = Vec::new();
    for u in &group {
        let framework = match current.get(&u.id) {
            Some(a) => known.framework(a.framework_id),
            None => fallback.iter().find(|f| f.level == u.level),
        };
        let Some(framework) = framework else { continue };
        let (_, tree) = frameworks::tree_of(framework)?;
        let assessment = current.get(&u.id);
        let items = project_items(&known, u, framework, &tree);
        let (bonus, penalty) = assessment.map_or((0, 0), |a| (a.bonus_c, a.penalty_c));
        let sum = |f: fn(&super::outlook_items::Projected) -> i64| -> i64 {
            total_centi(items.iter().map(f).sum(), bonus, penalty, tree.max)
        };
        let totals = [
            sum(|i| i.range.best),
            sum(|i| i.range.expected),
            sum(|i| i.range.worst),
        ];
        rows.push(Row {
            unit: u.clone(),
            framework: framework.clone(),
            assessment: assessment.map(|a| a.id),
            totals,
            max: tree.max,
            items,
            months: known.months(u),
        });
    }
    let expected: Vec<i64> = rows.iter().map(|r| r.index(1)).collect();
    let mut out = Vec::with_capacity(rows.len());
    for (i, r) in rows.into_iter().enumerate() {
        let others: Vec<i64> = expected
            .iter()
            .enumerate()
            .filter(|(j, _)| *j != i)
            .map(|(_, e)| *e)
            .collect();
        let bands = frameworks::bands_of(&r.framework)?;
        let standing = |case: usize| OutlookStanding {
            points: from_centi(r.totals[case]),
            index_percent: from_centi(r.index(case)),
            band: band_of(r.index(case), &bands),
            rank: rank(r.index(case), &others),
            ranked_units: others.len() as i32 + 1,
        };
        let previous = known.previous_index(r.unit.id);
        out.push(UnitOutlook {
            unit_id: r.unit.id,
            unit_name: r.unit.name.clone(),
            framework_id: r.framework.id,
            assessment_id: r.assessment,
            best: standing(0),
            expected: standing(1),
            worst: standing(2),
            previous_band: previous.clone().and_then(|(_, band)| band),
            falls_band: previous.is_some_and(|(p, _)| band_below(r.index(1), p, &bands)),
            band_at_risk: band_below(r.index(2), r.index(1), &bands),
            portal_months: r.months,
            items: r.items.into_iter().map(|i| i.out).collect(),
        });
    }
    Ok(out)
}

struct Row {
    unit: unit_rows::Model,
    framework: index_frameworks::Model,
    assessment: Option<Uuid>,
    /// Best, expected, worst total points, hundredths.
    totals: [i64; 3],
    max: i64,
    items: Vec<super::outlook_items::Projected>,
    months: PortalMonths,
}

impl Row {
    fn index(&self, case: usize) -> i64 {
        percent_centi(self.totals[case], self.max)
    }
}

/// The published frameworks of `year` issued by `parent` or a unit above it, nearest
/// issuer first, latest published first.
async fn applicable_frameworks(
    db: &impl ConnectionTrait,
    parent: Option<Uuid>,
    year: i32,
) -> Result<Vec<index_frameworks::Model>, ApiError> {
    let mut chain = Vec::new();
    let mut next = parent;
    while let Some(id) = next.filter(|_| chain.len() < 8) {
        chain.push(id);
        next = unit_rows::Entity::find_by_id(id)
            .one(db)
            .await?
            .and_then(|u| u.parent_id);
    }
    if chain.is_empty() {
        return Ok(Vec::new());
    }
    let mut found = index_frameworks::Entity::find()
        .filter(index_frameworks::Column::Year.eq(year))
        .filter(index_frameworks::Column::Status.eq(enum_str(&FrameworkStatus::Published)))
        .filter(index_frameworks::Column::IssuerUnitId.is_in(chain.clone()))
        .order_by_desc(index_frameworks::Column::PublishedAt)
        .all(db)
        .await?;
    found.sort_by_key(|f| chain.iter().position(|c| *c == f.issuer_unit_id));
    Ok(found)
}
