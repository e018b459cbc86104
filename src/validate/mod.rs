//! Validation: checks over a topology's sections and graph.
//!
//! [`validate`] reads an alsaconf topology (tplg's own output, or any other)
//! into the [`crate::conf`] IR, builds the [`model::Model`] graph once, and
//! runs every check of [`checks`] over both. Each check reports [`Finding`]s
//! with a stable code (`tplg::route::dangling`), a severity and a span in the
//! alsaconf text; [`map_to_statements`] moves those spans to the `.topo`
//! statement that wrote the section, when the text was expanded by tplg.

pub mod checks;
mod finding;
pub mod model;

pub use finding::{Finding, FindingReport, Severity};
pub use model::Model;

use crate::conf::{self, ConfError, ConfTopology};
use crate::eval::Emitted;
use crate::source::{FileId, Sources, Span};

/// What the checks know about the target beyond the topology text.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// DSP cores of the platform; `None` when unknown (then the largest
    /// core count of any SOF platform bounds core IDs).
    pub cores: Option<u32>,
}

/// Everything a check reads.
pub struct Context<'a> {
    pub sources: &'a Sources,
    pub conf: &'a ConfTopology,
    pub model: &'a Model<'a>,
    pub options: &'a Options,
}

/// Parses `file` as alsaconf and runs every check. A syntax error is the
/// only finding then.
pub fn validate_file(sources: &Sources, file: FileId, options: &Options) -> Vec<Finding> {
    parse_and_validate(sources, file, options).1
}

/// The topology read from `file` (none on a syntax error) and its findings.
fn parse_and_validate(
    sources: &Sources,
    file: FileId,
    options: &Options,
) -> (Option<ConfTopology>, Vec<Finding>) {
    match conf::parse(sources, file) {
        Ok(conf) => {
            let findings = validate(sources, &conf, options);
            (Some(conf), findings)
        }
        Err(e) => (None, vec![conf_finding(file, &e, Severity::Error)]),
    }
}

/// Runs every check over a parsed topology; findings in file order.
pub fn validate(sources: &Sources, conf: &ConfTopology, options: &Options) -> Vec<Finding> {
    let model = Model::new(conf);
    let cx = Context {
        sources,
        conf,
        model: &model,
        options,
    };
    let mut out: Vec<Finding> = Vec::new();
    for e in &conf.errors {
        out.push(conf_finding(conf.file, e, Severity::Error));
    }
    for e in &conf.warnings {
        out.push(conf_finding(conf.file, e, Severity::Warning));
    }
    for check in checks::ALL {
        (check.run)(&cx, &mut out);
    }
    out.sort_by_key(|f| (f.span.file, f.span.start, f.code.clone()));
    out
}

/// A problem the alsaconf reader found, as a finding.
fn conf_finding(file: FileId, e: &ConfError, severity: Severity) -> Finding {
    use miette::Diagnostic;
    let span = e.span();
    let code = e
        .code()
        .map_or_else(|| "tplg::conf".to_string(), |c| c.to_string());
    let mut f = Finding::new(
        code,
        severity,
        Span::new(file, span.offset(), span.offset() + span.len()),
        e.to_string(),
    );
    if let Some(label) = e
        .labels()
        .and_then(|mut l| l.next())
        .and_then(|l| l.label().map(str::to_string))
    {
        f = f.label(label);
    }
    if let Some(h) = e.help() {
        f = f.help(h.to_string());
    }
    f
}

/// Points findings in expanded text at the `.topo` statements that wrote
/// it: the statement becomes the primary span and the generated section a
/// related note. Findings outside any statement's output are left as they
/// are.
pub fn map_to_statements(
    sources: &Sources,
    findings: &mut [Finding],
    expanded: FileId,
    emitted: &[Emitted],
) {
    for f in findings {
        if f.span.file != expanded {
            continue;
        }
        // The innermost statement whose output holds the finding: emitted
        // ranges are recorded when a statement finishes, so nested ones come
        // first.
        let Some(e) = emitted
            .iter()
            .filter(|e| {
                e.range.start <= f.span.start && f.span.start < e.range.end.max(e.range.start + 1)
            })
            .min_by_key(|e| e.range.len())
        else {
            continue;
        };
        let generated = f.span;
        f.span = narrow(sources, e.statement, sources.slice(generated));
        f.related.insert(
            0,
            ("in the text this statement writes".to_string(), generated),
        );
    }
}

/// The name a platform file defines its DSP core count under.
pub const CORE_COUNT_SYMBOL: &str = "PLATFORM_CORE_COUNT";

/// What a `.topo` build expanded to, as a source of its own (named after the
/// entry file), so that findings, graphs and tables can point into it.
pub fn add_expanded(sources: &mut Sources, entry: FileId, text: &str) -> FileId {
    let name = format!("{} (expanded)", sources.get(entry).name);
    sources.add(name, crate::source::Origin::Synthetic, text)
}

/// A build's output, checked.
pub struct Checked {
    /// The expanded text's source (see [`add_expanded`]).
    pub file: FileId,
    /// The topology read from it; `None` if it does not parse.
    pub conf: Option<ConfTopology>,
    pub findings: Vec<Finding>,
}

/// Validates what a `.topo` build expanded to: the text becomes a source
/// of its own, and findings move to the statements that wrote them. The
/// platform's core count comes from [`CORE_COUNT_SYMBOL`] unless `options`
/// gives one.
pub fn validate_output(
    sources: &mut Sources,
    entry: FileId,
    out: &crate::eval::Output,
    options: &Options,
) -> Checked {
    let file = add_expanded(sources, entry, &out.text);
    let mut options = options.clone();
    if options.cores.is_none() {
        options.cores = out
            .symbols
            .get(CORE_COUNT_SYMBOL)
            .and_then(|s| s.value.as_int())
            .and_then(|v| u32::try_from(v).ok());
    }
    let (conf, mut findings) = parse_and_validate(sources, file, &options);
    map_to_statements(sources, &mut findings, file, &out.emitted);
    Checked {
        file,
        conf,
        findings,
    }
}

/// The one place in `statement` where `text` is written, if there is exactly
/// one (a name in a raw section, a statement argument); else the statement.
fn narrow(sources: &Sources, statement: Span, text: &str) -> Span {
    let source = sources.slice(statement);
    let text = text.trim_matches('"');
    if text.len() < 2 {
        return statement;
    }
    let mut found = source.match_indices(text);
    match (found.next(), found.next()) {
        (Some((at, _)), None) => Span::new(
            statement.file,
            statement.start + at,
            statement.start + at + text.len(),
        ),
        _ => statement,
    }
}
