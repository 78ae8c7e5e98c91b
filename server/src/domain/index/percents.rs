//! Percent per sub-criterion over many scored assessments at once — the siblings' averages
//! and the previous year's percents of an analysis — read from the score rows' point
//! columns alone, without loading a [`Sheet`] per assessment (issue 18: ~130 siblings ×
//! ~39 items per analysis at national scale).
//!
//! The points are [`Sheet::points`]'s, computed the same way here from the same columns:
//! self-assessed items take the appraised points, else the self points, else (scored by
//! deduction) the max; survey items their survey points; portal-metric items the points
//! of their frozen snapshot, or — no row or no snapshot — of the unit's live figures for
//! the year (the one case that reads more: the figures, per such assessment). An item
//! without points counts 0.

use std::collections::HashMap;

use cchc_sdk::types::index::{AssessmentStatus, Method, PortalScore, Scoring};
use sea_orm::sea_query::{Expr, ExprTrait, Query};
use sea_orm::{
    ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QuerySelect, QueryTrait, Select,
};
use uuid::Uuid;

use super::frameworks;
use super::scoring::{self, Leaf, Tree, from_centi, percent_centi, to_centi};
use super::sheet::Sheet;
use crate::domain::codec::enum_str;
use crate::domain::portal;
use crate::entity::{index_assessment_items as items, index_assessments, index_frameworks, units};
use crate::error::ApiError;

/// The statuses whose points count: finalized or published.
const SCORED: [AssessmentStatus; 2] = [AssessmentStatus::Finalized, AssessmentStatus::Published];

/// The point columns of one score row: code, self, appraised and survey points
/// (hundredths), and the frozen portal snapshot (JSON).
type PointRow = (
    String,
    Option<i64>,
    Option<i64>,
    Option<i64>,
    Option<String>,
);

/// Average percent per code (hundredths of a percent) over the scored assessments of
/// `sheet`'s framework by the units that share its unit's parent, the unit itself left
/// out; empty for a unit without a parent or without scored siblings.
pub async fn sibling_averages(
    db: &impl ConnectionTrait,
    sheet: &Sheet,
) -> Result<HashMap<String, i64>, ApiError> {
    let unit = sheet.assessment.unit_id;
    let parent = Query::select()
        .column(units::Column::ParentId)
        .from(units::Entity)
        .and_where(units::Column::Id.eq(unit))
        .to_owned();
    let siblings = Query::select()
        .column(units::Column::Id)
        .from(units::Entity)
        .and_where(Expr::col(units::Column::ParentId).in_subquery(parent))
        .and_where(units::Column::Id.ne(unit))
        .to_owned();
    let select = scored()
        .filter(index_assessments::Column::FrameworkId.eq(sheet.assessment.framework_id))
        .filter(index_assessments::Column::UnitId.in_subquery(siblings));
    let trees = HashMap::from([(sheet.assessment.framework_id, sheet.tree.clone())]);
    Ok(average_percents(db, select, trees)
        .await?
        .unwrap_or_default())
}

/// Percent per code of a unit's scored assessment of `year` (hundredths of a percent);
/// for a unit formed by a merger that year, its predecessors' percents averaged per code.
/// Empty when there is none.
pub async fn percents_of_year(
    db: &impl ConnectionTrait,
    unit_id: Uuid,
    year: i32,
) -> Result<HashMap<String, i64>, ApiError> {
    let of = |ids: Vec<Uuid>| {
        scored()
            .filter(index_assessments::Column::UnitId.is_in(ids))
            .filter(index_assessments::Column::Year.eq(year))
    };
    if let Some(out) = average_percents(db, of(vec![unit_id]), HashMap::new()).await? {
        return Ok(out);
    }
    let predecessors = crate::domain::units::predecessors_of(db, unit_id).await?;
    let ids = predecessors.into_iter().map(|u| u.id).collect();
    Ok(average_percents(db, of(ids), HashMap::new())
        .await?
        .unwrap_or_default())
}

fn scored() -> Select<index_assessments::Entity> {
    index_assessments::Entity::find()
        .filter(index_assessments::Column::Status.is_in(SCORED.iter().map(enum_str)))
}

/// `(sum * 2 + n) / (2 * n)` per code of each selected assessment's per-item
/// `percent_centi(points, max)`, every leaf of its framework's tree counting once per
/// assessment; `None` when `select` finds no assessment. `trees` holds frameworks already
/// read; the others are read here.
async fn average_percents(
    db: &impl ConnectionTrait,
    select: Select<index_assessments::Entity>,
    mut trees: HashMap<Uuid, Tree>,
) -> Result<Option<HashMap<String, i64>>, ApiError> {
    let assessments: Vec<(Uuid, Uuid, i32, Uuid)> = select
        .clone()
        .select_only()
        .columns([
            index_assessments::Column::Id,
            index_assessments::Column::UnitId,
            index_assessments::Column::Year,
            index_assessments::Column::FrameworkId,
        ])
        .into_tuple()
        .all(db)
        .await?;
    if assessments.is_empty() {
        return Ok(None);
    }
    let mut missing: Vec<Uuid> = assessments
        .iter()
        .map(|a| a.3)
        .filter(|f| !trees.contains_key(f))
        .collect();
    missing.sort_unstable();
    missing.dedup();
    if !missing.is_empty() {
        for f in index_frameworks::Entity::find()
            .filter(index_frameworks::Column::Id.is_in(missing))
            .all(db)
            .await?
        {
            trees.insert(f.id, frameworks::tree_of(&f)?.1);
        }
    }
    let ids = select
        .select_only()
        .column(index_assessments::Column::Id)
        .into_query();
    let mut rows: HashMap<Uuid, HashMap<String, PointRow>> = HashMap::new();
    for (assessment_id, code, self_c, appraised_c, survey_c, snapshot) in items::Entity::find()
        .select_only()
        .columns([
            items::Column::AssessmentId,
            items::Column::Code,
            items::Column::SelfScoreC,
            items::Column::AppraisedScoreC,
            items::Column::SurveyPointsC,
            items::Column::PortalSnapshot,
        ])
        .filter(items::Column::AssessmentId.in_subquery(ids))
        .into_tuple::<(
            Uuid,
            String,
            Option<i64>,
            Option<i64>,
            Option<i64>,
            Option<String>,
        )>()
        .all(db)
        .await?
    {
        let row = (code.clone(), self_c, appraised_c, survey_c, snapshot);
        rows.entry(assessment_id).or_default().insert(code, row);
    }
    let mut sums: HashMap<String, (i64, i64)> = HashMap::new();
    for (id, unit_id, year, framework_id) in assessments {
        let tree = trees.get(&framework_id).ok_or_else(ApiError::not_found)?;
        let rows = rows.remove(&id).unwrap_or_default();
        let live = live_points(db, unit_id, year, tree, &rows).await?;
        for leaf in &tree.leaves {
            let points = points(leaf, rows.get(&leaf.code), &live).unwrap_or(0);
            let e = sums.entry(leaf.code.clone()).or_default();
            e.0 += percent_centi(points, leaf.max);
            e.1 += 1;
        }
    }
    Ok(Some(
        sums.into_iter()
            .map(|(code, (sum, n))| (code, (sum * 2 + n) / (2 * n)))
            .collect(),
    ))
}

/// [`Sheet::points`] from a score row's point columns and the live portal points.
fn points(leaf: &Leaf, row: Option<&PointRow>, live: &HashMap<String, i64>) -> Option<i64> {
    let start = (leaf.scoring == Scoring::Deduction).then_some(leaf.max);
    match leaf.method {
        Method::SelfAssessed => row.and_then(|r| r.2.or(r.1)).or(start),
        Method::Survey => row.and_then(|r| r.3),
        Method::PortalMetric => match row.and_then(|r| r.4.as_deref()) {
            // A snapshot that no longer reads scores nothing, as on the sheet.
            Some(s) => serde_json::from_str::<PortalScore>(s)
                .ok()
                .and_then(|p| to_centi(p.points)),
            None => live.get(&leaf.code).copied(),
        },
        _ => None,
    }
}

/// The live portal points (hundredths) of the portal-metric items without a snapshot, as
/// `sheet::live_portal` scores them; reads the unit's figures only when there is one.
async fn live_points(
    db: &impl ConnectionTrait,
    unit_id: Uuid,
    year: i32,
    tree: &Tree,
    rows: &HashMap<String, PointRow>,
) -> Result<HashMap<String, i64>, ApiError> {
    let live: Vec<&Leaf> = tree
        .leaves
        .iter()
        .filter(|l| l.method == Method::PortalMetric)
        .filter(|l| rows.get(&l.code).is_none_or(|r| r.4.is_none()))
        .collect();
    let mut out = HashMap::new();
    if live.is_empty() {
        return Ok(out);
    }
    let figures = portal::year_figures(db, unit_id, year)
        .await?
        .unwrap_or_default();
    for leaf in live {
        if let Some(rule) = &leaf.rule {
            let percent = portal::ratio_centi(&figures, rule.metric);
            let points = from_centi(scoring::portal_points(rule, percent));
            if let Some(c) = to_centi(points) {
                out.insert(leaf.code.clone(), c);
            }
        }
    }
    Ok(out)
}
