//! Opening an assessment: a unit against a published framework, one row per scored item
//! and per bonus or penalty item. An item scored by deduction starts at its max.

use crate::domain::codec::parse_enum;
use cchc_sdk::types::index::FrameworkStatus;
use cchc_sdk::types::index::{AssessmentIn, AssessmentStatus, Scoring};
use sea_orm::{ActiveModelTrait, ActiveValue::Set, DatabaseConnection, EntityTrait};
use serde_json::json;
use uuid::Uuid;

use crate::auth::{Ctx, Permission};
use crate::domain::codec::enum_str;
use crate::domain::index::{frameworks, journal};
use crate::domain::units;
use crate::domain::write::Write;
use crate::entity::{index_assessment_items as items, index_assessments, index_frameworks};
use crate::error::{ApiError, FieldIssue, Text};

/// Opens a unit's assessment against a published framework, one row per scored item.
pub async fn create(
    db: &DatabaseConnection,
    ctx: &Ctx,
    input: AssessmentIn,
) -> Result<index_assessments::Model, ApiError> {
    ctx.require(Permission::IndexSelfAssess)?;
    let w = Write::begin(db, ctx).await?;
    let framework = index_frameworks::Entity::find_by_id(input.framework_id)
        .one(w.db())
        .await?
        .ok_or_else(|| ApiError::validation(vec![FieldIssue::unknown_reference("framework_id")]))?;
    if parse_enum::<FrameworkStatus>(&framework.status)? != FrameworkStatus::Published {
        return Err(ApiError::validation(vec![FieldIssue::new(
            "framework_id",
            "not_published",
            Text::new(
                "Bộ chỉ số chưa được công bố.",
                "The framework is not published yet.",
            ),
        )]));
    }
    let unit = match units::find_visible(w.db(), &ctx.scope, input.unit_id).await? {
        Some(u) if u.archived_at.is_none() => u,
        _ => {
            return Err(ApiError::validation(vec![FieldIssue::unknown_reference(
                "unit_id",
            )]));
        }
    };
    let under_issuer = crate::auth::subtree(w.db(), framework.issuer_unit_id)
        .await?
        .contains(&unit.id);
    if !under_issuer || unit.level != framework.level {
        return Err(ApiError::validation(vec![FieldIssue::new(
            "unit_id",
            "not_applicable",
            Text::new(
                "Bộ chỉ số không áp dụng cho đơn vị này (khác cấp hoặc không thuộc đơn vị ban hành).",
                "The framework does not apply to this unit (another level, or not under its issuer).",
            ),
        )]));
    }
    let (_, tree) = frameworks::tree_of(&framework)?;
    let adjustments = frameworks::adjustments_of(&framework)?;
    let now = w.now();
    let assessment = index_assessments::ActiveModel {
        id: Set(Uuid::now_v7()),
        framework_id: Set(framework.id),
        unit_id: Set(unit.id),
        year: Set(framework.year),
        status: Set(enum_str(&AssessmentStatus::SelfAssessment)),
        round: Set(1),
        explanation_note: Set(None),
        bonus_c: Set(0),
        penalty_c: Set(0),
        adjustment_note: Set(None),
        publication_id: Set(None),
        submitted_at: Set(None),
        finalized_at: Set(None),
        created_at: Set(now),
        updated_at: Set(now),
        version: Set(1),
    }
    .insert(w.db())
    .await?;
    let starts = tree.leaves.iter().map(|leaf| {
        let start = (leaf.scoring == Scoring::Deduction).then_some(leaf.max);
        (leaf.id, leaf.code.clone(), start)
    });
    let rows: Vec<items::ActiveModel> = starts
        .chain(adjustments.iter().map(|a| (a.id, a.code.clone(), None)))
        .map(|(criterion_id, code, start)| items::ActiveModel {
            id: Set(Uuid::now_v7()),
            assessment_id: Set(assessment.id),
            criterion_id: Set(criterion_id),
            code: Set(code),
            self_score_c: Set(start),
            self_note: Set(None),
            evidence: Set("[]".into()),
            appraised_score_c: Set(None),
            survey_points_c: Set(None),
            appraiser_comment: Set(None),
            explanation_requested: Set(false),
            responsible_department_id: Set(None),
            portal_snapshot: Set(None),
            updated_at: Set(now),
            cause: Set(None),
            solution: Set(None),
            cause_at: Set(None),
        })
        .collect();
    for chunk in rows.chunks(100) {
        items::Entity::insert_many(chunk.to_vec())
            .exec_without_returning(w.db())
            .await?;
    }
    let changes = json!({"framework_id": {"before": null, "after": framework.id}});
    let journaled = journal(
        &w,
        "index_assessment",
        assessment.id,
        unit.id,
        "create",
        changes,
    )
    .await?;
    w.commit(journaled).await?;
    Ok(assessment)
}
