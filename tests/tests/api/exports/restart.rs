//! An export job outlives the server that took it: queued by a server process that is then
//! killed, it is made by the next one; a job whose worker died mid-run (left `running`, its
//! lease run out) is taken over as a second attempt; one out of attempts fails. The servers
//! are child processes on the test's own database (`common::child`).

use cchc_sdk::types::exports::ExportStatus;
use cchc_sdk::types::reports::ReportFormat;
use sea_orm::{ActiveModelTrait, ActiveValue::Set, EntityTrait};

use super::{download, plan_with_tasks, progress_export, settled};
use crate::common::child::start;
use crate::common::world::World;
use crate::common::{TestApp, TestResult};

#[tokio::test]
async fn an_export_job_survives_a_restart() -> TestResult {
    // The test's own server runs no worker: only the children make exports.
    let app = TestApp::spawn_with(|c| c.exports_worker = false).await;
    let w = World::build(&app).await?;
    let plan = plan_with_tasks(&app, &w).await?;

    // Asked of a server that is then killed before any worker took it.
    let first = start(&app, false).await?;
    let client = first.admin();
    let queued = client
        .exports()
        .create(&progress_export(&plan, ReportFormat::Xlsx))
        .await?
        .into_inner();
    first.kill()?;

    // A job a killed worker left running, its lease run out; and one out of attempts.
    let mut jobs = Vec::new();
    for attempts in [1, 3] {
        let job = app
            .client
            .exports()
            .create(&progress_export(&plan, ReportFormat::Csv))
            .await?
            .into_inner();
        let row = cchc_server::entity::export_jobs::Entity::find_by_id(job.id)
            .one(&app.db)
            .await?
            .ok_or("the job")?;
        let mut row: cchc_server::entity::export_jobs::ActiveModel = row.into();
        row.status = Set("running".into());
        row.attempts = Set(attempts);
        row.progress = Set(30);
        row.lease_until = Set(Some(chrono::Utc::now() - chrono::Duration::seconds(1)));
        row.update(&app.db).await?;
        jobs.push(job);
    }

    // The next server makes what was left.
    let second = start(&app, true).await?;
    let client = second.admin();
    let done = settled(&client, &queued).await?;
    assert_eq!(done.status, ExportStatus::Succeeded, "{:?}", done.error);
    assert_eq!(done.attempts, 1);
    let file = download(&client, &done).await?;
    assert!(file.starts_with(b"PK"), "an XLSX file (a ZIP)");
    let taken_over = settled(&client, &jobs[0]).await?;
    assert_eq!(taken_over.status, ExportStatus::Succeeded);
    assert_eq!(taken_over.attempts, 2, "the killed run counts one");
    let csv = download(&client, &taken_over).await?;
    assert!(String::from_utf8_lossy(&csv).contains("Tổng cộng"));
    let exhausted = settled(&client, &jobs[1]).await?;
    assert_eq!(exhausted.status, ExportStatus::Failed);
    let error = exhausted.error.ok_or("an error")?;
    assert_eq!((error.code.as_str(), error.status), ("internal_error", 500));
    assert_eq!(error.detail, "Bản xuất đã dừng giữa chừng 3 lần.");
    drop(second);
    Ok(())
}
