//! Rankings are kept between requests (issue 18) only while the results epoch stands still:
//! a change a ranking depends on — here a commune's new name — shows in the next ranking at
//! once on the replica that made it, and on another replica as soon as it hears of the
//! change (PostgreSQL's notification; on SQLite, which has none, every request reads the
//! epoch). A new publication shows the same way.

use cchc_sdk::Client;
use cchc_sdk::types::index::{PublicationIn, PublishResults, RankingQuery};
use cchc_sdk::types::units::UnitPatch;
use chrono::NaiveDate;

use crate::common::child::start;
use crate::common::world::World;
use crate::common::{ADMIN_PASSWORD, TestApp, TestResult};
use crate::what_if::{finalized, published};

/// How long the other replica may take to hear of a change: 50 rounds of 20 ms.
const WAIT_ROUNDS: usize = 50;
const ROUND: std::time::Duration = std::time::Duration::from_millis(20);

async fn names(client: &Client, query: &RankingQuery) -> Result<Vec<String>, cchc_sdk::Error> {
    let ranking = client.results().ranking(query).await?;
    Ok(ranking.results.into_iter().map(|r| r.unit_name).collect())
}

#[tokio::test]
async fn a_kept_ranking_follows_every_change_it_depends_on() -> TestResult {
    let app = TestApp::spawn().await;
    let w = World::builder().communes(3).build(&app).await?;
    let frameworks = app.client.frameworks();
    let f = published(&app, w.province.id).await?;
    finalized(&app, &f, w.a(), [4.0, 3.0, 3.0]).await?;
    finalized(&app, &f, w.b(), [4.0, 3.0, 0.0]).await?;
    let query = RankingQuery {
        parent_id: w.district.id,
        year: 2023,
    };
    // Nothing published: an empty ranking, kept.
    assert!(names(&app.client, &query).await?.is_empty());
    let publish = PublishResults {
        parent_unit_id: w.district.id,
        decision: PublicationIn {
            number: "863/QĐ-UBND".into(),
            date: NaiveDate::from_ymd_opt(2024, 4, 9).ok_or("date")?,
            issuer: "UBND huyện Tây Hòa".into(),
        },
    };
    frameworks.publish_results(f.id, &publish).await?;
    let before = vec!["Xã Hòa Tân Tây".to_owned(), "Xã Hòa Đồng".to_owned()];
    assert_eq!(
        names(&app.client, &query).await?,
        before,
        "the publication shows"
    );

    let other = start(&app, false).await?;
    let on_other = other.login("admin", ADMIN_PASSWORD);
    assert_eq!(names(&on_other, &query).await?, before);
    assert_eq!(names(&on_other, &query).await?, before, "kept there too");

    let patch = UnitPatch {
        name: Some("Xã Tây Hòa".into()),
        ..UnitPatch::default()
    };
    app.client.units().update_by_id(w.a().id, &patch).await?;
    let after = vec!["Xã Tây Hòa".to_owned(), "Xã Hòa Đồng".to_owned()];
    assert_eq!(names(&app.client, &query).await?, after, "at once here");
    let mut seen = Vec::new();
    for _ in 0..WAIT_ROUNDS {
        seen = names(&on_other, &query).await?;
        if seen == after {
            break;
        }
        tokio::time::sleep(ROUND).await;
    }
    assert_eq!(seen, after, "the other replica heard of the change");
    Ok(())
}
