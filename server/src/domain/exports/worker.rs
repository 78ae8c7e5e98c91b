//! The export worker: claims one job at a time (`FOR UPDATE SKIP LOCKED` on PostgreSQL, so
//! replicas sharing a database never take the same job; an IMMEDIATE transaction on
//! SQLite, whose one writer makes the claim atomic), makes its report with its requester's
//! rights, and stores the file and the outcome in one transaction.
//!
//! A claim holds the job for [`LEASE`]. A replica that stops mid-run (a restart, a crash)
//! leaves its job `running` with a lease that runs out; then any worker takes it over as a
//! new attempt, until `exports_max_attempts`, after which the job fails. A worker whose
//! lease ran out while it worked finds its attempt taken over and drops its result (the
//! outcome is written only while `attempts` is still its own).

use std::time::Duration;

use cchc_sdk::types::exports::{ExportParameters, ExportStatus};
use cchc_sdk::types::reports::ReportFormat;
use chrono::{DateTime, Utc};
use sea_orm::sea_query::{Expr, LockBehavior, LockType};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, Condition, ConnectionTrait, DatabaseConnection, DbBackend,
    EntityTrait, QueryFilter, QueryOrder, QuerySelect, SqliteTransactionMode, TransactionOptions,
    TransactionTrait,
};

use super::Granted;
use crate::auth::{Ctx, RequestMeta, load_principal, resolve_scope};
use crate::config::Config;
use crate::domain::codec::{enum_str, parse_enum};
use crate::domain::reports::produce;
use crate::entity::{export_files, export_jobs as jobs};
use crate::error::{ApiError, Lang};

/// How long a claim holds a job: longer than any report takes to make.
pub const LEASE: Duration = Duration::from_secs(120);

/// One round: claims the next job and makes it; returns whether there was one.
pub async fn run_once(
    db: &DatabaseConnection,
    config: &Config,
    now: DateTime<Utc>,
) -> Result<bool, ApiError> {
    let Some(job) = claim(db, config).await? else {
        return Ok(false);
    };
    let outcome = make(db, &job, now).await;
    finish(db, &job, outcome).await?;
    Ok(true)
}

/// The next job due: queued, or running with its lease run out (oldest first). A job out of
/// attempts fails instead of running again.
async fn claim(db: &DatabaseConnection, config: &Config) -> Result<Option<jobs::Model>, ApiError> {
    loop {
        let now = Utc::now();
        let txn = db
            .begin_with_options(TransactionOptions {
                sqlite_transaction_mode: Some(SqliteTransactionMode::Immediate),
                ..Default::default()
            })
            .await?;
        let mut select = jobs::Entity::find()
            .filter(
                Condition::any()
                    .add(jobs::Column::Status.eq(enum_str(&ExportStatus::Queued)))
                    .add(
                        Condition::all()
                            .add(jobs::Column::Status.eq(enum_str(&ExportStatus::Running)))
                            .add(jobs::Column::LeaseUntil.lt(now)),
                    ),
            )
            .order_by_asc(jobs::Column::Id)
            .limit(1);
        if txn.get_database_backend() == DbBackend::Postgres {
            select = select.lock_with_behavior(LockType::Update, LockBehavior::SkipLocked);
        }
        let Some(job) = select.one(&txn).await? else {
            txn.commit().await?;
            return Ok(None);
        };
        let mut row: jobs::ActiveModel = job.clone().into();
        row.version = Set(job.version + 1);
        if job.attempts >= config.exports_max_attempts as i32 {
            let err = ApiError::internal("out of attempts").with_detail(
                format!("Bản xuất đã dừng giữa chừng {} lần.", job.attempts),
                format!("The export stopped part-way {} times.", job.attempts),
            );
            failed(&mut row, &err, now);
            jobs::Entity::update(row).exec(&txn).await?;
            txn.commit().await?;
            continue;
        }
        let lease = chrono::Duration::from_std(LEASE).unwrap_or(chrono::Duration::minutes(2));
        row.status = Set(enum_str(&ExportStatus::Running));
        row.attempts = Set(job.attempts + 1);
        row.lease_until = Set(Some(now + lease));
        row.started_at = Set(Some(now));
        row.progress = Set(10);
        let claimed = jobs::Entity::update(row).exec(&txn).await?;
        txn.commit().await?;
        return Ok(Some(claimed));
    }
}

/// Records progress while the attempt is still this worker's.
async fn progress(
    db: &DatabaseConnection,
    job: &jobs::Model,
    percent: i32,
) -> Result<(), ApiError> {
    jobs::Entity::update_many()
        .col_expr(jobs::Column::Progress, Expr::value(percent))
        .filter(jobs::Column::Id.eq(job.id))
        .filter(jobs::Column::Attempts.eq(job.attempts))
        .filter(jobs::Column::Status.eq(enum_str(&ExportStatus::Running)))
        .exec(db)
        .await?;
    Ok(())
}

/// The requester as it stands now, within the rights of its request.
async fn requester(
    db: &DatabaseConnection,
    job: &jobs::Model,
    now: DateTime<Utc>,
) -> Result<Ctx, ApiError> {
    let mut principal = load_principal(db, &job.principal_kind, job.principal_id)
        .await
        .map_err(|_| {
            ApiError::new(crate::error::ErrorKind::Forbidden).with_detail(
                "Người yêu cầu bản xuất không còn hoạt động.",
                "Whoever asked for this export is no longer active.",
            )
        })?;
    let granted: Granted = serde_json::from_str(&job.granted).map_err(ApiError::internal)?;
    principal.roles.retain(|r| granted.roles.contains(r));
    principal.scopes.retain(|s| granted.scopes.contains(s));
    let scope = resolve_scope(db, &principal).await?;
    Ok(Ctx {
        principal,
        scope,
        meta: RequestMeta {
            request_id: format!("export-{}", job.id),
            ..Default::default()
        },
        session: None,
        now,
        epoch: None,
    })
}

/// Makes the job's file.
async fn make(
    db: &DatabaseConnection,
    job: &jobs::Model,
    now: DateTime<Utc>,
) -> Result<produce::ReportFile, ApiError> {
    let ctx = requester(db, job, now).await?;
    let parameters: ExportParameters =
        serde_json::from_str(&job.parameters).map_err(ApiError::internal)?;
    let format: ReportFormat = parse_enum(&job.format)?;
    progress(db, job, 30).await?;
    let made = produce::make(db, &ctx, parse_enum(&job.report)?, &parameters).await?;
    progress(db, job, 70).await?;
    produce::render(made, format)
}

/// Sets a row's failure from `err`.
fn failed(row: &mut jobs::ActiveModel, err: &ApiError, now: DateTime<Utc>) {
    let vi = err.to_problem(Lang::Vi, None);
    let en = err.to_problem(Lang::En, None);
    row.status = Set(enum_str(&ExportStatus::Failed));
    row.error_code = Set(Some(vi.code.clone()));
    row.error_status = Set(Some(i32::from(vi.status)));
    row.error_vi = Set(Some(vi.detail.unwrap_or(vi.title)));
    row.error_en = Set(Some(en.detail.unwrap_or(en.title)));
    row.lease_until = Set(None);
    row.finished_at = Set(Some(now));
}

/// Stores the outcome, in one transaction, if the attempt is still this worker's (not taken
/// over after its lease, nor deleted meanwhile).
async fn finish(
    db: &DatabaseConnection,
    job: &jobs::Model,
    outcome: Result<produce::ReportFile, ApiError>,
) -> Result<(), ApiError> {
    let now = Utc::now();
    let txn = db
        .begin_with_options(TransactionOptions {
            sqlite_transaction_mode: Some(SqliteTransactionMode::Immediate),
            ..Default::default()
        })
        .await?;
    let current = jobs::Entity::find_by_id(job.id)
        .filter(jobs::Column::Attempts.eq(job.attempts))
        .filter(jobs::Column::Status.eq(enum_str(&ExportStatus::Running)))
        .one(&txn)
        .await?;
    let Some(current) = current else {
        txn.rollback().await?;
        return Ok(());
    };
    let mut row: jobs::ActiveModel = current.clone().into();
    row.version = Set(current.version + 1);
    match outcome {
        Ok(file) => {
            row.status = Set(enum_str(&ExportStatus::Succeeded));
            row.progress = Set(100);
            row.file_name = Set(Some(file.file_name));
            row.content_type = Set(Some(file.content_type.to_owned()));
            row.size_bytes = Set(Some(i64::try_from(file.bytes.len()).unwrap_or(i64::MAX)));
            row.lease_until = Set(None);
            row.finished_at = Set(Some(now));
            export_files::Entity::delete_by_id(job.id)
                .exec(&txn)
                .await?;
            export_files::Entity::insert(export_files::ActiveModel {
                job_id: Set(job.id),
                content: Set(file.bytes),
            })
            .exec(&txn)
            .await?;
        }
        Err(err) => {
            if err.kind == crate::error::ErrorKind::Internal {
                tracing::warn!(job = %job.id, error = ?err.cause(), "an export failed");
            }
            failed(&mut row, &err, now);
        }
    }
    jobs::Entity::update(row).exec(&txn).await?;
    txn.commit().await?;
    Ok(())
}

/// Removes the jobs (and files) that expired before `now`; returns how many.
pub async fn purge_expired(db: &impl ConnectionTrait, now: DateTime<Utc>) -> Result<u64, ApiError> {
    let expired = sea_orm::sea_query::Query::select()
        .column(jobs::Column::Id)
        .from(jobs::Entity)
        .and_where(jobs::Column::ExpiresAt.lt(now))
        .to_owned();
    export_files::Entity::delete_many()
        .filter(export_files::Column::JobId.in_subquery(expired))
        .exec(db)
        .await?;
    let done = jobs::Entity::delete_many()
        .filter(jobs::Column::ExpiresAt.lt(now))
        .exec(db)
        .await?;
    Ok(done.rows_affected)
}
