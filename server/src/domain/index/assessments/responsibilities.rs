//! The unit's own department responsible for each item (read by the analysis).

use cchc_sdk::types::index::ResponsibilitiesIn;
use sea_orm::{ActiveModelTrait, ActiveValue::Set, DatabaseConnection, EntityTrait};
use serde_json::json;
use uuid::Uuid;

use super::change::record;
use super::{Sheet, get};
use crate::auth::{Ctx, Permission};
use crate::domain::precondition::IfMatch;
use crate::domain::write::Write;
use crate::entity::{departments, index_assessment_items as items, index_assessments};
use crate::error::{ApiError, FieldIssue};

/// Sets the unit's own department for chosen items (any time: the analysis uses it).
pub async fn set_responsibilities(
    db: &DatabaseConnection,
    ctx: &Ctx,
    id: Uuid,
    if_match: &IfMatch,
    body: ResponsibilitiesIn,
) -> Result<index_assessments::Model, ApiError> {
    ctx.require(Permission::IndexSelfAssess)?;
    let w = Write::begin(db, ctx).await?;
    let a = get(w.db(), &ctx.scope, id).await?;
    if_match.check(a.version)?;
    let sheet = Sheet::load(w.db(), a.clone()).await?;
    let mut issues = Vec::new();
    let mut updates = Vec::new();
    for (i, input) in body.items.iter().enumerate() {
        let Some(row) = sheet.items.get(input.code.trim()) else {
            issues.push(FieldIssue::unknown_reference(format!("items[{i}].code")));
            continue;
        };
        if let Some(dept) = input.department_id {
            let ok = departments::Entity::find_by_id(dept)
                .one(w.db())
                .await?
                .is_some_and(|d| d.unit_id == a.unit_id && d.archived_at.is_none());
            if !ok {
                issues.push(FieldIssue::unknown_reference(format!(
                    "items[{i}].department_id"
                )));
                continue;
            }
        }
        let mut active: items::ActiveModel = row.clone().into();
        active.responsible_department_id = Set(input.department_id);
        active.updated_at = Set(w.now());
        updates.push(active);
    }
    if body.items.is_empty() {
        issues.push(FieldIssue::required("items"));
    }
    if !issues.is_empty() {
        return Err(ApiError::validation(issues));
    }
    for u in updates {
        u.update(w.db()).await?;
    }
    let changes = json!({"responsibilities": body.items.iter().map(|i| json!({"code": i.code, "department_id": i.department_id})).collect::<Vec<_>>()});
    let (saved, journaled) = record(&w, &a, "set_responsibilities", changes, |_| {}).await?;
    w.commit(journaled).await?;
    Ok(saved)
}
