//! The same list / get / create for every resource: `--filter KEY=VALUE` read into the
//! resource's typed query, `--file` read into its typed create body, the answer printed as
//! a table (the resource's columns) or JSON. Used by `resources` (every resource), and by
//! `download` and `push` (their inputs and outputs).

use futures_util::{Stream, StreamExt};
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::Value;

use super::args::{Crud, Global, ListArgs, OutputFormat};
use super::columns::{Columns, EXPORTS};
use super::session::Session;
use super::{CliError, CliResult, output};
use crate::types::common::Page;
use crate::types::exports;

/// Reads `pairs` (the API's query parameters) into the typed query `Q`; a key that `Q`
/// does not take is a usage error.
pub(crate) fn params<Q: DeserializeOwned + Serialize>(pairs: &[(String, String)]) -> CliResult<Q> {
    let usage = |e: &dyn std::fmt::Display| CliError::Usage(format!("filters: {e}"));
    let encoded = serde_urlencoded::to_string(pairs).map_err(|e| usage(&e))?;
    let query: Q = serde_urlencoded::from_str(&encoded).map_err(|e| usage(&e))?;
    // A value the API does not know (an unknown status) reads as the query's `Unknown`,
    // which cannot be sent: name the filter that holds it.
    let read = serde_urlencoded::to_string(&query).map_err(|_| {
        let bad = pairs.iter().find(|(k, v)| {
            let one = serde_urlencoded::to_string([(k, v)]).unwrap_or_default();
            serde_urlencoded::from_str::<Q>(&one)
                .map_or(true, |q| serde_urlencoded::to_string(&q).is_err())
        });
        match bad {
            Some((k, v)) => CliError::Usage(format!(
                "`{k}={v}`: not a value of `{k}` (the API's values are in `--help` and /docs)"
            )),
            None => CliError::Usage("filters: a value the API does not take".into()),
        }
    })?;
    let read: Vec<(String, String)> = serde_urlencoded::from_str(&read).map_err(|e| usage(&e))?;
    for (key, _) in pairs {
        if !read.iter().any(|(k, _)| k == key) {
            return Err(CliError::Usage(format!(
                "`{key}` is not a filter this command takes"
            )));
        }
    }
    Ok(query)
}

/// `KEY=VALUE` arguments as pairs.
pub(crate) fn pairs(filters: &[String]) -> CliResult<Vec<(String, String)>> {
    filters
        .iter()
        .map(|f| match f.split_once('=') {
            Some((k, v)) if !k.trim().is_empty() => Ok((k.trim().to_owned(), v.to_owned())),
            _ => Err(CliError::Usage(format!("`{f}`: a filter is KEY=VALUE"))),
        })
        .collect()
}

pub(crate) fn list_query<Q: DeserializeOwned + Serialize>(args: &ListArgs) -> CliResult<Q> {
    let mut p = pairs(&args.filters)?;
    if let Some(q) = &args.q {
        p.push(("q".into(), q.clone()));
    }
    if let Some(limit) = args.limit {
        p.push(("limit".into(), limit.to_string()));
    }
    if let Some(cursor) = &args.cursor {
        p.push(("cursor".into(), cursor.clone()));
    }
    params(&p)
}

/// Reads a create body: the JSON of a file, or of stdin for `-`.
pub(crate) fn read_body<T: DeserializeOwned>(path: &std::path::Path) -> CliResult<T> {
    let bytes = if path.as_os_str() == "-" {
        let mut buf = Vec::new();
        std::io::Read::read_to_end(&mut std::io::stdin().lock(), &mut buf)?;
        buf
    } else {
        std::fs::read(path).map_err(|e| CliError::Usage(format!("{}: {e}", path.display())))?
    };
    serde_json::from_slice(&bytes)
        .map_err(|e| CliError::Usage(format!("{}: not a valid body: {e}", path.display())))
}

pub(crate) fn to_value(value: &impl Serialize) -> CliResult<Value> {
    serde_json::to_value(value).map_err(|e| CliError::Failed(e.to_string()))
}

pub(crate) fn print_value(global: &Global, value: &impl Serialize) -> CliResult {
    output::print_one(global, &to_value(value)?)
}

pub(crate) fn print_page<T: Serialize>(
    global: &Global,
    columns: Columns,
    page: Page<T>,
) -> CliResult {
    let items = page
        .data
        .iter()
        .map(to_value)
        .collect::<CliResult<Vec<_>>>()?;
    output::print_list(global, columns, &items)?;
    if let (true, Some(cursor), OutputFormat::Table) =
        (page.has_more, &page.next_cursor, output::format(global))
    {
        eprintln!("more: add --cursor {cursor}, or --all for every page");
    }
    Ok(())
}

/// Prints every page: NDJSON as it arrives, the other formats once all is read.
pub(crate) async fn print_stream<T: Serialize>(
    global: &Global,
    columns: Columns,
    stream: impl Stream<Item = crate::client::Result<T>>,
) -> CliResult {
    let mut stream = std::pin::pin!(stream);
    let streaming = output::format(global) == OutputFormat::Ndjson;
    let mut items = Vec::new();
    while let Some(item) = stream.next().await {
        let value = to_value(&item?)?;
        if streaming {
            output::print_list(global, columns, &[value])?;
        } else {
            items.push(value);
        }
    }
    if streaming {
        return Ok(());
    }
    output::print_list(global, columns, &items)
}

/// list of a resource that is only listed.
macro_rules! list_only {
    ($g:expr, $s:expr, $a:expr, $handle:ident, $query:ty, $cols:expr) => {{
        let a = $a;
        let q: $query = $crate::cli::crud::list_query(&a)?;
        let client = $s.client().await?.clone();
        if a.all {
            $crate::cli::crud::print_stream($g, $cols, client.$handle().list_all(q)).await
        } else {
            $crate::cli::crud::print_page($g, $cols, client.$handle().list(&q).await?)
        }
    }};
}
pub(crate) use list_only;

/// list / get / create of one resource handle (`units`, `tasks`, …).
macro_rules! crud {
    ($g:expr, $s:expr, $cmd:expr, $handle:ident, $query:ty, $input:ty, $cols:expr) => {
        match $cmd {
            $crate::cli::args::Crud::List(a) => {
                $crate::cli::crud::list_only!($g, $s, a, $handle, $query, $cols)
            }
            $crate::cli::args::Crud::Get(a) => {
                let found = $s.client().await?.$handle().get(a.id).await?;
                $crate::cli::crud::print_value($g, &found.value)
            }
            $crate::cli::args::Crud::Create(a) => {
                let body: $input = $crate::cli::crud::read_body(&a.file)?;
                let created = $s.client().await?.$handle().create(&body).await?;
                $crate::cli::crud::print_value($g, &created.value)
            }
        }
    };
}
pub(crate) use crud;

/// list / get / create of export jobs (the same as every resource).
pub(crate) async fn export_crud(global: &Global, s: &mut Session, c: Crud) -> CliResult {
    let g = global;
    crud!(
        g,
        s,
        c,
        exports,
        exports::ExportListQuery,
        exports::ExportIn,
        EXPORTS
    )
}
