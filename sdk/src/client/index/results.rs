//! Methods of `/api/v1/index/results`: published results and rankings.

use reqwest::Method;
use uuid::Uuid;

use super::{NO_BODY, NO_QUERY};
use crate::client::resource::Endpoint;
use crate::client::{Client, Response, Result};
use crate::types::index::{Outlook, OutlookQuery, Ranking, RankingQuery, ResultOut};

/// Published results (`index.results.*`).
#[derive(Debug, Clone)]
pub struct Results<'c> {
    endpoint: Endpoint<'c>,
}

impl<'c> Results<'c> {
    pub(crate) fn new(client: &'c Client) -> Self {
        Results {
            endpoint: Endpoint::new(client, "/api/v1/index/results"),
        }
    }

    /// `index.results.ranking`: the published results of a parent's units for a year,
    /// best first.
    pub async fn ranking(&self, query: &RankingQuery) -> Result<Ranking> {
        Ok(self
            .endpoint
            .client
            .send(
                Method::GET,
                self.endpoint.path,
                Some(query),
                NO_BODY,
                &self.endpoint.options,
            )
            .await?
            .value)
    }

    /// `index.results.get`: a unit's published result for a year (404 until published).
    pub async fn get(&self, unit_id: Uuid, year: i32) -> Result<Response<ResultOut>> {
        let path = format!("/api/v1/index/results/{unit_id}/{year}");
        self.endpoint
            .client
            .send(
                Method::GET,
                &path,
                NO_QUERY,
                NO_BODY,
                &self.endpoint.options,
            )
            .await
    }

    /// `index.outlook.get`: the projection of a unit's index for a year not appraised yet
    /// (best, expected, worst; the items most at risk), or a parent's units in one table.
    /// Changes nothing.
    pub async fn outlook(&self, query: &OutlookQuery) -> Result<Outlook> {
        Ok(self
            .endpoint
            .client
            .send(
                Method::GET,
                "/api/v1/index/outlook",
                Some(query),
                NO_BODY,
                &self.endpoint.options,
            )
            .await?
            .value)
    }
}
