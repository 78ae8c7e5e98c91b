//! Unit tests and property tests of the index arithmetic and the tree checks.

use super::*;
use cchc_sdk::types::index::{Band, CriterionIn, Method, PortalRule, Threshold};
use cchc_sdk::types::portal::PortalMetric;
use proptest::prelude::*;
use uuid::Uuid;

use crate::error::FieldIssue;

fn node(code: &str, max: f64, children: Vec<CriterionIn>) -> CriterionIn {
    CriterionIn {
        code: code.into(),
        name: format!("Tiêu chí {code}"),
        max_points: max,
        method: children.is_empty().then_some(Method::SelfAssessed),
        scoring: Default::default(),
        portal_rule: None,
        responsible: None,
        children,
    }
}

#[test]
fn points_have_at_most_two_decimals() {
    assert_eq!(to_centi(2.5), Some(250));
    assert_eq!(to_centi(0.25), Some(25));
    assert_eq!(to_centi(0.1 + 0.2), Some(30));
    assert_eq!(to_centi(0.125), None);
    assert_eq!(to_centi(-1.0), None);
    assert_eq!(to_centi(f64::NAN), None);
}

#[test]
fn percents_round_half_up() {
    assert_eq!(percent_centi(8725, 10_000), 8725);
    assert_eq!(percent_centi(1, 3), 3333);
    assert_eq!(percent_centi(2, 3), 6667);
    assert_eq!(percent_centi(5, 0), 0);
}

#[test]
fn totals_stay_within_zero_and_max() {
    assert_eq!(total_centi(9_800, 500, 0, 10_000), 10_000);
    assert_eq!(total_centi(100, 0, 300, 10_000), 0);
    assert_eq!(total_centi(8_000, 200, 100, 10_000), 8_100);
}

#[test]
fn bands_pick_the_highest_bound_reached() {
    let bands = vec![
        Band {
            label: "Khá".into(),
            min_percent: 70.0,
        },
        Band {
            label: "Xuất sắc".into(),
            min_percent: 90.0,
        },
        Band {
            label: "Tốt".into(),
            min_percent: 80.0,
        },
    ];
    assert_eq!(band_of(9000, &bands).as_deref(), Some("Xuất sắc"));
    assert_eq!(band_of(8999, &bands).as_deref(), Some("Tốt"));
    assert_eq!(band_of(7000, &bands).as_deref(), Some("Khá"));
    assert_eq!(band_of(6999, &bands), None);
}

#[test]
fn equal_scores_share_a_rank_and_skip_the_next() {
    assert_eq!(ranks(&[90, 95, 90, 80]), vec![2, 1, 2, 4]);
    assert_eq!(ranks(&[]), Vec::<i32>::new());
}

#[test]
fn portal_rules_take_the_highest_step_reached() {
    let rule = PortalRule {
        metric: PortalMetric::OnTimeRate,
        thresholds: vec![
            Threshold {
                min_percent: 80.0,
                points: 1.0,
            },
            Threshold {
                min_percent: 95.0,
                points: 2.0,
            },
            Threshold {
                min_percent: 90.0,
                points: 1.5,
            },
        ],
    };
    assert_eq!(portal_points(&rule, Some(9_700)), 200);
    assert_eq!(portal_points(&rule, Some(9_500)), 200);
    assert_eq!(portal_points(&rule, Some(9_499)), 150);
    assert_eq!(portal_points(&rule, Some(7_999)), 0);
    assert_eq!(portal_points(&rule, None), 0);
}

#[test]
fn trees_must_add_up() -> Result<(), Vec<FieldIssue>> {
    let id = Uuid::nil();
    let good = vec![
        node(
            "1",
            6.0,
            vec![node("1.1", 4.0, vec![]), node("1.2", 2.0, vec![])],
        ),
        node("2", 4.0, vec![]),
    ];
    let tree = check_tree(id, &good)?;
    assert_eq!(tree.max, 1_000);
    assert_eq!(tree.leaves.len(), 3);
    assert_eq!(tree.leaves[0].area, "1");
    let bad = vec![node(
        "1",
        6.0,
        vec![node("1.1", 4.0, vec![]), node("1.2", 1.5, vec![])],
    )];
    let issues = check_tree(id, &bad).err().unwrap_or_default();
    assert_eq!(issues[0].field, "areas[0].max_points");
    assert_eq!(issues[0].code, "sum_mismatch");
    Ok(())
}

fn first_code(r: Result<Tree, Vec<FieldIssue>>) -> &'static str {
    r.err()
        .and_then(|i| i.first().map(|i| i.code))
        .unwrap_or("accepted")
}

#[test]
fn trees_refuse_foreign_codes_duplicates_and_depth() {
    let id = Uuid::nil();
    let wrong_parent = vec![node("1", 1.0, vec![node("2.1", 1.0, vec![])])];
    assert_eq!(first_code(check_tree(id, &wrong_parent)), "invalid_format");
    let dup = vec![node("1", 1.0, vec![]), node("1", 1.0, vec![])];
    assert_eq!(first_code(check_tree(id, &dup)), "duplicate");
    let deep = vec![node(
        "1",
        1.0,
        vec![node(
            "1.1",
            1.0,
            vec![node(
                "1.1.1",
                1.0,
                vec![node("1.1.1.1", 1.0, vec![node("1.1.1.1.1", 1.0, vec![])])],
            )],
        )],
    )];
    assert_eq!(first_code(check_tree(id, &deep)), "too_deep");
}

proptest! {
    #[test]
    fn the_index_never_exceeds_100_percent(
        items in prop::collection::vec((0i64..=1_000, 0i64..=100), 1..40),
        bonus in 0i64..=1_000,
        penalty in 0i64..=1_000,
    ) {
        // (max, share of max earned in percent)
        let max: i64 = items.iter().map(|(m, _)| m).sum::<i64>().max(1);
        let earned: i64 = items.iter().map(|(m, p)| m * p / 100).sum();
        let total = total_centi(earned, bonus, penalty, max);
        let percent = percent_centi(total, max);
        prop_assert!((0..=10_000).contains(&percent));
        prop_assert!(total <= max);
    }

    #[test]
    fn ranks_are_consistent_with_scores(scores in prop::collection::vec(0i64..=200, 0..60)) {
        let r = ranks(&scores);
        for i in 0..scores.len() {
            let better = scores.iter().filter(|s| **s > scores[i]).count() as i32;
            prop_assert_eq!(r[i], better + 1);
            for j in 0..scores.len() {
                if scores[i] > scores[j] { prop_assert!(r[i] < r[j]); }
                if scores[i] == scores[j] { prop_assert_eq!(r[i], r[j]); }
            }
        }
    }

    #[test]
    fn portal_points_never_exceed_the_best_step(percent in 0i64..=10_000, a in 0i64..=500, b in 0i64..=500) {
        let rule = PortalRule {
            metric: PortalMetric::SyncRate,
            thresholds: vec![
                Threshold { min_percent: 50.0, points: from_centi(a) },
                Threshold { min_percent: 90.0, points: from_centi(b) },
            ],
        };
        let p = portal_points(&rule, Some(percent));
        prop_assert!(p <= a.max(b));
        if percent < 5_000 { prop_assert_eq!(p, 0); }
    }
}
