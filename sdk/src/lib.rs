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
//! Errors are one enum, [`Error`]; an API error carries the server's RFC 9457 problem
//! details ([`types::common::Problem`]), with helpers such as [`Error::is_not_found`].

pub mod types;

#[cfg(feature = "client")]
pub mod client;

#[cfg(feature = "client")]
pub use client::{Client, ClientBuilder, Error, RequestOptions, Response};
