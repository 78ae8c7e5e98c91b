//! Awards (khen thưởng): proposals and the council's review, decisions with their number
//! and money, and the rules of the law as data.

pub mod decisions;
pub mod proposals;
pub mod rules;
