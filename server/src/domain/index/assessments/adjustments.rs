//! The appraiser's bonus and penalty (điểm thưởng / điểm trừ): one number each for a
//! framework with single caps, or points per itemized criterion, each within its own cap,
//! summed. All in hundredths of a point.

use cchc_sdk::types::index::{AdjustmentKind, AppraisalIn};
use chrono::{DateTime, Utc};
use sea_orm::ActiveValue::Set;
use serde_json::json;
use std::collections::HashMap;

use super::Sheet;
use super::change::{check_note, item_issue, score_in_range};
use crate::domain::index::scoring::{adjustment_total, from_centi};
use crate::entity::index_assessment_items as items;
use crate::error::FieldIssue;

/// What an appraisal makes of the bonus and penalty.
pub(super) struct Adjusted {
    /// The bonus, hundredths (`None` when refused).
    pub(super) bonus: Option<i64>,
    /// The penalty, hundredths (`None` when refused).
    pub(super) penalty: Option<i64>,
    /// The rows of the itemized criteria to save.
    pub(super) updates: Vec<items::ActiveModel>,
}

/// Checks the body's bonus, penalty and itemized points against the framework: a single
/// number only where the framework has no items of that kind, each item's points within
/// its cap. Issues name `bonus`, `penalty`, `adjustments[i].code` or `adjustments[i].points`.
pub(super) fn appraise_adjustments(
    sheet: &Sheet,
    body: &AppraisalIn,
    now: DateTime<Utc>,
    issues: &mut Vec<FieldIssue>,
    changes: &mut serde_json::Map<String, serde_json::Value>,
) -> Adjusted {
    let a = &sheet.assessment;
    let mut points: HashMap<&str, Option<i64>> = sheet
        .adjustments
        .iter()
        .map(|adj| {
            let row = sheet.items.get(&adj.code);
            (adj.code.as_str(), row.and_then(|r| r.appraised_score_c))
        })
        .collect();
    let mut updates = Vec::new();
    for (i, input) in body.adjustments.iter().enumerate() {
        let code = input.code.trim();
        let found = sheet.adjustments.iter().find(|adj| adj.code == code);
        let (Some(adj), Some(row)) = (found, sheet.items.get(code)) else {
            issues.push(FieldIssue::unknown_reference(format!(
                "adjustments[{i}].code"
            )));
            continue;
        };
        let field = format!("adjustments[{i}].points");
        let Some(c) = score_in_range(field, input.points, adj.max, issues) else {
            continue;
        };
        let mut active: items::ActiveModel = row.clone().into();
        active.appraised_score_c = Set(Some(c));
        if input.comment.is_some() {
            let field = format!("adjustments[{i}].comment");
            active.appraiser_comment = Set(check_note(field, input.comment.as_deref(), issues));
        }
        active.updated_at = Set(now);
        updates.push(active);
        changes.insert(
            adj.code.clone(),
            json!({"before": row.appraised_score_c.map(from_centi), "after": from_centi(c)}),
        );
        points.insert(adj.code.as_str(), Some(c));
    }
    let mut single = |kind: AdjustmentKind, value: Option<f64>, current: i64, cap: i64| {
        let field = match kind {
            AdjustmentKind::Penalty => "penalty",
            _ => "bonus",
        };
        if sheet.adjustments.iter().any(|adj| adj.kind == kind) {
            if value.is_some() {
                issues.push(item_issue(
                    field.into(),
                    "not_allowed",
                    "Bộ chỉ số chấm điểm thưởng, điểm trừ theo từng tiêu chí: nhập vào adjustments.",
                    "The framework scores bonus and penalty per item: send them in adjustments.",
                ));
                return None;
            }
            return Some(adjustment_total(&sheet.adjustments, kind, |code| {
                points.get(code).copied().flatten()
            }));
        }
        match value {
            Some(v) => score_in_range(field.into(), v, cap, issues),
            None => Some(current),
        }
    };
    let bonus = single(
        AdjustmentKind::Bonus,
        body.bonus,
        a.bonus_c,
        sheet.framework.bonus_cap_c,
    );
    let penalty = single(
        AdjustmentKind::Penalty,
        body.penalty,
        a.penalty_c,
        sheet.framework.penalty_cap_c,
    );
    Adjusted {
        bonus,
        penalty,
        updates,
    }
}
