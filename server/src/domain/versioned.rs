//! Optimistic concurrency for every resource: a change is saved only if the row still has
//! the version it was read at, and the version goes up by one.

use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, IntoActiveModel, QueryFilter, Value};
use uuid::Uuid;

use crate::error::ApiError;

/// The columns that make a table versioned.
pub trait Versioned: EntityTrait {
    /// The `id` column.
    fn id_column() -> Self::Column;
    /// The `version` column.
    fn version_column() -> Self::Column;
    /// The `updated_at` column.
    fn updated_at_column() -> Self::Column;
}

/// Saves `active` (a row read at `version`) if nobody changed it since: 412 otherwise.
/// Bumps `version` and `updated_at` and returns the saved row.
pub async fn save_versioned<E>(
    w: &crate::domain::write::Write,
    mut active: E::ActiveModel,
    id: Uuid,
    version: i32,
) -> Result<E::Model, ApiError>
where
    E: Versioned,
    E::Model: IntoActiveModel<E::ActiveModel>,
    E::ActiveModel: ActiveModelTrait<Entity = E> + Send,
{
    active.set(E::version_column(), Value::from(version + 1));
    let db = w.db();
    active.set(E::updated_at_column(), Value::from(w.now()));
    let res = E::update_many()
        .set(active)
        .filter(E::id_column().eq(id))
        .filter(E::version_column().eq(version))
        .exec(db)
        .await?;
    if res.rows_affected == 0 {
        return Err(ApiError::stale(version + 1));
    }
    E::find()
        .filter(E::id_column().eq(id))
        .one(db)
        .await?
        .ok_or_else(ApiError::not_found)
}

/// Implements [`Versioned`] for an entity module with `Id`, `Version`, `UpdatedAt` columns.
#[macro_export]
macro_rules! versioned {
    ($($module:ident),+ $(,)?) => {$(
        impl $crate::domain::versioned::Versioned for $crate::entity::$module::Entity {
            fn id_column() -> Self::Column { $crate::entity::$module::Column::Id }
            fn version_column() -> Self::Column { $crate::entity::$module::Column::Version }
            fn updated_at_column() -> Self::Column { $crate::entity::$module::Column::UpdatedAt }
        }
    )+};
}

crate::versioned!(
    units,
    users,
    api_clients,
    departments,
    officials,
    plans,
    tasks,
    index_frameworks,
    index_assessments,
    award_proposals,
    award_decisions
);
