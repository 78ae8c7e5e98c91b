//! What every change of an assessment shares: who may appraise, loading at the version
//! read, saving and journaling, and the checks of scores and notes.

use cchc_sdk::types::index::{AssessmentStatus, Method, Scoring};
use sea_orm::ConnectionTrait;
use uuid::Uuid;

use super::{Action, check_action, get};
use crate::auth::{Ctx, Permission};
use crate::domain::codec::parse_enum;
use crate::domain::index::journal;
use crate::domain::index::scoring::{Leaf, deduction_score, from_centi, to_centi};
use crate::domain::precondition::IfMatch;
use crate::domain::text;
use crate::domain::versioned::save_versioned;
use crate::domain::write::{Journaled, Write};
use crate::entity::index_assessments;
use crate::error::{ApiError, ErrorKind, FieldIssue, Text};

/// The appraiser's rule: an upper unit's appraiser or admin, never the unit's own people.
pub(super) fn may_appraise(ctx: &Ctx, a: &index_assessments::Model) -> Result<(), ApiError> {
    ctx.require(Permission::IndexAppraise)?;
    if ctx.principal.unit_id == Some(a.unit_id) {
        return Err(ApiError::new(ErrorKind::Forbidden).with_detail(
            "Đơn vị không được tự thẩm định chỉ số của mình; việc thẩm định do cấp trên thực hiện.",
            "A unit may not appraise its own index; an upper level appraises it.",
        ));
    }
    Ok(())
}

pub(super) fn item_issue(
    field: String,
    code: &'static str,
    vi: &'static str,
    en: &'static str,
) -> FieldIssue {
    FieldIssue::new(field, code, Text::new(vi, en))
}

pub(super) fn score_in_range(
    field: String,
    value: f64,
    max: i64,
    issues: &mut Vec<FieldIssue>,
) -> Option<i64> {
    match to_centi(value).filter(|c| *c <= max) {
        Some(c) => Some(c),
        None => {
            issues.push(FieldIssue::new(
                field,
                "out_of_range",
                Text::new(
                    format!(
                        "Điểm từ 0 đến {} (tối đa hai chữ số thập phân).",
                        from_centi(max)
                    ),
                    format!(
                        "Points are 0 to {} (at most two decimals).",
                        from_centi(max)
                    ),
                ),
            ));
            None
        }
    }
}

/// The score an entry of item `i` sets (hundredths), if any: `score` on an item scored by
/// points, max − `deduction` on one scored by deduction. A value of the other kind, or on
/// an item that is not self-assessed, is refused naming its field.
pub(super) fn entered_score(
    i: usize,
    leaf: &Leaf,
    score: Option<f64>,
    deduction: Option<f64>,
    issues: &mut Vec<FieldIssue>,
) -> Option<i64> {
    if score.is_none() && deduction.is_none() {
        return None;
    }
    if leaf.method != Method::SelfAssessed {
        let field = if score.is_some() {
            "score"
        } else {
            "deduction"
        };
        issues.push(item_issue(
            format!("items[{i}].{field}"),
            "not_allowed",
            "Tiêu chí này không tự chấm (điều tra xã hội học hoặc số liệu cổng dịch vụ công).",
            "This item is not self-assessed (survey or portal metric).",
        ));
        return None;
    }
    match (leaf.scoring, score, deduction) {
        (Scoring::Deduction, Some(_), _) => {
            issues.push(item_issue(
                format!("items[{i}].score"),
                "not_allowed",
                "Tiêu chí này chấm theo phương pháp trừ điểm: nhập số điểm bị trừ (deduction).",
                "This item is scored by deduction: enter the points deducted (deduction).",
            ));
            None
        }
        (Scoring::Deduction, None, Some(d)) => {
            let field = format!("items[{i}].deduction");
            let d = match to_centi(d).filter(|c| *c <= leaf.max) {
                Some(d) => d,
                None => {
                    issues.push(FieldIssue::new(
                        field,
                        "out_of_range",
                        Text::new(
                            format!(
                                "Điểm bị trừ từ 0 đến điểm tối đa {} (tối đa hai chữ số thập phân).",
                                from_centi(leaf.max)
                            ),
                            format!(
                                "Deductions are 0 to the max of {} (at most two decimals).",
                                from_centi(leaf.max)
                            ),
                        ),
                    ));
                    return None;
                }
            };
            Some(deduction_score(leaf.max, d))
        }
        (_, _, Some(_)) => {
            issues.push(item_issue(
                format!("items[{i}].deduction"),
                "not_allowed",
                "Tiêu chí này chấm theo điểm đạt được, không theo phương pháp trừ điểm.",
                "This item is scored by points earned, not by deduction.",
            ));
            None
        }
        (_, Some(score), None) => {
            score_in_range(format!("items[{i}].score"), score, leaf.max, issues)
        }
        (_, None, None) => None,
    }
}

pub(super) fn check_note(
    field: String,
    note: Option<&str>,
    issues: &mut Vec<FieldIssue>,
) -> Option<String> {
    let note = note.map(text::normalize).filter(|n| !n.is_empty());
    if note.as_ref().is_some_and(|n| n.chars().count() > 4000) {
        issues.push(FieldIssue::too_long(field, 4000));
    }
    note
}

/// Loads an assessment for a change: visible, in a state allowing `action`, at the
/// version the caller read.
pub(super) async fn for_change(
    db: &impl ConnectionTrait,
    ctx: &Ctx,
    id: Uuid,
    if_match: &IfMatch,
    action: Action,
) -> Result<(index_assessments::Model, AssessmentStatus), ApiError> {
    let a = get(db, &ctx.scope, id).await?;
    match action {
        Action::SelfAssess | Action::Submit => ctx.require(Permission::IndexSelfAssess)?,
        _ => may_appraise(ctx, &a)?,
    }
    let status: AssessmentStatus = parse_enum(&a.status)?;
    check_action(status, a.round, action)?;
    if_match.check(a.version)?;
    Ok((a, status))
}

pub(super) async fn bump(
    w: &Write,
    a: &index_assessments::Model,
    change: impl FnOnce(&mut index_assessments::ActiveModel),
) -> Result<index_assessments::Model, ApiError> {
    let mut active: index_assessments::ActiveModel = a.clone().into();
    change(&mut active);
    save_versioned::<index_assessments::Entity>(w, active, a.id, a.version).await
}

/// Saves a change of an assessment (at the version read) and journals it as `action`.
pub(super) async fn record(
    w: &Write,
    a: &index_assessments::Model,
    action: &'static str,
    changes: serde_json::Value,
    change: impl FnOnce(&mut index_assessments::ActiveModel),
) -> Result<(index_assessments::Model, Journaled), ApiError> {
    let saved = bump(w, a, change).await?;
    let journaled = journal(w, "index_assessment", a.id, a.unit_id, action, changes).await?;
    Ok((saved, journaled))
}
