//! Where the generated rows go: `COPY … FROM STDIN` (text format) on PostgreSQL, multi-row
//! `INSERT`s in one transaction per batch on SQLite, or only a digest per table (the
//! reproducibility test). Rows are buffered per table; a flush hands every table's rows, in
//! the order the tables were first written to (parents before children, for the foreign
//! keys), to a writer task, so the database writes one batch while the next is generated.

use std::fmt::Write as _;

use chrono::SecondsFormat;
use sea_orm::sqlx::PgPool;
use sea_orm::sqlx::postgres::PgPoolCopyExt;
use sea_orm::{
    ConnectionTrait, DatabaseConnection, DbBackend, EntityTrait, IdenStatic, Iterable, ModelTrait,
    Statement, TransactionTrait, Value,
};
use sha2::{Digest, Sha256};
use tokio::sync::mpsc;
use tokio::task::{JoinHandle, JoinSet};

use super::BenchError;

/// Where rows are written.
#[derive(Clone)]
pub enum Target {
    /// PostgreSQL, by COPY on the pool's connections.
    Postgres(PgPool),
    /// SQLite (or anything else sea-orm speaks), by multi-row INSERTs.
    Sqlite(DatabaseConnection),
    /// Nowhere: only each table's digest and count are kept.
    Digest,
}

/// The rows of one table waiting to be written.
struct Batch {
    name: &'static str,
    columns: Vec<&'static str>,
    /// COPY text of the rows (PostgreSQL and digests).
    text: String,
    /// Values of the rows, row after row (SQLite).
    values: Vec<Value>,
}

struct Table {
    batch: Batch,
    buffered: usize,
    written: u64,
    digest: Sha256,
}

/// The task writing batches in the order they were flushed.
struct Writer {
    batches: mpsc::Sender<Vec<Batch>>,
    done: JoinHandle<Result<(), BenchError>>,
}

/// Buffers rows per table and writes them in batches.
pub struct Sink {
    target: Target,
    tables: Vec<Table>,
    buffered: usize,
    limit: usize,
    writer: Option<Writer>,
}

/// More bound parameters than this in one SQLite statement is refused (its limit is 32,766).
const SQLITE_PARAMS: usize = 30_000;

impl Sink {
    /// A sink writing to `target`, flushing once `limit` rows wait.
    pub fn new(target: Target, limit: usize) -> Sink {
        let writer = match target {
            Target::Digest => None,
            _ => {
                // Two flushes queued at most: generation waits for the database beyond that.
                let (batches, rx) = mpsc::channel::<Vec<Batch>>(2);
                let done = tokio::spawn(write_all(target.clone(), rx));
                Some(Writer { batches, done })
            }
        };
        Sink {
            target,
            tables: Vec::new(),
            buffered: 0,
            limit,
            writer,
        }
    }

    /// Buffers one entity row, every column in the entity's order.
    pub fn put<E: EntityTrait>(&mut self, model: &E::Model) -> Result<(), BenchError> {
        let columns: Vec<&'static str> = E::Column::iter().map(|c| c.as_str()).collect();
        let values = E::Column::iter().map(|c| model.get(c)).collect();
        self.put_raw(E::default().table_name(), &columns, values)
    }

    /// Buffers one row of `table` (for tables without an entity): `values` in `columns`' order.
    pub fn put_raw(
        &mut self,
        table: &'static str,
        columns: &[&'static str],
        values: Vec<Value>,
    ) -> Result<(), BenchError> {
        let i = match self.tables.iter().position(|t| t.batch.name == table) {
            Some(i) => i,
            None => {
                self.tables.push(Table {
                    batch: empty(table, columns.to_vec()),
                    buffered: 0,
                    written: 0,
                    digest: Sha256::new(),
                });
                self.tables.len() - 1
            }
        };
        let t = &mut self.tables[i];
        match self.target {
            Target::Sqlite(_) => t.batch.values.extend(values),
            Target::Postgres(_) | Target::Digest => {
                let text = &mut t.batch.text;
                for (k, v) in values.iter().enumerate() {
                    if k > 0 {
                        text.push('\t');
                    }
                    copy_text(text, v)?;
                }
                text.push('\n');
            }
        }
        t.buffered += 1;
        self.buffered += 1;
        Ok(())
    }

    /// Writes everything buffered once more than the limit waits.
    pub async fn maybe_flush(&mut self) -> Result<(), BenchError> {
        if self.buffered >= self.limit {
            self.flush().await?;
        }
        Ok(())
    }

    /// Hands everything buffered to the writer, table after table in the order they were
    /// first written (waits while two batches are queued already).
    pub async fn flush(&mut self) -> Result<(), BenchError> {
        let mut batches = Vec::new();
        for t in &mut self.tables {
            if t.buffered == 0 {
                continue;
            }
            let fresh = empty(t.batch.name, t.batch.columns.clone());
            let batch = std::mem::replace(&mut t.batch, fresh);
            if let Target::Digest = self.target {
                t.digest.update(batch.text.as_bytes());
            } else {
                batches.push(batch);
            }
            t.written += t.buffered as u64;
            t.buffered = 0;
        }
        self.buffered = 0;
        if let (Some(w), false) = (&self.writer, batches.is_empty())
            && w.batches.send(batches).await.is_err()
        {
            // The writer stopped: its error says why.
            return self.finish().await;
        }
        Ok(())
    }

    /// Flushes and waits until the writer has written everything; its first error, if any.
    pub async fn finish(&mut self) -> Result<(), BenchError> {
        if self.buffered > 0 {
            Box::pin(self.flush()).await?;
        }
        match self.writer.take() {
            Some(Writer { batches, done }) => {
                drop(batches);
                done.await
                    .map_err(|e| BenchError(format!("the writer task failed: {e}")))?
            }
            None => Ok(()),
        }
    }

    /// Rows written per table, in the order the tables were first written.
    pub fn counts(&self) -> Vec<(&'static str, u64)> {
        self.tables
            .iter()
            .map(|t| (t.batch.name, t.written + t.buffered as u64))
            .collect()
    }

    /// Each table's digest (SHA-256 of its rows' COPY text), after a flush; empty unless
    /// the target is [`Target::Digest`].
    pub fn digests(&self) -> Vec<(&'static str, String)> {
        self.tables
            .iter()
            .map(|t| (t.batch.name, hex::encode(t.digest.clone().finalize())))
            .collect()
    }
}

/// Writes the flushes received: the first alone (the units, people and frameworks every
/// later row refers to), then up to two at a time on PostgreSQL (each flush holds whole
/// communes, so the flushes after the first are independent); one at a time on SQLite,
/// which has one writer anyway.
async fn write_all(target: Target, mut rx: mpsc::Receiver<Vec<Batch>>) -> Result<(), BenchError> {
    let parallel = match target {
        Target::Postgres(_) => 2,
        _ => 1,
    };
    let mut running: JoinSet<Result<(), BenchError>> = JoinSet::new();
    let mut first = true;
    while let Some(batches) = rx.recv().await {
        while running.len() >= parallel {
            joined(running.join_next().await)?;
        }
        let target = target.clone();
        let job = async move {
            for b in &batches {
                match &target {
                    Target::Postgres(pool) => copy_in(pool, b).await?,
                    Target::Sqlite(db) => insert_many(db, b).await?,
                    Target::Digest => {}
                }
            }
            Ok(())
        };
        if first {
            job.await?;
            first = false;
        } else {
            running.spawn(job);
        }
    }
    while let Some(result) = running.join_next().await {
        joined(Some(result))?;
    }
    Ok(())
}

fn joined(
    result: Option<Result<Result<(), BenchError>, tokio::task::JoinError>>,
) -> Result<(), BenchError> {
    match result {
        Some(Ok(written)) => written,
        Some(Err(e)) => Err(BenchError(format!("a writer task failed: {e}"))),
        None => Ok(()),
    }
}

fn empty(name: &'static str, columns: Vec<&'static str>) -> Batch {
    Batch {
        name,
        columns,
        text: String::new(),
        values: Vec::new(),
    }
}

async fn copy_in(pool: &PgPool, t: &Batch) -> Result<(), BenchError> {
    let statement = format!(
        "COPY {} ({}) FROM STDIN (FORMAT text)",
        t.name,
        t.columns.join(", ")
    );
    let mut copy = pool.copy_in_raw(&statement).await?;
    // Chunks of a few MiB keep the connection's buffers small.
    for chunk in t.text.as_bytes().chunks(4 << 20) {
        copy.send(chunk).await?;
    }
    copy.finish().await?;
    Ok(())
}

async fn insert_many(db: &DatabaseConnection, t: &Batch) -> Result<(), BenchError> {
    let width = t.columns.len().max(1);
    let per_statement = (SQLITE_PARAMS / width).max(1);
    let txn = db.begin().await?;
    for rows in t.values.chunks(per_statement * width) {
        let n = rows.len() / width;
        let one = format!("({})", vec!["?"; width].join(", "));
        let sql = format!(
            "INSERT INTO {} ({}) VALUES {}",
            t.name,
            t.columns.join(", "),
            vec![one; n].join(", ")
        );
        let stmt = Statement::from_sql_and_values(DbBackend::Sqlite, sql, rows.to_vec());
        txn.execute_raw(stmt).await?;
    }
    txn.commit().await?;
    Ok(())
}

/// Appends `v` in PostgreSQL's COPY text format: `\N` for NULL, backslash escapes.
fn copy_text(out: &mut String, v: &Value) -> Result<(), BenchError> {
    fn text(out: &mut String, s: &str) {
        for c in s.chars() {
            match c {
                '\\' => out.push_str("\\\\"),
                '\t' => out.push_str("\\t"),
                '\n' => out.push_str("\\n"),
                '\r' => out.push_str("\\r"),
                c => out.push(c),
            }
        }
    }
    let null = "\\N";
    let written = match v {
        Value::Bool(b) => b.map(|b| out.push(if b { 't' } else { 'f' })),
        Value::Int(n) => n.map(|n| {
            let _ = write!(out, "{n}");
        }),
        Value::BigInt(n) => n.map(|n| {
            let _ = write!(out, "{n}");
        }),
        Value::String(s) => s.as_deref().map(|s| text(out, s)),
        Value::Json(j) => j.as_deref().map(|j| text(out, &j.to_string())),
        Value::ChronoDate(d) => d.map(|d| {
            let _ = write!(out, "{}", d.format("%Y-%m-%d"));
        }),
        Value::ChronoDateTimeUtc(t) => {
            t.map(|t| out.push_str(&t.to_rfc3339_opts(SecondsFormat::Micros, true)))
        }
        Value::Uuid(u) => u.map(|u| {
            let _ = write!(out, "{}", u.hyphenated());
        }),
        other => return Err(BenchError(format!("no COPY text for {other:?}"))),
    };
    if written.is_none() {
        out.push_str(null);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn copy_text_escapes_and_writes_nulls() {
        let mut out = String::new();
        copy_text(&mut out, &Value::String(Some("a\tb\\c\nd".into()))).ok();
        out.push('|');
        copy_text(&mut out, &Value::String(None)).ok();
        out.push('|');
        copy_text(&mut out, &Value::Bool(Some(false))).ok();
        assert_eq!(out, "a\\tb\\\\c\\nd|\\N|f");
    }
}
