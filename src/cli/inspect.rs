//! `tplg graph` and `tplg info`: load a topology (a `.topo`, built first, or a
//! `.conf`), then draw it or tabulate and check it.

use super::*;

/// Symbol tables and the like keep their order; Fx hashing is several times
/// cheaper than SipHash on these short keys (no input is adversarial).
type IndexMap<K, V> = indexmap::IndexMap<K, V, rustc_hash::FxBuildHasher>;

#[derive(Args, Debug)]
pub(super) struct GraphArgs {
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
    /// Also draw the virtual widgets no route touches (the codec side's
    /// DAPM widgets platform files declare), grouped in one cluster; by
    /// default the legend counts them.
    #[arg(long)]
    unconnected: bool,
}

#[derive(Args, Debug)]
pub(super) struct InfoArgs {
    /// The topology: a .topo source (built first) or alsaconf text (.conf).
    file: PathBuf,
    #[command(flatten)]
    library: LibraryArgs,
    /// The platform file whose DAI counts bound DAI indexes, as included
    /// (`intel/bxt` for `include "platform/intel/bxt"`). A .topo file's own
    /// platform is used when this is not given.
    #[arg(long, value_name = "NAME")]
    platform: Option<String>,
    /// text (tables), or json (one object: docs/tools.md gives its layout).
    #[arg(long, value_enum, default_value_t = InfoFormat::Text)]
    format: InfoFormat,
}

/// What `tplg info` prints.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub(super) enum InfoFormat {
    Text,
    Json,
}

/// A topology read for `graph` and `info`: alsaconf as it is, a `.topo`
/// built first (its warnings printed).
pub(super) struct Loaded {
    sources: Sources,
    /// The alsaconf text.
    conf_file: FileId,
    /// What each statement wrote, for a `.topo`.
    emitted: Vec<eval::Emitted>,
    symbols: Option<IndexMap<String, eval::Symbol>>,
}

impl Loaded {
    /// The alsaconf parsed; on a syntax error, it is printed and the exit
    /// code returned.
    fn conf(&self) -> Result<crate::conf::ConfTopology, i32> {
        crate::conf::parse(&self.sources, self.conf_file).map_err(|e| {
            eprint!(
                "{}",
                render(&e.to_finding(crate::diag::Severity::Error), &self.sources)
            );
            EXIT_ERRORS
        })
    }
}

/// Reads `file`; on failure, the problem is printed and the exit code returned.
pub(super) fn load_topology(file: &Path, library: &LibraryArgs) -> Result<Loaded, i32> {
    let opts = options(library).map_err(|e| usage(&e))?;
    let mut sources = Sources::new();
    let (entry, is_conf) = super::compile::load_any(&mut sources, file)?;
    if is_conf {
        return Ok(Loaded {
            sources,
            conf_file: entry,
            emitted: Vec::new(),
            symbols: None,
        });
    }
    let out = eval::compile(&mut sources, entry, &opts).map_err(|e| {
        eprint!("{}", render(&e.to_finding(), &sources));
        EXIT_ERRORS
    })?;
    for w in &out.warnings {
        eprint!("{}", render(w, &sources));
    }
    let conf_file = crate::driver::add_expanded(&mut sources, entry, &out.text);
    Ok(Loaded {
        sources,
        conf_file,
        emitted: out.emitted,
        symbols: Some(out.symbols),
    })
}

pub(super) fn graph(a: GraphArgs) -> i32 {
    if let Err(e) = not_an_input(a.output.as_deref(), &a.file, "-o") {
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
                return usage(format!(
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
    let opts = graph::Options {
        unconnected: a.unconnected,
    };
    let text = graph::dot_with(
        &model,
        &summary,
        &crate::source::display_name(&a.file),
        opts,
    );
    let bytes = match graph::render(&text, format) {
        Ok(b) => b,
        Err(e) => return usage(e.to_string()),
    };
    match write_output(a.output.as_deref(), &bytes) {
        Ok(()) => EXIT_OK,
        Err(e) => usage(&e),
    }
}

pub(super) fn info(a: InfoArgs) -> i32 {
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
    if a.format == InfoFormat::Json {
        let mut value = info::json(&model, &summary, &report.notes);
        value["findings"] = report
            .findings
            .iter()
            .map(|f| {
                let l = crate::lint::format::locate(&loaded.sources, f.span);
                serde_json::json!({
                    "code": f.code, "severity": f.severity, "message": f.message,
                    "help": f.help, "file": l.file, "line": l.line, "column": l.column,
                })
            })
            .collect();
        let mut text = serde_json::to_string_pretty(&value).expect("info serializes");
        text.push('\n');
        if let Err(e) = write_output(None, text.as_bytes()) {
            return usage(&e);
        }
    } else {
        let mut text = info::tables(&model, &summary);
        text.push_str(&info::notes_text(&report.notes));
        if let Err(e) = write_output(None, text.as_bytes()) {
            return usage(&e);
        }
        for f in &report.findings {
            eprint!("{}", render(f, &loaded.sources));
        }
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
pub(super) fn platform_symbols(
    sources: &mut Sources,
    name: &str,
    library: &LibraryArgs,
) -> Result<IndexMap<String, eval::Symbol>, i32> {
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
            eprint!("{}", render(&e.to_finding(), sources));
            eprintln!("error: --platform {name}: no such platform file in the library");
            Err(EXIT_USAGE)
        }
    }
}
