//! Administrative units: the rules of the tree (who may be whose parent, validity periods,
//! successors) and the scoped queries every handler goes through.

use cchc_sdk::types::units::{UnitIn, UnitLevel, UnitListQuery, UnitOut, UnitPatch};
use chrono::NaiveDate;
use sea_orm::sea_query::LikeExpr;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseConnection,
    EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect,
};
use uuid::Uuid;

use crate::auth::{Ctx, Scope};
use crate::domain::audit::{self, Event};
use crate::domain::text;
use crate::domain::versioned::save_versioned;
use crate::domain::write::{Journaled, Write};
use crate::entity::units;
use crate::error::{ApiError, ErrorKind, FieldIssue, Text};
use crate::domain::precondition::IfMatch;
use crate::domain::page::PageRequest;
use cchc_sdk::types::common::{Page, Patch};

const MAX_SUCCESSORS: usize = 20;

/// The fields of a unit after normalisation, as checked before any write.
#[derive(Debug, Clone)]
struct Draft {
    code: String,
    name: String,
    level: UnitLevel,
    parent_id: Option<Uuid>,
    valid_from: Option<NaiveDate>,
    valid_to: Option<NaiveDate>,
    successor_ids: Vec<Uuid>,
}

impl Draft {
    fn from_in(input: UnitIn) -> Self {
        Draft {
            code: input.code.trim().to_owned(),
            name: text::normalize(&input.name),
            level: input.level,
            parent_id: input.parent_id,
            valid_from: input.valid_from,
            valid_to: input.valid_to,
            successor_ids: input.successor_ids,
        }
    }

    fn from_model(m: &units::Model) -> Result<Self, ApiError> {
        Ok(Draft {
            code: m.code.clone(),
            name: m.name.clone(),
            level: parse_level(&m.level)?,
            parent_id: m.parent_id,
            valid_from: m.valid_from,
            valid_to: m.valid_to,
            successor_ids: successors_of(m),
        })
    }

    fn apply(&mut self, patch: UnitPatch) {
        if let Some(code) = patch.code {
            self.code = code.trim().to_owned();
        }
        if let Some(name) = patch.name {
            self.name = text::normalize(&name);
        }
        apply_patch(&mut self.parent_id, patch.parent_id);
        apply_patch(&mut self.valid_from, patch.valid_from);
        apply_patch(&mut self.valid_to, patch.valid_to);
        if let Some(ids) = patch.successor_ids {
            self.successor_ids = ids;
        }
    }

    fn search_key(&self) -> String {
        text::fold(&format!("{} {}", self.name, self.code))
    }

    /// The rules that need no database.
    fn check_fields(&self, id: Option<Uuid>) -> Vec<FieldIssue> {
        let mut issues = Vec::new();
        if self.code.is_empty() {
            issues.push(FieldIssue::required("code"));
        } else if self.code.chars().count() > 32 {
            issues.push(FieldIssue::too_long("code", 32));
        } else if !self
            .code
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-'))
        {
            issues.push(FieldIssue::new(
                "code",
                "invalid_format",
                Text::new("Chỉ gồm chữ, số và . _ -", "Only letters, digits and . _ -"),
            ));
        }
        if self.name.is_empty() {
            issues.push(FieldIssue::required("name"));
        } else if self.name.chars().count() > 200 {
            issues.push(FieldIssue::too_long("name", 200));
        }
        match (self.level, self.parent_id) {
            (UnitLevel::Province, Some(_)) => issues.push(FieldIssue::new(
                "parent_id",
                "not_allowed",
                Text::new(
                    "Tỉnh không có đơn vị cấp trên.",
                    "A province has no parent unit.",
                ),
            )),
            (UnitLevel::District | UnitLevel::Commune, None) => issues.push(FieldIssue::new(
                "parent_id",
                "required",
                Text::new(
                    "Huyện và xã phải có đơn vị cấp trên.",
                    "A district or commune needs a parent unit.",
                ),
            )),
            _ => {}
        }
        if id.is_some() && self.parent_id == id {
            issues.push(FieldIssue::new(
                "parent_id",
                "cycle",
                Text::new(
                    "Đơn vị không thể là cấp trên của chính nó.",
                    "A unit cannot be its own parent.",
                ),
            ));
        }
        if let (Some(from), Some(to)) = (self.valid_from, self.valid_to)
            && to < from
        {
            issues.push(FieldIssue::new(
                "valid_to",
                "out_of_range",
                Text::new(
                    "Ngày kết thúc phải sau ngày bắt đầu.",
                    "Must not be before valid_from.",
                ),
            ));
        }
        if self.successor_ids.len() > MAX_SUCCESSORS {
            issues.push(FieldIssue::new(
                "successor_ids",
                "too_many",
                Text::new(
                    format!("Tối đa {MAX_SUCCESSORS} đơn vị."),
                    format!("At most {MAX_SUCCESSORS} units."),
                ),
            ));
        }
        for (i, sid) in self.successor_ids.iter().enumerate() {
            if Some(*sid) == id || self.successor_ids[..i].contains(sid) {
                issues.push(FieldIssue::new(
                    format!("successor_ids[{i}]"),
                    "invalid_value",
                    Text::new(
                        "Trùng lặp hoặc là chính đơn vị này.",
                        "Duplicate, or the unit itself.",
                    ),
                ));
            }
        }
        issues
    }

    /// All rules, including those that read other units.
    async fn check(
        &self,
        db: &impl ConnectionTrait,
        scope: &Scope,
        id: Option<Uuid>,
    ) -> Result<(), ApiError> {
        let mut issues = self.check_fields(id);
        if let Some(parent_id) = self.parent_id.filter(|p| Some(*p) != id) {
            match find_visible(db, scope, parent_id).await? {
                None => issues.push(FieldIssue::unknown_reference("parent_id")),
                Some(parent) if parent.archived_at.is_some() => issues.push(FieldIssue::new(
                    "parent_id",
                    "archived",
                    Text::new(
                        "Đơn vị cấp trên đã lưu trữ.",
                        "The parent unit is archived.",
                    ),
                )),
                Some(parent) => {
                    let parent_level = parse_level(&parent.level)?;
                    if !may_parent(parent_level, self.level) {
                        issues.push(FieldIssue::new(
                            "parent_id",
                            "invalid_level",
                            Text::new(
                                format!(
                                    "Đơn vị cấp {} không thể trực thuộc cấp {}.",
                                    self.level.as_str(),
                                    parent.level
                                ),
                                format!(
                                    "A {} cannot sit under a {}.",
                                    self.level.as_str(),
                                    parent.level
                                ),
                            ),
                        ));
                    }
                }
            }
        }
        for (i, sid) in self.successor_ids.iter().enumerate() {
            if Some(*sid) != id && find_visible(db, scope, *sid).await?.is_none() {
                issues.push(FieldIssue::unknown_reference(format!("successor_ids[{i}]")));
            }
        }
        if issues.is_empty() {
            Ok(())
        } else {
            Err(ApiError::validation(issues))
        }
    }
}

/// Which level may hang under which: districts under provinces; communes under districts,
/// or straight under provinces since the 2025 reorganisation.
pub fn may_parent(parent: UnitLevel, child: UnitLevel) -> bool {
    matches!(
        (parent, child),
        (
            UnitLevel::Province,
            UnitLevel::District | UnitLevel::Commune
        ) | (UnitLevel::District, UnitLevel::Commune)
    )
}

fn apply_patch<T>(field: &mut Option<T>, patch: Patch<T>) {
    match patch {
        Patch::Absent => {}
        Patch::Null => *field = None,
        Patch::Value(v) => *field = Some(v),
    }
}

/// The stored level as the wire enum.
pub fn parse_level(level: &str) -> Result<UnitLevel, ApiError> {
    match level {
        "province" => Ok(UnitLevel::Province),
        "district" => Ok(UnitLevel::District),
        "commune" => Ok(UnitLevel::Commune),
        other => Err(ApiError::internal(format!(
            "unknown unit level '{other}' in the database"
        ))),
    }
}

/// The wire form of a stored unit.
pub fn to_out(m: units::Model) -> UnitOut {
    UnitOut {
        successor_ids: successors_of(&m),
        level: parse_level(&m.level).unwrap_or(UnitLevel::Commune),
        id: m.id,
        code: m.code,
        name: m.name,
        parent_id: m.parent_id,
        valid_from: m.valid_from,
        valid_to: m.valid_to,
        archived: m.archived_at.is_some(),
        created_at: m.created_at,
        updated_at: m.updated_at,
        version: m.version,
    }
}

/// Journals a change of a unit (inside the caller's transaction).
async fn journal(
    w: &Write,
    action: &str,
    before: Option<&units::Model>,
    after: &units::Model,
) -> Result<Journaled, ApiError> {
    let changes = audit::diff(
        before.cloned().map(to_out).as_ref(),
        Some(&to_out(after.clone())),
    );
    let event = Event {
        resource_type: "unit",
        resource_id: Some(after.id),
        unit_id: Some(after.id),
        action,
        changes,
    };
    w.journal(event).await
}

/// The stored successor ids.
pub fn successors_of(m: &units::Model) -> Vec<Uuid> {
    serde_json::from_value(m.successor_ids.clone()).unwrap_or_default()
}

/// A unit the scope can see (archived ones included), or `None`.
pub async fn find_visible(
    db: &impl ConnectionTrait,
    scope: &Scope,
    id: Uuid,
) -> Result<Option<units::Model>, ApiError> {
    Ok(crate::domain::scoped::scoped::<units::Entity>(scope)
        .filter(units::Column::Id.eq(id))
        .one(db)
        .await?)
}

/// A unit the scope can see, or 404 exactly as for a missing id.
pub async fn get(
    db: &impl ConnectionTrait,
    scope: &Scope,
    id: Uuid,
) -> Result<units::Model, ApiError> {
    find_visible(db, scope, id)
        .await?
        .ok_or_else(ApiError::not_found)
}

/// One page of the units the scope sees, filtered, in creation order.
pub async fn list(
    db: &DatabaseConnection,
    scope: &Scope,
    query: &UnitListQuery,
    page: &PageRequest,
) -> Result<Page<units::Model>, ApiError> {
    let mut select = crate::domain::scoped::scoped::<units::Entity>(scope);
    if let Some(level) = query.level {
        select = select.filter(units::Column::Level.eq(level.as_str()));
    }
    if let Some(parent_id) = query.parent_id {
        select = select.filter(units::Column::ParentId.eq(parent_id));
    }
    if let Some(q) = query.q.as_deref().filter(|q| !q.trim().is_empty()) {
        text::check_query(q)?;
        select = select.filter(
            units::Column::SearchKey.like(LikeExpr::new(text::contains_pattern(q)).escape('\\')),
        );
    }
    if !query.include_archived.unwrap_or(false) {
        select = select.filter(units::Column::ArchivedAt.is_null());
    }
    if let Some(after) = &page.after {
        select = select.filter(units::Column::Id.gt(*after));
    }
    let rows = select
        .order_by_asc(units::Column::Id)
        .limit(page.fetch())
        .all(db)
        .await?;
    Ok(page.finish(rows, |u| u.id))
}

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
        level: Set(draft.level.as_str().to_owned()),
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn communes_hang_under_districts_or_provinces_only() {
        assert!(may_parent(UnitLevel::District, UnitLevel::Commune));
        assert!(may_parent(UnitLevel::Province, UnitLevel::Commune));
        assert!(!may_parent(UnitLevel::Commune, UnitLevel::Commune));
        assert!(!may_parent(UnitLevel::Commune, UnitLevel::District));
    }

    #[test]
    fn field_rules_name_each_field() {
        let draft = Draft {
            code: "bad code".into(),
            name: String::new(),
            level: UnitLevel::Province,
            parent_id: Some(Uuid::now_v7()),
            valid_from: NaiveDate::from_ymd_opt(2025, 1, 1),
            valid_to: NaiveDate::from_ymd_opt(2024, 1, 1),
            successor_ids: vec![],
        };
        let fields: Vec<String> = draft
            .check_fields(None)
            .into_iter()
            .map(|i| i.field)
            .collect();
        assert_eq!(fields, ["code", "name", "parent_id", "valid_to"]);
    }
}
