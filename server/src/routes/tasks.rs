//! `/api/v1/tasks`: work given to departments and officials; and a plan's tasks.

use actix_web::{get, patch, post, web};
use cchc_sdk::types::common::Page;
use cchc_sdk::types::tasks::{
    PlanProgress, TaskActionIn, TaskIn, TaskListQuery, TaskOut, TaskPatch, TaskUpdateIn,
    TaskUpdateOut,
};
use utoipa_actix_web::service_config::ServiceConfig;
use uuid::Uuid;

use crate::AppState;
use crate::auth::{Ctx, Permission};
use crate::domain::tasks::{self, TaskAction};
use crate::error::ApiError;
use crate::http::conn::Db;
use crate::http::etag::IfMatch;
use crate::http::extract::{ApiJson, OptionalJson};
use crate::http::pagination::PageRequest;
use crate::http::responses::Resource;

/// Registers the task routes.
pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(list)
        .service(create)
        .service(get_one)
        .service(update)
        .service(start)
        .service(block)
        .service(unblock)
        .service(complete)
        .service(reopen)
        .service(cancel)
        .service(list_updates)
        .service(add_update)
        .service(plan_progress)
        .service(from_plan);
}

async fn resource(
    state: &AppState,
    m: crate::entity::tasks::Model,
    today: chrono::NaiveDate,
) -> Result<Resource<TaskOut>, ApiError> {
    let version = m.version;
    Ok(Resource::ok(
        tasks::out(&state.db, m, today).await?,
        version,
    ))
}

/// List tasks
///
/// Filters: plan, unit, department (lead or supporting), assignee, status, `overdue`,
/// due-date range, sub-criterion, `q`; `sort` by creation (default), `due_date`,
/// `priority` or `updated`.
///
/// Requires: any role, or scope `reports.read`.
#[utoipa::path(operation_id = "tasks.list", tag = "tasks", params(TaskListQuery),
    responses((status = 200, description = "One page of tasks", body = Page<TaskOut>)))]
#[get("/tasks")]
async fn list(
    db: Db,
    ctx: Ctx,
    query: web::Query<TaskListQuery>,
) -> Result<web::Json<Page<TaskOut>>, ApiError> {
    ctx.require(Permission::TasksRead)?;
    let page = tasks::page_request(query.limit, query.cursor.as_deref(), query.sort)?;
    let rows = tasks::list(&*db, &ctx.scope, &query, &page, ctx.today()).await?;
    let data = tasks::to_outs(&*db, rows.data, ctx.today()).await?;
    Ok(web::Json(Page {
        data,
        next_cursor: rows.next_cursor,
        has_more: rows.has_more,
    }))
}

/// Create a task
///
/// Requires: `system_admin`, or `unit_admin` of the unit or one above it.
#[utoipa::path(operation_id = "tasks.create", tag = "tasks", request_body = TaskIn,
    responses((status = 201, description = "The created task", body = TaskOut)))]
#[post("/tasks")]
async fn create(
    state: web::Data<AppState>,
    db: Db,
    ctx: Ctx,
    body: ApiJson<TaskIn>,
) -> Result<Resource<TaskOut>, ApiError> {
    ctx.require(Permission::TasksWrite)?;
    // The change takes its own connection: the read one goes back first.
    db.release();
    let (task, out) = tasks::create_out(&state.db, &ctx, body.0).await?;
    let location = format!("/api/v1/tasks/{}", task.id);
    Ok(Resource::created(out, task.version, location))
}

/// Get a task
///
/// Requires: any role, or scope `reports.read`.
#[utoipa::path(operation_id = "tasks.get", tag = "tasks", params(("id" = Uuid, Path, description = "Task id")),
    responses((status = 200, description = "The task", body = TaskOut)))]
#[get("/tasks/{id}")]
async fn get_one(db: Db, ctx: Ctx, id: web::Path<Uuid>) -> Result<Resource<TaskOut>, ApiError> {
    ctx.require(Permission::TasksRead)?;
    let task = tasks::get(&*db, &ctx.scope, *id).await?;
    let version = task.version;
    Ok(Resource::ok(
        tasks::out(&*db, task, ctx.today()).await?,
        version,
    ))
}

/// Update a task
///
/// Merge patch (status changes are actions).
///
/// Requires: `system_admin` or `unit_admin` in scope, or a `department_officer` of the
/// task's lead or a supporting department.
#[utoipa::path(operation_id = "tasks.update", tag = "tasks", request_body = TaskPatch,
    params(("id" = Uuid, Path, description = "Task id")),
    responses((status = 200, description = "The updated task", body = TaskOut)))]
#[patch("/tasks/{id}")]
async fn update(
    state: web::Data<AppState>,
    ctx: Ctx,
    id: web::Path<Uuid>,
    if_match: IfMatch,
    body: ApiJson<TaskPatch>,
) -> Result<Resource<TaskOut>, ApiError> {
    ctx.require(Permission::TasksRead)?;
    let task = tasks::update(&state.db, &ctx, *id, &if_match, body.0).await?;
    resource(&state, task, ctx.today()).await
}

async fn act(
    state: &AppState,
    ctx: &Ctx,
    id: Uuid,
    if_match: &IfMatch,
    action: TaskAction,
    body: Option<TaskActionIn>,
) -> Result<Resource<TaskOut>, ApiError> {
    ctx.require(Permission::TasksRead)?;
    let task = tasks::act(
        &state.db,
        ctx,
        id,
        if_match,
        action,
        body.and_then(|b| b.text),
    )
    .await?;
    resource(state, task, ctx.today()).await
}

macro_rules! task_action {
    ($fn:ident, $path:literal, $op:literal, $action:expr, $summary:literal, $doc:literal) => {
        #[doc = $summary]
        #[doc = ""]
        #[doc = $doc]
        #[doc = ""]
        #[doc = "Requires: `system_admin` or `unit_admin` in scope, or a `department_officer` of the task's lead or a supporting department (never for `cancel`)."]
        #[utoipa::path(operation_id = $op, tag = "tasks", request_body(content = Option<TaskActionIn>, description = "`text`: the reason (block) or result summary (complete)"),
            params(("id" = Uuid, Path, description = "Task id")),
            responses((status = 200, description = "The task", body = TaskOut)))]
        #[post($path)]
        async fn $fn(state: web::Data<AppState>, ctx: Ctx, id: web::Path<Uuid>, if_match: IfMatch, body: OptionalJson<TaskActionIn>) -> Result<Resource<TaskOut>, ApiError> {
            act(&state, &ctx, *id, &if_match, $action, body.0).await
        }
    };
}

task_action!(
    start,
    "/tasks/{id}/start",
    "tasks.start",
    TaskAction::Start,
    "Start a task",
    "todo -> in progress."
);
task_action!(
    block,
    "/tasks/{id}/block",
    "tasks.block",
    TaskAction::Block,
    "Block a task",
    "in progress -> blocked; `text` (the reason) is required."
);
task_action!(
    unblock,
    "/tasks/{id}/unblock",
    "tasks.unblock",
    TaskAction::Unblock,
    "Unblock a task",
    "blocked -> in progress."
);
task_action!(
    complete,
    "/tasks/{id}/complete",
    "tasks.complete",
    TaskAction::Complete,
    "Complete a task",
    "-> done with progress 100; `text` (the result summary) is required."
);
task_action!(
    reopen,
    "/tasks/{id}/reopen",
    "tasks.reopen",
    TaskAction::Reopen,
    "Reopen a task",
    "done or cancelled -> in progress."
);
task_action!(
    cancel,
    "/tasks/{id}/cancel",
    "tasks.cancel",
    TaskAction::Cancel,
    "Cancel a task",
    "any open state -> cancelled."
);

/// List a task's journal
///
/// Comments, progress reports and status changes, oldest first.
///
/// Requires: any role, or scope `reports.read`.
#[utoipa::path(operation_id = "tasks.list_updates", tag = "tasks",
    params(("id" = Uuid, Path, description = "Task id"), ("limit" = Option<i64>, Query, minimum = 1, description = "Page size"), ("cursor" = Option<String>, Query, format = Uuid, description = "The previous page's next_cursor")),
    responses((status = 200, description = "One page of the journal", body = Page<TaskUpdateOut>)))]
#[get("/tasks/{id}/updates")]
async fn list_updates(
    state: web::Data<AppState>,
    ctx: Ctx,
    id: web::Path<Uuid>,
    query: web::Query<PageQuery>,
) -> Result<web::Json<Page<TaskUpdateOut>>, ApiError> {
    ctx.require(Permission::TasksRead)?;
    let page = PageRequest::parse(query.limit, query.cursor.as_deref())?;
    let rows = tasks::list_updates(&state.db, &ctx.scope, *id, &page).await?;
    Ok(web::Json(Page {
        data: rows
            .data
            .into_iter()
            .map(tasks::update_out)
            .collect::<Result<_, _>>()?,
        next_cursor: rows.next_cursor,
        has_more: rows.has_more,
    }))
}

/// Paging of a sub-list.
#[derive(Debug, serde::Deserialize)]
struct PageQuery {
    limit: Option<i64>,
    cursor: Option<String>,
}

/// Comment on a task or report progress
///
/// A progress report changes the task: send `If-Match` with the task's ETag to refuse
/// reporting over someone else's change (412).
///
/// Requires: `system_admin` or `unit_admin` in scope, or a `department_officer` of the
/// task's lead or a supporting department.
#[utoipa::path(operation_id = "tasks.add_update", tag = "tasks", request_body = TaskUpdateIn,
    params(("id" = Uuid, Path, description = "Task id")),
    responses((status = 201, description = "The journal entry", body = TaskUpdateOut)))]
#[post("/tasks/{id}/updates")]
async fn add_update(
    state: web::Data<AppState>,
    ctx: Ctx,
    id: web::Path<Uuid>,
    if_match: IfMatch,
    body: ApiJson<TaskUpdateIn>,
) -> Result<actix_web::HttpResponse, ApiError> {
    ctx.require(Permission::TasksRead)?;
    let entry = tasks::add_update(&state.db, &ctx, *id, &if_match, body.0).await?;
    Ok(actix_web::HttpResponse::Created()
        .insert_header((
            actix_web::http::header::LOCATION,
            format!("/api/v1/tasks/{}/updates", entry.task_id),
        ))
        .json(tasks::update_out(entry)?))
}

/// A plan's progress
///
/// Its tasks counted by status, how many are overdue, and the weighted progress (tasks'
/// progress weighted by priority; done counts 100; cancelled left out).
///
/// Requires: any role, or scope `reports.read`.
#[utoipa::path(operation_id = "plans.progress", tag = "plans", params(("id" = Uuid, Path, description = "Plan id")),
    responses((status = 200, description = "The roll-up", body = PlanProgress)))]
#[get("/plans/{id}/progress")]
async fn plan_progress(
    state: web::Data<AppState>,
    ctx: Ctx,
    id: web::Path<Uuid>,
) -> Result<web::Json<PlanProgress>, ApiError> {
    ctx.require(Permission::TasksRead)?;
    Ok(web::Json(
        tasks::plan_progress(&state.db, &ctx.scope, *id, ctx.today()).await?,
    ))
}

/// Make tasks from a plan's implementation section
///
/// One task per duty, led by the assignment's department and linked to the plan. Calling
/// it again makes only the missing ones; the answer lists them all. With `If-Match`, the
/// tasks are made only from the plan version the caller read (412 otherwise).
///
/// Requires: `system_admin`, or `unit_admin` of the unit or one above it.
#[utoipa::path(operation_id = "plans.create_tasks", tag = "plans", params(("id" = Uuid, Path, description = "Plan id")),
    responses((status = 200, description = "The plan's implementation tasks", body = Vec<TaskOut>)))]
#[post("/plans/{id}/tasks")]
async fn from_plan(
    state: web::Data<AppState>,
    ctx: Ctx,
    id: web::Path<Uuid>,
    if_match: IfMatch,
) -> Result<web::Json<Vec<TaskOut>>, ApiError> {
    ctx.require(Permission::TasksWrite)?;
    let made = tasks::from_plan(&state.db, &ctx, *id, &if_match).await?;
    Ok(web::Json(
        tasks::to_outs(&state.db, made, ctx.today()).await?,
    ))
}
