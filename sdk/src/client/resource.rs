//! The shared shape of a resource's calls: list, get, create, update (with `If-Match`),
//! actions and delete on `/api/v1/<name>`. Each resource handle wraps one of these with
//! its own types and operation names.

use futures_util::Stream;
use reqwest::Method;
use serde::Serialize;
use serde::de::DeserializeOwned;
use uuid::Uuid;

use super::{Client, RequestOptions, Response, Result, etag_of};
use crate::types::common::Page;

/// Calls on one collection path.
#[derive(Debug, Clone)]
pub(crate) struct Endpoint<'c> {
    pub(crate) client: &'c Client,
    pub(crate) options: RequestOptions,
    pub(crate) path: &'static str,
}

const NO_QUERY: Option<&()> = None;
const NO_BODY: Option<&()> = None;

impl<'c> Endpoint<'c> {
    pub(crate) fn new(client: &'c Client, path: &'static str) -> Self {
        Endpoint {
            client,
            options: RequestOptions::default(),
            path,
        }
    }

    fn item(&self, id: Uuid) -> String {
        format!("{}/{id}", self.path)
    }

    pub(crate) async fn list<Q: Serialize, T: DeserializeOwned>(
        &self,
        query: &Q,
    ) -> Result<Page<T>> {
        Ok(self
            .client
            .send(Method::GET, self.path, Some(query), NO_BODY, &self.options)
            .await?
            .value)
    }

    pub(crate) fn list_all<Q, T>(
        &self,
        query: Q,
        set_cursor: fn(&mut Q, Option<String>),
    ) -> impl Stream<Item = Result<T>> + 'c
    where
        Q: Serialize + Clone + 'c,
        T: DeserializeOwned + 'c,
    {
        super::paginate(self.client.clone(), self.path, query, set_cursor)
    }

    pub(crate) async fn get<T: DeserializeOwned>(&self, id: Uuid) -> Result<Response<T>> {
        self.client
            .send(
                Method::GET,
                &self.item(id),
                NO_QUERY,
                NO_BODY,
                &self.options,
            )
            .await
    }

    pub(crate) async fn create<I: Serialize, T: DeserializeOwned>(
        &self,
        input: &I,
    ) -> Result<Response<T>> {
        self.client
            .send(
                Method::POST,
                self.path,
                NO_QUERY,
                Some(input),
                &self.options,
            )
            .await
    }

    /// PATCH, sending `If-Match` for `version` unless one was set explicitly.
    pub(crate) async fn update<P: Serialize, T: DeserializeOwned>(
        &self,
        id: Uuid,
        version: Option<i32>,
        patch: &P,
    ) -> Result<Response<T>> {
        let mut options = self.options.clone();
        if let Some(version) = version {
            options.if_match.get_or_insert_with(|| etag_of(version));
        }
        self.client
            .send(
                Method::PATCH,
                &self.item(id),
                NO_QUERY,
                Some(patch),
                &options,
            )
            .await
    }

    pub(crate) async fn action<T: DeserializeOwned>(
        &self,
        id: Uuid,
        action: &str,
    ) -> Result<Response<T>> {
        let path = format!("{}/{action}", self.item(id));
        self.client
            .send(Method::POST, &path, NO_QUERY, NO_BODY, &self.options)
            .await
    }

    pub(crate) async fn delete(&self, id: Uuid) -> Result<()> {
        self.client
            .send_empty(Method::DELETE, &self.item(id), &self.options)
            .await
    }
}
