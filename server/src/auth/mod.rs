//! Who is calling and what they may see and do.
//!
//! Every protected handler takes a [`Ctx`]: extracting it verifies the bearer token, loads
//! the principal (so deactivation and role changes apply at once), resolves the units it
//! may see ([`Scope`]) and carries the request's id and client address for the audit
//! journal. Domain queries filter by `ctx.scope`, so no handler can forget a unit boundary;
//! [`Ctx::require`] checks the permission matrix of [`permissions`].

pub mod cache;
pub mod epoch;
mod meta;
pub mod permissions;
pub mod rate_limit;
pub mod secrets;
pub mod tokens;

use std::future::Future;
use std::pin::Pin;

use actix_web::dev::Payload;
use actix_web::http::header;
use actix_web::{FromRequest, HttpMessage, HttpRequest, web};
use cchc_sdk::types::auth::{ClientScope, PrincipalKind, Role};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QuerySelect};
use uuid::Uuid;

use crate::AppState;
use crate::entity::{api_clients, refresh_tokens, units, users};
use crate::error::ApiError;
pub use meta::{IdempotencyClaim, RequestId, RequestMeta, client_ip, request_id};
pub use permissions::Permission;
use tokens::invalid_token;

/// The units a caller may see.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Scope {
    /// Every unit (system admins).
    Everything,
    /// A unit and everything below it (shared: cloned for every request of its caller).
    Units(std::sync::Arc<[Uuid]>),
}

impl Scope {
    /// Whether `unit_id` is visible.
    pub fn sees(&self, unit_id: Uuid) -> bool {
        match self {
            Scope::Everything => true,
            Scope::Units(ids) => ids.contains(&unit_id),
        }
    }

    /// Whether an optional unit is visible (`None` — no unit — only to system-wide scopes).
    pub fn sees_opt(&self, unit_id: Option<Uuid>) -> bool {
        match unit_id {
            Some(id) => self.sees(id),
            None => matches!(self, Scope::Everything),
        }
    }
}

/// The authenticated caller.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Principal {
    /// A person or a system.
    pub kind: PrincipalKind,
    /// User or API-client id.
    pub id: Uuid,
    /// Username or client name.
    pub name: String,
    /// Home unit.
    pub unit_id: Option<Uuid>,
    /// Roles (people).
    pub roles: Vec<Role>,
    /// Scopes (systems).
    pub scopes: Vec<ClientScope>,
}

impl Principal {
    /// Whether the principal is a system admin.
    pub fn is_system_admin(&self) -> bool {
        self.roles.contains(&Role::SystemAdmin)
    }
}

/// An authenticated request: principal, visible units and request metadata.
#[derive(Debug, Clone)]
pub struct Ctx {
    /// Who is calling.
    pub principal: Principal,
    /// What they can see.
    pub scope: Scope,
    /// Request id and client address.
    pub meta: RequestMeta,
    /// The sign-in (refresh-token family) the access token belongs to.
    pub session: Option<Uuid>,
    /// The time of the request, read once from the installation's clock: every timestamp
    /// and every "today" of the change it makes.
    pub now: chrono::DateTime<chrono::Utc>,
    /// This replica's authorization epoch, raised by a change of rights the request
    /// commits (`None` outside a request).
    pub epoch: Option<std::sync::Arc<epoch::EpochWatch>>,
}

impl Ctx {
    /// The installation itself (bootstrap, demo data): sees and may do everything.
    pub fn system() -> Ctx {
        Ctx {
            principal: Principal {
                kind: PrincipalKind::User,
                id: Uuid::nil(),
                name: "system".into(),
                unit_id: None,
                roles: vec![Role::SystemAdmin],
                scopes: Vec::new(),
            },
            scope: Scope::Everything,
            meta: RequestMeta::default(),
            session: None,
            now: chrono::Utc::now(),
            epoch: None,
        }
    }

    /// The calendar date in Vietnam at the time of the request.
    pub fn today(&self) -> chrono::NaiveDate {
        crate::domain::clock::vietnam_date(self.now)
    }

    /// 403 unless the principal holds `permission`.
    pub fn require(&self, permission: Permission) -> Result<(), ApiError> {
        if permissions::allows(&self.principal, permission) {
            Ok(())
        } else {
            Err(permissions::forbidden(permission))
        }
    }

    /// Whether the principal holds `permission`.
    pub fn can(&self, permission: Permission) -> bool {
        permissions::allows(&self.principal, permission)
    }
}

/// The bearer token of a request, if it has one.
pub fn bearer(req: &HttpRequest) -> Option<&str> {
    let value = req.headers().get(header::AUTHORIZATION)?.to_str().ok()?;
    let (scheme, token) = value.split_once(' ')?;
    scheme.eq_ignore_ascii_case("bearer").then(|| token.trim())
}

impl FromRequest for Ctx {
    type Error = ApiError;
    type Future = Pin<Box<dyn Future<Output = Result<Self, ApiError>>>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let req = req.clone();
        Box::pin(async move {
            let state = req
                .app_data::<web::Data<AppState>>()
                .ok_or_else(|| ApiError::internal("no state"))?;
            let token = bearer(&req).ok_or_else(|| {
                invalid_token().with_detail(
                    "Cần mã truy cập: Authorization: Bearer <token>.",
                    "An access token is required: Authorization: Bearer <token>.",
                )
            })?;
            let claims = state.keys.verify(token).await?;
            // On the handler's connection when it has one ([`crate::http::conn::Db`]).
            let pinned = req
                .extensions()
                .get::<crate::http::conn::RequestConn>()
                .map(|c| c.0.clone());
            match pinned {
                Some(db) => resolve(&req, state, &claims, &*db).await,
                None => resolve(&req, state, &claims, &state.db).await,
            }
        })
    }
}

/// The caller of a verified token, from the cache when its authorization epoch is current.
async fn resolve(
    req: &HttpRequest,
    state: &web::Data<AppState>,
    claims: &tokens::Claims,
    db: &impl ConnectionTrait,
) -> Result<Ctx, ApiError> {
    // The epoch first: a change committing after this read is seen next time. Known
    // without a read while this replica listens for its changes (PostgreSQL).
    let epoch = match state.epoch.current(epoch::Counter::Auth) {
        Some(known) => known,
        None => cache::epoch(db, epoch::Counter::Auth).await?,
    };
    let key: cache::Key = (
        claims.kind.clone(),
        claims.sub,
        claims.sid,
        claims.scope.clone(),
    );
    let resolved = match state.principals.get(&key, epoch) {
        Some(hit) => hit,
        None => {
            if let Some(sid) = claims.sid
                && session_ended(db, sid).await?
            {
                return Err(invalid_token());
            }
            let mut principal = load_principal(db, claims.kind.as_str(), claims.sub).await?;
            if let Some(narrowed) = &claims.scope {
                crate::domain::sessions::narrow::apply(&mut principal, narrowed);
            }
            let scope = resolve_scope(db, &principal).await?;
            let resolved = cache::Resolved {
                epoch,
                principal,
                scope,
            };
            state.principals.insert(key, resolved.clone());
            resolved
        }
    };
    let (principal, scope) = (resolved.principal, resolved.scope);
    let meta = RequestMeta::of(req, &state.config.trusted_ip_header);
    Ok(Ctx {
        principal,
        scope,
        meta,
        session: claims.sid,
        now: state.clock.now(),
        epoch: Some(state.epoch.clone()),
    })
}

/// Loads an active principal, or 401 if it is gone, deactivated or revoked.
pub async fn load_principal(
    db: &impl ConnectionTrait,
    kind: &str,
    id: Uuid,
) -> Result<Principal, ApiError> {
    match kind {
        "user" => {
            let user = users::Entity::find_by_id(id)
                .one(db)
                .await?
                .filter(|u| u.active)
                .ok_or_else(invalid_token)?;
            Ok(Principal {
                kind: PrincipalKind::User,
                id: user.id,
                name: user.username,
                unit_id: user.unit_id,
                roles: serde_json::from_str(&user.roles).unwrap_or_default(),
                scopes: Vec::new(),
            })
        }
        "client" => {
            let client = api_clients::Entity::find_by_id(id)
                .one(db)
                .await?
                .filter(|c| c.revoked_at.is_none())
                .ok_or_else(invalid_token)?;
            Ok(Principal {
                kind: PrincipalKind::Client,
                id: client.id,
                name: client.name,
                unit_id: Some(client.unit_id),
                roles: Vec::new(),
                scopes: serde_json::from_str(&client.scopes).unwrap_or_default(),
            })
        }
        _ => Err(invalid_token()),
    }
}

/// The units a principal sees: everything for a system admin, else its unit and the
/// subtree below it (archived units included: history stays readable).
pub async fn resolve_scope(
    db: &impl ConnectionTrait,
    principal: &Principal,
) -> Result<Scope, ApiError> {
    if principal.is_system_admin() {
        return Ok(Scope::Everything);
    }
    let Some(root) = principal.unit_id else {
        return Ok(Scope::Units(Vec::new().into()));
    };
    Ok(Scope::Units(subtree(db, root).await?.into()))
}

/// A unit and every unit below it.
pub async fn subtree(db: &impl ConnectionTrait, root: Uuid) -> Result<Vec<Uuid>, ApiError> {
    let mut all = vec![root];
    let mut frontier = vec![root];
    // Province > district > commune: a few levels; the bound guards against corrupt cycles.
    for _ in 0..8 {
        if frontier.is_empty() {
            break;
        }
        let children: Vec<Uuid> = units::Entity::find()
            .select_only()
            .column(units::Column::Id)
            .filter(units::Column::ParentId.is_in(frontier))
            .into_tuple()
            .all(db)
            .await?;
        frontier = children
            .into_iter()
            .filter(|id| !all.contains(id))
            .collect();
        all.extend(frontier.iter().copied());
    }
    Ok(all)
}

/// Whether the sign-in `family_id` (an access token's `sid`) has ended: signed out, its
/// refresh token reused, or every session of its subject revoked (password change,
/// deactivation, secret rotation). Such an access token stops working at once.
async fn session_ended(db: &impl ConnectionTrait, family_id: Uuid) -> Result<bool, ApiError> {
    let revoked = refresh_tokens::Entity::find()
        .select_only()
        .column(refresh_tokens::Column::Id)
        .filter(refresh_tokens::Column::FamilyId.eq(family_id))
        .filter(refresh_tokens::Column::RevokedAt.is_not_null())
        .limit(1)
        .into_tuple::<Uuid>()
        .one(db)
        .await?;
    Ok(revoked.is_some())
}
