//! Access tokens: short-lived HS256 JWTs, signed with the active key of a key ring kept in
//! the database (so every replica shares it) and verified by `kid`.
//!
//! Rotation without logging anyone out: `cchc-server keys rotate` adds a new active key;
//! tokens signed with the old one stay valid until they expire, because verification looks
//! keys up by `kid`. Replicas start signing with the new key within five minutes (or at
//! once when they meet its `kid`). After the access-token lifetime has passed,
//! `cchc-server keys prune` deletes the inactive keys.

use std::collections::HashMap;
use std::sync::RwLock;
use std::time::{Duration, Instant};

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use chrono::Utc;
use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Header, Validation};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, DatabaseConnection, DbErr, EntityTrait,
    QueryFilter,
};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::secrets::random_token;
use crate::entity::signing_keys;
use crate::error::{ApiError, ErrorKind};

/// The claims of an access token.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Claims {
    /// Issuer (`jwt_issuer`).
    pub iss: String,
    /// Audience (`jwt_audience`).
    pub aud: String,
    /// The user's or client's id.
    pub sub: Uuid,
    /// Always `access`: nothing else is ever accepted as a bearer token.
    pub typ: String,
    /// `user` or `client`.
    pub kind: String,
    /// Home unit.
    pub unit: Option<Uuid>,
    /// Roles of a user.
    #[serde(default)]
    pub roles: Vec<String>,
    /// Scopes of a client.
    #[serde(default)]
    pub scopes: Vec<String>,
    /// Expiry (seconds since the epoch).
    pub exp: u64,
    /// Not before.
    pub nbf: u64,
    /// Issued at.
    pub iat: u64,
    /// Token id.
    pub jti: Uuid,
    /// The sign-in (refresh-token family) this token belongs to: signing out or changing
    /// the password ends it, and the token with it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sid: Option<Uuid>,
    /// The sign-in's narrowing (RFC 6749 §3.3; the `scope` claim of RFC 9068 §2.2.3),
    /// space-separated roles or scopes: the principal acts with only those it still holds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scope: Option<String>,
}

/// The keys of the installation, cached from the database.
pub struct KeyRing {
    db: DatabaseConnection,
    issuer: String,
    audience: String,
    inner: RwLock<Keys>,
}

impl std::fmt::Debug for KeyRing {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("KeyRing")
            .field("issuer", &self.issuer)
            .field("audience", &self.audience)
            .finish_non_exhaustive()
    }
}

#[derive(Default)]
struct Keys {
    by_kid: HashMap<String, Vec<u8>>,
    active: Option<(String, Vec<u8>)>,
    loaded_at: Option<Instant>,
}

impl KeyRing {
    /// Loads the keys, creating the first one on an empty database.
    pub async fn load(
        db: DatabaseConnection,
        issuer: String,
        audience: String,
    ) -> Result<KeyRing, DbErr> {
        let ring = KeyRing {
            db,
            issuer,
            audience,
            inner: RwLock::new(Keys::default()),
        };
        if signing_keys::Entity::find()
            .filter(signing_keys::Column::Active.eq(true))
            .one(&ring.db)
            .await?
            .is_none()
        {
            rotate(&ring.db).await?;
        }
        ring.reload().await?;
        Ok(ring)
    }

    /// Re-reads the keys from the database.
    pub async fn reload(&self) -> Result<(), DbErr> {
        let rows = signing_keys::Entity::find().all(&self.db).await?;
        let mut keys = Keys {
            loaded_at: Some(Instant::now()),
            ..Default::default()
        };
        for row in rows {
            let Ok(secret) = STANDARD.decode(&row.secret) else {
                continue;
            };
            if row.active {
                keys.active = Some((row.kid.clone(), secret.clone()));
            }
            keys.by_kid.insert(row.kid, secret);
        }
        if let Ok(mut inner) = self.inner.write() {
            *inner = keys;
        }
        Ok(())
    }

    /// Signs an access token for `claims` (issuer and audience are filled in).
    pub fn sign(&self, mut claims: Claims) -> Result<String, ApiError> {
        claims.iss = self.issuer.clone();
        claims.aud = self.audience.clone();
        let inner = self
            .inner
            .read()
            .map_err(|_| ApiError::internal("key ring lock poisoned"))?;
        let (kid, secret) = inner
            .active
            .as_ref()
            .ok_or_else(|| ApiError::internal("no active signing key"))?;
        let mut header = Header::new(Algorithm::HS256);
        header.kid = Some(kid.clone());
        jsonwebtoken::encode(&header, &claims, &EncodingKey::from_secret(secret))
            .map_err(ApiError::internal)
    }

    /// Verifies an access token: HS256 only, known `kid`, `iss`, `aud`, `exp`, `nbf` and
    /// `typ = access` all required and checked. Any failure is 401.
    pub async fn verify(&self, token: &str) -> Result<Claims, ApiError> {
        let kid = jsonwebtoken::decode_header(token)
            .map_err(|_| invalid_token())?
            .kid
            .ok_or_else(invalid_token)?;
        if !self.knows(&kid) && self.may_reload() {
            // Another replica may have rotated the key.
            self.reload().await.map_err(ApiError::from)?;
        }
        self.verify_known(token, &kid)
    }

    /// Verifies without ever touching the database (for the rate limiter's key).
    pub fn verify_cached(&self, token: &str) -> Option<Claims> {
        let kid = jsonwebtoken::decode_header(token).ok()?.kid?;
        self.verify_known(token, &kid).ok()
    }

    fn verify_known(&self, token: &str, kid: &str) -> Result<Claims, ApiError> {
        let secret = {
            let inner = self
                .inner
                .read()
                .map_err(|_| ApiError::internal("key ring lock poisoned"))?;
            inner.by_kid.get(kid).cloned().ok_or_else(invalid_token)?
        };
        let mut validation = Validation::new(Algorithm::HS256);
        validation.set_issuer(&[&self.issuer]);
        validation.set_audience(&[&self.audience]);
        validation.set_required_spec_claims(&["exp", "nbf", "iss", "aud", "sub"]);
        validation.validate_nbf = true;
        validation.leeway = 30;
        let data =
            jsonwebtoken::decode::<Claims>(token, &DecodingKey::from_secret(&secret), &validation)
                .map_err(|_| invalid_token())?;
        if data.claims.typ != "access" {
            return Err(invalid_token());
        }
        Ok(data.claims)
    }

    fn knows(&self, kid: &str) -> bool {
        self.inner
            .read()
            .map(|i| i.by_kid.contains_key(kid))
            .unwrap_or(false)
    }

    /// At most one reload every ten seconds, so unknown kids cannot hammer the database.
    fn may_reload(&self) -> bool {
        self.inner
            .read()
            .map(|i| {
                i.loaded_at
                    .is_none_or(|t| t.elapsed() > Duration::from_secs(10))
            })
            .unwrap_or(false)
    }
}

/// 401 for a token that is missing, malformed, expired, forged or of the wrong kind.
pub fn invalid_token() -> ApiError {
    ApiError::new(ErrorKind::Unauthorized).with_detail(
        "Mã truy cập không hợp lệ hoặc đã hết hạn; hãy đăng nhập lại.",
        "The access token is invalid or expired; sign in again.",
    )
}

/// Makes a new active key; the old ones stay for verification. Returns the new kid.
pub async fn rotate(db: &DatabaseConnection) -> Result<String, DbErr> {
    let kid = format!("k{}", Utc::now().format("%Y%m%d%H%M%S"));
    let kid = format!("{kid}-{}", &Uuid::new_v4().simple().to_string()[..6]);
    let secret = random_token(48).map_err(|e| DbErr::Custom(e.to_string()))?;
    signing_keys::Entity::update_many()
        .col_expr(signing_keys::Column::Active, Expr::value(false))
        .filter(signing_keys::Column::Active.eq(true))
        .exec(db)
        .await?;
    signing_keys::ActiveModel {
        kid: Set(kid.clone()),
        secret: Set(STANDARD.encode(secret.as_bytes())),
        active: Set(true),
        created_at: Set(Utc::now()),
    }
    .insert(db)
    .await?;
    Ok(kid)
}

/// Deletes the inactive keys (run it once the access-token lifetime has passed since the
/// last rotation). Returns how many were removed.
pub async fn prune(db: &DatabaseConnection) -> Result<u64, DbErr> {
    let res = signing_keys::Entity::delete_many()
        .filter(signing_keys::Column::Active.eq(false))
        .exec(db)
        .await?;
    Ok(res.rows_affected)
}
