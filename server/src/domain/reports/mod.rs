//! Reports (`/api/v1/reports/*`): each one is read through the scoped domain functions into
//! its typed SDK shape (the JSON answer), then laid out as one [`Report`] table, which
//! the HTTP layer renders as CSV or XLSX.
//!
//! A table is what officials open in Excel: one header row of Vietnamese column titles,
//! then one row per line of the report. Every cell has the kind of its column, so numbers
//! stay numbers and dates stay dates in the XLSX file.

use chrono::NaiveDate;

pub mod awards;
pub mod files;
pub mod plan_progress;
pub mod portal;
pub mod produce;
pub mod ranking;
pub mod score_sheet;
pub mod scorecard;

/// What a column holds, and so how its cells are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Text.
    Text,
    /// A whole number (counts, ranks, years).
    Integer,
    /// A decimal number shown with this many places (points).
    Decimal(u8),
    /// A percent written as its number (`85.5` for 85.5 %), two places shown.
    Percent,
    /// A calendar date (CSV: `YYYY-MM-DD`; XLSX: a date cell shown `dd/mm/yyyy`).
    Date,
    /// An amount of đồng, shown with thousands separators and no decimals.
    Money,
}

/// One column of a report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Column {
    /// Machine name (the JSON field it comes from), `snake_case`.
    pub key: String,
    /// The Vietnamese title of the header row.
    pub title_vi: String,
    /// What its cells hold.
    pub kind: Kind,
}

impl Column {
    /// A column named `key`, titled `title_vi`, holding `kind`.
    pub fn new(key: impl Into<String>, title_vi: impl Into<String>, kind: Kind) -> Self {
        Column {
            key: key.into(),
            title_vi: title_vi.into(),
            kind,
        }
    }
}

/// One cell.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    /// Nothing (a score not given yet, no band).
    Empty,
    /// Text.
    Text(String),
    /// A whole number.
    Integer(i64),
    /// A number (points, percent, money).
    Number(f64),
    /// A date.
    Date(NaiveDate),
}

impl From<&str> for Cell {
    fn from(s: &str) -> Self {
        Cell::Text(s.to_owned())
    }
}

impl From<String> for Cell {
    fn from(s: String) -> Self {
        Cell::Text(s)
    }
}

impl From<f64> for Cell {
    fn from(n: f64) -> Self {
        Cell::Number(n)
    }
}

impl From<i64> for Cell {
    fn from(n: i64) -> Self {
        Cell::Integer(n)
    }
}

impl From<NaiveDate> for Cell {
    fn from(d: NaiveDate) -> Self {
        Cell::Date(d)
    }
}

impl<T: Into<Cell>> From<Option<T>> for Cell {
    fn from(v: Option<T>) -> Self {
        v.map_or(Cell::Empty, Into::into)
    }
}

impl Cell {
    /// The cell as CSV text: numbers in their shortest form with a `.` decimal point,
    /// dates as ISO 8601 `YYYY-MM-DD`, nothing as an empty field.
    pub fn to_csv(&self) -> String {
        match self {
            Cell::Empty => String::new(),
            Cell::Text(s) => s.clone(),
            Cell::Integer(n) => n.to_string(),
            Cell::Number(n) => n.to_string(),
            Cell::Date(d) => d.format("%Y-%m-%d").to_string(),
        }
    }

    /// How many characters the cell shows (for the column widths of the XLSX file).
    pub fn shown_width(&self, kind: Kind) -> usize {
        match (self, kind) {
            (Cell::Date(_), _) => 10,
            (Cell::Number(n), Kind::Money) => {
                let digits = format!("{:.0}", n.abs()).len();
                digits + digits.saturating_sub(1) / 3 + usize::from(*n < 0.0)
            }
            (Cell::Number(n), Kind::Decimal(p)) => format!("{n:.*}", usize::from(p)).len(),
            (Cell::Number(n), Kind::Percent) => format!("{n:.2}").len(),
            (c, _) => c.to_csv().chars().count(),
        }
    }
}

/// A report laid out as one table.
#[derive(Debug, Clone, PartialEq)]
pub struct Report {
    /// The title (also the file name, and the sheet name cut to Excel's 31 characters).
    pub title: String,
    /// The columns, left to right.
    pub columns: Vec<Column>,
    /// The rows; each has one cell per column.
    pub rows: Vec<Vec<Cell>>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_are_written_for_csv_as_machines_read_them() {
        assert_eq!(Cell::from(85.5).to_csv(), "85.5");
        assert_eq!(Cell::from(3_i64).to_csv(), "3");
        assert_eq!(Cell::from(None::<f64>).to_csv(), "");
        let d = NaiveDate::from_ymd_opt(2025, 3, 9).unwrap_or_default();
        assert_eq!(Cell::from(d).to_csv(), "2025-03-09");
    }

    #[test]
    fn widths_count_what_excel_shows() {
        assert_eq!(Cell::from(1_500_000.0).shown_width(Kind::Money), 9);
        assert_eq!(Cell::from(-1000.0).shown_width(Kind::Money), 6);
        assert_eq!(Cell::from(7.0).shown_width(Kind::Decimal(2)), 4);
        assert_eq!(Cell::from("Sở Nội vụ").shown_width(Kind::Text), 9);
    }
}
