//! The conference pack of a plan: what the seed's section V asks the office to prepare for
//! the index conference, gathered from the data — the report's figures (results by area
//! beside last year's, rank, lost points by department, causes, remediation tasks, the
//! ranking chart) and the award decisions of the plan's unit and year.
//!
//! Which assessment a plan answers: the plan's unit's assessment in the index publication
//! a legal basis of the plan names (`index_publication_id`); otherwise the unit's
//! published (else finalized) assessment of the plan's `year` (the seed plan, of April
//! 2024, has `year` 2023: the year it reviews); otherwise of `year − 1` (a plan *for* a
//! year answers the previous year's results). No such assessment: the pack has no report.
//!
//! The report's "Dự báo" section projects the year after the one it reviews — the year
//! under way when the conference meets (the seed plan reviews 2023 in April 2024: 2024; a
//! plan for 2026 reviewing 2025: 2026), the same year its solutions are for — through
//! `index::outlook`, as of the caller's today. It is left out once that year's result of
//! the unit is published (the year is no longer open: the next report reviews it); with
//! no published framework of the year for the unit, it says so in one line.

use std::collections::HashMap;

use cchc_sdk::types::awards::{DecisionOut, DecisionStatus};
use cchc_sdk::types::index::{AssessmentStatus, OutlookQuery};
use cchc_sdk::types::plans::PlanOut;
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder};
use uuid::Uuid;

use crate::auth::{Ctx, Permission};
use crate::documents::chart::{Bar, ranking_chart};
use crate::documents::report::{
    AreaRow, Cause, DepartmentRow, LostRow, OutlookSection, Rank, ReportData, TaskRow,
};
use crate::domain::codec::enum_str;
use crate::domain::index::assessments::Sheet;
use crate::domain::index::scoring::{self, from_centi};
use crate::domain::index::{analysis, frameworks, outlook, results};
use crate::domain::scoped::{find, scoped};
use crate::entity::{
    award_decisions, departments, index_assessments, index_publications, tasks, units,
};
use crate::error::ApiError;

/// Everything of a plan's conference pack, before it is written out.
pub struct Conference {
    /// The plan.
    pub plan: PlanOut,
    /// The name of the plan's unit ("Xã Hòa Tân Tây").
    pub unit_name: String,
    /// The report's data, with the chart; none when the plan answers no scored assessment.
    pub report: Option<ReportData>,
    /// The award decisions (not revoked) of the plan's unit and year, when the caller may
    /// read awards.
    pub decisions: Vec<DecisionOut>,
}

const SCORED: [AssessmentStatus; 2] = [AssessmentStatus::Published, AssessmentStatus::Finalized];

/// The 404 of a report or chart asked for when the plan answers no scored assessment.
pub fn no_report(year: i32) -> ApiError {
    ApiError::not_found().with_detail(
        format!(
            "Kế hoạch chưa gắn với kết quả Chỉ số CCHC nào: đơn vị chưa có phiếu đánh giá năm \
             {year} (hoặc {}) đã thẩm định xong.",
            year - 1
        ),
        format!(
            "The plan answers no index result: its unit has no finalized or published \
             assessment of {year} (or {}).",
            year - 1
        ),
    )
}

/// The 404 of a chart asked for before the plan's year is published (no ranking yet).
pub fn no_chart(year: i32) -> ApiError {
    ApiError::not_found().with_detail(
        format!(
            "Chưa có bảng xếp hạng: kết quả Chỉ số CCHC năm {year} (hoặc {}) của đơn vị chưa \
             được công bố.",
            year - 1
        ),
        format!(
            "No ranking yet: the unit's index result of {year} (or {}) is not published.",
            year - 1
        ),
    )
}

/// Gathers the pack of plan `plan_id` as the caller sees it (404 for a plan out of scope).
pub async fn gather(
    db: &DatabaseConnection,
    ctx: &Ctx,
    plan_id: Uuid,
) -> Result<Conference, ApiError> {
    let plan =
        crate::domain::plans::to_out(crate::domain::plans::get(db, &ctx.scope, plan_id).await?)?;
    let unit = find::<units::Entity>(db, &ctx.scope, plan.unit_id).await?;
    let report = match answered_assessment(db, ctx, &plan).await? {
        Some(a) => Some(report_data(db, ctx, &plan, &unit, a).await?),
        None => None,
    };
    let decisions = if ctx.can(Permission::AwardsRead) {
        let rows = scoped::<award_decisions::Entity>(&ctx.scope)
            .filter(award_decisions::Column::UnitId.eq(plan.unit_id))
            .filter(award_decisions::Column::Year.eq(plan.content.year))
            .filter(award_decisions::Column::Status.ne(enum_str(&DecisionStatus::Revoked)))
            .order_by_asc(award_decisions::Column::CreatedAt)
            .all(db)
            .await?;
        let mut out = Vec::with_capacity(rows.len());
        for m in rows {
            out.push(crate::domain::awards::decisions::to_out(db, m).await?);
        }
        out
    } else {
        Vec::new()
    };
    Ok(Conference {
        plan,
        unit_name: unit.name,
        report,
        decisions,
    })
}

/// The assessment the plan answers (see the module's rule).
async fn answered_assessment(
    db: &DatabaseConnection,
    ctx: &Ctx,
    plan: &PlanOut,
) -> Result<Option<index_assessments::Model>, ApiError> {
    let of_unit = || {
        scoped::<index_assessments::Entity>(&ctx.scope)
            .filter(index_assessments::Column::UnitId.eq(plan.unit_id))
            .filter(index_assessments::Column::Status.is_in(SCORED.iter().map(enum_str)))
    };
    let named: Vec<Uuid> = plan
        .content
        .legal_bases
        .iter()
        .filter_map(|b| b.index_publication_id)
        .collect();
    if !named.is_empty()
        && let Some(a) = of_unit()
            .filter(index_assessments::Column::PublicationId.is_in(named))
            .one(db)
            .await?
    {
        return Ok(Some(a));
    }
    for year in [plan.content.year, plan.content.year - 1] {
        let mut found = of_unit()
            .filter(index_assessments::Column::Year.eq(year))
            .order_by_desc(index_assessments::Column::UpdatedAt)
            .all(db)
            .await?;
        // Published first, then the latest finalized.
        found.sort_by_key(|a| a.status != enum_str(&AssessmentStatus::Published));
        if let Some(a) = found.into_iter().next() {
            return Ok(Some(a));
        }
    }
    Ok(None)
}

/// The report's figures for assessment `a` of the plan's unit.
async fn report_data(
    db: &DatabaseConnection,
    ctx: &Ctx,
    plan: &PlanOut,
    unit: &units::Model,
    a: index_assessments::Model,
) -> Result<ReportData, ApiError> {
    let year = a.year;
    let publication = match a.publication_id {
        Some(id) => index_publications::Entity::find_by_id(id)
            .one(db)
            .await?
            .map(|p| {
                format!(
                    "Quyết định số {} ngày {} của {}",
                    p.number,
                    p.date.format("%d/%m/%Y"),
                    p.issuer
                )
            }),
        None => None,
    };
    let published = a.status == enum_str(&AssessmentStatus::Published);
    let sheet = Sheet::load(db, a).await?;
    let bands = frameworks::bands_of(&sheet.framework)?;
    // Last year, per area code: the unit's own scored assessment of the year before.
    let before = scoped::<index_assessments::Entity>(&ctx.scope)
        .filter(index_assessments::Column::UnitId.eq(unit.id))
        .filter(index_assessments::Column::Year.eq(year - 1))
        .filter(index_assessments::Column::Status.is_in(SCORED.iter().map(enum_str)))
        .one(db)
        .await?;
    let (previous_areas, mut previous_index): (HashMap<String, f64>, Option<f64>) = match before {
        Some(b) => {
            let s = Sheet::load(db, b).await?;
            let areas = s
                .areas_out()
                .into_iter()
                .map(|a| (a.code, a.percent))
                .collect();
            (areas, Some(from_centi(s.index())))
        }
        None => (HashMap::new(), None),
    };
    // Rank and chart: the published results of the parent's units.
    let (mut rank, mut chart) = (None, None);
    if let (true, Some(parent)) = (published, unit.parent_id) {
        let ranking = results::ranking(db, parent, year).await?;
        if let Some(own) = ranking.results.iter().find(|r| r.unit_id == unit.id) {
            // The published comparison also follows mergers (predecessors' average).
            previous_index = own.previous_index_percent.or(previous_index);
            let parent_name = units::Entity::find_by_id(parent)
                .one(db)
                .await?
                .map(|p| p.name)
                .unwrap_or_default();
            rank = Some(Rank {
                rank: own.rank,
                of: own.ranked_units,
                parent_name: parent_name.clone(),
            });
            let bars: Vec<Bar> = ranking
                .results
                .iter()
                .map(|r| Bar {
                    label: r.unit_name.clone(),
                    percent: r.index_percent,
                    highlighted: r.unit_id == unit.id,
                })
                .collect();
            let title = format!("Chỉ số CCHC năm {year} các đơn vị thuộc {parent_name}");
            chart = Some(draw_chart(bars, bands.clone(), title).await?);
        }
    }
    let analysis = analysis::analyse(db, ctx, sheet.assessment.id).await?;
    let lost_ids: Vec<Uuid> = analysis.items.iter().map(|i| i.criterion_id).collect();
    let names: HashMap<Uuid, String> = scoped::<departments::Entity>(&ctx.scope)
        .filter(departments::Column::UnitId.eq(unit.id))
        .all(db)
        .await?
        .into_iter()
        .map(|d| (d.id, d.name))
        .collect();
    let mut linked = scoped::<tasks::Entity>(&ctx.scope)
        .filter(tasks::Column::UnitId.eq(unit.id))
        .filter(tasks::Column::CriterionId.is_in(lost_ids.iter().copied()))
        .order_by_asc(tasks::Column::CreatedAt)
        .all(db)
        .await?;
    // In the order of the lost items (most lost first), then as created.
    linked.sort_by_key(|t| lost_ids.iter().position(|id| Some(*id) == t.criterion_id));
    let index = sheet.index();
    let outlook = outlook_section(db, ctx, unit, year + 1).await?;
    let signed = crate::documents::plan::plan_document(plan);
    let mut recipients = signed.recipients;
    recipients.pop(); // "- Lưu: VT.", added back by the report.
    Ok(ReportData {
        parent_authority: plan.content.parent_authority.clone(),
        issuing_body: plan.content.issuing_body.clone(),
        issuer_code: plan.content.issuer_code.clone(),
        place: plan.content.place.clone(),
        unit_name: unit.name.clone(),
        year,
        publication,
        areas: sheet
            .areas_out()
            .into_iter()
            .map(|a| AreaRow {
                previous_percent: previous_areas.get(&a.code).copied(),
                code: a.code,
                name: a.name,
                max_points: a.max_points,
                points: a.points,
                percent: a.percent,
            })
            .collect(),
        bonus: from_centi(sheet.assessment.bonus_c),
        penalty: from_centi(sheet.assessment.penalty_c),
        points: from_centi(sheet.total()),
        max_points: from_centi(sheet.tree.max),
        index_percent: from_centi(index),
        band: scoring::band_of(index, &bands),
        previous_index_percent: previous_index,
        rank,
        departments: analysis
            .departments
            .iter()
            .map(|d| DepartmentRow {
                name: d.department_name.clone(),
                codes: d.codes.clone(),
                lost_points: d.lost_points,
            })
            .collect(),
        lost: analysis
            .items
            .iter()
            .map(|i| LostRow {
                code: i.code.clone(),
                name: i.name.clone(),
                max_points: i.max_points,
                points: i.points,
                department: i.department_name.clone(),
            })
            .collect(),
        causes: crate::domain::index::assessments::causes::for_assessment(
            db,
            &ctx.scope,
            sheet.assessment.id,
        )
        .await?
        .into_iter()
        .map(|c| Cause {
            department: c
                .department_id
                .and_then(|d| names.get(&d).cloned())
                .unwrap_or_else(|| "Chưa phân công".into()),
            criterion_code: c.code,
            cause: c.cause,
            solution: c.solution,
        })
        .collect(),
        tasks: linked
            .into_iter()
            .map(|t| TaskRow {
                lead: t.lead_department_id.and_then(|d| names.get(&d).cloned()),
                title: t.title,
                due_date: t.due_date,
            })
            .collect(),
        outlook,
        chart,
        recipients,
        signature: signed.signature,
    })
}

/// The "Dự báo" section: the unit's outlook of `year` (see the module's rule), none once
/// its result of `year` is published.
async fn outlook_section(
    db: &DatabaseConnection,
    ctx: &Ctx,
    unit: &units::Model,
    year: i32,
) -> Result<Option<OutlookSection>, ApiError> {
    let published = index_assessments::Entity::find()
        .filter(index_assessments::Column::UnitId.eq(unit.id))
        .filter(index_assessments::Column::Year.eq(year))
        .filter(index_assessments::Column::Status.eq(enum_str(&AssessmentStatus::Published)))
        .one(db)
        .await?;
    if published.is_some() {
        return Ok(None);
    }
    let query = OutlookQuery {
        unit_id: unit.id,
        year: Some(year),
    };
    let found = outlook::outlook(db, ctx, &query).await?;
    let parent_name = match unit.parent_id {
        Some(p) => units::Entity::find_by_id(p).one(db).await?.map(|p| p.name),
        None => None,
    };
    Ok(Some(OutlookSection {
        year,
        as_of: found.as_of,
        parent_name,
        projection: found.projection,
    }))
}

/// The chart, drawn on the blocking pool (rendering the PNG is CPU work).
async fn draw_chart(
    bars: Vec<Bar>,
    bands: Vec<cchc_sdk::types::index::Band>,
    title: String,
) -> Result<crate::documents::Figure, ApiError> {
    actix_web::web::block(move || ranking_chart(&bars, &bands, &title))
        .await
        .map_err(ApiError::internal)?
}
