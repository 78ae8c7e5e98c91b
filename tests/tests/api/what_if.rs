//! What-if (issue 19) on hand-computed cases: the index, band and rank an assessment would
//! reach with given points regained, the siblings' published results held fixed; the
//! cheapest set of lost items reaching the next band (where the greedy choice, most points
//! per day first, costs more) and the next rank; each task's expected points; a refused
//! input changes nothing.

use cchc_sdk::types::index::{
    AppraisalIn, AppraisedScoreIn, AssessmentIn, AssessmentOut, Band, CriterionIn, FrameworkIn,
    FrameworkLevel, FrameworkOut, Method, PublicationIn, PublishResults, RankingQuery, RegainIn,
    SelfAssessmentIn, SelfScoreIn, WhatIfCostBasis, WhatIfIn, WhatIfStanding,
};
use cchc_sdk::types::tasks::TaskIn;
use cchc_sdk::types::units::UnitOut;
use chrono::NaiveDate;
use sea_orm::{EntityTrait, PaginatorTrait};
use uuid::Uuid;

use crate::common::fixtures::task_in;
use crate::common::world::World;
use crate::common::{TestApp, TestResult};

pub(crate) fn criterion(code: &str, max: f64, children: Vec<CriterionIn>) -> CriterionIn {
    CriterionIn {
        code: code.into(),
        name: format!("Tiêu chí {code}"),
        max_points: max,
        method: children.is_empty().then_some(Method::SelfAssessed),
        scoring: Default::default(),
        portal_rule: None,
        responsible: children.is_empty().then(|| "VP-TK".into()),
        children,
    }
}

/// Ten points, all self-assessed: 1.1.1 (4), 1.1.2 (3), 1.1.3 (3); A ≥ 90 %, B ≥ 70 %,
/// C below.
pub(crate) fn framework(issuer: Uuid) -> FrameworkIn {
    let band = |label: &str, min_percent| Band {
        label: label.into(),
        min_percent,
    };
    FrameworkIn {
        issuer_unit_id: issuer,
        level: FrameworkLevel::Commune,
        year: 2023,
        name: "Bộ chỉ số CCHC cấp xã năm 2023".into(),
        decision_reference: None,
        self_assessment_deadline: None,
        bonus_cap: 1.0,
        penalty_cap: 1.0,
        bonus_items: vec![],
        penalty_items: vec![],
        bands: vec![band("A", 90.0), band("B", 70.0), band("C", 0.0)],
        areas: vec![criterion(
            "1",
            10.0,
            vec![criterion(
                "1.1",
                10.0,
                vec![
                    criterion("1.1.1", 4.0, vec![]),
                    criterion("1.1.2", 3.0, vec![]),
                    criterion("1.1.3", 3.0, vec![]),
                ],
            )],
        )],
    }
}

/// [`framework`], created and published by the system admin.
pub(crate) async fn published(
    app: &TestApp,
    issuer: Uuid,
) -> Result<FrameworkOut, cchc_sdk::Error> {
    let frameworks = app.client.frameworks();
    let draft = frameworks.create(&framework(issuer)).await?.into_inner();
    Ok(frameworks.publish(&draft).await?.into_inner())
}

/// One commune's assessment, appraised at `scores` (1.1.1, 1.1.2, 1.1.3) and finalized.
pub(crate) async fn finalized(
    app: &TestApp,
    f: &FrameworkOut,
    unit: &UnitOut,
    scores: [f64; 3],
) -> Result<AssessmentOut, cchc_sdk::Error> {
    let assessments = app.client.assessments();
    let a = assessments
        .create(&AssessmentIn {
            framework_id: f.id,
            unit_id: unit.id,
        })
        .await?
        .into_inner();
    let codes = ["1.1.1", "1.1.2", "1.1.3"];
    let own = SelfAssessmentIn {
        items: codes
            .iter()
            .map(|code| SelfScoreIn {
                code: (*code).into(),
                score: Some(1.0),
                deduction: None,
                note: None,
                evidence_attachment_ids: None,
            })
            .collect(),
    };
    let a = assessments.self_assess(&a, &own).await?.into_inner();
    let a = assessments.submit(&a).await?.into_inner();
    let appraisal = AppraisalIn {
        items: codes
            .iter()
            .zip(scores)
            .map(|(code, score)| AppraisedScoreIn {
                code: (*code).into(),
                score: Some(score),
                deduction: None,
                survey_points: None,
                comment: None,
            })
            .collect(),
        bonus: Some(0.0),
        penalty: Some(0.0),
        adjustments: vec![],
        adjustment_note: None,
    };
    let a = assessments.appraise(&a, &appraisal).await?.into_inner();
    Ok(assessments.finalize(&a).await?.into_inner())
}

fn standing(points: f64, index: f64, band: &str, rank: i32) -> WhatIfStanding {
    WhatIfStanding {
        points,
        index_percent: index,
        band: Some(band.into()),
        rank,
        ranked_units: 4,
    }
}

fn regain(code: &str, points: Option<f64>) -> RegainIn {
    RegainIn {
        code: code.into(),
        points,
    }
}

#[tokio::test]
async fn a_what_if_lands_where_the_hand_computation_says() -> TestResult {
    let app = TestApp::spawn().await;
    let w = World::builder().communes(4).build(&app).await?;
    let frameworks = app.client.frameworks();
    let f = published(&app, w.province.id).await?;
    // 100 %, 70 %, 50 % and — the unit asked about — 30 % (3 of 10 points).
    finalized(&app, &f, &w.communes[0], [4.0, 3.0, 3.0]).await?;
    finalized(&app, &f, &w.communes[1], [4.0, 3.0, 0.0]).await?;
    finalized(&app, &f, &w.communes[2], [2.0, 2.0, 1.0]).await?;
    let c4 = &w.communes[3];
    let a = finalized(&app, &f, c4, [0.0, 0.0, 3.0]).await?;
    let publish = PublishResults {
        parent_unit_id: w.district.id,
        decision: PublicationIn {
            number: "863/QĐ-UBND".into(),
            date: NaiveDate::from_ymd_opt(2024, 4, 9).ok_or("date")?,
            issuer: "UBND huyện Tây Hòa".into(),
        },
    };
    frameworks.publish_results(f.id, &publish).await?;

    // Remediation tasks: 1.1.1 over 3 days (and one without dates), 1.1.2 over 2 days
    // (and a cancelled one over 10, which counts for nothing).
    let analysis = app.client.assessments().analysis(a.id).await?;
    let id_of = |code: &str| {
        analysis
            .items
            .iter()
            .find(|i| i.code == code)
            .map(|i| i.criterion_id)
    };
    let day = |d| NaiveDate::from_ymd_opt(2024, 3, d);
    let tasks = app.client.tasks();
    let mut made = Vec::new();
    for (code, due) in [
        ("1.1.1", day(3)),
        ("1.1.2", day(2)),
        ("1.1.1", None),
        ("1.1.2", day(10)),
    ] {
        let task = tasks
            .create(&TaskIn {
                criterion_id: id_of(code),
                start_date: due.and(day(1)),
                due_date: due,
                ..task_in(c4, &format!("Khắc phục tiêu chí {code}"), None)
            })
            .await?
            .into_inner();
        made.push(task);
    }
    tasks.cancel(&made[3]).await?;

    let what_if = app.client.assessments();
    // Nothing regained: where it stands, as the published ranking ranks it.
    let now = what_if
        .what_if(
            a.id,
            &WhatIfIn {
                items: Some(vec![]),
            },
        )
        .await?;
    assert_eq!(now.current, standing(3.0, 30.0, "C", 4));
    assert_eq!(now.what_if, now.current);
    let ranking = app
        .client
        .results()
        .ranking(&RankingQuery {
            parent_id: w.district.id,
            year: 2023,
        })
        .await?;
    let own = ranking.results.iter().find(|r| r.unit_id == c4.id);
    assert_eq!(own.map(|r| (r.rank, r.index_percent)), Some((4, 30.0)));

    // All of 1.1.2 (3 points): 6 of 10 = 60 %, ahead of the 50 % unit: rank 3.
    let one = WhatIfIn {
        items: Some(vec![regain("1.1.2", None)]),
    };
    let got = what_if.what_if(a.id, &one).await?;
    assert_eq!(got.what_if, standing(6.0, 60.0, "C", 3));
    assert_eq!(got.regained_points, 3.0);
    // 2 of 1.1.1's 4 lost points: 50 %, level with the 50 % unit: rank 3 shared.
    let part = WhatIfIn {
        items: Some(vec![regain("1.1.1", Some(2.0))]),
    };
    let got = what_if.what_if(a.id, &part).await?;
    assert_eq!(got.what_if, standing(5.0, 50.0, "C", 3));
    // Everything: 100 %, band A, level with the first.
    let all = what_if.what_if(a.id, &WhatIfIn::default()).await?;
    assert_eq!(all.what_if, standing(10.0, 100.0, "A", 1));
    assert_eq!(all.regained_points, 7.0);

    // Costs: 1.1.1 three days, 1.1.2 two (the cancelled task left out).
    let costs: Vec<(&str, f64, f64, WhatIfCostBasis)> = all
        .items
        .iter()
        .map(|i| (i.code.as_str(), i.lost_points, i.cost, i.cost_basis))
        .collect();
    assert_eq!(
        costs,
        vec![
            ("1.1.1", 4.0, 3.0, WhatIfCostBasis::PlannedDays),
            ("1.1.2", 3.0, 2.0, WhatIfCostBasis::PlannedDays),
        ]
    );
    // Band B (70 %) needs 4 points. Greedy takes 1.1.2 first (1.5 points a day against
    // 1.33) and then still needs 1.1.1: 5 days; 1.1.1 alone reaches it in 3.
    let band = all.next_band.ok_or("band B is reachable")?;
    let codes: Vec<&str> = band.items.iter().map(|i| i.code.as_str()).collect();
    assert_eq!(
        (codes, band.points, band.cost, band.target_index_percent),
        (vec!["1.1.1"], 4.0, 3.0, 70.0)
    );
    assert_eq!(band.result, standing(7.0, 70.0, "B", 2));
    // The next rank (the 50 % unit) needs 2 points: 1.1.2 (2 days) beats 1.1.1 (3).
    let rank = all.next_rank.ok_or("a better rank is reachable")?;
    let codes: Vec<&str> = rank.items.iter().map(|i| i.code.as_str()).collect();
    assert_eq!((codes, rank.cost), (vec!["1.1.2"], 2.0));
    assert_eq!(rank.result, standing(6.0, 60.0, "C", 3));
    // Each task's share of its item's lost points; the cancelled one is not listed.
    let expected: Vec<(Uuid, &str, f64)> = all
        .tasks
        .iter()
        .map(|t| (t.task_id, t.code.as_str(), t.expected_points))
        .collect();
    assert_eq!(
        expected,
        vec![
            (made[0].id, "1.1.1", 2.0),
            (made[2].id, "1.1.1", 2.0),
            (made[1].id, "1.1.2", 3.0),
        ]
    );
    // The first unit has nothing above it: no better rank, no better band.
    Ok(())
}

#[tokio::test]
async fn a_refused_what_if_names_the_field_and_changes_nothing() -> TestResult {
    let app = TestApp::spawn().await;
    let w = World::builder().communes(1).build(&app).await?;
    let frameworks = app.client.frameworks();
    let draft = frameworks
        .create(&framework(w.province.id))
        .await?
        .into_inner();
    let f = frameworks.publish(&draft).await?.into_inner();
    let a = finalized(&app, &f, &w.communes[0], [2.0, 3.0, 3.0]).await?;
    let journal = || cchc_server::entity::audit_events::Entity::find().count(&app.db);
    let before = (
        journal().await?,
        app.client.assessments().get(a.id).await?.into_inner(),
    );

    let refused = [
        // 1.1.1 lost 2 points: 2.5 is more than it lost.
        (
            regain("1.1.1", Some(2.5)),
            "items[0].points",
            "out_of_range",
        ),
        // 1.1.2 lost nothing.
        (
            regain("1.1.2", Some(0.5)),
            "items[0].points",
            "out_of_range",
        ),
        (regain("9.9.9", None), "items[0].code", "unknown_reference"),
        (regain("1.1", None), "items[0].code", "unknown_reference"),
    ];
    for (item, field, code) in refused {
        let err = app
            .client
            .assessments()
            .what_if(
                a.id,
                &WhatIfIn {
                    items: Some(vec![item]),
                },
            )
            .await
            .expect_err("refused");
        let p = err.problem().ok_or("a problem")?;
        assert_eq!((p.status, p.code.as_str()), (422, "validation_failed"));
        let issues: Vec<(&str, &str)> = p
            .errors
            .iter()
            .map(|e| (e.field.as_str(), e.code.as_str()))
            .collect();
        assert_eq!(issues, vec![(field, code)]);
    }
    // Alone (one unit under the district, nothing published): rank 1 of 1; at 80 % the
    // next band is A (90 %): one more point, all 2 of 1.1.1's regained.
    let got = app
        .client
        .assessments()
        .what_if(
            a.id,
            &WhatIfIn {
                items: Some(vec![regain("1.1.1", Some(1.0))]),
            },
        )
        .await?;
    assert_eq!(
        (
            got.what_if.index_percent,
            got.what_if.band.as_deref(),
            got.what_if.rank,
            got.what_if.ranked_units
        ),
        (90.0, Some("A"), 1, 1)
    );
    let band = got.next_band.ok_or("band A is reachable")?;
    assert_eq!(
        (band.points, band.cost, band.items[0].cost),
        (2.0, 1.0, 1.0)
    );
    assert_eq!(got.items[0].cost_basis, WhatIfCostBasis::Equal);
    assert!(got.next_rank.is_none());

    let after = (
        journal().await?,
        app.client.assessments().get(a.id).await?.into_inner(),
    );
    assert_eq!(after, before, "a what-if changed something");
    Ok(())
}
