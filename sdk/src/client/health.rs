//! The health probes `GET /healthz` and `GET /readyz`, outside `/api/v1`.

use reqwest::Method;

use super::{Client, Error, Response, Result};
use crate::types::common::Health;

/// Health probes (`health.*`). They send no credentials and are never retried: a probe
/// reports how the server is now.
#[derive(Debug, Clone)]
pub struct HealthProbes<'c> {
    client: &'c Client,
}

impl<'c> HealthProbes<'c> {
    pub(crate) fn new(client: &'c Client) -> Self {
        HealthProbes { client }
    }

    /// `health.live`: whether the server process is up (`status: "ok"`).
    pub async fn live(&self) -> Result<Health> {
        self.probe("/healthz").await
    }

    /// `health.ready`: whether the server can serve, its database answering; an error with
    /// status 503 while it cannot.
    pub async fn ready(&self) -> Result<Health> {
        self.probe("/readyz").await
    }

    async fn probe(&self, path: &str) -> Result<Health> {
        let res = self
            .client
            .anonymous(Method::GET, path)?
            .send()
            .await
            .map_err(Error::transport)?;
        Ok(Response::<Health>::read(res).await?.value)
    }
}
