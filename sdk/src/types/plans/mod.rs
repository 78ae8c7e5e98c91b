//! Plans (Kế hoạch): the structured document a committee issues, its lifecycle and numbering.

mod content;
mod lifecycle;

pub use content::*;
pub use lifecycle::*;
