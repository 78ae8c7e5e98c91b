//! Requests no route takes: 405 with `Allow` when the path exists under other methods,
//! otherwise 404 — both as problem+json. The table of paths is read from the OpenAPI
//! document, so it can never disagree with the routes.

use actix_web::dev::ResourceDef;
use actix_web::{HttpRequest, HttpResponse, web};

use crate::error::{ApiError, ErrorKind};

/// Every documented path with its methods.
#[derive(Debug, Default)]
pub struct RouteTable {
    routes: Vec<(ResourceDef, Vec<String>)>,
}

impl RouteTable {
    /// Builds the table from the OpenAPI document.
    pub fn from_openapi(api: &utoipa::openapi::OpenApi) -> Self {
        let routes = api
            .paths
            .paths
            .iter()
            .map(|(path, item)| {
                let methods = serde_json::to_value(item)
                    .ok()
                    .and_then(|v| v.as_object().cloned())
                    .map(|o| {
                        o.keys()
                            .filter(|k| {
                                matches!(
                                    k.as_str(),
                                    "get"
                                        | "put"
                                        | "post"
                                        | "delete"
                                        | "patch"
                                        | "head"
                                        | "options"
                                )
                            })
                            .map(|k| k.to_ascii_uppercase())
                            .collect::<Vec<_>>()
                    })
                    .unwrap_or_default();
                // Every GET answers HEAD too (the envelope serves it).
                let mut methods = methods;
                if let Some(get) = methods.iter().position(|m| m == "GET") {
                    methods.insert(get + 1, "HEAD".to_owned());
                }
                (ResourceDef::new(path.as_str()), methods)
            })
            .collect();
        RouteTable { routes }
    }

    /// The methods a path answers to, if it is a documented path.
    pub fn methods_of(&self, path: &str) -> Option<&[String]> {
        self.routes
            .iter()
            .find(|(def, _)| def.is_match(path))
            .map(|(_, m)| m.as_slice())
    }
}

/// The default service.
pub async fn fallback(
    req: HttpRequest,
    table: web::Data<RouteTable>,
) -> Result<HttpResponse, ApiError> {
    match table.methods_of(req.path()) {
        Some(methods) => {
            let allow = methods.join(", ");
            Err(ApiError::new(ErrorKind::MethodNotAllowed)
                .with_detail(
                    format!("Đường dẫn này chỉ nhận: {allow}."),
                    format!("This path accepts only: {allow}."),
                )
                .with_allow(Some(allow)))
        }
        None => Err(ApiError::new(ErrorKind::RouteNotFound).with_detail(
            format!("Không có đường dẫn {}.", req.path()),
            format!("There is no route {}.", req.path()),
        )),
    }
}
