//! The wire form of a department and the stored spelling of its kind.

use cchc_sdk::types::departments::{DepartmentKind, DepartmentOut};

use crate::entity::departments;

pub(super) fn kind_str(kind: DepartmentKind) -> &'static str {
    match kind {
        DepartmentKind::ProfessionalOffice => "professional_office",
        DepartmentKind::Leadership => "leadership",
        DepartmentKind::MassOrganisation => "mass_organisation",
        DepartmentKind::Other => "other",
        _ => "other",
    }
}

pub(super) fn parse_kind(kind: &str) -> DepartmentKind {
    match kind {
        "professional_office" => DepartmentKind::ProfessionalOffice,
        "leadership" => DepartmentKind::Leadership,
        "mass_organisation" => DepartmentKind::MassOrganisation,
        _ => DepartmentKind::Other,
    }
}

/// The wire form of a stored department.
pub fn to_out(m: departments::Model) -> DepartmentOut {
    DepartmentOut {
        id: m.id,
        unit_id: m.unit_id,
        name: m.name,
        short_code: m.short_code,
        kind: parse_kind(&m.kind),
        description: m.description,
        head_official_id: m.head_official_id,
        display_order: m.display_order,
        active: m.archived_at.is_none(),
        created_at: m.created_at,
        updated_at: m.updated_at,
        version: m.version,
    }
}
