//! Reading the portal's files record by record, whatever their size: NDJSON (one JSON
//! object a line, passed on as written) or CSV (a header row of the API's field names;
//! each row made into the JSON object the API takes).

use std::fs::File;
use std::io::{BufRead, BufReader, Read};
use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use clap::ValueEnum;
use serde_json::{Map, Value};

use super::{CliError, CliResult};

/// The format of an input file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum InputFormat {
    /// One JSON object per line
    Ndjson,
    /// A header row of field names, then one record per row
    Csv,
}

/// What a CSV row becomes: which columns are numbers or yes/no, and which are nested.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Shape {
    /// A dossier record (`DossierIn`).
    Dossier,
    /// A row of statistics (`StatisticsIn`): every column but `unit_code` and `period`
    /// is a count of `figures`.
    Statistics,
}

/// One record of the file.
#[derive(Debug)]
pub(crate) struct Record {
    /// Its number in the file, from 1.
    pub number: u64,
    /// The line it starts on, from 1.
    pub line: u64,
    /// Its JSON, on one line.
    pub json: String,
    /// Why it could not be read, when it could not.
    pub unreadable: Option<String>,
}

/// Counts the bytes read, for the progress bar.
struct Counted<R> {
    inner: R,
    count: Arc<AtomicU64>,
}

impl<R: Read> Read for Counted<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.count.fetch_add(n as u64, Ordering::Relaxed);
        Ok(n)
    }
}

enum Source {
    Ndjson(BufReader<Counted<Box<dyn Read>>>, u64),
    Csv(Box<csv::Reader<Counted<Box<dyn Read>>>>, csv::StringRecord),
}

/// A file read record by record.
pub(crate) struct Records {
    source: Source,
    shape: Shape,
    number: u64,
    read: Arc<AtomicU64>,
    /// The file's size, when it is a file.
    pub size: Option<u64>,
}

impl Records {
    /// Opens `path` (`-` for stdin) in `format` (by default from the extension: `.csv` is
    /// CSV, anything else NDJSON).
    pub(crate) fn open(path: &Path, format: Option<InputFormat>, shape: Shape) -> CliResult<Self> {
        let format = format.unwrap_or(
            if path
                .extension()
                .is_some_and(|e| e.eq_ignore_ascii_case("csv"))
            {
                InputFormat::Csv
            } else {
                InputFormat::Ndjson
            },
        );
        let (reader, size): (Box<dyn Read>, Option<u64>) = if path.as_os_str() == "-" {
            (Box::new(std::io::stdin()), None)
        } else {
            let file = File::open(path)
                .map_err(|e| CliError::Usage(format!("{}: {e}", path.display())))?;
            let size = file.metadata().ok().map(|m| m.len());
            (Box::new(file), size)
        };
        let read = Arc::new(AtomicU64::new(0));
        let counted = Counted {
            inner: reader,
            count: read.clone(),
        };
        let source = match format {
            InputFormat::Ndjson => Source::Ndjson(BufReader::with_capacity(1 << 16, counted), 0),
            InputFormat::Csv => {
                let mut reader = csv::ReaderBuilder::new()
                    .flexible(true)
                    .from_reader(counted);
                let headers = reader
                    .headers()
                    .map_err(|e| CliError::Usage(format!("{}: {e}", path.display())))?
                    .clone();
                Source::Csv(Box::new(reader), headers)
            }
        };
        Ok(Records {
            source,
            shape,
            number: 0,
            read,
            size,
        })
    }

    /// Bytes read so far.
    pub(crate) fn position(&self) -> u64 {
        self.read.load(Ordering::Relaxed)
    }

    /// The next record, or `None` at the end of the file.
    pub(crate) fn next_record(&mut self) -> CliResult<Option<Record>> {
        match &mut self.source {
            Source::Ndjson(reader, line) => loop {
                let mut text = String::new();
                if reader.read_line(&mut text)? == 0 {
                    return Ok(None);
                }
                *line += 1;
                let json = text.trim();
                if json.is_empty() {
                    continue;
                }
                self.number += 1;
                return Ok(Some(Record {
                    number: self.number,
                    line: *line,
                    json: json.to_owned(),
                    unreadable: None,
                }));
            },
            Source::Csv(reader, headers) => {
                let mut row = csv::StringRecord::new();
                let outcome = reader.read_record(&mut row);
                let line = row.position().map_or(0, |p| p.line());
                match outcome {
                    Ok(false) => Ok(None),
                    Ok(true) => {
                        self.number += 1;
                        let object = object_of(headers, &row, self.shape);
                        Ok(Some(Record {
                            number: self.number,
                            line,
                            json: Value::Object(object).to_string(),
                            unreadable: None,
                        }))
                    }
                    Err(e) if matches!(e.kind(), csv::ErrorKind::Io(_)) => {
                        Err(CliError::Failed(e.to_string()))
                    }
                    Err(e) => {
                        self.number += 1;
                        let line = e.position().map_or(line, |p| p.line());
                        Ok(Some(Record {
                            number: self.number,
                            line,
                            json: String::new(),
                            unreadable: Some(e.to_string()),
                        }))
                    }
                }
            }
        }
    }
}

/// The kinds of the API's fields that are not text.
fn kind(shape: Shape, field: &str) -> Kind {
    match (shape, field) {
        (Shape::Dossier, "paid_online" | "electronic_result" | "digitised" | "synced") => {
            Kind::Bool
        }
        (Shape::Dossier, "satisfaction") => Kind::Int,
        (Shape::Statistics, "unit_code" | "period") => Kind::Text,
        (Shape::Statistics, _) => Kind::Int,
        _ => Kind::Text,
    }
}

#[derive(Clone, Copy)]
enum Kind {
    Text,
    Int,
    Bool,
}

/// A CSV row as the API's JSON object: empty cells left out; a cell that is not what its
/// field takes is sent as text, for the API to name it.
fn object_of(
    headers: &csv::StringRecord,
    row: &csv::StringRecord,
    shape: Shape,
) -> Map<String, Value> {
    let mut object = Map::new();
    let mut figures = Map::new();
    for (name, cell) in headers.iter().zip(row.iter()) {
        let (name, cell) = (name.trim(), cell.trim());
        if cell.is_empty() || name.is_empty() {
            continue;
        }
        let value = match kind(shape, name) {
            Kind::Int => cell
                .parse::<i64>()
                .map_or_else(|_| Value::from(cell), Value::from),
            Kind::Bool => match cell.to_lowercase().as_str() {
                "true" | "1" | "yes" | "x" => Value::Bool(true),
                "false" | "0" | "no" => Value::Bool(false),
                _ => Value::from(cell),
            },
            Kind::Text => Value::from(cell),
        };
        if shape == Shape::Statistics && !matches!(name, "unit_code" | "period") {
            figures.insert(name.to_owned(), value);
        } else {
            object.insert(name.to_owned(), value);
        }
    }
    if shape == Shape::Statistics {
        object.insert("figures".into(), Value::Object(figures));
    }
    object
}
