//! The ceiling's whole authentication: an HS256 JWT (RFC 7519) checked with HMAC-SHA256
//! against one shared secret, and its `exp`. No key ring, no session, no principal.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use hmac::{Hmac, Mac};
use serde::Deserialize;
use sha2::Sha256;

#[derive(Deserialize)]
struct Header {
    alg: String,
}

#[derive(Deserialize)]
struct Claims {
    exp: u64,
}

/// Whether `token` is `header.payload.signature` signed with `secret` by HS256 and not
/// expired at `now` (seconds since the epoch).
pub fn valid(token: &str, secret: &[u8], now: u64) -> bool {
    let mut parts = token.split('.');
    let (Some(header), Some(payload), Some(signature), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return false;
    };
    let Ok(mut mac) = Hmac::<Sha256>::new_from_slice(secret) else {
        return false;
    };
    mac.update(header.as_bytes());
    mac.update(b".");
    mac.update(payload.as_bytes());
    let Ok(signature) = URL_SAFE_NO_PAD.decode(signature) else {
        return false;
    };
    // Constant-time comparison.
    if mac.verify_slice(&signature).is_err() {
        return false;
    }
    let decode = |part: &str| URL_SAFE_NO_PAD.decode(part).ok();
    let header: Option<Header> = decode(header).and_then(|b| serde_json::from_slice(&b).ok());
    let claims: Option<Claims> = decode(payload).and_then(|b| serde_json::from_slice(&b).ok());
    matches!((header, claims), (Some(h), Some(c)) if h.alg == "HS256" && c.exp > now)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sign(header: &str, payload: &str, secret: &[u8]) -> String {
        let head = URL_SAFE_NO_PAD.encode(header);
        let body = URL_SAFE_NO_PAD.encode(payload);
        let mut mac = Hmac::<Sha256>::new_from_slice(secret).unwrap_or_else(|_| unreachable!());
        mac.update(format!("{head}.{body}").as_bytes());
        let sig = URL_SAFE_NO_PAD.encode(mac.finalize().into_bytes());
        format!("{head}.{body}.{sig}")
    }

    #[test]
    fn a_token_signed_with_the_secret_passes_until_it_expires() {
        let t = sign(
            r#"{"alg":"HS256","typ":"JWT"}"#,
            r#"{"sub":"x","exp":1000}"#,
            b"k",
        );
        assert!(valid(&t, b"k", 999));
        assert!(!valid(&t, b"k", 1000));
        assert!(!valid(&t, b"other", 999));
    }

    #[test]
    fn another_algorithm_or_a_tampered_payload_fails() {
        let none = sign(r#"{"alg":"none"}"#, r#"{"exp":1000}"#, b"k");
        assert!(!valid(&none, b"k", 1));
        let t = sign(r#"{"alg":"HS256"}"#, r#"{"exp":1000}"#, b"k");
        let mut parts: Vec<&str> = t.split('.').collect();
        let forged = URL_SAFE_NO_PAD.encode(r#"{"exp":9999}"#);
        parts[1] = &forged;
        assert!(!valid(&parts.join("."), b"k", 1));
        assert!(!valid("a.b", b"k", 1));
    }
}
