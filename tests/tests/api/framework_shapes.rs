//! Shapes of published provincial commune frameworks (Bộ chỉ số CCHC cấp xã) load unchanged
//! and score right: four levels, quarter points, itemized bonus and penalty criteria with
//! their own caps, an item scored by deduction, and a total of 99.55 instead of 100.

use cchc_sdk::types::auth::Role;
use cchc_sdk::types::index::{
    AdjustmentCriterion, AdjustmentKind, AdjustmentScoreIn, AppraisalIn, AppraisedScoreIn,
    AssessmentIn, AssessmentStatus, CriterionIn, FrameworkIn, FrameworkLevel, Method,
    PublicationIn, PublishResults, Scoring, SelfAssessmentIn, SelfScoreIn,
};
use chrono::NaiveDate;
use reqwest::Method as Http;
use uuid::Uuid;

use crate::common::world::World;
use crate::common::{TestApp, TestResult, problem};

fn node(code: &str, max: f64, children: Vec<CriterionIn>) -> CriterionIn {
    CriterionIn {
        code: code.into(),
        name: format!("Tiêu chí {code}"),
        max_points: max,
        method: children.is_empty().then_some(Method::SelfAssessed),
        scoring: Scoring::Points,
        portal_rule: None,
        responsible: None,
        children,
    }
}

fn adjustment(code: &str, name: &str, max: f64) -> AdjustmentCriterion {
    AdjustmentCriterion {
        code: code.into(),
        name: name.into(),
        max_points: max,
    }
}

/// 99.55 points:
/// 1 (40.30) > 1.1 (40.30) > 1.1.1 (20.30) > 1.1.1.1 (10.25) and 1.1.1.2 (10.05, by
/// deduction); 1.1.2 (20, a scored sub-criterion at level 3);
/// 2 (59.25) > 2.1 (30.75, scored at level 2) and 2.2 (28.50, survey).
/// Bonus T1 ≤ 1, T2 ≤ 0.5; penalty TR1 ≤ 2, TR2 ≤ 0.5.
fn framework(issuer: Uuid) -> FrameworkIn {
    let by_deduction = CriterionIn {
        scoring: Scoring::Deduction,
        ..node("1.1.1.2", 10.05, vec![])
    };
    let survey = CriterionIn {
        method: Some(Method::Survey),
        ..node("2.2", 28.5, vec![])
    };
    FrameworkIn {
        issuer_unit_id: issuer,
        level: FrameworkLevel::Commune,
        year: 2024,
        name: "Bộ chỉ số CCHC cấp xã năm 2024".into(),
        decision_reference: Some("QĐ 120/QĐ-UBND".into()),
        self_assessment_deadline: None,
        bonus_cap: 0.0,
        penalty_cap: 0.0,
        bonus_items: vec![
            adjustment("T1", "Có sáng kiến CCHC được công nhận", 1.0),
            adjustment("T2", "Được khen thưởng về công tác CCHC", 0.5),
        ],
        penalty_items: vec![
            adjustment(
                "TR1",
                "Để xảy ra sai phạm trong thực hiện TTHC, cán bộ bị kỷ luật",
                2.0,
            ),
            adjustment("TR2", "Chậm gửi báo cáo CCHC định kỳ", 0.5),
        ],
        bands: vec![],
        areas: vec![
            node(
                "1",
                40.3,
                vec![node(
                    "1.1",
                    40.3,
                    vec![
                        node(
                            "1.1.1",
                            20.3,
                            vec![node("1.1.1.1", 10.25, vec![]), by_deduction],
                        ),
                        node("1.1.2", 20.0, vec![]),
                    ],
                )],
            ),
            node("2", 59.25, vec![node("2.1", 30.75, vec![]), survey]),
        ],
    }
}

fn self_score(code: &str, score: Option<f64>, deduction: Option<f64>) -> SelfScoreIn {
    SelfScoreIn {
        code: code.into(),
        score,
        deduction,
        note: None,
        evidence_attachment_ids: None,
    }
}

fn appraised(code: &str, score: Option<f64>, deduction: Option<f64>) -> AppraisedScoreIn {
    AppraisedScoreIn {
        code: code.into(),
        score,
        deduction,
        survey_points: None,
        comment: None,
    }
}

fn points(code: &str, points: f64) -> AdjustmentScoreIn {
    AdjustmentScoreIn {
        code: code.into(),
        points,
        comment: Some("Theo hồ sơ thẩm định.".into()),
    }
}

fn first_error(err: &cchc_sdk::Error) -> Option<(String, String)> {
    let p = err.problem()?;
    let e = p.errors.first()?;
    Some((e.field.clone(), e.code.clone()))
}

#[tokio::test]
async fn a_four_level_framework_of_99_55_points_scores_deductions_and_itemized_adjustments()
-> TestResult {
    let app = TestApp::spawn().await;
    let w = World::builder().communes(2).build(&app).await?;
    let unit = &w.communes[0];
    let (_, commune) = app
        .user("chutich.xa", Role::UnitAdmin, Some(unit.id))
        .await?;
    let (_, district) = app
        .user("thamdinh.huyen", Role::Appraiser, Some(w.district.id))
        .await?;

    let draft = app
        .client
        .frameworks()
        .create(&framework(w.province.id))
        .await?
        .into_inner();
    assert_eq!((draft.max_points, draft.item_count), (99.55, 5));
    assert_eq!((draft.bonus_cap, draft.penalty_cap), (1.5, 2.5));
    assert_eq!(draft.bonus_items.len() + draft.penalty_items.len(), 4);
    let warning = draft
        .warnings
        .first()
        .expect("a total other than 100 warns");
    assert_eq!(
        (warning.field.as_str(), warning.code.as_str()),
        ("max_points", "total_not_100")
    );
    assert!(warning.message.contains("99.55"), "{warning:?}");
    let content = &draft.areas[0].children[0].children[0].children[1];
    assert_eq!(
        (content.code.as_str(), content.scoring),
        ("1.1.1.2", Scoring::Deduction)
    );
    // The export is what create takes: the shapes travel unchanged.
    let exported = app.client.frameworks().export(draft.id).await?;
    assert_eq!(exported.bonus_items, framework(w.province.id).bonus_items);
    assert_eq!(exported.areas, framework(w.province.id).areas);
    let f = app.client.frameworks().publish(&draft).await?.into_inner();

    let a = commune
        .assessments()
        .create(&AssessmentIn {
            framework_id: f.id,
            unit_id: unit.id,
        })
        .await?
        .into_inner();
    // An item scored by deduction starts at its max.
    let item = a.items.iter().find(|i| i.code == "1.1.1.2").expect("item");
    assert_eq!(
        (item.self_score, item.self_deduction),
        (Some(10.05), Some(0.0))
    );
    let body = SelfAssessmentIn {
        items: vec![
            self_score("1.1.1.1", Some(10.25), None),
            self_score("1.1.1.2", None, Some(0.25)),
            self_score("1.1.2", Some(19.75), None),
            self_score("2.1", Some(30.75), None),
        ],
    };
    let a = commune
        .assessments()
        .self_assess(&a, &body)
        .await?
        .into_inner();
    let item = a.items.iter().find(|i| i.code == "1.1.1.2").expect("item");
    assert_eq!(
        (item.self_score, item.self_deduction),
        (Some(9.8), Some(0.25))
    );
    let a = commune.assessments().submit(&a).await?.into_inner();

    let mut survey = appraised("2.2", None, None);
    survey.survey_points = Some(25.75);
    let body = AppraisalIn {
        items: vec![
            appraised("1.1.1.1", Some(9.75), None),
            appraised("1.1.1.2", None, Some(1.3)),
            appraised("1.1.2", Some(18.5), None),
            appraised("2.1", Some(29.25), None),
            survey,
        ],
        bonus: None,
        penalty: None,
        adjustments: vec![points("T1", 0.75), points("T2", 0.5), points("TR1", 0.5)],
        adjustment_note: None,
    };
    let a = district
        .assessments()
        .appraise(&a, &body)
        .await?
        .into_inner();
    let a = district.assessments().finalize(&a).await?.into_inner();
    assert_eq!(a.status, AssessmentStatus::Finalized);

    // By hand, in points:
    //   1.1.1.1  9.75
    //   1.1.1.2  10.05 − 1.30 deducted = 8.75
    //   1.1.2    18.50
    //   2.1      29.25
    //   2.2      25.75 (survey)
    //   items    92.00   (area 1: 37.00 of 40.30 = 91.81 %; area 2: 55.00 of 59.25 = 92.83 %)
    //   bonus    T1 0.75 + T2 0.50          = 1.25
    //   penalty  TR1 0.50 + TR2 not scored  = 0.50
    //   total    92.00 + 1.25 − 0.50        = 92.75
    //   index    92.75 / 99.55 × 100 = 93.1692… -> 93.17 % (on 100 it would be 92.75 %)
    assert_eq!((a.bonus, a.penalty), (1.25, 0.5));
    assert_eq!(
        (a.points, a.max_points, a.index_percent),
        (92.75, 99.55, 93.17)
    );
    let areas: Vec<_> = a.areas.iter().map(|s| (s.points, s.percent)).collect();
    assert_eq!(areas, [(37.0, 91.81), (55.0, 92.83)]);
    let item = a.items.iter().find(|i| i.code == "1.1.1.2").expect("item");
    assert_eq!(
        (item.appraised_deduction, item.points),
        (Some(1.3), Some(8.75))
    );
    let tr2 = a.adjustments.iter().find(|x| x.code == "TR2").expect("TR2");
    assert_eq!(
        (tr2.kind, tr2.max_points, tr2.points),
        (AdjustmentKind::Penalty, 0.5, None)
    );
    let t1 = a.adjustments.iter().find(|x| x.code == "T1").expect("T1");
    assert_eq!((t1.kind, t1.points), (AdjustmentKind::Bonus, Some(0.75)));

    // Published, the result is the same hand computation.
    let publish = PublishResults {
        parent_unit_id: w.district.id,
        decision: PublicationIn {
            number: "12/QĐ-UBND".into(),
            date: NaiveDate::from_ymd_opt(2025, 3, 20).expect("date"),
            issuer: "UBND huyện Tây Hòa".into(),
        },
    };
    app.client
        .frameworks()
        .publish_results(f.id, &publish)
        .await?;
    let result = app.client.results().get(unit.id, 2024).await?.into_inner();
    assert_eq!(
        (result.points, result.max_points, result.index_percent),
        (92.75, 99.55, 93.17)
    );
    assert_eq!((result.bonus, result.penalty), (1.25, 0.5));
    Ok(())
}

#[tokio::test]
async fn bonus_beyond_its_cap_deduction_beyond_the_max_and_five_levels_are_422() -> TestResult {
    let app = TestApp::spawn().await;
    let w = World::builder().communes(1).build(&app).await?;
    let unit = &w.communes[0];
    let (_, district) = app
        .user("thamdinh.huyen", Role::Appraiser, Some(w.district.id))
        .await?;

    // Five levels: the fifth names the node whose children are one level too many.
    let mut deep = framework(w.province.id);
    deep.areas[0].children[0].children[0].children[0] =
        node("1.1.1.1", 10.25, vec![node("1.1.1.1.1", 10.25, vec![])]);
    let res = app
        .client
        .raw(Http::POST, "/api/v1/index/frameworks")
        .await?
        .json(&deep)
        .send()
        .await?;
    let p = problem(res, 422).await?;
    assert!(
        p.errors.iter().any(|e| e.code == "too_deep"
            && e.field == "areas[0].children[0].children[0].children[0].children"),
        "{p:?}"
    );
    // A single cap that contradicts the items' caps.
    let mut contradicting = framework(w.province.id);
    contradicting.bonus_cap = 2.0;
    let err = app
        .client
        .frameworks()
        .create(&contradicting)
        .await
        .expect_err("cap");
    assert_eq!(
        first_error(&err),
        Some(("bonus_cap".into(), "sum_mismatch".into()))
    );

    let f = app
        .client
        .frameworks()
        .create(&framework(w.province.id))
        .await?
        .into_inner();
    let f = app.client.frameworks().publish(&f).await?.into_inner();
    let assessments = app.client.assessments();
    let a = assessments
        .create(&AssessmentIn {
            framework_id: f.id,
            unit_id: unit.id,
        })
        .await?
        .into_inner();
    let over = SelfAssessmentIn {
        items: vec![self_score("1.1.1.2", None, Some(10.1))],
    };
    let err = assessments.self_assess(&a, &over).await.expect_err("> max");
    assert_eq!(
        first_error(&err),
        Some(("items[0].deduction".into(), "out_of_range".into()))
    );
    let score_on_deduction = SelfAssessmentIn {
        items: vec![self_score("1.1.1.2", Some(10.0), None)],
    };
    let err = assessments
        .self_assess(&a, &score_on_deduction)
        .await
        .expect_err("score");
    assert_eq!(
        first_error(&err),
        Some(("items[0].score".into(), "not_allowed".into()))
    );
    let body = SelfAssessmentIn {
        items: ["1.1.1.1", "1.1.2", "2.1"]
            .into_iter()
            .map(|c| self_score(c, Some(1.0), None))
            .collect(),
    };
    let a = assessments.self_assess(&a, &body).await?.into_inner();
    let a = assessments.submit(&a).await?.into_inner();

    let over_cap = AppraisalIn {
        adjustments: vec![points("T2", 0.25), points("T1", 1.25)],
        ..AppraisalIn::default()
    };
    let err = district
        .assessments()
        .appraise(&a, &over_cap)
        .await
        .expect_err("T1 is capped at 1");
    let p = err.problem().expect("problem");
    assert_eq!(err.status(), Some(422));
    assert_eq!(p.errors.len(), 1, "{p:?}");
    let e = &p.errors[0];
    assert_eq!(
        (e.field.as_str(), e.code.as_str()),
        ("adjustments[1].points", "out_of_range")
    );
    let single = AppraisalIn {
        bonus: Some(0.5),
        ..AppraisalIn::default()
    };
    let err = district
        .assessments()
        .appraise(&a, &single)
        .await
        .expect_err("itemized");
    assert_eq!(
        first_error(&err),
        Some(("bonus".into(), "not_allowed".into()))
    );
    let over_max = AppraisalIn {
        items: vec![appraised("1.1.1.2", None, Some(10.06))],
        ..AppraisalIn::default()
    };
    let err = district
        .assessments()
        .appraise(&a, &over_max)
        .await
        .expect_err("> max");
    assert_eq!(
        first_error(&err),
        Some(("items[0].deduction".into(), "out_of_range".into()))
    );
    // Nothing was written by the refused appraisals.
    let a = assessments.get(a.id).await?.into_inner();
    assert_eq!((a.bonus, a.version), (0.0, 3));
    assert!(a.adjustments.iter().all(|x| x.points.is_none()));
    Ok(())
}
