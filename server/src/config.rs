//! Typed settings, layered: defaults (`config/default.toml`, compiled in) -> optional file
//! (`CCHC_CONFIG`) -> `CCHC_*` environment variables. Loaded once, carried in `AppState`.

use std::net::SocketAddr;
use std::path::Path;

use figment::Figment;
use figment::providers::{Env, Format, Toml};
use serde::Deserialize;

/// The compiled-in defaults: the commented file that documents every setting.
pub const DEFAULTS: &str = include_str!("../../config/default.toml");

mod flag;
pub use flag::{DemoSetting, FLAG_WORDS, flag};

/// Log line format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum LogFormat {
    /// Human-readable lines.
    Text,
    /// One JSON object per line.
    Json,
}

/// Every setting of the server; see `config/default.toml` for their meaning.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    pub database_url: String,
    pub database_schema: String,
    pub database_max_connections: u32,
    /// How long a SQLite write waits for another writer's lock before it is refused with
    /// 503 and `Retry-After` (milliseconds).
    pub database_busy_timeout_ms: u64,
    pub bind: String,
    pub workers: usize,
    pub demo: DemoSetting,
    pub log_format: LogFormat,
    pub log_level: String,
    pub max_body_bytes: usize,
    pub max_batch_bytes: usize,
    pub request_timeout_secs: u64,
    /// On SIGTERM, how long in-flight requests may run before the process exits anyway.
    pub shutdown_timeout_secs: u64,
    pub idempotency_ttl_hours: u64,
    pub bootstrap_admin_username: String,
    pub bootstrap_admin_password: String,
    pub demo_password: String,
    pub jwt_issuer: String,
    pub jwt_audience: String,
    pub access_token_ttl_secs: u64,
    pub refresh_token_ttl_days: u64,
    pub trusted_ip_header: String,
    /// Origins whose pages may call the API from a browser (CORS): comma-separated exact
    /// origins such as `https://portal.example.vn`; empty: none.
    pub cors_allowed_origins: String,
    pub rate_limit_per_minute: u32,
    pub rate_limit_burst: u32,
    pub login_attempts_per_minute: u32,
    pub login_attempts_burst: u32,
    pub attachments_dir: String,
    pub attachment_max_bytes: usize,
    pub fixed_time: String,
    /// Whether webhooks may go to loopback, private, link-local and unique-local addresses
    /// (off: the SSRF guard refuses them; tests turn it on).
    #[serde(deserialize_with = "flag_setting")]
    pub webhooks_allow_private_targets: bool,
    /// Attempts of one webhook delivery before it is dead-lettered.
    pub webhooks_max_attempts: u32,
    /// The first retry delay of a webhook delivery, doubled after each failure (ms).
    pub webhooks_backoff_base_ms: u64,
    /// How often the delivery worker looks for due deliveries (ms).
    pub webhooks_poll_interval_ms: u64,
    /// Days an event is kept in the outbox once every delivery of it is settled
    /// (delivered or dead); then it and its delivery log are removed.
    pub webhooks_retention_days: u64,
    /// Whether this process runs export jobs (off: it only queues them, for another
    /// replica to run).
    #[serde(deserialize_with = "flag_setting")]
    pub exports_worker: bool,
    /// How often the export worker looks for queued jobs (ms).
    pub exports_poll_interval_ms: u64,
    /// Attempts of one export job (a replica that died mid-run counts one) before it fails.
    pub exports_max_attempts: u32,
    /// Hours an export job and its file are kept after it was asked for.
    pub exports_retention_hours: u64,
    /// How often the outlook watch projects the units' indexes and sends
    /// `index.outlook.at_risk` for the expected bands that dropped (seconds; 0: never).
    pub outlook_watch_interval_secs: u64,
    /// The bearer token that `GET /metrics` asks for; empty: `/metrics` is not served.
    pub metrics_token: String,
}

/// A boolean setting read with [`flag`] (`true`/`1`/`yes`/`on` and their opposites).
fn flag_setting<'de, D: serde::Deserializer<'de>>(deserializer: D) -> Result<bool, D::Error> {
    let value = <figment::value::Value as Deserialize>::deserialize(deserializer)?;
    flag(&value).ok_or_else(|| {
        serde::de::Error::custom(format!("not a boolean; allowed values: {FLAG_WORDS}"))
    })
}

impl Config {
    /// Loads the layers and validates them; every problem is one line of the error.
    pub fn load(file: Option<&Path>) -> Result<Config, Vec<String>> {
        let mut figment = Figment::from(Toml::string(DEFAULTS));
        let file = file
            .map(Path::to_path_buf)
            .or_else(|| std::env::var_os("CCHC_CONFIG").map(Into::into));
        if let Some(path) = file {
            if !path.is_file() {
                return Err(vec![format!(
                    "config file {} does not exist",
                    path.display()
                )]);
            }
            figment = figment.merge(Toml::file(path));
        }
        // Only the keys of this struct: other CCHC_* variables (CCHC_TEST_…, CCHC_CONFIG) are not settings.
        let env = Env::prefixed("CCHC_").filter(|key| Self::KEYS.iter().any(|k| key == *k));
        Self::from_figment(figment.merge(env))
    }

    /// The compiled-in defaults alone (what tests start from).
    pub fn defaults() -> Result<Config, Vec<String>> {
        Self::from_figment(Figment::from(Toml::string(DEFAULTS)))
    }

    /// Extracts and validates settings from any figment (tests build their own).
    pub fn from_figment(figment: Figment) -> Result<Config, Vec<String>> {
        let config: Config = figment.extract().map_err(|errors| {
            errors
                .into_iter()
                .map(|e| {
                    let key = e.path.join(".");
                    let source = e
                        .metadata
                        .as_ref()
                        .map(|m| m.name.to_string())
                        .unwrap_or_default();
                    format!("setting '{key}' ({source}): {}", e.kind)
                })
                .collect::<Vec<_>>()
        })?;
        config.validate()?;
        Ok(config)
    }

    /// The keys of the settings, as lower-case env suffixes.
    pub const KEYS: &'static [&'static str] = &[
        "database_url",
        "database_schema",
        "database_max_connections",
        "database_busy_timeout_ms",
        "bind",
        "workers",
        "demo",
        "log_format",
        "log_level",
        "max_body_bytes",
        "max_batch_bytes",
        "request_timeout_secs",
        "shutdown_timeout_secs",
        "idempotency_ttl_hours",
        "bootstrap_admin_username",
        "bootstrap_admin_password",
        "demo_password",
        "jwt_issuer",
        "jwt_audience",
        "access_token_ttl_secs",
        "refresh_token_ttl_days",
        "trusted_ip_header",
        "cors_allowed_origins",
        "rate_limit_per_minute",
        "rate_limit_burst",
        "login_attempts_per_minute",
        "login_attempts_burst",
        "attachments_dir",
        "attachment_max_bytes",
        "fixed_time",
        "webhooks_allow_private_targets",
        "webhooks_max_attempts",
        "webhooks_backoff_base_ms",
        "webhooks_poll_interval_ms",
        "webhooks_retention_days",
        "exports_worker",
        "exports_poll_interval_ms",
        "exports_max_attempts",
        "exports_retention_hours",
        "outlook_watch_interval_secs",
        "metrics_token",
    ];

    fn validate(&self) -> Result<(), Vec<String>> {
        let mut problems = Vec::new();
        if !self.is_sqlite() && !self.is_postgres() {
            problems.push(format!(
                "setting 'database_url': '{}' is neither sqlite:// nor postgres://",
                redact_url(&self.database_url)
            ));
        }
        if !self.database_schema.is_empty()
            && !self
                .database_schema
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '_')
        {
            problems
                .push("setting 'database_schema': only letters, digits and '_' are allowed".into());
        }
        if self.database_max_connections == 0 {
            problems.push("setting 'database_max_connections': must be at least 1".into());
        }
        if self.bind.parse::<SocketAddr>().is_err() {
            problems.push(format!(
                "setting 'bind': '{}' is not an address:port such as 127.0.0.1:8080",
                self.bind
            ));
        }
        if tracing_subscriber::EnvFilter::try_new(&self.log_level).is_err() {
            problems.push(format!(
                "setting 'log_level': '{}' is not a valid filter",
                self.log_level
            ));
        }
        if self.max_body_bytes < 1024 {
            problems.push("setting 'max_body_bytes': must be at least 1024".into());
        }
        if self.max_batch_bytes < 1024 {
            problems.push("setting 'max_batch_bytes': must be at least 1024".into());
        }
        if !self.fixed_time.is_empty()
            && chrono::DateTime::parse_from_rfc3339(&self.fixed_time).is_err()
        {
            problems.push(format!(
                "setting 'fixed_time': '{}' is not an RFC 3339 instant such as 2026-11-20T03:00:00Z",
                self.fixed_time
            ));
        }
        if let Err(problem) = crate::http::cors::parse_origins(&self.cors_allowed_origins) {
            problems.push(format!("setting 'cors_allowed_origins': {problem}"));
        }
        if self.webhooks_max_attempts == 0 {
            problems.push("setting 'webhooks_max_attempts': must be at least 1".into());
        }
        if self.webhooks_poll_interval_ms == 0 {
            problems.push("setting 'webhooks_poll_interval_ms': must be at least 1".into());
        }
        if self.webhooks_retention_days == 0 {
            problems.push("setting 'webhooks_retention_days': must be at least 1".into());
        }
        if self.exports_poll_interval_ms == 0 {
            problems.push("setting 'exports_poll_interval_ms': must be at least 1".into());
        }
        if self.exports_max_attempts == 0 {
            problems.push("setting 'exports_max_attempts': must be at least 1".into());
        }
        if self.exports_retention_hours == 0 {
            problems.push("setting 'exports_retention_hours': must be at least 1".into());
        }
        if self.request_timeout_secs == 0 {
            problems.push("setting 'request_timeout_secs': must be at least 1".into());
        }
        if self.idempotency_ttl_hours == 0 {
            problems.push("setting 'idempotency_ttl_hours': must be at least 1".into());
        }
        if self.attachment_max_bytes < 1024 {
            problems.push("setting 'attachment_max_bytes': must be at least 1024".into());
        }
        if self.bootstrap_admin_username.trim().len() < 3 {
            problems.push("setting 'bootstrap_admin_username': at least 3 characters".into());
        }
        if !self.bootstrap_admin_password.is_empty()
            && self.bootstrap_admin_password.chars().count() < 10
        {
            problems.push("setting 'bootstrap_admin_password': at least 10 characters (or empty to generate one)".into());
        }
        if !self.demo_password.is_empty() && self.demo_password.chars().count() < 10 {
            problems.push(
                "setting 'demo_password': at least 10 characters (or empty to generate one)".into(),
            );
        }
        if self.jwt_issuer.is_empty() || self.jwt_audience.is_empty() {
            problems.push("settings 'jwt_issuer' and 'jwt_audience' must not be empty".into());
        }
        if !(60..=86_400).contains(&self.access_token_ttl_secs) {
            problems.push("setting 'access_token_ttl_secs': between 60 and 86400".into());
        }
        if self.refresh_token_ttl_days == 0 {
            problems.push("setting 'refresh_token_ttl_days': at least 1".into());
        }
        if self.rate_limit_per_minute == 0 || self.rate_limit_burst == 0 {
            problems
                .push("settings 'rate_limit_per_minute' and 'rate_limit_burst': at least 1".into());
        }
        if self.login_attempts_per_minute == 0 || self.login_attempts_burst == 0 {
            problems.push(
                "settings 'login_attempts_per_minute' and 'login_attempts_burst': at least 1"
                    .into(),
            );
        }
        if !self.metrics_token.is_empty()
            && (self.metrics_token.len() < 16
                || !self.metrics_token.bytes().all(|b| b.is_ascii_graphic()))
        {
            problems.push("setting 'metrics_token': at least 16 visible ASCII characters, no spaces (or empty to not serve /metrics)".into());
        }
        if problems.is_empty() {
            Ok(())
        } else {
            Err(problems)
        }
    }

    /// Whether the database is SQLite.
    pub fn is_sqlite(&self) -> bool {
        self.database_url.starts_with("sqlite:")
    }

    /// Whether the database is PostgreSQL.
    pub fn is_postgres(&self) -> bool {
        self.database_url.starts_with("postgres://")
            || self.database_url.starts_with("postgresql://")
    }

    /// Whether to load the demo data into an empty database.
    pub fn demo_enabled(&self) -> bool {
        match self.demo {
            DemoSetting::Flag(on) => on,
            DemoSetting::Auto => self.is_sqlite(),
        }
    }
}

/// The URL with any password replaced, for messages and logs.
pub fn redact_url(url: &str) -> String {
    match url::Url::parse(url) {
        Ok(mut parsed) if parsed.password().is_some() => {
            let _ = parsed.set_password(Some("***"));
            parsed.to_string()
        }
        Ok(_) => url.to_owned(),
        // Not one URL by the WHATWG rules: libpq's multi-host form (`h1:5432,h2:5432`).
        Err(_) => {
            let Some((scheme, rest)) = url.split_once("://") else {
                return url.to_owned();
            };
            let authority = rest.split(['/', '?']).next().unwrap_or_default();
            match authority.rsplit_once('@') {
                Some((userinfo, _)) if userinfo.contains(':') => {
                    let user = userinfo.split(':').next().unwrap_or_default();
                    let after = &rest[userinfo.len()..];
                    format!("{scheme}://{user}:***{after}")
                }
                _ => url.to_owned(),
            }
        }
    }
}

#[cfg(test)]
mod tests;
