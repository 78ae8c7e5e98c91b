//! The portal's figures of a unit per period, each ratio with its numerator and denominator.

use cchc_sdk::types::auth::Role;
use cchc_sdk::types::portal::{PortalFigures, StatisticsBatch, StatisticsIn};
use cchc_sdk::types::reports::{PortalReportQuery, ReportFormat};

use super::{V, bytes_of, check_csv, check_xlsx};
use crate::common::world::World;
use crate::common::{TestApp, TestResult};

#[tokio::test]
async fn portal_figures_show_each_ratio_with_its_numerator_and_denominator() -> TestResult {
    let app = TestApp::spawn().await;
    let w = World::build(&app).await?;
    let row = |code: &str, period: &str, figures: PortalFigures| StatisticsIn {
        unit_code: code.into(),
        period: period.into(),
        figures,
    };
    let q1 = PortalFigures {
        received: 120,
        resolved_early: 10,
        resolved_on_time: 80,
        resolved_late: 10,
        partly_online: 30,
        fully_online: 18,
        paid_online: 6,
        electronic_result: 45,
        digitised: 60,
        synced: 120,
        feedback_received: 3,
        feedback_on_time: 2,
        ..PortalFigures::default()
    };
    let q2 = PortalFigures {
        received: 10,
        resolved_on_time: 9,
        resolved_late: 1,
        fully_online: 4,
        ..PortalFigures::default()
    };
    let (a, b) = (w.a().code.clone(), w.b().code.clone());
    let rows = vec![
        row(&a, "2024-Q2", q2),
        row(&a, "2024-Q1", q1),
        row(&a, "2023", q1),
        row(&b, "2024-Q1", q1),
    ];
    app.client
        .portal()
        .push_statistics(&StatisticsBatch { rows })
        .await?;
    let query = PortalReportQuery {
        unit_id: w.a().id,
        period: Some("2024".into()),
        format: None,
    };
    let reports = app.client.reports();
    let r = reports.portal(&query).await?;
    let periods: Vec<&str> = r.statistics.iter().map(|s| s.period.as_str()).collect();
    assert_eq!(
        periods,
        ["2024-Q1", "2024-Q2"],
        "2023 and the other unit left out"
    );

    // Hand-computed: resolved = early + on time + late; feedback 2 / 3 = 66.67 % (half up);
    // no satisfaction responses, no feedback in Q2: those ratios are left out.
    let line = |period: &'static str, metric: &'static str, num: f64, den: f64, pct: f64| {
        vec![V::S(period), V::S(metric), V::N(num), V::N(den), V::N(pct)]
    };
    let table = vec![
        line(
            "2024-Q1",
            "Tỷ lệ hồ sơ giải quyết đúng hạn",
            90.0,
            100.0,
            90.0,
        ),
        line("2024-Q1", "Tỷ lệ hồ sơ trực tuyến", 48.0, 120.0, 40.0),
        line(
            "2024-Q1",
            "Tỷ lệ hồ sơ trực tuyến toàn trình",
            18.0,
            120.0,
            15.0,
        ),
        line("2024-Q1", "Tỷ lệ thanh toán trực tuyến", 6.0, 120.0, 5.0),
        line("2024-Q1", "Tỷ lệ cấp kết quả điện tử", 45.0, 100.0, 45.0),
        line("2024-Q1", "Tỷ lệ số hóa hồ sơ", 60.0, 120.0, 50.0),
        line("2024-Q1", "Tỷ lệ đồng bộ hồ sơ", 120.0, 120.0, 100.0),
        line(
            "2024-Q1",
            "Tỷ lệ phản ánh, kiến nghị xử lý đúng hạn",
            2.0,
            3.0,
            66.67,
        ),
        line(
            "2024-Q2",
            "Tỷ lệ hồ sơ giải quyết đúng hạn",
            9.0,
            10.0,
            90.0,
        ),
        line("2024-Q2", "Tỷ lệ hồ sơ trực tuyến", 4.0, 10.0, 40.0),
        line(
            "2024-Q2",
            "Tỷ lệ hồ sơ trực tuyến toàn trình",
            4.0,
            10.0,
            40.0,
        ),
        line("2024-Q2", "Tỷ lệ thanh toán trực tuyến", 0.0, 10.0, 0.0),
        line("2024-Q2", "Tỷ lệ cấp kết quả điện tử", 0.0, 10.0, 0.0),
        line("2024-Q2", "Tỷ lệ số hóa hồ sơ", 0.0, 10.0, 0.0),
        line("2024-Q2", "Tỷ lệ đồng bộ hồ sơ", 0.0, 10.0, 0.0),
    ];
    let header = ["Kỳ", "Chỉ tiêu", "Tử số", "Mẫu số", "Tỷ lệ (%)"];
    let csv = bytes_of(reports.portal_file(&query, ReportFormat::Csv).await?).await?;
    check_csv(&csv, &header, &table);
    let xlsx = bytes_of(reports.portal_file(&query, ReportFormat::Xlsx).await?).await?;
    check_xlsx(&xlsx, &header, &table)?;

    let (_, other) = app.user("admin-b", Role::UnitAdmin, Some(w.b().id)).await?;
    let err = other
        .reports()
        .portal(&query)
        .await
        .err()
        .ok_or("read another unit's figures")?;
    assert_eq!(err.status(), Some(404));
    Ok(())
}
