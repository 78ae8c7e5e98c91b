//! Printing: tables whose columns align by display width (Vietnamese text in NFC), JSON,
//! NDJSON, and the API's problems in words.

use std::io::{IsTerminal, Write};

use comfy_table::{ColumnConstraint, ContentArrangement, Table, presets};
use serde_json::Value;
use unicode_normalization::UnicodeNormalization;

use super::args::{Global, OutputFormat};
use super::{CliError, CliResult};

/// The longest cell of a nested value in a table; `--output json` shows it whole.
const NESTED_MAX: usize = 60;

/// The format asked for, or the default: a table on a terminal, JSON otherwise.
pub(crate) fn format(global: &Global) -> OutputFormat {
    global.output.unwrap_or(if std::io::stdout().is_terminal() {
        OutputFormat::Table
    } else {
        OutputFormat::Json
    })
}

/// A value as one table cell: text in NFC, lists of words joined, nested values as
/// compact JSON (cut at `NESTED_MAX` characters).
pub(crate) fn cell(value: &Value) -> String {
    match value {
        Value::Null => String::new(),
        Value::String(s) => s.nfc().collect(),
        Value::Bool(b) => if *b { "yes" } else { "no" }.into(),
        Value::Number(n) => n.to_string(),
        Value::Array(items) if items.iter().all(|v| !v.is_object() && !v.is_array()) => {
            items.iter().map(cell).collect::<Vec<_>>().join(", ")
        }
        nested => {
            let text: String = nested.to_string().nfc().collect();
            if text.chars().count() > NESTED_MAX {
                let cut: String = text.chars().take(NESTED_MAX - 1).collect();
                format!("{cut}…")
            } else {
                text
            }
        }
    }
}

/// The value at a dotted path (`client.client_id`).
pub(crate) fn at<'v>(value: &'v Value, path: &str) -> &'v Value {
    path.split('.')
        .try_fold(value, |v, key| v.get(key))
        .unwrap_or(&Value::Null)
}

/// The width tables are wrapped to: the terminal's, else `$COLUMNS`, else 120.
fn width() -> u16 {
    console::Term::stdout()
        .size_checked()
        .map(|(_, columns)| columns)
        .or_else(|| std::env::var("COLUMNS").ok()?.parse().ok())
        .unwrap_or(120)
        .max(40)
}

fn table() -> Table {
    let mut table = Table::new();
    table
        .load_preset(presets::UTF8_FULL_CONDENSED)
        .set_content_arrangement(ContentArrangement::Dynamic)
        .set_width(width());
    table
}

pub(crate) fn write_out(text: &str) -> CliResult {
    let mut out = std::io::stdout().lock();
    match writeln!(out, "{text}") {
        // A closed pipe (`cchc … | head`) is not an error of ours.
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        other => other.map_err(CliError::from),
    }
}

fn json_text(value: &Value, pretty: bool) -> CliResult<String> {
    let text = if pretty {
        serde_json::to_string_pretty(value)
    } else {
        serde_json::to_string(value)
    };
    text.map_err(|e| CliError::Failed(e.to_string()))
}

/// Prints one resource: its fields as a two-column table, or JSON.
pub(crate) fn print_one(global: &Global, value: &Value) -> CliResult {
    match format(global) {
        OutputFormat::Json => write_out(&json_text(value, true)?),
        OutputFormat::Ndjson => write_out(&json_text(value, false)?),
        OutputFormat::Table => {
            let mut t = table();
            t.set_header(vec!["field", "value"]);
            match value {
                Value::Object(fields) => {
                    for (key, v) in fields {
                        t.add_row(vec![key.clone(), cell(v)]);
                    }
                }
                other => {
                    t.add_row(vec![String::new(), cell(other)]);
                }
            }
            keep_whole(&mut t, &[0]);
            write_out(&t.to_string())
        }
    }
}

/// Prints a list: the columns given (header, dotted path) as a table, or JSON.
pub(crate) fn print_list(global: &Global, columns: &[(&str, &str)], items: &[Value]) -> CliResult {
    match format(global) {
        OutputFormat::Json => write_out(&json_text(&Value::Array(items.to_vec()), true)?),
        OutputFormat::Ndjson => {
            for item in items {
                write_out(&json_text(item, false)?)?;
            }
            Ok(())
        }
        OutputFormat::Table => {
            let mut t = table();
            t.set_header(columns.iter().map(|(h, _)| *h).collect::<Vec<_>>());
            for item in items {
                t.add_row(
                    columns
                        .iter()
                        .map(|(_, p)| cell(at(item, p)))
                        .collect::<Vec<_>>(),
                );
            }
            write_out(&t.to_string())
        }
    }
}

/// Keeps these columns as wide as their content.
fn keep_whole(table: &mut Table, columns: &[usize]) {
    for &i in columns {
        if let Some(column) = table.column_mut(i) {
            column.set_constraint(ColumnConstraint::ContentWidth);
        }
    }
}

/// Roles and scopes as words (`system_admin, units.read`).
pub(crate) fn names<R: serde::Serialize, S: serde::Serialize>(roles: &[R], scopes: &[S]) -> String {
    let words: Vec<String> = serde_json::to_value(roles)
        .into_iter()
        .chain(serde_json::to_value(scopes))
        .flat_map(|v| match v {
            Value::Array(items) => items.iter().map(cell).collect::<Vec<_>>(),
            _ => Vec::new(),
        })
        .collect();
    words.join(", ")
}

/// Prints an error: the problem's title and detail, the fields at fault and the request
/// id to quote; or what went wrong on the way.
pub(crate) fn print_error(error: &crate::Error) {
    let Some(problem) = error.problem() else {
        eprintln!("error: {error}");
        return;
    };
    eprintln!(
        "error: {} ({} {})",
        problem.title.nfc().collect::<String>(),
        problem.status,
        problem.code
    );
    if let Some(detail) = &problem.detail
        && detail != &problem.title
    {
        eprintln!("  {}", detail.nfc().collect::<String>());
    }
    for field in &problem.errors {
        eprintln!("  - {}: {} ({})", field.field, field.message, field.code);
    }
    if let Some(actions) = &problem.allowed_actions {
        eprintln!("  allowed actions: {}", actions.join(", "));
    }
    if let Some(id) = &problem.request_id {
        eprintln!("  request id: {id}");
    }
}
