//! Wire types: what crosses the API, one module per resource.

pub mod api_clients;
pub mod audit;
pub mod auth;
pub mod awards;
pub mod common;
pub mod departments;
pub mod exports;
pub mod index;
pub mod officials;
pub mod plans;
pub mod portal;
pub mod reports;
pub mod search;
pub mod tasks;
pub mod units;
pub mod users;
pub mod webhooks;

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    /// An SDK built today reads the answers of a newer server: fields it does not know are
    /// skipped, enum values it does not know become `Unknown`.
    #[test]
    fn answers_of_a_newer_server_stay_readable() {
        let body = r#"{
            "id": "01932c7e-0000-7000-8000-000000000001", "code": "22081",
            "name": "Xã Tây Hòa", "level": "special_zone", "parent_id": null,
            "valid_from": "2025-07-01", "valid_to": null, "successor_ids": [],
            "archived": false, "created_at": "2026-01-01T00:00:00Z",
            "updated_at": "2026-01-01T00:00:00Z", "version": 1,
            "population": 41234, "merged_from": ["22072", "22075"]
        }"#;
        let unit: super::units::UnitOut = serde_json::from_str(body).unwrap();
        assert_eq!(unit.level, super::units::UnitLevel::Unknown);
        assert_eq!(unit.name, "Xã Tây Hòa");
        let status: super::tasks::TaskStatus = serde_json::from_str(r#""escalated""#).unwrap();
        assert_eq!(status, super::tasks::TaskStatus::Unknown);
        // Known values still read as themselves.
        let known: super::tasks::TaskStatus = serde_json::from_str(r#""done""#).unwrap();
        assert_eq!(known, super::tasks::TaskStatus::Done);
    }
}
