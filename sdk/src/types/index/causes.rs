//! Why a unit lost points on an item, and what its responsible department proposes: what
//! the seed plan's section V.3 asks of "the departments assigned to the criteria"
//! (phân tích nguyên nhân, đề xuất giải pháp), quoted by the evaluation report.

use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// Body of `PUT /api/v1/index/assessments/{id}/items/{code}/cause`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CauseIn {
    /// Why the points were lost (nguyên nhân), as the department sees it.
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 4000))]
    pub cause: String,
    /// What the department proposes to do about it (giải pháp); may be empty while the
    /// department is still working it out.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(max_length = 4000))]
    pub solution: String,
}

/// A lost item's cause and proposed solution, as recorded.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CauseOut {
    /// The assessment.
    pub assessment_id: Uuid,
    /// The item's code ("3.2.1").
    pub code: String,
    /// Its name.
    pub name: String,
    /// Points lost on it.
    pub lost_points: f64,
    /// The department responsible for the item, which wrote the cause.
    pub department_id: Option<Uuid>,
    /// Why the points were lost.
    pub cause: String,
    /// What is proposed.
    pub solution: String,
    /// When it was written (RFC 3339, UTC).
    pub updated_at: chrono::DateTime<chrono::Utc>,
}
