//! Reading decisions: one by id, its wire form with its lines, a page of decisions, and
//! the awards they granted.

use cchc_sdk::types::awards::DecisionStatus;
use std::collections::HashMap;

use cchc_sdk::types::awards::{
    AwardListQuery, AwardOut, DecisionListQuery, DecisionOut, DecisionRecipientOut,
};
use cchc_sdk::types::common::Page;
use sea_orm::sea_query::LikeExpr;
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect,
};
use uuid::Uuid;

use super::TYPE_CODE;
use super::document::content_of;
use crate::auth::Scope;
use crate::domain::awards::proposals::recipient_of;
use crate::domain::codec::{enum_str, parse_enum};
use crate::domain::page::PageRequest;
use crate::domain::{numbering, text};
use crate::entity::{award_decisions as decisions, award_proposals, award_recipients};
use crate::error::ApiError;

/// A decision the caller can see, or 404.
pub async fn get(
    db: &impl ConnectionTrait,
    scope: &Scope,
    id: Uuid,
) -> Result<decisions::Model, ApiError> {
    crate::domain::scoped::find::<decisions::Entity>(db, scope, id).await
}

pub(super) async fn lines_of(
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
    page.load(db, select, decisions::Column::Id, |r| r.id).await
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
        .filter(decisions::Column::Status.is_in([
            enum_str(&DecisionStatus::Issued),
            enum_str(&DecisionStatus::Revoked),
        ]))
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
            revoked: parse_enum::<DecisionStatus>(&d.status)? == DecisionStatus::Revoked,
        });
    }
    Ok(Page {
        data,
        next_cursor: page.next_cursor,
        has_more: page.has_more,
    })
}
