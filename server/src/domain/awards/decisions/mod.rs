//! Award decisions (Quyết định khen thưởng): draft -> `issue` (numbered "…/QĐ-…", dated,
//! money fixed from the base salary in force that day) -> `revoke` (with a reason).
//!
//! Issuing checks every rule again, at the moment it matters: the issuer's authority, one
//! title per person and year, and the "Chiến sĩ thi đua cơ sở" quota.
//!
//! This root holds the errors the steps share; the steps live in the submodules and are
//! re-exported here.

mod create;
mod document;
mod issue;
mod queries;
mod revoke;

use cchc_sdk::types::awards::AwardForm;

use crate::domain::awards::rules;

use crate::error::{ApiError, FieldIssue, Text};

pub use create::create;
pub use issue::issue;
pub use queries::{awards, get, list, to_out};
pub use revoke::revoke;

/// The document type code of decisions.
pub const TYPE_CODE: &str = "QĐ";

fn beyond_authority(form: AwardForm, level: &str, law: &rules::InForce<'_>) -> ApiError {
    let basis = &law.authority.legal_basis;
    let on = law.on.format("%d/%m/%Y");
    let cap = crate::error::vi_term(level);
    ApiError::validation(vec![FieldIssue::new(
        "form",
        "beyond_authority",
        Text::new(
            format!(
                "Chủ tịch UBND cấp {cap} không có thẩm quyền tặng \"{}\" tại ngày {on} ({basis}).",
                form.name_vi()
            ),
            format!(
                "A {level} chairman may not grant \"{}\" on {on} ({basis}).",
                form.name_vi()
            ),
        ),
    )])
    .with_detail(
        "Hình thức khen thưởng vượt thẩm quyền của đơn vị ban hành.",
        "The form is beyond the issuing unit's authority.",
    )
}

fn transition_error(current: &str, action: &str, allowed: &[&str]) -> ApiError {
    crate::domain::lifecycle::refused(
        ("quyết định", "decision"),
        current,
        action,
        allowed.iter().copied(),
    )
}
