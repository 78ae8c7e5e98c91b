//! One search across what the caller can see: plans, tasks, departments, officials and the
//! criteria of the PAR-index frameworks (`GET /api/v1/search`).

use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// What a search hit is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum SearchKind {
    /// A plan (`/api/v1/plans/{id}`); matched on its title and number.
    Plan,
    /// A task (`/api/v1/tasks/{id}`); matched on its title and description.
    Task,
    /// A department (`/api/v1/departments/{id}`); matched on its name.
    Department,
    /// An official (`/api/v1/officials/{id}`); matched on the name and position.
    Official,
    /// A criterion of a PAR-index framework (its `CriterionOut.id`, in
    /// `/api/v1/index/frameworks/{framework_id}`); matched on its code and name.
    Criterion,
    /// A kind this version of the SDK does not know (sent by a newer server): answers
    /// stay readable.
    #[serde(other, skip_serializing)]
    Unknown,
}

/// The query of `GET /api/v1/search`.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
pub struct SearchQuery {
    /// What to look for, as typed: every word must be found, in any order; case,
    /// diacritics and punctuation are ignored ("van phong thong ke" finds "Văn phòng -
    /// Thống kê"). Required: blank (or punctuation only) is 400 `invalid_query` on `q`.
    #[serde(default)]
    #[cfg_attr(
        feature = "openapi",
        param(required = true, min_length = 1, max_length = 200)
    )]
    pub q: String,
    /// How many hits, 1–50 (default 20; larger is clamped).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", param(minimum = 1))]
    pub limit: Option<i64>,
}

impl SearchQuery {
    /// A search for `q` with the default number of hits.
    pub fn new(q: impl Into<String>) -> Self {
        SearchQuery {
            q: q.into(),
            limit: None,
        }
    }
}

/// One thing found.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SearchHit {
    /// What it is.
    pub kind: SearchKind,
    /// Its id, to read it from its own endpoint.
    pub id: Uuid,
    /// What it is called: a plan's or task's title, a department's name, an official's
    /// full name, a criterion's name.
    pub title: String,
    /// The unit it belongs to (for a criterion, the unit that issued the framework).
    pub unit_id: Uuid,
    /// What else tells it apart: a plan's number, a task's description (first 160
    /// characters), a department's short code, an official's position, a criterion's code
    /// and framework.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub snippet: Option<String>,
    /// How well it matches, higher first; comparable within one answer only. The
    /// thousands are the tier — 3 the whole query as a phrase in the title, 2 every word
    /// starting a word of the title, 1 every word inside the title, 0 found only in the
    /// other searched text (number, description, position) — the rest favours shorter
    /// titles.
    pub score: i64,
}

/// The answer of `GET /api/v1/search`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SearchResults {
    /// The best matches, best first (by `score`, then kind, title and id).
    pub data: Vec<SearchHit>,
    /// The words searched for, as matched: folded (lower case, no diacritics), in the
    /// order typed.
    pub words: Vec<String>,
    /// Whether more matched than `limit` allowed.
    pub has_more: bool,
}
