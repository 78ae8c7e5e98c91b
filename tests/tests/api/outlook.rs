//! The outlook (issue 19) on a hand-computed case: a commune with portal figures for three
//! months, a self-score, an item resting on last year's points and three remediation tasks
//! (one done, one on schedule, one overdue); its rank range among the district's communes;
//! the district's table, the unit at risk first; scope and bad input.

use cchc_sdk::types::auth::Role;
use cchc_sdk::types::index::{
    AppraisalIn, AppraisedScoreIn, AssessmentIn, AssessmentOut, CriterionOut, FrameworkOut,
    OutlookBasis, OutlookItem, OutlookQuery, OutlookStanding, OutlookTasks, PortalMonths,
    PublicationIn, PublishResults,
};
use cchc_sdk::types::portal::{PortalFigures, StatisticsBatch, StatisticsIn};
use cchc_sdk::types::tasks::TaskIn;
use cchc_sdk::types::units::UnitOut;
use chrono::NaiveDate;

use crate::common::fixtures::task_in;
use crate::common::world::World;
use crate::common::{TestApp, TestResult};
use crate::index::{self_scores, small_framework};

/// `small_framework` (1.1.1, 1.1.2 self-assessed, 2 each; 1.1.3 survey, 2; 2.1.1 on-time
/// rate, 4: ≥95 % → 4, ≥90 % → 3, ≥80 % → 1; bands A ≥ 90, B ≥ 80, C) for `year`.
pub(crate) async fn framework(
    app: &TestApp,
    w: &World,
    year: i32,
) -> Result<FrameworkOut, cchc_sdk::Error> {
    let input = cchc_sdk::types::index::FrameworkIn {
        year,
        name: format!("Bộ chỉ số CCHC cấp xã năm {year}"),
        ..small_framework(w.province.id)
    };
    let f = app.client.frameworks().create(&input).await?.into_inner();
    Ok(app.client.frameworks().publish(&f).await?.into_inner())
}

async fn open(
    app: &TestApp,
    f: &FrameworkOut,
    unit: &UnitOut,
) -> Result<AssessmentOut, cchc_sdk::Error> {
    let input = AssessmentIn {
        framework_id: f.id,
        unit_id: unit.id,
    };
    Ok(app.client.assessments().create(&input).await?.into_inner())
}

async fn push(app: &TestApp, unit: &UnitOut, period: &str, on_time: i64, late: i64) -> TestResult {
    let row = StatisticsIn {
        unit_code: unit.code.clone(),
        period: period.into(),
        figures: PortalFigures {
            received: on_time + late,
            resolved_on_time: on_time,
            resolved_late: late,
            ..PortalFigures::default()
        },
    };
    app.client
        .portal()
        .push_statistics(&StatisticsBatch { rows: vec![row] })
        .await?;
    Ok(())
}

/// Hòa Tân Tây's 2023, appraised and published: 1.1.1 1, 1.1.2 2, survey 0.5, the portal
/// 95 % on time (4): 7.5 of 10, 75 % — band C.
pub(crate) async fn last_year(
    app: &TestApp,
    w: &World,
) -> Result<FrameworkOut, Box<dyn std::error::Error>> {
    let f = framework(app, w, 2023).await?;
    push(app, w.a(), "2023", 95, 5).await?;
    let assessments = app.client.assessments();
    let a = open(app, &f, w.a()).await?;
    let a = assessments
        .self_assess(&a, &self_scores(&[("1.1.1", 1.0), ("1.1.2", 2.0)]))
        .await?
        .into_inner();
    let a = assessments.submit(&a).await?.into_inner();
    let appraised = |code: &str, score: Option<f64>, survey: Option<f64>| AppraisedScoreIn {
        code: code.into(),
        score,
        deduction: None,
        survey_points: survey,
        comment: None,
    };
    let appraisal = AppraisalIn {
        items: vec![
            appraised("1.1.1", Some(1.0), None),
            appraised("1.1.2", Some(2.0), None),
            appraised("1.1.3", None, Some(0.5)),
        ],
        bonus: Some(0.0),
        penalty: Some(0.0),
        adjustments: vec![],
        adjustment_note: None,
    };
    let a = assessments.appraise(&a, &appraisal).await?.into_inner();
    assessments.finalize(&a).await?;
    let publish = PublishResults {
        parent_unit_id: w.district.id,
        decision: PublicationIn {
            number: "102/QĐ-UBND".into(),
            date: NaiveDate::from_ymd_opt(2024, 3, 20).ok_or("date")?,
            issuer: "UBND huyện Tây Hòa".into(),
        },
    };
    app.client
        .frameworks()
        .publish_results(f.id, &publish)
        .await?;
    Ok(f)
}

fn standing(points: f64, index: f64, band: &str, rank: i32) -> OutlookStanding {
    OutlookStanding {
        points,
        index_percent: index,
        band: Some(band.into()),
        rank,
        ranked_units: 3,
    }
}

/// A node of `f`'s tree by code.
pub(crate) fn criterion<'a>(f: &'a FrameworkOut, code: &str) -> Option<&'a CriterionOut> {
    fn find<'a>(nodes: &'a [CriterionOut], code: &str) -> Option<&'a CriterionOut> {
        nodes.iter().find_map(|n| {
            if n.code == code {
                Some(n)
            } else {
                find(&n.children, code)
            }
        })
    }
    find(&f.areas, code)
}

/// The hand-computed year: 2024 on `small_framework`, after [`last_year`] (`f2023`).
///
/// Hòa Tân Tây self-scores 1.1.1 at 2 (1.1.2 not yet); the portal's January to March, 40
/// resolved a month, 36 on time: 108 of 120, 90 %. The survey item 1.1.3 (0.5 of 2 last
/// year) has three remediation tasks — done, on schedule, overdue on today's date — and a
/// cancelled one, which counts for nothing; the overdue one was made from last year's
/// analysis: linked to 2023's 1.1.3, the same item (same code and name), it counts too.
/// Hòa Đồng: self-scored 2 and 2, the portal's whole year at 90 % (3): 7 expected —
/// settled. Hòa Bình 1: nothing at all — 0 expected. Answers 2024's framework and Hòa Tân
/// Tây's assessment.
pub(crate) async fn this_year(
    app: &TestApp,
    w: &World,
    f2023: &FrameworkOut,
) -> Result<(FrameworkOut, AssessmentOut), Box<dyn std::error::Error>> {
    let f = framework(app, w, 2024).await?;
    let a = open(app, &f, w.a()).await?;
    app.client
        .assessments()
        .self_assess(&a, &self_scores(&[("1.1.1", 2.0)]))
        .await?;
    for month in ["2024-01", "2024-02", "2024-03"] {
        push(app, w.a(), month, 36, 4).await?;
    }
    let survey_item = criterion(&f, "1.1.3").ok_or("1.1.3")?.id;
    let last_years_item = criterion(f2023, "1.1.3").ok_or("1.1.3 of 2023")?.id;
    let tasks = app.client.tasks();
    let far = NaiveDate::from_ymd_opt(2100, 12, 31);
    let past = NaiveDate::from_ymd_opt(2024, 6, 30);
    let mut made = Vec::new();
    for (title, due, item) in [
        ("Khảo sát", far, survey_item),
        ("Tuyên truyền", far, survey_item),
        ("Hòm thư", past, last_years_item),
        ("Hủy", far, survey_item),
    ] {
        let input = TaskIn {
            criterion_id: Some(item),
            due_date: due,
            ..task_in(w.a(), title, None)
        };
        made.push(tasks.create(&input).await?.into_inner());
    }
    tasks.start(&made[0]).await?;
    let done = tasks.get(made[0].id).await?.into_inner();
    tasks.complete(&done, "Đã khảo sát").await?;
    tasks.cancel(&made[3]).await?;

    let b = open(app, &f, w.b()).await?;
    app.client
        .assessments()
        .self_assess(&b, &self_scores(&[("1.1.1", 2.0), ("1.1.2", 2.0)]))
        .await?;
    push(app, w.b(), "2024", 90, 10).await?;
    Ok((f, a))
}

#[tokio::test]
async fn an_outlook_equals_the_hand_computation() -> TestResult {
    let app = TestApp::spawn().await;
    let w = World::builder().communes(3).build(&app).await?;
    let f2023 = last_year(&app, &w).await?;
    let (_, a) = this_year(&app, &w, &f2023).await?;

    let outlook = app
        .client
        .results()
        .outlook(&OutlookQuery {
            unit_id: w.a().id,
            year: Some(2024),
        })
        .await?;
    let own = outlook.projection.ok_or("projection")?;
    // By hand, per item (best / expected / worst):
    // 1.1.1 self 2, last year 1: 2 / 2 / 1.
    // 1.1.2 no self-score, last year 2, no task: 2 / 2 / 2.
    // 1.1.3 last year 0.5, lost 1.5 in three shares of 0.5: all (2) / done + on schedule
    //       (1.5) / done (1).
    // 2.1.1 108 of 120 over 3 of 12 months; 360 to come: 468/480 = 97.5 % (4) / 90 % (3) /
    //       108/480 = 22.5 % (0).
    // Sums: 10 (100 %, A) / 8.5 (85 %, B) / 4 (40 %, C). Others expected: Hòa Đồng 70 %,
    // Hòa Bình 1 0 %: ranks 1 / 1 / 2 of 3.
    assert_eq!(own.best, standing(10.0, 100.0, "A", 1));
    assert_eq!(own.expected, standing(8.5, 85.0, "B", 1));
    assert_eq!(own.worst, standing(4.0, 40.0, "C", 2));
    assert_eq!(own.assessment_id, Some(a.id));
    assert_eq!(own.previous_band.as_deref(), Some("C"));
    assert!(!own.falls_band, "B expected is above last year's C");
    assert!(own.band_at_risk, "the worst case is C");
    assert_eq!(
        own.portal_months,
        PortalMonths {
            reported: 3,
            expected: 12
        }
    );
    let item = |code: &str| own.items.iter().find(|i| i.code == code).cloned();
    let expect = |code: &str, basis, best, expected, worst, tasks| OutlookItem {
        code: code.into(),
        name: item(code).map(|i| i.name).unwrap_or_default(),
        max_points: item(code).map_or(0.0, |i| i.max_points),
        basis,
        best_points: best,
        expected_points: expected,
        worst_points: worst,
        points_at_risk: item(code).map_or(0.0, |i| i.max_points) - expected,
        tasks,
    };
    let none = OutlookTasks::default();
    let survey_tasks = OutlookTasks {
        done: 1,
        on_schedule: 1,
        overdue: 1,
    };
    assert_eq!(
        own.items,
        vec![
            expect("2.1.1", OutlookBasis::Portal, 4.0, 3.0, 0.0, none),
            expect(
                "1.1.3",
                OutlookBasis::PreviousYear,
                2.0,
                1.5,
                1.0,
                survey_tasks
            ),
            expect("1.1.1", OutlookBasis::SelfAssessed, 2.0, 2.0, 1.0, none),
            expect("1.1.2", OutlookBasis::PreviousYear, 2.0, 2.0, 2.0, none),
        ],
        "most points at risk first, then by code"
    );
    assert!(outlook.children.is_empty(), "a commune has no units below");

    // The district: no framework for its level, its communes in one table — the one at
    // risk of a band first, then by expected index.
    let district = app
        .client
        .results()
        .outlook(&OutlookQuery {
            unit_id: w.district.id,
            year: Some(2024),
        })
        .await?;
    assert!(district.projection.is_none());
    let order: Vec<(&str, f64, bool)> = district
        .children
        .iter()
        .map(|c| {
            (
                c.unit_name.as_str(),
                c.expected.index_percent,
                c.band_at_risk,
            )
        })
        .collect();
    assert_eq!(
        order,
        vec![
            ("Xã Hòa Tân Tây", 85.0, true),
            ("Xã Hòa Bình 1", 0.0, false),
            ("Xã Hòa Đồng", 70.0, false),
        ]
    );
    assert!(district.children.iter().all(|c| c.items.is_empty()));
    let binh = &district.children[1];
    assert_eq!(
        binh.assessment_id, None,
        "projected on the year's framework"
    );
    assert_eq!(
        binh.best.index_percent, 100.0,
        "nothing known: the max at best"
    );
    Ok(())
}

#[tokio::test]
async fn an_outlook_is_scoped_and_checks_its_query() -> TestResult {
    let app = TestApp::spawn().await;
    let w = World::build(&app).await?;
    let f = framework(&app, &w, 2024).await?;
    open(&app, &f, w.a()).await?;
    let (_, own) = app.user("tantay", Role::UnitAdmin, Some(w.a().id)).await?;
    let query = |unit: &UnitOut, year| OutlookQuery {
        unit_id: unit.id,
        year: Some(year),
    };
    let seen = own.results().outlook(&query(w.a(), 2024)).await?;
    assert_eq!(seen.projection.map(|p| p.expected.ranked_units), Some(2));
    let err = own
        .results()
        .outlook(&query(w.b(), 2024))
        .await
        .expect_err("another commune");
    assert_eq!(err.status(), Some(404));
    let err = own
        .results()
        .outlook(&query(w.a(), 1999))
        .await
        .expect_err("a year out of range");
    assert_eq!(err.status(), Some(400));
    // The current year with no framework for it: nothing to project.
    let now = own
        .results()
        .outlook(&OutlookQuery {
            unit_id: w.a().id,
            year: None,
        })
        .await?;
    assert!(now.projection.is_none());
    Ok(())
}
