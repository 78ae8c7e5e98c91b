//! Creating and changing drafts: create (also the JSON import), merge patch, tree import.

use cchc_sdk::types::index::FrameworkStatus;
use cchc_sdk::types::index::{CriterionIn, FrameworkIn, FrameworkPatch};
use sea_orm::{ActiveModelTrait, ActiveValue::Set, DatabaseConnection};
use serde_json::json;
use uuid::Uuid;

use super::checks::{check_all, check_issuer, frozen, may_write};
use super::{export, get};
use crate::auth::Ctx;
use crate::domain::codec::enum_str;
use crate::domain::index::journal;
use crate::domain::index::scoring::from_centi;
use crate::domain::precondition::IfMatch;
use crate::domain::versioned::save_versioned;
use crate::domain::write::{Journaled, Write};
use crate::entity::index_frameworks;
use crate::error::ApiError;

/// Creates a draft framework (also the JSON import).
pub async fn create(
    db: &DatabaseConnection,
    ctx: &Ctx,
    input: FrameworkIn,
    copied_from: Option<Uuid>,
) -> Result<index_frameworks::Model, ApiError> {
    let w = Write::begin(db, ctx).await?;
    check_issuer(w.db(), ctx, input.issuer_unit_id).await?;
    let id = Uuid::now_v7();
    let checked = check_all(id, &input)?;
    let now = w.now();
    let row = index_frameworks::ActiveModel {
        id: Set(id),
        issuer_unit_id: Set(input.issuer_unit_id),
        level: Set(enum_str(&input.level)),
        year: Set(input.year),
        name: Set(checked.name),
        decision_reference: Set(checked.decision_reference),
        status: Set(enum_str(&FrameworkStatus::Draft)),
        self_assessment_deadline: Set(input.self_assessment_deadline),
        max_points_c: Set(checked.max),
        bonus_cap_c: Set(checked.bonus_cap),
        penalty_cap_c: Set(checked.penalty_cap),
        bonus_items: Set(checked.bonus_items_json),
        penalty_items: Set(checked.penalty_items_json),
        bands: Set(serde_json::to_string(&checked.bands).map_err(ApiError::internal)?),
        tree: Set(checked.tree_json),
        copied_from_id: Set(copied_from),
        published_at: Set(None),
        created_at: Set(now),
        updated_at: Set(now),
        version: Set(1),
    }
    .insert(w.db())
    .await?;
    let changes = json!({"name": {"before": null, "after": row.name}, "year": {"before": null, "after": row.year}});
    let journaled = journal(
        &w,
        "index_framework",
        row.id,
        row.issuer_unit_id,
        "create",
        changes,
    )
    .await?;
    w.commit(journaled).await?;
    Ok(row)
}

/// Applies a merge patch to a draft.
pub async fn update(
    db: &DatabaseConnection,
    ctx: &Ctx,
    id: Uuid,
    if_match: &IfMatch,
    patch: FrameworkPatch,
) -> Result<index_frameworks::Model, ApiError> {
    let w = Write::begin(db, ctx).await?;
    let current = get(w.db(), id).await?;
    may_write(ctx, &current)?;
    frozen(&current)?;
    if_match.check(current.version)?;
    let mut input = export(&current)?;
    if let Some(name) = patch.name {
        input.name = name;
    }
    if let Some(r) = patch.decision_reference {
        input.decision_reference = Some(r);
    }
    if let Some(d) = patch.self_assessment_deadline {
        input.self_assessment_deadline = Some(d);
    }
    if let Some(c) = patch.bonus_cap {
        input.bonus_cap = c;
    }
    if let Some(c) = patch.penalty_cap {
        input.penalty_cap = c;
    }
    // New items bring their own cap (their sum) unless a cap is sent with them.
    if let Some(items) = patch.bonus_items {
        input.bonus_items = items;
        input.bonus_cap = patch.bonus_cap.unwrap_or(0.0);
    }
    if let Some(items) = patch.penalty_items {
        input.penalty_items = items;
        input.penalty_cap = patch.penalty_cap.unwrap_or(0.0);
    }
    if let Some(b) = patch.bands {
        input.bands = b;
    }
    if let Some(a) = patch.areas {
        input.areas = a;
    }
    let (saved, journaled) = save(&w, &current, &input, "update").await?;
    w.commit(journaled).await?;
    Ok(saved)
}

async fn save(
    w: &Write,
    current: &index_frameworks::Model,
    input: &FrameworkIn,
    action: &'static str,
) -> Result<(index_frameworks::Model, Journaled), ApiError> {
    let checked = check_all(current.id, input)?;
    let mut active: index_frameworks::ActiveModel = current.clone().into();
    active.name = Set(checked.name);
    active.decision_reference = Set(checked.decision_reference);
    active.self_assessment_deadline = Set(input.self_assessment_deadline);
    active.bonus_cap_c = Set(checked.bonus_cap);
    active.penalty_cap_c = Set(checked.penalty_cap);
    active.bands = Set(serde_json::to_string(&checked.bands).map_err(ApiError::internal)?);
    active.bonus_items = Set(checked.bonus_items_json);
    active.penalty_items = Set(checked.penalty_items_json);
    active.tree = Set(checked.tree_json);
    active.max_points_c = Set(checked.max);
    let saved =
        save_versioned::<index_frameworks::Entity>(w, active, current.id, current.version).await?;
    let changes = json!({
        "name": {"before": current.name, "after": saved.name},
        "max_points": {"before": from_centi(current.max_points_c), "after": from_centi(saved.max_points_c)},
        "tree_changed": current.tree != saved.tree,
        "adjustments_changed": current.bonus_items != saved.bonus_items
            || current.penalty_items != saved.penalty_items,
    });
    let journaled = journal(
        w,
        "index_framework",
        saved.id,
        saved.issuer_unit_id,
        action,
        changes,
    )
    .await?;
    Ok((saved, journaled))
}

/// Replaces a draft's tree (the sheet import).
pub async fn replace_tree(
    db: &DatabaseConnection,
    ctx: &Ctx,
    id: Uuid,
    if_match: &IfMatch,
    areas: Vec<CriterionIn>,
) -> Result<index_frameworks::Model, ApiError> {
    let w = Write::begin(db, ctx).await?;
    let current = get(w.db(), id).await?;
    may_write(ctx, &current)?;
    frozen(&current)?;
    if_match.check(current.version)?;
    let mut input = export(&current)?;
    input.areas = areas;
    let (saved, journaled) = save(&w, &current, &input, "import_criteria").await?;
    w.commit(journaled).await?;
    Ok(saved)
}
