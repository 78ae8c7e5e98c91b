//! The demo's people: the logins (one per role) and the portal's API client
//! (`principals.json`), and the officials (`officials.json`): Hòa Tân Tây's chairman Lê Văn
//! Vũ (named in the plan) and, under names invented for the demo, his deputies and the
//! officials of the offices the plan's section V names; and the leadership of Hòa Đồng, a
//! sibling commune.

use cchc_sdk::types::auth::{ClientScope, Role};
use cchc_sdk::types::officials::OfficialIn;
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::loader::{self, World};
use crate::auth::secrets;
use crate::config::Config;
use crate::domain::audit::Actor;
use crate::domain::users::{NewUser, insert};
use crate::domain::write::{Journaled, Write};
use crate::domain::{api_clients, officials};
use crate::entity::departments;
use crate::error::ApiError;

/// `principals.json`.
#[derive(Debug, Serialize, Deserialize)]
pub struct PrincipalsFile {
    /// The demo logins; they share one password.
    pub users: Vec<DemoUser>,
    /// The provincial portal, as an API client.
    pub portal_client: DemoClient,
}

/// A demo login.
#[derive(Debug, Serialize, Deserialize)]
pub struct DemoUser {
    /// Login name.
    pub username: String,
    /// Full name.
    pub full_name: String,
    /// Its one role.
    pub role: Role,
    /// Home unit.
    pub unit_id: Option<Uuid>,
}

/// A demo API client.
#[derive(Debug, Serialize, Deserialize)]
pub struct DemoClient {
    /// Name.
    pub name: String,
    /// Its unit.
    pub unit_id: Uuid,
    /// What it may do.
    pub scopes: Vec<ClientScope>,
}

/// An entry of `officials.json`: the official, and whether they head their department.
#[derive(Debug, Serialize, Deserialize)]
pub struct OfficialFile {
    /// The official.
    #[serde(flatten)]
    pub official: OfficialIn,
    /// Heads `official.department_id`.
    #[serde(default)]
    pub heads_department: bool,
}

/// What the seed prints once, at its end: the logins, their password when generated, and
/// the portal client's credentials.
#[derive(Debug)]
pub struct Banner {
    /// The demo logins' password, when generated.
    pub password: Option<String>,
    /// The portal client's id.
    pub client_id: String,
    /// The portal client's secret.
    pub secret: String,
}

impl Banner {
    /// Prints how to use the demo, naming `usernames`.
    pub fn print(&self, usernames: &[String]) {
        println!("\n  CCHC demo logins: {}", usernames.join(", "));
        if let Some(password) = &self.password {
            println!("  demo password (shown once): {password}");
        }
        println!(
            "  demo portal client: client_id={} client_secret={} (shown once)\n",
            self.client_id, self.secret
        );
    }
}

/// Creates the demo logins and the portal client; answers the logins' password hash (for
/// the logins of later years) and what to print.
pub async fn seed_principals(
    db: &DatabaseConnection,
    config: &Config,
    world: &mut World<'_>,
) -> Result<(String, Banner), ApiError> {
    let file: PrincipalsFile = world.load(&loader::PRINCIPALS).await?;
    let (password, generated) = match config.demo_password.as_str() {
        "" => (secrets::random_token(12)?, true),
        given => (given.to_owned(), false),
    };
    let hash = secrets::hash_password(password.clone()).await?;
    let w = Write::begin_as(db, Actor::system(), None, chrono::Utc::now()).await?;
    insert_users(&w, &file.users, &hash, world).await?;
    let client = file.portal_client;
    let (portal, secret, journaled) =
        api_clients::insert(&w, client.name, client.unit_id, client.scopes).await?;
    w.commit(journaled).await?;
    let banner = Banner {
        password: generated.then_some(password),
        client_id: portal.client_id,
        secret,
    };
    Ok((hash, banner))
}

/// Creates `users` in `w`'s change, each with the one password hash `hash`.
pub async fn insert_users(
    w: &Write,
    users: &[DemoUser],
    hash: &str,
    world: &mut World<'_>,
) -> Result<Option<Journaled>, ApiError> {
    let mut journaled = None;
    for demo in users {
        let new = NewUser {
            username: demo.username.clone(),
            full_name: demo.full_name.clone(),
            unit_id: demo.unit_id,
            roles: vec![demo.role],
            official_id: None,
            password_hash: hash.to_owned(),
        };
        let (user, proof) = insert(w, new).await?;
        world.add_user(&user.username, user.id);
        journaled = Some(proof);
    }
    Ok(journaled)
}

/// Creates the officials of `officials.json`, linked to their logins, and makes the heads
/// head their department.
pub async fn seed_officials(db: &DatabaseConnection, world: &World<'_>) -> Result<(), ApiError> {
    let entries: Vec<OfficialFile> = world.load(&loader::OFFICIALS).await?;
    insert_officials(db, entries, chrono::Utc::now()).await
}

/// Creates `entries` in one change at `now`, and makes the heads head their department.
pub async fn insert_officials(
    db: &DatabaseConnection,
    entries: Vec<OfficialFile>,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<(), ApiError> {
    let w = Write::begin_as(db, Actor::system(), None, now).await?;
    let txn = w.db();
    let mut journaled = None;
    for entry in entries {
        let dept = entry.official.department_id;
        let (official, proof) = officials::insert(&w, &entry.official).await?;
        journaled = Some(proof);
        if let (true, Some(dept)) = (entry.heads_department, dept) {
            departments::Entity::update_many()
                .col_expr(
                    departments::Column::HeadOfficialId,
                    sea_orm::sea_query::Expr::value(Some(official.id)),
                )
                .filter(departments::Column::Id.eq(dept))
                .exec(txn)
                .await?;
        }
    }
    let journaled = journaled.ok_or_else(|| ApiError::internal("no demo officials"))?;
    w.commit(journaled).await?;
    Ok(())
}
