//! The what-if arithmetic on hand-computed cases, and its properties: regaining points
//! never lowers the index nor worsens the rank; the knapsack equals brute force on small
//! inputs and never costs more than the greedy choice.

use cchc_sdk::types::index::{Band, WhatIfCostBasis};
use chrono::NaiveDate;
use proptest::prelude::*;

use super::what_if_math::{
    Base, Candidate, greedy_cover as greedy, item_costs, min_cost_cover, next_band, next_rank,
    planned_days, rank, share,
};

fn c(points: i64, cost: i64) -> Candidate {
    Candidate { points, cost }
}

/// Every subset: the cheapest reaching `needed`, then the fewest items, then the first.
fn brute(items: &[Candidate], needed: i64) -> Option<Vec<usize>> {
    let mut best: Option<(i64, usize, Vec<usize>)> = None;
    for mask in 0u32..(1 << items.len()) {
        let set: Vec<usize> = (0..items.len()).filter(|i| mask & (1 << i) != 0).collect();
        let points: i64 = set.iter().map(|i| items[*i].points).sum();
        if points < needed {
            continue;
        }
        let key = (
            set.iter().map(|i| items[*i].cost).sum::<i64>(),
            set.len(),
            set,
        );
        if best.as_ref().is_none_or(|b| key < *b) {
            best = Some(key);
        }
    }
    best.map(|(_, _, set)| set)
}

fn cost(items: &[Candidate], set: &[usize]) -> i64 {
    set.iter().map(|i| items[*i].cost).sum()
}

fn bands() -> Vec<Band> {
    [("A", 90.0), ("B", 70.0), ("C", 0.0)]
        .into_iter()
        .map(|(label, min)| Band {
            label: label.into(),
            min_percent: min,
        })
        .collect()
}

#[test]
fn the_greedy_choice_is_not_the_cheapest() {
    // Four points needed: 3 points for 2 days is the best ratio, but 4 points for 3 days
    // alone is cheaper than both (5 days).
    let items = [c(400, 3), c(300, 2)];
    assert_eq!(greedy(&items, 400), Some(vec![0, 1]));
    assert_eq!(min_cost_cover(&items, 400), Some(vec![0]));
}

#[test]
fn ties_go_to_fewer_items_then_lower_codes() {
    // Cost 2 either way: one item beats two.
    assert_eq!(
        min_cost_cover(&[c(100, 1), c(100, 1), c(200, 2)], 200),
        Some(vec![2])
    );
    // Equal cost and count: the lower code.
    assert_eq!(min_cost_cover(&[c(200, 1), c(300, 1)], 150), Some(vec![0]));
    assert_eq!(min_cost_cover(&[c(100, 1)], 0), Some(vec![]));
    assert_eq!(min_cost_cover(&[c(100, 1), c(50, 1)], 200), None);
}

#[test]
fn the_index_and_rank_follow_the_regained_points() {
    // 3 of 10 points: 30 %; 4 more: 70 %, band B; the siblings at 100, 70 and 50 %.
    let base = Base {
        items: 300,
        bonus: 0,
        penalty: 0,
        max: 1_000,
    };
    let others = [10_000, 7_000, 5_000];
    assert_eq!((base.index(0), rank(base.index(0), &others)), (3_000, 4));
    assert_eq!(
        (base.index(400), rank(base.index(400), &others)),
        (7_000, 2)
    );
    assert_eq!(next_band(3_000, &bands()), Some(7_000));
    assert_eq!(next_band(9_500, &bands()), None);
    assert_eq!(next_rank(3_000, &others), Some(5_000));
    assert_eq!(next_rank(10_000, &others), None);
    assert_eq!(base.points_to_reach(7_000, 700), Some(400));
    assert_eq!(base.points_to_reach(5_000, 700), Some(200));
    // A penalty is kept: 3 - 1 + 4 = 6 points, 60 %; the total never passes the max.
    let penalised = Base {
        penalty: 100,
        ..base
    };
    assert_eq!(penalised.index(400), 6_000);
    assert_eq!(penalised.points_to_reach(7_000, 700), Some(500));
    assert_eq!(penalised.points_to_reach(10_000, 700), None);
    let bonus = Base { bonus: 100, ..base };
    assert_eq!(bonus.index(700), 10_000);
}

#[test]
fn costs_come_from_planned_days_else_the_average_else_one() {
    let day = |d| NaiveDate::from_ymd_opt(2024, 3, d);
    assert_eq!(planned_days(day(1), day(3)), Some(3));
    assert_eq!(planned_days(day(1), day(1)), Some(1));
    assert_eq!(planned_days(None, day(3)), None);
    assert_eq!(planned_days(day(3), day(1)), None);
    assert_eq!(
        item_costs(&[Some(3), None, Some(2)]),
        vec![
            (3, WhatIfCostBasis::PlannedDays),
            (3, WhatIfCostBasis::AverageOfPlanned), // 2.5 rounded half up
            (2, WhatIfCostBasis::PlannedDays),
        ]
    );
    assert_eq!(
        item_costs(&[None, None]),
        vec![(1, WhatIfCostBasis::Equal), (1, WhatIfCostBasis::Equal)]
    );
}

#[test]
fn lost_points_are_shared_to_the_hundredth() {
    assert_eq!(share(400, 3), vec![134, 133, 133]);
    assert_eq!(share(300, 1), vec![300]);
    assert_eq!(share(1, 2), vec![1, 0]);
    assert!(share(100, 0).is_empty());
}

fn candidates(max: usize) -> impl Strategy<Value = Vec<Candidate>> {
    prop::collection::vec((1i64..=400, 0i64..=20), 0..max)
        .prop_map(|v| v.into_iter().map(|(p, k)| c(p, k)).collect())
}

proptest! {
    #[test]
    fn the_knapsack_equals_brute_force(items in candidates(11), needed in 0i64..=2_000) {
        prop_assert_eq!(min_cost_cover(&items, needed), brute(&items, needed));
    }

    #[test]
    fn the_knapsack_never_costs_more_than_greedy(
        items in candidates(40),
        needed in 0i64..=6_000,
    ) {
        let best = min_cost_cover(&items, needed);
        let rough = greedy(&items, needed);
        prop_assert_eq!(best.is_some(), rough.is_some());
        if let (Some(best), Some(rough)) = (best, rough) {
            prop_assert!(best.iter().map(|i| items[*i].points).sum::<i64>() >= needed);
            prop_assert!(cost(&items, &best) <= cost(&items, &rough));
        }
    }

    #[test]
    fn regaining_points_never_lowers_the_index_nor_worsens_the_rank(
        max in 1i64..=20_000,
        earned in 0i64..=100,
        bonus in 0i64..=200,
        penalty in 0i64..=200,
        a in 0i64..=20_000,
        b in 0i64..=20_000,
        others in prop::collection::vec(0i64..=10_000, 0..30),
    ) {
        let base = Base { items: max * earned / 100, bonus, penalty, max };
        let (less, more) = (a.min(b), a.max(b));
        prop_assert!(base.index(less) <= base.index(more));
        prop_assert!(rank(base.index(less), &others) >= rank(base.index(more), &others));
        prop_assert!(base.index(more) <= 10_000);
        // The points a target needs reach it, and one fewer does not.
        let target = base.index(more);
        let need = base.points_to_reach(target, more);
        prop_assert!(need.is_some_and(|n| base.index(n) >= target
            && (n == 0 || base.index(n - 1) < target)));
    }

    #[test]
    fn shares_add_up(total in 0i64..=100_000, n in 1usize..=12) {
        let parts = share(total, n);
        prop_assert_eq!(parts.iter().sum::<i64>(), total);
        prop_assert!(parts.iter().max().unwrap_or(&0) - parts.iter().min().unwrap_or(&0) <= 1);
    }
}
