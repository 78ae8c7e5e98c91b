//! Frameworks: the criteria of a year's index as data. A draft can change (metadata, the
//! whole tree, or the tree as a CSV sheet); `publish` freezes it; `copy` starts next year's
//! from it.

use cchc_sdk::types::common::Page;
use cchc_sdk::types::index::{
    Band, CopyFramework, CriterionIn, CriterionOut, FrameworkIn, FrameworkLevel,
    FrameworkListQuery, FrameworkOut, FrameworkPatch, FrameworkStatus,
};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseConnection,
    EntityTrait, QueryFilter, QueryOrder, QuerySelect,
};
use serde_json::json;
use uuid::Uuid;

pub use super::criteria_csv::{from_csv, to_csv};
use super::scoring::{self, Tree, from_centi, node_id, to_centi};
use super::{enum_str, journal, parse_enum};
use crate::auth::{Ctx, Permission};
use crate::domain::versioned::save_versioned;
use crate::domain::write::{Journaled, Write};
use crate::domain::{text, units};
use crate::entity::index_frameworks;
use crate::error::{ApiError, ErrorKind, FieldIssue, Text};
use crate::domain::precondition::IfMatch;
use crate::domain::page::PageRequest;

/// The checked tree of a stored framework.
pub fn tree_of(m: &index_frameworks::Model) -> Result<(Vec<CriterionIn>, Tree), ApiError> {
    let areas: Vec<CriterionIn> = serde_json::from_str(&m.tree).map_err(ApiError::internal)?;
    let tree = scoring::check_tree(m.id, &areas)
        .map_err(|_| ApiError::internal("a stored framework tree no longer checks"))?;
    Ok((areas, tree))
}

/// The bands of a stored framework, highest first.
pub fn bands_of(m: &index_frameworks::Model) -> Result<Vec<Band>, ApiError> {
    serde_json::from_str(&m.bands).map_err(ApiError::internal)
}

fn out_nodes(framework_id: Uuid, nodes: &[CriterionIn]) -> Vec<CriterionOut> {
    nodes
        .iter()
        .enumerate()
        .map(|(i, n)| CriterionOut {
            id: node_id(framework_id, n.code.trim()),
            code: n.code.trim().to_owned(),
            name: n.name.trim().to_owned(),
            max_points: n.max_points,
            order: i as i32 + 1,
            method: n.method,
            portal_rule: n.portal_rule.clone(),
            responsible: n.responsible.clone(),
            children: out_nodes(framework_id, &n.children),
        })
        .collect()
}

/// The API's view of a framework.
pub fn to_out(m: index_frameworks::Model) -> Result<FrameworkOut, ApiError> {
    let (areas, tree) = tree_of(&m)?;
    Ok(FrameworkOut {
        id: m.id,
        issuer_unit_id: m.issuer_unit_id,
        level: parse_enum(&m.level)?,
        year: m.year,
        name: m.name.clone(),
        decision_reference: m.decision_reference.clone(),
        status: parse_enum(&m.status)?,
        self_assessment_deadline: m.self_assessment_deadline,
        max_points: from_centi(m.max_points_c),
        bonus_cap: from_centi(m.bonus_cap_c),
        penalty_cap: from_centi(m.penalty_cap_c),
        bands: bands_of(&m)?,
        item_count: tree.leaves.len() as i32,
        areas: out_nodes(m.id, &areas),
        copied_from_id: m.copied_from_id,
        published_at: m.published_at,
        created_at: m.created_at,
        updated_at: m.updated_at,
        version: m.version,
    })
}

/// The whole framework in the shape `create` takes.
pub fn export(m: &index_frameworks::Model) -> Result<FrameworkIn, ApiError> {
    Ok(FrameworkIn {
        issuer_unit_id: m.issuer_unit_id,
        level: parse_enum(&m.level)?,
        year: m.year,
        name: m.name.clone(),
        decision_reference: m.decision_reference.clone(),
        self_assessment_deadline: m.self_assessment_deadline,
        bonus_cap: from_centi(m.bonus_cap_c),
        penalty_cap: from_centi(m.penalty_cap_c),
        bands: bands_of(m)?,
        areas: tree_of(m)?.0,
    })
}

/// A framework, or 404. Frameworks are public within the installation: every unit reads
/// the criteria it is scored by.
pub async fn get(db: &impl ConnectionTrait, id: Uuid) -> Result<index_frameworks::Model, ApiError> {
    index_frameworks::Entity::find_by_id(id)
        .one(db)
        .await?
        .ok_or_else(ApiError::not_found)
}

/// One page of frameworks.
pub async fn list(
    db: &DatabaseConnection,
    query: &FrameworkListQuery,
    page: &PageRequest,
) -> Result<Page<index_frameworks::Model>, ApiError> {
    let mut select = index_frameworks::Entity::find();
    if let Some(year) = query.year {
        select = select.filter(index_frameworks::Column::Year.eq(year));
    }
    if let Some(level) = query.level {
        select = select.filter(index_frameworks::Column::Level.eq(enum_str(&level)));
    }
    if let Some(status) = query.status {
        select = select.filter(index_frameworks::Column::Status.eq(enum_str(&status)));
    }
    if let Some(after) = page.after {
        select = select.filter(index_frameworks::Column::Id.gt(after));
    }
    let rows = select
        .order_by_asc(index_frameworks::Column::Id)
        .limit(page.fetch())
        .all(db)
        .await?;
    Ok(page.finish(rows, |f| f.id))
}

/// The checked, normalised facts of a framework.
struct Checked {
    name: String,
    decision_reference: Option<String>,
    bonus_cap: i64,
    penalty_cap: i64,
    bands: Vec<Band>,
    tree_json: String,
    max: i64,
}

fn cap(field: &str, value: f64, issues: &mut Vec<FieldIssue>) -> i64 {
    match to_centi(value).filter(|c| *c <= 10_000) {
        Some(c) => c,
        None => {
            issues.push(out_of_range(field, "0–100"));
            0
        }
    }
}

fn out_of_range(field: &str, range: &str) -> FieldIssue {
    FieldIssue::new(
        field,
        "out_of_range",
        Text::new(
            format!("Giá trị phải trong khoảng {range}, tối đa hai chữ số thập phân."),
            format!("Must be within {range}, with at most two decimals."),
        ),
    )
}

fn check_bands(bands: &[Band], issues: &mut Vec<FieldIssue>) -> Vec<Band> {
    let mut out: Vec<Band> = Vec::new();
    for (i, b) in bands.iter().enumerate() {
        let label = text::normalize(&b.label);
        if label.is_empty() {
            issues.push(FieldIssue::required(format!("bands[{i}].label")));
        } else if label.chars().count() > 100 {
            issues.push(FieldIssue::too_long(format!("bands[{i}].label"), 100));
        }
        if to_centi(b.min_percent).is_none_or(|c| c > 10_000) {
            issues.push(out_of_range(&format!("bands[{i}].min_percent"), "0–100"));
        } else if out.iter().any(|o| o.min_percent == b.min_percent) {
            issues.push(FieldIssue::new(
                format!("bands[{i}].min_percent"),
                "duplicate",
                Text::new("Hai mức xếp loại trùng ngưỡng.", "Two bands share a bound."),
            ));
        }
        out.push(Band {
            label,
            min_percent: b.min_percent,
        });
    }
    out.sort_by(|a, b| b.min_percent.total_cmp(&a.min_percent));
    out
}

fn check_name(name: &str, issues: &mut Vec<FieldIssue>) -> String {
    let name = text::normalize(name);
    if name.is_empty() {
        issues.push(FieldIssue::required("name"));
    } else if name.chars().count() > 500 {
        issues.push(FieldIssue::too_long("name", 500));
    }
    name
}

fn check_reference(r: Option<&str>, issues: &mut Vec<FieldIssue>) -> Option<String> {
    let r = r.map(text::normalize).filter(|r| !r.is_empty());
    if r.as_ref().is_some_and(|r| r.chars().count() > 200) {
        issues.push(FieldIssue::too_long("decision_reference", 200));
    }
    r
}

fn check_year(year: i32, issues: &mut Vec<FieldIssue>) {
    if !(2000..=2100).contains(&year) {
        issues.push(out_of_range("year", "2000–2100"));
    }
}

fn check_all(id: Uuid, input: &FrameworkIn) -> Result<Checked, ApiError> {
    let mut issues = Vec::new();
    let name = check_name(&input.name, &mut issues);
    check_year(input.year, &mut issues);
    let decision_reference = check_reference(input.decision_reference.as_deref(), &mut issues);
    let bonus_cap = cap("bonus_cap", input.bonus_cap, &mut issues);
    let penalty_cap = cap("penalty_cap", input.penalty_cap, &mut issues);
    let bands = check_bands(&input.bands, &mut issues);
    let tree = match scoring::check_tree(id, &input.areas) {
        Ok(t) => Some(t),
        Err(mut more) => {
            issues.append(&mut more);
            None
        }
    };
    match tree {
        Some(tree) if issues.is_empty() => Ok(Checked {
            name,
            decision_reference,
            bonus_cap,
            penalty_cap,
            bands,
            tree_json: serde_json::to_string(&normalised(&input.areas))
                .map_err(ApiError::internal)?,
            max: tree.max,
        }),
        _ => Err(ApiError::validation(issues)),
    }
}

/// The tree as stored: trimmed codes and names, NFC text.
fn normalised(nodes: &[CriterionIn]) -> Vec<CriterionIn> {
    nodes
        .iter()
        .map(|n| CriterionIn {
            code: n.code.trim().to_owned(),
            name: text::normalize(&n.name),
            max_points: n.max_points,
            method: n.method,
            portal_rule: n.portal_rule.clone(),
            responsible: n
                .responsible
                .as_deref()
                .map(str::trim)
                .filter(|r| !r.is_empty())
                .map(text::normalize),
            children: normalised(&n.children),
        })
        .collect()
}

async fn check_issuer(db: &impl ConnectionTrait, ctx: &Ctx, unit_id: Uuid) -> Result<(), ApiError> {
    match units::find_visible(db, &ctx.scope, unit_id).await? {
        Some(u) if u.archived_at.is_none() => Ok(()),
        _ => Err(ApiError::validation(vec![FieldIssue::unknown_reference(
            "issuer_unit_id",
        )])),
    }
}

/// Writers of a framework: its issuer's admins (or a system admin).
fn may_write(ctx: &Ctx, m: &index_frameworks::Model) -> Result<(), ApiError> {
    ctx.require(Permission::IndexFrameworksWrite)?;
    if ctx.scope.sees(m.issuer_unit_id) {
        Ok(())
    } else {
        Err(crate::auth::permissions::forbidden(
            Permission::IndexFrameworksWrite,
        ))
    }
}

fn frozen(m: &index_frameworks::Model) -> Result<(), ApiError> {
    if m.status == "draft" {
        return Ok(());
    }
    Err(ApiError::new(ErrorKind::InvalidTransition)
        .with_detail(
            "Bộ chỉ số đã công bố không thể sửa; hãy sao chép để làm bộ mới.",
            "A published framework is frozen; copy it to start a new one.",
        )
        .with_allowed_actions(vec!["copy".into()]))
}

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
        status: Set("draft".into()),
        self_assessment_deadline: Set(input.self_assessment_deadline),
        max_points_c: Set(checked.max),
        bonus_cap_c: Set(checked.bonus_cap),
        penalty_cap_c: Set(checked.penalty_cap),
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
    active.tree = Set(checked.tree_json);
    active.max_points_c = Set(checked.max);
    let saved =
        save_versioned::<index_frameworks::Entity>(w, active, current.id, current.version)
            .await?;
    let changes = json!({
        "name": {"before": current.name, "after": saved.name},
        "max_points": {"before": from_centi(current.max_points_c), "after": from_centi(saved.max_points_c)},
        "tree_changed": current.tree != saved.tree,
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
    let saved =
        save_versioned::<index_frameworks::Entity>(&w, active, id, current.version).await?;
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

/// The level of a stored framework.
pub fn level_of(m: &index_frameworks::Model) -> Result<FrameworkLevel, ApiError> {
    parse_enum(&m.level)
}
