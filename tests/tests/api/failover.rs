//! A multi-host database URL (libpq's form, as for a primary and its standbys): the service
//! connects to the host that accepts writes, whatever its place in the list. The failover
//! itself — the primary killed under write load, the standby promoted — is tested with
//! pg_auto_failover by `deploy/ha/failover_test.py` (CI runs it).

use cchc_sdk::types::units::UnitLevel;

use crate::common::fixtures::unit_in;
use crate::common::{TestApp, TestResult};

/// `url` with a host that refuses connections (port 1) listed before its own.
fn with_a_dead_host_first(url: &str) -> Option<String> {
    let (scheme, rest) = url.split_once("://")?;
    let authority_end = rest.find(['/', '?']).unwrap_or(rest.len());
    let at = rest[..authority_end].rfind('@').map_or(0, |i| i + 1);
    Some(format!(
        "{scheme}://{}127.0.0.1:1,{}{}target_session_attrs=read-write",
        &rest[..at],
        &rest[at..],
        if rest.contains('?') { "&" } else { "?" }
    ))
}

#[tokio::test]
async fn the_service_writes_to_the_host_that_accepts_writes() -> TestResult {
    let Some(url) = std::env::var("CCHC_TEST_DATABASE_URL")
        .ok()
        .filter(|u| u.starts_with("postgres"))
    else {
        return Ok(()); // PostgreSQL only: SQLite has one file, not hosts.
    };
    let multi = with_a_dead_host_first(&url).ok_or("a URL")?;
    assert!(multi.contains("127.0.0.1:1,"), "{multi}");
    let app = TestApp::spawn_with(|c| c.database_url = multi).await;
    let made = app
        .client
        .units()
        .create(&unit_in(
            "79",
            "Thành phố Hồ Chí Minh",
            UnitLevel::Province,
            None,
        ))
        .await?
        .into_inner();
    let read = app.client.units().get(made.id).await?.into_inner();
    assert_eq!(read.name, "Thành phố Hồ Chí Minh");
    Ok(())
}

#[tokio::test]
async fn a_standby_only_list_is_refused_at_start() -> TestResult {
    let mut config = cchc_server::config::Config::defaults().map_err(|e| format!("{e:?}"))?;
    config.database_url =
        "postgres://postgres@127.0.0.1:1,127.0.0.1:2/cchc?target_session_attrs=standby".into();
    let refused = cchc_server::db::connect(&config).await;
    let message = refused.err().ok_or("refused")?.to_string();
    assert!(
        message.contains("target_session_attrs=standby"),
        "{message}"
    );
    Ok(())
}
