//! Itemized bonus and penalty criteria (điểm thưởng / điểm trừ): each with its own cap in
//! the framework, each scored by the appraiser within it.

use serde::{Deserialize, Serialize};

/// Whether an adjustment adds to the index or takes from it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum AdjustmentKind {
    /// Điểm thưởng: added to the items' points.
    Bonus,
    /// Điểm trừ: taken from the items' points.
    Penalty,
    /// A value this version of the SDK does not know (sent by a newer server): answers
    /// stay readable. Never sent; the server refuses it in requests.
    #[serde(other, skip_serializing)]
    Unknown,
}

/// A bonus or penalty criterion of a framework (tiêu chí điểm thưởng / điểm trừ), e.g.
/// "Có sáng kiến CCHC được công nhận: thưởng tối đa 1 điểm".
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AdjustmentCriterion {
    /// Code, unique in the framework (tree codes included): `T1`, `TR.2`.
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 32))]
    pub code: String,
    /// What earns the bonus or the penalty.
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 1000))]
    pub name: String,
    /// Its cap: the most points the appraiser may give (bonus) or take (penalty); points
    /// with at most two decimals (hundredths).
    #[cfg_attr(feature = "openapi", schema(minimum = 0, maximum = 100))]
    pub max_points: f64,
}

/// The appraiser's points for one bonus or penalty criterion (`PUT …/appraisal`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AdjustmentScoreIn {
    /// The criterion's code (one of the framework's `bonus_items` or `penalty_items`).
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 32))]
    pub code: String,
    /// Points given (bonus) or taken (penalty), 0..its cap, at most two decimals.
    #[cfg_attr(feature = "openapi", schema(minimum = 0, maximum = 100))]
    pub points: f64,
    /// Why (the initiative recognised, the decision of discipline, …).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(max_length = 4000))]
    pub comment: Option<String>,
}

/// One bonus or penalty criterion of an assessment, with the appraiser's points.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AdjustmentScoreOut {
    /// Code.
    pub code: String,
    /// Name.
    pub name: String,
    /// Bonus or penalty.
    pub kind: AdjustmentKind,
    /// Its cap, points.
    pub max_points: f64,
    /// Points given or taken (`null` until appraised, counting as 0).
    pub points: Option<f64>,
    /// The appraiser's comment.
    pub comment: Option<String>,
}
