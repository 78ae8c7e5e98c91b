//! Departments of a unit. A name is unique within its unit whatever its case, diacritics
//! or normalisation form ("Văn phòng" and "van phong" are the same department). One that
//! other records refer to is archived, never deleted.

use cchc_sdk::types::common::{Page, Patch};
use cchc_sdk::types::departments::{
    DepartmentIn, DepartmentKind, DepartmentListQuery, DepartmentOut, DepartmentPatch,
};
use chrono::Utc;
use sea_orm::sea_query::LikeExpr;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseConnection,
    EntityTrait, ModelTrait, QueryFilter, QueryOrder, QuerySelect,
};
use uuid::Uuid;

use crate::auth::{Ctx, Scope};
use crate::domain::audit::{self, Event};
use crate::domain::versioned::save_versioned;
use crate::domain::write::{Journaled, Write};
use crate::domain::{text, units};
use crate::entity::{departments, officials};
use crate::error::{ApiError, ErrorKind, FieldIssue, Text};
use crate::domain::precondition::IfMatch;
use crate::domain::page::PageRequest;

/// The usual departments of a commune, created with it when asked.
pub const COMMUNE_TEMPLATE: &[(&str, &str, DepartmentKind)] = &[
    ("Lãnh đạo UBND xã", "LĐ", DepartmentKind::Leadership),
    (
        "Văn phòng - Thống kê",
        "VP-TK",
        DepartmentKind::ProfessionalOffice,
    ),
    (
        "Tài chính - Kế toán",
        "TC-KT",
        DepartmentKind::ProfessionalOffice,
    ),
    (
        "Tư pháp - Hộ tịch",
        "TP-HT",
        DepartmentKind::ProfessionalOffice,
    ),
    (
        "Địa chính - Xây dựng - Nông nghiệp - Môi trường",
        "ĐC-XD",
        DepartmentKind::ProfessionalOffice,
    ),
    (
        "Văn hóa - Xã hội",
        "VH-XH",
        DepartmentKind::ProfessionalOffice,
    ),
    ("Công an xã", "CA", DepartmentKind::Other),
    ("Quân sự xã", "QS", DepartmentKind::Other),
];

fn kind_str(kind: DepartmentKind) -> &'static str {
    match kind {
        DepartmentKind::ProfessionalOffice => "professional_office",
        DepartmentKind::Leadership => "leadership",
        DepartmentKind::MassOrganisation => "mass_organisation",
        DepartmentKind::Other => "other",
        _ => "other",
    }
}

fn parse_kind(kind: &str) -> DepartmentKind {
    match kind {
        "professional_office" => DepartmentKind::ProfessionalOffice,
        "leadership" => DepartmentKind::Leadership,
        "mass_organisation" => DepartmentKind::MassOrganisation,
        _ => DepartmentKind::Other,
    }
}

/// The wire form of a stored department.
pub fn to_out(m: departments::Model) -> DepartmentOut {
    DepartmentOut {
        id: m.id,
        unit_id: m.unit_id,
        name: m.name,
        short_code: m.short_code,
        kind: parse_kind(&m.kind),
        description: m.description,
        head_official_id: m.head_official_id,
        display_order: m.display_order,
        active: m.archived_at.is_none(),
        created_at: m.created_at,
        updated_at: m.updated_at,
        version: m.version,
    }
}

/// The checked fields of a department.
#[derive(Debug, Clone)]
struct Draft {
    unit_id: Uuid,
    name: String,
    short_code: Option<String>,
    kind: DepartmentKind,
    description: Option<String>,
    head_official_id: Option<Uuid>,
    display_order: i32,
}

fn clean(value: Option<String>) -> Option<String> {
    value.map(|v| text::normalize(&v)).filter(|v| !v.is_empty())
}

impl Draft {
    async fn check(&self, db: &impl ConnectionTrait) -> Result<(), ApiError> {
        let mut issues = Vec::new();
        if self.name.is_empty() {
            issues.push(FieldIssue::required("name"));
        } else if self.name.chars().count() > 200 {
            issues.push(FieldIssue::too_long("name", 200));
        }
        if self
            .short_code
            .as_ref()
            .is_some_and(|c| c.chars().count() > 32)
        {
            issues.push(FieldIssue::too_long("short_code", 32));
        }
        if self
            .description
            .as_ref()
            .is_some_and(|c| c.chars().count() > 2000)
        {
            issues.push(FieldIssue::too_long("description", 2000));
        }
        if !(0..=10_000).contains(&self.display_order) {
            issues.push(FieldIssue::new(
                "display_order",
                "out_of_range",
                Text::new("Từ 0 đến 10000.", "Between 0 and 10000."),
            ));
        }
        if let Some(head) = self.head_official_id {
            let found = officials::Entity::find_by_id(head).one(db).await?;
            if found.is_none_or(|o| o.unit_id != self.unit_id) {
                issues.push(FieldIssue::new(
                    "head_official_id",
                    "unknown_reference",
                    Text::new(
                        "Phải là cán bộ của cùng đơn vị.",
                        "Must be an official of the same unit.",
                    ),
                ));
            }
        }
        if issues.is_empty() {
            Ok(())
        } else {
            Err(ApiError::validation(issues))
        }
    }
}

/// A department the caller can see, or 404.
pub async fn get(
    db: &impl ConnectionTrait,
    scope: &Scope,
    id: Uuid,
) -> Result<departments::Model, ApiError> {
    crate::domain::scoped::find::<departments::Entity>(db, scope, id).await
}

/// One page of the departments the caller can see.
pub async fn list(
    db: &DatabaseConnection,
    scope: &Scope,
    query: &DepartmentListQuery,
    page: &PageRequest,
) -> Result<Page<departments::Model>, ApiError> {
    let mut select = crate::domain::scoped::scoped::<departments::Entity>(scope);
    if let Some(unit_id) = query.unit_id {
        select = select.filter(departments::Column::UnitId.eq(unit_id));
    }
    if let Some(kind) = query.kind {
        select = select.filter(departments::Column::Kind.eq(kind_str(kind)));
    }
    match query.active {
        Some(true) => select = select.filter(departments::Column::ArchivedAt.is_null()),
        Some(false) => select = select.filter(departments::Column::ArchivedAt.is_not_null()),
        None => {}
    }
    if let Some(q) = query.q.as_deref().filter(|q| !q.trim().is_empty()) {
        text::check_query(q)?;
        let pattern = LikeExpr::new(text::contains_pattern(q)).escape('\\');
        select = select.filter(departments::Column::NameKey.like(pattern));
    }
    if let Some(after) = page.after {
        select = select.filter(departments::Column::Id.gt(after));
    }
    let rows = select
        .order_by_asc(departments::Column::Id)
        .limit(page.fetch())
        .all(db)
        .await?;
    Ok(page.finish(rows, |d| d.id))
}

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

async fn check_unit(db: &impl ConnectionTrait, ctx: &Ctx, unit_id: Uuid) -> Result<(), ApiError> {
    match units::find_visible(db, &ctx.scope, unit_id).await? {
        Some(u) if u.archived_at.is_none() => Ok(()),
        _ => Err(ApiError::validation(vec![FieldIssue::unknown_reference(
            "unit_id",
        )])),
    }
}

fn draft_row(d: &Draft, now: chrono::DateTime<Utc>) -> departments::ActiveModel {
    departments::ActiveModel {
        id: Set(Uuid::now_v7()),
        unit_id: Set(d.unit_id),
        name: Set(d.name.clone()),
        name_key: Set(text::fold(&d.name)),
        short_code: Set(d.short_code.clone()),
        kind: Set(kind_str(d.kind).to_owned()),
        description: Set(d.description.clone()),
        head_official_id: Set(d.head_official_id),
        display_order: Set(d.display_order),
        archived_at: Set(None),
        created_at: Set(now),
        updated_at: Set(now),
        version: Set(1),
    }
}

/// Inserts a checked department and journals it.
pub async fn insert(
    w: &Write,
    row: departments::ActiveModel,
) -> Result<(departments::Model, Journaled), ApiError> {
    let dept = row.insert(w.db()).await?;
    let changes = audit::diff(None, Some(&to_out(dept.clone())));
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
        kind: patch.kind.unwrap_or_else(|| parse_kind(&current.kind)),
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
    active.kind = Set(kind_str(draft.kind).to_owned());
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
    let changes = audit::diff(Some(&to_out(before.clone())), Some(&to_out(after.clone())));
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
    active.archived_at = Set(archive.then(Utc::now));
    let saved = save_versioned::<departments::Entity>(&w, active, id, current.version).await?;
    let action = if archive { "archive" } else { "restore" };
    let journaled = journal(&w, action, &current, &saved).await?;
    w.commit(journaled).await?;
    Ok(saved)
}

/// What refers to a department: officials in it (and, as they land, tasks, index
/// sub-criteria and awards).
pub async fn references(db: &impl ConnectionTrait, id: Uuid) -> Result<Vec<String>, ApiError> {
    let members: Vec<Uuid> = officials::Entity::find()
        .select_only()
        .column(officials::Column::Id)
        .filter(officials::Column::DepartmentId.eq(id))
        .limit(20)
        .into_tuple()
        .all(db)
        .await?;
    Ok(members
        .into_iter()
        .map(|o| format!("officials/{o}"))
        .collect())
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
    let changes = audit::diff(Some(&to_out(current.clone())), None::<&DepartmentOut>);
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
