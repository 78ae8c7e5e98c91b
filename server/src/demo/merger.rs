//! The map of 1/7/2025 (`map-2025.json`) and xã Tây Hòa's people (`tay-hoa-2025.json`).
//!
//! Real: Nghị quyết 1660/NQ-UBTVQH15 of 16/6/2025, Điều 1 khoản 66–69, made huyện Tây
//! Hòa's eleven communes four communes directly under the province, and Nghị quyết
//! 202/2025/QH15 of 12/6/2025 merged Phú Yên into Đắk Lắk. The new communes' codes are
//! reported (a community dataset following QĐ 19/2025/QĐ-TTg). The rest of xã Hòa Bình 1
//! went to phường Phú Yên, which the demo does not hold. Xã Tây Hòa's offices follow the
//! reported model of a commune from 1/7/2025; its people are invented.

use cchc_sdk::types::departments::DepartmentIn;
use cchc_sdk::types::units::{UnitIn, UnitPatch};
use sea_orm::DatabaseConnection;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use uuid::Uuid;

use super::loader::{self, World};
use super::principals::{self, DemoUser, OfficialFile};
use crate::auth::Ctx;
use crate::domain::audit::Actor;
use crate::domain::precondition::IfMatch;
use crate::domain::write::Write;
use crate::domain::{departments, units};
use crate::error::ApiError;

/// `map-2025.json`.
#[derive(Debug, Serialize, Deserialize)]
pub struct MapFile {
    /// The day the new map took effect.
    pub date: chrono::NaiveDate,
    /// The units formed, in order.
    pub new_units: Vec<UnitIn>,
    /// The units that ended, each with its change (`valid_to`, `successor_ids`).
    pub changes: Vec<UnitChange>,
}

/// A change of a unit, made by the level above (here the installation).
#[derive(Debug, Serialize, Deserialize)]
pub struct UnitChange {
    /// The unit.
    pub unit_id: Uuid,
    /// The merge patch.
    pub patch: UnitPatch,
    /// Why, where the data alone does not say it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// `tay-hoa-2025.json`.
#[derive(Debug, Serialize, Deserialize)]
pub struct PeopleFile {
    /// The commune's departments (created first).
    pub departments: Vec<DepartmentIn>,
    /// Its logins and the province's (sharing the demo password).
    pub users: Vec<DemoUser>,
    /// Its officials (naming the departments and logins above).
    pub officials: Vec<OfficialFile>,
}

/// Forms the new communes and ends the old units, through the units' update.
pub async fn seed_map(
    db: &DatabaseConnection,
    ctx: &Ctx,
    world: &mut World<'_>,
) -> Result<(), ApiError> {
    let mut file = loader::json(&loader::MAP_2025)?;
    let new_units = part(&mut file, "new_units")?;
    let new_units: Vec<UnitIn> = world.resolve(&loader::MAP_2025, new_units).await?;
    for input in new_units {
        let code = input.code.clone();
        let unit = units::create(db, ctx, input).await?;
        world.add_unit(&code, unit.id);
    }
    let changes = part(&mut file, "changes")?;
    let changes: Vec<UnitChange> = world.resolve(&loader::MAP_2025, changes).await?;
    for change in changes {
        units::update(db, ctx, change.unit_id, &IfMatch::Any, change.patch).await?;
    }
    Ok(())
}

/// Creates xã Tây Hòa's departments, then its logins (password hash `hash`), then its
/// officials.
pub async fn seed_people(
    db: &DatabaseConnection,
    ctx: &Ctx,
    world: &mut World<'_>,
    hash: &str,
) -> Result<(), ApiError> {
    let file = &loader::TAY_HOA_2025;
    let mut value = loader::json(file)?;
    let input: Vec<DepartmentIn> = world
        .resolve(file, part(&mut value, "departments")?)
        .await?;
    for department in input {
        departments::create(db, ctx, department).await?;
    }
    let users: Vec<DemoUser> = world.resolve(file, part(&mut value, "users")?).await?;
    let w = Write::begin_as(db, Actor::system(), None, ctx.now).await?;
    let journaled = principals::insert_users(&w, &users, hash, world).await?;
    let journaled = journaled.ok_or_else(|| ApiError::internal("no demo logins of 2025"))?;
    w.commit(journaled).await?;
    let officials: Vec<OfficialFile> = world.resolve(file, part(&mut value, "officials")?).await?;
    principals::insert_officials(db, officials, ctx.now).await
}

/// Takes the field `name` out of a data file's object.
fn part(value: &mut Value, name: &str) -> Result<Value, ApiError> {
    value
        .get_mut(name)
        .map(Value::take)
        .ok_or_else(|| ApiError::internal(format!("demo file: no \"{name}\"")))
}
