//! The checks of a framework: its input (name, caps, bands, the tree), its issuer, who may
//! write it and whether it is still a draft.

use crate::domain::codec::parse_enum;
use cchc_sdk::types::index::FrameworkStatus;
use cchc_sdk::types::index::{AdjustmentCriterion, AdjustmentKind, Band, CriterionIn, FrameworkIn};
use sea_orm::ConnectionTrait;
use uuid::Uuid;

use crate::auth::{Ctx, Permission};
use crate::domain::index::scoring::{self, Adjustment, from_centi, to_centi};
use crate::domain::{text, units};
use crate::entity::index_frameworks;
use crate::error::{ApiError, ErrorKind, FieldIssue, Text};

/// The checked, normalised facts of a framework.
pub(super) struct Checked {
    pub(super) name: String,
    pub(super) decision_reference: Option<String>,
    pub(super) bonus_cap: i64,
    pub(super) penalty_cap: i64,
    pub(super) bands: Vec<Band>,
    pub(super) bonus_items_json: String,
    pub(super) penalty_items_json: String,
    pub(super) tree_json: String,
    pub(super) max: i64,
}

fn cap(field: &str, value: f64, issues: &mut Vec<FieldIssue>) -> i64 {
    match to_centi(value).filter(|c| *c <= 10_000) {
        Some(c) => c,
        None => {
            issues.push(out_of_range(field, "0–100"));
            0
        }
    }
}

/// With itemized criteria the cap is their sum: a single cap sent along must be 0 or it.
fn itemized_cap(
    field: &str,
    cap: i64,
    items: &[Adjustment],
    kind: AdjustmentKind,
) -> Result<i64, FieldIssue> {
    let sum = scoring::cap_sum(items, kind);
    if !items.iter().any(|a| a.kind == kind) || cap == 0 || cap == sum {
        return Ok(if sum > 0 { sum } else { cap });
    }
    Err(FieldIssue::new(
        field,
        "sum_mismatch",
        Text::new(
            format!(
                "Mức tối đa ({}) khác tổng mức tối đa của các tiêu chí ({}); để 0 hoặc bỏ trống.",
                from_centi(cap),
                from_centi(sum)
            ),
            format!(
                "The cap ({}) is not the items' caps' sum ({}); send 0 or leave it out.",
                from_centi(cap),
                from_centi(sum)
            ),
        ),
    ))
}

fn out_of_range(field: &str, range: &str) -> FieldIssue {
    FieldIssue::new(
        field,
        "out_of_range",
        Text::new(
            format!("Giá trị phải trong khoảng {range}, tối đa hai chữ số thập phân."),
            format!("Must be within {range}, with at most two decimals."),
        ),
    )
}

fn check_bands(bands: &[Band], issues: &mut Vec<FieldIssue>) -> Vec<Band> {
    let mut out: Vec<Band> = Vec::new();
    for (i, b) in bands.iter().enumerate() {
        let label = text::normalize(&b.label);
        if label.is_empty() {
            issues.push(FieldIssue::required(format!("bands[{i}].label")));
        } else if label.chars().count() > 100 {
            issues.push(FieldIssue::too_long(format!("bands[{i}].label"), 100));
        }
        if to_centi(b.min_percent).is_none_or(|c| c > 10_000) {
            issues.push(out_of_range(&format!("bands[{i}].min_percent"), "0–100"));
        } else if out.iter().any(|o| o.min_percent == b.min_percent) {
            issues.push(FieldIssue::new(
                format!("bands[{i}].min_percent"),
                "duplicate",
                Text::new("Hai mức xếp loại trùng ngưỡng.", "Two bands share a bound."),
            ));
        }
        out.push(Band {
            label,
            min_percent: b.min_percent,
        });
    }
    out.sort_by(|a, b| b.min_percent.total_cmp(&a.min_percent));
    out
}

fn check_name(name: &str, issues: &mut Vec<FieldIssue>) -> String {
    let name = text::normalize(name);
    if name.is_empty() {
        issues.push(FieldIssue::required("name"));
    } else if name.chars().count() > 500 {
        issues.push(FieldIssue::too_long("name", 500));
    }
    name
}

fn check_reference(r: Option<&str>, issues: &mut Vec<FieldIssue>) -> Option<String> {
    let r = r.map(text::normalize).filter(|r| !r.is_empty());
    if r.as_ref().is_some_and(|r| r.chars().count() > 200) {
        issues.push(FieldIssue::too_long("decision_reference", 200));
    }
    r
}

fn check_year(year: i32, issues: &mut Vec<FieldIssue>) {
    if !(2000..=2100).contains(&year) {
        issues.push(out_of_range("year", "2000–2100"));
    }
}

pub(super) fn check_all(id: Uuid, input: &FrameworkIn) -> Result<Checked, ApiError> {
    let mut issues = Vec::new();
    let name = check_name(&input.name, &mut issues);
    check_year(input.year, &mut issues);
    let decision_reference = check_reference(input.decision_reference.as_deref(), &mut issues);
    let bonus_cap = cap("bonus_cap", input.bonus_cap, &mut issues);
    let penalty_cap = cap("penalty_cap", input.penalty_cap, &mut issues);
    let bands = check_bands(&input.bands, &mut issues);
    let tree = match scoring::check_tree(id, &input.areas) {
        Ok(t) => Some(t),
        Err(mut more) => {
            issues.append(&mut more);
            None
        }
    };
    let mut codes = std::collections::HashSet::new();
    scoring::all_codes(&input.areas, &mut codes);
    let adjustments =
        scoring::check_adjustments(id, &input.bonus_items, &input.penalty_items, &codes)
            .unwrap_or_else(|mut more| {
                issues.append(&mut more);
                Vec::new()
            });
    let bonus_cap = itemized_cap("bonus_cap", bonus_cap, &adjustments, AdjustmentKind::Bonus)
        .unwrap_or_else(|i| {
            issues.push(i);
            0
        });
    let penalty_cap = itemized_cap(
        "penalty_cap",
        penalty_cap,
        &adjustments,
        AdjustmentKind::Penalty,
    )
    .unwrap_or_else(|i| {
        issues.push(i);
        0
    });
    match tree {
        Some(tree) if issues.is_empty() => Ok(Checked {
            name,
            decision_reference,
            bonus_cap,
            penalty_cap,
            bands,
            bonus_items_json: serde_json::to_string(&stored(&input.bonus_items))
                .map_err(ApiError::internal)?,
            penalty_items_json: serde_json::to_string(&stored(&input.penalty_items))
                .map_err(ApiError::internal)?,
            tree_json: serde_json::to_string(&normalised(&input.areas))
                .map_err(ApiError::internal)?,
            max: tree.max,
        }),
        _ => Err(ApiError::validation(issues)),
    }
}

/// Bonus or penalty criteria as stored: trimmed codes, NFC names.
fn stored(items: &[AdjustmentCriterion]) -> Vec<AdjustmentCriterion> {
    items
        .iter()
        .map(|a| AdjustmentCriterion {
            code: a.code.trim().to_owned(),
            name: text::normalize(&a.name),
            max_points: a.max_points,
        })
        .collect()
}

/// The tree as stored: trimmed codes and names, NFC text.
fn normalised(nodes: &[CriterionIn]) -> Vec<CriterionIn> {
    nodes
        .iter()
        .map(|n| CriterionIn {
            code: n.code.trim().to_owned(),
            name: text::normalize(&n.name),
            max_points: n.max_points,
            method: n.method,
            scoring: n.scoring,
            portal_rule: n.portal_rule.clone(),
            responsible: n
                .responsible
                .as_deref()
                .map(str::trim)
                .filter(|r| !r.is_empty())
                .map(text::normalize),
            children: normalised(&n.children),
        })
        .collect()
}

pub(super) async fn check_issuer(
    db: &impl ConnectionTrait,
    ctx: &Ctx,
    unit_id: Uuid,
) -> Result<(), ApiError> {
    match units::find_visible(db, &ctx.scope, unit_id).await? {
        Some(u) if u.archived_at.is_none() => Ok(()),
        _ => Err(ApiError::validation(vec![FieldIssue::unknown_reference(
            "issuer_unit_id",
        )])),
    }
}

/// Writers of a framework: its issuer's admins (or a system admin).
pub(super) fn may_write(ctx: &Ctx, m: &index_frameworks::Model) -> Result<(), ApiError> {
    ctx.require(Permission::IndexFrameworksWrite)?;
    if ctx.scope.sees(m.issuer_unit_id) {
        Ok(())
    } else {
        Err(crate::auth::permissions::forbidden(
            Permission::IndexFrameworksWrite,
        ))
    }
}

pub(super) fn frozen(m: &index_frameworks::Model) -> Result<(), ApiError> {
    if parse_enum::<FrameworkStatus>(&m.status)? == FrameworkStatus::Draft {
        return Ok(());
    }
    Err(ApiError::new(ErrorKind::InvalidTransition)
        .with_detail(
            "Bộ chỉ số đã công bố không thể sửa; hãy sao chép để làm bộ mới.",
            "A published framework is frozen; copy it to start a new one.",
        )
        .with_allowed_actions(vec!["copy".into()]))
}
