//! The arithmetic of the outlook (dự báo), pure: each item's best, expected and worst
//! points from what is known of it, in hundredths of a point. The rules are those of
//! [`OutlookBasis`]; `outlook` gathers the evidence.

use cchc_sdk::types::index::{Band, OutlookBasis, OutlookTasks, PortalRule};

use super::scoring::{percent_centi, portal_points, to_centi};

/// An item's projection, hundredths of a point; `best ≥ expected ≥ worst`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Range {
    /// Points at best.
    pub best: i64,
    /// Points expected.
    pub expected: i64,
    /// Points at worst.
    pub worst: i64,
}

impl Range {
    /// The same points in every case.
    pub fn settled(points: i64) -> Range {
        Range {
            best: points,
            expected: points,
            worst: points,
        }
    }
}

/// What is known of one item this year.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Evidence {
    /// Points that will not move: appraised, survey entered, portal frozen or complete.
    Settled(i64),
    /// Portal figures so far: the metric's numerator and denominator over `reported`
    /// months of the `expected` months (0 < reported < expected, denominator > 0).
    Portal {
        /// Numerator so far (capped at the denominator).
        numerator: i64,
        /// Denominator so far.
        denominator: i64,
        /// Months reported.
        reported: i64,
        /// Months the unit exists in the year.
        expected: i64,
    },
    /// A self-score not appraised yet.
    SelfScore(i64),
    /// Nothing this year.
    Nothing,
}

/// The months to come, at the volume so far: the denominator of the months not reported,
/// `denominator × (expected − reported) / reported`, rounded half up.
pub fn months_to_come(denominator: i64, reported: i64, expected: i64) -> i64 {
    if reported <= 0 || expected <= reported {
        return 0;
    }
    let d = i128::from(denominator.max(0));
    let rest = i128::from(expected - reported);
    let r = i128::from(reported);
    ((2 * d * rest + r) / (2 * r)) as i64
}

/// A portal item's range: the ratio so far (expected); every case to come meeting the
/// metric (best) or none (worst), each through the framework's rule.
pub fn portal_range(
    rule: &PortalRule,
    numerator: i64,
    denominator: i64,
    reported: i64,
    expected: i64,
) -> Range {
    let num = numerator.clamp(0, denominator.max(0));
    let extra = months_to_come(denominator, reported, expected);
    let points = |n: i64, d: i64| portal_points(rule, (d > 0).then(|| percent_centi(n, d)));
    Range {
        best: points(num + extra, denominator + extra),
        expected: points(num, denominator),
        worst: points(num, denominator + extra),
    }
}

/// An item's range with no points this year but `base` (the previous year's, or 0 when
/// unknown): each remediation task brings back an equal share of the points lost from
/// `max` — worst counts the tasks done, expected those done or on schedule, best all of
/// them (an item with no task: `base` in every case, or the max at best when unknown).
pub fn tasks_range(base: Option<i64>, max: i64, tasks: OutlookTasks) -> Range {
    let known = base.is_some();
    let base = base.unwrap_or(0).clamp(0, max);
    let lost = max - base;
    let n = i64::from(tasks.done + tasks.on_schedule + tasks.overdue);
    if n == 0 {
        return Range {
            best: if known { base } else { max },
            expected: base,
            worst: base,
        };
    }
    let regained = |k: i32| lost * i64::from(k) / n;
    Range {
        best: max,
        expected: base + regained(tasks.done + tasks.on_schedule),
        worst: base + regained(tasks.done),
    }
}

/// An item's range and basis from its evidence, the previous year's points (`previous`,
/// on this year's max) and its tasks.
pub fn item_range(
    evidence: Evidence,
    rule: Option<&PortalRule>,
    previous: Option<i64>,
    max: i64,
    tasks: OutlookTasks,
) -> (Range, OutlookBasis) {
    match (evidence, rule) {
        (Evidence::Settled(points), _) => (Range::settled(points), OutlookBasis::Settled),
        (
            Evidence::Portal {
                numerator,
                denominator,
                reported,
                expected,
            },
            Some(rule),
        ) => (
            portal_range(rule, numerator, denominator, reported, expected),
            OutlookBasis::Portal,
        ),
        (Evidence::SelfScore(s), _) => (
            Range {
                best: s,
                expected: s,
                worst: previous.map_or(s, |p| p.min(s)),
            },
            OutlookBasis::SelfAssessed,
        ),
        _ => {
            let basis = if previous.is_some() {
                OutlookBasis::PreviousYear
            } else {
                OutlookBasis::Unknown
            };
            (tasks_range(previous, max, tasks), basis)
        }
    }
}

/// Points earned on another max, carried to this one (`points × max / other_max`,
/// rounded half up); `None` on an empty other max.
pub fn rescale(points: i64, other_max: i64, max: i64) -> Option<i64> {
    if other_max <= 0 {
        return None;
    }
    let p = i128::from(points.clamp(0, other_max)) * i128::from(max);
    let o = i128::from(other_max);
    Some(((2 * p + o) / (2 * o)) as i64)
}

/// The place of a band (0 = the highest) for an index; `None` below every band.
pub fn band_place(index: i64, bands: &[Band]) -> Option<usize> {
    let mut bounds: Vec<i64> = bands
        .iter()
        .filter_map(|b| to_centi(b.min_percent))
        .collect();
    bounds.sort_unstable_by(|a, b| b.cmp(a));
    bounds.iter().position(|min| index >= *min)
}

/// Whether the band of `lower` is below the band of `higher` (no band counts lowest).
pub fn band_below(lower: i64, higher: i64, bands: &[Band]) -> bool {
    let place = |i| band_place(i, bands).unwrap_or(usize::MAX);
    place(lower) > place(higher)
}
