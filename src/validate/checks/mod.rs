//! The checks. Each has a stable code, a severity and a function over the
//! [`Context`]; [`ALL`] lists them, and `tests/checks/` holds one planted
//! defect per code.

use super::{Context, Finding};

mod bindings;
mod buffers;
mod clocks;
mod controls;
mod cores;
mod dais;
pub(crate) use dais::DAI_INDEX;
mod ids;
pub(crate) use ids::{LINK_DUPLICATE_ID, PCM_DUPLICATE_ID};
mod keys;
mod names;
mod pipelines;
mod refs;
mod structure;
mod tuples;

/// One check.
pub struct Check {
    /// Stable, e.g. `tplg::route::dangling`; what `--format` prints.
    pub code: &'static str,
    /// One line: what the check looks for.
    pub summary: &'static str,
    /// One line: what to do about a finding (docs/checks.md's "what to do").
    pub help: &'static str,
    pub(crate) run: fn(&Context, &mut Vec<Finding>),
}

impl Check {
    /// The check's anchor in docs/checks.md: the code without `tplg::`,
    /// `::` as `-` (`route-dangling`).
    pub(crate) fn anchor(&self) -> String {
        anchor(self.code)
    }
}

/// A code's anchor in docs/checks.md (see [`Check::anchor`]).
pub(crate) fn anchor(code: &str) -> String {
    code.trim_start_matches("tplg::").replace("::", "-")
}

/// The check with this code.
pub(crate) fn by_code(code: &str) -> Option<&'static Check> {
    ALL.iter().find(|c| c.code == code)
}

/// Every check, in the order they run.
pub(crate) const ALL: &[Check] = &[
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
    tuples::UNKNOWN_TOKEN,
    tuples::BAD_VALUE,
    tuples::UNEXPANDED,
    clocks::SSP,
    clocks::DMIC,
    clocks::FRAME,
    cores::CORE_RANGE,
    dais::DAI_INDEX,
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

/// Runs one check over alsaconf text, for the checks' unit tests.
#[cfg(test)]
pub(crate) fn run_check(check: &Check, text: &str, cores: Option<u32>) -> Vec<Finding> {
    use crate::source::{Origin, Sources};
    let mut sources = Sources::new();
    let id = sources.add("t.conf", Origin::Synthetic, text.to_string());
    let conf = crate::conf::parse(&sources, id).expect("parses");
    let model = super::Model::new(&conf);
    let options = super::Options {
        platform: super::Platform {
            cores,
            ..Default::default()
        },
        ..Default::default()
    };
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

#[cfg(test)]
pub(crate) mod test_support {
    //! Running the graph and structure checks over a snippet of alsaconf.

    use crate::validate::Finding;

    /// The checks of structure.rs, bindings.rs, pipelines.rs, ids.rs and
    /// refs.rs: their unit tests look at these only, so that checks of other
    /// areas can judge a snippet as they like.
    const OURS: &[&super::Check] = &[
        &super::structure::ROUTE_DANGLING,
        &super::structure::ROUTE_CYCLE,
        &super::structure::PATH_ISOLATED,
        &super::structure::PATH_UNROUTED,
        &super::bindings::PCM_UNBOUND,
        &super::bindings::HOST_UNBOUND,
        &super::bindings::DAI_NO_LINK,
        &super::bindings::LINK_UNUSED,
        &super::pipelines::PIPELINE_UNSCHEDULED,
        &super::pipelines::PIPELINE_SCHED_COMP,
        &super::ids::SECTION_DUPLICATE,
        &super::ids::PIPELINE_DUPLICATE_ID,
        &super::ids::PCM_DUPLICATE_ID,
        &super::ids::LINK_DUPLICATE_ID,
        &super::refs::REF_DATA,
        &super::refs::REF_TUPLES,
        &super::refs::REF_TOKENS,
        &super::refs::REF_TLV,
        &super::refs::REF_TEXTS,
        &super::refs::REF_CAPABILITIES,
        &super::refs::REF_HW_CONFIG,
        &super::refs::REF_CONTROL,
    ];

    /// Every finding of this area's checks over `text`, in file order.
    pub(crate) fn findings(text: &str) -> Vec<Finding> {
        let mut out: Vec<Finding> = OURS
            .iter()
            .flat_map(|c| super::run_check(c, text, None))
            .collect();
        out.sort_by_key(|f| f.span.start());
        out
    }

    /// Their codes.
    pub(crate) fn codes(text: &str) -> Vec<String> {
        findings(text)
            .into_iter()
            .map(|f| f.code.to_string())
            .collect()
    }
}
