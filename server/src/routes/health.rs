//! Liveness and readiness probes.

use actix_web::{HttpResponse, get, web};
use cchc_sdk::types::common::Health;
use utoipa_actix_web::service_config::ServiceConfig;

use crate::AppState;
use crate::error::{ApiError, ErrorKind};

/// Registers the probes.
pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(live).service(ready);
}

/// Liveness
///
/// 200 while the process runs.
#[utoipa::path(operation_id = "health.live", tag = "health",
    responses((status = 200, description = "The process is up", body = Health)))]
#[get("/healthz")]
async fn live() -> web::Json<Health> {
    web::Json(Health {
        status: "ok".into(),
    })
}

/// Readiness
///
/// 200 when the database answers, 503 otherwise; it recovers by itself when the database
/// comes back.
#[utoipa::path(operation_id = "health.ready", tag = "health",
    responses((status = 200, description = "Ready to serve", body = Health)))]
#[get("/readyz")]
async fn ready(state: web::Data<AppState>) -> Result<HttpResponse, ApiError> {
    match state.db.ping().await {
        Ok(()) => Ok(HttpResponse::Ok().json(Health {
            status: "ok".into(),
        })),
        Err(err) => Err(ApiError::new(ErrorKind::Unavailable)
            .with_detail(
                "Cơ sở dữ liệu không phản hồi.",
                "The database does not answer.",
            )
            .with_retry_after(5)
            .with_cause(err)),
    }
}
