//! list / get / create of every resource, the same way for each: `--filter KEY=VALUE`
//! read into the resource's typed query, `--file` read into its typed create body, the
//! answer printed as a table (the columns below) or JSON.

use clap::Subcommand;
use uuid::Uuid;

use super::args::{Command, Crud, Global, ListArgs, ListOnly, OutputFormat, WithDocument};
use super::session::Session;
use super::{CliError, CliResult, download, output, push};
use crate::types::{
    api_clients, audit, awards, departments, index, officials, plans, tasks, units, users, webhooks,
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
use super::crud::{crud, list_only, print_value, to_value};

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
