//! The rules of the domain. Nothing here knows HTTP: functions take plain values or a
//! database connection and return domain results or [`ApiError`](crate::error::ApiError)s
//! that describe a rule's refusal.

pub mod text;
pub mod units;
