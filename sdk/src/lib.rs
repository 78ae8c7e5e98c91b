//! # cchc-sdk
//!
//! The contract and the client of the CCHC administrative-reform API.
//!
//! - [`types`]: the wire types, one module per resource (`XIn` to create, `XPatch` to
//!   update with JSON merge-patch semantics, `XOut` as returned). The server uses the very
//!   same types, so this crate cannot drift from it.
//! - [`Client`] (default feature `client`): a reqwest client with typed errors, pagination
//!   streams, `If-Match` and `Idempotency-Key` handling.
//!
//! ## Quick start
//!
//! ```no_run
//! # #[cfg(feature = "client")]
//! # async fn run() -> Result<(), cchc_sdk::Error> {
//! use cchc_sdk::{Client, types::units::UnitListQuery};
//!
//! let client = Client::builder("http://127.0.0.1:8080").build()?;
//! let page = client.units().list(&UnitListQuery { q: Some("hoa tan tay".into()), ..Default::default() }).await?;
//! for unit in page.data {
//!     println!("{} {}", unit.code, unit.name);
//! }
//! # Ok(())
//! # }
//! ```
//!
//! ## Credentials
//!
//! The builder takes one of three kinds (see [`client::Credentials`]):
//!
//! - [`ClientBuilder::token`]: a bearer access token you obtained, used as is and never
//!   renewed; when it expires calls fail with 401 ([`Error::is_unauthorized`]).
//! - [`ClientBuilder::password`]: a person. The client signs in on its first call
//!   (OAuth 2.0 password grant) and keeps the access token fresh: shortly before it expires
//!   the next call renews it with the refresh token (rotated on every use), and signs in
//!   again if the refresh token is no longer accepted. A 401 on a call (a token revoked
//!   early) makes it renew the token once and repeat the call.
//! - [`ClientBuilder::client_credentials`]: a system, such as the public-service portal or
//!   a report job, with the `client_id` and `client_secret` an administrator issued; renewed
//!   the same way.
//!
//! Without credentials the client is anonymous (health probes, the token endpoint).
//! [`client::Auth::sign_out`] revokes the session's refresh token.
//!
//! ```no_run
//! # #[cfg(feature = "client")]
//! # fn build() -> Result<(), cchc_sdk::Error> {
//! use std::time::Duration;
//! use cchc_sdk::Client;
//!
//! let client = Client::builder("https://cchc.phuyen.gov.vn")
//!     .client_credentials("cchc_portal", "the-secret")
//!     .timeout(Duration::from_secs(60))
//!     .user_agent_suffix("portal-sync/1.2")
//!     .max_retries(4)
//!     .build()?;
//! # Ok(())
//! # }
//! ```
//!
//! ## Retries and idempotency
//!
//! A typed call that fails to connect, or is answered 429, 502, 503 or 504, is repeated up
//! to [`ClientBuilder::max_retries`] times (default 2). It waits as long as the answer's
//! `Retry-After` says (at most 60 s), otherwise an exponential backoff with full jitter
//! (up to 250 ms, 500 ms, 1 s, … at most 8 s). Streamed uploads and downloads, deletes and
//! the token endpoint are sent once.
//!
//! A POST creates or changes something, so it is repeated only under an
//! `Idempotency-Key`: every POST gets a fresh one (a UUID), the same for all its attempts.
//! The server stores the first answer for 24 hours and replays it for the same key
//! ([`Response::replayed`]), so a retried create never creates twice. Give the key yourself
//! when a repeat may come from a later run (a batch re-sent after a crash), and turn keys
//! off where you must (such a POST is then never retried):
//!
//! ```no_run
//! # #[cfg(feature = "client")]
//! # async fn run(client: cchc_sdk::Client, batch: cchc_sdk::types::portal::StatisticsBatch,
//! #              unit: cchc_sdk::types::units::UnitIn) -> Result<(), cchc_sdk::Error> {
//! // The same month pushed twice is one push.
//! client.portal().idempotency_key("statistics-22081-2024-03").push_statistics(&batch).await?;
//! // No key, no retry.
//! client.units().without_idempotency_key().create(&unit).await?;
//! # Ok(())
//! # }
//! ```
//!
//! ## Pagination
//!
//! `list` returns one [`types::common::Page`]: `data`, and `next_cursor` to pass back as
//! `cursor` while `has_more`. `list_all` walks every page as a [`futures_util::Stream`]
//! that fetches the next page only when it is read past the current one, so memory stays
//! bounded and stopping early stops fetching:
//!
//! ```no_run
//! # #[cfg(feature = "client")]
//! # async fn run(client: cchc_sdk::Client) -> Result<(), cchc_sdk::Error> {
//! use futures_util::TryStreamExt;
//! use cchc_sdk::types::tasks::TaskListQuery;
//!
//! let mut tasks = std::pin::pin!(client.tasks().list_all(TaskListQuery {
//!     limit: Some(200),
//!     ..Default::default()
//! }));
//! while let Some(task) = tasks.try_next().await? {
//!     println!("{} {}", task.title, task.due_date.map(|d| d.to_string()).unwrap_or_default());
//! }
//! # Ok(())
//! # }
//! ```
//!
//! ## Optimistic concurrency
//!
//! Every resource has a `version`, and answers about one resource carry it as the `ETag`
//! ([`Response::etag`]). `update` takes the resource *as you read it* and sends its version
//! as `If-Match`: if someone changed it since, nothing is written and the call fails with
//! 412 ([`Error::is_precondition_failed`]). Read it again, decide again, write again.
//! `if_match(..)` on a handle sends a value of your own ([`client::etag_of`] makes one from
//! a version); `update_by_id` writes unconditionally.
//!
//! ```no_run
//! # #[cfg(feature = "client")]
//! # async fn run(client: cchc_sdk::Client, id: uuid::Uuid) -> Result<(), cchc_sdk::Error> {
//! use cchc_sdk::types::units::UnitPatch;
//!
//! let rename = UnitPatch { name: Some("Xã Hòa Tân Tây".into()), ..Default::default() };
//! let mut unit = client.units().get(id).await?.into_inner();
//! loop {
//!     match client.units().update(&unit, &rename).await {
//!         Ok(updated) => break println!("now version {}", updated.version),
//!         Err(e) if e.is_precondition_failed() => {
//!             unit = client.units().get(id).await?.into_inner();
//!         }
//!         Err(e) => return Err(e),
//!     }
//! }
//! # Ok(())
//! # }
//! ```
//!
//! ## Errors
//!
//! One enum, [`Error`]. An answer with an error status is [`Error::Api`] with the server's
//! RFC 9457 problem details ([`types::common::Problem`]): a stable `code` to branch on
//! ([`Error::code`]), per-field `errors` for validation, the `request_id` to quote when
//! reporting a problem. Helpers name the usual cases: [`Error::is_not_found`],
//! [`Error::is_validation`], [`Error::is_conflict`], [`Error::is_precondition_failed`],
//! [`Error::is_unauthorized`], [`Error::is_forbidden`], [`Error::is_rate_limited`]. The
//! rest are [`Error::Transport`], [`Error::Timeout`], [`Error::Decode`] and
//! [`Error::Config`].
//!
//! ```no_run
//! # #[cfg(feature = "client")]
//! # async fn run(client: cchc_sdk::Client, input: cchc_sdk::types::units::UnitIn) -> Result<(), cchc_sdk::Error> {
//! match client.units().create(&input).await {
//!     Ok(unit) => println!("created {}", unit.id),
//!     Err(e) if e.is_validation() => {
//!         for field in e.problem().map(|p| p.errors.as_slice()).unwrap_or_default() {
//!             eprintln!("{}: {}", field.field, field.message);
//!         }
//!     }
//!     Err(e) if e.code() == Some("already_exists") => eprintln!("that code is taken"),
//!     Err(e) => return Err(e),
//! }
//! # Ok(())
//! # }
//! ```
//!
//! ## Webhooks
//!
//! [`webhooks`] verifies a webhook the API sends, per Standard Webhooks (`webhook-id`,
//! `webhook-timestamp`, `webhook-signature`: HMAC-SHA256 over `id.timestamp.body` with the
//! `whsec_` secret, checked in constant time, with a tolerance against replays) and signs
//! one for tests; `Client::webhooks` manages the subscriptions. The verifier needs no HTTP
//! client: it is there without the `client` feature.
//!
//! ## Examples to copy
//!
//! Both run in CI against the demo server.
//!
//! - `sdk/examples/portal_sync.rs`:
//!   the public-service portal signs in with client credentials, pushes a month of
//!   statistics and a batch of dossier records, and reports what was accepted and
//!   rejected. `cargo run -p cchc-sdk --example portal_sync` with `CCHC_URL`,
//!   `CCHC_CLIENT_ID`, `CCHC_CLIENT_SECRET`.
//! - `sdk/examples/report_job.rs`:
//!   a report job finds a district by its code and writes the published PAR-index ranking
//!   of its communes as CSV. `cargo run -p cchc-sdk --example report_job` with `CCHC_URL`
//!   and `CCHC_USERNAME`/`CCHC_PASSWORD` (or client credentials).
//!
//! ## Features
//!
//! - `client` (default): the [`Client`], with reqwest (rustls), tokio and futures.
//! - `openapi`: utoipa schemas on the wire types, for the server's spec.

#![warn(missing_docs)]

pub mod types;
pub mod webhooks;

#[cfg(feature = "client")]
pub mod client;

#[cfg(feature = "cli")]
pub mod cli;

#[cfg(feature = "client")]
pub use client::{Client, ClientBuilder, Error, RequestOptions, Response};
