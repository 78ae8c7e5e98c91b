//! Authentication: the OAuth 2.0 token endpoint, roles of people and scopes of systems.

use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// What a person may do, by role.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Role {
    /// Runs the installation: every unit, every resource.
    SystemAdmin,
    /// A committee's chairman or office: manages its unit and every unit below it.
    UnitAdmin,
    /// An upper level's reviewer of the index of the units below it (thẩm định).
    Appraiser,
    /// Works the tasks of their own department.
    DepartmentOfficer,
    /// Reads what its unit scope holds.
    Viewer,
    /// Reads the audit journal of its unit scope.
    Auditor,
    /// A value this version of the SDK does not know (sent by a newer server): answers
    /// stay readable. Never sent; the server refuses it in requests.
    #[serde(other, skip_serializing)]
    Unknown,
}

/// What a system (API client) may do, by scope.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[non_exhaustive]
pub enum ClientScope {
    /// Read units (and look up unit codes).
    #[serde(rename = "units.read")]
    UnitsRead,
    /// Push the public-service portal's statistics and dossiers.
    #[serde(rename = "portal.statistics.write")]
    PortalStatisticsWrite,
    /// Read reports, results and rankings.
    #[serde(rename = "reports.read")]
    ReportsRead,
    /// Manage webhook subscriptions.
    #[serde(rename = "webhooks.manage")]
    WebhooksManage,
    /// Read the audit journal.
    #[serde(rename = "audit.read")]
    AuditRead,
    /// A value this version of the SDK does not know (sent by a newer server): answers
    /// stay readable. Never sent; the server refuses it in requests.
    #[serde(other, skip_serializing)]
    Unknown,
}

/// Who a principal is: a person (user) or a system (API client).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum PrincipalKind {
    /// A person logging in with a password.
    User,
    /// A system authenticating with a client id and secret.
    Client,
    /// A value this version of the SDK does not know (sent by a newer server): answers
    /// stay readable. Never sent; the server refuses it in requests.
    #[serde(other, skip_serializing)]
    Unknown,
}

/// The grants of `POST /api/v1/auth/token`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum GrantType {
    /// A person: `username` and `password`.
    Password,
    /// A system: `client_id` and `client_secret`.
    ClientCredentials,
    /// A new access token for a refresh token (which is rotated).
    RefreshToken,
}

/// Body of `POST /api/v1/auth/token`, form-encoded (RFC 6749) or JSON.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TokenRequest {
    /// `password`, `client_credentials` or `refresh_token`.
    #[cfg_attr(feature = "openapi", schema(value_type = GrantType))]
    pub grant_type: String,
    /// For `password`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(max_length = 100))]
    pub username: Option<String>,
    /// For `password`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(max_length = 200))]
    pub password: Option<String>,
    /// For `client_credentials`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(max_length = 100))]
    pub client_id: Option<String>,
    /// For `client_credentials`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(max_length = 200))]
    pub client_secret: Option<String>,
    /// For `refresh_token`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(max_length = 200))]
    pub refresh_token: Option<String>,
    /// Optional narrowing (RFC 6749 §3.3), space-separated: a person's roles (e.g.
    /// `viewer`), a system's scopes (e.g. `units.read`). Each must be one the principal
    /// holds (else 400 `invalid_scope`); the token then carries only those. Absent or
    /// empty: all of them. On `refresh_token`, at most what the sign-in was granted.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(max_length = 500))]
    pub scope: Option<String>,
}

impl TokenRequest {
    /// A password grant.
    pub fn password(username: impl Into<String>, password: impl Into<String>) -> Self {
        TokenRequest {
            grant_type: "password".into(),
            username: Some(username.into()),
            password: Some(password.into()),
            ..Default::default()
        }
    }

    /// A client-credentials grant.
    pub fn client_credentials(
        client_id: impl Into<String>,
        client_secret: impl Into<String>,
    ) -> Self {
        TokenRequest {
            grant_type: "client_credentials".into(),
            client_id: Some(client_id.into()),
            client_secret: Some(client_secret.into()),
            ..Default::default()
        }
    }

    /// A refresh-token grant.
    pub fn refresh(refresh_token: impl Into<String>) -> Self {
        TokenRequest {
            grant_type: "refresh_token".into(),
            refresh_token: Some(refresh_token.into()),
            ..Default::default()
        }
    }

    /// Narrows the token to some of the roles or scopes held (space-separated).
    pub fn with_scope(mut self, scope: impl Into<String>) -> Self {
        self.scope = Some(scope.into());
        self
    }
}

/// Answer of `POST /api/v1/auth/token` (RFC 6749 §5.1).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TokenResponse {
    /// A JWT to send as `Authorization: Bearer …`.
    pub access_token: String,
    /// Always `Bearer`.
    pub token_type: String,
    /// Seconds until the access token expires.
    pub expires_in: u64,
    /// An opaque token for the `refresh_token` grant; rotated on every use. Only for
    /// people: a system signs in again with its credentials (RFC 6749 §4.4.3).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub refresh_token: Option<String>,
    /// What the access token allows (RFC 6749 §5.1), space-separated: the roles of a
    /// person or the scopes of a system, after any narrowing the request asked for.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scope: Option<String>,
}

/// Body of `POST /api/v1/auth/revoke` (RFC 7009).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RevokeRequest {
    /// The refresh token to revoke (with every token rotated from the same login).
    #[cfg_attr(feature = "openapi", schema(max_length = 200))]
    pub token: String,
}

/// Answer of `GET /api/v1/auth/me`: who the token belongs to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MeOut {
    /// A person or a system.
    pub kind: PrincipalKind,
    /// The user's or API client's id.
    pub id: Uuid,
    /// Username, or the client's name.
    pub name: String,
    /// The home unit (none for a system admin).
    pub unit_id: Option<Uuid>,
    /// Roles of a person.
    pub roles: Vec<Role>,
    /// Scopes of a system.
    pub scopes: Vec<ClientScope>,
    /// How many units the principal can see (its unit and everything below).
    pub visible_units: Option<u64>,
}
