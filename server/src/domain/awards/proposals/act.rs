//! Moving a proposal through its lifecycle: submit, the council's review, withdraw.

use cchc_sdk::types::awards::{ProposalStatus, ReviewIn, ReviewOut};
use sea_orm::{ActiveValue::Set, DatabaseConnection};
use serde_json::json;
use uuid::Uuid;

use super::{Action, allowed, get};
use crate::auth::Ctx;
use crate::domain::codec::{enum_str, parse_enum};
use crate::domain::index::journal;
use crate::domain::lifecycle;
use crate::domain::lifecycle::Action as _;
use crate::domain::precondition::IfMatch;
use crate::domain::text;
use crate::domain::versioned::save_versioned;
use crate::domain::write::Write;
use crate::entity::award_proposals as proposals;
use crate::error::{ApiError, FieldIssue, Text};

/// Moves a proposal through its lifecycle.
pub async fn act(
    db: &DatabaseConnection,
    ctx: &Ctx,
    id: Uuid,
    if_match: &IfMatch,
    action: Action,
    review: Option<ReviewIn>,
) -> Result<proposals::Model, ApiError> {
    let w = Write::begin(db, ctx).await?;
    let current = get(w.db(), &ctx.scope, id).await?;
    let status: ProposalStatus = parse_enum(&current.status)?;
    lifecycle::check(
        ("đề nghị", "proposal"),
        &current.status,
        action,
        &allowed(status, current.decision_id.is_some()),
    )?;
    if_match.check(current.version)?;
    let mut active: proposals::ActiveModel = current.clone().into();
    let to = match (action, &review) {
        (Action::Submit, _) => ProposalStatus::Submitted,
        (Action::Withdraw, _) => ProposalStatus::Withdrawn,
        (Action::Review, Some(r)) => {
            let minutes = text::normalize(&r.minutes_reference);
            let mut issues = Vec::new();
            if minutes.is_empty() {
                issues.push(FieldIssue::required("minutes_reference"));
            } else if minutes.chars().count() > 200 {
                issues.push(FieldIssue::too_long("minutes_reference", 200));
            }
            for (field, v) in [
                ("votes_for", r.votes_for),
                ("votes_against", r.votes_against),
            ] {
                if !(0..=1000).contains(&v) {
                    issues.push(FieldIssue::new(
                        field,
                        "out_of_range",
                        Text::new("Từ 0 đến 1000.", "Between 0 and 1,000."),
                    ));
                }
            }
            if r.recommend && r.votes_for <= r.votes_against {
                issues.push(FieldIssue::new(
                    "recommend",
                    "vote_mismatch",
                    Text::new(
                        "Hội đồng chỉ đề nghị khi số phiếu tán thành nhiều hơn số phiếu không tán thành.",
                        "The council recommends only with more votes for than against.",
                    ),
                ));
            }
            if !issues.is_empty() {
                return Err(ApiError::validation(issues));
            }
            let out = ReviewOut {
                recommend: r.recommend,
                votes_for: r.votes_for,
                votes_against: r.votes_against,
                minutes_reference: minutes,
                reviewed_at: w.now(),
            };
            active.review = Set(Some(
                serde_json::to_string(&out).map_err(ApiError::internal)?,
            ));
            if r.recommend {
                ProposalStatus::Recommended
            } else {
                ProposalStatus::NotRecommended
            }
        }
        (Action::Review, None) => {
            return Err(ApiError::validation(vec![FieldIssue::required("body")]));
        }
    };
    active.status = Set(enum_str(&to));
    let saved = save_versioned::<proposals::Entity>(&w, active, id, current.version).await?;
    let changes = json!({"status": {"before": current.status, "after": saved.status}});
    let journaled = journal(
        &w,
        "award_proposal",
        id,
        saved.unit_id,
        action.name(),
        changes,
    )
    .await?;
    w.commit(journaled).await?;
    Ok(saved)
}
