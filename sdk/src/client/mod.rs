//! The reqwest client: configuration, authentication header, retries and the typed
//! answer of every call. One file per resource holds its methods.

/// The per-call option setters every resource handle has.
macro_rules! call_options {
    () => {
        call_options!(@key options);
        call_options!(@if_match options);
    };
    (endpoint) => {
        call_options!(@key endpoint.options);
        call_options!(@if_match endpoint.options);
    };
    (endpoint, posts_only) => {
        call_options!(@key endpoint.options);
    };
    (@key $($field:ident).+) => {
        /// Sends this `Idempotency-Key` with the next POST (default: a fresh one per call).
        pub fn idempotency_key(mut self, key: impl Into<String>) -> Self {
            self.$($field).+.idempotency_key = Some(key.into());
            self
        }

        /// Sends POSTs without an `Idempotency-Key` (and so never retries them).
        pub fn without_idempotency_key(mut self) -> Self {
            self.$($field).+.auto_idempotency_key = false;
            self.$($field).+.idempotency_key = None;
            self
        }
    };
    (@if_match $($field:ident).+) => {
        /// Sends this `If-Match` value instead of the version of the resource passed.
        pub fn if_match(mut self, etag: impl Into<String>) -> Self {
            self.$($field).+.if_match = Some(etag.into());
            self
        }
    };
}

mod admin;
mod auth;
mod awards;
mod error;
mod health;
mod index;
mod organisation;
mod plans;
mod portal;
mod resource;
mod tasks;
mod units;

use std::ops::Deref;
use std::sync::Arc;
use std::time::Duration;

use reqwest::header::{HeaderMap, HeaderValue};
use reqwest::{Method, StatusCode};
use serde::Serialize;
use serde::de::DeserializeOwned;
use url::Url;

pub use admin::{ApiClients, AuditEvents, Users};
pub use auth::{Auth, Credentials};
pub use awards::{AwardDecisions, AwardProposals, Awards};
pub use error::Error;
pub use health::HealthProbes;
pub use index::{Assessments, Frameworks, Results};
pub use organisation::{Departments, Officials};
pub use plans::Plans;
pub use portal::Portal;
pub use tasks::Tasks;
pub use units::Units;

use crate::types::common::Problem;

/// The result of a call.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// A CCHC API client. Cheap to clone; share one per process.
#[derive(Debug, Clone)]
pub struct Client {
    inner: Arc<Inner>,
}

#[derive(Debug)]
struct Inner {
    http: reqwest::Client,
    base: Url,
    session: auth::Session,
    max_retries: u32,
}

/// Builds a [`Client`].
#[derive(Debug)]
pub struct ClientBuilder {
    base_url: String,
    credentials: Option<Credentials>,
    timeout: Duration,
    connect_timeout: Duration,
    user_agent_suffix: Option<String>,
    max_retries: u32,
    http: Option<reqwest::Client>,
}

impl Client {
    /// Starts configuring a client for the API at `base_url` (e.g. `http://127.0.0.1:8080`).
    pub fn builder(base_url: impl Into<String>) -> ClientBuilder {
        ClientBuilder {
            base_url: base_url.into(),
            credentials: None,
            timeout: Duration::from_secs(30),
            connect_timeout: Duration::from_secs(5),
            user_agent_suffix: None,
            max_retries: 2,
            http: None,
        }
    }

    /// Health probes: is the server up, can it serve.
    pub fn health(&self) -> HealthProbes<'_> {
        HealthProbes::new(self)
    }

    /// Administrative units.
    pub fn units(&self) -> Units<'_> {
        Units::new(self)
    }

    /// Tokens: sign in, refresh, revoke, who am I.
    pub fn auth(&self) -> Auth<'_> {
        Auth::new(self)
    }

    /// Departments of units.
    pub fn departments(&self) -> Departments<'_> {
        Departments::new(self)
    }

    /// Officials of units.
    pub fn officials(&self) -> Officials<'_> {
        Officials::new(self)
    }

    /// Plans (Kế hoạch).
    pub fn plans(&self) -> Plans<'_> {
        Plans::new(self)
    }

    /// Tasks.
    pub fn tasks(&self) -> Tasks<'_> {
        Tasks::new(self)
    }

    /// PAR-index frameworks (Bộ chỉ số CCHC): criteria trees, publication of results.
    pub fn frameworks(&self) -> Frameworks<'_> {
        Frameworks::new(self)
    }

    /// PAR-index assessments: self-assessment, appraisal, analysis of lost points.
    pub fn assessments(&self) -> Assessments<'_> {
        Assessments::new(self)
    }

    /// Published PAR-index results and rankings.
    pub fn results(&self) -> Results<'_> {
        Results::new(self)
    }

    /// What the public-service portal pushes: statistics and dossier records.
    pub fn portal(&self) -> Portal<'_> {
        Portal::new(self)
    }

    /// Awards granted (award histories) and the award rules.
    pub fn awards(&self) -> Awards<'_> {
        Awards::new(self)
    }

    /// Award proposals and the council's review.
    pub fn award_proposals(&self) -> AwardProposals<'_> {
        AwardProposals::new(self)
    }

    /// Award decisions (Quyết định khen thưởng).
    pub fn award_decisions(&self) -> AwardDecisions<'_> {
        AwardDecisions::new(self)
    }

    /// People who sign in.
    pub fn users(&self) -> Users<'_> {
        Users::new(self)
    }

    /// Systems that call the API.
    pub fn api_clients(&self) -> ApiClients<'_> {
        ApiClients::new(self)
    }

    /// The audit journal.
    pub fn audit_events(&self) -> AuditEvents<'_> {
        AuditEvents::new(self)
    }

    /// The absolute URL of an API path such as `/api/v1/units`.
    pub fn url(&self, path: &str) -> Result<Url> {
        self.inner
            .base
            .join(path.trim_start_matches('/'))
            .map_err(|e| Error::Config(e.to_string()))
    }

    /// A raw request with the base URL and credentials applied (signing in or refreshing
    /// first if needed), for calls the typed methods do not cover. The answer is not checked.
    pub async fn raw(&self, method: Method, path: &str) -> Result<reqwest::RequestBuilder> {
        let mut req = self.inner.http.request(method, self.url(path)?);
        if let Some(token) = self.inner.session.access_token(self).await? {
            req = req.bearer_auth(token);
        }
        Ok(req)
    }

    /// A request with the base URL only: no credentials.
    pub fn anonymous(&self, method: Method, path: &str) -> Result<reqwest::RequestBuilder> {
        Ok(self.inner.http.request(method, self.url(path)?))
    }

    /// Sends a typed request and decodes the answer, retrying where it is safe.
    pub(crate) async fn send<B: Serialize + ?Sized, T: DeserializeOwned>(
        &self,
        method: Method,
        path: &str,
        query: Option<&(impl Serialize + ?Sized)>,
        body: Option<&B>,
        options: &RequestOptions,
    ) -> Result<Response<T>> {
        let res = self
            .execute(method, path, query, options, |req| match body {
                Some(body) => req.json(body),
                None => req,
            })
            .await?;
        Response::read(res).await
    }

    /// Like [`Client::send`], with a body that is not JSON (CSV, NDJSON) sent as is with its
    /// `Content-Type`; the answer is JSON.
    pub(crate) async fn send_text<T: DeserializeOwned>(
        &self,
        method: Method,
        path: &str,
        content_type: &str,
        body: impl Into<bytes::Bytes>,
        options: &RequestOptions,
    ) -> Result<Response<T>> {
        let body = body.into();
        let res = self
            .execute(method, path, None::<&()>, options, |req| {
                req.header(reqwest::header::CONTENT_TYPE, content_type)
                    .body(body.clone())
            })
            .await?;
        Response::read(res).await
    }

    /// Like [`Client::send`] for a GET whose answer is text (a CSV sheet), read whole.
    pub(crate) async fn get_text(
        &self,
        path: &str,
        query: Option<&(impl Serialize + ?Sized)>,
        options: &RequestOptions,
    ) -> Result<Response<String>> {
        let res = self
            .execute(Method::GET, path, query, options, |req| req)
            .await?;
        Response::read_text(res).await
    }

    /// The path of every typed call: credentials, `Idempotency-Key`, `If-Match`, one
    /// sign-in again on 401, retries where safe. `body` sets the body of each attempt.
    /// The answer's status is not checked.
    async fn execute(
        &self,
        method: Method,
        path: &str,
        query: Option<&(impl Serialize + ?Sized)>,
        options: &RequestOptions,
        body: impl Fn(reqwest::RequestBuilder) -> reqwest::RequestBuilder,
    ) -> Result<reqwest::Response> {
        let idempotency_key = match (
            &options.idempotency_key,
            method == Method::POST && options.auto_idempotency_key,
        ) {
            (Some(key), _) => Some(key.clone()),
            (None, true) => Some(uuid::Uuid::new_v4().to_string()),
            (None, false) => None,
        };
        let retry_safe = method != Method::POST || idempotency_key.is_some();
        let mut attempt = 0;
        let mut refreshed = false;
        loop {
            let mut req = self.raw(method.clone(), path).await?;
            if let Some(query) = query {
                req = req.query(query);
            }
            req = body(req);
            if let Some(key) = &idempotency_key {
                req = req.header("Idempotency-Key", key);
            }
            if let Some(tag) = &options.if_match {
                req = req.header("If-Match", tag);
            }
            let outcome = req.send().await;
            // An access token that died early (revoked key, clock skew): sign in again once.
            if let Ok(res) = &outcome
                && res.status() == StatusCode::UNAUTHORIZED
                && !refreshed
                && self.inner.session.renewable()
            {
                refreshed = true;
                self.inner.session.invalidate().await;
                continue;
            }
            let wait = match &outcome {
                Err(e) if e.is_connect() => Some(None),
                Ok(res) if matches!(res.status().as_u16(), 429 | 502 | 503 | 504) => {
                    Some(retry_after(res.headers()))
                }
                _ => None,
            };
            if let Some(wait) = wait
                && retry_safe
                && attempt < self.inner.max_retries
            {
                tokio::time::sleep(wait.unwrap_or_else(|| backoff(attempt))).await;
                attempt += 1;
                continue;
            }
            return outcome.map_err(Error::transport);
        }
    }
}

impl Client {
    /// A GET whose answer is a file, as a stream of chunks read as they arrive.
    pub(crate) async fn download(
        &self,
        path_and_query: &str,
    ) -> Result<impl futures_util::Stream<Item = Result<bytes::Bytes>> + use<>> {
        let res = self
            .raw(Method::GET, path_and_query)
            .await?
            .send()
            .await
            .map_err(Error::transport)?;
        let status = res.status();
        if !status.is_success() {
            let body = res.bytes().await.map_err(Error::transport)?;
            return Err(problem_error(status, &body));
        }
        use futures_util::TryStreamExt;
        Ok(res.bytes_stream().map_err(Error::transport))
    }

    /// Sends a request whose success has no body (204).
    pub(crate) async fn send_empty(
        &self,
        method: Method,
        path: &str,
        options: &RequestOptions,
    ) -> Result<()> {
        let mut req = self.raw(method, path).await?;
        if let Some(tag) = &options.if_match {
            req = req.header("If-Match", tag);
        }
        let res = req.send().await.map_err(Error::transport)?;
        let status = res.status();
        if status.is_success() {
            return Ok(());
        }
        let bytes = res.bytes().await.map_err(Error::transport)?;
        Err(problem_error(status, &bytes))
    }
}

/// Exponential backoff with full jitter: up to 250 ms, 500 ms, 1 s, … capped at 8 s.
fn backoff(attempt: u32) -> Duration {
    let ceiling = 250u64.saturating_mul(1 << attempt.min(5)).min(8_000);
    let jitter = uuid::Uuid::new_v4().as_u128() as u64 % (ceiling + 1);
    Duration::from_millis(jitter.max(50))
}

fn retry_after(headers: &HeaderMap) -> Option<Duration> {
    let secs: u64 = headers
        .get("retry-after")?
        .to_str()
        .ok()?
        .trim()
        .parse()
        .ok()?;
    Some(Duration::from_secs(secs.min(60)))
}

impl ClientBuilder {
    /// Authenticates every call with this bearer access token (never refreshed).
    pub fn token(mut self, token: impl Into<String>) -> Self {
        self.credentials = Some(Credentials::Token(token.into()));
        self
    }

    /// Signs in as a person; the access token is refreshed automatically before it expires.
    pub fn password(mut self, username: impl Into<String>, password: impl Into<String>) -> Self {
        self.credentials = Some(Credentials::Password {
            username: username.into(),
            password: password.into(),
        });
        self
    }

    /// Signs in as a system (client credentials); refreshed automatically.
    pub fn client_credentials(
        mut self,
        client_id: impl Into<String>,
        client_secret: impl Into<String>,
    ) -> Self {
        self.credentials = Some(Credentials::Client {
            client_id: client_id.into(),
            client_secret: client_secret.into(),
        });
        self
    }

    /// Total time limit of one attempt (default 30 s).
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// Time limit to connect (default 5 s).
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = timeout;
        self
    }

    /// Appended to the `User-Agent` (e.g. `portal-sync/1.2`).
    pub fn user_agent_suffix(mut self, suffix: impl Into<String>) -> Self {
        self.user_agent_suffix = Some(suffix.into());
        self
    }

    /// How many times a failed call that is safe to repeat is retried (default 2).
    pub fn max_retries(mut self, retries: u32) -> Self {
        self.max_retries = retries;
        self
    }

    /// Uses this reqwest client (its own timeouts and proxies apply).
    pub fn http_client(mut self, http: reqwest::Client) -> Self {
        self.http = Some(http);
        self
    }

    /// Builds the client.
    pub fn build(self) -> Result<Client> {
        let mut base =
            Url::parse(&self.base_url).map_err(|e| Error::Config(format!("base URL: {e}")))?;
        if !base.path().ends_with('/') {
            let path = format!("{}/", base.path());
            base.set_path(&path);
        }
        let http = match self.http {
            Some(http) => http,
            None => {
                let mut agent = format!("cchc-sdk-rust/{}", env!("CARGO_PKG_VERSION"));
                if let Some(suffix) = &self.user_agent_suffix {
                    agent = format!("{agent} {suffix}");
                }
                reqwest::Client::builder()
                    .timeout(self.timeout)
                    .connect_timeout(self.connect_timeout)
                    .user_agent(agent)
                    .build()
                    .map_err(|e| Error::Config(e.to_string()))?
            }
        };
        let session = auth::Session::new(self.credentials);
        Ok(Client {
            inner: Arc::new(Inner {
                http,
                base,
                session,
                max_retries: self.max_retries,
            }),
        })
    }
}

/// Per-call options.
#[derive(Debug, Clone)]
pub struct RequestOptions {
    /// The `Idempotency-Key` to send (a POST gets a fresh one by default).
    pub idempotency_key: Option<String>,
    /// Whether a POST without an explicit key gets a generated one (default true).
    pub auto_idempotency_key: bool,
    /// The `If-Match` precondition.
    pub if_match: Option<String>,
}

impl Default for RequestOptions {
    fn default() -> Self {
        RequestOptions {
            idempotency_key: None,
            auto_idempotency_key: true,
            if_match: None,
        }
    }
}

/// A decoded answer with the headers that matter. Derefs to the value.
#[derive(Debug, Clone)]
pub struct Response<T> {
    /// The decoded body.
    pub value: T,
    /// The HTTP status (named so, since resources have a `status` of their own).
    pub http_status: u16,
    /// The `ETag` (single resources).
    pub etag: Option<String>,
    /// The `Location` (created resources).
    pub location: Option<String>,
    /// Whether the answer is a replay of an earlier request with the same idempotency key.
    pub replayed: bool,
    /// The server's `X-Request-Id`.
    pub request_id: Option<String>,
}

impl<T> Deref for Response<T> {
    type Target = T;

    fn deref(&self) -> &T {
        &self.value
    }
}

impl<T> Response<T> {
    /// The decoded body.
    pub fn into_inner(self) -> T {
        self.value
    }
}

impl<T: DeserializeOwned> Response<T> {
    pub(crate) async fn read(res: reqwest::Response) -> Result<Self> {
        Self::read_with(res, |bytes| {
            serde_json::from_slice(bytes).map_err(|e| Error::Decode(e.to_string()))
        })
        .await
    }
}

impl Response<String> {
    /// Reads a text answer (CSV) whole.
    pub(crate) async fn read_text(res: reqwest::Response) -> Result<Self> {
        Self::read_with(res, |bytes| {
            String::from_utf8(bytes.to_vec()).map_err(|e| Error::Decode(e.to_string()))
        })
        .await
    }
}

impl<T> Response<T> {
    /// Checks the status (problem details on error), keeps the headers that matter and
    /// decodes the body with `decode`.
    async fn read_with(
        res: reqwest::Response,
        decode: impl FnOnce(&[u8]) -> Result<T>,
    ) -> Result<Self> {
        let status = res.status();
        let header = |name: &str| {
            res.headers()
                .get(name)
                .and_then(|v: &HeaderValue| v.to_str().ok())
                .map(str::to_owned)
        };
        let etag = header("etag");
        let location = header("location");
        let replayed = header("idempotent-replayed").as_deref() == Some("true");
        let request_id = header("x-request-id");
        let bytes = res.bytes().await.map_err(Error::transport)?;
        if !status.is_success() {
            return Err(problem_error(status, &bytes));
        }
        let value = decode(&bytes)?;
        Ok(Response {
            value,
            http_status: status.as_u16(),
            etag,
            location,
            replayed,
            request_id,
        })
    }
}

pub(crate) fn problem_error(status: StatusCode, bytes: &[u8]) -> Error {
    let problem = serde_json::from_slice::<Problem>(bytes).unwrap_or_else(|_| Problem {
        type_uri: "about:blank".into(),
        title: status.canonical_reason().unwrap_or("error").into(),
        status: status.as_u16(),
        detail: Some(String::from_utf8_lossy(bytes).chars().take(500).collect()),
        code: "unknown".into(),
        errors: Vec::new(),
        request_id: None,
        allowed_actions: None,
        referenced_by: None,
        error: None,
    });
    Error::Api {
        status: status.as_u16(),
        problem: Box::new(problem),
    }
}

/// `"<version>"`: the ETag of a resource at `version`, for `If-Match`.
pub fn etag_of(version: i32) -> String {
    format!("\"{version}\"")
}

/// Walks every page of a list lazily: the next page is fetched when the stream is polled
/// past the end of the current one.
pub(crate) fn paginate<Q, T>(
    client: Client,
    path: &'static str,
    query: Q,
    set_cursor: fn(&mut Q, Option<String>),
) -> impl futures_util::Stream<Item = Result<T>>
where
    Q: Serialize + Clone,
    T: DeserializeOwned,
{
    use crate::types::common::Page;
    struct State<Q, T> {
        query: Q,
        buffer: std::collections::VecDeque<T>,
        done: bool,
    }
    let state = State {
        query,
        buffer: Default::default(),
        done: false,
    };
    futures_util::stream::try_unfold(state, move |mut state| {
        let client = client.clone();
        async move {
            loop {
                if let Some(item) = state.buffer.pop_front() {
                    return Ok(Some((item, state)));
                }
                if state.done {
                    return Ok(None);
                }
                let page: Response<Page<T>> = client
                    .send(
                        Method::GET,
                        path,
                        Some(&state.query),
                        None::<&()>,
                        &RequestOptions::default(),
                    )
                    .await?;
                let page = page.value;
                state.buffer.extend(page.data);
                state.done = !page.has_more || page.next_cursor.is_none();
                set_cursor(&mut state.query, page.next_cursor);
            }
        }
    })
}
