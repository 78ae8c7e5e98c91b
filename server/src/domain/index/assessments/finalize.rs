//! Closing the appraisal, and who may publish the finalized assessments.

use cchc_sdk::types::index::{AssessmentStatus, Method, Scoring};
use sea_orm::{ActiveModelTrait, ActiveValue::Set, DatabaseConnection};
use serde_json::json;
use uuid::Uuid;

use super::change::{for_change, item_issue, record};
use super::{Action, Sheet};
use crate::auth::{Ctx, Permission, permissions};
use crate::domain::codec::enum_str;
use crate::domain::index::scoring::from_centi;
use crate::domain::precondition::IfMatch;
use crate::domain::write::Write;
use crate::entity::{index_assessment_items as items, index_assessments};
use crate::error::ApiError;

/// Closes the appraisal: every self-assessed item appraised and every survey item given
/// its points; portal scores are frozen with their figures.
pub async fn finalize(
    db: &DatabaseConnection,
    ctx: &Ctx,
    id: Uuid,
    if_match: &IfMatch,
) -> Result<index_assessments::Model, ApiError> {
    let w = Write::begin(db, ctx).await?;
    let (a, _) = for_change(w.db(), ctx, id, if_match, Action::Finalize).await?;
    let sheet = Sheet::load(w.db(), a.clone()).await?;
    let mut missing = Vec::new();
    for leaf in &sheet.tree.leaves {
        let row = sheet.items.get(&leaf.code);
        let (absent, field) = match leaf.method {
            Method::SelfAssessed => (
                row.is_none_or(|r| r.appraised_score_c.is_none()),
                if leaf.scoring == Scoring::Deduction {
                    "deduction"
                } else {
                    "score"
                },
            ),
            Method::Survey => (
                row.is_none_or(|r| r.survey_points_c.is_none()),
                "survey_points",
            ),
            Method::PortalMetric => (false, ""),
            _ => (false, "score"),
        };
        if absent {
            missing.push(item_issue(
                format!("items.{}.{field}", leaf.code),
                "required",
                "Chưa thẩm định tiêu chí này.",
                "This item is not appraised yet.",
            ));
        }
    }
    if !missing.is_empty() {
        return Err(ApiError::validation(missing));
    }
    for leaf in sheet
        .tree
        .leaves
        .iter()
        .filter(|l| l.method == Method::PortalMetric)
    {
        if let (Some(row), Some(score)) = (sheet.items.get(&leaf.code), sheet.portal_score(leaf)) {
            let mut active: items::ActiveModel = row.clone().into();
            active.portal_snapshot = Set(Some(
                serde_json::to_string(&score).map_err(ApiError::internal)?,
            ));
            active.updated_at = Set(w.now());
            active.update(w.db()).await?;
        }
    }
    let changes = json!({"status": {"before": "submitted", "after": "finalized"}, "index_percent": from_centi(sheet.index())});
    let (saved, journaled) = record(&w, &a, "finalize", changes, |m| {
        m.status = Set(enum_str(&AssessmentStatus::Finalized));
        m.finalized_at = Set(Some(w.now()));
    })
    .await?;
    w.commit(journaled).await?;
    Ok(saved)
}

/// 403 for a caller who may not appraise `unit`'s parent's units.
pub fn may_publish(ctx: &Ctx, parent_unit_id: Uuid) -> Result<(), ApiError> {
    ctx.require(Permission::IndexAppraise)?;
    if ctx.scope.sees(parent_unit_id) {
        Ok(())
    } else {
        Err(permissions::forbidden(Permission::IndexAppraise))
    }
}
