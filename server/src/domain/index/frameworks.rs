//! Frameworks: the criteria of a year's index as data. A draft can change (metadata, the
//! whole tree, or the tree as a CSV sheet); `publish` freezes it; `copy` starts next year's
//! from it.

use cchc_sdk::types::common::Page;
use cchc_sdk::types::index::{
    Band, CopyFramework, CriterionIn, CriterionOut, FrameworkIn, FrameworkLevel,
    FrameworkListQuery, FrameworkOut, FrameworkPatch, FrameworkStatus, Method, PortalRule,
    Threshold,
};
use cchc_sdk::types::portal::PortalMetric;
use chrono::Utc;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseConnection,
    EntityTrait, QueryFilter, QueryOrder, QuerySelect,
};
use serde_json::json;
use uuid::Uuid;

use super::scoring::{self, Tree, from_centi, node_id, to_centi};
use super::{enum_str, journal, parse_enum};
use crate::auth::{Ctx, Permission};
use crate::domain::versioned::save_versioned;
use crate::domain::{text, units};
use crate::entity::index_frameworks;
use crate::error::{ApiError, ErrorKind, FieldIssue, Text};
use crate::http::etag::IfMatch;
use crate::http::pagination::PageRequest;

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
    let txn = crate::db::write_txn(db).await?;
    check_issuer(&txn, ctx, input.issuer_unit_id).await?;
    let id = Uuid::now_v7();
    let checked = check_all(id, &input)?;
    let now = Utc::now();
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
    .insert(&txn)
    .await?;
    let changes = json!({"name": {"before": null, "after": row.name}, "year": {"before": null, "after": row.year}});
    journal(
        &txn,
        ctx,
        "index_framework",
        row.id,
        row.issuer_unit_id,
        "create",
        changes,
    )
    .await?;
    txn.commit().await?;
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
    let txn = crate::db::write_txn(db).await?;
    let current = get(&txn, id).await?;
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
    let saved = save(&txn, ctx, &current, &input, "update").await?;
    txn.commit().await?;
    Ok(saved)
}

async fn save(
    db: &impl ConnectionTrait,
    ctx: &Ctx,
    current: &index_frameworks::Model,
    input: &FrameworkIn,
    action: &'static str,
) -> Result<index_frameworks::Model, ApiError> {
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
        save_versioned::<index_frameworks::Entity>(db, active, current.id, current.version).await?;
    let changes = json!({
        "name": {"before": current.name, "after": saved.name},
        "max_points": {"before": from_centi(current.max_points_c), "after": from_centi(saved.max_points_c)},
        "tree_changed": current.tree != saved.tree,
    });
    journal(
        db,
        ctx,
        "index_framework",
        saved.id,
        saved.issuer_unit_id,
        action,
        changes,
    )
    .await?;
    Ok(saved)
}

/// Replaces a draft's tree (the sheet import).
pub async fn replace_tree(
    db: &DatabaseConnection,
    ctx: &Ctx,
    id: Uuid,
    if_match: &IfMatch,
    areas: Vec<CriterionIn>,
) -> Result<index_frameworks::Model, ApiError> {
    let txn = crate::db::write_txn(db).await?;
    let current = get(&txn, id).await?;
    may_write(ctx, &current)?;
    frozen(&current)?;
    if_match.check(current.version)?;
    let mut input = export(&current)?;
    input.areas = areas;
    let saved = save(&txn, ctx, &current, &input, "import_criteria").await?;
    txn.commit().await?;
    Ok(saved)
}

/// Publishes a draft: frozen from now on.
pub async fn publish(
    db: &DatabaseConnection,
    ctx: &Ctx,
    id: Uuid,
    if_match: &IfMatch,
) -> Result<index_frameworks::Model, ApiError> {
    let txn = crate::db::write_txn(db).await?;
    let current = get(&txn, id).await?;
    may_write(ctx, &current)?;
    frozen(&current)?;
    if_match.check(current.version)?;
    let mut active: index_frameworks::ActiveModel = current.clone().into();
    active.status = Set(enum_str(&FrameworkStatus::Published));
    active.published_at = Set(Some(Utc::now()));
    let saved =
        save_versioned::<index_frameworks::Entity>(&txn, active, id, current.version).await?;
    let changes = json!({"status": {"before": "draft", "after": "published"}});
    journal(
        &txn,
        ctx,
        "index_framework",
        id,
        saved.issuer_unit_id,
        "publish",
        changes,
    )
    .await?;
    txn.commit().await?;
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

/// The CSV sheet's columns.
pub const CSV_HEADER: [&str; 7] = [
    "code",
    "name",
    "max_points",
    "method",
    "responsible",
    "metric",
    "thresholds",
];

/// The tree as a CSV sheet (one row per node, parents before their children).
pub fn to_csv(areas: &[CriterionIn]) -> Result<Vec<u8>, ApiError> {
    fn rows(nodes: &[CriterionIn], out: &mut csv::Writer<Vec<u8>>) -> Result<(), csv::Error> {
        for n in nodes {
            let rule = n.portal_rule.as_ref();
            let thresholds = rule
                .map(|r| {
                    r.thresholds
                        .iter()
                        .map(|t| format!("{}:{}", t.min_percent, t.points))
                        .collect::<Vec<_>>()
                        .join(";")
                })
                .unwrap_or_default();
            out.write_record([
                n.code.as_str(),
                n.name.as_str(),
                &n.max_points.to_string(),
                &n.method.map(|m| enum_str(&m)).unwrap_or_default(),
                n.responsible.as_deref().unwrap_or_default(),
                &rule.map(|r| enum_str(&r.metric)).unwrap_or_default(),
                &thresholds,
            ])?;
            rows(&n.children, out)?;
        }
        Ok(())
    }
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(CSV_HEADER).map_err(ApiError::internal)?;
    rows(areas, &mut w).map_err(ApiError::internal)?;
    w.into_inner().map_err(ApiError::internal)
}

fn csv_issue(line: usize, column: &str, vi: String, en: String) -> FieldIssue {
    FieldIssue::new(
        format!("line {line}.{column}"),
        "invalid_value",
        Text::new(vi, en),
    )
}

/// Reads a CSV sheet into a tree. Problems name the line (1 is the header) and column.
pub fn from_csv(bytes: &[u8]) -> Result<Vec<CriterionIn>, ApiError> {
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .trim(csv::Trim::All)
        .from_reader(bytes);
    let header: Vec<String> = reader
        .headers()
        .map_err(|e| {
            ApiError::validation(vec![csv_issue(1, "header", e.to_string(), e.to_string())])
        })?
        .iter()
        .map(|h| h.trim_start_matches('\u{feff}').to_ascii_lowercase())
        .collect();
    let col = |name: &str| header.iter().position(|h| h == name);
    let (Some(c_code), Some(c_name), Some(c_max)) = (col("code"), col("name"), col("max_points"))
    else {
        return Err(ApiError::validation(vec![csv_issue(
            1,
            "header",
            "Dòng tiêu đề cần các cột code, name, max_points.".into(),
            "The header needs the columns code, name, max_points.".into(),
        )]));
    };
    let (c_method, c_resp, c_metric, c_thr) = (
        col("method"),
        col("responsible"),
        col("metric"),
        col("thresholds"),
    );
    let mut flat: Vec<(String, CriterionIn)> = Vec::new();
    let mut issues = Vec::new();
    for (i, record) in reader.records().enumerate() {
        let line = i + 2;
        let record = match record {
            Ok(r) => r,
            Err(e) => {
                issues.push(csv_issue(line, "row", e.to_string(), e.to_string()));
                continue;
            }
        };
        if flat.len() >= 2_000 {
            issues.push(csv_issue(
                line,
                "row",
                "Tối đa 2000 dòng.".into(),
                "At most 2,000 rows.".into(),
            ));
            break;
        }
        let cell = |c: Option<usize>| c.and_then(|c| record.get(c)).unwrap_or("").to_owned();
        let code = cell(Some(c_code));
        let max_points = match cell(Some(c_max)).replace(',', ".").parse::<f64>() {
            Ok(v) => v,
            Err(_) => {
                issues.push(csv_issue(
                    line,
                    "max_points",
                    "Không phải số.".into(),
                    "Not a number.".into(),
                ));
                0.0
            }
        };
        let method = match cell(c_method).as_str() {
            "" => None,
            m => match parse_enum::<Method>(m) {
                Ok(m) => Some(m),
                Err(_) => {
                    issues.push(csv_issue(
                        line,
                        "method",
                        "Cách chấm là self_assessed, survey hoặc portal_metric.".into(),
                        "The method is self_assessed, survey or portal_metric.".into(),
                    ));
                    None
                }
            },
        };
        let portal_rule = match cell(c_metric).as_str() {
            "" => None,
            m => match (
                parse_enum::<PortalMetric>(m),
                parse_thresholds(&cell(c_thr)),
            ) {
                (Ok(metric), Some(thresholds)) => Some(PortalRule { metric, thresholds }),
                _ => {
                    issues.push(csv_issue(
                        line,
                        "metric",
                        "Chỉ số hoặc ngưỡng (95:2;80:1) không hợp lệ.".into(),
                        "Unknown metric or bad thresholds (95:2;80:1).".into(),
                    ));
                    None
                }
            },
        };
        let responsible = Some(cell(c_resp)).filter(|r| !r.is_empty());
        let node = CriterionIn {
            code: code.clone(),
            name: cell(Some(c_name)),
            max_points,
            method,
            portal_rule,
            responsible,
            children: Vec::new(),
        };
        flat.push((code, node));
    }
    if !issues.is_empty() {
        return Err(ApiError::validation(issues));
    }
    build_tree(flat)
}

fn parse_thresholds(s: &str) -> Option<Vec<Threshold>> {
    s.split(';')
        .filter(|p| !p.trim().is_empty())
        .map(|p| {
            let (a, b) = p.split_once(':')?;
            Some(Threshold {
                min_percent: a.trim().replace(',', ".").parse().ok()?,
                points: b.trim().replace(',', ".").parse().ok()?,
            })
        })
        .collect::<Option<Vec<_>>>()
        .filter(|v| !v.is_empty())
}

/// Nests rows by their dotted codes: `3.2.1` goes under `3.2`.
fn build_tree(flat: Vec<(String, CriterionIn)>) -> Result<Vec<CriterionIn>, ApiError> {
    fn insert(nodes: &mut [CriterionIn], parent: &str, node: CriterionIn) -> Option<CriterionIn> {
        for n in nodes.iter_mut() {
            if n.code == parent {
                n.children.push(node);
                return None;
            }
            if parent.starts_with(&format!("{}.", n.code)) {
                return insert(&mut n.children, parent, node);
            }
        }
        Some(node)
    }
    let mut roots: Vec<CriterionIn> = Vec::new();
    let mut issues = Vec::new();
    for (i, (code, node)) in flat.into_iter().enumerate() {
        match code.rsplit_once('.') {
            None => roots.push(node),
            Some((parent, _)) => {
                if insert(&mut roots, parent, node).is_some() {
                    issues.push(csv_issue(
                        i + 2,
                        "code",
                        format!("Không có dòng của tiêu chí cấp trên {parent} trước dòng này."),
                        format!("No row for the parent {parent} before this one."),
                    ));
                }
            }
        }
    }
    if issues.is_empty() {
        Ok(roots)
    } else {
        Err(ApiError::validation(issues))
    }
}

/// The level of a stored framework.
pub fn level_of(m: &index_frameworks::Model) -> Result<FrameworkLevel, ApiError> {
    parse_enum(&m.level)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_round_trips_a_tree() -> Result<(), ApiError> {
        let csv = "code,name,max_points,method,responsible,metric,thresholds\n\
                   1,Công tác chỉ đạo,3,,,,\n\
                   1.1,Kế hoạch CCHC,2,self_assessed,VP-TK,,\n\
                   1.2,Tỷ lệ đúng hạn,1,portal_metric,VP-TK,on_time_rate,95:1;80:0.5\n";
        let tree = from_csv(csv.as_bytes())?;
        assert_eq!(tree.len(), 1);
        assert_eq!(tree[0].children.len(), 2);
        let rule = tree[0].children[1].portal_rule.clone();
        assert_eq!(rule.map(|r| r.thresholds.len()), Some(2));
        let back = from_csv(&to_csv(&tree)?)?;
        assert_eq!(back, tree);
        Ok(())
    }

    #[test]
    fn csv_orphans_and_bad_numbers_name_their_line() {
        let csv = "code,name,max_points\n1,A,x\n2.1,B,1\n";
        let fields: Vec<_> = from_csv(csv.as_bytes())
            .err()
            .map(|e| e.errors().iter().map(|e| e.field.clone()).collect())
            .unwrap_or_default();
        assert_eq!(fields, vec!["line 2.max_points"]);
        let csv = "code,name,max_points\n1,A,1\n2.1,B,1\n";
        let field = from_csv(csv.as_bytes())
            .err()
            .and_then(|e| e.errors().first().map(|e| e.field.clone()));
        assert_eq!(field.as_deref(), Some("line 3.code"));
    }
}
