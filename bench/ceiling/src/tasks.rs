//! The task endpoints of the ceiling, with the product's SQL (server/src/domain/tasks:
//! the task row by the same columns and filters, then its supporting departments and
//! assignees), all on one pool checkout per request. Answers carry the product's field
//! names; `allowed_actions` is left out.

use std::collections::HashMap;

use actix_web::http::header;
use actix_web::web::ServiceConfig;
use actix_web::{HttpRequest, HttpResponse, get, post, web};
use chrono::{DateTime, Duration, NaiveDate, Utc};
use sea_orm::sqlx::postgres::PgRow;
use sea_orm::sqlx::{self, PgConnection, Row};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::State;

/// Every column of `tasks`, in the order the product's entity reads them.
const COLUMNS: &str = "id, unit_id, plan_id, source_key, title, description, search_key, \
    lead_department_id, criterion_id, deliverable, priority, priority_rank, start_date, \
    due_date, due_sort, status, progress, blocked_reason, result_summary, completed_at, \
    due_soon_notified_at, overdue_notified_at, created_at, updated_at, version";

/// Registers the routes.
pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(list).service(create).service(get_one);
}

/// A task as the product answers it (its `TaskOut`, without `allowed_actions`).
#[derive(Serialize)]
struct TaskOut {
    id: Uuid,
    unit_id: Uuid,
    plan_id: Option<Uuid>,
    title: String,
    description: Option<String>,
    lead_department_id: Option<Uuid>,
    supporting_department_ids: Vec<Uuid>,
    assignee_ids: Vec<Uuid>,
    criterion_id: Option<Uuid>,
    deliverable: String,
    priority: String,
    start_date: Option<NaiveDate>,
    due_date: Option<NaiveDate>,
    status: String,
    progress: i32,
    blocked_reason: Option<String>,
    result_summary: Option<String>,
    completed_at: Option<DateTime<Utc>>,
    created_at: DateTime<Utc>,
    updated_at: DateTime<Utc>,
    version: i32,
    overdue: bool,
}

#[derive(Serialize)]
struct Page {
    data: Vec<TaskOut>,
    next_cursor: Option<Uuid>,
    has_more: bool,
}

#[derive(Deserialize)]
struct ListQuery {
    unit_id: Option<Uuid>,
    status: Option<String>,
    cursor: Option<Uuid>,
    limit: Option<i64>,
}

/// The product's `TaskIn`.
#[derive(Deserialize)]
struct TaskIn {
    unit_id: Uuid,
    plan_id: Option<Uuid>,
    title: String,
    description: Option<String>,
    lead_department_id: Option<Uuid>,
    criterion_id: Option<Uuid>,
    #[serde(default = "other")]
    deliverable: String,
    #[serde(default = "normal")]
    priority: String,
    start_date: Option<NaiveDate>,
    due_date: Option<NaiveDate>,
}

fn other() -> String {
    "other".into()
}

fn normal() -> String {
    "normal".into()
}

/// Today in Vietnam (UTC+7), which decides `overdue` as in the product.
fn today() -> NaiveDate {
    (Utc::now() + Duration::hours(7)).date_naive()
}

fn authorized(req: &HttpRequest, state: &State) -> bool {
    let now = Utc::now().timestamp().max(0) as u64;
    req.headers()
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .is_some_and(|token| crate::jwt::valid(token, &state.secret, now))
}

fn failed(err: sqlx::Error) -> HttpResponse {
    eprintln!("database error: {err}");
    HttpResponse::InternalServerError().finish()
}

fn row_out(r: &PgRow, today: NaiveDate) -> Result<TaskOut, sqlx::Error> {
    let status: String = r.try_get(15)?;
    let due_date: Option<NaiveDate> = r.try_get(13)?;
    let open = matches!(status.as_str(), "todo" | "in_progress" | "blocked");
    Ok(TaskOut {
        id: r.try_get(0)?,
        unit_id: r.try_get(1)?,
        plan_id: r.try_get(2)?,
        title: r.try_get(4)?,
        description: r.try_get(5)?,
        lead_department_id: r.try_get(7)?,
        supporting_department_ids: Vec::new(),
        assignee_ids: Vec::new(),
        criterion_id: r.try_get(8)?,
        deliverable: r.try_get(9)?,
        priority: r.try_get(10)?,
        start_date: r.try_get(12)?,
        overdue: open && due_date.is_some_and(|d| d < today),
        due_date,
        status,
        progress: r.try_get(16)?,
        blocked_reason: r.try_get(17)?,
        result_summary: r.try_get(18)?,
        completed_at: r.try_get(19)?,
        created_at: r.try_get(22)?,
        updated_at: r.try_get(23)?,
        version: r.try_get(24)?,
    })
}

/// Fills the tasks' supporting departments and assignees: two queries, as the product.
async fn with_links(conn: &mut PgConnection, tasks: &mut [TaskOut]) -> Result<(), sqlx::Error> {
    let ids: Vec<Uuid> = tasks.iter().map(|t| t.id).collect();
    let at: HashMap<Uuid, usize> = ids.iter().enumerate().map(|(i, id)| (*id, i)).collect();
    let links = [
        "SELECT task_id, department_id FROM task_departments WHERE task_id = ANY($1)",
        "SELECT task_id, official_id FROM task_assignees WHERE task_id = ANY($1)",
    ];
    for (n, sql) in links.into_iter().enumerate() {
        for r in sqlx::query(sql).bind(&ids).fetch_all(&mut *conn).await? {
            let (task, other): (Uuid, Uuid) = (r.try_get(0)?, r.try_get(1)?);
            if let Some(t) = at.get(&task).and_then(|i| tasks.get_mut(*i)) {
                if n == 0 {
                    t.supporting_department_ids.push(other);
                } else {
                    t.assignee_ids.push(other);
                }
            }
        }
    }
    Ok(())
}

/// `GET /api/v1/tasks?unit_id=&status=&cursor=&limit=` in id order (the product's default
/// sort), 50 a page, at most 200.
#[get("/api/v1/tasks")]
async fn list(req: HttpRequest, state: web::Data<State>, q: web::Query<ListQuery>) -> HttpResponse {
    if !authorized(&req, &state) {
        return HttpResponse::Unauthorized().finish();
    }
    let limit = q.limit.unwrap_or(50).clamp(1, 200);
    // One statement text per combination of filters, so each is prepared once per
    // connection with a plan for its own predicates (the product builds its SQL the same way).
    let mut sql = format!("SELECT {COLUMNS} FROM tasks WHERE true");
    let mut n = 0;
    for (present, column) in [
        (q.unit_id.is_some(), "unit_id ="),
        (q.status.is_some(), "status ="),
        (q.cursor.is_some(), "id >"),
    ] {
        if present {
            n += 1;
            sql.push_str(&format!(" AND {column} ${n}"));
        }
    }
    sql.push_str(&format!(" ORDER BY id LIMIT ${}", n + 1));
    // Audited: the text is made of constants only; every value is a bound parameter.
    let mut query = sqlx::query(sqlx::AssertSqlSafe(sql.as_str()));
    if let Some(u) = q.unit_id {
        query = query.bind(u);
    }
    if let Some(s) = &q.status {
        query = query.bind(s.as_str());
    }
    if let Some(c) = q.cursor {
        query = query.bind(c);
    }
    let query = query.bind(limit + 1);
    let answer = async {
        let mut conn = state.pool.acquire().await?;
        let rows = query.fetch_all(&mut *conn).await?;
        let today = today();
        let has_more = rows.len() as i64 > limit;
        let mut data = rows
            .iter()
            .take(limit as usize)
            .map(|r| row_out(r, today))
            .collect::<Result<Vec<_>, _>>()?;
        with_links(&mut conn, &mut data).await?;
        let next_cursor = if has_more {
            data.last().map(|t| t.id)
        } else {
            None
        };
        Ok::<_, sqlx::Error>(Page {
            data,
            next_cursor,
            has_more,
        })
    };
    match answer.await {
        Ok(page) => HttpResponse::Ok().json(page),
        Err(err) => failed(err),
    }
}

/// `GET /api/v1/tasks/{id}`.
#[get("/api/v1/tasks/{id}")]
async fn get_one(req: HttpRequest, state: web::Data<State>, id: web::Path<Uuid>) -> HttpResponse {
    if !authorized(&req, &state) {
        return HttpResponse::Unauthorized().finish();
    }
    let sql = format!("SELECT {COLUMNS} FROM tasks WHERE id = $1 LIMIT 1");
    let answer = async {
        let mut conn = state.pool.acquire().await?;
        // Audited: constants only; the id is a bound parameter.
        let Some(row) = sqlx::query(sqlx::AssertSqlSafe(sql.as_str()))
            .bind(*id)
            .fetch_optional(&mut *conn)
            .await?
        else {
            return Ok(None);
        };
        let mut task = [row_out(&row, today())?];
        with_links(&mut conn, &mut task).await?;
        let [task] = task;
        Ok::<_, sqlx::Error>(Some(task))
    };
    match answer.await {
        Ok(Some(task)) => HttpResponse::Ok()
            .insert_header((header::ETAG, format!("\"{}\"", task.version)))
            .json(task),
        Ok(None) => HttpResponse::NotFound().finish(),
        Err(err) => failed(err),
    }
}

/// `POST /api/v1/tasks`: one INSERT (no links, audit, outbox or idempotency).
#[post("/api/v1/tasks")]
async fn create(
    req: HttpRequest,
    state: web::Data<State>,
    body: web::Json<TaskIn>,
) -> HttpResponse {
    if !authorized(&req, &state) {
        return HttpResponse::Unauthorized().finish();
    }
    let input = body.into_inner();
    let now = Utc::now();
    let rank = match input.priority.as_str() {
        "low" => 1,
        "high" => 3,
        "urgent" => 4,
        _ => 2,
    };
    let no_due = NaiveDate::from_ymd_opt(9999, 12, 31).unwrap_or_default();
    let search_key = format!(
        "{} {}",
        input.title,
        input.description.as_deref().unwrap_or_default()
    )
    .to_lowercase();
    let task = TaskOut {
        id: Uuid::now_v7(),
        unit_id: input.unit_id,
        plan_id: input.plan_id,
        title: input.title,
        description: input.description,
        lead_department_id: input.lead_department_id,
        supporting_department_ids: Vec::new(),
        assignee_ids: Vec::new(),
        criterion_id: input.criterion_id,
        deliverable: input.deliverable,
        priority: input.priority,
        start_date: input.start_date,
        due_date: input.due_date,
        status: "todo".into(),
        progress: 0,
        blocked_reason: None,
        result_summary: None,
        completed_at: None,
        created_at: now,
        updated_at: now,
        version: 1,
        overdue: input.due_date.is_some_and(|d| d < today()),
    };
    let inserted = sqlx::query(
        "INSERT INTO tasks (id, unit_id, plan_id, source_key, title, description, search_key, \
         lead_department_id, criterion_id, deliverable, priority, priority_rank, start_date, \
         due_date, due_sort, status, progress, created_at, updated_at, version) \
         VALUES ($1, $2, $3, NULL, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, 0, \
         $16, $16, 1)",
    )
    .bind(task.id)
    .bind(task.unit_id)
    .bind(task.plan_id)
    .bind(&task.title)
    .bind(&task.description)
    .bind(search_key)
    .bind(task.lead_department_id)
    .bind(task.criterion_id)
    .bind(&task.deliverable)
    .bind(&task.priority)
    .bind(rank)
    .bind(task.start_date)
    .bind(task.due_date)
    .bind(task.due_date.unwrap_or(no_due))
    .bind(&task.status)
    .bind(now)
    .execute(&state.pool)
    .await;
    match inserted {
        Ok(_) => HttpResponse::Created()
            .insert_header((header::LOCATION, format!("/api/v1/tasks/{}", task.id)))
            .json(task),
        Err(err) => failed(err),
    }
}
