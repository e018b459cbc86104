//! Values: an argument, or a call inside one, as `.topo` value pieces:
//! names, parameters, `concat`, `STR`, `ifdef`/`ifelse` (a [`Choice`]),
//! `eval`/`incr`/`decr` expressions, and library calls used as values.

use super::*;

/// An argument: its comments, what M4 runs while collecting it, its value.
type ArgValue = (Vec<String>, Vec<Stmt>, Choice<Fx<Value>>);

impl Converter<'_> {
    /// An argument as a `.topo` value: comments among it, calls M4 runs
    /// while collecting it, and the value (conditional if it uses `ifdef`).
    pub(super) fn arg_value(&mut self, a: &Arg) -> R<ArgValue> {
        let mut atoms = Vec::new();
        self.flatten(&a.nodes, 0, &mut atoms)?;
        let comments = take_comments(&mut atoms);
        let atoms = trim(atoms);
        let (h, v) = self.atoms_value(&atoms, a.span)?;
        Ok((comments, h, v))
    }

    /// An argument that must not depend on a condition.
    pub(super) fn arg_value_plain(&mut self, a: &Arg) -> R<(Vec<Stmt>, Value)> {
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

    pub(super) fn atoms_value(
        &mut self,
        atoms: &[Atom],
        whole: Sp,
    ) -> R<(Vec<Stmt>, Choice<Fx<Value>>)> {
        if let [Atom::Call(c, _)] = atoms {
            return self.call_value(c);
        }
        let (h, pieces) = self.pieces(atoms)?;
        let v = pieces.try_map(&mut |p| self.finish(p, whole))?;
        Ok((h, v))
    }

    /// An argument as pieces of text and names.
    pub(super) fn arg_pieces(&mut self, a: &Arg) -> R<(Vec<Stmt>, Choice<Vec<P>>)> {
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

    pub(super) fn param_ref(&self, sp: Sp) -> R<P> {
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
                            (self.renames.upper.get(name), self.kind_of(name))
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
    pub(super) fn call_pieces(&mut self, c: &Call) -> R<(Vec<Stmt>, Choice<Vec<P>>)> {
        let name = self.text(c.name);
        if !c.closed {
            return self.unterminated(c);
        }
        use M4Builtin as B;
        let builtin = M4Builtin::parse(name);
        match (builtin, name) {
            (_, "concat") => {
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
            (_, "STR") => {
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
            (Some(B::Ifdef), _) => {
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
            (Some(B::Ifelse), _) => {
                let n = c.args.len();
                if n == 1 {
                    return Ok((vec![], Choice::Leaf(vec![])));
                }
                if n == 2 || n % 3 == 2 {
                    return refuse_ifelse_args(c);
                }
                self.ifelse_pieces(c, 0)
            }
            _ => {
                let (h, v) = self.call_value(c)?;
                let sp = c.span;
                let what = name.to_string();
                let is_arith = builtin.is_some_and(M4Builtin::is_arithmetic);
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
                                out.push(P::Ref(w, sp));
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
        use M4Builtin as B;
        let builtin = M4Builtin::parse(name);
        match (builtin, name) {
            (Some(B::Eval), _) => {
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
            (Some(B::Incr | B::Decr), _) => {
                let (h, v) = self.expression(&c.args[0])?;
                let op = if builtin == Some(B::Incr) {
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
            (Some(B::Ifdef | B::Ifelse), _) | (_, "concat" | "STR") => {
                let (h, p) = self.call_pieces(c)?;
                let span = c.span;
                let v = p.try_map(&mut |p| self.finish(p, span))?;
                Ok((h, v))
            }
            _ if is_action(builtin, name) => {
                let h = self.stmt_call(c)?;
                Ok((h, Choice::Leaf((vec![], Value::empty()))))
            }
            (_, "LIST" | "LIST_NONEWLINE") if self.list_needs_join(c) => self.list_value(c),
            _ if unsupported(builtin, name) || matches!(builtin, Some(B::Include | B::Divert)) => {
                refuse_unsupported(builtin, name, c)
            }
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
                // `F(LIST)` where `LIST` is defined as the whole call
                if let [a] = c.args.as_slice() {
                    let mut it = a.nodes.iter().filter(|n| !n.is_blank());
                    if let (Some(Node::Ident(sp)), None) = (it.next(), it.next()) {
                        let list = self.text(*sp);
                        if self.arg_list_callee(list) == Some(Ok(name.to_string())) {
                            return Ok((vec![], Choice::Leaf((vec![], Value::Words(list.into())))));
                        }
                    }
                }
                let (h, co) = self.call_out(c)?;
                Ok((h, co.map(&mut |(eff, c)| (eff, Value::Call(c)))))
            }
        }
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
}
