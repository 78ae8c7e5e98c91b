//! Who is calling and what they may see.
//!
//! Every handler takes a [`Scope`] argument; every domain query filters by it, so no handler
//! can forget a unit boundary. Until identity lands (issue "Identity, access control") the
//! scope is the whole tree; the extractor is where tokens and unit scoping will slot in.

use std::future::{Ready, ready};

use actix_web::dev::Payload;
use actix_web::{FromRequest, HttpRequest};
use uuid::Uuid;

use crate::error::ApiError;

/// The units a caller may see.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Scope {
    /// Every unit.
    Everything,
    /// These units (a unit and everything below it, resolved at authentication).
    Units(Vec<Uuid>),
}

impl Scope {
    /// Whether `unit_id` is visible.
    pub fn sees(&self, unit_id: Uuid) -> bool {
        match self {
            Scope::Everything => true,
            Scope::Units(ids) => ids.contains(&unit_id),
        }
    }
}

impl FromRequest for Scope {
    type Error = ApiError;
    type Future = Ready<Result<Self, ApiError>>;

    fn from_request(_req: &HttpRequest, _: &mut Payload) -> Self::Future {
        ready(Ok(Scope::Everything))
    }
}
