//! The index ranking and one assessment's score sheet.

use cchc_sdk::types::auth::Role;
use cchc_sdk::types::index::{
    AppraisalIn, AppraisedScoreIn, AssessmentIn, AssessmentOut, FrameworkOut, PublicationIn,
    PublishResults, SelfAssessmentIn, SelfScoreIn,
};
use cchc_sdk::types::reports::{IndexRankingReportQuery, ReportFormat, ScoreSheetQuery};
use cchc_sdk::types::units::UnitOut;

use super::{V, bytes_of, check_csv, check_xlsx, date};
use crate::common::world::World;
use crate::common::{TestApp, TestResult};
use crate::index::push_on_time;

fn self_item(code: &str, score: f64, note: Option<&str>) -> SelfScoreIn {
    SelfScoreIn {
        code: code.into(),
        score: Some(score),
        deduction: None,
        note: note.map(Into::into),
        evidence_attachment_ids: None,
    }
}

fn appraised(
    code: &str,
    score: Option<f64>,
    survey: Option<f64>,
    comment: Option<&str>,
) -> AppraisedScoreIn {
    AppraisedScoreIn {
        code: code.into(),
        score,
        deduction: None,
        survey_points: survey,
        comment: comment.map(Into::into),
    }
}

/// One commune through self-assessment, appraisal and finalization: self 2 and 2 (with a
/// note on 1.1.1), appraised `a111`, `a112` (with a comment containing a comma), survey
/// points, bonus.
async fn finalized(
    app: &TestApp,
    f: &FrameworkOut,
    unit: &UnitOut,
    [a111, a112, survey]: [f64; 3],
    bonus: f64,
) -> Result<AssessmentOut, cchc_sdk::Error> {
    let assessments = app.client.assessments();
    let a = assessments
        .create(&AssessmentIn {
            framework_id: f.id,
            unit_id: unit.id,
        })
        .await?
        .into_inner();
    let self_in = SelfAssessmentIn {
        items: vec![
            self_item("1.1.1", 2.0, Some("Đã ban hành kế hoạch")),
            self_item("1.1.2", 2.0, None),
        ],
    };
    let a = assessments.self_assess(&a, &self_in).await?.into_inner();
    let a = assessments.submit(&a).await?.into_inner();
    let appraisal = AppraisalIn {
        items: vec![
            appraised("1.1.1", Some(a111), None, None),
            appraised(
                "1.1.2",
                Some(a112),
                None,
                Some("Thiếu tài liệu, đề nghị bổ sung"),
            ),
            appraised("1.1.3", None, Some(survey), None),
        ],
        bonus: Some(bonus),
        penalty: Some(0.0),
        adjustments: vec![],
        adjustment_note: None,
    };
    let a = assessments.appraise(&a, &appraisal).await?.into_inner();
    Ok(assessments.finalize(&a).await?.into_inner())
}

#[tokio::test]
async fn the_ranking_and_a_score_sheet_match_the_hand_computed_tables() -> TestResult {
    let app = TestApp::spawn().await;
    let w = World::builder().communes(2).build(&app).await?;
    let f = app
        .client
        .frameworks()
        .create(&crate::index::small_framework(w.province.id))
        .await?
        .into_inner();
    let f = app.client.frameworks().publish(&f).await?.into_inner();
    let (c1, c2) = (&w.communes[0], &w.communes[1]);
    push_on_time(&app, c1, 96).await?;
    push_on_time(&app, c2, 92).await?;
    // Hand-computed (10 points; area 1 = 1.1.1 + 1.1.2 + 1.1.3, area 2 = the portal item):
    // c1: 2 + 1.5 + 1.5 = 5 | 96 % -> 4 | bonus 0.5 -> 9.5 -> 95 %, A, rank 1
    // c2: 2 + 1.5 + 1.75 = 5.25 | 92 % -> 3 | -> 8.25 -> 82.5 %, B, rank 2
    finalized(&app, &f, c1, [2.0, 1.5, 1.5], 0.5).await?;
    let a2 = finalized(&app, &f, c2, [2.0, 1.5, 1.75], 0.0).await?;
    app.client
        .frameworks()
        .publish_results(
            f.id,
            &PublishResults {
                parent_unit_id: w.district.id,
                decision: PublicationIn {
                    number: "863/QĐ-UBND".into(),
                    date: date(2024, 4, 9),
                    issuer: "UBND huyện Tây Hòa".into(),
                },
            },
        )
        .await?;

    let reports = app.client.reports();
    let query = IndexRankingReportQuery {
        parent_id: w.district.id,
        year: 2023,
        format: None,
    };
    let ranking = reports.index_ranking(&query).await?;
    let rows: Vec<(i32, f64, Option<String>)> = ranking
        .results
        .iter()
        .map(|r| (r.rank, r.index_percent, r.band.clone()))
        .collect();
    assert_eq!(
        rows,
        vec![(1, 95.0, Some("A".into())), (2, 82.5, Some("B".into()))]
    );
    let header = [
        "Xếp hạng",
        "Đơn vị",
        "1. Lĩnh vực 1",
        "2. Lĩnh vực 2",
        "Điểm thưởng",
        "Điểm trừ",
        "Tổng điểm",
        "Điểm tối đa",
        "Chỉ số (%)",
        "Xếp loại",
        "Chỉ số năm trước (%)",
        "Tăng/giảm (điểm %)",
        "Cơ sở so sánh",
    ];
    let table = vec![
        vec![
            V::N(1.0),
            V::O(c1.name.clone()),
            V::N(5.0),
            V::N(4.0),
            V::N(0.5),
            V::N(0.0),
            V::N(9.5),
            V::N(10.0),
            V::N(95.0),
            V::S("A"),
            V::E,
            V::E,
            V::E,
        ],
        vec![
            V::N(2.0),
            V::O(c2.name.clone()),
            V::N(5.25),
            V::N(3.0),
            V::N(0.0),
            V::N(0.0),
            V::N(8.25),
            V::N(10.0),
            V::N(82.5),
            V::S("B"),
            V::E,
            V::E,
            V::E,
        ],
    ];
    let csv = bytes_of(
        reports
            .index_ranking_file(&query, ReportFormat::Csv)
            .await?,
    )
    .await?;
    check_csv(&csv, &header, &table);
    let xlsx = bytes_of(
        reports
            .index_ranking_file(&query, ReportFormat::Xlsx)
            .await?,
    )
    .await?;
    check_xlsx(&xlsx, &header, &table)?;

    // The score sheet of c2, in the framework's order.
    let query = ScoreSheetQuery {
        assessment_id: a2.id,
        format: None,
    };
    let sheet = reports.score_sheet(&query).await?;
    assert_eq!((sheet.points, sheet.index_percent), (8.25, 82.5));
    let header = [
        "STT",
        "Mã tiêu chí",
        "Tiêu chí",
        "Điểm tối đa",
        "Điểm tự đánh giá",
        "Điểm thẩm định",
        "Ghi chú của đơn vị",
        "Ý kiến thẩm định",
    ];
    let line = |no: f64, code: &'static str, max: f64, own: V, score: f64, note: V, comment: V| {
        vec![
            V::N(no),
            V::S(code),
            V::O(format!("Tiêu chí thành phần {code}")),
            V::N(max),
            own,
            V::N(score),
            note,
            comment,
        ]
    };
    let table = vec![
        line(
            1.0,
            "1.1.1",
            2.0,
            V::N(2.0),
            2.0,
            V::S("Đã ban hành kế hoạch"),
            V::E,
        ),
        line(
            2.0,
            "1.1.2",
            2.0,
            V::N(2.0),
            1.5,
            V::E,
            V::S("Thiếu tài liệu, đề nghị bổ sung"),
        ),
        line(3.0, "1.1.3", 2.0, V::E, 1.75, V::E, V::E),
        line(4.0, "2.1.1", 4.0, V::E, 3.0, V::E, V::E),
    ];
    let csv = bytes_of(reports.score_sheet_file(&query, ReportFormat::Csv).await?).await?;
    check_csv(&csv, &header, &table);
    let xlsx = bytes_of(reports.score_sheet_file(&query, ReportFormat::Xlsx).await?).await?;
    check_xlsx(&xlsx, &header, &table)?;

    // Another commune's admin does not see c2's sheet.
    let (_, other) = app.user("admin-c1", Role::UnitAdmin, Some(c1.id)).await?;
    let err = other
        .reports()
        .score_sheet(&query)
        .await
        .err()
        .ok_or("read another unit's score sheet")?;
    assert_eq!(err.status(), Some(404));
    Ok(())
}
