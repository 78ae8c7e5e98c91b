//! The award rules as data: which authority grants what, the money multiples and the
//! base salary.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use super::{AwardForm, RecipientClass};
use crate::types::units::UnitLevel;

/// Which level's chairman may grant which forms.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AuthorityRule {
    /// The issuing unit's level.
    pub level: UnitLevel,
    /// What its chairman may grant.
    pub forms: Vec<AwardForm>,
}

/// The money of a form for a class of recipient: `multiple` × the base salary, from a date.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MoneyMultiple {
    /// The form.
    pub form: AwardForm,
    /// For whom.
    pub class: RecipientClass,
    /// Times the base salary (two decimals at most).
    #[cfg_attr(feature = "openapi", schema(minimum = 0, maximum = 100))]
    pub multiple: f64,
    /// In force from (a later row for the same form and class takes over).
    pub valid_from: NaiveDate,
}

/// The base salary (lương cơ sở) in force from a date.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BaseSalary {
    /// VND per month.
    #[cfg_attr(feature = "openapi", schema(minimum = 1, maximum = 1_000_000_000))]
    pub amount: i64,
    /// In force from.
    pub valid_from: NaiveDate,
}

/// The award rules in force: the current law by default, changed by a system admin when
/// the law changes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AwardRules {
    /// Who may grant what.
    #[cfg_attr(feature = "openapi", schema(max_items = 10))]
    pub authority: Vec<AuthorityRule>,
    /// Money multiples, dated.
    #[cfg_attr(feature = "openapi", schema(max_items = 200))]
    pub multiples: Vec<MoneyMultiple>,
    /// Base salaries, dated.
    #[cfg_attr(feature = "openapi", schema(min_items = 1, max_items = 100))]
    pub base_salaries: Vec<BaseSalary>,
    /// The most "Chiến sĩ thi đua cơ sở" titles a unit may get in a year, in percent of its
    /// "Lao động tiên tiến" holders that year.
    #[cfg_attr(feature = "openapi", schema(minimum = 0, maximum = 100))]
    pub chien_si_quota_percent: f64,
}

/// `AwardRules` with their version, as the API returns them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AwardRulesOut {
    /// The rules.
    pub rules: AwardRules,
    /// When they last changed (none: the built-in defaults).
    pub updated_at: Option<DateTime<Utc>>,
    /// Version, the `ETag`.
    pub version: i32,
}
