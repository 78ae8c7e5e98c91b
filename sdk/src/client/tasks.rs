//! Methods of `/api/v1/tasks` and a plan's tasks.

use futures_util::Stream;
use reqwest::Method;
use uuid::Uuid;

use super::resource::Endpoint;
use super::{Client, Response, Result, etag_of};
use crate::types::common::Page;
use crate::types::tasks::{
    AttachmentOut, PlanProgress, TaskActionIn, TaskIn, TaskListQuery, TaskOut, TaskPatch,
    TaskUpdateIn, TaskUpdateOut,
};

/// Task operations (`tasks.*`, `plans.progress`, `plans.create_tasks`).
#[derive(Debug, Clone)]
pub struct Tasks<'c> {
    endpoint: Endpoint<'c>,
}

impl<'c> Tasks<'c> {
    call_options!(endpoint);

    pub(crate) fn new(client: &'c Client) -> Self {
        Tasks {
            endpoint: Endpoint::new(client, "/api/v1/tasks"),
        }
    }

    /// `tasks.list`.
    pub async fn list(&self, query: &TaskListQuery) -> Result<Page<TaskOut>> {
        self.endpoint.list(query).await
    }

    /// `tasks.list`, every page, fetched lazily.
    pub fn list_all(&self, query: TaskListQuery) -> impl Stream<Item = Result<TaskOut>> + 'c {
        self.endpoint.list_all(query, |q, c| q.cursor = c)
    }

    /// `tasks.get`.
    pub async fn get(&self, id: Uuid) -> Result<Response<TaskOut>> {
        self.endpoint.get(id).await
    }

    /// `tasks.create`.
    pub async fn create(&self, input: &TaskIn) -> Result<Response<TaskOut>> {
        self.endpoint.create(input).await
    }

    /// `tasks.update` of a task as read (412 if it changed since).
    pub async fn update(&self, current: &TaskOut, patch: &TaskPatch) -> Result<Response<TaskOut>> {
        self.endpoint
            .update(current.id, Some(current.version), patch)
            .await
    }

    async fn act(
        &self,
        task: &TaskOut,
        action: &str,
        text: Option<&str>,
    ) -> Result<Response<TaskOut>> {
        let mut options = self.endpoint.options.clone();
        options
            .if_match
            .get_or_insert_with(|| etag_of(task.version));
        let body = TaskActionIn {
            text: text.map(str::to_owned),
        };
        let path = format!("/api/v1/tasks/{}/{action}", task.id);
        self.endpoint
            .client
            .send(Method::POST, &path, None::<&()>, Some(&body), &options)
            .await
    }

    /// `tasks.start`.
    pub async fn start(&self, task: &TaskOut) -> Result<Response<TaskOut>> {
        self.act(task, "start", None).await
    }

    /// `tasks.block`, with the reason.
    pub async fn block(&self, task: &TaskOut, reason: &str) -> Result<Response<TaskOut>> {
        self.act(task, "block", Some(reason)).await
    }

    /// `tasks.unblock`.
    pub async fn unblock(&self, task: &TaskOut) -> Result<Response<TaskOut>> {
        self.act(task, "unblock", None).await
    }

    /// `tasks.complete`, with the result summary.
    pub async fn complete(
        &self,
        task: &TaskOut,
        result_summary: &str,
    ) -> Result<Response<TaskOut>> {
        self.act(task, "complete", Some(result_summary)).await
    }

    /// `tasks.reopen`.
    pub async fn reopen(&self, task: &TaskOut) -> Result<Response<TaskOut>> {
        self.act(task, "reopen", None).await
    }

    /// `tasks.cancel`.
    pub async fn cancel(&self, task: &TaskOut) -> Result<Response<TaskOut>> {
        self.act(task, "cancel", None).await
    }

    /// `tasks.list_updates`: one page of the task's journal.
    pub async fn list_updates(
        &self,
        id: Uuid,
        cursor: Option<&str>,
    ) -> Result<Page<TaskUpdateOut>> {
        #[derive(serde::Serialize)]
        struct Q<'a> {
            #[serde(skip_serializing_if = "Option::is_none")]
            cursor: Option<&'a str>,
        }
        let path = format!("/api/v1/tasks/{id}/updates");
        Ok(self
            .endpoint
            .client
            .send(
                Method::GET,
                &path,
                Some(&Q { cursor }),
                None::<&()>,
                &self.endpoint.options,
            )
            .await?
            .value)
    }

    /// `tasks.add_update`: a comment or progress report.
    pub async fn add_update(
        &self,
        id: Uuid,
        update: &TaskUpdateIn,
    ) -> Result<Response<TaskUpdateOut>> {
        let path = format!("/api/v1/tasks/{id}/updates");
        self.endpoint
            .client
            .send(
                Method::POST,
                &path,
                None::<&()>,
                Some(update),
                &self.endpoint.options,
            )
            .await
    }

    /// `tasks.upload_attachment`: evidence for a task. `body` is streamed (a file, a byte
    /// stream or bytes); `content_type` is what you claim — the server checks it against the
    /// bytes.
    pub async fn upload_attachment(
        &self,
        task_id: Uuid,
        file_name: &str,
        content_type: Option<&str>,
        body: impl Into<reqwest::Body>,
    ) -> Result<Response<AttachmentOut>> {
        let mut part = reqwest::multipart::Part::stream(body).file_name(file_name.to_owned());
        if let Some(ct) = content_type {
            part = part
                .mime_str(ct)
                .map_err(|e| super::Error::Config(e.to_string()))?;
        }
        let form = reqwest::multipart::Form::new().part("file", part);
        let res = self
            .endpoint
            .client
            .raw(
                Method::POST,
                &format!("/api/v1/tasks/{task_id}/attachments"),
            )
            .await?
            .multipart(form)
            .send()
            .await
            .map_err(super::Error::transport)?;
        Response::read(res).await
    }

    /// `tasks.list_attachments`.
    pub async fn list_attachments(&self, task_id: Uuid) -> Result<Vec<AttachmentOut>> {
        let path = format!("/api/v1/tasks/{task_id}/attachments");
        Ok(self
            .endpoint
            .client
            .send(
                Method::GET,
                &path,
                None::<&()>,
                None::<&()>,
                &self.endpoint.options,
            )
            .await?
            .value)
    }

    /// `tasks.download_attachment`: the file as a byte stream, read as it arrives.
    pub async fn download_attachment(
        &self,
        task_id: Uuid,
        attachment_id: Uuid,
    ) -> Result<impl Stream<Item = Result<bytes::Bytes>> + use<>> {
        let path = format!("/api/v1/tasks/{task_id}/attachments/{attachment_id}/content");
        self.endpoint.client.download(&path).await
    }

    /// `plans.progress`: how a plan's tasks stand.
    pub async fn plan_progress(&self, plan_id: Uuid) -> Result<PlanProgress> {
        let path = format!("/api/v1/plans/{plan_id}/progress");
        Ok(self
            .endpoint
            .client
            .send(
                Method::GET,
                &path,
                None::<&()>,
                None::<&()>,
                &self.endpoint.options,
            )
            .await?
            .value)
    }

    /// `plans.create_tasks`: one task per duty of the plan's implementation section.
    pub async fn create_from_plan(&self, plan_id: Uuid) -> Result<Vec<TaskOut>> {
        let path = format!("/api/v1/plans/{plan_id}/tasks");
        Ok(self
            .endpoint
            .client
            .send(
                Method::POST,
                &path,
                None::<&()>,
                None::<&()>,
                &self.endpoint.options,
            )
            .await?
            .value)
    }
}
