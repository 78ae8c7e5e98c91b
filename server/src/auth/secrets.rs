//! Secrets: random tokens, their hashes, and Argon2id password hashes.

use argon2::Argon2;
use argon2::password_hash::phc::PasswordHash;
use argon2::password_hash::{PasswordHasher, PasswordVerifier};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use sha2::{Digest, Sha256};

use crate::error::ApiError;

/// `bytes` random bytes from the operating system, base64url-encoded.
pub fn random_token(bytes: usize) -> Result<String, ApiError> {
    let mut buf = vec![0u8; bytes];
    getrandom::fill(&mut buf).map_err(|e| ApiError::internal(format!("no randomness: {e}")))?;
    Ok(URL_SAFE_NO_PAD.encode(buf))
}

/// SHA-256 of a high-entropy secret (refresh tokens, client secrets), hex.
pub fn sha256_hex(secret: &str) -> String {
    hex::encode(Sha256::digest(secret.as_bytes()))
}

/// A password as it is hashed and checked: Unicode NFC. The same Vietnamese password
/// arrives precomposed from one keyboard and decomposed (NFD) from another (macOS, some
/// Telex/VNI setups); both are the one password (UAX #15; as RFC 8265 §4.1 prescribes for
/// passwords).
pub fn canonical_password(password: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    password.nfc().collect()
}

/// An Argon2id hash (OWASP parameters: 19 MiB, 2 iterations, 1 lane) of the password's
/// [`canonical_password`] form, as a PHC string. CPU-heavy: runs on the blocking pool.
pub async fn hash_password(password: String) -> Result<String, ApiError> {
    let password = canonical_password(&password);
    tokio::task::spawn_blocking(move || {
        Argon2::default()
            .hash_password(password.as_bytes())
            .map(|h| h.to_string())
            .map_err(|e| ApiError::internal(format!("argon2: {e}")))
    })
    .await
    .map_err(ApiError::internal)?
}

/// Whether `password` matches the stored hash, compared in [`canonical_password`] form (a
/// hash made before passwords were normalised still matches the exact text it was made
/// of). With no stored hash (unknown user) a dummy hash is checked anyway, so the answer
/// takes as long either way.
pub async fn verify_password(password: String, stored: Option<String>) -> bool {
    static DUMMY: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    let known = stored.is_some();
    let canonical = canonical_password(&password);
    let tries = if canonical == password {
        vec![canonical]
    } else {
        vec![canonical, password]
    };
    let ok = tokio::task::spawn_blocking(move || {
        let hash = stored.unwrap_or_else(|| {
            DUMMY
                .get_or_init(|| {
                    Argon2::default()
                        .hash_password(b"not a password of anyone")
                        .map(|h| h.to_string())
                        .unwrap_or_default()
                })
                .clone()
        });
        PasswordHash::new(&hash)
            .map(|parsed| {
                tries.iter().any(|password| {
                    Argon2::default()
                        .verify_password(password.as_bytes(), &parsed)
                        .is_ok()
                })
            })
            .unwrap_or(false)
    })
    .await
    .unwrap_or(false);
    ok && known
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn passwords_hash_with_argon2id_and_verify() -> Result<(), ApiError> {
        let hash = hash_password("a long passphrase".into()).await?;
        assert!(hash.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"));
        assert!(verify_password("a long passphrase".into(), Some(hash.clone())).await);
        assert!(!verify_password("wrong".into(), Some(hash)).await);
        assert!(!verify_password("anything".into(), None).await);
        Ok(())
    }

    #[tokio::test]
    async fn a_password_set_decomposed_is_the_same_typed_composed() -> Result<(), ApiError> {
        // "Mật khẩu" with its marks as separate code points (NFD), then precomposed (NFC).
        let decomposed = "Ma\u{323}\u{302}t kha\u{302}\u{309}u 2026";
        let composed = "Mật khẩu 2026";
        assert_ne!(decomposed, composed);
        let hash = hash_password(decomposed.into()).await?;
        assert!(verify_password(composed.into(), Some(hash.clone())).await);
        assert!(verify_password(decomposed.into(), Some(hash)).await);
        // A hash made of the decomposed text before normalisation still verifies it.
        let legacy = tokio::task::spawn_blocking(move || {
            Argon2::default()
                .hash_password(decomposed.as_bytes())
                .map(|h| h.to_string())
        })
        .await
        .map_err(ApiError::internal)?
        .map_err(ApiError::internal)?;
        assert!(verify_password(decomposed.into(), Some(legacy)).await);
        Ok(())
    }

    #[test]
    fn tokens_are_random_and_url_safe() -> Result<(), ApiError> {
        let (a, b) = (random_token(32)?, random_token(32)?);
        assert_ne!(a, b);
        assert_eq!(a.len(), 43);
        assert!(
            a.bytes()
                .all(|c| c.is_ascii_alphanumeric() || c == b'-' || c == b'_')
        );
        Ok(())
    }
}
