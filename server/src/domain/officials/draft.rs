//! The checked fields of an official: validation and how they are written to a row.

use cchc_sdk::types::officials::{OfficialIn, OfficialStatus};
use sea_orm::{ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};
use uuid::Uuid;

use crate::auth::Ctx;
use crate::domain::codec::enum_str;
use crate::domain::{text, users as user_rules};
use crate::entity::{departments, officials};
use crate::error::{ApiError, FieldIssue, Text};

#[derive(Debug, Clone)]
pub(super) struct Draft {
    pub(super) unit_id: Uuid,
    pub(super) full_name: String,
    pub(super) position: String,
    pub(super) department_id: Option<Uuid>,
    pub(super) email: Option<String>,
    pub(super) phone: Option<String>,
    pub(super) status: OfficialStatus,
    pub(super) user_id: Option<Uuid>,
}

pub(super) fn clean(value: Option<String>) -> Option<String> {
    value.map(|v| v.trim().to_owned()).filter(|v| !v.is_empty())
}

impl Draft {
    pub(super) async fn check(
        &self,
        db: &impl ConnectionTrait,
        ctx: &Ctx,
        id: Option<Uuid>,
    ) -> Result<(), ApiError> {
        let mut issues = Vec::new();
        for (field, value) in [("full_name", &self.full_name), ("position", &self.position)] {
            if value.is_empty() {
                issues.push(FieldIssue::required(field));
            } else if value.chars().count() > 200 {
                issues.push(FieldIssue::too_long(field, 200));
            }
        }
        if let Some(email) = &self.email {
            let (local, domain) = email.split_once('@').unwrap_or(("", ""));
            if email.len() > 254
                || local.is_empty()
                || !domain.contains('.')
                || email.contains(char::is_whitespace)
            {
                issues.push(FieldIssue::new(
                    "email",
                    "invalid_format",
                    Text::new("Địa chỉ thư không hợp lệ.", "Not an e-mail address."),
                ));
            }
        }
        if let Some(phone) = &self.phone {
            let digits = phone.chars().filter(char::is_ascii_digit).count();
            let allowed = phone
                .chars()
                .all(|c| c.is_ascii_digit() || matches!(c, '+' | ' ' | '.' | '-' | '(' | ')'));
            if !allowed || !(8..=15).contains(&digits) || phone.len() > 20 {
                issues.push(FieldIssue::new(
                    "phone",
                    "invalid_format",
                    Text::new("Số điện thoại không hợp lệ.", "Not a phone number."),
                ));
            }
        }
        if let Some(dept) = self.department_id {
            let found = departments::Entity::find_by_id(dept).one(db).await?;
            if found.is_none_or(|d| d.unit_id != self.unit_id) {
                issues.push(FieldIssue::new(
                    "department_id",
                    "unknown_reference",
                    Text::new(
                        "Phải là bộ phận của cùng đơn vị.",
                        "Must be a department of the same unit.",
                    ),
                ));
            }
        }
        if let Some(user_id) = self.user_id {
            if user_rules::get(db, &ctx.scope, user_id).await.is_err() {
                issues.push(FieldIssue::unknown_reference("user_id"));
            } else {
                let taken = officials::Entity::find()
                    .filter(officials::Column::UserId.eq(user_id))
                    .one(db)
                    .await?
                    .is_some_and(|o| Some(o.id) != id);
                if taken {
                    issues.push(FieldIssue::new(
                        "user_id",
                        "already_exists",
                        Text::new(
                            "Tài khoản này đã gắn với cán bộ khác.",
                            "This account is linked to another official.",
                        ),
                    ));
                }
            }
        }
        if issues.is_empty() {
            Ok(())
        } else {
            Err(ApiError::validation(issues))
        }
    }

    pub(super) fn apply(&self, active: &mut officials::ActiveModel) {
        active.unit_id = Set(self.unit_id);
        active.full_name = Set(self.full_name.clone());
        active.search_key = Set(text::fold(&format!("{} {}", self.full_name, self.position)));
        active.position = Set(self.position.clone());
        active.department_id = Set(self.department_id);
        active.email = Set(self.email.clone());
        active.phone = Set(self.phone.clone());
        active.status = Set(enum_str(&self.status));
        active.user_id = Set(self.user_id);
    }
}

pub(super) fn draft_to_in(d: &Draft) -> OfficialIn {
    OfficialIn {
        unit_id: d.unit_id,
        full_name: d.full_name.clone(),
        position: d.position.clone(),
        department_id: d.department_id,
        email: d.email.clone(),
        phone: d.phone.clone(),
        status: d.status,
        user_id: d.user_id,
    }
}
