//! Changes to departments: create (one, or a commune's template), update, archive or
//! restore, delete; each journaled.

use cchc_sdk::types::common::Patch;
use cchc_sdk::types::departments::{DepartmentIn, DepartmentOut, DepartmentPatch};
use sea_orm::{ActiveModelTrait, ActiveValue::Set, DatabaseConnection, ModelTrait};
use uuid::Uuid;

use super::COMMUNE_TEMPLATE;
use super::draft::{Draft, check_unit, clean, draft_row};
use super::queries::{get, references};
use super::wire::to_out;
use crate::auth::Ctx;
use crate::domain::audit::{self, Event};
use crate::domain::codec::{enum_str, parse_enum};
use crate::domain::precondition::IfMatch;
use crate::domain::text;
use crate::domain::versioned::save_versioned;
use crate::domain::write::{Journaled, Write};
use crate::entity::departments;
use crate::error::{ApiError, ErrorKind};

/// Creates a department.
pub async fn create(
    db: &DatabaseConnection,
    ctx: &Ctx,
    input: DepartmentIn,
) -> Result<departments::Model, ApiError> {
    let w = Write::begin(db, ctx).await?;
    check_unit(w.db(), ctx, input.unit_id).await?;
    let draft = Draft {
        unit_id: input.unit_id,
        name: text::normalize(&input.name),
        short_code: clean(input.short_code),
        kind: input.kind,
        description: clean(input.description),
        head_official_id: input.head_official_id,
        display_order: input.display_order,
    };
    draft.check(w.db()).await?;
    let (dept, journaled) = insert(&w, draft_row(&draft, w.now())).await?;
    w.commit(journaled).await?;
    Ok(dept)
}

/// Inserts a checked department and journals it.
pub async fn insert(
    w: &Write,
    row: departments::ActiveModel,
) -> Result<(departments::Model, Journaled), ApiError> {
    let dept = row.insert(w.db()).await?;
    let changes = audit::diff(None, Some(&to_out(dept.clone())?));
    let event = Event {
        resource_type: "department",
        resource_id: Some(dept.id),
        unit_id: Some(dept.unit_id),
        action: "create",
        changes,
    };
    let journaled = w.journal(event).await?;
    Ok((dept, journaled))
}

/// Creates a commune's usual departments (the template), in the caller's change.
pub async fn create_template(
    w: &Write,
    unit_id: Uuid,
) -> Result<Vec<departments::Model>, ApiError> {
    let mut out = Vec::new();
    for (order, (name, code, kind)) in COMMUNE_TEMPLATE.iter().enumerate() {
        let draft = Draft {
            unit_id,
            name: (*name).to_owned(),
            short_code: Some((*code).to_owned()),
            kind: *kind,
            description: None,
            head_official_id: None,
            display_order: order as i32,
        };
        let (dept, _journaled) = insert(w, draft_row(&draft, w.now())).await?;
        out.push(dept);
    }
    Ok(out)
}

/// Applies a merge patch.
pub async fn update(
    db: &DatabaseConnection,
    ctx: &Ctx,
    id: Uuid,
    if_match: &IfMatch,
    patch: DepartmentPatch,
) -> Result<departments::Model, ApiError> {
    let w = Write::begin(db, ctx).await?;
    let current = get(w.db(), &ctx.scope, id).await?;
    let pick = |p: Patch<String>, old: &Option<String>| match p {
        Patch::Absent => old.clone(),
        Patch::Null => None,
        Patch::Value(v) => clean(Some(v)),
    };
    let draft = Draft {
        unit_id: current.unit_id,
        name: patch
            .name
            .as_deref()
            .map(text::normalize)
            .unwrap_or_else(|| current.name.clone()),
        short_code: pick(patch.short_code, &current.short_code),
        kind: match patch.kind {
            Some(kind) => kind,
            None => parse_enum(&current.kind)?,
        },
        description: pick(patch.description, &current.description),
        head_official_id: match patch.head_official_id {
            Patch::Absent => current.head_official_id,
            Patch::Null => None,
            Patch::Value(v) => Some(v),
        },
        display_order: patch.display_order.unwrap_or(current.display_order),
    };
    draft.check(w.db()).await?;
    if_match.check(current.version)?;
    let mut active: departments::ActiveModel = current.clone().into();
    active.name = Set(draft.name.clone());
    active.name_key = Set(text::fold(&draft.name));
    active.short_code = Set(draft.short_code.clone());
    active.kind = Set(enum_str(&draft.kind));
    active.description = Set(draft.description.clone());
    active.head_official_id = Set(draft.head_official_id);
    active.display_order = Set(draft.display_order);
    let saved = save_versioned::<departments::Entity>(&w, active, id, current.version).await?;
    let journaled = journal(&w, "update", &current, &saved).await?;
    w.commit(journaled).await?;
    Ok(saved)
}

async fn journal(
    w: &Write,
    action: &str,
    before: &departments::Model,
    after: &departments::Model,
) -> Result<Journaled, ApiError> {
    let changes = audit::diff(
        Some(&to_out(before.clone())?),
        Some(&to_out(after.clone())?),
    );
    let event = Event {
        resource_type: "department",
        resource_id: Some(after.id),
        unit_id: Some(after.unit_id),
        action,
        changes,
    };
    w.journal(event).await
}

/// Archives (`true`) or restores (`false`) a department.
pub async fn set_archived(
    db: &DatabaseConnection,
    ctx: &Ctx,
    id: Uuid,
    if_match: &IfMatch,
    archive: bool,
) -> Result<departments::Model, ApiError> {
    let w = Write::begin(db, ctx).await?;
    let current = get(w.db(), &ctx.scope, id).await?;
    if_match.check(current.version)?;
    if current.archived_at.is_some() == archive {
        let (action, other) = if archive {
            ("archive", "restore")
        } else {
            ("restore", "archive")
        };
        return Err(ApiError::new(ErrorKind::InvalidTransition)
            .with_detail(
                format!("Không thể '{action}' ở trạng thái hiện tại."),
                format!("'{action}' is not allowed in the current state."),
            )
            .with_allowed_actions(vec![other.to_owned()]));
    }
    let mut active: departments::ActiveModel = current.clone().into();
    active.archived_at = Set(archive.then(|| w.now()));
    let saved = save_versioned::<departments::Entity>(&w, active, id, current.version).await?;
    let action = if archive { "archive" } else { "restore" };
    let journaled = journal(&w, action, &current, &saved).await?;
    w.commit(journaled).await?;
    Ok(saved)
}

/// Deletes a department nothing refers to; otherwise 409 `in_use` naming what does (archive
/// it instead).
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
                "Bộ phận đang được tham chiếu nên không thể xóa; hãy lưu trữ (archive) thay vì xóa.",
                "The department is referred to and cannot be deleted; archive it instead.",
            )
            .with_referenced_by(refs)
            .with_allowed_actions(vec!["archive".into()]));
    }
    let changes = audit::diff(Some(&to_out(current.clone())?), None::<&DepartmentOut>);
    let event = Event {
        resource_type: "department",
        resource_id: Some(id),
        unit_id: Some(current.unit_id),
        action: "delete",
        changes,
    };
    let journaled = w.journal(event).await?;
    current.delete(w.db()).await?;
    w.commit(journaled).await?;
    Ok(())
}
