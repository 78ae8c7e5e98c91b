//! `idempotency_keys`: stored first answers of POST requests sent with an `Idempotency-Key`.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "idempotency_keys")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub scope_hash: String,
    pub request_hash: String,
    /// [`IN_FLIGHT`] | [`COMMITTED`] | [`COMPLETED`].
    pub state: String,
    pub response_status: Option<i16>,
    /// JSON object of the stored response headers.
    pub response_headers: Option<String>,
    pub response_body: Option<Vec<u8>>,
    pub locked_until: DateTimeUtc,
    pub expires_at: DateTimeUtc,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

/// State of a stored key whose request is running.
pub const IN_FLIGHT: &str = "in_flight";
/// State of a stored key whose change committed; its answer is not stored (yet): it is
/// expected until `locked_until`, after which the answer is taken as lost.
pub const COMMITTED: &str = "committed";
/// State of a stored key whose answer is stored for replay.
pub const COMPLETED: &str = "completed";
