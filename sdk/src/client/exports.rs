//! Methods of `/api/v1/exports`: export jobs, their progress and their files.

use std::time::Duration;

use futures_util::Stream;
use uuid::Uuid;

use super::resource::Endpoint;
use super::{Client, Response, Result};
use crate::types::common::Page;
use crate::types::exports::{ExportIn, ExportListQuery, ExportOut, ExportStatus};

/// Export jobs (`exports.*`).
#[derive(Debug, Clone)]
pub struct Exports<'c> {
    endpoint: Endpoint<'c>,
}

impl<'c> Exports<'c> {
    call_options!(endpoint);

    pub(crate) fn new(client: &'c Client) -> Self {
        Exports {
            endpoint: Endpoint::new(client, "/api/v1/exports"),
        }
    }

    /// `exports.list`: your jobs, oldest first.
    pub async fn list(&self, query: &ExportListQuery) -> Result<Page<ExportOut>> {
        self.endpoint.list(query).await
    }

    /// `exports.list`, every page, fetched lazily.
    pub fn list_all(&self, query: ExportListQuery) -> impl Stream<Item = Result<ExportOut>> + 'c {
        self.endpoint.list_all(query, |q, c| q.cursor = c)
    }

    /// `exports.get`: where a job stands.
    pub async fn get(&self, id: Uuid) -> Result<Response<ExportOut>> {
        self.endpoint.get(id).await
    }

    /// `exports.create`: queues a job; the answer (202) is the job, `queued`.
    pub async fn create(&self, input: &ExportIn) -> Result<Response<ExportOut>> {
        self.endpoint.create(input).await
    }

    /// `exports.delete`: cancels or removes a job.
    pub async fn delete(&self, id: Uuid) -> Result<()> {
        self.endpoint.delete(id).await
    }

    /// Polls a job every `every` until it has succeeded or failed, calling `on_progress`
    /// with each state read (for a progress bar), and returns the final job. It sets no
    /// overall limit: wrap it in `tokio::time::timeout` for one.
    pub async fn wait(
        &self,
        id: Uuid,
        every: Duration,
        mut on_progress: impl FnMut(&ExportOut),
    ) -> Result<ExportOut> {
        loop {
            let job = self.get(id).await?.value;
            on_progress(&job);
            if matches!(job.status, ExportStatus::Succeeded | ExportStatus::Failed) {
                return Ok(job);
            }
            tokio::time::sleep(every).await;
        }
    }

    /// `exports.download`: the file of a succeeded job, streamed as it arrives (CSV with
    /// its byte order mark, XLSX or JSON). A job not finished is a 409 problem.
    pub async fn download(
        &self,
        id: Uuid,
    ) -> Result<impl Stream<Item = Result<bytes::Bytes>> + use<>> {
        self.endpoint
            .client
            .download(&format!("/api/v1/exports/{id}/file"))
            .await
    }
}
