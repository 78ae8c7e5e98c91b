//! Publication and results: the finalized assessments of a parent's units are published
//! together by one decision; results and rankings read only published assessments.

use std::collections::HashMap;

use cchc_sdk::types::index::{
    AssessmentStatus, PreviousBasis, PreviousResult, PublishResults, Ranking, ResultOut,
};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseConnection,
    EntityTrait, QueryFilter,
};
use serde_json::json;
use uuid::Uuid;

use super::assessments::{self, Sheet, publication_to_out};
use super::frozen::{self, Frozen};
use super::scoring::{self, from_centi};
use super::{frameworks, journal};
use crate::auth::Ctx;
use crate::domain::codec::enum_str;
use crate::domain::write::Write;
use crate::domain::{text, units as unit_rules};
use crate::entity::{index_assessments, index_frameworks, index_publications, units};
use crate::error::{ApiError, ErrorKind, FieldIssue, Text};

/// Publishes every finalized assessment of `framework_id` for the units directly under
/// the parent, by one decision; refused while any of them is not finalized.
pub async fn publish(
    db: &DatabaseConnection,
    ctx: &Ctx,
    framework_id: Uuid,
    body: PublishResults,
) -> Result<index_publications::Model, ApiError> {
    assessments::may_publish(ctx, body.parent_unit_id)?;
    let w = Write::begin(db, ctx).await?;
    let framework = frameworks::get(w.db(), framework_id).await?;
    if unit_rules::find_visible(w.db(), &ctx.scope, body.parent_unit_id)
        .await?
        .is_none()
    {
        return Err(ApiError::validation(vec![FieldIssue::unknown_reference(
            "parent_unit_id",
        )]));
    }
    let mut issues = Vec::new();
    let number = text::normalize(&body.decision.number);
    let issuer = text::normalize(&body.decision.issuer);
    for (field, value, max) in [
        ("decision.number", &number, 100),
        ("decision.issuer", &issuer, 300),
    ] {
        if value.is_empty() {
            issues.push(FieldIssue::required(field));
        } else if value.chars().count() > max {
            issues.push(FieldIssue::too_long(field, max));
        }
    }
    if !issues.is_empty() {
        return Err(ApiError::validation(issues));
    }
    let children = children_of(w.db(), body.parent_unit_id).await?;
    let rows = index_assessments::Entity::find()
        .filter(index_assessments::Column::FrameworkId.eq(framework.id))
        .filter(index_assessments::Column::UnitId.is_in(children.keys().copied()))
        .all(w.db())
        .await?;
    if rows.is_empty() {
        return Err(ApiError::validation(vec![FieldIssue::new(
            "parent_unit_id",
            "nothing_to_publish",
            Text::new(
                "Không có phiếu đánh giá nào của các đơn vị trực thuộc.",
                "No unit under this parent has an assessment against this framework.",
            ),
        )]));
    }
    let open: Vec<String> = rows
        .iter()
        .filter(|a| a.status != enum_str(&AssessmentStatus::Finalized))
        .map(|a| format!("index_assessment:{}", a.id))
        .collect();
    if !open.is_empty() {
        return Err(ApiError::new(ErrorKind::InvalidTransition)
            .with_detail(
                format!(
                    "Còn {} phiếu chưa hoàn tất thẩm định; chỉ công bố khi tất cả đã hoàn tất.",
                    open.len()
                ),
                format!(
                    "{} assessments are not finalized; results are published only when all are.",
                    open.len()
                ),
            )
            .with_referenced_by(open)
            .with_allowed_actions(vec![]));
    }
    let publication = index_publications::ActiveModel {
        id: Set(Uuid::now_v7()),
        framework_id: Set(framework.id),
        parent_unit_id: Set(body.parent_unit_id),
        number: Set(number),
        date: Set(body.decision.date),
        issuer: Set(issuer),
        assessment_count: Set(rows.len() as i32),
        created_at: Set(w.now()),
    }
    .insert(w.db())
    .await?;
    // The decision itself, on the parent unit; then each assessment it publishes.
    let changes = json!({
        "framework_id": {"before": null, "after": framework.id},
        "number": {"before": null, "after": publication.number},
        "date": {"before": null, "after": publication.date},
        "issuer": {"before": null, "after": publication.issuer},
        "assessment_count": {"before": null, "after": publication.assessment_count},
    });
    let mut journaled = journal(
        &w,
        "index_publication",
        publication.id,
        publication.parent_unit_id,
        "create",
        changes,
    )
    .await?;
    let mut published = Vec::with_capacity(rows.len());
    for a in rows {
        let mut active: index_assessments::ActiveModel = a.clone().into();
        active.status = Set(enum_str(&AssessmentStatus::Published));
        active.publication_id = Set(Some(publication.id));
        active.version = Set(a.version + 1);
        active.updated_at = Set(w.now());
        published.push(active.update(w.db()).await?);
        let changes = json!({"status": {"before": "finalized", "after": "published"}, "decision": publication.number});
        let step = journal(&w, "index_assessment", a.id, a.unit_id, "publish", changes).await?;
        journaled = journaled.and(step);
    }
    // What each published sheet scores, frozen with the decision.
    let sheets = Sheet::load_many(w.db(), published).await?;
    frozen::freeze(w.db(), &sheets, w.now()).await?;
    w.commit(journaled).await?;
    Ok(publication)
}

/// The bands of each framework, read once per framework.
async fn bands_of_frameworks(
    db: &impl ConnectionTrait,
    ids: impl Iterator<Item = Uuid>,
) -> Result<HashMap<Uuid, Vec<cchc_sdk::types::index::Band>>, ApiError> {
    let mut ids: Vec<Uuid> = ids.collect();
    ids.sort_unstable();
    ids.dedup();
    let mut bands = HashMap::new();
    for f in index_frameworks::Entity::find()
        .filter(index_frameworks::Column::Id.is_in(ids))
        .all(db)
        .await?
    {
        bands.insert(f.id, frameworks::bands_of(&f)?);
    }
    Ok(bands)
}

async fn children_of(
    db: &impl ConnectionTrait,
    parent: Uuid,
) -> Result<HashMap<Uuid, units::Model>, ApiError> {
    Ok(units::Entity::find()
        .filter(units::Column::ParentId.eq(parent))
        .all(db)
        .await?
        .into_iter()
        .map(|u| (u.id, u))
        .collect())
}

/// Last year's published results of `units`, following mergers: a unit's own result, or —
/// for a unit that did not exist then — each predecessor's, with their average (half-up,
/// in hundredths of a percent).
async fn previous_year(
    db: &impl ConnectionTrait,
    units: impl Iterator<Item = Uuid>,
    year: i32,
) -> Result<HashMap<Uuid, (PreviousBasis, Vec<PreviousResult>, i64)>, ApiError> {
    let units: Vec<Uuid> = units.collect();
    let published = |ids: Vec<Uuid>| {
        index_assessments::Entity::find()
            .filter(index_assessments::Column::UnitId.is_in(ids))
            .filter(index_assessments::Column::Year.eq(year))
            .filter(index_assessments::Column::Status.eq(enum_str(&AssessmentStatus::Published)))
    };
    let indexes = |results: Vec<Frozen>| -> HashMap<Uuid, i64> {
        results
            .iter()
            .map(|r| (r.assessment.unit_id, r.index_c))
            .collect()
    };
    let own = indexes(frozen::frozen(db, published(units.clone()).all(db).await?).await?);
    // The units without a result of their own: their predecessors', in one read each.
    let missing: Vec<Uuid> = units
        .iter()
        .copied()
        .filter(|u| !own.contains_key(u))
        .collect();
    let before = crate::domain::units::predecessors_of_many(db, &missing).await?;
    let before_ids: Vec<Uuid> = before.values().flatten().map(|u| u.id).collect();
    let theirs = if before_ids.is_empty() {
        HashMap::new()
    } else {
        indexes(frozen::frozen(db, published(before_ids).all(db).await?).await?)
    };
    let mut earlier: HashMap<Uuid, (PreviousBasis, Vec<(Uuid, i64)>)> = HashMap::new();
    for id in units {
        let (basis, found) = match own.get(&id) {
            Some(index) => (PreviousBasis::Own, vec![(id, *index)]),
            None => (
                PreviousBasis::PredecessorsAverage,
                before
                    .get(&id)
                    .into_iter()
                    .flatten()
                    .filter_map(|p| theirs.get(&p.id).map(|i| (p.id, *i)))
                    .collect(),
            ),
        };
        if !found.is_empty() {
            earlier.insert(id, (basis, found));
        }
    }
    let names: HashMap<Uuid, String> = units::Entity::find()
        .filter(
            units::Column::Id.is_in(
                earlier
                    .values()
                    .flat_map(|(_, f)| f.iter().map(|(u, _)| *u)),
            ),
        )
        .all(db)
        .await?
        .into_iter()
        .map(|u| (u.id, u.name))
        .collect();
    Ok(earlier
        .into_iter()
        .map(|(id, (basis, found))| {
            let n = found.len() as i64;
            let average = (found.iter().map(|(_, i)| i).sum::<i64>() * 2 + n) / (2 * n);
            let listed = found
                .iter()
                .map(|(u, index)| PreviousResult {
                    unit_id: *u,
                    unit_name: names.get(u).cloned().unwrap_or_default(),
                    index_percent: from_centi(*index),
                })
                .collect();
            (id, (basis, listed, average))
        })
        .collect())
}

/// The ranking of a parent's units for a year: published results, best first; equal
/// indexes share a rank.
pub async fn ranking(
    db: &impl ConnectionTrait,
    parent_id: Uuid,
    year: i32,
) -> Result<Ranking, ApiError> {
    let children = children_of(db, parent_id).await?;
    let rows = index_assessments::Entity::find()
        .filter(index_assessments::Column::UnitId.is_in(children.keys().copied()))
        .filter(index_assessments::Column::Year.eq(year))
        .filter(index_assessments::Column::Status.eq(enum_str(&AssessmentStatus::Published)))
        .all(db)
        .await?;
    let scored = frozen::frozen(db, rows).await?;
    let bands = bands_of_frameworks(db, scored.iter().map(|r| r.assessment.framework_id)).await?;
    let previous = previous_year(db, children.keys().copied(), year - 1).await?;
    let indexes: Vec<i64> = scored.iter().map(|r| r.index_c).collect();
    let ranks = scoring::ranks(&indexes);
    let mut results = Vec::new();
    let mut publications = HashMap::new();
    for ((scored, index), rank) in scored.iter().zip(&indexes).zip(&ranks) {
        let a = &scored.assessment;
        let (basis, earlier, previous) = match previous.get(&a.unit_id) {
            Some((basis, earlier, average)) => (Some(*basis), earlier.clone(), Some(*average)),
            None => (None, Vec::new(), None),
        };
        let publication = match a.publication_id {
            Some(id) => {
                if let std::collections::hash_map::Entry::Vacant(slot) = publications.entry(id) {
                    let p = index_publications::Entity::find_by_id(id).one(db).await?;
                    slot.insert(p.map(publication_to_out));
                }
                publications.get(&id).cloned().flatten()
            }
            None => None,
        };
        results.push(ResultOut {
            unit_id: a.unit_id,
            unit_name: children
                .get(&a.unit_id)
                .map(|u| u.name.clone())
                .unwrap_or_default(),
            year,
            framework_id: a.framework_id,
            assessment_id: a.id,
            areas: scored.areas.clone(),
            bonus: from_centi(a.bonus_c),
            penalty: from_centi(a.penalty_c),
            points: from_centi(scored.points_c),
            max_points: from_centi(scored.max_c),
            index_percent: from_centi(*index),
            band: bands
                .get(&a.framework_id)
                .and_then(|b| scoring::band_of(*index, b)),
            rank: *rank,
            ranked_units: indexes.len() as i32,
            previous_index_percent: previous.map(from_centi),
            change: previous.map(|p| from_centi(index - p)),
            previous_basis: basis,
            previous_results: earlier,
            publication,
        });
    }
    // Folded once per unit, not once per comparison.
    results.sort_by_cached_key(|r| (r.rank, text::fold(&r.unit_name)));
    let average = (!indexes.is_empty()).then(|| {
        let sum: i64 = indexes.iter().sum();
        from_centi((sum * 2 + indexes.len() as i64) / (2 * indexes.len() as i64))
    });
    Ok(Ranking {
        parent_id,
        year,
        average_index_percent: average,
        results,
    })
}

/// A unit's published result for a year, ranked among its parent's units.
pub async fn result(
    db: &impl ConnectionTrait,
    unit_id: Uuid,
    year: i32,
) -> Result<ResultOut, ApiError> {
    let unit = units::Entity::find_by_id(unit_id)
        .one(db)
        .await?
        .ok_or_else(ApiError::not_found)?;
    let Some(parent) = unit.parent_id else {
        return Err(ApiError::not_found());
    };
    ranking(db, parent, year)
        .await?
        .results
        .into_iter()
        .find(|r| r.unit_id == unit_id)
        .ok_or_else(ApiError::not_found)
}
