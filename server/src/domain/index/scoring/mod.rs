//! The arithmetic of the index, pure: points in hundredths, the criteria tree's rules,
//! bonus and penalty items, deduction scoring, index percent, rating bands, ranks with
//! shared places, portal rules.
//!
//! Points are kept in hundredths of a point ("centi-points": `25` = 0.25 point, `1` =
//! 0.01), so quarter points and finer steps are exact. Percents are kept in hundredths of
//! a percent (`9250` = 92.50 %), rounded half up, always on the framework's real total
//! (99.55 points is 99.55, never taken for 100).

mod adjustments;
mod tree;

#[cfg(test)]
mod shape_tests;
#[cfg(test)]
mod tests;

pub use adjustments::{
    Adjustment, adjustment_total, cap_sum, check_adjustments, deduction_score, deductions_of,
};
pub use tree::{Area, Leaf, Tree, all_codes, check_tree, metric_of, node_id};

/// A typical framework's total, hundredths: another total is accepted with a warning.
pub const USUAL_TOTAL: i64 = 10_000;

use cchc_sdk::types::index::{Band, PortalRule};

/// Hundredths of a point, from a wire number; `None` unless finite, within 0..=100 000
/// and with at most two decimals.
pub fn to_centi(x: f64) -> Option<i64> {
    if !x.is_finite() || !(0.0..=100_000.0).contains(&x) {
        return None;
    }
    let scaled = x * 100.0;
    let rounded = scaled.round();
    ((scaled - rounded).abs() < 1e-6).then_some(rounded as i64)
}

/// A wire number from hundredths.
pub fn from_centi(c: i64) -> f64 {
    c as f64 / 100.0
}

/// `part / whole` in hundredths of a percent, rounded half up; 0 for an empty whole.
pub fn percent_centi(part: i64, whole: i64) -> i64 {
    if whole <= 0 {
        return 0;
    }
    let part = part.max(0) as i128;
    let whole = whole as i128;
    ((part * 20_000 + whole) / (2 * whole)) as i64
}

/// The points that count: the items' points plus bonus minus penalty, within 0..=max.
pub fn total_centi(item_points: i64, bonus: i64, penalty: i64, max: i64) -> i64 {
    (item_points + bonus - penalty).clamp(0, max.max(0))
}

/// The band of an index (hundredths of a percent): the highest lower bound reached.
pub fn band_of(percent: i64, bands: &[Band]) -> Option<String> {
    bands
        .iter()
        .filter_map(|b| to_centi(b.min_percent).map(|min| (min, b)))
        .filter(|(min, _)| percent >= *min)
        .max_by_key(|(min, _)| *min)
        .map(|(_, b)| b.label.clone())
}

/// Competition ranks ("1224"): one more than the number of strictly better scores, so
/// equal scores share a place and the next place is skipped.
pub fn ranks(scores: &[i64]) -> Vec<i32> {
    let mut sorted = scores.to_vec();
    sorted.sort_unstable_by(|a, b| b.cmp(a));
    scores
        .iter()
        .map(|s| sorted.partition_point(|x| x > s) as i32 + 1)
        .collect()
}

/// The points a portal rule gives a ratio (hundredths of a percent): the points of the
/// highest threshold reached, 0 below all of them or without a ratio.
pub fn portal_points(rule: &PortalRule, percent: Option<i64>) -> i64 {
    let Some(percent) = percent else { return 0 };
    rule.thresholds
        .iter()
        .filter_map(|t| Some((to_centi(t.min_percent)?, to_centi(t.points)?)))
        .filter(|(min, _)| percent >= *min)
        .max_by_key(|(min, _)| *min)
        .map_or(0, |(_, points)| points)
}
