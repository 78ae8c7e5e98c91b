//! Creating a draft proposal, its references checked and its recipient resolved.

use cchc_sdk::types::awards::{ProposalIn, ProposalStatus};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter,
};
use serde_json::json;
use uuid::Uuid;

use super::recipients::{already_awarded, holds, resolve};
use crate::auth::Ctx;
use crate::domain::codec::enum_str;
use crate::domain::index::journal;
use crate::domain::write::Write;
use crate::domain::{text, units};
use crate::entity::{award_proposals as proposals, departments, index_assessments, plans, tasks};
use crate::error::{ApiError, FieldIssue, Text};

/// Creates a draft proposal.
pub async fn create(
    db: &DatabaseConnection,
    ctx: &Ctx,
    input: ProposalIn,
) -> Result<proposals::Model, ApiError> {
    let w = Write::begin(db, ctx).await?;
    match units::find_visible(w.db(), &ctx.scope, input.unit_id).await? {
        Some(u) if u.archived_at.is_none() => {}
        _ => {
            return Err(ApiError::validation(vec![FieldIssue::unknown_reference(
                "unit_id",
            )]));
        }
    }
    let mut issues = Vec::new();
    if !(2000..=2100).contains(&input.year) {
        issues.push(FieldIssue::new(
            "year",
            "out_of_range",
            Text::new("Từ 2000 đến 2100.", "Between 2000 and 2100."),
        ));
    }
    if !input.form.classes().contains(&input.recipient.kind.class()) {
        issues.push(FieldIssue::new(
            "form",
            "not_for_recipient",
            Text::new(
                "Hình thức hoặc danh hiệu này không dành cho đối tượng được đề nghị.",
                "This form or title does not go to this kind of recipient.",
            ),
        ));
    }
    let achievement = text::normalize(&input.achievement);
    if achievement.is_empty() {
        issues.push(FieldIssue::required("achievement"));
    } else if achievement.chars().count() > 4000 {
        issues.push(FieldIssue::too_long("achievement", 4000));
    }
    if let Some(d) = input.proposer_department_id
        && departments::Entity::find_by_id(d)
            .one(w.db())
            .await?
            .is_none_or(|d| d.unit_id != input.unit_id)
    {
        issues.push(FieldIssue::unknown_reference("proposer_department_id"));
    }
    if let Some(p) = input.plan_id
        && crate::domain::scoped::scoped::<plans::Entity>(&ctx.scope)
            .filter(plans::Column::Id.eq(p))
            .one(w.db())
            .await?
            .is_none()
    {
        issues.push(FieldIssue::unknown_reference("plan_id"));
    }
    if let Some(t) = input.task_id
        && crate::domain::scoped::scoped::<tasks::Entity>(&ctx.scope)
            .filter(tasks::Column::Id.eq(t))
            .one(w.db())
            .await?
            .is_none()
    {
        issues.push(FieldIssue::unknown_reference("task_id"));
    }
    if let Some(a) = input.assessment_id
        && crate::domain::scoped::scoped::<index_assessments::Entity>(&ctx.scope)
            .filter(index_assessments::Column::Id.eq(a))
            .one(w.db())
            .await?
            .is_none()
    {
        issues.push(FieldIssue::unknown_reference("assessment_id"));
    }
    let resolved = resolve(w.db(), ctx, input.unit_id, &input.recipient, &mut issues).await?;
    let Some(resolved) = resolved.filter(|_| issues.is_empty()) else {
        return Err(ApiError::validation(issues));
    };
    if input.form.is_title() && holds(w.db(), &resolved.person_key, input.form, input.year).await? {
        return Err(already_awarded(&resolved.out.name, input.form, input.year));
    }
    let now = w.now();
    let row = proposals::ActiveModel {
        id: Set(Uuid::now_v7()),
        unit_id: Set(input.unit_id),
        proposer_department_id: Set(input.proposer_department_id),
        year: Set(input.year),
        form: Set(enum_str(&input.form)),
        recipient_kind: Set(enum_str(&input.recipient.kind)),
        official_id: Set(resolved.out.official_id),
        department_id: Set(resolved.out.department_id),
        recipient_unit_id: Set(resolved.out.unit_id),
        recipient_name: Set(resolved.out.name.clone()),
        recipient_position: Set(resolved.out.position.clone()),
        person_key: Set(resolved.person_key),
        achievement: Set(achievement),
        plan_id: Set(input.plan_id),
        task_id: Set(input.task_id),
        assessment_id: Set(input.assessment_id),
        status: Set(enum_str(&ProposalStatus::Draft)),
        review: Set(None),
        decision_id: Set(None),
        created_at: Set(now),
        updated_at: Set(now),
        version: Set(1),
    }
    .insert(w.db())
    .await?;
    let changes = json!({"form": {"before": null, "after": row.form}, "recipient": {"before": null, "after": row.recipient_name}});
    let journaled = journal(&w, "award_proposal", row.id, row.unit_id, "create", changes).await?;
    w.commit(journaled).await?;
    Ok(row)
}
