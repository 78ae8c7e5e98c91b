//! Rendering an error as RFC 9457 problem+json, in the request's language.

use actix_web::http::StatusCode;
use actix_web::http::header::{self, HeaderValue};
use actix_web::{HttpResponse, ResponseError};
use cchc_sdk::types::common::{FieldError, Problem};

use super::{ApiError, FieldIssue, Lang};

impl FieldIssue {
    fn render(&self, lang: Lang) -> FieldError {
        FieldError {
            field: self.field.clone(),
            code: self.code.to_owned(),
            message: self.message.get(lang).to_owned(),
        }
    }
}

impl ApiError {
    /// Renders the problem details in `lang`.
    pub fn to_problem(&self, lang: Lang, request_id: Option<&str>) -> Problem {
        let (status, code, title_vi, title_en) = self.kind.meta();
        Problem {
            type_uri: format!("https://cchc.gov.vn/problems/{code}"),
            title: match lang {
                Lang::Vi => title_vi,
                Lang::En => title_en,
            }
            .to_owned(),
            status: status.as_u16(),
            detail: self.extra.detail.as_ref().map(|d| d.get(lang).to_owned()),
            code: code.to_owned(),
            errors: self.extra.errors.iter().map(|e| e.render(lang)).collect(),
            request_id: request_id.map(str::to_owned),
            allowed_actions: self.extra.allowed_actions.clone(),
            referenced_by: self.extra.referenced_by.clone(),
            error: self.extra.oauth_error.map(str::to_owned),
        }
    }

    /// The full response in `lang`, with `Allow` / `Retry-After` where they apply.
    pub fn render(&self, lang: Lang, request_id: Option<&str>) -> HttpResponse {
        let problem = self.to_problem(lang, request_id);
        let mut res = HttpResponse::build(self.kind.meta().0);
        res.insert_header((
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/problem+json"),
        ))
        .insert_header((header::CONTENT_LANGUAGE, lang.tag()));
        if let Some(secs) = self.extra.retry_after {
            res.insert_header((header::RETRY_AFTER, secs.to_string()));
        }
        if let Some(allow) = &self.extra.allow {
            res.insert_header((header::ALLOW, allow.as_str()));
        }
        if problem.status == 401 {
            // RFC 6749 §5.2: a client that failed HTTP Basic is challenged with Basic;
            // RFC 6750 §3: a missing or bad bearer token with Bearer.
            let challenge = match self.extra.oauth_error {
                Some("invalid_client") => "Basic realm=\"cchc\", charset=\"UTF-8\"",
                Some(_) => "Bearer realm=\"cchc\"",
                None => "Bearer realm=\"cchc\", error=\"invalid_token\"",
            };
            res.insert_header((header::WWW_AUTHENTICATE, challenge));
        }
        let body = serde_json::to_vec(&problem).unwrap_or_default();
        res.body(body)
    }
}

impl ResponseError for ApiError {
    fn status_code(&self) -> StatusCode {
        self.kind.meta().0
    }

    fn error_response(&self) -> HttpResponse {
        // Re-rendered by the envelope middleware in the request's language with its id.
        self.render(Lang::Vi, None)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn problems_never_carry_the_internal_cause() {
        let e = ApiError::internal("password=hunter2 leaked in a driver message");
        let p = e.to_problem(Lang::En, Some("r1"));
        assert_eq!(p.status, 500);
        assert_eq!(p.code, "internal_error");
        assert!(!format!("{p:?}").contains("hunter2"));
    }
}
