//! The demo index: Phú Yên's commune framework for 2023 (and its 2024 copy), the 2023
//! assessments of Hòa Tân Tây and five sibling communes of Tây Hòa with the portal's 2023
//! figures, their publication by Quyết định 863/QĐ-UBND of 09/4/2024 (the decision the seed
//! cites), and the remediation tasks of Hòa Tân Tây's weakest sub-criteria in the seed plan.
//!
//! The framework is shaped like the provinces' real ones (eight areas, 39 sub-criteria,
//! 100 points, survey and portal-metric items); its wording and the scores are invented.

use cchc_sdk::types::index::{
    AppraisalIn, AppraisedScoreIn, AssessmentIn, Band, CopyFramework, CriterionIn,
    ExplanationRequest, FrameworkIn, FrameworkLevel, Method, PortalRule, PublicationIn,
    PublishResults, RemediationIn, SelfAssessmentIn, SelfScoreIn, Threshold,
};
use cchc_sdk::types::portal::{PortalFigures, PortalMetric, StatisticsBatch, StatisticsIn};
use chrono::NaiveDate;
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter};
use uuid::Uuid;

use crate::auth::Ctx;
use crate::domain::index::{assessments, frameworks, results};
use crate::domain::portal;
use crate::error::ApiError;
use crate::http::etag::IfMatch;

use Method::{PortalMetric as Pm, SelfAssessed as Sa, Survey as Sv};

/// A scored item: code, name, max, method, responsible department kind, portal rule.
type Item = (
    &'static str,
    &'static str,
    f64,
    Method,
    &'static str,
    Option<(PortalMetric, &'static [(f64, f64)])>,
);

/// (area code, area name, [(criterion code, criterion name, [items])])
type Area = (
    &'static str,
    &'static str,
    &'static [(&'static str, &'static str, &'static [Item])],
);

const AREAS: &[Area] = &[
    (
        "1",
        "Công tác chỉ đạo, điều hành cải cách hành chính",
        &[
            (
                "1.1",
                "Kế hoạch cải cách hành chính năm",
                &[
                    (
                        "1.1.1",
                        "Ban hành kế hoạch CCHC năm kịp thời, đúng quy định",
                        1.0,
                        Sa,
                        "VP-TK",
                        None,
                    ),
                    (
                        "1.1.2",
                        "Mức độ hoàn thành kế hoạch CCHC năm",
                        2.0,
                        Sa,
                        "VP-TK",
                        None,
                    ),
                ],
            ),
            (
                "1.2",
                "Báo cáo cải cách hành chính",
                &[(
                    "1.2.1",
                    "Thực hiện đầy đủ số lượng, đúng thời hạn các báo cáo CCHC",
                    2.0,
                    Sa,
                    "VP-TK",
                    None,
                )],
            ),
            (
                "1.3",
                "Kiểm tra công tác cải cách hành chính",
                &[
                    (
                        "1.3.1",
                        "Ban hành và thực hiện kế hoạch tự kiểm tra CCHC",
                        1.0,
                        Sa,
                        "VP-TK",
                        None,
                    ),
                    (
                        "1.3.2",
                        "Xử lý các vấn đề phát hiện qua kiểm tra",
                        1.0,
                        Sa,
                        "VP-TK",
                        None,
                    ),
                ],
            ),
            (
                "1.4",
                "Công tác tuyên truyền cải cách hành chính",
                &[
                    (
                        "1.4.1",
                        "Ban hành kế hoạch tuyên truyền CCHC",
                        1.0,
                        Sa,
                        "VH-XH",
                        None,
                    ),
                    (
                        "1.4.2",
                        "Mức độ thực hiện kế hoạch tuyên truyền CCHC",
                        2.0,
                        Sa,
                        "VH-XH",
                        None,
                    ),
                ],
            ),
            (
                "1.5",
                "Sáng kiến, đổi mới trong cải cách hành chính",
                &[(
                    "1.5.1",
                    "Có sáng kiến hoặc mô hình mới trong CCHC được công nhận",
                    2.0,
                    Sa,
                    "LĐ",
                    None,
                )],
            ),
        ],
    ),
    (
        "2",
        "Xây dựng và tổ chức thực hiện văn bản quy phạm pháp luật",
        &[
            (
                "2.1",
                "Rà soát, hệ thống hóa văn bản",
                &[(
                    "2.1.1",
                    "Rà soát, hệ thống hóa văn bản QPPL theo quy định",
                    3.0,
                    Sa,
                    "TP-HT",
                    None,
                )],
            ),
            (
                "2.2",
                "Tự kiểm tra, xử lý văn bản",
                &[(
                    "2.2.1",
                    "Tự kiểm tra và xử lý văn bản sau kiểm tra",
                    2.0,
                    Sa,
                    "TP-HT",
                    None,
                )],
            ),
            (
                "2.3",
                "Theo dõi thi hành pháp luật",
                &[
                    (
                        "2.3.1",
                        "Ban hành kế hoạch theo dõi thi hành pháp luật",
                        1.5,
                        Sa,
                        "TP-HT",
                        None,
                    ),
                    (
                        "2.3.2",
                        "Mức độ thực hiện kế hoạch theo dõi thi hành pháp luật",
                        1.5,
                        Sa,
                        "TP-HT",
                        None,
                    ),
                ],
            ),
        ],
    ),
    (
        "3",
        "Cải cách thủ tục hành chính",
        &[
            (
                "3.1",
                "Công khai thủ tục hành chính",
                &[(
                    "3.1.1",
                    "Công khai đầy đủ, đúng quy định các TTHC tại Bộ phận Một cửa và trên Cổng",
                    3.0,
                    Sa,
                    "VP-TK",
                    None,
                )],
            ),
            (
                "3.2",
                "Kết quả giải quyết thủ tục hành chính",
                &[
                    (
                        "3.2.1",
                        "Tỷ lệ hồ sơ giải quyết trước và đúng hạn",
                        5.0,
                        Pm,
                        "VP-TK",
                        Some((
                            PortalMetric::OnTimeRate,
                            &[(98.0, 5.0), (95.0, 4.0), (90.0, 3.0), (80.0, 1.0)],
                        )),
                    ),
                    (
                        "3.2.2",
                        "Tỷ lệ hồ sơ trả kết quả điện tử",
                        2.0,
                        Pm,
                        "VP-TK",
                        Some((
                            PortalMetric::ElectronicResultRate,
                            &[(80.0, 2.0), (50.0, 1.0)],
                        )),
                    ),
                    (
                        "3.2.3",
                        "Thực hiện xin lỗi người dân khi giải quyết hồ sơ trễ hạn",
                        2.0,
                        Sa,
                        "VP-TK",
                        None,
                    ),
                ],
            ),
            (
                "3.3",
                "Số hóa hồ sơ, kết quả giải quyết thủ tục hành chính",
                &[(
                    "3.3.1",
                    "Tỷ lệ hồ sơ được số hóa",
                    4.0,
                    Pm,
                    "VP-TK",
                    Some((
                        PortalMetric::DigitisationRate,
                        &[(90.0, 4.0), (70.0, 3.0), (50.0, 2.0), (30.0, 1.0)],
                    )),
                )],
            ),
            (
                "3.4",
                "Tiếp nhận, xử lý phản ánh, kiến nghị",
                &[
                    (
                        "3.4.1",
                        "Tỷ lệ phản ánh, kiến nghị được xử lý đúng hạn",
                        2.0,
                        Pm,
                        "VP-TK",
                        Some((
                            PortalMetric::FeedbackOnTimeRate,
                            &[(100.0, 2.0), (90.0, 1.0)],
                        )),
                    ),
                    (
                        "3.4.2",
                        "Công khai kết quả xử lý phản ánh, kiến nghị",
                        2.0,
                        Sa,
                        "VP-TK",
                        None,
                    ),
                ],
            ),
        ],
    ),
    (
        "4",
        "Cải cách tổ chức bộ máy hành chính",
        &[
            (
                "4.1",
                "Tuân thủ quy định về tổ chức bộ máy",
                &[(
                    "4.1.1",
                    "Thực hiện đúng quy định về tổ chức, biên chế",
                    4.0,
                    Sa,
                    "LĐ",
                    None,
                )],
            ),
            (
                "4.2",
                "Thực hiện quy chế làm việc",
                &[
                    (
                        "4.2.1",
                        "Ban hành quy chế làm việc của UBND xã",
                        2.0,
                        Sa,
                        "VP-TK",
                        None,
                    ),
                    (
                        "4.2.2",
                        "Thực hiện phân công, phân nhiệm theo quy chế",
                        2.0,
                        Sa,
                        "LĐ",
                        None,
                    ),
                ],
            ),
        ],
    ),
    (
        "5",
        "Xây dựng và nâng cao chất lượng đội ngũ cán bộ, công chức",
        &[
            (
                "5.1",
                "Bố trí cán bộ, công chức",
                &[(
                    "5.1.1",
                    "Bố trí công chức đúng vị trí việc làm, tiêu chuẩn chức danh",
                    3.0,
                    Sa,
                    "VP-TK",
                    None,
                )],
            ),
            (
                "5.2",
                "Đánh giá, xếp loại",
                &[(
                    "5.2.1",
                    "Đánh giá, xếp loại chất lượng cán bộ, công chức đúng quy định",
                    3.0,
                    Sa,
                    "LĐ",
                    None,
                )],
            ),
            (
                "5.3",
                "Đào tạo, bồi dưỡng",
                &[(
                    "5.3.1",
                    "Mức độ hoàn thành kế hoạch đào tạo, bồi dưỡng",
                    3.0,
                    Sa,
                    "VP-TK",
                    None,
                )],
            ),
            (
                "5.4",
                "Kỷ luật, kỷ cương hành chính",
                &[(
                    "5.4.1",
                    "Không có cán bộ, công chức vi phạm kỷ luật",
                    3.0,
                    Sa,
                    "LĐ",
                    None,
                )],
            ),
        ],
    ),
    (
        "6",
        "Cải cách tài chính công",
        &[
            (
                "6.1",
                "Thực hiện cơ chế tự chủ",
                &[
                    (
                        "6.1.1",
                        "Ban hành quy chế chi tiêu nội bộ",
                        2.0,
                        Sa,
                        "TC-KT",
                        None,
                    ),
                    (
                        "6.1.2",
                        "Thực hiện quy chế quản lý, sử dụng tài sản công",
                        2.0,
                        Sa,
                        "TC-KT",
                        None,
                    ),
                ],
            ),
            (
                "6.2",
                "Công khai ngân sách",
                &[(
                    "6.2.1",
                    "Công khai dự toán, quyết toán ngân sách xã đúng quy định",
                    4.0,
                    Sa,
                    "TC-KT",
                    None,
                )],
            ),
        ],
    ),
    (
        "7",
        "Xây dựng chính quyền điện tử, chính quyền số",
        &[
            (
                "7.1",
                "Ứng dụng công nghệ thông tin trong nội bộ",
                &[
                    (
                        "7.1.1",
                        "Tỷ lệ văn bản điện tử có chữ ký số",
                        3.0,
                        Sa,
                        "VP-TK",
                        None,
                    ),
                    (
                        "7.1.2",
                        "Sử dụng hệ thống quản lý văn bản và điều hành",
                        3.0,
                        Sa,
                        "VP-TK",
                        None,
                    ),
                ],
            ),
            (
                "7.2",
                "Dịch vụ công trực tuyến",
                &[
                    (
                        "7.2.1",
                        "Tỷ lệ hồ sơ nộp trực tuyến",
                        4.0,
                        Pm,
                        "VP-TK",
                        Some((
                            PortalMetric::OnlineRate,
                            &[(80.0, 4.0), (60.0, 3.0), (40.0, 2.0), (20.0, 1.0)],
                        )),
                    ),
                    (
                        "7.2.2",
                        "Tỷ lệ hồ sơ thanh toán trực tuyến",
                        3.0,
                        Pm,
                        "TC-KT",
                        Some((
                            PortalMetric::OnlinePaymentRate,
                            &[(50.0, 3.0), (30.0, 2.0), (10.0, 1.0)],
                        )),
                    ),
                    (
                        "7.2.3",
                        "Tỷ lệ hồ sơ đồng bộ lên Cổng Dịch vụ công quốc gia",
                        3.0,
                        Pm,
                        "VP-TK",
                        Some((
                            PortalMetric::SyncRate,
                            &[(100.0, 3.0), (90.0, 2.0), (70.0, 1.0)],
                        )),
                    ),
                ],
            ),
        ],
    ),
    (
        "8",
        "Tác động của cải cách hành chính (điều tra xã hội học)",
        &[
            (
                "8.1",
                "Sự hài lòng của người dân, tổ chức",
                &[
                    (
                        "8.1.1",
                        "Hài lòng về tiếp cận dịch vụ",
                        3.0,
                        Sv,
                        "VP-TK",
                        None,
                    ),
                    (
                        "8.1.2",
                        "Hài lòng về thủ tục hành chính",
                        3.0,
                        Sv,
                        "VP-TK",
                        None,
                    ),
                    (
                        "8.1.3",
                        "Hài lòng về công chức trực tiếp giải quyết",
                        4.0,
                        Sv,
                        "VP-TK",
                        None,
                    ),
                ],
            ),
            (
                "8.2",
                "Đánh giá của đại biểu HĐND và người đứng đầu các đoàn thể",
                &[
                    (
                        "8.2.1",
                        "Đánh giá về chỉ đạo, điều hành CCHC",
                        3.0,
                        Sv,
                        "LĐ",
                        None,
                    ),
                    ("8.2.2", "Đánh giá về kết quả CCHC", 3.0, Sv, "LĐ", None),
                ],
            ),
        ],
    ),
];

fn node(code: &str, name: &str, max: f64, children: Vec<CriterionIn>) -> CriterionIn {
    CriterionIn {
        code: code.into(),
        name: name.into(),
        max_points: max,
        method: None,
        portal_rule: None,
        responsible: None,
        children,
    }
}

/// The 2023 commune framework of the demo province.
pub fn commune_framework(issuer_unit_id: Uuid) -> FrameworkIn {
    let areas = AREAS
        .iter()
        .map(|(code, name, criteria)| {
            let criteria: Vec<CriterionIn> = criteria
                .iter()
                .map(|(code, name, items)| {
                    let leaves: Vec<CriterionIn> = items
                        .iter()
                        .map(|(code, name, max, method, resp, rule)| CriterionIn {
                            method: Some(*method),
                            responsible: Some((*resp).into()),
                            portal_rule: rule.map(|(metric, steps)| PortalRule {
                                metric,
                                thresholds: steps
                                    .iter()
                                    .map(|(min_percent, points)| Threshold {
                                        min_percent: *min_percent,
                                        points: *points,
                                    })
                                    .collect(),
                            }),
                            ..node(code, name, *max, vec![])
                        })
                        .collect();
                    let max = leaves.iter().map(|l| l.max_points).sum();
                    node(code, name, max, leaves)
                })
                .collect();
            let max = criteria.iter().map(|c| c.max_points).sum();
            node(code, name, max, criteria)
        })
        .collect();
    let band = |label: &str, min_percent: f64| Band {
        label: label.into(),
        min_percent,
    };
    FrameworkIn {
        issuer_unit_id,
        level: FrameworkLevel::Commune,
        year: 2023,
        name: "Bộ chỉ số cải cách hành chính cấp xã năm 2023".into(),
        decision_reference: Some("Quyết định ban hành Bộ chỉ số CCHC cấp xã (minh họa)".into()),
        self_assessment_deadline: NaiveDate::from_ymd_opt(2023, 12, 15),
        bonus_cap: 2.0,
        penalty_cap: 3.0,
        bands: vec![
            band("Xuất sắc", 90.0),
            band("Tốt", 80.0),
            band("Khá", 70.0),
            band("Trung bình", 50.0),
            band("Yếu", 0.0),
        ],
        areas,
    }
}

/// The communes assessed in the demo: (code, level of their work 0–100, portal scale).
const ASSESSED: &[(&str, i64, i64)] = &[
    ("22081", 0, 100),
    ("22072", 92, 110),
    ("22075", 86, 95),
    ("22078", 90, 104),
    ("22084", 84, 90),
    ("22087", 88, 100),
];

/// Hòa Tân Tây's appraised scores where it fell short in 2023 (the rest at max).
const HOA_TAN_TAY_SHORT: &[(&str, f64)] = &[
    ("1.1.2", 1.5),
    ("1.4.2", 1.0),
    ("1.5.1", 0.0),
    ("2.3.2", 1.0),
    ("3.2.3", 1.0),
    ("3.4.2", 1.0),
    ("5.3.1", 2.0),
    ("6.1.2", 1.5),
    ("7.1.1", 2.0),
    ("7.1.2", 2.5),
];

/// Round down to a quarter point.
fn quarter(x: f64) -> f64 {
    (x * 4.0).floor() / 4.0
}

fn appraised(code: &str, max: f64, level: i64, j: usize) -> f64 {
    if level == 0 {
        return HOA_TAN_TAY_SHORT
            .iter()
            .find(|(c, _)| *c == code)
            .map_or(max, |(_, s)| *s);
    }
    let wobble = ((j * 7 + level as usize) % 5) as f64 * 0.03;
    quarter(max * ((level as f64 / 100.0) + wobble).min(1.0))
}

fn figures(scale: i64) -> PortalFigures {
    let s = |n: i64| n * scale / 100;
    // Better-run communes also digitise, take payments and file online more, not just more.
    let q = |n: i64| n * scale * scale / 10_000;
    PortalFigures {
        received: s(1250),
        resolved_early: s(900),
        resolved_on_time: s(250),
        resolved_late: s(60) * 100 / scale,
        in_person: s(1250) - q(300) - q(420),
        partly_online: q(300),
        fully_online: q(420),
        by_post: 0,
        paid_online: q(280),
        electronic_result: s(700),
        digitised: q(610),
        synced: s(1180).min(s(1250)),
        feedback_received: 12,
        feedback_on_time: 11,
        satisfaction_responses: s(400),
        satisfied: s(352),
    }
}

/// Loads the demo index; `units` maps codes to ids, `plan_id` is the seed plan.
pub async fn seed(
    db: &DatabaseConnection,
    units: &[(&str, Uuid)],
    plan_id: Uuid,
) -> Result<(), ApiError> {
    let ctx = Ctx::system();
    let id_of = |code: &str| {
        units
            .iter()
            .find(|(c, _)| *c == code)
            .map(|(_, id)| *id)
            .ok_or_else(|| ApiError::internal(format!("demo unit {code} missing")))
    };
    let framework = frameworks::create(db, &ctx, commune_framework(id_of("54")?), None).await?;
    let framework = frameworks::publish(db, &ctx, framework.id, &IfMatch::Any).await?;
    let rows = ASSESSED
        .iter()
        .map(|(code, _, scale)| StatisticsIn {
            unit_code: (*code).into(),
            period: "2023".into(),
            figures: figures(*scale),
        })
        .collect();
    portal::push_statistics(db, &ctx, StatisticsBatch { rows }).await?;
    let (_, tree) = frameworks::tree_of(&framework)?;
    let mut hoa_tan_tay = None;
    for (code, level, _) in ASSESSED {
        let input = AssessmentIn {
            framework_id: framework.id,
            unit_id: id_of(code)?,
        };
        let a = assessments::create(db, &ctx, input).await?;
        let self_items = tree
            .leaves
            .iter()
            .filter(|l| l.method == Method::SelfAssessed)
            .map(|l| SelfScoreIn {
                code: l.code.clone(),
                score: Some(l.max as f64 / 100.0),
                note: None,
                evidence_attachment_ids: None,
            })
            .collect();
        let body = SelfAssessmentIn { items: self_items };
        let a = assessments::self_assess(db, &ctx, a.id, &IfMatch::Any, body).await?;
        let a = assessments::submit(db, &ctx, a.id, &IfMatch::Any).await?;
        let items = tree
            .leaves
            .iter()
            .enumerate()
            .filter(|(_, l)| l.method != Method::PortalMetric)
            .map(|(j, l)| {
                let max = l.max as f64 / 100.0;
                let points = appraised(&l.code, max, *level, j);
                let survey = l.method == Method::Survey;
                AppraisedScoreIn {
                    code: l.code.clone(),
                    score: (!survey).then_some(points),
                    survey_points: survey
                        .then(|| quarter(max * if *level == 0 { 0.85 } else { 0.9 })),
                    comment: (points < max && !survey)
                        .then(|| "Chưa đủ tài liệu kiểm chứng cho toàn bộ nội dung.".to_owned()),
                }
            })
            .collect();
        let body = AppraisalIn {
            items,
            bonus: Some(if *level >= 90 { 1.0 } else { 0.0 }),
            penalty: Some(0.0),
            adjustment_note: None,
        };
        let a = assessments::appraise(db, &ctx, a.id, &IfMatch::Any, body).await?;
        let a = if *level == 0 {
            // Round 1 asked Hòa Tân Tây to explain its innovation claim; round 2 kept 0.
            let ask = ExplanationRequest {
                codes: vec!["1.5.1".into()],
                note: "Đề nghị bổ sung quyết định công nhận sáng kiến.".into(),
            };
            let a = assessments::request_explanation(db, &ctx, a.id, &IfMatch::Any, ask).await?;
            let explain = SelfAssessmentIn {
                items: vec![SelfScoreIn {
                    code: "1.5.1".into(),
                    score: Some(1.0),
                    note: Some("Mô hình \"Một cửa thân thiện\" đang chờ công nhận.".into()),
                    evidence_attachment_ids: None,
                }],
            };
            let a = assessments::self_assess(db, &ctx, a.id, &IfMatch::Any, explain).await?;
            assessments::submit(db, &ctx, a.id, &IfMatch::Any).await?
        } else {
            a
        };
        let a = assessments::finalize(db, &ctx, a.id, &IfMatch::Any).await?;
        if *code == "22081" {
            hoa_tan_tay = Some(a.id);
        }
    }
    let decision = PublishResults {
        parent_unit_id: id_of("562")?,
        decision: PublicationIn {
            number: "863/QĐ-UBND".into(),
            date: NaiveDate::from_ymd_opt(2024, 4, 9).ok_or_else(|| ApiError::internal("date"))?,
            issuer: "UBND huyện Tây Hòa".into(),
        },
    };
    results::publish(db, &ctx, framework.id, decision).await?;
    let hoa_tan_tay = hoa_tan_tay.ok_or_else(|| ApiError::internal("demo assessment missing"))?;
    let analysis = crate::domain::index::analysis::analyse(db, &ctx, hoa_tan_tay).await?;
    let codes = analysis
        .items
        .iter()
        .take(5)
        .map(|i| i.code.clone())
        .collect();
    let remedy = RemediationIn {
        plan_id,
        codes,
        due_date: NaiveDate::from_ymd_opt(2024, 10, 31),
    };
    crate::domain::index::analysis::remediate(db, &ctx, hoa_tan_tay, remedy).await?;
    let copy = CopyFramework {
        year: 2024,
        name: None,
    };
    let next = frameworks::copy(db, &ctx, framework.id, copy).await?;
    frameworks::publish(db, &ctx, next.id, &IfMatch::Any).await?;
    Ok(())
}

/// The seed plan's id (the first plan of Hòa Tân Tây).
pub async fn seed_plan_id(db: &DatabaseConnection, unit_id: Uuid) -> Result<Uuid, ApiError> {
    crate::entity::plans::Entity::find()
        .filter(crate::entity::plans::Column::UnitId.eq(unit_id))
        .one(db)
        .await?
        .map(|p| p.id)
        .ok_or_else(|| ApiError::internal("demo plan missing"))
}
