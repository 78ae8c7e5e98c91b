//! Every report can be exported, and its export's JSON is the report's endpoint's answer.

use cchc_sdk::types::exports::{ExportIn, ExportParameters, ExportReport, ExportStatus};
use cchc_sdk::types::reports::ReportFormat;
use serde_json::Value;

use super::{download, settled};
use crate::common::walk::resources;
use crate::common::world::World;
use crate::common::{TestApp, TestResult};

#[tokio::test]
async fn every_report_exports_as_its_endpoint_answers() -> TestResult {
    let app = TestApp::spawn_with(|c| c.exports_poll_interval_ms = 20).await;
    let w = World::builder().with_chairmen().build(&app).await?;
    let r = resources(&app, &w, w.a()).await?;
    let unit = Some(r.unit);
    let cases = [
        (
            ExportReport::IndexRanking,
            ExportParameters {
                parent_id: Some(r.district),
                year: Some(2023),
                ..Default::default()
            },
            format!("index-ranking?parent_id={}&year=2023", r.district),
        ),
        (
            ExportReport::ScoreSheet,
            ExportParameters {
                assessment_id: Some(r.assessment),
                ..Default::default()
            },
            format!("score-sheet?assessment_id={}", r.assessment),
        ),
        (
            ExportReport::PlanProgress,
            ExportParameters {
                plan_id: Some(r.plan),
                ..Default::default()
            },
            format!("plan-progress?plan_id={}", r.plan),
        ),
        (
            ExportReport::DepartmentScorecard,
            ExportParameters {
                unit_id: unit,
                year: Some(2023),
                ..Default::default()
            },
            format!("department-scorecard?unit_id={}&year=2023", r.unit),
        ),
        (
            ExportReport::Awards,
            ExportParameters {
                unit_id: unit,
                year: Some(2024),
                ..Default::default()
            },
            format!("awards?unit_id={}&year=2024", r.unit),
        ),
        (
            ExportReport::Portal,
            ExportParameters {
                unit_id: unit,
                period: Some("2024".into()),
                ..Default::default()
            },
            format!("portal?unit_id={}&period=2024", r.unit),
        ),
    ];
    for (report, parameters, endpoint) in cases {
        let job = app
            .client
            .exports()
            .create(&ExportIn {
                report,
                format: Some(ReportFormat::Json),
                parameters,
            })
            .await?
            .into_inner();
        let done = settled(&app.client, &job).await?;
        assert_eq!(
            done.status,
            ExportStatus::Succeeded,
            "{report:?}: {:?}",
            done.error
        );
        let exported: Value = serde_json::from_slice(&download(&app.client, &done).await?)?;
        let direct: Value = app
            .client
            .raw(reqwest::Method::GET, &format!("/api/v1/reports/{endpoint}"))
            .await?
            .send()
            .await?
            .json()
            .await?;
        assert_eq!(exported, direct, "{report:?}");
        assert!(exported.is_object(), "{report:?}: {exported}");
    }
    Ok(())
}
