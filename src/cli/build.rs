//! `tplg build`: expand a `.topo` to alsaconf, check it, write it atomically;
//! with `-D GRAPH` / `-D INFO`, the graph and tables on standard error.

use super::*;

#[derive(Args, Debug)]
pub(super) struct BuildArgs {
    #[command(flatten)]
    compile: CompileArgs,
    /// Write here instead of standard output (atomically: whole or not at all).
    #[arg(short, long, value_name = "OUT")]
    output: Option<PathBuf>,
    /// Fail (exit 1, nothing written) on warnings too.
    #[arg(long)]
    deny_warnings: bool,
    #[command(flatten)]
    report: super::report::FormatArgs,
    #[command(flatten)]
    expanded: super::expanded::EmitArgs,
}

pub(super) fn build(a: BuildArgs) -> i32 {
    let opts = match options(&a.compile.library) {
        Ok(o) => o,
        Err(e) => return usage(&e),
    };
    if let Err(e) = not_an_input(a.output.as_deref(), &a.compile.file) {
        return usage(&e);
    }
    if let Err(e) = a.expanded.check(&a.compile.file, a.output.as_deref()) {
        return usage(&e);
    }
    let dump = Dump::of(&opts);
    let mut sources = Sources::new();
    let entry = match load(&mut sources, &a.compile.file) {
        Ok(id) => id,
        Err(e) => {
            dump.diagnostic(&format!("error: {e}\n"));
            return EXIT_USAGE;
        }
    };
    let session = match eval::Session::new(&opts.include_dirs) {
        Ok(s) => s,
        Err(e) => {
            dump.diagnostic(&format!("error: cannot load the library: {e}\n"));
            return EXIT_ERRORS;
        }
    };
    let mut built = match crate::driver::build(
        &session,
        &mut sources,
        entry,
        &opts,
        &super::report::checks(),
    ) {
        Ok(b) => b,
        Err(e) => {
            match (a.report.format, e.to_finding(&sources)) {
                (crate::lint::Format::Human, _) | (_, None) => dump.diagnostic(&render(&e)),
                (_, Some(f)) => super::report::print_findings(
                    &a.report,
                    sources,
                    a.compile.file.display().to_string(),
                    vec![f],
                    |t| dump.diagnostic(t),
                ),
            }
            if a.expanded.wanted() {
                dump.diagnostic("note: --emit-expanded: nothing written, as the source did not evaluate to any text\n");
            }
            return EXIT_ERRORS;
        }
    };
    // the expanded text, whether or not its checks pass
    if let Err(e) = a.expanded.write(
        &mut sources,
        built.checked.file,
        [&mut built.output.warnings, &mut built.checked.findings],
    ) {
        dump.diagnostic(&format!("error: {e}\n"));
        return EXIT_USAGE;
    }
    let findings: Vec<&crate::diag::Finding> = built.findings().collect();
    let (out, checked) = (&built.output, &built.checked);
    // text that does not parse is reported by validation
    if let (true, Some(conf)) = (dump.any(), &checked.conf) {
        eprint!("{}", dump.text(&sources, entry, checked.file, conf, out));
    }
    if a.report.format == crate::lint::Format::Human {
        for f in &findings {
            dump.diagnostic(&render(&f.report(&sources)));
        }
    }
    let failing = |f: &&&crate::diag::Finding| {
        f.severity == crate::validate::Severity::Error || a.deny_warnings
    };
    let failed = findings.iter().filter(failing).count();
    if a.report.format != crate::lint::Format::Human {
        let all = findings.iter().map(|f| (*f).clone()).collect();
        super::report::print_findings(
            &a.report,
            sources,
            a.compile.file.display().to_string(),
            all,
            |t| dump.diagnostic(t),
        );
    }
    if failed > 0 {
        dump.diagnostic(&format!(
            "error: {failed} problem{} found; nothing written\n",
            if failed == 1 { "" } else { "s" }
        ));
        return EXIT_ERRORS;
    }
    match write_output(a.output.as_deref(), out.text.as_bytes()) {
        Ok(()) => EXIT_OK,
        Err(e) => {
            dump.diagnostic(&format!("error: {e}\n"));
            EXIT_USAGE
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
pub const GRAPH_SYMBOL: &str = crate::driver::GRAPH_SYMBOL;

pub const INFO_SYMBOL: &str = crate::driver::INFO_SYMBOL;

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
        if self.any() {
            eprint!("{}", crate::info::as_dot_comment(text));
        } else {
            eprint!("{text}");
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
                text.push_str(&info::as_dot_comment(&render(&f.report(sources))));
            }
        }
        text
    }
}
