//! A report's table ([`Report`]) as a file: CSV (RFC 4180) or an XLSX workbook written with
//! `rust_xlsxwriter`.
//!
//! The workbook has one sheet: a bold header row of Vietnamese titles (long ones wrapped),
//! frozen so that it stays in view; numbers written as numbers (points `0.00`, counts `0`,
//! money `#,##0`), dates as date cells (`dd/mm/yyyy`), and each column as wide as its
//! longest cell.

use chrono::Datelike;
use rust_xlsxwriter::{ExcelDateTime, Format, Workbook, XlsxError};

use super::{Cell, Kind, Report};
use crate::error::ApiError;

/// The media type of XLSX files (ECMA-376).
pub const XLSX_TYPE: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/// Widest a column is made, in characters (longer notes wrap in Excel's cell editor).
const MAX_WIDTH: usize = 60;

/// Widest a header title makes its column; a longer title (an area's full name) wraps.
const HEADER_WIDTH: usize = 24;

/// The table as CSV (RFC 4180; without the byte order mark, which the download adds).
pub fn csv_of(report: &Report) -> Result<Vec<u8>, ApiError> {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(report.columns.iter().map(|c| c.title_vi.as_str()))
        .map_err(ApiError::internal)?;
    for row in &report.rows {
        w.write_record(row.iter().map(Cell::to_csv))
            .map_err(ApiError::internal)?;
    }
    w.into_inner().map_err(ApiError::internal)
}

/// Excel's number format of a column.
fn number_format(kind: Kind) -> Format {
    let f = Format::new();
    match kind {
        Kind::Text => f,
        Kind::Integer => f.set_num_format("0"),
        Kind::Decimal(0) => f.set_num_format("0"),
        Kind::Decimal(p) => f.set_num_format(format!("0.{}", "0".repeat(usize::from(p)))),
        Kind::Percent => f.set_num_format("0.00"),
        Kind::Date => f.set_num_format("dd/mm/yyyy"),
        Kind::Money => f.set_num_format("#,##0"),
    }
}

/// A sheet name Excel accepts: no `[ ] : * ? / \`, at most 31 characters, not empty.
fn sheet_name(title: &str) -> String {
    let clean: String = title
        .chars()
        .map(|c| match c {
            '[' | ']' | ':' | '*' | '?' | '/' | '\\' => '-',
            c => c,
        })
        .take(31)
        .collect();
    match clean.trim() {
        "" => "Báo cáo".to_owned(),
        t => t.trim_matches('\'').to_owned(),
    }
}

/// The table as an XLSX workbook (see the module).
pub fn xlsx_of(report: &Report) -> Result<Vec<u8>, XlsxError> {
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    sheet.set_name(sheet_name(&report.title))?;
    let bold = Format::new().set_bold().set_text_wrap();
    let formats: Vec<Format> = report
        .columns
        .iter()
        .map(|c| number_format(c.kind))
        .collect();
    for (c, column) in report.columns.iter().enumerate() {
        let col = u16::try_from(c).map_err(|_| XlsxError::ParameterError("columns".into()))?;
        sheet.write_string_with_format(0, col, &column.title_vi, &bold)?;
        let widest = report
            .rows
            .iter()
            .filter_map(|r| r.get(c))
            .map(|cell| cell.shown_width(column.kind))
            .chain([column.title_vi.chars().count().min(HEADER_WIDTH)])
            .max()
            .unwrap_or(8);
        // Two characters of padding; Excel's width unit is about one digit.
        sheet.set_column_width(col, (widest.min(MAX_WIDTH) + 2) as f64)?;
    }
    for (r, row) in report.rows.iter().enumerate() {
        let at = u32::try_from(r + 1).map_err(|_| XlsxError::ParameterError("rows".into()))?;
        for (c, cell) in row.iter().enumerate() {
            let col = u16::try_from(c).map_err(|_| XlsxError::ParameterError("columns".into()))?;
            let format = &formats[c.min(formats.len().saturating_sub(1))];
            match cell {
                Cell::Empty => {}
                Cell::Text(s) => {
                    sheet.write_string(at, col, s)?;
                }
                Cell::Integer(n) => {
                    sheet.write_number_with_format(at, col, *n as f64, format)?;
                }
                Cell::Number(n) => {
                    sheet.write_number_with_format(at, col, *n, format)?;
                }
                Cell::Date(d) => {
                    let date = ExcelDateTime::from_ymd(
                        u16::try_from(d.year())
                            .map_err(|_| XlsxError::ParameterError("year".into()))?,
                        d.month() as u8,
                        d.day() as u8,
                    )?;
                    sheet.write_datetime_with_format(at, col, &date, format)?;
                }
            }
        }
    }
    sheet.set_freeze_panes(1, 0)?;
    book.save_to_buffer()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::reports::Column;

    #[test]
    fn sheet_names_fit_excel() {
        assert_eq!(
            sheet_name("Xếp hạng 2025/2026: [x]"),
            "Xếp hạng 2025-2026- -x-"
        );
        assert_eq!(sheet_name(&"Đ".repeat(40)).chars().count(), 31);
        assert_eq!(sheet_name("  "), "Báo cáo");
    }

    #[test]
    fn the_csv_has_the_titles_then_the_cells() {
        let report = Report {
            title: "t".into(),
            columns: vec![
                Column::new("name", "Tên, đơn vị", Kind::Text),
                Column::new("points", "Điểm", Kind::Decimal(2)),
            ],
            rows: vec![vec![Cell::from("Xã \"A\""), Cell::from(7.5)]],
        };
        let text = String::from_utf8(csv_of(&report).unwrap_or_default()).unwrap_or_default();
        assert_eq!(text, "\"Tên, đơn vị\",Điểm\n\"Xã \"\"A\"\"\",7.5\n");
    }

    #[test]
    fn the_sheet_freezes_its_header_and_fits_its_columns() -> Result<(), Box<dyn std::error::Error>>
    {
        use std::io::Read;
        let d = chrono::NaiveDate::from_ymd_opt(2025, 3, 9).ok_or("date")?;
        let report = Report {
            title: "Bảng/thử".into(),
            columns: vec![
                Column::new("name", "Tên", Kind::Text),
                Column::new("money", "Số tiền (đồng)", Kind::Money),
                Column::new("due", "Hạn", Kind::Date),
            ],
            rows: vec![vec![
                Cell::from("Ủy ban nhân dân xã Hòa Tân Tây"),
                Cell::from(1_250_000.0),
                Cell::from(d),
            ]],
        };
        let mut zip = zip::ZipArchive::new(std::io::Cursor::new(xlsx_of(&report)?))?;
        let mut sheet = String::new();
        zip.by_name("xl/worksheets/sheet1.xml")?
            .read_to_string(&mut sheet)?;
        assert!(
            sheet.contains(
                r#"<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>"#
            ),
            "{sheet}"
        );
        // Widths: the longest cell (30 characters, 9 shown for 1,250,000 -> the title's 14,
        // 10 for a date) plus two; Excel stores them with its padding (+0.7109375).
        for (col, width) in [(1, 32), (2, 16), (3, 12)] {
            let tag = format!(
                r#"<col min="{col}" max="{col}" width="{width}.7109375" customWidth="1"/>"#
            );
            assert!(sheet.contains(&tag), "{tag} in {sheet}");
        }
        // The number and the date are numeric cells (no t="s" shared string); 9 March 2025
        // is Excel's day 45725.
        assert!(
            sheet.contains("<v>1250000</v>") && sheet.contains("<v>45725</v>"),
            "{sheet}"
        );
        let mut book = String::new();
        zip.by_name("xl/workbook.xml")?.read_to_string(&mut book)?;
        assert!(book.contains(r#"name="Bảng-thử""#), "{book}");
        Ok(())
    }
}
