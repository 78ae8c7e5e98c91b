//! Which operation of the OpenAPI document a request is: its `operationId`, looked up from
//! the route actix matched (`POST /api/v1/tasks/{id}/start` → `tasks.start`). The audit
//! journal names each change by it. A leaf module: it knows the document, not the routes.

use std::collections::HashMap;

use actix_web::{HttpRequest, web};

/// `(METHOD, path template)` → `operationId`, for every operation of the document.
#[derive(Debug, Default)]
pub struct Operations(HashMap<(String, String), String>);

impl Operations {
    /// The table of `api`'s operations.
    pub fn from_openapi(api: &utoipa::openapi::OpenApi) -> Operations {
        let mut table = HashMap::new();
        for (path, item) in &api.paths.paths {
            let Ok(serde_json::Value::Object(methods)) = serde_json::to_value(item) else {
                continue;
            };
            for (method, operation) in methods {
                if let Some(id) = operation.get("operationId").and_then(|v| v.as_str()) {
                    table.insert((method.to_ascii_uppercase(), path.clone()), id.to_owned());
                }
            }
        }
        Operations(table)
    }

    /// The `operationId` of `method` on the route `pattern`, if the document has it.
    pub fn get(&self, method: &str, pattern: &str) -> Option<&str> {
        self.0
            .get(&(method.to_owned(), pattern.to_owned()))
            .map(String::as_str)
    }
}

/// The `operationId` of the route `req` was routed to (`None` before routing, or for a
/// route the document does not describe).
pub fn of(req: &HttpRequest) -> Option<String> {
    let table = req.app_data::<web::Data<Operations>>()?;
    let pattern = req.match_pattern()?;
    table
        .get(req.method().as_str(), &pattern)
        .map(str::to_owned)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_operation_of_the_document_is_in_the_table() {
        let table = Operations::from_openapi(&crate::openapi());
        assert_eq!(
            table.get("POST", "/api/v1/tasks/{id}/start"),
            Some("tasks.start")
        );
        assert_eq!(table.get("GET", "/api/v1/tasks/{id}/start"), None);
        assert!(table.0.len() > 60, "{} operations", table.0.len());
    }
}
