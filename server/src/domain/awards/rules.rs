//! The award rules as data: the current law by default (Law on Emulation and
//! Commendation 2022, Article 80; the money multiples; the base salary), replaced by a
//! system admin when the law changes. Pure lookups are here; the rest reads the row.

use cchc_sdk::types::awards::{
    AuthorityRule, AwardForm, AwardRules, AwardRulesOut, BaseSalary, MoneyMultiple, RecipientClass,
};
use cchc_sdk::types::units::UnitLevel;
use chrono::NaiveDate;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ConnectionTrait, DatabaseConnection, EntityTrait,
};

use crate::auth::Ctx;
use crate::domain::audit::{self, Event};
use crate::domain::index::scoring::to_centi;
use crate::domain::precondition::IfMatch;
use crate::domain::write::Write;
use crate::entity::award_rules;
use crate::error::{ApiError, FieldIssue, Text};

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap_or_default()
}

/// The law in force as this release knows it.
pub fn defaults() -> AwardRules {
    use AwardForm::*;
    use RecipientClass::*;
    let since = date(2024, 1, 1);
    let multiple = |form, class, multiple| MoneyMultiple {
        form,
        class,
        multiple,
        valid_from: since,
    };
    AwardRules {
        authority: vec![
            AuthorityRule {
                level: UnitLevel::Commune,
                forms: vec![GiayKhen, LaoDongTienTien, GiaDinhVanHoa],
            },
            AuthorityRule {
                level: UnitLevel::District,
                forms: vec![
                    GiayKhen,
                    LaoDongTienTien,
                    ChienSiThiDuaCoSo,
                    TapTheLaoDongTienTien,
                ],
            },
            AuthorityRule {
                level: UnitLevel::Province,
                forms: vec![
                    LaoDongTienTien,
                    ChienSiThiDuaCoSo,
                    TapTheLaoDongTienTien,
                    TapTheLaoDongXuatSac,
                ],
            },
        ],
        multiples: vec![
            multiple(ChienSiThiDuaCoSo, Individual, 1.0),
            multiple(LaoDongTienTien, Individual, 0.3),
            multiple(TapTheLaoDongTienTien, Collective, 0.8),
            multiple(TapTheLaoDongXuatSac, Collective, 1.5),
            multiple(GiayKhen, Individual, 0.15),
            multiple(GiayKhen, Collective, 0.3),
            multiple(GiayKhen, Household, 0.15),
        ],
        base_salaries: vec![
            BaseSalary {
                amount: 1_490_000,
                valid_from: date(2019, 7, 1),
            },
            BaseSalary {
                amount: 1_800_000,
                valid_from: date(2023, 7, 1),
            },
            BaseSalary {
                amount: 2_340_000,
                valid_from: date(2024, 7, 1),
            },
        ],
        chien_si_quota_percent: 15.0,
    }
}

/// Whether a unit of `level` may grant `form`.
pub fn may_grant(rules: &AwardRules, level: UnitLevel, form: AwardForm) -> bool {
    rules
        .authority
        .iter()
        .any(|a| a.level == level && a.forms.contains(&form))
}

/// The base salary in force on `on`.
pub fn base_salary(rules: &AwardRules, on: NaiveDate) -> Option<i64> {
    rules
        .base_salaries
        .iter()
        .filter(|b| b.valid_from <= on)
        .max_by_key(|b| b.valid_from)
        .map(|b| b.amount)
}

/// The money of one award of `form` to `class` on `on`, VND: multiple × base salary.
pub fn money(
    rules: &AwardRules,
    form: AwardForm,
    class: RecipientClass,
    on: NaiveDate,
) -> Option<i64> {
    let base = base_salary(rules, on)?;
    let multiple = rules
        .multiples
        .iter()
        .filter(|m| m.form == form && m.class == class && m.valid_from <= on)
        .max_by_key(|m| m.valid_from)
        .and_then(|m| to_centi(m.multiple))
        .unwrap_or(0);
    Some(base * multiple / 100)
}

/// How many "Chiến sĩ thi đua cơ sở" a unit may have, given its "Lao động tiên tiến".
pub fn quota(rules: &AwardRules, lao_dong_tien_tien: i64) -> i64 {
    let percent = to_centi(rules.chien_si_quota_percent).unwrap_or(0);
    lao_dong_tien_tien * percent / 10_000
}

/// The rules in force, with their version (0: the defaults, never changed).
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

fn check(rules: &AwardRules) -> Vec<FieldIssue> {
    let mut issues = Vec::new();
    let range = |field: String| {
        FieldIssue::new(
            field,
            "out_of_range",
            Text::new(
                "Giá trị ngoài khoảng cho phép (tối đa hai chữ số thập phân).",
                "Out of range (at most two decimals).",
            ),
        )
    };
    for (i, m) in rules.multiples.iter().enumerate() {
        if to_centi(m.multiple).is_none_or(|c| c > 10_000) {
            issues.push(range(format!("multiples[{i}].multiple")));
        }
        if !m.form.classes().contains(&m.class) {
            issues.push(FieldIssue::new(
                format!("multiples[{i}].class"),
                "not_for_recipient",
                Text::new(
                    "Hình thức này không dành cho đối tượng này.",
                    "This form does not go to this class of recipient.",
                ),
            ));
        }
    }
    for (i, b) in rules.base_salaries.iter().enumerate() {
        if !(1..=1_000_000_000).contains(&b.amount) {
            issues.push(range(format!("base_salaries[{i}].amount")));
        }
    }
    if rules.base_salaries.is_empty() {
        issues.push(FieldIssue::required("base_salaries"));
    }
    for (field, len, max) in [
        ("authority", rules.authority.len(), 10),
        ("multiples", rules.multiples.len(), 200),
        ("base_salaries", rules.base_salaries.len(), 100),
    ] {
        if len > max {
            issues.push(FieldIssue::new(
                field,
                "too_many",
                Text::new(
                    format!("Tối đa {max} mục."),
                    format!("At most {max} items."),
                ),
            ));
        }
    }
    if to_centi(rules.chien_si_quota_percent).is_none_or(|c| c > 10_000) {
        issues.push(range("chien_si_quota_percent".into()));
    }
    issues
}

/// Replaces the rules (a system admin, when the law changes).
pub async fn replace(
    db: &DatabaseConnection,
    ctx: &Ctx,
    if_match: &IfMatch,
    rules: AwardRules,
) -> Result<AwardRulesOut, ApiError> {
    let issues = check(&rules);
    if !issues.is_empty() {
        return Err(ApiError::validation(issues));
    }
    let w = Write::begin(db, ctx).await?;
    let current = current(w.db()).await?;
    if_match.check(current.version)?;
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn money_follows_the_base_salary_in_force_on_the_date() {
        let rules = defaults();
        let before = date(2024, 6, 30);
        let after = date(2024, 7, 1);
        let ldtt = |on| {
            money(
                &rules,
                AwardForm::LaoDongTienTien,
                RecipientClass::Individual,
                on,
            )
        };
        assert_eq!(ldtt(before), Some(540_000));
        assert_eq!(ldtt(after), Some(702_000));
        let family = money(
            &rules,
            AwardForm::GiaDinhVanHoa,
            RecipientClass::Household,
            after,
        );
        assert_eq!(family, Some(0));
        assert_eq!(base_salary(&rules, date(2019, 1, 1)), None);
    }

    #[test]
    fn the_authority_table_and_quota_follow_the_law() {
        let rules = defaults();
        assert!(may_grant(&rules, UnitLevel::Commune, AwardForm::GiayKhen));
        assert!(may_grant(
            &rules,
            UnitLevel::Commune,
            AwardForm::LaoDongTienTien
        ));
        assert!(!may_grant(
            &rules,
            UnitLevel::Commune,
            AwardForm::ChienSiThiDuaCoSo
        ));
        assert!(may_grant(
            &rules,
            UnitLevel::District,
            AwardForm::ChienSiThiDuaCoSo
        ));
        assert_eq!(quota(&rules, 7), 1);
        assert_eq!(quota(&rules, 6), 0);
        assert_eq!(quota(&rules, 20), 3);
    }
}
