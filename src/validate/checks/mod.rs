//! The checks. Each has a stable code, a severity and a function over the
//! [`Context`]; [`ALL`] lists them, and `tests/checks/` holds one planted
//! defect per code.

use super::{Context, Finding};

mod structure;

/// One check.
pub struct Check {
    /// Stable, e.g. `tplg::route::dangling`; what `--format` prints.
    pub code: &'static str,
    /// One line: what the check looks for.
    pub summary: &'static str,
    pub run: fn(&Context, &mut Vec<Finding>),
}

/// Every check, in the order they run.
pub const ALL: &[Check] = &[structure::ROUTE_DANGLING];

/// The candidate closest to `name`, if one is close enough to be a typo.
pub fn closest<'a>(name: &str, candidates: impl Iterator<Item = &'a str>) -> Option<&'a str> {
    candidates
        .map(|c| (strsim::jaro_winkler(name, c), c))
        .filter(|(score, _)| *score > 0.85)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, c)| c)
}
