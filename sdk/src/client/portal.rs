//! Methods of `/api/v1/portal`: what the public-service portal pushes.

use futures_util::Stream;
use reqwest::Method;

use super::resource::Endpoint;
use super::{Client, Response, Result};
use crate::types::common::Page;
use crate::types::portal::{
    BatchResult, DossierIn, StatisticsAccepted, StatisticsBatch, StatisticsOut, StatisticsQuery,
};

const DOSSIERS: &str = "/api/v1/portal/dossiers/batch";

/// The `Content-Type` of a dossier batch sent one record per line.
const NDJSON: &str = "application/x-ndjson";

/// Portal operations (`portal.statistics.*`, `portal.dossiers.*`).
#[derive(Debug, Clone)]
pub struct Portal<'c> {
    endpoint: Endpoint<'c>,
}

impl<'c> Portal<'c> {
    call_options!(endpoint, posts_only);

    pub(crate) fn new(client: &'c Client) -> Self {
        Portal {
            endpoint: Endpoint::new(client, "/api/v1/portal/statistics"),
        }
    }

    /// `portal.statistics.push`: aggregated counts per unit code and period; each row
    /// replaces what was stored, all rows or none.
    pub async fn push_statistics(
        &self,
        batch: &StatisticsBatch,
    ) -> Result<Response<StatisticsAccepted>> {
        self.endpoint.create(batch).await
    }

    /// `portal.statistics.list`.
    pub async fn list_statistics(&self, query: &StatisticsQuery) -> Result<Page<StatisticsOut>> {
        self.endpoint.list(query).await
    }

    /// `portal.statistics.list`, every page, fetched lazily.
    pub fn list_all_statistics(
        &self,
        query: StatisticsQuery,
    ) -> impl Stream<Item = Result<StatisticsOut>> + 'c {
        self.endpoint.list_all(query, |q, c| q.cursor = c)
    }

    /// `portal.dossiers.push` as a JSON array: each good record is upserted by its dossier
    /// code, each bad one reported by position in `rejected`. Re-sending changes nothing,
    /// so a retry is safe.
    pub async fn push_dossiers(&self, records: &[DossierIn]) -> Result<Response<BatchResult>> {
        self.endpoint
            .client
            .send(
                Method::POST,
                DOSSIERS,
                None::<&()>,
                Some(records),
                &self.endpoint.options,
            )
            .await
    }

    /// `portal.dossiers.push` as NDJSON (one record per line, sent as
    /// `application/x-ndjson`); `rejected[].index` is the line number − 1.
    pub async fn push_dossiers_ndjson(
        &self,
        body: impl Into<String>,
    ) -> Result<Response<BatchResult>> {
        self.endpoint
            .client
            .send_text(
                Method::POST,
                DOSSIERS,
                NDJSON,
                body.into(),
                &self.endpoint.options,
            )
            .await
    }
}
