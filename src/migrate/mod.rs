//! `tplg migrate`: converts SOF's M4 topology sources to `.topo`.
//!
//! 1. [`lexer`]: M4 tokens (quotes, comments, `dnl`, names);
//! 2. [`reader`]: a small M4 syntax tree of calls and their arguments;
//! 3. [`facts`]: what the whole file does with each name, and [`scope`]:
//!    which names may be defined when M4 reads it (from `-D` and from the
//!    files that include it);
//! 4. [`convert`]: the tree to `.topo` statements, refusing what would not
//!    mean the same (see there);
//! 5. [`writer`]: `.topo` text, which is parsed again as a check.

mod ast;
mod builtin;
mod convert;
pub mod error;
mod expr;
mod facts;
mod lexer;
mod reader;
pub mod scope;
mod writer;

use crate::eval::signature::Signatures;
use crate::source::{Origin, Sources};
use ast::{Node, Sp};
use builtin::M4Builtin;
pub use error::{MigrateError, MigrateErrorKind};
use miette::NamedSource;
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// How to convert.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Where included M4 files are looked for, in the order M4 searches:
    /// its current directory first, then each `-I` directory (M4 never
    /// looks beside the including file). See [`search_path`].
    pub include_dirs: Vec<PathBuf>,
    /// The root of the tree the file is in (where SOF's build runs m4), if
    /// known: an include found under one of its library directories (see
    /// [`library_dir`]) is SOF's macro library.
    pub root: Option<PathBuf>,
    /// Names that may be defined when the file is read: by the build
    /// (`m4 -DNAME`) or by the files that include it, before the include
    /// (see [`scope`]). Where one of them is read, it is a macro reference.
    pub inputs: Vec<String>,
    /// The values the build passes for those names (`-DNAME=VALUE`), as
    /// far as the CMake lists show; a name missing here has no known value.
    pub input_values: HashMap<String, BTreeSet<String>>,
}

/// The values a CMake file passes to m4 with `-DNAME=VALUE`, M4 quotes
/// removed (``-DDTS=`DTS'`` passes `DTS`).
pub fn cmake_values(text: &str) -> HashMap<String, BTreeSet<String>> {
    let mut out: HashMap<String, BTreeSet<String>> = HashMap::new();
    for (name, value) in cmake_defines(text) {
        if let Some(v) = value {
            out.entry(name).or_default().insert(v);
        }
    }
    out
}

/// Every `-DNAME` and `-DNAME=VALUE` of a CMake file, in order: the name,
/// and the value with M4's quotes removed.
fn cmake_defines(text: &str) -> Vec<(String, Option<String>)> {
    let mut out = Vec::new();
    let b = text.as_bytes();
    let mut i = 0;
    while let Some(k) = text[i..].find("-D") {
        let start = i + k + 2;
        let mut end = start;
        while end < b.len() && (b[end].is_ascii_alphanumeric() || b[end] == b'_') {
            end += 1;
        }
        let name = &text[start..end];
        let boundary = i + k == 0 || !b[i + k - 1].is_ascii_alphanumeric();
        i = end.max(start);
        if !boundary || !writer::is_name(name) {
            continue;
        }
        let value = (end < b.len() && b[end] == b'=').then(|| {
            let vstart = end + 1;
            let vend = text[vstart..]
                .find(|c: char| c.is_whitespace() || c == '"' || c == '\\' || c == ';')
                .map_or(text.len(), |n| vstart + n);
            i = vend.max(end);
            text[vstart..vend]
                .chars()
                .filter(|c| !matches!(c, '`' | '\''))
                .collect()
        });
        out.push((name.to_string(), value));
    }
    out
}

/// The include search path of SOF's build run from `root`: m4's current
/// directory, then `-I m4 -I common -I platform/common -I .`, then the
/// `extra` directories (`-I` given to tplg), each once.
pub fn search_path(root: &Path, extra: &[PathBuf]) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = Vec::new();
    let dirs = ["", "m4", "common", "platform/common"]
        .iter()
        .map(|s| {
            if s.is_empty() {
                root.to_path_buf()
            } else {
                root.join(s)
            }
        })
        .chain(extra.iter().cloned());
    for d in dirs {
        if !out.contains(&d) {
            out.push(d);
        }
    }
    out
}

/// SOF's macro library files that its topologies include by bare name
/// (from `m4/`, `common/` and `platform/common/`, on SOF's `-I` path):
/// tplg has them built in, so an include of one that is not on disk is
/// not a missing file.
const SOF_LIBRARY: &[&str] = &[
    "abi.m4",
    "acp-dmic.m4",
    "acp-hs.m4",
    "acp-sdw.m4",
    "acp-sp.m4",
    "acp-tdm.m4",
    "afe.m4",
    "alh.m4",
    "asrc.m4",
    "buffer.m4",
    "bytecontrol.m4",
    "ch_sel.m4",
    "codec_adapter.m4",
    "crossover.m4",
    "crossover_coef_default.m4",
    "dai.m4",
    "dcblock.m4",
    "dcblock_coef_default.m4",
    "debug.m4",
    "detect.m4",
    "detect_test_coef.m4",
    "dmic.m4",
    "drc.m4",
    "drc_coef_default.m4",
    "drc_coef_speaker_default.m4",
    "dts_codec_adapter.m4",
    "eap.m4",
    "eap_controls.m4",
    "enumcontrol.m4",
    "eq_fir.m4",
    "eq_iir.m4",
    "eq_iir_bundle.m4",
    "esai.m4",
    "google_ctc_audio_processing.m4",
    "google_ctc_audio_processing_coef_default.m4",
    "google_hotword_detect.m4",
    "google_rtc_audio_processing.m4",
    "google_rtc_audio_processing_default.m4",
    "hda.m4",
    "igo_nr.m4",
    "kpbm.m4",
    "memory.m4",
    "mfcc.m4",
    "micfil.m4",
    "mixer.m4",
    "mixercontrol.m4",
    "multiband_drc.m4",
    "multiband_drc_coef_default.m4",
    "multiband_drc_coef_passthrough.m4",
    "muxdemux.m4",
    "pcm.m4",
    "pga.m4",
    "pipeline.m4",
    "rtnr.m4",
    "sai.m4",
    "smart_amp.m4",
    "src.m4",
    "ssp.m4",
    "tdfb.m4",
    "tdfb_controls.m4",
    "tdfb_controls_360.m4",
    "tdfb_defines.m4",
    "tdfb_undefines.m4",
    "tlv.m4",
    "tokens.m4",
    "tone.m4",
    "utils.m4",
];

/// Whether an include that is not on disk names SOF's macro library (which
/// tplg has built in): a path under one of its directories, a bare name of
/// one of its files, an equalizer coefficient file, or `abi.h` (which SOF's
/// build generates; tplg takes the ABI version as `--abi`).
fn known_library(path: &str) -> bool {
    if path == "abi.h" {
        return true;
    }
    let with_m4 = if path.ends_with(".m4") {
        path.to_string()
    } else {
        format!("{path}.m4")
    };
    library_dir(Path::new(&with_m4))
        || SOF_LIBRARY.contains(&with_m4.as_str())
        || ((with_m4.starts_with("eq_iir_coef_") || with_m4.starts_with("eq_fir_coef_"))
            && !with_m4.contains('/'))
}

/// Where an include is, as the converter needs to know.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Located {
    /// A file of the tree being converted (its `.topo` is converted too),
    /// and the path the converted file names it by, where that differs
    /// from the path M4 was given (see `Resolver::topo_path`).
    Local(Option<String>),
    /// SOF's macro library: on disk in one of its directories, or known by
    /// name; tplg has it built in.
    Library,
    /// Not on disk, but tplg ships a `.topo` of that path (a platform file).
    Builtin,
    /// Nowhere: the directories searched, for the diagnostic.
    Missing(String),
}

/// The names a CMake file passes to m4 as `-DNAME` or `-DNAME=VALUE`.
pub fn cmake_inputs(text: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for (name, _) in cmake_defines(text) {
        if !out.contains(&name) {
            out.push(name);
        }
    }
    out
}

/// The build variants of a CMake file: each `"input\;output\;-Dflags…"`
/// entry of its `TPLGS` lists, as the input's file name (no directory, no
/// `.m4`) and the names its flags define.
pub fn cmake_variants(text: &str) -> Vec<(String, Vec<String>)> {
    text.split('"')
        .skip(1)
        .step_by(2)
        .filter(|quoted| quoted.contains("\\;"))
        .filter_map(|entry| {
            let mut parts = entry.split("\\;");
            let input = parts.next()?.trim();
            let stem = input.rsplit('/').next()?.trim_end_matches(".m4");
            let flags: Vec<&str> = parts.skip(1).collect();
            Some((stem.to_string(), cmake_inputs(&flags.join(" "))))
        })
        .collect()
}

/// The -D names that can reach `file` from outside: those of the CMake
/// variants built from it when there are some (a top-level file), else
/// every name any variant passes (a fragment, included by others, when
/// nothing tells which files include it; see [`scope`] for what does).
pub fn inputs_for(file: &Path, variants: &[(String, Vec<String>)]) -> Vec<String> {
    let stem = file
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or_default();
    let mine: Vec<&(String, Vec<String>)> = variants.iter().filter(|(i, _)| i == stem).collect();
    let mut out: Vec<String> = if mine.is_empty() {
        variants.iter().flat_map(|(_, n)| n.clone()).collect()
    } else {
        mine.iter().flat_map(|(_, n)| n.clone()).collect()
    };
    out.sort();
    out.dedup();
    out
}

/// The result of converting one file.
#[derive(Debug)]
pub struct Outcome {
    /// The `.topo` text; `None` when the file was refused.
    pub text: Option<String>,
    pub errors: Vec<MigrateError>,
    pub warnings: Vec<MigrateError>,
    /// The file is part of SOF's macro library (see [`library_dir`]):
    /// nothing to convert. `errors` then holds one `library_file`
    /// diagnostic that says why.
    pub library: bool,
}

/// Whether `rel` (a path relative to the root of a converted tree) is in
/// one of the directories SOF's build keeps its macro library in: `m4/`,
/// `common/` and `platform/common/` (the directories its CMake passes to
/// m4 with `-I`), and `sof/` (the pipeline templates). A converted topology
/// never includes these files: their includes become tplg's built-in
/// library.
pub fn library_dir(rel: &Path) -> bool {
    let mut parts = rel.components().map(|c| c.as_os_str().to_string_lossy());
    match (parts.next().as_deref(), parts.next().as_deref()) {
        (Some("m4" | "common" | "sof"), Some(_)) => true,
        (Some("platform"), Some("common")) => parts.next().is_some(),
        _ => false,
    }
}

/// Where a file reads `PIPELINE_ID` outside comments: a pipeline
/// template, which `PIPELINE_PCM_ADD` includes after setting it.
fn pipeline_template(text: &str) -> Option<usize> {
    let Ok(toks) = lexer::lex(text, 0..text.len()) else {
        return None;
    };
    toks.iter().find_map(|t| match t.kind {
        lexer::Tok::Ident if &text[t.start..t.end] == "PIPELINE_ID" => Some(t.start),
        lexer::Tok::Quoted => facts::names_in(&text[t.start..t.end], t.start)
            .into_iter()
            .find(|(n, _)| n == "PIPELINE_ID")
            .map(|(_, sp)| sp.start),
        _ => None,
    })
}

/// Whether the statements of a file only define macros (and include,
/// divert, test and comment).
fn only_definitions(src: &str, nodes: &[Node], depth: usize) -> bool {
    if depth > 16 {
        return false;
    }
    nodes.iter().all(|n| match n {
        Node::Space(_) | Node::Newline(_) | Node::Comment(_) | Node::Dnl(_) => true,
        Node::Text(t) => t.text(src).trim().is_empty(),
        Node::Quoted(q) => q.inner.text(src).trim().is_empty(),
        Node::Call(c) => match M4Builtin::parse(c.name(src)) {
            Some(
                M4Builtin::Define
                | M4Builtin::Undefine
                | M4Builtin::Pushdef
                | M4Builtin::Popdef
                | M4Builtin::Include
                | M4Builtin::Divert,
            ) => true,
            Some(M4Builtin::Ifdef | M4Builtin::Ifelse) => c.args.iter().skip(1).all(|a| {
                a.nodes.iter().all(|n| match n {
                    Node::Quoted(q) => reader::read_quoted(src, q)
                        .is_ok_and(|ch| only_definitions(src, &ch, depth + 1)),
                    n => only_definitions(src, std::slice::from_ref(n), depth + 1),
                })
            }),
            _ => false,
        },
        Node::Ident(_) | Node::Param(_) => false,
    })
}

fn library_outcome(err: MigrateError) -> Outcome {
    Outcome {
        text: None,
        errors: vec![err],
        warnings: vec![],
        library: true,
    }
}

/// Converts the M4 `text` (shown as `name`); its includes are looked for
/// on `opts.include_dirs`.
pub fn migrate(name: &str, text: &str, opts: &Options) -> Outcome {
    convert_file(name, text, opts, false)
}

/// [`migrate`]; `nested`: converting an include only to learn whether it
/// is SOF's macro library (its own includes are not classified again).
fn convert_file(name: &str, text: &str, opts: &Options, nested: bool) -> Outcome {
    let src: Arc<str> = Arc::from(text);
    let make = |r: convert::Refusal| to_error(name, &src, r);
    let whole = Sp::new(0, text.len());
    let nodes = match reader::read(text, whole) {
        Ok(n) => n,
        Err(e) => {
            return Outcome {
                text: None,
                errors: vec![make(*Box::<convert::Refusal>::from(e))],
                warnings: vec![],
                library: false,
            }
        }
    };
    if let Some(at) = pipeline_template(text) {
        return library_outcome(make(convert::Refusal {
            kind: MigrateErrorKind::LibraryFile {
                why: "it is a pipeline template: it reads `PIPELINE_ID`, which `PIPELINE_PCM_ADD` sets before it includes the template".into(),
            },
            span: Sp::new(at, at + "PIPELINE_ID".len()),
            label: "set by PIPELINE_PCM_ADD".into(),
        }));
    }
    let sigs = crate::library::builtin("statements.toml")
        .and_then(|t| Signatures::parse(t).ok())
        .unwrap_or_default();
    let mut resolver = Resolver::new(opts);
    resolver.nested = nested;
    resolver.file_dir = Path::new(name).parent().map(|p| {
        if p.as_os_str().is_empty() {
            PathBuf::from(".")
        } else {
            p.to_path_buf()
        }
    });

    let inputs: HashSet<String> = opts.inputs.iter().cloned().collect();
    let mut conv = convert::Converter::new(
        text,
        &nodes,
        &sigs,
        &inputs,
        &opts.input_values,
        &mut resolver,
    );
    let stmts = conv.stmts(&nodes);
    let refusals = std::mem::take(&mut conv.refusals);
    let warnings: Vec<MigrateError> = std::mem::take(&mut conv.warnings)
        .into_iter()
        .map(make)
        .collect();
    // a file of macros that write text: SOF's macro library
    let text_macros: Vec<String> = refusals
        .iter()
        .filter_map(|r| match &r.kind {
            MigrateErrorKind::TextMacro { name } => Some(format!("`{name}`")),
            _ => None,
        })
        .collect();
    if !text_macros.is_empty() && only_definitions(text, &nodes, 0) {
        let first = refusals
            .iter()
            .find(|r| matches!(r.kind, MigrateErrorKind::TextMacro { .. }))
            .map_or(Sp::new(0, 0), |r| r.span);
        let shown = if text_macros.len() > 4 {
            format!("{}, …", text_macros[..4].join(", "))
        } else {
            text_macros.join(", ")
        };
        return library_outcome(make(convert::Refusal {
            kind: MigrateErrorKind::LibraryFile {
                why: format!(
                    "it only defines macros, and {shown} {} topology text, as SOF's library macros do",
                    if text_macros.len() == 1 { "writes" } else { "write" }
                ),
            },
            span: first,
            label: "writes topology text".into(),
        }));
    }
    let mut errors: Vec<MigrateError> = refusals.into_iter().map(make).collect();
    errors.sort_by_key(|e| e.span.offset());
    if !errors.is_empty() {
        return Outcome {
            text: None,
            errors,
            warnings,
            library: false,
        };
    }
    let out = writer::render(&stmts);
    // the converter must write what tplg reads
    let mut sources = Sources::new();
    let id = sources.add(
        format!("{name} (converted)"),
        Origin::Synthetic,
        out.clone(),
    );
    if let Err(e) = crate::parse::parse_file(&sources, id) {
        let message = match &e {
            crate::parse::ParseError::Syntax { span, .. }
            | crate::parse::ParseError::MalformedNumber { span, .. }
            | crate::parse::ParseError::BadEscape { span, .. }
            | crate::parse::ParseError::TooDeep { span, .. } => {
                let (l, c) = crate::source::line_col(&out, span.offset());
                format!("{e} at line {l}, column {c} of the output")
            }
        };
        return Outcome {
            text: None,
            errors: vec![make(convert::Refusal {
                kind: MigrateErrorKind::Internal { message },
                span: Sp::new(0, 0),
                label: "in this file".into(),
            })],
            warnings,
            library: false,
        };
    }
    Outcome {
        text: Some(out),
        errors: vec![],
        warnings,
        library: false,
    }
}

fn to_error(name: &str, src: &Arc<str>, r: convert::Refusal) -> MigrateError {
    let mut kind = r.kind;
    if let MigrateErrorKind::UnterminatedCall { name: n } = &mut kind {
        if n.is_empty() {
            *n = src.get(r.span.start..r.span.end).unwrap_or("").to_string();
        }
    }
    let (line, col) = crate::source::line_col(src, r.span.start);
    MigrateError {
        kind,
        label: r.label,
        src: NamedSource::new(name, src.clone()),
        span: (r.span.start, r.span.end - r.span.start).into(),
        location: format!("{name}:{line}:{col}"),
    }
}

/// Finds included M4 files and the names they define.
struct Resolver {
    /// The search path, in M4's order.
    dirs: Vec<PathBuf>,
    root: Option<PathBuf>,
    /// The directory of the file being converted (its `.topo` goes to the
    /// same place in the converted tree).
    file_dir: Option<PathBuf>,
    /// Classifying an include (see [`convert_file`]).
    nested: bool,
    /// Whether a file of the tree is SOF's library by what it holds.
    library_files: std::cell::RefCell<HashMap<PathBuf, bool>>,
    cache: HashMap<PathBuf, Effect>,
}

/// What reading a file does to the set of defined names.
#[derive(Debug, Clone, Default)]
struct Effect {
    defined: BTreeSet<String>,
    undefined: BTreeSet<String>,
    /// The literal text of names certainly defined with one (`None`: defined
    /// under a condition, or with a value that is not literal).
    texts: BTreeMap<String, Option<String>>,
}

impl Effect {
    fn define(&mut self, n: String) {
        self.undefined.remove(&n);
        self.texts.insert(n.clone(), None);
        self.defined.insert(n);
    }

    fn undefine(&mut self, n: String) {
        self.defined.remove(&n);
        self.texts.remove(&n);
        self.undefined.insert(n);
    }

    fn then(&mut self, next: &Effect) {
        for n in &next.undefined {
            self.undefine(n.clone());
        }
        for n in &next.defined {
            self.define(n.clone());
        }
        for (n, t) in &next.texts {
            self.texts.insert(n.clone(), t.clone());
        }
    }
}

/// An include: the file, and the names that may be defined when it is read.
type Site = (PathBuf, BTreeSet<String>);

/// The directory, file-name prefix and suffix of a computed include with
/// one name in it (`` `platform/intel/'PLATFORM`.m4' ``).
fn computed_include(src: &str, a: &ast::Arg) -> Option<(String, String, String)> {
    let (mut head, mut tail, mut names) = (String::new(), String::new(), 0);
    for n in a.nodes.iter().filter(|n| !n.is_blank()) {
        let part = match n {
            Node::Quoted(q) => q.inner.text(src),
            Node::Text(t) => t.text(src),
            Node::Ident(_) => {
                names += 1;
                continue;
            }
            _ => return None,
        };
        if names == 0 {
            head.push_str(part);
        } else {
            tail.push_str(part);
        }
    }
    if names != 1 || head.contains(['`', '\'']) || tail.contains(['`', '\'', '/']) {
        return None;
    }
    let suffix = if tail.ends_with(".m4") {
        tail
    } else {
        format!("{tail}.m4")
    };
    let (dir, prefix) = head.rsplit_once('/').unwrap_or(("", &head));
    Some((dir.to_string(), prefix.to_string(), suffix))
}

/// The literal text a `define` gives its name, if its body is one.
fn literal_body(src: &str, c: &ast::Call) -> Option<String> {
    let Some(body) = c.args.get(1) else {
        return Some(String::new());
    };
    let mut it = body.nodes.iter().filter(|n| !n.is_blank());
    match (it.next(), it.next()) {
        (None, _) => Some(String::new()),
        (Some(Node::Quoted(q)), None) => Some(q.inner.text(src).trim().to_string()),
        (Some(Node::Text(t)), None) => Some(t.text(src).trim().to_string()),
        _ => None,
    }
}

impl Resolver {
    fn new(opts: &Options) -> Self {
        Resolver {
            dirs: opts.include_dirs.clone(),
            root: opts.root.clone(),
            file_dir: None,
            nested: false,
            library_files: Default::default(),
            cache: HashMap::new(),
        }
    }

    /// Whether the tree's file at `found` is SOF's macro library by what it
    /// holds (a pipeline template, or macros that write text, as
    /// `platform/intel/dmic.m4`): the directory form writes no `.topo` for
    /// it, and tplg's built-in library stands in.
    fn library_by_content(&self, found: &Path) -> bool {
        if self.nested {
            return false;
        }
        if let Some(&known) = self.library_files.borrow().get(found) {
            return known;
        }
        let library = std::fs::read_to_string(found).is_ok_and(|text| {
            let opts = Options {
                include_dirs: self.dirs.clone(),
                root: self.root.clone(),
                ..Options::default()
            };
            convert_file(&found.display().to_string(), &text, &opts, true).library
        });
        self.library_files
            .borrow_mut()
            .insert(found.to_path_buf(), library);
        library
    }

    /// How the converted file names the `.topo` of an include M4 finds at
    /// `found`: `tplg build` looks beside the including file (then in `-I`
    /// and the built-in library), where M4 looked in its current directory
    /// (the tree's root), so a file below the root names it relative to
    /// itself (`../platform/intel/cml`). `None`: the path as written finds
    /// it.
    fn topo_path(&self, written: &str, found: &Path) -> Option<String> {
        let dir = std::fs::canonicalize(self.file_dir.as_ref()?).ok()?;
        let found = std::fs::canonicalize(found).ok()?;
        if std::fs::canonicalize(dir.join(written)).ok().as_ref() == Some(&found) {
            return None;
        }
        let rel = relative(&dir, &found)?;
        let rel = rel.to_string_lossy();
        Some(rel.strip_suffix(".m4").unwrap_or(&rel).to_string())
    }

    /// The prefix that takes the converted file to the tree's root
    /// (`../` for `development/x.m4`), when `dir` (the fixed part of a
    /// computed include) is a directory of the root and not beside the file.
    fn root_prefix(&self, dir: &str) -> Option<String> {
        let root = std::fs::canonicalize(self.root.as_ref()?).ok()?;
        let here = std::fs::canonicalize(self.file_dir.as_ref()?).ok()?;
        if here == root || !root.join(dir).is_dir() || here.join(dir).is_dir() {
            return None;
        }
        let rel = relative(&here, &root)?;
        Some(format!("{}/", rel.to_string_lossy()))
    }

    /// Where an include (a literal path) is: found on the search path (in
    /// the tree, or in SOF's library directories), known to be library,
    /// shipped by tplg, or missing.
    fn locate(&self, path: &str) -> Located {
        if let Some(found) = self.find(path) {
            let in_library = self
                .root
                .as_ref()
                .is_some_and(|r| found.strip_prefix(r).is_ok_and(library_dir));
            let stem = path.strip_suffix(".m4").unwrap_or(path);
            return if in_library || library_dir(Path::new(path)) {
                Located::Library
            } else if self.library_by_content(&found) {
                // tplg ships its own (platform/intel/dmic), or has it built in
                if crate::library::builtin(&format!("{stem}.topo")).is_some() {
                    Located::Builtin
                } else {
                    Located::Library
                }
            } else {
                Located::Local(self.topo_path(path, &found))
            };
        }
        if known_library(path) {
            return Located::Library;
        }
        let stem = path.strip_suffix(".m4").unwrap_or(path);
        if crate::library::builtin(&format!("{stem}.topo")).is_some()
            || crate::library::builtin(&format!("{stem}.j2")).is_some()
        {
            return Located::Builtin;
        }
        let searched: Vec<String> = self
            .dirs
            .iter()
            .map(|d| {
                let s = d.display().to_string();
                if s.is_empty() {
                    "the current directory".to_string()
                } else {
                    format!("`{s}`")
                }
            })
            .collect();
        Located::Missing(if searched.is_empty() {
            "no directory".into()
        } else {
            searched.join(", ")
        })
    }

    /// The files `dir/prefix*suffix` on the search path (for a computed
    /// include such as `platform/intel/'PLATFORM`.m4').
    fn glob(&self, dir: &str, prefix: &str, suffix: &str) -> Vec<PathBuf> {
        let mut files = Vec::new();
        for d in &self.dirs {
            let Ok(entries) = std::fs::read_dir(d.join(dir)) else {
                continue;
            };
            for e in entries.flatten() {
                let name = e.file_name().to_string_lossy().to_string();
                if name.starts_with(prefix) && name.ends_with(suffix) && e.path().is_file() {
                    files.push(e.path());
                }
            }
        }
        files.sort();
        files.dedup();
        files
    }

    /// The M4 file an include names (its `.m4` may have been dropped).
    fn find(&self, path: &str) -> Option<PathBuf> {
        let with_m4 = format!("{path}.m4");
        let names: &[&str] = if path.ends_with(".m4") {
            &[path]
        } else {
            &[path, &with_m4]
        };
        names
            .iter()
            .flat_map(|n| self.dirs.iter().map(move |d| d.join(n)))
            .find(|p| p.is_file())
    }

    /// What a file defines and undefines, following its includes.
    fn harvest(&mut self, file: &Path, seen: &mut HashSet<PathBuf>) -> Effect {
        if let Some(e) = self.cache.get(file) {
            return e.clone();
        }
        if !seen.insert(file.to_path_buf()) {
            return Effect::default();
        }
        let Ok(text) = std::fs::read_to_string(file) else {
            return Effect::default();
        };
        let Ok(nodes) = reader::read(&text, Sp::new(0, text.len())) else {
            return Effect::default();
        };
        let mut effect = Effect::default();
        self.collect(&text, &nodes, &mut effect, false, 0, seen, None);
        self.cache.insert(file.to_path_buf(), effect.clone());
        effect
    }

    /// Where a file includes others, and the names it may have defined by
    /// then (itself, or through the files it included before).
    fn include_sites(&mut self, file: &Path) -> Vec<Site> {
        let Ok(text) = std::fs::read_to_string(file) else {
            return vec![];
        };
        let Ok(nodes) = reader::read(&text, Sp::new(0, text.len())) else {
            return vec![];
        };
        let mut sites = Vec::new();
        let mut seen = HashSet::from([file.to_path_buf()]);
        let mut effect = Effect::default();
        self.collect(
            &text,
            &nodes,
            &mut effect,
            false,
            0,
            &mut seen,
            Some(&mut sites),
        );
        sites
    }

    /// Follows a file's statement-level `define`, `undefine` and `include`
    /// in order; in a conditional branch a name may be defined, and an
    /// undefine is not certain, so it is not applied. With `sites`, records
    /// each include and the names defined by then.
    #[allow(clippy::too_many_arguments)]
    fn collect(
        &mut self,
        src: &str,
        nodes: &[Node],
        effect: &mut Effect,
        conditional: bool,
        depth: usize,
        seen: &mut HashSet<PathBuf>,
        mut sites: Option<&mut Vec<Site>>,
    ) {
        if depth > 32 {
            return;
        }
        for n in nodes {
            match n {
                Node::Call(c) => match M4Builtin::parse(c.name(src)) {
                    Some(M4Builtin::Define | M4Builtin::Pushdef) => {
                        if let Some(name) = convert::defined_name(src, c) {
                            effect.define(name.clone());
                            if !conditional {
                                effect.texts.insert(name, literal_body(src, c));
                            }
                        }
                    }
                    Some(M4Builtin::Undefine | M4Builtin::Popdef) if !conditional => {
                        if let Some(name) = convert::defined_name(src, c) {
                            effect.undefine(name);
                        }
                    }
                    Some(M4Builtin::Include) => {
                        if let Some(a) = c.args.first() {
                            let t = a.span.text(src).trim().trim_matches(['`', '\'']);
                            if !t.contains(['`', '\'', '(', '$']) {
                                if let Some(p) = self.find(t) {
                                    if let Some(sites) = sites.as_deref_mut() {
                                        sites.push((p.clone(), effect.defined.clone()));
                                    }
                                    let inc = self.harvest(&p, seen);
                                    effect.then(&inc);
                                }
                            } else if let Some((dir, prefix, suffix)) = computed_include(src, a) {
                                // `platform/intel/'PLATFORM`.m4': any file it
                                // may name, and what any of them may define
                                let before = effect.defined.clone();
                                for p in self.glob(&dir, &prefix, &suffix) {
                                    if let Some(sites) = sites.as_deref_mut() {
                                        sites.push((p.clone(), before.clone()));
                                    }
                                    let inc = self.harvest(&p, seen);
                                    for n in inc.defined {
                                        effect.define(n);
                                    }
                                }
                            }
                        }
                    }
                    Some(M4Builtin::Ifdef | M4Builtin::Ifelse) => {
                        for a in &c.args {
                            self.collect(
                                src,
                                &a.nodes,
                                effect,
                                true,
                                depth + 1,
                                seen,
                                sites.as_deref_mut(),
                            );
                        }
                    }
                    _ => {}
                },
                Node::Quoted(q) => {
                    if let Ok(children) = reader::read_quoted(src, q) {
                        self.collect(
                            src,
                            &children,
                            effect,
                            conditional,
                            depth + 1,
                            seen,
                            sites.as_deref_mut(),
                        );
                    }
                }
                _ => {}
            }
        }
    }
}

impl convert::Includes for Resolver {
    fn locate(&mut self, path: &str) -> Located {
        Resolver::locate(self, path)
    }

    fn root_prefix(&mut self, dir: &str) -> Option<String> {
        Resolver::root_prefix(self, dir)
    }

    fn names_like(&mut self, dir: &str, prefix: &str, suffix: &str) -> Vec<String> {
        let files = self.glob(dir, prefix, suffix);
        let mut out = BTreeSet::new();
        for f in files {
            out.extend(self.harvest(&f, &mut HashSet::new()).defined);
        }
        out.into_iter().collect()
    }

    fn texts(&mut self, path: &str) -> Vec<(String, String)> {
        let Some(p) = self.find(path) else {
            return vec![];
        };
        let e = self.harvest(&p, &mut HashSet::new());
        e.texts
            .into_iter()
            .filter_map(|(n, t)| t.map(|t| (n, t)))
            .collect()
    }

    fn names(&mut self, path: &str) -> (Vec<String>, Vec<String>) {
        if let Some(p) = self.find(path) {
            let e = self.harvest(&p, &mut HashSet::new());
            return (
                e.defined.into_iter().collect(),
                e.undefined.into_iter().collect(),
            );
        }
        // a platform file tplg ships: the names its `.topo` defines
        let topo = format!("{}.topo", path.strip_suffix(".m4").unwrap_or(path));
        let Some(text) = crate::library::builtin(&topo) else {
            return (vec![], vec![]);
        };
        let mut sources = Sources::new();
        let id = sources.add(topo, Origin::Synthetic, text);
        let Ok(stmts) = crate::parse::parse_file(&sources, id) else {
            return (vec![], vec![]);
        };
        let mut out = Vec::new();
        topo_defines(&stmts, &mut out);
        (out, vec![])
    }
}

/// The names tplg's prelude defines for every topology (time domains, SSP
/// quirks, …): SOF's M4 library defines them, so a converted file may use
/// them without an include.
pub(crate) fn prelude_names() -> &'static [String] {
    static NAMES: std::sync::OnceLock<Vec<String>> = std::sync::OnceLock::new();
    NAMES.get_or_init(|| {
        let Some(text) = crate::library::builtin("prelude.topo") else {
            return Vec::new();
        };
        let mut sources = Sources::new();
        let id = sources.add("prelude.topo", Origin::Synthetic, text);
        let mut out = Vec::new();
        if let Ok(stmts) = crate::parse::parse_file(&sources, id) {
            topo_defines(&stmts, &mut out);
        }
        out
    })
}

fn topo_defines(stmts: &[crate::parse::ast::Stmt], out: &mut Vec<String>) {
    use crate::parse::ast::Stmt;
    for s in stmts {
        match s {
            Stmt::Define { name, .. } => out.push(name.name.clone()),
            Stmt::If {
                branches,
                otherwise,
                ..
            } => {
                for (_, b) in branches {
                    topo_defines(b, out);
                }
                if let Some(o) = otherwise {
                    topo_defines(o, out);
                }
            }
            Stmt::Macro(m) => out.push(m.name.name.clone()),
            _ => {}
        }
    }
}

/// The path from directory `from` to `to` (both absolute, canonical).
fn relative(from: &Path, to: &Path) -> Option<PathBuf> {
    let from: Vec<_> = from.components().collect();
    let to: Vec<_> = to.components().collect();
    let common = from.iter().zip(&to).take_while(|(a, b)| a == b).count();
    if common == 0 {
        return None;
    }
    let mut out = PathBuf::new();
    for _ in common..from.len() {
        out.push("..");
    }
    for c in &to[common..] {
        out.push(c);
    }
    Some(out)
}

#[cfg(test)]
mod cmake_tests {
    use super::*;

    const CMAKE: &str = r#"
set(TPLGS
	"sof-glk-es8336\;sof-apl-es8336\;-DPLATFORM=bxt\;-DSSP_NUM=2"
	"sof-glk-es8336\;sof-adl-es8336-hdmi\;-DPLATFORM=adl\;-DHDMI_1_SSP_NUM=0"
	"sof-hda-generic\;sof-hda-generic-idisp\;-DHDMI=1\;-DCHANNELS=0"
)
"#;

    #[test]
    fn a_top_level_file_sees_only_its_own_variants_names() {
        let v = cmake_variants(CMAKE);
        assert_eq!(v.len(), 3);
        assert_eq!(
            inputs_for(Path::new("dir/sof-glk-es8336.m4"), &v),
            ["HDMI_1_SSP_NUM", "PLATFORM", "SSP_NUM"]
        );
        // a fragment can be included by any variant
        assert_eq!(
            inputs_for(Path::new("platform/intel/bxt.m4"), &v),
            ["CHANNELS", "HDMI", "HDMI_1_SSP_NUM", "PLATFORM", "SSP_NUM"]
        );
    }
}
