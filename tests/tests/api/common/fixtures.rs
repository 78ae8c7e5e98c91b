//! Builders of the inputs most tests start from: units, departments, officials.

use cchc_sdk::types::departments::{DepartmentIn, DepartmentKind};
use cchc_sdk::types::officials::{OfficialIn, OfficialStatus};
use cchc_sdk::types::units::{UnitIn, UnitLevel, UnitOut};

use super::TestApp;

/// A unit of `level` under `parent` (none for a province).
pub fn unit_in(code: &str, name: &str, level: UnitLevel, parent: Option<&UnitOut>) -> UnitIn {
    UnitIn {
        code: code.into(),
        name: name.into(),
        level,
        parent_id: parent.map(|p| p.id),
        valid_from: None,
        valid_to: None,
        successor_ids: vec![],
        with_default_departments: false,
    }
}

/// A professional office of `unit`.
pub fn department_in(unit: &UnitOut, name: &str) -> DepartmentIn {
    DepartmentIn {
        unit_id: unit.id,
        name: name.into(),
        short_code: None,
        kind: DepartmentKind::ProfessionalOffice,
        description: None,
        head_official_id: None,
        display_order: 0,
    }
}

/// A serving official of `unit`, in no department.
pub fn official_in(unit: &UnitOut, name: &str) -> OfficialIn {
    OfficialIn {
        unit_id: unit.id,
        full_name: name.into(),
        position: "Công chức".into(),
        department_id: None,
        email: None,
        phone: None,
        status: OfficialStatus::Serving,
        user_id: None,
    }
}

/// Phú Yên > huyện Tây Hòa > the given communes (code, name), each with the usual
/// departments: the world of the index and award tests.
pub async fn tay_hoa(
    app: &TestApp,
    communes: &[(&str, &str)],
) -> Result<(UnitOut, UnitOut, Vec<UnitOut>), cchc_sdk::Error> {
    let units = app.client.units();
    let province = units
        .create(&unit_in("54", "Tỉnh Phú Yên", UnitLevel::Province, None))
        .await?
        .into_inner();
    let district = units
        .create(&unit_in(
            "562",
            "Huyện Tây Hòa",
            UnitLevel::District,
            Some(&province),
        ))
        .await?
        .into_inner();
    let mut made = Vec::new();
    for (code, name) in communes {
        let input = UnitIn {
            with_default_departments: true,
            ..unit_in(code, name, UnitLevel::Commune, Some(&district))
        };
        made.push(units.create(&input).await?.into_inner());
    }
    Ok((province, district, made))
}
