//! The awards of a unit and year with the money totals.

use cchc_sdk::types::auth::Role;
use cchc_sdk::types::reports::ReportFormat;

use super::{V, bytes_of, check_csv, check_xlsx, date};
use crate::common::world::World;
use crate::common::{TestApp, TestResult};

#[tokio::test]
async fn the_awards_of_a_unit_add_up_their_money() -> TestResult {
    use crate::awards::{issued, on, proposal_for, recommended};
    use cchc_sdk::types::awards::AwardForm;
    use cchc_sdk::types::reports::AwardsReportQuery;

    let app = TestApp::spawn().await;
    let w = World::builder().officials(2).build(&app).await?;
    let ldtt = AwardForm::LaoDongTienTien;
    let a = recommended(&app, &proposal_for(&w, w.officials[0], ldtt, 2024)).await?;
    let b = recommended(&app, &proposal_for(&w, w.officials[1], ldtt, 2024)).await?;
    // 0.3 × 1,800,000 = 540,000 the day before the July 2024 change; 0.3 × 2,340,000 =
    // 702,000 rounded up to 710,000 on its first day. Total 1,250,000.
    issued(&app, w.a(), ldtt, &[&a], on(2024, 6, 30)).await?;
    issued(&app, w.a(), ldtt, &[&b], on(2024, 7, 1)).await?;
    let query = AwardsReportQuery {
        unit_id: w.a().id,
        year: 2024,
        format: None,
    };
    let reports = app.client.reports();
    let r = reports.awards(&query).await?;
    assert_eq!((r.count, r.total_money), (2, 1_250_000));
    assert_eq!(
        r.by_form
            .iter()
            .map(|f| (f.form, f.count, f.money))
            .collect::<Vec<_>>(),
        vec![(ldtt, 2, 1_250_000)]
    );
    let name = |i: usize| V::O(r.awards[i].recipient.name.clone());
    let achievement = |i: usize| V::O(r.awards[i].achievement.clone());
    let header = [
        "STT",
        "Số quyết định",
        "Ngày quyết định",
        "Hình thức khen thưởng",
        "Cá nhân, tập thể được khen",
        "Thành tích",
        "Số tiền (đồng)",
        "Ghi chú",
    ];
    let table = vec![
        vec![
            V::N(1.0),
            V::S("01/QĐ-UBND"),
            V::D(date(2024, 6, 30)),
            V::S("Lao động tiên tiến"),
            name(0),
            achievement(0),
            V::N(540_000.0),
            V::E,
        ],
        vec![
            V::N(2.0),
            V::S("02/QĐ-UBND"),
            V::D(date(2024, 7, 1)),
            V::S("Lao động tiên tiến"),
            name(1),
            achievement(1),
            V::N(710_000.0),
            V::E,
        ],
        vec![
            V::E,
            V::S("Tổng cộng"),
            V::E,
            V::E,
            V::S("2 khen thưởng"),
            V::E,
            V::N(1_250_000.0),
            V::E,
        ],
    ];
    let csv = bytes_of(reports.awards_file(&query, ReportFormat::Csv).await?).await?;
    check_csv(&csv, &header, &table);
    let xlsx = bytes_of(reports.awards_file(&query, ReportFormat::Xlsx).await?).await?;
    check_xlsx(&xlsx, &header, &table)?;

    let (_, other) = app.user("admin-b", Role::UnitAdmin, Some(w.b().id)).await?;
    let err = other
        .reports()
        .awards(&query)
        .await
        .err()
        .ok_or("read another unit's awards")?;
    assert_eq!(err.status(), Some(404));
    Ok(())
}
