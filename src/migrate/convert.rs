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

use super::ast::{Arg, Call, Node, Sp};
use super::error::MigrateErrorKind as K;
use super::expr::{self, Seg};
use super::facts::{has_params, literal_name, names_in, raw_or_comment_end, Facts};
use super::reader::{read_quoted, ReadError};
use super::writer::{is_name, is_word, ArgOut, CallOut, Piece, Stmt, Value};
use crate::eval::signature::{ConstructKind, Signatures};
use crate::parse::ast::{BinOp, UnaryOp};
use crate::vocab::is_name_case;
use std::collections::{BTreeSet, HashMap, HashSet};

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

/// What the converter needs from the file system: which includes exist
/// beside the file, and which names an included file defines.
pub(crate) trait Includes {
    /// Where an included file is: the user's own (found on the include
    /// path, outside SOF's library directories), SOF's library, a platform
    /// file tplg ships, or nowhere.
    fn locate(&mut self, path: &str) -> super::Located;
    /// The prefix (`../`) that takes the converted file to the tree's root,
    /// for a computed include whose fixed directory `dir` is there and not
    /// beside the file.
    fn root_prefix(&mut self, dir: &str) -> Option<String>;
    /// Names the included file defines, and names it undefines
    /// (transitively), if it can be found.
    fn names(&mut self, path: &str) -> (Vec<String>, Vec<String>);
    /// The literal texts of the names the included file certainly defines
    /// with one.
    fn texts(&mut self, path: &str) -> Vec<(String, String)>;
    /// Names any file `dir/prefix*suffix` defines (for a computed include
    /// such as `platform/intel/'PLATFORM`.m4').
    fn names_like(&mut self, dir: &str, prefix: &str, suffix: &str) -> Vec<String>;
}

// ---- conditional values ----------------------------------------------------

/// A value that depends on conditions: `ifdef`/`ifelse` inside an argument.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Choice<T> {
    Leaf(T),
    Branch(Value, Box<Choice<T>>, Box<Choice<T>>),
}

impl<T: Clone> Choice<T> {
    fn map<U>(self, f: &mut impl FnMut(T) -> U) -> Choice<U> {
        match self {
            Choice::Leaf(t) => Choice::Leaf(f(t)),
            Choice::Branch(c, a, b) => {
                let a = a.map(f);
                let b = b.map(f);
                Choice::Branch(c, Box::new(a), Box::new(b))
            }
        }
    }

    fn try_map<U>(self, f: &mut impl FnMut(T) -> R<U>) -> R<Choice<U>> {
        Ok(match self {
            Choice::Leaf(t) => Choice::Leaf(f(t)?),
            Choice::Branch(c, a, b) => {
                let a = a.try_map(f)?;
                let b = b.try_map(f)?;
                Choice::Branch(c, Box::new(a), Box::new(b))
            }
        })
    }

    fn and_then<U: Clone>(self, f: &mut impl FnMut(T) -> Choice<U>) -> Choice<U> {
        match self {
            Choice::Leaf(t) => f(t),
            Choice::Branch(c, a, b) => {
                let a = a.and_then(f);
                let b = b.and_then(f);
                Choice::Branch(c, Box::new(a), Box::new(b))
            }
        }
    }

    fn leaves_mut(&mut self, f: &mut impl FnMut(&mut T)) {
        match self {
            Choice::Leaf(t) => f(t),
            Choice::Branch(_, a, b) => {
                a.leaves_mut(f);
                b.leaves_mut(f);
            }
        }
    }

    fn leaves(&self) -> usize {
        match self {
            Choice::Leaf(_) => 1,
            Choice::Branch(_, a, b) => a.leaves() + b.leaves(),
        }
    }
}

/// Appends `part` to every combination in `acc`.
fn append<T: Clone>(acc: Choice<Vec<T>>, part: Choice<Vec<T>>) -> Choice<Vec<T>> {
    match part {
        // the common case, without copying what is there
        Choice::Leaf(more) => {
            let mut acc = acc;
            acc.leaves_mut(&mut |v| v.extend(more.iter().cloned()));
            acc
        }
        part => acc.and_then(&mut |prefix: Vec<T>| {
            part.clone().map(&mut |more: Vec<T>| {
                let mut v = prefix.clone();
                v.extend(more);
                v
            })
        }),
    }
}

/// All combinations of several conditional values.
fn zip_all<T: Clone>(items: Vec<Choice<T>>) -> Choice<Vec<T>> {
    let mut acc: Choice<Vec<T>> = Choice::Leaf(Vec::new());
    for item in items {
        acc = acc.and_then(&mut |prefix: Vec<T>| {
            item.clone().map(&mut |t| {
                let mut v = prefix.clone();
                v.push(t);
                v
            })
        });
    }
    acc
}

/// More copies than this of one statement is not a conversion anyone reads.
const MAX_BRANCHES: usize = 32;

/// Statements for each combination, as nested `if`s.
fn to_stmts(c: Choice<Vec<Stmt>>) -> Vec<Stmt> {
    match c {
        Choice::Leaf(s) => s,
        Choice::Branch(cond, a, b) => make_if(vec![(cond, to_stmts(*a))], to_stmts(*b)),
    }
}

/// An `if`, tidied: `else { if … }` becomes `else if`, an empty first branch
/// is inverted, and `if !defined(X) { define X = v }` becomes `default`.
fn make_if(mut branches: Vec<(Value, Vec<Stmt>)>, mut otherwise: Vec<Stmt>) -> Vec<Stmt> {
    let is_empty = |b: &[Stmt]| b.iter().all(|s| matches!(s, Stmt::Blank));
    if branches.iter().all(|(_, b)| is_empty(b)) && is_empty(&otherwise) {
        return Vec::new();
    }
    if branches.len() == 1 && is_empty(&branches[0].1) {
        let (cond, _) = branches.pop().unwrap_or((Value::empty(), Vec::new()));
        branches.push((cond.not(), std::mem::take(&mut otherwise)));
    }
    if let [Stmt::If {
        branches: inner,
        otherwise: inner_else,
    }] = otherwise.as_mut_slice()
    {
        branches.append(inner);
        otherwise = std::mem::take(inner_else);
    }
    if branches.len() == 1 && otherwise.is_empty() {
        if let (Value::Unary(UnaryOp::Not, inner), [Stmt::Define { name, default, .. }]) =
            (&branches[0].0, branches[0].1.as_slice())
        {
            if matches!(&**inner, Value::Defined(n) if n == name) && !default {
                let Some((_, mut body)) = branches.pop() else {
                    return Vec::new();
                };
                if let Some(Stmt::Define { default, .. }) = body.first_mut() {
                    *default = true;
                }
                return body;
            }
        }
    }
    vec![Stmt::If {
        branches,
        otherwise,
    }]
}

// ---- atoms: an argument with one level of quotes removed --------------------

#[derive(Debug, Clone)]
enum Atom {
    /// Literal characters. `depth` 0: unquoted; 1: quoted once (read again
    /// later); 2: quoted twice or more (stays literal).
    Lit {
        text: String,
        sp: Sp,
        depth: u8,
    },
    Blank {
        text: String,
        sp: Sp,
        depth: u8,
    },
    Ident {
        name: String,
        sp: Sp,
        depth: u8,
        set_apart: Apart,
    },
    Call(Call, u8),
    Param(Sp),
    /// `# …` or `dnl …` among the arguments, `#` form.
    Comment(String, Sp),
}

impl Atom {
    fn span(&self) -> Sp {
        match self {
            Atom::Lit { sp, .. }
            | Atom::Blank { sp, .. }
            | Atom::Ident { sp, .. }
            | Atom::Param(sp)
            | Atom::Comment(_, sp) => *sp,
            Atom::Call(c, _) => c.span,
        }
    }
}

/// How the author set a name apart, which marks it as a macro reference
/// even when this file does not define it (an input, say).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Apart {
    No,
    /// Quoted alone: `` `PPROC' `` — a reference when glued into a word
    /// (`pipe-`PPROC'-playback`); a whole quoted argument is literal text.
    Quoted,
    /// An unquoted whole argument of `concat`: `concat(`sai', SAI_INDEX)`.
    WholeArg,
}

/// Text with names in it, before it becomes a word, string or number.
#[derive(Debug, Clone, PartialEq)]
enum P {
    Text(String),
    /// A name M4 would replace (a macro, parameter or input).
    Ref(String, Sp),
    /// A value that is not text (a call, an expression).
    Val(Value, Sp, String),
    /// A statement M4 runs when it reads this text (`define`, `fatal_error`
    /// in a branch): it takes effect only in the combinations it is in.
    Effect(Stmt),
}

/// A value, and the statements that go before it (see [`P::Effect`]).
type Fx<T> = (Vec<Stmt>, T);

/// The branches of a conditional and its else branch.
type Arms<'c> = (Vec<(Cond, &'c Arg)>, Option<&'c Arg>);

/// An argument: its comments, what M4 runs while collecting it, its value.
type ArgValue = (Vec<String>, Vec<Stmt>, Choice<Fx<Value>>);

// ---- what is known about names while walking --------------------------------

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Known {
    Yes,
    Maybe,
    /// Defined by one of the files a computed include may name: a macro
    /// where it is pasted into text, but no proof that it is defined.
    Guess,
    No,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// Text or a number.
    Value,
    /// A construct (a call such as `SSP_CLOCK(…)`), which is not text.
    Record,
    Macro,
    /// The name of a symbol, pasted together (`concat(`PIPELINE_SOURCE_',
    /// ID)`): M4 reads it again where the value is used, so every use is
    /// `symbol(NAME)`.
    Name,
    Other,
}

#[derive(Debug, Clone, Default)]
struct State {
    names: HashMap<String, (Known, Kind)>,
    /// The conditions of the branches being converted.
    path: Vec<Value>,
    /// The conditions under which each name was last defined: one list of
    /// conditions per branch that may have defined it.
    def_paths: HashMap<String, Vec<Vec<Value>>>,
    /// Pipeline IDs added so far (their endpoints are macros from then on).
    pipelines: HashSet<i64>,
    /// A platform file (`platform/…`) has been included.
    platform_read: bool,
    diverted: bool,
    /// The literal texts a name may hold here (one per branch that defined
    /// it), when every definition of it is known: what M4 expands an
    /// unquoted name to before `define`, `undefine` or `ifdef` sees it.
    values: HashMap<String, Vec<String>>,
}

impl State {
    fn set(&mut self, name: &str, known: Known, kind: Kind) {
        self.values.remove(name);
        self.names.insert(name.to_string(), (known, kind));
        if known == Known::Guess {
            self.def_paths.remove(name);
        } else {
            self.def_paths
                .insert(name.to_string(), vec![self.path.clone()]);
        }
    }

    /// The state after one of several branches ran (each from `entry`).
    fn merge(entry: &State, states: Vec<State>) -> State {
        let Some(first) = states.first() else {
            return entry.clone();
        };
        let mut out = first.clone();
        let keys: HashSet<String> = states
            .iter()
            .flat_map(|s| s.names.keys().cloned())
            .collect();
        for k in keys {
            let all: Vec<Option<(Known, Kind)>> =
                states.iter().map(|s| s.names.get(&k).copied()).collect();
            let kind = all
                .iter()
                .flatten()
                .map(|x| x.1)
                .next()
                .unwrap_or(Kind::Other);
            let knowns: Vec<Option<Known>> = all.iter().map(|x| x.map(|x| x.0)).collect();
            let merged = if knowns.iter().all(|k| *k == knowns[0]) {
                knowns[0]
            } else if knowns.iter().all(|k| matches!(k, None | Some(Known::No))) {
                // undefined or untouched on every branch: as before
                None
            } else if knowns
                .iter()
                .flatten()
                .all(|k| matches!(k, Known::Guess | Known::No))
            {
                Some(Known::Guess)
            } else {
                Some(Known::Maybe)
            };
            // the conditions of the branches that defined it
            let mut paths: Vec<Vec<Value>> = Vec::new();
            for s in &states {
                if matches!(s.names.get(&k), Some((Known::Yes | Known::Maybe, _))) {
                    for p in s.def_paths.get(&k).into_iter().flatten() {
                        if !paths.contains(p) {
                            paths.push(p.clone());
                        }
                    }
                }
            }
            // the texts it may hold: known only if it is defined, with a
            // known text, on every branch
            let mut values: Option<Vec<String>> = Some(Vec::new());
            for s in &states {
                if !matches!(s.names.get(&k), Some((Known::Yes | Known::Maybe, _))) {
                    values = None;
                    break;
                }
                match (s.values.get(&k), values.as_mut()) {
                    (Some(vs), Some(acc)) => {
                        for v in vs {
                            if !acc.contains(v) {
                                acc.push(v.clone());
                            }
                        }
                    }
                    _ => values = None,
                }
            }
            match merged {
                Some(known) => {
                    out.names.insert(k.clone(), (known, kind));
                    out.def_paths.insert(k.clone(), paths);
                    match values {
                        Some(v) if !v.is_empty() => {
                            out.values.insert(k, v);
                        }
                        _ => {
                            out.values.remove(&k);
                        }
                    }
                }
                None => {
                    out.names.remove(&k);
                    out.def_paths.remove(&k);
                    out.values.remove(&k);
                }
            }
        }
        for s in &states[1..] {
            out.pipelines.extend(s.pipelines.iter().copied());
            out.diverted |= s.diverted;
        }
        out.path = entry.path.clone();
        out
    }

    /// Entering a branch taken when `cond` holds.
    fn enter(&self, cond: Option<Value>) -> State {
        let mut s = self.clone();
        s.path.extend(cond);
        s
    }

    /// Whether `name`, maybe defined, cannot be here: it was defined only
    /// under a condition that excludes one of the current branch's, such as
    /// `CODEC == wm8960` against `CODEC == wm8962`.
    fn excluded(&self, name: &str) -> bool {
        let Some(alternatives) = self.def_paths.get(name) else {
            return false;
        };
        !alternatives.is_empty()
            && alternatives.iter().all(|def| {
                def.iter()
                    .any(|d| self.path.iter().any(|p| exclusive(d, p)))
            })
    }
}

/// Two conditions that cannot both hold.
fn exclusive(a: &Value, b: &Value) -> bool {
    let literal = |v: &Value| match v {
        Value::Num(_) => true,
        Value::Str(p) => p.iter().all(|p| matches!(p, Piece::Text(_))),
        Value::Words(w) => !w.split(' ').any(is_name_case),
        _ => false,
    };
    match (a, b) {
        (Value::Binary(BinOp::Eq, l1, r1), Value::Binary(BinOp::Eq, l2, r2)) => {
            l1 == l2 && literal(r1) && literal(r2) && r1 != r2
        }
        (Value::Defined(x), Value::Unary(UnaryOp::Not, y))
        | (Value::Unary(UnaryOp::Not, y), Value::Defined(x)) => {
            matches!(&**y, Value::Defined(n) if n == x)
        }
        _ => false,
    }
}

/// Inside a parameterised define being converted to a `macro`.
#[derive(Debug, Clone)]
struct MacroCtx {
    params: Vec<String>,
}

/// M4 builtins that have no `.topo` equivalent.
const UNSUPPORTED: &[&str] = &[
    "pushdef",
    "popdef",
    "defn",
    "indir",
    "builtin",
    "shift",
    "len",
    "index",
    "substr",
    "translit",
    "regexp",
    "patsubst",
    "format",
    "esyscmd",
    "syscmd",
    "sysval",
    "maketemp",
    "mkstemp",
    "m4wrap",
    "m4exit",
    "changequote",
    "changecom",
    "changeword",
    "undivert",
    "divnum",
    "sinclude",
    "traceon",
    "traceoff",
    "dumpdef",
    "debugmode",
    "debugfile",
    "__file__",
    "__line__",
    "__program__",
    "argn",
    "LIST_LOOP",
];

fn unsupported_help(name: &str) -> String {
    match name {
        "esyscmd" | "syscmd" | "sysval" => {
            "a topology cannot run commands; put the value in a define or pass it with -D".into()
        }
        "pushdef" | "popdef" => {
            "use `define` and `undefine`; tplg keeps no stack of definitions".into()
        }
        "sinclude" => "tplg has no optional include; use `if defined(…)` around an include".into(),
        "m4exit" => "use `fatal_error(message)`, which becomes FATAL_ERROR".into(),
        _ => "convert this part by hand".into(),
    }
}

/// The indentation of the line `offset` is on.
fn line_indent(src: &str, offset: usize) -> &str {
    let start = src[..offset].rfind('\n').map_or(0, |i| i + 1);
    let rest = &src[start..];
    let n = rest.len() - rest.trim_start_matches([' ', '\t']).len();
    &rest[..n]
}

pub(crate) struct Converter<'a> {
    src: &'a str,
    sigs: &'a Signatures,
    /// Names the build may define from outside (-D).
    inputs: &'a HashSet<String>,
    /// The values the build passes for those names, where known.
    input_values: &'a HashMap<String, BTreeSet<String>>,
    facts: Facts,
    includes: &'a mut dyn Includes,
    state: State,
    ctx: Option<MacroCtx>,
    /// Indentation of the statement being converted, for argument layout.
    base_indent: String,
    /// Names the quoted bodies of value defines read (name, define, where):
    /// an include that defines one later makes M4 and tplg disagree.
    lazy_reads: Vec<(String, String, Sp)>,
    /// Lower-case macros that stand for a call, and their NAME_CASE names
    /// in the converted file (`matrix1` → `MATRIX1`).
    renames: HashMap<String, String>,
    /// Every name the file mentions (a rename must not take one).
    mentioned: HashSet<String>,
    /// Unquoted calls in `ifdef`/`ifelse` arguments already converted (by
    /// their offset): M4 runs them while it collects the arguments, before
    /// it tests anything.
    hoisted_done: HashSet<usize>,
    pub refusals: Vec<Refusal>,
    pub warnings: Vec<Refusal>,
}

impl<'a> Converter<'a> {
    pub fn new(
        src: &'a str,
        nodes: &[Node],
        sigs: &'a Signatures,
        inputs: &'a HashSet<String>,
        input_values: &'a HashMap<String, BTreeSet<String>>,
        includes: &'a mut dyn Includes,
    ) -> Self {
        Converter {
            src,
            sigs,
            inputs,
            input_values,
            facts: Facts::gather(src, nodes),
            includes,
            state: State::default(),
            ctx: None,
            base_indent: String::new(),
            lazy_reads: Vec::new(),
            renames: HashMap::new(),
            mentioned: names_in(src, 0).into_iter().map(|(n, _)| n).collect(),
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

    // ---- names ----------------------------------------------------------------

    /// Whether M4 would replace `name` here (as far as this file shows).
    fn is_macro(&self, name: &str) -> bool {
        if let Some(ctx) = &self.ctx {
            if ctx.params.iter().any(|p| p == name) {
                return false;
            }
        }
        match self.state.names.get(name) {
            Some((Known::Yes | Known::Maybe | Known::Guess, _)) => true,
            Some((Known::No, _)) => false,
            None => {
                self.facts.tested.contains(name)
                    || self.inputs.contains(name)
                    || published(name).is_some()
                    || published_global(name)
                    || super::prelude_names().iter().any(|n| n == name)
            }
        }
    }

    /// Whether `name` might be defined here: by this file, an include, or
    /// from outside (a name the file tests is an input).
    fn maybe_defined(&self, name: &str) -> bool {
        match self.state.names.get(name) {
            Some((Known::Yes, _)) => true,
            Some((Known::Maybe, _)) => !self.state.excluded(name),
            Some((Known::No | Known::Guess, _)) => false,
            None => self.facts.is_input(name),
        }
    }

    fn kind_of(&self, name: &str) -> Option<Kind> {
        self.state.names.get(name).and_then(|(k, kind)| match k {
            Known::No => None,
            _ => Some(*kind),
        })
    }

    /// Names defined so far that the glob `prefix*suffix` matches, where
    /// the pasted part is a number (what SOF pastes: indexes and IDs).
    fn pasted_matches(&self, prefix: &str, suffix: &str) -> Vec<String> {
        let fits = |n: &str| {
            n.len() > prefix.len() + suffix.len()
                && n.starts_with(prefix)
                && n.ends_with(suffix)
                && n[prefix.len()..n.len() - suffix.len()]
                    .bytes()
                    .all(|b| b.is_ascii_digit())
        };
        let mut out: Vec<String> = self
            .state
            .names
            .iter()
            .filter(|(_, (k, _))| *k != Known::No)
            .map(|(n, _)| n.clone())
            .chain(self.facts.tested.iter().cloned())
            .filter(|n| fits(n))
            .collect();
        let example = format!("{prefix}1{suffix}");
        if published(&example).is_some() {
            out.push(example);
        }
        out.sort();
        out.dedup();
        out
    }

    // ---- statements -----------------------------------------------------------

    /// Converts statement-level nodes; refusals are recorded and the walk goes on.
    pub fn stmts(&mut self, nodes: &[Node]) -> Vec<Stmt> {
        let mut out = Vec::new();
        let mut newlines = 0usize;
        let mut same_line = false;
        let mut i = 0;
        while i < nodes.len() {
            let node = &nodes[i];
            i += 1;
            match node {
                Node::Space(_) => continue,
                Node::Newline(_) => {
                    newlines += 1;
                    if newlines == 2 && !out.is_empty() {
                        out.push(Stmt::Blank);
                    }
                    same_line = false;
                    continue;
                }
                _ => {}
            }
            if !matches!(node, Node::Dnl(_)) {
                newlines = 0;
            }
            let r = match node {
                Node::Comment(sp) => {
                    let c = self.text(*sp).trim_end().to_string();
                    Ok(vec![if same_line {
                        Stmt::Trailing(c)
                    } else {
                        Stmt::Comment(c)
                    }])
                }
                Node::Dnl(sp) => {
                    // `dnl` ate the newline: the line ends here
                    newlines = 1;
                    let c = dnl_comment(self.text(*sp));
                    match c {
                        None => Ok(vec![]),
                        Some(c) if same_line => Ok(vec![Stmt::Trailing(c)]),
                        Some(c) => Ok(vec![Stmt::Comment(c)]),
                    }
                }
                Node::Quoted(q) => {
                    let inner = self.text(q.inner);
                    if inner.trim().is_empty() {
                        Ok(vec![])
                    } else if inner.trim_start().starts_with('#') {
                        // M4 writes the text out; a comment line built from
                        // quoted text and macro calls stays a comment
                        let line_end = self.src[q.span.end..]
                            .find('\n')
                            .map_or(self.src.len(), |e| q.span.end + e);
                        let text = self.src[q.span.start..line_end].to_string();
                        while i < nodes.len() && nodes[i].span().start < line_end {
                            i += 1;
                        }
                        let text = text.replace(['`', '\''], "");
                        Ok(text
                            .lines()
                            .map(str::trim)
                            .filter(|l| !l.is_empty())
                            .map(|l| {
                                Stmt::Comment(if l.starts_with('#') {
                                    l.to_string()
                                } else {
                                    format!("# {l}")
                                })
                            })
                            .collect())
                    } else {
                        self.stray(
                            q.span,
                            "quoted text at statement level is written out as it is, not run",
                        )
                    }
                }
                Node::Ident(sp) => {
                    let name = self.text(*sp);
                    if name.starts_with("Section")
                        && matches!(nodes.get(i), Some(Node::Text(t)) if self.text(*t).starts_with('.'))
                    {
                        match self.raw_section(nodes, i - 1) {
                            Ok((s, next)) => {
                                i = next;
                                Ok(s)
                            }
                            Err(e) => {
                                // skip the rest of the section
                                let end = raw_or_comment_end(self.src, nodes, i - 1)
                                    .unwrap_or(self.src.len());
                                while i < nodes.len() && nodes[i].span().start < end {
                                    i += 1;
                                }
                                Err(e)
                            }
                        }
                    } else {
                        self.bare_ident(name, *sp)
                    }
                }
                Node::Call(c) => self.stmt_call(c),
                Node::Param(sp) => {
                    self.stray(*sp, "a parameter at statement level writes its text out")
                }
                // alsaconf reads `;` as a separator, as it reads a newline
                Node::Text(sp) if self.text(*sp).trim() == ";" => Ok(vec![]),
                Node::Text(sp) => self.stray(*sp, ""),
                Node::Space(_) | Node::Newline(_) => Ok(vec![]),
            };
            same_line = !matches!(node, Node::Dnl(_));
            match r {
                Ok(s) => out.extend(s),
                Err(mut e) => {
                    // one refusal for a line of stray text, not one per word
                    if matches!(e.kind, K::StrayText { .. })
                        && matches!(node, Node::Text(_) | Node::Ident(_) | Node::Param(_))
                    {
                        while let Some(n) = nodes.get(i) {
                            if matches!(n, Node::Newline(_) | Node::Dnl(_) | Node::Comment(_)) {
                                break;
                            }
                            if !n.is_blank() {
                                e.span = e.span.to(n.span());
                            }
                            i += 1;
                        }
                    }
                    if matches!(e.kind, K::StrayText { .. })
                        && !self.state.path.is_empty()
                        && self.ctx.is_none()
                        && !self.state.diverted
                    {
                        // in a branch: M4 writes the text into the topology,
                        // which alsatplg then refuses; that branch fails
                        let text = self.text(e.span).trim().to_string();
                        out.push(Stmt::Call(CallOut {
                            name: "FATAL_ERROR".into(),
                            args: vec![ArgOut {
                                comments: vec![],
                                brk: None,
                                value: Value::Str(vec![Piece::Text(format!(
                                    "M4 writes the text `{text}` into the topology here, outside any section"
                                ))]),
                            }],
                            close_break: None,
                        }));
                        self.warn(K::StrayTextFails { text }, e.span, "this text");
                        continue;
                    }
                    self.refusals.push(*e)
                }
            }
        }
        while matches!(out.last(), Some(Stmt::Blank)) {
            out.pop();
        }
        out
    }

    fn stray<T>(&self, span: Sp, hint: &str) -> R<T> {
        let hint = if self.ctx.is_some() && hint.is_empty() {
            " This is part of a macro body that builds text.".to_string()
        } else if hint.is_empty() {
            String::new()
        } else {
            let mut c = hint.chars();
            let first: String = c
                .next()
                .map(|f| f.to_uppercase().collect())
                .unwrap_or_default();
            format!(" {first}{}.", c.as_str())
        };
        refuse(K::StrayText { hint }, span, "this text")
    }

    /// A name alone where a statement stands: a macro without arguments.
    fn bare_ident(&mut self, name: &str, sp: Sp) -> R<Vec<Stmt>> {
        // the builtins M4 recognises without arguments
        const BARE_BUILTINS: &[&str] = &[
            "divnum",
            "sysval",
            "__file__",
            "__line__",
            "__program__",
            "m4exit",
            "undivert",
            "dumpdef",
            "traceon",
            "traceoff",
        ];
        if BARE_BUILTINS.contains(&name) {
            return refuse(
                K::Unsupported {
                    name: name.into(),
                    help: unsupported_help(name),
                },
                sp,
                "here",
            );
        }
        match self.kind_of(name) {
            Some(Kind::Value | Kind::Record) => {
                return self.stray(sp, &format!("`{name}` is a value: M4 writes it out here"))
            }
            Some(Kind::Macro) => {}
            _ if is_name_case(name) => {}
            _ => return self.stray(sp, ""),
        }
        if self.state.diverted {
            return refuse(K::Diverted, sp, "this statement");
        }
        Ok(vec![Stmt::Call(CallOut {
            name: name.into(),
            args: vec![ArgOut {
                comments: vec![],
                brk: None,
                value: Value::empty(),
            }],
            close_break: None,
        })])
    }

    fn stmt_call(&mut self, c: &Call) -> R<Vec<Stmt>> {
        let name = self.text(c.name);
        self.base_indent = line_indent(self.src, c.span.start).to_string();
        if !c.closed {
            return self.unclosed(c);
        }
        match name {
            "DECLARE_SOF_RT_UUID" => self.declare_uuid(c),
            "define" => self.define(c),
            "undefine" => self.undefine(c),
            "ifdef" => self.stmt_ifdef(c),
            "ifelse" => self.stmt_ifelse(c),
            "include" => self.include(c),
            "fatal_error" | "errprint" => self.fatal(c),
            "divert" => self.divert(c),
            "eval" | "incr" | "decr" | "concat" | "STR" | "LIST" | "LIST_NONEWLINE" | "dapm" => {
                self.stray(
                    c.span,
                    &format!("`{name}` gives a value; M4 writes it out here"),
                )
            }
            _ if UNSUPPORTED.contains(&name) => refuse(
                K::Unsupported {
                    name: name.into(),
                    help: unsupported_help(name),
                },
                c.name,
                "here",
            ),
            _ => {
                if matches!(self.kind_of(name), Some(Kind::Value | Kind::Record)) {
                    return self.stray(
                        c.span,
                        &format!("`{name}` is a value: M4 writes it out here"),
                    );
                }
                if self.state.diverted {
                    return refuse(K::Diverted, c.span, "this statement");
                }
                self.library_call(c)
            }
        }
    }

    /// A statement of the library (or a user macro).
    fn library_call(&mut self, c: &Call) -> R<Vec<Stmt>> {
        let name = self.text(c.name).to_string();
        let (hoisted, call) = self.call_out(c)?;
        if call.leaves() > MAX_BRANCHES {
            return refuse(
                K::TooManyBranches {
                    count: call.leaves(),
                },
                c.span,
                "in this statement",
            );
        }
        // pipelines publish their endpoints for the statements after them
        let pipeline = self
            .sigs
            .get(&name)
            .map(|s| s.kind == ConstructKind::Pipeline)
            .unwrap_or_else(|| name.starts_with("PIPELINE_") || name.starts_with("DAI_ADD"));
        let mut out = Vec::new();
        if pipeline {
            if let Some(id) = c
                .args
                .get(1)
                .and_then(|a| self.text(a.span).trim().parse::<i64>().ok())
            {
                self.state.pipelines.insert(id);
            }
            out.extend(self.unset_memory_caps(c.span));
        }
        out.extend(hoisted);
        out.extend(to_stmts(call.map(&mut |(mut eff, c)| {
            eff.push(Stmt::Call(c));
            eff
        })));
        // SOF's DAI_ADD undefines DAI_PERIODS when it is done (a topology's
        // `define(`DAI_PERIODS', 8)` reaches only the pipelines before the
        // first DAI_ADD); tplg's DAI_ADD leaves names alone, so say it.
        const DAI_PERIODS: &str = "DAI_PERIODS";
        if matches!(name.as_str(), "DAI_ADD" | "DAI_ADD_SCHED")
            && self
                .state
                .names
                .get(DAI_PERIODS)
                .is_some_and(|(k, _)| *k != Known::No)
        {
            self.state.set(DAI_PERIODS, Known::No, Kind::Other);
            out.push(Stmt::Undefine(DAI_PERIODS.into()));
            out.push(Stmt::Trailing(format!(
                "# as SOF's {name} does: the pipelines after it use 2 periods unless told"
            )));
        }
        Ok(out)
    }

    /// Before the first pipeline: the platform memory capabilities that
    /// SOF's pipelines read and nothing read so far defines, when a
    /// platform file was read (SOF's platform/amd/acp.m4 defines none). M4 writes such a name into the
    /// buffer's word tuple as it is, which alsatplg reads as 0; converted
    /// as `default NAME = 0` (a file that includes this one may define it).
    fn unset_memory_caps(&mut self, span: Sp) -> Vec<Stmt> {
        let mut out = Vec::new();
        // only after a platform file was read (it includes SOF's
        // memory.m4): a fragment that its includer's platform precedes
        // reads the capabilities from there
        if !self.state.platform_read
            && !matches!(
                self.state.names.get("MEM_CAP_RAM"),
                Some((Known::Yes | Known::Maybe, _))
            )
        {
            return out;
        }
        for cap in ["DAI", "HOST", "PASS", "COMP"] {
            let name = format!("PLATFORM_{cap}_MEM_CAP");
            if matches!(
                self.state.names.get(&name),
                Some((Known::Yes | Known::Maybe | Known::Guess, _))
            ) {
                continue;
            }
            if out.is_empty() {
                self.warn(
                    K::MemCapsUndefined { name: name.clone() },
                    span,
                    "the first pipeline",
                );
                out.push(Stmt::Comment(
                    "# the platform leaves its memory capabilities undefined: M4 writes the names, which alsatplg reads as 0".into(),
                ));
            }
            self.state.set(&name, Known::Yes, Kind::Value);
            out.push(Stmt::Define {
                name,
                value: Value::Num("0".into()),
                default: true,
            });
        }
        out
    }

    /// The `.topo` call for an M4 call, with its arguments and their layout.
    fn call_out(&mut self, c: &Call) -> R<(Vec<Stmt>, Choice<Fx<CallOut>>)> {
        let name = self.text(c.name).to_string();
        let mut hoisted = Vec::new();
        let mut args: Vec<Choice<Fx<ArgOut>>> = Vec::new();
        for (i, a) in c.args.iter().enumerate() {
            // `F($@)` in a macro body passes every parameter on
            if let (Some(ctx), Some(sp)) = (&self.ctx, self.only_param(a)) {
                let p = self.text(sp);
                if p == "$@" || p == "$*" {
                    for (k, pn) in ctx.params.iter().enumerate() {
                        args.push(Choice::Leaf((
                            vec![],
                            ArgOut {
                                comments: vec![],
                                brk: if k == 0 { self.arg_break(a) } else { None },
                                value: Value::Words(pn.clone()),
                            },
                        )));
                    }
                    continue;
                }
            }
            let (comments, h, v) = self.arg_value(a)?;
            let v = self.integer_name(&name, i, a, v);
            let v = self.record_name(&name, i, v);
            hoisted.extend(h);
            // an empty argument list is `F()`, not `F("")`
            if c.args.len() == 1
                && i == 0
                && v == Choice::Leaf((vec![], Value::empty()))
                && comments.is_empty()
                && self.text(a.span).trim().is_empty()
            {
                args.push(Choice::Leaf((
                    vec![],
                    ArgOut {
                        comments,
                        brk: None,
                        value: Value::empty(),
                    },
                )));
                continue;
            }
            let brk = self.arg_break(a);
            args.push(v.map(&mut |(eff, value)| {
                (
                    eff,
                    ArgOut {
                        comments: comments.clone(),
                        brk: brk.clone(),
                        value,
                    },
                )
            }));
        }
        let close_break = self.close_break(c);
        let combined = zip_all(args);
        if combined.leaves() > MAX_BRANCHES {
            return refuse(
                K::TooManyBranches {
                    count: combined.leaves(),
                },
                c.span,
                "in this call",
            );
        }
        Ok((
            hoisted,
            combined.map(&mut |args: Vec<Fx<ArgOut>>| {
                let mut eff = Vec::new();
                let mut outs = Vec::new();
                for (e, a) in args {
                    eff.extend(e);
                    outs.push(a);
                }
                (
                    eff,
                    CallOut {
                        name: name.clone(),
                        args: outs,
                        close_break: close_break.clone(),
                    },
                )
            }),
        ))
    }

    /// An unquoted NAME_CASE word nothing in reach defines, where the
    /// statement takes an integer (`DAI_ADD(…, SSP, SSP_NUM, …)`): M4 would
    /// write the word as text, which no build can use there, so the only
    /// meaning that works is the name's value, given with -D. It is kept a
    /// reference (tplg reports it at build time if it is not defined),
    /// rather than text that fails as the wrong kind of value.
    fn integer_name(
        &self,
        call: &str,
        i: usize,
        a: &Arg,
        v: Choice<Fx<Value>>,
    ) -> Choice<Fx<Value>> {
        if !self.param_kind(call, i).is_some_and(|k| {
            matches!(
                k,
                crate::eval::signature::ParamKind::Int | crate::eval::signature::ParamKind::Index
            )
        }) {
            return v;
        }
        let mut it = a.nodes.iter().filter(|n| !n.is_blank());
        let (Some(Node::Ident(sp)), None) = (it.next(), it.next()) else {
            return v;
        };
        let word = self.text(*sp);
        if !is_name_case(word) || matches!(self.state.names.get(word), Some((Known::No, _))) {
            return v;
        }
        match v {
            Choice::Leaf((eff, Value::Str(p))) if matches!(p.as_slice(), [Piece::Text(t)] if t == word) => {
                Choice::Leaf((eff, Value::Words(word.to_string())))
            }
            v => v,
        }
    }

    /// The kind of the `i`th argument of library statement `call` (the
    /// variadic last parameter for any beyond it).
    fn param_kind(&self, call: &str, i: usize) -> Option<&crate::eval::signature::ParamKind> {
        let sig = self.sigs.get(call)?;
        sig.params
            .get(i)
            .or_else(|| sig.params.last().filter(|p| p.variadic))
            .map(|p| &p.kind)
    }

    /// A name tplg does not look up as a bare word (`DMIC_DAI_LINK_16k_PDM`),
    /// given whole to a parameter that takes a call (`PDM_CONFIG`'s
    /// `pdms`): its value, `symbol("NAME")`, which M4 reads again into the
    /// call it names (`STEREO_PDM0`), not its text.
    fn record_name(&self, call: &str, i: usize, v: Choice<Fx<Value>>) -> Choice<Fx<Value>> {
        if !self
            .param_kind(call, i)
            .is_some_and(|k| matches!(k, crate::eval::signature::ParamKind::Record(_)))
        {
            return v;
        }
        match v {
            Choice::Leaf((eff, Value::Str(p))) => match p.as_slice() {
                [Piece::Name(n)] if !is_name_case(n) => {
                    Choice::Leaf((eff, symbol_call(Value::Str(vec![Piece::Text(n.clone())]))))
                }
                _ => Choice::Leaf((eff, Value::Str(p))),
            },
            v => v,
        }
    }

    fn only_param(&self, a: &Arg) -> Option<Sp> {
        let mut it = a.nodes.iter().filter(|n| !n.is_blank());
        match (it.next(), it.next()) {
            (Some(Node::Param(sp)), None) => Some(*sp),
            _ => None,
        }
    }

    /// The indentation of an argument that starts a new line, relative to
    /// its statement.
    fn arg_break(&self, a: &Arg) -> Option<String> {
        let mut last_newline: Option<usize> = None;
        for n in &a.nodes {
            match n {
                // a line break between quoted pieces read as one text
                Node::Newline(sp) if sp.start == sp.end => {
                    last_newline = Some(self.src[..sp.start].rfind('\n').map_or(0, |k| k + 1))
                }
                Node::Newline(sp) => last_newline = Some(sp.end),
                Node::Dnl(sp) => last_newline = Some(sp.end),
                Node::Space(_) | Node::Comment(_) => {}
                _ => break,
            }
        }
        last_newline.map(|at| self.relative_indent(at))
    }

    fn close_break(&self, c: &Call) -> Option<String> {
        let last = c.args.last()?;
        let mut at = None;
        for n in last.nodes.iter().rev() {
            match n {
                Node::Newline(sp) | Node::Dnl(sp) => {
                    at = Some(sp.end);
                    break;
                }
                Node::Space(_) => {}
                _ => break,
            }
        }
        at.map(|at| self.relative_indent(at))
    }

    fn relative_indent(&self, line_start: usize) -> String {
        let rest = &self.src[line_start..];
        let n = rest.len() - rest.trim_start_matches([' ', '\t']).len();
        let ind = &rest[..n];
        ind.strip_prefix(self.base_indent.as_str())
            .unwrap_or(ind)
            .to_string()
    }

    // ---- define / undefine ----------------------------------------------------

    /// The name argument of define/undefine/ifdef, and whether it was quoted.
    fn name_arg(&self, a: &Arg, builtin: &str) -> R<(String, bool)> {
        let mut it = a.nodes.iter().filter(|n| !n.is_blank());
        let (first, second) = (it.next(), it.next());
        match (first, second) {
            (Some(Node::Ident(sp)), None) => Ok((self.text(*sp).to_string(), false)),
            (Some(Node::Quoted(q)), None) => {
                let inner = self.text(q.inner).trim();
                if inner.contains(['$', '`', '(']) || inner.is_empty() {
                    return refuse(
                        K::ComputedName {
                            pattern: inner.to_string(),
                            examples: format!(
                                "`{builtin}` gets the name only when the text is read"
                            ),
                        },
                        a.span,
                        "this name",
                    );
                }
                Ok((inner.to_string(), true))
            }
            _ => refuse(
                K::ComputedName {
                    pattern: self.text(a.span).trim().to_string(),
                    examples: format!("`{builtin}` would use the text this expands to"),
                },
                a.span,
                "this name",
            ),
        }
    }

    fn check_unquoted(&self, name: &str, quoted: bool, a: &Arg, action: &'static str) -> R<()> {
        if quoted || !self.maybe_defined(name) {
            return Ok(());
        }
        let why = match self.state.names.get(name) {
            Some((Known::Yes, _)) => format!("`{name}` is defined here, so M4 uses its value as the name"),
            _ if self.facts.is_input(name) => format!(
                "this file tests `{name}`, so it may be defined (e.g. with -D); then M4 uses its value as the name"
            ),
            _ => format!("`{name}` may be defined here; then M4 uses its value as the name"),
        };
        refuse(
            K::UnquotedName {
                name: name.to_string(),
                action,
                why,
            },
            a.span,
            "unquoted",
        )
    }

    fn define(&mut self, c: &Call) -> R<Vec<Stmt>> {
        if c.args.len() > 2 {
            return refuse(
                K::ArgCount {
                    builtin: "define".into(),
                    expected: "1 or 2 arguments".into(),
                    found: c.args.len(),
                },
                c.args[2].span,
                "extra argument",
            );
        }
        let (name, quoted) = self.name_arg(&c.args[0], "define")?;
        let name = if quoted {
            name
        } else if matches!(self.state.names.get(&name), None | Some((Known::Guess, _))) {
            return self.define_unquoted_first(&name, c);
        } else {
            match self.unquoted_target(&name, &c.args[0], "defining")? {
                Some(n) => n,
                None => return Ok(vec![]),
            }
        };
        if !is_name(&name) {
            return refuse(K::BadName { name }, c.args[0].span, "this name");
        }
        let Some(body) = c.args.get(1) else {
            self.state.set(&name, Known::Yes, Kind::Value);
            self.state.values.insert(name.clone(), vec![String::new()]);
            return Ok(vec![Stmt::Define {
                name,
                value: Value::empty(),
                default: false,
            }]);
        };
        if has_params(self.text(body.span)) || self.facts.stmt_uses.contains(&name) {
            return self.macro_def(&name, c, body);
        }
        self.value_define(&name, c, body)
    }

    /// An unquoted `define(NAME, …)` of a name this file has not defined
    /// yet. M4 expands `NAME` first: defined from outside (`-DNAME=2`), it
    /// defines a macro named by the value (`2`, which nothing can call, so
    /// `NAME` keeps its -D value); not defined, it defines `NAME`. That is
    /// `default NAME = …`. A -D value the build passes that is a name would
    /// make M4 define that name instead: refused.
    fn define_unquoted_first(&mut self, name: &str, c: &Call) -> R<Vec<Stmt>> {
        if let Some(v) = self
            .input_values
            .get(name)
            .and_then(|vs| vs.iter().find(|v| is_name(v)))
        {
            return refuse(
                K::UnquotedName {
                    name: name.to_string(),
                    action: "defining",
                    why: format!(
                        "the build passes -D{name}={v}, and then M4 defines the macro `{v}`, not `{name}`"
                    ),
                },
                c.args[0].span,
                "unquoted",
            );
        }
        if self.maybe_defined(name) {
            self.warn(
                K::UnquotedNameExpanded {
                    name: name.into(),
                    what: format!(
                        "first, and `{name}` may be defined before this (by -D, or a file that includes this one) to a value this conversion cannot see: M4 then defines the macro that value names and `{name}` keeps its value. Converted as `default {name} = …`, which keeps the value too; if that value is itself a macro name, M4 also redefines that macro and tplg does not"
                    ),
                },
                c.args[0].span,
                "unquoted",
            );
        }
        let mut stmts = match c.args.get(1) {
            None => {
                self.state.set(name, Known::Yes, Kind::Value);
                vec![Stmt::Define {
                    name: name.to_string(),
                    value: Value::empty(),
                    default: false,
                }]
            }
            Some(body)
                if has_params(self.text(body.span)) || self.facts.stmt_uses.contains(name) =>
            {
                return self.macro_def(name, c, body);
            }
            Some(body) => self.value_define(name, c, body)?,
        };
        // later unquoted uses of the name assume the value written here,
        // as the file does
        for s in &mut stmts {
            if let Stmt::Define {
                name: n, default, ..
            } = s
            {
                if n == name {
                    *default = true;
                }
            }
        }
        Ok(stmts)
    }

    fn value_define(&mut self, name: &str, c: &Call, body: &Arg) -> R<Vec<Stmt>> {
        // quoted text is read where the macro is used, not here
        let lazy = body
            .nodes
            .iter()
            .any(|n| matches!(n, Node::Quoted(q) if !self.text(q.inner).trim().is_empty()));
        let mut atoms = Vec::new();
        self.flatten(&body.nodes, 0, &mut atoms)?;
        let comments = take_comments(&mut atoms);
        let atoms = trim(atoms);
        let mut arg_list = false;
        if lazy {
            // M4 splits the value at a comma wherever it is an argument
            let commas = atoms
                .iter()
                .filter_map(|a| match a {
                    Atom::Lit { text, sp, depth: 1 } => text.find(',').map(|k| (text, sp, k)),
                    _ => None,
                })
                .collect::<Vec<_>>();
            if let Some((_, sp, k)) = commas.first() {
                if self.used_beyond_definitions(name) {
                    return refuse(
                        K::CommaInValue { name: name.into() },
                        Sp::new(sp.start + k, sp.start + k + 1),
                        "this comma",
                    );
                }
                // only the files that include this one use it: as text, with
                // a warning that says what M4 does with it there
                let count = 1 + commas
                    .iter()
                    .map(|(t, _, _)| t.matches(',').count())
                    .sum::<usize>();
                self.warn(
                    K::ArgumentList {
                        name: name.into(),
                        count,
                    },
                    body.span,
                    "an argument list",
                );
                arg_list = true;
            }
            self.check_late_binding(name, c, body)?;
        }
        let (hoisted, value) = if arg_list {
            // the text as it is, commas and all
            let text: String = atoms
                .iter()
                .map(|a| match a {
                    Atom::Lit { text, .. } | Atom::Blank { text, .. } => text.clone(),
                    Atom::Ident { name, .. } => name.clone(),
                    _ => String::new(),
                })
                .collect();
            if atoms.iter().any(|a| {
                !matches!(
                    a,
                    Atom::Lit { .. } | Atom::Blank { .. } | Atom::Ident { .. }
                )
            }) {
                return refuse(
                    K::CommaInValue { name: name.into() },
                    body.span,
                    "this value",
                );
            }
            (
                vec![],
                Choice::Leaf((vec![], Value::Str(vec![Piece::Text(text)]))),
            )
        } else {
            self.atoms_value(&atoms, body.span)?
        };
        if lazy {
            // M4 runs these when the value is used, tplg where it is defined:
            // the same only for a failure, and only if the value is used
            let mut only_failures = hoisted.iter().all(is_fatal);
            value
                .clone()
                .map(&mut |(eff, _)| only_failures &= eff.iter().all(is_fatal));
            let has_effects = !hoisted.is_empty() || {
                let mut any = false;
                value.clone().map(&mut |(eff, _)| any |= !eff.is_empty());
                any
            };
            if has_effects && !(only_failures && self.facts.used_after(name, c.span.end)) {
                return refuse(
                    K::Unsupported {
                        name: name.into(),
                        help: format!("the quoted body of `{name}` runs `define` or `fatal_error` each time `{name}` is used; a tplg definition holds a value, not actions"),
                    },
                    body.span,
                    "this body",
                );
            }
        }
        // a pasted name is kept as the name, and read where it is used
        let mut all_names = true;
        value
            .clone()
            .map(&mut |(_, v)| all_names &= symbol_arg(&v).is_some());
        let value = if all_names {
            value.map(&mut |(eff, v)| {
                let v = symbol_arg(&v).cloned().unwrap_or(v);
                (eff, v)
            })
        } else {
            value
        };
        let mut is_call = false;
        value
            .clone()
            .map(&mut |(_, v)| is_call |= matches!(v, Value::Call(_)));
        let kind = if all_names {
            Kind::Name
        } else if is_call {
            Kind::Record
        } else {
            Kind::Value
        };
        // a lower-case macro that stands for a call gets a NAME_CASE name,
        // which tplg replaces by its value where M4 replaced the macro
        let upper = name.to_ascii_uppercase();
        let name = if kind == Kind::Record
            && !is_name_case(name)
            && is_name_case(&upper)
            && (self.renames.get(name) == Some(&upper)
                || (!self.mentioned.contains(&upper) && !self.state.names.contains_key(&upper)))
        {
            self.renames.insert(name.to_string(), upper.clone());
            self.state.set(name, Known::Yes, kind);
            upper.as_str()
        } else {
            name
        };
        self.state.set(name, Known::Yes, kind);
        if let Choice::Leaf((eff, v)) = &value {
            if let (true, Some(t)) = (eff.is_empty(), self.literal_of(v)) {
                self.state.values.insert(name.to_string(), vec![t]);
            }
        }
        let mut out: Vec<Stmt> = comments.into_iter().map(Stmt::Comment).collect();
        out.extend(hoisted);
        out.extend(to_stmts(value.map(&mut |(mut eff, v)| {
            eff.push(Stmt::Define {
                name: name.to_string(),
                value: v,
                default: false,
            });
            eff
        })));
        Ok(out)
    }

    /// Whether the file reads `name` anywhere but where it defines,
    /// undefines or tests it.
    fn used_beyond_definitions(&self, name: &str) -> bool {
        let all = names_in(self.src, 0)
            .into_iter()
            .filter(|(n, _)| n == name)
            .count();
        let defs = self.facts.defs_at.get(name).map_or(0, Vec::len);
        let tests = self.src.matches(&format!("ifdef(`{name}'")).count();
        all > defs + tests
    }

    /// The text a converted value holds, names unexpanded.
    fn literal_of(&self, v: &Value) -> Option<String> {
        match v {
            Value::Num(n) => Some(n.clone()),
            Value::Str(p) => p
                .iter()
                .map(|p| match p {
                    Piece::Text(t) => Some(t.as_str()),
                    Piece::Name(_) => None,
                })
                .collect::<Option<String>>(),
            // a name in it is expanded again where M4 reads the value
            Value::Words(w) => Some(w.clone()),
            _ => None,
        }
    }

    /// A quoted body is read where the macro is used; tplg evaluates it
    /// where it is defined. Refuse when something it reads changes between.
    fn check_late_binding(&mut self, name: &str, c: &Call, body: &Arg) -> R<()> {
        let quoted: Vec<(String, Sp)> = body
            .nodes
            .iter()
            .filter_map(|n| match n {
                Node::Quoted(q) => Some(names_in(self.text(q.inner), q.inner.start)),
                _ => None,
            })
            .flatten()
            .collect();
        for (w, sp) in quoted {
            if w == name {
                continue;
            }
            // an include further down may define it
            if !self.maybe_defined(&w) && !self.is_macro(&w) {
                self.lazy_reads.push((w.clone(), name.to_string(), sp));
            }
            if let Some(at) = self.facts.redefined_after(&w, c.span.end) {
                let (line, _) = crate::source::line_col(self.src, at);
                return refuse(
                    K::LateBinding {
                        name: name.into(),
                        late: w.clone(),
                        why: format!("`{w}` is defined again at line {line}"),
                    },
                    sp,
                    "read later",
                );
            }
            if let Some(id) = published(&w) {
                if !self.state.pipelines.contains(&id) {
                    return refuse(
                        K::LateBinding {
                            name: name.into(),
                            late: w.clone(),
                            why: format!("Pipeline {id} publishes `{w}` only when it is added, after this line"),
                        },
                        sp,
                        "not yet published",
                    );
                }
            }
        }
        Ok(())
    }

    fn undefine(&mut self, c: &Call) -> R<Vec<Stmt>> {
        let mut out = Vec::new();
        // M4 undefines every name given
        for a in &c.args {
            let (name, quoted) = self.name_arg(a, "undefine")?;
            let name = if quoted {
                name
            } else {
                match self.unquoted_target(&name, a, "undefining")? {
                    Some(n) => n,
                    None => continue,
                }
            };
            if !is_name(&name) {
                // nothing in this file defines such a name: nothing to undo
                if !self.facts.defs_at.contains_key(&name) {
                    continue;
                }
                return refuse(K::BadName { name }, a.span, "this name");
            }
            self.state.set(&name, Known::No, Kind::Other);
            out.push(Stmt::Undefine(name));
        }
        Ok(out)
    }

    /// A define whose body uses `$1`…: a `macro` whose body must be statements.
    fn macro_def(&mut self, name: &str, c: &Call, body: &Arg) -> R<Vec<Stmt>> {
        let text = self.text(body.span);
        let mut max = 0usize;
        let b = text.as_bytes();
        for (k, w) in b.windows(2).enumerate() {
            if w[0] != b'$' {
                continue;
            }
            if w[1] == b'0' && !b.get(k + 2).is_some_and(u8::is_ascii_digit) {
                return refuse(
                    K::Unsupported {
                        name: "$0".into(),
                        help: "a macro body cannot name its own macro in tplg; write the name out"
                            .into(),
                    },
                    Sp::new(body.span.start + k, body.span.start + k + 2),
                    "here",
                );
            }
            if w[1].is_ascii_digit() {
                let digits: String = text[k + 1..]
                    .chars()
                    .take_while(char::is_ascii_digit)
                    .collect();
                max = max.max(digits.parse().unwrap_or(0));
            }
        }
        // `$#` and `$@` need the number of arguments, which tplg fixes per
        // macro: take it from the calls in this file, if they agree
        let counts_args = text.contains("$#") || text.contains("$@") || text.contains("$*");
        if counts_args {
            let arities = self.facts.arities.get(name).cloned().unwrap_or_default();
            match arities.len() {
                1 => max = max.max(arities.into_iter().next().unwrap_or(0)),
                0 => {
                    return refuse(
                        K::Unsupported {
                            name: "$#".into(),
                            help: format!("`{name}` uses `$#` or `$@`, and no call in this file shows how many arguments it takes; tplg macros have a fixed parameter list"),
                        },
                        body.span,
                        "this body",
                    )
                }
                _ => {
                    let mut a: Vec<usize> = arities.into_iter().collect();
                    a.sort_unstable();
                    let a: Vec<String> = a.iter().map(ToString::to_string).collect();
                    return refuse(
                        K::Unsupported {
                            name: "$#".into(),
                            help: format!("`{name}` is called with {} arguments; tplg macros have a fixed parameter list", a.join(" and ")),
                        },
                        body.span,
                        "this body",
                    );
                }
            }
        }
        let names: HashSet<String> = names_in(text, 0).into_iter().map(|(n, _)| n).collect();
        let prefix = ["p", "arg", "param", "macro_arg"]
            .into_iter()
            .find(|p| !(1..=max).any(|i| names.contains(&format!("{p}{i}"))))
            .unwrap_or("macro_arg");
        let params: Vec<String> = (1..=max).map(|i| format!("{prefix}{i}")).collect();

        // the body as statements: quoted parts are read when the macro is used
        let mut nodes = Vec::new();
        for n in &body.nodes {
            match n {
                Node::Quoted(q) => nodes.extend(read_quoted(self.src, q)?),
                Node::Call(inner) => {
                    return refuse(
                        K::EagerBody {
                            name: name.into(),
                            call: self.text(inner.name).into(),
                        },
                        inner.span,
                        "unquoted in the body",
                    )
                }
                other => nodes.push(other.clone()),
            }
        }
        let saved_state = self.state.clone();
        // the body runs where the macro is used, not inside this divert
        self.state.diverted = false;
        let saved_ctx = self.ctx.replace(MacroCtx {
            params: params.clone(),
        });
        let saved_refusals = std::mem::take(&mut self.refusals);
        let saved_indent = std::mem::take(&mut self.base_indent);
        let body_stmts = self.stmts(&nodes);
        let body_refusals = std::mem::replace(&mut self.refusals, saved_refusals);
        self.ctx = saved_ctx;
        self.state = saved_state;
        self.base_indent = saved_indent;
        if let Some(first) = body_refusals
            .iter()
            .find(|r| matches!(r.kind, K::StrayText { .. }))
        {
            return refuse(
                K::TextMacro { name: name.into() },
                first.span,
                format!("`{name}` writes this text"),
            );
        }
        let _ = c;
        self.refusals.extend(body_refusals);
        self.state.set(name, Known::Yes, Kind::Macro);
        Ok(vec![Stmt::Macro {
            name: name.into(),
            params,
            body: body_stmts,
        }])
    }

    // ---- conditionals -----------------------------------------------------------

    /// What `ifdef` tests, and the name whose definedness its branches
    /// know. Quoted, the name itself; unquoted, M4 tests the name the
    /// argument expands to (see [`Self::expand_name`]).
    fn ifdef_test(&mut self, c: &Call) -> R<(Cond, Option<String>)> {
        if !(2..=3).contains(&c.args.len()) {
            return refuse(
                K::ArgCount {
                    builtin: "ifdef".into(),
                    expected: "2 or 3 arguments".into(),
                    found: c.args.len(),
                },
                c.span,
                "here",
            );
        }
        let a = &c.args[0];
        let (name, quoted) = self.name_arg(a, "ifdef")?;
        if quoted {
            return Ok((Cond::Dynamic(Value::Defined(name.clone())), Some(name)));
        }
        match self.expand_name(&name).as_deref() {
            Some([Expanded::Name(n)]) => {
                if *n != name {
                    self.warn_expanded(&name, n, "tests", a.span);
                }
                Ok((Cond::Dynamic(Value::Defined(n.clone())), Some(n.clone())))
            }
            Some(all) if all.iter().all(|e| matches!(e, Expanded::Nothing(_))) => {
                self.warn(
                    K::UnquotedNameExpanded {
                        name: name.clone(),
                        what: "to text that names no macro, so this `ifdef` is false".to_string(),
                    },
                    a.span,
                    "unquoted",
                );
                Ok((Cond::Static(false), None))
            }
            Some(_) => refuse(
                K::UnquotedName {
                    why: format!("`{name}` holds different names on different branches above"),
                    name,
                    action: "testing",
                },
                a.span,
                "unquoted",
            ),
            None => {
                // defined from outside (-D): M4 tests whether its value names
                // a macro; `-D NAME` (empty) names none
                self.warn(
                    K::UnquotedNameExpanded {
                        name: name.clone(),
                        what: format!("first when it is defined (with -D), and tests whether its value names a macro: converted as `defined({name}) && defined(\"${{{name}}}\")`"),
                    },
                    a.span,
                    "unquoted",
                );
                let by_value = Value::Call(CallOut {
                    name: "defined".into(),
                    args: vec![ArgOut {
                        comments: vec![],
                        brk: None,
                        value: Value::Str(vec![Piece::Name(name.clone())]),
                    }],
                    close_break: None,
                });
                Ok((
                    Cond::Dynamic(Value::Binary(
                        BinOp::And,
                        Box::new(Value::Defined(name)),
                        Box::new(by_value),
                    )),
                    None,
                ))
            }
        }
    }

    fn warn_expanded(&mut self, name: &str, to: &str, action: &str, sp: Sp) {
        self.warn(
            K::UnquotedNameExpanded {
                name: name.into(),
                what: format!("to `{to}`, and {action} `{to}`, not `{name}`: converted as M4 does"),
            },
            sp,
            "unquoted",
        );
    }

    /// What M4 expands an unquoted name to before `define`, `undefine` or
    /// `ifdef` sees it: the name itself when it is not defined, else (again)
    /// what its value expands to; a value that is not a single name stands
    /// for no macro. One result per value the name may hold; `None` when
    /// this file cannot tell (a name defined from outside, or by an include
    /// with a value this file cannot see).
    fn expand_name(&self, name: &str) -> Option<Vec<Expanded>> {
        let mut out: Vec<Expanded> = Vec::new();
        let mut todo = vec![(name.to_string(), 0usize)];
        while let Some((cur, depth)) = todo.pop() {
            if depth > 16 {
                return None;
            }
            let param = self.ctx.as_ref().is_some_and(|c| c.params.contains(&cur));
            if param {
                return None;
            }
            let e = if let Some(vals) = self.state.values.get(&cur) {
                for v in vals {
                    let t = v.trim();
                    if is_name(t) {
                        todo.push((t.to_string(), depth + 1));
                    } else if !out.contains(&Expanded::Nothing(t.to_string())) {
                        out.push(Expanded::Nothing(t.to_string()));
                    }
                }
                continue;
            } else if !self.maybe_defined(&cur)
                && !matches!(self.state.names.get(&cur), Some((Known::Guess, _)))
            {
                Expanded::Name(cur)
            } else {
                return None;
            };
            if !out.contains(&e) {
                out.push(e);
            }
        }
        Some(out)
    }

    /// The name an unquoted `define`/`undefine` acts on; `None`: M4 acts on
    /// text no macro can be named, so the statement does nothing.
    fn unquoted_target(&mut self, name: &str, a: &Arg, action: &'static str) -> R<Option<String>> {
        let verb = if action == "defining" {
            "defines"
        } else {
            "undefines"
        };

        match self.expand_name(name).as_deref() {
            Some([Expanded::Name(n)]) => {
                if n != name {
                    self.warn_expanded(name, n, verb, a.span);
                }
                Ok(Some(n.clone()))
            }
            Some(all) if all.iter().all(|e| matches!(e, Expanded::Nothing(_))) => {
                self.warn(
                    K::UnquotedNameExpanded {
                        name: name.into(),
                        what: format!("to text that names no macro, and {verb} that: the statement does nothing and is dropped"),
                    },
                    a.span,
                    "unquoted",
                );
                Ok(None)
            }
            Some(_) => refuse(
                K::UnquotedName {
                    name: name.to_string(),
                    action,
                    why: format!("`{name}` holds different names on different branches above, so M4 {verb} one of them"),
                },
                a.span,
                "unquoted",
            ),
            None => {
                self.check_unquoted(name, false, a, action)?;
                Ok(Some(name.to_string()))
            }
        }
    }

    /// The unquoted `define`, `undefine`, `fatal_error` and `errprint` in
    /// the branches `args` of a conditional: M4 runs them while collecting
    /// the arguments, in order and whatever the condition, before the test.
    fn hoist(&mut self, args: &[&Arg]) -> R<Vec<Stmt>> {
        let mut out = Vec::new();
        for a in args {
            for n in &a.nodes {
                let Node::Call(inner) = n else { continue };
                if matches!(
                    self.text(inner.name),
                    "define" | "undefine" | "fatal_error" | "errprint"
                ) && self.hoisted_done.insert(inner.span.start)
                {
                    out.extend(self.stmt_call(inner)?);
                }
            }
        }
        Ok(out)
    }

    fn stmt_ifdef(&mut self, c: &Call) -> R<Vec<Stmt>> {
        let pre = self.hoist(&c.args.iter().skip(1).collect::<Vec<_>>())?;
        let (cond, name) = self.ifdef_test(c)?;
        let defined = match cond {
            Cond::Dynamic(v) => v,
            Cond::Static(_) => {
                // M4 tests a name no macro has: only the else branch is read
                let mut out = pre;
                if let Some(a) = c.args.get(2) {
                    let (h, b) = self.branch_stmts(a, "ifdef")?;
                    out.extend(h);
                    out.extend(b);
                }
                return Ok(out);
            }
        };
        let entry = self.state.clone();
        let mut hoisted = pre;
        self.state = entry.enter(Some(defined.clone()));
        if let Some(name) = &name {
            // keep what is known of its value
            if !matches!(self.state.names.get(name), Some((Known::Yes, _))) {
                self.state.set(name, Known::Yes, Kind::Other);
            }
        }
        let (h, then) = self.branch_stmts(&c.args[1], "ifdef")?;
        hoisted.extend(h);
        let s1 = std::mem::replace(&mut self.state, entry.enter(Some(defined.clone().not())));
        if let Some(name) = &name {
            self.state.set(name, Known::No, Kind::Other);
        }
        let otherwise = match c.args.get(2) {
            Some(a) => {
                let (h, b) = self.branch_stmts(a, "ifdef")?;
                hoisted.extend(h);
                b
            }
            None => vec![],
        };
        let s2 = std::mem::take(&mut self.state);
        self.state = State::merge(&entry, vec![s1, s2]);
        let mut out = hoisted;
        out.extend(make_if(vec![(defined, then)], otherwise));
        Ok(out)
    }

    fn stmt_ifelse(&mut self, c: &Call) -> R<Vec<Stmt>> {
        let n = c.args.len();
        if n == 1 {
            // `ifelse(text)` expands to nothing: M4's block comment
            let body = self.text(c.args[0].span).trim();
            let body = body
                .strip_prefix('`')
                .and_then(|b| b.strip_suffix('\''))
                .unwrap_or(body);
            return Ok(body
                .lines()
                .map(|l| Stmt::Comment(format!("# {}", l.trim_end()).trim_end().to_string()))
                .collect());
        }
        if n == 2 || n % 3 == 2 {
            return refuse(
                K::ArgCount {
                    builtin: "ifelse".into(),
                    expected: "1, 3, 4 or more (a, b, then, …, else) arguments".into(),
                    found: n,
                },
                c.span,
                "M4 warns \"too few arguments\" here",
            );
        }
        let branch_args: Vec<&Arg> = c
            .args
            .iter()
            .enumerate()
            .filter(|(i, _)| i % 3 == 2 || (*i == n - 1 && i % 3 == 0))
            .map(|(_, a)| a)
            .collect();
        let pre = self.hoist(&branch_args)?;
        let entry = self.state.clone();
        let mut states = Vec::new();
        let mut hoisted = pre;
        let mut branches: Vec<(Value, Vec<Stmt>)> = Vec::new();
        let mut otherwise = Vec::new();
        let mut k = 0;
        let mut decided = false;
        while k + 2 < n {
            let cond = self.compare(&c.args[k], &c.args[k + 1])?;
            if matches!(cond, Cond::Static(false)) {
                // M4 never reads this branch
                k += 3;
                continue;
            }
            self.state = entry.enter(match &cond {
                Cond::Dynamic(v) => Some(v.clone()),
                Cond::Static(_) => None,
            });
            let (h, body) = self.branch_stmts(&c.args[k + 2], "ifelse")?;
            hoisted.extend(h);
            states.push(std::mem::take(&mut self.state));
            match cond {
                Cond::Static(true) => {
                    otherwise = body;
                    decided = true;
                    break;
                }
                Cond::Static(false) => {}
                Cond::Dynamic(v) => branches.push((v, body)),
            }
            k += 3;
        }
        if !decided && k < n {
            self.state = entry.enter(None);
            let (h, body) = self.branch_stmts(&c.args[k], "ifelse")?;
            hoisted.extend(h);
            states.push(std::mem::take(&mut self.state));
            otherwise = body;
        } else if !decided {
            states.push(entry.clone());
        }
        self.state = State::merge(&entry, states);
        let mut out = hoisted;
        if branches.is_empty() {
            out.extend(otherwise);
        } else {
            out.extend(make_if(branches, otherwise));
        }
        Ok(out)
    }

    /// The statements of an `ifdef`/`ifelse` branch, and the calls M4 runs
    /// while collecting it (those in unquoted text), which run whatever the
    /// condition.
    fn branch_stmts(&mut self, a: &Arg, builtin: &str) -> R<(Vec<Stmt>, Vec<Stmt>)> {
        let mut hoisted = Vec::new();
        let mut body = Vec::new();
        let mut pending: Vec<Node> = Vec::new();
        let flush = |this: &mut Self, pending: &mut Vec<Node>, body: &mut Vec<Stmt>| {
            if !pending.is_empty() {
                body.extend(this.stmts(pending));
                pending.clear();
            }
        };
        for n in &a.nodes {
            match n {
                // M4 reads the branch again as one text: quoted pieces and
                // the blanks between them (`` `SectionGraph."x" {' `index "0"' ``)
                Node::Quoted(q) => pending.extend(read_quoted(self.src, q)?),
                Node::Call(inner) => {
                    let iname = self.text(inner.name);
                    match iname {
                        "define" | "undefine" | "fatal_error" | "errprint" => {
                            if self.hoisted_done.insert(inner.span.start) {
                                hoisted.extend(self.stmt_call(inner)?);
                            }
                        }
                        "ifdef" | "ifelse" => {
                            // M4 expands it now and reads its result again now:
                            // fine only when that result only writes text
                            let s = self.stmt_call(inner)?;
                            if !s.iter().all(|s| self.only_writes_text(s)) {
                                return refuse(
                                    K::UnquotedStatement {
                                        builtin: builtin.into(),
                                    },
                                    inner.span,
                                    "unquoted conditional with statements",
                                );
                            }
                            body.extend(s);
                        }
                        // a statement that only writes text (no definitions):
                        // M4 writes it now and the branch keeps or drops it
                        _ if self.is_text_statement(iname) => {
                            body.extend(self.stmt_call(inner)?);
                        }
                        _ => {
                            return refuse(
                                K::UnquotedStatement {
                                    builtin: builtin.into(),
                                },
                                inner.span,
                                "runs while the arguments are collected",
                            )
                        }
                    }
                }
                Node::Ident(sp) if self.is_macro(self.text(*sp)) => {
                    return refuse(
                        K::UnquotedStatement {
                            builtin: builtin.into(),
                        },
                        *sp,
                        "expands while the arguments are collected",
                    )
                }
                other => pending.push(other.clone()),
            }
        }
        flush(self, &mut pending, &mut body);
        Ok((hoisted, body))
    }

    /// A library statement that only writes text: it defines nothing that
    /// later statements read (unlike the pipelines, which publish endpoints).
    fn is_text_statement(&self, name: &str) -> bool {
        self.sigs
            .get(name)
            .is_some_and(|s| s.kind == ConstructKind::Template)
    }

    fn only_writes_text(&self, s: &Stmt) -> bool {
        match s {
            Stmt::Call(c) => self.is_text_statement(&c.name),
            Stmt::If {
                branches,
                otherwise,
            } => branches
                .iter()
                .flat_map(|(_, b)| b)
                .chain(otherwise)
                .all(|s| self.only_writes_text(s)),
            s => is_comment(s),
        }
    }

    /// `ifelse(a, b, …)`: the comparison of a and b.
    fn compare(&mut self, a: &Arg, b: &Arg) -> R<Cond> {
        let (ha, pa) = self.arg_pieces(a)?;
        let (hb, pb) = self.arg_pieces(b)?;
        if !ha.is_empty() || !hb.is_empty() {
            return refuse(
                K::UnquotedStatement {
                    builtin: "ifelse".into(),
                },
                a.span.to(b.span),
                "a definition inside a comparison",
            );
        }
        let (Choice::Leaf(pa), Choice::Leaf(pb)) = (pa, pb) else {
            return refuse(
                K::Unsupported {
                    name: "ifelse".into(),
                    help: "a comparison whose operands are themselves conditional; test the conditions one after the other".into(),
                },
                a.span.to(b.span),
                "conditional operand",
            );
        };
        if let (Some(x), Some(y)) = (literal_text(&pa), literal_text(&pb)) {
            return Ok(Cond::Static(x == y));
        }
        let (ea, va) = self.finish(pa, a.span)?;
        let (eb, vb) = self.finish(pb, b.span)?;
        if !ea.is_empty() || !eb.is_empty() {
            return refuse(
                K::UnquotedStatement {
                    builtin: "ifelse".into(),
                },
                a.span.to(b.span),
                "a definition inside a comparison",
            );
        }
        Ok(Cond::Dynamic(Value::Binary(
            BinOp::Eq,
            Box::new(va),
            Box::new(vb),
        )))
    }

    fn unterminated<T>(&self, c: &Call) -> R<T> {
        refuse(
            K::UnterminatedCall {
                name: self.text(c.name).into(),
            },
            c.name,
            "called here",
        )
    }

    /// A statement whose `)` is not in the file: when its last argument is
    /// an `ifelse`/`ifdef` whose every branch ends the argument list (as
    /// `…)'`), M4 reads on into the chosen branch. That converts to one
    /// statement per branch; a branch that does not close the list makes M4
    /// fail at the end of the file, and becomes FATAL_ERROR.
    fn unclosed(&mut self, c: &Call) -> R<Vec<Stmt>> {
        let fail = |this: &Self| this.unterminated(c);
        let Some((last, before)) = c.args.split_last() else {
            return fail(self);
        };
        let mut it = last.nodes.iter().filter(|n| {
            !matches!(
                n,
                Node::Space(_) | Node::Newline(_) | Node::Comment(_) | Node::Dnl(_)
            )
        });
        let (Some(Node::Call(cond)), None) = (it.next(), it.next()) else {
            return fail(self);
        };
        let cname = self.text(cond.name);
        if !cond.closed || !matches!(cname, "ifdef" | "ifelse") {
            return fail(self);
        }
        // each branch: the rest of the argument list, or None (M4 fails)
        let rest = |this: &Self, a: Option<&Arg>| -> R<Option<Option<Vec<Arg>>>> {
            let Some(a) = a else { return Ok(Some(None)) };
            let mut it = a.nodes.iter().filter(|n| !n.is_blank());
            match (it.next(), it.next()) {
                (None, _) => Ok(Some(None)),
                (Some(Node::Quoted(q)), None) => {
                    Ok(super::reader::read_continuation(this.src, q.inner)?
                        .map(|(args, _)| Some(args)))
                }
                _ => Ok(None),
            }
        };
        let (arms, else_arm) = self.arms(cond)?;
        let mut conds: Vec<(Cond, Option<Vec<Arg>>)> = Vec::new();
        for (cnd, a) in arms {
            let Some(then) = rest(self, Some(a))? else {
                return fail(self);
            };
            conds.push((cnd, then));
        }
        let Some(otherwise) = rest(self, else_arm)? else {
            return fail(self);
        };
        let name = self.text(c.name).to_string();
        let branch = |this: &mut Self, more: Option<Vec<Arg>>| -> R<Vec<Stmt>> {
            let Some(more) = more else {
                return Ok(vec![Stmt::Call(CallOut {
                    name: "FATAL_ERROR".into(),
                    args: vec![ArgOut {
                        comments: vec![],
                        brk: None,
                        value: Value::Str(vec![Piece::Text(format!(
                            "the argument list of {name} is never closed (M4: end of file in argument list)"
                        ))]),
                    }],
                    close_break: None,
                })]);
            };
            let mut args: Vec<Arg> = before.to_vec();
            args.extend(more);
            let call = Call {
                name: c.name,
                args,
                span: c.span,
                closed: true,
            };
            this.stmt_call(&call)
        };
        let mut result = branch(self, otherwise)?;
        for (cnd, more) in conds.into_iter().rev() {
            let then = branch(self, more)?;
            result = match cnd {
                Cond::Static(true) => then,
                Cond::Static(false) => result,
                Cond::Dynamic(v) => make_if(vec![(v, then)], result),
            };
        }
        Ok(result)
    }

    /// `DECLARE_SOF_RT_UUID(name, macro, a, b, c, d0, …, d7)` defines `macro`
    /// as the UUID in alsaconf's byte order; with literal parts, that text.
    fn declare_uuid(&mut self, c: &Call) -> R<Vec<Stmt>> {
        if c.args.len() != 13 {
            return refuse(
                K::ArgCount {
                    builtin: "DECLARE_SOF_RT_UUID".into(),
                    expected: "13 arguments".into(),
                    found: c.args.len(),
                },
                c.span,
                "here",
            );
        }
        let (name, quoted) = self.name_arg(&c.args[1], "DECLARE_SOF_RT_UUID")?;
        self.check_unquoted(&name, quoted, &c.args[1], "defining")?;
        if !is_name(&name) {
            return refuse(K::BadName { name }, c.args[1].span, "this name");
        }
        let mut parts: Vec<String> = Vec::new();
        for a in &c.args[2..] {
            let (h, p) = self.arg_pieces(a)?;
            let text = match (h.is_empty(), &p) {
                (true, Choice::Leaf(p)) => literal_text(p),
                _ => None,
            };
            match text {
                Some(t) if t.starts_with("0x") && t[2..].bytes().all(|b| b.is_ascii_hexdigit()) => {
                    parts.push(t)
                }
                _ => {
                    return refuse(
                        K::Unsupported {
                            name: "DECLARE_SOF_RT_UUID".into(),
                            help: "only a UUID written as 0x… literals converts".into(),
                        },
                        a.span,
                        "not a hexadecimal literal",
                    )
                }
            }
        }
        // M4's substr($n, from, 2), padded to two columns by `%2s`
        let substr = |k: usize, from: usize| -> String {
            let t = &parts[k - 3];
            let s = t.get(from..(from + 2).min(t.len())).unwrap_or("");
            format!("{s:>2}")
        };
        let mut bytes = vec![
            substr(3, 8),
            substr(3, 6),
            substr(3, 4),
            substr(3, 2),
            substr(4, 4),
            substr(4, 2),
            substr(5, 4),
            substr(5, 2),
        ];
        bytes.extend((6..=13).map(|k| substr(k, 2)));
        self.state.set(&name, Known::Yes, Kind::Value);
        Ok(vec![Stmt::Define {
            name,
            value: Value::Str(vec![Piece::Text(bytes.join(":"))]),
            default: false,
        }])
    }

    // ---- include, fatal_error, divert ----------------------------------------------

    fn include(&mut self, c: &Call) -> R<Vec<Stmt>> {
        if c.args.len() != 1 {
            return refuse(
                K::ArgCount {
                    builtin: "include".into(),
                    expected: "1 argument".into(),
                    found: c.args.len(),
                },
                c.span,
                "here",
            );
        }
        let a = &c.args[0];
        let (h, p) = self.arg_pieces(a)?;
        let Choice::Leaf(mut pieces) = p else {
            return refuse(
                K::Unsupported {
                    name: "include".into(),
                    help: "an include whose file depends on a condition; put the include inside `ifdef`".into(),
                },
                a.span,
                "conditional file name",
            );
        };
        if !h.is_empty() {
            return refuse(
                K::UnquotedStatement {
                    builtin: "include".into(),
                },
                a.span,
                "here",
            );
        }
        strip_m4_suffix(&mut pieces);
        if let Some(path) = literal_text(&pieces) {
            // the file as M4 looks for it, and its name in .topo
            let m4 = path.trim().to_string();
            let path = m4.strip_suffix(".m4").unwrap_or(&m4).to_string();
            let located = self.includes.locate(&m4);
            let library = match &located {
                super::Located::Library => true,
                super::Located::Builtin => !path.contains('/'),
                super::Located::Local(_) | super::Located::Missing(_) => false,
            };
            let topo_path = match &located {
                super::Located::Local(Some(p)) => p.clone(),
                _ => path.clone(),
            };
            if let super::Located::Missing(searched) = located {
                self.warn(
                    K::IncludeNotFound {
                        path: self
                            .text(a.span)
                            .trim()
                            .trim_matches(['`', '\''])
                            .to_string(),
                        searched,
                    },
                    a.span,
                    "not found",
                );
            }
            let (defined, undefined) = self.includes.names(&m4);
            if m4.starts_with("platform/") {
                self.state.platform_read = true;
            }
            let (line, _) = crate::source::line_col(self.src, c.span.start);
            for (w, def, sp) in &self.lazy_reads {
                if defined.contains(w) {
                    return refuse(
                        K::LateBinding {
                            name: def.clone(),
                            late: w.clone(),
                            why: format!("The include at line {line} defines `{w}`"),
                        },
                        *sp,
                        "read later",
                    );
                }
            }
            for n in undefined {
                self.state.set(&n, Known::No, Kind::Other);
            }
            for n in defined {
                if !matches!(self.state.names.get(&n), Some((Known::Yes, _))) {
                    self.state.set(&n, Known::Maybe, Kind::Other);
                }
            }
            for (n, t) in self.includes.texts(&m4) {
                self.state.values.insert(n, vec![t]);
            }
            if library {
                // SOF's library: tplg builds it in
                return Ok(vec![]);
            }
            return Ok(vec![Stmt::Include(Value::Str(vec![Piece::Text(
                topo_path,
            )]))]);
        }
        // a computed file name: any file it may name may define names
        let pieces = merge_text(pieces);
        if pieces.iter().filter(|p| matches!(p, P::Ref(..))).count() == 1 {
            let text_at = |k: usize| match pieces.get(k) {
                Some(P::Text(t)) => t.as_str(),
                _ => "",
            };
            let head = text_at(0);
            let tail = if pieces.len() > 1 {
                text_at(pieces.len() - 1)
            } else {
                ""
            };
            let (dir, prefix) = head.rsplit_once('/').unwrap_or(("", head));
            for n in self.includes.names_like(dir, prefix, &format!("{tail}.m4")) {
                if !self.state.names.contains_key(&n) {
                    self.state.set(&n, Known::Guess, Kind::Other);
                }
            }
        }
        let mut pieces = pieces;
        let v = self.finish_text(&mut pieces, a.span)?;
        let v = match v {
            Value::Words(w) if is_name_case(&w) => Value::Str(vec![Piece::Name(w)]),
            Value::Words(w) => Value::Str(vec![Piece::Text(w)]),
            v @ Value::Str(_) => v,
            _ => {
                return refuse(
                    K::Paste {
                        name: "include".into(),
                    },
                    a.span,
                    "not a file name",
                )
            }
        };
        // from below the tree's root, a directory of the root is named
        // relative to this file, as a literal include is
        let v = match v {
            Value::Str(mut pieces) => {
                if let Some(Piece::Text(t)) = pieces.first_mut() {
                    if let Some((dir, _)) = t.rsplit_once('/') {
                        if let Some(pre) = self.includes.root_prefix(dir) {
                            t.insert_str(0, &pre);
                        }
                    }
                }
                Value::Str(pieces)
            }
            v => v,
        };
        Ok(vec![Stmt::Include(v)])
    }

    fn fatal(&mut self, c: &Call) -> R<Vec<Stmt>> {
        let name = self.text(c.name);
        if name == "errprint" {
            self.warn(K::Errprint, c.name, "errprint");
        }
        // fatal_error joins its arguments with commas, as `$*` does
        let mut all: Choice<Vec<P>> = Choice::Leaf(Vec::new());
        let mut hoisted = Vec::new();
        for (i, a) in c.args.iter().enumerate() {
            let (h, p) = self.arg_pieces(a)?;
            hoisted.extend(h);
            all = all.and_then(&mut |prefix: Vec<P>| {
                p.clone().map(&mut |mut more: Vec<P>| {
                    let mut v = prefix.clone();
                    if i > 0 {
                        v.push(P::Text(",".into()));
                    }
                    v.append(&mut more);
                    v
                })
            });
        }
        let span = c.span;
        let msg = all.try_map(&mut |mut pieces: Vec<P>| {
            // the newline M4 authors put before `)` is not part of the message
            if let Some(P::Text(t)) = pieces.last_mut() {
                *t = t.trim_end().to_string();
            }
            if let Some(P::Text(t)) = pieces.first_mut() {
                *t = t.trim_start().to_string();
            }
            let mut out = Vec::new();
            for p in pieces {
                match p {
                    P::Text(t) => out.push(Piece::Text(t)),
                    P::Ref(n, _) => out.push(Piece::Name(n)),
                    P::Val(_, sp, what) => {
                        return refuse(K::Paste { name: what }, sp, "in the message")
                    }
                    P::Effect(_) => {
                        return refuse(
                            K::UnquotedStatement {
                                builtin: "fatal_error".into(),
                            },
                            span,
                            "a statement in the message",
                        )
                    }
                }
            }
            Ok(Value::Str(merge_text(out)))
        })?;
        let mut out = hoisted;
        out.extend(to_stmts(msg.map(&mut |v| {
            vec![Stmt::Call(CallOut {
                name: "FATAL_ERROR".into(),
                args: vec![ArgOut {
                    comments: vec![],
                    brk: None,
                    value: v,
                }],
                close_break: None,
            })]
        })));
        Ok(out)
    }

    fn divert(&mut self, c: &Call) -> R<Vec<Stmt>> {
        let arg = self.text(c.args[0].span).trim().trim_matches(['`', '\'']);
        match arg {
            "-1" => self.state.diverted = true,
            "0" | "" => self.state.diverted = false,
            _ => {
                return refuse(
                    K::Unsupported {
                        name: format!("divert({arg})"),
                        help: "tplg writes statements in order; only `divert(-1)` … `divert(0)` around definitions converts".into(),
                    },
                    c.span,
                    "here",
                )
            }
        }
        Ok(vec![])
    }

    // ---- raw sections -------------------------------------------------------------

    /// A `Section…` block written out as text: a raw section (one copy per
    /// combination when `ifdef`/`ifelse` inside it choose lines).
    fn raw_section(&mut self, nodes: &[Node], start: usize) -> R<(Vec<Stmt>, usize)> {
        if self.state.diverted {
            return refuse(K::Diverted, nodes[start].span(), "this section");
        }
        let end = raw_or_comment_end(self.src, nodes, start).unwrap_or(self.src.len());
        let mut k = start;
        while k < nodes.len() && nodes[k].span().start < end {
            k += 1;
        }
        let last = nodes[k - 1].span();
        if last.end > end && !self.src[end..last.end].trim().is_empty() {
            return self.stray(Sp::new(end, last.end), "after the end of the section");
        }
        if end == self.src.len() && !self.src[..end].trim_end().ends_with('}') {
            return self.stray(nodes[start].span(), "this section's closing `}` is missing");
        }
        let mut in_str = false;
        let text = self.raw_nodes(&nodes[start..k], &mut in_str, end)?;
        if text.leaves() > MAX_BRANCHES {
            return refuse(
                K::TooManyBranches {
                    count: text.leaves(),
                },
                nodes[start].span(),
                "in this section",
            );
        }
        Ok((to_stmts(text.map(&mut |t| vec![Stmt::Raw(t)])), k))
    }

    /// Raw text of nodes, up to the byte offset `end`; `in_str` follows
    /// alsaconf's double-quoted strings (where names become `${NAME}`).
    fn raw_nodes(&mut self, nodes: &[Node], in_str: &mut bool, end: usize) -> R<Choice<String>> {
        let mut acc: Choice<String> = Choice::Leaf(String::new());
        let push = |acc: &mut Choice<String>, s: &str| acc.leaves_mut(&mut |t| t.push_str(s));
        for node in nodes {
            match node {
                Node::Text(sp) | Node::Comment(sp) => {
                    let sp = Sp::new(sp.start, sp.end.min(end));
                    let mut out = String::new();
                    let t = self.text(sp);
                    let mut chars = t.chars().peekable();
                    while let Some(ch) = chars.next() {
                        if *in_str {
                            match ch {
                                '\\' => {
                                    out.push_str("\\\\");
                                    if chars.peek() == Some(&'"') {
                                        chars.next();
                                        out.push_str("\\\"");
                                    }
                                }
                                '"' => {
                                    *in_str = false;
                                    out.push('"');
                                }
                                '$' if chars.peek() == Some(&'{') => out.push_str("\\$"),
                                c => out.push(c),
                            }
                        } else {
                            if ch == '"' {
                                *in_str = true;
                            }
                            out.push(ch);
                        }
                    }
                    push(&mut acc, &out);
                }
                Node::Space(sp) | Node::Newline(sp) => push(&mut acc, self.text(*sp)),
                Node::Dnl(_) => {}
                Node::Quoted(q) => {
                    // written out as is, without the quotes
                    let mut out = String::new();
                    for ch in self.text(q.inner).chars() {
                        if ch == '"' {
                            *in_str = !*in_str;
                        }
                        if *in_str && ch == '\\' {
                            out.push('\\');
                        }
                        out.push(ch);
                    }
                    push(&mut acc, &out);
                }
                Node::Ident(sp) => {
                    let name = self.text(*sp);
                    if !self.is_macro(name) {
                        if *in_str && looks_like_macro(name) {
                            self.warn(K::KeptAsText { name: name.into() }, *sp, "kept as text");
                        }
                        push(&mut acc, name);
                    } else if self.kind_of(name) == Some(Kind::Name) {
                        return refuse(
                            K::ComputedName {
                                pattern: name.into(),
                                examples: format!("`{name}` holds the name of a symbol; a raw section can only interpolate its text"),
                            },
                            *sp,
                            "in a raw section",
                        );
                    } else if *in_str {
                        push(&mut acc, &format!("${{{name}}}"));
                    } else {
                        return refuse(
                            K::RawMacro {
                                name: name.into(),
                                hint: "here M4 writes its value outside a string".into(),
                            },
                            *sp,
                            "outside a string",
                        );
                    }
                }
                Node::Param(sp) => match self.param_ref(*sp)? {
                    P::Ref(n, _) if *in_str => push(&mut acc, &format!("${{{n}}}")),
                    P::Text(t) if *in_str => push(&mut acc, &t),
                    _ => {
                        return refuse(
                            K::RawMacro {
                                name: self.text(*sp).into(),
                                hint: "a parameter outside a string has no equivalent".into(),
                            },
                            *sp,
                            "outside a string",
                        )
                    }
                },
                Node::Call(c) => {
                    let part = self.raw_call(c, in_str)?;
                    acc = acc.and_then(&mut |a: String| {
                        part.clone().map(&mut |b: String| format!("{a}{b}"))
                    });
                }
            }
        }
        Ok(acc)
    }

    fn raw_call(&mut self, c: &Call, in_str: &mut bool) -> R<Choice<String>> {
        let cname = self.text(c.name);
        if !c.closed {
            return self.unterminated(c);
        }
        match (cname, *in_str) {
            ("dapm", false) if c.args.len() == 2 => {
                let mut parts = Vec::new();
                for a in &c.args {
                    let (h, v) = self.arg_value_plain(a)?;
                    if !h.is_empty() {
                        return refuse(
                            K::UnquotedStatement {
                                builtin: "dapm".into(),
                            },
                            a.span,
                            "here",
                        );
                    }
                    parts.push(super::writer::render_value(&v));
                }
                Ok(Choice::Leaf(format!("dapm({}, {})", parts[0], parts[1])))
            }
            ("ifdef" | "ifelse", false) => self.raw_conditional(c, in_str),
            ("STR", false) | ("concat", true) => {
                let (h, p) = self.call_pieces(c)?;
                if !h.is_empty() {
                    return refuse(
                        K::UnquotedStatement {
                            builtin: cname.into(),
                        },
                        c.span,
                        "here",
                    );
                }
                let is_str = cname == "STR";
                p.try_map(&mut |pieces: Vec<P>| {
                    let mut out = String::new();
                    for p in pieces {
                        match p {
                            // STR's own quotes open and close a string
                            P::Text(t) if is_str => {
                                for ch in t.chars() {
                                    if ch == '"' {
                                        out.push('"');
                                    } else {
                                        super::writer::escape_into(&mut out, &ch.to_string());
                                    }
                                }
                            }
                            P::Text(t) => super::writer::escape_into(&mut out, &t),
                            P::Ref(n, _) => out.push_str(&format!("${{{n}}}")),
                            P::Val(_, sp, what) => {
                                return refuse(K::Paste { name: what }, sp, "here")
                            }
                            P::Effect(_) => {
                                return refuse(
                                    K::RawMacro {
                                        name: cname.into(),
                                        hint: "it runs a statement".into(),
                                    },
                                    c.span,
                                    "here",
                                )
                            }
                        }
                    }
                    Ok(out)
                })
            }
            _ => refuse(
                K::RawMacro {
                    name: cname.into(),
                    hint: "M4 writes the text it expands to here; tplg cannot call a macro inside a section".into(),
                },
                c.span,
                "a call",
            ),
        }
    }

    /// The conditions and branches of an `ifdef` or `ifelse`, and its else
    /// branch (`None`: empty).
    fn arms<'c>(&mut self, c: &'c Call) -> R<Arms<'c>> {
        let n = c.args.len();
        if self.text(c.name) == "ifdef" {
            if !(2..=3).contains(&n) {
                return refuse(
                    K::ArgCount {
                        builtin: "ifdef".into(),
                        expected: "2 or 3 arguments".into(),
                        found: n,
                    },
                    c.span,
                    "here",
                );
            }
            let (cond, _) = self.ifdef_test(c)?;
            return Ok((vec![(cond, &c.args[1])], c.args.get(2)));
        }
        if n < 3 || n % 3 == 2 {
            return refuse(
                K::ArgCount {
                    builtin: "ifelse".into(),
                    expected: "1, 3, 4 or more (a, b, then, …, else) arguments".into(),
                    found: n,
                },
                c.span,
                "M4 warns \"too few arguments\" here",
            );
        }
        let mut conds = Vec::new();
        let mut k = 0;
        while k + 2 < n {
            let cond = self.compare(&c.args[k], &c.args[k + 1])?;
            conds.push((cond, &c.args[k + 2]));
            k += 3;
        }
        Ok((conds, c.args.get(k)))
    }

    /// `ifdef`/`ifelse` choosing lines of a raw section.
    fn raw_conditional(&mut self, c: &Call, in_str: &mut bool) -> R<Choice<String>> {
        let cname = self.text(c.name);
        let (conds, otherwise) = self.arms(c)?;
        let start = *in_str;
        let branch = |this: &mut Self, a: Option<&Arg>| -> R<Choice<String>> {
            let Some(a) = a else {
                return Ok(Choice::Leaf(String::new()));
            };
            let mut nodes = Vec::new();
            for n in &a.nodes {
                match n {
                    Node::Quoted(q) => nodes.extend(read_quoted(this.src, q)?),
                    Node::Call(inner) => {
                        return refuse(
                            K::UnquotedStatement {
                                builtin: cname.into(),
                            },
                            inner.span,
                            "runs while the arguments are collected",
                        )
                    }
                    other => nodes.push(other.clone()),
                }
            }
            while matches!(nodes.first(), Some(Node::Space(_))) {
                nodes.remove(0);
            }
            let mut s = start;
            let text = this.raw_nodes(&nodes, &mut s, usize::MAX)?;
            if s != start {
                return refuse(
                    K::RawMacro {
                        name: cname.into(),
                        hint: "a branch opens or closes a string".into(),
                    },
                    a.span,
                    "unbalanced quotes",
                );
            }
            Ok(text)
        };
        let mut result = branch(self, otherwise)?;
        for (cond, a) in conds.into_iter().rev() {
            let then = branch(self, Some(a))?;
            result = match cond {
                Cond::Static(true) => then,
                Cond::Static(false) => result,
                Cond::Dynamic(v) => Choice::Branch(v, Box::new(then), Box::new(result)),
            };
        }
        Ok(result)
    }

    // ---- values -------------------------------------------------------------------

    /// Removes one level of quotes: quoted text is read again (M4 will
    /// rescan it); text quoted twice stays literal.
    fn flatten(&self, nodes: &[Node], depth: u8, out: &mut Vec<Atom>) -> R<()> {
        let mut skip_to = 0usize;
        for (i, n) in nodes.iter().enumerate() {
            if i < skip_to {
                continue;
            }
            if depth == 0 {
                if let Some((ranges, seps, next)) = self.quoted_run(nodes, i) {
                    // quoted pieces that only make calls together: M4 reads
                    // the argument again as one text
                    let children = super::reader::read_joined_with(self.src, &ranges, &seps)?;
                    self.flatten(&children, 1, out)?;
                    skip_to = next;
                    continue;
                }
            }
            match n {
                Node::Text(sp) => out.push(Atom::Lit {
                    text: self.text(*sp).into(),
                    sp: *sp,
                    depth,
                }),
                Node::Space(sp) | Node::Newline(sp) => out.push(Atom::Blank {
                    text: self.text(*sp).into(),
                    sp: *sp,
                    depth,
                }),
                Node::Comment(sp) if depth == 0 => {
                    out.push(Atom::Comment(self.text(*sp).trim_end().into(), *sp))
                }
                Node::Comment(sp) => out.push(Atom::Lit {
                    text: self.text(*sp).into(),
                    sp: *sp,
                    depth,
                }),
                Node::Dnl(sp) => {
                    if let (0, Some(c)) = (depth, dnl_comment(self.text(*sp))) {
                        out.push(Atom::Comment(c, *sp));
                    }
                }
                Node::Quoted(q) if depth == 0 && q.inner.start == q.inner.end => {
                    // `` `' ``: no text, but it marks where a name starts or ends
                    out.push(Atom::Lit {
                        text: String::new(),
                        sp: q.span,
                        depth: 1,
                    })
                }
                Node::Quoted(q) if depth == 0 => {
                    let children = read_quoted(self.src, q)?;
                    let from = out.len();
                    self.flatten(&children, 1, out)?;
                    if let [Atom::Ident { set_apart, .. }] = &mut out[from..] {
                        *set_apart = Apart::Quoted;
                    }
                }
                // quoted twice: M4 strips one level per reading, and SOF's
                // macros read their arguments again until the names in them
                // are replaced; the quotes only protect commas on the way
                Node::Quoted(q) => {
                    let children = read_quoted(self.src, q)?;
                    self.flatten(&children, 2, out)?;
                }
                Node::Ident(sp) => out.push(Atom::Ident {
                    name: self.text(*sp).into(),
                    sp: *sp,
                    depth,
                    set_apart: Apart::No,
                }),
                Node::Call(c) => out.push(Atom::Call(c.clone(), depth)),
                Node::Param(sp) => out.push(Atom::Param(*sp)),
            }
        }
        Ok(())
    }

    /// Quoted texts from `nodes[i]` on, separated by blanks only, of which
    /// one opens a call a later one closes (`` `F(a,'
    /// `b)' ``): their insides, the kind of blank between each two, and
    /// the index after the run.
    #[allow(clippy::type_complexity)]
    fn quoted_run(
        &self,
        nodes: &[Node],
        i: usize,
    ) -> Option<(Vec<Sp>, Vec<super::lexer::Tok>, usize)> {
        let Node::Quoted(first) = &nodes[i] else {
            return None;
        };
        let unclosed = |sp: Sp| {
            super::reader::read(self.src, sp)
                .is_ok_and(|ns| ns.iter().any(|n| matches!(n, Node::Call(c) if !c.closed)))
        };
        if !unclosed(first.inner) {
            return None;
        }
        let mut ranges = vec![first.inner];
        let mut seps = Vec::new();
        let mut k = i + 1;
        let mut end = k;
        let mut gap = super::lexer::Tok::Space;
        while k < nodes.len() {
            match &nodes[k] {
                Node::Space(_) => {}
                Node::Newline(_) => gap = super::lexer::Tok::Newline,
                Node::Quoted(q) => {
                    ranges.push(q.inner);
                    seps.push(gap);
                    gap = super::lexer::Tok::Space;
                    end = k + 1;
                }
                _ => break,
            }
            k += 1;
        }
        (ranges.len() > 1).then_some((ranges, seps, end))
    }

    /// An argument as a `.topo` value: comments among it, calls M4 runs
    /// while collecting it, and the value (conditional if it uses `ifdef`).
    fn arg_value(&mut self, a: &Arg) -> R<ArgValue> {
        let mut atoms = Vec::new();
        self.flatten(&a.nodes, 0, &mut atoms)?;
        let comments = take_comments(&mut atoms);
        let atoms = trim(atoms);
        let (h, v) = self.atoms_value(&atoms, a.span)?;
        Ok((comments, h, v))
    }

    /// An argument that must not depend on a condition.
    fn arg_value_plain(&mut self, a: &Arg) -> R<(Vec<Stmt>, Value)> {
        let (_, mut h, v) = self.arg_value(a)?;
        match v {
            Choice::Leaf((eff, v)) => {
                h.extend(eff);
                Ok((h, v))
            }
            Choice::Branch(..) => refuse(
                K::Unsupported {
                    name: "ifdef".into(),
                    help: "a conditional value here; put the whole statement inside the condition"
                        .into(),
                },
                a.span,
                "conditional",
            ),
        }
    }

    fn atoms_value(&mut self, atoms: &[Atom], whole: Sp) -> R<(Vec<Stmt>, Choice<Fx<Value>>)> {
        if let [Atom::Call(c, _)] = atoms {
            return self.call_value(c);
        }
        let (h, pieces) = self.pieces(atoms)?;
        let v = pieces.try_map(&mut |p| self.finish(p, whole))?;
        Ok((h, v))
    }

    /// An argument as pieces of text and names.
    fn arg_pieces(&mut self, a: &Arg) -> R<(Vec<Stmt>, Choice<Vec<P>>)> {
        self.arg_pieces_as(a, false)
    }

    /// `whole_name_is_ref`: a NAME_CASE name that is the whole argument is a
    /// macro reference (as in `concat(`sai', SAI_INDEX)`).
    fn arg_pieces_as(
        &mut self,
        a: &Arg,
        whole_name_is_ref: bool,
    ) -> R<(Vec<Stmt>, Choice<Vec<P>>)> {
        let mut atoms = Vec::new();
        self.flatten(&a.nodes, 0, &mut atoms)?;
        atoms.retain(|a| !matches!(a, Atom::Comment(..)));
        let mut atoms = trim(atoms);
        if let (
            [Atom::Ident {
                set_apart,
                depth: 0,
                ..
            }],
            true,
        ) = (atoms.as_mut_slice(), whole_name_is_ref)
        {
            *set_apart = Apart::WholeArg;
        }
        self.pieces(&atoms)
    }

    fn param_ref(&self, sp: Sp) -> R<P> {
        let t = self.text(sp);
        let Some(ctx) = &self.ctx else {
            return Ok(P::Text(t.into()));
        };
        match t {
            "$#" => Ok(P::Text(ctx.params.len().to_string())),
            "$@" | "$*" => refuse(
                K::Unsupported {
                    name: t.into(),
                    help: "only `F($@)`, passing every argument on, converts".into(),
                },
                sp,
                "here",
            ),
            _ => {
                let i: usize = t[1..].parse().unwrap_or(0);
                match ctx.params.get(i.wrapping_sub(1)) {
                    Some(p) => Ok(P::Ref(p.clone(), sp)),
                    None => Ok(P::Text(String::new())),
                }
            }
        }
    }

    fn pieces(&mut self, atoms: &[Atom]) -> R<(Vec<Stmt>, Choice<Vec<P>>)> {
        let mut hoisted = Vec::new();
        let mut acc: Choice<Vec<P>> = Choice::Leaf(Vec::new());
        for (i, a) in atoms.iter().enumerate() {
            // quoted text right against an unquoted name: the author closed
            // the quotes there so that M4 would replace the name
            let quoted_against = |k: Option<usize>, at_end: bool| {
                matches!(k.and_then(|k| atoms.get(k)), Some(Atom::Lit { text, depth, .. })
                    if *depth >= 1 && !(if at_end { text.ends_with(char::is_whitespace) } else { text.starts_with(char::is_whitespace) }))
            };
            let glued = |k: Option<usize>, at_end: bool| {
                matches!(k.and_then(|k| atoms.get(k)), Some(Atom::Lit { text, .. })
                    if !text.is_empty() && !(if at_end { text.ends_with(char::is_whitespace) } else { text.starts_with(char::is_whitespace) }))
            };
            let part: Choice<Vec<P>> = match a {
                Atom::Lit { text, .. } | Atom::Blank { text, .. } => {
                    Choice::Leaf(vec![P::Text(text.clone())])
                }
                Atom::Comment(t, _) => Choice::Leaf(vec![P::Text(t.clone())]),
                Atom::Ident {
                    name,
                    sp,
                    depth,
                    set_apart,
                } => {
                    let depth = &(*depth).min(1);
                    let apart = match set_apart {
                        // `SSP'SSP_NUM`-Codec', `pipe-bdw-`'CODEC`'
                        Apart::No => {
                            *depth == 0
                                && (quoted_against(i.checked_sub(1), true)
                                    || quoted_against(Some(i + 1), false))
                        }
                        Apart::WholeArg => true,
                        Apart::Quoted => glued(i.checked_sub(1), true) || glued(Some(i + 1), false),
                    };
                    let embedded = glued(i.checked_sub(1), true) || glued(Some(i + 1), false);
                    if *depth < 2 && (self.is_macro(name) || (apart && is_name_case(name))) {
                        let mut return_part = None;
                        if let (Some(upper), Some(Kind::Record)) =
                            (self.renames.get(name), self.kind_of(name))
                        {
                            // a value that is not text: it must stand alone
                            return_part = Some(Choice::Leaf(vec![P::Val(
                                Value::Words(upper.clone()),
                                *sp,
                                name.clone(),
                            )]));
                        } else if !is_name_case(name) && self.kind_of(name) == Some(Kind::Record) {
                            return refuse(
                                K::LowerCaseMacro {
                                    name: name.clone(),
                                    upper: name.to_ascii_uppercase(),
                                },
                                *sp,
                                "used here",
                            );
                        }
                        if let Some(p) = return_part {
                            p
                        } else if self.kind_of(name) == Some(Kind::Name) {
                            // M4 reads the name it holds again
                            let v = symbol_call(if is_name_case(name) {
                                Value::Words(name.clone())
                            } else {
                                Value::Str(vec![Piece::Name(name.clone())])
                            });
                            Choice::Leaf(vec![P::Val(v, *sp, name.clone())])
                        } else {
                            Choice::Leaf(vec![P::Ref(name.clone(), *sp)])
                        }
                    } else {
                        if *depth < 2 && embedded && looks_like_macro(name) {
                            self.warn(K::KeptAsText { name: name.clone() }, *sp, "kept as text");
                        }
                        Choice::Leaf(vec![P::Text(name.clone())])
                    }
                }
                Atom::Param(sp) => Choice::Leaf(vec![self.param_ref(*sp)?]),
                Atom::Call(c, depth) => {
                    let (h, p) = self.call_pieces(c)?;
                    if *depth == 0 {
                        // M4 runs it while collecting the argument
                        hoisted.extend(h);
                        p
                    } else {
                        // M4 runs it when the quoted text is read again
                        let effects: Vec<P> = h.into_iter().map(P::Effect).collect();
                        p.map(&mut |mut v: Vec<P>| {
                            v.splice(0..0, effects.iter().cloned());
                            v
                        })
                    }
                }
            };
            acc = append(acc, part);
            if acc.leaves() > MAX_BRANCHES {
                return refuse(
                    K::TooManyBranches {
                        count: acc.leaves(),
                    },
                    a.span(),
                    "here",
                );
            }
        }
        Ok((hoisted, acc))
    }

    /// A call inside text: its pieces.
    fn call_pieces(&mut self, c: &Call) -> R<(Vec<Stmt>, Choice<Vec<P>>)> {
        let name = self.text(c.name);
        if !c.closed {
            return self.unterminated(c);
        }
        match name {
            "concat" => {
                // `$1$2`: each argument without its leading blanks; M4
                // collects a third and drops it
                if let (Some(first), Some(last)) = (c.args.get(2), c.args.last()) {
                    let dropped = Sp::new(first.span.start, last.span.end);
                    self.warn(
                        K::ExtraArguments {
                            name: "concat".into(),
                            takes: 2,
                            dropped: self.text(dropped).trim().to_string(),
                        },
                        dropped,
                        "dropped by M4",
                    );
                }
                let mut hoisted = Vec::new();
                let mut acc: Choice<Vec<P>> = Choice::Leaf(Vec::new());
                for a in c.args.iter().take(2) {
                    let (h, p) = self.arg_pieces_as(a, true)?;
                    hoisted.extend(h);
                    acc = append(acc, p);
                }
                Ok((hoisted, acc))
            }
            "STR" => {
                let (h, p) = match c.args.first() {
                    Some(a) => self.arg_pieces(a)?,
                    None => (vec![], Choice::Leaf(vec![])),
                };
                Ok((
                    h,
                    p.map(&mut |mut v: Vec<P>| {
                        v.insert(0, P::Text("\"".into()));
                        v.push(P::Text("\"".into()));
                        v
                    }),
                ))
            }
            "ifdef" => {
                let (cond, _) = self.ifdef_test(c)?;
                let (h2, otherwise) = match c.args.get(2) {
                    Some(a) => self.arg_pieces(a)?,
                    None => (vec![], Choice::Leaf(vec![])),
                };
                let cond = match cond {
                    Cond::Dynamic(v) => v,
                    Cond::Static(_) => return Ok((h2, otherwise)),
                };
                let (h1, then) = self.arg_pieces(&c.args[1])?;
                let mut h = h1;
                h.extend(h2);
                Ok((h, Choice::Branch(cond, Box::new(then), Box::new(otherwise))))
            }
            "ifelse" => {
                let n = c.args.len();
                if n == 1 {
                    return Ok((vec![], Choice::Leaf(vec![])));
                }
                if n == 2 || n % 3 == 2 {
                    return refuse(
                        K::ArgCount {
                            builtin: "ifelse".into(),
                            expected: "1, 3, 4 or more (a, b, then, …, else) arguments".into(),
                            found: n,
                        },
                        c.span,
                        "M4 warns \"too few arguments\" here",
                    );
                }
                self.ifelse_pieces(c, 0)
            }
            _ => {
                let (h, v) = self.call_value(c)?;
                let sp = c.span;
                let what = name.to_string();
                let is_arith = matches!(name, "eval" | "incr" | "decr");
                Ok((
                    h,
                    v.map(&mut |(eff, v)| {
                        let mut out: Vec<P> = eff.into_iter().map(P::Effect).collect();
                        match v {
                            Value::Str(ps) => out.extend(ps.into_iter().map(|p| match p {
                                Piece::Text(t) => P::Text(t),
                                Piece::Name(n) => P::Ref(n, sp),
                            })),
                            // `eval(NAME)` is the value of NAME, pasted as `${NAME}`
                            Value::Words(w) if is_arith && is_name_case(&w) => {
                                out.push(P::Ref(w, sp))
                            }
                            Value::Words(w) => out.push(P::Text(w)),
                            Value::Num(n) => out.push(P::Text(n)),
                            v => out.push(P::Val(v, sp, what.clone())),
                        }
                        out
                    }),
                ))
            }
        }
    }

    fn ifelse_pieces(&mut self, c: &Call, k: usize) -> R<(Vec<Stmt>, Choice<Vec<P>>)> {
        let n = c.args.len();
        if k + 2 >= n {
            return match c.args.get(k) {
                Some(a) => self.arg_pieces(a),
                None => Ok((vec![], Choice::Leaf(vec![]))),
            };
        }
        let cond = self.compare(&c.args[k], &c.args[k + 1])?;
        let (h1, then) = self.arg_pieces(&c.args[k + 2])?;
        let (h2, rest) = self.ifelse_pieces(c, k + 3)?;
        let mut h = h1;
        h.extend(h2);
        Ok(match cond {
            Cond::Static(true) => (h, then),
            Cond::Static(false) => (h, rest),
            Cond::Dynamic(v) => (h, Choice::Branch(v, Box::new(then), Box::new(rest))),
        })
    }

    /// A call as a value.
    fn call_value(&mut self, c: &Call) -> R<(Vec<Stmt>, Choice<Fx<Value>>)> {
        let name = self.text(c.name);
        if !c.closed {
            return self.unterminated(c);
        }
        match name {
            "eval" => {
                if let Some(radix) = c.args.get(1) {
                    let r = self.text(radix.span).trim().trim_matches(['`', '\'']);
                    if r != "10" && !r.is_empty() || c.args.len() > 2 {
                        return refuse(
                            K::Eval {
                                message: format!("`eval` in radix {r}"),
                                help: Some("tplg writes numbers in decimal; write hexadecimal constants as 0x… literals".into()),
                            },
                            radix.span,
                            "radix",
                        );
                    }
                }
                self.expression(&c.args[0])
            }
            "incr" | "decr" => {
                let (h, v) = self.expression(&c.args[0])?;
                let op = if name == "incr" {
                    BinOp::Add
                } else {
                    BinOp::Sub
                };
                Ok((
                    h,
                    v.map(&mut |(eff, v)| {
                        (
                            eff,
                            Value::Binary(op, Box::new(v), Box::new(Value::Num("1".into()))),
                        )
                    }),
                ))
            }
            "concat" | "STR" | "ifdef" | "ifelse" => {
                let (h, p) = self.call_pieces(c)?;
                let span = c.span;
                let v = p.try_map(&mut |p| self.finish(p, span))?;
                Ok((h, v))
            }
            "define" | "undefine" | "fatal_error" | "errprint" => {
                let h = self.stmt_call(c)?;
                Ok((h, Choice::Leaf((vec![], Value::empty()))))
            }
            "LIST" | "LIST_NONEWLINE" if self.list_needs_join(c) => self.list_value(c),
            _ if UNSUPPORTED.contains(&name) || name == "include" || name == "divert" => refuse(
                K::Unsupported {
                    name: name.into(),
                    help: unsupported_help(name),
                },
                c.name,
                "here",
            ),
            _ => {
                if self.kind_of(name) == Some(Kind::Macro) {
                    return refuse(
                        K::Unsupported {
                            name: name.into(),
                            help: format!(
                                "`{name}` is a macro of statements; tplg cannot use it as a value"
                            ),
                        },
                        c.name,
                        "used as a value",
                    );
                }
                let (h, co) = self.call_out(c)?;
                Ok((h, co.map(&mut |(eff, c)| (eff, Value::Call(c)))))
            }
        }
    }

    /// The quoted items of `LIST(indent, item, …)`, if every item is one
    /// quoted text.
    fn list_items(&self, c: &Call) -> Option<Vec<Sp>> {
        let mut out = Vec::new();
        for a in c.args.get(1..)? {
            let mut it = a.nodes.iter().filter(|n| !n.is_blank());
            match (it.next(), it.next()) {
                (Some(Node::Quoted(q)), None) => out.push(q.inner),
                _ => return None,
            }
        }
        (!out.is_empty()).then_some(out)
    }

    /// Whether the items of a `LIST` only make sense pasted together, as
    /// M4 pastes them: a call opens in one item and closes in a later one
    /// (`` `F(a,' `b)' ``), or an item is a macro standing for a call with
    /// a separator glued to it (`` `matrix1,' ``).
    fn list_needs_join(&self, c: &Call) -> bool {
        let Some(items) = self.list_items(c) else {
            return false;
        };
        items.iter().any(|sp| {
            let Ok(nodes) = super::reader::read(self.src, *sp) else {
                return false;
            };
            let solid: Vec<&Node> = nodes.iter().filter(|n| !n.is_blank()).collect();
            let unclosed = solid
                .iter()
                .any(|n| matches!(n, Node::Call(c) if !c.closed));
            let glued = matches!(solid.as_slice(),
                [Node::Ident(i), Node::Text(t)]
                    if self.text(*t) == "," && self.kind_of(self.text(*i)) == Some(Kind::Record));
            unclosed || glued
        })
    }

    /// `LIST(indent, items…)` whose items M4 pastes into calls and names:
    /// the same `LIST` of those calls and names, with the separators
    /// between them (`","`) as text items.
    fn list_value(&mut self, c: &Call) -> R<(Vec<Stmt>, Choice<Fx<Value>>)> {
        let name = self.text(c.name).to_string();
        let items = self.list_items(c).unwrap_or_default();
        let (h, indent) = self.arg_value_plain(&c.args[0])?;
        let indent_text = self.text(c.args[0].span).trim().trim_matches(['`', '\'']);
        // LIST puts a line break and the indent after each item;
        // LIST_NONEWLINE only the indent
        let sep = if name == "LIST" {
            Some(super::lexer::Tok::Newline)
        } else if !indent_text.is_empty() {
            Some(super::lexer::Tok::Space)
        } else {
            None
        };
        if sep.is_none() {
            // two items that would paste into one word
            let id = |b: u8| b.is_ascii_alphanumeric() || b == b'_';
            for w in items.windows(2) {
                let end = self.src.as_bytes().get(w[0].end.wrapping_sub(1)).copied();
                let start = self.src.as_bytes().get(w[1].start).copied();
                if w[0].end > w[0].start
                    && w[1].end > w[1].start
                    && end.is_some_and(id)
                    && start.is_some_and(id)
                {
                    return refuse(
                        K::Unsupported {
                            name: name.clone(),
                            help: "items that paste into one word; write the word whole".into(),
                        },
                        w[1],
                        "pasted to the item before",
                    );
                }
            }
        }
        let nodes = super::reader::read_joined(self.src, &items, sep)?;
        let mut args = vec![ArgOut {
            comments: vec![],
            brk: None,
            value: indent,
        }];
        for n in &nodes {
            let value =
                match n {
                    Node::Space(_) | Node::Newline(_) | Node::Comment(_) | Node::Dnl(_) => continue,
                    Node::Text(t) if self.text(*t).trim().chars().all(|ch| ch == ',') => {
                        let t = self.text(*t).trim();
                        if t.is_empty() {
                            continue;
                        }
                        Value::Str(vec![Piece::Text(t.to_string())])
                    }
                    Node::Call(_) | Node::Ident(_) => {
                        let mut atoms = Vec::new();
                        self.flatten(std::slice::from_ref(n), 1, &mut atoms)?;
                        let (hh, v) = self.atoms_value(&atoms, n.span())?;
                        match (hh.is_empty(), v) {
                            (true, Choice::Leaf((eff, v))) if eff.is_empty() => v,
                            _ => return refuse(
                                K::Unsupported {
                                    name: name.clone(),
                                    help: "an item that runs a statement or depends on a condition"
                                        .into(),
                                },
                                n.span(),
                                "this item",
                            ),
                        }
                    }
                    other => return refuse(
                        K::Unsupported {
                            name: name.clone(),
                            help:
                                "items that paste text around calls and names; write the list out"
                                    .into(),
                        },
                        other.span(),
                        "text between items",
                    ),
                };
            args.push(ArgOut {
                comments: vec![],
                brk: None,
                value,
            });
        }
        Ok((
            h,
            Choice::Leaf((
                vec![],
                Value::Call(CallOut {
                    name,
                    args,
                    close_break: None,
                }),
            )),
        ))
    }

    /// The argument of `eval`, `incr` or `decr` as an integer expression.
    fn expression(&mut self, a: &Arg) -> R<(Vec<Stmt>, Choice<Fx<Value>>)> {
        let mut atoms = Vec::new();
        self.flatten(&a.nodes, 0, &mut atoms)?;
        atoms.retain(|a| !matches!(a, Atom::Comment(..)));
        let mut segs: Vec<Seg> = Vec::new();
        let mut leaves: Vec<Choice<Fx<Value>>> = Vec::new();
        let mut hoisted = Vec::new();
        let mut glued = false;
        for at in &atoms {
            let leaf = |leaves: &mut Vec<Choice<Fx<Value>>>, segs: &mut Vec<Seg>, v, sp| {
                leaves.push(v);
                segs.push(Seg::Leaf(leaves.len() - 1, sp));
            };
            match at {
                Atom::Lit { text, sp, .. } | Atom::Blank { text, sp, .. } => {
                    glued = text.ends_with(|c: char| c.is_ascii_digit());
                    segs.push(Seg::Text(text.clone(), *sp));
                }
                Atom::Comment(..) => {}
                Atom::Ident { name, sp, .. } if glued => {
                    // the letters of a number such as 0x1f
                    segs.push(Seg::Text(name.clone(), *sp));
                    glued = false;
                }
                Atom::Ident { name, sp, .. } => {
                    if !is_name_case(name) && !self.is_macro(name) {
                        return refuse(
                            K::Eval {
                                message: format!("`{name}` in an `eval` expression"),
                                help: Some("M4 would stop with \"bad expression in eval\" unless it is a macro".into()),
                            },
                            *sp,
                            "not a number",
                        );
                    }
                    let v = if self.kind_of(name) == Some(Kind::Name) {
                        symbol_call(Value::Str(vec![Piece::Name(name.clone())]))
                    } else if is_name_case(name) {
                        Value::Words(name.clone())
                    } else {
                        // tplg replaces only NAME_CASE words; interpolate others
                        Value::Str(vec![Piece::Name(name.clone())])
                    };
                    leaf(&mut leaves, &mut segs, Choice::Leaf((vec![], v)), *sp);
                }
                Atom::Param(sp) => match self.param_ref(*sp)? {
                    P::Ref(n, _) => leaf(
                        &mut leaves,
                        &mut segs,
                        Choice::Leaf((vec![], Value::Words(n))),
                        *sp,
                    ),
                    P::Text(t) => segs.push(Seg::Text(t, *sp)),
                    P::Val(v, _, _) => leaf(&mut leaves, &mut segs, Choice::Leaf((vec![], v)), *sp),
                    P::Effect(_) => {}
                },
                Atom::Call(c, _) => {
                    glued = false;
                    let (h, v) = self.call_value(c)?;
                    hoisted.extend(h);
                    leaf(&mut leaves, &mut segs, v, c.span);
                }
            }
            if !matches!(at, Atom::Lit { .. } | Atom::Blank { .. }) {
                glued = false;
            }
        }
        let tree = expr::parse(&segs, a.span).map_err(|e| {
            Box::new(Refusal {
                kind: K::Eval {
                    message: e.message,
                    help: e.help,
                },
                span: e.span,
                label: "here".into(),
            })
        })?;
        let all = zip_all(leaves);
        Ok((
            hoisted,
            all.map(&mut |ls: Vec<Fx<Value>>| {
                let mut eff = Vec::new();
                let mut vs = Vec::new();
                for (e, v) in ls {
                    eff.extend(e);
                    vs.push(v);
                }
                (eff, tree.to_value(&vs))
            }),
        ))
    }

    /// Pieces to a value: a number, words, or a string with `${NAME}`.
    fn finish(&self, pieces: Vec<P>, whole: Sp) -> R<Fx<Value>> {
        let mut effects = Vec::new();
        let mut pieces: Vec<P> = pieces
            .into_iter()
            .filter_map(|p| match p {
                P::Effect(s) => {
                    effects.push(s);
                    None
                }
                p => Some(p),
            })
            .collect();
        self.finish_text(&mut pieces, whole).map(|v| (effects, v))
    }

    fn finish_text(&self, pieces: &mut Vec<P>, whole: Sp) -> R<Value> {
        let mut pieces = std::mem::take(pieces);
        strip_m4_suffix(&mut pieces);
        // a value that is not text must stand alone
        let non_blank: Vec<&P> = pieces
            .iter()
            .filter(|p| !matches!(p, P::Text(t) if t.trim().is_empty()))
            .collect();
        if let Some(P::Val(v, sp, what)) = non_blank.iter().find(|p| matches!(p, P::Val(..))) {
            if non_blank.len() == 1 {
                return Ok(v.clone());
            }
            return refuse(K::Paste { name: what.clone() }, *sp, "pasted into text");
        }
        let pieces = merge_text(pieces);
        if let Some(t) = literal_text(&pieces) {
            return Ok(literal_value(&t));
        }
        if let Some(v) = self.check_pasted_names(&pieces, whole)? {
            return Ok(v);
        }
        // words: single spaces between words, each a word or a whole name
        let mut words: Vec<String> = Vec::new();
        let mut ok = true;
        let mut cur = String::new();
        let mut cur_is_ref = false;
        for p in &pieces {
            match p {
                P::Text(t) => {
                    for (i, part) in t.split(' ').enumerate() {
                        if i > 0 {
                            words.push(std::mem::take(&mut cur));
                            cur_is_ref = false;
                        }
                        // M4 keeps a name nothing defines as text; bare, tplg
                        // would read it as a reference
                        if (cur_is_ref && !part.is_empty()) || crate::eval::is_reference(part) {
                            ok = false;
                        }
                        cur.push_str(part);
                    }
                }
                P::Ref(n, _) => {
                    let is_param = self.ctx.as_ref().is_some_and(|c| c.params.contains(n));
                    if !cur.is_empty() || !(is_name_case(n) || is_param) {
                        ok = false;
                    }
                    cur.push_str(n);
                    cur_is_ref = true;
                }
                P::Val(..) | P::Effect(_) => ok = false,
            }
        }
        words.push(cur);
        if ok && words.iter().all(|w| is_word(w)) {
            return Ok(Value::Words(words.join(" ")));
        }
        let out: Vec<Piece> = pieces
            .into_iter()
            .map(|p| match p {
                P::Text(t) => Piece::Text(t),
                P::Ref(n, _) => Piece::Name(n),
                P::Val(..) | P::Effect(_) => Piece::Text(String::new()),
            })
            .collect();
        Ok(Value::Str(merge_text(out)))
    }

    /// M4 reads pasted text again: `PIPELINE_SINK_'ID` becomes the macro
    /// `PIPELINE_SINK_1`. tplg would keep the text; refuse when the pasted
    /// name could be a macro.
    ///
    /// When the pasted name is the whole value (`concat(`PIPELINE_SINK_',
    /// ID)`), it converts to `symbol("PIPELINE_SINK_${ID}")`, which tplg
    /// reads as M4 does.
    fn check_pasted_names(&self, pieces: &[P], whole: Sp) -> R<Option<Value>> {
        let is_id = |c: char| c.is_ascii_alphanumeric() || c == '_';
        for (i, p) in pieces.iter().enumerate() {
            let P::Ref(_, sp) = p else { continue };
            let before = match i.checked_sub(1).map(|k| &pieces[k]) {
                Some(P::Text(t)) => {
                    let n = t.len() - t.trim_end_matches(is_id).len();
                    t[t.len() - n..].to_string()
                }
                _ => String::new(),
            };
            let after = match pieces.get(i + 1) {
                Some(P::Text(t)) => t[..t.len() - t.trim_start_matches(is_id).len()].to_string(),
                _ => String::new(),
            };
            if before.is_empty() && after.is_empty() {
                continue;
            }
            // a name cannot start with a digit: M4 splits `1FOO` into `1` and `FOO`
            let prefix = before.trim_start_matches(|c: char| c.is_ascii_digit());
            if prefix.is_empty()
                && !after
                    .chars()
                    .next()
                    .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
            {
                continue;
            }
            let matches = self.pasted_matches(prefix, &after);
            if !matches.is_empty() {
                if let Some(v) = whole_computed_name(pieces) {
                    return Ok(Some(v));
                }
                let shown: Vec<String> = matches.iter().take(3).map(|m| format!("`{m}`")).collect();
                let _ = whole;
                return refuse(
                    K::ComputedName {
                        pattern: format!("{prefix}…{after}"),
                        examples: format!("e.g. {}", shown.join(", ")),
                    },
                    *sp,
                    "pasted into a name",
                );
            }
        }
        Ok(None)
    }
}

enum Cond {
    Static(bool),
    Dynamic(Value),
}

/// What an unquoted name expands to (see [`Converter::expand_name`]).
#[derive(Debug, Clone, PartialEq)]
enum Expanded {
    /// A name M4 then acts on.
    Name(String),
    /// Text that is not a name: no macro has it.
    Nothing(String),
}

/// `symbol("PREFIX${ID}SUFFIX")` for pieces that are one pasted name and
/// nothing else.
fn whole_computed_name(pieces: &[P]) -> Option<Value> {
    let is_id = |t: &str| t.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_');
    let mut out = Vec::new();
    let mut refs = 0;
    for p in pieces {
        match p {
            P::Text(t) if is_id(t) => out.push(Piece::Text(t.clone())),
            P::Ref(n, _) => {
                refs += 1;
                out.push(Piece::Name(n.clone()));
            }
            _ => return None,
        }
    }
    (refs >= 1).then(|| symbol_call(Value::Str(merge_text(out))))
}

/// `symbol(v)`: the value of the symbol `v` names.
fn symbol_call(v: Value) -> Value {
    Value::Call(CallOut {
        name: "symbol".into(),
        args: vec![ArgOut {
            comments: vec![],
            brk: None,
            value: v,
        }],
        close_break: None,
    })
}

/// The name inside `symbol("…")`, if `v` is such a call.
fn symbol_arg(v: &Value) -> Option<&Value> {
    match v {
        Value::Call(c) if c.name == "symbol" && c.args.len() == 1 => Some(&c.args[0].value),
        _ => None,
    }
}

/// A NAME_CASE name without digits, as macros are named (`CODEC`,
/// `PIPE_NAME`), unlike the parts of link and widget names (`SSP5`, `PIN2`).
fn looks_like_macro(name: &str) -> bool {
    is_name_case(name) && name.len() >= 4 && !name.bytes().any(|b| b.is_ascii_digit())
}

fn is_fatal(s: &Stmt) -> bool {
    matches!(s, Stmt::Call(c) if c.name == "FATAL_ERROR")
}

fn is_comment(s: &Stmt) -> bool {
    matches!(s, Stmt::Comment(_) | Stmt::Trailing(_) | Stmt::Blank)
}

/// `PIPELINE_SOURCE_3` and the like: names pipelines publish, with the ID.
fn published(name: &str) -> Option<i64> {
    let rest = name.strip_prefix("PIPELINE_")?;
    let (kind, id) = rest.rsplit_once('_')?;
    if kind.is_empty() || !kind.bytes().all(|b| b.is_ascii_uppercase() || b == b'_') {
        return None;
    }
    id.parse().ok()
}

/// `N_AEC_REF_BUF` and the like: SOF's global connection points, which
/// the library's pipelines publish without an ID.
fn published_global(name: &str) -> bool {
    name.starts_with("N_") && is_name_case(name)
}

/// `dnl text` as a `#` comment, keeping the author's spacing; `None` when
/// it only deletes a line end.
fn dnl_comment(t: &str) -> Option<String> {
    let rest = t[3..].trim_end();
    if rest.trim().is_empty() {
        return None;
    }
    Some(if rest.starts_with([' ', '\t']) {
        format!("#{rest}")
    } else {
        format!("# {rest}")
    })
}

fn take_comments(atoms: &mut Vec<Atom>) -> Vec<String> {
    let mut out = Vec::new();
    atoms.retain(|a| match a {
        Atom::Comment(t, _) => {
            out.push(t.clone());
            false
        }
        _ => true,
    });
    out
}

/// Without unquoted blanks at either end (M4 drops leading ones; trailing
/// ones before `,` or `)` are layout in every SOF topology).
fn trim(mut atoms: Vec<Atom>) -> Vec<Atom> {
    while matches!(atoms.first(), Some(Atom::Blank { depth: 0, .. })) {
        atoms.remove(0);
    }
    while matches!(atoms.last(), Some(Atom::Blank { depth: 0, .. })) {
        atoms.pop();
    }
    atoms
}

/// Pieces of a value, some of them plain text.
trait TextPiece {
    fn text_mut(&mut self) -> Option<&mut String>;
}

impl TextPiece for P {
    fn text_mut(&mut self) -> Option<&mut String> {
        match self {
            P::Text(t) => Some(t),
            _ => None,
        }
    }
}

impl TextPiece for Piece {
    fn text_mut(&mut self) -> Option<&mut String> {
        match self {
            Piece::Text(t) => Some(t),
            _ => None,
        }
    }
}

/// Adjacent texts joined into one, empty texts dropped.
fn merge_text<T: TextPiece>(pieces: Vec<T>) -> Vec<T> {
    let mut out: Vec<T> = Vec::new();
    for mut p in pieces {
        if let Some(t) = p.text_mut() {
            if t.is_empty() {
                continue;
            }
            if let Some(a) = out.last_mut().and_then(TextPiece::text_mut) {
                a.push_str(t);
                continue;
            }
        }
        out.push(p);
    }
    out
}

/// The text, if the pieces name nothing.
fn literal_text(pieces: &[P]) -> Option<String> {
    let mut s = String::new();
    for p in pieces {
        match p {
            P::Text(t) => s.push_str(t),
            _ => return None,
        }
    }
    Some(s)
}

/// `sof/pipe-volume-playback.m4` names a pipeline; tplg drops the `.m4`.
fn strip_m4_suffix(pieces: &mut Vec<P>) {
    *pieces = merge_text(std::mem::take(pieces));
    let has_slash = pieces
        .iter()
        .any(|p| matches!(p, P::Text(t) if t.contains('/')));
    if let Some(P::Text(t)) = pieces.last_mut() {
        let trimmed = t.trim_end();
        if has_slash && trimmed.ends_with(".m4") && !trimmed.contains(' ') {
            *t = trimmed.trim_end_matches(".m4").to_string();
        }
    }
}

/// Literal text as a number, words or a string.
fn literal_value(t: &str) -> Value {
    let digits = t.strip_prefix('-').unwrap_or(t);
    let decimal = !digits.is_empty()
        && digits.bytes().all(|b| b.is_ascii_digit())
        && (digits == "0" || !digits.starts_with('0'));
    let hex = t.len() > 2
        && (t.starts_with("0x") || t.starts_with("0X"))
        && t[2..].bytes().all(|b| b.is_ascii_hexdigit());
    if decimal || hex {
        return Value::Num(t.to_string());
    }
    // M4 keeps a name nothing defines as text; bare, tplg would read it as a
    // reference
    if !t.is_empty()
        && t.split(' ')
            .all(|w| is_word(w) && !crate::eval::is_reference(w))
    {
        return Value::Words(t.to_string());
    }
    Value::Str(if t.is_empty() {
        vec![]
    } else {
        vec![Piece::Text(t.to_string())]
    })
}

/// The name written by `define` in a call, if it is literal.
pub(crate) fn defined_name(src: &str, c: &Call) -> Option<String> {
    c.args.first().and_then(|a| literal_name(src, &a.nodes))
}
