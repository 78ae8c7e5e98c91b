//! Officials. Their contact details are personal data (Law 91/2025/QH15): shown only to the
//! admins of their unit and to the official (through the linked user), and never written
//! into the audit journal (a change shows as `***`).

use cchc_sdk::types::auth::Role;
use cchc_sdk::types::common::{Page, Patch};
use cchc_sdk::types::officials::{
    Contact, OfficialIn, OfficialListQuery, OfficialOut, OfficialPatch, OfficialStatus,
};
use sea_orm::sea_query::{Expr, LikeExpr};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseConnection,
    EntityTrait, ModelTrait, QueryFilter, QueryOrder, QuerySelect,
};
use serde_json::json;
use uuid::Uuid;

use crate::auth::{Ctx, Scope};
use crate::domain::audit::{self, Event};
use crate::domain::versioned::save_versioned;
use crate::domain::write::{Journaled, Write};
use crate::domain::{text, units, users as user_rules};
use crate::entity::{departments, officials, users};
use crate::error::{ApiError, ErrorKind, FieldIssue, Text};
use crate::domain::precondition::IfMatch;
use crate::domain::page::PageRequest;

fn status_str(s: OfficialStatus) -> &'static str {
    match s {
        OfficialStatus::Serving => "serving",
        OfficialStatus::Left => "left",
        _ => "serving",
    }
}

/// Whether `ctx` may read the contact details of `m`: a system admin, a unit admin whose
/// scope holds the official's unit, or the official themself.
pub fn may_see_contact(ctx: &Ctx, m: &officials::Model) -> bool {
    let p = &ctx.principal;
    p.is_system_admin()
        || (p.roles.contains(&Role::UnitAdmin) && ctx.scope.sees(m.unit_id))
        || (m.user_id == Some(p.id))
}

/// The wire form, with contact details only when `show_contact`.
pub fn to_out(m: officials::Model, show_contact: bool) -> OfficialOut {
    OfficialOut {
        contact: show_contact.then(|| Contact {
            email: m.email.clone(),
            phone: m.phone.clone(),
        }),
        status: if m.status == "left" {
            OfficialStatus::Left
        } else {
            OfficialStatus::Serving
        },
        id: m.id,
        unit_id: m.unit_id,
        full_name: m.full_name,
        position: m.position,
        department_id: m.department_id,
        user_id: m.user_id,
        created_at: m.created_at,
        updated_at: m.updated_at,
        version: m.version,
    }
}

/// The wire form for `ctx`.
pub fn out_for(ctx: &Ctx, m: officials::Model) -> OfficialOut {
    let show = may_see_contact(ctx, &m);
    to_out(m, show)
}

/// The journal's view: contact details never, a change of them as `***`.
fn journal_changes(
    before: Option<&officials::Model>,
    after: Option<&officials::Model>,
) -> serde_json::Value {
    let mut changes = audit::diff(
        before.cloned().map(|m| to_out(m, false)).as_ref(),
        after.cloned().map(|m| to_out(m, false)).as_ref(),
    );
    let contact = |m: Option<&officials::Model>| m.map(|m| (m.email.clone(), m.phone.clone()));
    if contact(before) != contact(after)
        && let Some(map) = changes.as_object_mut()
    {
        map.insert("contact".into(), json!({"before": "***", "after": "***"}));
    }
    changes
}

#[derive(Debug, Clone)]
struct Draft {
    unit_id: Uuid,
    full_name: String,
    position: String,
    department_id: Option<Uuid>,
    email: Option<String>,
    phone: Option<String>,
    status: OfficialStatus,
    user_id: Option<Uuid>,
}

fn clean(value: Option<String>) -> Option<String> {
    value.map(|v| v.trim().to_owned()).filter(|v| !v.is_empty())
}

impl Draft {
    async fn check(
        &self,
        db: &impl ConnectionTrait,
        ctx: &Ctx,
        id: Option<Uuid>,
    ) -> Result<(), ApiError> {
        let mut issues = Vec::new();
        for (field, value) in [("full_name", &self.full_name), ("position", &self.position)] {
            if value.is_empty() {
                issues.push(FieldIssue::required(field));
            } else if value.chars().count() > 200 {
                issues.push(FieldIssue::too_long(field, 200));
            }
        }
        if let Some(email) = &self.email {
            let (local, domain) = email.split_once('@').unwrap_or(("", ""));
            if email.len() > 254
                || local.is_empty()
                || !domain.contains('.')
                || email.contains(char::is_whitespace)
            {
                issues.push(FieldIssue::new(
                    "email",
                    "invalid_format",
                    Text::new("Địa chỉ thư không hợp lệ.", "Not an e-mail address."),
                ));
            }
        }
        if let Some(phone) = &self.phone {
            let digits = phone.chars().filter(char::is_ascii_digit).count();
            let allowed = phone
                .chars()
                .all(|c| c.is_ascii_digit() || matches!(c, '+' | ' ' | '.' | '-' | '(' | ')'));
            if !allowed || !(8..=15).contains(&digits) || phone.len() > 20 {
                issues.push(FieldIssue::new(
                    "phone",
                    "invalid_format",
                    Text::new("Số điện thoại không hợp lệ.", "Not a phone number."),
                ));
            }
        }
        if let Some(dept) = self.department_id {
            let found = departments::Entity::find_by_id(dept).one(db).await?;
            if found.is_none_or(|d| d.unit_id != self.unit_id) {
                issues.push(FieldIssue::new(
                    "department_id",
                    "unknown_reference",
                    Text::new(
                        "Phải là bộ phận của cùng đơn vị.",
                        "Must be a department of the same unit.",
                    ),
                ));
            }
        }
        if let Some(user_id) = self.user_id {
            if user_rules::get(db, &ctx.scope, user_id).await.is_err() {
                issues.push(FieldIssue::unknown_reference("user_id"));
            } else {
                let taken = officials::Entity::find()
                    .filter(officials::Column::UserId.eq(user_id))
                    .one(db)
                    .await?
                    .is_some_and(|o| Some(o.id) != id);
                if taken {
                    issues.push(FieldIssue::new(
                        "user_id",
                        "already_exists",
                        Text::new(
                            "Tài khoản này đã gắn với cán bộ khác.",
                            "This account is linked to another official.",
                        ),
                    ));
                }
            }
        }
        if issues.is_empty() {
            Ok(())
        } else {
            Err(ApiError::validation(issues))
        }
    }

    fn apply(&self, active: &mut officials::ActiveModel) {
        active.unit_id = Set(self.unit_id);
        active.full_name = Set(self.full_name.clone());
        active.search_key = Set(text::fold(&format!("{} {}", self.full_name, self.position)));
        active.position = Set(self.position.clone());
        active.department_id = Set(self.department_id);
        active.email = Set(self.email.clone());
        active.phone = Set(self.phone.clone());
        active.status = Set(status_str(self.status).to_owned());
        active.user_id = Set(self.user_id);
    }
}

/// An official the caller can see, or 404.
pub async fn get(
    db: &impl ConnectionTrait,
    scope: &Scope,
    id: Uuid,
) -> Result<officials::Model, ApiError> {
    crate::domain::scoped::find::<officials::Entity>(db, scope, id).await
}

/// One page of the officials the caller can see.
pub async fn list(
    db: &DatabaseConnection,
    scope: &Scope,
    query: &OfficialListQuery,
    page: &PageRequest,
) -> Result<Page<officials::Model>, ApiError> {
    let mut select = crate::domain::scoped::scoped::<officials::Entity>(scope);
    if let Some(unit_id) = query.unit_id {
        select = select.filter(officials::Column::UnitId.eq(unit_id));
    }
    if let Some(dept) = query.department_id {
        select = select.filter(officials::Column::DepartmentId.eq(dept));
    }
    if let Some(status) = query.status {
        select = select.filter(officials::Column::Status.eq(status_str(status)));
    }
    if let Some(q) = query.q.as_deref().filter(|q| !q.trim().is_empty()) {
        text::check_query(q)?;
        select = select.filter(
            officials::Column::SearchKey
                .like(LikeExpr::new(text::contains_pattern(q)).escape('\\')),
        );
    }
    if let Some(after) = page.after {
        select = select.filter(officials::Column::Id.gt(after));
    }
    let rows = select
        .order_by_asc(officials::Column::Id)
        .limit(page.fetch())
        .all(db)
        .await?;
    Ok(page.finish(rows, |o| o.id))
}

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

fn draft_to_in(d: &Draft) -> OfficialIn {
    OfficialIn {
        unit_id: d.unit_id,
        full_name: d.full_name.clone(),
        position: d.position.clone(),
        department_id: d.department_id,
        email: d.email.clone(),
        phone: d.phone.clone(),
        status: d.status,
        user_id: d.user_id,
    }
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
        changes: journal_changes(None, Some(&official)),
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
        status: patch.status.unwrap_or(if current.status == "left" {
            OfficialStatus::Left
        } else {
            OfficialStatus::Serving
        }),
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
        changes: journal_changes(Some(&current), Some(&saved)),
    };
    let journaled = w.journal(event).await?;
    w.commit(journaled).await?;
    Ok(saved)
}

/// What refers to an official: departments it heads (and, as they land, tasks and awards).
pub async fn references(db: &impl ConnectionTrait, id: Uuid) -> Result<Vec<String>, ApiError> {
    let headed: Vec<Uuid> = departments::Entity::find()
        .select_only()
        .column(departments::Column::Id)
        .filter(departments::Column::HeadOfficialId.eq(id))
        .into_tuple()
        .all(db)
        .await?;
    Ok(headed
        .into_iter()
        .map(|d| format!("departments/{d}"))
        .collect())
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
        changes: journal_changes(Some(&current), None),
    };
    let journaled = w.journal(event).await?;
    current.delete(w.db()).await?;
    w.commit(journaled).await?;
    Ok(())
}
