//! The arithmetic of a what-if, pure: the index a sheet would reach with regained points,
//! its rank among siblings held fixed, the points a target needs, the cheapest set of lost
//! items that reaches it (a 0/1 knapsack), the cost of an item from its tasks' planned
//! days, and an item's lost points shared among its tasks.
//!
//! Points are hundredths of a point and indexes hundredths of a percent, as in
//! [`super::scoring`]; costs are whole days (or 1 per item, see [`item_costs`]).

use chrono::NaiveDate;

use super::scoring::{percent_centi, to_centi, total_centi};
use cchc_sdk::types::index::{Band, WhatIfCostBasis};

/// What a sheet scores before anything is regained, hundredths.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Base {
    /// The items' points.
    pub items: i64,
    /// Bonus.
    pub bonus: i64,
    /// Penalty.
    pub penalty: i64,
    /// The framework's max.
    pub max: i64,
}

impl Base {
    /// The total that counts with `regained` more item points (bonus and penalty kept,
    /// within 0..=max as [`total_centi`] clamps it).
    pub fn total(&self, regained: i64) -> i64 {
        total_centi(self.items + regained, self.bonus, self.penalty, self.max)
    }

    /// The index with `regained` more item points, hundredths of a percent.
    pub fn index(&self, regained: i64) -> i64 {
        percent_centi(self.total(regained), self.max)
    }

    /// The fewest points (0..=`available`) whose regaining lifts the index to `target`
    /// or above; `None` when even `available` does not.
    pub fn points_to_reach(&self, target: i64, available: i64) -> Option<i64> {
        if self.index(available) < target {
            return None;
        }
        // The index never falls as points are regained: the first point reaching it.
        let (mut lo, mut hi) = (0, available);
        while lo < hi {
            let mid = lo + (hi - lo) / 2;
            if self.index(mid) >= target {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        Some(lo)
    }
}

/// The rank of `index` among `others` (the siblings' indexes): one more than the number
/// strictly better, as [`super::scoring::ranks`] ranks a table.
pub fn rank(index: i64, others: &[i64]) -> i32 {
    others.iter().filter(|o| **o > index).count() as i32 + 1
}

/// The lower bound (hundredths of a percent) of the next band above `index`: the lowest
/// bound still above it; `None` in the top band.
pub fn next_band(index: i64, bands: &[Band]) -> Option<i64> {
    bands
        .iter()
        .filter_map(|b| to_centi(b.min_percent))
        .filter(|min| *min > index)
        .min()
}

/// The index that wins the next better rank: the lowest of the strictly better
/// siblings' (equalling it shares their place); `None` when first.
pub fn next_rank(index: i64, others: &[i64]) -> Option<i64> {
    others.iter().copied().filter(|o| *o > index).min()
}

/// A lost item offered to the knapsack.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Candidate {
    /// Points it would regain (all its lost points), hundredths, > 0.
    pub points: i64,
    /// What regaining them costs, ≥ 0.
    pub cost: i64,
}

/// An unreachable state of the knapsack.
const NONE: (i64, u32) = (i64::MAX, u32::MAX);

fn gcd(a: i64, b: i64) -> i64 {
    if b == 0 { a } else { gcd(b, a % b) }
}

/// The cheapest set of `items` whose points add up to `needed` or more: the indexes
/// chosen, ascending; `None` when all of them together fall short. Ties: fewer items,
/// then the set first in the order of `items` (give them sorted by code: lower codes).
///
/// A 0/1 knapsack by dynamic programming over the points still needed (divided by the
/// points' greatest common divisor, exact since every sum is a multiple of it), from the
/// last item back, so that the choice can be read forward taking each item whenever an
/// optimal completion exists with it: O(items × needed) time and space — a framework of
/// 100 points and 40 lost items is 400 000 states. Beyond [`MAX_STATES`] (a framework of
/// thousands of points in hundredths) it answers [`greedy_cover`]'s choice instead.
pub fn min_cost_cover(items: &[Candidate], needed: i64) -> Option<Vec<usize>> {
    if needed <= 0 {
        return Some(Vec::new());
    }
    if items.iter().map(|c| c.points.max(0)).sum::<i64>() < needed {
        return None;
    }
    let g = items
        .iter()
        .filter(|c| c.points > 0)
        .fold(0, |g, c| gcd(g, c.points))
        .max(1);
    let need = (needed as u64).div_ceil(g as u64) as usize;
    let pts: Vec<usize> = items
        .iter()
        .map(|c| (c.points.max(0) / g) as usize)
        .collect();
    let width = need + 1;
    if (items.len() + 1).saturating_mul(width) > MAX_STATES {
        return greedy_cover(items, needed);
    }
    // best[i * width + p]: the cheapest (cost, count) reaching p with items i.. .
    let mut best = vec![NONE; (items.len() + 1) * width];
    best[items.len() * width] = (0, 0);
    for i in (0..items.len()).rev() {
        for p in 0..width {
            let skip = best[(i + 1) * width + p];
            let rest = best[(i + 1) * width + p.saturating_sub(pts[i])];
            let take = if rest == NONE {
                NONE
            } else {
                (rest.0.saturating_add(items[i].cost.max(0)), rest.1 + 1)
            };
            best[i * width + p] = skip.min(take);
        }
    }
    if best[need] == NONE {
        return None;
    }
    let (mut chosen, mut p) = (Vec::new(), need);
    for i in 0..items.len() {
        if p == 0 {
            break;
        }
        let rest = best[(i + 1) * width + p.saturating_sub(pts[i])];
        if rest != NONE
            && (rest.0.saturating_add(items[i].cost.max(0)), rest.1 + 1) == best[i * width + p]
        {
            chosen.push(i);
            p = p.saturating_sub(pts[i]);
        }
    }
    Some(chosen)
}

/// The most knapsack states [`min_cost_cover`] keeps (16 bytes each).
pub const MAX_STATES: usize = 8_000_000;

/// The greedy choice: most points per cost first (ties: the order of `items`), until
/// `needed` is reached; the indexes, ascending. Never cheaper than [`min_cost_cover`].
pub fn greedy_cover(items: &[Candidate], needed: i64) -> Option<Vec<usize>> {
    let mut order: Vec<usize> = (0..items.len()).collect();
    // a before b when points_a / cost_a > points_b / cost_b, compared without division.
    order.sort_by(|a, b| {
        let (x, y) = (items[*a], items[*b]);
        (i128::from(y.points) * i128::from(x.cost))
            .cmp(&(i128::from(x.points) * i128::from(y.cost)))
    });
    let (mut got, mut chosen) = (0, Vec::new());
    for i in order {
        if got >= needed {
            break;
        }
        got += items[i].points.max(0);
        chosen.push(i);
    }
    (got >= needed).then(|| {
        chosen.sort_unstable();
        chosen
    })
}

/// The days a task is planned over: start to due, both counted; `None` without both
/// dates (or with due before start).
pub fn planned_days(start: Option<NaiveDate>, due: Option<NaiveDate>) -> Option<i64> {
    let (start, due) = (start?, due?);
    (due >= start).then(|| (due - start).num_days() + 1)
}

/// Each lost item's cost from its tasks' planned days (`None`: no task with both dates):
/// those days, summed over its tasks; an item without them costs the rounded average of
/// the others (at least 1 day); when no item has any, every item costs 1 (equal costs).
pub fn item_costs(planned: &[Option<i64>]) -> Vec<(i64, WhatIfCostBasis)> {
    let known: Vec<i64> = planned.iter().flatten().copied().collect();
    let average = (!known.is_empty()).then(|| {
        let n = known.len() as i64;
        ((known.iter().sum::<i64>() * 2 + n) / (2 * n)).max(1)
    });
    planned
        .iter()
        .map(|p| match (p, average) {
            (Some(days), _) => (*days, WhatIfCostBasis::PlannedDays),
            (None, Some(avg)) => (avg, WhatIfCostBasis::AverageOfPlanned),
            (None, None) => (1, WhatIfCostBasis::Equal),
        })
        .collect()
}

/// `total` shared among `n` tasks in hundredths: equal parts, the remainder one hundredth
/// each to the first tasks, so the parts add up to `total` exactly.
pub fn share(total: i64, n: usize) -> Vec<i64> {
    if n == 0 {
        return Vec::new();
    }
    let (each, rest) = (total / n as i64, (total % n as i64) as usize);
    (0..n).map(|i| each + i64::from(i < rest)).collect()
}
