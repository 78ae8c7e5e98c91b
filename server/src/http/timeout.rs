//! The per-request time limit: a request still running after `request_timeout_secs` is
//! dropped (its open transaction rolls back) and answered 503 `request_timeout`.

use std::time::Duration;

use actix_web::body::{BoxBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::middleware::Next;
use actix_web::{Error, web};

use crate::AppState;
use crate::error::{ApiError, ErrorKind};

/// The timeout middleware.
pub async fn timeout(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, Error> {
    let secs = req
        .app_data::<web::Data<AppState>>()
        .map_or(30, |s| s.config.request_timeout_secs);
    match tokio::time::timeout(Duration::from_secs(secs), next.call(req)).await {
        Ok(res) => res.map(ServiceResponse::map_into_boxed_body),
        Err(_) => {
            let e = ApiError::new(ErrorKind::Timeout).with_retry_after(1).with_detail(
                format!("Yêu cầu không hoàn thành trong {secs} giây và đã bị hủy; không có thay đổi nào được lưu."),
                format!("The request did not finish within {secs} s and was cancelled; nothing was saved."),
            );
            Err(e.into())
        }
    }
}
