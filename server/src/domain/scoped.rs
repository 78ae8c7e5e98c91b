//! The one scoped loader: every read of a unit-owned resource starts from [`scoped`], which
//! puts the caller's unit scope into the SQL (`unit_id IN (…)`), so a row of another unit
//! is never loaded — it is "not found" exactly like a missing one, and no handler can
//! forget the boundary by filtering after the load.

use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, Select};
use uuid::Uuid;

use crate::auth::Scope;
use crate::error::ApiError;

/// A table whose rows belong to a unit.
pub trait UnitScoped: EntityTrait {
    /// The `id` column.
    fn id_column() -> Self::Column;
    /// The column naming the owning unit.
    fn unit_column() -> Self::Column;
}

/// Every row the scope may see (the start of every load and list).
pub fn scoped<E: UnitScoped>(scope: &Scope) -> Select<E> {
    match scope {
        Scope::Everything => E::find(),
        Scope::Units(ids) => E::find().filter(E::unit_column().is_in(ids.iter().copied())),
    }
}

/// The row `id` if the scope sees it; 404 otherwise (missing and foreign alike).
pub async fn find<E: UnitScoped>(
    db: &impl ConnectionTrait,
    scope: &Scope,
    id: Uuid,
) -> Result<E::Model, ApiError> {
    scoped::<E>(scope)
        .filter(E::id_column().eq(id))
        .one(db)
        .await?
        .ok_or_else(ApiError::not_found)
}

/// Implements [`UnitScoped`] for entity modules: `module => UnitColumn`.
macro_rules! unit_scoped {
    ($($module:ident => $unit:ident),+ $(,)?) => {$(
        impl UnitScoped for crate::entity::$module::Entity {
            fn id_column() -> Self::Column { crate::entity::$module::Column::Id }
            fn unit_column() -> Self::Column { crate::entity::$module::Column::$unit }
        }
    )+};
}

unit_scoped!(
    units => Id,
    users => UnitId,
    api_clients => UnitId,
    departments => UnitId,
    officials => UnitId,
    plans => UnitId,
    tasks => UnitId,
    index_assessments => UnitId,
    award_proposals => UnitId,
    award_decisions => UnitId,
    audit_events => UnitId,
    award_recipients => UnitId,
    portal_statistics => UnitId,
);
