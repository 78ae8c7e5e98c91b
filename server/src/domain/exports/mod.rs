//! Export jobs (`/api/v1/exports`): a report asked for now and made by the export worker
//! ([`worker`]) on any replica, then downloaded.
//!
//! - A job is a row of `export_jobs`; its file a row of `export_files`, read only by
//!   [`file`] (a job's metadata never loads its bytes).
//! - A job belongs to whoever asked for it: another principal's job is 404, as for
//!   sessions. It runs with its requester's rights *at run time* (a deactivated user's job
//!   fails), never beyond those of the request (a narrowed token's job stays narrowed), and
//!   its report is read through the same scoped functions as the report's endpoint
//!   ([`crate::domain::reports::produce`]).
//! - Asking for a job and deleting one are changes of the one write path, journaled; the
//!   worker's progress is bookkeeping, not a change of anyone's.

pub mod worker;

use cchc_sdk::types::common::Page;
use cchc_sdk::types::exports::{ExportError, ExportIn, ExportOut, ExportParameters, ExportStatus};
use cchc_sdk::types::reports::ReportFormat;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseConnection,
    EntityTrait, ModelTrait, QueryFilter, Select,
};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::auth::Ctx;
use crate::config::Config;
use crate::domain::audit::{self, Event};
use crate::domain::codec::{enum_str, parse_enum};
use crate::domain::page::PageRequest;
use crate::domain::reports::produce;
use crate::domain::write::Write;
use crate::entity::{export_files, export_jobs as jobs};
use crate::error::{ApiError, ErrorKind, FieldIssue, Lang};

/// The rights a job was asked with: the request's roles (people) or scopes (systems).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Granted {
    /// Roles.
    #[serde(default)]
    pub roles: Vec<cchc_sdk::types::auth::Role>,
    /// Scopes.
    #[serde(default)]
    pub scopes: Vec<cchc_sdk::types::auth::ClientScope>,
}

/// The path a finished job's file is downloaded from.
pub fn download_path(id: Uuid) -> String {
    format!("/api/v1/exports/{id}/file")
}

/// The wire form of a job, its error in `lang`.
pub fn to_out(m: &jobs::Model, lang: Lang) -> Result<ExportOut, ApiError> {
    let status: ExportStatus = parse_enum(&m.status)?;
    let error = match (&m.error_code, m.error_status) {
        (Some(code), Some(status)) => Some(ExportError {
            code: code.clone(),
            status: u16::try_from(status).unwrap_or(500),
            detail: match lang {
                Lang::Vi => m.error_vi.clone(),
                Lang::En => m.error_en.clone(),
            }
            .unwrap_or_default(),
        }),
        _ => None,
    };
    Ok(ExportOut {
        id: m.id,
        report: parse_enum(&m.report)?,
        format: parse_enum(&m.format)?,
        parameters: serde_json::from_str(&m.parameters).map_err(ApiError::internal)?,
        status,
        progress: m.progress,
        attempts: m.attempts,
        error,
        download_url: (status == ExportStatus::Succeeded).then(|| download_path(m.id)),
        file_name: m.file_name.clone(),
        content_type: m.content_type.clone(),
        size_bytes: m.size_bytes,
        created_at: m.created_at,
        started_at: m.started_at,
        finished_at: m.finished_at,
        expires_at: m.expires_at,
        version: m.version,
    })
}

/// The jobs of the caller.
fn own(ctx: &Ctx) -> Select<jobs::Entity> {
    jobs::Entity::find()
        .filter(jobs::Column::PrincipalKind.eq(enum_str(&ctx.principal.kind)))
        .filter(jobs::Column::PrincipalId.eq(ctx.principal.id))
}

/// A job of the caller's, or 404.
pub async fn get(db: &impl ConnectionTrait, ctx: &Ctx, id: Uuid) -> Result<jobs::Model, ApiError> {
    own(ctx)
        .filter(jobs::Column::Id.eq(id))
        .one(db)
        .await?
        .ok_or_else(ApiError::not_found)
}

/// One page of the caller's jobs, oldest first, of one status when asked.
pub async fn list(
    db: &DatabaseConnection,
    ctx: &Ctx,
    status: Option<ExportStatus>,
    page: &PageRequest,
) -> Result<Page<jobs::Model>, ApiError> {
    let mut select = own(ctx);
    if let Some(status) = status {
        select = select.filter(jobs::Column::Status.eq(enum_str(&status)));
    }
    page.load(db, select, jobs::Column::Id, |r| r.id).await
}

/// The issues of the references of `p` the caller cannot see (`unknown_reference`):
/// a unit, plan or assessment outside its units. The ranked parent only has to exist
/// (published rankings are public within the installation).
async fn unseen(db: &impl ConnectionTrait, ctx: &Ctx, p: &ExportParameters) -> Vec<FieldIssue> {
    let mut issues = Vec::new();
    let scope = &ctx.scope;
    if let Some(id) = p.unit_id
        && !matches!(
            crate::domain::units::find_visible(db, scope, id).await,
            Ok(Some(_))
        )
    {
        issues.push(FieldIssue::unknown_reference("parameters.unit_id"));
    }
    if let Some(id) = p.parent_id
        && !matches!(
            crate::entity::units::Entity::find_by_id(id).one(db).await,
            Ok(Some(_))
        )
    {
        issues.push(FieldIssue::unknown_reference("parameters.parent_id"));
    }
    if let Some(id) = p.plan_id
        && crate::domain::plans::get(db, scope, id).await.is_err()
    {
        issues.push(FieldIssue::unknown_reference("parameters.plan_id"));
    }
    if let Some(id) = p.assessment_id
        && crate::domain::index::assessments::get(db, scope, id)
            .await
            .is_err()
    {
        issues.push(FieldIssue::unknown_reference("parameters.assessment_id"));
    }
    issues
}

/// Queues a job. Errors: 403 without the report's permission; 422 for parameters the
/// report needs and lacks, does not read, or that name what the caller cannot see.
pub async fn create(
    db: &DatabaseConnection,
    config: &Config,
    ctx: &Ctx,
    input: ExportIn,
) -> Result<jobs::Model, ApiError> {
    ctx.require(produce::permission(input.report))?;
    let mut issues = produce::check(input.report, &input.parameters);
    if issues.is_empty() {
        issues = unseen(db, ctx, &input.parameters).await;
    }
    if !issues.is_empty() {
        return Err(ApiError::validation(issues));
    }
    let granted = Granted {
        roles: ctx.principal.roles.clone(),
        scopes: ctx.principal.scopes.clone(),
    };
    let w = Write::begin(db, ctx).await?;
    let now = w.now();
    let retention = i64::try_from(config.exports_retention_hours).unwrap_or(i64::MAX / 7200);
    let job = jobs::ActiveModel {
        id: Set(Uuid::now_v7()),
        principal_kind: Set(enum_str(&ctx.principal.kind)),
        principal_id: Set(ctx.principal.id),
        granted: Set(serde_json::to_string(&granted).map_err(ApiError::internal)?),
        unit_id: Set(produce::subject_unit(&input.parameters)),
        report: Set(enum_str(&input.report)),
        format: Set(enum_str(&input.format.unwrap_or(ReportFormat::Xlsx))),
        parameters: Set(serde_json::to_string(&input.parameters).map_err(ApiError::internal)?),
        status: Set(enum_str(&ExportStatus::Queued)),
        progress: Set(0),
        attempts: Set(0),
        lease_until: Set(None),
        error_code: Set(None),
        error_status: Set(None),
        error_vi: Set(None),
        error_en: Set(None),
        file_name: Set(None),
        content_type: Set(None),
        size_bytes: Set(None),
        created_at: Set(now),
        started_at: Set(None),
        finished_at: Set(None),
        expires_at: Set(now + chrono::Duration::hours(retention.min(24 * 365 * 100))),
        version: Set(1),
    }
    .insert(w.db())
    .await?;
    let journaled = w
        .journal(Event {
            resource_type: "export",
            resource_id: Some(job.id),
            unit_id: job.unit_id,
            action: "create",
            changes: audit::diff(None, Some(&to_out(&job, Lang::Vi)?)),
        })
        .await?;
    w.commit(journaled).await?;
    Ok(job)
}

/// Removes a job of the caller's and its file: a queued job is cancelled, a running one
/// stops counting (its result is dropped), a finished one is gone. Errors: 404.
pub async fn delete(db: &DatabaseConnection, ctx: &Ctx, id: Uuid) -> Result<(), ApiError> {
    let w = Write::begin(db, ctx).await?;
    let job = get(w.db(), ctx, id).await?;
    let before = to_out(&job, Lang::Vi)?;
    export_files::Entity::delete_by_id(id).exec(w.db()).await?;
    let unit_id = job.unit_id;
    job.delete(w.db()).await?;
    let journaled = w
        .journal(Event {
            resource_type: "export",
            resource_id: Some(id),
            unit_id,
            action: "delete",
            changes: audit::diff(Some(&before), None::<&ExportOut>),
        })
        .await?;
    w.commit(journaled).await
}

/// The file of a job of the caller's: the job and the bytes. Errors: 404; 409
/// `invalid_transition` while it is queued or running, or when it failed.
pub async fn file(
    db: &DatabaseConnection,
    ctx: &Ctx,
    id: Uuid,
) -> Result<(jobs::Model, Vec<u8>), ApiError> {
    let job = get(db, ctx, id).await?;
    let status: ExportStatus = parse_enum(&job.status)?;
    if status != ExportStatus::Succeeded {
        let (vi, en) = match status {
            ExportStatus::Failed => (
                "Bản xuất này không làm được (xem `error`); hãy yêu cầu lại.",
                "This export failed (see `error`); ask for it again.",
            ),
            _ => (
                "Bản xuất chưa xong; hãy tải khi trạng thái là `succeeded`.",
                "The export is not ready; download it once its status is `succeeded`.",
            ),
        };
        let err = ApiError::new(ErrorKind::InvalidTransition).with_detail(vi, en);
        return Err(if status == ExportStatus::Failed {
            err
        } else {
            err.with_retry_after(2)
        });
    }
    let content = export_files::Entity::find_by_id(id)
        .one(db)
        .await?
        .ok_or_else(ApiError::not_found)?;
    Ok((job, content.content))
}
