//! Creating a draft decision from recommended proposals of one form and year.

use cchc_sdk::types::awards::{DecisionIn, DecisionSigner, DecisionStatus, ProposalStatus};
use sea_orm::{ActiveModelTrait, ActiveValue::Set, ColumnTrait, DatabaseConnection, QueryFilter};
use serde_json::json;
use uuid::Uuid;

use super::beyond_authority;
use super::document::{Content, clean_lines, required_text};
use crate::auth::Ctx;
use crate::domain::awards::rules;
use crate::domain::codec::{enum_str, parse_enum};
use crate::domain::index::journal;
use crate::domain::versioned::save_versioned;
use crate::domain::write::Write;
use crate::domain::{text, units};
use crate::entity::{award_decisions as decisions, award_proposals, award_recipients};
use crate::error::{ApiError, FieldIssue, Text};

/// Creates a draft decision from recommended proposals of one form and year.
pub async fn create(
    db: &DatabaseConnection,
    ctx: &Ctx,
    input: DecisionIn,
) -> Result<decisions::Model, ApiError> {
    let w = Write::begin(db, ctx).await?;
    let issuer = match units::find_visible(w.db(), &ctx.scope, input.unit_id).await? {
        Some(u) if u.archived_at.is_none() => u,
        _ => {
            return Err(ApiError::validation(vec![FieldIssue::unknown_reference(
                "unit_id",
            )]));
        }
    };
    // A draft has no date yet: it is refused here only when no period of the law ever let
    // this level grant the form; issuing judges it by the law of its date.
    let rules = rules::current(w.db()).await?.rules;
    let level = parse_enum(&issuer.level)?;
    if !rules::ever_grants(&rules, level, input.form) {
        let law = rules::in_force(&rules, w.today(), "form").map_err(ApiError::validation)?;
        return Err(beyond_authority(input.form, &issuer.level, &law));
    }
    let mut issues = Vec::new();
    let content = Content {
        issuing_body: required_text("issuing_body", &input.issuing_body, 200, &mut issues),
        parent_body: input
            .parent_body
            .as_deref()
            .map(text::normalize)
            .filter(|p| !p.is_empty()),
        issuer_code: required_text("issuer_code", &input.issuer_code, 20, &mut issues),
        place: required_text("place", &input.place, 100, &mut issues),
        legal_bases: clean_lines("legal_bases", &input.legal_bases, 1000, &mut issues),
        proposed_by: required_text("proposed_by", &input.proposed_by, 500, &mut issues),
        funding_source: required_text("funding_source", &input.funding_source, 500, &mut issues),
        executors: clean_lines("executors", &input.executors, 500, &mut issues),
        distribution: clean_lines("distribution", &input.distribution, 500, &mut issues),
        signer: DecisionSigner {
            authority_line: input
                .signer
                .authority_line
                .as_deref()
                .map(text::normalize)
                .filter(|a| !a.is_empty()),
            title: required_text("signer.title", &input.signer.title, 100, &mut issues),
            name: required_text("signer.name", &input.signer.name, 200, &mut issues),
        },
    };
    if content
        .parent_body
        .as_ref()
        .is_some_and(|p| p.chars().count() > 200)
    {
        issues.push(FieldIssue::too_long("parent_body", 200));
    }
    if input.proposal_ids.is_empty() || input.proposal_ids.len() > 200 {
        issues.push(FieldIssue::new(
            "proposal_ids",
            "out_of_range",
            Text::new("Từ 1 đến 200 đề nghị.", "Between 1 and 200 proposals."),
        ));
    }
    let mut picked = Vec::new();
    let mut year = None;
    for (i, id) in input.proposal_ids.iter().enumerate() {
        let field = format!("proposal_ids[{i}]");
        let Some(p) = crate::domain::scoped::scoped::<award_proposals::Entity>(&ctx.scope)
            .filter(award_proposals::Column::Id.eq(*id))
            .one(w.db())
            .await?
        else {
            issues.push(FieldIssue::unknown_reference(field));
            continue;
        };
        let problem = if p.status != enum_str(&ProposalStatus::Recommended) {
            Some((
                "not_recommended",
                "Đề nghị chưa được Hội đồng đề nghị khen thưởng.",
                "The council has not recommended this proposal.",
            ))
        } else if p.decision_id.is_some() {
            Some((
                "in_decision",
                "Đề nghị đã thuộc một quyết định khác.",
                "The proposal is in another decision already.",
            ))
        } else if p.form != enum_str(&input.form) {
            Some((
                "form_mismatch",
                "Đề nghị là hình thức khác với quyết định.",
                "The proposal is for another form.",
            ))
        } else if input.proposal_ids[..i].contains(id) {
            Some((
                "duplicate",
                "Đề nghị bị lặp.",
                "The proposal appears twice.",
            ))
        } else if !crate::auth::subtree(w.db(), issuer.id)
            .await?
            .contains(&p.unit_id)
        {
            Some((
                "outside_issuer",
                "Đề nghị thuộc đơn vị không trực thuộc đơn vị ban hành.",
                "The proposal belongs to a unit outside the issuer.",
            ))
        } else if year.is_some_and(|y| y != p.year) {
            Some((
                "year_mismatch",
                "Các đề nghị phải cùng một năm.",
                "The proposals must be of one year.",
            ))
        } else {
            None
        };
        if let Some((code, vi, en)) = problem {
            issues.push(FieldIssue::new(field, code, Text::new(vi, en)));
            continue;
        }
        year = Some(p.year);
        picked.push(p);
    }
    if !issues.is_empty() {
        return Err(ApiError::validation(issues));
    }
    let now = w.now();
    let decision = decisions::ActiveModel {
        id: Set(Uuid::now_v7()),
        unit_id: Set(issuer.id),
        status: Set(enum_str(&DecisionStatus::Draft)),
        year: Set(year.unwrap_or_default()),
        form: Set(enum_str(&input.form)),
        number: Set(None),
        number_year: Set(None),
        number_symbol: Set(None),
        decision_date: Set(None),
        content: Set(serde_json::to_string(&content).map_err(ApiError::internal)?),
        base_salary: Set(None),
        total_money: Set(0),
        revoke_reason: Set(None),
        created_at: Set(now),
        updated_at: Set(now),
        version: Set(1),
    }
    .insert(w.db())
    .await?;
    for (position, p) in picked.into_iter().enumerate() {
        award_recipients::ActiveModel {
            id: Set(Uuid::now_v7()),
            decision_id: Set(decision.id),
            proposal_id: Set(p.id),
            position: Set(position as i32 + 1),
            unit_id: Set(p.unit_id),
            year: Set(p.year),
            form: Set(p.form.clone()),
            person_key: Set(p.person_key.clone()),
            name_key: Set(text::fold(&p.recipient_name)),
            money: Set(0),
            created_at: Set(now),
        }
        .insert(w.db())
        .await?;
        let mut active: award_proposals::ActiveModel = p.clone().into();
        active.decision_id = Set(Some(decision.id));
        save_versioned::<award_proposals::Entity>(&w, active, p.id, p.version).await?;
    }
    let changes = json!({"form": {"before": null, "after": decision.form}, "recipients": input.proposal_ids.len()});
    let journaled = journal(
        &w,
        "award_decision",
        decision.id,
        decision.unit_id,
        "create",
        changes,
    )
    .await?;
    w.commit(journaled).await?;
    Ok(decision)
}
