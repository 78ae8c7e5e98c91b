//! The award rules in force on a date: each dated list resolved to its period, the money
//! of one award computed from them, and the gap named when a date has no rule.

use cchc_sdk::types::awards::{
    AuthorityPeriod, AwardForm, AwardRules, BaseSalary, MultiplePeriod, QuotaPeriod,
    RecipientClass, RoundingPeriod,
};
use cchc_sdk::types::units::UnitLevel;
use chrono::NaiveDate;

use crate::domain::index::scoring::to_centi;
use crate::error::{FieldIssue, Text};

/// Every rule in force on one date, each with its legal basis.
#[derive(Debug, Clone, PartialEq)]
pub struct InForce<'a> {
    /// The date the rules were resolved for.
    pub on: NaiveDate,
    /// Who may grant what.
    pub authority: &'a AuthorityPeriod,
    /// The money multiples.
    pub multiples: &'a MultiplePeriod,
    /// The base salary, VND a month.
    pub base_salary: &'a BaseSalary,
    /// The quota of "Chiến sĩ thi đua cơ sở".
    pub quota: &'a QuotaPeriod,
    /// The rounding of money.
    pub rounding: &'a RoundingPeriod,
}

/// The period of `periods` in force on `on`: the latest that started on or before it.
fn period<T>(periods: &[T], on: NaiveDate, from: impl Fn(&T) -> NaiveDate) -> Option<&T> {
    periods
        .iter()
        .filter(|p| from(p) <= on)
        .max_by_key(|p| from(p))
}

/// A 422 issue on `field` naming the rule that has no period in force on `on` and the
/// first date it has one.
fn gap(field: &str, rule: (&str, &str), on: NaiveDate, earliest: Option<NaiveDate>) -> FieldIssue {
    let (vi, en) = rule;
    let (from_vi, from_en) = match earliest {
        Some(d) => (
            format!(" (quy định sớm nhất áp dụng từ {})", d.format("%d/%m/%Y")),
            format!(" (the earliest applies from {d})"),
        ),
        None => (String::new(), String::new()),
    };
    FieldIssue::new(
        field,
        "no_rule_in_force",
        Text::new(
            format!(
                "Không có quy định về {vi} áp dụng tại ngày {}{from_vi}.",
                on.format("%d/%m/%Y")
            ),
            format!("No rule on {en} is in force on {on}{from_en}."),
        ),
    )
}

/// Whether some period of the law lets the chairman of a unit of `level` grant `form`.
pub fn ever_grants(rules: &AwardRules, level: UnitLevel, form: AwardForm) -> bool {
    rules
        .authority
        .iter()
        .flat_map(|p| &p.rules)
        .any(|a| a.level == level && a.forms.contains(&form))
}

/// The rules of `rules` in force on `on`, or one issue on `field` per rule with no period
/// then (422 `no_rule_in_force`: a decision is never paid 0 đ because a table ran out).
pub fn in_force<'a>(
    rules: &'a AwardRules,
    on: NaiveDate,
    field: &str,
) -> Result<InForce<'a>, Vec<FieldIssue>> {
    let authority = period(&rules.authority, on, |p| p.valid_from);
    let multiples = period(&rules.multiples, on, |p| p.valid_from);
    let base_salary = period(&rules.base_salaries, on, |p| p.valid_from);
    let quota = period(&rules.quotas, on, |p| p.valid_from);
    let rounding = period(&rules.rounding, on, |p| p.valid_from);
    match (authority, multiples, base_salary, quota, rounding) {
        (Some(authority), Some(multiples), Some(base_salary), Some(quota), Some(rounding)) => {
            Ok(InForce {
                on,
                authority,
                multiples,
                base_salary,
                quota,
                rounding,
            })
        }
        _ => {
            let mut issues = Vec::new();
            let mut check = |found: bool, first: Option<NaiveDate>, rule| {
                if !found {
                    issues.push(gap(field, rule, on, first));
                }
            };
            check(
                authority.is_some(),
                rules.authority.iter().map(|p| p.valid_from).min(),
                ("thẩm quyền khen thưởng", "authority"),
            );
            check(
                multiples.is_some(),
                rules.multiples.iter().map(|p| p.valid_from).min(),
                ("mức tiền thưởng", "money multiples"),
            );
            check(
                base_salary.is_some(),
                rules.base_salaries.iter().map(|p| p.valid_from).min(),
                ("mức lương cơ sở", "the base salary"),
            );
            check(
                quota.is_some(),
                rules.quotas.iter().map(|p| p.valid_from).min(),
                ("tỷ lệ khen thưởng", "the quota"),
            );
            check(
                rounding.is_some(),
                rules.rounding.iter().map(|p| p.valid_from).min(),
                ("làm tròn tiền thưởng", "rounding"),
            );
            Err(issues)
        }
    }
}

impl InForce<'_> {
    /// Whether the chairman of a unit of `level` may grant `form`.
    pub fn may_grant(&self, level: UnitLevel, form: AwardForm) -> bool {
        self.authority
            .rules
            .iter()
            .any(|a| a.level == level && a.forms.contains(&form))
    }

    /// The multiple (hệ số) of `form` for `class`, in hundredths, if the table has one.
    pub fn multiple_centi(&self, form: AwardForm, class: RecipientClass) -> Option<i64> {
        self.multiples
            .multiples
            .iter()
            .find(|m| m.form == form && m.class == class)
            .and_then(|m| to_centi(m.multiple))
    }

    /// The money of one award of `form` to `class`, VND: multiple × base salary, rounded
    /// up to the rounding step in force. `None` when the table has no multiple for them.
    pub fn money(&self, form: AwardForm, class: RecipientClass) -> Option<i64> {
        let raw = self.base_salary.amount * self.multiple_centi(form, class)? / 100;
        let step = self.rounding.round_up_to.max(1);
        Some((raw + step - 1) / step * step)
    }

    /// How many "Chiến sĩ thi đua cơ sở" a unit may have, given its "Lao động tiên tiến"
    /// (rounded down).
    pub fn quota(&self, lao_dong_tien_tien: i64) -> i64 {
        let percent = to_centi(self.quota.chien_si_thi_dua_co_so_percent).unwrap_or(0);
        lao_dong_tien_tien * percent / 10_000
    }
}
