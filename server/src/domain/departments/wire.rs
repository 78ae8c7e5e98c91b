//! The wire form of a department.

use cchc_sdk::types::departments::DepartmentOut;

use crate::domain::codec::parse_enum;
use crate::entity::departments;
use crate::error::ApiError;

/// The wire form of a stored department.
pub fn to_out(m: departments::Model) -> Result<DepartmentOut, ApiError> {
    Ok(DepartmentOut {
        id: m.id,
        unit_id: m.unit_id,
        name: m.name,
        short_code: m.short_code,
        kind: parse_enum(&m.kind)?,
        description: m.description,
        head_official_id: m.head_official_id,
        display_order: m.display_order,
        active: m.archived_at.is_none(),
        created_at: m.created_at,
        updated_at: m.updated_at,
        version: m.version,
    })
}
