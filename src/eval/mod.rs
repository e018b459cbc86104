//! Evaluation: runs a parsed topology.
//!
//! Walks the statements in order, keeping M4's one-pass model so the output
//! order matches SOF's build: symbols (`define`, `-D`, and the endpoints that
//! pipelines publish), conditionals, includes, user macros, and library
//! statements, each of which renders its template through [`Expander`] and
//! appends the text to the [`Output`].
//!
//! A [`Session`] holds what compilations share (library, signatures,
//! templates); the evaluator's state is here, its work in one file per
//! concern: `exec` (statements), `include`, `expr` (names, expressions,
//! conditions), `call` (value constructs and library statements), `bind`
//! (arguments against signatures), `render` (template context and output),
//! `macros` (user macros), `raw` (raw alsaconf sections).

mod bind;
mod call;
pub(crate) mod error;
mod exec;
mod expr;
mod functions;
mod include;
mod macros;
mod raw;
mod render;
mod session;
pub(crate) use session::Session;
mod legacy;
pub mod signature;
pub(crate) mod value;

use crate::diag::Finding;
use crate::expand::{Expander, TemplateError};
use crate::library::Library;
use crate::parse::{self, ast::*};
use crate::source::{FileId, Origin, Sources, Span};
use crate::vocab::{closest, is_name_case, is_reference};
pub(crate) use error::{EvalError, EvalErrorKind};
use minijinja::value::Value as MjValue;
use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};
use signature::{ConstructKind, DefaultValue, ParamKind, Signature, Signatures};
use std::path::{Path, PathBuf};
use std::rc::Rc;

/// Room for a build's symbols from the start, so the tables do not regrow
/// (SOF's larger boards define a few hundred).
const SYMBOLS: usize = 512;

/// Symbol tables and the like keep their order; Fx hashing is several times
/// cheaper than SipHash on these short keys (no input is adversarial).
type IndexMap<K, V> = indexmap::IndexMap<K, V, rustc_hash::FxBuildHasher>;
pub(crate) use value::Value;

/// The SOF ABI version a topology is built for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Abi {
    pub major: u8,
    pub minor: u8,
    pub patch: u8,
}

impl Default for Abi {
    /// SOF's current topology1 ABI.
    fn default() -> Self {
        Abi {
            major: 3,
            minor: 29,
            patch: 1,
        }
    }
}

/// Text that is not an ABI version.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("`{0}` is not an ABI version: expected MAJOR.MINOR.PATCH, each 0–255, e.g. 3.29.1")]
pub struct NotAnAbi(pub String);

impl std::str::FromStr for Abi {
    type Err = NotAnAbi;
    fn from_str(s: &str) -> Result<Self, NotAnAbi> {
        let parts: Vec<&str> = s.split('.').collect();
        let bad = || NotAnAbi(s.to_string());
        if parts.len() != 3 {
            return Err(bad());
        }
        let n: Vec<u8> = parts
            .iter()
            .map(|p| p.parse::<u8>())
            .collect::<Result<_, _>>()
            .map_err(|_| bad())?;
        Ok(Abi {
            major: n[0],
            minor: n[1],
            patch: n[2],
        })
    }
}

impl std::fmt::Display for Abi {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}.{}.{}", self.major, self.minor, self.patch)
    }
}

/// How many aliases one name may go through to its symbol.
const MAX_ALIAS_CHAIN: usize = 8;

/// How to compile.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// `-D NAME[=VALUE]`, in command-line order.
    pub defines: Vec<(String, Option<String>)>,
    pub include_dirs: Vec<PathBuf>,
    pub abi: Abi,
}

/// A piece of output and the statement that wrote it.
#[derive(Debug, Clone)]
pub struct Emitted {
    pub range: std::ops::Range<usize>,
    pub statement: Span,
    /// The user macros being expanded when the statement ran, innermost
    /// first: each macro's name and the call that expanded it.
    pub macros: Vec<(String, Span)>,
}

/// Where a symbol's value came from.
#[derive(Debug, Clone, PartialEq)]
pub enum SymbolOrigin {
    CommandLine,
    Define(Span),
    /// Published by the pipeline statement at this span.
    Published(Span),
    /// `alias NAME = TARGET` at this span: the value is TARGET's name, and
    /// reading NAME reads TARGET.
    Alias(Span),
}

#[derive(Debug, Clone)]
pub struct Symbol {
    pub value: Value,
    pub origin: SymbolOrigin,
}

/// The result of evaluating a topology.
#[derive(Debug)]
pub struct Output {
    /// alsaconf text (shared with the source it becomes to be validated).
    pub text: std::sync::Arc<String>,
    pub emitted: Vec<Emitted>,
    /// The symbols at the end of the file.
    pub symbols: IndexMap<String, Symbol>,
    /// Problems that do not stop the build.
    pub warnings: Vec<Finding>,
}

/// Any error of a compilation.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error(transparent)]
    Parse(#[from] Box<parse::ParseError>),
    #[error(transparent)]
    Eval(#[from] Box<EvalError>),
}

impl Error {
    /// Where the error is.
    pub fn at(&self) -> Span {
        match self {
            Error::Eval(e) => e.span,
            Error::Parse(p) => p.at(),
        }
    }

    /// The error as it is reported.
    pub fn to_finding(&self) -> Finding {
        match self {
            Error::Parse(p) => p.to_finding(),
            Error::Eval(e) => e.to_finding(),
        }
    }
}

impl From<parse::ParseError> for Error {
    fn from(e: parse::ParseError) -> Self {
        Error::Parse(Box::new(e))
    }
}

impl From<EvalError> for Error {
    fn from(e: EvalError) -> Self {
        Error::Eval(Box::new(e))
    }
}

type Result<T, E = Error> = std::result::Result<T, E>;

/// Compiles `entry` with a session of its own (see [`Session::compile`] to
/// compile several files with one library).
pub fn compile(sources: &mut Sources, entry: FileId, opts: &Options) -> Result<Output> {
    let session = Session::new(&opts.include_dirs).map_err(|e| Error::from(e.locate(sources)))?;
    session.compile(sources, entry, opts)
}

impl Session {
    /// Compiles the topology in `entry`. `opts.include_dirs` are the
    /// session's: the session was made for them.
    pub fn compile(&self, sources: &mut Sources, entry: FileId, opts: &Options) -> Result<Output> {
        debug_assert_eq!(opts.include_dirs, self.library.include_dirs());
        let Session {
            library,
            sigs,
            expander,
            parsed,
            ..
        } = self;
        let mut ev = Evaluator {
            sources,
            library,
            sigs,
            expander,
            parsed,
            abi: opts.abi,
            abi_template: std::cell::OnceCell::new(),
            symbols: IndexMap::with_capacity_and_hasher(SYMBOLS, rustc_hash::FxBuildHasher),
            macros: HashMap::default(),
            scopes: Vec::new(),
            stack: Vec::new(),
            included: HashSet::default(),
            // the expanded text: SOF's largest topologies expand to a few
            // hundred KiB, a small one to tens; room for most of them at
            // once spares the copies of regrowing (pages not written to
            // are never touched)
            out: String::with_capacity(1 << 18),
            emitted: Vec::new(),
            warnings: Vec::new(),
            defs: std::sync::Arc::new(IndexMap::with_capacity_and_hasher(
                SYMBOLS,
                rustc_hash::FxBuildHasher,
            )),
            steps: 0,
        };
        for (name, value) in &opts.defines {
            let value = match value {
                None => Value::str(""),
                Some(v) => value::parse_int(v).map_or_else(|| Value::str(v.clone()), Value::Int),
            };
            ev.set_symbol(name.clone(), value, SymbolOrigin::CommandLine);
        }
        // The prelude (ABI manifest, TLVs, tokens) comes first, as SOF's build
        // puts abi.m4 before the topology.
        let prelude = library
            .find("prelude.topo")
            .expect("prelude.topo is part of the library");
        let pid = ev.sources.add(
            "<library>/prelude.topo",
            Origin::Builtin(prelude.path.clone()),
            prelude.text,
        );
        ev.run_file(pid, key_of(&Origin::Builtin("prelude.topo".into())))?;
        let entry_key = ev.key_of_file(entry);
        ev.run_file(entry, entry_key)?;
        Ok(Output {
            text: std::sync::Arc::new(ev.out),
            emitted: ev.emitted,
            symbols: ev.symbols,
            warnings: ev.warnings,
        })
    }
}

/// What identifies a file for include cycles and once-only library files:
/// a file on disk by its device and inode (one `stat`, and the same file
/// however a path spells it, through links too), a library file by its path.
fn key_of(origin: &Origin) -> String {
    match origin {
        Origin::Disk(p) => disk_key(p),
        Origin::Builtin(p) => format!("lib:{p}"),
        Origin::Synthetic => "synthetic".into(),
    }
}

#[cfg(unix)]
fn disk_key(p: &Path) -> String {
    use std::os::unix::fs::MetadataExt;
    match std::fs::metadata(p) {
        Ok(m) => format!("disk:{}:{}", m.dev(), m.ino()),
        Err(_) => format!("disk:{}", p.display()),
    }
}

#[cfg(not(unix))]
fn disk_key(p: &Path) -> String {
    format!(
        "disk:{}",
        std::fs::canonicalize(p)
            .unwrap_or_else(|_| p.to_path_buf())
            .display()
    )
}

/// A user macro being expanded.
struct Scope {
    params: HashMap<String, Value>,
    call: Span,
    name: String,
}

/// A file being evaluated, and the include statement that brought it in.
struct Frame {
    key: String,
    file: FileId,
    include: Option<Span>,
}

struct Evaluator<'a> {
    sources: &'a mut Sources,
    library: &'a Library,
    sigs: &'a Signatures,
    expander: &'a Expander,
    parsed: &'a session::Parsed,
    abi: Abi,
    /// `abi` as templates see it.
    abi_template: std::cell::OnceCell<MjValue>,
    symbols: IndexMap<String, Symbol>,
    macros: HashMap<String, std::sync::Arc<MacroDef>>,
    scopes: Vec<Scope>,
    stack: Vec<Frame>,
    included: HashSet<String>,
    out: String,
    emitted: Vec<Emitted>,
    warnings: Vec<Finding>,
    /// The symbols as templates see them (`defs`), kept beside `symbols`
    /// as they change: statements outnumber symbol changes.
    defs: std::sync::Arc<IndexMap<String, MjValue>>,
    /// Statements run so far, bounded by [`MAX_STEPS`].
    steps: u64,
}

/// The most statements one build runs. SOF's largest topology runs a few
/// thousand; macros that call each other twice at each of 40 levels would
/// run 2^40 and never end, so a build past this stops with a diagnostic.
pub const MAX_STEPS: u64 = 1_000_000;

/// The most text one build writes (SOF's largest topology is under 2 MB).
pub const MAX_OUTPUT_BYTES: usize = 256 << 20;

/// The most user macro calls open at once (a macro that calls itself, or
/// two that call each other, stop here with the chain of calls).
pub const MAX_MACRO_DEPTH: usize = 64;

/// An evaluated argument, and the NAME_CASE word it was if no symbol matched.
struct Evaluated {
    value: Value,
    unresolved: Option<Ident>,
}

impl Evaluator<'_> {
    fn set_symbol(&mut self, name: String, value: Value, origin: SymbolOrigin) {
        std::sync::Arc::make_mut(&mut self.defs).insert(name.clone(), value.to_template());
        self.symbols.insert(name, Symbol { value, origin });
    }

    fn remove_symbol(&mut self, name: &str) {
        std::sync::Arc::make_mut(&mut self.defs).shift_remove(name);
        self.symbols.shift_remove(name);
    }

    fn key_of_file(&self, id: FileId) -> String {
        key_of(&self.sources.get(id).origin)
    }

    fn error(&self, span: Span, kind: EvalErrorKind, label: impl Into<String>) -> Error {
        let mut chain: Vec<(String, Span)> = self
            .scopes
            .iter()
            .rev()
            .map(|s| (format!("in the expansion of macro `{}`", s.name), s.call))
            .collect();
        chain.extend(self.stack.iter().rev().filter_map(|f| {
            f.include.map(|i| {
                (
                    format!("in `{}`, included", self.sources.get(f.file).name),
                    i,
                )
            })
        }));
        // A runaway recursion would print every level: keep both ends.
        if chain.len() > 8 {
            let omitted = chain.len() - 6;
            let tail = chain.split_off(chain.len() - 2);
            chain.truncate(4);
            if let Some(last) = chain.last_mut() {
                last.0
                    .push_str(&format!(" (and {omitted} more expansions above it)"));
            }
            chain.extend(tail);
        }
        Error::from(EvalError {
            kind,
            label: label.into(),
            span,
            chain,
        })
    }
}
