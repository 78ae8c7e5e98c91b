//! The demo world carried on to late 2026, read through the API: the map of 1/7/2025
//! (Nghị quyết 1660/NQ-UBTVQH15, Điều 1 khoản 66–69; Phú Yên merged into Đắk Lắk), xã Tây
//! Hòa's lineage, last year's index of its predecessors, its 2025 assessment under way and
//! its Giấy khen decision of 20/11/2026 paid by NĐ 152/2025's multiples, and its 2025
//! outlook from its self-scores, three months of portal figures and its remediation tasks.
//! With a fixed clock earlier than a step's date, the seed stops before it.

use cchc_sdk::Client;
use cchc_sdk::types::awards::{DecisionListQuery, RecipientKind};
use cchc_sdk::types::index::{
    AssessmentListQuery, AssessmentStatus, OutlookBasis, OutlookItem, OutlookQuery,
    OutlookStanding, OutlookTasks, PortalMonths, PreviousBasis, RankingQuery,
};
use cchc_sdk::types::units::{LineageQuery, UnitLevel, UnitListQuery, UnitOut};
use chrono::NaiveDate;
use uuid::Uuid;

use crate::common::{TestApp, TestResult};

const DEMO_PASSWORD: &str = "demo-password-for-tests";

async fn demo(fixed_time: &str) -> TestApp {
    let at = fixed_time.to_owned();
    TestApp::spawn_with(move |c| {
        c.demo = cchc_server::config::DemoSetting::Flag(true);
        c.demo_password = DEMO_PASSWORD.into();
        c.fixed_time = at;
    })
    .await
}

fn date(y: i32, m: u32, d: u32) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(y, m, d)
}

/// The communes of the map of `on`, by code.
async fn communes_on(
    client: &Client,
    on: Option<NaiveDate>,
) -> Result<Vec<UnitOut>, cchc_sdk::Error> {
    let query = UnitListQuery {
        level: Some(UnitLevel::Commune),
        on,
        limit: Some(200),
        ..Default::default()
    };
    let mut units = client.units().list(&query).await?.data;
    units.sort_by(|a, b| a.code.cmp(&b.code));
    Ok(units)
}

fn codes(units: &[UnitOut]) -> Vec<&str> {
    units.iter().map(|u| u.code.as_str()).collect()
}

fn names(units: &[UnitOut]) -> Vec<&str> {
    let mut names: Vec<&str> = units.iter().map(|u| u.name.as_str()).collect();
    names.sort();
    names
}

#[tokio::test]
async fn the_demo_world_carries_on_to_late_2026() -> TestResult {
    let app = demo("").await;

    // Eleven communes of huyện Tây Hòa on 30/6/2025; four under Đắk Lắk the day after.
    let before = communes_on(&app.client, date(2025, 6, 30)).await?;
    assert_eq!(
        codes(&before),
        [
            "22069", "22072", "22075", "22078", "22081", "22084", "22087", "22090", "22093",
            "22096", "22099"
        ]
    );
    let after = communes_on(&app.client, date(2025, 7, 1)).await?;
    assert_eq!(codes(&after), ["22250", "22255", "22276", "22285"]);
    let provinces = app
        .client
        .units()
        .list(&UnitListQuery {
            level: Some(UnitLevel::Province),
            on: date(2025, 7, 1),
            ..Default::default()
        })
        .await?
        .data;
    assert_eq!(codes(&provinces), ["66"], "Phú Yên ended on 30/6/2025");
    let tay_hoa = after
        .iter()
        .find(|u| u.code == "22255")
        .ok_or("xã Tây Hòa")?
        .clone();
    assert_eq!(tay_hoa.parent_id, Some(provinces[0].id));

    // Its lineage: formed of four communes, which stood for it the day before.
    let lineage = app
        .client
        .units()
        .lineage(
            tay_hoa.id,
            &LineageQuery {
                on: date(2025, 6, 30),
            },
        )
        .await?
        .into_inner();
    let formed_of = [
        "Thị trấn Phú Thứ",
        "Xã Hòa Bình 1",
        "Xã Hòa Phong",
        "Xã Hòa Tân Tây",
    ];
    assert_eq!(names(&lineage.predecessors), formed_of);
    assert_eq!(names(&lineage.on_date), formed_of);
    assert!(lineage.successors.is_empty());

    // Last year: the district's 2024 ranking holds the four predecessors, published.
    let district = lineage.predecessors[0].parent_id.ok_or("a district")?;
    let ranking = app
        .client
        .results()
        .ranking(&RankingQuery {
            parent_id: district,
            year: 2024,
        })
        .await?;
    let mut ranked: Vec<&str> = ranking
        .results
        .iter()
        .map(|r| r.unit_name.as_str())
        .collect();
    ranked.sort();
    assert_eq!(ranked, formed_of);
    for r in &ranking.results {
        let publication = r.publication.as_ref().ok_or("published")?;
        assert_eq!(publication.issuer, "UBND huyện Tây Hòa");
        assert!(publication.date < NaiveDate::from_ymd_opt(2025, 7, 1).ok_or("date")?);
        // Those assessed in 2023 are compared with their own result.
        if r.unit_name != "Thị trấn Phú Thứ" {
            assert_eq!(r.previous_basis, Some(PreviousBasis::Own));
        }
    }

    // This year: xã Tây Hòa's 2025 assessment is submitted, not yet appraised.
    let mine = app
        .client
        .assessments()
        .list(&AssessmentListQuery {
            unit_id: Some(tay_hoa.id),
            ..Default::default()
        })
        .await?
        .data;
    assert_eq!(mine.len(), 1);
    assert_eq!(
        (mine[0].year, mine[0].status),
        (2025, AssessmentStatus::Submitted)
    );

    // Its Giấy khen of 20/11/2026: 0.3 × 2,530,000 → 760,000 đ a person, 0.6 × → 1,520,000
    // đ a collective (NĐ 152/2025; base salary of NĐ 161/2026).
    let decisions = app
        .client
        .award_decisions()
        .list(&DecisionListQuery {
            unit_id: Some(tay_hoa.id),
            ..Default::default()
        })
        .await?
        .data;
    assert_eq!(decisions.len(), 1);
    let d = &decisions[0];
    assert_eq!(
        (d.number_symbol.as_str(), d.decision_date, d.base_salary),
        ("01/QĐ-UBND", date(2026, 11, 20), Some(2_530_000))
    );
    let mut paid: Vec<(RecipientKind, i64)> = d
        .recipients
        .iter()
        .map(|r| (r.recipient.kind, r.money))
        .collect();
    paid.sort_by_key(|(_, money)| *money);
    assert_eq!(
        paid,
        [
            (RecipientKind::Official, 760_000),
            (RecipientKind::Official, 760_000),
            (RecipientKind::Department, 1_520_000),
        ]
    );
    assert_eq!(d.total_money, 3_040_000);

    // The seed's own decision is as it was.
    let seed = app
        .client
        .award_decisions()
        .list(&DecisionListQuery {
            year: Some(2023),
            ..Default::default()
        })
        .await?
        .data;
    assert_eq!(
        seed.iter()
            .map(|d| (d.number_symbol.as_str(), d.decision_date, d.total_money))
            .collect::<Vec<_>>(),
        [("01/QĐ-UBND", date(2024, 5, 20), 1_350_000)]
    );

    // Xã Tây Hòa's admin signs in with the demo password and sees its unit.
    let admin = app.login("quantri.tayhoa", DEMO_PASSWORD);
    let me = admin.auth().me().await?;
    assert_eq!(me.unit_id, Some(tay_hoa.id));
    Ok(())
}

#[tokio::test]
async fn with_a_clock_before_the_merger_the_demo_stops_there() -> TestResult {
    let app = demo("2025-05-01T03:00:00Z").await;
    let communes = communes_on(&app.client, None).await?;
    assert_eq!(
        communes.len(),
        11,
        "huyện Tây Hòa's communes, and no new one"
    );
    assert!(communes.iter().all(|u| u.valid_to.is_none()));
    // The 2024 publication (15/4/2025) came before the clock's day.
    let district: Uuid = communes[0].parent_id.ok_or("a district")?;
    let ranking = app
        .client
        .results()
        .ranking(&RankingQuery {
            parent_id: district,
            year: 2024,
        })
        .await?;
    assert_eq!(ranking.results.len(), 4);
    let later = app
        .client
        .award_decisions()
        .list(&DecisionListQuery {
            year: Some(2026),
            ..Default::default()
        })
        .await?
        .data;
    assert!(later.is_empty());
    Ok(())
}

/// Xã Tây Hòa's 2025 outlook in late 2026, by hand from the demo files:
///
/// - Self-assessed items (`assessments-2025.json`; 63 of the 100 points): every one at its
///   max but 1.1.2 1.25, 1.4 1.5, 3.4.1 1.5, 7.3 3.5 and 1.2 less 0.25 deducted: 61 at
///   best and expected. At worst, the predecessors' 2024 points of the same item
///   (`assessments-2024.json` on framework-2023: the same code *and* name — Đắk Lắk's
///   codes mostly name other items than Phú Yên's, and 1.1.1 was reworded), carried to
///   the 2025 max and averaged over the four, where lower: only 3.2.3 "Thực hiện xin lỗi
///   người dân…" is the same item: 0.97 of its 1 point, 0.03 less: 60.97.
/// - Portal items (`portal-2025.json`: July–September, 3 of the 6 months since 1/7/2025;
///   as many cases to come as so far, so best = (r + 100 %)/2, worst = r/2): 3.2.1 on time
///   1,120/1,160 = 96.55 % → 4 (best 98.28 % → 5, worst 48.28 % → 0); 3.2.2 electronic
///   870/1,160 = 75 % → 1.25 (87.5 % → 1.25, 37.5 % → 0); 3.3.1 digitised 966/1,200 =
///   80.5 % → 2.5 (90.25 % → 4, 40.25 % → 0); 7.1.1 fully online 660/1,200 = 55 % → 1
///   (77.5 % → 2, 27.5 % → 0); 7.1.2 paid online 420/1,200 = 35 % → 2 (67.5 % → 3,
///   17.5 % → 1): 15.25 / 10.75 / 1.
/// - Survey items 8.1–8.4 (5 each; no survey yet, no 2024 code: unknown, 0 but at best)
///   with the tasks of `remediation-2025.json`: 8.1 one done, one overdue → 5 / 2.5 / 2.5;
///   8.2 one overdue → 5 / 0 / 0; 8.3 one done → 5 / 5 / 5; 8.4 none → 5 / 0 / 0:
///   20 / 7.5 / 7.5.
///
/// Sums (no bonus or penalty yet; max 100): 96.25 (Xuất sắc) / 79.25 (Khá) / 69.47
/// (Trung bình). Đắk Lắk's three other communes have nothing known (expected 0 %): first
/// of four in every case.
#[tokio::test]
async fn tay_hoa_s_2025_outlook_rests_on_the_demo_s_figures() -> TestResult {
    let app = demo("2026-11-30T03:00:00Z").await;
    let after = communes_on(&app.client, date(2025, 7, 1)).await?;
    let tay_hoa = after
        .iter()
        .find(|u| u.code == "22255")
        .ok_or("xã Tây Hòa")?;
    let outlook = app
        .client
        .results()
        .outlook(&OutlookQuery {
            unit_id: tay_hoa.id,
            year: Some(2025),
        })
        .await?;
    let own = outlook.projection.ok_or("a projection")?;
    let case = |s: &OutlookStanding| (s.points, s.index_percent, s.band.clone(), s.rank);
    let band = |b: &str| Some(b.to_owned());
    assert_eq!(case(&own.best), (96.25, 96.25, band("Xuất sắc"), 1));
    assert_eq!(case(&own.expected), (79.25, 79.25, band("Khá"), 1));
    assert_eq!(case(&own.worst), (69.47, 69.47, band("Trung bình"), 1));
    assert_eq!(own.expected.ranked_units, 4);
    assert!(own.best.points >= own.expected.points && own.expected.points >= own.worst.points);
    assert_eq!(
        own.portal_months,
        PortalMonths {
            reported: 3,
            expected: 6
        }
    );
    assert!(own.assessment_id.is_some(), "its submitted assessment");
    assert_eq!(
        own.previous_band, None,
        "a new commune has no result of its own"
    );
    assert!(!own.falls_band && own.band_at_risk);
    let sum = |basis: OutlookBasis, f: fn(&OutlookItem) -> f64| -> f64 {
        let s: f64 = own.items.iter().filter(|i| i.basis == basis).map(f).sum();
        (s * 100.0).round() / 100.0
    };
    let three = |basis| {
        (
            sum(basis, |i| i.best_points),
            sum(basis, |i| i.expected_points),
            sum(basis, |i| i.worst_points),
        )
    };
    assert_eq!(three(OutlookBasis::SelfAssessed), (61.0, 61.0, 60.97));
    assert_eq!(three(OutlookBasis::Portal), (15.25, 10.75, 1.0));
    assert_eq!(three(OutlookBasis::Unknown), (20.0, 7.5, 7.5));
    // The five items most at risk, as the conference report lists them.
    let top: Vec<(&str, f64, OutlookTasks)> = own
        .items
        .iter()
        .take(5)
        .map(|i| (i.code.as_str(), i.points_at_risk, i.tasks))
        .collect();
    let tasks = |done, overdue| OutlookTasks {
        done,
        on_schedule: 0,
        overdue,
    };
    assert_eq!(
        top,
        [
            ("8.2", 5.0, tasks(0, 1)),
            ("8.4", 5.0, tasks(0, 0)),
            ("8.1", 2.5, tasks(1, 1)),
            ("7.1.1", 2.0, tasks(0, 0)),
            ("3.3.1", 1.5, tasks(0, 0)),
        ]
    );
    Ok(())
}

/// On 20/12/2025 the portal's figures (10/10/2025) and the self-assessments (deadline
/// 15/12/2025) are in, the remediation tasks (12/1/2026) not yet: the survey items are
/// 0 expected and at worst, so 61 + 10.75 = 71.75 expected and 60.97 + 1 = 61.97 at worst.
#[tokio::test]
async fn before_the_remediation_tasks_the_survey_items_count_nothing() -> TestResult {
    let app = demo("2025-12-20T03:00:00Z").await;
    let after = communes_on(&app.client, date(2025, 12, 20)).await?;
    let tay_hoa = after
        .iter()
        .find(|u| u.code == "22255")
        .ok_or("xã Tây Hòa")?;
    let query = OutlookQuery {
        unit_id: tay_hoa.id,
        year: None,
    };
    let outlook = app.client.results().outlook(&query).await?;
    assert_eq!(outlook.year, 2025, "the current year");
    let own = outlook.projection.ok_or("a projection")?;
    let points = [own.best.points, own.expected.points, own.worst.points];
    assert_eq!(points, [96.25, 71.75, 61.97]);
    assert_eq!(own.portal_months.reported, 3);
    assert!(own.items.iter().all(|i| i.tasks == OutlookTasks::default()));
    Ok(())
}
