//! Revoking an issued decision, with a reason.

use crate::domain::codec::parse_enum;
use cchc_sdk::types::awards::DecisionStatus;
use sea_orm::{ActiveValue::Set, DatabaseConnection};
use serde_json::json;
use uuid::Uuid;

use super::document::required_text;
use super::{get, transition_error};
use crate::auth::Ctx;
use crate::domain::codec::enum_str;
use crate::domain::index::journal;
use crate::domain::precondition::IfMatch;
use crate::domain::versioned::save_versioned;
use crate::domain::write::Write;
use crate::entity::award_decisions as decisions;
use crate::error::ApiError;

/// Revokes an issued decision; its awards stop counting.
pub async fn revoke(
    db: &DatabaseConnection,
    ctx: &Ctx,
    id: Uuid,
    if_match: &IfMatch,
    reason: String,
) -> Result<decisions::Model, ApiError> {
    let w = Write::begin(db, ctx).await?;
    let current = get(w.db(), &ctx.scope, id).await?;
    let status: DecisionStatus = parse_enum(&current.status)?;
    if status != DecisionStatus::Issued {
        return Err(transition_error(
            &current.status,
            "revoke",
            if status == DecisionStatus::Draft {
                &["issue"]
            } else {
                &[]
            },
        ));
    }
    if_match.check(current.version)?;
    let mut issues = Vec::new();
    let reason = required_text("reason", &reason, 2000, &mut issues);
    if !issues.is_empty() {
        return Err(ApiError::validation(issues));
    }
    let mut active: decisions::ActiveModel = current.clone().into();
    active.status = Set(enum_str(&DecisionStatus::Revoked));
    active.revoke_reason = Set(Some(reason.clone()));
    let saved = save_versioned::<decisions::Entity>(&w, active, id, current.version).await?;
    let changes = json!({"status": {"before": "issued", "after": "revoked"}, "reason": reason});
    let journaled = journal(&w, "award_decision", id, saved.unit_id, "revoke", changes).await?;
    w.commit(journaled).await?;
    Ok(saved)
}
