//! Tasks: who does what by when, how far along it is, and its journal.
//!
//! todo -> `start` -> in progress -> `complete` (with a result summary) -> done; `block`
//! (with a reason) / `unblock`; `reopen` a done or cancelled task; `cancel` an open one.
//! A unit admin may do everything in its scope; a department officer may change, comment
//! on and move (but not cancel) the tasks its department leads or supports, and nothing else.

mod create;
mod deadlines;
mod edit;
mod lifecycle;
mod links;
mod order;
mod queries;
mod status;
mod updates;

pub use create::{create, create_out, from_plan, insert};
pub use deadlines::{is_overdue, mark_deadlines};
pub use edit::update;
pub use lifecycle::act;
pub use links::{check_may_work, officer_departments};
pub use order::page_request;
pub use queries::{get, list, out, plan_progress, progress_of, to_out, to_outs};
pub use status::{TaskAction, allowed_actions, priority_rank, transition};
pub use updates::{add_update, list_updates, update_out};
