//! Plans: the structured document, its lifecycle and its number.
//!
//! draft -> `submit` -> submitted -> `issue` (numbered) -> issued -> `start` -> in progress
//! -> `complete`; `return` sends a submitted plan back to draft; `cancel` ends any open
//! plan. Only a draft's content can be replaced; an issued plan is corrected by `amend`,
//! which keeps its number and records the previous text.

mod content;
mod editing;
mod lifecycle;
mod queries;
mod status;

pub use content::content_of;
pub use editing::{create, replace_content};
pub use lifecycle::act;
pub use queries::{get, list, to_out};
pub use status::{PlanAction, TYPE_CODE, allowed_actions, transition};
