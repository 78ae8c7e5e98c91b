//! Wire types: what crosses the API, one module per resource.

pub mod api_clients;
pub mod audit;
pub mod auth;
pub mod awards;
pub mod common;
pub mod departments;
pub mod index;
pub mod officials;
pub mod plans;
pub mod portal;
pub mod tasks;
pub mod units;
pub mod users;
