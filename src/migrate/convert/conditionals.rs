//! Conditionals: `ifdef` and `ifelse` at statement level, their tests
//! and arms, the calls M4 runs while collecting their arguments (hoisted
//! before the `if`), and a statement whose `)` is inside a branch.

use super::*;

pub(super) enum Cond {
    Static(bool),
    Dynamic(Value),
}

/// The branches of a conditional and its else branch.
type Arms<'c> = (Vec<(Cond, &'c Arg)>, Option<&'c Arg>);

fn is_comment(s: &Stmt) -> bool {
    matches!(s, Stmt::Comment(_) | Stmt::Trailing(_) | Stmt::Blank)
}

impl Converter<'_> {
    /// What `ifdef` tests, and the name whose definedness its branches
    /// know. Quoted, the name itself; unquoted, M4 tests the name the
    /// argument expands to (see [`Self::expand_name`]).
    pub(super) fn ifdef_test(&mut self, c: &Call) -> R<(Cond, Option<String>)> {
        if !(2..=3).contains(&c.args.len()) {
            return refuse(
                K::ArgCount {
                    builtin: "ifdef",
                    min: 2,
                    max: 3,
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

    /// The unquoted `define`, `undefine`, `fatal_error` and `errprint` in
    /// the branches `args` of a conditional: M4 runs them while collecting
    /// the arguments, in order and whatever the condition, before the test.
    fn hoist(&mut self, args: &[&Arg]) -> R<Vec<Stmt>> {
        let mut out = Vec::new();
        for a in args {
            for n in &a.nodes {
                let Node::Call(inner) = n else { continue };
                let iname = self.text(inner.name);
                if is_action(M4Builtin::parse(iname), iname)
                    && self.hoisted_done.insert(inner.span.start)
                {
                    out.extend(self.stmt_call(inner)?);
                }
            }
        }
        Ok(out)
    }

    pub(super) fn stmt_ifdef(&mut self, c: &Call) -> R<Vec<Stmt>> {
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

    pub(super) fn stmt_ifelse(&mut self, c: &Call) -> R<Vec<Stmt>> {
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
            return refuse_ifelse_args(c);
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
                    let called = M4Builtin::parse(iname);
                    match called {
                        _ if is_action(called, iname) => {
                            if self.hoisted_done.insert(inner.span.start) {
                                hoisted.extend(self.stmt_call(inner)?);
                            }
                        }
                        Some(b) if b.is_conditional() => {
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
        self.build
            .sigs
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
    pub(super) fn compare(&mut self, a: &Arg, b: &Arg) -> R<Cond> {
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

    /// A statement whose `)` is not in the file: when its last argument is
    /// an `ifelse`/`ifdef` whose every branch ends the argument list (as
    /// `…)'`), M4 reads on into the chosen branch. That converts to one
    /// statement per branch; a branch that does not close the list makes M4
    /// fail at the end of the file, and becomes FATAL_ERROR.
    pub(super) fn unclosed(&mut self, c: &Call) -> R<Vec<Stmt>> {
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
        if !cond.closed || !M4Builtin::parse(cname).is_some_and(M4Builtin::is_conditional) {
            return fail(self);
        }
        // each branch: the rest of the argument list, or None (M4 fails)
        let rest = |this: &Self, a: Option<&Arg>| -> R<Option<Option<Vec<Arg>>>> {
            let Some(a) = a else { return Ok(Some(None)) };
            let mut it = a.nodes.iter().filter(|n| !n.is_blank());
            match (it.next(), it.next()) {
                (None, _) => Ok(Some(None)),
                (Some(Node::Quoted(q)), None) => Ok(crate::migrate::reader::read_continuation(
                    this.src, q.inner,
                )?
                .map(|(args, _)| Some(args))),
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

    /// The conditions and branches of an `ifdef` or `ifelse`, and its else
    /// branch (`None`: empty).
    pub(super) fn arms<'c>(&mut self, c: &'c Call) -> R<Arms<'c>> {
        let n = c.args.len();
        if M4Builtin::parse(self.text(c.name)) == Some(M4Builtin::Ifdef) {
            if !(2..=3).contains(&n) {
                return refuse(
                    K::ArgCount {
                        builtin: "ifdef",
                        min: 2,
                        max: 3,
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
            return refuse_ifelse_args(c);
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
}
