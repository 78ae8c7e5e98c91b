//! A second server process on the test's own database: this test binary running the ignored
//! `common::child::child_server` test, configured by environment variables, killed when
//! dropped. For what only several processes show: a restart, a job taken over, a change made
//! through one replica seen by another.

use std::process::{Child, Command, Stdio};
use std::time::Duration;

use cchc_sdk::Client;

use super::{ADMIN_PASSWORD, TestApp};

/// Not a test by itself: the server process [`start`] runs.
#[tokio::test]
#[ignore = "started by the tests that need a second server process"]
async fn child_server() {
    let (Ok(url), Ok(port)) = (
        std::env::var("CCHC_CHILD_DATABASE_URL"),
        std::env::var("CCHC_CHILD_PORT"),
    ) else {
        return;
    };
    let mut config = cchc_server::config::Config::defaults().expect("defaults");
    config.database_url = url;
    config.database_schema = std::env::var("CCHC_CHILD_DATABASE_SCHEMA").unwrap_or_default();
    config.demo = cchc_server::config::DemoSetting::Flag(false);
    config.bootstrap_admin_password = ADMIN_PASSWORD.into();
    config.database_max_connections = 5;
    let limit = |name: &str| std::env::var(name).ok().and_then(|v| v.parse().ok());
    config.rate_limit_per_minute = limit("CCHC_CHILD_RATE_LIMIT_PER_MINUTE").unwrap_or(100_000);
    config.rate_limit_burst = limit("CCHC_CHILD_RATE_LIMIT_BURST").unwrap_or(100_000);
    config.login_attempts_per_minute = 10_000;
    config.login_attempts_burst = 10_000;
    if let Some(secs) = std::env::var("CCHC_CHILD_REQUEST_TIMEOUT_SECS")
        .ok()
        .and_then(|s| s.parse().ok())
    {
        config.request_timeout_secs = secs;
    }
    config.exports_worker = std::env::var("CCHC_CHILD_EXPORTS_WORKER").as_deref() == Ok("on");
    config.exports_poll_interval_ms = 20;
    if let Some(ms) = std::env::var("CCHC_CHILD_WEBHOOKS_POLL_MS")
        .ok()
        .and_then(|ms| ms.parse().ok())
    {
        config.webhooks_allow_private_targets = true;
        config.webhooks_poll_interval_ms = ms;
        config.webhooks_backoff_base_ms = 50;
        config.webhooks_max_attempts = 5;
    }
    let state = cchc_server::prepare(config).await.expect("prepare");
    let listener = std::net::TcpListener::bind(format!("127.0.0.1:{port}")).expect("bind");
    cchc_server::run(state, listener)
        .expect("run")
        .await
        .expect("serve");
}

/// A running child server; killed when dropped.
pub struct ChildServer {
    process: Child,
    /// `http://127.0.0.1:PORT`.
    pub base_url: String,
}

impl ChildServer {
    /// A client of this server signed in as `username`.
    pub fn login(&self, username: &str, password: &str) -> Client {
        Client::builder(&self.base_url)
            .password(username, password)
            .build()
            .unwrap_or_else(|e| panic!("client: {e}"))
    }

    /// A client of this server signed in as the bootstrap admin.
    pub fn admin(&self) -> Client {
        self.login("admin", ADMIN_PASSWORD)
    }

    /// Asks it to stop (SIGTERM, sent by `kill`), as an orchestrator does before it kills.
    pub fn terminate(&self) -> std::io::Result<()> {
        let sent = Command::new("kill")
            .args(["-TERM", &self.process.id().to_string()])
            .status()?;
        if sent.success() {
            Ok(())
        } else {
            Err(std::io::Error::other(format!("kill -TERM: {sent}")))
        }
    }

    /// Its exit status once it has exited, waiting up to `limit`; `None` if still running.
    pub async fn exited(
        &mut self,
        limit: Duration,
    ) -> std::io::Result<Option<std::process::ExitStatus>> {
        let until = std::time::Instant::now() + limit;
        loop {
            if let Some(status) = self.process.try_wait()? {
                return Ok(Some(status));
            }
            if std::time::Instant::now() >= until {
                return Ok(None);
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// Stops it at once (SIGKILL), as a crash would.
    pub fn kill(mut self) -> std::io::Result<()> {
        self.process.kill()?;
        self.process.wait().map(|_| ())
    }
}

impl Drop for ChildServer {
    fn drop(&mut self) {
        let _ = self.process.kill();
        let _ = self.process.wait();
    }
}

/// How a child server differs from the defaults above.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Its export worker runs.
    pub exports_worker: bool,
    /// It delivers webhooks to loopback, looking for due deliveries every so many ms.
    pub webhooks_poll_ms: Option<u64>,
    /// Its requests time out after so many seconds.
    pub request_timeout_secs: Option<u64>,
    /// Its API rate limit: (per minute, burst).
    pub rate_limit: Option<(u32, u32)>,
}

/// Starts a server process on `app`'s database, its export worker on or off, and waits
/// (up to 30 s) until it is ready.
pub async fn start(
    app: &TestApp,
    exports_worker: bool,
) -> Result<ChildServer, Box<dyn std::error::Error>> {
    start_with(
        app,
        &Options {
            exports_worker,
            ..Options::default()
        },
    )
    .await
}

/// Starts a server process on `app`'s database whose requests time out after `secs` (a
/// killed request's idempotency key is taken over after twice that).
pub async fn start_with_timeout(
    app: &TestApp,
    secs: u64,
) -> Result<ChildServer, Box<dyn std::error::Error>> {
    start_with(
        app,
        &Options {
            request_timeout_secs: Some(secs),
            ..Options::default()
        },
    )
    .await
}

/// Starts a server process on `app`'s database that delivers webhooks to loopback, looking
/// for due deliveries every `poll_ms` (retries after 50 ms, doubled; 5 attempts).
pub async fn start_delivering(
    app: &TestApp,
    poll_ms: u64,
) -> Result<ChildServer, Box<dyn std::error::Error>> {
    start_with(
        app,
        &Options {
            webhooks_poll_ms: Some(poll_ms),
            ..Options::default()
        },
    )
    .await
}

/// Starts a server process on `app`'s database with `options`, and waits (up to 30 s)
/// until it is ready.
pub async fn start_with(
    app: &TestApp,
    options: &Options,
) -> Result<ChildServer, Box<dyn std::error::Error>> {
    let port = std::net::TcpListener::bind("127.0.0.1:0")?
        .local_addr()?
        .port();
    let mut command = Command::new(std::env::current_exe()?);
    if let Some(ms) = options.webhooks_poll_ms {
        command.env("CCHC_CHILD_WEBHOOKS_POLL_MS", ms.to_string());
    }
    if let Some(secs) = options.request_timeout_secs {
        command.env("CCHC_CHILD_REQUEST_TIMEOUT_SECS", secs.to_string());
    }
    if let Some((per_minute, burst)) = options.rate_limit {
        command
            .env("CCHC_CHILD_RATE_LIMIT_PER_MINUTE", per_minute.to_string())
            .env("CCHC_CHILD_RATE_LIMIT_BURST", burst.to_string());
    }
    let process = command
        .args([
            "common::child::child_server",
            "--exact",
            "--ignored",
            "--nocapture",
        ])
        .env("CCHC_CHILD_DATABASE_URL", &app.config.database_url)
        .env("CCHC_CHILD_DATABASE_SCHEMA", &app.config.database_schema)
        .env("CCHC_CHILD_PORT", port.to_string())
        .env(
            "CCHC_CHILD_EXPORTS_WORKER",
            if options.exports_worker { "on" } else { "off" },
        )
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()?;
    let child = ChildServer {
        process,
        base_url: format!("http://127.0.0.1:{port}"),
    };
    let http = reqwest::Client::new();
    for _ in 0..600 {
        if let Ok(res) = http.get(format!("{}/readyz", child.base_url)).send().await
            && res.status().is_success()
        {
            return Ok(child);
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    Err("the child server did not become ready".into())
}
