//! The department scorecard (bảng theo dõi kết quả của các bộ phận) of a unit and year:
//! per department, the year's tasks it leads — done, on time, late, open, overdue — and
//! the index sub-criteria it answers for in the year's assessment with the points they
//! lost; what the conference that reviews a year's index reads department by department.
//!
//! Which tasks are the year's: the unit's tasks in its plans of that year (`plans.year`,
//! plans not cancelled), and its tasks outside any plan due in that year or, with no due
//! date, created in it (Vietnam time). Cancelled tasks are not counted.

use std::collections::{BTreeMap, HashMap};

use cchc_sdk::types::index::AssessmentStatus;
use cchc_sdk::types::plans::PlanStatus;
use cchc_sdk::types::reports::{DepartmentScore, DepartmentScorecard, ScorecardItem};
use cchc_sdk::types::tasks::TaskStatus;
use chrono::{DateTime, Duration, NaiveDate, NaiveTime, Utc};
use sea_orm::{
    ColumnTrait, Condition, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect,
};
use uuid::Uuid;

use super::{Cell, Column, Kind, Report};
use crate::auth::Scope;
use crate::domain::clock::{VIETNAM_UTC_OFFSET_HOURS, vietnam_date};
use crate::domain::codec::{enum_str, parse_enum};
use crate::domain::index::scoring::{Leaf, from_centi, percent_centi};
use crate::domain::index::sheet::{Sheet, responsible_departments};
use crate::domain::scoped::scoped;
use crate::domain::tasks::is_overdue;
use crate::domain::text;
use crate::entity::{departments, index_assessments, plans, tasks};
use crate::error::ApiError;

/// What became of one of the year's tasks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Outcome {
    /// Done on or before its due date (or it had none).
    OnTime,
    /// Done after its due date.
    Late,
    /// Not done yet; `true` when past due on the report's day.
    Open(bool),
}

/// The outcome of a task that is not cancelled: done on time when its completion date
/// (Vietnam) is on or before the due date, or either is unknown (no due date; a done task
/// with no completion time is not held against its department).
fn outcome(
    status: TaskStatus,
    due: Option<NaiveDate>,
    completed: Option<NaiveDate>,
    today: NaiveDate,
) -> Outcome {
    match (status, due, completed) {
        (TaskStatus::Done, Some(due), Some(on)) if on > due => Outcome::Late,
        (TaskStatus::Done, _, _) => Outcome::OnTime,
        (status, due, _) => Outcome::Open(is_overdue(status, due, today)),
    }
}

/// A department's line while it is counted; points in hundredths.
#[derive(Debug, Default)]
struct Tally {
    tasks_total: u64,
    done_on_time: u64,
    done_late: u64,
    open: u64,
    overdue: u64,
    items: Vec<ScorecardItem>,
    max_c: i64,
    points_c: i64,
    lost_c: i64,
}

impl Tally {
    fn count(&mut self, o: Outcome) {
        self.tasks_total += 1;
        match o {
            Outcome::OnTime => self.done_on_time += 1,
            Outcome::Late => self.done_late += 1,
            Outcome::Open(overdue) => {
                self.open += 1;
                self.overdue += u64::from(overdue);
            }
        }
    }

    /// Adds an item earning `points` (hundredths; `None` while not scored).
    fn add(&mut self, leaf: &Leaf, points: Option<i64>) {
        let lost = points.map(|p| (leaf.max - p).max(0));
        self.max_c += leaf.max;
        self.points_c += points.unwrap_or(0);
        self.lost_c += lost.unwrap_or(0);
        self.items.push(ScorecardItem {
            criterion_id: leaf.id,
            code: leaf.code.clone(),
            name: leaf.name.clone(),
            max_points: from_centi(leaf.max),
            points: points.map(from_centi),
            lost_points: lost.map(from_centi),
        });
    }
}

/// The scorecard of a unit the caller can see (404 otherwise) for `year`, overdue counted
/// on `today`. 400 for a year outside 2000–2100.
pub async fn department_scorecard(
    db: &impl ConnectionTrait,
    scope: &Scope,
    unit_id: Uuid,
    year: i32,
    today: NaiveDate,
) -> Result<DepartmentScorecard, ApiError> {
    crate::domain::page::check_year(Some(year))?;
    let unit = crate::domain::units::get(db, scope, unit_id).await?;
    let mut lines: BTreeMap<Option<Uuid>, Tally> = BTreeMap::new();
    for t in year_tasks(db, scope, unit.id, year).await? {
        let status: TaskStatus = parse_enum(&t.status)?;
        let completed = t.completed_at.map(vietnam_date);
        lines
            .entry(t.lead_department_id)
            .or_default()
            .count(outcome(status, t.due_date, completed, today));
    }
    let assessment = assessment_of(db, scope, unit.id, year).await?;
    let assessment_id = assessment.as_ref().map(|a| a.id);
    if let Some(a) = assessment {
        let sheet = Sheet::load(db, a).await?;
        let responsible = responsible_departments(db, &sheet).await?;
        for leaf in &sheet.tree.leaves {
            lines
                .entry(responsible.get(&leaf.code).map(|d| d.id))
                .or_default()
                .add(leaf, sheet.points(leaf));
        }
    }
    // Archived departments too: a department archived since still answers for its year.
    let names: HashMap<Uuid, String> = departments::Entity::find()
        .filter(departments::Column::Id.is_in(lines.keys().flatten().copied()))
        .all(db)
        .await?
        .into_iter()
        .map(|d| (d.id, d.name))
        .collect();
    let mut departments: Vec<DepartmentScore> = lines
        .into_iter()
        .map(|(id, t)| DepartmentScore {
            department_id: id,
            department_name: id.and_then(|id| names.get(&id).cloned()),
            tasks_total: t.tasks_total,
            done: t.done_on_time + t.done_late,
            done_on_time: t.done_on_time,
            done_late: t.done_late,
            open: t.open,
            overdue: t.overdue,
            items: t.items,
            max_points: from_centi(t.max_c),
            points: from_centi(t.points_c),
            lost_points: from_centi(t.lost_c),
        })
        .collect();
    departments.sort_by_cached_key(|d| {
        let name = d.department_name.clone().unwrap_or_default();
        (
            d.department_id.is_none(),
            text::fold(&name),
            name,
            d.department_id,
        )
    });
    Ok(DepartmentScorecard {
        unit_id: unit.id,
        unit_name: unit.name,
        year,
        as_of: today,
        assessment_id,
        departments,
    })
}

/// Midnight in Vietnam at the start of `day`, as an instant.
fn vietnam_midnight(day: NaiveDate) -> DateTime<Utc> {
    day.and_time(NaiveTime::MIN).and_utc() - Duration::hours(VIETNAM_UTC_OFFSET_HOURS)
}

/// The year's tasks of the unit (see the module), cancelled ones left out.
async fn year_tasks(
    db: &impl ConnectionTrait,
    scope: &Scope,
    unit_id: Uuid,
    year: i32,
) -> Result<Vec<tasks::Model>, ApiError> {
    let bounds = NaiveDate::from_ymd_opt(year, 1, 1).zip(NaiveDate::from_ymd_opt(year + 1, 1, 1));
    let (first, next) = bounds.ok_or_else(|| ApiError::internal("a year without a 1 January"))?;
    let plan_ids: Vec<Uuid> = scoped::<plans::Entity>(scope)
        .filter(plans::Column::UnitId.eq(unit_id))
        .filter(plans::Column::Year.eq(year))
        .filter(plans::Column::Status.ne(enum_str(&PlanStatus::Cancelled)))
        .select_only()
        .column(plans::Column::Id)
        .into_tuple()
        .all(db)
        .await?;
    let outside_plans = |c: Condition| Condition::all().add(tasks::Column::PlanId.is_null()).add(c);
    let of_year = Condition::any()
        .add(tasks::Column::PlanId.is_in(plan_ids))
        .add(outside_plans(
            Condition::all()
                .add(tasks::Column::DueDate.gte(first))
                .add(tasks::Column::DueDate.lt(next)),
        ))
        .add(outside_plans(
            Condition::all()
                .add(tasks::Column::DueDate.is_null())
                .add(tasks::Column::CreatedAt.gte(vietnam_midnight(first)))
                .add(tasks::Column::CreatedAt.lt(vietnam_midnight(next))),
        ));
    Ok(scoped::<tasks::Entity>(scope)
        .filter(tasks::Column::UnitId.eq(unit_id))
        .filter(tasks::Column::Status.ne(enum_str(&TaskStatus::Cancelled)))
        .filter(of_year)
        .order_by_asc(tasks::Column::Id)
        .all(db)
        .await?)
}

/// The unit's assessment of `year`: the published one first, else the one changed last
/// (a unit has two only when assessed against two frameworks of one year).
async fn assessment_of(
    db: &impl ConnectionTrait,
    scope: &Scope,
    unit_id: Uuid,
    year: i32,
) -> Result<Option<index_assessments::Model>, ApiError> {
    let published = enum_str(&AssessmentStatus::Published);
    let mut found = scoped::<index_assessments::Entity>(scope)
        .filter(index_assessments::Column::UnitId.eq(unit_id))
        .filter(index_assessments::Column::Year.eq(year))
        .order_by_desc(index_assessments::Column::UpdatedAt)
        .order_by_desc(index_assessments::Column::Id)
        .all(db)
        .await?;
    found.sort_by_key(|a| a.status != published);
    Ok(found.into_iter().next())
}

/// Done on time out of done, percent with two decimals (half up); `None` when nothing is
/// done.
fn on_time_rate(on_time: u64, done: u64) -> Option<f64> {
    let (on_time, done) = (i64::try_from(on_time).ok()?, i64::try_from(done).ok()?);
    (done > 0).then(|| from_centi(percent_centi(on_time, done)))
}

/// The items that lost points, in the framework's order: `1.1.2 (-0.50); 2.1.1 (-1.00)`.
fn lost_codes(items: &[ScorecardItem]) -> String {
    items
        .iter()
        .filter_map(|i| Some((i, i.lost_points.filter(|l| *l > 0.0)?)))
        .map(|(i, lost)| format!("{} (-{lost:.2})", i.code))
        .collect::<Vec<_>>()
        .join("; ")
}

/// The scorecard as a table: one line per department, then "Tổng cộng".
pub fn table(r: &DepartmentScorecard) -> Report {
    let columns = vec![
        Column::new("department_name", "Bộ phận", Kind::Text),
        Column::new("tasks_total", "Tổng số nhiệm vụ", Kind::Integer),
        Column::new("done", "Đã hoàn thành", Kind::Integer),
        Column::new("done_on_time", "Hoàn thành đúng hạn", Kind::Integer),
        Column::new("done_late", "Hoàn thành trễ hạn", Kind::Integer),
        Column::new("open", "Chưa hoàn thành", Kind::Integer),
        Column::new("overdue", "Quá hạn", Kind::Integer),
        Column::new("on_time_rate", "Tỷ lệ đúng hạn (%)", Kind::Percent),
        Column::new("items", "Số tiêu chí phụ trách", Kind::Integer),
        Column::new("max_points", "Điểm tối đa", Kind::Decimal(2)),
        Column::new("points", "Điểm đạt được", Kind::Decimal(2)),
        Column::new("lost_points", "Điểm bị mất", Kind::Decimal(2)),
        Column::new("lost_items", "Tiêu chí bị mất điểm", Kind::Text),
    ];
    let count = |n: u64| Cell::Integer(i64::try_from(n).unwrap_or(i64::MAX));
    let mut rows: Vec<Vec<Cell>> = r
        .departments
        .iter()
        .map(|d| {
            let name = d
                .department_name
                .as_deref()
                .unwrap_or("(Chưa giao bộ phận)");
            vec![
                Cell::from(name),
                count(d.tasks_total),
                count(d.done),
                count(d.done_on_time),
                count(d.done_late),
                count(d.open),
                count(d.overdue),
                Cell::from(on_time_rate(d.done_on_time, d.done)),
                count(d.items.len() as u64),
                Cell::Number(d.max_points),
                Cell::Number(d.points),
                Cell::Number(d.lost_points),
                Some(lost_codes(&d.items)).filter(|c| !c.is_empty()).into(),
            ]
        })
        .collect();
    let sum = |f: fn(&DepartmentScore) -> u64| r.departments.iter().map(f).sum::<u64>();
    let points = |f: fn(&DepartmentScore) -> f64| {
        let centi: i64 = r
            .departments
            .iter()
            .map(|d| (f(d) * 100.0).round() as i64)
            .sum();
        Cell::Number(from_centi(centi))
    };
    let (on_time, done) = (sum(|d| d.done_on_time), sum(|d| d.done));
    rows.push(vec![
        Cell::from("Tổng cộng"),
        count(sum(|d| d.tasks_total)),
        count(done),
        count(on_time),
        count(sum(|d| d.done_late)),
        count(sum(|d| d.open)),
        count(sum(|d| d.overdue)),
        Cell::from(on_time_rate(on_time, done)),
        count(sum(|d| d.items.len() as u64)),
        points(|d| d.max_points),
        points(|d| d.points),
        points(|d| d.lost_points),
        // Each line lists its own lost items; the total does not repeat them.
        Cell::Empty,
    ]);
    Report {
        title: format!(
            "Bảng theo dõi kết quả của các bộ phận năm {} - {}",
            r.year, r.unit_name
        ),
        columns,
        rows,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(m: u32, d: u32) -> Option<NaiveDate> {
        NaiveDate::from_ymd_opt(2024, m, d)
    }

    #[test]
    fn a_task_done_after_its_due_date_is_late_and_an_open_one_past_it_overdue() {
        let today = day(6, 1).unwrap_or_default();
        let done = |due, on| outcome(TaskStatus::Done, due, on, today);
        assert_eq!(done(day(3, 31), day(3, 31)), Outcome::OnTime);
        assert_eq!(done(day(3, 31), day(4, 1)), Outcome::Late);
        assert_eq!(done(None, day(4, 1)), Outcome::OnTime);
        assert_eq!(done(day(3, 31), None), Outcome::OnTime);
        let open = |status, due| outcome(status, due, None, today);
        assert_eq!(open(TaskStatus::Blocked, day(5, 31)), Outcome::Open(true));
        assert_eq!(open(TaskStatus::Todo, day(6, 1)), Outcome::Open(false));
        assert_eq!(open(TaskStatus::InProgress, None), Outcome::Open(false));
    }

    #[test]
    fn the_year_starts_at_midnight_in_vietnam() {
        let start = NaiveDate::from_ymd_opt(2024, 1, 1).map(vietnam_midnight);
        assert_eq!(
            start.map(|s| s.to_rfc3339()).as_deref(),
            Some("2023-12-31T17:00:00+00:00")
        );
    }

    #[test]
    fn the_on_time_rate_has_two_decimals_and_none_without_done_tasks() {
        assert_eq!(on_time_rate(2, 3), Some(66.67));
        assert_eq!(on_time_rate(1, 3), Some(33.33));
        assert_eq!(on_time_rate(0, 0), None);
    }

    #[test]
    fn lost_items_are_listed_with_their_points() {
        let item = |code: &str, lost| ScorecardItem {
            criterion_id: Uuid::nil(),
            code: code.into(),
            name: String::new(),
            max_points: 2.0,
            points: None,
            lost_points: lost,
        };
        let items = [
            item("1.1.1", Some(0.0)),
            item("1.1.2", Some(0.5)),
            item("1.1.3", None),
            item("2.1.1", Some(1.0)),
        ];
        assert_eq!(lost_codes(&items), "1.1.2 (-0.50); 2.1.1 (-1.00)");
        assert_eq!(lost_codes(&items[..1]), "");
    }
}
