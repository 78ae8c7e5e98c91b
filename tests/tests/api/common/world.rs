//! The one test world most modules start from: Tỉnh Phú Yên > Huyện Tây Hòa > its communes,
//! each with the usual departments, and the small helpers for what tests make over and over
//! (a province alone, a department officer signed in).
//!
//! `World::build(&app)` makes the usual world (Hòa Tân Tây and Hòa Đồng with their
//! departments); `World::builder()` changes its shape where a test depends on it.

use std::ops::Deref;

use cchc_sdk::Client;
use cchc_sdk::types::auth::Role;
use cchc_sdk::types::departments::{DepartmentListQuery, DepartmentOut};
use cchc_sdk::types::officials::OfficialIn;
use cchc_sdk::types::units::{UnitIn, UnitLevel, UnitOut};
use cchc_server::demo_plan::SeedRefs;
use uuid::Uuid;

use super::TestApp;
use super::fixtures::{official_in, unit_in};

/// The province: code and name.
pub const PHU_YEN: (&str, &str) = ("54", "Tỉnh Phú Yên");
/// The district: code and name.
pub const TAY_HOA: (&str, &str) = ("562", "Huyện Tây Hòa");
/// Tây Hòa's communes, in the order the world makes them (code, name).
pub const COMMUNES: [(&str, &str); 4] = [
    ("22081", "Xã Hòa Tân Tây"),
    ("22084", "Xã Hòa Đồng"),
    ("22072", "Xã Hòa Bình 1"),
    ("22075", "Xã Hòa Phong"),
];
/// The chairman of each commune when the world is built `with_chairmen`.
pub const CHAIRMAN: (&str, &str) = ("Lê Văn Vũ", "Chủ tịch UBND xã");

/// Tỉnh Phú Yên alone, with nothing below it.
pub async fn province(app: &TestApp) -> Result<UnitOut, cchc_sdk::Error> {
    let (code, name) = PHU_YEN;
    Ok(app
        .client
        .units()
        .create(&unit_in(code, name, UnitLevel::Province, None))
        .await?
        .into_inner())
}

/// A department officer of `department` in `unit`: a user linked to an official of that
/// department ("Cán bộ {username}"), already signed in (so its later requests write nothing
/// for the sign-in).
pub async fn officer(
    app: &TestApp,
    unit: &UnitOut,
    username: &str,
    department: Uuid,
) -> Result<Client, cchc_sdk::Error> {
    let (user, client) = app
        .user(username, Role::DepartmentOfficer, Some(unit.id))
        .await?;
    let input = OfficialIn {
        department_id: Some(department),
        user_id: Some(user.id),
        ..official_in(unit, &format!("Cán bộ {username}"))
    };
    app.client.officials().create(&input).await?;
    client.auth().me().await?;
    Ok(client)
}

/// A commune of the world: its unit (which it reads as), its departments and chairman.
pub struct Commune {
    /// The unit itself.
    pub unit: UnitOut,
    /// Its departments (the usual ones, or none when built `without_departments`).
    pub departments: Vec<DepartmentOut>,
    /// Its chairman's official id, when built `with_chairmen`.
    pub chairman: Option<Uuid>,
}

impl Deref for Commune {
    type Target = UnitOut;

    fn deref(&self) -> &UnitOut {
        &self.unit
    }
}

impl Commune {
    /// The id of the department with `short_code` (e.g. "VP-TK", "TP-HT").
    pub fn department(&self, short_code: &str) -> Uuid {
        self.departments
            .iter()
            .find(|d| d.short_code.as_deref() == Some(short_code))
            .map(|d| d.id)
            .unwrap_or_else(|| panic!("{} has no department {short_code}", self.unit.name))
    }

    /// Văn phòng - Thống kê.
    pub fn van_phong(&self) -> Uuid {
        self.department("VP-TK")
    }

    /// Tài chính - Kế toán.
    pub fn tai_chinh(&self) -> Uuid {
        self.department("TC-KT")
    }

    /// What the seed plan names in this commune: its office, its finance and its chairman.
    pub fn seed_refs(&self) -> SeedRefs {
        SeedRefs {
            van_phong: Some(self.van_phong()),
            tai_chinh: Some(self.tai_chinh()),
            chairman: self.chairman,
        }
    }
}

/// Phú Yên > Tây Hòa > communes, made by the system admin.
pub struct World {
    /// Tỉnh Phú Yên (54).
    pub province: UnitOut,
    /// Huyện Tây Hòa (562).
    pub district: UnitOut,
    /// The communes, in the order of [`COMMUNES`].
    pub communes: Vec<Commune>,
    /// The officials asked for with `officials(n)`, all in the first commune.
    pub officials: Vec<Uuid>,
}

impl World {
    /// The usual world: Hòa Tân Tây and Hòa Đồng, each with the usual departments.
    pub async fn build(app: &TestApp) -> Result<World, cchc_sdk::Error> {
        Self::builder().build(app).await
    }

    /// The usual world's shape, to change before building.
    pub fn builder() -> WorldBuilder {
        WorldBuilder {
            communes: 2,
            departments: true,
            chairmen: false,
            officials: 0,
        }
    }

    /// The first commune, Xã Hòa Tân Tây (22081).
    pub fn a(&self) -> &Commune {
        &self.communes[0]
    }

    /// The second commune, Xã Hòa Đồng (22084).
    pub fn b(&self) -> &Commune {
        &self.communes[1]
    }
}

/// The shape of a world: how many communes, and what each one holds.
#[must_use]
pub struct WorldBuilder {
    communes: usize,
    departments: bool,
    chairmen: bool,
    officials: usize,
}

impl WorldBuilder {
    /// The first `n` of [`COMMUNES`] (1 to 4; 2 by default).
    pub fn communes(mut self, n: usize) -> Self {
        assert!(
            (1..=COMMUNES.len()).contains(&n),
            "the world has 1 to {} communes",
            COMMUNES.len()
        );
        self.communes = n;
        self
    }

    /// Communes made without the usual departments (for tests that make their own).
    pub fn without_departments(mut self) -> Self {
        self.departments = false;
        self
    }

    /// Each commune gets its chairman, [`CHAIRMAN`], the signer the seed plan names.
    pub fn with_chairmen(mut self) -> Self {
        self.chairmen = true;
        self
    }

    /// `n` serving officials in the first commune: Nguyễn Văn A, Nguyễn Văn B, …
    pub fn officials(mut self, n: usize) -> Self {
        self.officials = n;
        self
    }

    /// Makes the world as the system admin.
    pub async fn build(self, app: &TestApp) -> Result<World, cchc_sdk::Error> {
        let units = app.client.units();
        let province = province(app).await?;
        let (code, name) = TAY_HOA;
        let district = units
            .create(&unit_in(code, name, UnitLevel::District, Some(&province)))
            .await?
            .into_inner();
        let mut communes = Vec::new();
        for (code, name) in &COMMUNES[..self.communes] {
            let input = UnitIn {
                with_default_departments: self.departments,
                ..unit_in(code, name, UnitLevel::Commune, Some(&district))
            };
            let unit = units.create(&input).await?.into_inner();
            let departments = if self.departments {
                let query = DepartmentListQuery {
                    unit_id: Some(unit.id),
                    limit: Some(200),
                    ..Default::default()
                };
                app.client.departments().list(&query).await?.data
            } else {
                Vec::new()
            };
            let chairman = if self.chairmen {
                let (name, position) = CHAIRMAN;
                let input = OfficialIn {
                    position: position.into(),
                    ..official_in(&unit, name)
                };
                Some(app.client.officials().create(&input).await?.id)
            } else {
                None
            };
            communes.push(Commune {
                unit,
                departments,
                chairman,
            });
        }
        let mut officials = Vec::new();
        for letter in ('A'..='Z').take(self.officials) {
            let input = official_in(&communes[0], &format!("Nguyễn Văn {letter}"));
            officials.push(app.client.officials().create(&input).await?.id);
        }
        Ok(World {
            province,
            district,
            communes,
            officials,
        })
    }
}
