//! The comparisons of an analysis — the siblings' average and last year's percent of each
//! lost item — on hand-computed cases, and against the points each sibling's own sheet
//! shows (issue 18 computes them from the score rows without loading those sheets).

use std::collections::HashMap;

use cchc_sdk::types::index::{
    AppraisalIn, AppraisedScoreIn, AssessmentIn, AssessmentOut, CopyFramework, FrameworkOut,
    SelfAssessmentIn, SelfScoreIn,
};
use cchc_sdk::types::units::UnitOut;

use crate::common::world::World;
use crate::common::{TestApp, TestResult};
use crate::index::{push_on_time, small_framework};

/// Drives one commune from opening to finalized: 1.1.1 and 1.1.2 appraised at `scores[0]`
/// and `scores[1]`, the survey 1.1.3 at `scores[2]`.
async fn finalized(
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
    let own = |code: &str| SelfScoreIn {
        code: code.into(),
        score: Some(2.0),
        deduction: None,
        note: None,
        evidence_attachment_ids: None,
    };
    let a = assessments
        .self_assess(
            &a,
            &SelfAssessmentIn {
                items: vec![own("1.1.1"), own("1.1.2")],
            },
        )
        .await?
        .into_inner();
    let a = assessments.submit(&a).await?.into_inner();
    let item = |code: &str, score: Option<f64>, survey: Option<f64>| AppraisedScoreIn {
        code: code.into(),
        score,
        deduction: None,
        survey_points: survey,
        comment: None,
    };
    let appraisal = AppraisalIn {
        items: vec![
            item("1.1.1", Some(scores[0]), None),
            item("1.1.2", Some(scores[1]), None),
            item("1.1.3", None, Some(scores[2])),
        ],
        bonus: Some(0.0),
        penalty: Some(0.0),
        adjustments: vec![],
        adjustment_note: None,
    };
    let a = assessments.appraise(&a, &appraisal).await?.into_inner();
    Ok(assessments.finalize(&a).await?.into_inner())
}

/// `part / whole` in hundredths of a percent, rounded half up (the server's rule).
fn percent_centi(part: i64, whole: i64) -> i64 {
    (part.max(0) * 20_000 + whole) / (2 * whole)
}

fn centi(x: f64) -> i64 {
    (x * 100.0).round() as i64
}

/// Per code, the rounded average of each sheet's percent, read from the sheets themselves.
async fn average_of_sheets(
    app: &TestApp,
    ids: &[uuid::Uuid],
) -> Result<HashMap<String, f64>, cchc_sdk::Error> {
    let mut sums: HashMap<String, (i64, i64)> = HashMap::new();
    for id in ids {
        let sheet = app.client.assessments().get(*id).await?.into_inner();
        for item in sheet.items {
            let points = centi(item.points.unwrap_or(0.0));
            let e = sums.entry(item.code).or_default();
            e.0 += percent_centi(points, centi(item.max_points));
            e.1 += 1;
        }
    }
    Ok(sums
        .into_iter()
        .map(|(code, (sum, n))| (code, ((sum * 2 + n) / (2 * n)) as f64 / 100.0))
        .collect())
}

#[tokio::test]
async fn an_analysis_compares_with_the_scored_siblings_and_last_year() -> TestResult {
    let app = TestApp::spawn().await;
    let w = World::builder().communes(4).build(&app).await?;
    let frameworks = app.client.frameworks();
    let draft = frameworks
        .create(&small_framework(w.province.id))
        .await?
        .into_inner();
    let f2023 = frameworks.publish(&draft).await?.into_inner();
    let [c1, c2, c3, c4] = [
        &w.communes[0],
        &w.communes[1],
        &w.communes[2],
        &w.communes[3],
    ];
    // The portal's on-time rate: 96 % -> 4 of 4, 92 % -> 3, 85 % -> 1, none -> 0.
    push_on_time(&app, c1, 96).await?;
    push_on_time(&app, c2, 92).await?;
    push_on_time(&app, c3, 85).await?;
    let a1 = finalized(&app, &f2023, c1, [2.0, 1.5, 1.5]).await?;
    let a2 = finalized(&app, &f2023, c2, [1.0, 2.0, 0.5]).await?;
    let a3 = finalized(&app, &f2023, c3, [0.25, 1.75, 2.0]).await?;
    let a4 = finalized(&app, &f2023, c4, [0.5, 1.0, 1.0]).await?;

    let analysis = app.client.assessments().analysis(a4.id).await?;
    let got: Vec<(&str, f64, Option<f64>, Option<f64>)> = analysis
        .items
        .iter()
        .map(|i| {
            (
                i.code.as_str(),
                i.lost_points,
                i.siblings_average_percent,
                i.previous_percent,
            )
        })
        .collect();
    // Hand-computed over c1, c2 and c3 (percent of each sheet, averaged, half up):
    // 2.1.1: 100, 75, 25          -> 200 / 3   = 66.67
    // 1.1.1: 100, 50, 12.5        -> 162.5 / 3 = 54.17
    // 1.1.2: 75, 100, 87.5        -> 262.5 / 3 = 87.5
    // 1.1.3: 75, 25, 100          -> 200 / 3   = 66.67
    // No 2022 assessment: no previous percent.
    assert_eq!(
        got,
        vec![
            ("2.1.1", 4.0, Some(66.67), None),
            ("1.1.1", 1.5, Some(54.17), None),
            ("1.1.2", 1.0, Some(87.5), None),
            ("1.1.3", 1.0, Some(66.67), None),
        ]
    );
    // The same numbers as the siblings' own sheets give.
    let sheets = average_of_sheets(&app, &[a1.id, a2.id, a3.id]).await?;
    for item in &analysis.items {
        assert_eq!(
            item.siblings_average_percent,
            sheets.get(&item.code).copied()
        );
    }

    // 2024, on a copy of the framework: c4 alone is scored (c1's assessment is only opened
    // and does not count), so no sibling average, and each lost item shows c4's own 2023
    // percent.
    let copy = CopyFramework {
        year: 2024,
        name: None,
    };
    let draft = frameworks.copy(f2023.id, &copy).await?.into_inner();
    let f2024 = frameworks.publish(&draft).await?.into_inner();
    app.client
        .assessments()
        .create(&AssessmentIn {
            framework_id: f2024.id,
            unit_id: c1.id,
        })
        .await?;
    let b4 = finalized(&app, &f2024, c4, [1.0, 2.0, 1.5]).await?;
    let analysis = app.client.assessments().analysis(b4.id).await?;
    let got: Vec<(&str, Option<f64>, Option<f64>)> = analysis
        .items
        .iter()
        .map(|i| {
            (
                i.code.as_str(),
                i.siblings_average_percent,
                i.previous_percent,
            )
        })
        .collect();
    assert_eq!(
        got,
        vec![
            ("2.1.1", None, Some(0.0)),
            ("1.1.1", None, Some(25.0)),
            ("1.1.3", None, Some(50.0)),
        ]
    );
    Ok(())
}
