//! Evaluation: runs a parsed topology.
//!
//! Walks the statements in order, keeping M4's one-pass model so the output
//! order matches SOF's build: symbols (`define`, `-D`, and the endpoints that
//! pipelines publish), conditionals, includes, user macros, and library
//! statements, each of which renders its template through [`Expander`] and
//! appends the text to the [`Output`].

pub mod error;
mod session;
pub use session::Session;
mod legacy;
pub mod signature;
pub mod value;

use crate::diag::Finding;
use crate::expand::{Expander, TemplateError};
use crate::library::Library;
use crate::parse::{self, ast::*};
use crate::source::{FileId, Origin, Sources, Span};
use crate::vocab::{closest, is_name_case};
pub use error::{EvalError, EvalErrorKind};
use indexmap::IndexMap;
use minijinja::value::Value as MjValue;
use signature::{ConstructKind, DefaultValue, ParamKind, Signature, Signatures};
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::rc::Rc;
pub use value::Value;

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

impl std::str::FromStr for Abi {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        let parts: Vec<&str> = s.split('.').collect();
        let bad = || {
            format!(
                "`{s}` is not an ABI version: expected MAJOR.MINOR.PATCH, each 0–255, e.g. 3.29.1"
            )
        };
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
}

/// Where a symbol's value came from.
#[derive(Debug, Clone, PartialEq)]
pub enum SymbolOrigin {
    CommandLine,
    Define(Span),
    /// Published by the pipeline statement at this span.
    Published(Span),
}

#[derive(Debug, Clone)]
pub struct Symbol {
    pub value: Value,
    pub origin: SymbolOrigin,
}

/// The result of evaluating a topology.
#[derive(Debug)]
pub struct Output {
    /// alsaconf text.
    pub text: String,
    pub emitted: Vec<Emitted>,
    /// The symbols at the end of the file.
    pub symbols: IndexMap<String, Symbol>,
    /// Problems that do not stop the build.
    pub warnings: Vec<Finding>,
}

/// Any error of a compilation.
#[derive(Debug, thiserror::Error, miette::Diagnostic)]
pub enum Error {
    #[error(transparent)]
    #[diagnostic(transparent)]
    Parse(#[from] Box<parse::ParseError>),
    #[error(transparent)]
    #[diagnostic(transparent)]
    Eval(#[from] Box<EvalError>),
}

impl Error {
    /// Where the error is, in `sources`.
    pub fn at(&self, sources: &Sources) -> Option<Span> {
        match self {
            Error::Eval(e) => Some(e.at),
            Error::Parse(p) => {
                let (name, span) = p.location();
                let file = sources.find(name)?;
                Some(Span::new(file, span.offset(), span.offset() + span.len()))
            }
        }
    }

    /// This error as a finding, for lint reports.
    pub fn to_finding(&self, sources: &Sources) -> Option<Finding> {
        use miette::Diagnostic;
        let at = self.at(sources)?;
        let code = match self {
            Error::Parse(p) => match **p {
                parse::ParseError::Syntax { .. } => "tplg::parse::syntax".to_string(),
                parse::ParseError::MalformedNumber { .. } => "tplg::parse::number".to_string(),
                parse::ParseError::BadEscape { .. } => "tplg::parse::escape".to_string(),
                parse::ParseError::TooDeep { .. } => "tplg::parse::too_deep".to_string(),
            },
            Error::Eval(e) => e
                .kind
                .code()
                .map_or_else(|| "tplg::eval".to_string(), |c| c.to_string()),
        };
        let mut f = Finding::error(code, at, self.to_string());
        if let Error::Eval(e) = self {
            f = f.label(e.label.clone());
        }
        if let Some(h) = self.help() {
            f = f.help(h.to_string());
        }
        Some(f)
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
    let session = Session::new(&opts.include_dirs).map_err(|message| {
        Error::from(make_error(
            sources,
            &[],
            Span::new(entry, 0, 0),
            EvalErrorKind::Library { message },
            String::new(),
        ))
    })?;
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
        } = self;
        let mut ev = Evaluator {
            sources,
            library,
            sigs,
            expander,
            abi: opts.abi,
            symbols: IndexMap::new(),
            macros: HashMap::new(),
            scopes: Vec::new(),
            stack: Vec::new(),
            included: HashSet::new(),
            out: String::new(),
            emitted: Vec::new(),
            warnings: Vec::new(),
            symbols_version: 0,
            defs_cache: None,
        };
        for (name, value) in &opts.defines {
            let value = match value {
                None => Value::str(""),
                Some(v) => value::parse_int(v)
                    .map(Value::Int)
                    .unwrap_or_else(|| Value::str(v.clone())),
            };
            ev.symbols.insert(
                name.clone(),
                Symbol {
                    value,
                    origin: SymbolOrigin::CommandLine,
                },
            );
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
            text: ev.out,
            emitted: ev.emitted,
            symbols: ev.symbols,
            warnings: ev.warnings,
        })
    }
}

fn key_of(origin: &Origin) -> String {
    match origin {
        Origin::Disk(p) => format!(
            "disk:{}",
            std::fs::canonicalize(p)
                .unwrap_or_else(|_| p.clone())
                .display()
        ),
        Origin::Builtin(p) => format!("lib:{p}"),
        Origin::Synthetic => "synthetic".into(),
    }
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
    abi: Abi,
    symbols: IndexMap<String, Symbol>,
    macros: HashMap<String, Rc<MacroDef>>,
    scopes: Vec<Scope>,
    stack: Vec<Frame>,
    included: HashSet<String>,
    out: String,
    emitted: Vec<Emitted>,
    warnings: Vec<Finding>,
    /// Bumped whenever a symbol changes; keys `defs_cache`.
    symbols_version: u64,
    defs_cache: Option<(u64, MjValue)>,
}

/// An evaluated argument, and the NAME_CASE word it was if no symbol matched.
struct Evaluated {
    value: Value,
    unresolved: Option<Ident>,
}

/// Builds an error with its chain of macro calls and includes.
fn make_error(
    sources: &Sources,
    chain: &[(String, Span)],
    span: Span,
    kind: EvalErrorKind,
    label: String,
) -> EvalError {
    let chain = chain
        .iter()
        .map(|(message, s)| error::Note {
            message: message.clone(),
            src: sources.named(s.file),
            span: (*s).into(),
        })
        .collect();
    EvalError {
        kind,
        label,
        src: sources.named(span.file),
        span: span.into(),
        chain,
        at: span,
    }
}

/// A NAME_CASE word with an `_` (`PIPELINE_SOURCE_1`, `SCHEDULE_TIME_DOMAIN_TIMER`)
/// reads as a reference to a symbol, so it must name one. Other words (`SSP`,
/// `s16le`, `SSP5-Codec`) are text unless they name a symbol.
pub fn is_reference(word: &str) -> bool {
    is_name_case(word) && word.contains('_')
}

impl Evaluator<'_> {
    fn set_symbol(&mut self, name: String, value: Value, origin: SymbolOrigin) {
        self.symbols_version += 1;
        self.symbols.insert(name, Symbol { value, origin });
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
        Error::from(make_error(self.sources, &chain, span, kind, label.into()))
    }

    fn run_file(&mut self, file: FileId, key: String) -> Result<()> {
        let stmts = parse::parse_file(self.sources, file)?;
        self.included.insert(key.clone());
        self.stack.push(Frame {
            key,
            file,
            include: None,
        });
        let r = self.exec_block(&stmts);
        self.stack.pop();
        r
    }

    fn exec_block(&mut self, stmts: &[Stmt]) -> Result<()> {
        stmts.iter().try_for_each(|s| self.exec(s))
    }

    fn exec(&mut self, stmt: &Stmt) -> Result<()> {
        match stmt {
            Stmt::Include { path, span } => self.include(path, *span),
            Stmt::Define {
                name,
                value,
                only_if_undefined,
                span,
            } => {
                if *only_if_undefined && self.symbols.contains_key(&name.name) {
                    return Ok(());
                }
                let v = self.eval(value)?;
                let v = self.resolved(v)?;
                if let Some(Symbol {
                    value: old,
                    origin: SymbolOrigin::CommandLine,
                }) = self.symbols.get(&name.name)
                {
                    self.warnings.push(
                        Finding::warning(
                            "tplg::eval::define_replaces_command_line",
                            *span,
                            format!(
                                "this `define` replaces `-D {}={old}` from the command line",
                                name.name
                            ),
                        )
                        .label("replaces the -D value")
                        .help(format!(
                            "write `default {} = …` to let -D choose the value",
                            name.name
                        )),
                    );
                }
                self.set_symbol(name.name.clone(), v, SymbolOrigin::Define(*span));
                Ok(())
            }
            Stmt::Undefine { name, .. } => {
                self.symbols_version += 1;
                self.symbols.shift_remove(&name.name);
                Ok(())
            }
            Stmt::If {
                branches,
                otherwise,
                ..
            } => {
                for (cond, body) in branches {
                    if self.truthy(cond)? {
                        return self.exec_block(body);
                    }
                }
                match otherwise {
                    Some(body) => self.exec_block(body),
                    None => Ok(()),
                }
            }
            Stmt::Macro(m) => {
                if self.sigs.get(&m.name.name).is_some() {
                    return Err(self.error(
                        m.name.span,
                        EvalErrorKind::MacroShadows {
                            name: m.name.name.clone(),
                        },
                        "defined here",
                    ));
                }
                self.macros.insert(m.name.name.clone(), m.clone());
                Ok(())
            }
            Stmt::Call(c) => self.call_statement(c),
            Stmt::Raw(r) => self.raw(r),
        }
    }

    // ---- includes -------------------------------------------------------

    fn include(&mut self, path: &StrLit, span: Span) -> Result<()> {
        let name = self.interpolate(path)?;
        let (origin, display, text) = match self.resolve_include(&name, span.file) {
            Ok(found) => found,
            Err(kind) => return Err(self.error(path.span, kind, "included here")),
        };
        let key = key_of(&origin);
        if let Some(pos) = self.stack.iter().position(|f| f.key == key) {
            let mut chain: Vec<String> = self.stack[pos..]
                .iter()
                .map(|f| self.sources.get(f.file).name.clone())
                .collect();
            chain.push(display);
            return Err(self.error(
                path.span,
                EvalErrorKind::IncludeCycle { chain },
                "this include closes the cycle",
            ));
        }
        // The built-in library is read once (its tokens and TLVs are in the
        // prelude already); a file of the user's is read at every include,
        // as M4 reads it (SOF includes one fragment twice with other names
        // defined, e.g. platform/intel/intel-hdmi-ssp)
        if self.included.contains(&key) && matches!(origin, Origin::Builtin(_)) {
            return Ok(());
        }
        let verbatim = display.ends_with(".conf");
        let id = self.sources.add(display, origin, text);
        if verbatim {
            // An alsaconf fragment: no statements in it, copied as it is.
            self.included.insert(key);
            let text = self.sources.text(id).to_string();
            self.emit(&text, span);
            return Ok(());
        }
        let stmts = parse::parse_file(self.sources, id)?;
        self.included.insert(key.clone());
        self.stack.push(Frame {
            key,
            file: id,
            include: Some(span),
        });
        let r = self.exec_block(&stmts);
        self.stack.pop();
        r
    }

    /// Finds an include: beside the including file, then in each `-I` dir,
    /// then in the built-in library. `.m4` is accepted and ignored, `.topo` is optional.
    fn resolve_include(
        &self,
        name: &str,
        from: FileId,
    ) -> std::result::Result<(Origin, String, String), EvalErrorKind> {
        let base = name.strip_suffix(".m4").unwrap_or(name);
        let mut candidates = vec![base.to_string()];
        if !base.ends_with(".topo") && !base.ends_with(".conf") {
            candidates.insert(0, format!("{base}.topo"));
            candidates.insert(1, format!("{base}.conf"));
        }
        let from_dir = match &self.sources.get(from).origin {
            Origin::Disk(p) => p.parent().map(Path::to_path_buf),
            _ => None,
        };
        let mut searched = Vec::new();
        let dirs = from_dir.iter().chain(self.library.include_dirs());
        for dir in dirs {
            let shown = dir.display().to_string();
            searched.push(if shown.is_empty() { ".".into() } else { shown });
            for c in &candidates {
                let p = dir.join(c);
                if p.is_file() {
                    return match std::fs::read_to_string(&p) {
                        Ok(text) => Ok((Origin::Disk(p.clone()), p.display().to_string(), text)),
                        Err(e) => Err(EvalErrorKind::Io {
                            path: p.display().to_string(),
                            reason: e.to_string(),
                        }),
                    };
                }
            }
        }
        searched.push("the built-in library".into());
        for c in &candidates {
            if let Some(text) = crate::library::builtin(c) {
                return Ok((
                    Origin::Builtin(c.clone()),
                    format!("<library>/{c}"),
                    text.to_string(),
                ));
            }
        }
        let stem = base.rsplit('/').next().unwrap_or(base);
        let help = if [
            "utils",
            "dai",
            "pipeline",
            "ssp",
            "hda",
            "alh",
            "sai",
            "esai",
            "afe",
            "pcm",
            "buffer",
            "pga",
            "mixercontrol",
        ]
        .contains(&stem)
        {
            format!(
                "SOF's `{stem}.m4` defines statements that are built into tplg: drop this include"
            )
        } else {
            let lib = Library::builtin_paths(".topo");
            let stripped: Vec<&str> = lib.iter().map(|p| p.trim_end_matches(".topo")).collect();
            match closest(base, stripped.iter().copied()).map(str::to_string) {
                Some(s) => format!("did you mean `{s}`? (searched {})", searched.join(", ")),
                None => format!("searched {}", searched.join(", ")),
            }
        };
        Err(EvalErrorKind::IncludeNotFound {
            path: name.to_string(),
            help,
        })
    }

    // ---- values ---------------------------------------------------------

    /// A word's value: a macro parameter in scope, or a NAME_CASE symbol.
    fn lookup_word(&self, word: &str) -> Option<Value> {
        if let Some(v) = self.scopes.last().and_then(|s| s.params.get(word)) {
            return Some(v.clone());
        }
        if is_name_case(word) {
            return self.symbols.get(word).map(|s| s.value.clone());
        }
        None
    }

    /// Any name, for `${NAME}` and `defined(NAME)`.
    fn lookup_name(&self, name: &str) -> Option<Value> {
        if let Some(v) = self.scopes.last().and_then(|s| s.params.get(name)) {
            return Some(v.clone());
        }
        self.symbols.get(name).map(|s| s.value.clone())
    }

    fn undefined(&self, id: &Ident) -> Error {
        let mut names: Vec<&str> = self.symbols.keys().map(String::as_str).collect();
        if let Some(s) = self.scopes.last() {
            names.extend(s.params.keys().map(String::as_str));
        }
        let suggestion = closest(&id.name, names).map(str::to_string);
        self.error(
            id.span,
            EvalErrorKind::Undefined {
                name: id.name.clone(),
                suggestion,
            },
            "not defined here",
        )
    }

    fn interpolate(&self, s: &StrLit) -> Result<String> {
        let mut out = String::new();
        for p in &s.parts {
            match p {
                StrPart::Text(t) => out.push_str(t),
                StrPart::Interp(id) => match self.lookup_name(&id.name) {
                    Some(v) => out.push_str(&v.to_string()),
                    None => return Err(self.undefined(id)),
                },
            }
        }
        Ok(out)
    }

    fn eval(&mut self, e: &Expr) -> Result<Evaluated> {
        let plain = |value| {
            Ok(Evaluated {
                value,
                unresolved: None,
            })
        };
        match &e.kind {
            ExprKind::Int(i) => plain(Value::Int(*i)),
            // text that reads as an integer: `ALH${X}` with X = 0x102 is ALH0x102
            ExprKind::Hex(h) => plain(Value::str(h.clone())),
            ExprKind::Str(s) => plain(Value::Str(self.interpolate(s)?)),
            ExprKind::Words(ws) => {
                if let [w] = ws.as_slice() {
                    return Ok(match self.lookup_word(&w.name) {
                        Some(value) => Evaluated {
                            value,
                            unresolved: None,
                        },
                        None => Evaluated {
                            value: Value::str(w.name.clone()),
                            unresolved: is_name_case(&w.name).then(|| w.clone()),
                        },
                    });
                }
                let mut parts = Vec::with_capacity(ws.len());
                for w in ws {
                    match self.lookup_word(&w.name) {
                        Some(v) => parts.push(v.to_string()),
                        None if is_reference(&w.name) => return Err(self.undefined(w)),
                        None => parts.push(w.name.clone()),
                    }
                }
                plain(Value::Str(parts.join(" ")))
            }
            ExprKind::Call(c) => plain(self.call_value(c)?),
            ExprKind::Unary(op, inner) => {
                let v = self.eval(inner)?;
                match op {
                    UnaryOp::Not => {
                        let t = self.truthy_value(v)?;
                        plain(Value::Int(!t as i64))
                    }
                    UnaryOp::Neg => {
                        let i = self.int_operand(&v, inner.span, "-")?;
                        plain(Value::Int(i.wrapping_neg()))
                    }
                }
            }
            ExprKind::Binary(op, l, r) => {
                // `&&` and `||` do not evaluate what they need not.
                if matches!(op, BinOp::And | BinOp::Or) {
                    let lv = self.truthy(l)?;
                    if (*op == BinOp::And) != lv {
                        return plain(Value::Int(lv as i64));
                    }
                    let rv = self.truthy(r)?;
                    return plain(Value::Int(rv as i64));
                }
                let lv = self.eval(l)?;
                let rv = self.eval(r)?;
                if matches!(op, BinOp::Eq | BinOp::Ne) {
                    let lv = Evaluated {
                        value: self.resolved(lv)?,
                        unresolved: None,
                    };
                    let rv = Evaluated {
                        value: self.resolved(rv)?,
                        unresolved: None,
                    };
                    let equal = match (lv.value.as_int(), rv.value.as_int()) {
                        (Some(a), Some(b)) => a == b,
                        _ => lv.value.to_string() == rv.value.to_string(),
                    };
                    return plain(Value::Int((equal == (*op == BinOp::Eq)) as i64));
                }
                let a = self.int_operand(&lv, l.span, op.symbol())?;
                let b = self.int_operand(&rv, r.span, op.symbol())?;
                let v = match op {
                    BinOp::Lt => (a < b) as i64,
                    BinOp::Le => (a <= b) as i64,
                    BinOp::Gt => (a > b) as i64,
                    BinOp::Ge => (a >= b) as i64,
                    BinOp::BitOr => a | b,
                    BinOp::BitXor => a ^ b,
                    BinOp::BitAnd => a & b,
                    BinOp::Shl | BinOp::Shr if !(0..64).contains(&b) => {
                        return Err(self.error(
                            r.span,
                            EvalErrorKind::Arithmetic {
                                message: format!("cannot shift by {b}"),
                            },
                            "shift out of range",
                        ))
                    }
                    BinOp::Shl => a.wrapping_shl(b as u32),
                    BinOp::Shr => a.wrapping_shr(b as u32),
                    BinOp::Add => a.wrapping_add(b),
                    BinOp::Sub => a.wrapping_sub(b),
                    BinOp::Mul => a.wrapping_mul(b),
                    BinOp::Div | BinOp::Rem if b == 0 => {
                        return Err(self.error(
                            r.span,
                            EvalErrorKind::Arithmetic {
                                message: "division by zero".into(),
                            },
                            "this is zero",
                        ))
                    }
                    BinOp::Div => a.wrapping_div(b),
                    BinOp::Rem => a.wrapping_rem(b),
                    BinOp::And | BinOp::Or | BinOp::Eq | BinOp::Ne => unreachable!("handled above"),
                };
                plain(Value::Int(v))
            }
        }
    }

    /// The value, unless it is a NAME_CASE reference (a word with `_`) that
    /// names nothing: M4 would write such a typo out as text.
    fn resolved(&self, v: Evaluated) -> Result<Value> {
        match &v.unresolved {
            Some(w) if is_reference(&w.name) => Err(self.undefined(w)),
            _ => Ok(v.value),
        }
    }

    /// A condition. An undefined NAME_CASE word is an error here, not a
    /// non-empty (so true) text.
    fn truthy(&mut self, e: &Expr) -> Result<bool> {
        let v = self.eval(e)?;
        self.truthy_value(v)
    }

    fn truthy_value(&self, v: Evaluated) -> Result<bool> {
        if let Some(w) = &v.unresolved {
            let mut names: Vec<&str> = self.symbols.keys().map(String::as_str).collect();
            if let Some(s) = self.scopes.last() {
                names.extend(s.params.keys().map(String::as_str));
            }
            let suggestion = closest(&w.name, names).map(str::to_string);
            return Err(self.error(
                w.span,
                EvalErrorKind::UndefinedInCondition {
                    name: w.name.clone(),
                    suggestion,
                },
                "not defined",
            ));
        }
        Ok(v.value.is_truthy())
    }

    fn int_operand(&self, v: &Evaluated, span: Span, op: &str) -> Result<i64> {
        if let Some(w) = &v.unresolved {
            return Err(self.undefined(w));
        }
        v.value.as_int().ok_or_else(|| {
            self.error(
                span,
                EvalErrorKind::Arithmetic {
                    message: format!("`{op}` needs integers, found {}", v.value.describe()),
                },
                "not an integer",
            )
        })
    }

    /// A call nested in an argument: a value construct, a function, or `defined(NAME)`.
    fn call_value(&mut self, c: &Call) -> Result<Value> {
        if c.name.name == "defined" {
            let arg = self.name_arg(c)?;
            let name = match &arg.value.kind {
                ExprKind::Words(ws) if ws.len() == 1 => ws[0].name.clone(),
                _ => self.eval(&arg.value)?.value.to_string(),
            };
            return Ok(Value::Int(self.lookup_name(&name).is_some() as i64));
        }
        if c.name.name == "symbol" {
            let arg = self.name_arg(c)?;
            let v = self.eval(&arg.value)?;
            let name = self.resolved(v)?.to_string();
            return match self.lookup_name(&name) {
                Some(v) => Ok(v),
                None => {
                    let id = Ident {
                        name,
                        span: arg.span,
                    };
                    Err(self.undefined(&id))
                }
            };
        }
        let sigs = self.sigs;
        let Some(sig) = sigs.get(&c.name.name) else {
            if self.macros.contains_key(&c.name.name) {
                return Err(self.error(
                    c.name.span,
                    EvalErrorKind::NotAValue {
                        name: c.name.name.clone(),
                    },
                    "a macro",
                ));
            }
            return Err(self.unknown_statement(&c.name));
        };
        let bound = self.bind(sig, c)?;
        match sig.kind {
            ConstructKind::Value => {
                let fields = bound
                    .into_iter()
                    .filter_map(|(k, v)| v.map(|v| (k, v)))
                    .collect();
                Ok(Value::Record(Rc::new(value::Record {
                    name: sig.name.clone(),
                    fields,
                    span: c.span,
                })))
            }
            ConstructKind::Function => {
                // A function sees its arguments and `abi` (the version
                // `--abi` picks), as templates do.
                let ctx = MjValue::from_iter(
                    bound
                        .iter()
                        .map(|(k, v)| {
                            (
                                k.clone(),
                                v.as_ref().map_or(MjValue::from(()), Value::to_template),
                            )
                        })
                        .chain([("abi".to_string(), self.abi_value())]),
                );
                let expr = sig.expr.as_deref().unwrap_or_default();
                match self.expander.eval(expr, ctx) {
                    Ok(v) => Ok(Value::from_template(&v)),
                    Err(e) => Err(self.template_error(&sig.name, c.span, e)),
                }
            }
            ConstructKind::Pipeline | ConstructKind::Template => Err(self.error(
                c.name.span,
                EvalErrorKind::NotAValue {
                    name: c.name.name.clone(),
                },
                "a statement",
            )),
        }
    }

    /// The one argument of a builtin that takes a name: `defined(NAME)`, `symbol(NAME)`.
    fn name_arg<'c>(&self, c: &'c Call) -> Result<&'c Arg> {
        match c.args.as_slice() {
            [arg] => Ok(arg),
            _ => Err(self.error(
                c.args_span,
                EvalErrorKind::ArgCount {
                    statement: c.name.name.clone(),
                    expected: "1 argument".into(),
                    found: c.args.len(),
                    signature: format!("{}(NAME)", c.name.name),
                },
                "here",
            )),
        }
    }

    fn unknown_statement(&self, name: &Ident) -> Error {
        let mut names: Vec<&str> = self.sigs.names().collect();
        names.extend(self.macros.keys().map(String::as_str));
        let suggestion = closest(&name.name, names).map(str::to_string);
        self.error(
            name.span,
            EvalErrorKind::UnknownStatement {
                name: name.name.clone(),
                suggestion,
            },
            "not a statement",
        )
    }

    // ---- statements -----------------------------------------------------

    fn call_statement(&mut self, c: &Call) -> Result<()> {
        if let Some(m) = self.macros.get(&c.name.name).cloned() {
            return self.expand_macro(&m, c);
        }
        let sigs = self.sigs;
        let Some(sig) = sigs.get(&c.name.name) else {
            return Err(self.unknown_statement(&c.name));
        };
        match sig.kind {
            ConstructKind::Value | ConstructKind::Function => Err(self.error(
                c.name.span,
                EvalErrorKind::NotAStatement {
                    name: c.name.name.clone(),
                },
                "used as a statement",
            )),
            ConstructKind::Pipeline => {
                let bound = self.bind(sig, c)?;
                let pipeline = bound
                    .get("pipeline")
                    .and_then(|v| v.as_ref())
                    .map(|v| v.to_string())
                    .unwrap_or_default();
                let id = bound
                    .get("id")
                    .and_then(|v| v.as_ref())
                    .and_then(Value::as_int)
                    .unwrap_or(0);
                let template = format!("{pipeline}.j2");
                // A pipeline template may need what only some statements
                // give (a host pipeline needs `pcm`): say so plainly.
                let missing: Vec<String> = self
                    .expander
                    .inputs(&template)
                    .into_iter()
                    .filter(|v| v != "defs" && v != "abi" && !bound.contains_key(v))
                    .collect();
                if !missing.is_empty() {
                    let users: Vec<&str> = sigs
                        .names()
                        .filter(|n| {
                            sigs.get(n).is_some_and(|s| {
                                s.kind == ConstructKind::Pipeline
                                    && missing.iter().all(|m| s.param(m).is_some())
                            })
                        })
                        .collect();
                    let help = match users.as_slice() {
                        [] => None,
                        u => Some(format!("use it with {}", u.join(" or "))),
                    };
                    let list: Vec<String> = missing.iter().map(|m| format!("`{m}`")).collect();
                    return Err(self.error(
                        c.span,
                        EvalErrorKind::Rejected {
                            message: format!(
                                "pipeline `{pipeline}` needs {}, which {} does not give",
                                list.join(", "),
                                sig.name
                            ),
                            help,
                        },
                        format!("this {}", sig.name),
                    ));
                }
                let exports = self.render(&template, sig, &bound, c.span)?;
                for (name, v) in exports {
                    // `N_*` names (SOF's N_SMART_REF_BUF, N_AEC_REF_BUF) are
                    // global in SOF's pipelines: published without the ID.
                    let name = if name.starts_with("N_") {
                        name
                    } else {
                        format!("{name}_{id}")
                    };
                    self.set_symbol(
                        name,
                        Value::from_template(&v),
                        SymbolOrigin::Published(c.span),
                    );
                }
                Ok(())
            }
            ConstructKind::Template => {
                let bound = self.bind(sig, c)?;
                let template = sig.template.clone().unwrap_or_default();
                self.render(&template, sig, &bound, c.span)?;
                Ok(())
            }
        }
    }

    /// `abi.major`, `abi.minor`, `abi.patch` for templates and functions.
    fn abi_value(&self) -> MjValue {
        MjValue::from_iter([
            ("major", MjValue::from(self.abi.major)),
            ("minor", MjValue::from(self.abi.minor)),
            ("patch", MjValue::from(self.abi.patch)),
        ])
    }

    fn template_context(
        &mut self,
        sig: &Signature,
        bound: &IndexMap<String, Option<Value>>,
    ) -> MjValue {
        // Statements outnumber symbol changes: build `defs` once per change.
        let defs = match &self.defs_cache {
            Some((n, d)) if *n == self.symbols_version => d.clone(),
            _ => {
                let d = MjValue::from_iter(
                    self.symbols
                        .iter()
                        .map(|(k, s)| (k.clone(), s.value.to_template())),
                );
                self.defs_cache = Some((self.symbols_version, d.clone()));
                d
            }
        };
        // Arguments the template sees as symbols while it renders.
        let given: Vec<(String, MjValue)> = sig
            .params
            .iter()
            .filter_map(|p| {
                let v = bound.get(&p.name)?.as_ref()?;
                Some((p.defines.clone()?, v.to_template()))
            })
            .collect();
        let defs = if given.is_empty() {
            defs
        } else {
            let mut all: IndexMap<String, MjValue> = self
                .symbols
                .iter()
                .map(|(k, s)| (k.clone(), s.value.to_template()))
                .collect();
            all.extend(given);
            MjValue::from_iter(all)
        };
        let abi = self.abi_value();
        let mut pairs: Vec<(String, MjValue)> = bound
            .iter()
            .map(|(k, v)| {
                (
                    k.clone(),
                    v.as_ref().map_or(MjValue::from(()), Value::to_template),
                )
            })
            .collect();
        pairs.push(("defs".into(), defs));
        pairs.push(("abi".into(), abi));
        MjValue::from_iter(pairs)
    }

    /// Renders a template for the statement at `span` and appends its text.
    fn render(
        &mut self,
        template: &str,
        sig: &Signature,
        bound: &IndexMap<String, Option<Value>>,
        span: Span,
    ) -> Result<Vec<(String, MjValue)>> {
        let ctx = self.template_context(sig, bound);
        match self.expander.render(template, ctx) {
            Ok(r) => {
                self.emit(&r.text, span);
                Ok(r.exports)
            }
            Err(e) => Err(self.template_error(&sig.name, span, e)),
        }
    }

    fn template_error(&self, statement: &str, span: Span, e: TemplateError) -> Error {
        if e.deliberate {
            return self.error(
                span,
                EvalErrorKind::Rejected {
                    message: e.message,
                    help: None,
                },
                format!("in this {statement}"),
            );
        }
        self.error(
            span,
            EvalErrorKind::Template {
                template: e.template.unwrap_or_else(|| "?".into()),
                line: e.line,
                message: e.message,
            },
            format!("while expanding this {statement}"),
        )
    }

    fn emit(&mut self, text: &str, statement: Span) {
        let start = self.out.len();
        self.out.push_str(text);
        if !self.out.ends_with('\n') {
            self.out.push('\n');
        }
        self.emitted.push(Emitted {
            range: start..self.out.len(),
            statement,
        });
    }

    fn expand_macro(&mut self, m: &Rc<MacroDef>, c: &Call) -> Result<()> {
        let mut params: HashMap<String, Value> = HashMap::new();
        let mut positional = 0;
        let mut seen_named = false;
        for a in &c.args {
            let v = self.eval(&a.value)?;
            let v = self.resolved(v)?;
            match &a.name {
                None => {
                    if seen_named {
                        return Err(self.error(
                            a.span,
                            EvalErrorKind::PositionalAfterNamed,
                            "positional",
                        ));
                    }
                    let Some(p) = m.params.get(positional) else {
                        return Err(self.error(
                            a.span,
                            EvalErrorKind::ArgCount {
                                statement: m.name.name.clone(),
                                expected: plural(m.params.len(), "argument", "at most "),
                                found: c.args.len(),
                                signature: macro_signature(m),
                            },
                            "one too many",
                        ));
                    };
                    params.insert(p.name.name.clone(), v);
                    positional += 1;
                }
                Some(n) => {
                    seen_named = true;
                    if !m.params.iter().any(|p| p.name.name == n.name) {
                        let suggestion =
                            closest(&n.name, m.params.iter().map(|p| p.name.name.as_str()))
                                .map(str::to_string);
                        return Err(self.error(
                            n.span,
                            EvalErrorKind::UnknownNamedArg {
                                statement: m.name.name.clone(),
                                name: n.name.clone(),
                                suggestion,
                                params: m
                                    .params
                                    .iter()
                                    .map(|p| p.name.name.as_str())
                                    .collect::<Vec<_>>()
                                    .join(", "),
                            },
                            "unknown parameter",
                        ));
                    }
                    if params.insert(n.name.clone(), v).is_some() {
                        return Err(self.error(
                            n.span,
                            EvalErrorKind::DuplicateArg {
                                statement: m.name.name.clone(),
                                param: n.name.clone(),
                            },
                            "given again here",
                        ));
                    }
                }
            }
        }
        // Defaults may use the parameters before them: evaluate them in the
        // macro's scope as it fills.
        self.scopes.push(Scope {
            params,
            call: c.span,
            name: m.name.name.clone(),
        });
        for p in &m.params {
            if self
                .scopes
                .last()
                .is_some_and(|s| s.params.contains_key(&p.name.name))
            {
                continue;
            }
            match &p.default {
                Some(d) => {
                    let v = match self.eval(d).and_then(|v| self.resolved(v)) {
                        Ok(v) => v,
                        Err(e) => {
                            self.scopes.pop();
                            return Err(e);
                        }
                    };
                    self.scopes
                        .last_mut()
                        .expect("pushed above")
                        .params
                        .insert(p.name.name.clone(), v);
                }
                None => {
                    self.scopes.pop();
                    return Err(self.error(
                        c.args_span,
                        EvalErrorKind::MissingArg {
                            statement: m.name.name.clone(),
                            param: p.name.name.clone(),
                            signature: macro_signature(m),
                        },
                        "in this call",
                    ));
                }
            }
        }
        if self.scopes.len() > 64 {
            self.scopes.pop();
            return Err(self.error(
                c.span,
                EvalErrorKind::Rejected {
                    message: format!("macro `{}` expands itself without end", m.name.name),
                    help: Some(
                        "a macro may call itself only inside an `if` that ends the recursion"
                            .into(),
                    ),
                },
                "expanded 64 times",
            ));
        }
        let r = self.exec_block(&m.body);
        self.scopes.pop();
        r
    }

    fn raw(&mut self, r: &RawSection) -> Result<()> {
        let mut text = String::new();
        // Where the next part starts in the source: text parts are the
        // source between strings and dapm() calls.
        let mut at = r.span.start;
        for p in &r.parts {
            match p {
                RawPart::Text(t) => {
                    let span = Span::new(r.span.file, at, at + t.len());
                    at += t.len();
                    let exact = self.sources.text(span.file).get(span.start..span.end) == Some(t);
                    self.raw_words(t, if exact { span } else { r.span })?;
                    text.push_str(t);
                }
                RawPart::Str(s) => {
                    at = s.span.end;
                    // Written back as alsaconf reads it: escapes restored.
                    let v = self.interpolate(s)?;
                    text.push('"');
                    text.push_str(&v.replace('\\', "\\\\").replace('"', "\\\""));
                    text.push('"');
                }
                RawPart::Dapm(a, b, span) => {
                    at = span.end;
                    let a = self.eval_ref(a)?;
                    let b = self.eval_ref(b)?;
                    text.push_str(&format!("\"{a}, , {b}\""));
                }
            }
        }
        self.emit(&text, r.span);
        Ok(())
    }

    /// Unquoted text of a raw section is copied as it is: a NAME_CASE word
    /// there that names a symbol would be written as its name, where M4
    /// wrote the value. `span` is where `text` lies (or the whole section
    /// when that is not known exactly).
    fn raw_words(&self, text: &str, span: Span) -> Result<()> {
        let exact = span.len() == text.len();
        let mut in_comment = false;
        let mut word_start: Option<usize> = None;
        let is_word = |c: char| c.is_ascii_alphanumeric() || c == '_';
        for (i, c) in text.char_indices().chain([(text.len(), '\n')]) {
            if in_comment {
                in_comment = c != '\n';
                continue;
            }
            if is_word(c) {
                word_start.get_or_insert(i);
                continue;
            }
            if let Some(start) = word_start.take() {
                let word = &text[start..i];
                // `a.WORD` or `x-WORD` is part of a longer bare word.
                let joined = |ch: Option<char>| matches!(ch, Some('.' | '-' | '$'));
                let before = text[..start].chars().next_back();
                if is_reference(word)
                    && !joined(before)
                    && !joined(Some(c))
                    && self.lookup_word(word).is_some()
                {
                    let at = if exact {
                        Span::new(span.file, span.start + start, span.start + i)
                    } else {
                        span
                    };
                    return Err(self.error(
                        at,
                        EvalErrorKind::RawUnexpanded {
                            name: word.to_string(),
                        },
                        "written as this name, not its value",
                    ));
                }
            }
            in_comment = c == '#';
        }
        Ok(())
    }

    /// A widget name: a NAME_CASE word must name a symbol.
    fn eval_ref(&mut self, e: &Expr) -> Result<String> {
        let v = self.eval(e)?;
        if let Some(w) = &v.unresolved {
            return Err(self.undefined(w));
        }
        Ok(v.value.to_string())
    }

    // ---- arguments ------------------------------------------------------

    /// Matches a call's arguments to a signature and checks each one's kind.
    fn bind(&mut self, sig: &Signature, c: &Call) -> Result<IndexMap<String, Option<Value>>> {
        if let Some(explanation) = legacy::check(sig, c) {
            return Err(self.error(
                c.args_span,
                EvalErrorKind::LegacyFrames {
                    statement: sig.name.clone(),
                    explanation,
                },
                "old argument list",
            ));
        }
        let mut slots: Vec<Option<(Evaluated, Span)>> =
            (0..sig.params.len()).map(|_| None).collect();
        let mut rest: Vec<(Evaluated, Span)> = Vec::new();
        let variadic = sig.params.iter().position(|p| p.variadic);
        let mut positional = 0;
        let mut seen_named = false;
        for a in &c.args {
            match &a.name {
                None => {
                    if seen_named {
                        return Err(self.error(
                            a.span,
                            EvalErrorKind::PositionalAfterNamed,
                            "positional",
                        ));
                    }
                    let v = self.eval(&a.value)?;
                    match variadic {
                        Some(vi) if positional >= vi => rest.push((v, a.span)),
                        _ if positional >= sig.params.len() => {
                            return Err(self.error(
                                a.span,
                                arg_count(sig, c.args.len()),
                                "one too many",
                            ));
                        }
                        _ => slots[positional] = Some((v, a.span)),
                    }
                    positional += 1;
                }
                Some(n) => {
                    seen_named = true;
                    let Some((i, _)) = sig.param(&n.name) else {
                        let suggestion =
                            closest(&n.name, sig.params.iter().map(|p| p.name.as_str()))
                                .map(str::to_string);
                        return Err(self.error(
                            n.span,
                            EvalErrorKind::UnknownNamedArg {
                                statement: sig.name.clone(),
                                name: n.name.clone(),
                                suggestion,
                                params: sig
                                    .params
                                    .iter()
                                    .map(|p| p.name.as_str())
                                    .collect::<Vec<_>>()
                                    .join(", "),
                            },
                            "unknown parameter",
                        ));
                    };
                    if slots[i].is_some() {
                        return Err(self.error(
                            n.span,
                            EvalErrorKind::DuplicateArg {
                                statement: sig.name.clone(),
                                param: n.name.clone(),
                            },
                            "given again here",
                        ));
                    }
                    let v = self.eval(&a.value)?;
                    slots[i] = Some((v, a.span));
                }
            }
        }
        let mut bound = IndexMap::new();
        // What the pipeline template reads: a reference it never reads (the
        // `buffer` of sof/pipe-echo-ref-dai-capture) need not name anything.
        let mut reads: Option<Vec<String>> = None;
        for (i, (p, slot)) in sig.params.iter().zip(slots).enumerate() {
            let unread_ref =
                p.kind == ParamKind::Ref && reads.as_ref().is_some_and(|r| !r.contains(&p.name));
            let value = if unread_ref && slot.as_ref().is_some_and(|(v, _)| v.unresolved.is_some())
            {
                slot.map(|(v, _)| v.value)
            } else if p.variadic {
                let items = std::mem::take(&mut rest)
                    .into_iter()
                    .map(|(v, s)| self.coerce(sig, &p.kind, &p.name, v, s))
                    .collect::<Result<Vec<_>>>()?;
                Some(Value::List(Rc::new(items)))
            } else {
                // an empty value (a symbol defined as "") takes the default,
                // as SOF's macros read an empty argument
                let slot = slot.filter(|(v, _)| {
                    p.default.is_none() || !matches!(&v.value, Value::Str(t) if t.is_empty())
                });
                match slot {
                    Some((v, s)) => Some(self.coerce(sig, &p.kind, &p.name, v, s)?),
                    None => match &p.default {
                        Some(DefaultValue::Int(n)) => Some(Value::Int(*n)),
                        Some(DefaultValue::Text(t)) => Some(Value::str(t.clone())),
                        None if p.optional => None,
                        None => {
                            let positional_only = c.args.iter().all(|a| a.name.is_none());
                            if positional_only && i == c.args.len() {
                                return Err(self.error(
                                    c.args_span,
                                    arg_count(sig, c.args.len()),
                                    "too few arguments",
                                ));
                            }
                            return Err(self.error(
                                c.args_span,
                                EvalErrorKind::MissingArg {
                                    statement: sig.name.clone(),
                                    param: p.name.clone(),
                                    signature: sig.display(),
                                },
                                format!("`{}` is missing", p.name),
                            ));
                        }
                    },
                }
            };
            if sig.kind == ConstructKind::Pipeline && p.name == "pipeline" {
                if let Some(Value::Str(name)) = &value {
                    reads = Some(self.expander.inputs(&format!("{name}.j2")));
                }
            }
            bound.insert(p.name.clone(), value);
        }
        Ok(bound)
    }

    fn coerce(
        &self,
        sig: &Signature,
        kind: &ParamKind,
        param: &str,
        v: Evaluated,
        span: Span,
    ) -> Result<Value> {
        let wrong = |this: &Self| {
            if let Some(w) = &v.unresolved {
                return this.undefined(w);
            }
            this.error(
                span,
                EvalErrorKind::WrongKind {
                    param: param.to_string(),
                    expected: kind.describe(),
                    found: v.value.describe(),
                },
                format!("`{param}` of {}", sig.name),
            )
        };
        // A word from a fixed set (`ACP_SDW`) is not a reference.
        if let (ParamKind::OneOf(allowed), Value::Str(s)) = (kind, &v.value) {
            if allowed.contains(s) {
                return Ok(v.value);
            }
        }
        if let Some(w) = &v.unresolved {
            if is_reference(&w.name) {
                return Err(self.undefined(w));
            }
        }
        match kind {
            ParamKind::Any => Ok(v.value),
            ParamKind::Index => match &v.value {
                Value::Int(_) => Ok(v.value),
                Value::Str(_) if v.value.as_int().is_some() => Ok(v.value),
                _ => Err(wrong(self)),
            },
            ParamKind::Int => v.value.as_int().map(Value::Int).ok_or_else(|| {
                // `RATE/2` is one word: `/` and `-` belong to names like `SSP5-Codec`.
                let text = v.value.to_string();
                if v.unresolved.is_none() && text.contains(['/', '-']) && text.starts_with(|c: char| c.is_ascii_alphabetic()) {
                    return self.error(
                        span,
                        EvalErrorKind::Rejected {
                            message: format!("expected an integer for `{param}`, found the word `{text}`"),
                            help: Some(format!("`-` and `/` are part of words such as `SSP5-Codec`: put spaces around an operator, `{}`", text.replace('/', " / ").replace('-', " - "))),
                        },
                        format!("`{param}` of {}", sig.name),
                    );
                }
                wrong(self)
            }),
            ParamKind::Text => match &v.value {
                Value::Int(_) | Value::Str(_) => Ok(Value::str(v.value.to_string())),
                _ => Err(wrong(self)),
            },
            ParamKind::Ref => {
                if let Some(w) = &v.unresolved {
                    return Err(self.undefined(w));
                }
                match &v.value {
                    Value::Int(_) | Value::Str(_) => Ok(Value::str(v.value.to_string())),
                    _ => Err(wrong(self)),
                }
            }
            ParamKind::Pipeline => {
                let Value::Str(s) = &v.value else {
                    return Err(wrong(self));
                };
                let name = s.strip_suffix(".m4").unwrap_or(s);
                if self.expander.has_template(&format!("{name}.j2")) {
                    return Ok(Value::str(name));
                }
                let all = Library::builtin_paths(".j2");
                let pipes: Vec<&str> = all
                    .iter()
                    .filter(|p| p.contains("/pipe-"))
                    .map(|p| p.trim_end_matches(".j2"))
                    .collect();
                let suggestion = closest(name, pipes).map(str::to_string);
                Err(self.error(
                    span,
                    EvalErrorKind::UnknownPipeline {
                        name: name.to_string(),
                        suggestion,
                    },
                    "no such pipeline",
                ))
            }
            ParamKind::OneOf(allowed) => {
                let s = v.value.to_string();
                if allowed.contains(&s) {
                    return Ok(Value::Str(s));
                }
                let suggestion = closest(&s, allowed.iter().map(String::as_str)).map(str::to_string);
                Err(self.error(
                    span,
                    EvalErrorKind::NotOneOf {
                        param: param.to_string(),
                        value: s,
                        allowed: allowed.join(", "),
                        suggestion,
                    },
                    format!("`{param}` of {}", sig.name),
                ))
            }
            ParamKind::Record(names) => match &v.value {
                Value::Record(r) if names.contains(&r.name) => Ok(v.value),
                _ => Err(wrong(self)),
            },
        }
    }
}

fn plural(n: usize, what: &str, prefix: &str) -> String {
    format!("{prefix}{n} {what}{}", if n == 1 { "" } else { "s" })
}

fn arg_count(sig: &Signature, found: usize) -> EvalErrorKind {
    let req = sig.required();
    let expected = match sig.max() {
        Some(max) if max == req => plural(req, "argument", ""),
        Some(max) if found > max => plural(max, "argument", "at most "),
        Some(max) => format!("{req} to {max} arguments"),
        None => plural(req, "argument", "at least "),
    };
    EvalErrorKind::ArgCount {
        statement: sig.name.clone(),
        expected,
        found,
        signature: sig.display(),
    }
}

fn macro_signature(m: &MacroDef) -> String {
    let ps: Vec<String> = m
        .params
        .iter()
        .map(|p| {
            if p.default.is_some() {
                format!("[{}]", p.name.name)
            } else {
                p.name.name.clone()
            }
        })
        .collect();
    format!("{}({})", m.name.name, ps.join(", "))
}
