//! What a table of award rules must hold before it replaces the one in force: each list's
//! periods start on different dates and name their legal basis; multiples have at most two
//! decimals, one per form and class, each for a class the form goes to.

use std::collections::HashSet;

use cchc_sdk::types::awards::AwardRules;
use chrono::NaiveDate;

use crate::domain::index::scoring::to_centi;
use crate::error::{FieldIssue, Text};

fn out_of_range(field: String) -> FieldIssue {
    FieldIssue::new(
        field,
        "out_of_range",
        Text::new(
            "Giá trị ngoài khoảng cho phép (tối đa hai chữ số thập phân).",
            "Out of range (at most two decimals).",
        ),
    )
}

/// Issues of one dated list named `list`: two periods starting the same day, a blank legal
/// basis.
fn periods<'a>(
    list: &str,
    items: impl Iterator<Item = (NaiveDate, &'a str)>,
    issues: &mut Vec<FieldIssue>,
) {
    let mut starts = HashSet::new();
    for (i, (from, basis)) in items.enumerate() {
        if !starts.insert(from) {
            issues.push(FieldIssue::new(
                format!("{list}[{i}].valid_from"),
                "duplicate",
                Text::new(
                    "Hai giai đoạn cùng ngày bắt đầu áp dụng.",
                    "Two periods start on the same day.",
                ),
            ));
        }
        if basis.trim().is_empty() {
            issues.push(FieldIssue::required(format!("{list}[{i}].legal_basis")));
        }
    }
}

/// Every issue of `rules` (empty: they may replace the table in force).
pub fn check(rules: &AwardRules) -> Vec<FieldIssue> {
    let mut issues = Vec::new();
    periods(
        "authority",
        rules
            .authority
            .iter()
            .map(|p| (p.valid_from, p.legal_basis.as_str())),
        &mut issues,
    );
    periods(
        "multiples",
        rules
            .multiples
            .iter()
            .map(|p| (p.valid_from, p.legal_basis.as_str())),
        &mut issues,
    );
    periods(
        "base_salaries",
        rules
            .base_salaries
            .iter()
            .map(|p| (p.valid_from, p.legal_basis.as_str())),
        &mut issues,
    );
    periods(
        "quotas",
        rules
            .quotas
            .iter()
            .map(|p| (p.valid_from, p.legal_basis.as_str())),
        &mut issues,
    );
    periods(
        "rounding",
        rules
            .rounding
            .iter()
            .map(|p| (p.valid_from, p.legal_basis.as_str())),
        &mut issues,
    );
    for (p, period) in rules.multiples.iter().enumerate() {
        let mut seen = HashSet::new();
        for (i, m) in period.multiples.iter().enumerate() {
            let field = format!("multiples[{p}].multiples[{i}]");
            if to_centi(m.multiple).is_none_or(|c| c > 10_000) {
                issues.push(out_of_range(format!("{field}.multiple")));
            }
            if !m.form.classes().contains(&m.class) {
                issues.push(FieldIssue::new(
                    format!("{field}.class"),
                    "not_for_recipient",
                    Text::new(
                        "Hình thức này không dành cho đối tượng này.",
                        "This form does not go to this class of recipient.",
                    ),
                ));
            }
            if !seen.insert((m.form, m.class)) {
                issues.push(FieldIssue::new(
                    field,
                    "duplicate",
                    Text::new(
                        "Hình thức và đối tượng này đã có hệ số trong giai đoạn.",
                        "This form and class already have a multiple in the period.",
                    ),
                ));
            }
        }
    }
    for (i, q) in rules.quotas.iter().enumerate() {
        if to_centi(q.chien_si_thi_dua_co_so_percent).is_none_or(|c| c > 10_000) {
            issues.push(out_of_range(format!(
                "quotas[{i}].chien_si_thi_dua_co_so_percent"
            )));
        }
    }
    issues
}
