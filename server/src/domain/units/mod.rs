//! Administrative units: the rules of the tree (who may be whose parent, validity periods,
//! successors) and the scoped queries every handler goes through.
//!
//! This root holds the journal of a unit's changes; the rules, queries and steps live in
//! the submodules and are re-exported here.

mod archive;
mod draft;
mod edit;
mod lineage;
mod queries;

use crate::auth::{Ctx, Scope};
use crate::domain::audit::{self, Event};
use crate::domain::write::{Journaled, Write};
use crate::entity::units;
use crate::error::{ApiError, ErrorKind};

pub use archive::{archive, restore};
pub use draft::may_parent;
pub use edit::{create, update};
pub use lineage::{Lineage, existed_on, lineage, predecessors_of, predecessors_of_many};
pub use queries::{find_visible, get, list, successors_of, to_out};

/// A unit is changed, archived or restored by the level above it (its admins, or a system
/// admin), never by its own admins: 403 for a unit admin's own unit. (README, "Who may do
/// what": create / change / archive units — `unit_admin` below its own unit.)
fn may_change(ctx: &Ctx, unit: &units::Model) -> Result<(), ApiError> {
    if ctx.scope == Scope::Everything || ctx.principal.unit_id != Some(unit.id) {
        return Ok(());
    }
    Err(ApiError::new(ErrorKind::Forbidden).with_detail(
        "Đơn vị do cấp trên (hoặc quản trị hệ thống) sửa, lưu trữ và khôi phục, không phải chính đơn vị.",
        "A unit is changed, archived and restored by the level above it (or a system admin), not by its own admins.",
    ))
}

/// Journals a change of a unit (inside the caller's transaction).
async fn journal(
    w: &Write,
    action: &str,
    before: Option<&units::Model>,
    after: &units::Model,
) -> Result<Journaled, ApiError> {
    let changes = audit::diff(
        before.cloned().map(to_out).transpose()?.as_ref(),
        Some(&to_out(after.clone())?),
    );
    let event = Event {
        resource_type: "unit",
        resource_id: Some(after.id),
        unit_id: Some(after.id),
        action,
        changes,
    };
    w.journal(event).await
}
