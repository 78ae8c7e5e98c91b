//! The portal's figures: the ratios computed from them, the periods they are stored for,
//! a unit's figures for a year, and the checks of pushed figures.

use cchc_sdk::types::portal::{PortalFigures, PortalMetric, Ratio};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};
use uuid::Uuid;

use crate::domain::index::scoring::percent_centi;
use crate::entity::portal_statistics;
use crate::error::{ApiError, FieldIssue, Text};

/// Numerator and denominator of a ratio.
pub fn ratio(f: &PortalFigures, metric: PortalMetric) -> (i64, i64) {
    let resolved = f.resolved_early + f.resolved_on_time + f.resolved_late;
    match metric {
        PortalMetric::OnTimeRate => (f.resolved_early + f.resolved_on_time, resolved),
        PortalMetric::OnlineRate => (f.partly_online + f.fully_online, f.received),
        PortalMetric::FullyOnlineRate => (f.fully_online, f.received),
        PortalMetric::OnlinePaymentRate => (f.paid_online, f.received),
        PortalMetric::ElectronicResultRate => (f.electronic_result, resolved),
        PortalMetric::DigitisationRate => (f.digitised, f.received),
        PortalMetric::SyncRate => (f.synced, f.received),
        PortalMetric::FeedbackOnTimeRate => (f.feedback_on_time, f.feedback_received),
        PortalMetric::SatisfactionRate => (f.satisfied, f.satisfaction_responses),
        _ => (0, 0),
    }
}

/// A ratio in hundredths of a percent; `None` with nothing behind it.
pub fn ratio_centi(f: &PortalFigures, metric: PortalMetric) -> Option<i64> {
    let (num, den) = ratio(f, metric);
    (den > 0).then(|| percent_centi(num.min(den), den))
}

const METRICS: [PortalMetric; 9] = [
    PortalMetric::OnTimeRate,
    PortalMetric::OnlineRate,
    PortalMetric::FullyOnlineRate,
    PortalMetric::OnlinePaymentRate,
    PortalMetric::ElectronicResultRate,
    PortalMetric::DigitisationRate,
    PortalMetric::SyncRate,
    PortalMetric::FeedbackOnTimeRate,
    PortalMetric::SatisfactionRate,
];

/// Every ratio with a denominator.
pub fn ratios(f: &PortalFigures) -> Vec<Ratio> {
    METRICS
        .iter()
        .filter_map(|m| {
            let (numerator, denominator) = ratio(f, *m);
            ratio_centi(f, *m).map(|p| Ratio {
                metric: *m,
                numerator,
                denominator,
                percent: p as f64 / 100.0,
            })
        })
        .collect()
}

fn add(a: &mut PortalFigures, b: &PortalFigures) {
    a.received += b.received;
    a.resolved_early += b.resolved_early;
    a.resolved_on_time += b.resolved_on_time;
    a.resolved_late += b.resolved_late;
    a.in_person += b.in_person;
    a.partly_online += b.partly_online;
    a.fully_online += b.fully_online;
    a.by_post += b.by_post;
    a.paid_online += b.paid_online;
    a.electronic_result += b.electronic_result;
    a.digitised += b.digitised;
    a.synced += b.synced;
    a.feedback_received += b.feedback_received;
    a.feedback_on_time += b.feedback_on_time;
    a.satisfaction_responses += b.satisfaction_responses;
    a.satisfied += b.satisfied;
}

/// Whether `period` is `YYYY`, `YYYY-Qn` or `YYYY-MM`.
pub fn valid_period(period: &str) -> bool {
    let b = period.as_bytes();
    let year = b.len() >= 4 && b[..4].iter().all(u8::is_ascii_digit);
    match b.len() {
        4 => year,
        7 if year && b[4] == b'-' && b[5] == b'Q' => (b'1'..=b'4').contains(&b[6]),
        7 if year && b[4] == b'-' => period[5..]
            .parse::<u32>()
            .is_ok_and(|m| (1..=12).contains(&m) && b[5].is_ascii_digit()),
        _ => false,
    }
}

/// A unit's figures for a year, and the months they cover.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct YearFigures {
    /// The figures.
    pub figures: PortalFigures,
    /// Months covered: 12 for a year row, 3 per quarter row, 1 per month row.
    pub months: i64,
}

/// A unit's figures for a year: the year row if the portal sent one, else the sum of its
/// quarter rows if any, else the sum of its month rows; `None` with nothing stored.
pub async fn year_figures(
    db: &impl ConnectionTrait,
    unit_id: Uuid,
    year: i32,
) -> Result<Option<PortalFigures>, ApiError> {
    Ok(years_figures(db, &[unit_id], year)
        .await?
        .remove(&unit_id)
        .map(|y| y.figures))
}

/// The figures of many units for one year (as [`year_figures`] picks them), with the
/// months they cover, read in one query per 500 units.
pub async fn years_figures(
    db: &impl ConnectionTrait,
    unit_ids: &[Uuid],
    year: i32,
) -> Result<std::collections::HashMap<Uuid, YearFigures>, ApiError> {
    let mut by_unit: std::collections::HashMap<Uuid, Vec<portal_statistics::Model>> =
        std::collections::HashMap::new();
    for chunk in unit_ids.chunks(500) {
        for r in portal_statistics::Entity::find()
            .filter(portal_statistics::Column::UnitId.is_in(chunk.to_vec()))
            .filter(portal_statistics::Column::Period.starts_with(year.to_string()))
            .all(db)
            .await?
        {
            by_unit.entry(r.unit_id).or_default().push(r);
        }
    }
    let mut out = std::collections::HashMap::new();
    for (unit, rows) in by_unit {
        if let Some(y) = pick_year(&rows, year)? {
            out.insert(unit, y);
        }
    }
    Ok(out)
}

/// The year row, else the quarter rows summed, else the month rows summed.
fn pick_year(
    rows: &[portal_statistics::Model],
    year: i32,
) -> Result<Option<YearFigures>, ApiError> {
    let year_key = year.to_string();
    let pick = |want: fn(&str) -> bool, each: i64| -> Result<Option<YearFigures>, ApiError> {
        let mut sum = None::<YearFigures>;
        for r in rows.iter().filter(|r| want(&r.period)) {
            let y = sum.get_or_insert_default();
            add(&mut y.figures, &figures_of(r)?);
            y.months += each;
        }
        Ok(sum)
    };
    if let Some(r) = rows.iter().find(|r| r.period == year_key) {
        return Ok(Some(YearFigures {
            figures: figures_of(r)?,
            months: 12,
        }));
    }
    if let Some(q) = pick(|p| p.len() == 7 && p.as_bytes()[5] == b'Q', 3)? {
        return Ok(Some(q));
    }
    pick(|p| p.len() == 7 && p.as_bytes()[5] != b'Q', 1)
}

pub(super) fn figures_of(r: &portal_statistics::Model) -> Result<PortalFigures, ApiError> {
    serde_json::from_str(&r.figures).map_err(ApiError::internal)
}

pub(super) fn figures_issues(prefix: &str, f: &PortalFigures) -> Vec<FieldIssue> {
    let mut issues = Vec::new();
    let fields = [
        ("received", f.received),
        ("resolved_early", f.resolved_early),
        ("resolved_on_time", f.resolved_on_time),
        ("resolved_late", f.resolved_late),
        ("in_person", f.in_person),
        ("partly_online", f.partly_online),
        ("fully_online", f.fully_online),
        ("by_post", f.by_post),
        ("paid_online", f.paid_online),
        ("electronic_result", f.electronic_result),
        ("digitised", f.digitised),
        ("synced", f.synced),
        ("feedback_received", f.feedback_received),
        ("feedback_on_time", f.feedback_on_time),
        ("satisfaction_responses", f.satisfaction_responses),
        ("satisfied", f.satisfied),
    ];
    for (name, v) in fields {
        if !(0..=100_000_000).contains(&v) {
            issues.push(FieldIssue::new(
                format!("{prefix}.{name}"),
                "out_of_range",
                Text::new("Từ 0 đến 100.000.000.", "Between 0 and 100,000,000."),
            ));
        }
    }
    let parts = [
        ("feedback_on_time", f.feedback_on_time, f.feedback_received),
        ("satisfied", f.satisfied, f.satisfaction_responses),
    ];
    for (name, part, whole) in parts {
        if part > whole {
            issues.push(FieldIssue::new(
                format!("{prefix}.{name}"),
                "out_of_range",
                Text::new(
                    "Không được lớn hơn tổng số tương ứng.",
                    "Cannot exceed the matching total.",
                ),
            ));
        }
    }
    issues
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn periods_are_years_quarters_or_months() {
        for ok in ["2024", "2024-Q1", "2024-Q4", "2024-01", "2024-12"] {
            assert!(valid_period(ok), "{ok}");
        }
        for bad in [
            "24", "2024-Q5", "2024-13", "2024-00", "2024-1", "2024-Q0", "abcd", "2024-+1",
        ] {
            assert!(!valid_period(bad), "{bad}");
        }
    }

    #[test]
    fn ratios_use_their_own_denominators() {
        let f = PortalFigures {
            received: 200,
            resolved_early: 100,
            resolved_on_time: 50,
            resolved_late: 10,
            fully_online: 80,
            partly_online: 20,
            ..PortalFigures::default()
        };
        assert_eq!(ratio_centi(&f, PortalMetric::OnTimeRate), Some(9375));
        assert_eq!(ratio_centi(&f, PortalMetric::OnlineRate), Some(5000));
        assert_eq!(ratio_centi(&f, PortalMetric::SatisfactionRate), None);
        assert_eq!(ratios(&f).len(), 7);
    }
}
