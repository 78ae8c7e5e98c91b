//! The PAR index: frameworks of criteria, each unit's assessment through self-assessment,
//! appraisal and publication, results and rankings, and the analysis of lost points.
//!
//! The arithmetic lives in [`scoring`], pure and property-tested; the rest reads and
//! writes rows and applies the rules of who may do what when.

pub mod analysis;
pub mod assessments;
pub mod criteria_csv;
pub mod frameworks;
pub mod frozen;
pub mod outlook;
pub mod outlook_items;
pub mod outlook_math;
#[cfg(test)]
mod outlook_tests;
pub mod outlook_watch;
pub mod percents;
pub mod rankings;
pub mod results;
pub mod scoring;
pub mod sheet;
pub mod what_if;
pub mod what_if_math;
#[cfg(test)]
mod what_if_tests;

pub use assessments::causes;

use uuid::Uuid;

use crate::domain::audit::Event;
use crate::domain::write::{Journaled, Write};
use crate::error::ApiError;

/// Journals a change of an index (or award) resource, in the change's transaction.
pub async fn journal(
    w: &Write,
    resource_type: &'static str,
    id: Uuid,
    unit_id: Uuid,
    action: &'static str,
    changes: serde_json::Value,
) -> Result<Journaled, ApiError> {
    let event = Event {
        resource_type,
        resource_id: Some(id),
        unit_id: Some(unit_id),
        action,
        changes,
    };
    w.journal(event).await
}
