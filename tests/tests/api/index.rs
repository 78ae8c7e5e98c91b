//! The PAR index: frameworks, the assessment cycle and who may do what in it, results
//! and rankings on hand-computed cases, the analysis of lost points and its tasks.

use cchc_sdk::types::api_clients::ApiClientIn;
use cchc_sdk::types::auth::{ClientScope, Role};
use cchc_sdk::types::index::{
    AppraisalIn, AppraisedScoreIn, AssessmentIn, AssessmentOut, AssessmentStatus, Band,
    CopyFramework, CriterionIn, ExplanationRequest, FrameworkIn, FrameworkLevel, FrameworkOut,
    FrameworkPatch, FrameworkStatus, Method, PortalRule, PublicationIn, PublishResults,
    RankingQuery, RemediationIn, ResponsibilitiesIn, ResponsibilityIn, SelfAssessmentIn,
    SelfScoreIn, Threshold,
};
use cchc_sdk::types::plans::PlanIn;
use cchc_sdk::types::portal::{PortalFigures, PortalMetric, StatisticsBatch, StatisticsIn};
use cchc_sdk::types::units::UnitOut;
use chrono::NaiveDate;
use reqwest::Method as Http;
use uuid::Uuid;

use crate::common::world::World;
use crate::common::{TestApp, TestResult, problem};

fn leaf(code: &str, max: f64, method: Method, responsible: &str) -> CriterionIn {
    CriterionIn {
        code: code.into(),
        name: format!("Tiêu chí thành phần {code}"),
        max_points: max,
        method: Some(method),
        scoring: Default::default(),
        portal_rule: None,
        responsible: Some(responsible.into()),
        children: vec![],
    }
}

fn branch(code: &str, max: f64, children: Vec<CriterionIn>) -> CriterionIn {
    CriterionIn {
        code: code.into(),
        name: format!("Lĩnh vực {code}"),
        max_points: max,
        method: None,
        scoring: Default::default(),
        portal_rule: None,
        responsible: None,
        children,
    }
}

/// Ten points: 1.1.1 and 1.1.2 self-assessed (2 each), 1.1.3 survey (2), 2.1.1 the on-time
/// rate from the portal (4: ≥95 % -> 4, ≥90 % -> 3, ≥80 % -> 1). Bonus and penalty caps 1.
pub fn small_framework(issuer: Uuid) -> FrameworkIn {
    let on_time = CriterionIn {
        portal_rule: Some(PortalRule {
            metric: PortalMetric::OnTimeRate,
            thresholds: vec![
                Threshold {
                    min_percent: 95.0,
                    points: 4.0,
                },
                Threshold {
                    min_percent: 90.0,
                    points: 3.0,
                },
                Threshold {
                    min_percent: 80.0,
                    points: 1.0,
                },
            ],
        }),
        ..leaf("2.1.1", 4.0, Method::PortalMetric, "VP-TK")
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
        bands: vec![
            Band {
                label: "A".into(),
                min_percent: 90.0,
            },
            Band {
                label: "B".into(),
                min_percent: 80.0,
            },
            Band {
                label: "C".into(),
                min_percent: 0.0,
            },
        ],
        areas: vec![
            branch(
                "1",
                6.0,
                vec![branch(
                    "1.1",
                    6.0,
                    vec![
                        leaf("1.1.1", 2.0, Method::SelfAssessed, "VP-TK"),
                        leaf("1.1.2", 2.0, Method::SelfAssessed, "TP-HT"),
                        leaf("1.1.3", 2.0, Method::Survey, "VP-TK"),
                    ],
                )],
            ),
            branch("2", 4.0, vec![branch("2.1", 4.0, vec![on_time])]),
        ],
    }
}

async fn published_framework(app: &TestApp, w: &World) -> Result<FrameworkOut, cchc_sdk::Error> {
    let f = app
        .client
        .frameworks()
        .create(&small_framework(w.province.id))
        .await?
        .into_inner();
    Ok(app.client.frameworks().publish(&f).await?.into_inner())
}

pub(crate) fn self_scores(scores: &[(&str, f64)]) -> SelfAssessmentIn {
    SelfAssessmentIn {
        items: scores
            .iter()
            .map(|(code, score)| SelfScoreIn {
                code: (*code).into(),
                score: Some(*score),
                deduction: None,
                note: None,
                evidence_attachment_ids: None,
            })
            .collect(),
    }
}

fn appraisal(scores: &[(&str, f64)], survey: f64, bonus: f64, penalty: f64) -> AppraisalIn {
    let mut items: Vec<AppraisedScoreIn> = scores
        .iter()
        .map(|(code, score)| AppraisedScoreIn {
            code: (*code).into(),
            score: Some(*score),
            deduction: None,
            survey_points: None,
            comment: None,
        })
        .collect();
    items.push(AppraisedScoreIn {
        code: "1.1.3".into(),
        score: None,
        deduction: None,
        survey_points: Some(survey),
        comment: None,
    });
    AppraisalIn {
        items,
        bonus: Some(bonus),
        penalty: Some(penalty),
        adjustments: vec![],
        adjustment_note: None,
    }
}

/// The portal's 2023 figures with `on_time` of 100 resolved dossiers on time.
pub(crate) async fn push_on_time(app: &TestApp, unit: &UnitOut, on_time: i64) -> TestResult {
    let row = StatisticsIn {
        unit_code: unit.code.clone(),
        period: "2023".into(),
        figures: PortalFigures {
            received: 100,
            resolved_on_time: on_time,
            resolved_late: 100 - on_time,
            ..PortalFigures::default()
        },
    };
    app.client
        .portal()
        .push_statistics(&StatisticsBatch { rows: vec![row] })
        .await?;
    Ok(())
}

#[tokio::test]
async fn frameworks_must_add_up_round_trip_as_csv_and_freeze_once_published() -> TestResult {
    let app = TestApp::spawn().await;
    let w = World::builder().communes(4).build(&app).await?;
    let frameworks = app.client.frameworks();
    let mut bad = small_framework(w.province.id);
    bad.areas[0].children[0].children[0].max_points = 1.5;
    let res = app
        .client
        .raw(Http::POST, "/api/v1/index/frameworks")
        .await?
        .json(&bad)
        .send()
        .await?;
    let p = problem(res, 422).await?;
    assert!(
        p.errors
            .iter()
            .any(|e| e.field == "areas[0].children[0].max_points" && e.code == "sum_mismatch"),
        "{p:?}"
    );
    let mut no_method = small_framework(w.province.id);
    no_method.areas[1].children[0].children[0].portal_rule = None;
    let err = frameworks
        .create(&no_method)
        .await
        .expect_err("rule missing");
    assert_eq!(err.status(), Some(422));

    let draft = frameworks
        .create(&small_framework(w.province.id))
        .await?
        .into_inner();
    assert_eq!(draft.status, FrameworkStatus::Draft);
    assert_eq!((draft.max_points, draft.item_count), (10.0, 4));
    assert_eq!(draft.bands[0].label, "A");
    // The sheet as CSV, edited the way an office edits it in Excel, and read back.
    let csv = frameworks.criteria_csv(draft.id).await?;
    assert!(csv.starts_with("code,name,max_points,method,responsible,metric,thresholds"));
    assert!(
        csv.contains(
            "2.1.1,Tiêu chí thành phần 2.1.1,4,portal_metric,VP-TK,on_time_rate,95:4;90:3;80:1"
        ),
        "{csv}"
    );
    let edited = csv.replace("Tiêu chí thành phần 1.1.1", "Ban hành kế hoạch CCHC");
    let draft = frameworks
        .replace_criteria_csv(&draft, edited)
        .await?
        .into_inner();
    assert_eq!(
        draft.areas[0].children[0].children[0].name,
        "Ban hành kế hoạch CCHC"
    );
    let orphan = "code,name,max_points,method\n1,A,2,\n2.1,B,2,self_assessed\n".to_owned();
    let err = frameworks
        .replace_criteria_csv(&draft, orphan)
        .await
        .expect_err("orphan row");
    assert_eq!(
        err.problem().map(|p| p.errors[0].field.as_str()),
        Some("line 3.code")
    );
    // The JSON export is what create takes.
    let exported = frameworks.export(draft.id).await?;
    assert_eq!(exported.areas, frameworks.criteria(draft.id).await?);

    let published = frameworks.publish(&draft).await?.into_inner();
    assert_eq!(published.status, FrameworkStatus::Published);
    let patch = FrameworkPatch {
        name: Some("Đổi tên".into()),
        ..FrameworkPatch::default()
    };
    let err = frameworks
        .update(&published, &patch)
        .await
        .expect_err("frozen");
    assert_eq!(
        err.problem().map(|p| p.code.as_str()),
        Some("invalid_transition")
    );

    let next = frameworks
        .copy(
            published.id,
            &CopyFramework {
                year: 2024,
                name: None,
            },
        )
        .await?
        .into_inner();
    assert_eq!(next.year, 2024);
    assert_eq!(next.name, "Bộ chỉ số CCHC cấp xã năm 2024");
    assert_eq!(next.status, FrameworkStatus::Draft);
    assert_eq!(next.copied_from_id, Some(published.id));
    assert_eq!(next.item_count, 4);
    assert_ne!(next.areas[0].id, published.areas[0].id);
    Ok(())
}

#[tokio::test]
async fn self_scores_are_checked_and_submit_locks_them() -> TestResult {
    let app = TestApp::spawn().await;
    let w = World::builder().communes(4).build(&app).await?;
    let f = published_framework(&app, &w).await?;
    let unit = &w.communes[0];
    let (_, chairman) = app.user("chutich", Role::UnitAdmin, Some(unit.id)).await?;
    let a = chairman
        .assessments()
        .create(&AssessmentIn {
            framework_id: f.id,
            unit_id: unit.id,
        })
        .await?
        .into_inner();
    assert_eq!(a.status, AssessmentStatus::SelfAssessment);
    assert_eq!(a.items.len(), 4);
    let again = chairman
        .assessments()
        .create(&AssessmentIn {
            framework_id: f.id,
            unit_id: unit.id,
        })
        .await
        .expect_err("one per unit and framework");
    assert_eq!(again.status(), Some(409));

    for (score, field) in [
        (2.5, "items[0].score"),
        (-1.0, "items[0].score"),
        (0.125, "items[0].score"),
    ] {
        let err = chairman
            .assessments()
            .self_assess(&a, &self_scores(&[("1.1.1", score)]))
            .await
            .expect_err("out of range");
        let p = err.problem().expect("problem");
        assert_eq!(
            (
                p.status,
                p.errors[0].field.as_str(),
                p.errors[0].code.as_str()
            ),
            (422, field, "out_of_range")
        );
    }
    let err = chairman
        .assessments()
        .self_assess(&a, &self_scores(&[("1.1.3", 1.0)]))
        .await
        .expect_err("survey items are not self-scored");
    assert_eq!(
        err.problem().map(|p| p.errors[0].code.as_str()),
        Some("not_allowed")
    );
    // A bad item changes nothing, good items in the same request included.
    let err = chairman
        .assessments()
        .self_assess(&a, &self_scores(&[("1.1.1", 2.0), ("9.9.9", 1.0)]))
        .await
        .expect_err("unknown code");
    assert_eq!(err.status(), Some(422));
    let fresh = chairman.assessments().get(a.id).await?.into_inner();
    assert_eq!(fresh.items[0].self_score, None);
    assert_eq!(fresh.version, a.version);

    let a = chairman
        .assessments()
        .self_assess(&fresh, &self_scores(&[("1.1.1", 2.0)]))
        .await?
        .into_inner();
    let err = chairman
        .assessments()
        .self_assess(&fresh, &self_scores(&[("1.1.2", 1.0)]))
        .await
        .expect_err("read before the last change");
    assert!(err.is_precondition_failed(), "{err:?}");
    let err = chairman
        .assessments()
        .submit(&a)
        .await
        .expect_err("1.1.2 missing");
    assert_eq!(
        err.problem().map(|p| p.errors[0].field.as_str()),
        Some("items.1.1.2.score")
    );
    let a = chairman
        .assessments()
        .self_assess(&a, &self_scores(&[("1.1.2", 1.5)]))
        .await?
        .into_inner();
    assert_eq!((a.self_scored, a.self_total), (2, 2));
    let a = chairman.assessments().submit(&a).await?.into_inner();
    assert_eq!(a.status, AssessmentStatus::Submitted);
    let err = chairman
        .assessments()
        .self_assess(&a, &self_scores(&[("1.1.2", 2.0)]))
        .await
        .expect_err("locked");
    let p = err.problem().expect("problem");
    assert_eq!((p.status, p.code.as_str()), (409, "invalid_transition"));
    Ok(())
}

#[tokio::test]
async fn only_an_upper_unit_appraises_within_the_caps_with_an_explanation_round() -> TestResult {
    let app = TestApp::spawn().await;
    let w = World::builder().communes(4).build(&app).await?;
    let f = published_framework(&app, &w).await?;
    let unit = &w.communes[0];
    let (_, own) = app
        .user("thamdinh.xa", Role::Appraiser, Some(unit.id))
        .await?;
    let (_, district) = app
        .user("thamdinh.huyen", Role::Appraiser, Some(w.district.id))
        .await?;
    let (_, other_commune) = app
        .user("thamdinh.xakhac", Role::Appraiser, Some(w.communes[1].id))
        .await?;
    let a = app
        .client
        .assessments()
        .create(&AssessmentIn {
            framework_id: f.id,
            unit_id: unit.id,
        })
        .await?
        .into_inner();
    let a = app
        .client
        .assessments()
        .self_assess(&a, &self_scores(&[("1.1.1", 2.0), ("1.1.2", 2.0)]))
        .await?
        .into_inner();
    let err = district
        .assessments()
        .appraise(&a, &appraisal(&[("1.1.1", 2.0)], 1.0, 0.0, 0.0))
        .await
        .expect_err("not submitted yet");
    assert_eq!(err.status(), Some(409));
    let a = app.client.assessments().submit(&a).await?.into_inner();

    let err = own
        .assessments()
        .appraise(&a, &appraisal(&[("1.1.1", 1.0)], 1.0, 0.0, 0.0))
        .await
        .expect_err("self-appraisal");
    assert_eq!(err.status(), Some(403));
    let err = other_commune
        .assessments()
        .get(a.id)
        .await
        .expect_err("another unit's assessment");
    assert!(err.is_not_found());
    let err = district
        .assessments()
        .appraise(&a, &appraisal(&[("1.1.1", 1.0)], 1.0, 1.5, 0.0))
        .await
        .expect_err("bonus over the cap");
    assert_eq!(
        err.problem().map(|p| p.errors[0].field.as_str()),
        Some("bonus")
    );
    let err = district
        .assessments()
        .appraise(&a, &appraisal(&[("1.1.1", 1.0)], 2.5, 0.0, 0.0))
        .await
        .expect_err("survey over max");
    assert_eq!(err.status(), Some(422));

    // Round 1 asks about 1.1.2; the unit explains only that item and hands back.
    let a = district
        .assessments()
        .request_explanation(
            &a,
            &ExplanationRequest {
                codes: vec!["1.1.2".into()],
                note: "Bổ sung tài liệu kiểm chứng.".into(),
            },
        )
        .await?
        .into_inner();
    assert_eq!(a.status, AssessmentStatus::ExplanationRequested);
    let err = app
        .client
        .assessments()
        .self_assess(&a, &self_scores(&[("1.1.1", 1.0)]))
        .await
        .expect_err("only the items asked about");
    assert_eq!(
        err.problem().map(|p| p.errors[0].code.as_str()),
        Some("not_requested")
    );
    let a = app
        .client
        .assessments()
        .self_assess(&a, &self_scores(&[("1.1.2", 1.5)]))
        .await?
        .into_inner();
    let a = app.client.assessments().submit(&a).await?.into_inner();
    assert_eq!((a.status, a.round), (AssessmentStatus::Submitted, 2));
    let err = district
        .assessments()
        .request_explanation(
            &a,
            &ExplanationRequest {
                codes: vec!["1.1.1".into()],
                note: "Lần nữa.".into(),
            },
        )
        .await
        .expect_err("no third round");
    assert_eq!(
        err.problem().map(|p| p.code.as_str()),
        Some("invalid_transition")
    );
    let err = district
        .assessments()
        .finalize(&a)
        .await
        .expect_err("not appraised");
    assert_eq!(err.status(), Some(422));
    let a = district
        .assessments()
        .appraise(
            &a,
            &appraisal(&[("1.1.1", 2.0), ("1.1.2", 1.5)], 1.5, 1.0, 0.5),
        )
        .await?
        .into_inner();
    let a = district.assessments().finalize(&a).await?.into_inner();
    assert_eq!(a.status, AssessmentStatus::Finalized);
    // No portal figures: 2.1.1 earns 0. 2 + 1.5 + 1.5 + 0 + 1 - 0.5 = 5.5 of 10.
    assert_eq!((a.points, a.index_percent), (5.5, 55.0));
    Ok(())
}

/// Drives one commune from opening to finalized with the given scores.
async fn scored(
    app: &TestApp,
    f: &FrameworkOut,
    unit: &UnitOut,
    scores: [f64; 3],
    bonus: f64,
    penalty: f64,
) -> Result<AssessmentOut, cchc_sdk::Error> {
    let assessments = app.client.assessments();
    let a = assessments
        .create(&AssessmentIn {
            framework_id: f.id,
            unit_id: unit.id,
        })
        .await?
        .into_inner();
    let a = assessments
        .self_assess(&a, &self_scores(&[("1.1.1", 2.0), ("1.1.2", 2.0)]))
        .await?
        .into_inner();
    let a = assessments.submit(&a).await?.into_inner();
    let a = assessments
        .appraise(
            &a,
            &appraisal(
                &[("1.1.1", scores[0]), ("1.1.2", scores[1])],
                scores[2],
                bonus,
                penalty,
            ),
        )
        .await?
        .into_inner();
    Ok(assessments.finalize(&a).await?.into_inner())
}

#[tokio::test]
async fn results_rank_with_shared_places_and_analysis_turns_losses_into_tasks() -> TestResult {
    let app = TestApp::spawn().await;
    let w = World::builder().communes(4).build(&app).await?;
    let f = published_framework(&app, &w).await?;
    let [c1, c2, c3, c4] = [
        &w.communes[0],
        &w.communes[1],
        &w.communes[2],
        &w.communes[3],
    ];
    // The portal metric follows the rule: 96 % -> 4, 92 % -> 3, no figures -> 0, 95 % -> 4.
    push_on_time(&app, c1, 96).await?;
    push_on_time(&app, c2, 92).await?;
    push_on_time(&app, c4, 95).await?;
    // Hand-computed (10 points):
    // c1: 2 + 1.5 + 1.5 + 4 + 0.5 bonus            = 9.5  -> 95 %, A, rank 1
    // c2: 2 + 2 + 1.5 + 3                          = 8.5  -> 85 %, B, rank 2
    // c4: 1 + 1.5 + 1.75 + 4 + 0.5 - 0.25          = 8.5  -> 85 %, B, rank 2 (shared)
    // c3: 2 + 2 + 2 + 0 + 1 - 0.25                 = 6.75 -> 67.5 %, C, rank 4
    let a1 = scored(&app, &f, c1, [2.0, 1.5, 1.5], 0.5, 0.0).await?;
    let a2 = scored(&app, &f, c2, [2.0, 2.0, 1.5], 0.0, 0.0).await?;
    let sheet = app.client.assessments().get(a2.id).await?.into_inner();
    let portal = sheet.items[3].portal.clone().expect("portal score");
    assert_eq!((portal.percent, portal.points), (Some(92.0), 3.0));
    assert_eq!(portal.figures.resolved_on_time, 92);

    // Publication waits for every unit of the parent with an assessment.
    let a3 = app
        .client
        .assessments()
        .create(&AssessmentIn {
            framework_id: f.id,
            unit_id: c3.id,
        })
        .await?
        .into_inner();
    let publish = PublishResults {
        parent_unit_id: w.district.id,
        decision: PublicationIn {
            number: "863/QĐ-UBND".into(),
            date: NaiveDate::from_ymd_opt(2024, 4, 9).expect("date"),
            issuer: "UBND huyện Tây Hòa".into(),
        },
    };
    let err = app
        .client
        .frameworks()
        .publish_results(f.id, &publish)
        .await
        .expect_err("c3 is not finalized");
    let p = err.problem().expect("problem");
    assert_eq!(p.code, "invalid_transition");
    assert_eq!(
        p.referenced_by,
        Some(vec![format!("index_assessment:{}", a3.id)])
    );
    let assessments = app.client.assessments();
    let a3 = assessments
        .self_assess(&a3, &self_scores(&[("1.1.1", 2.0), ("1.1.2", 2.0)]))
        .await?
        .into_inner();
    let a3 = assessments.submit(&a3).await?.into_inner();
    let a3 = assessments
        .appraise(
            &a3,
            &appraisal(&[("1.1.1", 2.0), ("1.1.2", 2.0)], 2.0, 1.0, 0.25),
        )
        .await?
        .into_inner();
    assessments.finalize(&a3).await?;
    let a4 = scored(&app, &f, c4, [1.0, 1.5, 1.75], 0.5, 0.25).await?;
    assert_eq!((a1.index_percent, a4.index_percent), (95.0, 85.0));

    let publication = app
        .client
        .frameworks()
        .publish_results(f.id, &publish)
        .await?;
    assert_eq!(publication.assessment_count, 4);
    // What each published sheet scores is frozen with the decision.
    use sea_orm::EntityTrait;
    let mut frozen: Vec<i64> = cchc_server::entity::index_results::Entity::find()
        .all(&app.db)
        .await?
        .iter()
        .map(|r| r.index_c)
        .collect();
    frozen.sort_unstable();
    assert_eq!(frozen, [6750, 8500, 8500, 9500]);
    let again = app
        .client
        .frameworks()
        .publish_results(f.id, &publish)
        .await
        .expect_err("published once");
    assert_eq!(again.status(), Some(409));

    let ranking = app
        .client
        .results()
        .ranking(&RankingQuery {
            parent_id: w.district.id,
            year: 2023,
        })
        .await?;
    let table: Vec<(String, f64, f64, Option<String>, i32)> = ranking
        .results
        .iter()
        .map(|r| {
            (
                r.unit_name.clone(),
                r.points,
                r.index_percent,
                r.band.clone(),
                r.rank,
            )
        })
        .collect();
    assert_eq!(
        table,
        vec![
            ("Xã Hòa Tân Tây".into(), 9.5, 95.0, Some("A".into()), 1),
            ("Xã Hòa Đồng".into(), 8.5, 85.0, Some("B".into()), 2),
            ("Xã Hòa Phong".into(), 8.5, 85.0, Some("B".into()), 2),
            ("Xã Hòa Bình 1".into(), 6.75, 67.5, Some("C".into()), 4),
        ]
    );
    // (95 + 85 + 85 + 67.5) / 4
    assert_eq!(ranking.average_index_percent, Some(83.13));
    let r1 = app.client.results().get(c1.id, 2023).await?.into_inner();
    assert_eq!(r1.ranked_units, 4);
    assert_eq!(r1.publication.map(|p| p.number), Some("863/QĐ-UBND".into()));
    let area1 = &r1.areas[0];
    assert_eq!(
        (area1.points, area1.max_points, area1.percent),
        (5.0, 6.0, 83.33)
    );
    assert_eq!(r1.previous_index_percent, None);
    let err = app
        .client
        .results()
        .get(c1.id, 2022)
        .await
        .expect_err("none");
    assert!(err.is_not_found());
    // Published assessments are frozen.
    let published = assessments.get(a1.id).await?.into_inner();
    assert_eq!(published.status, AssessmentStatus::Published);
    let err = assessments
        .appraise(&published, &appraisal(&[("1.1.1", 1.0)], 1.0, 0.0, 0.0))
        .await
        .expect_err("frozen");
    assert_eq!(err.status(), Some(409));

    // Hòa Phong (c4) lost 1 on 1.1.1 (VP-TK), 0.5 on 1.1.2 (TP-HT), 0.25 on 1.1.3 (VP-TK).
    let analysis = assessments.analysis(a4.id).await?;
    let lost: Vec<(&str, f64, f64)> = analysis
        .items
        .iter()
        .map(|i| (i.code.as_str(), i.lost_points, i.percent))
        .collect();
    assert_eq!(
        lost,
        vec![
            ("1.1.1", 1.0, 50.0),
            ("1.1.2", 0.5, 75.0),
            ("1.1.3", 0.25, 87.5)
        ]
    );
    assert_eq!(analysis.lost_points, 1.75);
    // Siblings on 1.1.2: c1 75 %, c2 100 %, c3 100 % -> 91.67 %.
    assert_eq!(analysis.items[1].siblings_average_percent, Some(91.67));
    let groups: Vec<(Option<String>, f64, Vec<String>)> = analysis
        .departments
        .iter()
        .map(|g| (g.department_name.clone(), g.lost_points, g.codes.clone()))
        .collect();
    assert_eq!(
        groups,
        vec![
            (
                Some("Văn phòng - Thống kê".into()),
                1.25,
                vec!["1.1.1".into(), "1.1.3".into()]
            ),
            (Some("Tư pháp - Hộ tịch".into()), 0.5, vec!["1.1.2".into()]),
        ]
    );
    // The unit hands 1.1.3 to its justice officer instead.
    let tu_phap = analysis.departments[1].department_id.expect("department");
    let a4 = assessments.get(a4.id).await?.into_inner();
    assessments
        .set_responsibilities(
            &a4,
            &ResponsibilitiesIn {
                items: vec![ResponsibilityIn {
                    code: "1.1.3".into(),
                    department_id: Some(tu_phap),
                }],
            },
        )
        .await?;
    let analysis = assessments.analysis(a4.id).await?;
    assert_eq!(analysis.departments[0].codes, vec!["1.1.1".to_owned()]);
    assert_eq!(analysis.departments[1].lost_points, 0.75);

    let plan = app
        .client
        .plans()
        .create(&PlanIn {
            unit_id: c4.id,
            content: cchc_server::demo_plan::seed_plan_content(Default::default()),
        })
        .await?
        .into_inner();
    let remedy = RemediationIn {
        plan_id: plan.id,
        codes: vec!["1.1.1".into(), "1.1.2".into()],
        due_date: NaiveDate::from_ymd_opt(2024, 10, 31),
    };
    let tasks = assessments.remediate(a4.id, &remedy).await?;
    assert_eq!(tasks.len(), 2);
    assert_eq!(tasks[0].criterion_id, Some(analysis.items[0].criterion_id));
    assert_eq!(
        tasks[0].lead_department_id,
        analysis.departments[0].department_id
    );
    assert_eq!(tasks[1].lead_department_id, Some(tu_phap));
    assert_eq!(tasks[0].plan_id, Some(plan.id));
    assert!(tasks[0].title.contains("1.1.1"));
    let again = assessments.remediate(a4.id, &remedy).await?;
    assert_eq!(
        again.iter().map(|t| t.id).collect::<Vec<_>>(),
        tasks.iter().map(|t| t.id).collect::<Vec<_>>()
    );
    let analysis = assessments.analysis(a4.id).await?;
    assert_eq!(analysis.items[0].task_ids, vec![tasks[0].id]);
    let not_lost = RemediationIn {
        codes: vec!["2.1.1".into()],
        ..remedy
    };
    let err = assessments
        .remediate(a4.id, &not_lost)
        .await
        .expect_err("not lost");
    assert_eq!(
        err.problem().map(|p| p.errors[0].code.as_str()),
        Some("not_lost")
    );
    // The ranking reads the frozen rows (not the sheets again): a row changed behind the
    // service's back shows.
    let mut row: cchc_server::entity::index_results::ActiveModel =
        cchc_server::entity::index_results::Entity::find_by_id(a3.id)
            .one(&app.db)
            .await?
            .ok_or("frozen")?
            .into();
    row.index_c = sea_orm::ActiveValue::Set(9999);
    sea_orm::ActiveModelTrait::update(row, &app.db).await?;
    // Rankings are kept while the results epoch stands still (rankings_kept::): a change
    // behind the service's back does not move it, so it is moved here by hand, and the
    // server hears of it (at once on SQLite, by notification on PostgreSQL).
    use cchc_server::auth::epoch::Counter;
    cchc_server::auth::cache::bump(&app.db, Counter::Results).await?;
    let query = RankingQuery {
        parent_id: w.district.id,
        year: 2023,
    };
    let mut ranking = app.client.results().ranking(&query).await?;
    for _ in 0..50 {
        if ranking.results[0].index_percent == 99.99 {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
        ranking = app.client.results().ranking(&query).await?;
    }
    assert_eq!(
        (
            ranking.results[0].assessment_id,
            ranking.results[0].index_percent
        ),
        (a3.id, 99.99)
    );
    Ok(())
}

#[tokio::test]
async fn a_portal_system_reads_the_ranking_but_cannot_score() -> TestResult {
    let app = TestApp::spawn().await;
    let w = World::builder().communes(4).build(&app).await?;
    let f = published_framework(&app, &w).await?;
    let created = app
        .client
        .api_clients()
        .create(&ApiClientIn {
            name: "Báo cáo tự động".into(),
            unit_id: w.province.id,
            scopes: vec![ClientScope::ReportsRead],
        })
        .await?
        .into_inner();
    let reports = cchc_sdk::Client::builder(&app.base_url)
        .client_credentials(&created.client.client_id, &created.client_secret)
        .build()?;
    let ranking = reports
        .results()
        .ranking(&RankingQuery {
            parent_id: w.district.id,
            year: 2023,
        })
        .await?;
    assert!(ranking.results.is_empty());
    let err = reports
        .assessments()
        .create(&AssessmentIn {
            framework_id: f.id,
            unit_id: w.communes[0].id,
        })
        .await
        .expect_err("no role");
    assert_eq!(err.status(), Some(403));
    let err = reports
        .frameworks()
        .create(&small_framework(w.province.id))
        .await
        .expect_err("no role");
    assert_eq!(err.status(), Some(403));
    Ok(())
}

#[tokio::test]
async fn results_show_the_change_since_last_year() -> TestResult {
    let app = TestApp::spawn().await;
    let w = World::builder().communes(4).build(&app).await?;
    let unit = &w.communes[0];
    let publish = |number: &str| PublishResults {
        parent_unit_id: w.district.id,
        decision: PublicationIn {
            number: number.into(),
            date: NaiveDate::from_ymd_opt(2024, 4, 9).expect("date"),
            issuer: "UBND huyện Tây Hòa".into(),
        },
    };
    let frameworks = app.client.frameworks();
    // 2023: 2 + 2 + 2 (no portal figures: 0) = 6 of 10.
    let f2023 = published_framework(&app, &w).await?;
    scored(&app, &f2023, unit, [2.0, 2.0, 2.0], 0.0, 0.0).await?;
    frameworks
        .publish_results(f2023.id, &publish("863/QĐ-UBND"))
        .await?;
    // 2024, on the copied framework: the same plus a bonus point = 7 of 10.
    let copy = CopyFramework {
        year: 2024,
        name: None,
    };
    let draft = frameworks.copy(f2023.id, &copy).await?.into_inner();
    let f2024 = frameworks.publish(&draft).await?.into_inner();
    scored(&app, &f2024, unit, [2.0, 2.0, 2.0], 1.0, 0.0).await?;
    frameworks
        .publish_results(f2024.id, &publish("412/QĐ-UBND"))
        .await?;
    let r = app.client.results().get(unit.id, 2024).await?.into_inner();
    assert_eq!(r.index_percent, 70.0);
    assert_eq!(
        (r.previous_index_percent, r.change),
        (Some(60.0), Some(10.0))
    );
    let first = app.client.results().get(unit.id, 2023).await?.into_inner();
    assert_eq!((first.previous_index_percent, first.change), (None, None));
    Ok(())
}
