//! Reads of officials: one, a page, and what refers to one.

use cchc_sdk::types::common::Page;
use cchc_sdk::types::officials::OfficialListQuery;
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter, QuerySelect,
};
use uuid::Uuid;

use crate::auth::Scope;
use crate::domain::codec::enum_str;
use crate::domain::page::PageRequest;
use crate::domain::text;
use crate::entity::{departments, officials};
use crate::error::ApiError;

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
        select = select.filter(officials::Column::Status.eq(enum_str(&status)));
    }
    select = text::matching(select, officials::Column::SearchKey, query.q.as_deref())?;
    page.load(db, select, officials::Column::Id, |r| r.id).await
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
