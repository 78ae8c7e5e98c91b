//! Keyset pagination on the wire (`?limit=`, `?cursor=`): the page request is a domain
//! type ([`crate::domain::page`]); handlers of id-ordered lists parse it from their query
//! with [`PageRequest::parse`], lists with a `sort` with [`PageRequest::parse_sorted`]
//! (tasks: `crate::domain::tasks::page_request`). Cursors are opaque to clients.

pub use crate::domain::page::{DEFAULT_LIMIT, MAX_LIMIT, PageRequest, check_year};
