//! The printed parts of a decision (stored as JSON) and the checks of their text.

use cchc_sdk::types::awards::DecisionSigner;
use serde::{Deserialize, Serialize};

use crate::domain::text;
use crate::entity::award_decisions as decisions;
use crate::error::{ApiError, FieldIssue};

/// The printed parts of a decision, stored as JSON.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(super) struct Content {
    pub(super) issuing_body: String,
    pub(super) parent_body: Option<String>,
    pub(super) issuer_code: String,
    pub(super) place: String,
    pub(super) legal_bases: Vec<String>,
    pub(super) proposed_by: String,
    pub(super) funding_source: String,
    pub(super) executors: Vec<String>,
    pub(super) distribution: Vec<String>,
    pub(super) signer: DecisionSigner,
}

pub(super) fn content_of(m: &decisions::Model) -> Result<Content, ApiError> {
    serde_json::from_str(&m.content).map_err(ApiError::internal)
}

pub(super) fn clean_lines(
    field: &str,
    lines: &[String],
    max: usize,
    issues: &mut Vec<FieldIssue>,
) -> Vec<String> {
    let out: Vec<String> = lines
        .iter()
        .map(|l| text::normalize(l))
        .filter(|l| !l.is_empty())
        .collect();
    for (i, l) in out.iter().enumerate() {
        if l.chars().count() > max {
            issues.push(FieldIssue::too_long(format!("{field}[{i}]"), max));
        }
    }
    out
}

pub(super) fn required_text(
    field: &str,
    value: &str,
    max: usize,
    issues: &mut Vec<FieldIssue>,
) -> String {
    let v = text::normalize(value);
    if v.is_empty() {
        issues.push(FieldIssue::required(field));
    } else if v.chars().count() > max {
        issues.push(FieldIssue::too_long(field, max));
    }
    v
}
