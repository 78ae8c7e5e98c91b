//! Accounts from the command line: a new password for a user who lost theirs, a new system
//! admin when nobody can sign in as one. Both go through the same domain functions as the
//! API (`domain::users::update` / `create`) as the installation itself ([`Ctx::system`]):
//! the same rules, the same journal entry, sessions revoked and the authorization epoch
//! raised exactly as a change through the API would.

use cchc_sdk::types::auth::Role;
use cchc_sdk::types::users::{UserIn, UserPatch};
use sea_orm::{ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter};
use uuid::Uuid;

use super::AdminError;
use super::secret::{NewPassword, SecretSink};
use crate::auth::{Ctx, secrets};
use crate::domain::precondition::IfMatch;
use crate::domain::users;
use crate::entity::users as user_rows;

/// What a password change or a new account did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AccountChange {
    /// The user's id.
    pub user_id: Uuid,
    /// The user's login name (lower case).
    pub username: String,
    /// Where the generated password was written (`standard error`, a file's path); `None`
    /// when the operator gave it.
    pub secret_written_to: Option<String>,
    /// Whether the account is active (a deactivated one still cannot sign in).
    pub active: bool,
}

/// The stored form of a typed login name: trimmed, NFC, lower case (as the sign-in reads it).
fn canonical(username: &str) -> String {
    secrets::canonical_password(username.trim()).to_lowercase()
}

/// The user named `username`. Errors: [`AdminError::UnknownUser`].
pub async fn find_user(
    db: &impl ConnectionTrait,
    username: &str,
) -> Result<user_rows::Model, AdminError> {
    let name = canonical(username);
    user_rows::Entity::find()
        .filter(user_rows::Column::Username.eq(name.as_str()))
        .one(db)
        .await
        .map_err(crate::error::ApiError::from)?
        .ok_or(AdminError::UnknownUser(name))
}

/// Sets a new password for `username` and ends every session of theirs (their refresh
/// tokens are revoked and the authorization epoch raised, so their access tokens stop at
/// once); journaled as a `user` `update` with the password masked. A generated password is
/// written once to `secret`; a file there is created first, so a refusal changes nothing.
///
/// Errors: [`AdminError::UnknownUser`]; [`AdminError::SecretFile`]; [`AdminError::Api`]
/// for a given password outside 10–200 characters (nothing is changed in either case).
pub async fn reset_password(
    db: &DatabaseConnection,
    username: &str,
    password: NewPassword,
    secret: SecretSink<'_>,
) -> Result<AccountChange, AdminError> {
    let user = find_user(db, username).await?;
    let (password, generated) = password.resolve()?;
    let sink = secret.prepare(generated)?;
    let patch = UserPatch {
        password: Some(password.clone()),
        ..Default::default()
    };
    let saved = match users::update(db, &Ctx::system(), user.id, &IfMatch::Any, patch).await {
        Ok(saved) => saved,
        Err(e) => {
            sink.abandon();
            return Err(e.into());
        }
    };
    tracing::info!(username = ?saved.username, "password reset from the command line");
    let label = format!("new password of '{}'", saved.username);
    let secret_written_to = sink.write(&label, &password)?;
    Ok(AccountChange {
        user_id: saved.id,
        username: saved.username,
        secret_written_to,
        active: saved.active,
    })
}

/// Creates a system admin (no unit; sees the whole tree) named `username`; journaled as a
/// `user` `create`. A generated password is written once to `secret`, as in
/// [`reset_password`].
///
/// Errors: [`AdminError::UserExists`]; [`AdminError::SecretFile`]; [`AdminError::Api`]
/// for a username or full name the API would refuse (nothing is changed in any case).
pub async fn create_system_admin(
    db: &DatabaseConnection,
    username: &str,
    full_name: &str,
    password: NewPassword,
    secret: SecretSink<'_>,
) -> Result<AccountChange, AdminError> {
    match find_user(db, username).await {
        Ok(existing) => return Err(AdminError::UserExists(existing.username)),
        Err(AdminError::UnknownUser(_)) => {}
        Err(e) => return Err(e),
    }
    let (password, generated) = password.resolve()?;
    let sink = secret.prepare(generated)?;
    let input = UserIn {
        username: canonical(username),
        full_name: full_name.to_owned(),
        unit_id: None,
        roles: vec![Role::SystemAdmin],
        official_id: None,
        password: password.clone(),
    };
    let created = match users::create(db, &Ctx::system(), input).await {
        Ok(created) => created,
        Err(e) => {
            sink.abandon();
            return Err(e.into());
        }
    };
    tracing::info!(username = ?created.username, "system admin created from the command line");
    let label = format!("password of the new system admin '{}'", created.username);
    let secret_written_to = sink.write(&label, &password)?;
    Ok(AccountChange {
        user_id: created.id,
        username: created.username,
        secret_written_to,
        active: created.active,
    })
}
