//! Reading units: the stored successors, the wire form, one visible unit, and a
//! page of those the scope sees.

use cchc_sdk::types::common::Page;
use cchc_sdk::types::units::{UnitListQuery, UnitOut};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseConnection, QueryFilter, QueryOrder, QuerySelect,
};
use uuid::Uuid;

use crate::auth::Scope;
use crate::domain::codec::{enum_str, parse_enum};
use crate::domain::page::PageRequest;
use crate::domain::text;
use crate::entity::units;
use crate::error::ApiError;

/// The wire form of a stored unit.
pub fn to_out(m: units::Model) -> Result<UnitOut, ApiError> {
    Ok(UnitOut {
        successor_ids: successors_of(&m),
        level: parse_enum(&m.level)?,
        id: m.id,
        code: m.code,
        name: m.name,
        parent_id: m.parent_id,
        valid_from: m.valid_from,
        valid_to: m.valid_to,
        archived: m.archived_at.is_some(),
        created_at: m.created_at,
        updated_at: m.updated_at,
        version: m.version,
    })
}

/// The stored successor ids.
pub fn successors_of(m: &units::Model) -> Vec<Uuid> {
    serde_json::from_value(m.successor_ids.clone()).unwrap_or_default()
}

/// A unit the scope can see (archived ones included), or `None`.
pub async fn find_visible(
    db: &impl ConnectionTrait,
    scope: &Scope,
    id: Uuid,
) -> Result<Option<units::Model>, ApiError> {
    Ok(crate::domain::scoped::scoped::<units::Entity>(scope)
        .filter(units::Column::Id.eq(id))
        .one(db)
        .await?)
}

/// A unit the scope can see, or 404 exactly as for a missing id.
pub async fn get(
    db: &impl ConnectionTrait,
    scope: &Scope,
    id: Uuid,
) -> Result<units::Model, ApiError> {
    find_visible(db, scope, id)
        .await?
        .ok_or_else(ApiError::not_found)
}

/// The condition "in existence on `on`": begun on or before it (or no start recorded) and
/// not ended before it.
pub fn existing_on(on: chrono::NaiveDate) -> sea_orm::Condition {
    sea_orm::Condition::all()
        .add(
            sea_orm::Condition::any()
                .add(units::Column::ValidFrom.is_null())
                .add(units::Column::ValidFrom.lte(on)),
        )
        .add(
            sea_orm::Condition::any()
                .add(units::Column::ValidTo.is_null())
                .add(units::Column::ValidTo.gte(on)),
        )
}

/// One page of the units the scope sees, filtered, in creation order.
pub async fn list(
    db: &DatabaseConnection,
    scope: &Scope,
    query: &UnitListQuery,
    page: &PageRequest,
) -> Result<Page<units::Model>, ApiError> {
    let mut select = crate::domain::scoped::scoped::<units::Entity>(scope);
    if let Some(level) = query.level {
        select = select.filter(units::Column::Level.eq(enum_str(&level)));
    }
    if let Some(parent_id) = query.parent_id {
        select = select.filter(units::Column::ParentId.eq(parent_id));
    }
    select = text::matching(select, units::Column::SearchKey, query.q.as_deref())?;
    if !query.include_archived.unwrap_or(false) {
        select = select.filter(units::Column::ArchivedAt.is_null());
    }
    if let Some(on) = query.on {
        select = select.filter(existing_on(on));
    }
    if let Some(after) = &page.after {
        select = select.filter(units::Column::Id.gt(*after));
    }
    let rows = select
        .order_by_asc(units::Column::Id)
        .limit(page.fetch())
        .all(db)
        .await?;
    Ok(page.finish(rows, |u| u.id))
}
