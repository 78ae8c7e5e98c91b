//! Writing a plan's content: creating a draft, replacing a draft's content, and amending an
//! issued plan (same number, the previous text kept as a revision).

use cchc_sdk::types::plans::PlanContent;
use cchc_sdk::types::plans::PlanStatus;
use sea_orm::{ActiveModelTrait, ActiveValue::Set, DatabaseConnection};
use serde_json::json;
use uuid::Uuid;

use super::content::{check, content_json, content_of, normalize, search_key};
use super::queries::get;
use super::status::{PlanAction, TYPE_CODE, transition};
use crate::auth::Ctx;
use crate::domain::audit::Event;
use crate::domain::codec::{enum_str, parse_enum};
use crate::domain::lifecycle::Action as _;
use crate::domain::precondition::IfMatch;
use crate::domain::versioned::save_versioned;
use crate::domain::write::Write;
use crate::domain::{text, units};
use crate::entity::{plan_revisions, plans};
use crate::error::{ApiError, FieldIssue};

/// Creates a draft plan.
pub async fn create(
    db: &DatabaseConnection,
    ctx: &Ctx,
    unit_id: Uuid,
    content: PlanContent,
) -> Result<plans::Model, ApiError> {
    let content = normalize(content);
    let w = Write::begin(db, ctx).await?;
    match units::find_visible(w.db(), &ctx.scope, unit_id).await? {
        Some(u) if u.archived_at.is_none() => {}
        _ => {
            return Err(ApiError::validation(vec![FieldIssue::unknown_reference(
                "unit_id",
            )]));
        }
    }
    check(w.db(), unit_id, &content).await?;
    let now = w.now();
    let plan = plans::ActiveModel {
        id: Set(Uuid::now_v7()),
        unit_id: Set(unit_id),
        kind: Set(enum_str(&content.kind)),
        year: Set(content.year),
        status: Set(enum_str(&PlanStatus::Draft)),
        type_code: Set(TYPE_CODE.into()),
        number: Set(None),
        number_year: Set(None),
        number_symbol: Set(None),
        title: Set(content.title.clone()),
        search_key: Set(search_key(&content, None)),
        issue_date: Set(None),
        issued_at: Set(None),
        revision: Set(0),
        content: Set(content_json(&content)?),
        created_at: Set(now),
        updated_at: Set(now),
        version: Set(1),
    }
    .insert(w.db())
    .await?;
    let event = Event {
        resource_type: "plan",
        resource_id: Some(plan.id),
        unit_id: Some(unit_id),
        action: "create",
        changes: json!({"title": {"before": null, "after": plan.title}, "status": {"before": null, "after": "draft"}}),
    };
    let journaled = w.journal(event).await?;
    w.commit(journaled).await?;
    Ok(plan)
}

/// The top-level content fields that differ, for the journal (the texts can be long).
fn changed_sections(before: &PlanContent, after: &PlanContent) -> serde_json::Value {
    let b = serde_json::to_value(before).unwrap_or_default();
    let a = serde_json::to_value(after).unwrap_or_default();
    let changed: Vec<&String> = a
        .as_object()
        .map(|o| o.keys().filter(|k| b.get(*k) != a.get(*k)).collect())
        .unwrap_or_default();
    json!({ "content": { "sections_changed": changed } })
}

/// Replaces a draft's content, or amends an issued plan (`amend`: same number, the old
/// text kept as a revision, a reason required).
pub async fn replace_content(
    db: &DatabaseConnection,
    ctx: &Ctx,
    id: Uuid,
    if_match: &IfMatch,
    content: PlanContent,
    amend: Option<Option<String>>,
) -> Result<plans::Model, ApiError> {
    let content = normalize(content);
    let w = Write::begin(db, ctx).await?;
    let current = get(w.db(), &ctx.scope, id).await?;
    let action = if amend.is_some() {
        PlanAction::Amend
    } else {
        PlanAction::ReplaceContent
    };
    transition(parse_enum(&current.status)?, action)?;
    let reason = amend
        .clone()
        .flatten()
        .map(|r| text::normalize(&r))
        .filter(|r| !r.is_empty());
    if amend.is_some() && reason.is_none() {
        return Err(ApiError::validation(vec![FieldIssue::required("reason")]));
    }
    check(w.db(), current.unit_id, &content).await?;
    if_match.check(current.version)?;
    let previous = content_of(&current)?;
    let mut active: plans::ActiveModel = current.clone().into();
    active.kind = Set(enum_str(&content.kind));
    active.year = Set(content.year);
    active.title = Set(content.title.clone());
    active.search_key = Set(search_key(&content, current.number_symbol.as_deref()));
    active.content = Set(content_json(&content)?);
    if amend.is_some() {
        let revision = current.revision + 1;
        active.revision = Set(revision);
        plan_revisions::ActiveModel {
            id: Set(Uuid::now_v7()),
            plan_id: Set(id),
            revision: Set(revision),
            previous_content: Set(current.content.clone()),
            reason: Set(reason.clone()),
            actor_name: Set(ctx.principal.name.clone()),
            created_at: Set(w.now()),
        }
        .insert(w.db())
        .await?;
    }
    let saved = save_versioned::<plans::Entity>(&w, active, id, current.version).await?;
    let mut changes = changed_sections(&previous, &content);
    if let (Some(map), Some(reason)) = (changes.as_object_mut(), reason) {
        map.insert("reason".into(), json!(reason));
    }
    let event = Event {
        resource_type: "plan",
        resource_id: Some(id),
        unit_id: Some(saved.unit_id),
        action: action.name(),
        changes,
    };
    let journaled = w.journal(event).await?;
    w.commit(journaled).await?;
    Ok(saved)
}
