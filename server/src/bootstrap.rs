//! The first system admin of an empty installation.

use cchc_sdk::types::auth::Role;
use sea_orm::{DatabaseConnection, EntityTrait, PaginatorTrait};

use crate::auth::secrets;
use crate::config::Config;
use crate::domain::audit::Actor;
use crate::domain::users::{NewUser, insert};
use crate::domain::write::Write;
use crate::entity::users;
use crate::error::ApiError;

/// Creates the bootstrap admin when no user exists. Its password comes from
/// `bootstrap_admin_password`, or is generated and printed once to the console (never to
/// the log).
pub async fn ensure_admin(db: &DatabaseConnection, config: &Config) -> Result<(), ApiError> {
    if users::Entity::find().count(db).await? > 0 {
        return Ok(());
    }
    let (password, generated) = match config.bootstrap_admin_password.as_str() {
        "" => (secrets::random_token(18)?, true),
        given => (given.to_owned(), false),
    };
    let username = config.bootstrap_admin_username.trim().to_lowercase();
    let new = NewUser {
        username: username.clone(),
        full_name: "Quản trị hệ thống".into(),
        unit_id: None,
        roles: vec![Role::SystemAdmin],
        official_id: None,
        password_hash: secrets::hash_password(password.clone()).await?,
    };
    let w = Write::begin_as(db, Actor::system(), None, chrono::Utc::now()).await?;
    let (_, journaled) = insert(&w, new).await?;
    w.commit(journaled).await?;
    tracing::info!(username = ?username, "bootstrap system admin created");
    if generated {
        println!(
            "\n  CCHC: system admin '{username}' created with password: {password}\n  (shown once; change it after signing in)\n"
        );
    }
    Ok(())
}
