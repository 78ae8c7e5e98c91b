//! The outlook arithmetic on hand-computed cases, and its properties: best ≥ expected ≥
//! worst for every kind of evidence; finishing a task never lowers a case; more months
//! meeting the metric never lower the portal points.

use cchc_sdk::types::index::{Band, OutlookBasis, OutlookTasks, PortalRule, Threshold};
use cchc_sdk::types::portal::PortalMetric;
use proptest::prelude::*;

use super::outlook_math::{
    Evidence, Range, band_below, band_place, item_range, months_to_come, portal_range, rescale,
    tasks_range,
};

/// 90 % → 2 points, 70 % → 1 point, below: 0.
fn rule() -> PortalRule {
    PortalRule {
        metric: PortalMetric::OnTimeRate,
        thresholds: vec![
            Threshold {
                min_percent: 90.0,
                points: 2.0,
            },
            Threshold {
                min_percent: 70.0,
                points: 1.0,
            },
        ],
    }
}

fn tasks(done: i32, on_schedule: i32, overdue: i32) -> OutlookTasks {
    OutlookTasks {
        done,
        on_schedule,
        overdue,
    }
}

#[test]
fn portal_months_to_come_at_the_volume_so_far() {
    // 80 resolved over 4 months of 6: 40 more to come.
    assert_eq!(months_to_come(80, 4, 6), 40);
    // 10 over 3 of 12: 30 more.
    assert_eq!(months_to_come(10, 3, 12), 30);
    assert_eq!(months_to_come(10, 12, 12), 0);
    assert_eq!(months_to_come(10, 0, 12), 0);
    // 75 % so far over 4 of 6 months (60 of 80): expected 1 point; the 40 to come all on
    // time give 100/120 = 83.33 % (1 point); none give 60/120 = 50 % (0).
    assert_eq!(
        portal_range(&rule(), 60, 80, 4, 6),
        Range {
            best: 100,
            expected: 100,
            worst: 0
        }
    );
    // 72 of 80 (90 %): 2 expected; best 112/120 (2); worst 72/120 = 60 % (0).
    assert_eq!(
        portal_range(&rule(), 72, 80, 4, 6),
        Range {
            best: 200,
            expected: 200,
            worst: 0
        }
    );
}

#[test]
fn tasks_bring_back_equal_shares_of_the_lost_points() {
    // 1 of 3 points last year, 4 tasks: 1 done, 2 on schedule, 1 overdue; 2 lost points,
    // 0.5 each.
    assert_eq!(
        tasks_range(Some(100), 300, tasks(1, 2, 1)),
        Range {
            best: 300,
            expected: 250,
            worst: 150
        }
    );
    // No task: last year's points in every case; unknown: the max at best.
    assert_eq!(
        tasks_range(Some(100), 300, tasks(0, 0, 0)),
        Range::settled(100)
    );
    assert_eq!(
        tasks_range(None, 300, tasks(0, 0, 0)),
        Range {
            best: 300,
            expected: 0,
            worst: 0
        }
    );
}

#[test]
fn a_self_score_is_held_to_the_previous_year_at_worst() {
    let (r, basis) = item_range(
        Evidence::SelfScore(250),
        None,
        Some(200),
        300,
        tasks(0, 0, 0),
    );
    assert_eq!(basis, OutlookBasis::SelfAssessed);
    assert_eq!(
        r,
        Range {
            best: 250,
            expected: 250,
            worst: 200
        }
    );
    let (r, _) = item_range(
        Evidence::SelfScore(150),
        None,
        Some(200),
        300,
        tasks(1, 0, 0),
    );
    assert_eq!(r, Range::settled(150));
}

#[test]
fn points_carried_to_another_max_and_bands_compared() {
    assert_eq!(rescale(150, 300, 200), Some(100));
    assert_eq!(rescale(1, 3, 2), Some(1));
    assert_eq!(rescale(5, 0, 2), None);
    let bands = vec![
        Band {
            label: "Tốt".into(),
            min_percent: 80.0,
        },
        Band {
            label: "Khá".into(),
            min_percent: 65.0,
        },
    ];
    assert_eq!(band_place(8_000, &bands), Some(0));
    assert_eq!(band_place(7_000, &bands), Some(1));
    assert_eq!(band_place(6_000, &bands), None);
    assert!(band_below(7_999, 8_000, &bands));
    assert!(band_below(6_000, 6_500, &bands));
    assert!(!band_below(6_600, 7_900, &bands));
}

fn evidence() -> impl Strategy<Value = Evidence> {
    prop_oneof![
        (0i64..=300).prop_map(Evidence::Settled),
        (0i64..=300).prop_map(Evidence::SelfScore),
        Just(Evidence::Nothing),
        (0i64..=500, 1i64..=500, 1i64..=11).prop_flat_map(|(n, d, r)| {
            (r + 1..=12).prop_map(move |e| Evidence::Portal {
                numerator: n.min(d),
                denominator: d,
                reported: r,
                expected: e,
            })
        }),
    ]
}

proptest! {
    #[test]
    fn best_expected_worst_are_ordered(
        ev in evidence(),
        previous in proptest::option::of(0i64..=300),
        done in 0i32..4, on in 0i32..4, late in 0i32..4,
    ) {
        let (r, _) = item_range(ev, Some(&rule()), previous, 300, tasks(done, on, late));
        prop_assert!(r.best >= r.expected && r.expected >= r.worst, "{r:?}");
        prop_assert!(r.worst >= 0 && r.best <= 300, "{r:?}");
    }

    #[test]
    fn finishing_a_task_never_lowers_a_case(
        previous in proptest::option::of(0i64..=300),
        done in 0i32..4, on in 0i32..4, late in 0i32..4,
    ) {
        let before = tasks_range(previous, 300, tasks(done, on, late));
        for after in [
            (on > 0).then(|| tasks(done + 1, on - 1, late)),
            (late > 0).then(|| tasks(done + 1, on, late - 1)),
        ].into_iter().flatten() {
            let after = tasks_range(previous, 300, after);
            prop_assert!(after.expected >= before.expected);
            prop_assert!(after.worst >= before.worst);
            prop_assert!(after.best >= before.best);
        }
    }

    #[test]
    fn more_cases_meeting_the_metric_never_lower_the_points(
        n in 0i64..=500, d in 1i64..=500, extra in 0i64..=50, r in 1i64..=11,
    ) {
        let n = n.min(d);
        let e = 12;
        let base = portal_range(&rule(), n, d, r, e);
        let better = portal_range(&rule(), (n + extra).min(d), d, r, e);
        prop_assert!(better.expected >= base.expected);
        prop_assert!(better.worst >= base.worst);
        prop_assert!(better.best >= base.best);
    }
}
