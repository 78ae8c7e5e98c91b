//! `GET /api/v1/search`: one search across plans, tasks, departments, officials and criteria.

use reqwest::Method;

use super::{Client, RequestOptions, Result};
use crate::types::search::{SearchQuery, SearchResults};

impl Client {
    /// `search.find`: the best matches of `query.q` among what the caller can see — plans,
    /// tasks, departments, officials and index criteria — best first. Every word must be
    /// found, in any order; case, diacritics and punctuation are ignored. A blank `q` is
    /// an error with status 400 (`invalid_query` on `q`).
    pub async fn search(&self, query: &SearchQuery) -> Result<SearchResults> {
        let options = RequestOptions::default();
        Ok(self
            .send(
                Method::GET,
                "/api/v1/search",
                Some(query),
                None::<&()>,
                &options,
            )
            .await?
            .value)
    }
}
