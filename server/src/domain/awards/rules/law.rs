//! The award law this release ships: `server/law/award-rules.json`, every period with the
//! document and article that set it (the README's "Awards law" lists them with their
//! sources). Embedded in the binary; a system admin extends it through
//! `PUT /api/v1/awards/rules` when the law changes again.

use std::sync::OnceLock;

use cchc_sdk::types::awards::AwardRules;

/// The shipped law, as JSON.
const LAW: &str = include_str!("../../../../law/award-rules.json");

/// The law in force as this release knows it.
pub fn defaults() -> AwardRules {
    static PARSED: OnceLock<AwardRules> = OnceLock::new();
    PARSED
        .get_or_init(|| {
            // A unit test parses and checks the file: it cannot fail in a built release.
            serde_json::from_str(LAW).unwrap_or_else(|e| panic!("law/award-rules.json: {e}"))
        })
        .clone()
}

#[cfg(test)]
mod tests {
    use cchc_sdk::types::awards::{AwardForm, RecipientClass};
    use cchc_sdk::types::units::UnitLevel;
    use chrono::NaiveDate;

    use super::*;
    use crate::domain::awards::rules::{check::check, in_force};

    fn on(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap_or_default()
    }

    #[test]
    fn the_shipped_law_parses_and_passes_its_own_checks() {
        let law = defaults();
        assert_eq!(check(&law), vec![]);
        assert!(in_force(&law, on(2017, 7, 31), "date").is_ok());
        assert!(in_force(&law, on(2017, 7, 30), "date").is_err());
    }

    #[test]
    fn a_commune_chairmans_giay_khen_across_the_two_changes() -> Result<(), String> {
        let law = defaults();
        let giay_khen = |y, m, d| {
            in_force(&law, on(y, m, d), "date")
                .map_err(|e| format!("{e:?}"))
                .map(|l| l.money(AwardForm::GiayKhen, RecipientClass::Individual))
        };
        // 0.15 × 2,340,000 = 351,000 → 360,000; 0.3 × 2,340,000 = 702,000 → 710,000;
        // 0.3 × 2,530,000 = 759,000 → 760,000.
        assert_eq!(giay_khen(2025, 6, 30)?, Some(360_000));
        assert_eq!(giay_khen(2025, 7, 1)?, Some(710_000));
        assert_eq!(giay_khen(2026, 7, 1)?, Some(760_000));
        let grants = |y, m, d, level| {
            in_force(&law, on(y, m, d), "date")
                .map(|l| l.may_grant(level, AwardForm::TapTheLaoDongTienTien))
                .unwrap_or(false)
        };
        assert!(!grants(2025, 6, 30, UnitLevel::Commune));
        assert!(grants(2025, 6, 30, UnitLevel::District));
        assert!(grants(2025, 7, 1, UnitLevel::Commune));
        assert!(!grants(2025, 7, 1, UnitLevel::District));
        Ok(())
    }
}
