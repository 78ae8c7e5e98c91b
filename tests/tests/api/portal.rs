//! The portal integration: aggregated statistics, dossier batches with per-record errors,
//! idempotent re-sends, and the statistics they aggregate into.

use cchc_sdk::Client;
use cchc_sdk::types::api_clients::ApiClientIn;
use cchc_sdk::types::auth::{ClientScope, Role};
use cchc_sdk::types::portal::{
    Channel, DossierIn, DossierStatus, PortalFigures, PortalMetric, StatisticsBatch, StatisticsIn,
    StatisticsQuery, StatisticsSource,
};
use chrono::NaiveDate;

use crate::common::world::World;
use crate::common::{TestApp, TestResult};

async fn portal_client(app: &TestApp, w: &World) -> Result<Client, cchc_sdk::Error> {
    let created = app
        .client
        .api_clients()
        .create(&ApiClientIn {
            name: "Cổng dịch vụ công tỉnh".into(),
            unit_id: w.province.id,
            scopes: vec![ClientScope::PortalStatisticsWrite],
        })
        .await?
        .into_inner();
    Client::builder(&app.base_url)
        .client_credentials(&created.client.client_id, &created.client_secret)
        .build()
}

fn day(m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2024, m, d).expect("date")
}

fn dossier(code: &str, unit_code: &str, finished: Option<NaiveDate>) -> DossierIn {
    DossierIn {
        code: code.into(),
        procedure_code: "1.001234".into(),
        unit_code: unit_code.into(),
        received_date: day(3, 1),
        due_date: day(3, 10),
        finished_date: finished,
        status: if finished.is_some() {
            DossierStatus::Resolved
        } else {
            DossierStatus::Processing
        },
        channel: Channel::FullyOnline,
        paid_online: true,
        electronic_result: finished.is_some(),
        digitised: true,
        synced: true,
        satisfaction: finished.map(|_| 5),
    }
}

#[tokio::test]
async fn statistics_are_stored_whole_or_not_at_all_with_their_ratios() -> TestResult {
    let app = TestApp::spawn().await;
    let w = World::builder().communes(4).build(&app).await?;
    let portal = portal_client(&app, &w).await?;
    let row = |code: &str, period: &str| StatisticsIn {
        unit_code: code.into(),
        period: period.into(),
        figures: PortalFigures {
            received: 200,
            resolved_early: 100,
            resolved_on_time: 50,
            resolved_late: 10,
            partly_online: 20,
            fully_online: 80,
            satisfaction_responses: 10,
            satisfied: 9,
            ..PortalFigures::default()
        },
    };
    let bad = StatisticsBatch {
        rows: vec![row("22081", "2024-03"), row("99999", "2024-13")],
    };
    let err = portal
        .portal()
        .push_statistics(&bad)
        .await
        .expect_err("bad rows");
    let fields: Vec<String> = err
        .problem()
        .expect("problem")
        .errors
        .iter()
        .map(|e| e.field.clone())
        .collect();
    // First the shape the spec states (the period's pattern), then the rules.
    assert_eq!(fields, vec!["rows[1].period"]);
    let bad = StatisticsBatch {
        rows: vec![row("22081", "2024-03"), row("99999", "2024-12")],
    };
    let err = portal
        .portal()
        .push_statistics(&bad)
        .await
        .expect_err("bad rows");
    let fields: Vec<String> = err
        .problem()
        .expect("problem")
        .errors
        .iter()
        .map(|e| e.field.clone())
        .collect();
    assert_eq!(fields, vec!["rows[1].unit_code"]);
    let stored = portal
        .portal()
        .list_statistics(&StatisticsQuery::default())
        .await?;
    assert!(stored.data.is_empty(), "nothing of a refused batch is kept");

    let good = StatisticsBatch {
        rows: vec![row("22081", "2024-03"), row("22084", "2024-Q1")],
    };
    let accepted = portal.portal().push_statistics(&good).await?;
    let march = &accepted.rows[0];
    assert_eq!(march.source, StatisticsSource::Aggregate);
    let on_time = march
        .ratios
        .iter()
        .find(|r| r.metric == PortalMetric::OnTimeRate)
        .expect("on-time ratio");
    assert_eq!(
        (on_time.numerator, on_time.denominator, on_time.percent),
        (150, 160, 93.75)
    );
    assert!(
        !march
            .ratios
            .iter()
            .any(|r| r.metric == PortalMetric::FeedbackOnTimeRate),
        "no feedback, no ratio"
    );
    let q1 = portal
        .portal()
        .list_statistics(&StatisticsQuery {
            period: Some("2024-Q".into()),
            ..StatisticsQuery::default()
        })
        .await?;
    assert_eq!(q1.data.len(), 1);
    assert_eq!(q1.data[0].unit_code, "22084");

    // People read statistics; only the portal (or a system admin) writes them.
    let (_, viewer) = app
        .user("xem", Role::Viewer, Some(w.communes[0].id))
        .await?;
    let err = viewer
        .portal()
        .push_statistics(&good)
        .await
        .expect_err("viewers do not push");
    assert_eq!(err.status(), Some(403));
    let seen = viewer
        .portal()
        .list_statistics(&StatisticsQuery::default())
        .await?;
    assert_eq!(seen.data.len(), 1, "a commune sees its own statistics only");
    Ok(())
}

#[tokio::test]
async fn a_dossier_batch_keeps_the_good_records_reports_the_bad_and_resends_change_nothing()
-> TestResult {
    let app = TestApp::spawn().await;
    let w = World::builder().communes(4).build(&app).await?;
    let portal = portal_client(&app, &w).await?;
    let mut late = dossier("HS-003", "22081", Some(day(3, 12)));
    late.channel = Channel::InPerson;
    late.paid_online = false;
    let mut backwards = dossier("HS-004", "22081", None);
    backwards.due_date = day(2, 1);
    let batch = vec![
        dossier("HS-001", "22081", Some(day(3, 5))),
        dossier("HS-002", "99999", Some(day(3, 5))),
        dossier("HS-005", "22081", Some(day(3, 10))),
        backwards,
        late,
        dossier("HS-006", "22081", None),
    ];
    let result = portal.portal().push_dossiers(&batch).await?;
    assert_eq!(
        (
            result.received,
            result.created,
            result.updated,
            result.unchanged
        ),
        (6, 4, 0, 0)
    );
    let rejected: Vec<(usize, Option<String>, String)> = result
        .rejected
        .iter()
        .map(|r| (r.index, r.code.clone(), r.errors[0].field.clone()))
        .collect();
    assert_eq!(
        rejected,
        vec![
            (1, Some("HS-002".into()), "unit_code".into()),
            (3, Some("HS-004".into()), "due_date".into()),
        ]
    );
    let stats = portal
        .portal()
        .list_statistics(&StatisticsQuery {
            period: Some("2024-03".into()),
            ..StatisticsQuery::default()
        })
        .await?;
    assert_eq!(stats.data.len(), 1);
    let march = &stats.data[0];
    assert_eq!(march.source, StatisticsSource::Dossiers);
    let f = march.figures;
    assert_eq!(
        (
            f.received,
            f.resolved_early,
            f.resolved_on_time,
            f.resolved_late
        ),
        (4, 1, 1, 1)
    );
    assert_eq!((f.fully_online, f.in_person, f.paid_online), (3, 1, 3));
    assert_eq!(
        (f.electronic_result, f.satisfaction_responses, f.satisfied),
        (3, 3, 3)
    );

    // The same batch again changes nothing.
    let again = portal.portal().push_dossiers(&batch).await?;
    assert_eq!((again.created, again.updated, again.unchanged), (0, 0, 4));
    assert_eq!(again.rejected.len(), 2);
    let same = portal
        .portal()
        .list_statistics(&StatisticsQuery {
            period: Some("2024-03".into()),
            ..StatisticsQuery::default()
        })
        .await?;
    assert_eq!(same.data[0].figures, f);
    assert_eq!(same.data[0].updated_at, march.updated_at);

    // NDJSON, with a line that is not a dossier at all: the good line lands, the others are
    // reported by position (line - 1), and HS-006 now finished late moves the counts.
    let mut finished = dossier("HS-006", "22081", Some(day(3, 15)));
    finished.channel = Channel::FullyOnline;
    let ndjson = format!(
        "{}\n{{\"code\": 5}}\nnot json\n",
        serde_json::to_string(&finished)?
    );
    let result = portal.portal().push_dossiers_ndjson(ndjson).await?;
    assert_eq!((result.received, result.updated), (3, 1));
    let indexes: Vec<usize> = result.rejected.iter().map(|r| r.index).collect();
    assert_eq!(indexes, vec![1, 2]);
    let after = portal
        .portal()
        .list_statistics(&StatisticsQuery {
            period: Some("2024-03".into()),
            ..StatisticsQuery::default()
        })
        .await?;
    assert_eq!(after.data[0].figures.resolved_late, 2);

    let res = portal
        .raw(reqwest::Method::POST, "/api/v1/portal/dossiers/batch")
        .await?
        .header("content-type", "text/plain")
        .body("x")
        .send()
        .await?;
    assert_eq!(res.status().as_u16(), 415);
    Ok(())
}

#[tokio::test]
async fn a_batch_holds_up_to_ten_thousand_records() -> TestResult {
    let app = TestApp::spawn().await;
    let w = World::builder().communes(4).build(&app).await?;
    let portal = portal_client(&app, &w).await?;
    let batch: Vec<DossierIn> = (0..10_000)
        .map(|i| dossier(&format!("HS-{i:05}"), "22081", Some(day(3, 5))))
        .collect();
    let result = portal.portal().push_dossiers(&batch).await?;
    assert_eq!((result.created, result.rejected.len()), (10_000, 0));
    let march = portal
        .portal()
        .list_statistics(&StatisticsQuery {
            period: Some("2024-03".into()),
            ..StatisticsQuery::default()
        })
        .await?;
    assert_eq!(march.data[0].figures.received, 10_000);
    let mut over = batch;
    over.push(dossier("HS-10000", "22081", None));
    let err = portal
        .portal()
        .push_dossiers(&over)
        .await
        .expect_err("one too many");
    assert_eq!(err.status(), Some(413));
    Ok(())
}

#[tokio::test]
async fn a_client_of_one_commune_cannot_take_over_another_communes_dossiers() -> TestResult {
    use sea_orm::EntityTrait;
    let app = TestApp::spawn().await;
    let w = World::builder().communes(4).build(&app).await?;
    let province_portal = portal_client(&app, &w).await?;
    // Hòa Đồng's dossier, pushed by the provincial portal.
    let theirs = dossier("HS-900", "22084", Some(day(3, 5)));
    province_portal.portal().push_dossiers(&[theirs]).await?;
    // A client scoped to Hòa Tân Tây sends the same code as its own.
    let created = app
        .client
        .api_clients()
        .create(&ApiClientIn {
            name: "Một cửa xã Hòa Tân Tây".into(),
            unit_id: w.communes[0].id,
            scopes: vec![ClientScope::PortalStatisticsWrite],
        })
        .await?
        .into_inner();
    let commune_portal = Client::builder(&app.base_url)
        .client_credentials(&created.client.client_id, &created.client_secret)
        .build()?;
    let grab = dossier("HS-900", "22081", Some(day(3, 5)));
    let own = dossier("HS-901", "22081", Some(day(3, 5)));
    let result = commune_portal.portal().push_dossiers(&[grab, own]).await?;
    assert_eq!((result.created, result.updated), (1, 0));
    let rejected: Vec<(usize, &str)> = result
        .rejected
        .iter()
        .map(|r| (r.index, r.errors[0].code.as_str()))
        .collect();
    assert_eq!(rejected, vec![(0, "not_owned")]);
    let row = cchc_server::entity::portal_dossiers::Entity::find_by_id("HS-900".to_owned())
        .one(&app.db)
        .await?
        .ok_or("the dossier is gone")?;
    assert_eq!(row.unit_id, w.communes[1].id, "the dossier moved commune");
    Ok(())
}
