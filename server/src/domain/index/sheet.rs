//! An assessment's score sheet: its framework, rows and portal figures loaded together,
//! the points each row earns, the totals per area and the index, and the API's view.

use std::collections::HashMap;

use cchc_sdk::types::index::{
    AreaScore, AssessmentItemOut, AssessmentOut, Evidence, Method, PortalScore, PublicationOut,
};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};
use uuid::Uuid;

use super::frameworks;
use super::scoring::{self, Leaf, Tree, from_centi, to_centi};
use crate::domain::codec::parse_enum;
use crate::domain::{portal, text};
use crate::entity::{
    departments, index_assessment_items as items, index_assessments, index_frameworks,
    index_publications, task_attachments,
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
    /// The rows, by code.
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
        let mut trees: HashMap<Uuid, (index_frameworks::Model, Tree)> = HashMap::new();
        for f in index_frameworks::Entity::find()
            .filter(index_frameworks::Column::Id.is_in(framework_ids))
            .all(db)
            .await?
        {
            let (_, tree) = frameworks::tree_of(&f)?;
            trees.insert(f.id, (f, tree));
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
        let mut sheets = Vec::with_capacity(assessments.len());
        for assessment in assessments {
            let (framework, tree) = trees
                .get(&assessment.framework_id)
                .cloned()
                .ok_or_else(ApiError::not_found)?;
            let items = rows.remove(&assessment.id).unwrap_or_default();
            let portal = live_portal(db, &assessment, &tree, &items).await?;
            sheets.push(Sheet {
                assessment,
                framework,
                tree,
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
    /// for self-assessed items, survey points, or the portal rule's.
    pub fn points(&self, leaf: &Leaf) -> Option<i64> {
        let item = self.items.get(&leaf.code);
        match leaf.method {
            Method::SelfAssessed => item.and_then(|i| i.appraised_score_c.or(i.self_score_c)),
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
async fn live_portal(
    db: &impl ConnectionTrait,
    assessment: &index_assessments::Model,
    tree: &Tree,
    items: &HashMap<String, items::Model>,
) -> Result<HashMap<String, PortalScore>, ApiError> {
    let live: Vec<&Leaf> = tree
        .leaves
        .iter()
        .filter(|l| l.method == Method::PortalMetric)
        .filter(|l| {
            items
                .get(&l.code)
                .is_none_or(|i| i.portal_snapshot.is_none())
        })
        .collect();
    let mut portal = HashMap::new();
    if live.is_empty() {
        return Ok(portal);
    }
    let figures = portal::year_figures(db, assessment.unit_id, assessment.year)
        .await?
        .unwrap_or_default();
    for leaf in live {
        if let Some(rule) = &leaf.rule {
            let percent = portal::ratio_centi(&figures, rule.metric);
            portal.insert(
                leaf.code.clone(),
                PortalScore {
                    metric: rule.metric,
                    percent: percent.map(|p| p as f64 / 100.0),
                    points: from_centi(scoring::portal_points(rule, percent)),
                    figures,
                },
            );
        }
    }
    Ok(portal)
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

async fn publication_out(
    db: &impl ConnectionTrait,
    id: Option<Uuid>,
) -> Result<Option<PublicationOut>, ApiError> {
    let Some(id) = id else { return Ok(None) };
    Ok(index_publications::Entity::find_by_id(id)
        .one(db)
        .await?
        .map(publication_to_out))
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

/// The API's view of an assessment; `with_items` adds the score sheet.
pub async fn to_out(
    db: &impl ConnectionTrait,
    m: index_assessments::Model,
    with_items: bool,
) -> Result<AssessmentOut, ApiError> {
    let sheet = Sheet::load(db, m).await?;
    let responsible = if with_items {
        responsible_departments(db, &sheet).await?
    } else {
        HashMap::new()
    };
    let mut names: HashMap<Uuid, String> = HashMap::new();
    if with_items {
        let ids: Vec<Uuid> = sheet.items.values().flat_map(evidence_ids).collect();
        // Names only: never the files' bytes.
        for a in crate::domain::attachments::metadata_of(
            task_attachments::Entity::find().filter(task_attachments::Column::Id.is_in(ids)),
        )
        .all(db)
        .await?
        {
            names.insert(a.id, a.file_name);
        }
    }
    let self_items: Vec<&Leaf> = sheet
        .tree
        .leaves
        .iter()
        .filter(|l| l.method == Method::SelfAssessed)
        .collect();
    let self_scored = self_items
        .iter()
        .filter(|l| {
            sheet
                .items
                .get(&l.code)
                .is_some_and(|i| i.self_score_c.is_some())
        })
        .count() as i32;
    let items_out = if with_items {
        sheet
            .tree
            .leaves
            .iter()
            .map(|leaf| {
                let row = sheet.items.get(&leaf.code);
                AssessmentItemOut {
                    criterion_id: leaf.id,
                    code: leaf.code.clone(),
                    name: leaf.name.clone(),
                    max_points: from_centi(leaf.max),
                    method: leaf.method,
                    self_score: row.and_then(|r| r.self_score_c).map(from_centi),
                    self_note: row.and_then(|r| r.self_note.clone()),
                    evidence: row
                        .map(|r| {
                            evidence_ids(r)
                                .into_iter()
                                .map(|id| Evidence {
                                    attachment_id: id,
                                    file_name: names.get(&id).cloned().unwrap_or_default(),
                                })
                                .collect()
                        })
                        .unwrap_or_default(),
                    appraised_score: row.and_then(|r| r.appraised_score_c).map(from_centi),
                    survey_points: row.and_then(|r| r.survey_points_c).map(from_centi),
                    portal: sheet.portal_score(leaf),
                    appraiser_comment: row.and_then(|r| r.appraiser_comment.clone()),
                    explanation_requested: row.is_some_and(|r| r.explanation_requested),
                    points: sheet.points(leaf).map(from_centi),
                    responsible_department_id: responsible.get(&leaf.code).map(|d| d.id),
                }
            })
            .collect()
    } else {
        Vec::new()
    };
    let m = &sheet.assessment;
    Ok(AssessmentOut {
        id: m.id,
        framework_id: m.framework_id,
        unit_id: m.unit_id,
        year: m.year,
        status: parse_enum(&m.status)?,
        round: m.round,
        deadline: sheet.framework.self_assessment_deadline,
        self_scored,
        self_total: self_items.len() as i32,
        explanation_note: m.explanation_note.clone(),
        bonus: from_centi(m.bonus_c),
        penalty: from_centi(m.penalty_c),
        adjustment_note: m.adjustment_note.clone(),
        areas: sheet.areas_out(),
        points: from_centi(sheet.total()),
        max_points: from_centi(sheet.tree.max),
        index_percent: from_centi(sheet.index()),
        items: items_out,
        publication: publication_out(db, m.publication_id).await?,
        submitted_at: m.submitted_at,
        finalized_at: m.finalized_at,
        created_at: m.created_at,
        updated_at: m.updated_at,
        version: m.version,
    })
}

fn evidence_ids(i: &items::Model) -> Vec<Uuid> {
    serde_json::from_str(&i.evidence).unwrap_or_default()
}
