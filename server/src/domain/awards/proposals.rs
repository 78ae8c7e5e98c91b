//! Award proposals: who proposes whom for what, and the council's review.
//!
//! draft -> `submit` -> submitted -> `review` -> recommended | not_recommended; `withdraw`
//! from draft, submitted or recommended (not once in a decision); an issued decision marks
//! its proposals awarded.

use cchc_sdk::types::awards::{
    AwardForm, ProposalIn, ProposalListQuery, ProposalOut, ProposalStatus, RecipientIn,
    RecipientKind, RecipientOut, ReviewIn, ReviewOut,
};
use cchc_sdk::types::common::Page;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseConnection,
    EntityTrait, QueryFilter, QueryOrder, QuerySelect,
};
use serde_json::json;
use uuid::Uuid;

use crate::auth::{Ctx, Scope};
use crate::domain::index::{enum_str, journal, parse_enum};
use crate::domain::versioned::save_versioned;
use crate::domain::write::Write;
use crate::domain::{text, units};
use crate::entity::{
    award_proposals as proposals, award_recipients, departments, index_assessments, officials,
    plans, tasks,
};
use crate::error::{ApiError, ErrorKind, FieldIssue, Text};
use crate::domain::precondition::IfMatch;
use crate::domain::page::PageRequest;

/// A lifecycle action of a proposal.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    /// draft -> submitted.
    Submit,
    /// submitted -> recommended / not recommended.
    Review,
    /// draft / submitted / recommended -> withdrawn.
    Withdraw,
}

impl Action {
    fn name(self) -> &'static str {
        match self {
            Action::Submit => "submit",
            Action::Review => "review",
            Action::Withdraw => "withdraw",
        }
    }
}

fn allowed(status: ProposalStatus, in_decision: bool) -> Vec<Action> {
    use ProposalStatus::*;
    match status {
        Draft => vec![Action::Submit, Action::Withdraw],
        Submitted => vec![Action::Review, Action::Withdraw],
        Recommended if !in_decision => vec![Action::Withdraw],
        _ => vec![],
    }
}

/// The API's view of a proposal.
pub fn to_out(m: proposals::Model) -> Result<ProposalOut, ApiError> {
    Ok(ProposalOut {
        id: m.id,
        unit_id: m.unit_id,
        proposer_department_id: m.proposer_department_id,
        year: m.year,
        form: parse_enum(&m.form)?,
        recipient: recipient_of(&m)?,
        achievement: m.achievement.clone(),
        plan_id: m.plan_id,
        task_id: m.task_id,
        assessment_id: m.assessment_id,
        status: parse_enum(&m.status)?,
        review: m
            .review
            .as_deref()
            .map(serde_json::from_str::<ReviewOut>)
            .transpose()
            .map_err(ApiError::internal)?,
        decision_id: m.decision_id,
        created_at: m.created_at,
        updated_at: m.updated_at,
        version: m.version,
    })
}

/// The recipient of a proposal, as printed.
pub fn recipient_of(m: &proposals::Model) -> Result<RecipientOut, ApiError> {
    Ok(RecipientOut {
        kind: parse_enum(&m.recipient_kind)?,
        official_id: m.official_id,
        department_id: m.department_id,
        unit_id: m.recipient_unit_id,
        name: m.recipient_name.clone(),
        position: m.recipient_position.clone(),
    })
}

/// A proposal the caller can see, or 404.
pub async fn get(
    db: &impl ConnectionTrait,
    scope: &Scope,
    id: Uuid,
) -> Result<proposals::Model, ApiError> {
    crate::domain::scoped::find::<proposals::Entity>(db, scope, id).await
}

/// One page of the proposals the caller can see.
pub async fn list(
    db: &DatabaseConnection,
    scope: &Scope,
    q: &ProposalListQuery,
    page: &PageRequest,
) -> Result<Page<proposals::Model>, ApiError> {
    let mut select = crate::domain::scoped::scoped::<proposals::Entity>(scope);
    if let Some(u) = q.unit_id {
        select = select.filter(proposals::Column::UnitId.eq(u));
    }
    if let Some(y) = q.year {
        select = select.filter(proposals::Column::Year.eq(y));
    }
    if let Some(f) = q.form {
        select = select.filter(proposals::Column::Form.eq(enum_str(&f)));
    }
    if let Some(s) = q.status {
        select = select.filter(proposals::Column::Status.eq(enum_str(&s)));
    }
    if let Some(after) = page.after {
        select = select.filter(proposals::Column::Id.gt(after));
    }
    let rows = select
        .order_by_asc(proposals::Column::Id)
        .limit(page.fetch())
        .all(db)
        .await?;
    Ok(page.finish(rows, |p| p.id))
}

/// The resolved recipient: printed name and position, and the key of the person.
struct Resolved {
    out: RecipientOut,
    person_key: String,
}

async fn resolve(
    db: &impl ConnectionTrait,
    ctx: &Ctx,
    unit_id: Uuid,
    r: &RecipientIn,
    issues: &mut Vec<FieldIssue>,
) -> Result<Option<Resolved>, ApiError> {
    let unknown = |field: &str| FieldIssue::unknown_reference(format!("recipient.{field}"));
    let resolved = match r.kind {
        RecipientKind::Official => {
            let o = match r.official_id {
                Some(id) => officials::Entity::find_by_id(id).one(db).await?,
                None => None,
            };
            let Some(o) = o.filter(|o| o.unit_id == unit_id) else {
                issues.push(unknown("official_id"));
                return Ok(None);
            };
            let dept = match o.department_id {
                Some(d) => departments::Entity::find_by_id(d).one(db).await?,
                None => None,
            };
            // "Công chức Văn phòng - Thống kê" already names its department.
            let position = match dept {
                Some(d) if !text::fold(&o.position).contains(&text::fold(&d.name)) => {
                    format!("{}, {}", o.position, d.name)
                }
                _ => o.position.clone(),
            };
            Resolved {
                out: RecipientOut {
                    kind: r.kind,
                    official_id: Some(o.id),
                    department_id: o.department_id,
                    unit_id: Some(unit_id),
                    name: o.full_name.clone(),
                    position: Some(position),
                },
                person_key: format!("official:{}", o.id),
            }
        }
        RecipientKind::Department => {
            let d = match r.department_id {
                Some(id) => departments::Entity::find_by_id(id).one(db).await?,
                None => None,
            };
            let Some(d) = d.filter(|d| d.unit_id == unit_id) else {
                issues.push(unknown("department_id"));
                return Ok(None);
            };
            let unit = units::find_visible(db, &ctx.scope, unit_id).await?;
            Resolved {
                out: RecipientOut {
                    kind: r.kind,
                    official_id: None,
                    department_id: Some(d.id),
                    unit_id: Some(unit_id),
                    name: d.name.clone(),
                    position: unit.map(|u| u.name),
                },
                person_key: format!("department:{}", d.id),
            }
        }
        RecipientKind::Unit => {
            let u = match r.unit_id {
                Some(id) => units::find_visible(db, &ctx.scope, id).await?,
                None => None,
            };
            let Some(u) = u else {
                issues.push(unknown("unit_id"));
                return Ok(None);
            };
            Resolved {
                out: RecipientOut {
                    kind: r.kind,
                    official_id: None,
                    department_id: None,
                    unit_id: Some(u.id),
                    name: u.name.clone(),
                    position: None,
                },
                person_key: format!("unit:{}", u.id),
            }
        }
        RecipientKind::Person | RecipientKind::Household => {
            let name = r.name.as_deref().map(text::normalize).unwrap_or_default();
            if name.is_empty() {
                issues.push(FieldIssue::required("recipient.name"));
                return Ok(None);
            }
            if name.chars().count() > 200 {
                issues.push(FieldIssue::too_long("recipient.name", 200));
            }
            let description = r
                .description
                .as_deref()
                .map(text::normalize)
                .filter(|d| !d.is_empty());
            if description
                .as_ref()
                .is_some_and(|d| d.chars().count() > 300)
            {
                issues.push(FieldIssue::too_long("recipient.description", 300));
            }
            let kind = enum_str(&r.kind);
            Resolved {
                person_key: format!("{kind}:{unit_id}:{}", text::fold(&name)),
                out: RecipientOut {
                    kind: r.kind,
                    official_id: None,
                    department_id: None,
                    unit_id: Some(unit_id),
                    name,
                    position: description,
                },
            }
        }
        // Never from a request: the body validator admits only the kinds the spec lists.
        _ => {
            issues.push(FieldIssue::new(
                "recipient.kind",
                "invalid_value",
                crate::error::Text::new("Loại người nhận không hợp lệ.", "Unknown recipient kind."),
            ));
            return Ok(None);
        }
    };
    Ok(Some(resolved))
}

/// Whether `person_key` already holds `form` for `year` by an issued, unrevoked decision.
pub async fn holds(
    db: &impl ConnectionTrait,
    person_key: &str,
    form: AwardForm,
    year: i32,
) -> Result<bool, ApiError> {
    let lines = award_recipients::Entity::find()
        .filter(award_recipients::Column::PersonKey.eq(person_key))
        .filter(award_recipients::Column::Year.eq(year))
        .filter(award_recipients::Column::Form.eq(enum_str(&form)))
        .all(db)
        .await?;
    for line in lines {
        let issued = crate::entity::award_decisions::Entity::find_by_id(line.decision_id)
            .one(db)
            .await?
            .is_some_and(|d| d.status == "issued");
        if issued {
            return Ok(true);
        }
    }
    Ok(false)
}

/// 409 for a title the person already holds this year.
pub fn already_awarded(name: &str, form: AwardForm, year: i32) -> ApiError {
    ApiError::new(ErrorKind::AlreadyExists)
        .with_detail(
            format!(
                "{name} đã được công nhận danh hiệu \"{}\" năm {year}.",
                form.name_vi()
            ),
            format!(
                "{name} already holds the title \"{}\" for {year}.",
                form.name_vi()
            ),
        )
        .with_errors(vec![FieldIssue::new(
            "recipient",
            "already_awarded",
            Text::new(
                "Mỗi danh hiệu chỉ được công nhận một lần trong năm.",
                "A title is granted at most once a year.",
            ),
        )])
}

/// Creates a draft proposal.
pub async fn create(
    db: &DatabaseConnection,
    ctx: &Ctx,
    input: ProposalIn,
) -> Result<proposals::Model, ApiError> {
    let w = Write::begin(db, ctx).await?;
    match units::find_visible(w.db(), &ctx.scope, input.unit_id).await? {
        Some(u) if u.archived_at.is_none() => {}
        _ => {
            return Err(ApiError::validation(vec![FieldIssue::unknown_reference(
                "unit_id",
            )]));
        }
    }
    let mut issues = Vec::new();
    if !(2000..=2100).contains(&input.year) {
        issues.push(FieldIssue::new(
            "year",
            "out_of_range",
            Text::new("Từ 2000 đến 2100.", "Between 2000 and 2100."),
        ));
    }
    if !input.form.classes().contains(&input.recipient.kind.class()) {
        issues.push(FieldIssue::new(
            "form",
            "not_for_recipient",
            Text::new(
                "Hình thức hoặc danh hiệu này không dành cho đối tượng được đề nghị.",
                "This form or title does not go to this kind of recipient.",
            ),
        ));
    }
    let achievement = text::normalize(&input.achievement);
    if achievement.is_empty() {
        issues.push(FieldIssue::required("achievement"));
    } else if achievement.chars().count() > 4000 {
        issues.push(FieldIssue::too_long("achievement", 4000));
    }
    if let Some(d) = input.proposer_department_id
        && departments::Entity::find_by_id(d)
            .one(w.db())
            .await?
            .is_none_or(|d| d.unit_id != input.unit_id)
    {
        issues.push(FieldIssue::unknown_reference("proposer_department_id"));
    }
    if let Some(p) = input.plan_id
        && crate::domain::scoped::scoped::<plans::Entity>(&ctx.scope)
            .filter(plans::Column::Id.eq(p))
            .one(w.db())
            .await?
            .is_none()
    {
        issues.push(FieldIssue::unknown_reference("plan_id"));
    }
    if let Some(t) = input.task_id
        && crate::domain::scoped::scoped::<tasks::Entity>(&ctx.scope)
            .filter(tasks::Column::Id.eq(t))
            .one(w.db())
            .await?
            .is_none()
    {
        issues.push(FieldIssue::unknown_reference("task_id"));
    }
    if let Some(a) = input.assessment_id
        && crate::domain::scoped::scoped::<index_assessments::Entity>(&ctx.scope)
            .filter(index_assessments::Column::Id.eq(a))
            .one(w.db())
            .await?
            .is_none()
    {
        issues.push(FieldIssue::unknown_reference("assessment_id"));
    }
    let resolved = resolve(w.db(), ctx, input.unit_id, &input.recipient, &mut issues).await?;
    let Some(resolved) = resolved.filter(|_| issues.is_empty()) else {
        return Err(ApiError::validation(issues));
    };
    if input.form.is_title() && holds(w.db(), &resolved.person_key, input.form, input.year).await? {
        return Err(already_awarded(&resolved.out.name, input.form, input.year));
    }
    let now = w.now();
    let row = proposals::ActiveModel {
        id: Set(Uuid::now_v7()),
        unit_id: Set(input.unit_id),
        proposer_department_id: Set(input.proposer_department_id),
        year: Set(input.year),
        form: Set(enum_str(&input.form)),
        recipient_kind: Set(enum_str(&input.recipient.kind)),
        official_id: Set(resolved.out.official_id),
        department_id: Set(resolved.out.department_id),
        recipient_unit_id: Set(resolved.out.unit_id),
        recipient_name: Set(resolved.out.name.clone()),
        recipient_position: Set(resolved.out.position.clone()),
        person_key: Set(resolved.person_key),
        achievement: Set(achievement),
        plan_id: Set(input.plan_id),
        task_id: Set(input.task_id),
        assessment_id: Set(input.assessment_id),
        status: Set(enum_str(&ProposalStatus::Draft)),
        review: Set(None),
        decision_id: Set(None),
        created_at: Set(now),
        updated_at: Set(now),
        version: Set(1),
    }
    .insert(w.db())
    .await?;
    let changes = json!({"form": {"before": null, "after": row.form}, "recipient": {"before": null, "after": row.recipient_name}});
    let journaled = journal(&w, "award_proposal", row.id, row.unit_id, "create", changes).await?;
    w.commit(journaled).await?;
    Ok(row)
}

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
    let allowed = allowed(status, current.decision_id.is_some());
    if !allowed.contains(&action) {
        return Err(ApiError::new(ErrorKind::InvalidTransition)
            .with_detail(
                format!(
                    "Không thể '{}' đề nghị đang ở trạng thái '{}'.",
                    action.name(),
                    current.status
                ),
                format!(
                    "Cannot '{}' a proposal that is '{}'.",
                    action.name(),
                    current.status
                ),
            )
            .with_allowed_actions(allowed.iter().map(|a| a.name().to_owned()).collect()));
    }
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
