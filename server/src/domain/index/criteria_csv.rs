//! A framework's criteria as a CSV sheet — what a province's office keeps in Excel: one row
//! per node, `code,name,max_points,method,responsible,metric,thresholds,scoring`, parents
//! found from the dotted codes (up to four levels: `1.2.3.4`). Points may have two
//! decimals (`0.25`, `0,25`). `scoring` is empty or `deduction`; sheets without the
//! column read as before. Reading names each problem by line and column.

use cchc_sdk::types::index::{CriterionIn, Method, PortalRule, Scoring, Threshold};
use cchc_sdk::types::portal::PortalMetric;

use crate::domain::codec::{enum_str, parse_enum};
use crate::error::{ApiError, FieldIssue, Text};

/// The CSV sheet's columns.
pub const CSV_HEADER: [&str; 8] = [
    "code",
    "name",
    "max_points",
    "method",
    "responsible",
    "metric",
    "thresholds",
    "scoring",
];

/// The tree as a CSV sheet (one row per node, parents before their children).
pub fn to_csv(areas: &[CriterionIn]) -> Result<Vec<u8>, ApiError> {
    fn rows(nodes: &[CriterionIn], out: &mut csv::Writer<Vec<u8>>) -> Result<(), csv::Error> {
        for n in nodes {
            let rule = n.portal_rule.as_ref();
            let thresholds = rule
                .map(|r| {
                    r.thresholds
                        .iter()
                        .map(|t| format!("{}:{}", t.min_percent, t.points))
                        .collect::<Vec<_>>()
                        .join(";")
                })
                .unwrap_or_default();
            out.write_record([
                n.code.as_str(),
                n.name.as_str(),
                &n.max_points.to_string(),
                &n.method.map(|m| enum_str(&m)).unwrap_or_default(),
                n.responsible.as_deref().unwrap_or_default(),
                &rule.map(|r| enum_str(&r.metric)).unwrap_or_default(),
                &thresholds,
                if n.scoring.is_points() {
                    ""
                } else {
                    "deduction"
                },
            ])?;
            rows(&n.children, out)?;
        }
        Ok(())
    }
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(CSV_HEADER).map_err(ApiError::internal)?;
    rows(areas, &mut w).map_err(ApiError::internal)?;
    w.into_inner().map_err(ApiError::internal)
}

fn csv_issue(line: usize, column: &str, vi: String, en: String) -> FieldIssue {
    FieldIssue::new(
        format!("line {line}.{column}"),
        "invalid_value",
        Text::new(vi, en),
    )
}

/// The delimiters a sheet may use, in the order they are tried: the comma of RFC 4180, the
/// semicolon that Excel writes where the decimal separator is a comma (the Vietnamese
/// locale), and the tab of "Text (Tab delimited)".
const DELIMITERS: [u8; 3] = [b',', b';', b'\t'];

/// A reader of the sheet with `delimiter`; line ends may be CRLF, LF or CR.
fn reader(bytes: &[u8], delimiter: u8) -> csv::Reader<&[u8]> {
    csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .flexible(true)
        .trim(csv::Trim::All)
        .from_reader(bytes)
}

/// The sheet's header with the first of [`DELIMITERS`] that splits it into columns that
/// include `code`, `name` and `max_points` (names compared without case), and where those
/// three are.
fn detect_header(bytes: &[u8]) -> Option<(u8, Vec<String>, [usize; 3])> {
    DELIMITERS.into_iter().find_map(|delimiter| {
        let header: Vec<String> = reader(bytes, delimiter)
            .headers()
            .ok()?
            .iter()
            .map(str::to_ascii_lowercase)
            .collect();
        let col = |name: &str| header.iter().position(|h| h == name);
        let needed = [col("code")?, col("name")?, col("max_points")?];
        Some((delimiter, header, needed))
    })
}

/// Reads a CSV sheet into a tree. The sheet is UTF-8, with or without a byte order mark;
/// cells are separated by commas, semicolons or tabs (found from the header line, see
/// [`DELIMITERS`]); lines end in CRLF or LF. Problems name the line (1 is the header) and
/// column: a sheet in another encoding names the first line that is not UTF-8, a header
/// without the needed columns names the delimiters tried.
pub fn from_csv(bytes: &[u8]) -> Result<Vec<CriterionIn>, ApiError> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    if let Err(e) = std::str::from_utf8(bytes) {
        let line = bytes[..e.valid_up_to()]
            .iter()
            .filter(|&&b| b == b'\n')
            .count()
            + 1;
        return Err(ApiError::validation(vec![csv_issue(
            line,
            "row",
            "Tệp không phải UTF-8: trong Excel, lưu bằng \"CSV UTF-8 (Comma delimited)\".".into(),
            "The file is not UTF-8: in Excel, save it as \"CSV UTF-8 (Comma delimited)\".".into(),
        )]));
    }
    let Some((delimiter, header, [c_code, c_name, c_max])) = detect_header(bytes) else {
        return Err(ApiError::validation(vec![csv_issue(
            1,
            "header",
            "Dòng tiêu đề cần các cột code, name, max_points, phân cách bằng dấu phẩy, \
             dấu chấm phẩy hoặc dấu tab (đã thử cả ba)."
                .into(),
            "The header line needs the columns code, name, max_points, separated by a \
             comma, semicolon or tab (all three were tried)."
                .into(),
        )]));
    };
    let mut reader = reader(bytes, delimiter);
    let col = |name: &str| header.iter().position(|h| h == name);
    let (c_method, c_resp, c_metric, c_thr, c_scoring) = (
        col("method"),
        col("responsible"),
        col("metric"),
        col("thresholds"),
        col("scoring"),
    );
    let mut flat: Vec<(String, CriterionIn)> = Vec::new();
    let mut issues = Vec::new();
    for (i, record) in reader.records().enumerate() {
        let line = i + 2;
        let record = match record {
            Ok(r) => match r
                .iter()
                .find_map(|cell| super::super::text::check_chars(cell).err())
            {
                // The one text rule: a refused character names its line.
                Some(bad) => {
                    let issue = super::super::text::forbidden_char_issue("", bad);
                    issues.push(csv_issue(
                        line,
                        "row",
                        issue.message.get(crate::error::Lang::Vi).to_owned(),
                        issue.message.get(crate::error::Lang::En).to_owned(),
                    ));
                    continue;
                }
                None => r,
            },
            Err(e) => {
                issues.push(csv_issue(line, "row", e.to_string(), e.to_string()));
                continue;
            }
        };
        if flat.len() >= 2_000 {
            issues.push(csv_issue(
                line,
                "row",
                "Tối đa 2000 dòng.".into(),
                "At most 2,000 rows.".into(),
            ));
            break;
        }
        let cell = |c: Option<usize>| c.and_then(|c| record.get(c)).unwrap_or("").to_owned();
        let code = cell(Some(c_code));
        let max_points = match cell(Some(c_max)).replace(',', ".").parse::<f64>() {
            Ok(v) => v,
            Err(_) => {
                issues.push(csv_issue(
                    line,
                    "max_points",
                    "Không phải số.".into(),
                    "Not a number.".into(),
                ));
                0.0
            }
        };
        let method = match cell(c_method).as_str() {
            "" => None,
            m => match parse_enum::<Method>(m) {
                Ok(m) => Some(m),
                Err(_) => {
                    issues.push(csv_issue(
                        line,
                        "method",
                        "Cách chấm là self_assessed, survey hoặc portal_metric.".into(),
                        "The method is self_assessed, survey or portal_metric.".into(),
                    ));
                    None
                }
            },
        };
        let portal_rule = match cell(c_metric).as_str() {
            "" => None,
            m => match (
                parse_enum::<PortalMetric>(m),
                parse_thresholds(&cell(c_thr)),
            ) {
                (Ok(metric), Some(thresholds)) => Some(PortalRule { metric, thresholds }),
                _ => {
                    issues.push(csv_issue(
                        line,
                        "metric",
                        "Chỉ số hoặc ngưỡng (95:2;80:1) không hợp lệ.".into(),
                        "Unknown metric or bad thresholds (95:2;80:1).".into(),
                    ));
                    None
                }
            },
        };
        let scoring = match cell(c_scoring).to_ascii_lowercase().as_str() {
            "" | "points" => Scoring::Points,
            "deduction" => Scoring::Deduction,
            _ => {
                issues.push(csv_issue(
                    line,
                    "scoring",
                    "Cách chấm điểm để trống, points hoặc deduction (trừ điểm).".into(),
                    "The scoring is empty, points or deduction.".into(),
                ));
                Scoring::Points
            }
        };
        let responsible = Some(cell(c_resp)).filter(|r| !r.is_empty());
        let node = CriterionIn {
            code: code.clone(),
            name: cell(Some(c_name)),
            max_points,
            method,
            scoring,
            portal_rule,
            responsible,
            children: Vec::new(),
        };
        flat.push((code, node));
    }
    if !issues.is_empty() {
        return Err(ApiError::validation(issues));
    }
    build_tree(flat)
}

fn parse_thresholds(s: &str) -> Option<Vec<Threshold>> {
    s.split(';')
        .filter(|p| !p.trim().is_empty())
        .map(|p| {
            let (a, b) = p.split_once(':')?;
            Some(Threshold {
                min_percent: a.trim().replace(',', ".").parse().ok()?,
                points: b.trim().replace(',', ".").parse().ok()?,
            })
        })
        .collect::<Option<Vec<_>>>()
        .filter(|v| !v.is_empty())
}

/// Nests rows by their dotted codes: `3.2.1` goes under `3.2`.
fn build_tree(flat: Vec<(String, CriterionIn)>) -> Result<Vec<CriterionIn>, ApiError> {
    fn insert(nodes: &mut [CriterionIn], parent: &str, node: CriterionIn) -> Option<CriterionIn> {
        for n in nodes.iter_mut() {
            if n.code == parent {
                n.children.push(node);
                return None;
            }
            if parent.starts_with(&format!("{}.", n.code)) {
                return insert(&mut n.children, parent, node);
            }
        }
        Some(node)
    }
    let mut roots: Vec<CriterionIn> = Vec::new();
    let mut issues = Vec::new();
    for (i, (code, node)) in flat.into_iter().enumerate() {
        match code.rsplit_once('.') {
            None => roots.push(node),
            Some((parent, _)) => {
                if insert(&mut roots, parent, node).is_some() {
                    issues.push(csv_issue(
                        i + 2,
                        "code",
                        format!("Không có dòng của tiêu chí cấp trên {parent} trước dòng này."),
                        format!("No row for the parent {parent} before this one."),
                    ));
                }
            }
        }
    }
    if issues.is_empty() {
        Ok(roots)
    } else {
        Err(ApiError::validation(issues))
    }
}

#[cfg(test)]
mod tests;
