//! Resolving the recipient of a proposal (an official, a department, a unit, a person or
//! a household) and whether the person already holds a title for the year.

use cchc_sdk::types::awards::DecisionStatus;
use cchc_sdk::types::awards::{AwardForm, RecipientIn, RecipientKind, RecipientOut};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};
use uuid::Uuid;

use crate::auth::Ctx;
use crate::domain::codec::enum_str;
use crate::domain::{text, units};
use crate::entity::{award_recipients, departments, officials};
use crate::error::{ApiError, ErrorKind, FieldIssue, Text};

/// The resolved recipient: printed name and position, and the key of the person.
pub(super) struct Resolved {
    pub(super) out: RecipientOut,
    pub(super) person_key: String,
}

pub(super) async fn resolve(
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
            .is_some_and(|d| d.status == enum_str(&DecisionStatus::Issued));
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
