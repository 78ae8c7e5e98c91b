//! Methods of `/api/v1/users`, `/api/v1/api-clients` and `/api/v1/audit-events`.

use futures_util::Stream;
use reqwest::Method;
use uuid::Uuid;

use super::{Client, RequestOptions, Response, Result, etag_of};
use crate::types::api_clients::{
    ApiClientIn, ApiClientListQuery, ApiClientOut, ApiClientPatch, ApiClientWithSecret,
};
use crate::types::audit::{AuditEventListQuery, AuditEventOut};
use crate::types::common::Page;
use crate::types::users::{UserIn, UserListQuery, UserOut, UserPatch};

const NO_QUERY: Option<&()> = None;
const NO_BODY: Option<&()> = None;

/// User operations (`users.*`).
#[derive(Debug, Clone)]
pub struct Users<'c> {
    client: &'c Client,
    options: RequestOptions,
}

impl<'c> Users<'c> {
    pub(crate) fn new(client: &'c Client) -> Self {
        Users {
            client,
            options: RequestOptions::default(),
        }
    }

    call_options!();

    /// `users.list`: one page of users.
    pub async fn list(&self, query: &UserListQuery) -> Result<Page<UserOut>> {
        Ok(self
            .client
            .send(
                Method::GET,
                "/api/v1/users",
                Some(query),
                NO_BODY,
                &self.options,
            )
            .await?
            .value)
    }

    /// `users.list`, every page, fetched lazily.
    pub fn list_all(&self, query: UserListQuery) -> impl Stream<Item = Result<UserOut>> + 'c {
        super::paginate(self.client.clone(), "/api/v1/users", query, |q, cursor| {
            q.cursor = cursor
        })
    }

    /// `users.get`.
    pub async fn get(&self, id: Uuid) -> Result<Response<UserOut>> {
        self.client
            .send(
                Method::GET,
                &format!("/api/v1/users/{id}"),
                NO_QUERY,
                NO_BODY,
                &self.options,
            )
            .await
    }

    /// `users.create`.
    pub async fn create(&self, input: &UserIn) -> Result<Response<UserOut>> {
        self.client
            .send(
                Method::POST,
                "/api/v1/users",
                NO_QUERY,
                Some(input),
                &self.options,
            )
            .await
    }

    /// `users.update` of a user as read (412 if it changed since).
    pub async fn update(&self, current: &UserOut, patch: &UserPatch) -> Result<Response<UserOut>> {
        let mut options = self.options.clone();
        options
            .if_match
            .get_or_insert_with(|| etag_of(current.version));
        self.client
            .send(
                Method::PATCH,
                &format!("/api/v1/users/{}", current.id),
                NO_QUERY,
                Some(patch),
                &options,
            )
            .await
    }

    /// `users.activate`.
    pub async fn activate(&self, id: Uuid) -> Result<Response<UserOut>> {
        self.client
            .send(
                Method::POST,
                &format!("/api/v1/users/{id}/activate"),
                NO_QUERY,
                NO_BODY,
                &self.options,
            )
            .await
    }

    /// `users.deactivate`: signs the user out everywhere.
    pub async fn deactivate(&self, id: Uuid) -> Result<Response<UserOut>> {
        self.client
            .send(
                Method::POST,
                &format!("/api/v1/users/{id}/deactivate"),
                NO_QUERY,
                NO_BODY,
                &self.options,
            )
            .await
    }
}

/// API-client operations (`api_clients.*`).
#[derive(Debug, Clone)]
pub struct ApiClients<'c> {
    client: &'c Client,
    options: RequestOptions,
}

impl<'c> ApiClients<'c> {
    pub(crate) fn new(client: &'c Client) -> Self {
        ApiClients {
            client,
            options: RequestOptions::default(),
        }
    }

    call_options!();

    /// `api_clients.list`.
    pub async fn list(&self, query: &ApiClientListQuery) -> Result<Page<ApiClientOut>> {
        Ok(self
            .client
            .send(
                Method::GET,
                "/api/v1/api-clients",
                Some(query),
                NO_BODY,
                &self.options,
            )
            .await?
            .value)
    }

    /// `api_clients.list`, every page, fetched lazily.
    pub fn list_all(
        &self,
        query: ApiClientListQuery,
    ) -> impl Stream<Item = Result<ApiClientOut>> + 'c {
        super::paginate(
            self.client.clone(),
            "/api/v1/api-clients",
            query,
            |q, cursor| q.cursor = cursor,
        )
    }

    /// `api_clients.get`.
    pub async fn get(&self, id: Uuid) -> Result<Response<ApiClientOut>> {
        self.client
            .send(
                Method::GET,
                &format!("/api/v1/api-clients/{id}"),
                NO_QUERY,
                NO_BODY,
                &self.options,
            )
            .await
    }

    /// `api_clients.create`: the answer holds the secret, shown this once.
    pub async fn create(&self, input: &ApiClientIn) -> Result<Response<ApiClientWithSecret>> {
        self.client
            .send(
                Method::POST,
                "/api/v1/api-clients",
                NO_QUERY,
                Some(input),
                &self.options,
            )
            .await
    }

    /// `api_clients.update` of a client as read (412 if it changed since).
    pub async fn update(
        &self,
        current: &ApiClientOut,
        patch: &ApiClientPatch,
    ) -> Result<Response<ApiClientOut>> {
        let mut options = self.options.clone();
        options
            .if_match
            .get_or_insert_with(|| etag_of(current.version));
        self.client
            .send(
                Method::PATCH,
                &format!("/api/v1/api-clients/{}", current.id),
                NO_QUERY,
                Some(patch),
                &options,
            )
            .await
    }

    /// `api_clients.rotate_secret`: the answer holds the new secret.
    pub async fn rotate_secret(&self, id: Uuid) -> Result<Response<ApiClientWithSecret>> {
        self.client
            .send(
                Method::POST,
                &format!("/api/v1/api-clients/{id}/rotate-secret"),
                NO_QUERY,
                NO_BODY,
                &self.options,
            )
            .await
    }

    /// `api_clients.revoke`.
    pub async fn revoke(&self, id: Uuid) -> Result<Response<ApiClientOut>> {
        self.client
            .send(
                Method::POST,
                &format!("/api/v1/api-clients/{id}/revoke"),
                NO_QUERY,
                NO_BODY,
                &self.options,
            )
            .await
    }
}

/// The audit journal (`audit_events.*`).
#[derive(Debug, Clone)]
pub struct AuditEvents<'c> {
    client: &'c Client,
    options: RequestOptions,
}

impl<'c> AuditEvents<'c> {
    pub(crate) fn new(client: &'c Client) -> Self {
        AuditEvents {
            client,
            options: RequestOptions::default(),
        }
    }

    /// `audit_events.list`: one page, newest first.
    pub async fn list(&self, query: &AuditEventListQuery) -> Result<Page<AuditEventOut>> {
        Ok(self
            .client
            .send(
                Method::GET,
                "/api/v1/audit-events",
                Some(query),
                NO_BODY,
                &self.options,
            )
            .await?
            .value)
    }

    /// `audit_events.list`, every page, fetched lazily.
    pub fn list_all(
        &self,
        query: AuditEventListQuery,
    ) -> impl Stream<Item = Result<AuditEventOut>> + 'c {
        super::paginate(
            self.client.clone(),
            "/api/v1/audit-events",
            query,
            |q, cursor| q.cursor = cursor,
        )
    }
}
