//! The reports' charts served alone: the demo district's 2023 ranking and a plan's progress
//! by department, as SVG and as PNG.

use cchc_sdk::client::ChartFormat;
use cchc_sdk::types::auth::Role;
use cchc_sdk::types::units::{UnitLevel, UnitListQuery};
use reqwest::Method;

use super::bytes_of as collect;
use crate::common::{TestApp, TestResult};

async fn demo() -> TestApp {
    TestApp::spawn_with(|c| {
        c.demo = cchc_server::config::DemoSetting::Flag(true);
        c.demo_password = "demo-password-for-tests".into();
    })
    .await
}

/// The width and height a PNG's IHDR chunk states.
fn png_size(bytes: &[u8]) -> Option<(u32, u32)> {
    if !bytes.starts_with(b"\x89PNG\r\n\x1a\n") || bytes.len() < 24 {
        return None;
    }
    let be = |i: usize| u32::from_be_bytes([bytes[i], bytes[i + 1], bytes[i + 2], bytes[i + 3]]);
    Some((be(16), be(20)))
}

#[tokio::test]
async fn the_ranking_chart_draws_every_commune_and_highlights_one() -> TestResult {
    let app = demo().await;
    let units = app.client.units();
    let found = |q: &'static str| {
        let units = &units;
        async move {
            units
                .list(&UnitListQuery {
                    q: Some(q.into()),
                    ..Default::default()
                })
                .await
        }
    };
    let district = found("tay hoa")
        .await?
        .data
        .into_iter()
        .find(|u| u.code == "562")
        .ok_or("huyện Tây Hòa")?;
    let commune = found("hoa tan tay")
        .await?
        .data
        .into_iter()
        .find(|u| u.name == "Xã Hòa Tân Tây")
        .ok_or("xã Hòa Tân Tây")?;
    let reports = app.client.reports();
    let svg = collect(
        reports
            .index_ranking_chart(district.id, 2023, Some(commune.id), ChartFormat::Svg)
            .await?,
    )
    .await?;
    let svg = String::from_utf8(svg)?;
    assert!(
        svg.trim_start().starts_with("<svg") || svg.starts_with("<?xml"),
        "{svg:.80}"
    );
    assert!(svg.trim_end().ends_with("</svg>"));
    let ranking = app
        .client
        .results()
        .ranking(&cchc_sdk::types::index::RankingQuery {
            parent_id: district.id,
            year: 2023,
        })
        .await?;
    assert_eq!(ranking.results.len(), 6);
    for r in &ranking.results {
        assert!(svg.contains(&r.unit_name), "{} is drawn", r.unit_name);
    }
    // The highlighted bar (red) is the commune's alone.
    assert_eq!(svg.matches("#c0392b").count(), 1, "one highlighted bar");
    let png = collect(
        reports
            .index_ranking_chart(district.id, 2023, Some(commune.id), ChartFormat::Png)
            .await?,
    )
    .await?;
    let (w, h) = png_size(&png).ok_or("a PNG")?;
    assert_eq!(w, 2400);
    assert!(h > 200, "{h}");
    // A year with nothing published is 404, as a path with another format.
    let none = reports
        .index_ranking_chart(district.id, 2031, None, ChartFormat::Svg)
        .await
        .err()
        .ok_or("a chart of nothing")?;
    assert_eq!(none.status(), Some(404));
    let res = app
        .client
        .raw(Method::GET, "/api/v1/reports/index-ranking/chart.gif")
        .await?
        .query(&[
            ("parent_id", district.id.to_string()),
            ("year", "2023".into()),
        ])
        .send()
        .await?;
    assert!(res.status().is_client_error(), "{}", res.status());
    Ok(())
}

#[tokio::test]
async fn a_plans_progress_chart_has_a_bar_per_lead_department() -> TestResult {
    let app = demo().await;
    let tasks = app
        .client
        .tasks()
        .list(&cchc_sdk::types::tasks::TaskListQuery {
            limit: Some(200),
            ..Default::default()
        })
        .await?;
    let task = tasks
        .data
        .iter()
        .find(|t| t.plan_id.is_some() && t.lead_department_id.is_some())
        .ok_or("a demo task of a plan with a lead department")?;
    let plan_id = task.plan_id.ok_or("plan")?;
    let report = app
        .client
        .reports()
        .plan_progress(&cchc_sdk::types::reports::PlanProgressReportQuery {
            plan_id,
            format: None,
        })
        .await?;
    let svg = collect(
        app.client
            .reports()
            .plan_progress_chart(plan_id, ChartFormat::Svg)
            .await?,
    )
    .await?;
    let svg = String::from_utf8(svg)?;
    for d in &report.departments {
        let label = d
            .department_name
            .clone()
            .unwrap_or_else(|| "Chưa giao".into());
        // Long names are shortened with "…": their start is drawn.
        let start: String = label.chars().take(15).collect();
        assert!(svg.contains(&start), "{label} is drawn");
    }
    let png = collect(
        app.client
            .reports()
            .plan_progress_chart(plan_id, ChartFormat::Png)
            .await?,
    )
    .await?;
    assert_eq!(png_size(&png).map(|s| s.0), Some(2400));
    // Another commune's admin does not see the plan.
    let other = app
        .client
        .units()
        .list(&UnitListQuery {
            q: Some("hoa dong".into()),
            ..Default::default()
        })
        .await?
        .data
        .into_iter()
        .find(|u| u.id != task.unit_id && u.level == UnitLevel::Commune)
        .ok_or("another commune")?;
    let (_, outsider) = app
        .user("quan.tri.khac", Role::UnitAdmin, Some(other.id))
        .await?;
    let hidden = outsider
        .reports()
        .plan_progress_chart(plan_id, ChartFormat::Svg)
        .await
        .err()
        .ok_or("another unit charted the plan")?;
    assert_eq!(hidden.status(), Some(404));
    Ok(())
}
