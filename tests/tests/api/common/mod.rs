//! The harness: a fresh database (SQLite file, or a PostgreSQL schema of its own) and the
//! real server on `127.0.0.1:0` for each test, with an SDK client pointed at it.

#![allow(dead_code)]

pub mod child;
pub mod fixtures;
pub mod walk;
pub mod world;

use std::net::TcpListener;

use cchc_sdk::Client;
use cchc_sdk::types::auth::Role;
use cchc_sdk::types::common::Problem;
use cchc_sdk::types::users::{UserIn, UserOut};
use cchc_server::config::{Config, DemoSetting};
use sea_orm::{ConnectionTrait, Database, DatabaseConnection, Statement};
use uuid::Uuid;

/// What a test returns: any error fails it with its message.
pub type TestResult = Result<(), Box<dyn std::error::Error>>;

/// The bootstrap admin's password in tests.
pub const ADMIN_PASSWORD: &str = "admin-password-for-tests";
/// The password of users the harness creates.
pub const USER_PASSWORD: &str = "user-password-for-tests";

/// A running server with its own database.
pub struct TestApp {
    /// `http://127.0.0.1:PORT`.
    pub base_url: String,
    /// An SDK client signed in as the bootstrap system admin.
    pub client: Client,
    /// A direct connection to the test's database, for checks the API cannot make.
    pub db: DatabaseConnection,
    /// The server's settings.
    pub config: Config,
    _database: TestDatabase,
}

impl TestApp {
    /// Starts a server with the default settings (demo data off).
    pub async fn spawn() -> TestApp {
        Self::spawn_with(|_| {}).await
    }

    /// Starts a server after `adjust` has changed its settings.
    pub async fn spawn_with(adjust: impl FnOnce(&mut Config)) -> TestApp {
        capture_logs();
        let database = TestDatabase::new().await;
        let mut config = Config::defaults().unwrap_or_else(|e| panic!("default settings: {e:?}"));
        config.database_url = database.url.clone();
        config.database_schema = database.schema.clone();
        config.workers = 1;
        config.database_max_connections = 5;
        config.demo = DemoSetting::Flag(false);
        config.bootstrap_admin_password = ADMIN_PASSWORD.into();
        config.rate_limit_per_minute = 100_000;
        config.rate_limit_burst = 100_000;
        config.login_attempts_per_minute = 10_000;
        config.login_attempts_burst = 10_000;
        adjust(&mut config);
        let state = cchc_server::prepare(config.clone())
            .await
            .unwrap_or_else(|e| panic!("prepare: {e}"));
        let db = state.db.clone();
        let listener = TcpListener::bind("127.0.0.1:0").unwrap_or_else(|e| panic!("bind: {e}"));
        let port = listener.local_addr().map(|a| a.port()).unwrap_or_default();
        let server = cchc_server::run(state, listener).unwrap_or_else(|e| panic!("run: {e}"));
        tokio::spawn(server);
        let base_url = format!("http://127.0.0.1:{port}");
        let client = Client::builder(&base_url)
            .password("admin", ADMIN_PASSWORD)
            .build()
            .unwrap_or_else(|e| panic!("client: {e}"));
        TestApp {
            base_url,
            client,
            db,
            config,
            _database: database,
        }
    }

    /// A client with no credentials.
    pub fn anonymous(&self) -> Client {
        Client::builder(&self.base_url)
            .build()
            .unwrap_or_else(|e| panic!("client: {e}"))
    }

    /// A client signed in with a username and password.
    pub fn login(&self, username: &str, password: &str) -> Client {
        Client::builder(&self.base_url)
            .password(username, password)
            .build()
            .unwrap_or_else(|e| panic!("client: {e}"))
    }

    /// Creates a user with `role` in `unit_id` (as the admin) and returns a client signed in as it.
    pub async fn user(
        &self,
        username: &str,
        role: Role,
        unit_id: Option<Uuid>,
    ) -> Result<(UserOut, Client), cchc_sdk::Error> {
        let input = UserIn {
            username: username.into(),
            full_name: format!("Người dùng {username}"),
            unit_id,
            roles: vec![role],
            official_id: None,
            password: USER_PASSWORD.into(),
        };
        let user = self.client.users().create(&input).await?.into_inner();
        Ok((user, self.login(username, USER_PASSWORD)))
    }

    /// A client with other settings (e.g. no retries).
    pub fn client_with(
        &self,
        build: impl FnOnce(cchc_sdk::ClientBuilder) -> cchc_sdk::ClientBuilder,
    ) -> Client {
        build(Client::builder(&self.base_url))
            .build()
            .unwrap_or_else(|e| panic!("client: {e}"))
    }
}

/// An access token of the bootstrap admin from the server at `base` (password grant, no SDK).
pub async fn admin_token(base: &str) -> Result<String, Box<dyn std::error::Error>> {
    let answer: serde_json::Value = reqwest::Client::new()
        .post(format!("{base}/api/v1/auth/token"))
        .form(&[
            ("grant_type", "password"),
            ("username", "admin"),
            ("password", ADMIN_PASSWORD),
        ])
        .send()
        .await?
        .error_for_status()?
        .json()
        .await?;
    Ok(answer["access_token"]
        .as_str()
        .ok_or("no access token")?
        .to_owned())
}

/// Reads a problem+json answer, asserting its status and content type.
pub async fn problem(
    res: reqwest::Response,
    status: u16,
) -> Result<Problem, Box<dyn std::error::Error>> {
    assert_eq!(res.status().as_u16(), status, "unexpected status");
    let content_type = res
        .headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    assert_eq!(content_type, "application/problem+json");
    let problem: Problem = res.json().await?;
    assert_eq!(problem.status, status);
    assert!(
        problem.request_id.is_some(),
        "every problem names its request"
    );
    Ok(problem)
}

/// The test's own database, removed when the test ends.
struct TestDatabase {
    url: String,
    schema: String,
    sqlite_file: Option<std::path::PathBuf>,
}

impl TestDatabase {
    async fn new() -> TestDatabase {
        let tag = uuid::Uuid::now_v7().simple().to_string();
        match std::env::var("CCHC_TEST_DATABASE_URL") {
            Ok(url) if !url.is_empty() => TestDatabase {
                url,
                schema: format!("t_{tag}"),
                sqlite_file: None,
            },
            _ => {
                let file = std::env::temp_dir().join(format!("cchc-test-{tag}.db"));
                TestDatabase {
                    url: format!("sqlite://{}?mode=rwc", file.display()),
                    schema: String::new(),
                    sqlite_file: Some(file),
                }
            }
        }
    }
}

impl Drop for TestDatabase {
    fn drop(&mut self) {
        if let Some(file) = &self.sqlite_file {
            for suffix in ["", "-wal", "-shm"] {
                let _ = std::fs::remove_file(format!("{}{suffix}", file.display()));
            }
            return;
        }
        let (url, schema) = (self.url.clone(), self.schema.clone());
        // Drop may run inside a runtime: clean up from a thread of our own.
        let _ = std::thread::spawn(move || {
            let Ok(rt) = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
            else {
                return;
            };
            rt.block_on(async move {
                if let Ok(db) = Database::connect(url.as_str()).await {
                    // A server task cut off mid-change by the end of the test's runtime can
                    // leave a connection idle in a transaction (the server's PostgreSQL
                    // sessions end those after a while): never wait on it for long, a
                    // schema left behind goes with the run's database.
                    let _ = db
                        .execute_raw(Statement::from_string(
                            db.get_database_backend(),
                            "SET lock_timeout = '5s'".to_owned(),
                        ))
                        .await;
                    let _ = db
                        .execute_raw(Statement::from_string(
                            db.get_database_backend(),
                            format!("DROP SCHEMA IF EXISTS \"{schema}\" CASCADE"),
                        ))
                        .await;
                    let _ = db.close().await;
                }
            });
        })
        .join();
    }
}

/// Every log line the servers of this test process wrote (captured at debug level).
static LOGS: std::sync::OnceLock<std::sync::Arc<std::sync::Mutex<Vec<u8>>>> =
    std::sync::OnceLock::new();

#[derive(Clone)]
struct LogSink(std::sync::Arc<std::sync::Mutex<Vec<u8>>>);

impl std::io::Write for LogSink {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        // CCHC_TEST_LOG=1 also shows the servers' logs, to debug a failing test.
        if std::env::var_os("CCHC_TEST_LOG").is_some() {
            eprint!("{}", String::from_utf8_lossy(buf));
        }
        if let Ok(mut logs) = self.0.lock() {
            logs.extend_from_slice(buf);
        }
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

fn capture_logs() {
    LOGS.get_or_init(|| {
        let sink = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
        let writer = LogSink(sink.clone());
        let subscriber = tracing_subscriber::fmt()
            .with_env_filter(tracing_subscriber::EnvFilter::new("debug"))
            .with_writer(move || writer.clone())
            .with_ansi(false)
            .finish();
        let _ = tracing::subscriber::set_global_default(subscriber);
        sink
    });
}

/// What the servers have logged so far in this process.
pub fn logs() -> String {
    LOGS.get()
        .and_then(|l| {
            l.lock()
                .ok()
                .map(|l| String::from_utf8_lossy(&l).into_owned())
        })
        .unwrap_or_default()
}
