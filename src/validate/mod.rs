//! Validation: checks over a topology's sections and graph.
//!
//! [`validate`] reads an alsaconf topology (tplg's own output, or any other)
//! into the [`crate::conf`] IR, builds the [`model::Model`] graph once, and
//! runs every check of [`checks`] over both. Each check reports [`Finding`]s
//! with a stable code (`tplg::route::dangling`), a severity and a span in the
//! alsaconf text; the build driver ([`crate::driver`]) moves those spans to
//! the `.topo` statement that wrote the section. It depends only on the
//! alsaconf reader and its own model; [`summary`] is that model as `tplg
//! info` tabulates it and `tplg graph` draws it.

pub mod checks;
pub(crate) mod model;
pub(crate) mod platform;
pub(crate) mod summary;

pub(crate) use crate::diag::{Finding, Severity};
pub(crate) use model::Model;
pub(crate) use platform::Platform;

use crate::conf::{self, ConfTopology};
use crate::source::{FileId, Sources};

/// What the checks know about the target beyond the topology text.
#[derive(Debug, Clone, Default)]
pub(crate) struct Options {
    /// The platform's DSP cores and DAI counts, as far as they are known.
    pub platform: Platform,
    /// The run's `--allow` and `--deny`.
    pub(crate) policy: crate::diag::allow::RunPolicy,
}

/// Everything a check reads.
pub(crate) struct Context<'a> {
    pub sources: &'a Sources,
    pub conf: &'a ConfTopology,
    pub model: &'a Model<'a>,
    pub options: &'a Options,
}

/// Parses `file` as alsaconf and runs every check. A syntax error is the
/// only finding then.
pub(crate) fn validate_file(sources: &Sources, file: FileId, options: &Options) -> Vec<Finding> {
    parse_and_validate(sources, file, options).1
}

/// The topology read from `file` (none on a syntax error) and its findings.
pub(crate) fn parse_and_validate(
    sources: &Sources,
    file: FileId,
    options: &Options,
) -> (Option<ConfTopology>, Vec<Finding>) {
    match conf::parse(sources, file) {
        Ok(conf) => {
            let findings = validate(sources, &conf, options);
            (Some(conf), findings)
        }
        Err(e) => (None, vec![e.to_finding(Severity::Error)]),
    }
}

/// Runs every check over a parsed topology; findings in file order.
pub(crate) fn validate(sources: &Sources, conf: &ConfTopology, options: &Options) -> Vec<Finding> {
    let model = Model::new(conf);
    let cx = Context {
        sources,
        conf,
        model: &model,
        options,
    };
    let mut out: Vec<Finding> = Vec::new();
    for e in &conf.errors {
        out.push(e.to_finding(Severity::Error));
    }
    for e in &conf.warnings {
        out.push(e.to_finding(Severity::Warning));
    }
    for check in checks::ALL {
        (check.run)(&cx, &mut out);
    }
    out.sort_by_key(|f| (f.span.file, f.span.start(), f.code.clone()));
    out
}
