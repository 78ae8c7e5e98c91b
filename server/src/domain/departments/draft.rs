//! The checked fields of a department: validation, the unit check, and a new row.

use cchc_sdk::types::departments::DepartmentKind;
use chrono::Utc;
use sea_orm::{ActiveValue::Set, ConnectionTrait, EntityTrait};
use uuid::Uuid;

use crate::auth::Ctx;
use crate::domain::codec::enum_str;
use crate::domain::{text, units};
use crate::entity::{departments, officials};
use crate::error::{ApiError, FieldIssue, Text};

/// The checked fields of a department.
#[derive(Debug, Clone)]
pub(super) struct Draft {
    pub(super) unit_id: Uuid,
    pub(super) name: String,
    pub(super) short_code: Option<String>,
    pub(super) kind: DepartmentKind,
    pub(super) description: Option<String>,
    pub(super) head_official_id: Option<Uuid>,
    pub(super) display_order: i32,
}

pub(super) fn clean(value: Option<String>) -> Option<String> {
    value.map(|v| text::normalize(&v)).filter(|v| !v.is_empty())
}

impl Draft {
    pub(super) async fn check(&self, db: &impl ConnectionTrait) -> Result<(), ApiError> {
        let mut issues = Vec::new();
        if self.name.is_empty() {
            issues.push(FieldIssue::required("name"));
        } else if self.name.chars().count() > 200 {
            issues.push(FieldIssue::too_long("name", 200));
        }
        if self
            .short_code
            .as_ref()
            .is_some_and(|c| c.chars().count() > 32)
        {
            issues.push(FieldIssue::too_long("short_code", 32));
        }
        if self
            .description
            .as_ref()
            .is_some_and(|c| c.chars().count() > 2000)
        {
            issues.push(FieldIssue::too_long("description", 2000));
        }
        if !(0..=10_000).contains(&self.display_order) {
            issues.push(FieldIssue::new(
                "display_order",
                "out_of_range",
                Text::new("Từ 0 đến 10000.", "Between 0 and 10000."),
            ));
        }
        if let Some(head) = self.head_official_id {
            let found = officials::Entity::find_by_id(head).one(db).await?;
            if found.is_none_or(|o| o.unit_id != self.unit_id) {
                issues.push(FieldIssue::new(
                    "head_official_id",
                    "unknown_reference",
                    Text::new(
                        "Phải là cán bộ của cùng đơn vị.",
                        "Must be an official of the same unit.",
                    ),
                ));
            }
        }
        if issues.is_empty() {
            Ok(())
        } else {
            Err(ApiError::validation(issues))
        }
    }
}

pub(super) async fn check_unit(
    db: &impl ConnectionTrait,
    ctx: &Ctx,
    unit_id: Uuid,
) -> Result<(), ApiError> {
    match units::find_visible(db, &ctx.scope, unit_id).await? {
        Some(u) if u.archived_at.is_none() => Ok(()),
        _ => Err(ApiError::validation(vec![FieldIssue::unknown_reference(
            "unit_id",
        )])),
    }
}

pub(super) fn draft_row(d: &Draft, now: chrono::DateTime<Utc>) -> departments::ActiveModel {
    departments::ActiveModel {
        id: Set(Uuid::now_v7()),
        unit_id: Set(d.unit_id),
        name: Set(d.name.clone()),
        name_key: Set(text::fold(&d.name)),
        short_code: Set(d.short_code.clone()),
        kind: Set(enum_str(&d.kind)),
        description: Set(d.description.clone()),
        head_official_id: Set(d.head_official_id),
        display_order: Set(d.display_order),
        archived_at: Set(None),
        created_at: Set(now),
        updated_at: Set(now),
        version: Set(1),
    }
}
