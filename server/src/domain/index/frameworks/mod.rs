//! Frameworks: the criteria of a year's index as data. A draft can change (metadata, the
//! whole tree, or the tree as a CSV sheet); `publish` freezes it; `copy` starts next year's
//! from it.
//!
//! The steps live in the submodules and are re-exported here.

mod checks;
mod drafts;
mod publish;
mod queries;

pub use super::criteria_csv::{from_csv, to_csv};
pub use drafts::{create, replace_tree, update};
pub use publish::{copy, publish};
pub use queries::{
    adjustments_of, bands_of, export, get, level_of, list, to_out, tree_of, warnings,
};
