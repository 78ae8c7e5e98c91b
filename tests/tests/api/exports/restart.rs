//! An export job outlives the server that took it: queued by a server process that is then
//! killed, it is made by the next one; a job whose worker died mid-run (left `running`, its
//! lease run out) is taken over as a second attempt; one out of attempts fails. The servers
//! are child processes (this test binary, running the ignored `child_server` below) on the
//! test's own database.

use std::process::{Child, Command, Stdio};
use std::time::Duration;

use cchc_sdk::Client;
use cchc_sdk::types::exports::ExportStatus;
use cchc_sdk::types::reports::ReportFormat;
use sea_orm::{ActiveModelTrait, ActiveValue::Set, EntityTrait};

use super::{download, plan_with_tasks, progress_export, settled};
use crate::common::world::World;
use crate::common::{ADMIN_PASSWORD, TestApp, TestResult};

/// Not a test by itself: the server process the restart test starts and kills.
#[tokio::test]
#[ignore = "started by an_export_job_survives_a_restart"]
async fn child_server() {
    let (Ok(url), Ok(port)) = (
        std::env::var("CCHC_EXPORT_CHILD_DATABASE_URL"),
        std::env::var("CCHC_EXPORT_CHILD_PORT"),
    ) else {
        return;
    };
    let mut config = cchc_server::config::Config::defaults().expect("defaults");
    config.database_url = url;
    config.database_schema = std::env::var("CCHC_EXPORT_CHILD_DATABASE_SCHEMA").unwrap_or_default();
    config.demo = cchc_server::config::DemoSetting::Flag(false);
    config.bootstrap_admin_password = ADMIN_PASSWORD.into();
    config.database_max_connections = 5;
    config.exports_worker = std::env::var("CCHC_EXPORT_CHILD_WORKER").as_deref() == Ok("on");
    config.exports_poll_interval_ms = 20;
    let state = cchc_server::prepare(config).await.expect("prepare");
    let listener = std::net::TcpListener::bind(format!("127.0.0.1:{port}")).expect("bind");
    cchc_server::run(state, listener)
        .expect("run")
        .await
        .expect("serve");
}

/// A server process on the test's database, its export worker on or off; and a client
/// signed in to it as the admin.
async fn start(app: &TestApp, worker: bool) -> Result<(Child, Client), Box<dyn std::error::Error>> {
    let port = std::net::TcpListener::bind("127.0.0.1:0")?
        .local_addr()?
        .port();
    let child = Command::new(std::env::current_exe()?)
        .args([
            "exports::restart::child_server",
            "--exact",
            "--ignored",
            "--nocapture",
        ])
        .env("CCHC_EXPORT_CHILD_DATABASE_URL", &app.config.database_url)
        .env(
            "CCHC_EXPORT_CHILD_DATABASE_SCHEMA",
            &app.config.database_schema,
        )
        .env("CCHC_EXPORT_CHILD_PORT", port.to_string())
        .env(
            "CCHC_EXPORT_CHILD_WORKER",
            if worker { "on" } else { "off" },
        )
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()?;
    let base = format!("http://127.0.0.1:{port}");
    let http = reqwest::Client::new();
    for _ in 0..300 {
        if let Ok(res) = http.get(format!("{base}/readyz")).send().await
            && res.status().is_success()
        {
            let client = Client::builder(&base)
                .password("admin", ADMIN_PASSWORD)
                .build()?;
            return Ok((child, client));
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    Err("the child server did not become ready".into())
}

#[tokio::test]
async fn an_export_job_survives_a_restart() -> TestResult {
    // The test's own server runs no worker: only the children make exports.
    let app = TestApp::spawn_with(|c| c.exports_worker = false).await;
    let w = World::build(&app).await?;
    let plan = plan_with_tasks(&app, &w).await?;

    // Asked of a server that is then killed before any worker took it.
    let (mut first, client) = start(&app, false).await?;
    let queued = client
        .exports()
        .create(&progress_export(&plan, ReportFormat::Xlsx))
        .await?
        .into_inner();
    first.kill()?;
    first.wait()?;

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
    let (mut second, client) = start(&app, true).await?;
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
    second.kill()?;
    second.wait()?;
    Ok(())
}
