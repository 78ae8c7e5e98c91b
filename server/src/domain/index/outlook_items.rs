//! The evidence behind an outlook, read for a group of units at once (frameworks, this
//! year's item rows, portal figures, the previous year's sheets, remediation tasks), and
//! each item's projection from it.

use std::collections::HashMap;

use cchc_sdk::types::index::{
    AssessmentStatus, Method, OutlookItem, OutlookTasks, PortalMonths, PortalScore,
};
use cchc_sdk::types::tasks::TaskStatus;
use chrono::{Datelike, NaiveDate};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};
use uuid::Uuid;

use super::frameworks;
use super::outlook_math::{Evidence, Range, item_range, rescale};
use super::scoring::{Leaf, Tree, band_of, from_centi, portal_points, to_centi};
use super::sheet::Sheet;
use crate::domain::codec::{enum_str, parse_enum};
use crate::domain::portal::{self, YearFigures};
use crate::domain::tasks::is_overdue;
use crate::domain::text;
use crate::domain::units::predecessors_of_many;
use crate::entity::{index_assessments, index_frameworks, tasks, units};
use crate::error::ApiError;

/// What is known of a group of units for a year.
pub struct Known {
    frameworks: HashMap<Uuid, index_frameworks::Model>,
    /// This year's sheets, by unit.
    current: HashMap<Uuid, Sheet>,
    figures: HashMap<Uuid, YearFigures>,
    months: HashMap<Uuid, i64>,
    /// The previous year's sheets of each unit: its own, else its predecessors'.
    previous: HashMap<Uuid, Vec<usize>>,
    previous_sheets: Vec<Sheet>,
    /// Remediation tasks by (unit, criterion id).
    tasks: HashMap<(Uuid, Uuid), OutlookTasks>,
}

impl Known {
    /// Reads the evidence of `group` for `year`: a fixed number of queries.
    pub async fn load(
        db: &impl ConnectionTrait,
        group: &[units::Model],
        current: &HashMap<Uuid, index_assessments::Model>,
        fallback: &[index_frameworks::Model],
        year: i32,
        today: NaiveDate,
    ) -> Result<Known, ApiError> {
        let ids: Vec<Uuid> = group.iter().map(|u| u.id).collect();
        let sheets = Sheet::load_many(db, current.values().cloned().collect()).await?;
        let mut frameworks: HashMap<Uuid, index_frameworks::Model> =
            fallback.iter().map(|f| (f.id, f.clone())).collect();
        for s in &sheets {
            frameworks.insert(s.framework.id, s.framework.clone());
        }
        let current = sheets
            .into_iter()
            .map(|s| (s.assessment.unit_id, s))
            .collect();
        let figures = portal::years_figures(db, &ids, year).await?;
        let months = group.iter().map(|u| (u.id, months_in(u, year))).collect();

        // The previous year: each unit's own assessment, else its predecessors'.
        let preds = predecessors_of_many(db, &ids).await?;
        let mut wanted: Vec<Uuid> = ids.clone();
        wanted.extend(preds.values().flatten().map(|p| p.id));
        let mut earlier: Vec<index_assessments::Model> = Vec::new();
        for chunk in wanted.chunks(500) {
            earlier.extend(
                index_assessments::Entity::find()
                    .filter(index_assessments::Column::UnitId.is_in(chunk.to_vec()))
                    .filter(index_assessments::Column::Year.eq(year - 1))
                    .all(db)
                    .await?,
            );
        }
        let previous_sheets = Sheet::load_many(db, earlier).await?;
        let at = |unit: Uuid| -> Vec<usize> {
            (0..previous_sheets.len())
                .filter(|i| previous_sheets[*i].assessment.unit_id == unit)
                .collect()
        };
        let mut previous = HashMap::new();
        for id in &ids {
            let mut own = at(*id);
            if own.is_empty() {
                own = preds
                    .get(id)
                    .into_iter()
                    .flatten()
                    .flat_map(|p| at(p.id))
                    .collect();
            }
            previous.insert(*id, own);
        }

        let mut counts: HashMap<(Uuid, Uuid), OutlookTasks> = HashMap::new();
        for chunk in ids.chunks(500) {
            for t in tasks::Entity::find()
                .filter(tasks::Column::UnitId.is_in(chunk.to_vec()))
                .filter(tasks::Column::CriterionId.is_not_null())
                .filter(tasks::Column::Status.ne(enum_str(&TaskStatus::Cancelled)))
                .all(db)
                .await?
            {
                let Some(criterion) = t.criterion_id else {
                    continue;
                };
                let status: TaskStatus = parse_enum(&t.status)?;
                let done = status == TaskStatus::Done;
                let overdue = is_overdue(status, t.due_date, today);
                count_task(
                    counts.entry((t.unit_id, criterion)).or_default(),
                    done,
                    overdue,
                );
            }
        }
        Ok(Known {
            frameworks,
            current,
            figures,
            months,
            previous,
            previous_sheets,
            tasks: counts,
        })
    }

    /// A framework read for the group.
    pub fn framework(&self, id: Uuid) -> Option<&index_frameworks::Model> {
        self.frameworks.get(&id)
    }

    /// Portal months reported and expected of a unit.
    pub fn months(&self, unit: &units::Model) -> PortalMonths {
        PortalMonths {
            reported: self.figures.get(&unit.id).map_or(0, |y| y.months) as i32,
            expected: self.months.get(&unit.id).copied().unwrap_or(12) as i32,
        }
    }

    /// The index (hundredths of a percent) and band of the unit's own published result
    /// of the year before.
    pub fn previous_index(&self, unit: Uuid) -> Option<(i64, Option<String>)> {
        let i = self.previous.get(&unit)?.iter().copied().find(|i| {
            let a = &self.previous_sheets[*i].assessment;
            a.unit_id == unit
                && parse_enum::<AssessmentStatus>(&a.status).ok()
                    == Some(AssessmentStatus::Published)
        })?;
        let sheet = &self.previous_sheets[i];
        let bands = frameworks::bands_of(&sheet.framework).ok()?;
        Some((sheet.index(), band_of(sheet.index(), &bands)))
    }

    /// The previous year's leaves standing for `leaf` of `framework`, with their sheets:
    /// the same code, and the same name (case and accents aside) unless `framework` was
    /// copied from that sheet's framework — a code alone may mean another item in another
    /// province's framework.
    fn previous_leaves<'a>(
        &'a self,
        unit: Uuid,
        framework: &'a index_frameworks::Model,
        leaf: &'a Leaf,
    ) -> impl Iterator<Item = (&'a Sheet, &'a Leaf)> + 'a {
        self.previous
            .get(&unit)
            .into_iter()
            .flatten()
            .filter_map(move |i| {
                let s = &self.previous_sheets[*i];
                let copied = framework.copied_from_id == Some(s.framework.id);
                let then = s.tree.leaves.iter().find(|l| {
                    l.code == leaf.code && (copied || text::fold(&l.name) == text::fold(&leaf.name))
                })?;
                Some((s, then))
            })
    }

    /// The previous year's points of an item, carried to `leaf.max` (the average over the
    /// predecessors), `None` when no sheet scores it.
    fn previous_points(
        &self,
        unit: Uuid,
        framework: &index_frameworks::Model,
        leaf: &Leaf,
    ) -> Option<i64> {
        let values: Vec<i64> = self
            .previous_leaves(unit, framework, leaf)
            .filter_map(|(s, then)| rescale(s.points(then).unwrap_or(0), then.max, leaf.max))
            .collect();
        let n = values.len() as i64;
        (n > 0).then(|| (2 * values.iter().sum::<i64>() + n) / (2 * n))
    }

    /// An item's remediation tasks: the unit's tasks linked to it, or to the same item of
    /// the previous year (tasks made from last year's analysis).
    fn tasks_of(
        &self,
        unit: Uuid,
        framework: &index_frameworks::Model,
        leaf: &Leaf,
    ) -> OutlookTasks {
        let mut ids = vec![leaf.id];
        ids.extend(
            self.previous_leaves(unit, framework, leaf)
                .map(|(_, l)| l.id),
        );
        ids.sort_unstable();
        ids.dedup();
        let mut total = OutlookTasks::default();
        for id in ids {
            if let Some(t) = self.tasks.get(&(unit, id)) {
                total.done += t.done;
                total.on_schedule += t.on_schedule;
                total.overdue += t.overdue;
            }
        }
        total
    }

    /// What is known of an item this year.
    fn evidence(&self, unit: &units::Model, leaf: &Leaf) -> Evidence {
        let sheet = self.current.get(&unit.id);
        let row = sheet.and_then(|s| s.items.get(&leaf.code));
        match leaf.method {
            Method::SelfAssessed => match row {
                Some(r) if r.appraised_score_c.is_some() => {
                    Evidence::Settled(r.appraised_score_c.unwrap_or(0))
                }
                Some(r) => r
                    .self_score_c
                    .map_or(Evidence::Nothing, Evidence::SelfScore),
                None => Evidence::Nothing,
            },
            Method::Survey => row
                .and_then(|r| r.survey_points_c)
                .map_or(Evidence::Nothing, Evidence::Settled),
            Method::PortalMetric => {
                let frozen = row
                    .and_then(|r| r.portal_snapshot.as_deref())
                    .and_then(|s| serde_json::from_str::<PortalScore>(s).ok())
                    .and_then(|p| to_centi(p.points));
                if let Some(points) = frozen {
                    return Evidence::Settled(points);
                }
                let (Some(rule), Some(y)) = (&leaf.rule, self.figures.get(&unit.id)) else {
                    return Evidence::Nothing;
                };
                let (numerator, denominator) = portal::ratio(&y.figures, rule.metric);
                let expected = self.months.get(&unit.id).copied().unwrap_or(12);
                if denominator <= 0 || y.months <= 0 {
                    Evidence::Nothing
                } else if y.months >= expected {
                    let percent = portal::ratio_centi(&y.figures, rule.metric);
                    Evidence::Settled(portal_points(rule, percent))
                } else {
                    Evidence::Portal {
                        numerator,
                        denominator,
                        reported: y.months,
                        expected,
                    }
                }
            }
            _ => Evidence::Nothing,
        }
    }
}

/// An item's projection, hundredths, beside its answer.
pub struct Projected {
    /// Best, expected, worst points.
    pub range: Range,
    /// For the wire.
    pub out: OutlookItem,
}

/// Each scored item of `framework` (its checked `tree`) projected for `unit`, most
/// expected points at risk first.
pub fn project_items(
    known: &Known,
    unit: &units::Model,
    framework: &index_frameworks::Model,
    tree: &Tree,
) -> Vec<Projected> {
    let mut items: Vec<Projected> = tree
        .leaves
        .iter()
        .map(|leaf| {
            let tasks = known.tasks_of(unit.id, framework, leaf);
            let previous = known.previous_points(unit.id, framework, leaf);
            let (range, basis) = item_range(
                known.evidence(unit, leaf),
                leaf.rule.as_ref(),
                previous,
                leaf.max,
                tasks,
            );
            let out = OutlookItem {
                code: leaf.code.clone(),
                name: leaf.name.clone(),
                max_points: from_centi(leaf.max),
                basis,
                best_points: from_centi(range.best),
                expected_points: from_centi(range.expected),
                worst_points: from_centi(range.worst),
                points_at_risk: from_centi(leaf.max - range.expected),
                tasks,
            };
            Projected { range, out }
        })
        .collect();
    items.sort_by(|a, b| {
        (b.out.points_at_risk)
            .total_cmp(&a.out.points_at_risk)
            .then_with(|| a.out.code.cmp(&b.out.code))
    });
    items
}

/// The months of `year` a unit exists in.
pub fn months_in(u: &units::Model, year: i32) -> i64 {
    let from = match u.valid_from {
        Some(f) if f.year() > year => return 0,
        Some(f) if f.year() == year => f.month() as i64,
        _ => 1,
    };
    let to = match u.valid_to {
        Some(t) if t.year() < year => return 0,
        Some(t) if t.year() == year => t.month() as i64,
        _ => 12,
    };
    (to - from + 1).max(0)
}

/// Counts a unit's remediation tasks for an item.
pub fn count_task(counts: &mut OutlookTasks, done: bool, overdue: bool) {
    if done {
        counts.done += 1;
    } else if overdue {
        counts.overdue += 1;
    } else {
        counts.on_schedule += 1;
    }
}
