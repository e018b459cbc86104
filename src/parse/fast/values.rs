//! Calls, their arguments, and values: operands and operators read in
//! order, then climbed by precedence; words, numbers, names and strings.

use super::*;

impl Reader<'_> {
    pub(super) fn call(&mut self) -> Option<Call> {
        let start = self.pos;
        let name = self.name()?;
        self.open_args()?;
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
        let args_span = self.span(name.span.end(), self.pos);
        Some(Call {
            name,
            args,
            span: self.span(start, self.pos),
            args_span,
        })
    }

    pub(super) fn arg(&mut self) -> Option<Arg> {
        let start = self.pos;
        // most arguments are not `name = value`: look before building one
        if !self.named_ahead() {
            let (value, span) = self.value()?;
            return Some(Arg {
                name: None,
                value,
                span,
            });
        }
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

    /// Whether an operator follows, past line ends (as a value's next
    /// operator may).
    fn operator_ahead(&mut self) -> bool {
        let save = self.pos;
        self.nl();
        self.skip();
        let op = self.peek().is_some_and(operator_char);
        self.pos = save;
        op
    }

    /// Whether `name = ` (not `==`) is next, the start of a named argument.
    fn named_ahead(&mut self) -> bool {
        let save = self.pos;
        let named = self.skip_name() && {
            self.skip();
            self.eat("=") && {
                self.skip();
                !self.at("=")
            }
        };
        self.pos = save;
        named
    }

    /// Whether `name (` is next, the start of a call.
    fn call_ahead(&mut self) -> bool {
        let save = self.pos;
        let call = self.skip_name() && {
            self.skip();
            self.at("(")
        };
        self.pos = save;
        call
    }

    /// Moves past a `name`, if one is next.
    fn skip_name(&mut self) -> bool {
        if !self.peek().is_some_and(|c| is_alpha(c) || c == b'_') {
            return false;
        }
        self.pos += 1;
        while self.peek().is_some_and(|c| is_alnum(c) || c == b'_') {
            self.pos += 1;
        }
        true
    }

    /// `prefix*` in a non-atomic rule.
    pub(super) fn prefixes(&mut self, items: &mut Vec<Item>) {
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

    pub(super) fn infix(&mut self) -> Option<BinOp> {
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
    pub(super) fn value(&mut self) -> Option<(Expr, Span)> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return self.give_up();
        }
        let start = self.pos;
        let mut items = Vec::new();
        self.prefixes(&mut items);
        self.skip();
        let first = self.primary()?;
        self.skip();
        // most values are one operand: no operator follows, nothing to
        // gather or climb
        if items.is_empty() && !self.operator_ahead() {
            self.depth -= 1;
            return Some((first, self.span(start, self.pos)));
        }
        items.push(Item::Operand(first));
        let group = |r: &mut Self, items: &mut Vec<Item>| {
            let n = items.len();
            let ok = r
                .attempt(|r| {
                    r.nl();
                    r.skip();
                    if !r.peek().is_some_and(operator_char) {
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
        // most values are one operand: nothing to climb (as `climb`, a
        // lone operator is no value)
        if items.len() == 1 {
            return match items.pop() {
                Some(Item::Operand(expr)) => Some((expr, span)),
                _ => None,
            };
        }
        let mut items = items.into_iter().peekable();
        let expr = climb(&mut items, 0)?;
        Some((expr, span))
    }

    pub(super) fn primary(&mut self) -> Option<Expr> {
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
        if self.call_ahead() {
            if let Some(call) = self.attempt(super::Reader::call) {
                return Some(Expr {
                    span: call.span,
                    kind: ExprKind::Call(call),
                });
            }
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
    pub(super) fn word(&mut self, ok: bool) -> Option<Ident> {
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

    pub(super) fn number(&mut self) -> Option<Expr> {
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
    pub(super) fn name(&mut self) -> Option<Ident> {
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
    pub(super) fn string(&mut self) -> Option<StrLit> {
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
}

/// Whether an infix operator may start with `c`.
fn operator_char(c: u8) -> bool {
    matches!(
        c,
        b'|' | b'&' | b'=' | b'!' | b'<' | b'>' | b'+' | b'-' | b'*' | b'/' | b'%' | b'^'
    )
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
