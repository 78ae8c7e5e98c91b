//! An automated report job: the published PAR-index ranking of a district's communes for a
//! year, written as CSV to stdout.
//!
//! ```sh
//! CCHC_URL=http://127.0.0.1:8080 CCHC_USERNAME=admin CCHC_PASSWORD=… \
//!   cargo run -p cchc-sdk --example report_job > ranking.csv
//! ```
//!
//! Signs in with `CCHC_USERNAME`/`CCHC_PASSWORD`, or as a system with
//! `CCHC_CLIENT_ID`/`CCHC_CLIENT_SECRET`. `CCHC_DISTRICT_CODE` (default `562`, huyện Tây
//! Hòa) and `CCHC_YEAR` (default `2023`) choose the table. Columns: `rank`, `unit`,
//! `points`, `index_percent`, `band` and `change` (percentage points since the year before,
//! empty when unknown). With `CCHC_XLSX=path`, the same ranking is also saved as the
//! server's Excel report (points per area, band, change, a frozen header) at that path,
//! made as an export job (`exports.create`, its progress on stderr, then
//! `exports.download`), as a job over a province's or the country's communes would be;
//! stdout stays the CSV.

use std::env;
use std::error::Error;
use std::io::Write;
use std::time::Duration;

use cchc_sdk::Client;
use cchc_sdk::types::exports::{ExportIn, ExportParameters, ExportReport, ExportStatus};
use cchc_sdk::types::index::RankingQuery;
use cchc_sdk::types::reports::ReportFormat;
use cchc_sdk::types::units::{UnitLevel, UnitListQuery};

#[tokio::main]
async fn main() -> Result<(), Box<dyn Error>> {
    let url = env::var("CCHC_URL").unwrap_or_else(|_| "http://127.0.0.1:8080".into());
    let district_code = env::var("CCHC_DISTRICT_CODE").unwrap_or_else(|_| "562".into());
    let year: i32 = match env::var("CCHC_YEAR") {
        Ok(year) => year.parse().map_err(|_| "CCHC_YEAR is not a year")?,
        Err(_) => 2023,
    };
    let builder = Client::builder(url).user_agent_suffix("report-job-example/1.0");
    let builder =
        match (env::var("CCHC_USERNAME"), env::var("CCHC_PASSWORD")) {
            (Ok(username), Ok(password)) => builder.password(username, password),
            _ => match (env::var("CCHC_CLIENT_ID"), env::var("CCHC_CLIENT_SECRET")) {
                (Ok(id), Ok(secret)) => builder.client_credentials(id, secret),
                _ => return Err(
                    "set CCHC_USERNAME and CCHC_PASSWORD, or CCHC_CLIENT_ID and CCHC_CLIENT_SECRET"
                        .into(),
                ),
            },
        };
    let client = builder.build()?;

    // The search matches names and codes; keep the district whose code is exactly it.
    let query = UnitListQuery {
        q: Some(district_code.clone()),
        level: Some(UnitLevel::District),
        ..Default::default()
    };
    let district = client
        .units()
        .list(&query)
        .await?
        .data
        .into_iter()
        .find(|u| u.code == district_code)
        .ok_or_else(|| format!("no district with code {district_code}"))?;

    let ranking = client
        .results()
        .ranking(&RankingQuery {
            parent_id: district.id,
            year,
        })
        .await?;

    let mut out = std::io::stdout().lock();
    writeln!(out, "rank,unit,points,index_percent,band,change")?;
    for r in &ranking.results {
        writeln!(
            out,
            "{},{},{:.2},{:.2},{},{}",
            r.rank,
            csv_field(&r.unit_name),
            r.points,
            r.index_percent,
            csv_field(r.band.as_deref().unwrap_or("")),
            r.change.map(|c| format!("{c:+.2}")).unwrap_or_default()
        )?;
    }
    out.flush()?;
    if let Ok(path) = env::var("CCHC_XLSX") {
        // The workbook as an export job: asked for, made in the background, downloaded.
        use futures_util::StreamExt;
        let exports = client.exports();
        let job = exports
            .create(&ExportIn {
                report: ExportReport::IndexRanking,
                format: Some(ReportFormat::Xlsx),
                parameters: ExportParameters {
                    parent_id: Some(district.id),
                    year: Some(year),
                    ..Default::default()
                },
            })
            .await?
            .into_inner();
        let job = exports
            .wait(job.id, Duration::from_millis(500), |j| {
                eprintln!("export {}: {:?} {} %", j.id, j.status, j.progress)
            })
            .await?;
        if job.status != ExportStatus::Succeeded {
            return Err(format!("the export failed: {:?}", job.error).into());
        }
        let stream = exports.download(job.id).await?;
        let mut stream = std::pin::pin!(stream);
        let mut file = std::fs::File::create(&path)?;
        while let Some(chunk) = stream.next().await {
            file.write_all(&chunk?)?;
        }
        eprintln!("the ranking as XLSX: {path}");
    }
    eprintln!(
        "{}: {} units ranked for {year}, average index {}",
        district.name,
        ranking.results.len(),
        ranking
            .average_index_percent
            .map(|a| format!("{a:.2}%"))
            .unwrap_or_else(|| "n/a".into())
    );
    Ok(())
}

/// A CSV field (RFC 4180): quoted when it holds a comma, a quote or a line break.
fn csv_field(value: &str) -> String {
    if value.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", value.replace('"', "\"\""))
    } else {
        value.to_owned()
    }
}
