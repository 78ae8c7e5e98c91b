//! Where a unit lost points, who is responsible, and the remediation tasks that follow —
//! what the seed's section V.3 asks of "the departments assigned to the criteria".

use cchc_sdk::types::index::{Analysis, DepartmentLoss, LostItem, RemediationIn};
use cchc_sdk::types::tasks::{Deliverable, TaskIn, TaskPriority};
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter};
use uuid::Uuid;

use super::assessments::{self, Sheet, responsible_departments};
use super::percents::{percents_of_year, sibling_averages};
use super::scoring::{Leaf, from_centi, percent_centi};
use crate::auth::{Ctx, Permission};
use crate::domain::write::{Journaled, Write};
use crate::entity::{plans, tasks};
use crate::error::{ApiError, FieldIssue};

/// A lost item before it goes on the wire.
pub(super) struct Loss<'a> {
    pub(super) leaf: &'a Leaf,
    pub(super) points: i64,
    pub(super) lost: i64,
}

/// The items that lost points, most lost first.
pub(super) fn losses(sheet: &Sheet) -> Vec<Loss<'_>> {
    let mut out: Vec<Loss> = sheet
        .tree
        .leaves
        .iter()
        .map(|leaf| {
            let points = sheet.points(leaf).unwrap_or(0);
            Loss {
                leaf,
                points,
                lost: leaf.max - points,
            }
        })
        .filter(|l| l.lost > 0)
        .collect();
    out.sort_by(|a, b| {
        b.lost
            .cmp(&a.lost)
            .then_with(|| a.leaf.code.cmp(&b.leaf.code))
    });
    out
}

/// The analysis of an assessment the caller can see.
pub async fn analyse(db: &DatabaseConnection, ctx: &Ctx, id: Uuid) -> Result<Analysis, ApiError> {
    let a = assessments::get(db, &ctx.scope, id).await?;
    let sheet = Sheet::load(db, a).await?;
    let responsible = responsible_departments(db, &sheet).await?;
    let previous =
        percents_of_year(db, sheet.assessment.unit_id, sheet.assessment.year - 1).await?;
    let siblings = sibling_averages(db, &sheet).await?;
    let lost = losses(&sheet);
    let linked = tasks::Entity::find()
        .filter(tasks::Column::UnitId.eq(sheet.assessment.unit_id))
        .filter(tasks::Column::CriterionId.is_in(lost.iter().map(|l| l.leaf.id)))
        .all(db)
        .await?;
    let mut items = Vec::new();
    let mut groups: Vec<DepartmentLoss> = Vec::new();
    for l in &lost {
        let dept = responsible.get(&l.leaf.code);
        items.push(LostItem {
            criterion_id: l.leaf.id,
            code: l.leaf.code.clone(),
            name: l.leaf.name.clone(),
            area_code: l.leaf.area.clone(),
            max_points: from_centi(l.leaf.max),
            points: from_centi(l.points),
            lost_points: from_centi(l.lost),
            percent: from_centi(percent_centi(l.points, l.leaf.max)),
            previous_percent: previous.get(&l.leaf.code).copied().map(from_centi),
            siblings_average_percent: siblings.get(&l.leaf.code).copied().map(from_centi),
            department_id: dept.map(|d| d.id),
            department_name: dept.map(|d| d.name.clone()),
            task_ids: linked
                .iter()
                .filter(|t| t.criterion_id == Some(l.leaf.id))
                .map(|t| t.id)
                .collect(),
            cause: sheet.items.get(&l.leaf.code).and_then(|i| i.cause.clone()),
            solution: sheet
                .items
                .get(&l.leaf.code)
                .and_then(|i| i.solution.clone()),
        });
        let id = dept.map(|d| d.id);
        match groups.iter_mut().find(|g| g.department_id == id) {
            Some(g) => {
                g.lost_points = from_centi(to_c(g.lost_points) + l.lost);
                g.codes.push(l.leaf.code.clone());
            }
            None => groups.push(DepartmentLoss {
                department_id: id,
                department_name: dept.map(|d| d.name.clone()),
                lost_points: from_centi(l.lost),
                codes: vec![l.leaf.code.clone()],
            }),
        }
    }
    groups.sort_by(|a, b| {
        to_c(b.lost_points)
            .cmp(&to_c(a.lost_points))
            .then_with(|| a.department_id.is_none().cmp(&b.department_id.is_none()))
    });
    Ok(Analysis {
        assessment_id: sheet.assessment.id,
        unit_id: sheet.assessment.unit_id,
        year: sheet.assessment.year,
        lost_points: from_centi(lost.iter().map(|l| l.lost).sum()),
        items,
        departments: groups,
    })
}

fn to_c(points: f64) -> i64 {
    (points * 100.0).round() as i64
}

/// What [`remediate`] did: the tasks asked for, in the order of the codes, and which of
/// them this call created.
#[derive(Debug)]
pub struct Remediation {
    /// One task per chosen code, new or made by an earlier call.
    pub tasks: Vec<tasks::Model>,
    /// The ids of the tasks this call created (empty: every one existed already).
    pub created: Vec<Uuid>,
}

/// Turns chosen lost items into remediation tasks of a plan of the same unit, led by
/// the responsible department and linked to the sub-criterion. Asking again for the same
/// items and plan returns the tasks already made (and creates only the missing ones).
pub async fn remediate(
    db: &DatabaseConnection,
    ctx: &Ctx,
    id: Uuid,
    body: RemediationIn,
) -> Result<Remediation, ApiError> {
    ctx.require(Permission::TasksWrite)?;
    let w = Write::begin(db, ctx).await?;
    let a = assessments::get(w.db(), &ctx.scope, id).await?;
    let sheet = Sheet::load(w.db(), a.clone()).await?;
    let mut issues = Vec::new();
    let plan_ok = plans::Entity::find_by_id(body.plan_id)
        .one(w.db())
        .await?
        .is_some_and(|p| p.unit_id == a.unit_id);
    if !plan_ok {
        issues.push(FieldIssue::unknown_reference("plan_id"));
    }
    let lost = losses(&sheet);
    let mut chosen = Vec::new();
    if body.codes.is_empty() {
        issues.push(FieldIssue::required("codes"));
    }
    for (i, code) in body.codes.iter().enumerate() {
        match lost.iter().find(|l| l.leaf.code == code.trim()) {
            Some(l) => chosen.push(l),
            None => issues.push(FieldIssue::new(
                format!("codes[{i}]"),
                "not_lost",
                crate::error::Text::new(
                    "Tiêu chí không tồn tại hoặc không bị mất điểm.",
                    "No such item, or it lost no points.",
                ),
            )),
        }
    }
    if !issues.is_empty() {
        return Err(ApiError::validation(issues));
    }
    let responsible = responsible_departments(w.db(), &sheet).await?;
    let mut made = Vec::new();
    let mut created = Vec::new();
    let mut journaled: Option<Journaled> = None;
    for l in chosen {
        let key = format!("index:{}:{}:{}", a.id, body.plan_id, l.leaf.code);
        if let Some(existing) = tasks::Entity::find()
            .filter(tasks::Column::SourceKey.eq(key.as_str()))
            .one(w.db())
            .await?
        {
            made.push(existing);
            continue;
        }
        let title: String = format!("Khắc phục tiêu chí {}: {}", l.leaf.code, l.leaf.name)
            .chars()
            .take(300)
            .collect();
        let comment = sheet
            .items
            .get(&l.leaf.code)
            .and_then(|i| i.appraiser_comment.clone())
            .map(|c| format!(" Nhận xét thẩm định: {c}"))
            .unwrap_or_default();
        let input = TaskIn {
            unit_id: a.unit_id,
            plan_id: Some(body.plan_id),
            title,
            description: Some(format!(
                "Năm {} đạt {}/{} điểm, mất {} điểm.{comment}",
                a.year,
                from_centi(l.points),
                from_centi(l.leaf.max),
                from_centi(l.lost)
            )),
            lead_department_id: responsible.get(&l.leaf.code).map(|d| d.id),
            supporting_department_ids: vec![],
            assignee_ids: vec![],
            criterion_id: Some(l.leaf.id),
            deliverable: Deliverable::Other,
            priority: if l.lost * 2 >= l.leaf.max {
                TaskPriority::High
            } else {
                TaskPriority::Normal
            },
            start_date: None,
            due_date: body.due_date,
        };
        // Each new task journals its own creation.
        let (task, step) = crate::domain::tasks::insert(&w, input, Some(key)).await?;
        journaled = Some(match journaled {
            Some(j) => j.and(step),
            None => step,
        });
        created.push(task.id);
        made.push(task);
    }
    // Every task asked for already made: nothing changed, nothing to journal or commit.
    match journaled {
        Some(journaled) => w.commit(journaled).await?,
        None => w.rollback().await?,
    }
    Ok(Remediation {
        tasks: made,
        created,
    })
}
