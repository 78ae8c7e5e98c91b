//! The public-service portal at national scale: each commune's monthly statistics for the
//! last `--months` months of the last year assessed (pushed as aggregates), and the dossier
//! records (`--dossiers` in all, shared out over the communes) received in those months.

use cchc_sdk::types::portal::{Channel, DossierStatus, PortalFigures, StatisticsSource};
use chrono::{Datelike, Duration, NaiveDate};

use super::rng::{Rng, at, ymd};
use super::sink::Sink;
use super::world::{Commune, World};
use super::{BenchError, Options, names, stream};
use crate::domain::codec::enum_str;
use crate::entity::{portal_dossiers, portal_statistics};

/// Share of `n` in per mille, rounded down.
fn part(n: i64, per_mille: i64) -> i64 {
    n * per_mille / 1000
}

/// A commune's figures for one month: plausible counts, every part within its whole.
pub fn month_figures(opts: &Options, c: &Commune, year: i32, month: u32) -> PortalFigures {
    let size = Rng::new(opts.seed, &[stream::PORTAL, c.index as u64]).range(80, 600);
    let mut rng = Rng::new(
        opts.seed,
        &[
            stream::PORTAL,
            c.index as u64,
            year as u64,
            u64::from(month),
        ],
    );
    let received = size + rng.range(-size / 4, size / 4);
    let resolved = part(received, rng.range(850, 980));
    let early = part(resolved, rng.range(400, 700));
    let late = part(resolved, rng.range(0, 80));
    let fully_online = part(received, rng.range(200, 600));
    let partly_online = part(received, rng.range(100, 300));
    let by_post = part(received, rng.range(0, 20));
    let feedback_received = rng.range(0, 10);
    let responses = part(received, rng.range(50, 200));
    PortalFigures {
        received,
        resolved_early: early,
        resolved_on_time: resolved - early - late,
        resolved_late: late,
        in_person: received - fully_online - partly_online - by_post,
        partly_online,
        fully_online,
        by_post,
        paid_online: part(received, rng.range(100, 400)),
        electronic_result: part(resolved, rng.range(300, 800)),
        digitised: part(received, rng.range(500, 950)),
        synced: part(received, rng.range(900, 1000)),
        feedback_received,
        feedback_on_time: feedback_received - rng.range(0, feedback_received.min(2)),
        satisfaction_responses: responses,
        satisfied: part(responses, rng.range(850, 1000)),
    }
}

/// A commune's figures for a year: the sum of its twelve months (stored or not).
pub fn year_figures(opts: &Options, c: &Commune, year: i32) -> PortalFigures {
    let mut sum = PortalFigures::default();
    for m in 1..=12 {
        let f = month_figures(opts, c, year, m);
        sum.received += f.received;
        sum.resolved_early += f.resolved_early;
        sum.resolved_on_time += f.resolved_on_time;
        sum.resolved_late += f.resolved_late;
        sum.in_person += f.in_person;
        sum.partly_online += f.partly_online;
        sum.fully_online += f.fully_online;
        sum.by_post += f.by_post;
        sum.paid_online += f.paid_online;
        sum.electronic_result += f.electronic_result;
        sum.digitised += f.digitised;
        sum.synced += f.synced;
        sum.feedback_received += f.feedback_received;
        sum.feedback_on_time += f.feedback_on_time;
        sum.satisfaction_responses += f.satisfaction_responses;
        sum.satisfied += f.satisfied;
    }
    sum
}

/// The first day of each month stored: the last `--months` months of the last year (and
/// before it when more than twelve).
pub fn months(opts: &Options) -> Vec<NaiveDate> {
    let end = ymd(opts.last_year, 12, 1);
    let mut out: Vec<NaiveDate> = (0..opts.months)
        .filter_map(|k| end.checked_sub_months(chrono::Months::new(k as u32)))
        .collect();
    out.reverse();
    out
}

/// `c`'s monthly statistics and its share of the dossiers; answers how many dossiers.
pub fn commune(
    sink: &mut Sink,
    opts: &Options,
    world: &World,
    c: &Commune,
) -> Result<u64, BenchError> {
    let months = months(opts);
    let mut rng = Rng::new(opts.seed, &[stream::DOSSIERS, c.index as u64]);
    for first in &months {
        let figures = month_figures(opts, c, first.year(), first.month());
        let next = first
            .checked_add_months(chrono::Months::new(1))
            .unwrap_or(*first);
        let updated_at = at(next, 2) + Duration::milliseconds(c.index as i64);
        sink.put::<portal_statistics::Entity>(&portal_statistics::Model {
            id: rng.uuid_at(updated_at),
            unit_id: c.id,
            period: first.format("%Y-%m").to_string(),
            source: enum_str(&StatisticsSource::Aggregate),
            figures: serde_json::to_string(&figures)?,
            updated_at,
        })?;
    }
    let n = world.communes.len().max(1) as u64;
    let mine = opts.dossiers / n + u64::from((c.index as u64) < opts.dossiers % n);
    let (Some(start), Some(last)) = (months.first(), months.last()) else {
        return Ok(0);
    };
    let end = last
        .checked_add_months(chrono::Months::new(1))
        .unwrap_or(*last)
        - Duration::days(1);
    let span = (end - *start).num_days();
    let province = world
        .provinces
        .get(c.province)
        .map_or("00", |p| p.code.as_str());
    for seq in 0..mine {
        let received = *start + Duration::days(rng.range(0, span));
        let due = received + Duration::days(rng.range(3, 15));
        let status = [
            DossierStatus::Resolved,
            DossierStatus::Processing,
            DossierStatus::Returned,
        ][rng.weighted(&[85, 10, 5])];
        let finished = (status == DossierStatus::Resolved)
            .then(|| received + Duration::days(rng.range(1, 18)));
        let channel = [
            Channel::InPerson,
            Channel::PartlyOnline,
            Channel::FullyOnline,
            Channel::Post,
        ][rng.weighted(&[45, 20, 33, 2])];
        let online = matches!(channel, Channel::PartlyOnline | Channel::FullyOnline);
        sink.put::<portal_dossiers::Entity>(&portal_dossiers::Model {
            code: format!(
                "H{province}.{}-{}-{seq:05}",
                c.code,
                received.format("%y%m%d")
            ),
            procedure_code: (*rng.pick(&names::PROCEDURES)).to_owned(),
            unit_id: c.id,
            received_date: received,
            due_date: due,
            finished_date: finished,
            status: enum_str(&status),
            channel: enum_str(&channel),
            paid_online: online && rng.chance(600),
            electronic_result: finished.is_some() && rng.chance(500),
            digitised: rng.chance(750),
            synced: rng.chance(950),
            satisfaction: rng.chance(200).then(|| rng.range(3, 5) as i32),
            updated_at: at(finished.unwrap_or(received), 3),
        })?;
    }
    Ok(mine)
}
