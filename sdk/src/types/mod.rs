//! Wire types: what crosses the API, one module per resource.

pub mod common;
pub mod units;
