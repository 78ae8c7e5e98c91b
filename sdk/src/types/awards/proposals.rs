//! Award proposals and the emulation council's review.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::{AwardForm, RecipientIn, RecipientOut};

/// Where a proposal is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum ProposalStatus {
    /// Being written.
    Draft,
    /// Before the emulation council (Hội đồng thi đua - khen thưởng).
    Submitted,
    /// The council recommends it.
    Recommended,
    /// The council does not.
    NotRecommended,
    /// Withdrawn by the proposer.
    Withdrawn,
    /// In an issued decision.
    Awarded,
    /// A value this version of the SDK does not know (sent by a newer server): answers
    /// stay readable. Never sent; the server refuses it in requests.
    #[serde(other, skip_serializing)]
    Unknown,
}

/// A proposal to create.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ProposalIn {
    /// The unit whose awards it is (the recipients' unit).
    pub unit_id: Uuid,
    /// The proposing department, if a department proposes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub proposer_department_id: Option<Uuid>,
    /// The year of the achievement.
    #[cfg_attr(feature = "openapi", schema(minimum = 2000, maximum = 2100))]
    pub year: i32,
    /// The form or title proposed.
    pub form: AwardForm,
    /// For whom.
    pub recipient: RecipientIn,
    /// The achievement (thành tích).
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 4000))]
    pub achievement: String,
    /// A plan it relates to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub plan_id: Option<Uuid>,
    /// A task it relates to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub task_id: Option<Uuid>,
    /// An index assessment it relates to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub assessment_id: Option<Uuid>,
}

/// Body of `POST /api/v1/awards/proposals/{id}/review`: the council's conclusion.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReviewIn {
    /// Whether the council recommends the award.
    pub recommend: bool,
    /// Votes for.
    #[cfg_attr(feature = "openapi", schema(minimum = 0, maximum = 1000))]
    pub votes_for: i32,
    /// Votes against.
    #[cfg_attr(feature = "openapi", schema(minimum = 0, maximum = 1000))]
    pub votes_against: i32,
    /// The minutes (biên bản) of the meeting, e.g. `05/BB-HĐTĐKT`.
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 200))]
    pub minutes_reference: String,
}

/// The council's review of a proposal.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReviewOut {
    /// Recommended or not.
    pub recommend: bool,
    /// Votes for.
    pub votes_for: i32,
    /// Votes against.
    pub votes_against: i32,
    /// The minutes.
    pub minutes_reference: String,
    /// When.
    pub reviewed_at: DateTime<Utc>,
}

/// A proposal as the API returns it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ProposalOut {
    /// Identifier.
    pub id: Uuid,
    /// The unit.
    pub unit_id: Uuid,
    /// The proposing department.
    pub proposer_department_id: Option<Uuid>,
    /// Year.
    pub year: i32,
    /// Form or title.
    pub form: AwardForm,
    /// For whom.
    pub recipient: RecipientOut,
    /// The achievement.
    pub achievement: String,
    /// Related plan.
    pub plan_id: Option<Uuid>,
    /// Related task.
    pub task_id: Option<Uuid>,
    /// Related index assessment.
    pub assessment_id: Option<Uuid>,
    /// Status.
    pub status: ProposalStatus,
    /// The council's review.
    pub review: Option<ReviewOut>,
    /// The decision that awarded it.
    pub decision_id: Option<Uuid>,
    /// When it was created.
    pub created_at: DateTime<Utc>,
    /// When it last changed.
    pub updated_at: DateTime<Utc>,
    /// Version, the `ETag`.
    pub version: i32,
}

/// Filters of `GET /api/v1/awards/proposals`.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
pub struct ProposalListQuery {
    /// Only this unit.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit_id: Option<Uuid>,
    /// Only this year.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", param(minimum = 2000, maximum = 2100))]
    pub year: Option<i32>,
    /// Only this form.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub form: Option<AwardForm>,
    /// Only this status.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<ProposalStatus>,
    /// Page size, 1–200 (default 50).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", param(minimum = 1))]
    pub limit: Option<i64>,
    /// The previous page's `next_cursor`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", param(format = Uuid))]
    pub cursor: Option<String>,
}
