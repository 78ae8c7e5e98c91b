//! The PAR index (Chỉ số cải cách hành chính): frameworks of criteria, each unit's
//! assessment (self-assessment, appraisal, survey, portal metrics), published results,
//! rankings and the analysis of lost points.
//!
//! Points travel as JSON numbers with at most two decimals (`2.5`, `0.25`, `0.01`): the
//! server stores and computes them in hundredths of a point ("centi-points"), so quarter
//! points and finer steps are exact, and so are sums and percents.

mod adjustments;
mod assessments;
mod causes;
mod frameworks;
mod outlook;
mod results;
mod what_if;

pub use adjustments::*;
pub use assessments::*;
pub use causes::*;
pub use frameworks::*;
pub use outlook::*;
pub use results::*;
pub use what_if::*;
