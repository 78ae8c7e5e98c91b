//! Unit tests of the shapes published provincial frameworks have: four levels, quarter
//! points, itemized bonus and penalty criteria, deduction scoring, a total other than 100.

use std::collections::HashSet;

use cchc_sdk::types::index::{AdjustmentCriterion, AdjustmentKind, CriterionIn, Method, Scoring};
use uuid::Uuid;

use super::*;
use crate::error::FieldIssue;

fn node(code: &str, max: f64, children: Vec<CriterionIn>) -> CriterionIn {
    CriterionIn {
        code: code.into(),
        name: format!("Tiêu chí {code}"),
        max_points: max,
        method: children.is_empty().then_some(Method::SelfAssessed),
        scoring: Scoring::Points,
        portal_rule: None,
        responsible: None,
        children,
    }
}

fn item(code: &str, max: f64) -> AdjustmentCriterion {
    AdjustmentCriterion {
        code: code.into(),
        name: format!("Điểm {code}"),
        max_points: max,
    }
}

fn fields(r: Result<impl Sized, Vec<FieldIssue>>) -> Vec<(String, &'static str)> {
    r.err()
        .unwrap_or_default()
        .into_iter()
        .map(|i| (i.field.to_string(), i.code))
        .collect()
}

#[test]
fn four_levels_with_quarter_points_are_a_tree() -> Result<(), Vec<FieldIssue>> {
    let deduction = CriterionIn {
        scoring: Scoring::Deduction,
        ..node("1.1.1.2", 0.5, vec![])
    };
    let areas = vec![node(
        "1",
        1.25,
        vec![
            node(
                "1.1",
                0.75,
                vec![node(
                    "1.1.1",
                    0.75,
                    vec![node("1.1.1.1", 0.25, vec![]), deduction],
                )],
            ),
            node("1.2", 0.5, vec![]),
        ],
    )];
    let tree = check_tree(Uuid::nil(), &areas)?;
    assert_eq!(tree.max, 125);
    let codes: Vec<_> = tree.leaves.iter().map(|l| l.code.as_str()).collect();
    assert_eq!(codes, ["1.1.1.1", "1.1.1.2", "1.2"]);
    assert_eq!(tree.leaves[1].scoring, Scoring::Deduction);
    assert!(tree.leaves.iter().all(|l| l.area == "1"));
    Ok(())
}

#[test]
fn only_self_assessed_items_are_scored_by_deduction() {
    let survey = CriterionIn {
        method: Some(Method::Survey),
        scoring: Scoring::Deduction,
        ..node("1.1", 1.0, vec![])
    };
    let r = check_tree(Uuid::nil(), &[node("1", 1.0, vec![survey])]);
    assert_eq!(
        fields(r),
        [("areas[0].children[0].scoring".into(), "not_allowed")]
    );
}

#[test]
fn deductions_start_from_the_max_and_stop_at_zero() {
    assert_eq!(deduction_score(200, 0), 200);
    assert_eq!(deduction_score(200, 25), 175);
    assert_eq!(deduction_score(200, 250), 0);
    assert_eq!(deductions_of(200, 175), 25);
}

#[test]
fn itemized_adjustments_sum_within_their_own_caps() -> Result<(), Vec<FieldIssue>> {
    let codes = HashSet::from(["1".to_owned()]);
    let items = check_adjustments(
        Uuid::nil(),
        &[item("T1", 1.0), item("T2", 0.5)],
        &[item("TR1", 2.0)],
        &codes,
    )?;
    assert_eq!(cap_sum(&items, AdjustmentKind::Bonus), 150);
    assert_eq!(cap_sum(&items, AdjustmentKind::Penalty), 200);
    let given = |code: &str| match code {
        "T1" => Some(75),
        "T2" => Some(900), // beyond its cap: held at 0.5
        "TR1" => Some(25),
        _ => None,
    };
    assert_eq!(adjustment_total(&items, AdjustmentKind::Bonus, given), 125);
    assert_eq!(adjustment_total(&items, AdjustmentKind::Penalty, given), 25);
    assert_eq!(
        adjustment_total(&items, AdjustmentKind::Penalty, |_| None),
        0
    );
    Ok(())
}

#[test]
fn adjustment_codes_are_unique_across_the_framework() {
    let codes = HashSet::from(["1".to_owned()]);
    let r = check_adjustments(
        Uuid::nil(),
        &[item("1", 1.0), item("T1", 0.0)],
        &[item("T1", 2.0)],
        &codes,
    );
    assert_eq!(
        fields(r),
        [
            ("bonus_items[0].code".into(), "duplicate"),
            ("bonus_items[1].max_points".into(), "out_of_range"),
            ("penalty_items[0].code".into(), "duplicate"),
        ]
    );
}

#[test]
fn the_index_is_computed_on_the_real_total() {
    // 99.55 points in all; 90.30 earned, +1.25 bonus, −0.50 penalty = 91.05.
    let total = total_centi(9_030, 125, 50, 9_955);
    assert_eq!(total, 9_105);
    // 91.05 / 99.55 × 100 = 91.4616… -> 91.46 %
    assert_eq!(percent_centi(total, 9_955), 9_146);
    assert_ne!(
        percent_centi(total, 9_955),
        percent_centi(total, USUAL_TOTAL)
    );
}
