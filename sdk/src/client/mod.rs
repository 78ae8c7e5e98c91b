//! The reqwest client: configuration, authentication header, retries and the typed
//! answer of every call. One file per resource holds its methods.

#[macro_use]
mod options;

mod admin;
mod auth;
mod awards;
mod conference;
mod error;
mod exports;
mod health;
mod index;
mod organisation;
mod plans;
mod portal;
mod reports;
mod resource;
mod response;
mod search;
mod tasks;
mod transport;
mod units;
mod webhooks;

use std::sync::Arc;
use std::time::Duration;

use reqwest::Method;
use url::Url;

pub use admin::{ApiClients, AuditEvents, Users};
pub use auth::{Auth, Credentials};
pub use awards::{AwardDecisions, AwardProposals, Awards};
pub use conference::{ChartFormat, ConferencePack};
pub use error::Error;
pub use exports::Exports;
pub use health::HealthProbes;
pub use index::{Assessments, Frameworks, Results};
pub use options::RequestOptions;
pub use organisation::{Departments, Officials};
pub use plans::Plans;
pub use portal::Portal;
pub use reports::Reports;
pub use response::Response;
pub use tasks::Tasks;
pub use units::Units;
pub use webhooks::Webhooks;

pub(crate) use response::problem_error;
pub(crate) use transport::paginate;

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

    /// The conference papers of a plan (`plans.conference_*`).
    pub fn conference_pack(&self) -> ConferencePack<'_> {
        ConferencePack::new(self)
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

    /// Reports as JSON, CSV or XLSX (`reports.*`).
    pub fn reports(&self) -> Reports<'_> {
        Reports::new(self)
    }

    /// What the public-service portal pushes: statistics and dossier records.
    pub fn portal(&self) -> Portal<'_> {
        Portal::new(self)
    }

    /// Export jobs: reports made in the background, then downloaded.
    pub fn exports(&self) -> Exports<'_> {
        Exports::new(self)
    }

    /// Webhook subscriptions and their delivery logs.
    pub fn webhooks(&self) -> Webhooks<'_> {
        Webhooks::new(self)
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

/// `"<version>"`: the ETag of a resource at `version`, for `If-Match`.
pub fn etag_of(version: i32) -> String {
    format!("\"{version}\"")
}
