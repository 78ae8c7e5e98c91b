//! The PAR index (Chỉ số cải cách hành chính): frameworks of criteria, each unit's
//! assessment (self-assessment, appraisal, survey, portal metrics), published results,
//! rankings and the analysis of lost points.
//!
//! Points travel as JSON numbers with at most two decimals (`2.5`, `0.25`); the server
//! computes in hundredths of a point, so sums and percents are exact.

mod assessments;
mod frameworks;
mod results;

pub use assessments::*;
pub use frameworks::*;
pub use results::*;
