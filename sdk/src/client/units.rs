//! Methods of `/api/v1/units`, named after their operation ids (`units.list`, …).

use futures_util::Stream;
use reqwest::Method;
use uuid::Uuid;

use super::{Client, RequestOptions, Response, Result, etag_of};
use crate::types::common::Page;
use crate::types::units::{LineageQuery, UnitIn, UnitLineage, UnitListQuery, UnitOut, UnitPatch};

/// Unit operations; set per-call options with the builder methods before calling.
#[derive(Debug, Clone)]
pub struct Units<'c> {
    client: &'c Client,
    options: RequestOptions,
}

const NO_QUERY: Option<&()> = None;
const NO_BODY: Option<&()> = None;

impl<'c> Units<'c> {
    pub(crate) fn new(client: &'c Client) -> Self {
        Units {
            client,
            options: RequestOptions::default(),
        }
    }

    call_options!();

    /// `units.list`: one page of units.
    pub async fn list(&self, query: &UnitListQuery) -> Result<Page<UnitOut>> {
        let res: Response<Page<UnitOut>> = self
            .client
            .send(
                Method::GET,
                "/api/v1/units",
                Some(query),
                NO_BODY,
                &self.options,
            )
            .await?;
        Ok(res.value)
    }

    /// `units.list`, every page: a stream that fetches pages lazily as it is read.
    pub fn list_all(&self, query: UnitListQuery) -> impl Stream<Item = Result<UnitOut>> + 'c {
        super::paginate(self.client.clone(), "/api/v1/units", query, |q, cursor| {
            q.cursor = cursor
        })
    }

    /// `units.get`: one unit.
    pub async fn get(&self, id: Uuid) -> Result<Response<UnitOut>> {
        self.client
            .send(
                Method::GET,
                &format!("/api/v1/units/{id}"),
                NO_QUERY,
                NO_BODY,
                &self.options,
            )
            .await
    }

    /// `units.lineage`: the units merged into this one and those it became; with `on`, which
    /// of them stood for it on that date.
    pub async fn lineage(&self, id: Uuid, query: &LineageQuery) -> Result<Response<UnitLineage>> {
        self.client
            .send(
                Method::GET,
                &format!("/api/v1/units/{id}/lineage"),
                Some(query),
                NO_BODY,
                &self.options,
            )
            .await
    }

    /// `units.create`: creates a unit (201, with `Location`).
    pub async fn create(&self, input: &UnitIn) -> Result<Response<UnitOut>> {
        self.client
            .send(
                Method::POST,
                "/api/v1/units",
                NO_QUERY,
                Some(input),
                &self.options,
            )
            .await
    }

    /// `units.update` of a unit as it was read: refused with 412 if it changed since.
    pub async fn update(&self, current: &UnitOut, patch: &UnitPatch) -> Result<Response<UnitOut>> {
        let mut options = self.options.clone();
        options
            .if_match
            .get_or_insert_with(|| etag_of(current.version));
        let path = format!("/api/v1/units/{}", current.id);
        self.client
            .send(Method::PATCH, &path, NO_QUERY, Some(patch), &options)
            .await
    }

    /// `units.update` by id, unconditionally unless [`Units::if_match`] was set.
    pub async fn update_by_id(&self, id: Uuid, patch: &UnitPatch) -> Result<Response<UnitOut>> {
        self.client
            .send(
                Method::PATCH,
                &format!("/api/v1/units/{id}"),
                NO_QUERY,
                Some(patch),
                &self.options,
            )
            .await
    }

    /// `units.archive`: archives a unit.
    pub async fn archive(&self, id: Uuid) -> Result<Response<UnitOut>> {
        self.client
            .send(
                Method::POST,
                &format!("/api/v1/units/{id}/archive"),
                NO_QUERY,
                NO_BODY,
                &self.options,
            )
            .await
    }

    /// `units.restore`: restores an archived unit.
    pub async fn restore(&self, id: Uuid) -> Result<Response<UnitOut>> {
        self.client
            .send(
                Method::POST,
                &format!("/api/v1/units/{id}/restore"),
                NO_QUERY,
                NO_BODY,
                &self.options,
            )
            .await
    }
}
