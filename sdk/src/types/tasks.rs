//! Tasks: the work a plan (or the committee directly) gives to departments and officials.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::common::Patch;

/// Where a task is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum TaskStatus {
    /// Not started.
    Todo,
    /// Being worked on.
    InProgress,
    /// Stuck (the reason is recorded).
    Blocked,
    /// Finished, with a result summary.
    Done,
    /// Called off.
    Cancelled,
    /// A value this version of the SDK does not know (sent by a newer server): answers
    /// stay readable. Never sent; the server refuses it in requests.
    #[serde(other, skip_serializing)]
    Unknown,
}

/// How urgent a task is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum TaskPriority {
    /// Low.
    Low,
    /// Normal (default).
    Normal,
    /// High.
    High,
    /// Urgent.
    Urgent,
    /// A value this version of the SDK does not know (sent by a newer server): answers
    /// stay readable. Never sent; the server refuses it in requests.
    #[serde(other, skip_serializing)]
    Unknown,
}

/// What the task delivers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Deliverable {
    /// A report (báo cáo).
    Report,
    /// A speech (bài phát biểu).
    Speech,
    /// Invitations (giấy mời).
    Invitation,
    /// A draft decision (dự thảo quyết định).
    DecisionDraft,
    /// Anything else.
    Other,
    /// A value this version of the SDK does not know (sent by a newer server): answers
    /// stay readable. Never sent; the server refuses it in requests.
    #[serde(other, skip_serializing)]
    Unknown,
}

/// A task to create.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TaskIn {
    /// The unit whose task it is.
    pub unit_id: Uuid,
    /// The plan it carries out, if any.
    #[serde(default)]
    pub plan_id: Option<Uuid>,
    /// Short title.
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 300))]
    pub title: String,
    /// What is to be done.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(max_length = 8000))]
    pub description: Option<String>,
    /// The lead department (chủ trì).
    #[serde(default)]
    pub lead_department_id: Option<Uuid>,
    /// Supporting departments (phối hợp).
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(max_items = 20))]
    pub supporting_department_ids: Vec<Uuid>,
    /// Officials assigned.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(max_items = 20))]
    pub assignee_ids: Vec<Uuid>,
    /// The index sub-criterion it serves.
    #[serde(default)]
    pub criterion_id: Option<Uuid>,
    /// What it delivers.
    #[serde(default = "other")]
    pub deliverable: Deliverable,
    /// Priority (default normal).
    #[serde(default = "normal")]
    pub priority: TaskPriority,
    /// When work starts.
    #[serde(default)]
    pub start_date: Option<NaiveDate>,
    /// When it is due.
    #[serde(default)]
    pub due_date: Option<NaiveDate>,
}

fn other() -> Deliverable {
    Deliverable::Other
}

fn normal() -> TaskPriority {
    TaskPriority::Normal
}

/// Changes to a task (merge patch). Status changes are actions, not fields.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TaskPatch {
    /// New title.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 300))]
    pub title: Option<String>,
    /// New description.
    #[serde(default, skip_serializing_if = "Patch::is_absent")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, max_length = 8000))]
    pub description: Patch<String>,
    /// New lead department.
    #[serde(default, skip_serializing_if = "Patch::is_absent")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<Uuid>))]
    pub lead_department_id: Patch<Uuid>,
    /// New supporting departments.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(max_items = 20))]
    pub supporting_department_ids: Option<Vec<Uuid>>,
    /// New assignees.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(max_items = 20))]
    pub assignee_ids: Option<Vec<Uuid>>,
    /// New sub-criterion.
    #[serde(default, skip_serializing_if = "Patch::is_absent")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<Uuid>))]
    pub criterion_id: Patch<Uuid>,
    /// New deliverable kind.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deliverable: Option<Deliverable>,
    /// New priority.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub priority: Option<TaskPriority>,
    /// New start date.
    #[serde(default, skip_serializing_if = "Patch::is_absent")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<NaiveDate>))]
    pub start_date: Patch<NaiveDate>,
    /// New due date.
    #[serde(default, skip_serializing_if = "Patch::is_absent")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<NaiveDate>))]
    pub due_date: Patch<NaiveDate>,
    /// New progress, 0–100.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(minimum = 0, maximum = 100))]
    pub progress: Option<i32>,
}

/// A task as the API returns it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TaskOut {
    /// Identifier.
    pub id: Uuid,
    /// Unit.
    pub unit_id: Uuid,
    /// Plan.
    pub plan_id: Option<Uuid>,
    /// Title.
    pub title: String,
    /// Description.
    pub description: Option<String>,
    /// Lead department.
    pub lead_department_id: Option<Uuid>,
    /// Supporting departments.
    pub supporting_department_ids: Vec<Uuid>,
    /// Assigned officials.
    pub assignee_ids: Vec<Uuid>,
    /// Sub-criterion.
    pub criterion_id: Option<Uuid>,
    /// Deliverable kind.
    pub deliverable: Deliverable,
    /// Priority.
    pub priority: TaskPriority,
    /// Start date.
    pub start_date: Option<NaiveDate>,
    /// Due date.
    pub due_date: Option<NaiveDate>,
    /// Status.
    pub status: TaskStatus,
    /// Whether it is past its due date and not done (computed).
    pub overdue: bool,
    /// Progress, 0–100.
    pub progress: i32,
    /// Why it is blocked.
    pub blocked_reason: Option<String>,
    /// What came of it (required to complete).
    pub result_summary: Option<String>,
    /// When it was completed.
    pub completed_at: Option<DateTime<Utc>>,
    /// Actions allowed from the current status.
    pub allowed_actions: Vec<String>,
    /// When it was created.
    pub created_at: DateTime<Utc>,
    /// When it last changed.
    pub updated_at: DateTime<Utc>,
    /// Version, the `ETag`.
    pub version: i32,
}

/// How a list of tasks is ordered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum TaskSort {
    /// Creation order (default).
    #[default]
    Created,
    /// Earliest due date first (no due date last).
    DueDate,
    /// Most urgent first.
    Priority,
    /// Most recently changed first.
    Updated,
}

/// Filters of `GET /api/v1/tasks`.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
pub struct TaskListQuery {
    /// Only tasks of this plan.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub plan_id: Option<Uuid>,
    /// Only tasks of this unit.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit_id: Option<Uuid>,
    /// Only tasks this department leads or supports.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub department_id: Option<Uuid>,
    /// Only tasks assigned to this official.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub assignee_id: Option<Uuid>,
    /// Only this status.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<TaskStatus>,
    /// Only overdue (true) or not overdue (false) tasks.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub overdue: Option<bool>,
    /// Due on or before this date.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub due_before: Option<NaiveDate>,
    /// Due on or after this date.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub due_after: Option<NaiveDate>,
    /// Only tasks serving this sub-criterion.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub criterion_id: Option<Uuid>,
    /// Search on title and description, Vietnamese-aware.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", param(max_length = 200))]
    pub q: Option<String>,
    /// Order (default creation order).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sort: Option<TaskSort>,
    /// Page size, 1–200 (default 50; larger is clamped).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", param(minimum = 1))]
    pub limit: Option<i64>,
    /// The previous page's `next_cursor`, passed back unchanged. Opaque: under the default
    /// `created` order it is the last task's id; under `due_date`, `priority` and `updated`
    /// it carries the last task's sort key and id, so a task that changes between pages
    /// moves no page boundary. A cursor made under another `sort` is 400 `invalid_query`.
    /// Its characters are those of base64url (a UUID is one such string).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(
        feature = "openapi",
        param(min_length = 1, max_length = 300, pattern = r"^[A-Za-z0-9_-]{1,300}$")
    )]
    pub cursor: Option<String>,
}

/// An entry of a task's journal: a comment, a progress report or a status change.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TaskUpdateOut {
    /// Identifier.
    pub id: Uuid,
    /// Task.
    pub task_id: Uuid,
    /// Who wrote it.
    pub author_name: String,
    /// The text.
    pub text: Option<String>,
    /// Progress reported.
    pub progress: Option<i32>,
    /// Status before, for a status change.
    pub status_from: Option<TaskStatus>,
    /// Status after, for a status change.
    pub status_to: Option<TaskStatus>,
    /// When.
    pub created_at: DateTime<Utc>,
}

/// A comment or progress report to add to a task's journal.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TaskUpdateIn {
    /// The comment.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(max_length = 8000))]
    pub text: Option<String>,
    /// New progress, 0–100 (also sets the task's progress).
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(minimum = 0, maximum = 100))]
    pub progress: Option<i32>,
}

/// The body of an action that takes text: `block` (reason), `complete` (result summary).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TaskActionIn {
    /// Why it is blocked (`block`), or what came of it (`complete`).
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(max_length = 8000))]
    pub text: Option<String>,
}

/// How a plan's tasks stand.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PlanProgress {
    /// The plan.
    pub plan_id: Uuid,
    /// Tasks in all.
    pub total: u64,
    /// Not started.
    pub todo: u64,
    /// Being worked on.
    pub in_progress: u64,
    /// Blocked.
    pub blocked: u64,
    /// Done.
    pub done: u64,
    /// Cancelled.
    pub cancelled: u64,
    /// Past due and not done.
    pub overdue: u64,
    /// Progress of the plan, 0–100: the tasks' progress (done counts 100) weighted by
    /// priority (low 1, normal 2, high 3, urgent 4); cancelled tasks left out.
    pub weighted_progress: f64,
}

/// An evidence file (tài liệu kiểm chứng) of a task.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AttachmentOut {
    /// Identifier.
    pub id: Uuid,
    /// Task.
    pub task_id: Uuid,
    /// The original file name, for display (never a path).
    pub file_name: String,
    /// The type detected from the bytes.
    pub content_type: String,
    /// Size in bytes.
    pub size_bytes: i64,
    /// SHA-256 of the bytes, hex.
    pub sha256: String,
    /// Who uploaded it.
    pub uploaded_by: String,
    /// When.
    pub created_at: DateTime<Utc>,
}
