//! What-if (issue 19): where an assessment would land with lost points regained — its
//! index, band and rank among its parent's units, the others' published results held
//! fixed — and the cheapest sets of lost items that reach the next band and the next rank.
//! A computation: it changes nothing and journals nothing.
//!
//! The unit's own result is scored from its sheet ([`Sheet`]) with the points added to
//! its items (bonus and penalty kept); the siblings' are their frozen published results
//! ([`frozen::frozen`]) for the same year, as [`super::results::ranking`] ranks them.
//!
//! An item's cost is read from its remediation tasks (the unit's tasks whose
//! `criterion_id` is the item's, not cancelled): the days each is planned over, start to
//! due date, summed — tasks carry no effort estimate, and the plan's own dates are the
//! effort the unit has committed to. Items without such a task cost the others' average,
//! and every item costs 1 when none has one ([`item_costs`]). Each task's expected points
//! are its item's lost points shared equally among the item's tasks ([`share`]).

use std::collections::HashMap;

use cchc_sdk::types::index::{
    AssessmentStatus, CheapestItem, CheapestSet, TaskExpectedPoints, WhatIf, WhatIfIn, WhatIfItem,
    WhatIfStanding,
};
use cchc_sdk::types::tasks::TaskStatus;
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder};
use uuid::Uuid;

use super::analysis::{Loss, losses};
use super::assessments::{self, Sheet};
use super::frameworks;
use super::frozen;
use super::scoring::{band_of, from_centi, to_centi};
use super::what_if_math::{
    Base, Candidate, item_costs, min_cost_cover, next_band, next_rank, planned_days, rank, share,
};
use crate::auth::Ctx;
use crate::domain::codec::{enum_str, parse_enum};
use crate::entity::{index_assessments, tasks, units};
use crate::error::{ApiError, FieldIssue, Text};

/// The what-if of an assessment the caller can see (404 otherwise); 422 naming the field
/// for an unknown code (`unknown_reference`), a code named twice (`duplicate`) or points
/// outside 0..=lost (`out_of_range`).
pub async fn what_if(
    db: &DatabaseConnection,
    ctx: &Ctx,
    id: Uuid,
    body: WhatIfIn,
) -> Result<WhatIf, ApiError> {
    let a = assessments::get(db, &ctx.scope, id).await?;
    let sheet = Sheet::load(db, a).await?;
    let mut lost = losses(&sheet);
    lost.sort_by(|x, y| x.leaf.code.cmp(&y.leaf.code));
    let regained = regained(&sheet, &lost, body)?;
    let bands = frameworks::bands_of(&sheet.framework)?;
    let others = sibling_indexes(db, &sheet.assessment).await?;
    let base = Base {
        items: sheet.area_points().iter().map(|(_, p)| p).sum(),
        bonus: sheet.assessment.bonus_c,
        penalty: sheet.assessment.penalty_c,
        max: sheet.tree.max,
    };
    let standing = |points: i64| {
        let index = base.index(points);
        WhatIfStanding {
            points: from_centi(base.total(points)),
            index_percent: from_centi(index),
            band: band_of(index, &bands),
            rank: rank(index, &others),
            ranked_units: others.len() as i32 + 1,
        }
    };

    let linked = tasks::Entity::find()
        .filter(tasks::Column::UnitId.eq(sheet.assessment.unit_id))
        .filter(tasks::Column::CriterionId.is_in(lost.iter().map(|l| l.leaf.id)))
        .filter(tasks::Column::Status.ne(enum_str(&TaskStatus::Cancelled)))
        .order_by_asc(tasks::Column::CreatedAt)
        .order_by_asc(tasks::Column::Id)
        .all(db)
        .await?;
    let of = |criterion: Uuid| -> Vec<&tasks::Model> {
        linked
            .iter()
            .filter(|t| t.criterion_id == Some(criterion))
            .collect()
    };
    let planned: Vec<Option<i64>> = lost
        .iter()
        .map(|l| {
            of(l.leaf.id)
                .iter()
                .filter_map(|t| planned_days(t.start_date, t.due_date))
                .reduce(|a, b| a + b)
        })
        .collect();
    let costs = item_costs(&planned);

    let mut items = Vec::with_capacity(lost.len());
    let mut expected = Vec::new();
    for ((l, (cost, basis)), points) in lost.iter().zip(&costs).zip(&regained) {
        let theirs = of(l.leaf.id);
        items.push(WhatIfItem {
            criterion_id: l.leaf.id,
            code: l.leaf.code.clone(),
            name: l.leaf.name.clone(),
            lost_points: from_centi(l.lost),
            regained_points: from_centi(*points),
            cost: *cost as f64,
            cost_basis: *basis,
            task_ids: theirs.iter().map(|t| t.id).collect(),
        });
        for (t, part) in theirs.iter().zip(share(l.lost, theirs.len())) {
            expected.push(TaskExpectedPoints {
                task_id: t.id,
                plan_id: t.plan_id,
                title: t.title.clone(),
                status: parse_enum(&t.status)?,
                code: l.leaf.code.clone(),
                expected_points: from_centi(part),
            });
        }
    }

    let index = base.index(0);
    let available: i64 = lost.iter().map(|l| l.lost).sum();
    let candidates: Vec<Candidate> = lost
        .iter()
        .zip(&costs)
        .map(|(l, (cost, _))| Candidate {
            points: l.lost,
            cost: *cost,
        })
        .collect();
    let cheapest = |target: Option<i64>| -> Option<CheapestSet> {
        let target = target?;
        let needed = base.points_to_reach(target, available)?;
        let chosen = min_cost_cover(&candidates, needed)?;
        let points: i64 = chosen.iter().map(|i| lost[*i].lost).sum();
        Some(CheapestSet {
            target_index_percent: from_centi(target),
            items: chosen
                .iter()
                .map(|i| CheapestItem {
                    code: lost[*i].leaf.code.clone(),
                    name: lost[*i].leaf.name.clone(),
                    points: from_centi(lost[*i].lost),
                    cost: candidates[*i].cost as f64,
                })
                .collect(),
            points: from_centi(points),
            cost: chosen.iter().map(|i| candidates[*i].cost).sum::<i64>() as f64,
            result: standing(points),
        })
    };
    let total: i64 = regained.iter().sum();
    Ok(WhatIf {
        assessment_id: sheet.assessment.id,
        unit_id: sheet.assessment.unit_id,
        year: sheet.assessment.year,
        current: standing(0),
        what_if: standing(total),
        regained_points: from_centi(total),
        items,
        next_band: cheapest(next_band(index, &bands)),
        next_rank: cheapest(next_rank(index, &others)),
        tasks: expected,
    })
}

/// The points regained on each lost item (in the order of `lost`), hundredths; refused
/// all together, naming each bad field.
fn regained(sheet: &Sheet, lost: &[Loss], body: WhatIfIn) -> Result<Vec<i64>, ApiError> {
    let Some(asked) = body.items else {
        return Ok(lost.iter().map(|l| l.lost).collect());
    };
    let mut out = vec![0; lost.len()];
    let mut seen: HashMap<&str, usize> = HashMap::new();
    let mut issues = Vec::new();
    for (i, item) in asked.iter().enumerate() {
        let code = item.code.trim();
        if sheet.tree.leaf(code).is_none() {
            issues.push(FieldIssue::unknown_reference(format!("items[{i}].code")));
            continue;
        }
        if seen.insert(code, i).is_some() {
            issues.push(FieldIssue::new(
                format!("items[{i}].code"),
                "duplicate",
                Text::new(
                    format!("Tiêu chí {code} đã được nêu ở trên."),
                    format!("Item {code} is named twice."),
                ),
            ));
            continue;
        }
        // An item that lost nothing can regain nothing.
        let slot = lost.iter().position(|l| l.leaf.code == code);
        let most = slot.map_or(0, |s| lost[s].lost);
        let points = match item.points {
            None => Some(most),
            Some(p) => to_centi(p).filter(|c| *c <= most),
        };
        match (points, slot) {
            (Some(p), Some(s)) => out[s] = p,
            (Some(_), None) => {}
            (None, _) => issues.push(FieldIssue::new(
                format!("items[{i}].points"),
                "out_of_range",
                Text::new(
                    format!(
                        "Điểm lấy lại từ 0 đến {} (số điểm bị mất, tối đa hai chữ số thập phân).",
                        from_centi(most)
                    ),
                    format!(
                        "Points regained are 0 to {} (the points lost, at most two decimals).",
                        from_centi(most)
                    ),
                ),
            )),
        }
    }
    if issues.is_empty() {
        Ok(out)
    } else {
        Err(ApiError::validation(issues))
    }
}

/// The published results' indexes of the other units under the same parent for the
/// assessment's year (none for a unit without a parent).
async fn sibling_indexes(
    db: &DatabaseConnection,
    a: &index_assessments::Model,
) -> Result<Vec<i64>, ApiError> {
    let parent = units::Entity::find_by_id(a.unit_id)
        .one(db)
        .await?
        .and_then(|u| u.parent_id);
    let Some(parent) = parent else {
        return Ok(Vec::new());
    };
    let siblings: Vec<Uuid> = units::Entity::find()
        .filter(units::Column::ParentId.eq(parent))
        .filter(units::Column::Id.ne(a.unit_id))
        .all(db)
        .await?
        .into_iter()
        .map(|u| u.id)
        .collect();
    if siblings.is_empty() {
        return Ok(Vec::new());
    }
    let rows = index_assessments::Entity::find()
        .filter(index_assessments::Column::UnitId.is_in(siblings))
        .filter(index_assessments::Column::Year.eq(a.year))
        .filter(index_assessments::Column::Status.eq(enum_str(&AssessmentStatus::Published)))
        .all(db)
        .await?;
    Ok(frozen::frozen(db, rows)
        .await?
        .iter()
        .map(|r| r.index_c)
        .collect())
}
