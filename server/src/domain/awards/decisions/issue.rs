//! Issuing a draft decision: the rules checked again (authority, one title per person and
//! year, the quota), the number taken and the money fixed.

use std::collections::HashMap;

use cchc_sdk::types::awards::{AwardForm, DecisionStatus, ProposalStatus};
use chrono::{Datelike, NaiveDate};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseConnection,
    EntityTrait, QueryFilter, QuerySelect,
};
use serde_json::json;
use uuid::Uuid;

use super::document::content_of;
use super::queries::lines_of;
use super::{TYPE_CODE, beyond_authority, get, transition_error};
use crate::auth::Ctx;
use crate::domain::awards::proposals::{already_awarded, holds};
use crate::domain::awards::rules;
use crate::domain::codec::{enum_str, parse_enum};
use crate::domain::index::journal;
use crate::domain::numbering;
use crate::domain::precondition::IfMatch;
use crate::domain::versioned::save_versioned;
use crate::domain::write::Write;
use crate::entity::{award_decisions as decisions, award_proposals, award_recipients};
use crate::error::{ApiError, FieldIssue, Text};

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
    let status: DecisionStatus = parse_enum(&current.status)?;
    if status != DecisionStatus::Draft {
        return Err(transition_error(
            &current.status,
            "issue",
            if status == DecisionStatus::Issued {
                &["revoke"]
            } else {
                &[]
            },
        ));
    }
    if_match.check(current.version)?;
    let date = date.unwrap_or_else(|| w.today());
    let latest: Option<Option<NaiveDate>> = decisions::Entity::find()
        .select_only()
        .column_as(decisions::Column::DecisionDate.max(), "latest")
        .filter(decisions::Column::UnitId.eq(current.unit_id))
        .filter(decisions::Column::NumberYear.eq(date.year()))
        .into_tuple()
        .one(w.db())
        .await?;
    numbering::check_issue_date("date", date, w.today(), latest.flatten())?;
    let form: AwardForm = parse_enum(&current.form)?;
    let rules = rules::current(w.db()).await?.rules;
    let law = rules::in_force(&rules, date, "date").map_err(ApiError::validation)?;
    let issuer = crate::entity::units::Entity::find_by_id(current.unit_id)
        .one(w.db())
        .await?
        .ok_or_else(ApiError::not_found)?;
    if !law.may_grant(parse_enum(&issuer.level)?, form) {
        return Err(beyond_authority(form, &issuer.level, &law));
    }
    let base = law.base_salary.amount;
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
        check_quota(w.db(), &law, &lines, &mut issues).await?;
    }
    if !issues.is_empty() {
        return Err(ApiError::validation(issues));
    }
    let mut paid = Vec::with_capacity(lines.len());
    for (i, (_, p)) in lines.iter().enumerate() {
        let kind: cchc_sdk::types::awards::RecipientKind = parse_enum(&p.recipient_kind)?;
        match law.money(form, kind.class()) {
            Some(money) => paid.push(money),
            None => issues.push(no_money_rule(i, form, &law)),
        }
    }
    if !issues.is_empty() {
        return Err(ApiError::validation(issues));
    }
    let mut total = 0;
    for ((line, p), money) in lines.iter().zip(paid) {
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

/// 422 for recipient line `i`: the law of the decision's date sets no money for `form` to
/// this class of recipient (a table that left it out, never 0 đ by accident).
fn no_money_rule(i: usize, form: AwardForm, law: &rules::InForce<'_>) -> FieldIssue {
    let on = law.on.format("%d/%m/%Y");
    let basis = &law.multiples.legal_basis;
    FieldIssue::new(
        format!("recipients[{i}]"),
        "no_rule_in_force",
        Text::new(
            format!(
                "Không có mức tiền thưởng \"{}\" cho đối tượng này tại ngày {on} ({basis}).",
                form.name_vi()
            ),
            format!(
                "No money rule for \"{}\" to this recipient is in force on {on} ({basis}).",
                form.name_vi()
            ),
        ),
    )
}

/// The quota: per recipients' unit, the "Chiến sĩ thi đua cơ sở" titles already issued
/// for the year plus these may not exceed the percentage of its "Lao động tiên tiến".
async fn check_quota(
    db: &impl ConnectionTrait,
    law: &rules::InForce<'_>,
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
        let allowed = law.quota(ldtt);
        if held + new > allowed {
            issues.push(FieldIssue::new(
                "recipients",
                "quota_exceeded",
                Text::new(
                    format!(
                        "Vượt tỷ lệ: đơn vị có {ldtt} \"Lao động tiên tiến\" năm {year} nên được tối đa {allowed} \"Chiến sĩ thi đua cơ sở\" ({}%); đã có {held}, quyết định này thêm {new}.",
                        law.quota.chien_si_thi_dua_co_so_percent
                    ),
                    format!(
                        "Quota exceeded: with {ldtt} \"Lao động tiên tiến\" in {year} the unit may have at most {allowed} \"Chiến sĩ thi đua cơ sở\" ({}%); it has {held}, this decision adds {new}.",
                        law.quota.chien_si_thi_dua_co_so_percent
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
        .filter(decisions::Column::Status.eq(enum_str(&DecisionStatus::Issued)))
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
