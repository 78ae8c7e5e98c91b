//! `cchc-server admin …`: administration from the command line, for when nobody can sign
//! in — the bootstrap password printed at first start was missed, the last system admin
//! forgot theirs, a stolen session must end now.
//!
//! Every change goes through the write path as the installation itself (`system` in the
//! journal), by the same domain functions the API uses, so it is journaled, revokes
//! sessions and raises the authorization epoch exactly as the API's change would. A
//! generated password is shown once, on standard error or in a new 0600 file
//! ([`secret`]), never in the log; standard output carries only the command's report.
//!
//! The functions take a database connection and writers so that tests run them in-process;
//! [`run`] is what `main.rs` calls.

pub mod secret;
pub mod sessions;
pub mod users;

use std::path::PathBuf;

use clap::{Args, Subcommand};
use uuid::Uuid;

use crate::config::Config;
use crate::error::{ApiError, Lang};
pub use secret::{NewPassword, SecretSink, read_password};

/// Why an admin command changed nothing (or, for [`AdminError::Input`] after a change, what
/// is left to do). Displayed as one line for the operator.
#[derive(Debug, thiserror::Error)]
pub enum AdminError {
    /// No user has this login name.
    #[error("no user named '{0}'; nothing was changed")]
    UnknownUser(String),
    /// A user already has this login name.
    #[error("a user named '{0}' already exists; nothing was changed")]
    UserExists(String),
    /// No sign-in has this id.
    #[error("no session {0}; nothing was changed")]
    UnknownSession(Uuid),
    /// The secret file could not be created.
    #[error("cannot create the secret file {path}: {reason}; nothing was changed")]
    SecretFile {
        /// The path given.
        path: String,
        /// Why (it exists, permissions …).
        reason: String,
    },
    /// Bad input, or the output failed.
    #[error("{0}")]
    Input(String),
    /// The domain refused the change (validation) or the database failed.
    #[error("{}", describe(.0))]
    Api(#[from] ApiError),
}

/// An API error as one line for the operator: its English detail and field issues, and the
/// cause of an internal error (the operator is the one who can act on it).
fn describe(e: &ApiError) -> String {
    let problem = e.to_problem(Lang::En, None);
    let mut line = problem.detail.unwrap_or(problem.title);
    let issues: Vec<String> = problem
        .errors
        .iter()
        .map(|i| format!("{} ({})", i.field, i.message))
        .collect();
    if !issues.is_empty() {
        line = format!("{}: {}", line.trim_end_matches('.'), issues.join("; "));
    }
    if let Some(cause) = e.cause() {
        line.push_str(&format!(" [{cause}]"));
    }
    line.push_str("; nothing was changed");
    line
}

/// The `admin` subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Set a new password for a user (generated unless --password-stdin) and end every
    /// session of theirs.
    ResetPassword {
        /// The user's login name.
        username: String,
        #[command(flatten)]
        password: PasswordArgs,
    },
    /// List or revoke sessions (sign-ins).
    Sessions {
        #[command(subcommand)]
        action: SessionsAction,
    },
    /// Create a system admin (sees and manages the whole unit tree).
    CreateSystemAdmin {
        /// The new login name (3–64 of a–z, 0–9, `.`, `_`, `-`).
        username: String,
        /// The person's full name.
        #[arg(long)]
        full_name: String,
        #[command(flatten)]
        password: PasswordArgs,
    },
}

/// Where the password comes from and where a generated one goes.
#[derive(Debug, Args)]
pub struct PasswordArgs {
    /// Read the password (10–200 characters) from the first line of standard input instead
    /// of generating one; it is never shown.
    #[arg(long)]
    pub password_stdin: bool,
    /// Write the generated password to this new file (mode 0600; an existing file is never
    /// overwritten) instead of standard error.
    #[arg(long, value_name = "PATH", conflicts_with = "password_stdin")]
    pub secret_file: Option<PathBuf>,
}

/// `admin sessions …`.
#[derive(Debug, Subcommand)]
pub enum SessionsAction {
    /// Show the active sessions: id, user or API client, created, last used, expires.
    List {
        /// Only this user's sessions.
        #[arg(long)]
        username: Option<String>,
    },
    /// End one session by id, or every session of a user (--username U --all).
    #[command(
        override_usage = "cchc-server admin sessions revoke <SESSION_ID>\n       \
                                cchc-server admin sessions revoke --username <USERNAME> --all"
    )]
    Revoke {
        /// The session id (the SESSION column of `list`).
        #[arg(required_unless_present = "all", conflicts_with = "all")]
        session_id: Option<Uuid>,
        /// Whose sessions (with --all).
        #[arg(long, requires = "all")]
        username: Option<String>,
        /// Every session of --username.
        #[arg(long, requires = "username")]
        all: bool,
    },
}

/// Runs an admin command against the configured database, reporting on standard output and
/// writing a generated password to standard error or its file. Errors: one line for the
/// operator — among them a schema that is not current (the command never migrates: that is
/// `migrate up`'s or the server's start-up's job).
pub async fn run(config: &Config, command: Command) -> Result<(), String> {
    use cchc_migrations::{Migrator, MigratorTrait};
    let db = crate::db::connect(config).await.map_err(|e| {
        let url = crate::config::redact_url(&config.database_url);
        format!("cannot open the database {url}: {e}")
    })?;
    let pending = Migrator::get_pending_migrations_read_only(&db)
        .await
        .map_err(|e| format!("cannot read the schema's version: {e}"))?;
    if !pending.is_empty() {
        return Err(format!(
            "the database schema is not current ({} migrations pending): run `cchc-server migrate up` (or start the server) first; nothing was changed",
            pending.len()
        ));
    }
    let mut out = std::io::stdout();
    let report = |out: &mut dyn std::io::Write, line: String| {
        writeln!(out, "{line}").map_err(|e| format!("cannot write the report: {e}"))
    };
    match command {
        Command::ResetPassword { username, password } => {
            let (new, mut stderr) = (source(&password)?, std::io::stderr());
            let sink = sink(&password, &mut stderr);
            let done = users::reset_password(&db, &username, new, sink)
                .await
                .map_err(|e| e.to_string())?;
            let head = format!("password of '{}' reset", done.username);
            report(&mut out, account_report(head, &done))?;
            report(
                &mut out,
                format!("every session of '{}' has ended", done.username),
            )
        }
        Command::CreateSystemAdmin {
            username,
            full_name,
            password,
        } => {
            let (new, mut stderr) = (source(&password)?, std::io::stderr());
            let sink = sink(&password, &mut stderr);
            let done = users::create_system_admin(&db, &username, &full_name, new, sink)
                .await
                .map_err(|e| e.to_string())?;
            let head = format!(
                "system admin '{}' created (id {})",
                done.username, done.user_id
            );
            report(&mut out, account_report(head, &done))
        }
        Command::Sessions {
            action: SessionsAction::List { username },
        } => {
            let rows = sessions::list(&db, username.as_deref(), config.access_token_ttl_secs)
                .await
                .map_err(|e| e.to_string())?;
            sessions::write_table(&rows, &mut out).map_err(|e| format!("cannot write: {e}"))
        }
        Command::Sessions {
            action:
                SessionsAction::Revoke {
                    session_id: Some(id),
                    ..
                },
        } => match sessions::revoke(&db, id).await.map_err(|e| e.to_string())? {
            sessions::Revoked::Ended => report(&mut out, format!("session {id} revoked")),
            sessions::Revoked::AlreadyEnded => report(
                &mut out,
                format!("session {id} had already ended; nothing was changed"),
            ),
        },
        Command::Sessions {
            action:
                SessionsAction::Revoke {
                    username: Some(username),
                    ..
                },
        } => {
            let n = sessions::revoke_all(&db, &username)
                .await
                .map_err(|e| e.to_string())?;
            report(&mut out, format!("sessions of '{username}' revoked: {n}"))
        }
        Command::Sessions {
            action: SessionsAction::Revoke { .. },
        } => Err("name a session id, or --username U --all".into()),
    }
}

fn source(args: &PasswordArgs) -> Result<NewPassword, String> {
    if args.password_stdin {
        let password = read_password(std::io::stdin().lock()).map_err(|e| e.to_string())?;
        return Ok(NewPassword::Given(password));
    }
    Ok(NewPassword::Generate)
}

fn sink<'a>(args: &PasswordArgs, stderr: &'a mut std::io::Stderr) -> SecretSink<'a> {
    match &args.secret_file {
        Some(path) => SecretSink::File(path.clone()),
        None => SecretSink::Writer(stderr),
    }
}

/// `head` and where the password went, e.g. "password of 'an' reset; the generated password
/// was written to standard error".
fn account_report(head: String, done: &users::AccountChange) -> String {
    let mut line = match &done.secret_written_to {
        Some(place) => format!("{head}; the generated password was written to {place}"),
        None => format!("{head}, with the password given"),
    };
    if !done.active {
        line.push_str(" (the account is deactivated: activate it to sign in)");
    }
    line
}
