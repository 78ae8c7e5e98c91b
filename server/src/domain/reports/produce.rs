//! A report read from its name and parameters, for the export worker: the same scoped
//! domain functions, permissions and checks as the report's own endpoint, the answer
//! rendered to a file (JSON, CSV without its byte order mark, or XLSX).

use cchc_sdk::types::exports::{ExportParameters, ExportReport};
use cchc_sdk::types::reports::ReportFormat;
use sea_orm::DatabaseConnection;
use uuid::Uuid;

use super::files::{XLSX_TYPE, csv_of, xlsx_of};
use super::{Report, awards, plan_progress, portal, ranking, score_sheet, scorecard};
use crate::auth::{Ctx, Permission};
use crate::error::{ApiError, FieldIssue, Text};

/// A report as a file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReportFile {
    /// The file's name: the report's title and the format's extension.
    pub file_name: String,
    /// Its media type.
    pub content_type: &'static str,
    /// Its bytes (CSV without the byte order mark, which the download adds).
    pub bytes: Vec<u8>,
}

/// The permission a report asks for (as its endpoint does).
pub fn permission(report: ExportReport) -> Permission {
    match report {
        ExportReport::PlanProgress | ExportReport::DepartmentScorecard => Permission::TasksRead,
        ExportReport::Awards => Permission::AwardsRead,
        ExportReport::IndexRanking | ExportReport::ScoreSheet | ExportReport::Portal => {
            Permission::IndexRead
        }
    }
}

/// The names of the parameters a report needs, then those it may take.
fn parameters_of(report: ExportReport) -> (&'static [&'static str], &'static [&'static str]) {
    match report {
        ExportReport::IndexRanking => (&["parent_id", "year"], &[]),
        ExportReport::ScoreSheet => (&["assessment_id"], &[]),
        ExportReport::PlanProgress => (&["plan_id"], &[]),
        ExportReport::DepartmentScorecard | ExportReport::Awards => (&["unit_id", "year"], &[]),
        ExportReport::Portal => (&["unit_id"], &["period"]),
    }
}

/// The parameters given, by name.
fn given(p: &ExportParameters) -> [(&'static str, bool); 6] {
    [
        ("parent_id", p.parent_id.is_some()),
        ("year", p.year.is_some()),
        ("assessment_id", p.assessment_id.is_some()),
        ("plan_id", p.plan_id.is_some()),
        ("unit_id", p.unit_id.is_some()),
        ("period", p.period.is_some()),
    ]
}

/// The issues of a report's parameters (paths `parameters.<name>`): a needed one missing
/// (`required`), one the report does not read (`not_allowed`), a year outside 2000–2100
/// (`out_of_range`), a period not of the form `2024`, `2024-Q1` or `2024-03`
/// (`invalid_value`).
pub fn check(report: ExportReport, p: &ExportParameters) -> Vec<FieldIssue> {
    let (needed, optional) = parameters_of(report);
    let mut issues = Vec::new();
    for (name, present) in given(p) {
        let field = format!("parameters.{name}");
        if needed.contains(&name) && !present {
            issues.push(FieldIssue::required(field));
        } else if present && !needed.contains(&name) && !optional.contains(&name) {
            issues.push(FieldIssue::new(
                field,
                "not_allowed",
                Text::new(
                    "Báo cáo này không dùng tham số này.",
                    "This report does not take this parameter.",
                ),
            ));
        }
    }
    if let Some(year) = p.year
        && !(2000..=2100).contains(&year)
    {
        issues.push(FieldIssue::new(
            "parameters.year",
            "out_of_range",
            Text::new("Từ 2000 đến 2100.", "Between 2000 and 2100."),
        ));
    }
    if let Some(period) = &p.period
        && (period.is_empty()
            || period.chars().count() > 7
            || !period
                .chars()
                .all(|c| c.is_ascii_digit() || c == 'Q' || c == '-'))
    {
        issues.push(FieldIssue::new(
            "parameters.period",
            "invalid_value",
            Text::new(
                "Kỳ có dạng 2024, 2024-Q1 hoặc 2024-03.",
                "A period looks like 2024, 2024-Q1 or 2024-03.",
            ),
        ));
    }
    issues
}

/// The unit a report is about, when its parameters name one directly (the journal's unit
/// of an export).
pub fn subject_unit(p: &ExportParameters) -> Option<Uuid> {
    p.unit_id.or(p.parent_id)
}

/// A report read: its JSON answer and its table.
#[derive(Debug, Clone, PartialEq)]
pub struct Made {
    /// The JSON the report's endpoint answers.
    pub json: Vec<u8>,
    /// Its table (CSV, XLSX).
    pub table: Report,
}

/// Reads `report` with `p` as `ctx` would at its endpoint. Errors: what the endpoint
/// answers (403 without its permission, 404 for what the caller cannot see, 422 for
/// parameters [`check`] refuses).
pub async fn make(
    db: &DatabaseConnection,
    ctx: &Ctx,
    report: ExportReport,
    p: &ExportParameters,
) -> Result<Made, ApiError> {
    ctx.require(permission(report))?;
    let issues = check(report, p);
    if !issues.is_empty() {
        return Err(ApiError::validation(issues));
    }
    let missing = || ApiError::validation(check(report, &ExportParameters::default()));
    let (json, table): (Vec<u8>, Report) = match report {
        ExportReport::IndexRanking => {
            let (parent, year) = p.parent_id.zip(p.year).ok_or_else(missing)?;
            let r = crate::domain::index::results::ranking(db, parent, year).await?;
            (to_json(&r)?, ranking::table(&r))
        }
        ExportReport::ScoreSheet => {
            let id = p.assessment_id.ok_or_else(missing)?;
            let s = score_sheet::score_sheet(db, &ctx.scope, id).await?;
            (to_json(&s)?, score_sheet::table(&s))
        }
        ExportReport::PlanProgress => {
            let id = p.plan_id.ok_or_else(missing)?;
            let r = plan_progress::plan_progress(db, &ctx.scope, id, ctx.today()).await?;
            (to_json(&r)?, plan_progress::table(&r))
        }
        ExportReport::DepartmentScorecard => {
            let (unit, year) = p.unit_id.zip(p.year).ok_or_else(missing)?;
            let r =
                scorecard::department_scorecard(db, &ctx.scope, unit, year, ctx.today()).await?;
            (to_json(&r)?, scorecard::table(&r))
        }
        ExportReport::Awards => {
            let (unit, year) = p.unit_id.zip(p.year).ok_or_else(missing)?;
            let r = awards::awards(db, &ctx.scope, unit, year).await?;
            (to_json(&r)?, awards::table(&r))
        }
        ExportReport::Portal => {
            let unit = p.unit_id.ok_or_else(missing)?;
            let r = portal::portal(db, &ctx.scope, unit, p.period.clone()).await?;
            (to_json(&r)?, portal::table(&r))
        }
    };
    Ok(Made { json, table })
}

fn to_json<T: serde::Serialize>(value: &T) -> Result<Vec<u8>, ApiError> {
    serde_json::to_vec(value).map_err(ApiError::internal)
}

/// The report as a `format` file named after its table's title.
pub fn render(made: Made, format: ReportFormat) -> Result<ReportFile, ApiError> {
    let Made { json, table } = made;
    let table = &table;
    Ok(match format {
        ReportFormat::Json => ReportFile {
            file_name: format!("{}.json", table.title),
            content_type: "application/json",
            bytes: json,
        },
        ReportFormat::Csv => ReportFile {
            file_name: format!("{}.csv", table.title),
            content_type: "text/csv; charset=utf-8",
            bytes: csv_of(table)?,
        },
        ReportFormat::Xlsx => ReportFile {
            file_name: format!("{}.xlsx", table.title),
            content_type: XLSX_TYPE,
            bytes: xlsx_of(table).map_err(ApiError::internal)?,
        },
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_report_names_what_it_lacks_and_what_it_does_not_read() {
        let p = ExportParameters {
            plan_id: Some(Uuid::nil()),
            year: Some(1999),
            ..Default::default()
        };
        let issues = check(ExportReport::IndexRanking, &p);
        let named: Vec<(&str, &str)> = issues.iter().map(|i| (i.field.as_str(), i.code)).collect();
        assert_eq!(
            named,
            [
                ("parameters.parent_id", "required"),
                ("parameters.plan_id", "not_allowed"),
                ("parameters.year", "out_of_range"),
            ]
        );
        let portal = ExportParameters {
            unit_id: Some(Uuid::nil()),
            period: Some("2024-Q1".into()),
            ..Default::default()
        };
        assert!(check(ExportReport::Portal, &portal).is_empty());
        let bad = ExportParameters {
            period: Some("2024/1".into()),
            ..portal
        };
        assert_eq!(check(ExportReport::Portal, &bad)[0].code, "invalid_value");
    }
}
