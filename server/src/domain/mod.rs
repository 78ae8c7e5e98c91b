//! The rules of the domain. Nothing here knows HTTP: functions take plain values, a
//! database connection and the caller's [`Ctx`](crate::auth::Ctx), and return domain
//! results or [`ApiError`](crate::error::ApiError)s that describe a rule's refusal.

pub mod api_clients;
pub mod attachments;
pub mod audit;
pub mod awards;
pub mod clock;
pub mod codec;
pub mod conference;
pub mod departments;
pub mod exports;
pub mod index;
pub mod lifecycle;
pub mod numbering;
pub mod officials;
pub mod page;
pub mod plans;
pub mod portal;
pub mod precondition;
pub mod reports;
pub mod scoped;
pub mod search;
pub mod sessions;
pub mod tasks;
pub mod text;
pub mod units;
pub mod users;
pub mod versioned;
pub mod webhooks;
pub mod write;
