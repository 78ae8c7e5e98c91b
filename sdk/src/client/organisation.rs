//! Methods of `/api/v1/departments` and `/api/v1/officials`.

use futures_util::Stream;
use uuid::Uuid;

use super::resource::Endpoint;
use super::{Client, Response, Result};
use crate::types::common::Page;
use crate::types::departments::{
    DepartmentIn, DepartmentListQuery, DepartmentOut, DepartmentPatch,
};
use crate::types::officials::{OfficialIn, OfficialListQuery, OfficialOut, OfficialPatch};

/// Department operations (`departments.*`).
#[derive(Debug, Clone)]
pub struct Departments<'c> {
    endpoint: Endpoint<'c>,
}

impl<'c> Departments<'c> {
    call_options!(endpoint);

    pub(crate) fn new(client: &'c Client) -> Self {
        Departments {
            endpoint: Endpoint::new(client, "/api/v1/departments"),
        }
    }

    /// `departments.list`.
    pub async fn list(&self, query: &DepartmentListQuery) -> Result<Page<DepartmentOut>> {
        self.endpoint.list(query).await
    }

    /// `departments.list`, every page, fetched lazily.
    pub fn list_all(
        &self,
        query: DepartmentListQuery,
    ) -> impl Stream<Item = Result<DepartmentOut>> + 'c {
        self.endpoint.list_all(query, |q, c| q.cursor = c)
    }

    /// `departments.get`.
    pub async fn get(&self, id: Uuid) -> Result<Response<DepartmentOut>> {
        self.endpoint.get(id).await
    }

    /// `departments.create`.
    pub async fn create(&self, input: &DepartmentIn) -> Result<Response<DepartmentOut>> {
        self.endpoint.create(input).await
    }

    /// `departments.update` of a department as read (412 if it changed since).
    pub async fn update(
        &self,
        current: &DepartmentOut,
        patch: &DepartmentPatch,
    ) -> Result<Response<DepartmentOut>> {
        self.endpoint
            .update(current.id, Some(current.version), patch)
            .await
    }

    /// `departments.archive`.
    pub async fn archive(&self, id: Uuid) -> Result<Response<DepartmentOut>> {
        self.endpoint.action(id, "archive").await
    }

    /// `departments.restore`.
    pub async fn restore(&self, id: Uuid) -> Result<Response<DepartmentOut>> {
        self.endpoint.action(id, "restore").await
    }

    /// `departments.delete`: only when nothing refers to it (else 409 `in_use`).
    pub async fn delete(&self, id: Uuid) -> Result<()> {
        self.endpoint.delete(id).await
    }
}

/// Official operations (`officials.*`).
#[derive(Debug, Clone)]
pub struct Officials<'c> {
    endpoint: Endpoint<'c>,
}

impl<'c> Officials<'c> {
    call_options!(endpoint);

    pub(crate) fn new(client: &'c Client) -> Self {
        Officials {
            endpoint: Endpoint::new(client, "/api/v1/officials"),
        }
    }

    /// `officials.list`.
    pub async fn list(&self, query: &OfficialListQuery) -> Result<Page<OfficialOut>> {
        self.endpoint.list(query).await
    }

    /// `officials.list`, every page, fetched lazily.
    pub fn list_all(
        &self,
        query: OfficialListQuery,
    ) -> impl Stream<Item = Result<OfficialOut>> + 'c {
        self.endpoint.list_all(query, |q, c| q.cursor = c)
    }

    /// `officials.get`.
    pub async fn get(&self, id: Uuid) -> Result<Response<OfficialOut>> {
        self.endpoint.get(id).await
    }

    /// `officials.create`.
    pub async fn create(&self, input: &OfficialIn) -> Result<Response<OfficialOut>> {
        self.endpoint.create(input).await
    }

    /// `officials.update` of an official as read (412 if it changed since).
    pub async fn update(
        &self,
        current: &OfficialOut,
        patch: &OfficialPatch,
    ) -> Result<Response<OfficialOut>> {
        self.endpoint
            .update(current.id, Some(current.version), patch)
            .await
    }

    /// `officials.delete`: only when nothing refers to them (else 409 `in_use`).
    pub async fn delete(&self, id: Uuid) -> Result<()> {
        self.endpoint.delete(id).await
    }
}
