//! The explanation round: chosen self-assessed items sent back for an explanation.

use cchc_sdk::types::index::{AssessmentStatus, ExplanationRequest, Method};
use sea_orm::{ActiveModelTrait, ActiveValue::Set, DatabaseConnection};
use serde_json::json;
use uuid::Uuid;

use super::change::{for_change, record};
use super::{Action, Sheet};
use crate::auth::Ctx;
use crate::domain::codec::enum_str;
use crate::domain::precondition::IfMatch;
use crate::domain::text;
use crate::domain::write::Write;
use crate::entity::{index_assessment_items as items, index_assessments};
use crate::error::{ApiError, FieldIssue};

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
