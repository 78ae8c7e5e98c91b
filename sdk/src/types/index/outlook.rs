//! Early warning (dự báo): "are we on track this year, before the appraisal says so?" — a
//! projection of a unit's index for a year that is not appraised yet, from what is known
//! so far, as a range (best / expected / worst), and the items most at risk.
//!
//! Points and percents travel as numbers with at most two decimals.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// Query of `GET /api/v1/index/outlook`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
pub struct OutlookQuery {
    /// The unit: a scored unit (its own outlook, ranked among its parent's units), or a
    /// parent (its children's outlooks in one table).
    pub unit_id: Uuid,
    /// The year projected; absent: the current year.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", param(minimum = 2000, maximum = 2100))]
    pub year: Option<i32>,
}

/// The outlook of a unit, or of a parent's units.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Outlook {
    /// The unit asked about.
    pub unit_id: Uuid,
    /// Its name.
    pub unit_name: String,
    /// The year projected.
    pub year: i32,
    /// The day the projection is made on (tasks past their due date on it are overdue).
    pub as_of: NaiveDate,
    /// The unit's own projection, with its items; `null` for a unit no published
    /// framework of the year applies to (a province, say).
    pub projection: Option<UnitOutlook>,
    /// A parent's units with a framework for the year, without their items: those whose
    /// expected band falls below last year's first (`falls_band`), then those whose worst
    /// case is a band lower (`band_at_risk`), then by expected index, lowest first.
    pub children: Vec<UnitOutlook>,
}

/// One unit's projection.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UnitOutlook {
    /// The unit.
    pub unit_id: Uuid,
    /// Its name.
    pub unit_name: String,
    /// The framework scoring the year.
    pub framework_id: Uuid,
    /// The unit's assessment of the year, if opened.
    pub assessment_id: Option<Uuid>,
    /// Every item at its best case.
    pub best: OutlookStanding,
    /// Every item at its expected case.
    pub expected: OutlookStanding,
    /// Every item at its worst case.
    pub worst: OutlookStanding,
    /// The band of the unit's own result of the year before, if it has one.
    pub previous_band: Option<String>,
    /// The expected band is lower than `previous_band`.
    pub falls_band: bool,
    /// The worst case's band is lower than the expected one.
    pub band_at_risk: bool,
    /// Months of portal figures reported for the year, and the months the unit exists in
    /// that year (12, or fewer for a unit formed or ended during it).
    pub portal_months: PortalMonths,
    /// The scored items, most expected points at risk first (then by code); empty in a
    /// parent's table.
    pub items: Vec<OutlookItem>,
}

/// Where a unit would stand in one case.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OutlookStanding {
    /// Total points that count (items + bonus − penalty, within 0..max).
    pub points: f64,
    /// The index, percent of the framework's max.
    pub index_percent: f64,
    /// Rating band.
    pub band: Option<String>,
    /// Rank among the parent's units with an outlook for the year, the others at their
    /// expected index (equal indexes share a rank).
    pub rank: i32,
    /// How many units are ranked, this one included.
    pub ranked_units: i32,
}

/// Portal months reported and expected.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PortalMonths {
    /// Months covered by the figures stored (a year row: 12; a quarter row: 3).
    pub reported: i32,
    /// Months of the year the unit exists.
    pub expected: i32,
}

/// What an item's projection rests on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum OutlookBasis {
    /// Settled: appraised, survey points entered, or portal figures frozen or complete.
    Settled,
    /// Portal figures for some of the months: the ratio so far holds (expected), the
    /// months to come all meet the metric (best) or none do (worst), at the volume so far.
    Portal,
    /// The unit's self-score, not appraised yet: best and expected; worst the previous
    /// year's points where lower.
    SelfAssessed,
    /// No evidence this year: the previous year's points, plus the share of the lost
    /// points of each remediation task done (worst), done or on schedule (expected), or
    /// any (best).
    PreviousYear,
    /// Nothing known: 0 points expected and worst, the max at best; remediation tasks
    /// count as for `previous_year`.
    Unknown,
}

/// The remediation tasks of an item (the unit's tasks linked to it, not cancelled).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OutlookTasks {
    /// Done.
    pub done: i32,
    /// Open, not past their due date.
    pub on_schedule: i32,
    /// Open and past their due date.
    pub overdue: i32,
}

/// One scored item's projection.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OutlookItem {
    /// The sub-criterion's code.
    pub code: String,
    /// Its name.
    pub name: String,
    /// Its max points.
    pub max_points: f64,
    /// What the projection rests on.
    pub basis: OutlookBasis,
    /// Points at best.
    pub best_points: f64,
    /// Points expected.
    pub expected_points: f64,
    /// Points at worst.
    pub worst_points: f64,
    /// Expected points at risk: the max less the expected points.
    pub points_at_risk: f64,
    /// Its remediation tasks.
    pub tasks: OutlookTasks,
}
