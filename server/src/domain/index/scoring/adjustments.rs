//! Itemized bonus and penalty criteria (điểm thưởng / điểm trừ) and deduction scoring
//! (phương pháp trừ điểm): their checks and their arithmetic, in hundredths of a point.

use std::collections::HashSet;

use cchc_sdk::types::index::{AdjustmentCriterion, AdjustmentKind};
use uuid::Uuid;

use super::{node_id, to_centi};
use crate::error::{FieldIssue, Text};

/// A checked bonus or penalty criterion.
#[derive(Debug, Clone, PartialEq)]
pub struct Adjustment {
    /// Stable id, like a tree node's: UUID v5 of the code.
    pub id: Uuid,
    /// Code, unique across the framework.
    pub code: String,
    /// Name.
    pub name: String,
    /// Bonus or penalty.
    pub kind: AdjustmentKind,
    /// Cap, hundredths.
    pub max: i64,
}

/// Checks the bonus and penalty criteria of a framework: codes well formed and unique
/// (against each other and `tree_codes`), names present, caps 0 < cap ≤ 100 points with at
/// most two decimals. Issues name `bonus_items[i].…` / `penalty_items[i].…`.
pub fn check_adjustments(
    framework_id: Uuid,
    bonus: &[AdjustmentCriterion],
    penalty: &[AdjustmentCriterion],
    tree_codes: &HashSet<String>,
) -> Result<Vec<Adjustment>, Vec<FieldIssue>> {
    let mut out = Vec::new();
    let mut issues = Vec::new();
    let mut seen = HashSet::new();
    let lists = [
        ("bonus_items", AdjustmentKind::Bonus, bonus),
        ("penalty_items", AdjustmentKind::Penalty, penalty),
    ];
    for (field, kind, items) in lists {
        for (i, item) in items.iter().enumerate() {
            let path = format!("{field}[{i}]");
            let code = item.code.trim();
            let well_formed = !code.is_empty()
                && code.len() <= 32
                && code
                    .split('.')
                    .all(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_alphanumeric()));
            if !well_formed {
                issues.push(FieldIssue::new(
                    format!("{path}.code"),
                    "invalid_format",
                    Text::new(
                        "Mã gồm các phần chữ/số ngăn bởi dấu chấm (T1, TR.2), tối đa 32 ký tự.",
                        "A code is dot-separated letters and digits (T1, TR.2), at most 32 characters.",
                    ),
                ));
            } else if tree_codes.contains(code) || !seen.insert(code.to_owned()) {
                issues.push(FieldIssue::new(
                    format!("{path}.code"),
                    "duplicate",
                    Text::new(
                        format!("Mã {code} đã dùng trong bộ chỉ số."),
                        format!("Code {code} is already used in the framework."),
                    ),
                ));
            }
            let name = item.name.trim();
            if name.is_empty() {
                issues.push(FieldIssue::required(format!("{path}.name")));
            } else if name.chars().count() > 1000 {
                issues.push(FieldIssue::too_long(format!("{path}.name"), 1000));
            }
            let max = to_centi(item.max_points).filter(|c| (1..=10_000).contains(c));
            if max.is_none() {
                issues.push(FieldIssue::new(
                    format!("{path}.max_points"),
                    "out_of_range",
                    Text::new(
                        "Mức tối đa lớn hơn 0 và không quá 100 điểm, tối đa hai chữ số thập phân.",
                        "The cap is above 0 and at most 100 points, with at most two decimals.",
                    ),
                ));
            }
            out.push(Adjustment {
                id: node_id(framework_id, code),
                code: code.to_owned(),
                name: name.to_owned(),
                kind,
                max: max.unwrap_or(0),
            });
        }
    }
    if issues.is_empty() {
        Ok(out)
    } else {
        Err(issues)
    }
}

/// The sum of the caps of one kind, hundredths: the framework's `bonus_cap` or
/// `penalty_cap` when itemized.
pub fn cap_sum(items: &[Adjustment], kind: AdjustmentKind) -> i64 {
    items.iter().filter(|a| a.kind == kind).map(|a| a.max).sum()
}

/// The bonus (or penalty) of an assessment, hundredths: the sum of its items' points,
/// each held within its own cap (an unscored item counts 0).
pub fn adjustment_total(
    items: &[Adjustment],
    kind: AdjustmentKind,
    points: impl Fn(&str) -> Option<i64>,
) -> i64 {
    items
        .iter()
        .filter(|a| a.kind == kind)
        .map(|a| points(&a.code).unwrap_or(0).clamp(0, a.max))
        .sum()
}

/// The score of an item scored by deduction, hundredths: max − deductions, never below 0.
pub fn deduction_score(max: i64, deductions: i64) -> i64 {
    (max - deductions.max(0)).max(0)
}

/// The deductions behind a score of an item scored by deduction, hundredths.
pub fn deductions_of(max: i64, score: i64) -> i64 {
    (max - score).max(0)
}
