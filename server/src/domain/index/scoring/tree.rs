//! The criteria tree: its checks (codes, depth, methods, portal rules, sums) and the
//! flattened form the sheets score.

use cchc_sdk::types::index::{CriterionIn, Method, PortalRule, Scoring};
use cchc_sdk::types::portal::PortalMetric;
use uuid::Uuid;

use super::{from_centi, to_centi};
use crate::error::{FieldIssue, Text};

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
    /// Points entered, or deductions from the max (self-assessed items only).
    pub scoring: Scoring,
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

/// Lĩnh vực > tiêu chí > tiêu chí thành phần > nội dung.
const MAX_DEPTH: usize = 4;

fn issue(field: String, code: &'static str, vi: String, en: String) -> FieldIssue {
    FieldIssue::new(field, code, Text::new(vi, en))
}

/// Checks a tree (codes unique and dotted under their parent, at most four levels, a
/// method on every scored item and only there, deduction scoring only on self-assessed
/// items, portal rules within the item's max, the
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
            "Bộ tiêu chí có tối đa bốn cấp: lĩnh vực, tiêu chí, tiêu chí thành phần, nội dung."
                .into(),
            "A framework has at most four levels: area, criterion, sub-criterion, content.".into(),
        ));
        return max;
    }
    if node.method.is_some() || node.portal_rule.is_some() || !node.scoring.is_points() {
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
    match (method, node.scoring) {
        (_, Scoring::Points) | (Method::SelfAssessed, Scoring::Deduction) => {}
        _ => issues.push(issue(
            format!("{path}.scoring"),
            "not_allowed",
            "Chỉ tiêu chí tự đánh giá mới chấm theo phương pháp trừ điểm.".into(),
            "Only self-assessed items can be scored by deduction.".into(),
        )),
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
        scoring: node.scoring,
        rule: node.portal_rule.clone(),
        responsible: responsible.map(str::to_owned),
        area: area.trim().to_owned(),
    });
}

/// Every code of a tree, branches included.
pub fn all_codes(nodes: &[CriterionIn], out: &mut std::collections::HashSet<String>) {
    for n in nodes {
        out.insert(n.code.trim().to_owned());
        all_codes(&n.children, out);
    }
}

/// The metric a portal rule reads.
pub fn metric_of(leaf: &Leaf) -> Option<PortalMetric> {
    leaf.rule.as_ref().map(|r| r.metric)
}
