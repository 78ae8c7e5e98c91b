//! Creating a unit and changing it by merge patch, every rule checked first.

use cchc_sdk::types::units::{UnitIn, UnitLevel, UnitPatch};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ConnectionTrait, DatabaseConnection, EntityTrait,
};
use uuid::Uuid;

use super::draft::Draft;
use super::{get, journal};
use crate::auth::{Ctx, Scope};
use crate::domain::codec::enum_str;
use crate::domain::precondition::IfMatch;
use crate::domain::versioned::save_versioned;
use crate::domain::write::Write;
use crate::entity::units;
use crate::error::{ApiError, ErrorKind, FieldIssue, Text};

/// Creates a unit after checking every rule.
pub async fn create(
    db: &DatabaseConnection,
    ctx: &Ctx,
    input: UnitIn,
) -> Result<units::Model, ApiError> {
    let with_departments = input.with_default_departments;
    let draft = Draft::from_in(input);
    if with_departments && draft.level != UnitLevel::Commune {
        return Err(ApiError::validation(vec![FieldIssue::new(
            "with_default_departments",
            "not_allowed",
            Text::new("Chỉ áp dụng cho cấp xã.", "Only for communes."),
        )]));
    }
    if draft.parent_id.is_none() && ctx.scope != Scope::Everything {
        return Err(ApiError::new(ErrorKind::Forbidden).with_detail(
            "Chỉ quản trị hệ thống mới tạo được đơn vị cấp tỉnh.",
            "Only a system admin can create a unit without a parent (a province).",
        ));
    }
    let w = Write::begin(db, ctx).await?;
    draft.check(w.db(), &ctx.scope, None).await?;
    let now = w.now();
    let model = units::ActiveModel {
        id: Set(Uuid::now_v7()),
        code: Set(draft.code.clone()),
        name: Set(draft.name.clone()),
        search_key: Set(draft.search_key()),
        level: Set(enum_str(&draft.level)),
        parent_id: Set(draft.parent_id),
        valid_from: Set(draft.valid_from),
        valid_to: Set(draft.valid_to),
        successor_ids: Set(serde_json::json!(draft.successor_ids)),
        archived_at: Set(None),
        created_at: Set(now),
        updated_at: Set(now),
        version: Set(1),
    }
    .insert(w.db())
    .await?;
    let journaled = journal(&w, "create", None, &model).await?;
    if with_departments {
        crate::domain::departments::create_template(&w, model.id).await?;
    }
    w.commit(journaled).await?;
    Ok(model)
}

/// Applies a merge patch, refusing a stale `If-Match` and any broken rule.
pub async fn update(
    db: &DatabaseConnection,
    ctx: &Ctx,
    id: Uuid,
    if_match: &IfMatch,
    patch: UnitPatch,
) -> Result<units::Model, ApiError> {
    let w = Write::begin(db, ctx).await?;
    let current = get(w.db(), &ctx.scope, id).await?;
    super::may_change(ctx, &current)?;
    let mut draft = Draft::from_model(&current)?;
    draft.apply(patch);
    if draft.parent_id.is_none() && current.parent_id.is_some() && ctx.scope != Scope::Everything {
        return Err(ApiError::new(ErrorKind::Forbidden).with_detail(
            "Chỉ quản trị hệ thống mới bỏ được đơn vị cấp trên.",
            "Only a system admin can detach a unit from its parent.",
        ));
    }
    draft.check(w.db(), &ctx.scope, Some(id)).await?;
    if let Some(parent_id) = draft.parent_id
        && is_below(w.db(), parent_id, id).await?
    {
        return Err(ApiError::validation(vec![FieldIssue::new(
            "parent_id",
            "cycle",
            Text::new(
                "Không thể chuyển đơn vị vào dưới đơn vị con của nó.",
                "A unit cannot move below its own descendant.",
            ),
        )]));
    }
    // The content is judged before the precondition: a bad body is 422 whatever its If-Match.
    if_match.check(current.version)?;
    let mut active: units::ActiveModel = current.clone().into();
    active.code = Set(draft.code.clone());
    active.name = Set(draft.name.clone());
    active.search_key = Set(draft.search_key());
    active.parent_id = Set(draft.parent_id);
    active.valid_from = Set(draft.valid_from);
    active.valid_to = Set(draft.valid_to);
    active.successor_ids = Set(serde_json::json!(draft.successor_ids));
    let saved = save_versioned::<units::Entity>(&w, active, id, current.version).await?;
    let journaled = journal(&w, "update", Some(&current), &saved).await?;
    w.commit(journaled).await?;
    Ok(saved)
}

/// Whether `candidate` lies in the subtree below `ancestor`.
async fn is_below(
    db: &impl ConnectionTrait,
    candidate: Uuid,
    ancestor: Uuid,
) -> Result<bool, ApiError> {
    let mut cursor = Some(candidate);
    // The tree is at most a few levels deep; the bound guards against corrupt cycles.
    for _ in 0..16 {
        let Some(id) = cursor else { return Ok(false) };
        if id == ancestor {
            return Ok(true);
        }
        cursor = units::Entity::find_by_id(id)
            .one(db)
            .await?
            .and_then(|u| u.parent_id);
    }
    Ok(false)
}
