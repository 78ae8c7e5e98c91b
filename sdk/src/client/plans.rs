//! Methods of `/api/v1/plans`.

use futures_util::Stream;
use reqwest::Method;
use uuid::Uuid;

use super::resource::Endpoint;
use super::{Client, Response, Result, etag_of};
use crate::types::common::Page;
use crate::types::plans::{
    DocumentFormat, DocumentQuery, IssueRequest, OptionalReason, PlanAmendment, PlanContent,
    PlanIn, PlanListQuery, PlanOut, Reason,
};

/// Plan operations (`plans.*`). Actions on a plan as read send its version as `If-Match`.
#[derive(Debug, Clone)]
pub struct Plans<'c> {
    endpoint: Endpoint<'c>,
}

impl<'c> Plans<'c> {
    call_options!(endpoint);

    pub(crate) fn new(client: &'c Client) -> Self {
        Plans {
            endpoint: Endpoint::new(client, "/api/v1/plans"),
        }
    }

    /// `plans.list`.
    pub async fn list(&self, query: &PlanListQuery) -> Result<Page<PlanOut>> {
        self.endpoint.list(query).await
    }

    /// `plans.list`, every page, fetched lazily.
    pub fn list_all(&self, query: PlanListQuery) -> impl Stream<Item = Result<PlanOut>> + 'c {
        self.endpoint.list_all(query, |q, c| q.cursor = c)
    }

    /// `plans.get`.
    pub async fn get(&self, id: Uuid) -> Result<Response<PlanOut>> {
        self.endpoint.get(id).await
    }

    /// `plans.create`: a draft.
    pub async fn create(&self, input: &PlanIn) -> Result<Response<PlanOut>> {
        self.endpoint.create(input).await
    }

    fn conditional(&self, plan: &PlanOut) -> super::RequestOptions {
        let mut options = self.endpoint.options.clone();
        options
            .if_match
            .get_or_insert_with(|| etag_of(plan.version));
        options
    }

    async fn post<B: serde::Serialize>(
        &self,
        plan: &PlanOut,
        action: &str,
        body: Option<&B>,
    ) -> Result<Response<PlanOut>> {
        let path = format!("/api/v1/plans/{}/{action}", plan.id);
        self.endpoint
            .client
            .send(
                Method::POST,
                &path,
                None::<&()>,
                body,
                &self.conditional(plan),
            )
            .await
    }

    /// `plans.replace_content` of a draft as read.
    pub async fn replace_content(
        &self,
        plan: &PlanOut,
        content: &PlanContent,
    ) -> Result<Response<PlanOut>> {
        let path = format!("/api/v1/plans/{}/content", plan.id);
        self.endpoint
            .client
            .send(
                Method::PUT,
                &path,
                None::<&()>,
                Some(content),
                &self.conditional(plan),
            )
            .await
    }

    /// `plans.submit`.
    pub async fn submit(&self, plan: &PlanOut) -> Result<Response<PlanOut>> {
        self.post::<()>(plan, "submit", None).await
    }

    /// `plans.return`: back to draft, with the reason.
    pub async fn return_to_draft(&self, plan: &PlanOut, reason: &str) -> Result<Response<PlanOut>> {
        self.post(
            plan,
            "return",
            Some(&Reason {
                reason: reason.to_owned(),
            }),
        )
        .await
    }

    /// `plans.issue`: assigns the number (of the issue date's year; today unless given).
    pub async fn issue(&self, plan: &PlanOut, request: &IssueRequest) -> Result<Response<PlanOut>> {
        self.post(plan, "issue", Some(request)).await
    }

    /// `plans.start`.
    pub async fn start(&self, plan: &PlanOut) -> Result<Response<PlanOut>> {
        self.post::<()>(plan, "start", None).await
    }

    /// `plans.complete`.
    pub async fn complete(&self, plan: &PlanOut) -> Result<Response<PlanOut>> {
        self.post::<()>(plan, "complete", None).await
    }

    /// `plans.cancel`.
    pub async fn cancel(&self, plan: &PlanOut, reason: Option<&str>) -> Result<Response<PlanOut>> {
        self.post(
            plan,
            "cancel",
            Some(&OptionalReason {
                reason: reason.map(str::to_owned),
            }),
        )
        .await
    }

    /// `plans.document`: the official document (DOCX or PDF) as a byte stream, read as it
    /// arrives (write it to a file without holding it whole).
    pub async fn document(
        &self,
        id: Uuid,
        format: DocumentFormat,
    ) -> Result<impl futures_util::Stream<Item = Result<bytes::Bytes>>> {
        let query = DocumentQuery {
            format: Some(format),
        };
        let res = self
            .endpoint
            .client
            .raw(Method::GET, &format!("/api/v1/plans/{id}/document"))
            .await?
            .query(&query)
            .send()
            .await
            .map_err(super::Error::transport)?;
        let status = res.status();
        if !status.is_success() {
            let body = res.bytes().await.map_err(super::Error::transport)?;
            return Err(super::problem_error(status, &body));
        }
        use futures_util::TryStreamExt;
        Ok(res.bytes_stream().map_err(super::Error::transport))
    }

    /// `plans.amend`: new content for an issued plan, same number.
    pub async fn amend(
        &self,
        plan: &PlanOut,
        amendment: &PlanAmendment,
    ) -> Result<Response<PlanOut>> {
        self.post(plan, "amend", Some(amendment)).await
    }
}
