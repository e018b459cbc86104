//! M4 `eval` expressions: read with M4's (C's) precedence, turned into
//! `.topo` integer expressions. The writer adds the parentheses that the
//! `.topo` precedence needs, so the meaning is kept.

use super::ast::Sp;
use super::writer::Value;
use crate::parse::ast::{BinOp, UnaryOp};

/// Input to the parser: text to tokenize, and operands the converter has
/// already made (names, nested calls), by index.
#[derive(Debug, Clone)]
pub(crate) enum Seg {
    Text(String, Sp),
    Leaf(usize, Sp),
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) enum ETree {
    Leaf(usize),
    Num(String),
    Unary(UnaryOp, Box<ETree>),
    Bin(BinOp, Box<ETree>, Box<ETree>),
}

impl ETree {
    /// The `.topo` value, with the operands in `leaves`.
    pub(super) fn to_value(&self, leaves: &[Value]) -> Value {
        match self {
            ETree::Leaf(i) => leaves[*i].clone(),
            ETree::Num(n) => Value::Num(n.clone()),
            ETree::Unary(op, e) => Value::Unary(*op, Box::new(e.to_value(leaves))),
            ETree::Bin(op, l, r) => Value::Binary(
                *op,
                Box::new(l.to_value(leaves)),
                Box::new(r.to_value(leaves)),
            ),
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) struct ExprError {
    pub message: String,
    pub help: Option<String>,
    pub span: Sp,
}

#[derive(Debug, Clone, PartialEq)]
enum Tok {
    Num(String),
    Op(&'static str),
    Open,
    Close,
    Leaf(usize),
}

const OPS: [&str; 25] = [
    "**", "<<", ">>", "<=", ">=", "==", "!=", "&&", "||", "+", "-", "*", "/", "%", "<", ">", "&",
    "|", "^", "!", "~", "?", ":", "=", ",",
];

fn err(message: impl Into<String>, help: Option<&str>, span: Sp) -> ExprError {
    ExprError {
        message: message.into(),
        help: help.map(str::to_string),
        span,
    }
}

fn tokenize(segs: &[Seg]) -> Result<Vec<(Tok, Sp)>, ExprError> {
    let mut out = Vec::new();
    for seg in segs {
        let (text, base) = match seg {
            Seg::Leaf(i, sp) => {
                out.push((Tok::Leaf(*i), *sp));
                continue;
            }
            Seg::Text(t, sp) => (t.as_str(), sp.start),
        };
        let b = text.as_bytes();
        let mut i = 0;
        while i < b.len() {
            let at = |n: usize| Sp::new(base + i, base + i + n);
            let c = b[i];
            if c.is_ascii_whitespace() {
                i += 1;
            } else if c.is_ascii_digit() {
                let s = i;
                while i < b.len() && (b[i].is_ascii_alphanumeric() || b[i] == b'_' || b[i] == b':')
                {
                    i += 1;
                }
                let sp = Sp::new(base + s, base + i);
                out.push((Tok::Num(number(&text[s..i], sp)?), sp));
            } else if c == b'(' {
                out.push((Tok::Open, at(1)));
                i += 1;
            } else if c == b')' {
                out.push((Tok::Close, at(1)));
                i += 1;
            } else if let Some(op) = OPS.iter().find(|op| text[i..].starts_with(**op)) {
                out.push((Tok::Op(op), at(op.len())));
                i += op.len();
            } else {
                let ch = text[i..].chars().next().unwrap_or('?');
                return Err(err(
                    format!("`{ch}` in an `eval` expression"),
                    Some("M4 would stop with \"bad expression in eval\""),
                    at(ch.len_utf8()),
                ));
            }
        }
    }
    Ok(out)
}

/// An M4 integer literal as `.topo` writes it: decimal, or hexadecimal as is.
fn number(t: &str, sp: Sp) -> Result<String, ExprError> {
    let bad = || {
        err(
            format!("`{t}` is not a number"),
            Some("M4 reads decimal, 0x hexadecimal, 0b binary and 0-prefixed octal"),
            sp,
        )
    };
    let lower = t.to_ascii_lowercase();
    let (digits, radix) = if let Some(h) = lower.strip_prefix("0x") {
        if h.is_empty() || !h.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Err(bad());
        }
        return Ok(t.to_string());
    } else if let Some(b) = lower.strip_prefix("0b") {
        (b.to_string(), 2)
    } else if lower.starts_with("0r") {
        return Err(err(
            format!("radix number `{t}`"),
            Some("write it in decimal or hexadecimal"),
            sp,
        ));
    } else if lower.len() > 1 && lower.starts_with('0') {
        (lower[1..].to_string(), 8)
    } else {
        (lower, 10)
    };
    if digits.is_empty() {
        return Err(bad());
    }
    let v = i64::from_str_radix(&digits, radix).map_err(|_| bad())?;
    Ok(v.to_string())
}

/// Binding strength in M4 (as in C), lowest first; `None`: not a binary operator.
fn m4_prec(op: &str) -> Option<(u8, BinOp)> {
    Some(match op {
        "||" => (1, BinOp::Or),
        "&&" => (2, BinOp::And),
        "|" => (3, BinOp::BitOr),
        "^" => (4, BinOp::BitXor),
        "&" => (5, BinOp::BitAnd),
        "==" => (6, BinOp::Eq),
        "!=" => (6, BinOp::Ne),
        "<" => (7, BinOp::Lt),
        "<=" => (7, BinOp::Le),
        ">" => (7, BinOp::Gt),
        ">=" => (7, BinOp::Ge),
        "<<" => (8, BinOp::Shl),
        ">>" => (8, BinOp::Shr),
        "+" => (9, BinOp::Add),
        "-" => (9, BinOp::Sub),
        "*" => (10, BinOp::Mul),
        "/" => (10, BinOp::Div),
        "%" => (10, BinOp::Rem),
        _ => return None,
    })
}

struct Parser {
    toks: Vec<(Tok, Sp)>,
    pos: usize,
    whole: Sp,
}

/// Parses an `eval` argument.
pub(crate) fn parse(segs: &[Seg], whole: Sp) -> Result<ETree, ExprError> {
    let toks = tokenize(segs)?;
    let mut p = Parser {
        toks,
        pos: 0,
        whole,
    };
    if p.toks.is_empty() {
        return Err(err(
            "empty `eval` expression",
            Some("M4 would stop with \"empty string treated as 0\" under --fatal-warnings"),
            whole,
        ));
    }
    let e = p.binary(1)?;
    if let Some((_, sp)) = p.toks.get(p.pos) {
        return Err(err("unexpected text after the expression", None, *sp));
    }
    Ok(e)
}

impl Parser {
    fn unsupported(&self, op: &str, sp: Sp) -> ExprError {
        let help = match op {
            "**" => "tplg has no power operator; write the product out",
            "~" => "tplg has no bitwise complement; use `x ^ -1` in the M4 source first",
            "?" | ":" => "tplg expressions have no `?:`; use `ifelse` around the statements",
            "=" => "M4 reads `=` as `==` with a warning; write `==`",
            _ => "M4 would stop with \"bad expression in eval\"",
        };
        err(
            format!("operator `{op}` has no tplg equivalent"),
            Some(help),
            sp,
        )
    }

    fn binary(&mut self, min: u8) -> Result<ETree, ExprError> {
        let mut lhs = self.unary()?;
        loop {
            let Some((Tok::Op(op), sp)) = self.toks.get(self.pos).cloned() else {
                return Ok(lhs);
            };
            let Some((prec, bop)) = m4_prec(op) else {
                if matches!(op, "**" | "?" | ":" | "=") {
                    return Err(self.unsupported(op, sp));
                }
                return Err(err(format!("unexpected `{op}`"), None, sp));
            };
            if prec < min {
                return Ok(lhs);
            }
            self.pos += 1;
            let rhs = self.binary(prec + 1)?;
            lhs = ETree::Bin(bop, Box::new(lhs), Box::new(rhs));
        }
    }

    fn unary(&mut self) -> Result<ETree, ExprError> {
        let Some((tok, sp)) = self.toks.get(self.pos).cloned() else {
            let end = Sp::new(self.whole.end, self.whole.end);
            return Err(err("expression ends early", None, end));
        };
        self.pos += 1;
        match tok {
            Tok::Num(n) => Ok(ETree::Num(n)),
            Tok::Leaf(i) => Ok(ETree::Leaf(i)),
            Tok::Open => {
                let e = self.binary(1)?;
                match self.toks.get(self.pos) {
                    Some((Tok::Close, _)) => {
                        self.pos += 1;
                        Ok(e)
                    }
                    _ => Err(err("`(` never closed", None, sp)),
                }
            }
            Tok::Op("-") => Ok(match self.unary()? {
                ETree::Num(n) if !n.starts_with('-') => ETree::Num(format!("-{n}")),
                e => ETree::Unary(UnaryOp::Neg, Box::new(e)),
            }),
            Tok::Op("+") => self.unary(),
            Tok::Op("!") => Ok(ETree::Unary(UnaryOp::Not, Box::new(self.unary()?))),
            Tok::Op(op) => Err(self.unsupported(op, sp)),
            Tok::Close => Err(err("unexpected `)`", None, sp)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(s: &str) -> Result<ETree, ExprError> {
        parse(
            &[Seg::Text(s.into(), Sp::new(0, s.len()))],
            Sp::new(0, s.len()),
        )
    }

    fn show(s: &str) -> String {
        let v = p(s).unwrap().to_value(&[]);
        let mut out = String::new();
        out.push_str(&super::super::writer::render(&[
            super::super::writer::Stmt::Define {
                name: "X".into(),
                value: v,
                default: false,
            },
        ]));
        out.trim_end().trim_start_matches("define X = ").to_string()
    }

    #[test]
    fn c_precedence_is_kept() {
        assert_eq!(show("1 + 2 * 3"), "1 + 2 * 3");
        assert_eq!(show("(1 + 2) * 3"), "(1 + 2) * 3");
        // C: `==` binds tighter than `&`; .topo needs the parentheses
        assert_eq!(show("4 & 1 == 1"), "4 & (1 == 1)");
        assert_eq!(show("1 << 2 | 1"), "1 << 2 | 1");
        assert_eq!(show("10 - (3 - 2)"), "10 - (3 - 2)");
    }

    #[test]
    fn numbers() {
        assert_eq!(show("010"), "8");
        assert_eq!(show("0x1F"), "0x1F");
        assert_eq!(show("0b101"), "5");
        assert_eq!(show("-3"), "-3");
        assert_eq!(show("+3"), "3");
        assert!(p("08").is_err());
        assert!(p("1k").is_err());
    }

    #[test]
    fn unsupported_operators_are_refused_at_their_place() {
        let e = p("2 ** 3").unwrap_err();
        assert_eq!(e.span, Sp::new(2, 4));
        assert!(e.message.contains("`**`"));
        let e = p("~1").unwrap_err();
        assert_eq!(e.span, Sp::new(0, 1));
        assert!(p("1 ? 2 : 3").is_err());
        assert!(p("(1").is_err());
        assert!(p("").is_err());
    }
}
