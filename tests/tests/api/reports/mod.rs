//! Reports: the index ranking, a score sheet, a plan's progress and a unit's awards, each
//! checked against a hand-computed fixture as JSON, as CSV (byte order mark, quoted fields)
//! and as XLSX read back with calamine (numbers as numbers, dates as dates, the header
//! row); and the scope (a plan, assessment or unit of another commune is 404).

use std::io::Cursor;

use calamine::{Data, Reader, Xlsx, open_workbook_from_rs};
use chrono::NaiveDate;
use futures_util::{Stream, TryStreamExt};

use crate::common::TestResult;

mod awards;
mod charts;
mod index;
mod portal;
mod progress;
mod scorecard;

/// One cell as the test expects it.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum V {
    S(&'static str),
    O(String),
    N(f64),
    D(NaiveDate),
    E,
}

pub(super) fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap_or_default()
}

pub(super) async fn bytes_of(
    stream: impl Stream<Item = Result<bytes::Bytes, cchc_sdk::Error>>,
) -> Result<Vec<u8>, cchc_sdk::Error> {
    let chunks: Vec<bytes::Bytes> = stream.try_collect().await?;
    Ok(chunks.concat())
}

/// RFC 4180 records (quoted fields with `""`, separators and line breaks inside quotes).
fn parse_csv(text: &str) -> Vec<Vec<String>> {
    let (mut rows, mut row, mut field) = (Vec::new(), Vec::new(), String::new());
    let (mut quoted, mut chars) = (false, text.chars().peekable());
    while let Some(c) = chars.next() {
        match (quoted, c) {
            (true, '"') if chars.peek() == Some(&'"') => {
                chars.next();
                field.push('"');
            }
            (true, '"') => quoted = false,
            (true, c) => field.push(c),
            (false, '"') => quoted = true,
            (false, ',') => row.push(std::mem::take(&mut field)),
            (false, '\r') => {}
            (false, '\n') => {
                row.push(std::mem::take(&mut field));
                rows.push(std::mem::take(&mut row));
            }
            (false, c) => field.push(c),
        }
    }
    if !field.is_empty() || !row.is_empty() {
        row.push(field);
        rows.push(row);
    }
    rows
}

/// The expected table as CSV text: numbers in their shortest form, dates ISO 8601.
fn csv_text(v: &V) -> String {
    match v {
        V::S(s) => (*s).to_owned(),
        V::O(s) => s.clone(),
        V::N(n) => n.to_string(),
        V::D(d) => d.format("%Y-%m-%d").to_string(),
        V::E => String::new(),
    }
}

/// Checks a CSV download: the byte order mark, then the header and the rows.
pub(super) fn check_csv(body: &[u8], header: &[&str], rows: &[Vec<V>]) {
    let text = body
        .strip_prefix(b"\xEF\xBB\xBF")
        .map(|b| String::from_utf8_lossy(b).into_owned())
        .unwrap_or_else(|| panic!("no byte order mark"));
    let parsed = parse_csv(&text);
    assert_eq!(parsed[0], header, "the header row");
    let expected: Vec<Vec<String>> = rows
        .iter()
        .map(|r| r.iter().map(csv_text).collect())
        .collect();
    assert_eq!(parsed[1..].to_vec(), expected);
}

/// Checks an XLSX download read back with calamine: the header row as text, numbers as
/// number cells, dates as date cells (Excel's serial day: days since 1899-12-30).
pub(super) fn check_xlsx(body: &[u8], header: &[&str], rows: &[Vec<V>]) -> TestResult {
    let mut book: Xlsx<_> = open_workbook_from_rs(Cursor::new(body.to_vec()))?;
    let range = book.worksheet_range_at(0).ok_or("no sheet")??;
    let got: Vec<Vec<Data>> = range.rows().map(<[Data]>::to_vec).collect();
    let titles: Vec<Data> = header.iter().map(|h| Data::String((*h).into())).collect();
    assert_eq!(got[0], titles, "the header row");
    assert_eq!(got.len(), rows.len() + 1, "one row per line");
    let epoch = date(1899, 12, 30);
    for (r, (want, have)) in rows.iter().zip(&got[1..]).enumerate() {
        for (c, (w, h)) in want.iter().zip(have).enumerate() {
            let ok = match (w, h) {
                (V::S(s), Data::String(t)) => s == t,
                (V::O(s), Data::String(t)) => s == t,
                (V::N(n), Data::Float(f)) => (n - f).abs() < 1e-9,
                (V::N(n), Data::Int(i)) => (n - *i as f64).abs() < 1e-9,
                (V::D(d), Data::DateTime(x)) => {
                    x.is_datetime() && (x.as_f64() - (*d - epoch).num_days() as f64).abs() < 1e-9
                }
                (V::E, Data::Empty) => true,
                _ => false,
            };
            assert!(ok, "row {r} column {c}: expected {w:?}, read {h:?}");
        }
    }
    Ok(())
}
