//! The demo data: the world of the seed plan (Hòa Tân Tây, huyện Tây Hòa, tỉnh Phú Yên,
//! April 2024), loaded into an empty database. The data is in `server/demo/*.json`
//! (embedded, see [`loader`]); it goes through the same domain functions as the API, so it
//! obeys every rule.

pub mod awards;
pub mod index;
pub mod loader;
pub mod plan;
pub mod principals;

use cchc_sdk::types::units::UnitIn;
use sea_orm::{DatabaseConnection, EntityTrait, PaginatorTrait};

use crate::auth::Ctx;
use crate::config::Config;
use crate::domain::units;
use crate::entity::units as unit_rows;
use crate::error::ApiError;
use loader::World;

/// The demo's commune: the seed plan's issuer.
const HOA_TAN_TAY: &str = "22081";

/// Loads the demo data when the database holds no unit yet; returns whether it did.
pub async fn seed(db: &DatabaseConnection, config: &Config) -> Result<bool, ApiError> {
    if unit_rows::Entity::find().count(db).await? > 0 {
        return Ok(false);
    }
    let mut world = World::new(db);
    seed_units(db, &mut world).await?;
    principals::seed_principals(db, config, &mut world).await?;
    principals::seed_officials(db, &world).await?;
    plan::seed_plan(db, &world).await?;
    let hoa_tan_tay = world.unit(HOA_TAN_TAY)?;
    let plan_id = index::seed_plan_id(db, hoa_tan_tay).await?;
    index::seed(db, &world, plan_id).await?;
    awards::seed(db, &world, plan_id).await?;
    Ok(true)
}

/// The units of `units.json`, in order: a unit refers only to those before it.
async fn seed_units(db: &DatabaseConnection, world: &mut World<'_>) -> Result<(), ApiError> {
    let all = Ctx::system();
    let serde_json::Value::Array(rows) = loader::json(&loader::UNITS)? else {
        return Err(ApiError::internal("demo file units.json: not a list"));
    };
    for row in rows {
        let input: UnitIn = world.resolve(&loader::UNITS, row).await?;
        let code = input.code.clone();
        let unit = units::create(db, &all, input).await?;
        world.add_unit(&code, unit.id);
    }
    Ok(())
}
