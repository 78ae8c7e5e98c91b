//! Methods of `/api/v1/webhooks`: subscriptions and their delivery logs.

use futures_util::Stream;
use reqwest::Method;
use uuid::Uuid;

use super::resource::Endpoint;
use super::{Client, Response, Result};
use crate::types::common::Page;
use crate::types::webhooks::{
    WebhookDeliveryOut, WebhookIn, WebhookListQuery, WebhookOut, WebhookPatch, WebhookWithSecret,
};

const NO_QUERY: Option<&()> = None;
const NO_BODY: Option<&()> = None;

/// Webhook operations (`webhooks.*`).
#[derive(Debug, Clone)]
pub struct Webhooks<'c> {
    endpoint: Endpoint<'c>,
}

impl<'c> Webhooks<'c> {
    call_options!(endpoint);

    pub(crate) fn new(client: &'c Client) -> Self {
        Webhooks {
            endpoint: Endpoint::new(client, "/api/v1/webhooks"),
        }
    }

    /// `webhooks.list`.
    pub async fn list(&self, query: &WebhookListQuery) -> Result<Page<WebhookOut>> {
        self.endpoint.list(query).await
    }

    /// `webhooks.list`, every page, fetched lazily.
    pub fn list_all(&self, query: WebhookListQuery) -> impl Stream<Item = Result<WebhookOut>> + 'c {
        self.endpoint.list_all(query, |q, c| q.cursor = c)
    }

    /// `webhooks.get`.
    pub async fn get(&self, id: Uuid) -> Result<Response<WebhookOut>> {
        self.endpoint.get(id).await
    }

    /// `webhooks.create`: the answer holds the signing secret, shown this once.
    pub async fn create(&self, input: &WebhookIn) -> Result<Response<WebhookWithSecret>> {
        self.endpoint.create(input).await
    }

    /// `webhooks.update` of a subscription as read (412 if it changed since).
    pub async fn update(
        &self,
        current: &WebhookOut,
        patch: &WebhookPatch,
    ) -> Result<Response<WebhookOut>> {
        self.endpoint
            .update(current.id, Some(current.version), patch)
            .await
    }

    /// `webhooks.delete`: the subscription and its delivery log.
    pub async fn delete(&self, id: Uuid) -> Result<()> {
        self.endpoint.delete(id).await
    }

    /// `webhooks.deliveries.list`: the newest deliveries of a subscription first.
    pub async fn deliveries(
        &self,
        id: Uuid,
        query: &WebhookListQuery,
    ) -> Result<Page<WebhookDeliveryOut>> {
        Ok(self
            .endpoint
            .client
            .send(
                Method::GET,
                &format!("/api/v1/webhooks/{id}/deliveries"),
                Some(query),
                NO_BODY,
                &self.endpoint.options,
            )
            .await?
            .value)
    }

    /// `webhooks.deliveries.redeliver`: sends the event again (a new series of attempts,
    /// same `webhook-id`).
    pub async fn redeliver(
        &self,
        id: Uuid,
        delivery_id: Uuid,
    ) -> Result<Response<WebhookDeliveryOut>> {
        self.endpoint
            .client
            .send(
                Method::POST,
                &format!("/api/v1/webhooks/{id}/deliveries/{delivery_id}/redeliver"),
                NO_QUERY,
                NO_BODY,
                &self.endpoint.options,
            )
            .await
    }
}
