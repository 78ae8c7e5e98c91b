//! What the provincial public-service portal pushes: aggregated statistics per unit and
//! period, and raw dossier records, aggregated into the same statistics. Raw counts are
//! stored; ratios are computed (QĐ 766/QĐ-TTg measures).

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// A ratio computed from the counts of `PortalFigures` (the measures of QĐ 766/QĐ-TTg),
/// numerator / denominator, where `resolved` = `resolved_early` + `resolved_on_time` +
/// `resolved_late` (dossiers still processing or returned are not resolved):
///
/// - `on_time_rate`: (`resolved_early` + `resolved_on_time`) / `resolved` — of the dossiers
///   resolved, not of those received;
/// - `online_rate`: (`partly_online` + `fully_online`) / `received`;
/// - `fully_online_rate`: `fully_online` / `received`;
/// - `online_payment_rate`: `paid_online` / `received`;
/// - `electronic_result_rate`: `electronic_result` / `resolved`;
/// - `digitisation_rate`: `digitised` / `received`;
/// - `sync_rate`: `synced` / `received`;
/// - `feedback_on_time_rate`: `feedback_on_time` / `feedback_received`;
/// - `satisfaction_rate`: `satisfied` / `satisfaction_responses`.
///
/// Each is given in percent (`Ratio.percent`) and left out when its denominator is 0.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum PortalMetric {
    /// (`resolved_early` + `resolved_on_time`) / resolved (early + on time + late): divided
    /// by the dossiers resolved, not by those received.
    OnTimeRate,
    /// (`partly_online` + `fully_online`) / `received`.
    OnlineRate,
    /// `fully_online` / `received`.
    FullyOnlineRate,
    /// `paid_online` / `received`.
    OnlinePaymentRate,
    /// `electronic_result` / resolved (early + on time + late).
    ElectronicResultRate,
    /// `digitised` / `received`.
    DigitisationRate,
    /// `synced` / `received`.
    SyncRate,
    /// `feedback_on_time` / `feedback_received`.
    FeedbackOnTimeRate,
    /// `satisfied` / `satisfaction_responses`.
    SatisfactionRate,
    /// A value this version of the SDK does not know (sent by a newer server): answers
    /// stay readable. Never sent; the server refuses it in requests.
    #[serde(other, skip_serializing)]
    Unknown,
}

/// The raw counts of a unit and period.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PortalFigures {
    /// Dossiers received.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(minimum = 0, maximum = 100_000_000))]
    pub received: i64,
    /// Resolved before the due date.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(minimum = 0, maximum = 100_000_000))]
    pub resolved_early: i64,
    /// Resolved on the due date.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(minimum = 0, maximum = 100_000_000))]
    pub resolved_on_time: i64,
    /// Resolved after the due date.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(minimum = 0, maximum = 100_000_000))]
    pub resolved_late: i64,
    /// Submitted in person.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(minimum = 0, maximum = 100_000_000))]
    pub in_person: i64,
    /// Submitted partly online.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(minimum = 0, maximum = 100_000_000))]
    pub partly_online: i64,
    /// Submitted fully online.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(minimum = 0, maximum = 100_000_000))]
    pub fully_online: i64,
    /// Submitted by post.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(minimum = 0, maximum = 100_000_000))]
    pub by_post: i64,
    /// Fees paid online.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(minimum = 0, maximum = 100_000_000))]
    pub paid_online: i64,
    /// Resolved with an electronic result.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(minimum = 0, maximum = 100_000_000))]
    pub electronic_result: i64,
    /// Digitised.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(minimum = 0, maximum = 100_000_000))]
    pub digitised: i64,
    /// Synced to the national portal.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(minimum = 0, maximum = 100_000_000))]
    pub synced: i64,
    /// Feedback (phản ánh, kiến nghị) received.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(minimum = 0, maximum = 100_000_000))]
    pub feedback_received: i64,
    /// Feedback handled on time.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(minimum = 0, maximum = 100_000_000))]
    pub feedback_on_time: i64,
    /// Satisfaction responses.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(minimum = 0, maximum = 100_000_000))]
    pub satisfaction_responses: i64,
    /// Responses satisfied or very satisfied.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(minimum = 0, maximum = 100_000_000))]
    pub satisfied: i64,
}

/// One unit's statistics for a period, as pushed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({
    "unit_code": "22015", "period": "2024-03",
    "figures": {"received": 120, "resolved_early": 80, "resolved_on_time": 30, "resolved_late": 2,
                "fully_online": 60, "partly_online": 20, "in_person": 40}
})))]
pub struct StatisticsIn {
    /// The unit's administrative code.
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 32))]
    pub unit_code: String,
    /// `2024` (year), `2024-Q1` (quarter) or `2024-03` (month).
    #[cfg_attr(
        feature = "openapi",
        schema(pattern = r"^\d{4}(-Q[1-4]|-(0[1-9]|1[0-2]))?$")
    )]
    pub period: String,
    /// The counts.
    pub figures: PortalFigures,
}

/// Body of `POST /api/v1/portal/statistics`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StatisticsBatch {
    /// The rows; each replaces what was stored for its unit and period.
    #[cfg_attr(feature = "openapi", schema(min_items = 1, max_items = 1000))]
    pub rows: Vec<StatisticsIn>,
}

/// Where a period's figures came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum StatisticsSource {
    /// Pushed as aggregates.
    Aggregate,
    /// Computed from dossier records.
    Dossiers,
    /// A value this version of the SDK does not know (sent by a newer server): answers
    /// stay readable. Never sent; the server refuses it in requests.
    #[serde(other, skip_serializing)]
    Unknown,
}

/// A unit's stored statistics for a period, with the ratios.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StatisticsOut {
    /// Unit.
    pub unit_id: Uuid,
    /// Unit code.
    pub unit_code: String,
    /// Period.
    pub period: String,
    /// The counts.
    pub figures: PortalFigures,
    /// Each ratio of `PortalMetric` with its counts and percent, in the order of
    /// `PortalMetric`; a ratio whose denominator is 0 is left out (not given as 0).
    pub ratios: Vec<Ratio>,
    /// Where the figures came from.
    pub source: StatisticsSource,
    /// When they last changed.
    pub updated_at: DateTime<Utc>,
}

/// One ratio of a unit's figures for a period (formulas: `PortalMetric`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Ratio {
    /// Which ratio; its formula is in `PortalMetric`'s description.
    pub metric: PortalMetric,
    /// The count on top, as computed from the figures (e.g. for `on_time_rate`,
    /// `resolved_early` + `resolved_on_time`). Not capped: it may exceed the denominator
    /// when the pushed counts disagree.
    pub numerator: i64,
    /// The count below, never 0 (e.g. for `on_time_rate` the dossiers resolved: early + on
    /// time + late; for most others `received`).
    pub denominator: i64,
    /// min(numerator, denominator) / denominator × 100, in percent from 0 to 100 with two
    /// decimals (computed in hundredths of a percent, rounded half up): `91.67` is 91.67 %.
    #[cfg_attr(feature = "openapi", schema(minimum = 0, maximum = 100))]
    pub percent: f64,
}

/// Answer of `POST /api/v1/portal/statistics`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StatisticsAccepted {
    /// The rows as stored.
    pub rows: Vec<StatisticsOut>,
}

/// Filters of `GET /api/v1/portal/statistics`.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
pub struct StatisticsQuery {
    /// Only this unit.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit_id: Option<Uuid>,
    /// Only periods starting with this (`2024` gives the year, its quarters and months).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", param(pattern = "^[0-9Q-]{1,7}$"))]
    pub period: Option<String>,
    /// Page size, 1–200 (default 50).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", param(minimum = 1))]
    pub limit: Option<i64>,
    /// The previous page's `next_cursor`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", param(format = Uuid))]
    pub cursor: Option<String>,
}

/// How a dossier was submitted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Channel {
    /// At the one-stop shop.
    InPerson,
    /// Partly online.
    PartlyOnline,
    /// Fully online.
    FullyOnline,
    /// By post.
    Post,
    /// A value this version of the SDK does not know (sent by a newer server): answers
    /// stay readable. Never sent; the server refuses it in requests.
    #[serde(other, skip_serializing)]
    Unknown,
}

/// Where a dossier is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum DossierStatus {
    /// Being processed.
    Processing,
    /// Resolved (`finished_date` set).
    Resolved,
    /// Returned to the citizen or withdrawn.
    Returned,
    /// A value this version of the SDK does not know (sent by a newer server): answers
    /// stay readable. Never sent; the server refuses it in requests.
    #[serde(other, skip_serializing)]
    Unknown,
}

/// One dossier record (hồ sơ) from the portal.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DossierIn {
    /// The portal's dossier code: the key of the upsert.
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 64))]
    pub code: String,
    /// Procedure code.
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 64))]
    pub procedure_code: String,
    /// The unit's administrative code.
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 32))]
    pub unit_code: String,
    /// Received.
    pub received_date: NaiveDate,
    /// Due.
    pub due_date: NaiveDate,
    /// Finished (resolved dossiers).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub finished_date: Option<NaiveDate>,
    /// Status.
    pub status: DossierStatus,
    /// Channel.
    pub channel: Channel,
    /// Fees paid online.
    #[serde(default)]
    pub paid_online: bool,
    /// Electronic result issued.
    #[serde(default)]
    pub electronic_result: bool,
    /// Digitised.
    #[serde(default)]
    pub digitised: bool,
    /// Synced to the national portal.
    #[serde(default)]
    pub synced: bool,
    /// Satisfaction rating, 1 (very unsatisfied) to 5 (very satisfied); 4 and 5 count as
    /// satisfied.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(minimum = 1, maximum = 5))]
    pub satisfaction: Option<i32>,
}

/// A refused record of a dossier batch.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RecordError {
    /// Its position in the batch, from 0 (JSON array index, or NDJSON line - 1).
    pub index: usize,
    /// Its dossier code, when it could be read.
    pub code: Option<String>,
    /// What is wrong, per field.
    pub errors: Vec<super::common::FieldError>,
}

/// Answer of `POST /api/v1/portal/dossiers/batch`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BatchResult {
    /// Records read.
    pub received: usize,
    /// New dossiers stored.
    pub created: usize,
    /// Stored dossiers that changed.
    pub updated: usize,
    /// Records identical to what was stored.
    pub unchanged: usize,
    /// Records refused, by position.
    pub rejected: Vec<RecordError>,
}
