//! A commune's tasks: `--tasks` of them, most in its issued plans ([`super::plans`]) and
//! some outside any plan, with a realistic mix of statuses (as they stand on `--as-of`:
//! some overdue, already marked so), priorities, deliverables, lead and supporting
//! departments and assignees, and the journal row of their creation (`tasks.create`).

use cchc_sdk::types::tasks::{Deliverable, TaskPriority, TaskStatus};
use chrono::{Datelike, Duration};
use serde_json::json;
use uuid::Uuid;

use super::plans::{self, Issued};
use super::rng::{Rng, at, ymd};
use super::sink::Sink;
use super::world::Commune;
use super::{BenchError, Options, Sampler, names, stream};
use crate::domain::codec::enum_str;
use crate::domain::tasks::priority_rank;
use crate::domain::text;
use crate::entity::{audit_events, task_assignees, task_departments, tasks};

/// Generates `c`'s plans and tasks; answers how many tasks it made.
pub fn commune(
    sink: &mut Sink,
    opts: &Options,
    c: &Commune,
    province_name: &str,
    samples: &mut Samples,
) -> Result<u64, BenchError> {
    let issued = plans::of_commune(sink, opts, c, province_name, &mut samples.plans)?;
    let mut rng = Rng::new(opts.seed, &[stream::TASKS, c.index as u64]);
    for _ in 0..opts.tasks {
        let plan = if !issued.is_empty() && rng.chance(850) {
            Some(rng.pick(&issued))
        } else {
            None
        };
        let id = task(sink, opts, c, plan, &mut rng)?;
        samples.tasks.offer(id);
    }
    Ok(opts.tasks as u64)
}

/// The samples the manifest lists.
#[derive(Debug)]
pub struct Samples {
    /// Tasks of various communes.
    pub tasks: Sampler,
    /// Plans with a number, issued or in progress.
    pub plans: Sampler,
}

/// One task, its links and its journal row; answers its id.
fn task(
    sink: &mut Sink,
    opts: &Options,
    c: &Commune,
    plan: Option<&Issued>,
    rng: &mut Rng,
) -> Result<Uuid, BenchError> {
    let as_of = opts.as_of();
    let today = as_of.date_naive();
    let created_at = match plan {
        Some(p) => rng.instant(
            p.issued_at,
            (p.issued_at + Duration::days(30)).min(as_of - Duration::hours(1)),
        ),
        None => {
            let years = opts.work_years();
            let year = *rng.pick(&years);
            let end = at(ymd(year, 12, 31), 10).min(as_of - Duration::days(1));
            rng.instant(at(ymd(year, 1, 2), 1), end)
        }
    };
    let year = plan.map_or(created_at.year(), |p| p.year);
    let start = created_at.date_naive();
    let due = start + Duration::days(rng.range(15, 150));
    use TaskStatus::*;
    let status = match plan {
        Some(p) if p.completed => [Done, Cancelled][rng.weighted(&[92, 8])],
        _ if due < today => {
            [Todo, InProgress, Blocked, Done, Cancelled][rng.weighted(&[6, 12, 4, 73, 5])]
        }
        _ => [Todo, InProgress, Blocked, Done, Cancelled][rng.weighted(&[30, 45, 7, 15, 3])],
    };
    let open = matches!(status, Todo | InProgress | Blocked);
    let completed_at = (status == Done).then(|| {
        let when = at(due + Duration::days(rng.range(-20, 10)), 2);
        when.clamp(created_at + Duration::hours(1), as_of - Duration::hours(1))
    });
    let updated_at = match status {
        Todo => created_at,
        Done => completed_at.unwrap_or(created_at),
        _ => rng.instant(created_at, at(due, 2).min(as_of).max(created_at)),
    };
    let title = names::task_title(rng, year);
    let lead = if c.departments.len() > 1 {
        1 + rng.below(c.departments.len() as u64 - 1) as usize
    } else {
        0
    };
    let description = match plan {
        Some(p) if rng.chance(600) => Some(format!(
            "Thực hiện theo Kế hoạch số {} của UBND {}.",
            p.symbol, c.name
        )),
        _ if rng.chance(300) => Some(format!(
            "Giao {} chủ trì thực hiện, báo cáo kết quả về Văn phòng.",
            c.departments.get(lead).map_or("", |d| d.1.as_str())
        )),
        _ => None,
    };
    let priority = [
        TaskPriority::Low,
        TaskPriority::Normal,
        TaskPriority::High,
        TaskPriority::Urgent,
    ][rng.weighted(&[15, 55, 22, 8])];
    let deliverable = [
        Deliverable::Report,
        Deliverable::Other,
        Deliverable::DecisionDraft,
        Deliverable::Invitation,
        Deliverable::Speech,
    ][rng.weighted(&[40, 30, 15, 10, 5])];
    let due_soon = (open && due - Duration::days(3) <= today)
        .then(|| at(due - Duration::days(3), 1).max(created_at));
    let overdue = (open && due < today).then(|| at(due + Duration::days(1), 1));
    let id = rng.uuid_at(created_at);
    sink.put::<tasks::Entity>(&tasks::Model {
        id,
        unit_id: c.id,
        plan_id: plan.map(|p| p.id),
        source_key: None,
        search_key: text::fold(&format!(
            "{title} {}",
            description.as_deref().unwrap_or_default()
        )),
        title: title.clone(),
        description,
        lead_department_id: c.departments.get(lead).map(|d| d.0),
        criterion_id: None,
        deliverable: enum_str(&deliverable),
        priority: enum_str(&priority),
        priority_rank: priority_rank(priority),
        start_date: Some(start),
        due_date: Some(due),
        due_sort: due,
        status: enum_str(&status),
        progress: match status {
            Todo => 0,
            Done => 100,
            InProgress => rng.range(10, 90) as i32,
            _ => rng.range(0, 60) as i32,
        },
        blocked_reason: (status == Blocked).then(|| (*rng.pick(&names::BLOCKED)).to_owned()),
        result_summary: (status == Done).then(|| format!("Đã hoàn thành: {title}.")),
        completed_at,
        due_soon_notified_at: due_soon,
        overdue_notified_at: overdue,
        created_at,
        updated_at,
        version: match status {
            Todo => 1,
            InProgress | Cancelled => 2,
            _ => 3,
        },
    })?;
    links(sink, c, id, lead, rng)?;
    sink.put::<audit_events::Entity>(&audit_events::Model {
        id: rng.uuid_at(created_at),
        occurred_at: created_at,
        actor_kind: "user".into(),
        actor_id: Some(c.admin_id),
        actor_name: c.admin.clone(),
        unit_id: Some(c.id),
        resource_type: "task".into(),
        resource_id: Some(id),
        action: "create".into(),
        changes: json!({"title": {"before": null, "after": title}}).to_string(),
        request_id: Some(format!("{:016x}", rng.next_u64())),
        client_ip: None,
        operation: Some("tasks.create".into()),
    })?;
    Ok(id)
}

/// Supporting departments (0–2, for 40 % of tasks) and assignees (1–2 officials of the
/// lead department, for 70 %).
fn links(
    sink: &mut Sink,
    c: &Commune,
    task_id: Uuid,
    lead: usize,
    rng: &mut Rng,
) -> Result<(), BenchError> {
    if c.departments.len() > 2 && rng.chance(400) {
        let mut chosen: Vec<usize> = Vec::new();
        for _ in 0..rng.range(1, 2) {
            let d = 1 + rng.below(c.departments.len() as u64 - 1) as usize;
            if d != lead && !chosen.contains(&d) {
                chosen.push(d);
                sink.put::<task_departments::Entity>(&task_departments::Model {
                    task_id,
                    department_id: c.departments[d].0,
                })?;
            }
        }
    }
    let staff: Vec<Uuid> = c
        .officials
        .iter()
        .filter(|o| o.1 == lead)
        .map(|o| o.0)
        .collect();
    if !staff.is_empty() && rng.chance(700) {
        let first = *rng.pick(&staff);
        sink.put::<task_assignees::Entity>(&task_assignees::Model {
            task_id,
            official_id: first,
        })?;
        let second = *rng.pick(&staff);
        if second != first && rng.chance(300) {
            sink.put::<task_assignees::Entity>(&task_assignees::Model {
                task_id,
                official_id: second,
            })?;
        }
    }
    Ok(())
}
