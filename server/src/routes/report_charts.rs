//! The reports' charts served alone: the index ranking of a parent's units (the chart of
//! the conference pack's report) and a plan's progress by lead department, as SVG or PNG.

use actix_web::http::header;
use actix_web::{HttpResponse, get, web};
use sea_orm::EntityTrait;
use serde::Deserialize;
use utoipa_actix_web::service_config::ServiceConfig;
use uuid::Uuid;

use crate::AppState;
use crate::auth::{Ctx, Permission};
use crate::documents::Figure;
use crate::documents::chart::{Bar, ranking_chart};
use crate::domain::index::{frameworks, results};
use crate::entity::index_frameworks;
use crate::error::{ApiError, ErrorKind};
use crate::http::download::attachment;
use crate::routes::conference::ChartFormat;
use crate::routes::plans::DocumentFile;

/// Registers the chart routes.
pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(index_ranking_chart)
        .service(plan_progress_chart);
}

/// Query of `GET /api/v1/reports/index-ranking/chart.{format}`.
#[derive(Debug, Clone, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct RankingChartQuery {
    /// The parent unit whose direct children are ranked.
    pub parent_id: Uuid,
    /// The index year.
    #[param(minimum = 2000, maximum = 2100)]
    pub year: i32,
    /// A unit whose bar is drawn in the highlight colour.
    #[serde(default)]
    pub highlight: Option<Uuid>,
}

/// Query of `GET /api/v1/reports/plan-progress/chart.{format}`.
#[derive(Debug, Clone, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ProgressChartQuery {
    /// The plan.
    pub plan_id: Uuid,
}

/// Chart the index ranking of a parent's units
///
/// The published indexes of the units directly under `parent_id` for `year` as horizontal
/// bars, best first, the `highlight` unit's bar in red, the rating bands' lower bounds of
/// their framework as dashed lines, Vietnamese labels: the chart of the conference pack's
/// report. `chart.svg` or `chart.png` (2400 px wide). 404 when nothing is published.
///
/// Requires: any role or scope.
#[utoipa::path(operation_id = "reports.index_ranking_chart", tag = "reports",
    params(("format" = inline(ChartFormat), Path, description = "`svg` or `png`"), RankingChartQuery),
    responses((status = 200, description = "The chart", content(
        (DocumentFile = "image/svg+xml"),
        (DocumentFile = "image/png"),
    ))))]
#[get("/reports/index-ranking/chart.{format}")]
async fn index_ranking_chart(
    state: web::Data<AppState>,
    ctx: Ctx,
    format: web::Path<ChartFormat>,
    query: web::Query<RankingChartQuery>,
) -> Result<HttpResponse, ApiError> {
    ctx.require(Permission::IndexRead)?;
    crate::http::pagination::check_year(Some(query.year))?;
    let ranking = results::ranking(&state.db, query.parent_id, query.year).await?;
    let Some(first) = ranking.results.first() else {
        return Err(ApiError::new(ErrorKind::NotFound).with_detail(
            format!(
                "Chưa có kết quả Chỉ số CCHC năm {} được công bố.",
                query.year
            ),
            format!("No index results of {} are published.", query.year),
        ));
    };
    let bands = match index_frameworks::Entity::find_by_id(first.framework_id)
        .one(&state.db)
        .await?
    {
        Some(f) => frameworks::bands_of(&f)?,
        None => Vec::new(),
    };
    let bars: Vec<Bar> = ranking
        .results
        .iter()
        .map(|r| Bar {
            label: r.unit_name.clone(),
            percent: r.index_percent,
            highlighted: Some(r.unit_id) == query.highlight,
        })
        .collect();
    let title = format!("Chỉ số CCHC năm {}", query.year);
    let figure = draw(bars, bands, title).await?;
    Ok(answer(
        figure,
        *format,
        &format!("Biểu đồ xếp hạng Chỉ số CCHC năm {}", query.year),
    ))
}

/// Chart a plan's progress by department
///
/// One bar per lead department of the plan's tasks: its weighted progress in percent (as
/// `reports.plan_progress` counts it), best first; "Chưa giao" for tasks with no lead.
/// `chart.svg` or `chart.png` (2400 px wide). 404 for a plan the caller cannot see, or one
/// without tasks.
///
/// Requires: any role, or scope `reports.read`.
#[utoipa::path(operation_id = "reports.plan_progress_chart", tag = "reports",
    params(("format" = inline(ChartFormat), Path, description = "`svg` or `png`"), ProgressChartQuery),
    responses((status = 200, description = "The chart", content(
        (DocumentFile = "image/svg+xml"),
        (DocumentFile = "image/png"),
    ))))]
#[get("/reports/plan-progress/chart.{format}")]
async fn plan_progress_chart(
    state: web::Data<AppState>,
    ctx: Ctx,
    format: web::Path<ChartFormat>,
    query: web::Query<ProgressChartQuery>,
) -> Result<HttpResponse, ApiError> {
    ctx.require(Permission::TasksRead)?;
    let report = crate::domain::reports::plan_progress::plan_progress(
        &state.db,
        &ctx.scope,
        query.plan_id,
        ctx.today(),
    )
    .await?;
    if report.departments.is_empty() {
        return Err(ApiError::new(ErrorKind::NotFound).with_detail(
            "Kế hoạch chưa có nhiệm vụ nào.",
            "The plan has no tasks yet.",
        ));
    }
    let mut bars: Vec<Bar> = report
        .departments
        .iter()
        .map(|d| Bar {
            label: d
                .department_name
                .clone()
                .unwrap_or_else(|| "Chưa giao".into()),
            percent: d.progress.weighted_progress,
            highlighted: false,
        })
        .collect();
    bars.sort_by(|a, b| b.percent.total_cmp(&a.percent));
    let title = format!("Tiến độ theo bộ phận: {}", report.plan_title);
    let figure = draw(bars, Vec::new(), title).await?;
    Ok(answer(figure, *format, "Biểu đồ tiến độ kế hoạch"))
}

async fn draw(
    bars: Vec<Bar>,
    bands: Vec<cchc_sdk::types::index::Band>,
    title: String,
) -> Result<Figure, ApiError> {
    web::block(move || ranking_chart(&bars, &bands, &title))
        .await
        .map_err(ApiError::internal)?
}

fn answer(figure: Figure, format: ChartFormat, stem: &str) -> HttpResponse {
    let (mime, ext, bytes) = match format {
        ChartFormat::Svg => ("image/svg+xml", "svg", figure.svg.into_bytes()),
        ChartFormat::Png => ("image/png", "png", figure.png),
    };
    HttpResponse::Ok()
        .insert_header((header::CONTENT_TYPE, mime))
        .insert_header((
            header::CONTENT_DISPOSITION,
            attachment(&format!("{stem}.{ext}")),
        ))
        .body(bytes)
}
