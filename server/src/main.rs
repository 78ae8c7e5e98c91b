//! `cchc-server`: serve (default) | migrate up/down/status | openapi | seed-demo.

use std::net::TcpListener;
use std::path::PathBuf;
use std::process::ExitCode;

use cchc_migrations::{Migrator, MigratorTrait};
use cchc_server::config::{Config, LogFormat};
use clap::{Parser, Subcommand};

/// CCHC: the administrative-reform (PAR index) service of a People's Committee.
#[derive(Debug, Parser)]
#[command(version, about)]
struct Cli {
    /// A TOML settings file layered over the defaults (also CCHC_CONFIG).
    #[arg(long, global = true)]
    config: Option<PathBuf>,
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Run the HTTP service (the default).
    Serve,
    /// Manage the database schema.
    Migrate {
        #[command(subcommand)]
        action: MigrateAction,
    },
    /// Print the OpenAPI document.
    Openapi,
    /// Load the demo data into an empty database.
    SeedDemo,
    /// Manage the signing keys of access tokens.
    Keys {
        #[command(subcommand)]
        action: KeysAction,
    },
    /// Fill an empty database with a country-sized world for the benchmarks (reproducible
    /// from its seed), and write the manifest the benchmark runner reads.
    BenchData(cchc_server::bench_data::Options),
    /// Exit 0 when the server on the configured bind address answers /readyz with 200
    /// (for container health checks; needs no curl in the image).
    Healthcheck,
    /// Administration without signing in: reset a password, list or revoke sessions,
    /// create a system admin (journaled as changes by the system).
    Admin {
        #[command(subcommand)]
        action: cchc_server::admin::Command,
    },
}

#[derive(Debug, Subcommand)]
enum KeysAction {
    /// Make a new active key; tokens signed with the old one stay valid until they expire.
    Rotate,
    /// Delete inactive keys (run once the access-token lifetime has passed since a rotation).
    Prune,
}

#[derive(Debug, Subcommand)]
enum MigrateAction {
    /// Apply every pending migration.
    Up,
    /// Revert the last migration (or N of them).
    Down {
        /// How many to revert.
        #[arg(default_value_t = 1)]
        steps: u32,
    },
    /// List applied and pending migrations.
    Status,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    if let Some(Command::Openapi) = cli.command {
        return match serde_json::to_string_pretty(&cchc_server::openapi()) {
            Ok(json) => {
                println!("{json}");
                ExitCode::SUCCESS
            }
            Err(e) => fail(&format!("cannot serialise the OpenAPI document: {e}")),
        };
    }
    let config = match Config::load(cli.config.as_deref()) {
        Ok(config) => config,
        Err(problems) => {
            for problem in problems {
                eprintln!("cchc-server: {problem}");
            }
            return ExitCode::from(2);
        }
    };
    // The admin commands' standard output is their report alone: their log goes to stderr.
    init_logs(&config, matches!(cli.command, Some(Command::Admin { .. })));
    let runtime = match tokio::runtime::Runtime::new() {
        Ok(rt) => rt,
        Err(e) => return fail(&format!("cannot start the runtime: {e}")),
    };
    let result = runtime.block_on(async move {
        match cli.command.unwrap_or(Command::Serve) {
            Command::Serve => serve(config).await,
            Command::Migrate { action } => migrate(config, action).await,
            Command::SeedDemo => seed_demo(config).await,
            Command::Healthcheck => healthcheck(&config),
            Command::Keys { action } => keys(config, action).await,
            Command::BenchData(options) => cchc_server::bench_data::run(&config, &options).await,
            Command::Admin { action } => cchc_server::admin::run(&config, action).await,
            Command::Openapi => Ok(()),
        }
    });
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => fail(&message),
    }
}

fn fail(message: &str) -> ExitCode {
    eprintln!("cchc-server: {message}");
    ExitCode::FAILURE
}

fn init_logs(config: &Config, to_stderr: bool) {
    let filter = tracing_subscriber::EnvFilter::try_from_env("CCHC_LOG")
        .or_else(|_| tracing_subscriber::EnvFilter::try_new(&config.log_level))
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info"));
    // Colour codes only on a terminal: a file or a pipe gets plain text (and `NO_COLOR`,
    // https://no-color.org, turns them off anywhere).
    let terminal = if to_stderr {
        std::io::IsTerminal::is_terminal(&std::io::stderr())
    } else {
        std::io::IsTerminal::is_terminal(&std::io::stdout())
    };
    let ansi = terminal && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty());
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_target(false)
        .with_ansi(ansi);
    match (config.log_format, to_stderr) {
        (LogFormat::Json, false) => builder.json().init(),
        (LogFormat::Text, false) => builder.init(),
        (LogFormat::Json, true) => builder.with_writer(std::io::stderr).json().init(),
        (LogFormat::Text, true) => builder.with_writer(std::io::stderr).init(),
    }
}

async fn serve(config: Config) -> Result<(), String> {
    let bind = config.bind.clone();
    let listener = TcpListener::bind(&bind).map_err(|e| format!("cannot listen on {bind}: {e}"))?;
    let state = cchc_server::prepare(config).await?;
    tracing::info!(address = %bind, docs = %format!("http://{bind}/docs/"), "serving");
    let server =
        cchc_server::run(state, listener).map_err(|e| format!("cannot start the server: {e}"))?;
    server.await.map_err(|e| format!("server stopped: {e}"))
}

async fn migrate(config: Config, action: MigrateAction) -> Result<(), String> {
    let db = cchc_server::db::connect(&config)
        .await
        .map_err(|e| format!("cannot open the database: {e}"))?;
    let result = match action {
        MigrateAction::Up => Migrator::up(&db, None).await,
        MigrateAction::Down { steps } => Migrator::down(&db, Some(steps)).await,
        MigrateAction::Status => Migrator::status(&db).await,
    };
    result.map_err(|e| format!("migration failed: {e}"))
}

async fn seed_demo(config: Config) -> Result<(), String> {
    let db = cchc_server::db::connect(&config)
        .await
        .map_err(|e| format!("cannot open the database: {e}"))?;
    cchc_server::db::migrate(&db)
        .await
        .map_err(|e| format!("migrations failed: {e}"))?;
    cchc_server::bootstrap::ensure_admin(&db, &config)
        .await
        .map_err(|e| format!("bootstrap admin: {e}"))?;
    let loaded = cchc_server::demo::seed(&db, &config)
        .await
        .map_err(|e| format!("demo data failed: {e}"))?;
    println!(
        "{}",
        if loaded {
            "demo data loaded"
        } else {
            "the database is not empty; nothing loaded"
        }
    );
    Ok(())
}

fn healthcheck(config: &Config) -> Result<(), String> {
    use std::io::{Read, Write};
    use std::net::{SocketAddr, TcpStream};
    use std::time::Duration;

    let mut addr: SocketAddr = config.bind.parse().map_err(|e| format!("bind: {e}"))?;
    if addr.ip().is_unspecified() {
        addr.set_ip(std::net::Ipv4Addr::LOCALHOST.into());
    }
    let timeout = Duration::from_secs(3);
    let mut stream =
        TcpStream::connect_timeout(&addr, timeout).map_err(|e| format!("connect {addr}: {e}"))?;
    stream
        .set_read_timeout(Some(timeout))
        .map_err(|e| e.to_string())?;
    stream
        .write_all(
            format!("GET /readyz HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n").as_bytes(),
        )
        .map_err(|e| e.to_string())?;
    let mut head = [0u8; 12];
    stream.read_exact(&mut head).map_err(|e| e.to_string())?;
    if head.ends_with(b" 200") {
        Ok(())
    } else {
        Err(format!("not ready: {}", String::from_utf8_lossy(&head)))
    }
}

async fn keys(config: Config, action: KeysAction) -> Result<(), String> {
    let db = cchc_server::db::connect(&config)
        .await
        .map_err(|e| format!("cannot open the database: {e}"))?;
    cchc_server::db::migrate(&db)
        .await
        .map_err(|e| format!("migrations failed: {e}"))?;
    match action {
        KeysAction::Rotate => {
            let kid = cchc_server::auth::tokens::rotate(&db)
                .await
                .map_err(|e| e.to_string())?;
            println!("new active signing key: {kid}");
        }
        KeysAction::Prune => {
            let n = cchc_server::auth::tokens::prune(&db)
                .await
                .map_err(|e| e.to_string())?;
            println!("inactive signing keys removed: {n}");
        }
    }
    Ok(())
}
