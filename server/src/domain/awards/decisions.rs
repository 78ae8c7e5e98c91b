//! Award decisions (Quyết định khen thưởng): draft -> `issue` (numbered "…/QĐ-…", dated,
//! money fixed from the base salary in force that day) -> `revoke` (with a reason).
//!
//! Issuing checks every rule again, at the moment it matters: the issuer's authority, one
//! title per person and year, and the "Chiến sĩ thi đua cơ sở" quota.

use std::collections::HashMap;

use cchc_sdk::types::awards::{
    AwardForm, AwardListQuery, AwardOut, DecisionIn, DecisionListQuery, DecisionOut,
    DecisionRecipientOut, DecisionSigner, DecisionStatus, ProposalStatus,
};
use cchc_sdk::types::common::Page;
use chrono::{Datelike, NaiveDate};
use sea_orm::sea_query::LikeExpr;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseConnection,
    EntityTrait, QueryFilter, QueryOrder, QuerySelect,
};
use serde::{Deserialize, Serialize};
use serde_json::json;
use uuid::Uuid;

use super::proposals::{already_awarded, holds, recipient_of};
use super::rules;
use crate::auth::{Ctx, Scope};
use crate::domain::index::{enum_str, journal, parse_enum};
use crate::domain::versioned::save_versioned;
use crate::domain::write::Write;
use crate::domain::{numbering, text, units};
use crate::entity::{award_decisions as decisions, award_proposals, award_recipients};
use crate::error::{ApiError, ErrorKind, FieldIssue, Text};
use crate::domain::precondition::IfMatch;
use crate::domain::page::PageRequest;

/// The document type code of decisions.
pub const TYPE_CODE: &str = "QĐ";

/// The printed parts of a decision, stored as JSON.
#[derive(Debug, Clone, Serialize, Deserialize)]
struct Content {
    issuing_body: String,
    parent_body: Option<String>,
    issuer_code: String,
    place: String,
    legal_bases: Vec<String>,
    proposed_by: String,
    funding_source: String,
    executors: Vec<String>,
    distribution: Vec<String>,
    signer: DecisionSigner,
}

fn content_of(m: &decisions::Model) -> Result<Content, ApiError> {
    serde_json::from_str(&m.content).map_err(ApiError::internal)
}

/// A decision the caller can see, or 404.
pub async fn get(
    db: &impl ConnectionTrait,
    scope: &Scope,
    id: Uuid,
) -> Result<decisions::Model, ApiError> {
    crate::domain::scoped::find::<decisions::Entity>(db, scope, id).await
}

async fn lines_of(
    db: &impl ConnectionTrait,
    decision_id: Uuid,
) -> Result<Vec<(award_recipients::Model, award_proposals::Model)>, ApiError> {
    let lines = award_recipients::Entity::find()
        .filter(award_recipients::Column::DecisionId.eq(decision_id))
        .order_by_asc(award_recipients::Column::Position)
        .all(db)
        .await?;
    let ids: Vec<Uuid> = lines.iter().map(|l| l.proposal_id).collect();
    let mut by_id: HashMap<Uuid, award_proposals::Model> = award_proposals::Entity::find()
        .filter(award_proposals::Column::Id.is_in(ids))
        .all(db)
        .await?
        .into_iter()
        .map(|p| (p.id, p))
        .collect();
    lines
        .into_iter()
        .map(|l| {
            let p = by_id
                .remove(&l.proposal_id)
                .ok_or_else(|| ApiError::internal("a decision line lost its proposal"))?;
            Ok((l, p))
        })
        .collect()
}

/// The API's view of a decision.
pub async fn to_out(
    db: &impl ConnectionTrait,
    m: decisions::Model,
) -> Result<DecisionOut, ApiError> {
    let c = content_of(&m)?;
    let mut recipients = Vec::new();
    for (line, p) in lines_of(db, m.id).await? {
        recipients.push(DecisionRecipientOut {
            proposal_id: p.id,
            recipient: recipient_of(&p)?,
            achievement: p.achievement.clone(),
            money: line.money,
        });
    }
    Ok(DecisionOut {
        id: m.id,
        unit_id: m.unit_id,
        status: parse_enum(&m.status)?,
        year: m.year,
        form: parse_enum(&m.form)?,
        number: m.number,
        number_symbol: m
            .number_symbol
            .clone()
            .unwrap_or_else(|| numbering::number_symbol(None, TYPE_CODE, &c.issuer_code)),
        decision_date: m.decision_date,
        issuing_body: c.issuing_body,
        parent_body: c.parent_body,
        issuer_code: c.issuer_code,
        place: c.place,
        legal_bases: c.legal_bases,
        proposed_by: c.proposed_by,
        funding_source: c.funding_source,
        executors: c.executors,
        distribution: c.distribution,
        signer: c.signer,
        recipients,
        base_salary: m.base_salary,
        total_money: m.total_money,
        revoke_reason: m.revoke_reason,
        created_at: m.created_at,
        updated_at: m.updated_at,
        version: m.version,
    })
}

/// One page of the decisions the caller can see.
pub async fn list(
    db: &DatabaseConnection,
    scope: &Scope,
    q: &DecisionListQuery,
    page: &PageRequest,
) -> Result<Page<decisions::Model>, ApiError> {
    let mut select = crate::domain::scoped::scoped::<decisions::Entity>(scope);
    if let Some(u) = q.unit_id {
        select = select.filter(decisions::Column::UnitId.eq(u));
    }
    if let Some(y) = q.year {
        select = select.filter(decisions::Column::Year.eq(y));
    }
    if let Some(f) = q.form {
        select = select.filter(decisions::Column::Form.eq(enum_str(&f)));
    }
    if let Some(s) = q.status {
        select = select.filter(decisions::Column::Status.eq(enum_str(&s)));
    }
    if let Some(after) = page.after {
        select = select.filter(decisions::Column::Id.gt(after));
    }
    let rows = select
        .order_by_asc(decisions::Column::Id)
        .limit(page.fetch())
        .all(db)
        .await?;
    Ok(page.finish(rows, |d| d.id))
}

fn clean_lines(
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

fn required_text(field: &str, value: &str, max: usize, issues: &mut Vec<FieldIssue>) -> String {
    let v = text::normalize(value);
    if v.is_empty() {
        issues.push(FieldIssue::required(field));
    } else if v.chars().count() > max {
        issues.push(FieldIssue::too_long(field, max));
    }
    v
}

fn beyond_authority(form: AwardForm, level: &str) -> ApiError {
    ApiError::validation(vec![FieldIssue::new(
        "form",
        "beyond_authority",
        Text::new(
            format!(
                "Chủ tịch UBND cấp {level} không có thẩm quyền tặng \"{}\".",
                form.name_vi()
            ),
            format!("A {level} chairman may not grant \"{}\".", form.name_vi()),
        ),
    )])
    .with_detail(
        "Hình thức khen thưởng vượt thẩm quyền của đơn vị ban hành.",
        "The form is beyond the issuing unit's authority.",
    )
}

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
    let rules = rules::current(w.db()).await?.rules;
    if !rules::may_grant(&rules, units::parse_level(&issuer.level)?, input.form) {
        return Err(beyond_authority(input.form, &issuer.level));
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

fn transition_error(current: &str, action: &str, allowed: &[&str]) -> ApiError {
    ApiError::new(ErrorKind::InvalidTransition)
        .with_detail(
            format!("Không thể '{action}' quyết định đang ở trạng thái '{current}'."),
            format!("Cannot '{action}' a decision that is '{current}'."),
        )
        .with_allowed_actions(allowed.iter().map(|a| (*a).to_owned()).collect())
}

/// Takes the lock row of each award year (in order, so two issues never wait on each
/// other crosswise). The rules that count across decisions — one title per person a year,
/// the Chiến sĩ thi đua cơ sở quota — are read after it, so two concurrent issues are
/// judged one after the other: the second sees the first's recipients. The lock is a row of
/// the document counters (nil unit, type `TDKT`), held until the change commits
/// (PostgreSQL row lock; SQLite's IMMEDIATE transaction serialises writers anyway).
async fn lock_award_years(
    db: &impl sea_orm::ConnectionTrait,
    years: impl Iterator<Item = i32>,
) -> Result<(), ApiError> {
    let years: std::collections::BTreeSet<i32> = years.collect();
    for year in years {
        numbering::next_number(db, Uuid::nil(), year, "TDKT").await?;
    }
    Ok(())
}

/// Issues a draft: checks the rules, takes the next "QĐ" number of the unit's year (of
/// the decision date), fixes the money from the base salary in force that day.
pub async fn issue(
    db: &DatabaseConnection,
    ctx: &Ctx,
    id: Uuid,
    if_match: &IfMatch,
    date: Option<NaiveDate>,
) -> Result<decisions::Model, ApiError> {
    let w = Write::begin(db, ctx).await?;
    let current = get(w.db(), &ctx.scope, id).await?;
    if current.status != "draft" {
        return Err(transition_error(
            &current.status,
            "issue",
            if current.status == "issued" {
                &["revoke"]
            } else {
                &[]
            },
        ));
    }
    if_match.check(current.version)?;
    let date = date.unwrap_or_else(|| w.today());
    let form: AwardForm = parse_enum(&current.form)?;
    let rules = rules::current(w.db()).await?.rules;
    let issuer = crate::entity::units::Entity::find_by_id(current.unit_id)
        .one(w.db())
        .await?
        .ok_or_else(ApiError::not_found)?;
    if !rules::may_grant(&rules, units::parse_level(&issuer.level)?, form) {
        return Err(beyond_authority(form, &issuer.level));
    }
    let Some(base) = rules::base_salary(&rules, date) else {
        return Err(ApiError::validation(vec![FieldIssue::new(
            "date",
            "no_base_salary",
            Text::new(
                "Không có mức lương cơ sở áp dụng tại ngày này.",
                "No base salary is in force on this date.",
            ),
        )]));
    };
    let lines = lines_of(w.db(), id).await?;
    lock_award_years(w.db(), lines.iter().map(|(line, _)| line.year)).await?;
    let mut issues = Vec::new();
    for (i, (line, p)) in lines.iter().enumerate() {
        if form.is_title() && holds(w.db(), &line.person_key, form, line.year).await? {
            return Err(already_awarded(&p.recipient_name, form, line.year));
        }
        if form == AwardForm::ChienSiThiDuaCoSo
            && !holds(
                w.db(),
                &line.person_key,
                AwardForm::LaoDongTienTien,
                line.year,
            )
            .await?
        {
            issues.push(FieldIssue::new(
                format!("recipients[{i}]"),
                "requires_lao_dong_tien_tien",
                Text::new(
                    format!(
                        "{} chưa được công nhận \"Lao động tiên tiến\" năm {}.",
                        p.recipient_name, line.year
                    ),
                    format!(
                        "{} does not hold \"Lao động tiên tiến\" for {}.",
                        p.recipient_name, line.year
                    ),
                ),
            ));
        }
    }
    if form == AwardForm::ChienSiThiDuaCoSo {
        check_quota(w.db(), &rules, &lines, &mut issues).await?;
    }
    if !issues.is_empty() {
        return Err(ApiError::validation(issues));
    }
    let mut total = 0;
    for (line, p) in &lines {
        let kind: cchc_sdk::types::awards::RecipientKind = parse_enum(&p.recipient_kind)?;
        let money = rules::money(&rules, form, kind.class(), date).unwrap_or(0);
        total += money;
        let mut active: award_recipients::ActiveModel = line.clone().into();
        active.money = Set(money);
        active.update(w.db()).await?;
        let mut proposal: award_proposals::ActiveModel = p.clone().into();
        proposal.status = Set(enum_str(&ProposalStatus::Awarded));
        save_versioned::<award_proposals::Entity>(&w, proposal, p.id, p.version).await?;
    }
    let content = content_of(&current)?;
    let number = numbering::next_number(w.db(), current.unit_id, date.year(), TYPE_CODE).await?;
    let symbol = numbering::number_symbol(Some(number), TYPE_CODE, &content.issuer_code);
    let mut active: decisions::ActiveModel = current.clone().into();
    active.status = Set(enum_str(&DecisionStatus::Issued));
    active.number = Set(Some(number));
    active.number_year = Set(Some(date.year()));
    active.number_symbol = Set(Some(symbol.clone()));
    active.decision_date = Set(Some(date));
    active.base_salary = Set(Some(base));
    active.total_money = Set(total);
    let saved = save_versioned::<decisions::Entity>(&w, active, id, current.version).await?;
    let changes = json!({
        "status": {"before": "draft", "after": "issued"},
        "number_symbol": {"before": null, "after": symbol},
        "decision_date": {"before": null, "after": date},
        "total_money": {"before": 0, "after": total},
    });
    let journaled = journal(&w, "award_decision", id, saved.unit_id, "issue", changes).await?;
    w.commit(journaled).await?;
    Ok(saved)
}

/// The quota: per recipients' unit, the "Chiến sĩ thi đua cơ sở" titles already issued
/// for the year plus these may not exceed the percentage of its "Lao động tiên tiến".
async fn check_quota(
    db: &impl ConnectionTrait,
    rules: &cchc_sdk::types::awards::AwardRules,
    lines: &[(award_recipients::Model, award_proposals::Model)],
    issues: &mut Vec<FieldIssue>,
) -> Result<(), ApiError> {
    let mut by_unit: HashMap<(Uuid, i32), i64> = HashMap::new();
    for (line, _) in lines {
        *by_unit.entry((line.unit_id, line.year)).or_default() += 1;
    }
    for ((unit_id, year), new) in by_unit {
        let ldtt = issued_count(db, unit_id, year, AwardForm::LaoDongTienTien).await?;
        let held = issued_count(db, unit_id, year, AwardForm::ChienSiThiDuaCoSo).await?;
        let allowed = rules::quota(rules, ldtt);
        if held + new > allowed {
            issues.push(FieldIssue::new(
                "recipients",
                "quota_exceeded",
                Text::new(
                    format!(
                        "Vượt tỷ lệ: đơn vị có {ldtt} \"Lao động tiên tiến\" năm {year} nên được tối đa {allowed} \"Chiến sĩ thi đua cơ sở\" ({}%); đã có {held}, quyết định này thêm {new}.",
                        rules.chien_si_quota_percent
                    ),
                    format!(
                        "Quota exceeded: with {ldtt} \"Lao động tiên tiến\" in {year} the unit may have at most {allowed} \"Chiến sĩ thi đua cơ sở\" ({}%); it has {held}, this decision adds {new}.",
                        rules.chien_si_quota_percent
                    ),
                ),
            ));
        }
    }
    Ok(())
}

async fn issued_count(
    db: &impl ConnectionTrait,
    unit_id: Uuid,
    year: i32,
    form: AwardForm,
) -> Result<i64, ApiError> {
    let issued: Vec<Uuid> = decisions::Entity::find()
        .filter(decisions::Column::Status.eq("issued"))
        .filter(decisions::Column::Form.eq(enum_str(&form)))
        .select_only()
        .column(decisions::Column::Id)
        .into_tuple()
        .all(db)
        .await?;
    let n = award_recipients::Entity::find()
        .filter(award_recipients::Column::UnitId.eq(unit_id))
        .filter(award_recipients::Column::Year.eq(year))
        .filter(award_recipients::Column::DecisionId.is_in(issued))
        .all(db)
        .await?
        .len();
    Ok(n as i64)
}

/// Revokes an issued decision; its awards stop counting.
pub async fn revoke(
    db: &DatabaseConnection,
    ctx: &Ctx,
    id: Uuid,
    if_match: &IfMatch,
    reason: String,
) -> Result<decisions::Model, ApiError> {
    let w = Write::begin(db, ctx).await?;
    let current = get(w.db(), &ctx.scope, id).await?;
    if current.status != "issued" {
        return Err(transition_error(
            &current.status,
            "revoke",
            if current.status == "draft" {
                &["issue"]
            } else {
                &[]
            },
        ));
    }
    if_match.check(current.version)?;
    let mut issues = Vec::new();
    let reason = required_text("reason", &reason, 2000, &mut issues);
    if !issues.is_empty() {
        return Err(ApiError::validation(issues));
    }
    let mut active: decisions::ActiveModel = current.clone().into();
    active.status = Set(enum_str(&DecisionStatus::Revoked));
    active.revoke_reason = Set(Some(reason.clone()));
    let saved = save_versioned::<decisions::Entity>(&w, active, id, current.version).await?;
    let changes = json!({"status": {"before": "issued", "after": "revoked"}, "reason": reason});
    let journaled = journal(&w, "award_decision", id, saved.unit_id, "revoke", changes).await?;
    w.commit(journaled).await?;
    Ok(saved)
}

/// One page of awards granted by issued (or since revoked) decisions: by unit, year, form,
/// official (an award history) or name.
pub async fn awards(
    db: &DatabaseConnection,
    scope: &Scope,
    q: &AwardListQuery,
    page: &PageRequest,
) -> Result<Page<AwardOut>, ApiError> {
    let granted: Vec<Uuid> = decisions::Entity::find()
        .filter(decisions::Column::Status.is_in(["issued", "revoked"]))
        .select_only()
        .column(decisions::Column::Id)
        .into_tuple()
        .all(db)
        .await?;
    let mut select = crate::domain::scoped::scoped::<award_recipients::Entity>(scope)
        .filter(award_recipients::Column::DecisionId.is_in(granted));
    if let Some(u) = q.unit_id {
        select = select.filter(award_recipients::Column::UnitId.eq(u));
    }
    if let Some(y) = q.year {
        select = select.filter(award_recipients::Column::Year.eq(y));
    }
    if let Some(f) = q.form {
        select = select.filter(award_recipients::Column::Form.eq(enum_str(&f)));
    }
    if let Some(o) = q.official_id {
        select = select.filter(award_recipients::Column::PersonKey.eq(format!("official:{o}")));
    }
    if let Some(name) = q.q.as_deref().filter(|q| !q.trim().is_empty()) {
        text::check_query(name)?;
        select = select.filter(
            award_recipients::Column::NameKey
                .like(LikeExpr::new(text::contains_pattern(name)).escape('\\')),
        );
    }
    if let Some(after) = page.after {
        select = select.filter(award_recipients::Column::Id.gt(after));
    }
    let rows = select
        .order_by_asc(award_recipients::Column::Id)
        .limit(page.fetch())
        .all(db)
        .await?;
    let page = page.finish(rows, |r| r.id);
    let mut data = Vec::new();
    for line in page.data {
        let (Some(d), Some(p)) = (
            decisions::Entity::find_by_id(line.decision_id)
                .one(db)
                .await?,
            award_proposals::Entity::find_by_id(line.proposal_id)
                .one(db)
                .await?,
        ) else {
            continue;
        };
        data.push(AwardOut {
            id: line.id,
            decision_id: d.id,
            number_symbol: d.number_symbol.clone().unwrap_or_default(),
            decision_date: d.decision_date.unwrap_or_default(),
            issuer_unit_id: d.unit_id,
            unit_id: line.unit_id,
            year: line.year,
            form: parse_enum(&line.form)?,
            recipient: recipient_of(&p)?,
            achievement: p.achievement,
            money: line.money,
            revoked: d.status == "revoked",
        });
    }
    Ok(Page {
        data,
        next_cursor: page.next_cursor,
        has_more: page.has_more,
    })
}
