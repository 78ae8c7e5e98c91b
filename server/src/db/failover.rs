//! PostgreSQL with standbys (pg_auto_failover, Patroni, …) through libpq's multi-host URL:
//! `postgres://user@10.0.0.1:5432,10.0.0.2:5432/cchc?target_session_attrs=read-write`
//! names every node, and the service writes to whichever is the primary now.
//!
//! sqlx opens each pool on one host (launchbadge/sqlx#2290 asks for more), so this module
//! does what libpq does for `target_session_attrs=read-write` (PostgreSQL 15 manual, §34.1.2
//! "Parameter Key Words"): it tries the hosts in order and keeps the first whose session is
//! read-write (`SHOW transaction_read_only` is `off`). Then [`follow`] checks that host every
//! [`CHECK_EVERY`]; when it is gone or has become a standby, it finds the new primary,
//! points the pool's future connections at it (`Pool::set_connect_options`) and makes the
//! pool drop every connection opened before the switch ([`Nodes::opened_before_switch`]).
//! Requests in between fail with 503 `service_unavailable` and succeed again once the
//! standby is promoted; no restart is needed.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use sea_orm::DatabaseConnection;
use sea_orm::sqlx::postgres::{PgConnectOptions, PgConnection};
use sea_orm::sqlx::{self, ConnectOptions, Connection, Row};

/// How often the primary in use is checked.
pub const CHECK_EVERY: Duration = Duration::from_secs(1);
/// How long one host may take to answer a probe.
const PROBE_TIMEOUT: Duration = Duration::from_secs(2);

/// The nodes a multi-host URL names, and which one the pool uses.
#[derive(Debug)]
pub struct Nodes {
    /// One single-host URL per node, in the order given.
    urls: Vec<String>,
    /// Index into `urls` of the primary in use.
    current: AtomicUsize,
    /// When the pool last switched host, in ms after `started` (0: never).
    switched_ms: AtomicU64,
    started: Instant,
}

impl Nodes {
    /// The nodes of `url` when it names more than one host (`None` for a plain URL).
    /// `target_session_attrs` may be absent, `read-write` or `primary` (the service writes,
    /// so it always wants the primary); anything else is an error, as is an empty host.
    pub fn parse(url: &str) -> Option<Result<Nodes, String>> {
        let (scheme, rest) = url.split_once("://")?;
        let (authority, tail) = match rest.find(['/', '?']) {
            Some(i) => rest.split_at(i),
            None => (rest, ""),
        };
        let (userinfo, hosts) = match authority.rsplit_once('@') {
            Some((user, hosts)) => (format!("{user}@"), hosts),
            None => (String::new(), authority),
        };
        if !hosts.contains(',') {
            return None;
        }
        Some(Self::build(scheme, &userinfo, hosts, tail))
    }

    fn build(scheme: &str, userinfo: &str, hosts: &str, tail: &str) -> Result<Nodes, String> {
        let (path, query) = tail.split_once('?').unwrap_or((tail, ""));
        let mut kept = Vec::new();
        for pair in query.split('&').filter(|p| !p.is_empty()) {
            match pair.split_once('=') {
                Some(("target_session_attrs", "read-write" | "primary" | "any")) => {}
                Some(("target_session_attrs", other)) => {
                    return Err(format!(
                        "target_session_attrs={other}: the service writes, so only read-write \
                         (or primary) makes sense"
                    ));
                }
                _ => kept.push(pair),
            }
        }
        let query = if kept.is_empty() {
            String::new()
        } else {
            format!("?{}", kept.join("&"))
        };
        let mut urls = Vec::new();
        for host in hosts.split(',') {
            if host.is_empty() {
                return Err("an empty host in the database URL's host list".into());
            }
            urls.push(format!("{scheme}://{userinfo}{host}{path}{query}"));
        }
        Ok(Nodes {
            urls,
            current: AtomicUsize::new(0),
            switched_ms: AtomicU64::new(0),
            started: Instant::now(),
        })
    }

    /// The single-host URL of the primary in use.
    pub fn current_url(&self) -> &str {
        &self.urls[self
            .current
            .load(Ordering::Relaxed)
            .min(self.urls.len() - 1)]
    }

    /// Whether a pooled connection `age` old was opened before the last switch of host
    /// (and must be dropped rather than handed out).
    pub fn opened_before_switch(&self, age: Duration) -> bool {
        let switched = self.switched_ms.load(Ordering::Relaxed);
        switched != 0 && age > self.started.elapsed().saturating_sub(ms(switched))
    }

    /// Finds the first node whose session is read-write, makes it the one in use and
    /// returns its URL. Errors: no node is a reachable primary (each node's failure named).
    pub async fn find_primary(&self) -> Result<String, String> {
        let mut failures = Vec::new();
        for (i, url) in self.urls.iter().enumerate() {
            match writable(url).await {
                Ok(true) => {
                    if self.current.swap(i, Ordering::Relaxed) != i {
                        let now = self.started.elapsed().as_millis().max(1);
                        self.switched_ms
                            .store(u64::try_from(now).unwrap_or(u64::MAX), Ordering::Relaxed);
                    }
                    return Ok(url.clone());
                }
                Ok(false) => failures.push(format!("node {}: read-only (a standby)", i + 1)),
                Err(e) => failures.push(format!("node {}: {e}", i + 1)),
            }
        }
        Err(format!("no node accepts writes ({})", failures.join("; ")))
    }
}

fn ms(n: u64) -> Duration {
    Duration::from_millis(n)
}

/// Whether the node at `url` answers and its sessions are read-write.
async fn writable(url: &str) -> Result<bool, String> {
    let options: PgConnectOptions = url.parse().map_err(|e: sqlx::Error| e.to_string())?;
    let options = options.disable_statement_logging();
    let probe = async {
        let mut conn = PgConnection::connect_with(&options).await?;
        let row = sqlx::query("SHOW transaction_read_only")
            .fetch_one(&mut conn)
            .await?;
        let read_only: String = row.try_get(0)?;
        let _ = conn.close().await;
        Ok::<bool, sqlx::Error>(read_only == "off")
    };
    match tokio::time::timeout(PROBE_TIMEOUT, probe).await {
        Ok(answer) => answer.map_err(|e| e.to_string()),
        Err(_) => Err("no answer within 2 s".into()),
    }
}

/// Keeps `db`'s pool on the primary: checks the node in use every [`CHECK_EVERY`] and,
/// when it is unreachable or read-only, moves the pool to the node that accepts writes.
/// Runs until the process ends.
pub async fn follow(db: DatabaseConnection, nodes: Arc<Nodes>) {
    let pool = db.get_postgres_connection_pool().clone();
    loop {
        tokio::time::sleep(CHECK_EVERY).await;
        if matches!(writable(nodes.current_url()).await, Ok(true)) {
            continue;
        }
        let before = nodes.current_url().to_owned();
        match nodes.find_primary().await {
            Ok(url) if url != before => match url.parse::<PgConnectOptions>() {
                Ok(options) => {
                    let options = pool
                        .connect_options()
                        .as_ref()
                        .clone()
                        .host(options.get_host())
                        .port(options.get_port());
                    pool.set_connect_options(options);
                    tracing::warn!(
                        primary = %crate::config::redact_url(&url),
                        "the database primary moved; new connections go to it"
                    );
                }
                Err(e) => tracing::error!(error = %e, "the new primary's URL does not parse"),
            },
            Ok(_) => {}
            Err(e) => tracing::warn!(error = %e, "looking for the database primary"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_multi_host_url_is_one_url_per_node() -> Result<(), String> {
        let url = "postgres://cchc:s%40cret@10.0.0.1:5432,db2:6543/cchc?sslmode=disable&target_session_attrs=read-write";
        let nodes = Nodes::parse(url).ok_or("multi-host")??;
        assert_eq!(
            nodes.urls,
            [
                "postgres://cchc:s%40cret@10.0.0.1:5432/cchc?sslmode=disable",
                "postgres://cchc:s%40cret@db2:6543/cchc?sslmode=disable"
            ]
        );
        assert_eq!(nodes.current_url(), nodes.urls[0]);
        Ok(())
    }

    #[test]
    fn one_host_is_not_multi_host_and_odd_attrs_are_refused() {
        assert!(Nodes::parse("postgres://u@h:5432/db").is_none());
        assert!(Nodes::parse("sqlite://cchc.db?mode=rwc").is_none());
        assert!(matches!(
            Nodes::parse("postgres://u@a,b/db?target_session_attrs=standby"),
            Some(Err(_))
        ));
        assert!(matches!(Nodes::parse("postgres://u@a,,b/db"), Some(Err(_))));
    }

    #[test]
    fn connections_older_than_the_switch_are_dropped() {
        let nodes = Nodes::parse("postgres://u@a,b/db").and_then(Result::ok);
        let Some(nodes) = nodes else {
            panic!("parses");
        };
        assert!(
            !nodes.opened_before_switch(Duration::from_secs(3600)),
            "no switch yet"
        );
        nodes.switched_ms.store(1, Ordering::Relaxed);
        std::thread::sleep(Duration::from_millis(20));
        assert!(nodes.opened_before_switch(Duration::from_secs(3600)));
        assert!(!nodes.opened_before_switch(Duration::from_millis(1)));
    }
}
