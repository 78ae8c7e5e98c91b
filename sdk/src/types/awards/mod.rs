//! Awards (khen thưởng, Law on Emulation and Commendation 2022): proposals, the council's
//! review, award decisions (Quyết định khen thưởng) with their money, and the rules —
//! which authority grants what, the money multiples and the base salary — as data.
//!
//! Money is integer VND.

mod decisions;
mod forms;
mod proposals;
mod rules;

pub use decisions::*;
pub use forms::*;
pub use proposals::*;
pub use rules::*;
