//! Logging in and the kept token: `login`, `logout`, `whoami`, and the client every other
//! command uses.
//!
//! The token is kept in `<config dir>/cchc/token.json` (`$CCHC_CONFIG_DIR/token.json` when
//! set), readable by its owner only (mode 0600). An access token near its end is renewed
//! with the kept refresh token before a call, and the renewed pair is kept again.

use std::io::{BufRead, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::time::Duration;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::args::{Global, Lang, LoginArgs};
use super::{CliError, CliResult, output};
use crate::Client;
use crate::types::auth::{TokenRequest, TokenResponse};

/// Renew this long before the access token ends, so none dies during a call.
const EARLY_SECS: i64 = 60;

/// What `login` keeps.
#[derive(Debug, Clone, Serialize, Deserialize)]
struct Stored {
    /// The API's base URL.
    url: String,
    /// `password` or `client_credentials`.
    grant: String,
    /// The username or client id.
    name: String,
    access_token: String,
    refresh_token: Option<String>,
    expires_at: DateTime<Utc>,
}

/// The signed-in client of a command, renewed from the kept refresh token when needed.
pub(crate) struct Session {
    client: Client,
    stored: Option<Stored>,
    path: PathBuf,
    timeout: Duration,
    lang: Lang,
}

fn config_dir(global: &Global) -> CliResult<PathBuf> {
    if let Some(dir) = &global.config_dir {
        return Ok(dir.clone());
    }
    user_config_dir()
        .map(|d| d.join("cchc"))
        .ok_or_else(|| CliError::Usage("no configuration directory: set CCHC_CONFIG_DIR".into()))
}

/// The user's configuration directory: `%APPDATA%` on Windows, `~/Library/Application
/// Support` on macOS, else `$XDG_CONFIG_HOME` or `~/.config` (the XDG rule).
fn user_config_dir() -> Option<PathBuf> {
    let home = || env("HOME").map(PathBuf::from);
    if cfg!(windows) {
        env("APPDATA").map(PathBuf::from)
    } else if cfg!(target_os = "macos") {
        home().map(|h| h.join("Library/Application Support"))
    } else {
        env("XDG_CONFIG_HOME")
            .map(PathBuf::from)
            .filter(|p| p.is_absolute())
            .or_else(|| home().map(|h| h.join(".config")))
    }
}

fn token_path(global: &Global) -> CliResult<PathBuf> {
    Ok(config_dir(global)?.join("token.json"))
}

/// A client builder for `url` with the command's time limit and language.
fn builder(url: &str, timeout: Duration, lang: Lang) -> CliResult<crate::ClientBuilder> {
    let mut headers = reqwest::header::HeaderMap::new();
    let lang = match lang {
        Lang::Vi => "vi",
        Lang::En => "en",
    };
    headers.insert(
        reqwest::header::ACCEPT_LANGUAGE,
        reqwest::header::HeaderValue::from_static(lang),
    );
    let http = reqwest::Client::builder()
        .timeout(timeout)
        .connect_timeout(Duration::from_secs(10))
        .user_agent(format!("cchc-cli/{}", env!("CARGO_PKG_VERSION")))
        .default_headers(headers)
        .build()
        .map_err(|e| CliError::Failed(e.to_string()))?;
    Ok(Client::builder(url).http_client(http))
}

fn env(name: &str) -> Option<String> {
    std::env::var(name).ok().filter(|v| !v.is_empty())
}

impl Session {
    /// Ends a sign-in made for this one command (credentials from the environment): its
    /// refresh token is revoked, so a script run every hour leaves no session behind. A kept
    /// login stays. Failures are ignored: the token expires by itself.
    pub(crate) async fn close(&self) {
        if self.stored.is_none() {
            let _ = self.client.auth().sign_out().await;
        }
    }

    /// The client of a command: credentials from the environment when set, else the kept
    /// login (renewed if it is about to end).
    pub(crate) async fn open(global: &Global) -> CliResult<Session> {
        let path = token_path(global)?;
        let timeout = Duration::from_secs(global.timeout.max(1));
        let stored = read_stored(&path)?;
        let env_login = match (env("CCHC_USERNAME"), env("CCHC_PASSWORD")) {
            (Some(u), Some(p)) => Some((true, u, p)),
            _ => match (env("CCHC_CLIENT_ID"), env("CCHC_CLIENT_SECRET")) {
                (Some(id), Some(secret)) => Some((false, id, secret)),
                _ => None,
            },
        };
        if let Some((person, name, secret)) = env_login {
            let url = global
                .url
                .clone()
                .or_else(|| stored.as_ref().map(|s| s.url.clone()))
                .ok_or_else(|| CliError::Usage("give the API's --url (or CCHC_URL)".into()))?;
            let b = builder(&url, timeout, global.lang)?;
            let b = if person {
                b.password(name, secret)
            } else {
                b.client_credentials(name, secret)
            };
            return Ok(Session {
                client: b.build()?,
                stored: None,
                path,
                timeout,
                lang: global.lang,
            });
        }
        let Some(stored) = stored else {
            let url = if global.url.is_some() {
                ""
            } else {
                "--url URL "
            };
            return Err(CliError::Failed(format!(
                "not logged in: run `cchc login {url}--username NAME` first (or set \
                 CCHC_USERNAME and CCHC_PASSWORD)"
            )));
        };
        if let Some(url) = &global.url
            && url.trim_end_matches('/') != stored.url.trim_end_matches('/')
        {
            return Err(CliError::Failed(format!(
                "logged in to {}, not {url}: run `cchc login --url {url}` first",
                stored.url
            )));
        }
        let client = builder(&stored.url, timeout, global.lang)?
            .token(&stored.access_token)
            .build()?;
        let mut session = Session {
            client,
            stored: Some(stored),
            path,
            timeout,
            lang: global.lang,
        };
        session.renew_if_needed().await?;
        Ok(session)
    }

    /// The client, its token renewed first if it is about to end (call before each request
    /// of a long command).
    pub(crate) async fn client(&mut self) -> CliResult<&Client> {
        self.renew_if_needed().await?;
        Ok(&self.client)
    }

    async fn renew_if_needed(&mut self) -> CliResult {
        let Some(stored) = &self.stored else {
            return Ok(());
        };
        if stored.expires_at - chrono::Duration::seconds(EARLY_SECS) > Utc::now() {
            return Ok(());
        }
        let Some(refresh) = stored.refresh_token.clone() else {
            return Err(CliError::Failed(
                "the login has expired: run `cchc login` again".into(),
            ));
        };
        let anonymous = builder(&stored.url, self.timeout, self.lang)?.build()?;
        let tokens = match anonymous
            .auth()
            .token(&TokenRequest::refresh(refresh))
            .await
        {
            Ok(t) => t,
            Err(e) if e.status().is_some() => {
                return Err(CliError::Failed(format!(
                    "the login has expired ({}): run `cchc login` again",
                    e.problem().map(|p| p.title.as_str()).unwrap_or("refused")
                )));
            }
            Err(e) => return Err(e.into()),
        };
        let renewed = Stored {
            access_token: tokens.access_token.clone(),
            refresh_token: tokens
                .refresh_token
                .or_else(|| stored.refresh_token.clone()),
            expires_at: expiry(tokens.expires_in),
            ..stored.clone()
        };
        write_stored(&self.path, &renewed)?;
        self.client = builder(&renewed.url, self.timeout, self.lang)?
            .token(&renewed.access_token)
            .build()?;
        self.stored = Some(renewed);
        Ok(())
    }
}

fn expiry(expires_in: u64) -> DateTime<Utc> {
    Utc::now() + chrono::Duration::seconds(i64::try_from(expires_in).unwrap_or(i64::MAX / 2))
}

fn read_stored(path: &Path) -> CliResult<Option<Stored>> {
    match std::fs::read(path) {
        Ok(bytes) => serde_json::from_slice(&bytes).map(Some).map_err(|e| {
            CliError::Failed(format!(
                "{} is damaged ({e}): run `cchc login` again",
                path.display()
            ))
        }),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(CliError::Failed(format!("{}: {e}", path.display()))),
    }
}

/// Writes the login readable by its owner only: a new file of mode 0600 renamed over the
/// old one, in a directory of mode 0700.
fn write_stored(path: &Path, stored: &Stored) -> CliResult {
    let dir = path
        .parent()
        .ok_or_else(|| CliError::Failed("no configuration directory".into()))?;
    std::fs::create_dir_all(dir)?;
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
        let _ = std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o700));
        options.mode(0o600);
    }
    let temp = path.with_extension("json.tmp");
    let mut file = options.open(&temp)?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        file.set_permissions(std::fs::Permissions::from_mode(0o600))?;
    }
    let json = serde_json::to_vec_pretty(stored).map_err(|e| CliError::Failed(e.to_string()))?;
    file.write_all(&json)?;
    file.sync_all()?;
    drop(file);
    std::fs::rename(&temp, path)?;
    Ok(())
}

/// Reads a secret: the first line of stdin, else the environment variable, else a prompt.
fn secret(from_stdin: bool, var: &str, prompt: &str) -> CliResult<String> {
    if from_stdin {
        let mut line = String::new();
        std::io::stdin().lock().read_line(&mut line)?;
        return Ok(line.trim_end_matches(['\r', '\n']).to_owned());
    }
    if let Some(value) = env(var) {
        return Ok(value);
    }
    if !std::io::stdin().is_terminal() {
        return Err(CliError::Usage(format!(
            "no terminal to ask on: use --password-stdin / --client-secret-stdin or set {var}"
        )));
    }
    rpassword::prompt_password(prompt).map_err(CliError::from)
}

/// `cchc login`.
pub(crate) async fn login(global: &Global, args: LoginArgs) -> CliResult {
    let path = token_path(global)?;
    let url = match &global.url {
        Some(url) => url.clone(),
        None => read_stored(&path)?
            .map(|s| s.url)
            .ok_or_else(|| CliError::Usage("give the API's --url (or CCHC_URL)".into()))?,
    };
    let timeout = Duration::from_secs(global.timeout.max(1));
    let (grant, name, request) = match (args.username, args.client_id) {
        (Some(user), _) => {
            let password = secret(
                args.password_stdin,
                "CCHC_PASSWORD",
                &format!("Password for {user}: "),
            )?;
            let request = TokenRequest::password(&user, password);
            ("password", user, request)
        }
        (None, Some(id)) => {
            let secret = secret(
                args.client_secret_stdin,
                "CCHC_CLIENT_SECRET",
                &format!("Client secret of {id}: "),
            )?;
            let request = TokenRequest::client_credentials(&id, secret);
            ("client_credentials", id, request)
        }
        (None, None) => return Err(CliError::Usage("give --username or --client-id".into())),
    };
    let anonymous = builder(&url, timeout, global.lang)?.build()?;
    let tokens: TokenResponse = anonymous.auth().token(&request).await?;
    let stored = Stored {
        url: url.trim_end_matches('/').to_owned(),
        grant: grant.into(),
        name,
        access_token: tokens.access_token.clone(),
        refresh_token: tokens.refresh_token,
        expires_at: expiry(tokens.expires_in),
    };
    let me = builder(&url, timeout, global.lang)?
        .token(&tokens.access_token)
        .build()?
        .auth()
        .me()
        .await?;
    write_stored(&path, &stored)?;
    let roles = output::names(&me.roles, &me.scopes);
    println!("Logged in to {} as {} ({roles})", stored.url, me.name);
    eprintln!("token kept in {}", path.display());
    Ok(())
}

/// `cchc logout`: revokes the refresh token and forgets the login.
pub(crate) async fn logout(global: &Global) -> CliResult {
    let path = token_path(global)?;
    let Some(stored) = read_stored(&path)? else {
        println!("Not logged in.");
        return Ok(());
    };
    if let Some(refresh) = &stored.refresh_token {
        let timeout = Duration::from_secs(global.timeout.max(1));
        let anonymous = builder(&stored.url, timeout, global.lang)?.build()?;
        // A token already expired or revoked is as good as revoked.
        if let Err(e) = anonymous.auth().revoke(refresh).await
            && e.status().is_none()
        {
            return Err(e.into());
        }
    }
    std::fs::remove_file(&path)?;
    println!("Logged out of {}.", stored.url);
    Ok(())
}

/// `cchc whoami`.
pub(crate) async fn whoami(global: &Global) -> CliResult {
    let mut session = Session::open(global).await?;
    let me = session.client().await?.auth().me().await?;
    let value = serde_json::to_value(&me).map_err(|e| CliError::Failed(e.to_string()))?;
    output::print_one(global, &value)
}
