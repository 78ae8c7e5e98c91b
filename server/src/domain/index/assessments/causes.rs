//! Causes and proposed solutions of lost items (the seed's V.3): the department responsible
//! for an item writes why its points were lost and what it proposes; the unit's admins may
//! write them too. The evaluation report of the conference pack quotes them.

use cchc_sdk::types::index::{CauseIn, CauseOut};
use sea_orm::{ActiveModelTrait, ActiveValue::Set, ConnectionTrait, DatabaseConnection};
use serde_json::json;
use uuid::Uuid;

use super::change::record;
use super::{Sheet, get, responsible_departments};
use crate::auth::{Ctx, Permission, Scope};
use crate::domain::index::analysis::losses;
use crate::domain::index::scoring::from_centi;
use crate::domain::precondition::IfMatch;
use crate::domain::text;
use crate::domain::write::Write;
use crate::entity::index_assessment_items as items;
use crate::error::{ApiError, ErrorKind, FieldIssue, Text};

/// Longest cause or solution, in characters.
const MAX_CHARS: usize = 4000;

/// Records the cause and proposed solution of lost item `code` of assessment `id`.
///
/// Who: an admin of the unit's scope (`IndexSelfAssess`), or a department officer of the
/// item's responsible department. Errors: 404 (no such assessment in scope, or no such
/// item), 403 (an officer of another department, or a role that may not), 422 `not_lost`
/// (the item lost no points) or a field rule, 412 (stale `If-Match`).
pub async fn set_cause(
    db: &DatabaseConnection,
    ctx: &Ctx,
    id: Uuid,
    code: &str,
    if_match: &IfMatch,
    body: CauseIn,
) -> Result<CauseOut, ApiError> {
    let cause = text::normalize(&body.cause);
    let solution = text::normalize(&body.solution);
    let mut issues = Vec::new();
    if cause.is_empty() {
        issues.push(FieldIssue::required("cause"));
    }
    for (field, value) in [("cause", &cause), ("solution", &solution)] {
        if value.chars().count() > MAX_CHARS {
            issues.push(FieldIssue::too_long(field, MAX_CHARS));
        }
    }
    if !issues.is_empty() {
        return Err(ApiError::validation(issues));
    }
    let w = Write::begin(db, ctx).await?;
    let a = get(w.db(), &ctx.scope, id).await?;
    let sheet = Sheet::load(w.db(), a.clone()).await?;
    let code = code.trim();
    let Some(row) = sheet.items.get(code).cloned() else {
        return Err(ApiError::new(ErrorKind::NotFound).with_detail(
            format!("Phiếu chấm không có tiêu chí «{code}»."),
            format!("The score sheet has no item \"{code}\"."),
        ));
    };
    let responsible = responsible_departments(w.db(), &sheet).await?;
    let department = responsible.get(code).map(|d| d.id);
    may_write(w.db(), ctx, department).await?;
    if_match.check(a.version)?;
    let lost = losses(&sheet)
        .into_iter()
        .find(|l| l.leaf.code == code)
        .map(|l| (l.leaf.name.clone(), l.lost));
    let Some((name, lost)) = lost else {
        return Err(ApiError::validation(vec![FieldIssue::new(
            "code",
            "not_lost",
            Text::new(
                "Tiêu chí này không bị mất điểm: không có nguyên nhân để phân tích.",
                "This item lost no points: there is no cause to analyse.",
            ),
        )]));
    };
    let mut active: items::ActiveModel = row.into();
    active.cause = Set(Some(cause.clone()));
    active.solution = Set(Some(solution.clone()));
    active.cause_at = Set(Some(w.now()));
    active.updated_at = Set(w.now());
    active.update(w.db()).await?;
    let changes = json!({"code": code, "cause": cause, "solution": solution});
    let (_, journaled) = record(&w, &a, "set_cause", changes, |_| {}).await?;
    let updated_at = w.now();
    w.commit(journaled).await?;
    Ok(CauseOut {
        assessment_id: a.id,
        code: code.to_owned(),
        name,
        lost_points: from_centi(lost),
        department_id: department,
        cause,
        solution,
        updated_at,
    })
}

/// 403 unless the caller is an admin of the scope or an officer of `department`.
async fn may_write(
    db: &impl ConnectionTrait,
    ctx: &Ctx,
    department: Option<Uuid>,
) -> Result<(), ApiError> {
    if ctx.can(Permission::IndexSelfAssess) {
        return Ok(());
    }
    let mine = crate::domain::tasks::officer_departments(db, ctx).await?;
    if department.is_some_and(|d| mine.contains(&d)) {
        return Ok(());
    }
    Err(ApiError::new(ErrorKind::Forbidden).with_detail(
        "Chỉ bộ phận phụ trách tiêu chí (hoặc quản trị đơn vị) mới ghi nguyên nhân, giải pháp.",
        "Only the item's responsible department (or the unit's admin) writes its cause.",
    ))
}

/// The causes written for an assessment's lost items, most lost first (read through the
/// scoped loader: 404 outside the caller's scope).
pub async fn for_assessment(
    db: &impl ConnectionTrait,
    scope: &Scope,
    id: Uuid,
) -> Result<Vec<CauseOut>, ApiError> {
    let a = get(db, scope, id).await?;
    let sheet = Sheet::load(db, a).await?;
    let responsible = responsible_departments(db, &sheet).await?;
    Ok(losses(&sheet)
        .into_iter()
        .filter_map(|l| {
            let row = sheet.items.get(&l.leaf.code)?;
            Some(CauseOut {
                assessment_id: sheet.assessment.id,
                code: l.leaf.code.clone(),
                name: l.leaf.name.clone(),
                lost_points: from_centi(l.lost),
                department_id: responsible.get(&l.leaf.code).map(|d| d.id),
                cause: row.cause.clone()?,
                solution: row.solution.clone().unwrap_or_default(),
                updated_at: row.cause_at?,
            })
        })
        .collect())
}
