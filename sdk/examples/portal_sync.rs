//! What the provincial public-service portal runs: push last month's dossier statistics of a
//! commune, then a batch of dossier records, and report what the API accepted and refused.
//!
//! ```sh
//! CCHC_URL=http://127.0.0.1:8080 CCHC_CLIENT_ID=… CCHC_CLIENT_SECRET=… \
//!   cargo run -p cchc-sdk --example portal_sync
//! ```
//!
//! The demo server prints the id and secret of its portal client once, at first start
//! (`demo portal client: client_id=… client_secret=…`). `CCHC_UNIT_CODE` (default `22081`,
//! Xã Hòa Tân Tây) and `CCHC_PERIOD` (default: last month, `YYYY-MM`) choose what is pushed.
//!
//! Both pushes are safe to repeat: statistics replace what was stored for the unit and
//! period, dossiers are upserted by their code (a second run reports them `unchanged`).

use std::env;
use std::error::Error;

use cchc_sdk::Client;
use cchc_sdk::types::portal::{
    Channel, DossierIn, DossierStatus, PortalFigures, StatisticsBatch, StatisticsIn,
};
use chrono::{Datelike, Days, NaiveDate, Utc};

#[tokio::main]
async fn main() -> Result<(), Box<dyn Error>> {
    let url = env::var("CCHC_URL").unwrap_or_else(|_| "http://127.0.0.1:8080".into());
    let client_id = env::var("CCHC_CLIENT_ID").map_err(|_| "set CCHC_CLIENT_ID")?;
    let client_secret = env::var("CCHC_CLIENT_SECRET").map_err(|_| "set CCHC_CLIENT_SECRET")?;
    let unit_code = env::var("CCHC_UNIT_CODE").unwrap_or_else(|_| "22081".into());
    let today = Utc::now().date_naive();
    let period = env::var("CCHC_PERIOD").unwrap_or_else(|_| last_month(today));

    // Client credentials: the SDK signs in on the first call and renews the token itself.
    let client = Client::builder(url)
        .client_credentials(client_id, client_secret)
        .user_agent_suffix("portal-sync-example/1.0")
        .build()?;

    // 1. The month's aggregated figures: all rows are stored, or none (422 names the row).
    let batch = StatisticsBatch {
        rows: vec![StatisticsIn {
            unit_code: unit_code.clone(),
            period: period.clone(),
            figures: PortalFigures {
                received: 124,
                resolved_early: 85,
                resolved_on_time: 33,
                resolved_late: 2,
                in_person: 41,
                partly_online: 21,
                fully_online: 62,
                paid_online: 37,
                electronic_result: 98,
                digitised: 110,
                synced: 120,
                feedback_received: 3,
                feedback_on_time: 3,
                satisfaction_responses: 52,
                satisfied: 49,
                ..Default::default()
            },
        }],
    };
    let stored = client.portal().push_statistics(&batch).await?;
    for row in &stored.rows {
        let ratios: Vec<String> = row
            .ratios
            .iter()
            .map(|r| format!("{}={:.2}%", metric_name(&r.metric), r.percent))
            .collect();
        println!(
            "statistics accepted: {} {} received={} {}",
            row.unit_code,
            row.period,
            row.figures.received,
            ratios.join(" ")
        );
    }

    // 2. Today's dossier records. The last one is deliberately wrong (resolved, but with no
    // finished date): the good ones are stored, the bad one comes back by its position.
    let records = dossiers(&unit_code, today);
    let result = client.portal().push_dossiers(&records).await?;
    let accepted = result.created + result.updated + result.unchanged;
    println!(
        "dossiers accepted: {accepted} of {} (created {}, updated {}, unchanged {})",
        result.received, result.created, result.updated, result.unchanged
    );
    println!("dossiers rejected: {}", result.rejected.len());
    for rejected in &result.rejected {
        let problems: Vec<String> = rejected
            .errors
            .iter()
            .map(|e| format!("{} {} ({})", e.field, e.code, e.message))
            .collect();
        println!(
            "  rejected #{} {}: {}",
            rejected.index,
            rejected.code.as_deref().unwrap_or("?"),
            problems.join("; ")
        );
    }
    Ok(())
}

/// `YYYY-MM` of the month before `today`'s.
fn last_month(today: NaiveDate) -> String {
    let (year, month) = match today.month() {
        1 => (today.year() - 1, 12),
        m => (today.year(), m - 1),
    };
    format!("{year:04}-{month:02}")
}

/// The wire name of a ratio (`on_time_rate`, …).
fn metric_name(metric: &impl serde::Serialize) -> String {
    serde_json::to_value(metric)
        .ok()
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_default()
}

fn dossiers(unit_code: &str, today: NaiveDate) -> Vec<DossierIn> {
    let stamp = today.format("%Y%m%d");
    let due = today.checked_add_days(Days::new(10)).unwrap_or(today);
    let dossier = |n: u32, procedure: &str, status, channel| DossierIn {
        code: format!("HS-{unit_code}-{stamp}-{n:03}"),
        procedure_code: procedure.to_owned(),
        unit_code: unit_code.to_owned(),
        received_date: today,
        due_date: due,
        finished_date: (status == DossierStatus::Resolved).then_some(today),
        status,
        channel,
        paid_online: channel == Channel::FullyOnline,
        electronic_result: status == DossierStatus::Resolved,
        digitised: true,
        synced: true,
        satisfaction: (status == DossierStatus::Resolved).then_some(5),
    };
    let mut bad = dossier(4, "1.001612", DossierStatus::Resolved, Channel::InPerson);
    bad.finished_date = None;
    vec![
        // Đăng ký khai sinh, chứng thực bản sao, cấp giấy phép xây dựng.
        dossier(1, "1.001193", DossierStatus::Resolved, Channel::FullyOnline),
        dossier(2, "2.000815", DossierStatus::Resolved, Channel::InPerson),
        dossier(
            3,
            "1.009972",
            DossierStatus::Processing,
            Channel::PartlyOnline,
        ),
        bad,
    ]
}
