//! The command line: global options and the command tree (clap derive). Each resource's
//! own subcommands are here too, so `--help` and the completions come from one place.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};
use clap_complete::Shell;
use uuid::Uuid;

const EXAMPLES: &str = "\
Examples:
  cchc login --url https://cchc.phuyen.gov.vn --username admin
  cchc units list -q \"hoa tan tay\"
  cchc units get 01927f3e-5a1b-7c3d-9e2f-000000000001 --output json
  cchc tasks list --filter status=in_progress --filter overdue=true --all
  cchc plans create --file plan.json
  cchc plans document PLAN_ID --format pdf -o ke-hoach.pdf
  cchc exports run index-ranking --parent DISTRICT_ID --year 2024 --format xlsx -o xep-hang.xlsx
  cchc portal push-dossiers ho-so.ndjson --rejects bi-tu-choi.ndjson
  cchc completions bash > /etc/bash_completion.d/cchc

Environment:
  CCHC_URL                          the API (instead of --url)
  CCHC_USERNAME + CCHC_PASSWORD     sign in on every call, no `cchc login` needed (scripts)
  CCHC_CLIENT_ID + CCHC_CLIENT_SECRET   the same for a system's client credentials
  CCHC_CONFIG_DIR                   where the login is kept (default: the user's config dir)";

/// `cchc`: the command-line client of the CCHC administrative-reform API.
#[derive(Debug, Parser)]
#[command(
    name = "cchc",
    version,
    about = "Command-line client of the CCHC administrative-reform API",
    long_about = "Command-line client of the CCHC administrative-reform API.\n\n\
        Log in once (the token is kept in your configuration directory, readable by you \
        only), then list, read and create every resource, run reports and exports, push \
        the public-service portal's files and render official documents.",
    after_long_help = EXAMPLES,
    propagate_version = true
)]
pub struct Cli {
    /// Options every command takes.
    #[command(flatten)]
    pub global: Global,
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// Options every command takes.
#[derive(Debug, Args)]
pub struct Global {
    /// The API's base URL (default: the one you logged in to)
    #[arg(long, global = true, env = "CCHC_URL", value_name = "URL")]
    pub url: Option<String>,
    /// How results are printed (default: table on a terminal, JSON otherwise)
    #[arg(long, global = true, value_enum, value_name = "FORMAT")]
    pub output: Option<OutputFormat>,
    /// Progress bars on stderr: auto (only on a terminal), always, never
    #[arg(long, global = true, value_enum, default_value_t = ProgressMode::Auto, env = "CCHC_PROGRESS")]
    pub progress: ProgressMode,
    /// Language of the API's messages
    #[arg(long, global = true, value_enum, default_value_t = Lang::Vi, env = "CCHC_LANG")]
    pub lang: Lang,
    /// Time limit of one request, in seconds
    #[arg(long, global = true, default_value_t = 300, value_name = "SECS")]
    pub timeout: u64,
    /// Where the login is kept
    #[arg(long, global = true, env = "CCHC_CONFIG_DIR", value_name = "DIR")]
    pub config_dir: Option<PathBuf>,
}

/// How results are printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum OutputFormat {
    /// Aligned columns (lists) or fields (one resource)
    Table,
    /// Pretty JSON: the resource, or an array of them
    Json,
    /// One JSON object per line (lists, streamed)
    Ndjson,
}

/// When progress bars are drawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ProgressMode {
    /// Only when stderr is a terminal
    Auto,
    /// Even when stderr is a file or a pipe
    Always,
    /// Never
    Never,
}

/// The language of the API's messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Lang {
    /// Tiếng Việt
    Vi,
    /// English
    En,
}

/// The commands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Log in and keep the token (password, or a system's client credentials)
    #[command(
        after_help = "Examples:\n  cchc login --url http://127.0.0.1:8080 --username admin\n  \
        echo \"$SECRET\" | cchc login --url URL --client-id cchc_portal --client-secret-stdin"
    )]
    Login(LoginArgs),
    /// Log out: revoke the kept token and forget it
    Logout,
    /// Show who you are logged in as
    Whoami,
    /// Administrative units
    #[command(subcommand)]
    Units(Crud),
    /// Departments of units
    #[command(subcommand)]
    Departments(Crud),
    /// Officials of units
    #[command(subcommand)]
    Officials(Crud),
    /// Plans (kế hoạch) and their official documents
    #[command(subcommand)]
    Plans(WithDocument),
    /// Tasks
    #[command(subcommand)]
    Tasks(Crud),
    /// PAR-index frameworks (bộ chỉ số)
    #[command(subcommand)]
    Frameworks(Crud),
    /// PAR-index assessments
    #[command(subcommand)]
    Assessments(Crud),
    /// Published PAR-index results and rankings
    #[command(subcommand)]
    Results(ResultsCmd),
    /// Reports, downloaded at once (JSON, CSV or XLSX)
    #[command(subcommand)]
    Reports(ReportsCmd),
    /// Export jobs: reports made in the background, then downloaded
    #[command(subcommand)]
    Exports(ExportsCmd),
    /// The public-service portal: statistics and dossiers
    #[command(subcommand)]
    Portal(PortalCmd),
    /// Awards granted, proposals and decisions
    #[command(subcommand)]
    Awards(AwardsCmd),
    /// Webhook subscriptions
    #[command(subcommand)]
    Webhooks(Crud),
    /// People who sign in
    #[command(subcommand)]
    Users(Crud),
    /// Systems that call the API
    #[command(subcommand, name = "api-clients")]
    ApiClients(Crud),
    /// The audit journal
    #[command(subcommand)]
    Audit(ListOnly),
    /// Print a shell completion script
    #[command(
        after_help = "Example:\n  cchc completions bash > ~/.local/share/bash-completion/completions/cchc"
    )]
    Completions {
        /// The shell
        #[arg(value_enum)]
        shell: Shell,
    },
}

/// `cchc login`.
#[derive(Debug, Args)]
pub struct LoginArgs {
    /// A person's username (password grant)
    #[arg(
        long,
        conflicts_with = "client_id",
        required_unless_present = "client_id"
    )]
    pub username: Option<String>,
    /// Read the password from the first line of stdin (else $CCHC_PASSWORD, else a prompt)
    #[arg(long, requires = "username")]
    pub password_stdin: bool,
    /// A system's client id (client-credentials grant)
    #[arg(long)]
    pub client_id: Option<String>,
    /// Read the client secret from stdin (else $CCHC_CLIENT_SECRET, else a prompt)
    #[arg(long, requires = "client_id")]
    pub client_secret_stdin: bool,
}

/// list, get, create.
#[derive(Debug, Subcommand)]
pub enum Crud {
    /// List (one page; --all for every page)
    List(ListArgs),
    /// Show one by id
    Get(GetArgs),
    /// Create from a JSON body (the API's request schema)
    Create(CreateArgs),
}

/// list only.
#[derive(Debug, Subcommand)]
pub enum ListOnly {
    /// List (one page; --all for every page)
    List(ListArgs),
}

/// list, get, create, and the official document.
#[derive(Debug, Subcommand)]
pub enum WithDocument {
    /// list, get, create
    #[command(flatten)]
    Crud(Crud),
    /// Render the official document (PDF or DOCX) to a file
    #[command(after_help = "Example:\n  cchc plans document PLAN_ID --format pdf -o ke-hoach.pdf")]
    Document(DocumentArgs),
}

/// `list` options.
#[derive(Debug, Args)]
#[command(after_help = "Filters are the API's query parameters, e.g. \
    --filter status=issued --filter year=2024 (see the API docs at /docs).")]
pub struct ListArgs {
    /// A filter of the API's list, as KEY=VALUE (repeatable)
    #[arg(short, long = "filter", value_name = "KEY=VALUE")]
    pub filters: Vec<String>,
    /// Text search (folds case and diacritics: "hoa tan tay" finds "Hòa Tân Tây")
    #[arg(short, long = "search", value_name = "TEXT")]
    pub q: Option<String>,
    /// Page size, 1–200
    #[arg(long)]
    pub limit: Option<i64>,
    /// Start after this cursor (the `next_cursor` of the previous page)
    #[arg(long)]
    pub cursor: Option<String>,
    /// Every page, not only the first
    #[arg(long)]
    pub all: bool,
}

/// `get` options.
#[derive(Debug, Args)]
pub struct GetArgs {
    /// The id
    pub id: Uuid,
}

/// `create` options.
#[derive(Debug, Args)]
pub struct CreateArgs {
    /// The JSON body: a file, or - for stdin
    #[arg(long, value_name = "FILE")]
    pub file: PathBuf,
}

/// `document` options.
#[derive(Debug, Args)]
pub struct DocumentArgs {
    /// The id
    pub id: Uuid,
    /// PDF (embedded fonts) or DOCX (to edit and sign)
    #[arg(long, value_enum, default_value_t = DocFormat::Pdf)]
    pub format: DocFormat,
    /// The file to write (- for stdout)
    #[arg(short = 'o', long = "out", value_name = "FILE")]
    pub out: PathBuf,
}

/// A document format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum DocFormat {
    /// PDF
    Pdf,
    /// Word
    Docx,
}

pub use super::download::{ExportsCmd, ReportsCmd};
pub use super::push::PortalCmd;
pub use super::resources::{AwardsCmd, ResultsCmd};
