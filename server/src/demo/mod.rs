//! The demo data: the world of the seed plan (Hòa Tân Tây, huyện Tây Hòa, tỉnh Phú Yên,
//! April 2024), loaded into an empty database, and how it carried on to late 2026: the
//! 2024 index of the communes that became xã Tây Hòa, the map of 1/7/2025 ([`merger`]),
//! Đắk Lắk's 2025 index under way with xã Tây Hòa's portal figures of July–September and
//! its remediation tasks of 2026 ([`years`]: what its 2025 outlook rests on) and xã Tây
//! Hòa's awards of 2026. The data is in `server/demo/*.json` (embedded, see [`loader`]);
//! it goes through the same domain functions as the API, so it obeys every rule.

pub mod awards;
pub mod index;
pub mod loader;
pub mod merger;
pub mod plan;
pub mod principals;
pub mod years;

use cchc_sdk::types::units::UnitIn;
use chrono::{DateTime, NaiveDate, Utc};
use sea_orm::{DatabaseConnection, EntityTrait, PaginatorTrait};
use uuid::Uuid;

use crate::auth::Ctx;
use crate::config::Config;
use crate::domain::units;
use crate::entity::units as unit_rows;
use crate::error::ApiError;
use loader::{DemoFile, World};

/// The demo's commune: the seed plan's issuer.
const HOA_TAN_TAY: &str = "22081";

/// Loads the demo data when the database holds no unit yet; returns whether it did.
pub async fn seed(db: &DatabaseConnection, config: &Config) -> Result<bool, ApiError> {
    if unit_rows::Entity::find().count(db).await? > 0 {
        return Ok(false);
    }
    let mut world = World::new(db);
    seed_units(db, &mut world).await?;
    let (password_hash, banner) = principals::seed_principals(db, config, &mut world).await?;
    principals::seed_officials(db, &world).await?;
    plan::seed_plan(db, &world).await?;
    let hoa_tan_tay = world.unit(HOA_TAN_TAY)?;
    let plan_id = index::seed_plan_id(db, hoa_tan_tay).await?;
    let framework_2024 = index::seed(db, &world, plan_id).await?;
    awards::seed(db, &world, plan_id).await?;
    let ctx = Ctx {
        now: installation_now(config),
        ..Ctx::system()
    };
    seed_later(db, &ctx, &mut world, &password_hash, framework_2024).await?;
    banner.print(&world.usernames());
    Ok(true)
}

/// The years after the seed, step by step in the order of their dates, as the
/// installation at `ctx.now`: a step dated after that day is left out, with every step
/// after it (a fixed clock earlier than late 2026).
async fn seed_later(
    db: &DatabaseConnection,
    ctx: &Ctx,
    world: &mut World<'_>,
    password_hash: &str,
    framework_2024: Uuid,
) -> Result<(), ApiError> {
    let today = ctx.today();
    let steps = [
        date_in(&loader::ASSESSMENTS_2024, "/publication/decision/date")?,
        date_in(&loader::MAP_2025, "/date")?,
        date_in(&loader::PORTAL_2025, "/date")?,
        date_in(&loader::FRAMEWORK_2025, "/self_assessment_deadline")?,
        date_in(&loader::REMEDIATION_2025, "/date")?,
        date_in(&loader::AWARDS_2026, "/issue_date")?,
    ];
    if let Some(first_left_out) = steps.iter().find(|d| **d > today) {
        tracing::info!(
            "demo data: the installation's today is {today}; the steps from {first_left_out} on are left out"
        );
    }
    let reached = |i: usize| steps[i] <= today && steps[..i].iter().all(|d| *d <= today);
    if reached(0) {
        years::seed_2024(db, ctx, world, framework_2024).await?;
    }
    if reached(1) {
        merger::seed_map(db, ctx, world).await?;
        merger::seed_people(db, ctx, world, password_hash).await?;
    }
    if reached(2) {
        years::seed_2025_portal(db, ctx, world).await?;
    }
    if reached(3) {
        let framework_2025 = years::seed_2025(db, ctx, world).await?;
        if reached(4) {
            years::seed_2025_remediation(db, ctx, world, framework_2025).await?;
        }
    }
    if reached(5) {
        awards::seed_file(db, ctx, world, &loader::AWARDS_2026, None).await?;
    }
    Ok(())
}

/// The installation's "now": its fixed clock (`fixed_time`) when set, else the system's.
fn installation_now(config: &Config) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(&config.fixed_time)
        .map(|at| at.with_timezone(&Utc))
        .unwrap_or_else(|_| Utc::now())
}

/// The date at `pointer` in `file`: the day a step of the demo happens.
fn date_in(file: &DemoFile, pointer: &str) -> Result<NaiveDate, ApiError> {
    loader::json(file)?
        .pointer(pointer)
        .and_then(|v| v.as_str())
        .and_then(|s| NaiveDate::parse_from_str(s, "%Y-%m-%d").ok())
        .ok_or_else(|| ApiError::internal(format!("demo file {}: no date at {pointer}", file.name)))
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
