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

use super::ast::*;
use super::MAX_OPERATORS;
use crate::source::{FileId, Span};
use std::rc::Rc;

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

impl<'a> Reader<'a> {
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

    fn stmt(&mut self) -> Option<Stmt> {
        let start = self.pos;
        if let Some(s) = self.attempt(|r| r.include(start)) {
            return Some(s);
        }
        for (kw, default) in [("define", false), ("default", true)] {
            if let Some(s) = self.attempt(|r| r.define(start, kw, default)) {
                return Some(s);
            }
        }
        if let Some(s) = self.attempt(|r| r.undefine(start)) {
            return Some(s);
        }
        if let Some(s) = self.attempt(|r| r.alias(start)) {
            return Some(s);
        }
        if let Some(s) = self.attempt(|r| r.if_stmt(start)) {
            return Some(s);
        }
        if let Some(s) = self.attempt(|r| r.macro_def(start)) {
            return Some(s);
        }
        if self.at("Section") {
            if let Some(s) = self.attempt(|r| r.raw_section(start)) {
                return Some(Stmt::Raw(s));
            }
        }
        self.attempt(|r| r.call()).map(Stmt::Call)
    }

    fn include(&mut self, start: usize) -> Option<Stmt> {
        if !self.keyword("include") {
            return None;
        }
        self.skip();
        let path = self.string()?;
        Some(Stmt::Include {
            path,
            span: self.span(start, self.pos),
        })
    }

    /// `name | string`: the name, and the string that computes it.
    fn def_name(&mut self) -> Option<(Ident, Option<StrLit>)> {
        if let Some(n) = self.name() {
            return Some((n, None));
        }
        let start = self.pos;
        let s = self.string()?;
        let id = Ident {
            name: self.s[start..self.pos].to_string(),
            span: self.span(start, self.pos),
        };
        Some((id, Some(s)))
    }

    fn define(&mut self, start: usize, kw: &str, only_if_undefined: bool) -> Option<Stmt> {
        if !self.keyword(kw) {
            return None;
        }
        self.skip();
        let (name, computed) = self.def_name()?;
        self.equals()?;
        let (value, _) = self.value()?;
        Some(Stmt::Define {
            name,
            computed,
            value,
            only_if_undefined,
            span: self.span(start, self.pos),
        })
    }

    /// ` = ` between a defined name and its value.
    fn equals(&mut self) -> Option<()> {
        self.skip();
        if !self.eat("=") {
            return None;
        }
        self.skip();
        Some(())
    }

    fn undefine(&mut self, start: usize) -> Option<Stmt> {
        if !self.keyword("undefine") {
            return None;
        }
        self.skip();
        let (name, computed) = self.def_name()?;
        Some(Stmt::Undefine {
            name,
            computed,
            span: self.span(start, self.pos),
        })
    }

    /// `alias NAME = TARGET`.
    fn alias(&mut self, start: usize) -> Option<Stmt> {
        if !self.keyword("alias") {
            return None;
        }
        self.skip();
        let name = self.name()?;
        self.equals()?;
        let target = self.name()?;
        Some(Stmt::Alias {
            name,
            target,
            span: self.span(start, self.pos),
        })
    }

    fn block(&mut self) -> Option<Vec<Stmt>> {
        if !self.eat("{") {
            return None;
        }
        self.skip();
        self.seps();
        self.skip();
        let stmts = self.statements(|r| r.peek() == Some(b'}'))?;
        self.skip();
        self.eat("}").then_some(stmts)
    }

    fn if_stmt(&mut self, start: usize) -> Option<Stmt> {
        if !self.keyword("if") {
            return None;
        }
        self.skip();
        let (cond, _) = self.value()?;
        self.skip();
        let body = self.block()?;
        let mut branches = vec![(cond, body)];
        let else_if = |r: &mut Self| {
            r.seps();
            r.skip();
            if !r.keyword("else") {
                return None;
            }
            r.skip();
            if !r.keyword("if") {
                return None;
            }
            r.skip();
            let (cond, _) = r.value()?;
            r.skip();
            Some((cond, r.block()?))
        };
        self.skip();
        if let Some(b) = self.attempt(else_if) {
            branches.push(b);
            loop {
                let save = self.pos;
                self.skip();
                match self.attempt(else_if) {
                    Some(b) => branches.push(b),
                    None => {
                        self.pos = save;
                        break;
                    }
                }
            }
        }
        self.skip();
        let otherwise = self.attempt(|r| {
            r.seps();
            r.skip();
            if !r.keyword("else") {
                return None;
            }
            r.skip();
            r.block()
        });
        Some(Stmt::If {
            branches,
            otherwise,
            span: self.span(start, self.pos),
        })
    }

    fn macro_def(&mut self, start: usize) -> Option<Stmt> {
        if !self.keyword("macro") {
            return None;
        }
        self.skip();
        let name = self.name()?;
        self.skip();
        if !self.eat("(") {
            return None;
        }
        self.skip();
        self.nl();
        self.skip();
        let param = |r: &mut Self| {
            let name = r.name()?;
            r.skip();
            let default = r.attempt(|r| {
                if !r.eat("=") {
                    return None;
                }
                r.skip();
                r.value().map(|(v, _)| v)
            });
            Some(MacroParam { name, default })
        };
        let mut params = Vec::new();
        if let Some(p) = self.attempt(param) {
            params.push(p);
            self.skip();
            self.list_tail(&mut params, param);
        }
        self.skip();
        self.nl();
        self.skip();
        if !self.eat(")") {
            return None;
        }
        self.skip();
        let body = self.block()?;
        Some(Stmt::Macro(Rc::new(MacroDef {
            name,
            params,
            body,
            span: self.span(start, self.pos),
        })))
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

    fn call(&mut self) -> Option<Call> {
        let start = self.pos;
        let name = self.name()?;
        self.skip();
        if !self.eat("(") {
            return None;
        }
        self.skip();
        self.nl();
        self.skip();
        let mut args = Vec::new();
        let _ = self.attempt(|r| {
            let first = r.arg()?;
            args.push(first);
            r.skip();
            r.list_tail(&mut args, Self::arg);
            r.skip();
            let _ = r.attempt(|r| {
                r.nl();
                r.skip();
                r.eat(",").then_some(())
            });
            Some(())
        });
        self.skip();
        self.nl();
        self.skip();
        if !self.eat(")") {
            return None;
        }
        let args_span = self.span(name.span.end, self.pos);
        Some(Call {
            name,
            args,
            span: self.span(start, self.pos),
            args_span,
        })
    }

    fn arg(&mut self) -> Option<Arg> {
        let start = self.pos;
        let named = self.attempt(|r| {
            let n = r.name()?;
            r.skip();
            if !r.eat("=") {
                return None;
            }
            r.skip();
            if r.at("=") {
                return None;
            }
            r.skip();
            r.nl();
            r.skip();
            let (value, _) = r.value()?;
            Some(Arg {
                name: Some(n),
                value,
                span: r.span(start, r.pos),
            })
        });
        if named.is_some() {
            return named;
        }
        let (value, span) = self.value()?;
        Some(Arg {
            name: None,
            value,
            span,
        })
    }

    /// `prefix*` in a non-atomic rule.
    fn prefixes(&mut self, items: &mut Vec<Item>) {
        let prefix = |r: &mut Self| {
            let at = r.pos;
            let op = match r.peek()? {
                b'-' => UnaryOp::Neg,
                b'!' => UnaryOp::Not,
                _ => return None,
            };
            r.pos += 1;
            Some(Item::Prefix(op, r.span(at, at + 1)))
        };
        if let Some(p) = prefix(self) {
            items.push(p);
            loop {
                let save = self.pos;
                self.skip();
                match prefix(self) {
                    Some(p) => items.push(p),
                    None => {
                        self.pos = save;
                        return;
                    }
                }
            }
        }
    }

    fn infix(&mut self) -> Option<BinOp> {
        const OPS: [(&str, BinOp); 18] = [
            ("||", BinOp::Or),
            ("&&", BinOp::And),
            ("==", BinOp::Eq),
            ("!=", BinOp::Ne),
            ("<<", BinOp::Shl),
            (">>", BinOp::Shr),
            ("<=", BinOp::Le),
            (">=", BinOp::Ge),
            ("<", BinOp::Lt),
            (">", BinOp::Gt),
            ("+", BinOp::Add),
            ("-", BinOp::Sub),
            ("*", BinOp::Mul),
            ("/", BinOp::Div),
            ("%", BinOp::Rem),
            ("|", BinOp::BitOr),
            ("^", BinOp::BitXor),
            ("&", BinOp::BitAnd),
        ];
        OPS.iter().find(|(lit, _)| self.eat(lit)).map(|(_, op)| *op)
    }

    /// A `value`: its expression and the rule's span.
    fn value(&mut self) -> Option<(Expr, Span)> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return self.give_up();
        }
        let start = self.pos;
        let mut items = Vec::new();
        self.prefixes(&mut items);
        self.skip();
        items.push(Item::Operand(self.primary()?));
        self.skip();
        let group = |r: &mut Self, items: &mut Vec<Item>| {
            let n = items.len();
            let ok = r
                .attempt(|r| {
                    r.nl();
                    r.skip();
                    if !matches!(
                        r.peek()?,
                        b'|' | b'&'
                            | b'='
                            | b'!'
                            | b'<'
                            | b'>'
                            | b'+'
                            | b'-'
                            | b'*'
                            | b'/'
                            | b'%'
                            | b'^'
                    ) {
                        return None;
                    }
                    let op = r.infix()?;
                    items.push(Item::Infix(op));
                    r.skip();
                    r.nl();
                    r.skip();
                    r.prefixes(items);
                    r.skip();
                    items.push(Item::Operand(r.primary()?));
                    Some(())
                })
                .is_some();
            if !ok {
                items.truncate(n);
            }
            ok
        };
        if group(self, &mut items) {
            loop {
                let save = self.pos;
                self.skip();
                if !group(self, &mut items) {
                    self.pos = save;
                    break;
                }
            }
        }
        self.depth -= 1;
        if items.len() > 2 * MAX_OPERATORS + 1 {
            return self.give_up();
        }
        let span = self.span(start, self.pos);
        let mut items = items.into_iter().peekable();
        let expr = climb(&mut items, 0)?;
        Some((expr, span))
    }

    fn primary(&mut self) -> Option<Expr> {
        let start = self.pos;
        let c = self.peek()?;
        if c == b'"' {
            let s = self.string()?;
            let span = s.span;
            return Some(Expr {
                kind: ExprKind::Str(s),
                span,
            });
        }
        if c.is_ascii_digit() {
            return self.number();
        }
        if c == b'(' {
            return self.attempt(|r| {
                r.pos += 1;
                r.skip();
                r.nl();
                r.skip();
                let (v, _) = r.value()?;
                r.skip();
                r.nl();
                r.skip();
                r.eat(")").then_some(v)
            });
        }
        if let Some(call) = self.attempt(|r| r.call()) {
            return Some(Expr {
                span: call.span,
                kind: ExprKind::Call(call),
            });
        }
        // words
        let mut words = vec![self.word(is_alpha(c) || c == b'_')?];
        loop {
            let save = self.pos;
            while matches!(self.peek(), Some(b' ' | b'\t')) {
                self.pos += 1;
            }
            if self.pos == save {
                break;
            }
            let next = self.peek().and_then(|c| {
                if is_alpha(c) || c == b'_' || c.is_ascii_digit() {
                    self.word(true)
                } else {
                    None
                }
            });
            match next {
                Some(w) => words.push(w),
                None => {
                    self.pos = save;
                    break;
                }
            }
        }
        Some(Expr {
            kind: ExprKind::Words(words),
            span: self.span(start, self.pos),
        })
    }

    /// `word` or `word_tail` (a letter, `_` or, for a later word, a digit,
    /// then word characters); `ok` says whether the first character may start one.
    fn word(&mut self, ok: bool) -> Option<Ident> {
        if !ok {
            return None;
        }
        let start = self.pos;
        self.pos += 1;
        while self.peek().is_some_and(word_char) {
            self.pos += 1;
        }
        Some(Ident {
            name: self.s[start..self.pos].to_string(),
            span: self.span(start, self.pos),
        })
    }

    fn number(&mut self) -> Option<Expr> {
        let start = self.pos;
        let hex = self.eat("0x") || self.eat("0X");
        if !hex {
            self.pos += 1;
        }
        while self.peek().is_some_and(|c| is_alnum(c) || c == b'_') {
            self.pos += 1;
        }
        let text = &self.s[start..self.pos];
        let digits = if hex { &text[2..] } else { text };
        let radix = if hex { 16 } else { 10 };
        if digits.is_empty() || !digits.chars().all(|c| c.is_digit(radix)) {
            return self.give_up();
        }
        let Ok(v) = i64::from_str_radix(digits, radix) else {
            return self.give_up();
        };
        let kind = if hex {
            ExprKind::Hex(text.to_string())
        } else {
            ExprKind::Int(v)
        };
        Some(Expr {
            kind,
            span: self.span(start, self.pos),
        })
    }

    /// `name`: a letter or `_`, then letters, digits and `_`.
    fn name(&mut self) -> Option<Ident> {
        let start = self.pos;
        let c = self.peek()?;
        if !(is_alpha(c) || c == b'_') {
            return None;
        }
        self.pos += 1;
        while self.peek().is_some_and(|c| is_alnum(c) || c == b'_') {
            self.pos += 1;
        }
        Some(Ident {
            name: self.s[start..self.pos].to_string(),
            span: self.span(start, self.pos),
        })
    }

    /// A quoted string, with `${NAME}` and the known escapes.
    fn string(&mut self) -> Option<StrLit> {
        let start = self.pos;
        if !self.eat("\"") {
            return None;
        }
        let mut parts: Vec<StrPart> = Vec::new();
        let push = |parts: &mut Vec<StrPart>, s: &str| match parts.last_mut() {
            Some(StrPart::Text(t)) => t.push_str(s),
            _ => parts.push(StrPart::Text(s.to_string())),
        };
        loop {
            match self.peek()? {
                b'"' => {
                    self.pos += 1;
                    break;
                }
                b'$' if self.at("${") => {
                    let interp = self.attempt(|r| {
                        r.pos += 2;
                        r.skip();
                        let n = r.name()?;
                        r.skip();
                        r.eat("}").then_some(n)
                    })?;
                    parts.push(StrPart::Interp(interp));
                }
                b'\\' => {
                    let c = match self.b.get(self.pos + 1)? {
                        b'"' => "\"",
                        b'\\' => "\\",
                        b'n' => "\n",
                        b't' => "\t",
                        b'$' => "$",
                        _ => return self.give_up(),
                    };
                    self.pos += 2;
                    push(&mut parts, c);
                }
                _ => {
                    let from = self.pos;
                    while let Some(c) = self.peek() {
                        if c == b'"' || c == b'\\' || (c == b'$' && self.at("${")) {
                            break;
                        }
                        self.pos += 1;
                    }
                    push(&mut parts, &self.s[from..self.pos]);
                }
            }
        }
        Some(StrLit {
            parts,
            span: self.span(start, self.pos),
        })
    }

    /// `Section<Type>.head { … }`: text, strings and `dapm(a, b)`.
    fn raw_section(&mut self, start: usize) -> Option<RawSection> {
        self.pos += "Section".len();
        let letters = self.pos;
        while self.peek().is_some_and(is_alpha) {
            self.pos += 1;
        }
        if self.pos == letters || !self.eat(".") {
            return None;
        }
        let mut raw = Raw {
            parts: Vec::new(),
            cursor: start,
        };
        let at = self.pos;
        if let Some(s) = self.attempt(|r| r.string()) {
            raw.item(self.s, at, self.pos, RawPart::Str(s));
        } else {
            let from = self.pos;
            while self
                .peek()
                .is_some_and(|c| !matches!(c, b' ' | b'\t' | b'{' | b'\n' | b'\r'))
            {
                self.pos += 1;
            }
            if self.pos == from {
                return None;
            }
        }
        while matches!(self.peek(), Some(b' ' | b'\t')) {
            self.pos += 1;
        }
        self.raw_block(&mut raw)?;
        raw.text(&self.s[raw.cursor..self.pos]);
        Some(RawSection {
            parts: raw.parts,
            span: self.span(start, self.pos),
        })
    }

    fn raw_block(&mut self, raw: &mut Raw) -> Option<()> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return self.give_up();
        }
        if !self.eat("{") {
            return None;
        }
        loop {
            match self.peek()? {
                b'}' => {
                    self.pos += 1;
                    break;
                }
                b'{' => self.raw_block(raw)?,
                b'"' => {
                    let at = self.pos;
                    let s = self.string()?;
                    raw.item(self.s, at, self.pos, RawPart::Str(s));
                }
                b'#' => {
                    while self.peek().is_some() && !self.at_newline() {
                        self.pos += 1;
                    }
                }
                _ if self.at("dapm") => {
                    let at = self.pos;
                    match self.attempt(|r| r.raw_dapm(at)) {
                        Some(d) => raw.item(self.s, at, self.pos, d),
                        // raw_text stops before `dapm(`: nothing else reads it
                        None if self.at("dapm(") => return None,
                        None => self.raw_text(),
                    }
                }
                _ => self.raw_text(),
            }
        }
        self.depth -= 1;
        Some(())
    }

    /// `(!("{" | "}" | "\"" | "#" | "dapm(") ~ ANY)+`, one character at least.
    fn raw_text(&mut self) {
        loop {
            // one character (a whole UTF-8 sequence)
            self.pos += 1;
            while self.pos < self.b.len() && !self.s.is_char_boundary(self.pos) {
                self.pos += 1;
            }
            match self.peek() {
                None | Some(b'{' | b'}' | b'"' | b'#') => return,
                _ if self.at("dapm(") => return,
                _ => {}
            }
        }
    }

    fn raw_dapm(&mut self, at: usize) -> Option<RawPart> {
        self.pos += "dapm".len();
        self.skip();
        if !self.eat("(") {
            return None;
        }
        self.skip();
        self.nl();
        self.skip();
        let (a, _) = self.value()?;
        self.skip();
        self.nl();
        self.skip();
        if !self.eat(",") {
            return None;
        }
        self.skip();
        self.nl();
        self.skip();
        let (b, _) = self.value()?;
        self.skip();
        self.nl();
        self.skip();
        if !self.eat(")") {
            return None;
        }
        Some(RawPart::Dapm(
            Box::new(a),
            Box::new(b),
            self.span(at, self.pos),
        ))
    }
}

/// A raw section's parts, as the text between its strings and dapm calls.
struct Raw {
    parts: Vec<RawPart>,
    cursor: usize,
}

impl Raw {
    fn text(&mut self, s: &str) {
        if s.is_empty() {
            return;
        }
        match self.parts.last_mut() {
            Some(RawPart::Text(t)) => t.push_str(s),
            _ => self.parts.push(RawPart::Text(s.to_string())),
        }
    }

    fn item(&mut self, src: &str, start: usize, end: usize, part: RawPart) {
        self.text(&src[self.cursor..start]);
        self.parts.push(part);
        self.cursor = end;
    }
}

/// Precedence climbing over a value's items; prefixes bind tightest.
fn climb(items: &mut std::iter::Peekable<std::vec::IntoIter<Item>>, min: u8) -> Option<Expr> {
    let mut lhs = unary(items)?;
    while let Some(Item::Infix(op)) = items.peek() {
        let op = *op;
        let p = op.precedence();
        if p < min {
            break;
        }
        items.next();
        let rhs = climb(items, p + 1)?;
        let span = lhs.span.to(rhs.span);
        lhs = Expr {
            kind: ExprKind::Binary(op, Box::new(lhs), Box::new(rhs)),
            span,
        };
    }
    Some(lhs)
}

fn unary(items: &mut std::iter::Peekable<std::vec::IntoIter<Item>>) -> Option<Expr> {
    match items.next()? {
        Item::Prefix(op, at) => {
            let rhs = unary(items)?;
            let span = at.to(rhs.span);
            Some(Expr {
                kind: ExprKind::Unary(op, Box::new(rhs)),
                span,
            })
        }
        Item::Operand(e) => Some(e),
        Item::Infix(_) => None,
    }
}
