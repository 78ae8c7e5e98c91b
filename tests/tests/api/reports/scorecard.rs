//! The department scorecard of a unit and year: tasks done, on time, late, open and overdue
//! per lead department, and the sub-criteria each answers for with the points they lost.

use cchc_sdk::types::auth::Role;
use cchc_sdk::types::index::{
    AppraisalIn, AppraisedScoreIn, AssessmentIn, ResponsibilitiesIn, ResponsibilityIn,
    SelfAssessmentIn, SelfScoreIn,
};
use cchc_sdk::types::plans::{PlanIn, PlanOut};
use cchc_sdk::types::reports::{DepartmentScorecardQuery, ReportFormat};
use cchc_sdk::types::tasks::TaskIn;
use chrono::NaiveDate;
use uuid::Uuid;

use super::{V, bytes_of, check_csv, check_xlsx, date};
use crate::common::fixtures::{department_in, task_in};
use crate::common::world::{Commune, World};
use crate::common::{TestApp, TestResult};
use crate::index::{push_on_time, small_framework};

/// 00:30 on 1 January 2024 in Vietnam, still 31 December 2023 in UTC: the report's day is
/// 2024-01-01, and a task completed or created now belongs to 2024.
const NOW: &str = "2023-12-31T17:30:00Z";

/// A plan of `commune` for `year` (the seed plan's content), left a draft.
async fn plan_of(app: &TestApp, commune: &Commune, year: i32) -> Result<PlanOut, cchc_sdk::Error> {
    let mut content = cchc_server::demo_plan::seed_plan_content(commune.seed_refs());
    content.year = year;
    let input = PlanIn {
        unit_id: commune.id,
        content,
    };
    Ok(app.client.plans().create(&input).await?.into_inner())
}

/// The commune's 2023 assessment against the small framework (1.1.3 made nobody's):
/// appraised 1.1.1 = 1.5 and 1.1.2 = 1 of 2, 1.1.3 (survey) not scored, the portal item
/// 2.1.1 on 92 % on time = 3 of 4; 1.1.2 handed to the land office.
async fn assess(
    app: &TestApp,
    w: &World,
    land_office: Uuid,
) -> Result<Uuid, Box<dyn std::error::Error>> {
    let mut framework = small_framework(w.province.id);
    framework.areas[0].children[0].children[2].responsible = None;
    let frameworks = app.client.frameworks();
    let f = frameworks.create(&framework).await?.into_inner();
    let f = frameworks.publish(&f).await?.into_inner();
    push_on_time(app, w.a(), 92).await?;
    let assessments = app.client.assessments();
    let input = AssessmentIn {
        framework_id: f.id,
        unit_id: w.a().id,
    };
    let a = assessments.create(&input).await?.into_inner();
    let own = |code: &str| SelfScoreIn {
        code: code.into(),
        score: Some(2.0),
        deduction: None,
        note: None,
        evidence_attachment_ids: None,
    };
    let items = vec![own("1.1.1"), own("1.1.2")];
    let a = assessments
        .self_assess(&a, &SelfAssessmentIn { items })
        .await?
        .into_inner();
    let a = assessments.submit(&a).await?.into_inner();
    let score = |code: &str, score| AppraisedScoreIn {
        code: code.into(),
        score: Some(score),
        deduction: None,
        survey_points: None,
        comment: None,
    };
    let appraisal = AppraisalIn {
        items: vec![score("1.1.1", 1.5), score("1.1.2", 1.0)],
        bonus: Some(0.0),
        penalty: Some(0.0),
        adjustments: vec![],
        adjustment_note: None,
    };
    let a = assessments.appraise(&a, &appraisal).await?.into_inner();
    let handed = ResponsibilitiesIn {
        items: vec![ResponsibilityIn {
            code: "1.1.2".into(),
            department_id: Some(land_office),
        }],
    };
    assessments.set_responsibilities(&a, &handed).await?;
    Ok(a.id)
}

#[tokio::test]
async fn the_scorecard_counts_each_departments_tasks_and_lost_points_of_the_year() -> TestResult {
    let app = TestApp::spawn_with(|c| c.fixed_time = NOW.into()).await;
    let w = World::build(&app).await?;
    let a = w.a();
    let (vp, tc, tp, dc) = (
        a.van_phong(),
        a.tai_chinh(),
        a.department("TP-HT"),
        a.department("ĐC-XD"),
    );
    let dan_van = app
        .client
        .departments()
        .create(&department_in(a, "Ban Dân vận"))
        .await?
        .into_inner();
    let (p2023, p2024, called_off) = (
        plan_of(&app, a, 2023).await?,
        plan_of(&app, a, 2024).await?,
        plan_of(&app, a, 2023).await?,
    );
    let tasks = app.client.tasks();
    let make = |title: &str, lead, plan: Option<&PlanOut>, due: Option<NaiveDate>| TaskIn {
        plan_id: plan.map(|p| p.id),
        due_date: due,
        ..task_in(a, title, lead)
    };
    let client = &app.client;
    let done = move |input: TaskIn| async move {
        let t = client.tasks().create(&input).await?.into_inner();
        client.tasks().complete(&t, "Đã xong").await
    };
    // Văn phòng: done on its due date (1 Jan 2024, Vietnam), done a day late (31 Dec 2023:
    // on time by the UTC date, late by Vietnam's), open and past due, and a task outside
    // any plan due in 2023, done late.
    done(make(
        "Đúng hạn",
        Some(vp),
        Some(&p2023),
        Some(date(2024, 1, 1)),
    ))
    .await?;
    done(make(
        "Trễ một ngày",
        Some(vp),
        Some(&p2023),
        Some(date(2023, 12, 31)),
    ))
    .await?;
    tasks
        .create(&make(
            "Quá hạn",
            Some(vp),
            Some(&p2023),
            Some(date(2023, 6, 30)),
        ))
        .await?;
    done(make(
        "Ngoài kế hoạch",
        Some(vp),
        None,
        Some(date(2023, 12, 31)),
    ))
    .await?;
    // Tài chính: started and not due yet, cancelled (not counted), outside any plan and past
    // due, and one with no due date created now — in 2024 by Vietnam's date (not counted).
    let started = tasks
        .create(&make(
            "Dự toán",
            Some(tc),
            Some(&p2023),
            Some(date(2024, 3, 31)),
        ))
        .await?
        .into_inner();
    tasks.start(&started).await?;
    let cancelled = tasks
        .create(&make("Hủy", Some(tc), Some(&p2023), Some(date(2023, 5, 1))))
        .await?
        .into_inner();
    tasks.cancel(&cancelled).await?;
    tasks
        .create(&make("Kiểm kê", Some(tc), None, Some(date(2023, 11, 15))))
        .await?;
    tasks
        .create(&make("Tạo năm 2024", Some(tc), None, None))
        .await?;
    // Địa chính: only a task of 2024 (its line comes from the item handed to it).
    tasks
        .create(&make("Năm sau", Some(dc), None, Some(date(2024, 1, 15))))
        .await?;
    // Tư pháp: a task of the 2024 plan and one of a cancelled 2023 plan (neither counted),
    // and one outside any plan due on 1 Jan 2023, done late.
    tasks
        .create(&make(
            "Kế hoạch 2024",
            Some(tp),
            Some(&p2024),
            Some(date(2023, 10, 1)),
        ))
        .await?;
    tasks
        .create(&make(
            "Kế hoạch hủy",
            Some(tp),
            Some(&called_off),
            Some(date(2023, 8, 1)),
        ))
        .await?;
    app.client.plans().cancel(&called_off, None).await?;
    done(make("Đầu năm", Some(tp), None, Some(date(2023, 1, 1)))).await?;
    // Ban Dân vận: done on time, then the department archived.
    let dv = dan_van.id;
    done(make(
        "Dân vận",
        Some(dv),
        Some(&p2023),
        Some(date(2024, 6, 30)),
    ))
    .await?;
    app.client.departments().archive(dv).await?;
    // No lead department: open, no due date.
    tasks
        .create(&make("Tuyên truyền", None, Some(&p2023), None))
        .await?;
    let assessment = assess(&app, &w, dc).await?;

    let reports = app.client.reports();
    let query = DepartmentScorecardQuery {
        unit_id: a.id,
        year: 2023,
        format: None,
    };
    let r = reports.department_scorecard(&query).await?;
    assert_eq!((r.unit_id, r.year), (a.id, 2023));
    assert_eq!(r.as_of, date(2024, 1, 1));
    assert_eq!(r.assessment_id, Some(assessment));
    // Hand-computed. By folded name: Ban Dân vận, Địa chính, Tài chính, Tư pháp, Văn phòng,
    // then nobody's. Văn phòng: 1.1.1 (2, 1.5) and 2.1.1 (4, 3) -> 6, 4.5, lost 1.5;
    // Địa chính: 1.1.2 (2, 1) -> lost 1; nobody's: 1.1.3 (2, not scored) -> 0 and 0.
    // (id, total, done, on time, late, open, overdue, codes, max, points, lost)
    type Line = (Option<Uuid>, [u64; 6], Vec<String>, [f64; 3]);
    let codes = |c: &[&str]| c.iter().map(|s| (*s).to_owned()).collect::<Vec<_>>();
    let expected: Vec<Line> = vec![
        (Some(dv), [1, 1, 1, 0, 0, 0], codes(&[]), [0.0, 0.0, 0.0]),
        (
            Some(dc),
            [0, 0, 0, 0, 0, 0],
            codes(&["1.1.2"]),
            [2.0, 1.0, 1.0],
        ),
        (Some(tc), [2, 0, 0, 0, 2, 1], codes(&[]), [0.0, 0.0, 0.0]),
        (Some(tp), [1, 1, 0, 1, 0, 0], codes(&[]), [0.0, 0.0, 0.0]),
        (
            Some(vp),
            [4, 3, 1, 2, 1, 1],
            codes(&["1.1.1", "2.1.1"]),
            [6.0, 4.5, 1.5],
        ),
        (None, [1, 0, 0, 0, 1, 0], codes(&["1.1.3"]), [2.0, 0.0, 0.0]),
    ];
    let got: Vec<Line> = r
        .departments
        .iter()
        .map(|d| {
            (
                d.department_id,
                [
                    d.tasks_total,
                    d.done,
                    d.done_on_time,
                    d.done_late,
                    d.open,
                    d.overdue,
                ],
                d.items.iter().map(|i| i.code.clone()).collect(),
                [d.max_points, d.points, d.lost_points],
            )
        })
        .collect();
    assert_eq!(got, expected);
    let items: Vec<(&str, f64, Option<f64>, Option<f64>)> = r
        .departments
        .iter()
        .flat_map(|d| &d.items)
        .map(|i| (i.code.as_str(), i.max_points, i.points, i.lost_points))
        .collect();
    assert_eq!(
        items,
        vec![
            ("1.1.2", 2.0, Some(1.0), Some(1.0)),
            ("1.1.1", 2.0, Some(1.5), Some(0.5)),
            ("2.1.1", 4.0, Some(3.0), Some(1.0)),
            ("1.1.3", 2.0, None, None),
        ]
    );
    assert_eq!(
        r.departments[0].department_name.as_deref(),
        Some("Ban Dân vận")
    );

    // The table: on-time rate = on time / done (Văn phòng 1/3 = 33.33 %; all 2/5 = 40 %).
    let header = [
        "Bộ phận",
        "Tổng số nhiệm vụ",
        "Đã hoàn thành",
        "Hoàn thành đúng hạn",
        "Hoàn thành trễ hạn",
        "Chưa hoàn thành",
        "Quá hạn",
        "Tỷ lệ đúng hạn (%)",
        "Số tiêu chí phụ trách",
        "Điểm tối đa",
        "Điểm đạt được",
        "Điểm bị mất",
        "Tiêu chí bị mất điểm",
    ];
    let line = |name: &'static str, counts: [f64; 6], rate: V, points: [f64; 4], lost: V| {
        let mut row = vec![V::S(name)];
        row.extend(counts.iter().map(|n| V::N(*n)));
        row.push(rate);
        row.extend(points.iter().map(|n| V::N(*n)));
        row.push(lost);
        row
    };
    let table = vec![
        line(
            "Ban Dân vận",
            [1.0, 1.0, 1.0, 0.0, 0.0, 0.0],
            V::N(100.0),
            [0.0, 0.0, 0.0, 0.0],
            V::E,
        ),
        line(
            "Địa chính - Xây dựng - Nông nghiệp - Môi trường",
            [0.0; 6],
            V::E,
            [1.0, 2.0, 1.0, 1.0],
            V::S("1.1.2 (-1.00)"),
        ),
        line(
            "Tài chính - Kế toán",
            [2.0, 0.0, 0.0, 0.0, 2.0, 1.0],
            V::E,
            [0.0; 4],
            V::E,
        ),
        line(
            "Tư pháp - Hộ tịch",
            [1.0, 1.0, 0.0, 1.0, 0.0, 0.0],
            V::N(0.0),
            [0.0; 4],
            V::E,
        ),
        line(
            "Văn phòng - Thống kê",
            [4.0, 3.0, 1.0, 2.0, 1.0, 1.0],
            V::N(33.33),
            [2.0, 6.0, 4.5, 1.5],
            V::S("1.1.1 (-0.50); 2.1.1 (-1.00)"),
        ),
        line(
            "(Chưa giao bộ phận)",
            [1.0, 0.0, 0.0, 0.0, 1.0, 0.0],
            V::E,
            [1.0, 2.0, 0.0, 0.0],
            V::E,
        ),
        line(
            "Tổng cộng",
            [9.0, 5.0, 2.0, 3.0, 4.0, 2.0],
            V::N(40.0),
            [4.0, 10.0, 5.5, 2.5],
            V::E,
        ),
    ];
    let csv = bytes_of(
        reports
            .department_scorecard_file(&query, ReportFormat::Csv)
            .await?,
    )
    .await?;
    check_csv(&csv, &header, &table);
    let xlsx = bytes_of(
        reports
            .department_scorecard_file(&query, ReportFormat::Xlsx)
            .await?,
    )
    .await?;
    check_xlsx(&xlsx, &header, &table)?;

    // Another commune's admin: 404, in every format; its own unit has nothing that year.
    let (_, other) = app.user("admin-b", Role::UnitAdmin, Some(w.b().id)).await?;
    let err = other
        .reports()
        .department_scorecard_file(&query, ReportFormat::Xlsx)
        .await
        .err()
        .ok_or("read another unit's scorecard")?;
    assert_eq!(err.status(), Some(404));
    let own = DepartmentScorecardQuery {
        unit_id: w.b().id,
        ..query.clone()
    };
    let empty = other.reports().department_scorecard(&own).await?;
    assert_eq!((empty.assessment_id, empty.departments.len()), (None, 0));
    // A year outside 2000–2100 is a bad query.
    let err = reports
        .department_scorecard(&DepartmentScorecardQuery {
            year: 1999,
            ..query
        })
        .await
        .err()
        .ok_or("accepted 1999")?;
    assert_eq!(err.status(), Some(400));
    Ok(())
}
