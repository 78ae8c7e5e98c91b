//! Reading plans: one plan, a page of them, and their wire form.

use cchc_sdk::types::common::Page;
use cchc_sdk::types::plans::{PlanListQuery, PlanOut};
use sea_orm::{ColumnTrait, ConnectionTrait, DatabaseConnection, QueryFilter};
use uuid::Uuid;

use super::content::content_of;
use super::status::allowed_actions;
use crate::auth::Scope;
use crate::domain::codec::{enum_str, parse_enum};
use crate::domain::lifecycle::Action as _;
use crate::domain::page::PageRequest;
use crate::domain::{numbering, text};
use crate::entity::plans;
use crate::error::{ApiError, ErrorKind, FieldIssue, Text};

/// The wire form of a stored plan.
pub fn to_out(m: plans::Model) -> Result<PlanOut, ApiError> {
    let content = content_of(&m)?;
    let status = parse_enum(&m.status)?;
    Ok(PlanOut {
        id: m.id,
        unit_id: m.unit_id,
        status,
        number: m.number,
        number_symbol: numbering::number_symbol(m.number, &m.type_code, &content.issuer_code),
        issue_date: m.issue_date,
        revision: m.revision,
        content,
        allowed_actions: allowed_actions(status)
            .iter()
            .map(|a| a.name().to_owned())
            .collect(),
        issued_at: m.issued_at,
        created_at: m.created_at,
        updated_at: m.updated_at,
        version: m.version,
    })
}

/// A plan the caller can see, or 404.
pub async fn get(
    db: &impl ConnectionTrait,
    scope: &Scope,
    id: Uuid,
) -> Result<plans::Model, ApiError> {
    crate::domain::scoped::find::<plans::Entity>(db, scope, id).await
}

/// One page of the plans the caller can see.
pub async fn list(
    db: &DatabaseConnection,
    scope: &Scope,
    query: &PlanListQuery,
    page: &PageRequest,
) -> Result<Page<plans::Model>, ApiError> {
    if query.year.is_some_and(|y| !(2000..=2100).contains(&y)) {
        return Err(
            ApiError::new(ErrorKind::InvalidQuery).with_errors(vec![FieldIssue::new(
                "year",
                "out_of_range",
                Text::new("Từ 2000 đến 2100.", "Between 2000 and 2100."),
            )]),
        );
    }
    let mut select = crate::domain::scoped::scoped::<plans::Entity>(scope);
    if let Some(unit_id) = query.unit_id {
        select = select.filter(plans::Column::UnitId.eq(unit_id));
    }
    if let Some(status) = query.status {
        select = select.filter(plans::Column::Status.eq(enum_str(&status)));
    }
    if let Some(kind) = query.kind {
        select = select.filter(plans::Column::Kind.eq(enum_str(&kind)));
    }
    if let Some(year) = query.year {
        select = select.filter(plans::Column::Year.eq(year));
    }
    if let Some(from) = query.issued_from {
        select = select.filter(plans::Column::IssueDate.gte(from));
    }
    if let Some(to) = query.issued_to {
        select = select.filter(plans::Column::IssueDate.lte(to));
    }
    select = text::matching(select, plans::Column::SearchKey, query.q.as_deref())?;
    page.load(db, select, plans::Column::Id, |r| r.id).await
}
