//! Reading assessments: one by id, and a page of those the caller can see.

use cchc_sdk::types::common::Page;
use cchc_sdk::types::index::AssessmentListQuery;
use sea_orm::{ColumnTrait, ConnectionTrait, DatabaseConnection, QueryFilter};
use uuid::Uuid;

use crate::auth::Scope;
use crate::domain::codec::enum_str;
use crate::domain::page::PageRequest;
use crate::entity::index_assessments;
use crate::error::ApiError;

/// An assessment the caller can see, or 404.
pub async fn get(
    db: &impl ConnectionTrait,
    scope: &Scope,
    id: Uuid,
) -> Result<index_assessments::Model, ApiError> {
    crate::domain::scoped::find::<index_assessments::Entity>(db, scope, id).await
}

/// One page of the assessments the caller can see.
pub async fn list(
    db: &DatabaseConnection,
    scope: &Scope,
    query: &AssessmentListQuery,
    page: &PageRequest,
) -> Result<Page<index_assessments::Model>, ApiError> {
    let mut select = crate::domain::scoped::scoped::<index_assessments::Entity>(scope);
    if let Some(f) = query.framework_id {
        select = select.filter(index_assessments::Column::FrameworkId.eq(f));
    }
    if let Some(u) = query.unit_id {
        select = select.filter(index_assessments::Column::UnitId.eq(u));
    }
    if let Some(y) = query.year {
        select = select.filter(index_assessments::Column::Year.eq(y));
    }
    if let Some(s) = query.status {
        select = select.filter(index_assessments::Column::Status.eq(enum_str(&s)));
    }
    page.load(db, select, index_assessments::Column::Id, |r| r.id)
        .await
}
