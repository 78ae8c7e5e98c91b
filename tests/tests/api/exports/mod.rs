//! Export jobs: asked for (202, `Location`, `Retry-After`), made by the worker, downloaded
//! with the same bytes (CSV, JSON) or the same cells (XLSX, read back with calamine) as the
//! report's own endpoint; refused at once for parameters the report cannot take or names
//! the caller cannot see; private to whoever asked; failed with the endpoint's problem when
//! the requester is no longer active; and carried over a server restart (`restart`).

mod every;
mod replicas;
mod restart;

use std::io::Cursor;
use std::time::Duration;

use calamine::{Data, Reader, Xlsx, open_workbook_from_rs};
use cchc_sdk::Client;
use cchc_sdk::types::api_clients::ApiClientIn;
use cchc_sdk::types::auth::{ClientScope, Role};
use cchc_sdk::types::exports::{ExportIn, ExportOut, ExportParameters, ExportReport, ExportStatus};
use cchc_sdk::types::plans::{IssueRequest, PlanIn, PlanOut};
use cchc_sdk::types::reports::{PlanProgressReportQuery, ReportFormat};

use crate::common::fixtures::task_in;
use crate::common::world::World;
use crate::common::{TestApp, TestResult, problem};

/// An issued plan of commune A with two tasks of its office.
pub(super) async fn plan_with_tasks(app: &TestApp, w: &World) -> Result<PlanOut, cchc_sdk::Error> {
    let plans = app.client.plans();
    let plan = plans
        .create(&PlanIn {
            unit_id: w.a().id,
            content: cchc_server::demo_plan::seed_plan_content(w.a().seed_refs()),
        })
        .await?
        .into_inner();
    let plan = plans.submit(&plan).await?.into_inner();
    let plan = plans
        .issue(&plan, &IssueRequest::default())
        .await?
        .into_inner();
    for title in ["Rà soát thủ tục hành chính", "Báo cáo quý"] {
        let input = cchc_sdk::types::tasks::TaskIn {
            plan_id: Some(plan.id),
            ..task_in(w.a(), title, Some(w.a().van_phong()))
        };
        app.client.tasks().create(&input).await?;
    }
    Ok(plan)
}

pub(super) fn progress_export(plan: &PlanOut, format: ReportFormat) -> ExportIn {
    ExportIn {
        report: ExportReport::PlanProgress,
        format: Some(format),
        parameters: ExportParameters {
            plan_id: Some(plan.id),
            ..Default::default()
        },
    }
}

/// Waits (up to 30 s) until the job has succeeded or failed.
pub(super) async fn settled(
    client: &Client,
    job: &ExportOut,
) -> Result<ExportOut, Box<dyn std::error::Error>> {
    let exports = client.exports();
    let wait = exports.wait(job.id, Duration::from_millis(50), |_| {});
    Ok(tokio::time::timeout(Duration::from_secs(30), wait).await??)
}

pub(super) async fn download(client: &Client, job: &ExportOut) -> Result<Vec<u8>, cchc_sdk::Error> {
    crate::reports::bytes_of(client.exports().download(job.id).await?).await
}

fn cells(xlsx: &[u8]) -> Result<Vec<Vec<Data>>, Box<dyn std::error::Error>> {
    let mut book: Xlsx<_> = open_workbook_from_rs(Cursor::new(xlsx.to_vec()))?;
    let range = book.worksheet_range_at(0).ok_or("no sheet")??;
    Ok(range.rows().map(<[Data]>::to_vec).collect())
}

fn fast(c: &mut cchc_server::config::Config) {
    c.exports_poll_interval_ms = 20;
}

#[tokio::test]
async fn an_export_is_made_and_downloads_as_the_report_does() -> TestResult {
    let app = TestApp::spawn_with(fast).await;
    let w = World::build(&app).await?;
    let plan = plan_with_tasks(&app, &w).await?;
    let query = PlanProgressReportQuery {
        plan_id: plan.id,
        format: None,
    };
    let reports = app.client.reports();
    for format in [ReportFormat::Csv, ReportFormat::Xlsx, ReportFormat::Json] {
        let asked = app
            .client
            .exports()
            .create(&progress_export(&plan, format))
            .await?;
        assert_eq!(asked.http_status, 202);
        assert_eq!(
            asked.location.as_deref(),
            Some(format!("/api/v1/exports/{}", asked.id).as_str())
        );
        assert_eq!(asked.status, ExportStatus::Queued);
        assert_eq!((asked.progress, asked.attempts), (0, 0));
        assert_eq!(asked.download_url, None);
        let mut seen = Vec::new();
        let done = tokio::time::timeout(
            Duration::from_secs(30),
            app.client
                .exports()
                .wait(asked.id, Duration::from_millis(20), |j| {
                    seen.push(j.progress)
                }),
        )
        .await??;
        assert_eq!(done.status, ExportStatus::Succeeded, "{:?}", done.error);
        assert_eq!((done.progress, done.attempts), (100, 1));
        assert!(
            seen.windows(2).all(|p| p[0] <= p[1]),
            "progress only grows: {seen:?}"
        );
        assert_eq!(
            done.download_url.as_deref(),
            Some(format!("/api/v1/exports/{}/file", done.id).as_str())
        );
        let file = download(&app.client, &done).await?;
        assert_eq!(
            done.size_bytes,
            Some(file.len() as i64 - i64::from(format == ReportFormat::Csv) * 3)
        );
        let direct = crate::reports::bytes_of(reports.plan_progress_file(&query, format).await?);
        match format {
            ReportFormat::Csv => {
                assert!(file.starts_with(b"\xEF\xBB\xBF"));
                let res = app
                    .client
                    .raw(
                        reqwest::Method::GET,
                        &format!("/api/v1/exports/{}/file", done.id),
                    )
                    .await?
                    .send()
                    .await?;
                let disposition = res
                    .headers()
                    .get("content-disposition")
                    .and_then(|v| v.to_str().ok())
                    .unwrap_or_default()
                    .to_owned();
                assert!(
                    disposition.contains(r#"filename="Tien do thuc hien - "#)
                        && disposition.contains("filename*=UTF-8''Ti%E1%BA%BFn%20%C4%91%E1%BB%99"),
                    "{disposition}"
                );
                assert_eq!(file, direct.await?);
                assert_eq!(
                    done.file_name.as_deref(),
                    Some(format!("Tiến độ thực hiện - {}.csv", plan.content.title).as_str())
                );
            }
            ReportFormat::Xlsx => {
                let (a, b) = (cells(&file)?, cells(&direct.await?)?);
                assert_eq!(a, b);
                assert_eq!(a.len(), 3, "the office's line and the total");
            }
            _ => {
                let a: serde_json::Value = serde_json::from_slice(&file)?;
                let b = serde_json::to_value(reports.plan_progress(&query).await?)?;
                assert_eq!(a, b);
                assert_eq!(a["total"]["total"], 2);
            }
        }
    }
    // Listed, then deleted with its file.
    let mine = app.client.exports().list(&Default::default()).await?;
    assert_eq!(mine.data.len(), 3);
    let first = &mine.data[0];
    app.client.exports().delete(first.id).await?;
    let res = app
        .client
        .raw(
            reqwest::Method::GET,
            &format!("/api/v1/exports/{}/file", first.id),
        )
        .await?
        .send()
        .await?;
    problem(res, 404).await?;
    Ok(())
}

#[tokio::test]
async fn an_export_is_refused_at_once_for_what_its_report_cannot_take() -> TestResult {
    let app = TestApp::spawn_with(|c| c.exports_worker = false).await;
    let w = World::builder().communes(2).build(&app).await?;
    let plan = plan_with_tasks(&app, &w).await?;
    let (_, clerk_b) = app.user("clerk-b", Role::UnitAdmin, Some(w.b().id)).await?;
    // Needed and missing, given and not read; out of range.
    let p = problem(
        post(
            &app.client,
            serde_json::json!({"report": "index_ranking", "parameters": {"plan_id": plan.id, "year": 2024}}),
        )
        .await?,
        422,
    )
    .await?;
    let named: Vec<(&str, &str)> = p
        .errors
        .iter()
        .map(|e| (e.field.as_str(), e.code.as_str()))
        .collect();
    assert_eq!(
        named,
        [
            ("parameters.parent_id", "required"),
            ("parameters.plan_id", "not_allowed"),
        ]
    );
    let p = problem(
        post(
            &app.client,
            serde_json::json!({"report": "awards", "parameters": {"unit_id": w.a().id, "year": 1999}}),
        )
        .await?,
        422,
    )
    .await?;
    assert_eq!(p.errors[0].field, "parameters.year");
    // Another commune's plan: as if it did not exist.
    let p = problem(
        post(
            &clerk_b,
            serde_json::json!({"report": "plan_progress", "parameters": {"plan_id": plan.id}}),
        )
        .await?,
        422,
    )
    .await?;
    assert_eq!(p.errors[0].field, "parameters.plan_id");
    assert_eq!(p.errors[0].code, "unknown_reference");
    // An unknown report, a wrong type.
    let p = problem(
        post(&app.client, serde_json::json!({"report": "everything"})).await?,
        422,
    )
    .await?;
    assert_eq!(p.errors[0].field, "report");
    problem(
        post(
            &app.client,
            serde_json::json!({"report": "portal", "parameters": {"unit_id": 7}}),
        )
        .await?,
        422,
    )
    .await?;
    // Nothing was queued.
    use sea_orm::{EntityTrait, PaginatorTrait};
    assert_eq!(
        cchc_server::entity::export_jobs::Entity::find()
            .count(&app.db)
            .await?,
        0
    );
    Ok(())
}

#[tokio::test]
async fn a_job_is_its_requesters_and_runs_with_its_rights_then() -> TestResult {
    let app = TestApp::spawn_with(|c| c.exports_worker = false).await;
    let w = World::build(&app).await?;
    let plan = plan_with_tasks(&app, &w).await?;
    let (clerk, clerk_client) = app.user("clerk-a", Role::UnitAdmin, Some(w.a().id)).await?;
    let (_, colleague) = app
        .user("colleague-a", Role::UnitAdmin, Some(w.a().id))
        .await?;
    let job = clerk_client
        .exports()
        .create(&progress_export(&plan, ReportFormat::Csv))
        .await?
        .into_inner();
    // A colleague of the same commune does not see it; nor can it download or delete it.
    for path in [
        format!("/api/v1/exports/{}", job.id),
        format!("/api/v1/exports/{}/file", job.id),
    ] {
        let res = colleague
            .raw(reqwest::Method::GET, &path)
            .await?
            .send()
            .await?;
        problem(res, 404).await?;
    }
    assert!(
        colleague
            .exports()
            .list(&Default::default())
            .await?
            .data
            .is_empty()
    );
    let res = colleague
        .raw(
            reqwest::Method::DELETE,
            &format!("/api/v1/exports/{}", job.id),
        )
        .await?
        .send()
        .await?;
    problem(res, 404).await?;
    // A system without `reports.read` may not ask for a plan's progress.
    let portal = app
        .client
        .api_clients()
        .create(&ApiClientIn {
            name: "Cổng dịch vụ công".into(),
            unit_id: w.a().id,
            scopes: vec![ClientScope::PortalStatisticsWrite],
        })
        .await?
        .into_inner();
    let system = app.client_with(|b| {
        b.client_credentials(
            portal.client.client_id.clone(),
            portal.client_secret.clone(),
        )
    });
    let p = problem(
        post(
            &system,
            serde_json::to_value(progress_export(&plan, ReportFormat::Csv))?,
        )
        .await?,
        403,
    )
    .await?;
    assert_eq!(p.code, "forbidden");
    // Not ready yet: 409 with Retry-After.
    let res = clerk_client
        .raw(
            reqwest::Method::GET,
            &format!("/api/v1/exports/{}/file", job.id),
        )
        .await?
        .send()
        .await?;
    assert_eq!(
        res.headers().get("retry-after").map(|v| v.as_bytes()),
        Some(&b"2"[..])
    );
    problem(res, 409).await?;
    // The requester is deactivated before the job runs: the job fails with the problem its
    // report would have answered, in the caller's language.
    app.client.users().deactivate(clerk.id).await?;
    let ran =
        cchc_server::domain::exports::worker::run_once(&app.db, &app.config, chrono::Utc::now())
            .await?;
    assert!(ran);
    use sea_orm::EntityTrait;
    let row = cchc_server::entity::export_jobs::Entity::find_by_id(job.id)
        .one(&app.db)
        .await?
        .ok_or("the job")?;
    assert_eq!(row.status, "failed");
    assert_eq!(row.error_code.as_deref(), Some("forbidden"));
    assert_eq!(
        row.error_en.as_deref(),
        Some("Whoever asked for this export is no longer active.")
    );
    assert_eq!(
        row.error_vi.as_deref(),
        Some("Người yêu cầu bản xuất không còn hoạt động.")
    );
    assert!(
        !cchc_server::domain::exports::worker::run_once(&app.db, &app.config, chrono::Utc::now())
            .await?
    );
    Ok(())
}

async fn post(
    client: &Client,
    body: serde_json::Value,
) -> Result<reqwest::Response, Box<dyn std::error::Error>> {
    Ok(client
        .raw(reqwest::Method::POST, "/api/v1/exports")
        .await?
        .json(&body)
        .send()
        .await?)
}
