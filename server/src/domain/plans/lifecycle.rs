//! A plan's lifecycle: its statuses and how they are stored, the actions allowed from each,
//! and `act`, which moves a plan on (issuing it assigns its number).

use chrono::{Datelike, NaiveDate};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, QuerySelect,
};
use serde_json::json;
use uuid::Uuid;

use super::content::{content_of, search_key};
use super::queries::get;
use super::status::{PlanAction, TYPE_CODE, transition};
use crate::auth::Ctx;
use crate::domain::audit::Event;
use crate::domain::codec::{enum_str, parse_enum};
use crate::domain::lifecycle::Action as _;
use crate::domain::precondition::IfMatch;
use crate::domain::versioned::save_versioned;
use crate::domain::write::Write;
use crate::domain::{numbering, text};
use crate::entity::plans;
use crate::error::ApiError;

/// Moves a plan through its lifecycle. Issuing assigns the next number of the unit's year
/// (of the issue date, today in Vietnam unless given).
pub async fn act(
    db: &DatabaseConnection,
    ctx: &Ctx,
    id: Uuid,
    if_match: &IfMatch,
    action: PlanAction,
    reason: Option<String>,
    issue_date: Option<NaiveDate>,
) -> Result<plans::Model, ApiError> {
    let w = Write::begin(db, ctx).await?;
    let current = get(w.db(), &ctx.scope, id).await?;
    let from = parse_enum(&current.status)?;
    let to = transition(from, action)?;
    if_match.check(current.version)?;
    let mut active: plans::ActiveModel = current.clone().into();
    active.status = Set(enum_str(&to));
    let mut changes = json!({"status": {"before": enum_str(&from), "after": enum_str(&to)}});
    if action == PlanAction::Issue {
        let date = issue_date.unwrap_or_else(|| w.today());
        let latest: Option<Option<NaiveDate>> = plans::Entity::find()
            .select_only()
            .column_as(plans::Column::IssueDate.max(), "latest")
            .filter(plans::Column::UnitId.eq(current.unit_id))
            .filter(plans::Column::NumberYear.eq(date.year()))
            .into_tuple()
            .one(w.db())
            .await?;
        numbering::check_issue_date("issue_date", date, w.today(), latest.flatten())?;
        let number =
            numbering::next_number(w.db(), current.unit_id, date.year(), TYPE_CODE).await?;
        let content = content_of(&current)?;
        let symbol = numbering::number_symbol(Some(number), TYPE_CODE, &content.issuer_code);
        active.number = Set(Some(number));
        active.number_year = Set(Some(date.year()));
        active.number_symbol = Set(Some(symbol.clone()));
        active.issue_date = Set(Some(date));
        active.issued_at = Set(Some(w.now()));
        active.search_key = Set(search_key(&content, Some(&symbol)));
        if let Some(map) = changes.as_object_mut() {
            map.insert(
                "number_symbol".into(),
                json!({"before": null, "after": symbol}),
            );
            map.insert("issue_date".into(), json!({"before": null, "after": date}));
        }
    }
    if let (Some(reason), Some(map)) = (
        reason.filter(|r| !r.trim().is_empty()),
        changes.as_object_mut(),
    ) {
        map.insert("reason".into(), json!(text::normalize(&reason)));
    }
    let saved = save_versioned::<plans::Entity>(&w, active, id, current.version).await?;
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
