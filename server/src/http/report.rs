//! A report's answer in the format asked for (`format=json|csv|xlsx`): its typed JSON, or
//! its table ([`Report`]) as a CSV sheet (UTF-8 with a byte order mark, see
//! [`crate::http::download`]) or an XLSX workbook (see [`crate::domain::reports::files`]).

use actix_web::HttpResponse;
use actix_web::http::header;
use cchc_sdk::types::reports::ReportFormat;
use serde::Serialize;

use crate::domain::reports::Report;
pub use crate::domain::reports::files::XLSX_TYPE;
use crate::domain::reports::files::{csv_of, xlsx_of};
use crate::error::ApiError;

/// The answer: `json` as JSON, or `table()` rendered as CSV or XLSX and named after its
/// title.
pub fn respond<T: Serialize>(
    format: Option<ReportFormat>,
    json: &T,
    table: impl FnOnce() -> Report,
) -> Result<HttpResponse, ApiError> {
    match format.unwrap_or_default() {
        ReportFormat::Csv => {
            let report = table();
            Ok(crate::http::download::csv(
                csv_of(&report)?,
                &format!("{}.csv", report.title),
            ))
        }
        ReportFormat::Xlsx => {
            let report = table();
            let bytes = xlsx_of(&report).map_err(ApiError::internal)?;
            Ok(HttpResponse::Ok()
                .insert_header((header::CONTENT_TYPE, XLSX_TYPE))
                .insert_header((
                    header::CONTENT_DISPOSITION,
                    crate::http::download::attachment(&format!("{}.xlsx", report.title)),
                ))
                .body(bytes))
        }
        ReportFormat::Json => Ok(HttpResponse::Ok().json(json)),
    }
}
