//! The command line: `tplg build`, `lint`, `migrate`, `graph` and `info`, and
//! how results and diagnostics reach the user.

use crate::eval::{self, Abi, Options};
use crate::source::{FileId, Origin, Sources};
use clap::{Args, Parser, Subcommand};
use miette::Diagnostic;
use std::ffi::OsString;
use std::io::Write;
use std::path::{Path, PathBuf};

/// Exit codes: 0 clean, 1 findings or errors in the topology, 2 usage or I/O.
pub const EXIT_OK: i32 = 0;
pub const EXIT_ERRORS: i32 = 1;
pub const EXIT_USAGE: i32 = 2;

#[derive(Parser, Debug)]
#[command(name = "tplg", version, about = "Build, check and draw Sound Open Firmware topologies", long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Expand a .topo file to ALSA topology text (alsaconf) for alsatplg.
    ///
    /// With -D GRAPH or -D INFO (as SOF's M4 build had them), standard error
    /// also gets the topology's graph (what `tplg graph` draws) or its info
    /// tables (what `tplg info` prints): one dot file, the graph first and
    /// everything else after it as `//` comments.
    Build(BuildArgs),
    /// Check topology files or trees, for CI (exit 1 on findings).
    Lint(LintArgs),
    /// Convert SOF M4 topology sources (a file, or a tree) to .topo.
    Migrate(MigrateArgs),
    /// Draw a topology's pipelines, PCMs and DAI links as a Graphviz graph.
    Graph(GraphArgs),
    /// Tabulate a topology's pipelines, PCMs, DAIs and links; check DAI
    /// indexes and IDs.
    ///
    /// The checks: DAI indexes against the platform's DAI counts, PCM IDs
    /// unique, BE link IDs unique among numbered links (exit 1 on errors).
    Info(InfoArgs),
}

#[derive(Args, Debug)]
struct GraphArgs {
    /// The topology: a .topo source (built first) or alsaconf text (.conf).
    file: PathBuf,
    #[command(flatten)]
    library: LibraryArgs,
    /// Write here instead of standard output (atomically: whole or not at all).
    #[arg(short, long, value_name = "OUT")]
    output: Option<PathBuf>,
    /// dot, or svg/png through Graphviz `dot`; by default from OUT's
    /// extension (.dot, .gv, .svg, .png), else dot.
    #[arg(long, value_enum)]
    format: Option<crate::graph::Format>,
}

#[derive(Args, Debug)]
struct InfoArgs {
    /// The topology: a .topo source (built first) or alsaconf text (.conf).
    file: PathBuf,
    #[command(flatten)]
    library: LibraryArgs,
    /// The platform file whose DAI counts bound DAI indexes, as included
    /// (`intel/bxt` for `include "platform/intel/bxt"`). A .topo file's own
    /// platform is used when this is not given.
    #[arg(long, value_name = "NAME")]
    platform: Option<String>,
}

#[derive(Args, Debug)]
struct MigrateArgs {
    /// An M4 file, or a directory to convert every *.m4 file under.
    input: PathBuf,
    /// The .topo file to write (standard output if omitted); for a
    /// directory, the directory to write the converted tree to (required).
    #[arg(short, long, value_name = "OUT")]
    output: Option<PathBuf>,
    /// Search DIR for included M4 files, as `m4 -I`. In a tree (a directory
    /// input, or a file under a CMakeLists.txt listing TPLGS), SOF's own
    /// search path comes first: the root, root/m4, root/common,
    /// root/platform/common; otherwise the current directory, and after
    /// the -I dirs the file's own directory.
    #[arg(short = 'I', long = "include", value_name = "DIR")]
    include_dirs: Vec<PathBuf>,
    /// A name the build defines from outside (m4 -DNAME): where the file
    /// pastes it into text, it is converted as a reference. The -D names of
    /// CMakeLists.txt files beside the input (or in the tree) are added.
    #[arg(short = 'D', long = "define", value_name = "NAME")]
    defines: Vec<String>,
}

#[derive(Args, Debug)]
struct LintArgs {
    /// Files or directories (walked for .topo and .conf files).
    #[arg(required_unless_present = "list_checks", value_name = "PATH")]
    paths: Vec<PathBuf>,
    /// Print the code and summary of every check, then exit.
    #[arg(long)]
    list_checks: bool,
    /// Skip paths matching this glob (whole path or file name); repeatable.
    #[arg(long, value_name = "GLOB")]
    exclude: Vec<String>,
    /// How to report findings.
    #[arg(long, value_enum, default_value_t = crate::lint::Format::Human)]
    format: crate::lint::Format,
    /// Fail (exit 1) on warnings too.
    #[arg(long)]
    deny_warnings: bool,
    #[command(flatten)]
    library: LibraryArgs,
}

#[derive(Args, Debug)]
struct CompileArgs {
    /// The topology source (.topo).
    file: PathBuf,
    #[command(flatten)]
    library: LibraryArgs,
}

/// What every command that evaluates topologies takes.
#[derive(Args, Debug)]
struct LibraryArgs {
    /// Define NAME (as empty) or NAME=VALUE before the file is read; also -DNAME=VALUE.
    #[arg(short = 'D', long = "define", value_name = "NAME[=VALUE]")]
    defines: Vec<String>,
    /// Search DIR for includes and library files before the built-in library.
    #[arg(short = 'I', long = "include", value_name = "DIR")]
    include_dirs: Vec<PathBuf>,
    /// SOF ABI version of the manifest.
    #[arg(long, value_name = "X.Y.Z", default_value_t = Abi::default())]
    abi: Abi,
}

#[derive(Args, Debug)]
struct BuildArgs {
    #[command(flatten)]
    compile: CompileArgs,
    /// Write here instead of standard output (atomically: whole or not at all).
    #[arg(short, long, value_name = "OUT")]
    output: Option<PathBuf>,
    /// Fail (exit 1, nothing written) on warnings too.
    #[arg(long)]
    deny_warnings: bool,
}

/// Runs tplg with these arguments and returns the exit code.
pub fn run<I, T>(args: I) -> i32
where
    I: IntoIterator<Item = T>,
    T: Into<OsString> + Clone,
{
    let cli = match Cli::try_parse_from(args) {
        Ok(c) => c,
        Err(e) => {
            let _ = e.print();
            return if e.use_stderr() { EXIT_USAGE } else { EXIT_OK };
        }
    };
    match cli.command {
        Command::Build(a) => build(a),
        Command::Lint(a) => lint(a),
        Command::Migrate(a) => migrate(a),
        Command::Graph(a) => graph(a),
        Command::Info(a) => info(a),
    }
}

fn options(a: &LibraryArgs) -> Result<Options, String> {
    let mut defines = Vec::new();
    for d in &a.defines {
        let (name, value) = match d.split_once('=') {
            Some((n, v)) => (n, Some(m4_unquote(v).map_err(|e| format!("-D {d}: {e}"))?)),
            None => (d.as_str(), None),
        };
        // M4 takes names starting with a digit (SOF passes -D2CH_2WAY); a
        // topology can only test those with defined("2CH_2WAY")
        if name.is_empty() || !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
            return Err(format!(
                "-D {d}: `{name}` is not a name (letters, digits and `_`)"
            ));
        }
        defines.push((name.to_string(), value));
    }
    Ok(Options {
        defines,
        include_dirs: a.include_dirs.clone(),
        abi: a.abi,
    })
}

/// A `-D` value as M4 reads it: each quoted piece (`` `DTS' ``) loses one
/// level of quotes, so SOF's CMake lists (``-DDTS=`DTS'``) pass unchanged.
fn m4_unquote(v: &str) -> Result<String, String> {
    let mut out = String::with_capacity(v.len());
    let mut depth = 0usize;
    for ch in v.chars() {
        match ch {
            '`' => {
                if depth > 0 {
                    out.push(ch);
                }
                depth += 1;
            }
            '\'' if depth > 0 => {
                depth -= 1;
                if depth > 0 {
                    out.push(ch);
                }
            }
            _ => out.push(ch),
        }
    }
    if depth > 0 {
        return Err(format!(
            "the M4 quote `` ` `` opened in `{v}` is not closed with `'`"
        ));
    }
    Ok(out)
}

/// Loads the entry file; I/O problems are usage errors (exit 2).
fn load(sources: &mut Sources, path: &Path) -> Result<crate::source::FileId, String> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| format!("cannot read `{}`: {e}", path.display()))?;
    Ok(sources.add(
        path.display().to_string(),
        Origin::Disk(path.to_path_buf()),
        text,
    ))
}

fn build(a: BuildArgs) -> i32 {
    let opts = match options(&a.compile.library) {
        Ok(o) => o,
        Err(e) => return usage(&e),
    };
    if let Err(e) = not_an_input(a.output.as_deref(), &a.compile.file) {
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
    let built = match crate::driver::build(
        &session,
        &mut sources,
        entry,
        &opts,
        &crate::validate::Options::default(),
    ) {
        Ok(b) => b,
        Err(e) => {
            dump.diagnostic(&render(&e));
            return EXIT_ERRORS;
        }
    };
    let findings: Vec<&crate::diag::Finding> = built.findings().collect();
    let (out, checked) = (&built.output, &built.checked);
    // text that does not parse is reported by validation
    if let (true, Some(conf)) = (dump.any(), &checked.conf) {
        eprint!("{}", dump.text(&sources, entry, checked.file, conf, out));
    }
    for f in &findings {
        dump.diagnostic(&render(&f.report(&sources)));
    }
    let failing = |f: &&&crate::diag::Finding| {
        f.severity == crate::validate::Severity::Error || a.deny_warnings
    };
    let failed = findings.iter().filter(failing).count();
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
struct Dump {
    graph: bool,
    info: bool,
}

/// The symbols that ask `build` for a graph and for info.
pub const GRAPH_SYMBOL: &str = "GRAPH";
pub const INFO_SYMBOL: &str = "INFO";

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

/// A topology read for `graph` and `info`: alsaconf as it is, a `.topo`
/// built first (its warnings printed).
struct Loaded {
    sources: Sources,
    /// The alsaconf text.
    conf_file: FileId,
    /// What each statement wrote, for a `.topo`.
    emitted: Vec<eval::Emitted>,
    symbols: Option<indexmap::IndexMap<String, eval::Symbol>>,
}

impl Loaded {
    /// The alsaconf parsed; on a syntax error, it is printed and the exit
    /// code returned.
    fn conf(&self) -> Result<crate::conf::ConfTopology, i32> {
        crate::conf::parse(&self.sources, self.conf_file).map_err(|e| {
            eprint!("{}", render(&e));
            EXIT_ERRORS
        })
    }
}

/// Reads `file`; on failure, the problem is printed and the exit code returned.
fn load_topology(file: &Path, library: &LibraryArgs) -> Result<Loaded, i32> {
    let opts = options(library).map_err(|e| usage(&e))?;
    let mut sources = Sources::new();
    let entry = load(&mut sources, file).map_err(|e| usage(&e))?;
    if file.extension().is_some_and(|x| x == "conf") {
        return Ok(Loaded {
            sources,
            conf_file: entry,
            emitted: Vec::new(),
            symbols: None,
        });
    }
    let out = eval::compile(&mut sources, entry, &opts).map_err(|e| {
        eprint!("{}", render(&e));
        EXIT_ERRORS
    })?;
    for w in &out.warnings {
        eprint!("{}", render(&w.report(&sources)));
    }
    let conf_file = crate::driver::add_expanded(&mut sources, entry, &out.text);
    Ok(Loaded {
        sources,
        conf_file,
        emitted: out.emitted,
        symbols: Some(out.symbols),
    })
}

fn graph(a: GraphArgs) -> i32 {
    if let Err(e) = not_an_input(a.output.as_deref(), &a.file) {
        return usage(&e);
    }
    use crate::graph::{self, Format};
    let ext = a
        .output
        .as_deref()
        .and_then(Path::extension)
        .and_then(|x| x.to_str());
    let format = match (a.format, ext) {
        (Some(f), _) => f,
        (None, Some(ext)) => match Format::from_extension(ext) {
            Some(f) => f,
            None => {
                return usage(&format!(
                    "cannot tell the graph format from `.{ext}`: give --format dot, svg or png"
                ))
            }
        },
        (None, None) => Format::Dot,
    };
    let loaded = match load_topology(&a.file, &a.library) {
        Ok(l) => l,
        Err(code) => return code,
    };
    let conf = match loaded.conf() {
        Ok(c) => c,
        Err(code) => return code,
    };
    let model = crate::validate::Model::new(&conf);
    let summary = crate::info::Summary::of(&model);
    let text = graph::dot(&model, &summary, &a.file.display().to_string());
    let bytes = match graph::render(&text, format) {
        Ok(b) => b,
        Err(e) => return usage(&e.to_string()),
    };
    match write_output(a.output.as_deref(), &bytes) {
        Ok(()) => EXIT_OK,
        Err(e) => usage(&e),
    }
}

fn info(a: InfoArgs) -> i32 {
    use crate::info::{self, Summary};
    let mut loaded = match load_topology(&a.file, &a.library) {
        Ok(l) => l,
        Err(code) => return code,
    };
    let platform = match &a.platform {
        Some(name) => match platform_symbols(&mut loaded.sources, name, &a.library) {
            Ok(symbols) => crate::driver::platform_of(&symbols),
            Err(code) => return code,
        },
        None => loaded
            .symbols
            .as_ref()
            .map(crate::driver::platform_of)
            .unwrap_or_default(),
    };
    let conf = match loaded.conf() {
        Ok(c) => c,
        Err(code) => return code,
    };
    let model = crate::validate::Model::new(&conf);
    let summary = Summary::of(&model);
    let mut report = info::check(&loaded.sources, &model, &summary, &platform);
    crate::driver::map_to_statements(
        &loaded.sources,
        &mut report.findings,
        loaded.conf_file,
        &loaded.emitted,
    );
    let mut text = info::tables(&model, &summary);
    text.push_str(&info::notes_text(&report.notes));
    if let Err(e) = write_output(None, text.as_bytes()) {
        return usage(&e);
    }
    for f in &report.findings {
        eprint!("{}", render(&f.report(&loaded.sources)));
    }
    let errors = report
        .findings
        .iter()
        .filter(|f| f.severity == crate::validate::Severity::Error)
        .count();
    if errors > 0 {
        EXIT_ERRORS
    } else {
        EXIT_OK
    }
}

/// The symbols a platform file defines: `include "platform/NAME"` built
/// with the library flags.
fn platform_symbols(
    sources: &mut Sources,
    name: &str,
    library: &LibraryArgs,
) -> Result<indexmap::IndexMap<String, eval::Symbol>, i32> {
    let opts = options(library).map_err(|e| usage(&e))?;
    let name = name.trim_start_matches("platform/");
    let entry = sources.add(
        format!("--platform {name}"),
        Origin::Synthetic,
        format!("include \"platform/{name}\"\n"),
    );
    match eval::compile(sources, entry, &opts) {
        Ok(out) => Ok(out.symbols),
        Err(e) => {
            eprint!("{}", render(&e));
            eprintln!("error: --platform {name}: no such platform file in the library");
            Err(EXIT_USAGE)
        }
    }
}

fn lint(a: LintArgs) -> i32 {
    use crate::lint::{self, Format};
    use crate::validate::Severity;
    if a.list_checks {
        for c in crate::validate::checks::ALL {
            println!("{:<36} {}", c.code, c.summary);
        }
        return EXIT_OK;
    }
    let opts = match options(&a.library) {
        Ok(o) => o,
        Err(e) => return usage(&e),
    };
    let (files, walk_problems) = match lint::collect(&a.paths, &a.exclude) {
        Ok(f) => f,
        Err(e) => return usage(&e),
    };
    let report = lint::lint(&files, &opts);
    print!(
        "{}",
        lint::format::render(
            &report.files,
            a.format,
            crate::diag::Style::for_stream(&std::io::stdout())
        )
    );
    for p in walk_problems.iter().chain(&report.problems) {
        eprintln!("warning: {p}");
    }
    let (errors, warnings) = (
        report.count(Severity::Error),
        report.count(Severity::Warning),
    );
    if a.format == Format::Human {
        eprintln!(
            "{} files, {errors} errors, {warnings} warnings",
            report.files.len()
        );
    }
    if !report.problems.is_empty() {
        EXIT_USAGE
    } else if errors > 0 || (a.deny_warnings && warnings > 0) {
        EXIT_ERRORS
    } else {
        EXIT_OK
    }
}

fn migrate(a: MigrateArgs) -> i32 {
    if a.input.is_dir() {
        return migrate_tree(a);
    }
    if let Err(e) = not_an_input(a.output.as_deref(), &a.input) {
        return usage(&e);
    }
    let text = match std::fs::read_to_string(&a.input) {
        Ok(t) => t,
        Err(e) => return usage(&format!("cannot read `{}`: {e}", a.input.display())),
    };
    let opts = match migrate_tree_root(&a.input) {
        // in a tree: as the directory form converts it, from the tree root
        Some(root) => {
            let (files, cmake) = match m4_tree(&root) {
                Ok(t) => t,
                Err(e) => return usage(&e),
            };
            let search = crate::migrate::search_path(&root, &a.include_dirs);
            let variants = cmake_variants(&cmake);
            let scopes = crate::migrate::scope::scopes(
                &files,
                &search,
                &variants,
                &define_names(&a.defines),
            );
            let inputs = match scopes.get(&crate::migrate::scope::key(&a.input)) {
                Some(names) => names.clone(),
                None => migrate_inputs(&a.defines, &variants, &a.input),
            };
            crate::migrate::Options {
                include_dirs: search,
                root: Some(root),
                inputs,
                input_values: migrate_values(&a.defines, &cmake),
            }
        }
        // on its own: m4's search path (its current directory, then each
        // -I), then the file's own directory; CMake files beside the input
        // and above it say which -D names exist
        None => {
            let mut cmake_dirs: Vec<PathBuf> = a
                .input
                .ancestors()
                .skip(1)
                .take(4)
                .map(Path::to_path_buf)
                .collect();
            cmake_dirs.extend(a.include_dirs.iter().cloned());
            let cmake: Vec<PathBuf> = cmake_dirs
                .iter()
                .map(|d| d.join("CMakeLists.txt"))
                .filter(|p| p.is_file())
                .collect();
            let mut search = vec![PathBuf::new()];
            search.extend(a.include_dirs.iter().cloned());
            if let Some(dir) = a.input.parent() {
                if !search.iter().any(|d| d == dir) {
                    search.push(dir.to_path_buf());
                }
            }
            crate::migrate::Options {
                include_dirs: search,
                root: None,
                inputs: migrate_inputs(&a.defines, &cmake_variants(&cmake), &a.input),
                input_values: migrate_values(&a.defines, &cmake),
            }
        }
    };
    let name = a.input.display().to_string();
    let outcome = crate::migrate::migrate(&name, &text, &opts);
    for w in &outcome.warnings {
        eprint!("{}", render(w));
    }
    for e in &outcome.errors {
        eprint!("{}", render(e));
    }
    let Some(out) = outcome.text else {
        if outcome.library {
            eprintln!("error: `{name}` is SOF's macro library: nothing to convert");
            return EXIT_ERRORS;
        }
        eprintln!(
            "error: `{name}` was not converted ({} refused)",
            plural(outcome.errors.len(), "construct")
        );
        return EXIT_ERRORS;
    };
    match write_output(a.output.as_deref(), out.as_bytes()) {
        Ok(()) => EXIT_OK,
        Err(e) => usage(&e),
    }
}

/// The tree a single file to convert is part of: the highest of its
/// directory and the three above it whose `CMakeLists.txt` lists topology
/// variants (`TPLGS` entries), as SOF's topology1 directory does.
fn migrate_tree_root(file: &Path) -> Option<PathBuf> {
    let dir = match file.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let dir = std::fs::canonicalize(&dir).unwrap_or(dir);
    dir.ancestors()
        .take(4)
        .filter(|d| {
            std::fs::read_to_string(d.join("CMakeLists.txt"))
                .is_ok_and(|t| !crate::migrate::cmake_variants(&t).is_empty())
        })
        .last()
        .map(Path::to_path_buf)
}

/// The `*.m4` and `CMakeLists.txt` files under `root`, sorted.
fn m4_tree(root: &Path) -> Result<(Vec<PathBuf>, Vec<PathBuf>), String> {
    let mut files: Vec<PathBuf> = Vec::new();
    let mut cmake: Vec<PathBuf> = Vec::new();
    for entry in walkdir::WalkDir::new(root).sort_by_file_name() {
        match entry {
            Ok(e) if e.file_type().is_file() && e.path().extension().is_some_and(|x| x == "m4") => {
                files.push(e.path().to_path_buf())
            }
            Ok(e) if e.file_type().is_file() && e.file_name() == "CMakeLists.txt" => {
                cmake.push(e.path().to_path_buf())
            }
            Ok(_) => {}
            Err(e) => return Err(format!("cannot read `{}`: {e}", root.display())),
        }
    }
    Ok((files, cmake))
}

/// `tplg migrate DIR -o OUTDIR`: every `*.m4` under DIR, to the same place
/// under OUTDIR with `.topo` for `.m4`, as SOF's build reads them from DIR.
fn migrate_tree(a: MigrateArgs) -> i32 {
    let Some(out_dir) = a.output.as_deref() else {
        return usage("converting a directory needs -o OUTDIR");
    };
    let root = &a.input;
    if let Err(e) = not_inside_input(out_dir, root) {
        return usage(&e);
    }
    let search = crate::migrate::search_path(root, &a.include_dirs);
    let (files, cmake) = match m4_tree(root) {
        Ok(t) => t,
        Err(e) => return usage(&e),
    };
    let variants = cmake_variants(&cmake);
    let values = migrate_values(&a.defines, &cmake);
    let scopes =
        crate::migrate::scope::scopes(&files, &search, &variants, &define_names(&a.defines));
    let (mut converted, mut refused, mut library) = (0usize, 0usize, 0usize);
    for f in &files {
        let inputs = match scopes.get(&crate::migrate::scope::key(f)) {
            Some(names) => names.clone(),
            None => migrate_inputs(&a.defines, &variants, f),
        };
        let opts = crate::migrate::Options {
            include_dirs: search.clone(),
            root: Some(root.clone()),
            inputs,
            input_values: values.clone(),
        };
        let rel = f.strip_prefix(root).unwrap_or(f);
        if crate::migrate::library_dir(rel) {
            library += 1;
            continue;
        }
        let text = match std::fs::read_to_string(f) {
            Ok(t) => t,
            Err(e) => return usage(&format!("cannot read `{}`: {e}", f.display())),
        };
        let outcome = crate::migrate::migrate(&f.display().to_string(), &text, &opts);
        if outcome.library {
            library += 1;
            continue;
        }
        for w in &outcome.warnings {
            eprint!("{}", render(w));
        }
        for e in &outcome.errors {
            eprint!("{}", render(e));
        }
        let Some(out) = outcome.text else {
            refused += 1;
            continue;
        };
        let dest = out_dir.join(rel).with_extension("topo");
        if let Some(parent) = dest.parent() {
            if let Err(e) = std::fs::create_dir_all(parent) {
                return usage(&format!("cannot create `{}`: {e}", parent.display()));
            }
        }
        if let Err(e) = write_output(Some(&dest), out.as_bytes()) {
            return usage(&e);
        }
        converted += 1;
    }
    if library > 0 {
        eprintln!(
            "note: {} SOF's macro library; tplg has its own: skipped",
            if library == 1 {
                "1 file is".to_string()
            } else {
                format!("{library} files are")
            }
        );
    }
    eprintln!(
        "migrated {converted} of {}; {} refused",
        plural(files.len() - library, "file"),
        refused
    );
    if refused > 0 {
        EXIT_ERRORS
    } else {
        EXIT_OK
    }
}

/// The build variants the CMake files list.
fn cmake_variants(cmake: &[PathBuf]) -> Vec<(String, Vec<String>)> {
    cmake
        .iter()
        // a CMake file that cannot be read only tells us less
        .filter_map(|f| std::fs::read_to_string(f).ok())
        .flat_map(|text| crate::migrate::cmake_variants(&text))
        .collect()
}

/// The values `-DNAME=VALUE` gives each name, on the command line and in
/// the CMake lists.
fn migrate_values(
    defines: &[String],
    cmake: &[PathBuf],
) -> std::collections::HashMap<String, std::collections::BTreeSet<String>> {
    let mut out: std::collections::HashMap<String, std::collections::BTreeSet<String>> = cmake
        .iter()
        .filter_map(|f| std::fs::read_to_string(f).ok())
        .flat_map(|text| crate::migrate::cmake_values(&text))
        .fold(Default::default(), |mut acc, (k, v)| {
            acc.entry(k).or_default().extend(v);
            acc
        });
    for d in defines {
        if let Some((n, v)) = d.split_once('=') {
            let v = m4_unquote(v).unwrap_or_else(|_| v.to_string());
            out.entry(n.to_string()).or_default().insert(v);
        }
    }
    out
}

/// The names `-D NAME` and `-D NAME=VALUE` flags define.
fn define_names(defines: &[String]) -> Vec<String> {
    defines
        .iter()
        .map(|d| d.split_once('=').map_or(d.as_str(), |(n, _)| n).to_string())
        .collect()
}

/// The -D names given on the command line, and those the CMake variants
/// built from `file` pass (every variant's, for a fragment).
fn migrate_inputs(
    defines: &[String],
    variants: &[(String, Vec<String>)],
    file: &Path,
) -> Vec<String> {
    let mut out = define_names(defines);
    out.extend(crate::migrate::inputs_for(file, variants));
    out.sort();
    out.dedup();
    out
}

fn plural(n: usize, what: &str) -> String {
    format!("{n} {what}{}", if n == 1 { "" } else { "s" })
}

fn usage(msg: &str) -> i32 {
    eprintln!("error: {msg}");
    EXIT_USAGE
}

/// Refuses an output that is the input file (the same path, another
/// spelling, a symlink or a hard link to it): the input would be lost.
fn not_an_input(output: Option<&Path>, input: &Path) -> Result<(), String> {
    let Some(output) = output else {
        return Ok(());
    };
    if same_file(output, input) {
        return Err(format!(
            "the output `{}` is the input `{}`: writing it would replace the input; choose another -o",
            output.display(),
            input.display()
        ));
    }
    Ok(())
}

/// Whether `a` and `b` name the same existing file.
fn same_file(a: &Path, b: &Path) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        if let (Ok(x), Ok(y)) = (std::fs::metadata(a), std::fs::metadata(b)) {
            return x.dev() == y.dev() && x.ino() == y.ino();
        }
        false
    }
    #[cfg(not(unix))]
    {
        matches!((std::fs::canonicalize(a), std::fs::canonicalize(b)), (Ok(x), Ok(y)) if x == y)
    }
}

/// Refuses an output directory that is the input tree, or a directory
/// inside it that already holds files: converted files would mix with (or
/// replace) the tree's own.
fn not_inside_input(out_dir: &Path, root: &Path) -> Result<(), String> {
    let (Ok(root_c), Some(out_c)) = (std::fs::canonicalize(root), canonical_dir(out_dir)) else {
        return Ok(());
    };
    if out_c == root_c {
        return Err(format!(
            "the output directory `{}` is the tree being converted: choose another -o",
            out_dir.display()
        ));
    }
    let empty = std::fs::read_dir(&out_c).map_or(true, |mut d| d.next().is_none());
    if out_c.starts_with(&root_c) && !empty {
        return Err(format!(
            "the output directory `{}` is inside the tree being converted and not empty: choose an empty or outside -o",
            out_dir.display()
        ));
    }
    Ok(())
}

/// A directory's canonical path; for one that does not exist yet, its
/// nearest existing ancestor's, with the rest appended.
fn canonical_dir(dir: &Path) -> Option<PathBuf> {
    let mut rest = Vec::new();
    let mut cur = dir.to_path_buf();
    loop {
        if let Ok(c) = std::fs::canonicalize(&cur) {
            return Some(
                rest.iter()
                    .rev()
                    .fold(c, |p, r: &std::ffi::OsString| p.join(r)),
            );
        }
        rest.push(cur.file_name()?.to_os_string());
        cur = match cur.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        };
    }
}

/// Writes to `path` through a temporary file in the same directory, so a
/// reader never sees half a topology; or to standard output.
pub fn write_output(path: Option<&Path>, bytes: &[u8]) -> Result<(), String> {
    let Some(path) = path else {
        let mut out = std::io::stdout().lock();
        return out
            .write_all(bytes)
            .and_then(|_| out.flush())
            .map_err(|e| format!("cannot write output: {e}"));
    };
    let cannot = |e: std::io::Error| format!("cannot write `{}`: {e}", path.display());
    // Devices and pipes (`-o /dev/null`) are written in place: renaming a
    // file over them would replace the device with that file.
    if std::fs::metadata(path).is_ok_and(|m| !m.is_file()) {
        let mut f = std::fs::OpenOptions::new()
            .write(true)
            .open(path)
            .map_err(cannot)?;
        return f.write_all(bytes).map_err(cannot);
    }
    // A symlink keeps pointing where it did: the file it names is replaced.
    let resolved = std::fs::canonicalize(path).ok();
    let path = resolved.as_deref().unwrap_or(path);
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    let mut tmp = tempfile::NamedTempFile::new_in(dir).map_err(cannot)?;
    tmp.write_all(bytes).map_err(cannot)?;
    // A temporary file is private (0600); an output is an ordinary file,
    // or keeps the mode of the file it replaces.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(path).map_or(0o644, |m| m.permissions().mode() & 0o777);
        let _ = tmp
            .as_file()
            .set_permissions(std::fs::Permissions::from_mode(mode));
    }
    tmp.persist(path)
        .map_err(|e| format!("cannot write `{}`: {}", path.display(), e.error))?;
    Ok(())
}

/// Renders a diagnostic for standard error (colours on a terminal).
fn render(d: &dyn Diagnostic) -> String {
    crate::diag::render(d, crate::diag::Style::for_stream(&std::io::stderr()))
}

#[cfg(test)]
mod tests {
    use super::m4_unquote;

    #[test]
    fn define_values_lose_one_level_of_m4_quotes() {
        assert_eq!(m4_unquote("`DTS'").as_deref(), Ok("DTS"));
        assert_eq!(m4_unquote("48000").as_deref(), Ok("48000"));
        assert_eq!(m4_unquote("a`b'c").as_deref(), Ok("abc"));
        assert_eq!(m4_unquote("``x''").as_deref(), Ok("`x'"));
        // a lone closing quote is text to M4
        assert_eq!(m4_unquote("it's").as_deref(), Ok("it's"));
        assert!(m4_unquote("`open").is_err());
    }
}
