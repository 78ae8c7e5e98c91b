//! list / get / create of every resource, the same way for each: `--filter KEY=VALUE`
//! read into the resource's typed query, `--file` read into its typed create body, the
//! answer printed as a table (the columns below) or JSON.

use clap::Subcommand;
use futures_util::{Stream, StreamExt};
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::Value;
use uuid::Uuid;

use super::args::{Command, Crud, Global, ListArgs, ListOnly, OutputFormat, WithDocument};
use super::session::Session;
use super::{CliError, CliResult, download, output, push};
use crate::types::common::Page;
use crate::types::{
    api_clients, audit, awards, departments, exports, index, officials, plans, tasks, units, users,
    webhooks,
};

/// `cchc results`.
#[derive(Debug, Subcommand)]
pub enum ResultsCmd {
    /// The ranking of a parent's units for a year, best first
    Ranking {
        /// The parent unit (a district, or the province)
        #[arg(long)]
        parent: Uuid,
        /// Year
        #[arg(long)]
        year: i32,
    },
    /// A unit's published result for a year
    Get {
        /// The unit
        unit: Uuid,
        /// Year
        #[arg(long)]
        year: i32,
    },
}

/// `cchc awards`.
#[derive(Debug, Subcommand)]
pub enum AwardsCmd {
    /// Awards granted (the award histories)
    List(ListArgs),
    /// Award proposals
    #[command(subcommand)]
    Proposals(Crud),
    /// Award decisions (quyết định khen thưởng) and their documents
    #[command(subcommand)]
    Decisions(WithDocument),
}

use super::columns::*;

/// Reads `pairs` (the API's query parameters) into the typed query `Q`; a key that `Q`
/// does not take is a usage error.
pub(crate) fn params<Q: DeserializeOwned + Serialize>(pairs: &[(String, String)]) -> CliResult<Q> {
    let usage = |e: &dyn std::fmt::Display| CliError::Usage(format!("filters: {e}"));
    let encoded = serde_urlencoded::to_string(pairs).map_err(|e| usage(&e))?;
    let query: Q = serde_urlencoded::from_str(&encoded).map_err(|e| usage(&e))?;
    // A value the API does not know (an unknown status) reads as the query's `Unknown`,
    // which cannot be sent: name the filter that holds it.
    let read = serde_urlencoded::to_string(&query).map_err(|_| {
        let bad = pairs.iter().find(|(k, v)| {
            let one = serde_urlencoded::to_string([(k, v)]).unwrap_or_default();
            serde_urlencoded::from_str::<Q>(&one)
                .map_or(true, |q| serde_urlencoded::to_string(&q).is_err())
        });
        match bad {
            Some((k, v)) => CliError::Usage(format!(
                "`{k}={v}`: not a value of `{k}` (the API's values are in `--help` and /docs)"
            )),
            None => CliError::Usage("filters: a value the API does not take".into()),
        }
    })?;
    let read: Vec<(String, String)> = serde_urlencoded::from_str(&read).map_err(|e| usage(&e))?;
    for (key, _) in pairs {
        if !read.iter().any(|(k, _)| k == key) {
            return Err(CliError::Usage(format!(
                "`{key}` is not a filter this command takes"
            )));
        }
    }
    Ok(query)
}

/// `KEY=VALUE` arguments as pairs.
pub(crate) fn pairs(filters: &[String]) -> CliResult<Vec<(String, String)>> {
    filters
        .iter()
        .map(|f| match f.split_once('=') {
            Some((k, v)) if !k.trim().is_empty() => Ok((k.trim().to_owned(), v.to_owned())),
            _ => Err(CliError::Usage(format!("`{f}`: a filter is KEY=VALUE"))),
        })
        .collect()
}

fn list_query<Q: DeserializeOwned + Serialize>(args: &ListArgs) -> CliResult<Q> {
    let mut p = pairs(&args.filters)?;
    if let Some(q) = &args.q {
        p.push(("q".into(), q.clone()));
    }
    if let Some(limit) = args.limit {
        p.push(("limit".into(), limit.to_string()));
    }
    if let Some(cursor) = &args.cursor {
        p.push(("cursor".into(), cursor.clone()));
    }
    params(&p)
}

/// Reads a create body: the JSON of a file, or of stdin for `-`.
pub(crate) fn read_body<T: DeserializeOwned>(path: &std::path::Path) -> CliResult<T> {
    let bytes = if path.as_os_str() == "-" {
        let mut buf = Vec::new();
        std::io::Read::read_to_end(&mut std::io::stdin().lock(), &mut buf)?;
        buf
    } else {
        std::fs::read(path).map_err(|e| CliError::Usage(format!("{}: {e}", path.display())))?
    };
    serde_json::from_slice(&bytes)
        .map_err(|e| CliError::Usage(format!("{}: not a valid body: {e}", path.display())))
}

pub(crate) fn to_value(value: &impl Serialize) -> CliResult<Value> {
    serde_json::to_value(value).map_err(|e| CliError::Failed(e.to_string()))
}

pub(crate) fn print_value(global: &Global, value: &impl Serialize) -> CliResult {
    output::print_one(global, &to_value(value)?)
}

fn print_page<T: Serialize>(global: &Global, columns: Columns, page: Page<T>) -> CliResult {
    let items = page
        .data
        .iter()
        .map(to_value)
        .collect::<CliResult<Vec<_>>>()?;
    output::print_list(global, columns, &items)?;
    if let (true, Some(cursor), OutputFormat::Table) =
        (page.has_more, &page.next_cursor, output::format(global))
    {
        eprintln!("more: add --cursor {cursor}, or --all for every page");
    }
    Ok(())
}

/// Prints every page: NDJSON as it arrives, the other formats once all is read.
async fn print_stream<T: Serialize>(
    global: &Global,
    columns: Columns,
    stream: impl Stream<Item = crate::client::Result<T>>,
) -> CliResult {
    let mut stream = std::pin::pin!(stream);
    let streaming = output::format(global) == OutputFormat::Ndjson;
    let mut items = Vec::new();
    while let Some(item) = stream.next().await {
        let value = to_value(&item?)?;
        if streaming {
            output::print_list(global, columns, &[value])?;
        } else {
            items.push(value);
        }
    }
    if streaming {
        return Ok(());
    }
    output::print_list(global, columns, &items)
}

/// list / get / create of one resource handle (`units`, `tasks`, …).
macro_rules! crud {
    ($g:expr, $s:expr, $cmd:expr, $handle:ident, $query:ty, $input:ty, $cols:expr) => {
        match $cmd {
            Crud::List(a) => {
                let q: $query = list_query(&a)?;
                let client = $s.client().await?.clone();
                if a.all {
                    print_stream($g, $cols, client.$handle().list_all(q)).await
                } else {
                    print_page($g, $cols, client.$handle().list(&q).await?)
                }
            }
            Crud::Get(a) => {
                let found = $s.client().await?.$handle().get(a.id).await?;
                print_value($g, &found.value)
            }
            Crud::Create(a) => {
                let body: $input = read_body(&a.file)?;
                let created = $s.client().await?.$handle().create(&body).await?;
                print_value($g, &created.value)
            }
        }
    };
}

/// list of a resource that is only listed.
macro_rules! list_only {
    ($g:expr, $s:expr, $a:expr, $handle:ident, $query:ty, $cols:expr) => {{
        let a = $a;
        let q: $query = list_query(&a)?;
        let client = $s.client().await?.clone();
        if a.all {
            print_stream($g, $cols, client.$handle().list_all(q)).await
        } else {
            print_page($g, $cols, client.$handle().list(&q).await?)
        }
    }};
}

/// Runs a command that needs the signed-in client.
pub(crate) async fn dispatch(global: &Global, s: &mut Session, command: Command) -> CliResult {
    let g = global;
    match command {
        Command::Units(c) => crud!(g, s, c, units, units::UnitListQuery, units::UnitIn, UNITS),
        Command::Departments(c) => crud!(
            g,
            s,
            c,
            departments,
            departments::DepartmentListQuery,
            departments::DepartmentIn,
            DEPARTMENTS
        ),
        Command::Officials(c) => crud!(
            g,
            s,
            c,
            officials,
            officials::OfficialListQuery,
            officials::OfficialIn,
            OFFICIALS
        ),
        Command::Plans(WithDocument::Crud(c)) => {
            crud!(g, s, c, plans, plans::PlanListQuery, plans::PlanIn, PLANS)
        }
        Command::Plans(WithDocument::Document(a)) => download::plan_document(g, s, a).await,
        Command::Tasks(c) => crud!(g, s, c, tasks, tasks::TaskListQuery, tasks::TaskIn, TASKS),
        Command::Frameworks(c) => crud!(
            g,
            s,
            c,
            frameworks,
            index::FrameworkListQuery,
            index::FrameworkIn,
            FRAMEWORKS
        ),
        Command::Assessments(c) => crud!(
            g,
            s,
            c,
            assessments,
            index::AssessmentListQuery,
            index::AssessmentIn,
            ASSESSMENTS
        ),
        Command::Webhooks(c) => crud!(
            g,
            s,
            c,
            webhooks,
            webhooks::WebhookListQuery,
            webhooks::WebhookIn,
            WEBHOOKS
        ),
        Command::Users(c) => crud!(g, s, c, users, users::UserListQuery, users::UserIn, USERS),
        Command::ApiClients(c) => crud!(
            g,
            s,
            c,
            api_clients,
            api_clients::ApiClientListQuery,
            api_clients::ApiClientIn,
            API_CLIENTS
        ),
        Command::Audit(ListOnly::List(a)) => {
            list_only!(g, s, a, audit_events, audit::AuditEventListQuery, AUDIT)
        }
        Command::Awards(AwardsCmd::List(a)) => {
            list_only!(g, s, a, awards, awards::AwardListQuery, AWARDS)
        }
        Command::Awards(AwardsCmd::Proposals(c)) => crud!(
            g,
            s,
            c,
            award_proposals,
            awards::ProposalListQuery,
            awards::ProposalIn,
            PROPOSALS
        ),
        Command::Awards(AwardsCmd::Decisions(WithDocument::Crud(c))) => crud!(
            g,
            s,
            c,
            award_decisions,
            awards::DecisionListQuery,
            awards::DecisionIn,
            DECISIONS
        ),
        Command::Awards(AwardsCmd::Decisions(WithDocument::Document(a))) => {
            download::decision_document(g, s, a).await
        }
        Command::Results(ResultsCmd::Ranking { parent, year }) => {
            let query = index::RankingQuery {
                parent_id: parent,
                year,
            };
            let ranking = s.client().await?.results().ranking(&query).await?;
            let rows = ranking
                .results
                .iter()
                .map(to_value)
                .collect::<CliResult<Vec<_>>>()?;
            match output::format(g) {
                OutputFormat::Table => output::print_list(g, RANKING, &rows),
                _ => print_value(g, &ranking),
            }
        }
        Command::Results(ResultsCmd::Get { unit, year }) => {
            print_value(g, &s.client().await?.results().get(unit, year).await?.value)
        }
        Command::Exports(c) => download::exports(g, s, c).await,
        Command::Reports(c) => download::reports(g, s, c).await,
        Command::Portal(c) => push::portal(g, s, c).await,
        Command::Login(_) | Command::Logout | Command::Whoami | Command::Completions { .. } => {
            Err(CliError::Usage("not a resource command".into()))
        }
    }
}

/// list / get / create of export jobs (the same as every resource).
pub(crate) async fn export_crud(global: &Global, s: &mut Session, c: Crud) -> CliResult {
    let g = global;
    crud!(
        g,
        s,
        c,
        exports,
        exports::ExportListQuery,
        exports::ExportIn,
        EXPORTS
    )
}
