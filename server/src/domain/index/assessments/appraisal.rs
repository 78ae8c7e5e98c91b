//! Handing in and appraising: `submit` (round 1, or round 2 with the explanation) and the
//! appraisers' scores, survey points, bonus and penalty.

use cchc_sdk::types::index::{AppraisalIn, AssessmentStatus, Method};
use sea_orm::{ActiveModelTrait, ActiveValue::Set, DatabaseConnection};
use serde_json::json;
use uuid::Uuid;

use super::adjustments::appraise_adjustments;
use super::change::{check_note, entered_score, for_change, item_issue, record, score_in_range};
use super::{Action, Sheet};
use crate::auth::Ctx;
use crate::domain::codec::enum_str;
use crate::domain::index::scoring::from_centi;
use crate::domain::precondition::IfMatch;
use crate::domain::write::Write;
use crate::entity::{index_assessment_items as items, index_assessments};
use crate::error::{ApiError, FieldIssue};

/// Hands the self-assessment (or the explanation) to the appraisers.
pub async fn submit(
    db: &DatabaseConnection,
    ctx: &Ctx,
    id: Uuid,
    if_match: &IfMatch,
) -> Result<index_assessments::Model, ApiError> {
    let w = Write::begin(db, ctx).await?;
    let (a, status) = for_change(w.db(), ctx, id, if_match, Action::Submit).await?;
    let sheet = Sheet::load(w.db(), a.clone()).await?;
    let missing: Vec<FieldIssue> = sheet
        .tree
        .leaves
        .iter()
        .filter(|l| l.method == Method::SelfAssessed)
        .filter(|l| {
            sheet
                .items
                .get(&l.code)
                .is_none_or(|i| i.self_score_c.is_none())
        })
        .map(|l| {
            item_issue(
                format!("items.{}.score", l.code),
                "required",
                "Chưa tự chấm điểm tiêu chí này.",
                "This item has no self score yet.",
            )
        })
        .collect();
    if !missing.is_empty() {
        return Err(ApiError::validation(missing));
    }
    let round = if status == AssessmentStatus::ExplanationRequested {
        2
    } else {
        a.round
    };
    let changes = json!({"status": {"before": a.status, "after": "submitted"}, "round": round});
    let (saved, journaled) = record(&w, &a, "submit", changes, |m| {
        m.status = Set(enum_str(&AssessmentStatus::Submitted));
        m.round = Set(round);
        m.submitted_at = Set(Some(w.now()));
    })
    .await?;
    w.commit(journaled).await?;
    Ok(saved)
}

/// Changes appraised scores (or deductions), survey points, comments, bonus and penalty
/// (one number each, or per itemized criterion).
pub async fn appraise(
    db: &DatabaseConnection,
    ctx: &Ctx,
    id: Uuid,
    if_match: &IfMatch,
    body: AppraisalIn,
) -> Result<index_assessments::Model, ApiError> {
    let w = Write::begin(db, ctx).await?;
    let (a, _) = for_change(w.db(), ctx, id, if_match, Action::Appraise).await?;
    let sheet = Sheet::load(w.db(), a.clone()).await?;
    let mut issues = Vec::new();
    let mut changes = serde_json::Map::new();
    let mut updates = Vec::new();
    let now = w.now();
    for (i, input) in body.items.iter().enumerate() {
        let (Some(leaf), Some(row)) = (
            sheet.tree.leaf(input.code.trim()),
            sheet.items.get(input.code.trim()),
        ) else {
            issues.push(FieldIssue::unknown_reference(format!("items[{i}].code")));
            continue;
        };
        let mut active: items::ActiveModel = row.clone().into();
        if let Some(c) = entered_score(i, leaf, input.score, input.deduction, &mut issues) {
            active.appraised_score_c = Set(Some(c));
            changes.insert(
                leaf.code.clone(),
                json!({"before": row.appraised_score_c.map(from_centi), "after": from_centi(c)}),
            );
        }
        if let Some(points) = input.survey_points {
            if leaf.method != Method::Survey {
                issues.push(item_issue(
                    format!("items[{i}].survey_points"),
                    "not_allowed",
                    "Tiêu chí này không đo bằng điều tra xã hội học.",
                    "This item is not a survey item.",
                ));
            } else if let Some(c) = score_in_range(
                format!("items[{i}].survey_points"),
                points,
                leaf.max,
                &mut issues,
            ) {
                active.survey_points_c = Set(Some(c));
                changes.insert(
                    leaf.code.clone(),
                    json!({"before": row.survey_points_c.map(from_centi), "after": from_centi(c)}),
                );
            }
        }
        if input.comment.is_some() {
            active.appraiser_comment = Set(check_note(
                format!("items[{i}].comment"),
                input.comment.as_deref(),
                &mut issues,
            ));
        }
        active.updated_at = Set(now);
        updates.push(active);
    }
    let adjusted = appraise_adjustments(&sheet, &body, now, &mut issues, &mut changes);
    updates.extend(adjusted.updates);
    let (bonus, penalty) = (adjusted.bonus, adjusted.penalty);
    let note = match &body.adjustment_note {
        Some(n) => check_note("adjustment_note".into(), Some(n), &mut issues),
        None => a.adjustment_note.clone(),
    };
    if !issues.is_empty() {
        return Err(ApiError::validation(issues));
    }
    for u in updates {
        u.update(w.db()).await?;
    }
    let (bonus, penalty) = (bonus.unwrap_or(0), penalty.unwrap_or(0));
    if bonus != a.bonus_c || penalty != a.penalty_c {
        changes.insert(
            "bonus".into(),
            json!({"before": from_centi(a.bonus_c), "after": from_centi(bonus)}),
        );
        changes.insert(
            "penalty".into(),
            json!({"before": from_centi(a.penalty_c), "after": from_centi(penalty)}),
        );
    }
    let (saved, journaled) = record(
        &w,
        &a,
        "appraise",
        serde_json::Value::Object(changes),
        |m| {
            m.bonus_c = Set(bonus);
            m.penalty_c = Set(penalty);
            m.adjustment_note = Set(note);
        },
    )
    .await?;
    w.commit(journaled).await?;
    Ok(saved)
}
