//! `/api/v1/index/frameworks`: frameworks and their criteria sheets.

use actix_web::http::header;
use actix_web::{HttpRequest, HttpResponse, get, patch, post, put, web};
use cchc_sdk::types::common::Page;
use cchc_sdk::types::index::{
    CopyFramework, CriterionIn, FrameworkIn, FrameworkListQuery, FrameworkOut, FrameworkPatch,
    SheetFormat, SheetQuery,
};
use uuid::Uuid;

use crate::AppState;
use crate::auth::{Ctx, Permission};
use crate::domain::index::frameworks;
use crate::error::{ApiError, ErrorKind, Lang};
use crate::http::etag::IfMatch;
use crate::http::extract::ApiJson;
use crate::http::pagination::PageRequest;
use crate::http::responses::Resource;

fn framework(
    m: crate::entity::index_frameworks::Model,
    req: &HttpRequest,
) -> Result<Resource<FrameworkOut>, ApiError> {
    let version = m.version;
    Ok(Resource::ok(frameworks::to_out(m, lang(req))?, version))
}

/// The answer's language, for the framework's warnings.
fn lang(req: &HttpRequest) -> Lang {
    crate::http::extract::lang_of(req)
}

/// List frameworks
///
/// Frameworks are readable by every principal of the installation: each unit reads the
/// criteria it is scored by. Filters: year, level, status.
///
/// Requires: any role or scope.
#[utoipa::path(operation_id = "index.frameworks.list", tag = "index", params(FrameworkListQuery),
    responses((status = 200, description = "One page of frameworks", body = Page<FrameworkOut>)))]
#[get("/index/frameworks")]
pub(super) async fn list_frameworks(
    state: web::Data<AppState>,
    ctx: Ctx,
    req: HttpRequest,
    query: web::Query<FrameworkListQuery>,
) -> Result<web::Json<Page<FrameworkOut>>, ApiError> {
    ctx.require(Permission::IndexRead)?;
    crate::http::pagination::check_year(query.year)?;
    let page = PageRequest::parse(query.limit, query.cursor.as_deref())?;
    let rows = frameworks::list(&state.db, &query, &page).await?;
    Ok(web::Json(Page {
        data: rows
            .data
            .into_iter()
            .map(|m| frameworks::to_out(m, lang(&req)))
            .collect::<Result<_, _>>()?,
        next_cursor: rows.next_cursor,
        has_more: rows.has_more,
    }))
}

/// Create (or import) a framework
///
/// A draft with its whole tree, up to four levels: areas -> criteria -> sub-criteria ->
/// contents, each with a dotted code, a name and max points (to the hundredth of a point:
/// 0.25 and 0.01 steps are exact); scored items (nodes without children) carry their method
/// (`self_assessed`, `survey`, `portal_metric` with its rule), `scoring: deduction` for
/// items scored by deduction, and the kind of department responsible. The children's max
/// points must add up to their parent's (422 `sum_mismatch` naming the node). Bonus and
/// penalty are one cap each (`bonus_cap`, `penalty_cap`) or itemized criteria with their
/// own caps (`bonus_items`, `penalty_items`). A total other than 100 is accepted with a
/// warning (`warnings`, code `total_not_100`); the index is then computed on that total.
/// The body is what `…/export` gives, so a framework moves between installations as one
/// file.
///
/// Requires: `system_admin`, or `unit_admin` of the issuing unit.
#[utoipa::path(operation_id = "index.frameworks.create", tag = "index", request_body = FrameworkIn,
    responses((status = 201, description = "The draft framework", body = FrameworkOut)))]
#[post("/index/frameworks")]
pub(super) async fn create_framework(
    state: web::Data<AppState>,
    ctx: Ctx,
    req: HttpRequest,
    body: ApiJson<FrameworkIn>,
) -> Result<Resource<FrameworkOut>, ApiError> {
    ctx.require(Permission::IndexFrameworksWrite)?;
    let m = frameworks::create(&state.db, &ctx, body.0, None).await?;
    let (location, version) = (format!("/api/v1/index/frameworks/{}", m.id), m.version);
    Ok(Resource::created(
        frameworks::to_out(m, lang(&req))?,
        version,
        location,
    ))
}

/// Get a framework
///
/// Requires: any role or scope.
#[utoipa::path(operation_id = "index.frameworks.get", tag = "index", params(("id" = Uuid, Path, description = "Framework id")),
    responses((status = 200, description = "The framework", body = FrameworkOut)))]
#[get("/index/frameworks/{id}")]
pub(super) async fn get_framework(
    state: web::Data<AppState>,
    ctx: Ctx,
    req: HttpRequest,
    id: web::Path<Uuid>,
) -> Result<Resource<FrameworkOut>, ApiError> {
    ctx.require(Permission::IndexRead)?;
    framework(frameworks::get(&state.db, *id).await?, &req)
}

/// Change a draft framework
///
/// Merge patch; `areas` replaces the whole tree. A published framework is frozen (409
/// `invalid_transition`): copy it instead.
///
/// Requires: `system_admin`, or `unit_admin` of the issuing unit.
#[utoipa::path(operation_id = "index.frameworks.update", tag = "index", request_body = FrameworkPatch,
    params(("id" = Uuid, Path, description = "Framework id")),
    responses((status = 200, description = "The framework", body = FrameworkOut)))]
#[patch("/index/frameworks/{id}")]
pub(super) async fn update_framework(
    state: web::Data<AppState>,
    ctx: Ctx,
    req: HttpRequest,
    id: web::Path<Uuid>,
    if_match: IfMatch,
    body: ApiJson<FrameworkPatch>,
) -> Result<Resource<FrameworkOut>, ApiError> {
    framework(
        frameworks::update(&state.db, &ctx, *id, &if_match, body.0).await?,
        &req,
    )
}

/// Publish a framework
///
/// Puts it in force and freezes it; assessments can then be opened against it.
///
/// Requires: `system_admin`, or `unit_admin` of the issuing unit.
#[utoipa::path(operation_id = "index.frameworks.publish", tag = "index",
    params(("id" = Uuid, Path, description = "Framework id")),
    responses((status = 200, description = "The published framework", body = FrameworkOut)))]
#[post("/index/frameworks/{id}/publish")]
pub(super) async fn publish_framework(
    state: web::Data<AppState>,
    ctx: Ctx,
    req: HttpRequest,
    id: web::Path<Uuid>,
    if_match: IfMatch,
) -> Result<Resource<FrameworkOut>, ApiError> {
    framework(
        frameworks::publish(&state.db, &ctx, *id, &if_match).await?,
        &req,
    )
}

/// Copy a framework to start another year's
///
/// A new draft with the same tree, caps and bands, for `year`.
///
/// Requires: `system_admin`, or `unit_admin` of the issuing unit.
#[utoipa::path(operation_id = "index.frameworks.copy", tag = "index", request_body = CopyFramework,
    params(("id" = Uuid, Path, description = "Framework to copy")),
    responses((status = 201, description = "The new draft", body = FrameworkOut)))]
#[post("/index/frameworks/{id}/copy")]
pub(super) async fn copy_framework(
    state: web::Data<AppState>,
    ctx: Ctx,
    req: HttpRequest,
    id: web::Path<Uuid>,
    body: ApiJson<CopyFramework>,
) -> Result<Resource<FrameworkOut>, ApiError> {
    let m = frameworks::copy(&state.db, &ctx, *id, body.0).await?;
    let (location, version) = (format!("/api/v1/index/frameworks/{}", m.id), m.version);
    Ok(Resource::created(
        frameworks::to_out(m, lang(&req))?,
        version,
        location,
    ))
}

/// Export a framework as JSON
///
/// The whole framework as a file in the shape `index.frameworks.create` takes.
///
/// Requires: any role or scope.
#[utoipa::path(operation_id = "index.frameworks.export", tag = "index",
    params(("id" = Uuid, Path, description = "Framework id")),
    responses((status = 200, description = "The framework file", body = FrameworkIn)))]
#[get("/index/frameworks/{id}/export")]
pub(super) async fn export_framework(
    state: web::Data<AppState>,
    ctx: Ctx,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, ApiError> {
    ctx.require(Permission::IndexRead)?;
    let m = frameworks::get(&state.db, *id).await?;
    let body = frameworks::export(&m)?;
    Ok(HttpResponse::Ok()
        .insert_header((
            header::CONTENT_DISPOSITION,
            crate::http::download::attachment(&format!("framework-{}-{}.json", m.year, m.id)),
        ))
        .json(body))
}

/// Get a framework's criteria sheet
///
/// `format=json` (the `areas` tree) or `format=csv` (one row per node with the header
/// `code,name,max_points,method,responsible,metric,thresholds,scoring`; what a province's
/// office keeps in Excel).
///
/// Requires: any role or scope.
#[utoipa::path(operation_id = "index.frameworks.criteria", tag = "index",
    params(("id" = Uuid, Path, description = "Framework id"), SheetQuery),
    responses((status = 200, description = "The criteria", content(
        (Vec<CriterionIn> = "application/json"),
        (String = "text/csv"),
    ))))]
#[get("/index/frameworks/{id}/criteria")]
pub(super) async fn get_criteria(
    state: web::Data<AppState>,
    ctx: Ctx,
    id: web::Path<Uuid>,
    query: web::Query<SheetQuery>,
) -> Result<HttpResponse, ApiError> {
    ctx.require(Permission::IndexRead)?;
    let m = frameworks::get(&state.db, *id).await?;
    let (areas, _) = frameworks::tree_of(&m)?;
    Ok(match query.format {
        SheetFormat::Json => HttpResponse::Ok().json(areas),
        SheetFormat::Csv => crate::http::download::csv(
            frameworks::to_csv(&areas)?,
            &format!("Tiêu chí - {}.csv", m.name),
        ),
    })
}

/// Replace a draft framework's criteria
///
/// The body is the tree as JSON (`application/json`) or the CSV sheet (`text/csv`); CSV
/// problems name their line (`line 4.max_points`), tree problems their node.
///
/// Requires: `system_admin`, or `unit_admin` of the issuing unit.
#[utoipa::path(operation_id = "index.frameworks.replace_criteria", tag = "index",
    params(("id" = Uuid, Path, description = "Framework id")),
    request_body(content(
        (Vec<CriterionIn> = "application/json"),
        (String = "text/csv"),
    )),
    responses((status = 200, description = "The framework", body = FrameworkOut)))]
#[put("/index/frameworks/{id}/criteria")]
pub(super) async fn replace_criteria(
    state: web::Data<AppState>,
    ctx: Ctx,
    req: HttpRequest,
    id: web::Path<Uuid>,
    if_match: IfMatch,
    body: web::Bytes,
) -> Result<Resource<FrameworkOut>, ApiError> {
    let content_type = req
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_ascii_lowercase();
    let areas = if content_type.starts_with("text/csv") {
        frameworks::from_csv(&body)?
    } else if content_type.starts_with("application/json") {
        crate::http::extract::parse_any::<Vec<CriterionIn>>(&body)?
    } else {
        return Err(ApiError::new(ErrorKind::UnsupportedMediaType).with_detail(
            "Gửi bộ tiêu chí dạng application/json hoặc text/csv.",
            "Send the criteria as application/json or text/csv.",
        ));
    };
    framework(
        frameworks::replace_tree(&state.db, &ctx, *id, &if_match, areas).await?,
        &req,
    )
}
