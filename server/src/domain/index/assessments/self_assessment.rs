//! The unit's own step: self scores, notes and evidence (and, when asked, the explanation).

use cchc_sdk::types::index::{AssessmentStatus, SelfAssessmentIn};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseConnection,
    EntityTrait, QueryFilter,
};
use serde_json::json;
use uuid::Uuid;

use super::change::{check_note, entered_score, for_change, item_issue, record};
use super::{Action, Sheet};
use crate::auth::Ctx;
use crate::domain::index::scoring::from_centi;
use crate::domain::precondition::IfMatch;
use crate::domain::write::Write;
use crate::entity::{index_assessment_items as items, index_assessments, task_attachments};
use crate::error::{ApiError, ErrorKind, FieldIssue, Text};

/// Changes self scores, notes and evidence; all items or none.
pub async fn self_assess(
    db: &DatabaseConnection,
    ctx: &Ctx,
    id: Uuid,
    if_match: &IfMatch,
    body: SelfAssessmentIn,
) -> Result<index_assessments::Model, ApiError> {
    let w = Write::begin(db, ctx).await?;
    let (a, status) = for_change(w.db(), ctx, id, if_match, Action::SelfAssess).await?;
    let sheet = Sheet::load(w.db(), a.clone()).await?;
    // The installation itself (demo, history imports) loads past years' sheets.
    if status == AssessmentStatus::SelfAssessment
        && !ctx.principal.id.is_nil()
        && let Some(deadline) = sheet.framework.self_assessment_deadline
        && ctx.today() > deadline
    {
        return Err(ApiError::new(ErrorKind::InvalidTransition)
            .with_detail(
                format!("Đã quá hạn tự đánh giá ({deadline}); phiếu chỉ còn có thể nộp."),
                format!("The self-assessment deadline ({deadline}) has passed; the sheet can only be submitted."),
            )
            .with_allowed_actions(vec!["submit".into()]));
    }
    let mut issues = Vec::new();
    let mut changes = serde_json::Map::new();
    let now = w.now();
    let mut updates = Vec::new();
    if body.items.is_empty() || body.items.len() > 500 {
        issues.push(FieldIssue::new(
            "items",
            "out_of_range",
            Text::new("Từ 1 đến 500 mục.", "Between 1 and 500 items."),
        ));
    }
    for (i, input) in body.items.iter().enumerate() {
        let Some(leaf) = sheet.tree.leaf(input.code.trim()) else {
            issues.push(FieldIssue::unknown_reference(format!("items[{i}].code")));
            continue;
        };
        let Some(row) = sheet.items.get(&leaf.code) else {
            issues.push(FieldIssue::unknown_reference(format!("items[{i}].code")));
            continue;
        };
        if status == AssessmentStatus::ExplanationRequested && !row.explanation_requested {
            issues.push(item_issue(
                format!("items[{i}].code"),
                "not_requested",
                "Chỉ được giải trình các tiêu chí được yêu cầu.",
                "Only the items asked about can be explained.",
            ));
            continue;
        }
        let mut active: items::ActiveModel = row.clone().into();
        if let Some(c) = entered_score(i, leaf, input.score, input.deduction, &mut issues) {
            active.self_score_c = Set(Some(c));
            changes.insert(
                leaf.code.clone(),
                json!({"before": row.self_score_c.map(from_centi), "after": from_centi(c)}),
            );
        }
        if input.note.is_some() {
            active.self_note = Set(check_note(
                format!("items[{i}].note"),
                input.note.as_deref(),
                &mut issues,
            ));
        }
        if let Some(ids) = &input.evidence_attachment_ids {
            if ids.len() > 20 {
                issues.push(FieldIssue::new(
                    format!("items[{i}].evidence_attachment_ids"),
                    "out_of_range",
                    Text::new("Tối đa 20 tệp.", "At most 20 files."),
                ));
            }
            for (k, att) in ids.iter().enumerate() {
                if !attachment_of_unit(w.db(), *att, a.unit_id).await? {
                    issues.push(FieldIssue::unknown_reference(format!(
                        "items[{i}].evidence_attachment_ids[{k}]"
                    )));
                }
            }
            active.evidence = Set(serde_json::to_string(ids).map_err(ApiError::internal)?);
        }
        active.updated_at = Set(now);
        updates.push(active);
    }
    if !issues.is_empty() {
        return Err(ApiError::validation(issues));
    }
    for u in updates {
        u.update(w.db()).await?;
    }
    let (saved, journaled) = record(
        &w,
        &a,
        "self_assess",
        serde_json::Value::Object(changes),
        |_| {},
    )
    .await?;
    w.commit(journaled).await?;
    Ok(saved)
}

async fn attachment_of_unit(
    db: &impl ConnectionTrait,
    attachment_id: Uuid,
    unit_id: Uuid,
) -> Result<bool, ApiError> {
    let Some(att) = crate::domain::attachments::metadata_of(
        task_attachments::Entity::find().filter(task_attachments::Column::Id.eq(attachment_id)),
    )
    .one(db)
    .await?
    else {
        return Ok(false);
    };
    Ok(crate::entity::tasks::Entity::find_by_id(att.task_id)
        .one(db)
        .await?
        .is_some_and(|t| t.unit_id == unit_id))
}
