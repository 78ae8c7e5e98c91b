//! The demo world carried on to late 2026, read through the API: the map of 1/7/2025
//! (Nghị quyết 1660/NQ-UBTVQH15, Điều 1 khoản 66–69; Phú Yên merged into Đắk Lắk), xã Tây
//! Hòa's lineage, last year's index of its predecessors, its 2025 assessment under way and
//! its Giấy khen decision of 20/11/2026 paid by NĐ 152/2025's multiples. With a fixed clock
//! earlier than a step's date, the seed stops before it.

use cchc_sdk::Client;
use cchc_sdk::types::awards::{DecisionListQuery, RecipientKind};
use cchc_sdk::types::index::{AssessmentListQuery, AssessmentStatus, PreviousBasis, RankingQuery};
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

#[tokio::test]
async fn tay_hoa_s_2025_outlook_rests_on_the_demo_s_figures() -> TestResult {
    let app = demo("2026-11-30T03:00:00Z").await;
    let after = communes_on(&app.client, date(2025, 7, 1)).await?;
    let tay_hoa = after.iter().find(|u| u.code == "22255").ok_or("xã Tây Hòa")?;
    let outlook = app
        .client
        .results()
        .outlook(&cchc_sdk::types::index::OutlookQuery {
            unit_id: tay_hoa.id,
            year: Some(2025),
        })
        .await?;
    println!("{}", serde_json::to_string_pretty(&outlook)?);
    Ok(())
}
