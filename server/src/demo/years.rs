//! The index after the seed: the 2024 assessments of xã Tây Hòa's predecessors
//! (`assessments-2024.json`, with the portal's figures in `portal-2024.json`) on Phú Yên's
//! 2024 framework, published by UBND huyện Tây Hòa before the district ended; and
//! Đắk Lắk's 2025 commune framework (`framework-2025.json`: four levels, quarter points,
//! itemized bonus and penalty criteria, items scored by deduction) with the assessments
//! still under way in late 2026 (`assessments-2025.json`: self-assessed and submitted);
//! what xã Tây Hòa's 2025 outlook rests on besides its self-scores: the portal's figures
//! of July–September 2025 (`portal-2025.json`, pushed on 10/10/2025: 3 of its 6 months)
//! and its remediation tasks of 12/1/2026 for the survey items (`remediation-2025.json`:
//! some done, the others overdue in late 2026). The frameworks' wording, the decision
//! numbers, the figures and the scores are invented.

use std::collections::BTreeMap;

use cchc_sdk::types::index::{
    AssessmentIn, FrameworkIn, Method, Scoring, SelfAssessmentIn, SelfScoreIn,
};
use cchc_sdk::types::portal::StatisticsBatch;
use cchc_sdk::types::tasks::TaskIn;
use chrono::NaiveDate;
use sea_orm::DatabaseConnection;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::index::{self, AssessmentsFile};
use super::loader::{self, World};
use crate::auth::Ctx;
use crate::domain::index::{assessments, frameworks};
use crate::domain::portal;
use crate::domain::precondition::IfMatch;
use crate::domain::tasks::{self, TaskAction};
use crate::error::ApiError;

/// `assessments-2025.json`.
#[derive(Debug, Serialize, Deserialize)]
pub struct UnderWayFile {
    /// The communes whose self-assessment is submitted, in order.
    pub communes: Vec<UnderWay>,
}

/// A commune's self-assessment: every self-assessed item at its max, but for those named.
#[derive(Debug, Serialize, Deserialize)]
pub struct UnderWay {
    /// The commune.
    pub unit_id: Uuid,
    /// Self scores below the max, by code (items scored by points).
    #[serde(default)]
    pub self_scores: BTreeMap<String, f64>,
    /// Points deducted, by code (items scored by deduction; none named: 0).
    #[serde(default)]
    pub deductions: BTreeMap<String, f64>,
    /// The commune's notes, by code.
    #[serde(default)]
    pub notes: BTreeMap<String, String>,
}

/// `remediation-2025.json`.
#[derive(Debug, Serialize, Deserialize)]
pub struct RemediationFile {
    /// The day the tasks are made.
    pub date: NaiveDate,
    /// The tasks, in order.
    pub tasks: Vec<RemediationTask>,
}

/// A remediation task of a 2025 item.
#[derive(Debug, Serialize, Deserialize)]
pub struct RemediationTask {
    /// The code of the 2025 framework's sub-criterion it serves.
    pub code: String,
    /// The task (its `criterion_id` is set from `code`).
    #[serde(flatten)]
    pub task: TaskIn,
    /// The result summary of a task done; none: not started.
    #[serde(default)]
    pub done: Option<String>,
}

/// The 2024 assessments on `framework_2024`, from self-assessment to publication.
pub async fn seed_2024(
    db: &DatabaseConnection,
    ctx: &Ctx,
    world: &World<'_>,
    framework_2024: Uuid,
) -> Result<(), ApiError> {
    let batch: StatisticsBatch = world.load(&loader::PORTAL_2024).await?;
    portal::push_statistics(db, ctx, batch).await?;
    let file: AssessmentsFile = world.load(&loader::ASSESSMENTS_2024).await?;
    index::assess_and_publish(db, ctx, framework_2024, file).await?;
    Ok(())
}

/// The portal's figures of xã Tây Hòa for July–September 2025.
pub async fn seed_2025_portal(
    db: &DatabaseConnection,
    ctx: &Ctx,
    world: &World<'_>,
) -> Result<(), ApiError> {
    let batch: StatisticsBatch = world.load(&loader::PORTAL_2025).await?;
    portal::push_statistics(db, ctx, batch).await?;
    Ok(())
}

/// Đắk Lắk's 2025 framework, published, and the assessments self-assessed and submitted;
/// answers the framework's id.
pub async fn seed_2025(
    db: &DatabaseConnection,
    ctx: &Ctx,
    world: &World<'_>,
) -> Result<Uuid, ApiError> {
    let input: FrameworkIn = world.load(&loader::FRAMEWORK_2025).await?;
    let framework = frameworks::create(db, ctx, input, None).await?;
    let framework = frameworks::publish(db, ctx, framework.id, &IfMatch::Any).await?;
    let (_, tree) = frameworks::tree_of(&framework)?;
    let file: UnderWayFile = world.load(&loader::ASSESSMENTS_2025).await?;
    for commune in file.communes {
        let input = AssessmentIn {
            framework_id: framework.id,
            unit_id: commune.unit_id,
        };
        let a = assessments::create(db, ctx, input).await?;
        let items = tree
            .leaves
            .iter()
            .filter(|l| l.method == Method::SelfAssessed)
            .map(|l| {
                let max = l.max as f64 / 100.0;
                let by_deduction = l.scoring == Scoring::Deduction;
                let deducted = commune.deductions.get(&l.code).copied().unwrap_or(0.0);
                let score = commune.self_scores.get(&l.code).copied().unwrap_or(max);
                SelfScoreIn {
                    code: l.code.clone(),
                    score: (!by_deduction).then_some(score),
                    deduction: by_deduction.then_some(deducted),
                    note: commune.notes.get(&l.code).cloned(),
                    evidence_attachment_ids: None,
                }
            })
            .collect();
        let body = SelfAssessmentIn { items };
        let a = assessments::self_assess(db, ctx, a.id, &IfMatch::Any, body).await?;
        assessments::submit(db, ctx, a.id, &IfMatch::Any).await?;
    }
    Ok(framework.id)
}

/// Xã Tây Hòa's remediation tasks of 2025 items on `framework_2025`, those done completed.
pub async fn seed_2025_remediation(
    db: &DatabaseConnection,
    ctx: &Ctx,
    world: &World<'_>,
    framework_2025: Uuid,
) -> Result<(), ApiError> {
    let framework = frameworks::get(db, framework_2025).await?;
    let (_, tree) = frameworks::tree_of(&framework)?;
    let file: RemediationFile = world.load(&loader::REMEDIATION_2025).await?;
    for r in file.tasks {
        let leaf = tree
            .leaves
            .iter()
            .find(|l| l.code == r.code)
            .ok_or_else(|| {
                ApiError::internal(format!("remediation-2025.json: no item {}", r.code))
            })?;
        let input = TaskIn {
            criterion_id: Some(leaf.id),
            ..r.task
        };
        let task = tasks::create(db, ctx, input).await?;
        if let Some(result) = r.done {
            let task = tasks::act(db, ctx, task.id, &IfMatch::Any, TaskAction::Start, None).await?;
            let done = TaskAction::Complete;
            tasks::act(db, ctx, task.id, &IfMatch::Any, done, Some(result)).await?;
        }
    }
    Ok(())
}
