//! Rights taken away through one replica are gone on every other as soon as it hears of
//! the change: each keeps the callers of recent tokens only while the authorization epoch
//! stands still, and the change raised it in its own transaction (and, on PostgreSQL,
//! notified the listening replicas on commit). Here the test's own server is one replica and a child
//! process on the same database the other.

use cchc_sdk::types::auth::Role;
use cchc_sdk::types::units::UnitListQuery;
use cchc_sdk::types::users::UserPatch;

use crate::common::child::start;
use crate::common::fixtures::official_in;
use crate::common::world::World;
use crate::common::{TestApp, TestResult, USER_PASSWORD};

/// How long the other replica may take to hear of a change: 50 rounds of 20 ms.
const WAIT_ROUNDS: usize = 50;
const ROUND: std::time::Duration = std::time::Duration::from_millis(20);

#[tokio::test]
async fn a_change_through_one_replica_holds_at_once_on_the_other() -> TestResult {
    let app = TestApp::spawn().await;
    let w = World::build(&app).await?;
    let (clerk, _) = app.user("clerk.a", Role::UnitAdmin, Some(w.a().id)).await?;
    let (_, _) = app
        .user("viewer.a", Role::UnitAdmin, Some(w.a().id))
        .await?;
    let other = start(&app, false).await?;
    let on_other = other.login("clerk.a", USER_PASSWORD);
    let viewer_on_other = other.login("viewer.a", USER_PASSWORD);
    // Both work on the other replica (and their callers are now kept there).
    let http = reqwest::Client::new();
    let answer: serde_json::Value = http
        .post(format!("{}/api/v1/auth/token", other.base_url))
        .form(&[
            ("grant_type", "password"),
            ("username", "clerk.a"),
            ("password", USER_PASSWORD),
        ])
        .send()
        .await?
        .json()
        .await?;
    let clerk_token = answer["access_token"].as_str().ok_or("a token")?.to_owned();
    for _ in 0..3 {
        on_other.units().list(&UnitListQuery::default()).await?;
        let status = http
            .get(format!("{}/api/v1/units", other.base_url))
            .bearer_auth(&clerk_token)
            .send()
            .await?
            .status();
        assert_eq!(status.as_u16(), 200);
        viewer_on_other
            .officials()
            .create(&official_in(w.a(), "Nguyễn Văn Một"))
            .await?;
    }
    // Through this replica, the second user loses its admin role: on the other, as soon as
    // PostgreSQL's notification of the change arrives (milliseconds; on SQLite at once,
    // each request reading the epoch), its write is 403 — a role change ends no sign-in:
    // only the epoch tells.
    let viewer = app
        .client
        .users()
        .list(&Default::default())
        .await?
        .data
        .into_iter()
        .find(|u| u.username == "viewer.a")
        .ok_or("the second user")?;
    let demoted = UserPatch {
        roles: Some(vec![Role::Viewer]),
        ..Default::default()
    };
    app.client.users().update(&viewer, &demoted).await?;
    let mut refused = None;
    for n in 0..WAIT_ROUNDS {
        match viewer_on_other
            .officials()
            .create(&official_in(w.a(), &format!("Nguyễn Văn Hai {n}")))
            .await
        {
            Ok(_) => tokio::time::sleep(ROUND).await,
            Err(err) => {
                refused = Some(err);
                break;
            }
        }
    }
    let err = refused.ok_or("a demoted user could still write a second later")?;
    assert_eq!(err.status(), Some(403), "{err}");
    // Then the first is deactivated: its token is refused there as soon.
    app.client.users().deactivate(clerk.id).await?;
    let mut status = 0;
    for _ in 0..WAIT_ROUNDS {
        status = http
            .get(format!("{}/api/v1/units", other.base_url))
            .bearer_auth(&clerk_token)
            .send()
            .await?
            .status()
            .as_u16();
        if status != 200 {
            break;
        }
        tokio::time::sleep(ROUND).await;
    }
    assert_eq!(status, 401, "a deactivated user's token still served");
    // (The SDK, told 401, signs in again: refused too.)
    let err = on_other
        .units()
        .list(&UnitListQuery::default())
        .await
        .err()
        .ok_or("a deactivated user was still served")?;
    assert_eq!(err.status(), Some(400), "{err}");
    // Reading still works for the viewer.
    viewer_on_other
        .units()
        .list(&UnitListQuery::default())
        .await?;
    Ok(())
}
