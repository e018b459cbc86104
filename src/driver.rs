//! The build driver, above the stages: "build, read back, check" written
//! once. [`build`] evaluates and expands a `.topo` ([`crate::eval`]), makes
//! the expanded text a source of its own, reads it back and validates it
//! ([`crate::validate`]), and points each finding at the statement that
//! wrote the text. `build`, `lint`, `graph` and `info` call it; the stages
//! below know nothing of each other's callers.

use crate::conf::ConfTopology;
use crate::diag::Finding;
use crate::eval::{self, Emitted, Symbol, SymbolOrigin};
use crate::source::{FileId, Sources, Span};
use crate::validate::{
    self,
    platform::{count_symbol, DaiCount},
    Platform,
};
use crate::vocab::vocabulary;
use std::collections::BTreeMap;
use std::path::PathBuf;

/// Symbol tables and the like keep their order; Fx hashing is several times
/// cheaper than SipHash on these short keys (no input is adversarial).
type IndexMap<K, V> = indexmap::IndexMap<K, V, rustc_hash::FxBuildHasher>;

/// A `.topo` built and checked.
pub(crate) struct Build {
    /// What evaluation wrote (text, symbols, what each statement emitted)
    /// and its warnings.
    pub output: eval::Output,
    /// The expanded text read back and validated.
    pub checked: Checked,
}

impl Build {
    /// Every finding: evaluation's warnings, then the checks', in file order.
    pub(crate) fn findings(&self) -> impl Iterator<Item = &Finding> {
        self.output.warnings.iter().chain(&self.checked.findings)
    }
}

/// Builds `entry` with `opts` in `session` (made for `opts.include_dirs`)
/// and checks what it expands to (see [`check_output`]). An evaluation
/// error stops the build. `evaluated` is called with what evaluation wrote
/// before that is read back and checked: `tplg build` starts writing its
/// output meanwhile, and puts it in place only if the checks pass.
pub(crate) fn build(
    session: &eval::Session,
    sources: &mut Sources,
    entry: FileId,
    opts: &eval::Options,
    checks: &validate::Options,
    evaluated: &mut dyn FnMut(&eval::Output),
) -> Result<Build, eval::Error> {
    let mut output = session.compile(sources, entry, opts)?;
    evaluated(&output);
    let mut checked = check_output(sources, entry, &output, checks);
    let line = command_line(sources, opts, &checks.policy);
    output
        .warnings
        .extend(unread_defines(session, sources, opts, &line));
    decide(
        sources,
        Some(entry),
        &checks.policy,
        &line,
        &mut output.warnings,
        &mut checked.findings,
    );
    Ok(Build { output, checked })
}

/// The symbols the command line itself reads: `-D GRAPH` and `-D INFO` ask
/// `build` for a graph and for info, as SOF's M4 library did.
pub(crate) const GRAPH_SYMBOL: &str = "GRAPH";

pub(crate) const INFO_SYMBOL: &str = "INFO";

/// The run's `-D`, `--allow` and `--deny` as a source of their own, so a
/// finding about one of them can point at it.
pub(crate) struct CommandLine {
    file: Option<FileId>,
    /// Each `-D` name's span, in command-line order.
    defines: Vec<Span>,
    /// Each `--allow`/`--deny` code's span.
    codes: Vec<(String, Span)>,
}

fn command_line(
    sources: &mut Sources,
    opts: &eval::Options,
    policy: &crate::diag::allow::RunPolicy,
) -> CommandLine {
    if opts.defines.is_empty() && policy.allow.is_empty() && policy.deny.is_empty() {
        return CommandLine {
            file: None,
            defines: Vec::new(),
            codes: Vec::new(),
        };
    }
    let mut text = String::new();
    let mut defines = Vec::new();
    let mut codes = Vec::new();
    for (name, value) in &opts.defines {
        text.push_str("-D ");
        defines.push(text.len()..text.len() + name.len());
        text.push_str(name);
        if let Some(v) = value {
            text.push('=');
            text.push_str(v);
        }
        text.push(' ');
    }
    for (flag, list) in [("--allow", &policy.allow), ("--deny", &policy.deny)] {
        for code in list {
            text.push_str(flag);
            text.push(' ');
            codes.push((code.clone(), text.len()..text.len() + code.len()));
            text.push_str(code);
            text.push(' ');
        }
    }
    let file = sources.add(
        "command line",
        crate::source::Origin::Synthetic,
        text.trim_end().to_string(),
    );
    CommandLine {
        file: Some(file),
        defines: defines
            .into_iter()
            .map(|r| Span::new(file, r.start, r.end))
            .collect(),
        codes: codes
            .into_iter()
            .map(|(c, r)| (c, Span::new(file, r.start, r.end)))
            .collect(),
    }
}

/// A warning for each `-D NAME` that nothing of the build reads: no file it
/// loaded and no template of the library names it (a misspelt
/// `-D DMIC_CHANEL=4` would otherwise be ignored in silence), with the
/// closest name they do read.
fn unread_defines(
    session: &eval::Session,
    sources: &Sources,
    opts: &eval::Options,
    line: &CommandLine,
) -> Vec<Finding> {
    let read_by_files = |name: &str| {
        sources.ids().any(|id| {
            Some(id) != line.file
                && !matches!(sources.get(id).origin, crate::source::Origin::Synthetic)
                && crate::vocab::has_word(sources.text(id), name)
        })
    };
    // the names a misspelt -D may have meant: gathered once, for the first
    // -D nothing reads (most builds have none)
    let mut candidates: Option<std::collections::BTreeSet<&str>> = None;
    let mut out = Vec::new();
    for ((name, _), span) in opts.defines.iter().zip(&line.defines) {
        if name == GRAPH_SYMBOL
            || name == INFO_SYMBOL
            || read_by_files(name)
            || session.templates_read(name)
        {
            continue;
        }
        let candidates = candidates.get_or_insert_with(|| {
            let mut names = session.template_names().clone();
            names.extend([GRAPH_SYMBOL, INFO_SYMBOL]);
            // each distinct word once (the files repeat their names many times)
            let mut words = rustc_hash::FxHashSet::default();
            for id in sources.ids() {
                if Some(id) != line.file {
                    words.extend(crate::vocab::words(sources.text(id)));
                }
            }
            names.extend(
                words
                    .into_iter()
                    .filter(|w| crate::vocab::is_name_case(w) && !session.is_statement(w)),
            );
            names
        });
        let mut f = Finding::warning(
            "tplg::eval::unread_define",
            *span,
            format!("nothing in this build reads `{name}`"),
        )
        .label("defined here");
        f = match crate::vocab::closest(name, candidates.iter().copied()) {
            Some(s) => f.help(format!("did you mean `{s}`?")),
            None => f.help(
                "no file the build reads and no template of the library names it: check the spelling, or drop it",
            ),
        };
        out.push(f);
    }
    out
}

/// Applies allow comments, `--allow` and `--deny` to a build's findings
/// (see [`crate::diag::allow`]), and warns about codes they name that do
/// not exist.
pub(crate) fn decide(
    sources: &Sources,
    entry: Option<FileId>,
    policy: &crate::diag::allow::RunPolicy,
    line: &CommandLine,
    warnings: &mut Vec<Finding>,
    findings: &mut Vec<Finding>,
) {
    use crate::diag::allow;
    let allows = allow::Allows::scan(sources, entry);
    let named = allows
        .codes()
        .chain(line.codes.iter().map(|(c, s)| (c.as_str(), *s)));
    let known: Vec<&str> = crate::validate::checks::ALL
        .iter()
        .map(|c| c.code)
        .collect();
    for (code, span, suggestion) in
        allow::unknown_codes(named.map(|(c, s)| (c, Some(s))), &known, &OPEN_AREAS)
    {
        let span = span.expect("every code is named somewhere");
        let f = Finding::warning(
            "tplg::allow::unknown_code",
            span,
            format!("`{code}` is the code of no check"),
        )
        .label("allowed or denied here");
        warnings.push(match suggestion {
            Some(s) => f.help(format!("did you mean `{s}`?")),
            None => f.help("`tplg lint --list-checks` lists the checks' codes"),
        });
    }
    allow::apply(sources, &allows, policy, warnings);
    allow::apply(sources, &allows, policy, findings);
}

/// [`decide`] for alsaconf text linted as it is.
pub(crate) fn decide_conf(
    sources: &Sources,
    file: FileId,
    policy: &crate::diag::allow::RunPolicy,
    findings: &mut Vec<Finding>,
) {
    let line = CommandLine {
        file: None,
        defines: Vec::new(),
        codes: Vec::new(),
    };
    let mut warnings = Vec::new();
    decide(sources, Some(file), policy, &line, &mut warnings, findings);
    findings.extend(warnings);
}

/// Areas whose codes are not listed in the check registry (the evaluator's
/// warnings, the alsaconf reader's findings): an allow naming one is taken
/// as it is.
const OPEN_AREAS: [&str; 4] = ["tplg::eval", "tplg::conf", "tplg::allow", "tplg::migrate"];

/// Like [`build`], and also returns every file the build read: `entry`,
/// the files it included, and the library files it used from the `-I`
/// directories (the session's `statements.toml` files, the prelude, each
/// template rendered, imported or included). Built-in library files are
/// compiled into the binary and not listed. For a depfile.
pub(crate) fn build_reading(
    session: &eval::Session,
    sources: &mut Sources,
    entry: FileId,
    opts: &eval::Options,
    checks: &validate::Options,
    evaluated: &mut dyn FnMut(&eval::Output),
) -> (Result<Build, eval::Error>, Vec<PathBuf>) {
    let (built, templates) = crate::expand::recording_templates(|| {
        build(session, sources, entry, opts, checks, evaluated)
    });
    let library = session.library();
    let mut read: Vec<PathBuf> = Vec::new();
    for f in sources.files() {
        if let crate::source::Origin::Disk(p) = &f.origin {
            read.push(p.clone());
        }
    }
    for dir in library.include_dirs() {
        let toml = dir.join("statements.toml");
        if toml.is_file() {
            read.push(toml);
        }
    }
    let prelude = std::iter::once("prelude.topo".to_string());
    read.extend(prelude.chain(templates).filter_map(|t| library.on_disk(&t)));
    let mut seen = rustc_hash::FxHashSet::default();
    read.retain(|p| seen.insert(p.clone()));
    (built, read)
}

/// What a note in expanded text adds: where to get that text.
pub(crate) const EMIT_HINT: &str = " (`tplg build --emit-expanded FILE` writes it out)";

/// The note on the place in the expanded text a finding was traced from.
pub(crate) const IN_EXPANDED: &str = "in the text this statement writes";

/// Points findings in expanded text at the `.topo` statements that wrote
/// it: the statement becomes the primary span, the user macros being
/// expanded (innermost first) and the generated text related notes.
/// Related places in expanded text move too: to the statement that wrote
/// them or, inside a macro, to the call in the user's file that expanded
/// it (the body is the same for every call), unless the primary's own
/// statement wrote them. The first note left pointing into expanded text
/// says how to get that text ([`EMIT_HINT`]). Findings outside any
/// statement's output are left where they are.
pub(crate) fn map_to_statements(
    sources: &Sources,
    findings: &mut [Finding],
    expanded: FileId,
    emitted: &[Emitted],
) {
    // The innermost statement whose output holds an offset: emitted ranges
    // are recorded when a statement finishes, so nested ones come first.
    let innermost = |span: Span| {
        emitted
            .iter()
            .filter(|e| {
                e.range.start <= span.start() && span.start() < e.range.end.max(e.range.start + 1)
            })
            .min_by_key(|e| e.range.len())
    };
    for f in findings {
        let primary = (f.span.file == expanded)
            .then(|| innermost(f.span))
            .flatten();
        for (what, span) in &mut f.related {
            if span.file != expanded {
                continue;
            }
            // a place the primary's own statement wrote is clearer in the
            // text itself than as that statement again
            let other = innermost(*span).filter(|e| {
                !primary.is_some_and(|p| p.statement == e.statement && p.macros == e.macros)
            });
            if let Some(e) = other {
                match e.macros.last() {
                    Some((name, call)) => {
                        *what = format!("{what}: written by this call of macro `{name}`");
                        *span = *call;
                    }
                    None => *span = narrow(sources, e.statement, sources.slice(*span)),
                }
            }
        }
        let Some(e) = primary else {
            // still in the expanded text: the first place there says how
            // to get it
            if f.span.file == expanded {
                f.label.push_str(EMIT_HINT);
            } else if let Some((what, _)) = f.related.iter_mut().find(|(_, s)| s.file == expanded) {
                what.push_str(EMIT_HINT);
            }
            continue;
        };
        let generated = f.span;
        f.span = narrow(sources, e.statement, sources.slice(generated));
        f.statement = Some(e.statement);
        let mut notes: Vec<(String, Span)> = e
            .macros
            .iter()
            .map(|(name, call)| (format!("in the expansion of macro `{name}`"), *call))
            .collect();
        notes.push((format!("{IN_EXPANDED}{EMIT_HINT}"), generated));
        // the primary's other labels stay in the expanded text, as notes
        notes.extend(std::mem::take(&mut f.labels));
        f.related.splice(0..0, notes);
    }
}

/// After the expanded text was written to `path`: the text is named by
/// that path in diagnostics, and its notes no longer say how to get it.
pub(crate) fn expanded_written_to(
    sources: &mut Sources,
    expanded: FileId,
    path: &str,
    findings: &mut [Finding],
) {
    sources.rename(expanded, path);
    for f in findings {
        if f.span.file == expanded {
            if let Some(l) = f.label.strip_suffix(EMIT_HINT) {
                f.label = l.to_string();
            }
        }
        for (what, span) in &mut f.related {
            if span.file == expanded {
                if let Some(w) = what.strip_suffix(EMIT_HINT) {
                    *what = w.to_string();
                }
            }
        }
    }
}

pub(crate) use crate::validate::platform::CORE_COUNT_SYMBOL;

/// The platform facts among a build's symbols: `PLATFORM_CORE_COUNT` and
/// the `PLATFORM_<TYPE>_COUNT` of each DAI type the vocabulary counts.
pub(crate) fn platform_of(symbols: &IndexMap<String, Symbol>) -> Platform {
    let number = |name: &str| {
        symbols
            .get(name)
            .and_then(|s| s.value.as_int())
            .and_then(|v| u32::try_from(v).ok())
    };
    let mut dai_counts = BTreeMap::new();
    for ty in vocabulary().counted_dai_types() {
        let symbol = count_symbol(ty);
        let Some(count) = number(&symbol) else {
            continue;
        };
        let defined_at = match symbols[&symbol].origin {
            SymbolOrigin::Define(span) => Some(span),
            _ => None,
        };
        dai_counts.insert(
            ty.to_string(),
            DaiCount {
                count,
                symbol,
                defined_at,
            },
        );
    }
    Platform {
        cores: number(CORE_COUNT_SYMBOL),
        dai_counts,
    }
}

/// What a `.topo` build expanded to, as a source of its own (named after the
/// entry file), so that findings, graphs and tables can point into it.
pub(crate) fn add_expanded(
    sources: &mut Sources,
    entry: FileId,
    text: &std::sync::Arc<String>,
) -> FileId {
    let name = format!("{} (expanded)", sources.get(entry).name);
    sources.add(
        name,
        crate::source::Origin::Synthetic,
        crate::source::Text::Shared(text.clone()),
    )
}

/// A build's output, checked.
pub(crate) struct Checked {
    /// The expanded text's source (see [`add_expanded`]).
    pub file: FileId,
    /// The topology read from it; `None` if it does not parse.
    pub conf: Option<ConfTopology>,
    pub findings: Vec<Finding>,
}

/// Validates what a `.topo` build expanded to: the text becomes a source
/// of its own, and findings move to the statements that wrote them. The
/// platform's core count and DAI counts come from the build's symbols
/// ([`platform_of`]) unless `options` gives them.
pub(crate) fn check_output(
    sources: &mut Sources,
    entry: FileId,
    out: &eval::Output,
    options: &validate::Options,
) -> Checked {
    let file = add_expanded(sources, entry, &out.text);
    let mut options = options.clone();
    let built = platform_of(&out.symbols);
    let platform = &mut options.platform;
    if platform.cores.is_none() {
        platform.cores = built.cores;
    }
    if platform.dai_counts.is_empty() {
        platform.dai_counts = built.dai_counts;
    }
    let (conf, mut findings) = validate::parse_and_validate(sources, file, &options);
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
            statement.start() + at,
            statement.start() + at + text.len(),
        ),
        _ => statement,
    }
}
