//! The index at national scale: per province and year a commune framework — the demo's
//! (`server/demo/framework-2023.json`: eight areas, 39 sub-criteria, survey and portal
//! items) issued by the province —, its results published by one decision, and every
//! commune's assessment on it, scored item by item (appraised points with some lost,
//! survey points, portal scores frozen with their figures) and published.

use cchc_sdk::types::index::{AssessmentStatus, FrameworkIn, FrameworkStatus, Method, PortalScore};
use chrono::{DateTime, Duration, Utc};
use uuid::Uuid;

use super::portal::year_figures;
use super::rng::{Rng, at, ymd};
use super::sink::Sink;
use super::world::{Commune, World};
use super::{BenchError, Options, names, stream};
use crate::demo::loader;
use crate::domain::codec::enum_str;
use crate::domain::index::frameworks;
use crate::domain::index::scoring::{self, Adjustment, Tree, from_centi, to_centi};
use crate::domain::portal;
use crate::entity::{
    index_assessment_items, index_assessments, index_frameworks, index_publications,
};

/// A province's framework of a year, with its publication.
pub struct Framework {
    /// The framework's id.
    pub id: Uuid,
    /// Its year.
    pub year: i32,
    /// Its checked criteria tree.
    pub tree: Tree,
    /// Its bonus and penalty items.
    pub adjustments: Vec<Adjustment>,
    /// The decision publishing its results.
    pub publication_id: Uuid,
    /// When the results were published.
    pub published_at: DateTime<Utc>,
}

/// The frameworks and publications, by province then year.
pub fn frameworks(
    sink: &mut Sink,
    opts: &Options,
    world: &World,
) -> Result<Vec<Vec<Framework>>, BenchError> {
    let template = loader::json(&loader::FRAMEWORK_2023)?;
    let mut out = Vec::new();
    for (p, province) in world.provinces.iter().enumerate() {
        let mut rng = Rng::new(opts.seed, &[stream::FRAMEWORKS, p as u64]);
        let mut previous = None;
        let mut of_province = Vec::new();
        for year in opts.years_list() {
            let mut json = template.clone();
            json["issuer_unit_id"] = serde_json::json!(province.id);
            json["year"] = serde_json::json!(year);
            json["name"] =
                serde_json::json!(format!("Bộ chỉ số cải cách hành chính cấp xã năm {year}"));
            json["self_assessment_deadline"] = serde_json::json!(ymd(year, 12, 15));
            let input: FrameworkIn = serde_json::from_value(json)?;
            let created_at = at(ymd(year, 1, 15), 2);
            let published_at = at(ymd(year, 2, 1), 2);
            let id = rng.uuid_at(created_at);
            let model = index_frameworks::Model {
                id,
                issuer_unit_id: province.id,
                level: enum_str(&input.level),
                year,
                name: input.name.clone(),
                decision_reference: Some(format!(
                    "Quyết định số {}/QĐ-UBND ngày 15/01/{year} của UBND {}",
                    100 + rng.below(800),
                    names::short(&province.name)
                )),
                status: enum_str(&FrameworkStatus::Published),
                self_assessment_deadline: input.self_assessment_deadline,
                max_points_c: 0,
                bonus_cap_c: to_centi(input.bonus_cap).unwrap_or(0),
                penalty_cap_c: to_centi(input.penalty_cap).unwrap_or(0),
                bonus_items: serde_json::to_string(&input.bonus_items)?,
                penalty_items: serde_json::to_string(&input.penalty_items)?,
                bands: serde_json::to_string(&input.bands)?,
                tree: serde_json::to_string(&input.areas)?,
                copied_from_id: previous,
                published_at: Some(published_at),
                created_at,
                updated_at: published_at,
                version: 2,
            };
            // The server's own reading of the stored framework: what it cannot read fails here.
            let (_, tree) = frameworks::tree_of(&model)?;
            let adjustments = frameworks::adjustments_of(&model)?;
            frameworks::bands_of(&model)?;
            let model = index_frameworks::Model {
                max_points_c: tree.max,
                ..model
            };
            sink.put::<index_frameworks::Entity>(&model)?;
            let date = ymd(year + 1, 3, 15);
            let published_at = at(date, 3);
            let publication_id = rng.uuid_at(published_at);
            sink.put::<index_publications::Entity>(&index_publications::Model {
                id: publication_id,
                framework_id: id,
                parent_unit_id: province.id,
                number: format!("{}/QĐ-UBND", 200 + rng.below(700)),
                date,
                issuer: format!("UBND {}", names::short(&province.name)),
                assessment_count: province.communes.len() as i32,
                created_at: published_at,
            })?;
            previous = Some(id);
            of_province.push(Framework {
                id,
                year,
                tree,
                adjustments,
                publication_id,
                published_at,
            });
        }
        out.push(of_province);
    }
    Ok(out)
}

/// Quarter points at or below `c` hundredths.
fn quarter(c: i64) -> i64 {
    c.max(0) / 25 * 25
}

/// `c`'s assessments, one per framework of its province; answers their ids by year.
pub fn commune(
    sink: &mut Sink,
    opts: &Options,
    c: &Commune,
    frameworks: &[Framework],
) -> Result<Vec<Uuid>, BenchError> {
    let mut rng = Rng::new(opts.seed, &[stream::INDEX, c.index as u64]);
    // How well the commune works, in percent; it moves a little from year to year.
    let base = rng.range(60, 97);
    let mut ids = Vec::new();
    for f in frameworks {
        let level = (base + rng.range(-5, 5)).clamp(40, 100);
        let created_at = rng.instant(at(ymd(f.year, 11, 1), 1), at(ymd(f.year, 11, 20), 10));
        let submitted_at = rng.instant(at(ymd(f.year, 12, 1), 1), at(ymd(f.year, 12, 15), 10));
        let finalized_at = rng.instant(
            at(ymd(f.year + 1, 2, 10), 1),
            at(ymd(f.year + 1, 2, 28), 10),
        );
        let id = rng.uuid_at(created_at);
        sink.put::<index_assessments::Entity>(&index_assessments::Model {
            id,
            framework_id: f.id,
            unit_id: c.id,
            year: f.year,
            status: enum_str(&AssessmentStatus::Published),
            round: 1,
            explanation_note: None,
            bonus_c: if level >= 90 { 100 } else { 0 },
            penalty_c: 0,
            adjustment_note: None,
            publication_id: Some(f.publication_id),
            submitted_at: Some(submitted_at),
            finalized_at: Some(finalized_at),
            created_at,
            updated_at: f.published_at,
            version: 6,
        })?;
        let figures = year_figures(opts, c, f.year);
        for leaf in &f.tree.leaves {
            let mut row = item(&mut rng, id, leaf.id, &leaf.code, created_at, finalized_at);
            match leaf.method {
                Method::SelfAssessed => {
                    let full = rng.chance(level as u64 * 10);
                    let points = if full {
                        leaf.max
                    } else {
                        quarter(leaf.max * rng.range(0, 80) / 100)
                    };
                    let claimed = !full && rng.chance(300);
                    row.self_score_c = Some(if claimed { points } else { leaf.max });
                    row.appraised_score_c = Some(points);
                    row.appraiser_comment = (points < leaf.max)
                        .then(|| "Chưa đầy đủ tài liệu kiểm chứng theo yêu cầu.".to_owned());
                }
                Method::Survey => {
                    let share = (level + rng.range(-10, 5)).clamp(0, 100);
                    row.survey_points_c = Some(quarter(leaf.max * share / 100));
                }
                Method::PortalMetric => {
                    if let Some(rule) = &leaf.rule {
                        let percent = portal::ratio_centi(&figures, rule.metric);
                        let score = PortalScore {
                            metric: rule.metric,
                            percent: percent.map(|p| p as f64 / 100.0),
                            points: from_centi(scoring::portal_points(rule, percent)),
                            figures,
                        };
                        row.portal_snapshot = Some(serde_json::to_string(&score)?);
                    }
                }
                _ => {}
            }
            sink.put::<index_assessment_items::Entity>(&row)?;
        }
        for a in &f.adjustments {
            let row = item(&mut rng, id, a.id, &a.code, created_at, finalized_at);
            sink.put::<index_assessment_items::Entity>(&row)?;
        }
        ids.push(id);
    }
    Ok(ids)
}

/// An item row with nothing scored yet.
fn item(
    rng: &mut Rng,
    assessment_id: Uuid,
    criterion_id: Uuid,
    code: &str,
    created_at: DateTime<Utc>,
    updated_at: DateTime<Utc>,
) -> index_assessment_items::Model {
    index_assessment_items::Model {
        id: rng.uuid_at(created_at + Duration::milliseconds(1)),
        assessment_id,
        criterion_id,
        code: code.to_owned(),
        self_score_c: None,
        self_note: None,
        evidence: "[]".into(),
        appraised_score_c: None,
        survey_points_c: None,
        appraiser_comment: None,
        explanation_requested: false,
        responsible_department_id: None,
        portal_snapshot: None,
        updated_at,
        cause: None,
        solution: None,
        cause_at: None,
    }
}
