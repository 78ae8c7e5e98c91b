//! Reading proposals: one by id, a page of them, and their wire forms.

use cchc_sdk::types::awards::{ProposalListQuery, ProposalOut, RecipientOut, ReviewOut};
use cchc_sdk::types::common::Page;
use sea_orm::{ColumnTrait, ConnectionTrait, DatabaseConnection, QueryFilter};
use uuid::Uuid;

use crate::auth::Scope;
use crate::domain::codec::{enum_str, parse_enum};
use crate::domain::page::PageRequest;
use crate::entity::award_proposals as proposals;
use crate::error::ApiError;

/// The API's view of a proposal.
pub fn to_out(m: proposals::Model) -> Result<ProposalOut, ApiError> {
    Ok(ProposalOut {
        id: m.id,
        unit_id: m.unit_id,
        proposer_department_id: m.proposer_department_id,
        year: m.year,
        form: parse_enum(&m.form)?,
        recipient: recipient_of(&m)?,
        achievement: m.achievement.clone(),
        plan_id: m.plan_id,
        task_id: m.task_id,
        assessment_id: m.assessment_id,
        status: parse_enum(&m.status)?,
        review: m
            .review
            .as_deref()
            .map(serde_json::from_str::<ReviewOut>)
            .transpose()
            .map_err(ApiError::internal)?,
        decision_id: m.decision_id,
        created_at: m.created_at,
        updated_at: m.updated_at,
        version: m.version,
    })
}

/// The recipient of a proposal, as printed.
pub fn recipient_of(m: &proposals::Model) -> Result<RecipientOut, ApiError> {
    Ok(RecipientOut {
        kind: parse_enum(&m.recipient_kind)?,
        official_id: m.official_id,
        department_id: m.department_id,
        unit_id: m.recipient_unit_id,
        name: m.recipient_name.clone(),
        position: m.recipient_position.clone(),
    })
}

/// A proposal the caller can see, or 404.
pub async fn get(
    db: &impl ConnectionTrait,
    scope: &Scope,
    id: Uuid,
) -> Result<proposals::Model, ApiError> {
    crate::domain::scoped::find::<proposals::Entity>(db, scope, id).await
}

/// One page of the proposals the caller can see.
pub async fn list(
    db: &DatabaseConnection,
    scope: &Scope,
    q: &ProposalListQuery,
    page: &PageRequest,
) -> Result<Page<proposals::Model>, ApiError> {
    let mut select = crate::domain::scoped::scoped::<proposals::Entity>(scope);
    if let Some(u) = q.unit_id {
        select = select.filter(proposals::Column::UnitId.eq(u));
    }
    if let Some(y) = q.year {
        select = select.filter(proposals::Column::Year.eq(y));
    }
    if let Some(f) = q.form {
        select = select.filter(proposals::Column::Form.eq(enum_str(&f)));
    }
    if let Some(s) = q.status {
        select = select.filter(proposals::Column::Status.eq(enum_str(&s)));
    }
    page.load(db, select, proposals::Column::Id, |r| r.id).await
}
