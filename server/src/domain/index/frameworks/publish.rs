//! Publishing a draft (frozen from then on) and copying a framework into next year's draft.

use cchc_sdk::types::index::{CopyFramework, FrameworkStatus};
use sea_orm::{ActiveValue::Set, DatabaseConnection};
use serde_json::json;
use uuid::Uuid;

use super::checks::{frozen, may_write};
use super::{create, export, get};
use crate::auth::Ctx;
use crate::domain::codec::enum_str;
use crate::domain::index::journal;
use crate::domain::precondition::IfMatch;
use crate::domain::versioned::save_versioned;
use crate::domain::write::Write;
use crate::entity::index_frameworks;
use crate::error::ApiError;

/// Publishes a draft: frozen from now on.
pub async fn publish(
    db: &DatabaseConnection,
    ctx: &Ctx,
    id: Uuid,
    if_match: &IfMatch,
) -> Result<index_frameworks::Model, ApiError> {
    let w = Write::begin(db, ctx).await?;
    let current = get(w.db(), id).await?;
    may_write(ctx, &current)?;
    frozen(&current)?;
    if_match.check(current.version)?;
    let mut active: index_frameworks::ActiveModel = current.clone().into();
    active.status = Set(enum_str(&FrameworkStatus::Published));
    active.published_at = Set(Some(w.now()));
    let saved = save_versioned::<index_frameworks::Entity>(&w, active, id, current.version).await?;
    let changes = json!({"status": {"before": "draft", "after": "published"}});
    let journaled = journal(
        &w,
        "index_framework",
        id,
        saved.issuer_unit_id,
        "publish",
        changes,
    )
    .await?;
    w.commit(journaled).await?;
    Ok(saved)
}

/// Starts a new year's draft from a framework.
pub async fn copy(
    db: &DatabaseConnection,
    ctx: &Ctx,
    id: Uuid,
    body: CopyFramework,
) -> Result<index_frameworks::Model, ApiError> {
    let source = get(db, id).await?;
    may_write(ctx, &source)?;
    let mut input = export(&source)?;
    input.name = body.name.unwrap_or_else(|| {
        source
            .name
            .replace(&source.year.to_string(), &body.year.to_string())
    });
    input.year = body.year;
    input.decision_reference = None;
    input.self_assessment_deadline = None;
    create(db, ctx, input, Some(source.id)).await
}
