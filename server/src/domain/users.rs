//! People who log in. A unit admin manages the users of its unit scope and can never hand
//! out more than it holds (no `system_admin` unless it is one).

use cchc_sdk::types::auth::Role;
use cchc_sdk::types::common::{Page, Patch};
use cchc_sdk::types::users::{UserIn, UserListQuery, UserOut, UserPatch};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseConnection,
    QueryFilter,
};
use serde_json::json;
use uuid::Uuid;

use crate::auth::{Ctx, Scope};
use crate::domain::audit::{self, Event};
use crate::domain::codec::enum_str;
use crate::domain::page::PageRequest;
use crate::domain::precondition::IfMatch;
use crate::domain::versioned::save_versioned;
use crate::domain::write::{Journaled, Write};
use crate::domain::{sessions, text};
use crate::entity::users;
use crate::error::{ApiError, ErrorKind};

mod rules;

use rules::{
    check_assignment, check_full_name, check_may_manage, check_password, check_password_ok,
    check_username, normal,
};

/// The wire form of a stored user.
pub fn to_out(m: users::Model) -> UserOut {
    UserOut {
        id: m.id,
        username: m.username,
        full_name: m.full_name,
        unit_id: m.unit_id,
        roles: serde_json::from_str(&m.roles).unwrap_or_default(),
        official_id: m.official_id,
        active: m.active,
        last_login_at: m.last_login_at,
        created_at: m.created_at,
        updated_at: m.updated_at,
        version: m.version,
    }
}

/// A user the caller can see, or 404.
pub async fn get(
    db: &impl ConnectionTrait,
    scope: &Scope,
    id: Uuid,
) -> Result<users::Model, ApiError> {
    crate::domain::scoped::find::<users::Entity>(db, scope, id).await
}

/// One page of the users the caller can see.
pub async fn list(
    db: &DatabaseConnection,
    scope: &Scope,
    query: &UserListQuery,
    page: &PageRequest,
) -> Result<Page<users::Model>, ApiError> {
    let mut select = crate::domain::scoped::scoped::<users::Entity>(scope);
    if let Some(unit_id) = query.unit_id {
        select = select.filter(users::Column::UnitId.eq(unit_id));
    }
    if let Some(role) = query.role {
        let name = enum_str(&role);
        select = select.filter(users::Column::Roles.like(format!("%\"{name}\"%")));
    }
    if let Some(active) = query.active {
        select = select.filter(users::Column::Active.eq(active));
    }
    select = text::matching(select, users::Column::SearchKey, query.q.as_deref())?;
    page.load(db, select, users::Column::Id, |r| r.id).await
}

/// Creates a user.
pub async fn create(
    db: &DatabaseConnection,
    ctx: &Ctx,
    input: UserIn,
) -> Result<users::Model, ApiError> {
    let username = input.username.trim().to_lowercase();
    let full_name = text::normalize(&input.full_name);
    let mut issues = Vec::new();
    check_username(&username, &mut issues);
    check_full_name(&full_name, &mut issues);
    check_password(&input.password, &mut issues);
    check_assignment(db, ctx, input.unit_id, &input.roles, &mut issues).await?;
    if !issues.is_empty() {
        return Err(ApiError::validation(issues));
    }
    // Hashing is slow: done before the write lock is taken, the rules checked again inside.
    let hash = crate::auth::secrets::hash_password(input.password).await?;
    let w = Write::begin(db, ctx).await?;
    check_assignment(w.db(), ctx, input.unit_id, &input.roles, &mut issues).await?;
    if !issues.is_empty() {
        return Err(ApiError::validation(issues));
    }
    let (user, journaled) = insert(
        &w,
        NewUser {
            username,
            full_name,
            unit_id: input.unit_id,
            roles: input.roles,
            official_id: input.official_id,
            password_hash: hash,
        },
    )
    .await?;
    w.commit(journaled).await?;
    Ok(user)
}

/// A user to insert, already checked.
pub struct NewUser {
    /// Lower-case login name.
    pub username: String,
    /// NFC full name.
    pub full_name: String,
    /// Home unit.
    pub unit_id: Option<Uuid>,
    /// Roles.
    pub roles: Vec<Role>,
    /// Linked official.
    pub official_id: Option<Uuid>,
    /// Argon2id hash.
    pub password_hash: String,
}

/// Inserts a checked user and journals it (used by the API, the bootstrap and the demo).
pub async fn insert(w: &Write, new: NewUser) -> Result<(users::Model, Journaled), ApiError> {
    let now = w.now();
    let user = users::ActiveModel {
        id: Set(Uuid::now_v7()),
        search_key: Set(text::fold(&format!("{} {}", new.username, new.full_name))),
        username: Set(new.username),
        full_name: Set(new.full_name),
        unit_id: Set(new.unit_id),
        roles: Set(json!(normal(new.roles)).to_string()),
        official_id: Set(new.official_id),
        active: Set(true),
        password_hash: Set(new.password_hash),
        last_login_at: Set(None),
        created_at: Set(now),
        updated_at: Set(now),
        version: Set(1),
    }
    .insert(w.db())
    .await?;
    let out = to_out(user.clone());
    let event = Event {
        resource_type: "user",
        resource_id: Some(user.id),
        unit_id: user.unit_id,
        action: "create",
        changes: audit::diff(None, Some(&out)),
    };
    let journaled = w.journal(event).await?;
    Ok((user, journaled))
}

/// Applies a merge patch to a user.
pub async fn update(
    db: &DatabaseConnection,
    ctx: &Ctx,
    id: Uuid,
    if_match: &IfMatch,
    patch: UserPatch,
) -> Result<users::Model, ApiError> {
    // Hashing is slow: done before the write lock is taken (a refused change wastes it).
    let new_hash = match &patch.password {
        Some(p) if check_password_ok(p) => {
            Some(crate::auth::secrets::hash_password(p.clone()).await?)
        }
        _ => None,
    };
    let w = Write::begin(db, ctx).await?;
    let current = get(w.db(), &ctx.scope, id).await?;
    check_may_manage(ctx, &current)?;
    let mut issues = Vec::new();
    let full_name = patch
        .full_name
        .as_deref()
        .map(text::normalize)
        .unwrap_or_else(|| current.full_name.clone());
    check_full_name(&full_name, &mut issues);
    let unit_id = match patch.unit_id {
        Patch::Absent => current.unit_id,
        Patch::Null => None,
        Patch::Value(v) => Some(v),
    };
    let roles = patch
        .roles
        .clone()
        .unwrap_or_else(|| serde_json::from_str(&current.roles).unwrap_or_default());
    check_assignment(w.db(), ctx, unit_id, &roles, &mut issues).await?;
    if let Some(p) = &patch.password {
        check_password(p, &mut issues);
    }
    if !issues.is_empty() {
        return Err(ApiError::validation(issues));
    }
    // The content is judged before the precondition: a bad body is 422 whatever its If-Match.
    if_match.check(current.version)?;
    let mut active: users::ActiveModel = current.clone().into();
    active.full_name = Set(full_name.clone());
    active.search_key = Set(text::fold(&format!("{} {}", current.username, full_name)));
    active.unit_id = Set(unit_id);
    active.roles = Set(json!(normal(roles)).to_string());
    match patch.official_id {
        Patch::Absent => {}
        Patch::Null => active.official_id = Set(None),
        Patch::Value(v) => active.official_id = Set(Some(v)),
    }
    let password_changed = new_hash.is_some();
    if let Some(hash) = new_hash {
        active.password_hash = Set(hash);
        // Every other sign-in ends at once; changing one's own password keeps this one.
        let keep = ctx.session.filter(|_| ctx.principal.id == id);
        sessions::revoke_all_of(&w, id, keep).await?;
    }
    let saved = save_versioned::<users::Entity>(&w, active, id, current.version).await?;
    let mut changes = audit::diff(Some(&to_out(current)), Some(&to_out(saved.clone())));
    if password_changed && let Some(map) = changes.as_object_mut() {
        map.insert("password".into(), json!({"before": "***", "after": "***"}));
    }
    let event = Event {
        resource_type: "user",
        resource_id: Some(id),
        unit_id: saved.unit_id,
        action: "update",
        changes,
    };
    let journaled = w.journal(event).await?;
    w.commit(journaled).await?;
    Ok(saved)
}

/// Activates (`true`) or deactivates (`false`) a user; deactivation signs them out everywhere.
pub async fn set_active(
    db: &DatabaseConnection,
    ctx: &Ctx,
    id: Uuid,
    if_match: &IfMatch,
    active_now: bool,
) -> Result<users::Model, ApiError> {
    let w = Write::begin(db, ctx).await?;
    let current = get(w.db(), &ctx.scope, id).await?;
    if_match.check(current.version)?;
    check_may_manage(ctx, &current)?;
    if current.active == active_now {
        let (action, other) = if active_now {
            ("activate", "deactivate")
        } else {
            ("deactivate", "activate")
        };
        return Err(ApiError::new(ErrorKind::InvalidTransition)
            .with_detail(
                format!("Không thể '{action}' ở trạng thái hiện tại."),
                format!("'{action}' is not allowed in the current state."),
            )
            .with_allowed_actions(vec![other.to_owned()]));
    }
    if !active_now && id == ctx.principal.id {
        return Err(ApiError::new(ErrorKind::Forbidden).with_detail(
            "Không thể tự khóa tài khoản của mình.",
            "You cannot deactivate yourself.",
        ));
    }
    let mut active: users::ActiveModel = current.clone().into();
    active.active = Set(active_now);
    if !active_now {
        sessions::revoke_all_of(&w, id, None).await?;
    }
    let saved = save_versioned::<users::Entity>(&w, active, id, current.version).await?;
    let changes = audit::diff(Some(&to_out(current)), Some(&to_out(saved.clone())));
    let action = if active_now { "activate" } else { "deactivate" };
    let journaled = w
        .journal(Event {
            resource_type: "user",
            resource_id: Some(id),
            unit_id: saved.unit_id,
            action,
            changes,
        })
        .await?;
    w.commit(journaled).await?;
    Ok(saved)
}
