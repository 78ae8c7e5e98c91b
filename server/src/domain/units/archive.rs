//! Archiving a unit (kept for history, gone from lists) and bringing it back.

use sea_orm::{
    ActiveValue::Set, ColumnTrait, DatabaseConnection, EntityTrait, PaginatorTrait, QueryFilter,
    QueryOrder, QuerySelect,
};
use uuid::Uuid;

use super::{get, journal};
use crate::auth::Ctx;
use crate::domain::precondition::IfMatch;
use crate::domain::versioned::save_versioned;
use crate::domain::write::Write;
use crate::entity::units;
use crate::error::{ApiError, ErrorKind};

/// Archives a unit: it stays for history but leaves lists. Refused while active units
/// still sit below it.
pub async fn archive(
    db: &DatabaseConnection,
    ctx: &Ctx,
    id: Uuid,
    if_match: &IfMatch,
) -> Result<units::Model, ApiError> {
    let w = Write::begin(db, ctx).await?;
    let current = get(w.db(), &ctx.scope, id).await?;
    super::may_change(ctx, &current)?;
    if_match.check(current.version)?;
    if current.archived_at.is_some() {
        return Err(transition_error("archive", &["restore"]));
    }
    let children = units::Entity::find()
        .filter(units::Column::ParentId.eq(id))
        .filter(units::Column::ArchivedAt.is_null())
        .order_by_asc(units::Column::Id)
        .limit(20)
        .all(w.db())
        .await?;
    if !children.is_empty() {
        let count = units::Entity::find()
            .filter(units::Column::ParentId.eq(id))
            .filter(units::Column::ArchivedAt.is_null())
            .count(w.db())
            .await?;
        return Err(ApiError::new(ErrorKind::InUse)
            .with_detail(
                format!("Còn {count} đơn vị trực thuộc đang hoạt động; hãy lưu trữ chúng trước."),
                format!("{count} active units still sit below this one; archive them first."),
            )
            .with_referenced_by(children.iter().map(|c| format!("units/{}", c.id)).collect()));
    }
    let mut active: units::ActiveModel = current.clone().into();
    active.archived_at = Set(Some(w.now()));
    let saved = save_versioned::<units::Entity>(&w, active, id, current.version).await?;
    let journaled = journal(&w, "archive", Some(&current), &saved).await?;
    w.commit(journaled).await?;
    Ok(saved)
}

/// Brings an archived unit back (its parent must be active).
pub async fn restore(
    db: &DatabaseConnection,
    ctx: &Ctx,
    id: Uuid,
    if_match: &IfMatch,
) -> Result<units::Model, ApiError> {
    let w = Write::begin(db, ctx).await?;
    let current = get(w.db(), &ctx.scope, id).await?;
    super::may_change(ctx, &current)?;
    if_match.check(current.version)?;
    if current.archived_at.is_none() {
        return Err(transition_error("restore", &["archive"]));
    }
    if let Some(parent_id) = current.parent_id
        && get(w.db(), &ctx.scope, parent_id)
            .await?
            .archived_at
            .is_some()
    {
        return Err(ApiError::new(ErrorKind::InvalidTransition)
            .with_detail(
                "Đơn vị cấp trên đang lưu trữ.",
                "The parent unit is archived; restore it first.",
            )
            .with_allowed_actions(vec![]));
    }
    let mut active: units::ActiveModel = current.clone().into();
    active.archived_at = Set(None);
    let saved = save_versioned::<units::Entity>(&w, active, id, current.version).await?;
    let journaled = journal(&w, "restore", Some(&current), &saved).await?;
    w.commit(journaled).await?;
    Ok(saved)
}

fn transition_error(action: &str, allowed: &[&str]) -> ApiError {
    ApiError::new(ErrorKind::InvalidTransition)
        .with_detail(
            format!("Không thể '{action}' ở trạng thái hiện tại."),
            format!("'{action}' is not allowed in the current state."),
        )
        .with_allowed_actions(allowed.iter().map(|a| (*a).to_owned()).collect())
}
