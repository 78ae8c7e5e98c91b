//! Builders of the inputs most tests start from: units, departments, officials.

use cchc_sdk::types::departments::{DepartmentIn, DepartmentKind};
use cchc_sdk::types::officials::{OfficialIn, OfficialStatus};
use cchc_sdk::types::units::{UnitIn, UnitLevel, UnitOut};

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
