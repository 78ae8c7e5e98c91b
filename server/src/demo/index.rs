//! The demo index: Phú Yên's commune framework for 2023 (`framework-2023.json`) and its 2024
//! copy, the 2023 assessments of Hòa Tân Tây and five sibling communes of Tây Hòa
//! (`assessments-2023.json`) with the portal's 2023 figures (`portal-2023.json`), their
//! publication by Quyết định 863/QĐ-UBND of 09/4/2024 (the decision the seed cites), and the
//! remediation tasks of Hòa Tân Tây's weakest sub-criteria in the seed plan.
//!
//! The framework is shaped like the provinces' real ones (eight areas, 39 sub-criteria,
//! 100 points, survey and portal-metric items); its wording and the scores are invented.

use std::collections::BTreeMap;

use cchc_sdk::types::index::{
    AppraisalIn, AppraisedScoreIn, AssessmentIn, CopyFramework, ExplanationRequest, FrameworkIn,
    Method, PublishResults, RemediationIn, SelfAssessmentIn, SelfScoreIn,
};
use cchc_sdk::types::portal::StatisticsBatch;
use chrono::NaiveDate;
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::loader::{self, World};
use crate::auth::Ctx;
use crate::domain::index::{analysis, assessments, frameworks, results};
use crate::domain::portal;
use crate::domain::precondition::IfMatch;
use crate::error::ApiError;

/// `assessments-2023.json`.
#[derive(Debug, Serialize, Deserialize)]
pub struct AssessmentsFile {
    /// The appraisers' comment on an item scored below its max.
    pub shortfall_comment: String,
    /// The communes assessed, in order.
    pub communes: Vec<AssessedCommune>,
    /// The decision publishing the results.
    pub publication: PublishResults,
    /// The framework's copy for the next year, published too.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next_year: Option<CopyFramework>,
}

/// A commune's assessment. Every self-assessed item is self-scored at its max; the
/// appraised scores follow from `level`, or else are the max but for `shortfalls`.
#[derive(Debug, Serialize, Deserialize)]
pub struct AssessedCommune {
    /// The commune.
    pub unit_id: Uuid,
    /// The level of its work, 0–100, from which its appraised scores are derived.
    #[serde(default)]
    pub level: Option<i64>,
    /// Without a level: the appraised score of each item where it fell short.
    #[serde(default)]
    pub shortfalls: BTreeMap<String, f64>,
    /// The share of each survey item's max the survey gave it.
    pub survey_share: f64,
    /// A round of explanation after the appraisal: what was asked, what the commune answered.
    #[serde(default)]
    pub explanation: Option<Explanation>,
    /// Remediation tasks, in the seed plan, for its weakest items once published.
    #[serde(default)]
    pub remediation: Option<Remediation>,
}

/// A round of explanation.
#[derive(Debug, Serialize, Deserialize)]
pub struct Explanation {
    /// The appraisers' request.
    pub request: ExplanationRequest,
    /// The commune's new self-scores.
    pub answer: SelfAssessmentIn,
}

/// Remediation of the weakest items.
#[derive(Debug, Serialize, Deserialize)]
pub struct Remediation {
    /// How many of the items losing most points.
    pub weakest: usize,
    /// Due date of the tasks.
    pub due_date: Option<NaiveDate>,
}

/// Round down to a quarter point.
fn quarter(x: f64) -> f64 {
    (x * 4.0).floor() / 4.0
}

/// The appraised score of the `j`-th leaf (`code`, `max` points) of `commune`.
fn appraised(commune: &AssessedCommune, code: &str, max: f64, j: usize) -> f64 {
    let Some(level) = commune.level else {
        return commune.shortfalls.get(code).copied().unwrap_or(max);
    };
    let wobble = ((j * 7 + level as usize) % 5) as f64 * 0.03;
    quarter(max * ((level as f64 / 100.0) + wobble).min(1.0))
}

/// Bonus points: one for a commune working at 90 or better.
fn bonus(commune: &AssessedCommune) -> f64 {
    if commune.level.is_some_and(|l| l >= 90) {
        1.0
    } else {
        0.0
    }
}

/// Loads the demo index; `plan_id` is the seed plan. Answers the framework the next year
/// is assessed on (the copy, or the framework itself without one).
pub async fn seed(
    db: &DatabaseConnection,
    world: &World<'_>,
    plan_id: Uuid,
) -> Result<Uuid, ApiError> {
    let ctx = Ctx::system();
    let input: FrameworkIn = world.load(&loader::FRAMEWORK_2023).await?;
    let framework = frameworks::create(db, &ctx, input, None).await?;
    let framework = frameworks::publish(db, &ctx, framework.id, &IfMatch::Any).await?;
    let batch: StatisticsBatch = world.load(&loader::PORTAL_2023).await?;
    portal::push_statistics(db, &ctx, batch).await?;
    let file: AssessmentsFile = world.load(&loader::ASSESSMENTS_2023).await?;
    let next_year = file.next_year.clone();
    let to_remedy = assess_and_publish(db, &ctx, framework.id, file).await?;
    for (assessment_id, remedy) in to_remedy {
        let found = analysis::analyse(db, &ctx, assessment_id).await?;
        let codes = found
            .items
            .iter()
            .take(remedy.weakest)
            .map(|i| i.code.clone())
            .collect();
        let input = RemediationIn {
            plan_id,
            codes,
            due_date: remedy.due_date,
        };
        analysis::remediate(db, &ctx, assessment_id, input).await?;
    }
    let Some(next_year) = next_year else {
        return Ok(framework.id);
    };
    let next = frameworks::copy(db, &ctx, framework.id, next_year).await?;
    let next = frameworks::publish(db, &ctx, next.id, &IfMatch::Any).await?;
    Ok(next.id)
}

/// Assesses the communes of `file` on the published framework `framework_id`, from
/// self-assessment to finalization, and publishes them by the file's decision; answers
/// the remediations asked for, by assessment.
pub async fn assess_and_publish(
    db: &DatabaseConnection,
    ctx: &Ctx,
    framework_id: Uuid,
    file: AssessmentsFile,
) -> Result<Vec<(Uuid, Remediation)>, ApiError> {
    let framework = frameworks::get(db, framework_id).await?;
    let (_, tree) = frameworks::tree_of(&framework)?;
    let mut to_remedy = Vec::new();
    for commune in file.communes {
        let input = AssessmentIn {
            framework_id: framework.id,
            unit_id: commune.unit_id,
        };
        let a = assessments::create(db, ctx, input).await?;
        let self_items = tree
            .leaves
            .iter()
            .filter(|l| l.method == Method::SelfAssessed)
            .map(|l| SelfScoreIn {
                code: l.code.clone(),
                score: Some(l.max as f64 / 100.0),
                deduction: None,
                note: None,
                evidence_attachment_ids: None,
            })
            .collect();
        let body = SelfAssessmentIn { items: self_items };
        let a = assessments::self_assess(db, ctx, a.id, &IfMatch::Any, body).await?;
        let a = assessments::submit(db, ctx, a.id, &IfMatch::Any).await?;
        let items = tree
            .leaves
            .iter()
            .enumerate()
            .filter(|(_, l)| l.method != Method::PortalMetric)
            .map(|(j, l)| {
                let max = l.max as f64 / 100.0;
                let points = appraised(&commune, &l.code, max, j);
                let survey = l.method == Method::Survey;
                AppraisedScoreIn {
                    code: l.code.clone(),
                    score: (!survey).then_some(points),
                    deduction: None,
                    survey_points: survey.then(|| quarter(max * commune.survey_share)),
                    comment: (points < max && !survey).then(|| file.shortfall_comment.clone()),
                }
            })
            .collect();
        let body = AppraisalIn {
            items,
            bonus: Some(bonus(&commune)),
            penalty: Some(0.0),
            adjustments: Vec::new(),
            adjustment_note: None,
        };
        let a = assessments::appraise(db, ctx, a.id, &IfMatch::Any, body).await?;
        let a = match commune.explanation {
            Some(Explanation { request, answer }) => {
                let a =
                    assessments::request_explanation(db, ctx, a.id, &IfMatch::Any, request).await?;
                let a = assessments::self_assess(db, ctx, a.id, &IfMatch::Any, answer).await?;
                assessments::submit(db, ctx, a.id, &IfMatch::Any).await?
            }
            None => a,
        };
        let a = assessments::finalize(db, ctx, a.id, &IfMatch::Any).await?;
        if let Some(remedy) = commune.remediation {
            to_remedy.push((a.id, remedy));
        }
    }
    results::publish(db, ctx, framework.id, file.publication).await?;
    Ok(to_remedy)
}

/// The seed plan's id (the first plan of Hòa Tân Tây).
pub async fn seed_plan_id(db: &DatabaseConnection, unit_id: Uuid) -> Result<Uuid, ApiError> {
    crate::entity::plans::Entity::find()
        .filter(crate::entity::plans::Column::UnitId.eq(unit_id))
        .one(db)
        .await?
        .map(|p| p.id)
        .ok_or_else(|| ApiError::internal("demo plan missing"))
}
