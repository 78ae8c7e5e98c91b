//! Client authentication with HTTP Basic at the token endpoint (RFC 6749 §2.3.1, which an
//! authorization server MUST support): `Authorization: Basic base64(id ":" secret)`, each
//! part form-urlencoded first. OAuth libraries (authlib, requests-oauthlib, Spring,
//! `curl -u`) send client credentials this way by default.

use actix_web::HttpRequest;
use actix_web::http::header;
use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use cchc_sdk::types::auth::TokenRequest;

use crate::error::{ApiError, ErrorKind, FieldIssue, Text};

/// Moves the client credentials of an `Authorization: Basic` header into the request.
/// A Basic header with an empty client id is ignored (Swagger UI sends one for a person's
/// sign-in); other schemes are left alone.
///
/// Errors: 401 `invalid_client` for a Basic header that cannot be read; 400
/// `invalid_request` when the form carries a secret too (§2.3: one method per request) or
/// names another client.
pub fn merge_client_credentials(
    req: &HttpRequest,
    body: &mut TokenRequest,
) -> Result<(), ApiError> {
    let Some(value) = req.headers().get(header::AUTHORIZATION) else {
        return Ok(());
    };
    let Some((scheme, encoded)) = value.to_str().ok().and_then(|v| v.trim().split_once(' ')) else {
        return Ok(());
    };
    if !scheme.eq_ignore_ascii_case("basic") {
        return Ok(());
    }
    let (id, secret) = decode(encoded.trim()).ok_or_else(unreadable)?;
    if id.is_empty() {
        return Ok(());
    }
    if body.client_secret.is_some() || body.client_id.as_deref().is_some_and(|c| c != id) {
        return Err(ApiError::new(ErrorKind::InvalidRequest)
            .with_oauth_error("invalid_request")
            .with_detail(
                "Chỉ xác thực hệ thống một cách: Authorization: Basic hoặc client_secret trong biểu mẫu.",
                "Authenticate the client one way only: Authorization: Basic or client_secret in the form.",
            )
            .with_errors(vec![FieldIssue::new(
                "client_secret",
                "invalid_value",
                Text::new(
                    "Đã có thông tin xác thực trong Authorization.",
                    "Client credentials are already in Authorization.",
                ),
            )]));
    }
    body.client_id = Some(id);
    body.client_secret = Some(secret);
    Ok(())
}

/// `id:secret` from base64, each part form-urlencoded (`+` is a space).
fn decode(encoded: &str) -> Option<(String, String)> {
    let bytes = STANDARD.decode(encoded).ok()?;
    let text = String::from_utf8(bytes).ok()?;
    let (id, secret) = text.split_once(':')?;
    let part = |s: &str| {
        percent_encoding::percent_decode_str(&s.replace('+', " "))
            .decode_utf8()
            .ok()
            .map(|c| c.into_owned())
    };
    Some((part(id)?, part(secret)?))
}

fn unreadable() -> ApiError {
    ApiError::new(ErrorKind::InvalidClient)
        .with_oauth_error("invalid_client")
        .with_detail(
            "Không đọc được Authorization: Basic (base64 của client_id:client_secret).",
            "Cannot read Authorization: Basic (base64 of client_id:client_secret).",
        )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn basic_credentials_are_form_decoded() {
        // RFC 6749 §2.3.1: "id with space" and "s3cr%t" form-urlencoded before base64.
        let header = STANDARD.encode("id+with+space:s3cr%25t");
        assert_eq!(
            decode(&header),
            Some(("id with space".into(), "s3cr%t".into()))
        );
        assert_eq!(decode("not base64!"), None);
        assert_eq!(decode(&STANDARD.encode("no-colon")), None);
    }
}
