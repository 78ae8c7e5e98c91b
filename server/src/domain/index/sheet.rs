//! An assessment's score sheet: its framework, rows and portal figures loaded together,
//! the points each row earns, the totals per area and the index (the API's view is
//! `assessments::out`).
//!
//! All points are hundredths of a point (centi-points); the index is hundredths of a
//! percent of the framework's real total.

use std::collections::HashMap;

use cchc_sdk::types::index::{AreaScore, Method, PortalScore, PublicationOut, Scoring};
use cchc_sdk::types::portal::PortalFigures;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};
use uuid::Uuid;

use super::frameworks;
use super::scoring::{self, Adjustment, Leaf, Tree, from_centi, to_centi};
use crate::domain::{portal, text};
use crate::entity::{
    departments, index_assessment_items as items, index_assessments, index_frameworks,
    index_publications,
};
use crate::error::ApiError;

/// Everything needed to score an assessment.
pub struct Sheet {
    /// The assessment.
    pub assessment: index_assessments::Model,
    /// Its framework.
    pub framework: index_frameworks::Model,
    /// The framework's checked tree.
    pub tree: Tree,
    /// The framework's itemized bonus and penalty criteria (empty with single caps).
    pub adjustments: Vec<Adjustment>,
    /// The rows, by code (the tree's scored items and the bonus and penalty items).
    pub items: HashMap<String, items::Model>,
    /// Live portal scores of portal-metric items not frozen yet, by code.
    pub portal: HashMap<String, PortalScore>,
}

impl Sheet {
    /// Loads an assessment's framework, rows and (unless frozen) portal scores.
    pub async fn load(
        db: &impl ConnectionTrait,
        assessment: index_assessments::Model,
    ) -> Result<Sheet, ApiError> {
        Self::load_many(db, vec![assessment])
            .await?
            .pop()
            .ok_or_else(|| ApiError::internal("a loaded sheet went missing"))
    }

    /// Loads many assessments at once, in their order: each framework read and checked
    /// once, every row in one query (per 500 assessments); live portal figures per unit.
    pub async fn load_many(
        db: &impl ConnectionTrait,
        assessments: Vec<index_assessments::Model>,
    ) -> Result<Vec<Sheet>, ApiError> {
        let mut framework_ids: Vec<Uuid> = assessments.iter().map(|a| a.framework_id).collect();
        framework_ids.sort_unstable();
        framework_ids.dedup();
        type Loaded = (index_frameworks::Model, Tree, Vec<Adjustment>);
        let mut trees: HashMap<Uuid, Loaded> = HashMap::new();
        for f in index_frameworks::Entity::find()
            .filter(index_frameworks::Column::Id.is_in(framework_ids))
            .all(db)
            .await?
        {
            let (_, tree) = frameworks::tree_of(&f)?;
            let adjustments = frameworks::adjustments_of(&f)?;
            trees.insert(f.id, (f, tree, adjustments));
        }
        let mut rows: HashMap<Uuid, HashMap<String, items::Model>> = HashMap::new();
        let ids: Vec<Uuid> = assessments.iter().map(|a| a.id).collect();
        for chunk in ids.chunks(500) {
            for item in items::Entity::find()
                .filter(items::Column::AssessmentId.is_in(chunk.to_vec()))
                .all(db)
                .await?
            {
                rows.entry(item.assessment_id)
                    .or_default()
                    .insert(item.code.clone(), item);
            }
        }
        // Live portal figures: one query per year (per 500 units).
        let mut figures: HashMap<(Uuid, i32), portal::YearFigures> = HashMap::new();
        let mut years: Vec<i32> = assessments.iter().map(|a| a.year).collect();
        years.sort_unstable();
        years.dedup();
        for year in years {
            let units: Vec<Uuid> = assessments
                .iter()
                .filter(|a| a.year == year)
                .map(|a| a.unit_id)
                .collect();
            for (unit, y) in portal::years_figures(db, &units, year).await? {
                figures.insert((unit, year), y);
            }
        }
        let mut sheets = Vec::with_capacity(assessments.len());
        for assessment in assessments {
            let (framework, tree, adjustments) = trees
                .get(&assessment.framework_id)
                .cloned()
                .ok_or_else(ApiError::not_found)?;
            let items = rows.remove(&assessment.id).unwrap_or_default();
            let year = figures
                .get(&(assessment.unit_id, assessment.year))
                .map(|y| y.figures)
                .unwrap_or_default();
            let portal = live_portal(&year, &tree, &items);
            sheets.push(Sheet {
                assessment,
                framework,
                tree,
                adjustments,
                items,
                portal,
            });
        }
        Ok(sheets)
    }

    /// The portal score of an item: frozen at finalization, else live.
    pub fn portal_score(&self, leaf: &Leaf) -> Option<PortalScore> {
        self.items
            .get(&leaf.code)
            .and_then(|i| i.portal_snapshot.as_deref())
            .and_then(|s| serde_json::from_str(s).ok())
            .or_else(|| self.portal.get(&leaf.code).cloned())
    }

    /// The points an item earns now, hundredths: appraised (or, before appraisal, self)
    /// for self-assessed items — an item scored by deduction starts at its max —, survey
    /// points, or the portal rule's.
    pub fn points(&self, leaf: &Leaf) -> Option<i64> {
        let item = self.items.get(&leaf.code);
        let start = (leaf.scoring == Scoring::Deduction).then_some(leaf.max);
        match leaf.method {
            Method::SelfAssessed => item
                .and_then(|i| i.appraised_score_c.or(i.self_score_c))
                .or(start),
            Method::Survey => item.and_then(|i| i.survey_points_c),
            Method::PortalMetric => self.portal_score(leaf).and_then(|p| to_centi(p.points)),
            _ => None,
        }
    }

    /// Points per area, hundredths.
    pub fn area_points(&self) -> Vec<(String, i64)> {
        self.tree
            .areas
            .iter()
            .map(|a| {
                let sum = self
                    .tree
                    .leaves
                    .iter()
                    .filter(|l| l.area == a.code)
                    .map(|l| self.points(l).unwrap_or(0))
                    .sum();
                (a.code.clone(), sum)
            })
            .collect()
    }

    /// Total points (items + bonus − penalty within 0..max), hundredths.
    pub fn total(&self) -> i64 {
        let items: i64 = self.area_points().iter().map(|(_, p)| p).sum();
        scoring::total_centi(
            items,
            self.assessment.bonus_c,
            self.assessment.penalty_c,
            self.tree.max,
        )
    }

    /// The index, hundredths of a percent.
    pub fn index(&self) -> i64 {
        scoring::percent_centi(self.total(), self.tree.max)
    }

    /// Per-area scores for the wire.
    pub fn areas_out(&self) -> Vec<AreaScore> {
        self.tree
            .areas
            .iter()
            .zip(self.area_points())
            .map(|(a, (_, points))| AreaScore {
                code: a.code.clone(),
                name: a.name.clone(),
                max_points: from_centi(a.max),
                points: from_centi(points),
                percent: from_centi(scoring::percent_centi(points, a.max)),
            })
            .collect()
    }
}

/// The portal scores of the portal-metric items not frozen yet, from the unit's figures
/// for the assessment's year.
fn live_portal(
    figures: &PortalFigures,
    tree: &Tree,
    items: &HashMap<String, items::Model>,
) -> HashMap<String, PortalScore> {
    tree.leaves
        .iter()
        .filter(|l| l.method == Method::PortalMetric)
        .filter(|l| {
            items
                .get(&l.code)
                .is_none_or(|i| i.portal_snapshot.is_none())
        })
        .filter_map(|leaf| {
            let rule = leaf.rule.as_ref()?;
            let percent = portal::ratio_centi(figures, rule.metric);
            let score = PortalScore {
                metric: rule.metric,
                percent: percent.map(|p| p as f64 / 100.0),
                points: from_centi(scoring::portal_points(rule, percent)),
                figures: *figures,
            };
            Some((leaf.code.clone(), score))
        })
        .collect()
}

/// The responsible department of each item: the unit's override, else the unit's active
/// department whose short code matches the framework's kind.
pub async fn responsible_departments(
    db: &impl ConnectionTrait,
    sheet: &Sheet,
) -> Result<HashMap<String, departments::Model>, ApiError> {
    let depts = departments::Entity::find()
        .filter(departments::Column::UnitId.eq(sheet.assessment.unit_id))
        .all(db)
        .await?;
    let mut out = HashMap::new();
    for leaf in &sheet.tree.leaves {
        let overridden = sheet
            .items
            .get(&leaf.code)
            .and_then(|i| i.responsible_department_id)
            .and_then(|id| depts.iter().find(|d| d.id == id));
        let by_kind = || {
            let kind = text::fold(leaf.responsible.as_deref()?);
            depts.iter().find(|d| {
                d.archived_at.is_none()
                    && d.short_code
                        .as_deref()
                        .is_some_and(|c| text::fold(c) == kind)
            })
        };
        if let Some(d) = overridden.or_else(by_kind) {
            out.insert(leaf.code.clone(), d.clone());
        }
    }
    Ok(out)
}

/// A publication for the wire.
pub fn publication_to_out(p: index_publications::Model) -> PublicationOut {
    PublicationOut {
        id: p.id,
        framework_id: p.framework_id,
        parent_unit_id: p.parent_unit_id,
        number: p.number,
        date: p.date,
        issuer: p.issuer,
        assessment_count: p.assessment_count,
        created_at: p.created_at,
    }
}
