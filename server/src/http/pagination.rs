//! Keyset pagination on the wire (`?limit=`, `?cursor=`): the page request is a domain
//! type ([`crate::domain::page`]); handlers parse it from their query with
//! [`PageRequest::parse`].

pub use crate::domain::page::{DEFAULT_LIMIT, MAX_LIMIT, PageRequest, check_year};
