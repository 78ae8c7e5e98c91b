//! Verifying that a webhook came from the CCHC API, and signing one the same way: the
//! [Standard Webhooks] scheme, so any of its public libraries verifies the API's requests
//! too (the CI checks the Python `standardwebhooks` package against the server's own).
//!
//! [Standard Webhooks]: https://github.com/standard-webhooks/standard-webhooks/blob/main/spec/standard-webhooks.md
//!
//! # The scheme
//!
//! Every webhook request carries three headers:
//!
//! ```text
//! webhook-id: 0193a5e2-5c1f-7d2a-9b1e-3f6c0d8e4a21
//! webhook-timestamp: 1714032000
//! webhook-signature: v1,K5oZfzN95Z9UVu1EsfQmfVNQhnkZ2pj9o9NDN/H/pI4=
//! ```
//!
//! - [`ID_HEADER`]: the event's id, the same on every attempt (receivers deduplicate on it);
//! - [`TIMESTAMP_HEADER`]: when this attempt was signed, Unix seconds;
//! - [`SIGNATURE_HEADER`]: space-separated `v1,<base64>` signatures, each the standard
//!   base64 of the HMAC-SHA256 of `"<id>.<timestamp>.<raw body>"`. While a secret is
//!   rotated there is one per secret in force; a request is authentic when any matches.
//!   Other versions (`v1a,…`) are ignored.
//!
//! The secret is `whsec_` followed by the base64 of the key bytes; the key is those bytes.
//!
//! A receiver checks the signature over the body **exactly as received** (before any JSON
//! parsing) and refuses timestamps more than [`DEFAULT_TOLERANCE`] from its own clock, so a
//! captured request cannot be replayed later. Signatures are compared in constant time.
//!
//! ```
//! use cchc_sdk::webhooks::{self, Headers, WebhookError};
//!
//! // The example of the Standard Webhooks specification.
//! let secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
//! let body = br#"{"test": 2432232314}"#;
//! let signature = webhooks::sign(secret, "msg_p5jXN8AQM9LWM0D4loKWxJek", 1_614_265_330, body)?;
//! assert_eq!(signature, "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
//!
//! let headers = Headers {
//!     id: "msg_p5jXN8AQM9LWM0D4loKWxJek",
//!     timestamp: "1614265330",
//!     signature: &signature,
//! };
//! // The receiver, ten seconds later.
//! webhooks::verify(secret, &headers, body, 1_614_265_340, webhooks::DEFAULT_TOLERANCE)?;
//! // A changed body is refused.
//! assert_eq!(
//!     webhooks::verify(secret, &headers, b"{}", 1_614_265_340, webhooks::DEFAULT_TOLERANCE),
//!     Err(WebhookError::SignatureMismatch)
//! );
//! # Ok::<(), WebhookError>(())
//! ```
//!
//! This module needs no HTTP client: it is available without the `client` feature.

use std::time::Duration;

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use hmac::{Hmac, Mac};
use sha2::Sha256;

/// The header naming the event (`webhook-id`).
pub const ID_HEADER: &str = "webhook-id";
/// The header giving the attempt's time in Unix seconds (`webhook-timestamp`).
pub const TIMESTAMP_HEADER: &str = "webhook-timestamp";
/// The header carrying the signatures (`webhook-signature`).
pub const SIGNATURE_HEADER: &str = "webhook-signature";
/// The prefix of a secret.
pub const SECRET_PREFIX: &str = "whsec_";

/// How far a signature's timestamp may be from the receiver's clock by default: 5 minutes
/// (what the Standard Webhooks libraries use).
pub const DEFAULT_TOLERANCE: Duration = Duration::from_secs(300);

type HmacSha256 = Hmac<Sha256>;

/// The three headers of a webhook request, as received.
#[derive(Debug, Clone, Copy)]
pub struct Headers<'a> {
    /// `webhook-id`.
    pub id: &'a str,
    /// `webhook-timestamp`.
    pub timestamp: &'a str,
    /// `webhook-signature`.
    pub signature: &'a str,
}

/// Why a webhook was refused (or could not be signed).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum WebhookError {
    /// The secret is not `whsec_` + base64.
    #[error("the secret is not whsec_ followed by base64")]
    MalformedSecret,
    /// A header is missing or not in its form.
    #[error("malformed webhook header: {0}")]
    MalformedHeader(&'static str),
    /// No `v1` signature matches: the body or id was changed, the secret is wrong, or the
    /// request did not come from the API.
    #[error("no signature matches the body")]
    SignatureMismatch,
    /// The signature is authentic but its timestamp is too far from now (a replay, or a
    /// clock that is off).
    #[error("signature timestamp {timestamp} is more than {tolerance_secs} s from now ({now})")]
    TimestampOutOfTolerance {
        /// The `webhook-timestamp`.
        timestamp: i64,
        /// The receiver's clock, Unix seconds.
        now: i64,
        /// The tolerance applied, seconds.
        tolerance_secs: u64,
    },
}

/// A secret for `key` bytes: `whsec_` + standard base64.
pub fn secret_from_key(key: &[u8]) -> String {
    format!("{SECRET_PREFIX}{}", STANDARD.encode(key))
}

/// The key bytes of a secret (`whsec_` + base64; the prefix may be left out).
pub fn key_of(secret: &str) -> Result<Vec<u8>, WebhookError> {
    let b64 = secret.strip_prefix(SECRET_PREFIX).unwrap_or(secret);
    STANDARD
        .decode(b64)
        .map_err(|_| WebhookError::MalformedSecret)
}

/// The `webhook-signature` value for `body` of event `id` sent at `timestamp` (Unix
/// seconds): `v1,<base64 of HMAC-SHA256("<id>.<timestamp>.<body>")>`.
pub fn sign(secret: &str, id: &str, timestamp: i64, body: &[u8]) -> Result<String, WebhookError> {
    let key = key_of(secret)?;
    let tag = mac(&key, id, &timestamp.to_string(), body)
        .finalize()
        .into_bytes();
    Ok(format!("v1,{}", STANDARD.encode(tag)))
}

/// Checks a webhook: that one of the `v1` signatures is the HMAC-SHA256 of
/// `"<id>.<timestamp>.<body>"` keyed with `secret` (compared in constant time), then that
/// the timestamp is within `tolerance` of `now` (Unix seconds) in either direction.
///
/// `body` must be the raw bytes received. The timestamp is judged after the signature, so
/// [`WebhookError::TimestampOutOfTolerance`] is only reported for an authentic request.
pub fn verify(
    secret: &str,
    headers: &Headers<'_>,
    body: &[u8],
    now: i64,
    tolerance: Duration,
) -> Result<(), WebhookError> {
    let key = key_of(secret)?;
    if headers.id.is_empty() {
        return Err(WebhookError::MalformedHeader("webhook-id is empty"));
    }
    let timestamp = headers
        .timestamp
        .trim()
        .parse::<i64>()
        .map_err(|_| WebhookError::MalformedHeader("webhook-timestamp is not Unix seconds"))?;
    let expected = mac(&key, headers.id, &timestamp.to_string(), body);
    let mut any_v1 = false;
    let mut matches = false;
    for part in headers.signature.split(' ').filter(|p| !p.is_empty()) {
        let Some((version, sig)) = part.split_once(',') else {
            return Err(WebhookError::MalformedHeader(
                "webhook-signature is not space-separated version,signature pairs",
            ));
        };
        if version != "v1" {
            continue;
        }
        any_v1 = true;
        // A v1 that is not base64 cannot match; it does not make the others unreadable.
        if let Ok(bytes) = STANDARD.decode(sig) {
            matches |= expected.clone().verify_slice(&bytes).is_ok();
        }
    }
    if !any_v1 {
        return Err(WebhookError::MalformedHeader("no v1 signature"));
    }
    if !matches {
        return Err(WebhookError::SignatureMismatch);
    }
    let tolerance_secs = tolerance.as_secs();
    if timestamp.abs_diff(now) > tolerance_secs {
        return Err(WebhookError::TimestampOutOfTolerance {
            timestamp,
            now,
            tolerance_secs,
        });
    }
    Ok(())
}

fn mac(key: &[u8], id: &str, timestamp: &str, body: &[u8]) -> HmacSha256 {
    // HMAC takes keys of any length: this constructor cannot fail.
    let mut mac = HmacSha256::new_from_slice(key)
        .unwrap_or_else(|_| unreachable!("HMAC accepts keys of any length"));
    mac.update(id.as_bytes());
    mac.update(b".");
    mac.update(timestamp.as_bytes());
    mac.update(b".");
    mac.update(body);
    mac
}

#[cfg(test)]
mod tests {
    use super::*;

    const SECRET: &str = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    const ID: &str = "0193a5e2-5c1f-7d2a-9b1e-3f6c0d8e4a21";
    const BODY: &[u8] = "{\"type\":\"plan.issued\",\"unit\":\"Xã Hòa Tân Tây\"}".as_bytes();
    const T: i64 = 1_714_032_000;

    fn headers<'a>(timestamp: &'a str, signature: &'a str) -> Headers<'a> {
        Headers {
            id: ID,
            timestamp,
            signature,
        }
    }

    #[test]
    fn the_specification_example_is_reproduced() -> Result<(), WebhookError> {
        assert_eq!(
            sign(
                SECRET,
                "msg_p5jXN8AQM9LWM0D4loKWxJek",
                1_614_265_330,
                br#"{"test": 2432232314}"#
            )?,
            "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE="
        );
        // Computed independently: Python's hmac over b"msg_1.1714032000.{}" with key b"key".
        assert_eq!(
            sign(&secret_from_key(b"key"), "msg_1", T, b"{}")?,
            "v1,5oOt59eJkXHyGz6jzvHLuV6PIJQJj3eB0YJ1SxGy1Yg="
        );
        Ok(())
    }

    #[test]
    fn a_good_signature_is_accepted_within_the_tolerance() -> Result<(), WebhookError> {
        let sig = sign(SECRET, ID, T, BODY)?;
        let h = headers("1714032000", &sig);
        assert_eq!(verify(SECRET, &h, BODY, T + 300, DEFAULT_TOLERANCE), Ok(()));
        assert_eq!(verify(SECRET, &h, BODY, T - 5, DEFAULT_TOLERANCE), Ok(()));
        assert!(matches!(
            verify(SECRET, &h, BODY, T + 301, DEFAULT_TOLERANCE),
            Err(WebhookError::TimestampOutOfTolerance { .. })
        ));
        Ok(())
    }

    #[test]
    fn a_tampered_body_id_timestamp_or_secret_is_refused() -> Result<(), WebhookError> {
        let sig = sign(SECRET, ID, T, BODY)?;
        let h = headers("1714032000", &sig);
        let mismatch = Err(WebhookError::SignatureMismatch);
        assert_eq!(verify(SECRET, &h, b"{}", T, DEFAULT_TOLERANCE), mismatch);
        let other_id = Headers { id: "another", ..h };
        assert_eq!(
            verify(SECRET, &other_id, BODY, T, DEFAULT_TOLERANCE),
            mismatch
        );
        let moved = headers("1714035600", &sig);
        assert_eq!(
            verify(SECRET, &moved, BODY, T + 3600, DEFAULT_TOLERANCE),
            mismatch
        );
        let other = secret_from_key(b"another key");
        assert_eq!(verify(&other, &h, BODY, T, DEFAULT_TOLERANCE), mismatch);
        Ok(())
    }

    #[test]
    fn one_matching_v1_among_several_is_enough_while_secrets_rotate() -> Result<(), WebhookError> {
        let old = secret_from_key(b"the old key");
        let sig_old = sign(&old, ID, T, BODY)?;
        let sig_new = sign(SECRET, ID, T, BODY)?;
        let both = format!("{sig_old} v1,not-base64!! v1a,ignored {sig_new}");
        let h = headers("1714032000", &both);
        assert_eq!(verify(SECRET, &h, BODY, T, DEFAULT_TOLERANCE), Ok(()));
        assert_eq!(verify(&old, &h, BODY, T, DEFAULT_TOLERANCE), Ok(()));
        Ok(())
    }

    #[test]
    fn malformed_headers_and_secrets_are_refused() -> Result<(), WebhookError> {
        let sig = sign(SECRET, ID, T, BODY)?;
        for (timestamp, signature) in [
            ("yesterday", sig.as_str()),
            ("1714032000", ""),
            ("1714032000", "v1a,abc"),
            ("1714032000", "garbage"),
        ] {
            assert!(
                matches!(
                    verify(
                        SECRET,
                        &headers(timestamp, signature),
                        BODY,
                        T,
                        DEFAULT_TOLERANCE
                    ),
                    Err(WebhookError::MalformedHeader(_))
                ),
                "{timestamp:?} {signature:?}"
            );
        }
        assert_eq!(
            sign("whsec_not base64!", ID, T, BODY),
            Err(WebhookError::MalformedSecret)
        );
        Ok(())
    }
}
