//! Officials. Their contact details are personal data (Law 91/2025/QH15): shown only to the
//! admins of their unit and to the official (through the linked user), and never written
//! into the audit journal (a change shows as `***`).

mod draft;
mod queries;
mod wire;
mod writes;

pub use queries::{get, list, references};
pub use wire::{may_see_contact, out_for, to_out};
pub use writes::{create, delete, insert, update};
