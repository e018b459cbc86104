//! M4 syntax tree to `.topo` statements.
//!
//! M4 is a text rewriter; `.topo` is evaluated. The converter keeps the
//! structure the author wrote (calls stay calls, conditionals on inputs stay
//! conditionals) and refuses where the two models would give different
//! results: text pasted into names, late binding of quoted definitions,
//! unquoted names that M4 expands before defining or testing them, and M4
//! builtins with no equivalent.
//!
//! Quoting levels matter: the quotes around an argument are removed when M4
//! collects it and the text is read again later, so one level of quotes is
//! transparent; text inside a second level stays literal.
//!
//! One [`Converter`] walks the file; its methods are spread by concern:
//! - [`stmts`]: the statement walk and the dispatch of a statement call on
//!   its builtin ([`M4Builtin`]) or library name; `fatal_error`, `divert`,
//!   `DECLARE_SOF_RT_UUID`;
//! - [`calls`]: an M4 call as a `.topo` call, its arguments and layout;
//! - [`defines`]: `define` (value or `macro`), `undefine`, names expanded
//!   before they are defined, late binding of quoted bodies;
//! - [`conditionals`]: `ifdef`/`ifelse` at statement level, hoisting of the
//!   calls M4 runs while collecting their arguments;
//! - [`include`]: `include`, and what the converter asks of the file
//!   system ([`Includes`]);
//! - [`raw`]: `Section…` blocks written out as text;
//! - [`values`], [`list`] and [`text`]: arguments as values: pieces of text
//!   and names, `eval`, `LIST`, and how pieces become a `.topo` value;
//! - [`atoms`]: an argument with one level of quotes removed;
//! - [`names`]: what is known about each name while walking ([`State`]);
//! - [`choice`]: values that depend on conditions ([`Choice`]), and the
//!   `if`s that hold one copy per combination.

mod atoms;
mod calls;
mod choice;
mod conditionals;
mod defines;
mod include;
mod list;
mod names;
mod raw;
mod stmts;
mod text;
mod values;

use super::ast::{Arg, Call, Node, Sp};
use super::builtin::{is_action, unsupported, unsupported_help, M4Builtin};
use super::error::{ArgListUse, MigrateErrorKind as K};
use super::expr::{self, Seg};
use super::facts::{has_params, literal_name, names_in, raw_or_comment_end, Facts};
use super::reader::{read_quoted, ReadError};
use super::writer::{is_name, is_word, ArgOut, CallOut, Piece, Stmt, Value};
use crate::eval::signature::{ConstructKind, Signatures};
use crate::parse::ast::{BinOp, UnaryOp};
use crate::vocab::is_name_case;
use std::collections::{BTreeSet, HashMap, HashSet};

use atoms::{dnl_comment, take_comments, trim, Apart, Atom};
pub(crate) use choice::Choice;
use choice::{append, make_if, to_stmts, zip_all, MAX_BRANCHES};
use conditionals::Cond;
pub(crate) use defines::defined_name;
use defines::Expanded;
pub(crate) use include::Includes;
use names::{looks_like_macro, published, Kind, Known, MacroCtx, State};
use text::{literal_text, merge_text, strip_m4_suffix, symbol_arg, symbol_call, Fx, P};

/// A refusal (or warning) before it is given its source file.
#[derive(Debug)]
pub(crate) struct Refusal {
    pub kind: K,
    pub span: Sp,
    pub label: String,
}

type R<T> = Result<T, Box<Refusal>>;

fn refuse<T>(kind: K, span: Sp, label: impl Into<String>) -> R<T> {
    Err(Box::new(Refusal {
        kind,
        span,
        label: label.into(),
    }))
}

/// A call of an M4 builtin (or SOF library macro) tplg cannot convert.
fn refuse_unsupported<T>(builtin: Option<M4Builtin>, name: &str, c: &Call) -> R<T> {
    refuse(
        K::Unsupported {
            name: name.into(),
            help: unsupported_help(builtin),
        },
        c.name,
        "here",
    )
}

/// An `ifelse` with an argument count M4 warns about (2, or 3k + 2).
fn refuse_ifelse_args<T>(c: &Call) -> R<T> {
    refuse(
        K::IfelseArgCount {
            found: c.args.len(),
        },
        c.span,
        "M4 warns \"too few arguments\" here",
    )
}

impl From<ReadError> for Box<Refusal> {
    fn from(e: ReadError) -> Self {
        match e {
            ReadError::UnterminatedQuote { open } => Box::new(Refusal {
                kind: K::UnterminatedQuote,
                span: open,
                label: "opened here".into(),
            }),
        }
    }
}

/// What the build gives the converter: the library's statements, and the
/// names (and values) it may pass with `-D`.
pub(crate) struct Build<'a> {
    pub(crate) sigs: &'a Signatures,
    /// Names the build may define from outside (-D).
    pub(crate) inputs: &'a HashSet<String>,
    /// The values the build passes for those names, where known.
    pub(crate) input_values: &'a HashMap<String, BTreeSet<String>>,
    /// Names tested unquoted somewhere (`ifdef(NAME, …)`).
    pub(crate) value_tested: &'a HashSet<String>,
    /// Names defined as argument lists, and the calls the tree passes them
    /// to (see [`crate::migrate::facts::ArgLists`]).
    pub(crate) arg_lists: &'a crate::migrate::facts::ArgLists,
    /// The values the files of the tree define names as
    /// (`define(`NAME', `word')`), see [`crate::migrate::facts::define_values`];
    /// empty for a file on its own.
    pub(crate) define_values: &'a HashMap<String, BTreeSet<String>>,
}

/// Lower-case macros that stand for a call, and their NAME_CASE names in
/// the converted file (`matrix1` → `MATRIX1`).
struct Renames {
    upper: HashMap<String, String>,
    /// Every name the file mentions (a rename must not take one).
    mentioned: HashSet<String>,
}

pub(crate) struct Converter<'a> {
    src: &'a str,
    build: Build<'a>,
    facts: Facts,
    includes: &'a mut dyn Includes,
    state: State,
    ctx: Option<MacroCtx>,
    /// Indentation of the statement being converted, for argument layout.
    base_indent: String,
    /// Names the quoted bodies of value defines read (name, define, where):
    /// an include that defines one later makes M4 and tplg disagree.
    lazy_reads: Vec<(String, String, Sp)>,
    renames: Renames,
    /// Unquoted calls in `ifdef`/`ifelse` arguments already converted (by
    /// their offset): M4 runs them while it collects the arguments, before
    /// it tests anything.
    hoisted_done: HashSet<usize>,
    pub refusals: Vec<Refusal>,
    pub warnings: Vec<Refusal>,
}

impl<'a> Converter<'a> {
    pub(super) fn new(
        src: &'a str,
        nodes: &[Node],
        build: Build<'a>,
        includes: &'a mut dyn Includes,
    ) -> Self {
        Converter {
            src,
            build,
            facts: Facts::gather(src, nodes),
            includes,
            state: State::default(),
            ctx: None,
            base_indent: String::new(),
            lazy_reads: Vec::new(),
            renames: Renames {
                upper: HashMap::new(),
                mentioned: names_in(src, 0).into_iter().map(|(n, _)| n).collect(),
            },
            hoisted_done: HashSet::new(),
            refusals: Vec::new(),
            warnings: Vec::new(),
        }
    }

    fn text(&self, sp: Sp) -> &'a str {
        sp.text(self.src)
    }

    fn warn(&mut self, kind: K, span: Sp, label: &str) {
        self.warnings.push(Refusal {
            kind,
            span,
            label: label.into(),
        });
    }
}
