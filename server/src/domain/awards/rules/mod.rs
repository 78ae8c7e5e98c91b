//! The award rules as data, every rule dated (Luật Thi đua, khen thưởng 2022 and the
//! decrees that detail it; the base salary decrees). The shipped law (`law.rs`, from
//! `server/law/award-rules.json`) covers 2017 to today with the legal basis of each period;
//! a system admin extends it when the law changes. A decision is judged and paid by the
//! periods in force on its date ([`in_force`]); a period an issued decision used cannot
//! change afterwards — a new law is a new period.

mod check;
mod in_force;
mod law;

use cchc_sdk::types::awards::{AwardRules, AwardRulesOut};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseConnection,
    EntityTrait, QueryFilter, QuerySelect,
};

pub use in_force::{InForce, ever_grants, in_force};
pub use law::defaults;

use crate::auth::Ctx;
use crate::domain::audit::{self, Event};
use crate::domain::precondition::IfMatch;
use crate::domain::write::Write;
use crate::entity::{award_decisions, award_rules};
use crate::error::{ApiError, ErrorKind};

/// The rules in force, with their version (0: the shipped law, never changed).
pub async fn current(db: &impl ConnectionTrait) -> Result<AwardRulesOut, ApiError> {
    match award_rules::Entity::find_by_id(1).one(db).await? {
        Some(row) => Ok(AwardRulesOut {
            rules: serde_json::from_str(&row.rules).map_err(ApiError::internal)?,
            updated_at: Some(row.updated_at),
            version: row.version,
        }),
        None => Ok(AwardRulesOut {
            rules: defaults(),
            updated_at: None,
            version: 0,
        }),
    }
}

/// 409 `in_use` when `new` would judge or pay an issued (or revoked) decision otherwise
/// than `old` did on its date: the periods such a decision used are settled.
async fn check_settled(
    db: &impl ConnectionTrait,
    old: &AwardRules,
    new: &AwardRules,
) -> Result<(), ApiError> {
    let dates: Vec<(uuid::Uuid, Option<chrono::NaiveDate>)> = award_decisions::Entity::find()
        .select_only()
        .column(award_decisions::Column::Id)
        .column(award_decisions::Column::DecisionDate)
        .filter(award_decisions::Column::DecisionDate.is_not_null())
        .into_tuple()
        .all(db)
        .await?;
    let mut changed: Vec<(uuid::Uuid, chrono::NaiveDate)> = Vec::new();
    let mut seen = std::collections::HashMap::new();
    for (id, date) in dates {
        let Some(date) = date else { continue };
        let differs = *seen.entry(date).or_insert_with(|| {
            in_force(old, date, "date").ok() != in_force(new, date, "date").ok()
        });
        if differs {
            changed.push((id, date));
        }
    }
    if changed.is_empty() {
        return Ok(());
    }
    changed.sort_by_key(|(_, d)| *d);
    let first = changed[0].1.format("%d/%m/%Y");
    Err(ApiError::new(ErrorKind::InUse)
        .with_detail(
            format!(
                "Quy định đã được áp dụng cho {} quyết định khen thưởng đã ban hành (sớm nhất ngày {first}); không sửa giai đoạn đã áp dụng, hãy thêm giai đoạn mới.",
                changed.len()
            ),
            format!(
                "{} issued award decisions were judged and paid by these periods (the earliest dated {first}); add a new period instead of changing one in use.",
                changed.len()
            ),
        )
        .with_referenced_by(
            changed
                .iter()
                .take(20)
                .map(|(id, _)| format!("award_decision:{id}"))
                .collect(),
        ))
}

/// Replaces the rules (a system admin, when the law changes): 422 for an invalid table,
/// 412 for a stale `If-Match`, 409 `in_use` when a period an issued decision used would
/// change.
pub async fn replace(
    db: &DatabaseConnection,
    ctx: &Ctx,
    if_match: &IfMatch,
    rules: AwardRules,
) -> Result<AwardRulesOut, ApiError> {
    let issues = check::check(&rules);
    if !issues.is_empty() {
        return Err(ApiError::validation(issues));
    }
    let w = Write::begin(db, ctx).await?;
    let current = current(w.db()).await?;
    if_match.check(current.version)?;
    check_settled(w.db(), &current.rules, &rules).await?;
    let json = serde_json::to_string(&rules).map_err(ApiError::internal)?;
    let now = w.now();
    match award_rules::Entity::find_by_id(1).one(w.db()).await? {
        Some(row) => {
            let mut active: award_rules::ActiveModel = row.into();
            active.rules = Set(json);
            active.updated_at = Set(now);
            active.version = Set(current.version + 1);
            active.update(w.db()).await?;
        }
        None => {
            award_rules::ActiveModel {
                id: Set(1),
                rules: Set(json),
                updated_at: Set(now),
                version: Set(1),
            }
            .insert(w.db())
            .await?;
        }
    }
    let out = self::current(w.db()).await?;
    let event = Event {
        resource_type: "award_rules",
        resource_id: None,
        unit_id: None,
        action: "replace",
        changes: audit::diff(Some(&current.rules), Some(&out.rules)),
    };
    let journaled = w.journal(event).await?;
    w.commit(journaled).await?;
    Ok(out)
}
