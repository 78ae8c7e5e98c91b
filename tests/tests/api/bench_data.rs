//! The benchmark data generator (`cchc-server bench-data`): a small world generated into
//! the test's database reads back through the API as the generator and its manifest
//! describe it, for the logins it makes.

use std::collections::{BTreeMap, BTreeSet};

use cchc_sdk::types::index::RankingQuery;
use cchc_sdk::types::portal::StatisticsQuery;
use cchc_sdk::types::tasks::{TaskListQuery, TaskStatus};
use cchc_server::bench_data::{self, Manifest, Options};
use cchc_server::entity::{portal_statistics, tasks};
use futures_util::TryStreamExt;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};

use crate::common::{TestApp, TestResult};

/// Tasks per commune in the small world.
const TASKS: usize = 20;

/// 2 provinces, 5 communes, 20 tasks each, 2 years, 1 month, 200 dossiers.
async fn small_world(app: &TestApp) -> Manifest {
    let opts = Options {
        provinces: 2,
        communes: 5,
        tasks: TASKS,
        years: 2,
        months: 1,
        dossiers: 200,
        ..Options::default()
    };
    let report = bench_data::generate(&app.db, &opts)
        .await
        .unwrap_or_else(|e| panic!("bench data: {e}"));
    report.manifest
}

#[tokio::test]
async fn the_manifest_names_the_small_world() -> TestResult {
    let app = TestApp::spawn().await;
    let m = small_world(&app).await;
    assert_eq!(m.seed, 1);
    assert_eq!(m.password, "bench-password-1");
    assert_eq!(m.provinces.len(), 2);
    assert_eq!(m.communes.len(), 5);
    assert_eq!(m.years, vec![2024, 2025]);
    assert_eq!(m.tasks, 100);
    assert_eq!(m.dossiers, 200);
    assert_eq!(m.sample_tasks.len(), 100, "every task of so small a world");
    assert_eq!(m.sample_assessments.len(), 5);
    assert!(!m.sample_plans.is_empty());
    assert!(
        m.provinces
            .iter()
            .all(|p| p.admin == format!("bench.p{}", p.code))
    );
    assert!(
        m.communes
            .iter()
            .all(|c| c.admin == format!("bench.{}", c.code))
    );
    // A second run refuses the database that now has units.
    let again = bench_data::generate(&app.db, &Options::default()).await;
    assert!(again.is_err_and(|e| e.to_string().contains("already has")));
    Ok(())
}

#[tokio::test]
async fn a_commune_admin_lists_and_gets_its_generated_tasks() -> TestResult {
    let app = TestApp::spawn().await;
    let m = small_world(&app).await;
    let commune = &m.communes[0];
    let client = app.login(&commune.admin, &m.password);
    let stored = tasks::Entity::find()
        .filter(tasks::Column::UnitId.eq(commune.id))
        .all(&app.db)
        .await?;
    assert_eq!(stored.len(), TASKS);
    let mut by_status: BTreeMap<String, usize> = BTreeMap::new();
    for t in &stored {
        *by_status.entry(t.status.clone()).or_default() += 1;
    }
    let mut listed = 0;
    for status in [
        TaskStatus::Todo,
        TaskStatus::InProgress,
        TaskStatus::Blocked,
        TaskStatus::Done,
        TaskStatus::Cancelled,
    ] {
        let page = client
            .tasks()
            .list(&TaskListQuery {
                unit_id: Some(commune.id),
                status: Some(status),
                limit: Some(200),
                ..Default::default()
            })
            .await?;
        let name = serde_json::to_value(status)?
            .as_str()
            .unwrap_or_default()
            .to_owned();
        assert_eq!(page.data.len(), by_status.get(&name).copied().unwrap_or(0));
        assert!(page.data.iter().all(|t| t.status == status));
        assert!(page.data.windows(2).all(|w| w[0].id < w[1].id));
        listed += page.data.len();
    }
    assert_eq!(listed, TASKS);
    let sample = stored[0].id;
    let task = client.tasks().get(sample).await?.into_inner();
    assert_eq!(task.unit_id, commune.id);
    assert_eq!(task.title, stored[0].title);
    // Another commune's task is not there for this login.
    let other = tasks::Entity::find()
        .filter(tasks::Column::UnitId.eq(m.communes[1].id))
        .one(&app.db)
        .await?
        .map(|t| t.id)
        .unwrap_or_default();
    let err = client.tasks().get(other).await.err();
    assert_eq!(err.and_then(|e| e.status()), Some(404));
    Ok(())
}

#[tokio::test]
async fn the_last_years_province_ranking_ranks_its_communes() -> TestResult {
    let app = TestApp::spawn().await;
    let m = small_world(&app).await;
    let commune = &m.communes[0];
    let client = app.login(&commune.admin, &m.password);
    let ranking = client
        .results()
        .ranking(&RankingQuery {
            parent_id: commune.province_id,
            year: 2025,
        })
        .await?;
    let mine: BTreeSet<_> = m
        .communes
        .iter()
        .filter(|c| c.province_id == commune.province_id)
        .map(|c| c.id)
        .collect();
    let ranked: BTreeSet<_> = ranking.results.iter().map(|r| r.unit_id).collect();
    assert_eq!(ranked, mine);
    assert_eq!(ranking.results[0].rank, 1);
    for r in &ranking.results {
        assert_eq!(r.ranked_units as usize, mine.len());
        assert!(r.publication.is_some(), "published results");
        assert!((0.0..=100.0).contains(&r.index_percent));
        assert!(r.points <= r.max_points);
        // 2024 was published too: every commune has last year's index to compare with.
        assert!(r.previous_index_percent.is_some());
    }
    assert!(
        ranking
            .results
            .windows(2)
            .all(|w| w[0].index_percent >= w[1].index_percent && w[0].rank <= w[1].rank)
    );
    // The commune's own assessment: its analysis lists the points lost, item by item.
    let own = ranking
        .results
        .iter()
        .find(|r| r.unit_id == commune.id)
        .map(|r| r.assessment_id)
        .unwrap_or_default();
    assert!(m.sample_assessments.contains(&own));
    let analysis = client.assessments().analysis(own).await?;
    assert_eq!(analysis.unit_id, commune.id);
    assert_eq!(analysis.year, 2025);
    let lost: f64 = analysis.items.iter().map(|i| i.max_points - i.points).sum();
    assert!((analysis.lost_points - lost).abs() < 0.001);
    Ok(())
}

#[tokio::test]
async fn portal_statistics_read_back_and_a_province_admin_sees_its_communes() -> TestResult {
    let app = TestApp::spawn().await;
    let m = small_world(&app).await;
    let commune = &m.communes[0];
    let client = app.login(&commune.admin, &m.password);
    let page = client
        .portal()
        .list_statistics(&StatisticsQuery {
            unit_id: Some(commune.id),
            ..StatisticsQuery::default()
        })
        .await?;
    assert_eq!(page.data.len(), 1, "one month");
    let row = &page.data[0];
    assert_eq!(row.period, "2025-12");
    assert_eq!(row.unit_code, commune.code);
    let stored = portal_statistics::Entity::find()
        .filter(portal_statistics::Column::UnitId.eq(commune.id))
        .one(&app.db)
        .await?
        .map(|r| r.figures)
        .unwrap_or_default();
    assert_eq!(
        serde_json::to_value(row.figures)?,
        serde_json::from_str::<serde_json::Value>(&stored)?
    );
    let f = row.figures;
    assert!(f.received > 0);
    assert!(f.resolved_early + f.resolved_on_time + f.resolved_late <= f.received);
    assert!(!row.ratios.is_empty());
    // The province with the most communes: its admin's list holds all their tasks.
    let province = m
        .provinces
        .iter()
        .max_by_key(|p| m.communes.iter().filter(|c| c.province_id == p.id).count())
        .map(|p| (p.id, p.admin.clone()));
    let Some((province_id, admin)) = province else {
        return Err("no province".into());
    };
    let communes = m
        .communes
        .iter()
        .filter(|c| c.province_id == province_id)
        .count();
    assert!(communes >= 2, "the larger province has several communes");
    let all: Vec<_> = app
        .login(&admin, &m.password)
        .tasks()
        .list_all(TaskListQuery {
            limit: Some(200),
            ..Default::default()
        })
        .try_collect()
        .await?;
    assert_eq!(all.len(), communes * TASKS);
    let units: BTreeSet<_> = all.iter().map(|t| t.unit_id).collect();
    assert_eq!(units.len(), communes);
    Ok(())
}
