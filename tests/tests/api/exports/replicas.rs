//! Two replicas, each with its export worker, on one database: every job is made once (one
//! attempt, by whichever replica claims it first) and downloads alike from either.

use cchc_sdk::types::exports::ExportStatus;
use cchc_sdk::types::reports::ReportFormat;

use super::{download, plan_with_tasks, progress_export, settled};
use crate::common::child::start;
use crate::common::world::World;
use crate::common::{TestApp, TestResult};

#[tokio::test]
async fn two_workers_make_each_job_once() -> TestResult {
    // The test's own server runs no worker: only the two replicas make exports.
    let app = TestApp::spawn_with(|c| c.exports_worker = false).await;
    let w = World::build(&app).await?;
    let plan = plan_with_tasks(&app, &w).await?;
    let replicas = [start(&app, true).await?, start(&app, true).await?];
    let clients = [replicas[0].admin(), replicas[1].admin()];
    let mut jobs = Vec::new();
    for i in 0..8 {
        let format = if i % 2 == 0 {
            ReportFormat::Csv
        } else {
            ReportFormat::Xlsx
        };
        let job = clients[i % 2]
            .exports()
            .create(&progress_export(&plan, format))
            .await?
            .into_inner();
        jobs.push(job);
    }
    for (i, job) in jobs.iter().enumerate() {
        let done = settled(&clients[i % 2], job).await?;
        assert_eq!(done.status, ExportStatus::Succeeded, "{:?}", done.error);
        assert_eq!(done.attempts, 1, "job {i} was made once");
        let here = download(&clients[0], &done).await?;
        let there = download(&clients[1], &done).await?;
        assert!(!here.is_empty());
        assert_eq!(
            here, there,
            "job {i}'s file is the same from either replica"
        );
    }
    Ok(())
}
