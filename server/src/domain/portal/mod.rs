//! What the public-service portal pushes. Aggregated statistics are stored per unit and
//! period as sent; dossier records are upserted by their code and the months they touch
//! are re-aggregated into the same statistics rows (the last writer of a unit and period
//! wins). Ratios are computed, never stored.

mod dossier_rows;
mod dossiers;
mod figures;
mod records;
mod statistics;

pub use dossiers::{MAX_BATCH, push_dossiers};
pub use figures::{
    YearFigures, ratio, ratio_centi, ratios, valid_period, year_figures, years_figures,
};
pub use records::{Record, Unread, read_raw, read_record, unparsable};
pub use statistics::{list_statistics, push_statistics};
