//! The outlook watch (issue 19, early warning): a periodic job that projects every scored
//! unit's index ([`outlook::project`]) and sends `index.outlook.at_risk` through the
//! webhooks when a unit's expected band drops — at most once a week per unit and year.
//!
//! Years watched: the current year in Vietnam and the year before (the appraisal of year N
//! runs during N + 1). For each, the published frameworks of the year; the units of a
//! framework's level in its issuer's subtree, grouped by parent (each parent and level
//! once, whatever the number of frameworks reaching it); each group projected as the
//! outlook endpoint projects a unit's siblings. A unit with no parent is not watched.
//!
//! Per unit and year, a mark (`index_outlook_marks`) keeps the expected index and band last
//! seen and when the event was last sent. The first projection only stores the mark. A
//! later one whose expected band is below the mark's (the bands of the framework scoring
//! the year, [`band_below`]), when no event was sent in the last [`QUIET`], is one change
//! through the write path: the journal event (`index_outlook` `at_risk`, system actor; its
//! outbox row and deliveries in the same transaction) and the mark with `notified_at`,
//! committed together. Otherwise — no drop, or a drop within the week — the mark just
//! follows the projection: a derived number, not anyone's change, so not journaled (like
//! [`super::frozen`]). A drop within the week is thus not told later on its own; the next
//! drop after the week is.
//!
//! The journal event: `resource_id` = the unit id (the outlook is addressed by unit and
//! year, the year is in `changes`), `unit_id` = the unit, `changes`
//! `{"year", "expected_band": {before, after}, "expected_index_percent": {before, after},
//! "worst_band", "items_at_risk": [up to 3 codes, most expected points at risk first]}`.
//!
//! Replicas: each computes its projections; the events are made one replica at a time (a
//! PostgreSQL advisory lock, `pg_try_advisory_xact_lock`, in the event's transaction — a
//! replica that does not get it skips the unit this round; SQLite has one writer), and the
//! mark is read again inside that transaction, so a drop is told once.

use std::collections::hash_map::Entry;
use std::collections::{BTreeSet, HashMap, HashSet};

use cchc_sdk::types::index::{Band, FrameworkStatus, UnitOutlook};
use chrono::{DateTime, Datelike, Duration, Utc};
use sea_orm::sea_query::{Expr, OnConflict};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter,
    QuerySelect,
};
use serde_json::json;
use uuid::Uuid;

use super::outlook;
use super::outlook_math::band_below;
use super::scoring::{from_centi, to_centi};
use super::{frameworks, journal};
use crate::domain::audit::Actor;
use crate::domain::codec::enum_str;
use crate::domain::write::Write;
use crate::entity::{index_frameworks, index_outlook_marks as marks, units};
use crate::error::ApiError;

/// The least time between two events of one unit and year.
pub const QUIET: Duration = Duration::days(7);

/// The PostgreSQL advisory lock that lets one replica at a time make the events.
const LOCK_KEY: i64 = 0x4343_4843_0002; // "CCHC", job 2

/// How many item codes an event lists.
const ITEMS_LISTED: usize = 3;

/// One round of the watch at `now`: every watched unit projected, its mark stored or
/// followed, and an `index.outlook.at_risk` event for each expected band that dropped.
/// Returns how many events were made. Errors: the database's while finding the groups; a
/// group that fails (a framework that no longer reads, say) is logged and the round goes
/// on with the others.
pub async fn watch(db: &DatabaseConnection, now: DateTime<Utc>) -> Result<u64, ApiError> {
    let today = crate::domain::clock::vietnam_date(now);
    let mut emitted = 0;
    let mut bands: HashMap<Uuid, Vec<Band>> = HashMap::new();
    for year in [today.year() - 1, today.year()] {
        for (parent, level) in groups(db, year).await? {
            match watch_group(db, parent, &level, year, now, &mut bands).await {
                Ok(n) => emitted += n,
                Err(err) => {
                    tracing::warn!(error = %err, %parent, year, "watching an outlook group failed")
                }
            }
        }
    }
    Ok(emitted)
}

/// The units of `level` under `parent`, projected for `year` and compared with their marks;
/// returns how many events were made. `bands` caches the frameworks' bands.
async fn watch_group(
    db: &DatabaseConnection,
    parent: Uuid,
    level: &str,
    year: i32,
    now: DateTime<Utc>,
    bands: &mut HashMap<Uuid, Vec<Band>>,
) -> Result<u64, ApiError> {
    let today = crate::domain::clock::vietnam_date(now);
    let group: Vec<units::Model> = outlook::children_in(db, parent, year)
        .await?
        .into_iter()
        .filter(|u| u.level == level)
        .collect();
    let mut seen: HashMap<Uuid, marks::Model> = marks::Entity::find()
        .filter(marks::Column::UnitId.is_in(group.iter().map(|u| u.id)))
        .filter(marks::Column::Year.eq(year))
        .all(db)
        .await?
        .into_iter()
        .map(|m| (m.unit_id, m))
        .collect();
    let mut emitted = 0;
    for o in outlook::project(db, Some(parent), group, year, today).await? {
        if let Entry::Vacant(slot) = bands.entry(o.framework_id) {
            slot.insert(bands_for(db, o.framework_id).await?);
        }
        let of_framework = bands.get(&o.framework_id).map_or(&[][..], Vec::as_slice);
        let mark = seen.remove(&o.unit_id);
        if follow(db, &o, mark, of_framework, year, now).await? {
            emitted += 1;
        }
    }
    Ok(emitted)
}

/// The (parent, level) groups of the units the published frameworks of `year` score.
async fn groups(
    db: &impl ConnectionTrait,
    year: i32,
) -> Result<BTreeSet<(Uuid, String)>, ApiError> {
    let published = index_frameworks::Entity::find()
        .filter(index_frameworks::Column::Year.eq(year))
        .filter(index_frameworks::Column::Status.eq(enum_str(&FrameworkStatus::Published)))
        .all(db)
        .await?;
    let mut out = BTreeSet::new();
    for f in published {
        let reach: HashSet<Uuid> = crate::auth::subtree(db, f.issuer_unit_id)
            .await?
            .into_iter()
            .collect();
        let scored: Vec<(Uuid, Option<Uuid>)> = units::Entity::find()
            .select_only()
            .columns([units::Column::Id, units::Column::ParentId])
            .filter(units::Column::Level.eq(f.level.clone()))
            .filter(units::Column::ParentId.is_not_null())
            .filter(units::Column::ArchivedAt.is_null())
            .into_tuple()
            .all(db)
            .await?;
        for (id, parent) in scored {
            if let Some(parent) = parent.filter(|_| reach.contains(&id)) {
                out.insert((parent, f.level.clone()));
            }
        }
    }
    Ok(out)
}

/// The expected index of an outlook, hundredths of a percent.
fn expected_c(o: &UnitOutlook) -> Result<i64, ApiError> {
    to_centi(o.expected.index_percent).ok_or_else(|| ApiError::internal("index out of range"))
}

/// Whether `o` is a drop to tell against `mark` at `now`.
fn tells(
    o: &UnitOutlook,
    mark: &marks::Model,
    bands: &[Band],
    now: DateTime<Utc>,
) -> Result<bool, ApiError> {
    let dropped = band_below(expected_c(o)?, mark.expected_index_c, bands);
    let quiet = mark.notified_at.is_none_or(|at| at <= now - QUIET);
    Ok(dropped && quiet)
}

/// Compares one unit's outlook with its mark (as read before the projection); returns
/// whether an event was made.
async fn follow(
    db: &DatabaseConnection,
    o: &UnitOutlook,
    mark: Option<marks::Model>,
    bands: &[Band],
    year: i32,
    now: DateTime<Utc>,
) -> Result<bool, ApiError> {
    let Some(mark) = mark else {
        store(db, o, year, now).await?;
        return Ok(false);
    };
    if tells(o, &mark, bands, now)? {
        return emit(db, o, year, bands, now).await;
    }
    if mark.expected_index_c != expected_c(o)? || mark.expected_band != o.expected.band {
        move_mark(db, o, year, None, now).await?;
    }
    Ok(false)
}

/// The bands of the framework scoring an outlook.
async fn bands_for(db: &impl ConnectionTrait, framework_id: Uuid) -> Result<Vec<Band>, ApiError> {
    let framework = index_frameworks::Entity::find_by_id(framework_id)
        .one(db)
        .await?
        .ok_or_else(|| ApiError::internal("an outlook's framework is gone"))?;
    frameworks::bands_of(&framework)
}

/// Stores the first mark of `o` (a mark another replica stored meanwhile stays).
async fn store(
    db: &impl ConnectionTrait,
    o: &UnitOutlook,
    year: i32,
    now: DateTime<Utc>,
) -> Result<(), ApiError> {
    let row = marks::ActiveModel {
        unit_id: Set(o.unit_id),
        year: Set(year),
        expected_index_c: Set(expected_c(o)?),
        expected_band: Set(o.expected.band.clone()),
        notified_at: Set(None),
        updated_at: Set(now),
    };
    marks::Entity::insert(row)
        .on_conflict(
            OnConflict::columns([marks::Column::UnitId, marks::Column::Year])
                .do_nothing()
                .to_owned(),
        )
        .exec_without_returning(db)
        .await?;
    Ok(())
}

/// Moves the mark of `o` to its expected index and band, and `notified_at` to `notified`
/// when given (otherwise it keeps the one stored: a replica's older reading never clears
/// another's).
async fn move_mark(
    db: &impl ConnectionTrait,
    o: &UnitOutlook,
    year: i32,
    notified: Option<DateTime<Utc>>,
    now: DateTime<Utc>,
) -> Result<(), ApiError> {
    let mut update = marks::Entity::update_many()
        .col_expr(marks::Column::ExpectedIndexC, Expr::value(expected_c(o)?))
        .col_expr(
            marks::Column::ExpectedBand,
            Expr::value(o.expected.band.clone()),
        )
        .col_expr(marks::Column::UpdatedAt, Expr::value(now));
    if let Some(at) = notified {
        update = update.col_expr(marks::Column::NotifiedAt, Expr::value(at));
    }
    update
        .filter(marks::Column::UnitId.eq(o.unit_id))
        .filter(marks::Column::Year.eq(year))
        .exec(db)
        .await?;
    Ok(())
}

/// The event of a drop and the mark, in one change; `false` when another replica holds the
/// lock or told the drop first (the mark, read again here, says so).
async fn emit(
    db: &DatabaseConnection,
    o: &UnitOutlook,
    year: i32,
    bands: &[Band],
    now: DateTime<Utc>,
) -> Result<bool, ApiError> {
    let w = Write::begin_as(db, Actor::system(), None, now).await?;
    if !hold_lock(w.db()).await? {
        w.rollback().await?;
        return Ok(false);
    }
    let mark = marks::Entity::find_by_id((o.unit_id, year))
        .one(w.db())
        .await?;
    let Some(mark) = mark else {
        w.rollback().await?;
        return Ok(false);
    };
    if !tells(o, &mark, bands, now)? {
        w.rollback().await?;
        return Ok(false);
    }
    let items_at_risk: Vec<&str> = o
        .items
        .iter()
        .filter(|i| i.points_at_risk > 0.0)
        .take(ITEMS_LISTED)
        .map(|i| i.code.as_str())
        .collect();
    let changes = json!({
        "year": year,
        "expected_band": {"before": mark.expected_band, "after": o.expected.band},
        "expected_index_percent": {
            "before": from_centi(mark.expected_index_c),
            "after": o.expected.index_percent,
        },
        "worst_band": o.worst.band,
        "items_at_risk": items_at_risk,
    });
    let proof = journal(
        &w,
        "index_outlook",
        o.unit_id,
        o.unit_id,
        "at_risk",
        changes,
    )
    .await?;
    move_mark(w.db(), o, year, Some(now), now).await?;
    w.commit(proof).await?;
    Ok(true)
}

/// Whether this transaction holds the job's lock (always on SQLite).
async fn hold_lock(txn: &impl ConnectionTrait) -> Result<bool, ApiError> {
    Ok(crate::db::hold_job_lock(txn, LOCK_KEY).await?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_drop_is_told_once_a_week() {
        let now = DateTime::<Utc>::from_timestamp(1_790_000_000, 0).unwrap_or_default();
        let bands: Vec<Band> = serde_json::from_value(json!([
            {"label": "Tốt", "min_percent": 80.0},
            {"label": "Khá", "min_percent": 60.0},
            {"label": "Yếu", "min_percent": 0.0}
        ]))
        .unwrap_or_default();
        let mark = |index_c, notified_at| marks::Model {
            unit_id: Uuid::nil(),
            year: 2026,
            expected_index_c: index_c,
            expected_band: None,
            notified_at,
            updated_at: now,
        };
        let outlook: UnitOutlook = serde_json::from_value(json!({
            "unit_id": Uuid::nil(), "unit_name": "Xã", "framework_id": Uuid::nil(),
            "assessment_id": null,
            "best": {"points": 0.0, "index_percent": 70.0, "band": "Khá", "rank": 1, "ranked_units": 1},
            "expected": {"points": 0.0, "index_percent": 70.0, "band": "Khá", "rank": 1, "ranked_units": 1},
            "worst": {"points": 0.0, "index_percent": 70.0, "band": "Khá", "rank": 1, "ranked_units": 1},
            "previous_band": null, "falls_band": false, "band_at_risk": false,
            "portal_months": {"reported": 0, "expected": 12}, "items": []
        }))
        .unwrap_or_else(|e| panic!("outlook: {e}"));
        let told = |m: &marks::Model| tells(&outlook, m, &bands, now).unwrap_or(false);
        assert!(told(&mark(8500, None)));
        assert!(!told(&mark(6500, None)), "same band");
        assert!(!told(&mark(5000, None)), "a rise");
        assert!(!told(&mark(8500, Some(now - Duration::days(6)))));
        assert!(told(&mark(8500, Some(now - QUIET))));
    }
}
