//! Files: reports run at once, export jobs (asked for, waited on, downloaded) and the
//! official documents of plans and award decisions, written as they arrive with a
//! progress bar.

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::time::Duration;

use clap::{Args, Subcommand};
use futures_util::{Stream, StreamExt};
use uuid::Uuid;

use super::args::{Crud, DocFormat, DocumentArgs, Global};
use super::crud::{export_crud, params, print_value};
use super::progress::Progress;
use super::session::Session;
use super::{CliError, CliResult};
use crate::types::exports::{ExportIn, ExportParameters, ExportReport, ExportStatus};
use crate::types::plans::DocumentFormat;
use crate::types::reports::{self, ReportFormat};

/// The parameters of a report.
#[derive(Debug, Args)]
pub struct ReportParams {
    /// The parent unit whose units are ranked
    #[arg(long)]
    pub parent: Option<Uuid>,
    /// The unit
    #[arg(long)]
    pub unit: Option<Uuid>,
    /// Year
    #[arg(long)]
    pub year: Option<i32>,
    /// The plan
    #[arg(long)]
    pub plan: Option<Uuid>,
    /// The assessment
    #[arg(long)]
    pub assessment: Option<Uuid>,
    /// Only periods starting with this (2024, 2024-Q1, 2024-03)
    #[arg(long)]
    pub period: Option<String>,
}

impl ReportParams {
    fn pairs(&self) -> Vec<(String, String)> {
        let mut p = Vec::new();
        let mut put = |k: &str, v: Option<String>| {
            if let Some(v) = v {
                p.push((k.to_owned(), v));
            }
        };
        put("parent_id", self.parent.map(|v| v.to_string()));
        put("unit_id", self.unit.map(|v| v.to_string()));
        put("year", self.year.map(|v| v.to_string()));
        put("plan_id", self.plan.map(|v| v.to_string()));
        put("assessment_id", self.assessment.map(|v| v.to_string()));
        put("period", self.period.clone());
        p
    }
}

/// `cchc reports`.
#[derive(Debug, Subcommand)]
pub enum ReportsCmd {
    /// Run a report and download it (to stdout, or -o FILE)
    #[command(
        after_help = "Examples:\n  cchc reports run plan-progress --plan PLAN_ID --format csv -o tien-do.csv\n  \
        cchc reports run index-ranking --parent DISTRICT_ID --year 2024 --format json"
    )]
    Run {
        /// Which report
        #[arg(value_enum)]
        report: ExportReport,
        #[command(flatten)]
        params: ReportParams,
        /// The file's format
        #[arg(long, value_enum, default_value_t = ReportFormat::Json)]
        format: ReportFormat,
        /// The file to write (default: stdout)
        #[arg(short = 'o', long = "out", value_name = "FILE")]
        out: Option<PathBuf>,
    },
}

/// `cchc exports`.
#[derive(Debug, Subcommand)]
pub enum ExportsCmd {
    /// list, get, create
    #[command(flatten)]
    Crud(Crud),
    /// Ask for an export, wait while it is made (progress bar) and download it
    #[command(
        after_help = "Example:\n  cchc exports run index-ranking --parent PROVINCE_ID --year 2024 -o xep-hang.xlsx"
    )]
    Run {
        /// Which report
        #[arg(value_enum)]
        report: ExportReport,
        #[command(flatten)]
        params: ReportParams,
        /// The file's format
        #[arg(long, value_enum, default_value_t = ReportFormat::Xlsx)]
        format: ReportFormat,
        /// The file to write (- for stdout)
        #[arg(
            short = 'o',
            long = "out",
            value_name = "FILE",
            required_unless_present = "no_wait"
        )]
        out: Option<PathBuf>,
        /// Only ask for it: print the job and return
        #[arg(long)]
        no_wait: bool,
        /// How often to ask how far it is, in milliseconds
        #[arg(long, default_value_t = 500, value_name = "MS")]
        poll_ms: u64,
    },
    /// Download the file of a finished export
    Download {
        /// The export job
        id: Uuid,
        /// The file to write (- for stdout)
        #[arg(short = 'o', long = "out", value_name = "FILE")]
        out: PathBuf,
    },
}

/// Writes a byte stream to `out` (stdout for `-` or none) as it arrives, ticking `bar`;
/// a file is written under a temporary name and renamed once whole.
async fn save<S>(
    stream: S,
    out: Option<&Path>,
    (progress, bar): (Progress, indicatif::ProgressBar),
) -> CliResult<u64>
where
    S: Stream<Item = crate::client::Result<bytes::Bytes>>,
{
    let mut stream = std::pin::pin!(stream);
    let target = out.filter(|p| p.as_os_str() != "-");
    let part = target.map(|p| {
        let mut name = p.as_os_str().to_owned();
        name.push(".part");
        PathBuf::from(name)
    });
    let mut sink: Box<dyn Write> = match &part {
        Some(part) => Box::new(std::io::BufWriter::new(std::fs::File::create(part)?)),
        None => Box::new(std::io::stdout().lock()),
    };
    let mut written = 0u64;
    let outcome: CliResult = async {
        while let Some(chunk) = stream.next().await {
            let chunk = chunk?;
            sink.write_all(&chunk)?;
            written += chunk.len() as u64;
            bar.set_position(written);
        }
        sink.flush()?;
        Ok(())
    }
    .await;
    drop(sink);
    if let Err(e) = outcome {
        bar.abandon();
        if let Some(part) = &part {
            let _ = std::fs::remove_file(part);
        }
        return Err(e);
    }
    if bar.length().is_some_and(|len| len < written) {
        bar.set_length(written);
    }
    progress.finish(&bar);
    if let (Some(part), Some(target)) = (&part, target) {
        std::fs::rename(part, target)?;
        println!("Saved {} ({written} bytes)", target.display());
    }
    Ok(written)
}

fn check_binary_to_terminal(format: ReportFormat, out: Option<&Path>) -> CliResult {
    let to_stdout = out.is_none_or(|p| p.as_os_str() == "-");
    if format == ReportFormat::Xlsx && to_stdout && std::io::stdout().is_terminal() {
        return Err(CliError::Usage(
            "an XLSX file is binary: give -o FILE".into(),
        ));
    }
    Ok(())
}

/// `cchc plans document`.
pub(crate) async fn plan_document(g: &Global, s: &mut Session, a: DocumentArgs) -> CliResult {
    let client = s.client().await?.clone();
    let plans = client.plans();
    let stream = plans.document(a.id, doc_format(a.format)).await?;
    let progress = Progress::new(g.progress);
    let bar = progress.bytes(None, "document");
    save(stream, Some(&a.out), (progress, bar)).await.map(drop)
}

/// `cchc awards decisions document`.
pub(crate) async fn decision_document(g: &Global, s: &mut Session, a: DocumentArgs) -> CliResult {
    let client = s.client().await?;
    let stream = client
        .award_decisions()
        .document(a.id, doc_format(a.format))
        .await?;
    let progress = Progress::new(g.progress);
    let bar = progress.bytes(None, "document");
    save(stream, Some(&a.out), (progress, bar)).await.map(drop)
}

fn doc_format(f: DocFormat) -> DocumentFormat {
    match f {
        DocFormat::Pdf => DocumentFormat::Pdf,
        DocFormat::Docx => DocumentFormat::Docx,
    }
}

/// `cchc reports run`.
pub(crate) async fn reports(g: &Global, s: &mut Session, c: ReportsCmd) -> CliResult {
    let ReportsCmd::Run {
        report,
        params: p,
        format,
        out,
    } = c;
    check_binary_to_terminal(format, out.as_deref())?;
    let pairs = p.pairs();
    let fmt = format;
    let r = s.client().await?.reports();
    let progress = Progress::new(g.progress);
    let bar = (progress, progress.bytes(None, "report"));
    let out = out.as_deref();
    match report {
        ExportReport::IndexRanking => {
            let q: reports::IndexRankingReportQuery = params(&pairs)?;
            save(r.index_ranking_file(&q, fmt).await?, out, bar).await?
        }
        ExportReport::ScoreSheet => {
            let q: reports::ScoreSheetQuery = params(&pairs)?;
            save(r.score_sheet_file(&q, fmt).await?, out, bar).await?
        }
        ExportReport::PlanProgress => {
            let q: reports::PlanProgressReportQuery = params(&pairs)?;
            save(r.plan_progress_file(&q, fmt).await?, out, bar).await?
        }
        ExportReport::DepartmentScorecard => {
            let q: reports::DepartmentScorecardQuery = params(&pairs)?;
            save(r.department_scorecard_file(&q, fmt).await?, out, bar).await?
        }
        ExportReport::Awards => {
            let q: reports::AwardsReportQuery = params(&pairs)?;
            save(r.awards_file(&q, fmt).await?, out, bar).await?
        }
        ExportReport::Portal => {
            let q: reports::PortalReportQuery = params(&pairs)?;
            save(r.portal_file(&q, fmt).await?, out, bar).await?
        }
    };
    Ok(())
}

/// `cchc exports`.
pub(crate) async fn exports(g: &Global, s: &mut Session, c: ExportsCmd) -> CliResult {
    match c {
        ExportsCmd::Crud(c) => export_crud(g, s, c).await,
        ExportsCmd::Download { id, out } => {
            let job = s.client().await?.exports().get(id).await?.value;
            download_export(g, s, &job, &out).await
        }
        ExportsCmd::Run {
            report,
            params: p,
            format,
            out,
            no_wait,
            poll_ms,
        } => {
            check_binary_to_terminal(format, out.as_deref())?;
            let parameters: ExportParameters = params(&p.pairs())?;
            let input = ExportIn {
                report,
                format: Some(format),
                parameters,
            };
            let job = s.client().await?.exports().create(&input).await?.value;
            let Some(out) = out.filter(|_| !no_wait) else {
                return print_value(g, &job);
            };
            let bar = Progress::new(g.progress).percent("queued");
            let every = Duration::from_millis(poll_ms.max(10));
            let job = loop {
                let job = s.client().await?.exports().get(job.id).await?.value;
                bar.set_position(u64::try_from(job.progress).unwrap_or(0));
                bar.set_message(
                    crate::cli::crud::to_value(&job.status)?
                        .as_str()
                        .unwrap_or("")
                        .to_owned(),
                );
                if matches!(job.status, ExportStatus::Succeeded | ExportStatus::Failed) {
                    break job;
                }
                tokio::time::sleep(every).await;
            };
            if let Some(error) = &job.error {
                bar.abandon();
                return Err(CliError::Failed(format!(
                    "the export failed: {} ({} {})",
                    error.detail, error.status, error.code
                )));
            }
            Progress::new(g.progress).finish(&bar);
            download_export(g, s, &job, &out).await
        }
    }
}

async fn download_export(
    g: &Global,
    s: &mut Session,
    job: &crate::types::exports::ExportOut,
    out: &Path,
) -> CliResult {
    let len = job.size_bytes.and_then(|n| u64::try_from(n).ok());
    let mut name = job.file_name.clone().unwrap_or_else(|| "export".into());
    if name.chars().count() > 32 {
        name = format!("{}…", name.chars().take(31).collect::<String>());
    }
    let progress = Progress::new(g.progress);
    let bar = progress.bytes(len, &format!("downloading {name}"));
    let stream = s.client().await?.exports().download(job.id).await?;
    save(stream, Some(out), (progress, bar)).await.map(drop)
}
