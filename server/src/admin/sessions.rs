//! Sessions from the command line. A session is a sign-in: the family of refresh tokens
//! rotated from one password or client-credentials grant (`domain::sessions`). It is active
//! while its newest token is neither used, revoked nor expired; revoking it (the same
//! domain function as a sign-out) ends its refresh token and, through the raised
//! authorization epoch, its access tokens at once.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect,
};
use serde_json::json;
use uuid::Uuid;

use super::AdminError;
use super::users::find_user;
use crate::auth::Ctx;
use crate::domain::audit::Event;
use crate::domain::sessions;
use crate::domain::write::Write;
use crate::entity::{api_clients, refresh_tokens, users};
use crate::error::ApiError;

/// Ids per `IN (…)` list: well under the bind limits of SQLite and PostgreSQL.
const CHUNK: usize = 500;

/// One active session.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SessionRow {
    /// The session's id (its refresh-token family; an access token's `sid`).
    pub id: Uuid,
    /// The person's login name, for a person's sign-in.
    pub user: Option<String>,
    /// The API client's name, for a system's sign-in (client credentials).
    pub client: Option<String>,
    /// The user or API client id.
    pub subject_id: Uuid,
    /// The sign-in.
    pub created_at: DateTime<Utc>,
    /// The last time it was given tokens (the sign-in, or its latest refresh).
    pub last_used_at: DateTime<Utc>,
    /// When it ends: a person's, when its current refresh token expires; a system's, when
    /// its access token does (a client is never handed a refresh token, RFC 6749 §4.4.3).
    pub expires_at: DateTime<Utc>,
}

/// The active sessions, newest use first; only `username`'s when given. A system's
/// sign-in lasts `access_token_ttl_secs` (the setting) after it was made; one past that is
/// not listed.
///
/// Errors: [`AdminError::UnknownUser`].
pub async fn list(
    db: &impl ConnectionTrait,
    username: Option<&str>,
    access_token_ttl_secs: u64,
) -> Result<Vec<SessionRow>, AdminError> {
    let subject = match username {
        Some(name) => Some(find_user(db, name).await?.id),
        None => None,
    };
    let now = Utc::now();
    let ttl = chrono::Duration::seconds(i64::try_from(access_token_ttl_secs).unwrap_or(i64::MAX));
    let mut rows = active(db, subject, now).await?;
    for row in rows.iter_mut().filter(|r| r.client.is_some()) {
        row.expires_at = std::cmp::Ord::min(row.expires_at, row.last_used_at + ttl);
    }
    rows.retain(|r| r.expires_at > now);
    Ok(rows)
}

async fn active(
    db: &impl ConnectionTrait,
    subject: Option<Uuid>,
    now: DateTime<Utc>,
) -> Result<Vec<SessionRow>, ApiError> {
    // The newest token of each active sign-in: neither used (rotated), revoked nor expired.
    let mut current = refresh_tokens::Entity::find()
        .filter(refresh_tokens::Column::UsedAt.is_null())
        .filter(refresh_tokens::Column::RevokedAt.is_null())
        .filter(refresh_tokens::Column::ExpiresAt.gt(now))
        .order_by_desc(refresh_tokens::Column::CreatedAt);
    if let Some(id) = subject {
        current = current.filter(refresh_tokens::Column::SubjectId.eq(id));
    }
    let tokens = current.all(db).await?;
    let families: Vec<Uuid> = tokens.iter().map(|t| t.family_id).collect();
    let started = sign_ins(db, &families).await?;
    let (people, systems) = names(db, &tokens).await?;
    Ok(tokens
        .into_iter()
        .map(|t| SessionRow {
            id: t.family_id,
            user: people.get(&t.subject_id).cloned(),
            client: systems.get(&t.subject_id).cloned(),
            subject_id: t.subject_id,
            created_at: started.get(&t.family_id).copied().unwrap_or(t.created_at),
            last_used_at: t.created_at,
            expires_at: t.expires_at,
        })
        .collect())
}

/// When each sign-in began: its first token.
async fn sign_ins(
    db: &impl ConnectionTrait,
    families: &[Uuid],
) -> Result<HashMap<Uuid, DateTime<Utc>>, ApiError> {
    let mut started = HashMap::new();
    for chunk in families.chunks(CHUNK) {
        let rows: Vec<(Uuid, DateTime<Utc>)> = refresh_tokens::Entity::find()
            .select_only()
            .column(refresh_tokens::Column::FamilyId)
            .column_as(
                Expr::col((refresh_tokens::Entity, refresh_tokens::Column::CreatedAt)).min(),
                "started",
            )
            .filter(refresh_tokens::Column::FamilyId.is_in(chunk.iter().copied()))
            .group_by(refresh_tokens::Column::FamilyId)
            .into_tuple()
            .all(db)
            .await?;
        started.extend(rows);
    }
    Ok(started)
}

/// The login names of the people and the names of the systems the tokens belong to.
async fn names(
    db: &impl ConnectionTrait,
    tokens: &[refresh_tokens::Model],
) -> Result<(HashMap<Uuid, String>, HashMap<Uuid, String>), ApiError> {
    let ids = |kind: &str| {
        let mut ids: Vec<Uuid> = tokens
            .iter()
            .filter(|t| t.subject_kind == kind)
            .map(|t| t.subject_id)
            .collect();
        ids.sort();
        ids.dedup();
        ids
    };
    let (mut people, mut systems) = (HashMap::new(), HashMap::new());
    for chunk in ids("user").chunks(CHUNK) {
        let rows = users::Entity::find()
            .filter(users::Column::Id.is_in(chunk.iter().copied()))
            .all(db)
            .await?;
        people.extend(rows.into_iter().map(|u| (u.id, u.username)));
    }
    for chunk in ids("client").chunks(CHUNK) {
        let rows = api_clients::Entity::find()
            .filter(api_clients::Column::Id.is_in(chunk.iter().copied()))
            .all(db)
            .await?;
        systems.extend(rows.into_iter().map(|c| (c.id, c.name)));
    }
    Ok((people, systems))
}

/// What revoking one session did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Revoked {
    /// It was active and has ended.
    Ended,
    /// It had already ended (signed out, revoked or expired); nothing was written.
    AlreadyEnded,
}

/// Ends the session `id` (a sign-out on its owner's behalf), journaled as a `session`
/// `revoke` by the system. Errors: [`AdminError::UnknownSession`] when no sign-in has that
/// id.
pub async fn revoke(db: &DatabaseConnection, id: Uuid) -> Result<Revoked, AdminError> {
    let w = Write::begin(db, &Ctx::system()).await?;
    let any = refresh_tokens::Entity::find()
        .filter(refresh_tokens::Column::FamilyId.eq(id))
        .one(w.db())
        .await
        .map_err(ApiError::from)?;
    let Some(token) = any else {
        w.rollback().await?;
        return Err(AdminError::UnknownSession(id));
    };
    let live = active(w.db(), Some(token.subject_id), w.now())
        .await?
        .iter()
        .any(|s| s.id == id);
    if !live {
        w.rollback().await?;
        return Ok(Revoked::AlreadyEnded);
    }
    sessions::revoke_family(&w, id).await?;
    let unit_id = subject_unit(w.db(), &token.subject_kind, token.subject_id).await?;
    let journaled = w
        .journal(Event {
            resource_type: "session",
            resource_id: Some(token.subject_id),
            unit_id,
            action: "revoke",
            changes: json!({"family_id": id}),
        })
        .await?;
    w.commit(journaled).await?;
    tracing::info!(session = %id, "session revoked from the command line");
    Ok(Revoked::Ended)
}

/// Ends every session of `username` (as a password change does), journaled as a `session`
/// `revoke_all` by the system; returns how many were active. Errors:
/// [`AdminError::UnknownUser`].
pub async fn revoke_all(db: &DatabaseConnection, username: &str) -> Result<usize, AdminError> {
    let user = find_user(db, username).await?;
    let w = Write::begin(db, &Ctx::system()).await?;
    let ended = active(w.db(), Some(user.id), w.now()).await?.len();
    sessions::revoke_all_of(&w, user.id, None).await?;
    let journaled = w
        .journal(Event {
            resource_type: "session",
            resource_id: Some(user.id),
            unit_id: user.unit_id,
            action: "revoke_all",
            changes: json!({"sessions": ended}),
        })
        .await?;
    w.commit(journaled).await?;
    tracing::info!(username = ?user.username, ended, "sessions revoked from the command line");
    Ok(ended)
}

async fn subject_unit(
    db: &impl ConnectionTrait,
    kind: &str,
    id: Uuid,
) -> Result<Option<Uuid>, ApiError> {
    Ok(if kind == "client" {
        api_clients::Entity::find_by_id(id)
            .one(db)
            .await?
            .map(|c| c.unit_id)
    } else {
        users::Entity::find_by_id(id)
            .one(db)
            .await?
            .and_then(|u| u.unit_id)
    })
}

/// Writes `rows` as a table (times RFC 3339, UTC), or a line saying there are none.
pub fn write_table(rows: &[SessionRow], out: &mut dyn std::io::Write) -> std::io::Result<()> {
    if rows.is_empty() {
        return writeln!(out, "no active sessions");
    }
    let time = |t: &DateTime<Utc>| t.format("%Y-%m-%dT%H:%M:%SZ").to_string();
    let dash = |v: &Option<String>| v.clone().unwrap_or_else(|| "-".into());
    let header = [
        "SESSION",
        "USER",
        "CLIENT",
        "CREATED",
        "LAST USED",
        "EXPIRES",
    ]
    .map(String::from);
    let lines: Vec<[String; 6]> = rows
        .iter()
        .map(|r| {
            [
                r.id.to_string(),
                dash(&r.user),
                dash(&r.client),
                time(&r.created_at),
                time(&r.last_used_at),
                time(&r.expires_at),
            ]
        })
        .collect();
    let mut widths = header.clone().map(|h| h.chars().count());
    for line in &lines {
        for (w, cell) in widths.iter_mut().zip(line) {
            *w = (*w).max(cell.chars().count());
        }
    }
    for line in std::iter::once(&header).chain(&lines) {
        let cells: Vec<String> = line
            .iter()
            .zip(widths)
            .map(|(cell, w)| format!("{cell:<w$}"))
            .collect();
        writeln!(out, "{}", cells.join("  ").trim_end())?;
    }
    Ok(())
}
