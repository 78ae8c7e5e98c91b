//! `/api/v1/plans/{id}/conference-pack`: the papers the seed's section V asks the office to
//! prepare for the index conference, drafted from the data — all of them as one ZIP, and
//! each alone.

use std::io::Write as _;

use actix_web::http::header;
use actix_web::{HttpResponse, get, web};
use cchc_sdk::types::plans::{DocumentFormat, DocumentQuery};
use serde::Deserialize;
use utoipa_actix_web::service_config::ServiceConfig;
use uuid::Uuid;

use crate::AppState;
use crate::auth::{Ctx, Permission};
use crate::documents::{OfficialDocument, decision, invitation, plan, report};
use crate::domain::conference::{self, Conference};
use crate::error::ApiError;
use crate::http::download::{ascii_fallback, attachment};
use crate::routes::plans::{DocumentFile, download};

/// Registers the conference-pack routes.
pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(pack)
        .service(report_paper)
        .service(invitation_paper)
        .service(chart);
}

/// The file format of the ranking chart.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ChartFormat {
    /// SVG (vector, for print and the web).
    #[default]
    Svg,
    /// PNG, 2400 pixels wide.
    Png,
}

/// Query of `GET /api/v1/plans/{id}/conference-pack/chart`.
#[derive(Debug, Clone, Default, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ChartQuery {
    /// `svg` (default) or `png`.
    #[serde(default)]
    #[param(inline)]
    pub format: Option<ChartFormat>,
}

fn write(doc: &OfficialDocument, format: DocumentFormat) -> Result<Vec<u8>, ApiError> {
    match format {
        DocumentFormat::Docx => crate::documents::docx::write(doc),
        DocumentFormat::Pdf => crate::documents::pdf::write(doc),
    }
}

/// Both files of a document, named `stem.docx` and `stem.pdf`.
fn both(doc: &OfficialDocument, stem: &str) -> Result<Vec<(String, Vec<u8>)>, ApiError> {
    Ok(vec![
        (format!("{stem}.docx"), write(doc, DocumentFormat::Docx)?),
        (format!("{stem}.pdf"), write(doc, DocumentFormat::Pdf)?),
    ])
}

/// "Kế hoạch 07-KH-UBND": a number for a file name.
fn numbered(kind: &str, number_symbol: &str) -> String {
    format!(
        "{kind} {}",
        number_symbol
            .split_whitespace()
            .collect::<String>()
            .replace('/', "-")
    )
}

/// Every file of the pack, in order: plan, report, invitation, decisions, chart.
fn members(c: &Conference) -> Result<Vec<(String, Vec<u8>)>, ApiError> {
    let year = c.plan.content.year;
    let mut files = both(
        &plan::plan_document(&c.plan),
        &format!("1 {}", numbered("Ke hoach", &c.plan.number_symbol)),
    )?;
    if let Some(r) = &c.report {
        files.extend(both(
            &report::report_document(r),
            &format!("2 Bao cao ket qua Chi so CCHC nam {}", r.year),
        )?);
    }
    files.extend(both(
        &invitation::invitation_document(&c.plan, &c.unit_name),
        "3 Giay moi Hoi nghi",
    )?);
    for (i, d) in c.decisions.iter().enumerate() {
        let stem = format!(
            "4.{} {} nam {year}",
            i + 1,
            numbered("Quyet dinh khen thuong", &d.number_symbol)
        );
        files.extend(both(&decision::decision_document(d), &stem)?);
    }
    if let Some(figure) = c.report.as_ref().and_then(|r| r.chart.as_ref()) {
        let stem = format!("5 Bieu do xep hang Chi so CCHC nam {year}");
        files.push((format!("{stem}.svg"), figure.svg.clone().into_bytes()));
        files.push((format!("{stem}.png"), figure.png.clone()));
    }
    Ok(files)
}

/// The files as one ZIP (deflated; names in ASCII so every unzip tool reads them alike).
fn zip_of(files: Vec<(String, Vec<u8>)>) -> Result<Vec<u8>, ApiError> {
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for (name, bytes) in files {
        zip.start_file(ascii_fallback(&name), options)
            .map_err(ApiError::internal)?;
        zip.write_all(&bytes).map_err(ApiError::internal)?;
    }
    Ok(zip.finish().map_err(ApiError::internal)?.into_inner())
}

/// Download the conference pack of a plan
///
/// One ZIP of the papers the seed's section V asks the office to prepare, each drafted
/// from the data in the NĐ 30/2020 layout as DOCX and PDF: the plan; the evaluation report
/// (Báo cáo, `…/BC-UBND`: results by area beside last year's, rank among the parent's
/// units, lost points by department, the departments' causes, the remediation tasks with
/// their leads and due dates, the ranking chart); the invitation (Giấy mời, `…/GM-UBND`)
/// to the plan's participants with its time and place; the award decisions (not revoked)
/// of the plan's unit and year, when the caller may read awards; and the ranking chart as
/// SVG and PNG. The report is the plan's unit's assessment in the publication a legal
/// basis names, else its published (else finalized) assessment of the plan's year, else
/// of the year before; without one the pack has no report and no chart. Drafts: numbers
/// and dates blank for the văn thư.
///
/// Requires: any role, or scope `reports.read`.
#[utoipa::path(operation_id = "plans.conference_pack", tag = "plans",
    params(("id" = Uuid, Path, description = "Plan id")),
    responses((status = 200, description = "The pack", content((DocumentFile = "application/zip")))))]
#[get("/plans/{id}/conference-pack")]
async fn pack(
    state: web::Data<AppState>,
    ctx: Ctx,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, ApiError> {
    ctx.require(Permission::PlansRead)?;
    let c = conference::gather(&state.db, &ctx, *id).await?;
    let year = c.plan.content.year;
    let bytes = web::block(move || zip_of(members(&c)?))
        .await
        .map_err(ApiError::internal)??;
    Ok(HttpResponse::Ok()
        .insert_header((header::CONTENT_TYPE, "application/zip"))
        .insert_header((
            header::CONTENT_DISPOSITION,
            attachment(&format!("Hồ sơ Hội nghị Chỉ số CCHC năm {year}.zip")),
        ))
        .body(bytes))
}

/// Download the conference's evaluation report
///
/// The report of the conference pack (Báo cáo, `…/BC-UBND`) alone: DOCX (default) or PDF.
/// 404 with a detail when the plan answers no finalized or published assessment.
///
/// Requires: any role, or scope `reports.read`.
#[utoipa::path(operation_id = "plans.conference_report", tag = "plans",
    params(("id" = Uuid, Path, description = "Plan id"), DocumentQuery),
    responses((status = 200, description = "The report", content(
        (DocumentFile = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
        (DocumentFile = "application/pdf"),
    ))))]
#[get("/plans/{id}/conference-pack/report")]
async fn report_paper(
    state: web::Data<AppState>,
    ctx: Ctx,
    id: web::Path<Uuid>,
    query: web::Query<DocumentQuery>,
) -> Result<HttpResponse, ApiError> {
    ctx.require(Permission::PlansRead)?;
    let c = conference::gather(&state.db, &ctx, *id).await?;
    let data = c
        .report
        .ok_or_else(|| conference::no_report(c.plan.content.year))?;
    let format = query.format.unwrap_or_default();
    let year = data.year;
    let bytes = web::block(move || write(&report::report_document(&data), format))
        .await
        .map_err(ApiError::internal)??;
    Ok(download(
        bytes,
        format,
        &format!("Báo cáo kết quả Chỉ số CCHC năm {year}"),
    ))
}

/// Download the conference's invitation
///
/// The invitation of the conference pack (Giấy mời, `…/GM-UBND`) alone: DOCX (default) or
/// PDF. The plan's participants are invited; its first scheduled event with an exact time
/// (else its first) gives the time and place, a blank line where the plan has none.
///
/// Requires: any role, or scope `reports.read`.
#[utoipa::path(operation_id = "plans.conference_invitation", tag = "plans",
    params(("id" = Uuid, Path, description = "Plan id"), DocumentQuery),
    responses((status = 200, description = "The invitation", content(
        (DocumentFile = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
        (DocumentFile = "application/pdf"),
    ))))]
#[get("/plans/{id}/conference-pack/invitation")]
async fn invitation_paper(
    state: web::Data<AppState>,
    ctx: Ctx,
    id: web::Path<Uuid>,
    query: web::Query<DocumentQuery>,
) -> Result<HttpResponse, ApiError> {
    ctx.require(Permission::PlansRead)?;
    let plan =
        crate::domain::plans::to_out(crate::domain::plans::get(&state.db, &ctx.scope, *id).await?)?;
    let unit = crate::domain::scoped::find::<crate::entity::units::Entity>(
        &state.db,
        &ctx.scope,
        plan.unit_id,
    )
    .await?;
    let format = query.format.unwrap_or_default();
    let bytes =
        web::block(move || write(&invitation::invitation_document(&plan, &unit.name), format))
            .await
            .map_err(ApiError::internal)??;
    Ok(download(bytes, format, "Giấy mời Hội nghị"))
}

/// Download the conference's ranking chart
///
/// The ranking chart of the report alone: the published indexes of the units of the plan's
/// unit's parent as horizontal bars, best first, the plan's unit highlighted, the rating
/// bands' lower bounds as dashed lines with their labels; SVG (default) or PNG (2400 px
/// wide). 404 with a detail when the plan answers no published assessment.
///
/// Requires: any role, or scope `reports.read`.
#[utoipa::path(operation_id = "plans.conference_chart", tag = "plans",
    params(("id" = Uuid, Path, description = "Plan id"), ChartQuery),
    responses((status = 200, description = "The chart", content(
        (DocumentFile = "image/svg+xml"),
        (DocumentFile = "image/png"),
    ))))]
#[get("/plans/{id}/conference-pack/chart")]
async fn chart(
    state: web::Data<AppState>,
    ctx: Ctx,
    id: web::Path<Uuid>,
    query: web::Query<ChartQuery>,
) -> Result<HttpResponse, ApiError> {
    ctx.require(Permission::PlansRead)?;
    let c = conference::gather(&state.db, &ctx, *id).await?;
    let year = c.plan.content.year;
    let figure = c
        .report
        .and_then(|r| r.chart)
        .ok_or_else(|| conference::no_chart(year))?;
    let (mime, ext, bytes) = match query.format.unwrap_or_default() {
        ChartFormat::Svg => ("image/svg+xml", "svg", figure.svg.into_bytes()),
        ChartFormat::Png => ("image/png", "png", figure.png),
    };
    Ok(HttpResponse::Ok()
        .insert_header((header::CONTENT_TYPE, mime))
        .insert_header((
            header::CONTENT_DISPOSITION,
            attachment(&format!("Biểu đồ xếp hạng Chỉ số CCHC năm {year}.{ext}")),
        ))
        .body(bytes))
}
