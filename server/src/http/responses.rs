//! Typed success answers: what a handler returns is what the OpenAPI document says.

use actix_web::body::BoxBody;
use actix_web::http::StatusCode;
use actix_web::http::header;
use actix_web::{HttpRequest, HttpResponse, Responder};
use serde::Serialize;

use super::etag::etag;

/// A single resource: 200 (or 201 with `Location`) with its `ETag`.
#[derive(Debug)]
pub struct Resource<T> {
    body: T,
    version: i32,
    location: Option<String>,
}

impl<T: Serialize> Resource<T> {
    /// 200 with the resource and `ETag`.
    pub fn ok(body: T, version: i32) -> Self {
        Resource {
            body,
            version,
            location: None,
        }
    }

    /// 201 with the resource, `ETag` and `Location`.
    pub fn created(body: T, version: i32, location: String) -> Self {
        Resource {
            body,
            version,
            location: Some(location),
        }
    }
}

impl<T: Serialize> Responder for Resource<T> {
    type Body = BoxBody;

    fn respond_to(self, _req: &HttpRequest) -> HttpResponse {
        let status = if self.location.is_some() {
            StatusCode::CREATED
        } else {
            StatusCode::OK
        };
        let mut res = HttpResponse::build(status);
        res.insert_header((header::ETAG, etag(self.version)));
        if let Some(location) = self.location {
            res.insert_header((header::LOCATION, location));
        }
        res.json(self.body)
    }
}
