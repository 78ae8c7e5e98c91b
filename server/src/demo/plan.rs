//! The seed document — "Kế hoạch Tổ chức Hội nghị đánh giá, phân tích chỉ số cải cách hành
//! chính năm 2023…" of UBND xã Hòa Tân Tây, April 2024 — as structured plan content, every
//! section of it (`plan.json`), issued as the commune would have; and its section V as
//! tasks, with the progress they had in early May 2024 (`tasks.json`).

use cchc_sdk::types::plans::PlanContent;
use cchc_sdk::types::tasks::{Deliverable, TaskIn, TaskPatch, TaskPriority};
use chrono::NaiveDate;
use sea_orm::DatabaseConnection;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use uuid::Uuid;

use super::loader::{self, World};
use crate::auth::Ctx;
use crate::domain::plans::{self, PlanAction};
use crate::domain::precondition::IfMatch;
use crate::domain::tasks::{self, TaskAction};
use crate::domain::write::Write;
use crate::error::ApiError;

/// The departments and official the seed names, by id in the demo database.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SeedRefs {
    /// Văn phòng - Thống kê.
    pub van_phong: Option<Uuid>,
    /// Tài chính - Kế toán.
    pub tai_chinh: Option<Uuid>,
    /// Lê Văn Vũ, the chairman who signs.
    pub chairman: Option<Uuid>,
}

/// `plan.json`.
#[derive(Debug, Serialize, Deserialize)]
pub struct PlanFile {
    /// The issuing commune.
    pub unit_id: Uuid,
    /// What the content's `@van_phong`, `@tai_chinh` and `@chairman` stand for.
    pub refs: SeedRefs,
    /// The day it was issued.
    pub issue_date: NaiveDate,
    /// The content, its ids written as those names.
    pub content: Value,
}

/// `tasks.json`.
#[derive(Debug, Serialize, Deserialize)]
pub struct TasksFile {
    /// When every task started.
    pub start_date: NaiveDate,
    /// What became of the tasks made from the plan's section V, in their order.
    pub from_plan: Vec<PlanTask>,
    /// The tasks the section folds into other duties: the invitations on their own, and
    /// the analysis report of each department answering for index sub-criteria.
    pub extra: Vec<ExtraTask>,
}

/// A task made from the plan, as it stood.
#[derive(Debug, Serialize, Deserialize)]
pub struct PlanTask {
    /// Due date.
    pub due_date: NaiveDate,
    /// What it produces.
    pub deliverable: Deliverable,
    /// Priority.
    pub priority: TaskPriority,
    /// Progress in percent; above 0 it has started.
    pub progress: i32,
    /// Its result, when done.
    #[serde(default)]
    pub result: Option<String>,
}

/// A task of the plan's unit and plan beyond those made from it.
#[derive(Debug, Serialize, Deserialize)]
pub struct ExtraTask {
    /// Title.
    pub title: String,
    /// Lead department.
    pub lead_department_id: Option<Uuid>,
    /// What it produces.
    pub deliverable: Deliverable,
    /// Priority.
    pub priority: TaskPriority,
    /// Due date.
    pub due_date: NaiveDate,
}

/// The content part of `plan.json`, with the names of `refs` in it.
fn content_with(refs: SeedRefs, content: Value) -> Result<PlanContent, String> {
    let ids = [
        ("van_phong", refs.van_phong),
        ("tai_chinh", refs.tai_chinh),
        ("chairman", refs.chairman),
    ]
    .into_iter()
    .map(|(name, id)| (name.to_owned(), id))
    .collect();
    let mut content = content;
    loader::substitute(&mut content, &ids)?;
    loader::decode(&loader::PLAN, content)
}

/// The seed plan's content; an id `refs` does not know is left out.
pub fn seed_plan_content(refs: SeedRefs) -> PlanContent {
    let content = loader::json(&loader::PLAN)
        .map_err(|e| format!("{e:?}"))
        .and_then(|mut file| match file.get_mut("content") {
            Some(content) => content_with(refs, content.take()),
            None => Err("demo file plan.json: no content".to_owned()),
        });
    // Embedded, and parsed by the `demo_files_parse` test.
    content.unwrap_or_else(|e| panic!("{e}"))
}

/// Creates the seed plan, submits, issues and starts it, then its tasks.
pub async fn seed_plan(db: &DatabaseConnection, world: &World<'_>) -> Result<(), ApiError> {
    let mut file = loader::json(&loader::PLAN)?;
    let content = file.get_mut("content").map(Value::take).unwrap_or_default();
    let file: PlanFile = world.resolve(&loader::PLAN, file).await?;
    let content = content_with(file.refs, content).map_err(ApiError::internal)?;
    let ctx = Ctx::system();
    let plan = plans::create(db, &ctx, file.unit_id, content).await?;
    let plan = act(db, &ctx, plan.id, PlanAction::Submit, None).await?;
    let plan = act(db, &ctx, plan.id, PlanAction::Issue, Some(file.issue_date)).await?;
    let plan = act(db, &ctx, plan.id, PlanAction::Start, None).await?;
    seed_tasks(db, world, &ctx, &plan).await
}

async fn act(
    db: &DatabaseConnection,
    ctx: &Ctx,
    id: Uuid,
    action: PlanAction,
    date: Option<NaiveDate>,
) -> Result<crate::entity::plans::Model, ApiError> {
    plans::act(db, ctx, id, &IfMatch::Any, action, None, date).await
}

/// The plan's tasks: those made from its section V brought to where they stood, and the
/// extra ones.
async fn seed_tasks(
    db: &DatabaseConnection,
    world: &World<'_>,
    ctx: &Ctx,
    plan: &crate::entity::plans::Model,
) -> Result<(), ApiError> {
    let file: TasksFile = world.load(&loader::TASKS).await?;
    let made = tasks::from_plan(db, ctx, plan.id, &IfMatch::Any).await?;
    for (task, shape) in made.into_iter().zip(file.from_plan) {
        let patch = TaskPatch {
            due_date: Some(shape.due_date).into(),
            start_date: Some(file.start_date).into(),
            deliverable: Some(shape.deliverable),
            priority: Some(shape.priority),
            progress: Some(shape.progress),
            ..Default::default()
        };
        let task = tasks::update(db, ctx, task.id, &IfMatch::Any, patch).await?;
        if shape.progress > 0 {
            let task = tasks::act(db, ctx, task.id, &IfMatch::Any, TaskAction::Start, None).await?;
            if let Some(result) = shape.result {
                let done = TaskAction::Complete;
                tasks::act(db, ctx, task.id, &IfMatch::Any, done, Some(result)).await?;
            }
        }
    }
    let w = Write::begin(db, ctx).await?;
    let mut journaled = None;
    for extra in file.extra {
        let input = TaskIn {
            unit_id: plan.unit_id,
            plan_id: Some(plan.id),
            title: extra.title,
            description: None,
            lead_department_id: extra.lead_department_id,
            supporting_department_ids: vec![],
            assignee_ids: vec![],
            criterion_id: None,
            deliverable: extra.deliverable,
            priority: extra.priority,
            start_date: Some(file.start_date),
            due_date: Some(extra.due_date),
        };
        let (_, proof) = tasks::insert(&w, input, None).await?;
        journaled = Some(proof);
    }
    let journaled = journaled.ok_or_else(|| ApiError::internal("no demo tasks"))?;
    w.commit(journaled).await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn demo_plan_content_places_the_refs() {
        let id = Uuid::from_u128;
        let refs = SeedRefs {
            van_phong: Some(id(1)),
            tai_chinh: Some(id(2)),
            chairman: Some(id(3)),
        };
        let content = seed_plan_content(refs);
        assert_eq!(content.signer.official_id, refs.chairman);
        assert_eq!(content.schedule[0].chair_official_id, refs.chairman);
        assert_eq!(
            content.budget.prepared_by_department_ids,
            vec![id(1), id(2)]
        );
        let departments: Vec<_> = content
            .implementation
            .iter()
            .map(|a| a.department_id)
            .collect();
        assert_eq!(departments, vec![refs.van_phong, refs.tai_chinh, None]);
        let bare = seed_plan_content(SeedRefs::default());
        assert!(bare.budget.prepared_by_department_ids.is_empty());
        assert_eq!(bare.signer.official_id, None);
        assert_eq!(bare.title, content.title);
    }
}
