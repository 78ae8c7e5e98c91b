//! `cchc portal`: the portal's statistics listed, and its files of statistics and dossier
//! records pushed in batches as large as the API takes, read as they are sent (a file of
//! any size), with a progress bar. Records the API refuses are written to `--rejects` as
//! NDJSON: `{"record", "line", "code", "errors": [{field, code, message}], "input"}`.

use std::io::Write;
use std::path::{Path, PathBuf};

use clap::{Args, Subcommand};
use serde::Serialize;
use serde_json::Value;

use super::args::{Global, ListArgs};
use super::columns::STATISTICS;
use super::crud::{print_value, to_value};
use super::progress::Progress;
use super::records::{InputFormat, Record, Records, Shape};
use super::session::Session;
use super::{CliError, CliResult, output};
use crate::types::common::FieldError;
use crate::types::portal::{StatisticsBatch, StatisticsIn, StatisticsQuery};

/// The most dossier records the API takes in one batch.
pub const MAX_DOSSIERS: usize = 10_000;
/// The most statistics rows the API takes in one batch.
pub const MAX_STATISTICS: usize = 1_000;
/// A batch is sent once its body reaches this size (the API's default limit is 16 MiB).
const MAX_BODY: usize = 8 << 20;

/// `cchc portal`.
#[derive(Debug, Subcommand)]
pub enum PortalCmd {
    /// List the stored statistics (--filter period=2024, --filter unit_id=…)
    Statistics(ListArgs),
    /// Push statistics rows (unit_code, period and the counts) from CSV or NDJSON
    #[command(
        after_help = "Each row replaces what is stored for its unit and period. CSV columns: \
        unit_code, period, then the counts by their API names (received, resolved_early, …).\n\n\
        Example:\n  cchc portal push-statistics thang-3.csv --rejects loi.ndjson"
    )]
    PushStatistics(PushArgs),
    /// Push dossier records (upserted by code) from CSV or NDJSON
    #[command(
        after_help = "CSV columns are the API's field names: code, procedure_code, \
        unit_code, received_date, due_date, finished_date, status, channel, paid_online, …\n\n\
        Example:\n  cchc portal push-dossiers ho-so.ndjson --rejects bi-tu-choi.ndjson"
    )]
    PushDossiers(PushArgs),
}

/// What to push.
#[derive(Debug, Args)]
pub struct PushArgs {
    /// The file (- for stdin)
    pub file: PathBuf,
    /// Its format (default: by extension, .csv is CSV, anything else NDJSON)
    #[arg(long, value_enum)]
    pub format: Option<InputFormat>,
    /// Write the refused records here, as NDJSON with their errors and record numbers
    #[arg(long, value_name = "FILE")]
    pub rejects: Option<PathBuf>,
    /// Records per batch (default and most: what the API takes)
    #[arg(long, value_name = "N")]
    pub batch_size: Option<usize>,
}

/// What a push did.
#[derive(Debug, Default, Serialize)]
struct Summary {
    records: u64,
    accepted: u64,
    created: u64,
    updated: u64,
    unchanged: u64,
    rejected: u64,
    batches: u64,
    #[serde(skip_serializing_if = "Option::is_none")]
    rejects_file: Option<String>,
}

/// Where refused records go: the `--rejects` file, or the first few to stderr.
struct Rejects {
    file: Option<std::io::BufWriter<std::fs::File>>,
    shown: u32,
}

impl Rejects {
    fn open(path: Option<&Path>) -> CliResult<Self> {
        let file = path
            .map(std::fs::File::create)
            .transpose()
            .map_err(|e| CliError::Usage(format!("--rejects: {e}")))?
            .map(std::io::BufWriter::new);
        Ok(Rejects { file, shown: 0 })
    }

    fn write(&mut self, record: &Record, code: Option<String>, errors: &[FieldError]) -> CliResult {
        let input = serde_json::from_str::<Value>(&record.json)
            .unwrap_or_else(|_| Value::String(record.json.clone()));
        let line = serde_json::json!({
            "record": record.number,
            "line": record.line,
            "code": code,
            "errors": errors,
            "input": input,
        });
        match &mut self.file {
            Some(file) => writeln!(file, "{line}")?,
            None if self.shown < 10 => {
                self.shown += 1;
                let why: Vec<String> = errors
                    .iter()
                    .map(|e| format!("{}: {}", e.field, e.message))
                    .collect();
                eprintln!(
                    "rejected record {} (line {}): {}",
                    record.number,
                    record.line,
                    why.join("; ")
                );
            }
            None => {}
        }
        Ok(())
    }

    fn close(self) -> CliResult {
        if let Some(mut file) = self.file {
            file.flush()?;
        }
        Ok(())
    }
}

fn unreadable(why: &str) -> Vec<FieldError> {
    vec![FieldError {
        field: String::new(),
        code: "unreadable".into(),
        message: why.to_owned(),
    }]
}

/// `cchc portal`.
pub(crate) async fn portal(g: &Global, s: &mut Session, c: PortalCmd) -> CliResult {
    match c {
        PortalCmd::Statistics(a) => {
            let mut p = super::crud::pairs(&a.filters)?;
            if let Some(limit) = a.limit {
                p.push(("limit".into(), limit.to_string()));
            }
            if let Some(cursor) = &a.cursor {
                p.push(("cursor".into(), cursor.clone()));
            }
            let q: StatisticsQuery = super::crud::params(&p)?;
            let client = s.client().await?.clone();
            let rows: Vec<Value> = if a.all {
                use futures_util::TryStreamExt;
                let all: Vec<_> = client.portal().list_all_statistics(q).try_collect().await?;
                all.iter().map(to_value).collect::<CliResult<_>>()?
            } else {
                let page = client.portal().list_statistics(&q).await?;
                page.data.iter().map(to_value).collect::<CliResult<_>>()?
            };
            output::print_list(g, STATISTICS, &rows)
        }
        PortalCmd::PushDossiers(a) => push_dossiers(g, s, a).await,
        PortalCmd::PushStatistics(a) => push_statistics(g, s, a).await,
    }
}

fn message(sum: &Summary) -> String {
    format!(
        "{} records, {} accepted, {} rejected",
        sum.records, sum.accepted, sum.rejected
    )
}

async fn push_dossiers(g: &Global, s: &mut Session, a: PushArgs) -> CliResult {
    let size = a.batch_size.unwrap_or(MAX_DOSSIERS).clamp(1, MAX_DOSSIERS);
    let mut records = Records::open(&a.file, a.format, Shape::Dossier)?;
    let mut rejects = Rejects::open(a.rejects.as_deref())?;
    let progress = Progress::new(g.progress);
    let bar = progress.records(records.size, "dossiers");
    let mut sum = Summary::default();
    let mut done = false;
    while !done {
        let mut batch: Vec<Record> = Vec::with_capacity(size);
        let mut body = String::new();
        while batch.len() < size && body.len() < MAX_BODY {
            let Some(record) = records.next_record()? else {
                done = true;
                break;
            };
            sum.records += 1;
            if let Some(why) = &record.unreadable {
                sum.rejected += 1;
                rejects.write(&record, None, &unreadable(why))?;
                continue;
            }
            body.push_str(&record.json);
            body.push('\n');
            batch.push(record);
        }
        if batch.is_empty() {
            continue;
        }
        let result = s.client().await?.portal().push_dossiers_ndjson(body).await;
        let result = match result {
            Ok(r) => r.value,
            Err(e) => {
                bar.abandon();
                rejects.close()?;
                eprintln!(
                    "stopped after {} records ({} accepted)",
                    sum.records - batch.len() as u64,
                    sum.accepted
                );
                return Err(e.into());
            }
        };
        sum.batches += 1;
        sum.created += result.created as u64;
        sum.updated += result.updated as u64;
        sum.unchanged += result.unchanged as u64;
        sum.accepted += (result.created + result.updated + result.unchanged) as u64;
        for r in &result.rejected {
            sum.rejected += 1;
            if let Some(record) = batch.get(r.index) {
                rejects.write(record, r.code.clone(), &r.errors)?;
            }
        }
        bar.set_position(records.position());
        bar.set_message(message(&sum));
    }
    rejects.close()?;
    progress.finish(&bar);
    sum.rejects_file = a.rejects.map(|p| p.display().to_string());
    print_value(g, &sum)
}

/// The row a field error names (`rows[3].period` is row 3).
fn row_of(field: &str) -> Option<usize> {
    field.strip_prefix("rows[")?.split(']').next()?.parse().ok()
}

async fn push_statistics(g: &Global, s: &mut Session, a: PushArgs) -> CliResult {
    let size = a
        .batch_size
        .unwrap_or(MAX_STATISTICS)
        .clamp(1, MAX_STATISTICS);
    let mut records = Records::open(&a.file, a.format, Shape::Statistics)?;
    let mut rejects = Rejects::open(a.rejects.as_deref())?;
    let progress = Progress::new(g.progress);
    let bar = progress.records(records.size, "statistics");
    let mut sum = Summary::default();
    let mut done = false;
    while !done {
        let mut batch: Vec<(Record, StatisticsIn)> = Vec::with_capacity(size);
        while batch.len() < size {
            let Some(record) = records.next_record()? else {
                done = true;
                break;
            };
            sum.records += 1;
            let parsed = match &record.unreadable {
                Some(why) => Err(why.clone()),
                None => {
                    serde_json::from_str::<StatisticsIn>(&record.json).map_err(|e| e.to_string())
                }
            };
            match parsed {
                Ok(row) => batch.push((record, row)),
                Err(why) => {
                    sum.rejected += 1;
                    rejects.write(&record, None, &unreadable(&why))?;
                }
            }
        }
        // All rows of a batch or none: drop the rows the API names and send the rest again.
        while !batch.is_empty() {
            let rows = StatisticsBatch {
                rows: batch.iter().map(|(_, r)| r.clone()).collect(),
            };
            match s.client().await?.portal().push_statistics(&rows).await {
                Ok(stored) => {
                    sum.batches += 1;
                    sum.accepted += stored.rows.len() as u64;
                    sum.updated += stored.rows.len() as u64;
                    break;
                }
                Err(e) if e.is_validation() => {
                    let errors = e.problem().map(|p| p.errors.clone()).unwrap_or_default();
                    let mut bad: Vec<usize> =
                        errors.iter().filter_map(|f| row_of(&f.field)).collect();
                    bad.sort_unstable();
                    bad.dedup();
                    if bad.is_empty() || bad.iter().any(|&i| i >= batch.len()) {
                        bar.abandon();
                        rejects.close()?;
                        return Err(e.into());
                    }
                    for &i in bad.iter().rev() {
                        let (record, row) = batch.remove(i);
                        let mine: Vec<FieldError> = errors
                            .iter()
                            .filter(|f| row_of(&f.field) == Some(i))
                            .cloned()
                            .collect();
                        sum.rejected += 1;
                        rejects.write(
                            &record,
                            Some(format!("{} {}", row.unit_code, row.period)),
                            &mine,
                        )?;
                    }
                }
                Err(e) => {
                    bar.abandon();
                    rejects.close()?;
                    return Err(e.into());
                }
            }
        }
        bar.set_position(records.position());
        bar.set_message(message(&sum));
    }
    rejects.close()?;
    progress.finish(&bar);
    sum.rejects_file = a.rejects.map(|p| p.display().to_string());
    print_value(g, &sum)
}
