//! The checks. Each has a stable code, a severity and a function over the
//! [`Context`]; [`ALL`] lists them, and `tests/checks/` holds one planted
//! defect per code.

use super::{Context, Finding};

mod buffers;
mod clocks;
mod controls;
mod cores;
mod keys;
mod names;
mod structure;
mod tuples;

/// One check.
pub struct Check {
    /// Stable, e.g. `tplg::route::dangling`; what `--format` prints.
    pub code: &'static str,
    /// One line: what the check looks for.
    pub summary: &'static str,
    pub run: fn(&Context, &mut Vec<Finding>),
}

/// Every check, in the order they run.
pub const ALL: &[Check] = &[
    structure::ROUTE_DANGLING,
    tuples::UNKNOWN_TOKEN,
    tuples::BAD_VALUE,
    tuples::UNEXPANDED,
    clocks::SSP,
    clocks::DMIC,
    cores::CORE_RANGE,
    buffers::ZERO,
    buffers::SIZE,
    controls::CHANNEL,
    controls::VOLUME,
    controls::RANGE,
    names::TOO_LONG,
    keys::UNKNOWN_KEY,
    keys::UNKNOWN_SECTION,
    keys::DEPRECATED,
    keys::IGNORED_VALUE,
    keys::FORMAT,
];

/// The candidate closest to `name`, if one is close enough to be a typo.
pub fn closest<'a>(name: &str, candidates: impl Iterator<Item = &'a str>) -> Option<&'a str> {
    candidates
        .map(|c| (strsim::jaro_winkler(name, c), c))
        .filter(|(score, _)| *score > 0.85)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, c)| c)
}

/// Runs one check over alsaconf text, for the checks' unit tests.
#[cfg(test)]
pub(crate) fn run_check(check: &Check, text: &str, cores: Option<u32>) -> Vec<Finding> {
    use crate::source::{Origin, Sources};
    let mut sources = Sources::new();
    let id = sources.add("t.conf", Origin::Synthetic, text.to_string());
    let conf = crate::conf::parse(&sources, id).expect("parses");
    let model = super::Model::new(&conf);
    let options = super::Options { cores };
    let cx = Context {
        sources: &sources,
        conf: &conf,
        model: &model,
        options: &options,
    };
    let mut out = Vec::new();
    (check.run)(&cx, &mut out);
    out
}
