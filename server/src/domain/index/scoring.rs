//! The arithmetic of the index, pure: points in hundredths, the criteria tree's rules,
//! index percent, rating bands, ranks with shared places, portal rules.
//!
//! Percents are kept in hundredths of a percent (`9250` = 92.50 %), rounded half up.

use cchc_sdk::types::index::{Band, CriterionIn, Method, PortalRule};
use cchc_sdk::types::portal::PortalMetric;
use uuid::Uuid;

use crate::error::{FieldIssue, Text};

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

/// A scored item of a framework, flattened out of the tree.
#[derive(Debug, Clone, PartialEq)]
pub struct Leaf {
    /// Stable id: UUID v5 of the code in the framework's namespace.
    pub id: Uuid,
    /// Code.
    pub code: String,
    /// Name.
    pub name: String,
    /// Max, hundredths.
    pub max: i64,
    /// How it is measured.
    pub method: Method,
    /// The portal rule, for portal-metric items.
    pub rule: Option<PortalRule>,
    /// Kind of department responsible.
    pub responsible: Option<String>,
    /// The area's code.
    pub area: String,
}

/// An area: code, name and max (hundredths).
#[derive(Debug, Clone, PartialEq)]
pub struct Area {
    /// Code.
    pub code: String,
    /// Name.
    pub name: String,
    /// Max, hundredths.
    pub max: i64,
}

/// A checked framework tree.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Tree {
    /// The areas in order.
    pub areas: Vec<Area>,
    /// The scored items in order.
    pub leaves: Vec<Leaf>,
    /// Total max, hundredths.
    pub max: i64,
}

impl Tree {
    /// The item with this code.
    pub fn leaf(&self, code: &str) -> Option<&Leaf> {
        self.leaves.iter().find(|l| l.code == code)
    }
}

/// The id of a framework node: stable while its code is.
pub fn node_id(framework_id: Uuid, code: &str) -> Uuid {
    Uuid::new_v5(&framework_id, code.as_bytes())
}

const MAX_DEPTH: usize = 3;

fn issue(field: String, code: &'static str, vi: String, en: String) -> FieldIssue {
    FieldIssue::new(field, code, Text::new(vi, en))
}

/// Checks a tree (codes unique and dotted under their parent, at most three levels, a
/// method on every scored item and only there, portal rules within the item's max, the
/// children's max points adding up to the parent's) and flattens it. Problems are
/// reported per node path (`areas[2].children[0].max_points`).
pub fn check_tree(framework_id: Uuid, areas: &[CriterionIn]) -> Result<Tree, Vec<FieldIssue>> {
    let mut tree = Tree::default();
    let mut issues = Vec::new();
    let mut seen = std::collections::HashSet::new();
    if areas.is_empty() {
        issues.push(FieldIssue::required("areas"));
    }
    for (i, area) in areas.iter().enumerate() {
        let path = format!("areas[{i}]");
        let max = walk(
            framework_id,
            area,
            None,
            &area.code,
            &path,
            1,
            &mut seen,
            &mut tree,
            &mut issues,
        );
        tree.areas.push(Area {
            code: area.code.trim().to_owned(),
            name: area.name.trim().to_owned(),
            max,
        });
        tree.max += max;
    }
    if tree.max <= 0 && issues.is_empty() {
        issues.push(issue(
            "areas".into(),
            "out_of_range",
            "Tổng điểm tối đa phải lớn hơn 0.".into(),
            "The total max points must be above 0.".into(),
        ));
    }
    if issues.is_empty() {
        Ok(tree)
    } else {
        Err(issues)
    }
}

#[allow(clippy::too_many_arguments)]
fn walk(
    framework_id: Uuid,
    node: &CriterionIn,
    parent: Option<&str>,
    area: &str,
    path: &str,
    depth: usize,
    seen: &mut std::collections::HashSet<String>,
    tree: &mut Tree,
    issues: &mut Vec<FieldIssue>,
) -> i64 {
    let code = node.code.trim();
    let valid_code = !code.is_empty()
        && code.len() <= 32
        && code
            .split('.')
            .all(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_alphanumeric()));
    if !valid_code {
        issues.push(issue(
            format!("{path}.code"),
            "invalid_format",
            "Mã gồm các phần chữ/số ngăn bởi dấu chấm (3.2.1), tối đa 32 ký tự.".into(),
            "A code is dot-separated letters and digits (3.2.1), at most 32 characters.".into(),
        ));
    } else if let Some(parent) = parent
        && !code.starts_with(&format!("{parent}."))
    {
        issues.push(issue(
            format!("{path}.code"),
            "invalid_format",
            format!("Mã {code} phải bắt đầu bằng mã cấp trên {parent}."),
            format!("Code {code} must start with its parent's code {parent}."),
        ));
    } else if !seen.insert(code.to_owned()) {
        issues.push(issue(
            format!("{path}.code"),
            "duplicate",
            format!("Mã {code} bị trùng."),
            format!("Code {code} appears twice."),
        ));
    }
    let name = node.name.trim();
    if name.is_empty() {
        issues.push(FieldIssue::required(format!("{path}.name")));
    } else if name.chars().count() > 1000 {
        issues.push(FieldIssue::too_long(format!("{path}.name"), 1000));
    }
    let Some(max) = to_centi(node.max_points) else {
        issues.push(issue(
            format!("{path}.max_points"),
            "out_of_range",
            "Điểm tối đa từ 0 đến 1000, tối đa hai chữ số thập phân.".into(),
            "Max points are 0 to 1000 with at most two decimals.".into(),
        ));
        return 0;
    };
    if node.children.is_empty() {
        leaf(
            framework_id,
            node,
            code,
            name,
            area,
            max,
            path,
            tree,
            issues,
        );
        return max;
    }
    if depth >= MAX_DEPTH {
        issues.push(issue(
            format!("{path}.children"),
            "too_deep",
            "Bộ tiêu chí có tối đa ba cấp: lĩnh vực, tiêu chí, tiêu chí thành phần.".into(),
            "A framework has at most three levels: area, criterion, sub-criterion.".into(),
        ));
        return max;
    }
    if node.method.is_some() || node.portal_rule.is_some() {
        issues.push(issue(
            format!("{path}.method"),
            "not_allowed",
            "Chỉ tiêu chí không có tiêu chí con mới có cách chấm.".into(),
            "Only nodes without children have a method.".into(),
        ));
    }
    let mut sum = 0;
    for (j, child) in node.children.iter().enumerate() {
        sum += walk(
            framework_id,
            child,
            Some(code),
            area,
            &format!("{path}.children[{j}]"),
            depth + 1,
            seen,
            tree,
            issues,
        );
    }
    if sum != max {
        issues.push(issue(
            format!("{path}.max_points"),
            "sum_mismatch",
            format!(
                "Tổng điểm tối đa của các tiêu chí con ({}) khác điểm tối đa của {code} ({}).",
                from_centi(sum),
                from_centi(max)
            ),
            format!(
                "The children's max points add up to {}, not {code}'s {}.",
                from_centi(sum),
                from_centi(max)
            ),
        ));
    }
    max
}

#[allow(clippy::too_many_arguments)]
fn leaf(
    framework_id: Uuid,
    node: &CriterionIn,
    code: &str,
    name: &str,
    area: &str,
    max: i64,
    path: &str,
    tree: &mut Tree,
    issues: &mut Vec<FieldIssue>,
) {
    let Some(method) = node.method else {
        issues.push(FieldIssue::new(
            format!("{path}.method"),
            "required",
            Text::new(
                "Tiêu chí được chấm điểm phải có cách chấm.",
                "A scored item needs a method.",
            ),
        ));
        return;
    };
    match (method, &node.portal_rule) {
        (Method::PortalMetric, None) => {
            issues.push(FieldIssue::required(format!("{path}.portal_rule")))
        }
        (Method::PortalMetric, Some(rule)) => {
            for (k, t) in rule.thresholds.iter().enumerate() {
                let percent_ok = to_centi(t.min_percent).is_some_and(|p| p <= 10_000);
                let points_ok = to_centi(t.points).is_some_and(|p| p <= max);
                if !percent_ok || !points_ok {
                    issues.push(issue(
                        format!("{path}.portal_rule.thresholds[{k}]"),
                        "out_of_range",
                        "Ngưỡng từ 0 đến 100 %, điểm không vượt điểm tối đa.".into(),
                        "Thresholds are 0 to 100 % and never earn more than the max.".into(),
                    ));
                }
            }
            if rule.thresholds.is_empty() {
                issues.push(FieldIssue::required(format!(
                    "{path}.portal_rule.thresholds"
                )));
            }
        }
        (_, Some(_)) => issues.push(issue(
            format!("{path}.portal_rule"),
            "not_allowed",
            "Chỉ tiêu chí đo từ cổng dịch vụ công mới có quy tắc tính điểm.".into(),
            "Only portal-metric items have a portal rule.".into(),
        )),
        _ => {}
    }
    let responsible = node
        .responsible
        .as_deref()
        .map(str::trim)
        .filter(|r| !r.is_empty());
    if responsible.is_some_and(|r| r.chars().count() > 32) {
        issues.push(FieldIssue::too_long(format!("{path}.responsible"), 32));
    }
    tree.leaves.push(Leaf {
        id: node_id(framework_id, code),
        code: code.to_owned(),
        name: name.to_owned(),
        max,
        method,
        rule: node.portal_rule.clone(),
        responsible: responsible.map(str::to_owned),
        area: area.trim().to_owned(),
    });
}

/// The metric a portal rule reads.
pub fn metric_of(leaf: &Leaf) -> Option<PortalMetric> {
    leaf.rule.as_ref().map(|r| r.metric)
}

#[cfg(test)]
mod tests {
    use super::*;
    use cchc_sdk::types::index::Threshold;
    use proptest::prelude::*;

    fn node(code: &str, max: f64, children: Vec<CriterionIn>) -> CriterionIn {
        CriterionIn {
            code: code.into(),
            name: format!("Tiêu chí {code}"),
            max_points: max,
            method: children.is_empty().then_some(Method::SelfAssessed),
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
                vec![node("1.1.1", 1.0, vec![node("1.1.1.1", 1.0, vec![])])],
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
}
