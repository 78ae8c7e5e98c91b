//! Reads of departments: one, a page, and what refers to one.

use cchc_sdk::types::common::Page;
use cchc_sdk::types::departments::DepartmentListQuery;
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
        select = select.filter(departments::Column::Kind.eq(enum_str(&kind)));
    }
    match query.active {
        Some(true) => select = select.filter(departments::Column::ArchivedAt.is_null()),
        Some(false) => select = select.filter(departments::Column::ArchivedAt.is_not_null()),
        None => {}
    }
    select = text::matching(select, departments::Column::NameKey, query.q.as_deref())?;
    page.load(db, select, departments::Column::Id, |r| r.id)
        .await
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
