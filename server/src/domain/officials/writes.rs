//! Changes to officials: create (and the checked insert), update, delete; each keeps the
//! linked user's `official_id` in step.

use cchc_sdk::types::common::Patch;
use cchc_sdk::types::officials::{OfficialIn, OfficialPatch};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseConnection,
    EntityTrait, ModelTrait, QueryFilter,
};
use uuid::Uuid;

use super::draft::{Draft, clean, draft_to_in};
use super::queries::{get, references};
use super::wire::journal_changes;
use crate::auth::Ctx;
use crate::domain::audit::Event;
use crate::domain::codec::parse_enum;
use crate::domain::precondition::IfMatch;
use crate::domain::versioned::save_versioned;
use crate::domain::write::{Journaled, Write};
use crate::domain::{text, units};
use crate::entity::{officials, users};
use crate::error::{ApiError, ErrorKind, FieldIssue};

/// Keeps the user's `official_id` in step with the official's `user_id`.
async fn link_user(
    db: &impl ConnectionTrait,
    official_id: Uuid,
    old: Option<Uuid>,
    new: Option<Uuid>,
) -> Result<(), ApiError> {
    if old == new {
        return Ok(());
    }
    if let Some(old) = old {
        users::Entity::update_many()
            .col_expr(users::Column::OfficialId, Expr::value(Option::<Uuid>::None))
            .filter(users::Column::Id.eq(old))
            .exec(db)
            .await?;
    }
    if let Some(new) = new {
        users::Entity::update_many()
            .col_expr(users::Column::OfficialId, Expr::value(Some(official_id)))
            .filter(users::Column::Id.eq(new))
            .exec(db)
            .await?;
    }
    Ok(())
}

/// Creates an official.
pub async fn create(
    db: &DatabaseConnection,
    ctx: &Ctx,
    input: OfficialIn,
) -> Result<officials::Model, ApiError> {
    let w = Write::begin(db, ctx).await?;
    match units::find_visible(w.db(), &ctx.scope, input.unit_id).await? {
        Some(u) if u.archived_at.is_none() => {}
        _ => {
            return Err(ApiError::validation(vec![FieldIssue::unknown_reference(
                "unit_id",
            )]));
        }
    }
    let draft = Draft {
        unit_id: input.unit_id,
        full_name: text::normalize(&input.full_name),
        position: text::normalize(&input.position),
        department_id: input.department_id,
        email: clean(input.email),
        phone: clean(input.phone),
        status: input.status,
        user_id: input.user_id,
    };
    draft.check(w.db(), ctx, None).await?;
    let (official, journaled) = insert(&w, &draft_to_in(&draft)).await?;
    w.commit(journaled).await?;
    Ok(official)
}

/// Inserts an official (already checked) and journals it; used by the API and the demo.
pub async fn insert(
    w: &Write,
    input: &OfficialIn,
) -> Result<(officials::Model, Journaled), ApiError> {
    let db = w.db();
    let now = w.now();
    let id = Uuid::now_v7();
    let mut active = officials::ActiveModel {
        id: Set(id),
        created_at: Set(now),
        updated_at: Set(now),
        version: Set(1),
        ..Default::default()
    };
    let draft = Draft {
        unit_id: input.unit_id,
        full_name: text::normalize(&input.full_name),
        position: text::normalize(&input.position),
        department_id: input.department_id,
        email: clean(input.email.clone()),
        phone: clean(input.phone.clone()),
        status: input.status,
        user_id: input.user_id,
    };
    draft.apply(&mut active);
    let official = active.insert(db).await?;
    link_user(db, id, None, official.user_id).await?;
    let event = Event {
        resource_type: "official",
        resource_id: Some(id),
        unit_id: Some(official.unit_id),
        action: "create",
        changes: journal_changes(None, Some(&official))?,
    };
    let journaled = w.journal(event).await?;
    Ok((official, journaled))
}

/// Applies a merge patch.
pub async fn update(
    db: &DatabaseConnection,
    ctx: &Ctx,
    id: Uuid,
    if_match: &IfMatch,
    patch: OfficialPatch,
) -> Result<officials::Model, ApiError> {
    let w = Write::begin(db, ctx).await?;
    let current = get(w.db(), &ctx.scope, id).await?;
    let pick = |p: Patch<String>, old: &Option<String>| match p {
        Patch::Absent => old.clone(),
        Patch::Null => None,
        Patch::Value(v) => clean(Some(v)),
    };
    let pick_id = |p: Patch<Uuid>, old: Option<Uuid>| match p {
        Patch::Absent => old,
        Patch::Null => None,
        Patch::Value(v) => Some(v),
    };
    let draft = Draft {
        unit_id: current.unit_id,
        full_name: patch
            .full_name
            .as_deref()
            .map(text::normalize)
            .unwrap_or_else(|| current.full_name.clone()),
        position: patch
            .position
            .as_deref()
            .map(text::normalize)
            .unwrap_or_else(|| current.position.clone()),
        department_id: pick_id(patch.department_id, current.department_id),
        email: pick(patch.email, &current.email),
        phone: pick(patch.phone, &current.phone),
        status: match patch.status {
            Some(status) => status,
            None => parse_enum(&current.status)?,
        },
        user_id: pick_id(patch.user_id, current.user_id),
    };
    draft.check(w.db(), ctx, Some(id)).await?;
    if_match.check(current.version)?;
    let mut active: officials::ActiveModel = current.clone().into();
    draft.apply(&mut active);
    let saved = save_versioned::<officials::Entity>(&w, active, id, current.version).await?;
    link_user(w.db(), id, current.user_id, saved.user_id).await?;
    let event = Event {
        resource_type: "official",
        resource_id: Some(id),
        unit_id: Some(saved.unit_id),
        action: "update",
        changes: journal_changes(Some(&current), Some(&saved))?,
    };
    let journaled = w.journal(event).await?;
    w.commit(journaled).await?;
    Ok(saved)
}

/// Deletes an official nothing refers to (their personal data goes with them); otherwise
/// 409 `in_use` — mark them `left` instead.
pub async fn delete(
    db: &DatabaseConnection,
    ctx: &Ctx,
    id: Uuid,
    if_match: &IfMatch,
) -> Result<(), ApiError> {
    let w = Write::begin(db, ctx).await?;
    let current = get(w.db(), &ctx.scope, id).await?;
    if_match.check(current.version)?;
    let refs = references(w.db(), id).await?;
    if !refs.is_empty() {
        return Err(ApiError::new(ErrorKind::InUse)
            .with_detail(
                "Cán bộ đang được tham chiếu nên không thể xóa; hãy chuyển trạng thái sang 'left'.",
                "The official is referred to and cannot be deleted; set their status to 'left' instead.",
            )
            .with_referenced_by(refs));
    }
    link_user(w.db(), id, current.user_id, None).await?;
    let event = Event {
        resource_type: "official",
        resource_id: Some(id),
        unit_id: Some(current.unit_id),
        action: "delete",
        changes: journal_changes(Some(&current), None)?,
    };
    let journaled = w.journal(event).await?;
    current.delete(w.db()).await?;
    w.commit(journaled).await?;
    Ok(())
}
