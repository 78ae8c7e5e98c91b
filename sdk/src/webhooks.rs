//! Verifying that a webhook came from the CCHC API, and signing one the same way.
//!
//! # The scheme
//!
//! Every webhook request carries the header [`SIGNATURE_HEADER`] (`CCHC-Signature`):
//!
//! ```text
//! CCHC-Signature: t=1714032000,v1=cb3496998ca39d1147bbdf9e594275ebadbe6931eae832d98f165c36c4290b77
//! ```
//!
//! - `t` is when the request was signed, in Unix seconds;
//! - each `v1` is the lower-case hex HMAC-SHA256 of the string `"<t>.<raw body>"`, keyed
//!   with the endpoint's secret. While a secret is being rotated the header carries one `v1`
//!   per secret in force; a request is authentic when any of them matches.
//!
//! Other keys (later schemes) are ignored, so receivers keep working when one is added.
//!
//! A receiver checks the signature over the body **exactly as received** (before any JSON
//! parsing: re-serialising changes the bytes) and rejects timestamps too far from its own
//! clock, so that a captured request cannot be replayed later. The comparison of signatures
//! takes the same time whatever the bytes, so it leaks nothing about the expected value.
//!
//! ```
//! use std::time::Duration;
//! use cchc_sdk::webhooks::{self, WebhookError};
//!
//! let secret = "whsec_demo_only";
//! let body = br#"{"type":"plan.issued","data":{"number":"01/KH-UBND"}}"#;
//! // What the sender puts in the header (here: at 1 714 032 000 s).
//! let header = webhooks::sign(secret, 1_714_032_000, body);
//! assert_eq!(
//!     header,
//!     "t=1714032000,v1=cb3496998ca39d1147bbdf9e594275ebadbe6931eae832d98f165c36c4290b77"
//! );
//!
//! // The receiver, ten seconds later, with the default five-minute tolerance.
//! let now = 1_714_032_010;
//! webhooks::verify(secret, &header, body, now, webhooks::DEFAULT_TOLERANCE)?;
//!
//! // A changed body, or a replay an hour later, is refused.
//! assert_eq!(
//!     webhooks::verify(secret, &header, b"{}", now, webhooks::DEFAULT_TOLERANCE),
//!     Err(WebhookError::SignatureMismatch)
//! );
//! assert!(matches!(
//!     webhooks::verify(secret, &header, body, now + 3600, Duration::from_secs(300)),
//!     Err(WebhookError::TimestampOutOfTolerance { .. })
//! ));
//! # Ok::<(), WebhookError>(())
//! ```
//!
//! This module needs no HTTP client: it is available without the `client` feature.

use std::time::Duration;

use hmac::{Hmac, Mac};
use sha2::Sha256;

/// The name of the header that carries the signature.
pub const SIGNATURE_HEADER: &str = "CCHC-Signature";

/// How far a signature's timestamp may be from the receiver's clock by default: 5 minutes.
pub const DEFAULT_TOLERANCE: Duration = Duration::from_secs(300);

type HmacSha256 = Hmac<Sha256>;

/// Why a webhook was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum WebhookError {
    /// The header is not `t=<unix seconds>,v1=<hex>[,v1=<hex>…]`.
    #[error("malformed {SIGNATURE_HEADER} header: {0}")]
    MalformedHeader(&'static str),
    /// No `v1` signature matches the body with this secret: the body was changed, the
    /// secret is wrong, or the request did not come from the API.
    #[error("no signature matches the body")]
    SignatureMismatch,
    /// The signature is authentic but its timestamp is too far from now (a replay, or a
    /// clock that is off).
    #[error("signature timestamp {timestamp} is more than {tolerance_secs} s from now ({now})")]
    TimestampOutOfTolerance {
        /// The header's `t`.
        timestamp: i64,
        /// The receiver's clock, Unix seconds.
        now: i64,
        /// The tolerance applied, seconds.
        tolerance_secs: u64,
    },
}

/// The `CCHC-Signature` value for `body` sent at `timestamp` (Unix seconds), signed with
/// `secret`: `t=<timestamp>,v1=<hex HMAC-SHA256 of "<timestamp>.<body>">`.
pub fn sign(secret: impl AsRef<[u8]>, timestamp: i64, body: &[u8]) -> String {
    let tag = mac(secret.as_ref(), timestamp, body)
        .finalize()
        .into_bytes();
    format!("t={timestamp},v1={}", hex::encode(tag))
}

/// Checks a webhook: that one of the header's `v1` signatures is the HMAC-SHA256 of
/// `"<t>.<body>"` with `secret`, compared in constant time, and that `t` is within
/// `tolerance` of `now` (Unix seconds, e.g. `chrono::Utc::now().timestamp()`), in either
/// direction.
///
/// `body` must be the raw bytes received. The signature is checked before the timestamp,
/// so [`WebhookError::TimestampOutOfTolerance`] is only ever reported for an authentic
/// request.
pub fn verify(
    secret: impl AsRef<[u8]>,
    header_value: &str,
    body: &[u8],
    now: i64,
    tolerance: Duration,
) -> Result<(), WebhookError> {
    let header = parse(header_value)?;
    let expected = mac(secret.as_ref(), header.timestamp, body);
    // A v1 that is not hex cannot match; it does not make the others unreadable.
    let matches = header.signatures.iter().any(|sig| {
        hex::decode(sig).is_ok_and(|bytes| expected.clone().verify_slice(&bytes).is_ok())
    });
    if !matches {
        return Err(WebhookError::SignatureMismatch);
    }
    let tolerance_secs = tolerance.as_secs();
    if header.timestamp.abs_diff(now) > tolerance_secs {
        return Err(WebhookError::TimestampOutOfTolerance {
            timestamp: header.timestamp,
            now,
            tolerance_secs,
        });
    }
    Ok(())
}

fn mac(secret: &[u8], timestamp: i64, body: &[u8]) -> HmacSha256 {
    // HMAC takes keys of any length: this constructor cannot fail.
    let mut mac = HmacSha256::new_from_slice(secret)
        .unwrap_or_else(|_| unreachable!("HMAC accepts keys of any length"));
    mac.update(timestamp.to_string().as_bytes());
    mac.update(b".");
    mac.update(body);
    mac
}

struct Header<'a> {
    timestamp: i64,
    signatures: Vec<&'a str>,
}

fn parse(value: &str) -> Result<Header<'_>, WebhookError> {
    let mut timestamp = None;
    let mut signatures = Vec::new();
    for part in value.split(',') {
        let (key, val) = part
            .trim()
            .split_once('=')
            .ok_or(WebhookError::MalformedHeader("expected key=value pairs"))?;
        match key {
            "t" if timestamp.is_some() => {
                return Err(WebhookError::MalformedHeader("more than one t"));
            }
            "t" => {
                let t = val
                    .parse::<i64>()
                    .map_err(|_| WebhookError::MalformedHeader("t is not Unix seconds"))?;
                timestamp = Some(t);
            }
            "v1" => signatures.push(val),
            _ => {}
        }
    }
    let timestamp = timestamp.ok_or(WebhookError::MalformedHeader("no t"))?;
    if signatures.is_empty() {
        return Err(WebhookError::MalformedHeader("no v1 signature"));
    }
    Ok(Header {
        timestamp,
        signatures,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const SECRET: &str = "whsec_5WbX5kEWLlfzsGNjH64I8lOOqUB6e8FH";
    const BODY: &[u8] = "{\"type\":\"plan.issued\",\"unit\":\"Xã Hòa Tân Tây\"}".as_bytes();
    const T: i64 = 1_714_032_000;

    #[test]
    fn a_good_signature_is_accepted() {
        let header = sign(SECRET, T, BODY);
        assert!(header.starts_with("t=1714032000,v1="));
        assert_eq!(
            verify(SECRET, &header, BODY, T + 5, DEFAULT_TOLERANCE),
            Ok(())
        );
        // A clock a little behind the sender's is fine too.
        assert_eq!(
            verify(SECRET, &header, BODY, T - 5, DEFAULT_TOLERANCE),
            Ok(())
        );
    }

    #[test]
    fn the_signature_is_hmac_sha256_of_timestamp_dot_body() {
        // Computed independently: `printf '1714032000.{}' | openssl dgst -sha256 -hmac key`.
        assert_eq!(
            sign("key", T, b"{}"),
            "t=1714032000,v1=4901693addebc1b15c073000ba6ed237b1d721def90dd82399c96026bea0d8e4"
        );
    }

    #[test]
    fn a_tampered_body_is_refused() {
        let header = sign(SECRET, T, BODY);
        let tampered = "{\"type\":\"plan.issued\",\"unit\":\"Xã Hòa Tân Đông\"}".as_bytes();
        assert_eq!(
            verify(SECRET, &header, tampered, T, DEFAULT_TOLERANCE),
            Err(WebhookError::SignatureMismatch)
        );
    }

    #[test]
    fn a_wrong_secret_is_refused() {
        let header = sign("another secret", T, BODY);
        assert_eq!(
            verify(SECRET, &header, BODY, T, DEFAULT_TOLERANCE),
            Err(WebhookError::SignatureMismatch)
        );
    }

    #[test]
    fn a_timestamp_outside_the_tolerance_is_refused() {
        let header = sign(SECRET, T, BODY);
        let tolerance = Duration::from_secs(300);
        assert_eq!(
            verify(SECRET, &header, BODY, T + 300, tolerance),
            Ok(()),
            "the bound itself is inside"
        );
        assert_eq!(
            verify(SECRET, &header, BODY, T + 301, tolerance),
            Err(WebhookError::TimestampOutOfTolerance {
                timestamp: T,
                now: T + 301,
                tolerance_secs: 300
            })
        );
        assert!(matches!(
            verify(SECRET, &header, BODY, T - 3600, tolerance),
            Err(WebhookError::TimestampOutOfTolerance { .. })
        ));
    }

    #[test]
    fn the_timestamp_is_part_of_what_is_signed() {
        let header = sign(SECRET, T, BODY);
        let moved = header.replace("t=1714032000", "t=1714035600");
        assert_eq!(
            verify(SECRET, &moved, BODY, T + 3600, DEFAULT_TOLERANCE),
            Err(WebhookError::SignatureMismatch)
        );
    }

    #[test]
    fn malformed_headers_are_refused() {
        let v1 = sign(SECRET, T, BODY);
        let sig = v1.split_once(",v1=").map(|(_, s)| s).unwrap_or_default();
        for header in [
            String::new(),
            "garbage".to_owned(),
            format!("v1={sig}"),
            format!("t=yesterday,v1={sig}"),
            format!("t={T}"),
            format!("t={T},t={T},v1={sig}"),
            format!("t={T};v1={sig}"),
        ] {
            assert!(
                matches!(
                    verify(SECRET, &header, BODY, T, DEFAULT_TOLERANCE),
                    Err(WebhookError::MalformedHeader(_))
                ),
                "{header:?}"
            );
        }
    }

    #[test]
    fn one_matching_v1_among_several_is_enough_while_secrets_rotate() {
        let old = sign("the old secret", T, BODY);
        let new = sign(SECRET, T, BODY);
        let old_sig = old.split_once(",v1=").map(|(_, s)| s).unwrap_or_default();
        let new_sig = new.split_once(",v1=").map(|(_, s)| s).unwrap_or_default();
        let header = format!("t={T},v1={old_sig},v1=not-hex, v1={new_sig},v0=ignored");
        assert_eq!(verify(SECRET, &header, BODY, T, DEFAULT_TOLERANCE), Ok(()));
        assert_eq!(
            verify("the old secret", &header, BODY, T, DEFAULT_TOLERANCE),
            Ok(())
        );
        assert_eq!(
            verify("a third secret", &header, BODY, T, DEFAULT_TOLERANCE),
            Err(WebhookError::SignatureMismatch)
        );
    }
}
