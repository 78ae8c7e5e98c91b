//! Administrative units: the rules of the tree (who may be whose parent, validity periods,
//! successors) and the scoped queries every handler goes through.
//!
//! This root holds the journal of a unit's changes; the rules, queries and steps live in
//! the submodules and are re-exported here.

mod archive;
mod draft;
mod edit;
mod queries;

use crate::domain::audit::{self, Event};
use crate::domain::write::{Journaled, Write};
use crate::entity::units;
use crate::error::ApiError;

pub use archive::{archive, restore};
pub use draft::may_parent;
pub use edit::{create, update};
pub use queries::{find_visible, get, list, parse_level, successors_of, to_out};

/// Journals a change of a unit (inside the caller's transaction).
async fn journal(
    w: &Write,
    action: &str,
    before: Option<&units::Model>,
    after: &units::Model,
) -> Result<Journaled, ApiError> {
    let changes = audit::diff(
        before.cloned().map(to_out).as_ref(),
        Some(&to_out(after.clone())),
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
