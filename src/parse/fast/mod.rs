//! A hand-written reader for `.topo` files that parse: the grammar of
//! `grammar/topology.pest` read the way pest's generated parser reads it
//! (implicit whitespace and comments between the elements of a non-atomic
//! rule, a repetition's failed attempt undone, the same rule spans), building
//! the syntax tree [`super::Builder`] builds from pest's pairs, in about a
//! twentieth of the time. It gives up (`None`) on anything that is not a
//! clean parse, a malformed number or an unknown escape included: pest then
//! reads the file again and says what is wrong, so every diagnostic is
//! pest's. The two are compared on every `.topo` under `tests/`,
//! `examples/`, `macros/` and `platforms/`, whole, cut and altered.
//!
//! Here: the reader's cursor, pest's implicit whitespace and separators,
//! and the statement lists; [`stmts`] reads each statement, [`values`]
//! calls, arguments and values, [`raw`] raw `Section*` blocks.

use super::ast::*;
use super::MAX_OPERATORS;
use crate::source::{FileId, Span};
use std::sync::Arc;

mod raw;
mod stmts;
mod values;

/// Statements and blocks nest at most this deep here; deeper files are
/// left to pest.
const MAX_DEPTH: usize = 200;

/// The statements of `text`, or `None` where pest must read it.
pub(super) fn parse(text: &str, file: FileId) -> Option<Vec<Stmt>> {
    let mut r = Reader {
        s: text,
        b: text.as_bytes(),
        pos: 0,
        file,
        depth: 0,
        abort: false,
    };
    let stmts = r.file();
    if r.abort {
        return None;
    }
    stmts
}

struct Reader<'a> {
    s: &'a str,
    b: &'a [u8],
    pos: usize,
    file: FileId,
    depth: usize,
    /// Pest reads this file, and reports on it: a number or an escape the
    /// syntax tree refuses, a value with too many operators, too deep a
    /// nesting.
    abort: bool,
}

/// An operand or operator of a value, in the order written.
enum Item {
    Prefix(UnaryOp, Span),
    Operand(Expr),
    Infix(BinOp),
}

fn is_alpha(c: u8) -> bool {
    c.is_ascii_alphabetic()
}

fn is_alnum(c: u8) -> bool {
    c.is_ascii_alphanumeric()
}

fn word_char(c: u8) -> bool {
    is_alnum(c) || matches!(c, b'_' | b'-' | b'.' | b'/')
}

impl Reader<'_> {
    fn span(&self, start: usize, end: usize) -> Span {
        Span::new(self.file, start, end)
    }

    fn peek(&self) -> Option<u8> {
        self.b.get(self.pos).copied()
    }

    fn at(&self, lit: &str) -> bool {
        self.b[self.pos..].starts_with(lit.as_bytes())
    }

    fn eat(&mut self, lit: &str) -> bool {
        if self.at(lit) {
            self.pos += lit.len();
            true
        } else {
            false
        }
    }

    /// pest's NEWLINE: `\n`, `\r\n` or `\r`.
    fn newline(&mut self) -> bool {
        self.eat("\n") || self.eat("\r\n") || self.eat("\r")
    }

    fn at_newline(&self) -> bool {
        matches!(self.peek(), Some(b'\n' | b'\r'))
    }

    /// Implicit whitespace and comments: `(WHITESPACE | COMMENT)*`.
    fn skip(&mut self) {
        loop {
            match self.peek() {
                Some(b' ' | b'\t') => self.pos += 1,
                Some(b'\\') => {
                    let save = self.pos;
                    self.pos += 1;
                    if !self.newline() {
                        self.pos = save;
                        return;
                    }
                }
                Some(b'#') => {
                    while self.peek().is_some() && !self.at_newline() {
                        self.pos += 1;
                    }
                }
                _ => return,
            }
        }
    }

    /// `(` after a call's name, and the blanks and line ends after it.
    fn open_args(&mut self) -> Option<()> {
        self.skip();
        if !self.eat("(") {
            return None;
        }
        self.skip();
        self.nl();
        self.skip();
        Some(())
    }

    /// `nl = _{ NEWLINE* }` in a non-atomic rule.
    fn nl(&mut self) {
        if !self.newline() {
            return;
        }
        loop {
            let save = self.pos;
            self.skip();
            if !self.newline() {
                self.pos = save;
                return;
            }
        }
    }

    fn sep(&mut self) -> bool {
        self.newline() || self.eat(";")
    }

    /// `sep*` in a non-atomic rule.
    fn seps(&mut self) {
        if !self.sep() {
            return;
        }
        self.more_seps();
    }

    /// The `(skip ~ sep)*` tail of `sep+` and `sep*`.
    fn more_seps(&mut self) {
        loop {
            let save = self.pos;
            self.skip();
            if !self.sep() {
                self.pos = save;
                return;
            }
        }
    }

    /// Runs `f`; where it fails, the position is as before.
    fn attempt<T>(&mut self, f: impl FnOnce(&mut Self) -> Option<T>) -> Option<T> {
        let (pos, depth) = (self.pos, self.depth);
        let r = f(self);
        if r.is_none() {
            self.pos = pos;
            self.depth = depth;
        }
        r
    }

    /// Leaves the file to pest.
    fn give_up<T>(&mut self) -> Option<T> {
        self.abort = true;
        None
    }

    fn file(&mut self) -> Option<Vec<Stmt>> {
        self.skip();
        self.seps();
        self.skip();
        let stmts = self.statements(|r| r.pos == r.b.len())?;
        self.skip();
        (self.pos == self.b.len()).then_some(stmts)
    }

    /// `(stmt ~ (sep+ | &END))*`, END being the end of the file or `}`.
    fn statements(&mut self, end: fn(&Self) -> bool) -> Option<Vec<Stmt>> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return self.give_up();
        }
        let mut stmts = Vec::new();
        let item = |r: &mut Self| {
            let stmt = r.stmt()?;
            r.skip();
            if r.sep() {
                r.more_seps();
            } else if !end(r) {
                return None;
            }
            Some(stmt)
        };
        if let Some(s) = self.attempt(item) {
            stmts.push(s);
            loop {
                let save = self.pos;
                self.skip();
                match self.attempt(item) {
                    Some(s) => stmts.push(s),
                    None => {
                        self.pos = save;
                        break;
                    }
                }
            }
        }
        self.depth -= 1;
        Some(stmts)
    }

    fn keyword(&mut self, kw: &str) -> bool {
        if self.at(kw)
            && !self
                .b
                .get(self.pos + kw.len())
                .is_some_and(|&c| is_alnum(c) || c == b'_')
        {
            self.pos += kw.len();
            true
        } else {
            false
        }
    }

    /// `(nl ~ "," ~ nl ~ ITEM)*`.
    fn list_tail<T>(&mut self, out: &mut Vec<T>, item: impl Fn(&mut Self) -> Option<T>) {
        let next = |r: &mut Self| {
            r.nl();
            r.skip();
            if !r.eat(",") {
                return None;
            }
            r.skip();
            r.nl();
            r.skip();
            item(r)
        };
        if let Some(x) = self.attempt(next) {
            out.push(x);
            loop {
                let save = self.pos;
                self.skip();
                match self.attempt(next) {
                    Some(x) => out.push(x),
                    None => {
                        self.pos = save;
                        return;
                    }
                }
            }
        }
    }
}
