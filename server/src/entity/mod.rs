//! sea-orm entities: the rows as stored. They never reach the wire; `routes` converts them
//! to the SDK's `XOut` types.

pub mod idempotency_keys;
pub mod units;
