//! The audit journal: every change, written in the same transaction as the change, with
//! who, from where, and each changed field's value before and after. Nothing updates or
//! deletes a row of it.

use cchc_sdk::types::audit::AuditEventListQuery;
use cchc_sdk::types::common::Page;
use sea_orm::{ColumnTrait, DatabaseConnection, QueryFilter, QueryOrder, QuerySelect};
use serde::Serialize;
use serde_json::{Map, Value, json};
use uuid::Uuid;

use crate::auth::{Ctx, RequestMeta, Scope};
use crate::domain::page::PageRequest;
use crate::entity::audit_events;
use crate::error::ApiError;

/// Fields that change on every write and say nothing by themselves.
const NOISE: [&str; 3] = ["updated_at", "version", "created_at"];

/// Who did it.
#[derive(Debug, Clone)]
pub struct Actor {
    pub(super) kind: &'static str,
    pub(super) id: Option<Uuid>,
    pub(super) name: String,
    pub(super) meta: RequestMeta,
}

impl Actor {
    /// The authenticated caller of a request.
    pub fn of(ctx: &Ctx) -> Actor {
        if ctx.principal.id.is_nil() {
            return Actor::system();
        }
        let kind = match ctx.principal.kind {
            cchc_sdk::types::auth::PrincipalKind::User => "user",
            cchc_sdk::types::auth::PrincipalKind::Client => "client",
            _ => "unknown",
        };
        Actor {
            kind,
            id: Some(ctx.principal.id),
            name: ctx.principal.name.clone(),
            meta: ctx.meta.clone(),
        }
    }

    /// A known principal acting outside a bearer-token request (a login).
    pub fn principal(kind: &'static str, id: Uuid, name: &str, meta: &RequestMeta) -> Actor {
        Actor {
            kind,
            id: Some(id),
            name: name.to_owned(),
            meta: meta.clone(),
        }
    }

    /// Someone not (yet) authenticated, e.g. a failed login under `name`.
    pub fn anonymous(name: &str, meta: &RequestMeta) -> Actor {
        Actor {
            kind: "anonymous",
            id: None,
            name: name.chars().take(200).collect(),
            meta: meta.clone(),
        }
    }

    /// The system itself (bootstrap, demo data).
    pub fn system() -> Actor {
        Actor {
            kind: "system",
            id: None,
            name: "system".into(),
            meta: RequestMeta::default(),
        }
    }
}

/// What happened to which resource.
#[derive(Debug, Clone)]
pub struct Event<'a> {
    /// Resource kind (`unit`, `user`, …).
    pub resource_type: &'a str,
    /// The resource.
    pub resource_id: Option<Uuid>,
    /// The unit it belongs to.
    pub unit_id: Option<Uuid>,
    /// What was done.
    pub action: &'a str,
    /// Changed fields (see [`diff`]).
    pub changes: Value,
}

/// The fields that differ between two states of a resource, as
/// `{"field": {"before": …, "after": …}}` (a create has no before, a delete no after).
pub fn diff<T: Serialize>(before: Option<&T>, after: Option<&T>) -> Value {
    let as_map = |v: Option<&T>| match v.map(serde_json::to_value) {
        Some(Ok(Value::Object(m))) => m,
        _ => Map::new(),
    };
    let (before, after) = (as_map(before), as_map(after));
    let mut changes = Map::new();
    for key in before.keys().chain(after.keys()) {
        if NOISE.contains(&key.as_str()) || changes.contains_key(key) {
            continue;
        }
        let (b, a) = (before.get(key), after.get(key));
        if b != a {
            changes.insert(key.clone(), json!({"before": b, "after": a}));
        }
    }
    Value::Object(changes)
}

/// One page of the journal the scope may read, newest first.
pub async fn list(
    db: &DatabaseConnection,
    scope: &Scope,
    query: &AuditEventListQuery,
    page: &PageRequest,
) -> Result<Page<audit_events::Model>, ApiError> {
    for (name, value, max) in [
        ("resource_type", &query.resource_type, 64),
        ("action", &query.action, 64),
        ("operation", &query.operation, 80),
    ] {
        if value.as_ref().is_some_and(|v| v.chars().count() > max) {
            return Err(ApiError::new(crate::error::ErrorKind::InvalidQuery)
                .with_errors(vec![crate::error::FieldIssue::too_long(name, max)]));
        }
    }
    let mut select = crate::domain::scoped::scoped::<audit_events::Entity>(scope);
    if let Some(t) = &query.resource_type {
        select = select.filter(audit_events::Column::ResourceType.eq(t.as_str()));
    }
    if let Some(id) = query.resource_id {
        select = select.filter(audit_events::Column::ResourceId.eq(id));
    }
    if let Some(id) = query.actor_id {
        select = select.filter(audit_events::Column::ActorId.eq(id));
    }
    if let Some(a) = &query.action {
        select = select.filter(audit_events::Column::Action.eq(a.as_str()));
    }
    if let Some(o) = &query.operation {
        select = select.filter(audit_events::Column::Operation.eq(o.as_str()));
    }
    if let Some(from) = query.from {
        select = select.filter(audit_events::Column::OccurredAt.gte(from));
    }
    if let Some(to) = query.to {
        select = select.filter(audit_events::Column::OccurredAt.lt(to));
    }
    if let Some(after) = page.after {
        select = select.filter(audit_events::Column::Id.lt(after));
    }
    let rows = select
        .order_by_desc(audit_events::Column::Id)
        .limit(page.fetch())
        .all(db)
        .await?;
    Ok(page.finish(rows, |e| e.id))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn diff_names_only_what_changed() {
        let before = json!({"name": "A", "code": "1", "version": 1});
        let after = json!({"name": "B", "code": "1", "version": 2});
        assert_eq!(
            diff(Some(&before), Some(&after)),
            json!({"name": {"before": "A", "after": "B"}})
        );
        assert_eq!(
            diff(None, Some(&json!({"code": "1"}))),
            json!({"code": {"before": null, "after": "1"}})
        );
    }
}
