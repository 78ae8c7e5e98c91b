//! The one codec between the SDK's enums (statuses, kinds, forms, levels, roles …, all serde
//! `snake_case`) and the strings the database stores for them: the stored name of a value is
//! its wire name, so the SDK's own serde derive is the single table both ways. A leaf:
//! nothing here reads the database.

use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::error::ApiError;

/// The stored (and wire) name of an enum value, e.g. `"in_progress"` for
/// `TaskStatus::InProgress`.
///
/// A value without a name — the SDK's `Unknown` catch-all, which is never serialised —
/// gives the empty string: no stored row holds it (so a filter on it matches nothing) and
/// [`parse_enum`] refuses it.
pub fn enum_str<T: Serialize>(v: &T) -> String {
    match serde_json::to_value(v) {
        Ok(serde_json::Value::String(s)) => s,
        _ => String::new(),
    }
}

/// The enum value a stored string names, the inverse of [`enum_str`].
///
/// Only the exact name of a value this build knows is accepted: any other string — a typo,
/// a value written by a newer build, the empty string — is a 500 (the database holds what
/// the code cannot read; the cause, with the string, the type and the caller's location,
/// is logged). In particular the SDK's `Unknown` catch-all (`#[serde(other)]`), which
/// serde would happily produce for any string, is never returned: the value must spell
/// back to `s`. Request input never comes through here: the extractor already refused an
/// unknown value with 422.
#[track_caller]
pub fn parse_enum<T: Serialize + DeserializeOwned>(s: &str) -> Result<T, ApiError> {
    let unknown = || {
        ApiError::internal(format!(
            "unknown stored value {s:?} for {}",
            std::any::type_name::<T>()
        ))
    };
    let value: T =
        serde_json::from_value(serde_json::Value::String(s.to_owned())).map_err(|_| unknown())?;
    match serde_json::to_value(&value) {
        Ok(serde_json::Value::String(back)) if back == s => Ok(value),
        _ => Err(unknown()),
    }
}

#[cfg(test)]
mod tests {
    use cchc_sdk::types::awards::{AwardForm, ProposalStatus};
    use cchc_sdk::types::index::AssessmentStatus;
    use cchc_sdk::types::plans::PlanStatus;
    use cchc_sdk::types::tasks::{Deliverable, TaskPriority, TaskStatus};
    use cchc_sdk::types::units::UnitLevel;

    use super::*;
    use crate::error::ErrorKind;

    fn round_trip<T>(values: &[T])
    where
        T: Serialize + DeserializeOwned + PartialEq + std::fmt::Debug,
    {
        for v in values {
            let s = enum_str(v);
            assert!(!s.is_empty(), "{v:?} has a name");
            assert_eq!(parse_enum::<T>(&s).ok().as_ref(), Some(v), "{s}");
        }
    }

    #[test]
    fn every_known_value_round_trips() {
        round_trip(&[
            PlanStatus::Draft,
            PlanStatus::Submitted,
            PlanStatus::Issued,
            PlanStatus::InProgress,
            PlanStatus::Completed,
            PlanStatus::Cancelled,
        ]);
        round_trip(&[
            TaskStatus::Todo,
            TaskStatus::InProgress,
            TaskStatus::Blocked,
            TaskStatus::Done,
            TaskStatus::Cancelled,
        ]);
        round_trip(&[
            TaskPriority::Low,
            TaskPriority::Normal,
            TaskPriority::High,
            TaskPriority::Urgent,
        ]);
        round_trip(&[Deliverable::Other]);
        round_trip(&[
            AssessmentStatus::SelfAssessment,
            AssessmentStatus::Finalized,
        ]);
        round_trip(&[ProposalStatus::Draft, ProposalStatus::Awarded]);
        round_trip(&[UnitLevel::Province, UnitLevel::District, UnitLevel::Commune]);
    }

    #[test]
    fn names_are_the_snake_case_wire_names() {
        assert_eq!(enum_str(&TaskStatus::InProgress), "in_progress");
        assert_eq!(enum_str(&PlanStatus::Cancelled), "cancelled");
        assert_eq!(enum_str(&UnitLevel::Commune), "commune");
    }

    #[test]
    fn an_unknown_stored_value_is_an_internal_error() {
        for s in ["archived", "", "Draft", "in progress", "unknown"] {
            let err = parse_enum::<PlanStatus>(s).err();
            assert_eq!(err.map(|e| e.kind), Some(ErrorKind::Internal), "{s:?}");
        }
        // Even for an enum whose serde derive maps any other string to `Unknown`.
        let err = parse_enum::<AwardForm>("medal_of_honour").err();
        assert_eq!(err.map(|e| e.kind), Some(ErrorKind::Internal));
    }

    #[test]
    fn the_catch_all_has_no_stored_name() {
        assert_eq!(enum_str(&TaskStatus::Unknown), "");
        assert_eq!(enum_str(&UnitLevel::Unknown), "");
    }
}
