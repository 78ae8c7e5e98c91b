//! The demo awards (`awards.json`): what the seed's conference presented (its content item
//! 3, "khen thưởng tập thể và các cá nhân có thành tích xuất sắc trong công tác tham mưu thực
//! hiện công tác Cải cách hành chính"): Hòa Tân Tây's proposals for 2023, the emulation
//! council's review, and the chairman's decision granting Giấy khen to the office and
//! three people; and xã Tây Hòa's Giấy khen of 20/11/2026 (`awards-2026.json`) to a
//! department and two officials, paid by NĐ 152/2025's multiples. Who is awarded and the
//! minutes' numbers are invented for the demo.

use cchc_sdk::types::awards::{AwardForm, DecisionIn, ProposalIn, RecipientIn, ReviewIn};
use chrono::NaiveDate;
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::loader::{self, World};
use crate::auth::Ctx;
use crate::domain::awards::{decisions, proposals};
use crate::domain::precondition::IfMatch;
use crate::entity::index_assessments;
use crate::error::ApiError;

/// `awards.json`.
#[derive(Debug, Serialize, Deserialize)]
pub struct AwardsFile {
    /// The awarding unit.
    pub unit_id: Uuid,
    /// The department proposing.
    pub proposer_department_id: Option<Uuid>,
    /// The year of the achievements; the unit's assessment of that year is linked.
    pub year: i32,
    /// The form of every proposal.
    pub form: AwardForm,
    /// Who is proposed, and for what.
    pub proposals: Vec<Proposal>,
    /// The emulation council's review of each proposal.
    pub review: ReviewIn,
    /// The decision granting them (its `proposal_ids` are the proposals above).
    pub decision: DecisionIn,
    /// The day the decision was issued.
    pub issue_date: NaiveDate,
}

/// One proposal.
#[derive(Debug, Serialize, Deserialize)]
pub struct Proposal {
    /// Who.
    pub recipient: RecipientIn,
    /// For what.
    pub achievement: String,
}

/// Loads the demo awards of the seed's conference, linked to the seed plan (`plan_id`) and
/// the unit's assessment.
pub async fn seed(
    db: &DatabaseConnection,
    world: &World<'_>,
    plan_id: Uuid,
) -> Result<(), ApiError> {
    seed_file(db, &Ctx::system(), world, &loader::AWARDS, Some(plan_id)).await
}

/// Loads the proposals, review and decision of an awards file, as `ctx`, linked to
/// `plan_id` if given and to the unit's assessment of the year if it has one.
pub async fn seed_file(
    db: &DatabaseConnection,
    ctx: &Ctx,
    world: &World<'_>,
    data: &loader::DemoFile,
    plan_id: Option<Uuid>,
) -> Result<(), ApiError> {
    let file: AwardsFile = world.load(data).await?;
    let assessment = index_assessments::Entity::find()
        .filter(index_assessments::Column::UnitId.eq(file.unit_id))
        .filter(index_assessments::Column::Year.eq(file.year))
        .one(db)
        .await?
        .map(|a| a.id);
    let mut ids = Vec::new();
    for proposal in file.proposals {
        let input = ProposalIn {
            unit_id: file.unit_id,
            proposer_department_id: file.proposer_department_id,
            year: file.year,
            form: file.form,
            recipient: proposal.recipient,
            achievement: proposal.achievement,
            plan_id,
            task_id: None,
            assessment_id: assessment,
        };
        let p = proposals::create(db, ctx, input).await?;
        let submit = proposals::Action::Submit;
        let p = proposals::act(db, ctx, p.id, &IfMatch::Any, submit, None).await?;
        let review = Some(file.review.clone());
        let p = proposals::act(
            db,
            ctx,
            p.id,
            &IfMatch::Any,
            proposals::Action::Review,
            review,
        )
        .await?;
        ids.push(p.id);
    }
    let decision = DecisionIn {
        proposal_ids: ids,
        ..file.decision
    };
    let d = decisions::create(db, ctx, decision).await?;
    decisions::issue(db, ctx, d.id, &IfMatch::Any, Some(file.issue_date)).await?;
    Ok(())
}
