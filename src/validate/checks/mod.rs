//! The checks. Each has a stable code, a severity and a function over the
//! [`Context`]; [`ALL`] lists them, and `tests/checks/` holds one planted
//! defect per code.

use super::{Context, Finding};

mod bindings;
mod ids;
mod pipelines;
mod refs;
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
pub const ALL: &[Check] = &[
    structure::ROUTE_DANGLING,
    structure::ROUTE_CYCLE,
    structure::PATH_ISOLATED,
    structure::PATH_UNROUTED,
    bindings::PCM_UNBOUND,
    bindings::HOST_UNBOUND,
    bindings::DAI_NO_LINK,
    bindings::LINK_UNUSED,
    pipelines::PIPELINE_UNSCHEDULED,
    pipelines::PIPELINE_SCHED_COMP,
    ids::SECTION_DUPLICATE,
    ids::PIPELINE_DUPLICATE_ID,
    ids::PCM_DUPLICATE_ID,
    ids::LINK_DUPLICATE_ID,
    refs::REF_DATA,
    refs::REF_TUPLES,
    refs::REF_TOKENS,
    refs::REF_TLV,
    refs::REF_TEXTS,
    refs::REF_CAPABILITIES,
    refs::REF_HW_CONFIG,
    refs::REF_CONTROL,
];

/// The candidate closest to `name`, if one is close enough to be a typo.
pub fn closest<'a>(name: &str, candidates: impl Iterator<Item = &'a str>) -> Option<&'a str> {
    candidates
        .map(|c| (strsim::jaro_winkler(name, c), c))
        .filter(|(score, _)| *score > 0.85)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, c)| c)
}

#[cfg(test)]
pub(crate) mod test_support {
    //! Running the checks of this area over a snippet of alsaconf.

    use crate::source::{Origin, Sources};
    use crate::validate::{Finding, Options};

    /// The codes of the checks in structure.rs, bindings.rs, pipelines.rs,
    /// ids.rs and refs.rs: unit tests look at these only, so that checks of other
    /// areas can judge a snippet as they like.
    fn ours(code: &str) -> bool {
        [
            super::structure::ROUTE_DANGLING,
            super::structure::ROUTE_CYCLE,
            super::structure::PATH_ISOLATED,
            super::structure::PATH_UNROUTED,
            super::bindings::PCM_UNBOUND,
            super::bindings::HOST_UNBOUND,
            super::bindings::DAI_NO_LINK,
            super::bindings::LINK_UNUSED,
            super::pipelines::PIPELINE_UNSCHEDULED,
            super::pipelines::PIPELINE_SCHED_COMP,
            super::ids::SECTION_DUPLICATE,
            super::ids::PIPELINE_DUPLICATE_ID,
            super::ids::PCM_DUPLICATE_ID,
            super::ids::LINK_DUPLICATE_ID,
        ]
        .iter()
        .any(|c| c.code == code)
            || code.starts_with("tplg::ref::")
    }

    /// Every finding of this area's checks over `text`.
    pub fn findings(text: &str) -> Vec<Finding> {
        let mut sources = Sources::new();
        let id = sources.add("t.conf", Origin::Synthetic, text.to_string());
        crate::validate::validate_file(&sources, id, &Options::default())
            .into_iter()
            .filter(|f| ours(&f.code))
            .collect()
    }

    /// Their codes.
    pub fn codes(text: &str) -> Vec<String> {
        findings(text)
            .into_iter()
            .map(|f| f.code.to_string())
            .collect()
    }
}
