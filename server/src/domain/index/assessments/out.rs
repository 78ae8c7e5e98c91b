//! The API's view of an assessment: its totals, and on single reads the score sheet with
//! evidence, deductions and the bonus and penalty items. Points on the wire are numbers
//! with at most two decimals; the sheet computes in hundredths.

use std::collections::HashMap;

use cchc_sdk::types::index::{
    AdjustmentScoreOut, AssessmentItemOut, AssessmentOut, Evidence, Method, PublicationOut, Scoring,
};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};
use uuid::Uuid;

use super::{Sheet, publication_to_out, responsible_departments};
use crate::domain::codec::parse_enum;
use crate::domain::index::scoring::{Leaf, deductions_of, from_centi};
use crate::entity::{
    index_assessment_items as items, index_assessments, index_publications, task_attachments,
};
use crate::error::ApiError;

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
                let deduction = |score: Option<i64>| {
                    score
                        .filter(|_| leaf.scoring == Scoring::Deduction)
                        .map(|s| from_centi(deductions_of(leaf.max, s)))
                };
                AssessmentItemOut {
                    criterion_id: leaf.id,
                    code: leaf.code.clone(),
                    name: leaf.name.clone(),
                    max_points: from_centi(leaf.max),
                    method: leaf.method,
                    scoring: leaf.scoring,
                    self_score: row.and_then(|r| r.self_score_c).map(from_centi),
                    self_deduction: deduction(row.and_then(|r| r.self_score_c)),
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
                    appraised_deduction: deduction(row.and_then(|r| r.appraised_score_c)),
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
        adjustments: adjustments_out(&sheet),
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

/// The itemized bonus and penalty criteria with the appraiser's points.
fn adjustments_out(sheet: &Sheet) -> Vec<AdjustmentScoreOut> {
    sheet
        .adjustments
        .iter()
        .map(|a| {
            let row = sheet.items.get(&a.code);
            AdjustmentScoreOut {
                code: a.code.clone(),
                name: a.name.clone(),
                kind: a.kind,
                max_points: from_centi(a.max),
                points: row.and_then(|r| r.appraised_score_c).map(from_centi),
                comment: row.and_then(|r| r.appraiser_comment.clone()),
            }
        })
        .collect()
}
