//! The `cchc` command-line client (feature `cli`): sign in once, then list, read and create
//! every resource the SDK covers, run reports and exports, push the portal's files and
//! render official documents. All HTTP goes through [`crate::Client`].
//!
//! Exit codes: 0 done, 1 the API refused (its RFC 9457 problem is printed) or the work
//! failed, 2 the command line or an input file is wrong.

mod args;
mod columns;
mod crud;
mod download;
mod output;
mod progress;
mod push;
mod records;
mod resources;
mod session;

use std::process::ExitCode;

use clap::{CommandFactory, Parser};

pub use args::Cli;
use args::Command;

/// Why a command failed.
#[derive(Debug)]
pub(crate) enum CliError {
    /// The command line or an input file is wrong (exit 2).
    Usage(String),
    /// The API answered with an error, or could not be reached (exit 1).
    Api(crate::Error),
    /// Anything else that went wrong while working (exit 1).
    Failed(String),
}

impl From<crate::Error> for CliError {
    fn from(e: crate::Error) -> Self {
        CliError::Api(e)
    }
}

impl From<std::io::Error> for CliError {
    fn from(e: std::io::Error) -> Self {
        CliError::Failed(e.to_string())
    }
}

pub(crate) type CliResult<T = ()> = Result<T, CliError>;

/// Runs `cchc` with the process's arguments and returns its exit code.
pub fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            // Help and version print to stdout and exit 0; the rest are usage errors (2).
            let _ = e.print();
            return ExitCode::from(if e.use_stderr() { 2 } else { 0 });
        }
    };
    let runtime = match tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("error: cannot start: {e}");
            return ExitCode::from(1);
        }
    };
    match runtime.block_on(run(cli)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(CliError::Usage(message)) => {
            eprintln!("error: {message}");
            ExitCode::from(2)
        }
        Err(CliError::Api(e)) => {
            output::print_error(&e);
            ExitCode::from(1)
        }
        Err(CliError::Failed(message)) => {
            eprintln!("error: {message}");
            ExitCode::from(1)
        }
    }
}

async fn run(cli: Cli) -> CliResult {
    let global = cli.global;
    match cli.command {
        Command::Login(a) => session::login(&global, a).await,
        Command::Logout => session::logout(&global).await,
        Command::Whoami => session::whoami(&global).await,
        Command::Completions { shell } => {
            let mut cmd = Cli::command();
            let mut script = Vec::new();
            clap_complete::generate(shell, &mut cmd, "cchc", &mut script);
            output::write_out(String::from_utf8_lossy(&script).trim_end())
        }
        command => {
            let mut session = session::Session::open(&global).await?;
            let outcome = resources::dispatch(&global, &mut session, command).await;
            session.close().await;
            outcome
        }
    }
}
