//! Methods of `/api/v1/index/frameworks`: criteria trees, their sheets and the
//! publication of results.

use futures_util::Stream;
use reqwest::Method;
use uuid::Uuid;

use super::{NO_BODY, NO_QUERY};
use crate::client::resource::Endpoint;
use crate::client::{Client, RequestOptions, Response, Result, etag_of};
use crate::types::common::Page;
use crate::types::index::{
    CopyFramework, CriterionIn, FrameworkIn, FrameworkListQuery, FrameworkOut, FrameworkPatch,
    PublicationOut, PublishResults, SheetFormat, SheetQuery,
};

/// The `Content-Type` of a criteria sheet sent as CSV.
const CSV: &str = "text/csv; charset=utf-8";

/// Framework operations (`index.frameworks.*`). Changes to a framework as read send its
/// version as `If-Match`.
#[derive(Debug, Clone)]
pub struct Frameworks<'c> {
    endpoint: Endpoint<'c>,
}

impl<'c> Frameworks<'c> {
    call_options!(endpoint);

    pub(crate) fn new(client: &'c Client) -> Self {
        Frameworks {
            endpoint: Endpoint::new(client, "/api/v1/index/frameworks"),
        }
    }

    /// `index.frameworks.list`.
    pub async fn list(&self, query: &FrameworkListQuery) -> Result<Page<FrameworkOut>> {
        self.endpoint.list(query).await
    }

    /// `index.frameworks.list`, every page, fetched lazily.
    pub fn list_all(
        &self,
        query: FrameworkListQuery,
    ) -> impl Stream<Item = Result<FrameworkOut>> + 'c {
        self.endpoint.list_all(query, |q, c| q.cursor = c)
    }

    /// `index.frameworks.get`.
    pub async fn get(&self, id: Uuid) -> Result<Response<FrameworkOut>> {
        self.endpoint.get(id).await
    }

    /// `index.frameworks.create`: a draft with its whole tree (or an imported
    /// [`Frameworks::export`] file); 201 with `Location`.
    pub async fn create(&self, input: &FrameworkIn) -> Result<Response<FrameworkOut>> {
        self.endpoint.create(input).await
    }

    /// `index.frameworks.update` of a draft as read (412 if it changed since).
    pub async fn update(
        &self,
        current: &FrameworkOut,
        patch: &FrameworkPatch,
    ) -> Result<Response<FrameworkOut>> {
        self.endpoint
            .update(current.id, Some(current.version), patch)
            .await
    }

    fn conditional(&self, framework: &FrameworkOut) -> RequestOptions {
        let mut options = self.endpoint.options.clone();
        options
            .if_match
            .get_or_insert_with(|| etag_of(framework.version));
        options
    }

    /// `index.frameworks.publish`: puts a draft as read in force and freezes it.
    pub async fn publish(&self, framework: &FrameworkOut) -> Result<Response<FrameworkOut>> {
        let path = format!("/api/v1/index/frameworks/{}/publish", framework.id);
        self.endpoint
            .client
            .send(
                Method::POST,
                &path,
                NO_QUERY,
                NO_BODY,
                &self.conditional(framework),
            )
            .await
    }

    /// `index.frameworks.copy`: a new draft with the same tree, caps and bands for another
    /// year (201).
    pub async fn copy(&self, id: Uuid, input: &CopyFramework) -> Result<Response<FrameworkOut>> {
        let path = format!("/api/v1/index/frameworks/{id}/copy");
        self.endpoint
            .client
            .send(
                Method::POST,
                &path,
                NO_QUERY,
                Some(input),
                &self.endpoint.options,
            )
            .await
    }

    /// `index.frameworks.export`: the whole framework in the shape
    /// [`Frameworks::create`] takes.
    pub async fn export(&self, id: Uuid) -> Result<FrameworkIn> {
        let path = format!("/api/v1/index/frameworks/{id}/export");
        Ok(self
            .endpoint
            .client
            .send(
                Method::GET,
                &path,
                NO_QUERY,
                NO_BODY,
                &self.endpoint.options,
            )
            .await?
            .value)
    }

    /// `index.frameworks.criteria` with `format=json`: the `areas` tree.
    pub async fn criteria(&self, id: Uuid) -> Result<Vec<CriterionIn>> {
        let path = format!("/api/v1/index/frameworks/{id}/criteria");
        let query = SheetQuery {
            format: SheetFormat::Json,
        };
        Ok(self
            .endpoint
            .client
            .send(
                Method::GET,
                &path,
                Some(&query),
                NO_BODY,
                &self.endpoint.options,
            )
            .await?
            .value)
    }

    /// `index.frameworks.criteria` with `format=csv`: the sheet as CSV text, header
    /// `code,name,max_points,method,responsible,metric,thresholds`.
    pub async fn criteria_csv(&self, id: Uuid) -> Result<String> {
        let path = format!("/api/v1/index/frameworks/{id}/criteria");
        let query = SheetQuery {
            format: SheetFormat::Csv,
        };
        Ok(self
            .endpoint
            .client
            .get_text(&path, Some(&query), &self.endpoint.options)
            .await?
            .value)
    }

    /// `index.frameworks.replace_criteria` of a draft as read, with the tree as JSON.
    pub async fn replace_criteria(
        &self,
        framework: &FrameworkOut,
        areas: &[CriterionIn],
    ) -> Result<Response<FrameworkOut>> {
        let path = format!("/api/v1/index/frameworks/{}/criteria", framework.id);
        self.endpoint
            .client
            .send(
                Method::PUT,
                &path,
                NO_QUERY,
                Some(areas),
                &self.conditional(framework),
            )
            .await
    }

    /// `index.frameworks.replace_criteria` of a draft as read, with the CSV sheet (sent as
    /// `text/csv`; problems name their line, e.g. `line 4.max_points`).
    pub async fn replace_criteria_csv(
        &self,
        framework: &FrameworkOut,
        csv: impl Into<String>,
    ) -> Result<Response<FrameworkOut>> {
        let path = format!("/api/v1/index/frameworks/{}/criteria", framework.id);
        self.endpoint
            .client
            .send_text(
                Method::PUT,
                &path,
                CSV,
                csv.into(),
                &self.conditional(framework),
            )
            .await
    }

    /// `index.frameworks.publish_results`: publishes by one decision every finalized
    /// assessment of the units directly under the parent (201).
    pub async fn publish_results(
        &self,
        id: Uuid,
        input: &PublishResults,
    ) -> Result<Response<PublicationOut>> {
        let path = format!("/api/v1/index/frameworks/{id}/publications");
        self.endpoint
            .client
            .send(
                Method::POST,
                &path,
                NO_QUERY,
                Some(input),
                &self.endpoint.options,
            )
            .await
    }
}
