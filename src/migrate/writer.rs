//! The `.topo` side: a small tree of what the converter produces, and how
//! it is printed. Layout follows the M4 source: an argument that started a
//! new line there starts a new line here, with the same indentation
//! relative to its statement; blocks indent by four spaces.

use crate::parse::ast::{BinOp, UnaryOp};

#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Stmt {
    /// One empty line between statements.
    Blank,
    /// A whole-line comment, `#` included.
    Comment(String),
    /// A comment after the statement before it, on the same line.
    Trailing(String),
    Include(Value),
    Define {
        name: String,
        value: Value,
        /// `default`: only if not yet defined.
        default: bool,
    },
    Undefine(String),
    /// `alias NAME = TARGET`: M4's `define(NAME, `TARGET')` where TARGET is
    /// defined only later; NAME reads TARGET where it is used.
    Alias {
        name: String,
        target: String,
    },
    If {
        branches: Vec<(Value, Vec<Stmt>)>,
        otherwise: Vec<Stmt>,
    },
    Macro {
        name: String,
        params: Vec<String>,
        body: Vec<Stmt>,
    },
    Call(CallOut),
    /// A raw `Section…` block, already in `.topo` form.
    Raw(String),
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) struct CallOut {
    pub name: String,
    pub args: Vec<ArgOut>,
    /// Indentation of `)` when it stood on a line of its own.
    pub close_break: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) struct ArgOut {
    /// Comments that stood among the arguments, one per line.
    pub comments: Vec<String>,
    /// Indentation (relative to the statement) when the argument started a line.
    pub brk: Option<String>,
    pub value: Value,
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Value {
    /// A decimal or `0x` number, as written.
    Num(String),
    /// Bare words separated by single spaces, each a valid `.topo` word.
    Words(String),
    /// A quoted string.
    Str(Vec<Piece>),
    Call(CallOut),
    /// `defined(NAME)`.
    Defined(String),
    Unary(UnaryOp, Box<Value>),
    Binary(BinOp, Box<Value>, Box<Value>),
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Piece {
    Text(String),
    /// `${NAME}`.
    Name(String),
}

impl Value {
    pub(super) fn empty() -> Value {
        Value::Str(Vec::new())
    }

    pub(super) fn not(self) -> Value {
        match self {
            Value::Unary(UnaryOp::Not, inner) => *inner,
            Value::Binary(BinOp::Eq, l, r) => Value::Binary(BinOp::Ne, l, r),
            Value::Binary(BinOp::Ne, l, r) => Value::Binary(BinOp::Eq, l, r),
            v => Value::Unary(UnaryOp::Not, Box::new(v)),
        }
    }
}

const INDENT: &str = "    ";

/// Prints a file.
pub(crate) fn render(stmts: &[Stmt]) -> String {
    let mut out = String::new();
    block(&mut out, stmts, "");
    if !out.ends_with('\n') {
        out.push('\n');
    }
    out
}

fn block(out: &mut String, stmts: &[Stmt], indent: &str) {
    let mut first = true;
    let mut pending_blank = false;
    for s in stmts {
        match s {
            Stmt::Blank => {
                pending_blank = !first;
                continue;
            }
            Stmt::Trailing(c) if !first => {
                out.push(' ');
                out.push_str(c);
                continue;
            }
            _ => {}
        }
        if !first {
            out.push('\n');
            if pending_blank {
                out.push('\n');
            }
        }
        pending_blank = false;
        first = false;
        out.push_str(indent);
        stmt(out, s, indent);
    }
}

fn stmt(out: &mut String, s: &Stmt, indent: &str) {
    match s {
        Stmt::Blank => {}
        Stmt::Comment(c) | Stmt::Trailing(c) => out.push_str(c),
        Stmt::Include(v) => {
            out.push_str("include ");
            value(out, v, indent);
        }
        Stmt::Define {
            name,
            value: v,
            default,
        } => {
            out.push_str(if *default { "default " } else { "define " });
            out.push_str(name);
            out.push_str(" = ");
            value(out, v, indent);
        }
        Stmt::Undefine(n) => {
            out.push_str("undefine ");
            out.push_str(n);
        }
        Stmt::Alias { name, target } => {
            out.push_str("alias ");
            out.push_str(name);
            out.push_str(" = ");
            out.push_str(target);
        }
        Stmt::If {
            branches,
            otherwise,
        } => {
            let inner = format!("{indent}{INDENT}");
            for (i, (cond, body)) in branches.iter().enumerate() {
                out.push_str(if i == 0 { "if " } else { " else if " });
                value(out, cond, indent);
                out.push_str(" {");
                body_block(out, body, &inner, indent);
            }
            if !otherwise.is_empty() {
                out.push_str(" else {");
                body_block(out, otherwise, &inner, indent);
            }
        }
        Stmt::Macro { name, params, body } => {
            out.push_str("macro ");
            out.push_str(name);
            out.push('(');
            out.push_str(&params.join(", "));
            out.push_str(") {");
            body_block(out, body, &format!("{indent}{INDENT}"), indent);
        }
        Stmt::Call(c) => call(out, c, indent),
        Stmt::Raw(r) => raw(out, r, indent),
    }
}

/// A raw section, its lines indented with the block (outside strings, where
/// alsaconf does not care about blanks).
fn raw(out: &mut String, r: &str, indent: &str) {
    let mut in_str = false;
    let mut escaped = false;
    for (i, line) in r.split('\n').enumerate() {
        if i > 0 {
            out.push('\n');
            if !in_str && !indent.is_empty() && !line.trim().is_empty() {
                out.push_str(indent);
            }
        }
        if line.trim().is_empty() && i > 0 && !in_str {
            // no trailing blanks
        } else {
            out.push_str(line);
        }
        for c in line.chars() {
            match c {
                _ if escaped => escaped = false,
                '\\' if in_str => escaped = true,
                '"' => in_str = !in_str,
                _ => {}
            }
        }
    }
}

fn body_block(out: &mut String, body: &[Stmt], inner: &str, indent: &str) {
    let mut text = String::new();
    block(&mut text, body, inner);
    if !text.is_empty() {
        out.push('\n');
        out.push_str(&text);
    }
    out.push('\n');
    out.push_str(indent);
    out.push('}');
}

fn call(out: &mut String, c: &CallOut, indent: &str) {
    out.push_str(&c.name);
    out.push('(');
    let only_empty =
        c.args.len() == 1 && c.args[0].value == Value::empty() && c.args[0].comments.is_empty();
    if !only_empty {
        for (i, a) in c.args.iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            let rel = a.brk.as_deref().unwrap_or(INDENT);
            for com in &a.comments {
                out.push('\n');
                out.push_str(indent);
                out.push_str(rel);
                out.push_str(com);
            }
            if a.brk.is_some() || !a.comments.is_empty() {
                out.push('\n');
                out.push_str(indent);
                out.push_str(rel);
            } else if i > 0 {
                out.push(' ');
            }
            value(out, &a.value, indent);
        }
    }
    if let Some(rel) = &c.close_break {
        out.push('\n');
        out.push_str(indent);
        out.push_str(rel);
    }
    out.push(')');
}

/// A value as `.topo` text.
pub(crate) fn render_value(v: &Value) -> String {
    let mut s = String::new();
    value(&mut s, v, "");
    s
}

fn value(out: &mut String, v: &Value, indent: &str) {
    match v {
        Value::Num(n) | Value::Words(n) => out.push_str(n),
        Value::Str(pieces) => string(out, pieces),
        Value::Call(c) => call(out, c, indent),
        Value::Defined(n) => {
            out.push_str("defined(");
            if is_name(n) {
                out.push_str(n);
            } else {
                string(out, &[Piece::Text(n.clone())]);
            }
            out.push(')');
        }
        Value::Unary(op, inner) => {
            out.push(match op {
                UnaryOp::Neg => '-',
                UnaryOp::Not => '!',
            });
            let paren = matches!(**inner, Value::Binary(..) | Value::Unary(..));
            operand(out, inner, paren, indent);
        }
        Value::Binary(op, l, r) => {
            let p = op.precedence();
            let lp = matches!(**l, Value::Binary(o, ..) if o.precedence() < p);
            let rp = matches!(**r, Value::Binary(o, ..) if o.precedence() <= p);
            operand(out, l, lp, indent);
            out.push(' ');
            out.push_str(op.symbol());
            out.push(' ');
            operand(out, r, rp, indent);
        }
    }
}

fn operand(out: &mut String, v: &Value, paren: bool, indent: &str) {
    // several words in an expression would read as one operand with spaces
    let paren = paren || matches!(v, Value::Words(w) if w.contains(' '));
    if paren {
        out.push('(');
    }
    value(out, v, indent);
    if paren {
        out.push(')');
    }
}

fn string(out: &mut String, pieces: &[Piece]) {
    // text of several lines (coefficient data, say) keeps its lines
    let multi_line = pieces
        .iter()
        .any(|p| matches!(p, Piece::Text(t) if t.contains('\n')));
    out.push('"');
    for p in pieces {
        match p {
            Piece::Text(t) if multi_line => escape_raw_into(out, t),
            Piece::Text(t) => escape_into(out, t),
            Piece::Name(n) => {
                out.push_str("${");
                out.push_str(n);
                out.push('}');
            }
        }
    }
    out.push('"');
}

/// Escapes text for a `.topo` string.
pub(crate) fn escape_into(out: &mut String, t: &str) {
    let mut chars = t.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '$' if chars.peek() == Some(&'{') => out.push_str("\\$"),
            c => out.push(c),
        }
    }
}

/// Escapes text for a `.topo` string, leaving line breaks and tabs as they are.
fn escape_raw_into(out: &mut String, t: &str) {
    let mut chars = t.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '$' if chars.peek() == Some(&'{') => out.push_str("\\$"),
            c => out.push(c),
        }
    }
}

/// A `.topo` name: `[A-Za-z_][A-Za-z0-9_]*`.
pub(crate) fn is_name(s: &str) -> bool {
    let mut b = s.bytes();
    matches!(b.next(), Some(c) if c.is_ascii_alphabetic() || c == b'_')
        && b.all(|c| c.is_ascii_alphanumeric() || c == b'_')
}

/// A `.topo` bare word: a name that may also contain `-`, `.` and `/`.
pub(crate) fn is_word(s: &str) -> bool {
    let mut b = s.bytes();
    matches!(b.next(), Some(c) if c.is_ascii_alphabetic() || c == b'_')
        && b.all(|c| c.is_ascii_alphanumeric() || matches!(c, b'_' | b'-' | b'.' | b'/'))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(w: &str) -> Value {
        Value::Words(w.into())
    }

    #[test]
    fn precedence_adds_parentheses_where_topo_binds_differently() {
        // M4 (like C) reads `A & B == 0` as `A & (B == 0)`; .topo binds `&` tighter.
        let v = Value::Binary(
            BinOp::BitAnd,
            Box::new(words("A")),
            Box::new(Value::Binary(
                BinOp::Eq,
                Box::new(words("B")),
                Box::new(Value::Num("0".into())),
            )),
        );
        let mut s = String::new();
        value(&mut s, &v, "");
        assert_eq!(s, "A & (B == 0)");
        let v = Value::Binary(
            BinOp::Sub,
            Box::new(words("A")),
            Box::new(Value::Binary(
                BinOp::Sub,
                Box::new(words("B")),
                Box::new(words("C")),
            )),
        );
        let mut s = String::new();
        value(&mut s, &v, "");
        assert_eq!(s, "A - (B - C)");
    }

    #[test]
    fn strings_escape_and_interpolate() {
        let mut s = String::new();
        string(
            &mut s,
            &[Piece::Text("a\"\t${".into()), Piece::Name("X".into())],
        );
        assert_eq!(s, r#""a\"\t\${${X}""#);
    }

    #[test]
    fn if_blocks_and_layout() {
        let c = CallOut {
            name: "F".into(),
            args: vec![
                ArgOut {
                    comments: vec![],
                    brk: None,
                    value: Value::Num("1".into()),
                },
                ArgOut {
                    comments: vec!["# two".into()],
                    brk: Some("\t".into()),
                    value: Value::Num("2".into()),
                },
            ],
            close_break: None,
        };
        let s = render(&[Stmt::If {
            branches: vec![(Value::Defined("X".into()), vec![Stmt::Call(c)])],
            otherwise: vec![Stmt::Comment("# none".into())],
        }]);
        assert_eq!(
            s,
            "if defined(X) {\n    F(1,\n    \t# two\n    \t2)\n} else {\n    # none\n}\n"
        );
    }
}
