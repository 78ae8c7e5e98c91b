//! Methods of `/api/v1/index`: PAR-index frameworks, assessments and published results.

mod assessments;
mod frameworks;
mod results;

pub use assessments::Assessments;
pub use frameworks::Frameworks;
pub use results::Results;

const NO_QUERY: Option<&()> = None;
const NO_BODY: Option<&()> = None;
