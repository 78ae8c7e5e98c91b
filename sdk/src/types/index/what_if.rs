//! What-if: "if we fix these items, where do we land?" — the index, band and rank an
//! assessment would reach with lost points regained (the sibling units' published results
//! held fixed), the cheapest sets of lost items that reach the next band and the next
//! rank, and the points each remediation task is expected to bring back.
//!
//! Points and indexes travel as numbers with at most two decimals (points, percent);
//! costs are days (see [`WhatIfCostBasis`]).

use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::types::tasks::TaskStatus;

/// Body of `POST /api/v1/index/assessments/{id}/what-if`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct WhatIfIn {
    /// The lost items to regain, each named once; absent: every lost item, all its lost
    /// points; empty: nothing regained (the answer still gives the cheapest sets).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(max_items = 500))]
    pub items: Option<Vec<RegainIn>>,
}

/// One item to regain.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RegainIn {
    /// The sub-criterion's code (`1.1.2`), as the analysis lists it.
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 50))]
    pub code: String,
    /// Points regained, from 0 to the points it lost, at most two decimals; absent: all
    /// its lost points.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(minimum = 0))]
    pub points: Option<f64>,
}

/// Where an assessment stands, or would stand.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct WhatIfStanding {
    /// Total points that count (items + bonus − penalty, within 0..max).
    pub points: f64,
    /// The index, percent of the framework's max.
    pub index_percent: f64,
    /// Rating band.
    pub band: Option<String>,
    /// Rank among the units of the same parent with a published result that year (equal
    /// indexes share a rank).
    pub rank: i32,
    /// How many units are ranked: those siblings and this unit.
    pub ranked_units: i32,
}

/// Where an item's cost comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum WhatIfCostBasis {
    /// The days its remediation tasks are planned over (start to due date, both counted),
    /// summed over its tasks that have both dates and are not cancelled.
    PlannedDays,
    /// No task of it has both dates: the average of the other items' planned days
    /// (rounded half up, at least 1).
    AverageOfPlanned,
    /// No lost item has a planned task: every item costs 1.
    Equal,
    /// A value this version of the SDK does not know (sent by a newer server).
    #[serde(other, skip_serializing)]
    Unknown,
}

/// A lost item of the what-if.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct WhatIfItem {
    /// The framework node (tasks link to it).
    pub criterion_id: Uuid,
    /// Code.
    pub code: String,
    /// Name.
    pub name: String,
    /// Points lost.
    pub lost_points: f64,
    /// Points this what-if regains on it.
    pub regained_points: f64,
    /// What regaining all its lost points costs, days (or 1 with equal costs).
    pub cost: f64,
    /// Where the cost comes from.
    pub cost_basis: WhatIfCostBasis,
    /// Its remediation tasks (not cancelled).
    pub task_ids: Vec<Uuid>,
}

/// An item of a cheapest set: all its lost points regained.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CheapestItem {
    /// Code.
    pub code: String,
    /// Name.
    pub name: String,
    /// Points regained (all it lost).
    pub points: f64,
    /// Its cost.
    pub cost: f64,
}

/// The cheapest set of lost items reaching a target: least total cost, then fewest
/// items, then the lowest codes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CheapestSet {
    /// The index to reach, percent: the next band's lower bound, or the index of the
    /// nearest better-ranked sibling.
    pub target_index_percent: f64,
    /// The items, by code.
    pub items: Vec<CheapestItem>,
    /// Points regained in all.
    pub points: f64,
    /// Total cost.
    pub cost: f64,
    /// Where the assessment would stand.
    pub result: WhatIfStanding,
}

/// The points a remediation task is expected to bring back.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TaskExpectedPoints {
    /// The task.
    pub task_id: Uuid,
    /// Its plan.
    pub plan_id: Option<Uuid>,
    /// Its title.
    pub title: String,
    /// Its status.
    pub status: TaskStatus,
    /// The lost item it targets.
    pub code: String,
    /// The item's lost points shared equally among its tasks that are not cancelled (the
    /// remainder's hundredths to the earliest tasks).
    pub expected_points: f64,
}

/// Answer of `POST /api/v1/index/assessments/{id}/what-if`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct WhatIf {
    /// Assessment.
    pub assessment_id: Uuid,
    /// Unit.
    pub unit_id: Uuid,
    /// Year.
    pub year: i32,
    /// Where it stands now.
    pub current: WhatIfStanding,
    /// Where it would stand with the points regained.
    pub what_if: WhatIfStanding,
    /// Points regained in all.
    pub regained_points: f64,
    /// The lost items, by code, with what this what-if regains on each and its cost.
    pub items: Vec<WhatIfItem>,
    /// The cheapest set reaching the next band; `null` in the top band or when even every
    /// lost point does not reach it.
    pub next_band: Option<CheapestSet>,
    /// The cheapest set reaching the next better rank; `null` when first or unreachable.
    pub next_rank: Option<CheapestSet>,
    /// The unit's remediation tasks targeting lost items, with their expected points, by
    /// code then creation.
    pub tasks: Vec<TaskExpectedPoints>,
}
