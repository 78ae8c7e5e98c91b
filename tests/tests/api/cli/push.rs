//! The portal's files pushed through `cchc`: batches as large as the API takes, the
//! refused records written to `--rejects` with their record and line numbers.

use std::fmt::Write as _;

use cchc_sdk::types::portal::StatisticsQuery;

use super::{Cli, arg};
use crate::common::world::World;
use crate::common::{TestApp, TestResult};

const RECORDS: usize = 100_000;

/// Dossier `n` (from 1) of Hòa Tân Tây, received and resolved in March 2024.
fn dossier(n: usize, unit_code: &str, due: &str) -> String {
    format!(
        r#"{{"code":"HS-{n:06}","procedure_code":"1.001193","unit_code":"{unit_code}","received_date":"2024-03-01","due_date":"{due}","finished_date":"2024-03-05","status":"resolved","channel":"fully_online","paid_online":true,"electronic_result":true,"digitised":true,"synced":true,"satisfaction":5}}"#
    )
}

#[tokio::test]
async fn a_hundred_thousand_dossiers_are_pushed_in_batches_and_the_refused_written_out()
-> TestResult {
    let app = TestApp::spawn().await;
    World::build(&app).await?;
    let cli = Cli::new(&app);
    cli.login().await.ok();
    // Three bad records among 100,000, and a blank line after the fifth (skipped, so from
    // then on a record's line is its number + 1).
    let mut file = String::with_capacity(RECORDS * 300);
    for n in 1..=RECORDS {
        let line = match n {
            10 => dossier(n, "99999", "2024-03-10"),
            50_001 => "not a dossier at all".to_owned(),
            99_999 => dossier(n, "22081", "2024-02-01"),
            _ => dossier(n, "22081", "2024-03-10"),
        };
        writeln!(file, "{line}")?;
        if n == 5 {
            file.push('\n');
        }
    }
    let input = cli.write("ho-so.ndjson", &file);
    let rejects = cli.path("bi-tu-choi.ndjson");
    let run = cli
        .run(&[
            "portal",
            "push-dossiers",
            arg(&input),
            "--rejects",
            arg(&rejects),
            "--output",
            "json",
            "--progress",
            "always",
        ])
        .await
        .ok();
    let summary = run.json();
    assert_eq!(summary["records"], RECORDS);
    assert_eq!(summary["accepted"], RECORDS - 3);
    assert_eq!(summary["created"], RECORDS - 3);
    assert_eq!(summary["rejected"], 3);
    assert_eq!(
        summary["batches"], 10,
        "10,000 records a batch, the most the API takes"
    );
    assert!(
        run.stderr.contains("100%"),
        "the bar ends full: {}",
        run.stderr
    );

    let march = app
        .client
        .portal()
        .list_statistics(&StatisticsQuery {
            period: Some("2024-03".into()),
            ..StatisticsQuery::default()
        })
        .await?;
    assert_eq!(march.data.len(), 1);
    assert_eq!(
        march.data[0].figures.received,
        (RECORDS - 3) as i64,
        "every good record stored"
    );

    let refused: Vec<serde_json::Value> = std::fs::read_to_string(&rejects)?
        .lines()
        .map(serde_json::from_str)
        .collect::<Result<_, _>>()?;
    let seen: Vec<(u64, u64)> = refused
        .iter()
        .map(|r| {
            (
                r["record"].as_u64().unwrap_or(0),
                r["line"].as_u64().unwrap_or(0),
            )
        })
        .collect();
    assert_eq!(seen, vec![(10, 11), (50_001, 50_002), (99_999, 100_000)]);
    assert_eq!(refused[0]["code"], "HS-000010");
    assert_eq!(refused[0]["errors"][0]["field"], "unit_code");
    assert_eq!(
        refused[0]["input"]["unit_code"], "99999",
        "the record as read"
    );
    assert_eq!(refused[1]["input"], "not a dossier at all");
    assert!(!refused[1]["errors"].as_array().ok_or("errors")?.is_empty());
    assert_eq!(refused[2]["errors"][0]["field"], "due_date");

    // The same file again changes nothing.
    let again = cli
        .run(&["portal", "push-dossiers", arg(&input), "--output", "json"])
        .await
        .ok()
        .json();
    assert_eq!(
        (again["unchanged"].as_u64(), again["rejected"].as_u64()),
        (Some(RECORDS as u64 - 3), Some(3))
    );
    Ok(())
}

#[tokio::test]
async fn statistics_rows_from_csv_are_stored_but_the_rows_the_api_refuses() -> TestResult {
    let app = TestApp::spawn().await;
    World::build(&app).await?;
    let cli = Cli::new(&app);
    cli.login().await.ok();
    let csv = "unit_code,period,received,resolved_early,resolved_on_time,resolved_late\n\
        22081,2024-01,120,80,30,2\n\
        99999,2024-02,10,5,5,0\n\
        22084,2024-13,10,5,5,0\n\
        22081,2024-02,abc,5,5,0\n\
        22084,2024-Q1,60,40,10,1\n";
    let input = cli.write("thong-ke.csv", csv);
    let rejects = cli.path("loi.ndjson");
    let summary = cli
        .run(&[
            "portal",
            "push-statistics",
            arg(&input),
            "--rejects",
            arg(&rejects),
            "--output",
            "json",
        ])
        .await
        .ok()
        .json();
    assert_eq!(
        (summary["accepted"].as_u64(), summary["rejected"].as_u64()),
        (Some(2), Some(3))
    );
    let stored = app
        .client
        .portal()
        .list_statistics(&StatisticsQuery::default())
        .await?;
    let mut kept: Vec<(String, String, i64)> = stored
        .data
        .iter()
        .map(|s| (s.unit_code.clone(), s.period.clone(), s.figures.received))
        .collect();
    kept.sort();
    assert_eq!(
        kept,
        vec![
            ("22081".into(), "2024-01".into(), 120),
            ("22084".into(), "2024-Q1".into(), 60)
        ]
    );
    let refused: Vec<serde_json::Value> = std::fs::read_to_string(&rejects)?
        .lines()
        .map(serde_json::from_str)
        .collect::<Result<_, _>>()?;
    let mut lines: Vec<u64> = refused.iter().filter_map(|r| r["line"].as_u64()).collect();
    lines.sort_unstable();
    assert_eq!(lines, vec![3, 4, 5], "the header is line 1");
    let stats = cli
        .run(&["portal", "statistics", "--output", "table"])
        .await
        .ok();
    assert!(stats.stdout.contains("2024-Q1"), "{}", stats.stdout);
    Ok(())
}
