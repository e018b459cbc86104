//! `tplg build`: expand a `.topo` to alsaconf, check it, write it atomically;
//! with `-D GRAPH` / `-D INFO`, the graph and tables on standard error; with
//! `--depfile`, a Makefile rule naming every file the build read; with
//! `--variants`, many builds in one call ([`super::variants`]).

use super::*;

#[derive(Args, Debug)]
pub(super) struct BuildArgs {
    /// The topology source (.topo).
    #[arg(required_unless_present = "variants", conflicts_with = "variants")]
    file: Option<PathBuf>,
    #[command(flatten)]
    library: LibraryArgs,
    /// Write here instead of standard output (atomically: whole or not at
    /// all); with --variants, the directory the outputs go to.
    #[arg(short, long, value_name = "OUT")]
    output: Option<PathBuf>,
    /// Fail (exit 1, nothing written) on warnings too.
    #[arg(long)]
    deny_warnings: bool,
    /// Build every variant FILE lists, in parallel, into the -o directory:
    /// one `input;output;-DNAME=VALUE…` a line, as SOF's CMake TPLGS lists
    /// write them (the quoted `"input\;output\;…"` form too).
    #[arg(long, value_name = "FILE")]
    variants: Option<PathBuf>,
    /// Also write a Makefile rule (as `gcc -MD` does) naming every file the
    /// build read: the source, its includes and the library files of the -I
    /// directories. Needs -o. With --variants, one rule per output.
    #[arg(long, value_name = "FILE", requires = "output")]
    depfile: Option<PathBuf>,
    #[command(flatten)]
    report: super::report::FormatArgs,
    /// What to write: alsaconf text, or the binary topology alsatplg would
    /// make of it; by default tplg when OUT ends in .tplg, else conf.
    #[arg(long, value_enum, value_name = "WHAT")]
    emit: Option<Emit>,
    #[command(flatten)]
    expanded: super::expanded::EmitArgs,
}

/// What `build` writes.
#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Emit {
    /// ALSA topology text, for alsatplg.
    Conf,
    /// The binary topology (.tplg), as `alsatplg -c` writes it.
    Tplg,
}

pub(super) fn build(a: BuildArgs) -> i32 {
    let Some(file) = a.file.as_deref() else {
        let Some(variants) = a.variants.as_deref() else {
            return usage("give a FILE to build, or --variants FILE");
        };
        let Some(dir) = a.output.as_deref() else {
            return usage("--variants needs -o DIR, the directory the outputs go to");
        };
        return super::variants::build_all(&super::variants::Request {
            list: variants,
            out_dir: dir,
            library: &a.library,
            deny_warnings: a.deny_warnings,
            depfile: a.depfile.as_deref(),
        });
    };
    let opts = match options(&a.library) {
        Ok(o) => o,
        Err(e) => return usage(&e),
    };
    if let Err(e) = not_an_input(a.output.as_deref(), file, "-o") {
        return usage(&e);
    }
    if let (Some(dep), Some(_)) = (a.depfile.as_deref(), a.output.as_deref()) {
        if let Err(e) = not_an_input(Some(dep), file, "--depfile") {
            return usage(&e);
        }
    }
    if let Err(e) = a.expanded.check(file, a.output.as_deref()) {
        return usage(&e);
    }
    let session = match eval::Session::new(&opts.include_dirs) {
        Ok(s) => s,
        Err(e) => {
            Dump::of(&opts).diagnostic(&format!("error: cannot load the library: {e}\n"));
            return EXIT_ERRORS;
        }
    };
    let job = Job {
        file,
        opts: &opts,
        output: a.output.as_deref(),
        deny_warnings: a.deny_warnings,
        track: a.depfile.is_some(),
        leak: true,
        format: Some(&a.report),
        emit: a
            .emit
            .unwrap_or(match a.output.as_deref().and_then(|p| p.extension()) {
                Some(x) if x == "tplg" => Emit::Tplg,
                _ => Emit::Conf,
            }),
        expanded: Some(&a.expanded),
        defer_write: false,
    };
    let done = build_one(&session, &job);
    // the process ends here: freeing the library is work for nothing
    std::mem::forget(session);
    eprint!("{}", done.said);
    if done.code != EXIT_OK {
        return done.code;
    }
    match (a.depfile.as_deref(), a.output.as_deref()) {
        (Some(dep), Some(out)) => {
            let rule = depfile_rule(out, &done.read);
            match write_output(Some(dep), rule.as_bytes()) {
                Ok(()) => EXIT_OK,
                Err(e) => usage(&e),
            }
        }
        _ => EXIT_OK,
    }
}

/// One build: a source, its options, where it goes.
pub(super) struct Job<'a> {
    pub file: &'a Path,
    pub opts: &'a Options,
    pub output: Option<&'a Path>,
    pub deny_warnings: bool,
    /// Find the files the build reads (for a depfile).
    pub track: bool,
    /// The process ends after this build: leave what it made unfreed.
    pub leak: bool,
    /// How to print findings (`None`: for people, with the source).
    pub format: Option<&'a super::report::FormatArgs>,
    /// Text or the binary.
    pub emit: Emit,
    /// Where to write the expanded text, checks passing or not.
    pub expanded: Option<&'a super::expanded::EmitArgs>,
    /// Hand a checked text output back ([`Done::text`]) for the caller to
    /// write to [`Job::output`], instead of writing it here.
    pub defer_write: bool,
}

/// What one build did.
pub(super) struct Done {
    pub code: i32,
    /// What it has to say on standard error.
    pub said: String,
    /// Every file it read, when tracked ([`Job::track`]).
    pub read: Vec<PathBuf>,
    /// The text to write, when the job deferred it ([`Job::defer_write`])
    /// and the build passed its checks.
    pub text: Option<std::sync::Arc<String>>,
}

/// Builds one source in `session` (made for the job's `-I` directories),
/// and writes its output atomically.
pub(super) fn build_one(session: &eval::Session, job: &Job) -> Done {
    let dump = Dump::of(job.opts);
    let said = std::cell::RefCell::new(String::new());
    let diagnostic = |text: &str| said.borrow_mut().push_str(&dump.comment(text));
    let fail = |code, said: &std::cell::RefCell<String>| Done {
        code,
        said: said.take(),
        read: Vec::new(),
        text: None,
    };
    // findings in a format for machines, or for people
    let machine = job
        .format
        .filter(|f| f.format != crate::lint::Format::Human);
    let path = job.file.display().to_string();
    let mut sources = Sources::new();
    let entry = match load(&mut sources, job.file) {
        Ok(id) => id,
        Err(e) => {
            diagnostic(&format!("error: {e}\n"));
            return fail(EXIT_USAGE, &said);
        }
    };
    let checks = super::report::checks();
    // A conf is staged as soon as it is written (the disk writes it while
    // the checks run), and put in place once they pass.
    let mut staged = None;
    let mut stage = |o: &eval::Output| {
        if job.emit == Emit::Conf && !job.defer_write && job.output.is_some() {
            staged = Some(stage_output(job.output, o.text.as_bytes()));
        }
    };
    let (built, read) = if job.track {
        crate::driver::build_reading(session, &mut sources, entry, job.opts, &checks, &mut stage)
    } else {
        let b = crate::driver::build(session, &mut sources, entry, job.opts, &checks, &mut stage);
        (b, Vec::new())
    };
    let mut built = match built {
        Ok(b) => b,
        Err(e) => {
            let f = e.to_finding();
            match machine {
                Some(format) => {
                    super::report::print_findings(format, sources, path, vec![f], diagnostic);
                }
                None => diagnostic(&render(&f, &sources)),
            }
            if job.expanded.is_some_and(super::expanded::EmitArgs::wanted) {
                diagnostic("note: --emit-expanded: nothing written, as the source did not evaluate to any text\n");
            }
            return fail(EXIT_ERRORS, &said);
        }
    };
    // the expanded text, whether or not its checks pass
    if let Some(x) = job.expanded {
        if let Err(e) = x.write(
            &mut sources,
            built.checked.file,
            [&mut built.output.warnings, &mut built.checked.findings],
        ) {
            diagnostic(&format!("error: {e}\n"));
            return fail(EXIT_USAGE, &said);
        }
    }
    let findings: Vec<&crate::diag::Finding> = built.findings().collect();
    let (out, checked) = (&built.output, &built.checked);
    // text that does not parse is reported by validation
    if let (true, Some(conf)) = (dump.any(), &checked.conf) {
        said.borrow_mut()
            .push_str(&dump.text(&sources, entry, checked.file, conf, out));
    }
    if machine.is_none() {
        for f in &findings {
            diagnostic(&render(f, &sources));
        }
    }
    let failing = |f: &&&crate::diag::Finding| {
        f.severity == crate::validate::Severity::Error || job.deny_warnings
    };
    let failed = findings.iter().filter(failing).count();
    let all: Vec<crate::diag::Finding> = match machine {
        Some(_) => findings.iter().map(|f| (*f).clone()).collect(),
        None => Vec::new(),
    };
    let mut deferred = None;
    let code = if failed > 0 {
        EXIT_ERRORS
    } else if job.defer_write && job.emit == Emit::Conf {
        deferred = Some(std::sync::Arc::clone(&out.text));
        EXIT_OK
    } else if job.emit == Emit::Tplg {
        match binary(
            &sources,
            checked.file,
            &out.emitted,
            job.deny_warnings,
            &diagnostic,
        ) {
            Ok(bytes) => super::compile::write_binary(job.output, &bytes),
            Err(code) => code,
        }
    } else {
        let staged = staged
            .take()
            .unwrap_or_else(|| stage_output(job.output, out.text.as_bytes()));
        match staged.commit(out.text.as_bytes()) {
            Ok(()) => EXIT_OK,
            Err(e) => {
                diagnostic(&format!("error: {e}\n"));
                EXIT_USAGE
            }
        }
    };
    if let Some(format) = machine {
        super::report::print_findings(format, sources, path, all, diagnostic);
    } else if job.leak {
        std::mem::forget(sources);
    }
    if job.leak {
        std::mem::forget(built);
    }
    if failed > 0 {
        diagnostic(&format!(
            "error: {failed} problem{} found; nothing written\n",
            if failed == 1 { "" } else { "s" }
        ));
    }
    if code != EXIT_OK {
        return fail(code, &said);
    }
    Done {
        code,
        said: said.take(),
        read,
        text: deferred,
    }
}

/// A Makefile rule, as `gcc -MD` writes one: `target: prerequisite…`, one
/// prerequisite a line after a `\` continuation, with spaces, `#` and `$`
/// escaped the way make and ninja read them.
pub(super) fn depfile_rule(target: &Path, read: &[PathBuf]) -> String {
    let mut s = escape_make(&target.display().to_string());
    s.push(':');
    for p in read {
        s.push_str(" \\\n  ");
        s.push_str(&escape_make(&p.display().to_string()));
    }
    s.push('\n');
    s
}

fn escape_make(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for c in path.chars() {
        match c {
            ' ' | '\t' => {
                out.push('\\');
                out.push(c);
            }
            '#' => out.push_str("\\#"),
            '$' => out.push_str("$$"),
            _ => out.push(c),
        }
    }
    out
}

/// The binary of a build's expanded text, its findings pointed at the
/// statements that wrote the text (the reader's own were reported already).
fn binary(
    sources: &Sources,
    file: FileId,
    emitted: &[eval::Emitted],
    deny_warnings: bool,
    diagnostic: &impl Fn(&str),
) -> Result<Vec<u8>, i32> {
    let conf = crate::conf::parse_merged(sources, file).map_err(|e| {
        diagnostic(&render(
            &e.to_finding(crate::diag::Severity::Error),
            sources,
        ));
        EXIT_ERRORS
    })?;
    let out = crate::binary::compile(&conf);
    let mut findings: Vec<crate::diag::Finding> = out
        .findings
        .into_iter()
        // the reader's were reported by the checks; what the merge replaces
        // is the library's own (it keeps SOF's repeated keys, for SOF's bytes)
        .filter(|f| !f.code.starts_with("tplg::conf"))
        .collect();
    crate::driver::map_to_statements(sources, &mut findings, file, emitted);
    for f in &findings {
        diagnostic(&render(f, sources));
    }
    let failed = findings
        .iter()
        .filter(|f| f.severity == crate::validate::Severity::Error || deny_warnings)
        .count();
    match out.bytes {
        Some(bytes) if failed == 0 => Ok(bytes),
        _ => {
            diagnostic(&format!(
                "error: {} found; nothing written\n",
                plural(failed.max(1), "problem")
            ));
            Err(EXIT_ERRORS)
        }
    }
}

/// What `-D GRAPH` and `-D INFO` ask `build` for, as SOF's M4 library
/// printed them with `errprint`: the graph and the info tables on standard
/// error. Then all of standard error is one dot file: the `digraph` first,
/// and the info tables, the notes and every diagnostic after it as `//`
/// comment lines.
pub(super) struct Dump {
    graph: bool,
    info: bool,
}

/// The symbols that ask `build` for a graph and for info.
pub(crate) const GRAPH_SYMBOL: &str = crate::driver::GRAPH_SYMBOL;

pub(crate) const INFO_SYMBOL: &str = crate::driver::INFO_SYMBOL;

impl Dump {
    /// Defined on the command line, with any value (M4's `ifdef`).
    fn of(opts: &Options) -> Dump {
        let defined = |name: &str| opts.defines.iter().any(|(n, _)| n == name);
        Dump {
            graph: defined(GRAPH_SYMBOL),
            info: defined(INFO_SYMBOL),
        }
    }

    fn any(&self) -> bool {
        self.graph || self.info
    }

    /// A diagnostic on standard error; a comment when the stream is dot.
    fn diagnostic(&self, text: &str) {
        eprint!("{}", self.comment(text));
    }

    /// A diagnostic's text for standard error: a comment when the stream is dot.
    fn comment(&self, text: &str) -> String {
        if self.any() {
            crate::info::as_dot_comment(text)
        } else {
            text.to_string()
        }
    }

    /// The graph and the info of what the build wrote. Info findings are
    /// notes here: they do not change the build's result (`tplg info` exits
    /// 1 on them).
    fn text(
        &self,
        sources: &Sources,
        entry: FileId,
        id: FileId,
        conf: &crate::conf::ConfTopology,
        out: &eval::Output,
    ) -> String {
        use crate::info::{self, Summary};
        let title = sources.get(entry).name.clone();
        let model = crate::validate::Model::new(conf);
        let summary = Summary::of(&model);
        let mut text = String::new();
        if self.graph {
            text.push_str(&crate::graph::dot(&model, &summary, &title));
        }
        if self.info {
            let mut report = info::check(
                sources,
                &model,
                &summary,
                &crate::driver::platform_of(&out.symbols),
            );
            crate::driver::map_to_statements(sources, &mut report.findings, id, &out.emitted);
            let mut tables = format!("tplg info: {title}\n\n");
            tables.push_str(&info::tables(&model, &summary));
            tables.push_str(&info::notes_text(&report.notes));
            text.push_str(&info::as_dot_comment(&tables));
            for f in &report.findings {
                text.push_str(&info::as_dot_comment(&render(f, sources)));
            }
        }
        text
    }
}
