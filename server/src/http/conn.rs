//! The request's database connection for its reads ([`Db`]), shared with the caller's
//! authentication ([`crate::auth::Ctx`]) so a read request checks out one connection, not
//! one per statement.

use std::future::{Ready, ready};
use std::sync::Arc;

use actix_web::dev::Payload;
use actix_web::{FromRequest, HttpMessage, HttpRequest, web};

use crate::AppState;
use crate::db::Pinned;
use crate::error::ApiError;

/// The request's connection (a [`Pinned`]), checked out on its first statement and given
/// back when the handler ends. For reads: release it ([`Pinned::release`]) before beginning
/// a change, which takes its own connection.
pub struct Db(Arc<Pinned>);

/// The request's [`Pinned`], kept in the request's extensions for [`crate::auth::Ctx`].
#[derive(Clone)]
pub struct RequestConn(pub Arc<Pinned>);

impl std::ops::Deref for Db {
    type Target = Pinned;

    fn deref(&self) -> &Pinned {
        &self.0
    }
}

/// Given back when the handler is done with it, not when the request (kept until the
/// answer is written) is dropped.
impl Drop for Db {
    fn drop(&mut self) {
        self.0.release();
    }
}

impl FromRequest for Db {
    type Error = ApiError;
    type Future = Ready<Result<Db, ApiError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let Some(state) = req.app_data::<web::Data<AppState>>() else {
            return ready(Err(ApiError::internal("no state")));
        };
        let pinned = Arc::new(Pinned::new(state.db.clone()));
        req.extensions_mut().insert(RequestConn(pinned.clone()));
        ready(Ok(Db(pinned)))
    }
}
