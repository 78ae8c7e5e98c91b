//! Signing in: credentials, the session that keeps an access token fresh, and the
//! `auth.*` operations.

use std::time::{Duration, Instant};

use reqwest::Method;
use tokio::sync::Mutex;

use super::{Client, RequestOptions, Response, Result};
use crate::types::auth::{MeOut, RevokeRequest, TokenRequest, TokenResponse};

/// How the client authenticates.
#[derive(Clone)]
pub enum Credentials {
    /// A bearer access token, used as is.
    Token(String),
    /// A person's username and password.
    Password {
        /// Username.
        username: String,
        /// Password.
        password: String,
    },
    /// A system's client id and secret.
    Client {
        /// Client id.
        client_id: String,
        /// Client secret.
        client_secret: String,
    },
}

impl std::fmt::Debug for Credentials {
    // Never print a secret.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Credentials::Token(_) => f.write_str("Token(***)"),
            Credentials::Password { username, .. } => write!(f, "Password({username}, ***)"),
            Credentials::Client { client_id, .. } => write!(f, "Client({client_id}, ***)"),
        }
    }
}

/// Renew this long before expiry, so a token never dies in flight.
const EARLY: Duration = Duration::from_secs(30);

#[derive(Default)]
struct Tokens {
    access: Option<String>,
    refresh: Option<String>,
    expires_at: Option<Instant>,
}

/// The client's session: the current tokens and how to get new ones.
pub(crate) struct Session {
    credentials: Option<Credentials>,
    tokens: Mutex<Tokens>,
}

impl std::fmt::Debug for Session {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Session")
            .field("credentials", &self.credentials)
            .finish_non_exhaustive()
    }
}

impl Session {
    pub(crate) fn new(credentials: Option<Credentials>) -> Self {
        Session {
            credentials,
            tokens: Mutex::new(Tokens::default()),
        }
    }

    /// Whether a new access token can be obtained (password or client credentials).
    pub(crate) fn renewable(&self) -> bool {
        matches!(
            self.credentials,
            Some(Credentials::Password { .. } | Credentials::Client { .. })
        )
    }

    /// Forgets the access token so the next call renews it.
    pub(crate) async fn invalidate(&self) {
        self.tokens.lock().await.expires_at = Some(Instant::now());
    }

    /// A valid access token: the fixed one, the cached one, or a renewed one (refresh grant
    /// first, signing in again if the refresh token is no longer accepted).
    pub(crate) async fn access_token(&self, client: &Client) -> Result<Option<String>> {
        let login = match &self.credentials {
            None => return Ok(None),
            Some(Credentials::Token(t)) => return Ok(Some(t.clone())),
            Some(Credentials::Password { username, password }) => {
                TokenRequest::password(username, password)
            }
            Some(Credentials::Client {
                client_id,
                client_secret,
            }) => TokenRequest::client_credentials(client_id, client_secret),
        };
        let mut tokens = self.tokens.lock().await;
        if let (Some(access), Some(at)) = (&tokens.access, tokens.expires_at)
            && Instant::now() + EARLY < at
        {
            return Ok(Some(access.clone()));
        }
        let renewed = match tokens.refresh.take() {
            Some(refresh) => match request_token(client, &TokenRequest::refresh(refresh)).await {
                Ok(t) => t,
                Err(_) => request_token(client, &login).await?,
            },
            None => request_token(client, &login).await?,
        };
        let access = renewed.access_token.clone();
        *tokens = Tokens {
            access: Some(renewed.access_token),
            refresh: renewed.refresh_token,
            expires_at: Some(Instant::now() + Duration::from_secs(renewed.expires_in)),
        };
        Ok(Some(access))
    }

    /// The current refresh token, if signed in.
    pub(crate) async fn refresh_token(&self) -> Option<String> {
        self.tokens.lock().await.refresh.clone()
    }
}

async fn request_token(client: &Client, request: &TokenRequest) -> Result<TokenResponse> {
    let res = client
        .anonymous(Method::POST, "/api/v1/auth/token")?
        .json(request)
        .send()
        .await
        .map_err(super::Error::transport)?;
    Ok(Response::<TokenResponse>::read(res).await?.value)
}

/// The `auth.*` operations.
#[derive(Debug, Clone)]
pub struct Auth<'c> {
    client: &'c Client,
}

impl<'c> Auth<'c> {
    pub(crate) fn new(client: &'c Client) -> Self {
        Auth { client }
    }

    /// `auth.token`: exchanges credentials or a refresh token for tokens (without touching
    /// this client's own session).
    pub async fn token(&self, request: &TokenRequest) -> Result<TokenResponse> {
        request_token(self.client, request).await
    }

    /// `auth.revoke`: ends the sign-in a refresh token belongs to.
    pub async fn revoke(&self, refresh_token: &str) -> Result<()> {
        let body = RevokeRequest {
            token: refresh_token.to_owned(),
        };
        let res = self
            .client
            .anonymous(Method::POST, "/api/v1/auth/revoke")?
            .json(&body)
            .send()
            .await
            .map_err(super::Error::transport)?;
        let status = res.status();
        if status.is_success() {
            return Ok(());
        }
        let bytes = res.bytes().await.map_err(super::Error::transport)?;
        Err(super::problem_error(status, &bytes))
    }

    /// `auth.me`: who this client is signed in as.
    pub async fn me(&self) -> Result<MeOut> {
        let res: Response<MeOut> = self
            .client
            .send(
                Method::GET,
                "/api/v1/auth/me",
                None::<&()>,
                None::<&()>,
                &RequestOptions::default(),
            )
            .await?;
        Ok(res.value)
    }

    /// Signs this client out: revokes its refresh token (its access token expires by itself).
    pub async fn sign_out(&self) -> Result<()> {
        match self.client.inner.session.refresh_token().await {
            Some(token) => self.revoke(&token).await,
            None => Ok(()),
        }
    }
}
