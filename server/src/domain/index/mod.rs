//! The PAR index: frameworks of criteria, each unit's assessment through self-assessment,
//! appraisal and publication, results and rankings, and the analysis of lost points.
//!
//! The arithmetic lives in [`scoring`], pure and property-tested; the rest reads and
//! writes rows and applies the rules of who may do what when.

pub mod analysis;
pub mod assessments;
pub mod criteria_csv;
pub mod frameworks;
pub mod results;
pub mod scoring;
pub mod sheet;

use serde::Serialize;
use serde::de::DeserializeOwned;
use uuid::Uuid;

use crate::domain::audit::Event;
use crate::domain::write::{Journaled, Write};
use crate::error::ApiError;

/// The wire (and storage) name of a snake_case enum value.
pub fn enum_str<T: Serialize>(v: &T) -> String {
    serde_json::to_value(v)
        .ok()
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_default()
}

/// A stored enum value; a value the code does not know is an internal error (or, for
/// input, the caller's `Err`).
pub fn parse_enum<T: DeserializeOwned>(s: &str) -> Result<T, ApiError> {
    serde_json::from_value(serde_json::Value::String(s.to_owned()))
        .map_err(|_| ApiError::internal(format!("unknown stored value {s:?}")))
}

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
