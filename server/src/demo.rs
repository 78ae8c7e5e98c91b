//! The demo data: the world of the seed plan (Hòa Tân Tây, huyện Tây Hòa, tỉnh Phú Yên,
//! April 2024), loaded into an empty database. It goes through the same domain functions
//! as the API, so it obeys every rule.

use cchc_sdk::types::units::{UnitIn, UnitLevel};
use chrono::NaiveDate;
use sea_orm::{DatabaseConnection, EntityTrait, PaginatorTrait};
use uuid::Uuid;

use crate::auth::Scope;
use crate::domain::units;
use crate::entity::units as unit_rows;
use crate::error::ApiError;

/// The communes of huyện Tây Hòa (2023), by administrative code: Hòa Tân Tây and its siblings.
const TAY_HOA_COMMUNES: &[(&str, &str)] = &[
    ("22069", "Thị trấn Phú Thứ"),
    ("22072", "Xã Hòa Bình 1"),
    ("22075", "Xã Hòa Phong"),
    ("22078", "Xã Hòa Phú"),
    ("22081", "Xã Hòa Tân Tây"),
    ("22084", "Xã Hòa Đồng"),
    ("22087", "Xã Hòa Mỹ Đông"),
    ("22090", "Xã Hòa Mỹ Tây"),
    ("22093", "Xã Hòa Thịnh"),
    ("22096", "Xã Sơn Thành Đông"),
    ("22099", "Xã Sơn Thành Tây"),
];

fn date(y: i32, m: u32, d: u32) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(y, m, d)
}

fn unit(code: &str, name: &str, level: UnitLevel, parent_id: Option<Uuid>) -> UnitIn {
    UnitIn {
        code: code.into(),
        name: name.into(),
        level,
        parent_id,
        valid_from: None,
        valid_to: None,
        successor_ids: vec![],
    }
}

/// Loads the demo data when the database holds no unit yet; returns whether it did.
pub async fn seed(db: &DatabaseConnection) -> Result<bool, ApiError> {
    if unit_rows::Entity::find().count(db).await? > 0 {
        return Ok(false);
    }
    let all = Scope::Everything;
    // Đắk Lắk took over Phú Yên on 1 July 2025; districts ended on 30 June 2025.
    let dak_lak = units::create(
        db,
        &all,
        UnitIn {
            valid_from: date(2004, 1, 1),
            ..unit("66", "Tỉnh Đắk Lắk", UnitLevel::Province, None)
        },
    )
    .await?;
    let phu_yen = units::create(
        db,
        &all,
        UnitIn {
            valid_from: date(1989, 7, 1),
            valid_to: date(2025, 6, 30),
            successor_ids: vec![dak_lak.id],
            ..unit("54", "Tỉnh Phú Yên", UnitLevel::Province, None)
        },
    )
    .await?;
    let tay_hoa = units::create(
        db,
        &all,
        UnitIn {
            valid_from: date(2002, 1, 1),
            valid_to: date(2025, 6, 30),
            ..unit(
                "562",
                "Huyện Tây Hòa",
                UnitLevel::District,
                Some(phu_yen.id),
            )
        },
    )
    .await?;
    for (code, name) in TAY_HOA_COMMUNES {
        units::create(
            db,
            &all,
            UnitIn {
                valid_to: date(2025, 6, 30),
                ..unit(code, name, UnitLevel::Commune, Some(tay_hoa.id))
            },
        )
        .await?;
    }
    Ok(true)
}
