//! Two-level local government (from 1/7/2025): communes directly under the province, the
//! lineage of merged units (Nghị quyết 1660/NQ-UBTVQH15, Điều 1 khoản 66: xã Tây Hòa from
//! thị trấn Phú Thứ, xã Hòa Phong, xã Hòa Tân Tây and part of xã Hòa Bình 1), the map of a
//! date, and document dates that keep the register in order.

use cchc_sdk::types::plans::IssueRequest;
use cchc_sdk::types::units::{LineageQuery, UnitIn, UnitLevel, UnitListQuery, UnitOut, UnitPatch};
use chrono::NaiveDate;
use uuid::Uuid;

use crate::common::fixtures::unit_in;
use crate::common::world::World;
use crate::common::{TestApp, TestResult};
use crate::plans::draft;

fn date(y: i32, m: u32, d: u32) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(y, m, d)
}

/// Xã Tây Hòa under the province from 1/7/2025, and its predecessors of the world (Hòa Tân
/// Tây, Hòa Bình 1, Hòa Phong) ended on 30/6/2025 with it as successor; Hòa Đồng (merged
/// into Hòa Thịnh) is left as it was.
pub async fn merge_into_tay_hoa(app: &TestApp, w: &World) -> Result<UnitOut, cchc_sdk::Error> {
    let units = app.client.units();
    let tay_hoa = units
        .create(&UnitIn {
            valid_from: date(2025, 7, 1),
            ..unit_in("22255", "Xã Tây Hòa", UnitLevel::Commune, Some(&w.province))
        })
        .await?
        .into_inner();
    for commune in [&w.communes[0], &w.communes[2], &w.communes[3]] {
        let current = units.get(commune.id).await?.into_inner();
        let patch = UnitPatch {
            valid_to: cchc_sdk::types::common::Patch::Value(
                NaiveDate::from_ymd_opt(2025, 6, 30).unwrap_or_default(),
            ),
            successor_ids: Some(vec![tay_hoa.id]),
            ..Default::default()
        };
        units.update(&current, &patch).await?;
    }
    Ok(tay_hoa)
}

#[tokio::test]
async fn a_merged_commune_knows_its_predecessors_and_the_map_of_a_date() -> TestResult {
    let app = TestApp::spawn().await;
    let w = World::builder().communes(4).build(&app).await?;
    let tay_hoa = merge_into_tay_hoa(&app, &w).await?;
    assert_eq!(
        tay_hoa.parent_id,
        Some(w.province.id),
        "a commune under the province"
    );
    let units = app.client.units();
    let ids = |v: &[UnitOut]| {
        let mut ids: Vec<Uuid> = v.iter().map(|u| u.id).collect();
        ids.sort();
        ids
    };
    let mut before = vec![w.communes[0].id, w.communes[2].id, w.communes[3].id];
    before.sort();

    // What it was formed from, and which units stood for it on a date before it existed.
    let l = units
        .lineage(
            tay_hoa.id,
            &LineageQuery {
                on: date(2025, 6, 30),
            },
        )
        .await?
        .into_inner();
    assert_eq!(ids(&l.predecessors), before);
    assert!(l.successors.is_empty());
    assert_eq!(ids(&l.on_date), before);
    let l = units
        .lineage(
            tay_hoa.id,
            &LineageQuery {
                on: date(2025, 7, 1),
            },
        )
        .await?
        .into_inner();
    assert_eq!(ids(&l.on_date), vec![tay_hoa.id]);

    // What became of Hòa Tân Tây.
    let l = units
        .lineage(
            w.communes[0].id,
            &LineageQuery {
                on: date(2026, 1, 1),
            },
        )
        .await?
        .into_inner();
    assert_eq!(ids(&l.successors), vec![tay_hoa.id]);
    assert_eq!(ids(&l.on_date), vec![tay_hoa.id]);
    assert!(l.predecessors.is_empty());

    // The communes of the map of each day.
    let communes_on = |on| UnitListQuery {
        level: Some(UnitLevel::Commune),
        on,
        limit: Some(200),
        ..Default::default()
    };
    let old = units.list(&communes_on(date(2025, 6, 30))).await?.data;
    let new = units.list(&communes_on(date(2025, 7, 1))).await?.data;
    assert_eq!(old.len(), 4, "the four communes of the world");
    assert_eq!(
        ids(&new),
        ids(&[w.communes[1].unit.clone(), tay_hoa.clone()]),
        "Hòa Đồng (no change recorded) and xã Tây Hòa"
    );

    // Another commune's admin does not see the lineage of a unit outside its scope.
    let (_, other) = app
        .user(
            "qt.hoadong",
            cchc_sdk::types::auth::Role::UnitAdmin,
            Some(w.communes[1].id),
        )
        .await?;
    let err = other
        .units()
        .lineage(tay_hoa.id, &LineageQuery::default())
        .await
        .expect_err("out of scope");
    assert_eq!(err.status(), Some(404));
    Ok(())
}

#[tokio::test]
async fn an_issue_date_may_neither_come_later_nor_go_back_in_the_register() -> TestResult {
    let app = TestApp::spawn().await;
    let w = World::builder().with_chairmen().build(&app).await?;
    let plans = app.client.plans();
    let first = plans.submit(&draft(&app, &w).await?).await?.into_inner();
    let first = plans
        .issue(
            &first,
            &IssueRequest {
                issue_date: date(2026, 3, 10),
            },
        )
        .await?
        .into_inner();
    assert_eq!(first.number_symbol, "01/KH-UBND");
    let second = plans.submit(&draft(&app, &w).await?).await?.into_inner();
    for (when, code) in [
        (
            chrono::Utc::now().date_naive() + chrono::Duration::days(2),
            "in_future",
        ),
        (
            NaiveDate::from_ymd_opt(2026, 3, 9).unwrap_or_default(),
            "out_of_sequence",
        ),
    ] {
        let err = plans
            .issue(
                &second,
                &IssueRequest {
                    issue_date: Some(when),
                },
            )
            .await
            .expect_err("a date the register cannot take");
        let problem = err.problem().ok_or("a problem")?;
        assert_eq!(
            (
                problem.status,
                problem.errors[0].field.as_str(),
                problem.errors[0].code.as_str()
            ),
            (422, "issue_date", code)
        );
    }
    // The refused attempts took no number: the next is 02.
    let second = plans
        .issue(
            &second,
            &IssueRequest {
                issue_date: date(2026, 3, 10),
            },
        )
        .await?
        .into_inner();
    assert_eq!(second.number_symbol, "02/KH-UBND");
    Ok(())
}

/// `POST|PUT path` with a JSON body as the system admin, `If-Match: *`; the answer's JSON.
async fn send(
    app: &TestApp,
    method: reqwest::Method,
    path: &str,
    body: serde_json::Value,
) -> Result<serde_json::Value, Box<dyn std::error::Error>> {
    let mut request = app.client.raw(method, path).await?.header("if-match", "*");
    if !body.is_null() {
        request = request.json(&body);
    }
    let res = request.send().await?;
    let status = res.status();
    let answer: serde_json::Value = res.json().await?;
    if !status.is_success() {
        return Err(format!("{path}: {status} {answer}").into());
    }
    Ok(answer)
}

/// A published framework of `issuer` for `year` (the small one of the index tests).
async fn framework(
    app: &TestApp,
    issuer: Uuid,
    year: i32,
) -> Result<Uuid, Box<dyn std::error::Error>> {
    let input = cchc_sdk::types::index::FrameworkIn {
        year,
        name: format!("Bộ chỉ số CCHC cấp xã năm {year}"),
        ..crate::index::small_framework(issuer)
    };
    let f = app.client.frameworks().create(&input).await?.into_inner();
    Ok(app.client.frameworks().publish(&f).await?.id)
}

/// `unit`'s assessment on `framework`, self-assessed, appraised with 1.1.1 = `a`,
/// 1.1.2 = `b` and survey points `survey`, and finalized.
async fn finalized(
    app: &TestApp,
    framework: Uuid,
    unit: Uuid,
    (a, b, survey): (f64, f64, f64),
) -> Result<(), Box<dyn std::error::Error>> {
    use reqwest::Method;
    let created = send(
        app,
        Method::POST,
        "/api/v1/index/assessments",
        serde_json::json!({"framework_id": framework, "unit_id": unit}),
    )
    .await?;
    let path = format!(
        "/api/v1/index/assessments/{}",
        created["id"].as_str().unwrap_or_default()
    );
    let items =
        serde_json::json!([{"code": "1.1.1", "score": 2.0}, {"code": "1.1.2", "score": 2.0}]);
    send(
        app,
        Method::PUT,
        &format!("{path}/self-assessment"),
        serde_json::json!({"items": items}),
    )
    .await?;
    send(
        app,
        Method::POST,
        &format!("{path}/submit"),
        serde_json::Value::Null,
    )
    .await?;
    let appraisal = serde_json::json!({"items": [
        {"code": "1.1.1", "score": a},
        {"code": "1.1.2", "score": b},
        {"code": "1.1.3", "survey_points": survey}
    ]});
    send(app, Method::PUT, &format!("{path}/appraisal"), appraisal).await?;
    send(
        app,
        Method::POST,
        &format!("{path}/finalize"),
        serde_json::Value::Null,
    )
    .await?;
    Ok(())
}

/// Publishes the finalized assessments of `parent`'s units on `framework`.
async fn publish(
    app: &TestApp,
    framework: Uuid,
    parent: Uuid,
    number: &str,
    on: &str,
) -> Result<(), Box<dyn std::error::Error>> {
    let body = serde_json::json!({
        "parent_unit_id": parent,
        "decision": {"number": number, "date": on, "issuer": "Ủy ban nhân dân"}
    });
    send(
        app,
        reqwest::Method::POST,
        &format!("/api/v1/index/frameworks/{framework}/publications"),
        body,
    )
    .await?;
    Ok(())
}

#[tokio::test]
async fn a_merged_communes_result_compares_with_its_predecessors_and_ranks_under_the_province()
-> TestResult {
    let app = TestApp::spawn().await;
    let w = World::builder()
        .communes(4)
        .without_departments()
        .build(&app)
        .await?;
    // 2024, under the district: points out of 10 (the portal item has no figures: 0).
    //   Hòa Tân Tây 2 + 2 + 2 = 6 → 60 %; Hòa Đồng 1 + 1 + 1 = 3 → 30 %;
    //   Hòa Bình 1   1 + 2 + 1 = 4 → 40 %; Hòa Phong 2 + 1 + 1.5 = 4.5 → 45 %.
    let f24 = framework(&app, w.district.id, 2024).await?;
    for (commune, scores) in w.communes.iter().zip([
        (2.0, 2.0, 2.0),
        (1.0, 1.0, 1.0),
        (1.0, 2.0, 1.0),
        (2.0, 1.0, 1.5),
    ]) {
        finalized(&app, f24, commune.id, scores).await?;
    }
    publish(&app, f24, w.district.id, "120/QĐ-UBND", "2025-03-20").await?;
    let tay_hoa = merge_into_tay_hoa(&app, &w).await?;

    // 2025, the province's communes with no district: xã Tây Hòa 2 + 2 + 2 → 60 %.
    let f25 = framework(&app, w.province.id, 2025).await?;
    finalized(&app, f25, tay_hoa.id, (2.0, 2.0, 2.0)).await?;
    publish(&app, f25, w.province.id, "45/QĐ-UBND", "2026-03-15").await?;
    let ranking = app
        .client
        .results()
        .ranking(&cchc_sdk::types::index::RankingQuery {
            parent_id: w.province.id,
            year: 2025,
        })
        .await?;
    assert_eq!(
        ranking.results.len(),
        1,
        "the province's one commune of the test"
    );
    let r = &ranking.results[0];
    assert_eq!((r.unit_id, r.index_percent, r.rank), (tay_hoa.id, 60.0, 1));
    // Last year: the predecessors' (60 + 40 + 45) / 3 = 48.33 %, each listed.
    assert_eq!(
        r.previous_basis,
        Some(cchc_sdk::types::index::PreviousBasis::PredecessorsAverage)
    );
    let mut listed: Vec<(Uuid, f64)> = r
        .previous_results
        .iter()
        .map(|p| (p.unit_id, p.index_percent))
        .collect();
    listed.sort_by_key(|(id, _)| *id);
    let mut expected = vec![
        (w.communes[0].id, 60.0),
        (w.communes[2].id, 40.0),
        (w.communes[3].id, 45.0),
    ];
    expected.sort_by_key(|(id, _)| *id);
    assert_eq!(listed, expected);
    assert_eq!(
        (r.previous_index_percent, r.change),
        (Some(48.33), Some(11.67))
    );

    // A unit that existed both years keeps its own: Hòa Đồng's 2024 result is its own.
    let district_2024 = app
        .client
        .results()
        .ranking(&cchc_sdk::types::index::RankingQuery {
            parent_id: w.district.id,
            year: 2024,
        })
        .await?;
    assert_eq!(district_2024.results.len(), 4);
    Ok(())
}
