//! Remediation tasks asked for again (issue "Works with the clients people already have"):
//! 201 with `Location` only when something was created, 200 with the existing tasks
//! when nothing was.

use cchc_sdk::types::index::{AssessmentListQuery, RemediationIn};
use cchc_sdk::types::tasks::TaskOut;
use reqwest::Method;
use uuid::Uuid;

use crate::common::{TestApp, TestResult};

fn ids(tasks: &[TaskOut]) -> Vec<Uuid> {
    tasks.iter().map(|t| t.id).collect()
}

#[tokio::test]
async fn asking_again_answers_200_and_only_new_tasks_answer_201() -> TestResult {
    // The demo turns the weakest items of Hòa Tân Tây's 2023 assessment into tasks.
    let app = TestApp::spawn_with(|c| {
        c.demo = cchc_server::config::DemoSetting::Flag(true);
        c.demo_password = "demo-password-for-tests".into();
    })
    .await;
    let assessments = app.client.assessments();
    let query = AssessmentListQuery {
        year: Some(2023),
        limit: Some(200),
        ..Default::default()
    };
    let mut found = None;
    for a in assessments.list(&query).await?.data {
        let analysis = assessments.analysis(a.id).await?;
        if analysis.items.iter().any(|i| !i.task_ids.is_empty()) {
            found = Some(analysis);
            break;
        }
    }
    let analysis = found.ok_or("the demo made remediation tasks")?;
    let (done, fresh): (Vec<_>, Vec<_>) =
        analysis.items.iter().partition(|i| !i.task_ids.is_empty());
    let fresh = fresh
        .first()
        .ok_or("an item with lost points and no task")?;
    let existing: Vec<Uuid> = done.iter().map(|i| i.task_ids[0]).collect();
    let plan_id = app
        .client
        .tasks()
        .get(existing[0])
        .await?
        .plan_id
        .ok_or("a remediation task belongs to a plan")?;
    let codes: Vec<String> = done.iter().map(|i| i.code.clone()).collect();
    let path = format!(
        "/api/v1/index/assessments/{}/analysis/tasks",
        analysis.assessment_id
    );
    let again = RemediationIn {
        plan_id,
        codes: codes.clone(),
        due_date: None,
    };

    // The same items and plan: nothing is created, 200 with the tasks already made.
    let res = app
        .client
        .raw(Method::POST, &path)
        .await?
        .json(&again)
        .send()
        .await?;
    assert_eq!(res.status().as_u16(), 200);
    assert!(res.headers().get("location").is_none());
    let tasks: Vec<TaskOut> = res.json().await?;
    assert_eq!(ids(&tasks), existing);
    // The SDK reads the 200 like the 201.
    assert_eq!(
        ids(&assessments
            .remediate(analysis.assessment_id, &again)
            .await?),
        existing
    );

    // One more item: its task is created, 201 names it, the others are the same.
    let more = RemediationIn {
        codes: codes.iter().cloned().chain([fresh.code.clone()]).collect(),
        ..again.clone()
    };
    let res = app
        .client
        .raw(Method::POST, &path)
        .await?
        .json(&more)
        .send()
        .await?;
    assert_eq!(res.status().as_u16(), 201);
    let location = res
        .headers()
        .get("location")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    let tasks: Vec<TaskOut> = res.json().await?;
    assert_eq!(tasks.len(), existing.len() + 1);
    assert_eq!(ids(&tasks[..existing.len()]), existing);
    let new = &tasks[existing.len()];
    assert_eq!(location, format!("/api/v1/tasks/{}", new.id));
    assert_eq!(new.criterion_id, Some(fresh.criterion_id));
    assert_eq!(app.client.tasks().get(new.id).await?.id, new.id);

    // And asked once more, through the SDK: the same tasks, nothing new.
    let all = assessments.remediate(analysis.assessment_id, &more).await?;
    assert_eq!(ids(&all), ids(&tasks));
    let after = assessments.analysis(analysis.assessment_id).await?;
    let with_tasks = after
        .items
        .iter()
        .filter(|i| !i.task_ids.is_empty())
        .count();
    assert_eq!(with_tasks, existing.len() + 1);
    Ok(())
}
