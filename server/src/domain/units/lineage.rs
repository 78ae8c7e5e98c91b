//! A unit's lineage through the arrangements of administrative units (sắp xếp đơn vị hành
//! chính, e.g. Nghị quyết 1660/NQ-UBTVQH15 for Đắk Lắk's communes from 1/7/2025): the units
//! it was formed from (those naming it among their `successor_ids`), the units it became,
//! and which of them stood for it on a date.
//!
//! The unit itself is loaded through the caller's scope (another unit's id is 404); its
//! predecessors and successors are part of its own history and are shown with it, as the
//! public map of those dates (code, name, level, validity).

use std::collections::HashMap;

use chrono::NaiveDate;
use sea_orm::sea_query::{Alias, Expr};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, ExprTrait, QueryFilter};
use uuid::Uuid;

use super::queries::{get, successors_of};
use crate::auth::Scope;
use crate::entity::units;
use crate::error::ApiError;

/// How many arrangements back or forward a lineage is followed (a guard against a cycle
/// typed by hand; real histories have one or two).
const DEPTH: usize = 10;

/// The units that name `id` among their successors.
pub async fn predecessors_of(
    db: &impl ConnectionTrait,
    id: Uuid,
) -> Result<Vec<units::Model>, ApiError> {
    // `successor_ids` is a JSON array of ids: its text holds the id (PostgreSQL's `json`
    // and SQLite's text alike).
    let text = Expr::col(units::Column::SuccessorIds).cast_as(Alias::new("text"));
    let rows = units::Entity::find()
        .filter(text.like(format!("%{id}%")))
        .all(db)
        .await?;
    // The text match is a pre-filter: keep the units whose array really holds the id.
    Ok(rows
        .into_iter()
        .filter(|u| successors_of(u).contains(&id))
        .collect())
}

/// The predecessors of each of `ids` (those naming it among their successors), read at
/// once: every unit that names a successor is read, and matched here.
pub async fn predecessors_of_many(
    db: &impl ConnectionTrait,
    ids: &[Uuid],
) -> Result<HashMap<Uuid, Vec<units::Model>>, ApiError> {
    let mut out: HashMap<Uuid, Vec<units::Model>> = HashMap::new();
    if ids.is_empty() {
        return Ok(out);
    }
    let text = Expr::col(units::Column::SuccessorIds).cast_as(Alias::new("text"));
    let named = units::Entity::find().filter(text.ne("[]")).all(db).await?;
    for unit in named {
        for successor in successors_of(&unit) {
            if ids.contains(&successor) {
                out.entry(successor).or_default().push(unit.clone());
            }
        }
    }
    Ok(out)
}

/// A unit's history.
pub struct Lineage {
    /// The unit.
    pub unit: units::Model,
    /// What it was formed from, nearest first.
    pub predecessors: Vec<units::Model>,
    /// What it became, nearest first.
    pub successors: Vec<units::Model>,
    /// With a date: the units of the lineage in existence then.
    pub on_date: Vec<units::Model>,
}

/// Whether `u` existed on `on` (no recorded start or end counts as always).
pub fn existed_on(u: &units::Model, on: NaiveDate) -> bool {
    u.valid_from.is_none_or(|f| f <= on) && u.valid_to.is_none_or(|t| t >= on)
}

/// The lineage of the unit `id` the scope sees (404 otherwise).
pub async fn lineage(
    db: &impl ConnectionTrait,
    scope: &Scope,
    id: Uuid,
    on: Option<NaiveDate>,
) -> Result<Lineage, ApiError> {
    let unit = get(db, scope, id).await?;
    let mut seen = vec![unit.id];
    let mut predecessors = Vec::new();
    let mut frontier = vec![unit.id];
    for _ in 0..DEPTH {
        let mut next = Vec::new();
        for id in frontier {
            for p in predecessors_of(db, id).await? {
                if !seen.contains(&p.id) {
                    seen.push(p.id);
                    next.push(p.id);
                    predecessors.push(p);
                }
            }
        }
        if next.is_empty() {
            break;
        }
        frontier = next;
    }
    let mut successors = Vec::new();
    let mut frontier = successors_of(&unit);
    for _ in 0..DEPTH {
        let fresh: Vec<Uuid> = frontier.into_iter().filter(|s| !seen.contains(s)).collect();
        if fresh.is_empty() {
            break;
        }
        seen.extend(&fresh);
        let found = units::Entity::find()
            .filter(units::Column::Id.is_in(fresh))
            .all(db)
            .await?;
        frontier = found.iter().flat_map(successors_of).collect();
        successors.extend(found);
    }
    let on_date = match on {
        None => Vec::new(),
        Some(d) if existed_on(&unit, d) => vec![unit.clone()],
        Some(d) => predecessors
            .iter()
            .chain(&successors)
            .filter(|u| existed_on(u, d))
            .cloned()
            .collect(),
    };
    Ok(Lineage {
        unit,
        predecessors,
        successors,
        on_date,
    })
}
