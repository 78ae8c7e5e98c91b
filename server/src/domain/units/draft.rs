//! The fields of a unit as checked before any write, and the rules of the tree (which
//! level may hang under which, validity periods, successors).

use cchc_sdk::types::common::Patch;
use cchc_sdk::types::units::{UnitIn, UnitLevel, UnitPatch};
use chrono::NaiveDate;
use sea_orm::ConnectionTrait;
use uuid::Uuid;

use super::{find_visible, successors_of};
use crate::auth::Scope;
use crate::domain::codec::{enum_str, parse_enum};
use crate::domain::text;
use crate::entity::units;
use crate::error::{ApiError, FieldIssue, Text};

const MAX_SUCCESSORS: usize = 20;

/// The fields of a unit after normalisation, as checked before any write.
#[derive(Debug, Clone)]
pub(super) struct Draft {
    pub(super) code: String,
    pub(super) name: String,
    pub(super) level: UnitLevel,
    pub(super) parent_id: Option<Uuid>,
    pub(super) valid_from: Option<NaiveDate>,
    pub(super) valid_to: Option<NaiveDate>,
    pub(super) successor_ids: Vec<Uuid>,
}

impl Draft {
    pub(super) fn from_in(input: UnitIn) -> Self {
        Draft {
            code: input.code.trim().to_owned(),
            name: text::normalize(&input.name),
            level: input.level,
            parent_id: input.parent_id,
            valid_from: input.valid_from,
            valid_to: input.valid_to,
            successor_ids: input.successor_ids,
        }
    }

    pub(super) fn from_model(m: &units::Model) -> Result<Self, ApiError> {
        Ok(Draft {
            code: m.code.clone(),
            name: m.name.clone(),
            level: parse_enum(&m.level)?,
            parent_id: m.parent_id,
            valid_from: m.valid_from,
            valid_to: m.valid_to,
            successor_ids: successors_of(m),
        })
    }

    pub(super) fn apply(&mut self, patch: UnitPatch) {
        if let Some(code) = patch.code {
            self.code = code.trim().to_owned();
        }
        if let Some(name) = patch.name {
            self.name = text::normalize(&name);
        }
        apply_patch(&mut self.parent_id, patch.parent_id);
        apply_patch(&mut self.valid_from, patch.valid_from);
        apply_patch(&mut self.valid_to, patch.valid_to);
        if let Some(ids) = patch.successor_ids {
            self.successor_ids = ids;
        }
    }

    pub(super) fn search_key(&self) -> String {
        text::fold(&format!("{} {}", self.name, self.code))
    }

    /// The rules that need no database.
    fn check_fields(&self, id: Option<Uuid>) -> Vec<FieldIssue> {
        let mut issues = Vec::new();
        if self.code.is_empty() {
            issues.push(FieldIssue::required("code"));
        } else if self.code.chars().count() > 32 {
            issues.push(FieldIssue::too_long("code", 32));
        } else if !self
            .code
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-'))
        {
            issues.push(FieldIssue::new(
                "code",
                "invalid_format",
                Text::new("Chỉ gồm chữ, số và . _ -", "Only letters, digits and . _ -"),
            ));
        }
        if self.name.is_empty() {
            issues.push(FieldIssue::required("name"));
        } else if self.name.chars().count() > 200 {
            issues.push(FieldIssue::too_long("name", 200));
        }
        match (self.level, self.parent_id) {
            (UnitLevel::Province, Some(_)) => issues.push(FieldIssue::new(
                "parent_id",
                "not_allowed",
                Text::new(
                    "Tỉnh không có đơn vị cấp trên.",
                    "A province has no parent unit.",
                ),
            )),
            (UnitLevel::District | UnitLevel::Commune, None) => issues.push(FieldIssue::new(
                "parent_id",
                "required",
                Text::new(
                    "Huyện và xã phải có đơn vị cấp trên.",
                    "A district or commune needs a parent unit.",
                ),
            )),
            _ => {}
        }
        if id.is_some() && self.parent_id == id {
            issues.push(FieldIssue::new(
                "parent_id",
                "cycle",
                Text::new(
                    "Đơn vị không thể là cấp trên của chính nó.",
                    "A unit cannot be its own parent.",
                ),
            ));
        }
        if let (Some(from), Some(to)) = (self.valid_from, self.valid_to)
            && to < from
        {
            issues.push(FieldIssue::new(
                "valid_to",
                "out_of_range",
                Text::new(
                    "Ngày kết thúc phải sau ngày bắt đầu.",
                    "Must not be before valid_from.",
                ),
            ));
        }
        if self.successor_ids.len() > MAX_SUCCESSORS {
            issues.push(FieldIssue::new(
                "successor_ids",
                "too_many",
                Text::new(
                    format!("Tối đa {MAX_SUCCESSORS} đơn vị."),
                    format!("At most {MAX_SUCCESSORS} units."),
                ),
            ));
        }
        for (i, sid) in self.successor_ids.iter().enumerate() {
            if Some(*sid) == id || self.successor_ids[..i].contains(sid) {
                issues.push(FieldIssue::new(
                    format!("successor_ids[{i}]"),
                    "invalid_value",
                    Text::new(
                        "Trùng lặp hoặc là chính đơn vị này.",
                        "Duplicate, or the unit itself.",
                    ),
                ));
            }
        }
        issues
    }

    /// All rules, including those that read other units.
    pub(super) async fn check(
        &self,
        db: &impl ConnectionTrait,
        scope: &Scope,
        id: Option<Uuid>,
    ) -> Result<(), ApiError> {
        let mut issues = self.check_fields(id);
        if let Some(parent_id) = self.parent_id.filter(|p| Some(*p) != id) {
            match find_visible(db, scope, parent_id).await? {
                None => issues.push(FieldIssue::unknown_reference("parent_id")),
                Some(parent) if parent.archived_at.is_some() => issues.push(FieldIssue::new(
                    "parent_id",
                    "archived",
                    Text::new(
                        "Đơn vị cấp trên đã lưu trữ.",
                        "The parent unit is archived.",
                    ),
                )),
                Some(parent) => {
                    let parent_level = parse_enum(&parent.level)?;
                    if !may_parent(parent_level, self.level) {
                        issues.push(FieldIssue::new(
                            "parent_id",
                            "invalid_level",
                            Text::new(
                                format!(
                                    "Đơn vị cấp {} không thể trực thuộc cấp {}.",
                                    crate::error::vi_term(&enum_str(&self.level)),
                                    crate::error::vi_term(&parent.level)
                                ),
                                format!(
                                    "A {} cannot sit under a {}.",
                                    enum_str(&self.level),
                                    parent.level
                                ),
                            ),
                        ));
                    }
                }
            }
        }
        for (i, sid) in self.successor_ids.iter().enumerate() {
            if Some(*sid) != id && find_visible(db, scope, *sid).await?.is_none() {
                issues.push(FieldIssue::unknown_reference(format!("successor_ids[{i}]")));
            }
        }
        if issues.is_empty() {
            Ok(())
        } else {
            Err(ApiError::validation(issues))
        }
    }
}

/// Which level may hang under which: districts under provinces; communes under districts,
/// or straight under provinces since the 2025 reorganisation.
pub fn may_parent(parent: UnitLevel, child: UnitLevel) -> bool {
    matches!(
        (parent, child),
        (
            UnitLevel::Province,
            UnitLevel::District | UnitLevel::Commune
        ) | (UnitLevel::District, UnitLevel::Commune)
    )
}

fn apply_patch<T>(field: &mut Option<T>, patch: Patch<T>) {
    match patch {
        Patch::Absent => {}
        Patch::Null => *field = None,
        Patch::Value(v) => *field = Some(v),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn communes_hang_under_districts_or_provinces_only() {
        assert!(may_parent(UnitLevel::District, UnitLevel::Commune));
        assert!(may_parent(UnitLevel::Province, UnitLevel::Commune));
        assert!(!may_parent(UnitLevel::Commune, UnitLevel::Commune));
        assert!(!may_parent(UnitLevel::Commune, UnitLevel::District));
    }

    #[test]
    fn field_rules_name_each_field() {
        let draft = Draft {
            code: "bad code".into(),
            name: String::new(),
            level: UnitLevel::Province,
            parent_id: Some(Uuid::now_v7()),
            valid_from: NaiveDate::from_ymd_opt(2025, 1, 1),
            valid_to: NaiveDate::from_ymd_opt(2024, 1, 1),
            successor_ids: vec![],
        };
        let fields: Vec<String> = draft
            .check_fields(None)
            .into_iter()
            .map(|i| i.field)
            .collect();
        assert_eq!(fields, ["code", "name", "parent_id", "valid_to"]);
    }
}
