//! The award rules as data, every rule dated: which authority grants what, the money
//! multiples, the base salary (lương cơ sở), the quota and the rounding of money. Each is a
//! list of periods, each period in force from its `valid_from` until the next one, with
//! the legal basis (document and article) that set it. A decision is judged and paid by
//! the periods in force on its date.

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
    #[cfg_attr(feature = "openapi", schema(max_items = 20))]
    pub forms: Vec<AwardForm>,
}

/// The authority table in force from a date (thẩm quyền khen thưởng).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AuthorityPeriod {
    /// In force from (until the next period's `valid_from`).
    pub valid_from: NaiveDate,
    /// The legal basis, e.g. "Luật Thi đua, khen thưởng 2022, Điều 80".
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 300))]
    pub legal_basis: String,
    /// Who may grant what in this period; a level not listed grants nothing.
    #[cfg_attr(feature = "openapi", schema(max_items = 10))]
    pub rules: Vec<AuthorityRule>,
}

/// The money of a form for a class of recipient: `multiple` × the base salary.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MoneyMultiple {
    /// The form.
    pub form: AwardForm,
    /// For whom.
    pub class: RecipientClass,
    /// Times the base salary (hệ số, at most two decimals; 0 for a form that carries no
    /// money).
    #[cfg_attr(feature = "openapi", schema(minimum = 0, maximum = 100))]
    pub multiple: f64,
}

/// The table of money multiples in force from a date: the whole table, so a form or class
/// the new law leaves out has no money rule from then on (and a decision for it is refused,
/// never paid 0 đ by accident).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MultiplePeriod {
    /// In force from (until the next period's `valid_from`).
    pub valid_from: NaiveDate,
    /// The legal basis, e.g. "Nghị định 152/2025/NĐ-CP, Điều 74".
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 300))]
    pub legal_basis: String,
    /// One multiple per form and class.
    #[cfg_attr(feature = "openapi", schema(max_items = 60))]
    pub multiples: Vec<MoneyMultiple>,
}

/// The base salary (mức lương cơ sở) in force from a date.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BaseSalary {
    /// VND per month.
    #[cfg_attr(feature = "openapi", schema(minimum = 1, maximum = 1_000_000_000))]
    pub amount: i64,
    /// In force from (until the next period's `valid_from`).
    pub valid_from: NaiveDate,
    /// The legal basis, e.g. "Nghị định 73/2024/NĐ-CP, Điều 3".
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 300))]
    pub legal_basis: String,
}

/// The quota of "Chiến sĩ thi đua cơ sở" in force from a date.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct QuotaPeriod {
    /// In force from (until the next period's `valid_from`).
    pub valid_from: NaiveDate,
    /// The legal basis.
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 300))]
    pub legal_basis: String,
    /// The most "Chiến sĩ thi đua cơ sở" titles a unit may get in a year, in percent of its
    /// "Lao động tiên tiến" holders that year (rounded down).
    #[cfg_attr(feature = "openapi", schema(minimum = 0, maximum = 100))]
    pub chien_si_thi_dua_co_so_percent: f64,
}

/// How money is rounded after multiplying, in force from a date.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RoundingPeriod {
    /// In force from (until the next period's `valid_from`).
    pub valid_from: NaiveDate,
    /// The legal basis, e.g. "Nghị định 91/2017/NĐ-CP, Điều 70".
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 300))]
    pub legal_basis: String,
    /// Money is rounded up to a multiple of this many VND (10,000: "làm tròn số lên hàng
    /// chục nghìn đồng"; 1: not rounded).
    #[cfg_attr(feature = "openapi", schema(minimum = 1, maximum = 1_000_000))]
    pub round_up_to: i64,
}

/// The award rules: the law as this release knows it by default, extended by a system
/// admin when the law changes (a new period; a period an issued decision used cannot
/// change).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AwardRules {
    /// Who may grant what, by period.
    #[cfg_attr(feature = "openapi", schema(min_items = 1, max_items = 50))]
    pub authority: Vec<AuthorityPeriod>,
    /// Money multiples, by period.
    #[cfg_attr(feature = "openapi", schema(min_items = 1, max_items = 50))]
    pub multiples: Vec<MultiplePeriod>,
    /// Base salaries, by period.
    #[cfg_attr(feature = "openapi", schema(min_items = 1, max_items = 100))]
    pub base_salaries: Vec<BaseSalary>,
    /// The quota of "Chiến sĩ thi đua cơ sở", by period.
    #[cfg_attr(feature = "openapi", schema(min_items = 1, max_items = 50))]
    pub quotas: Vec<QuotaPeriod>,
    /// The rounding of money, by period.
    #[cfg_attr(feature = "openapi", schema(min_items = 1, max_items = 50))]
    pub rounding: Vec<RoundingPeriod>,
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
