//! Assessments: one unit against one published framework, through the yearly cycle.
//!
//! self_assessment -> `submit` -> submitted (round 1) -> `request_explanation` ->
//! explanation_requested -> `submit` -> submitted (round 2) -> `finalize` -> finalized ->
//! published (with every unit of the same parent, by one decision). The unit scores itself
//! only while self-assessing (and, when asked, explains the chosen items); only an upper
//! unit's appraiser or admin appraises, never the unit's own people.

use cchc_sdk::types::common::Page;
use cchc_sdk::types::index::{
    AppraisalIn, AssessmentIn, AssessmentListQuery, AssessmentStatus, ExplanationRequest, Method,
    ResponsibilitiesIn, SelfAssessmentIn,
};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseConnection,
    EntityTrait, QueryFilter, QueryOrder, QuerySelect,
};
use serde_json::json;
use uuid::Uuid;

use super::scoring::{from_centi, to_centi};
use super::{enum_str, frameworks, journal, parse_enum};
use crate::auth::{Ctx, Permission, Scope, permissions};
use crate::domain::versioned::save_versioned;
use crate::domain::write::{Journaled, Write};
use crate::domain::{text, units};
use crate::entity::{
    departments, index_assessment_items as items, index_assessments, index_frameworks,
    task_attachments,
};
use crate::error::{ApiError, ErrorKind, FieldIssue, Text};
use crate::domain::precondition::IfMatch;
use crate::domain::page::PageRequest;

/// A lifecycle action.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    /// Change self scores.
    SelfAssess,
    /// Hand in (round 1) or hand back with the explanation (round 2).
    Submit,
    /// Change appraised scores, survey points, bonus and penalty.
    Appraise,
    /// Send chosen items back for an explanation (round 1 only).
    RequestExplanation,
    /// Close the appraisal.
    Finalize,
    /// Publish with the parent's other units.
    Publish,
}

impl Action {
    /// The action's name in URLs and errors.
    pub fn name(self) -> &'static str {
        match self {
            Action::SelfAssess => "self_assess",
            Action::Submit => "submit",
            Action::Appraise => "appraise",
            Action::RequestExplanation => "request_explanation",
            Action::Finalize => "finalize",
            Action::Publish => "publish",
        }
    }
}

/// What may be done from a status (and round).
pub fn allowed_actions(status: AssessmentStatus, round: i32) -> Vec<Action> {
    use AssessmentStatus::*;
    match status {
        SelfAssessment | ExplanationRequested => vec![Action::SelfAssess, Action::Submit],
        Submitted if round == 1 => vec![
            Action::Appraise,
            Action::RequestExplanation,
            Action::Finalize,
        ],
        Submitted => vec![Action::Appraise, Action::Finalize],
        Finalized => vec![Action::Publish],
        Published => vec![],
        _ => vec![],
    }
}

/// 409 unless `action` is allowed now.
pub fn check_action(status: AssessmentStatus, round: i32, action: Action) -> Result<(), ApiError> {
    let allowed = allowed_actions(status, round);
    if allowed.contains(&action) {
        return Ok(());
    }
    Err(ApiError::new(ErrorKind::InvalidTransition)
        .with_detail(
            format!(
                "Không thể '{}' khi phiếu đánh giá đang ở trạng thái '{}'.",
                action.name(),
                enum_str(&status)
            ),
            format!(
                "Cannot '{}' an assessment that is '{}'.",
                action.name(),
                enum_str(&status)
            ),
        )
        .with_allowed_actions(allowed.iter().map(|a| a.name().to_owned()).collect()))
}

/// An assessment the caller can see, or 404.
pub async fn get(
    db: &impl ConnectionTrait,
    scope: &Scope,
    id: Uuid,
) -> Result<index_assessments::Model, ApiError> {
    crate::domain::scoped::find::<index_assessments::Entity>(db, scope, id).await
}

/// One page of the assessments the caller can see.
pub async fn list(
    db: &DatabaseConnection,
    scope: &Scope,
    query: &AssessmentListQuery,
    page: &PageRequest,
) -> Result<Page<index_assessments::Model>, ApiError> {
    let mut select = crate::domain::scoped::scoped::<index_assessments::Entity>(scope);
    if let Some(f) = query.framework_id {
        select = select.filter(index_assessments::Column::FrameworkId.eq(f));
    }
    if let Some(u) = query.unit_id {
        select = select.filter(index_assessments::Column::UnitId.eq(u));
    }
    if let Some(y) = query.year {
        select = select.filter(index_assessments::Column::Year.eq(y));
    }
    if let Some(s) = query.status {
        select = select.filter(index_assessments::Column::Status.eq(enum_str(&s)));
    }
    if let Some(after) = page.after {
        select = select.filter(index_assessments::Column::Id.gt(after));
    }
    let rows = select
        .order_by_asc(index_assessments::Column::Id)
        .limit(page.fetch())
        .all(db)
        .await?;
    Ok(page.finish(rows, |a| a.id))
}

pub use super::sheet::{Sheet, publication_to_out, responsible_departments, to_out};

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
    if framework.status != "published" {
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
    let rows: Vec<items::ActiveModel> = tree
        .leaves
        .iter()
        .map(|leaf| items::ActiveModel {
            id: Set(Uuid::now_v7()),
            assessment_id: Set(assessment.id),
            criterion_id: Set(leaf.id),
            code: Set(leaf.code.clone()),
            self_score_c: Set(None),
            self_note: Set(None),
            evidence: Set("[]".into()),
            appraised_score_c: Set(None),
            survey_points_c: Set(None),
            appraiser_comment: Set(None),
            explanation_requested: Set(false),
            responsible_department_id: Set(None),
            portal_snapshot: Set(None),
            updated_at: Set(now),
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

/// The appraiser's rule: an upper unit's appraiser or admin, never the unit's own people.
fn may_appraise(ctx: &Ctx, a: &index_assessments::Model) -> Result<(), ApiError> {
    ctx.require(Permission::IndexAppraise)?;
    if ctx.principal.unit_id == Some(a.unit_id) {
        return Err(ApiError::new(ErrorKind::Forbidden).with_detail(
            "Đơn vị không được tự thẩm định chỉ số của mình; việc thẩm định do cấp trên thực hiện.",
            "A unit may not appraise its own index; an upper level appraises it.",
        ));
    }
    Ok(())
}

fn item_issue(field: String, code: &'static str, vi: &'static str, en: &'static str) -> FieldIssue {
    FieldIssue::new(field, code, Text::new(vi, en))
}

fn score_in_range(
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

fn check_note(field: String, note: Option<&str>, issues: &mut Vec<FieldIssue>) -> Option<String> {
    let note = note.map(text::normalize).filter(|n| !n.is_empty());
    if note.as_ref().is_some_and(|n| n.chars().count() > 4000) {
        issues.push(FieldIssue::too_long(field, 4000));
    }
    note
}

/// Loads an assessment for a change: visible, in a state allowing `action`, at the
/// version the caller read.
async fn for_change(
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

async fn bump(
    w: &Write,
    a: &index_assessments::Model,
    change: impl FnOnce(&mut index_assessments::ActiveModel),
) -> Result<index_assessments::Model, ApiError> {
    let mut active: index_assessments::ActiveModel = a.clone().into();
    change(&mut active);
    save_versioned::<index_assessments::Entity>(w, active, a.id, a.version).await
}

/// Saves a change of an assessment (at the version read) and journals it as `action`.
async fn record(
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
        if let Some(score) = input.score {
            if leaf.method != Method::SelfAssessed {
                issues.push(item_issue(format!("items[{i}].score"), "not_allowed",
                    "Tiêu chí này không tự chấm (điều tra xã hội học hoặc số liệu cổng dịch vụ công).",
                    "This item is not self-assessed (survey or portal metric)."));
            } else if let Some(c) =
                score_in_range(format!("items[{i}].score"), score, leaf.max, &mut issues)
            {
                active.self_score_c = Set(Some(c));
                changes.insert(
                    leaf.code.clone(),
                    json!({"before": row.self_score_c.map(from_centi), "after": from_centi(c)}),
                );
            }
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
    let Some(att) = task_attachments::Entity::find_by_id(attachment_id)
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

/// Changes appraised scores, survey points, comments, bonus and penalty.
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
        if let Some(score) = input.score {
            if leaf.method != Method::SelfAssessed {
                issues.push(item_issue(
                    format!("items[{i}].score"),
                    "not_allowed",
                    "Tiêu chí này không chấm theo tự đánh giá.",
                    "This item is not self-assessed.",
                ));
            } else if let Some(c) =
                score_in_range(format!("items[{i}].score"), score, leaf.max, &mut issues)
            {
                active.appraised_score_c = Set(Some(c));
                changes.insert(leaf.code.clone(), json!({"before": row.appraised_score_c.map(from_centi), "after": from_centi(c)}));
            }
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
    let bonus = match body.bonus {
        Some(b) => score_in_range("bonus".into(), b, sheet.framework.bonus_cap_c, &mut issues),
        None => Some(a.bonus_c),
    };
    let penalty = match body.penalty {
        Some(p) => score_in_range(
            "penalty".into(),
            p,
            sheet.framework.penalty_cap_c,
            &mut issues,
        ),
        None => Some(a.penalty_c),
    };
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

/// Sends chosen self-assessed items back for an explanation with more evidence.
pub async fn request_explanation(
    db: &DatabaseConnection,
    ctx: &Ctx,
    id: Uuid,
    if_match: &IfMatch,
    body: ExplanationRequest,
) -> Result<index_assessments::Model, ApiError> {
    let w = Write::begin(db, ctx).await?;
    let (a, _) = for_change(w.db(), ctx, id, if_match, Action::RequestExplanation).await?;
    let sheet = Sheet::load(w.db(), a.clone()).await?;
    let mut issues = Vec::new();
    let mut rows = Vec::new();
    if body.codes.is_empty() {
        issues.push(FieldIssue::required("codes"));
    }
    for (i, code) in body.codes.iter().enumerate() {
        match (sheet.tree.leaf(code.trim()), sheet.items.get(code.trim())) {
            (Some(leaf), Some(row)) if leaf.method == Method::SelfAssessed => {
                rows.push(row.clone())
            }
            _ => issues.push(FieldIssue::unknown_reference(format!("codes[{i}]"))),
        }
    }
    let note = text::normalize(&body.note);
    if note.is_empty() {
        issues.push(FieldIssue::required("note"));
    } else if note.chars().count() > 4000 {
        issues.push(FieldIssue::too_long("note", 4000));
    }
    if !issues.is_empty() {
        return Err(ApiError::validation(issues));
    }
    for row in rows {
        let mut active: items::ActiveModel = row.into();
        active.explanation_requested = Set(true);
        active.updated_at = Set(w.now());
        active.update(w.db()).await?;
    }
    let changes = json!({"status": {"before": "submitted", "after": "explanation_requested"}, "codes": body.codes, "note": note});
    let (saved, journaled) = record(&w, &a, "request_explanation", changes, |m| {
        m.status = Set(enum_str(&AssessmentStatus::ExplanationRequested));
        m.explanation_note = Set(Some(note.clone()));
    })
    .await?;
    w.commit(journaled).await?;
    Ok(saved)
}

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
            Method::SelfAssessed => (row.is_none_or(|r| r.appraised_score_c.is_none()), "score"),
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

/// Sets the unit's own department for chosen items (any time: the analysis uses it).
pub async fn set_responsibilities(
    db: &DatabaseConnection,
    ctx: &Ctx,
    id: Uuid,
    if_match: &IfMatch,
    body: ResponsibilitiesIn,
) -> Result<index_assessments::Model, ApiError> {
    ctx.require(Permission::IndexSelfAssess)?;
    let w = Write::begin(db, ctx).await?;
    let a = get(w.db(), &ctx.scope, id).await?;
    if_match.check(a.version)?;
    let sheet = Sheet::load(w.db(), a.clone()).await?;
    let mut issues = Vec::new();
    let mut updates = Vec::new();
    for (i, input) in body.items.iter().enumerate() {
        let Some(row) = sheet.items.get(input.code.trim()) else {
            issues.push(FieldIssue::unknown_reference(format!("items[{i}].code")));
            continue;
        };
        if let Some(dept) = input.department_id {
            let ok = departments::Entity::find_by_id(dept)
                .one(w.db())
                .await?
                .is_some_and(|d| d.unit_id == a.unit_id && d.archived_at.is_none());
            if !ok {
                issues.push(FieldIssue::unknown_reference(format!(
                    "items[{i}].department_id"
                )));
                continue;
            }
        }
        let mut active: items::ActiveModel = row.clone().into();
        active.responsible_department_id = Set(input.department_id);
        active.updated_at = Set(w.now());
        updates.push(active);
    }
    if body.items.is_empty() {
        issues.push(FieldIssue::required("items"));
    }
    if !issues.is_empty() {
        return Err(ApiError::validation(issues));
    }
    for u in updates {
        u.update(w.db()).await?;
    }
    let changes = json!({"responsibilities": body.items.iter().map(|i| json!({"code": i.code, "department_id": i.department_id})).collect::<Vec<_>>()});
    let (saved, journaled) = record(&w, &a, "set_responsibilities", changes, |_| {}).await?;
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_cycle_allows_only_its_own_steps() {
        use AssessmentStatus::*;
        assert!(check_action(SelfAssessment, 1, Action::SelfAssess).is_ok());
        assert!(check_action(SelfAssessment, 1, Action::Appraise).is_err());
        assert!(check_action(Submitted, 1, Action::SelfAssess).is_err());
        assert!(check_action(Submitted, 1, Action::RequestExplanation).is_ok());
        assert!(check_action(Submitted, 2, Action::RequestExplanation).is_err());
        assert!(check_action(ExplanationRequested, 1, Action::Submit).is_ok());
        assert!(check_action(Finalized, 2, Action::Appraise).is_err());
        let err = check_action(Published, 1, Action::SelfAssess).err();
        assert_eq!(err.map(|e| e.kind), Some(ErrorKind::InvalidTransition));
    }
}
