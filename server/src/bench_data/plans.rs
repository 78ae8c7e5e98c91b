//! A commune's plans: `--plans` plans spread over the years assessed and the current one,
//! the year of `--as-of` (an annual reform plan, an index review conference, a remediation
//! plan, then others), with the demo's plan content (`demo::plan`) made the commune's,
//! numbered in the order of their issue dates as `domain::numbering` would have, and the
//! number counters left where the numbering would have left them.

use cchc_sdk::types::plans::{PlanKind, PlanStatus};
use chrono::{DateTime, Datelike, Duration, Utc};
use sea_orm::Value;
use uuid::Uuid;

use super::rng::{Rng, at, ymd};
use super::sink::Sink;
use super::world::Commune;
use super::{BenchError, Options, Sampler, stream};
use crate::demo_plan::{SeedRefs, seed_plan_content};
use crate::domain::codec::enum_str;
use crate::domain::numbering::number_symbol;
use crate::domain::plans::TYPE_CODE;
use crate::domain::text;
use crate::entity::plans;

/// A plan tasks can belong to.
pub struct Issued {
    /// Its id.
    pub id: Uuid,
    /// The year it plans.
    pub year: i32,
    /// When it was issued.
    pub issued_at: DateTime<Utc>,
    /// Its number and symbol ("03/KH-UBND").
    pub symbol: String,
    /// Whether it is completed (its tasks are then all closed).
    pub completed: bool,
}

/// Generates `c`'s plans; answers those tasks can belong to (numbered, not cancelled).
pub fn of_commune(
    sink: &mut Sink,
    opts: &Options,
    c: &Commune,
    province_name: &str,
    sampled: &mut Sampler,
) -> Result<Vec<Issued>, BenchError> {
    let mut rng = Rng::new(opts.seed, &[stream::PLANS, c.index as u64]);
    let years = opts.work_years();
    let as_of = opts.as_of();
    let current = as_of.year();
    let dept = |short: &str| c.departments.iter().find(|d| d.1 == short).map(|d| d.0);
    let refs = SeedRefs {
        van_phong: dept("VP-TK"),
        tai_chinh: dept("TC-KT"),
        chairman: c.officials.first().map(|o| o.0),
    };
    let mut content = seed_plan_content(refs);
    content.parent_authority = Some(format!("UBND {}", province_name.to_uppercase()));
    content.issuing_body = format!("ỦY BAN NHÂN DÂN {}", c.name.to_uppercase());
    content.place = c.name.clone();
    let mut issued = Vec::new();
    let mut numbers: Vec<(i32, i32)> = Vec::new();
    let mut k_in_year = 0;
    let mut previous_year = None;
    let mut issue_date = ymd(years[0], 1, 10);
    for j in 0..opts.plans {
        let year = years[j * years.len() / opts.plans.max(1)];
        if previous_year != Some(year) {
            k_in_year = 0;
            issue_date = ymd(year, 1, 5);
        }
        previous_year = Some(year);
        let (kind, title) = match k_in_year {
            0 => (
                PlanKind::AnnualReformPlan,
                format!("Kế hoạch cải cách hành chính năm {year}"),
            ),
            1 => (
                PlanKind::IndexReviewConference,
                format!(
                    "Tổ chức Hội nghị đánh giá, phân tích chỉ số cải cách hành chính năm {}",
                    year - 1
                ),
            ),
            2 => (
                PlanKind::RemediationPlan,
                format!(
                    "Khắc phục các tiêu chí bị trừ điểm chỉ số cải cách hành chính năm {}",
                    year - 1
                ),
            ),
            k => (
                PlanKind::Other,
                format!("Tuyên truyền cải cách hành chính năm {year}, đợt {}", k - 2),
            ),
        };
        k_in_year += 1;
        issue_date = (issue_date + Duration::days(rng.range(12, 30)))
            .min(ymd(year, 12, 28))
            .min(as_of.date_naive() - Duration::days(1));
        let status = if year < current {
            [
                PlanStatus::Completed,
                PlanStatus::InProgress,
                PlanStatus::Cancelled,
            ][rng.weighted(&[85, 10, 5])]
        } else {
            [
                PlanStatus::Draft,
                PlanStatus::Submitted,
                PlanStatus::Issued,
                PlanStatus::InProgress,
                PlanStatus::Completed,
            ][rng.weighted(&[5, 5, 30, 50, 10])]
        };
        let numbered = !matches!(status, PlanStatus::Draft | PlanStatus::Submitted);
        let created_at = at(issue_date - Duration::days(7), 2);
        let issued_at = at(issue_date, 2);
        let number =
            numbered.then(
                || match numbers.iter_mut().find(|(y, _)| *y == issue_date.year()) {
                    Some((_, n)) => {
                        *n += 1;
                        *n
                    }
                    None => {
                        numbers.push((issue_date.year(), 1));
                        1
                    }
                },
            );
        let symbol = number.map(|n| number_symbol(Some(n), TYPE_CODE, &content.issuer_code));
        content.kind = kind;
        content.year = year;
        content.title = title.clone();
        let updated_at = match status {
            PlanStatus::Completed => at(ymd(year, 12, 20), 2),
            PlanStatus::Draft | PlanStatus::Submitted => created_at,
            _ => issued_at,
        };
        let id = rng.uuid_at(created_at);
        sink.put::<plans::Entity>(&plans::Model {
            id,
            unit_id: c.id,
            kind: enum_str(&kind),
            year,
            status: enum_str(&status),
            type_code: TYPE_CODE.to_owned(),
            number,
            number_year: number.map(|_| issue_date.year()),
            number_symbol: symbol.clone(),
            search_key: text::fold(&format!(
                "{title} {}",
                symbol.as_deref().unwrap_or_default()
            )),
            title,
            issue_date: numbered.then_some(issue_date),
            issued_at: numbered.then_some(issued_at),
            revision: 0,
            content: serde_json::to_string(&content)?,
            created_at,
            updated_at,
            version: match status {
                PlanStatus::Draft => 1,
                PlanStatus::Submitted => 2,
                PlanStatus::Issued => 3,
                _ => 4,
            },
        })?;
        if let (Some(symbol), false) = (symbol, status == PlanStatus::Cancelled) {
            if matches!(status, PlanStatus::Issued | PlanStatus::InProgress) {
                sampled.offer(id);
            }
            issued.push(Issued {
                id,
                year,
                issued_at,
                symbol,
                completed: status == PlanStatus::Completed,
            });
        }
    }
    for (year, last_number) in numbers {
        sink.put_raw(
            "document_counters",
            &["unit_id", "year", "type_code", "last_number"],
            vec![
                Value::Uuid(Some(c.id)),
                Value::Int(Some(year)),
                Value::String(Some(TYPE_CODE.to_owned())),
                Value::Int(Some(last_number)),
            ],
        )?;
    }
    Ok(issued)
}
