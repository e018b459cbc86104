//! The syntax tree of a `.topo` file. Every node keeps its span.

use crate::source::Span;
use std::sync::Arc;

/// A name as written, with where it was written.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Ident {
    pub name: String,
    pub span: Span,
}

#[derive(Debug, Clone)]
pub(crate) enum Stmt {
    Include {
        path: StrLit,
        span: Span,
    },
    Define {
        name: Ident,
        /// `define "${X}" = …`: the name is this string's text.
        computed: Option<StrLit>,
        value: Expr,
        /// `default`: only when the name is not yet defined.
        only_if_undefined: bool,
        span: Span,
    },
    Undefine {
        name: Ident,
        computed: Option<StrLit>,
        span: Span,
    },
    /// `alias NAME = TARGET`: `NAME` reads as `TARGET` where it is used.
    Alias {
        name: Ident,
        target: Ident,
        span: Span,
    },
    If {
        /// `if` and each `else if`, in order.
        branches: Vec<(Expr, Vec<Stmt>)>,
        otherwise: Option<Vec<Stmt>>,
        span: Span,
    },
    Macro(Arc<MacroDef>),
    Call(Call),
    Raw(RawSection),
}

impl Stmt {
    pub(crate) fn span(&self) -> Span {
        match self {
            Stmt::Include { span, .. }
            | Stmt::Define { span, .. }
            | Stmt::Undefine { span, .. }
            | Stmt::Alias { span, .. }
            | Stmt::If { span, .. } => *span,
            Stmt::Macro(m) => m.span,
            Stmt::Call(c) => c.span,
            Stmt::Raw(r) => r.span,
        }
    }
}

/// A user macro: a named group of statements with parameters.
#[derive(Debug)]
pub(crate) struct MacroDef {
    pub name: Ident,
    pub params: Vec<MacroParam>,
    pub body: Vec<Stmt>,
    pub span: Span,
}

#[derive(Debug)]
pub(crate) struct MacroParam {
    pub name: Ident,
    pub default: Option<Expr>,
}

/// `NAME(args)`, as a statement or nested in an argument.
#[derive(Debug, Clone)]
pub(crate) struct Call {
    pub name: Ident,
    pub args: Vec<Arg>,
    pub span: Span,
    /// The span of the argument list, parentheses included.
    pub args_span: Span,
}

#[derive(Debug, Clone)]
pub(crate) struct Arg {
    /// `Some` for `name = value`.
    pub name: Option<Ident>,
    pub value: Expr,
    pub span: Span,
}

#[derive(Debug, Clone)]
pub(crate) struct Expr {
    pub kind: ExprKind,
    pub span: Span,
}

#[derive(Debug, Clone)]
pub(crate) enum ExprKind {
    Int(i64),
    /// A hexadecimal number, as written (`0x102`): an integer that keeps its
    /// spelling where it is used as text, as M4 pastes it.
    Hex(String),
    /// Bare words, e.g. `SSP5-Codec` or `Master Playback Volume`. Each word
    /// that names a symbol in scope is replaced by the symbol's value.
    Words(Vec<Ident>),
    Str(StrLit),
    Call(Call),
    Unary(UnaryOp, Box<Expr>),
    Binary(BinOp, Box<Expr>, Box<Expr>),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum UnaryOp {
    Neg,
    Not,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum BinOp {
    Or,
    And,
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
    BitOr,
    BitXor,
    BitAnd,
    Shl,
    Shr,
    Add,
    Sub,
    Mul,
    Div,
    Rem,
}

impl BinOp {
    /// How tightly the operator binds in the `.topo` grammar (higher binds
    /// tighter; all are left-associative), as `grammar/topology.pest`
    /// orders them.
    pub(crate) fn precedence(self) -> u8 {
        use BinOp::*;
        match self {
            Or => 1,
            And => 2,
            Eq | Ne => 3,
            Lt | Le | Gt | Ge => 4,
            BitOr => 5,
            BitXor => 6,
            BitAnd => 7,
            Shl | Shr => 8,
            Add | Sub => 9,
            Mul | Div | Rem => 10,
        }
    }

    pub(crate) fn symbol(self) -> &'static str {
        use BinOp::*;
        match self {
            Or => "||",
            And => "&&",
            Eq => "==",
            Ne => "!=",
            Lt => "<",
            Le => "<=",
            Gt => ">",
            Ge => ">=",
            BitOr => "|",
            BitXor => "^",
            BitAnd => "&",
            Shl => "<<",
            Shr => ">>",
            Add => "+",
            Sub => "-",
            Mul => "*",
            Div => "/",
            Rem => "%",
        }
    }
}

/// A quoted string: literal text and `${NAME}` interpolations.
#[derive(Debug, Clone)]
pub(crate) struct StrLit {
    pub parts: Vec<StrPart>,
    pub span: Span,
}

#[derive(Debug, Clone)]
pub(crate) enum StrPart {
    Text(String),
    Interp(Ident),
}

/// A raw alsaconf section passed through to the output.
#[derive(Debug, Clone)]
pub(crate) struct RawSection {
    pub parts: Vec<RawPart>,
    pub span: Span,
}

#[derive(Debug, Clone)]
pub(crate) enum RawPart {
    /// Text copied as is.
    Text(String),
    /// A quoted string; written back quoted, after interpolation.
    Str(StrLit),
    /// `dapm(sink, source)`: becomes `"sink, , source"`.
    Dapm(Box<Expr>, Box<Expr>, Span),
}
