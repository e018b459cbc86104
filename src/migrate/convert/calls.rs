//! Statement calls: an M4 call as a `.topo` call, its arguments by the
//! library's signatures (integers, records), `F($@)` in a macro body, and
//! the line layout of its arguments.

use super::*;

impl Converter<'_> {
    /// The `.topo` call for an M4 call, with its arguments and their layout.
    pub(super) fn call_out(&mut self, c: &Call) -> R<(Vec<Stmt>, Choice<Fx<CallOut>>)> {
        let name = self.text(c.name).to_string();
        let close_break = self.close_break(c);
        self.call_out_args(name, &c.args, close_break, c.span)
    }

    /// [`Self::call_out`] of the call `name(args)`, `span` where it is.
    pub(super) fn call_out_args(
        &mut self,
        name: String,
        call_args: &[Arg],
        close_break: Option<String>,
        span: Sp,
    ) -> R<(Vec<Stmt>, Choice<Fx<CallOut>>)> {
        let mut hoisted = Vec::new();
        let mut args: Vec<Choice<Fx<ArgOut>>> = Vec::new();
        for (i, a) in call_args.iter().enumerate() {
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
            let v = self.current_clock_role(&name, i, v);
            hoisted.extend(h);
            // an empty argument list is `F()`, not `F("")`
            if call_args.len() == 1
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
        let combined = zip_all(args);
        if combined.leaves() > MAX_BRANCHES {
            return refuse(
                K::TooManyBranches {
                    count: combined.leaves(),
                },
                span,
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
        let sig = self.build.sigs.get(call)?;
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

    /// `codec_slave` and `codec_master` in a clock's role, written as the
    /// names alsatplg reads them as (`codec_consumer`, `codec_provider`): the
    /// same binary, without alsatplg's (and tplg's) deprecation warning.
    fn current_clock_role(&self, call: &str, i: usize, v: Choice<Fx<Value>>) -> Choice<Fx<Value>> {
        let takes_both = self.param_kind(call, i).is_some_and(|k| {
            matches!(k, crate::eval::signature::ParamKind::OneOf(words)
                if words.iter().any(|w| w == "codec_slave") && words.iter().any(|w| w == "codec_consumer"))
        });
        if !takes_both {
            return v;
        }
        match v {
            Choice::Leaf((eff, Value::Words(w))) => {
                let current = match w.as_str() {
                    "codec_slave" => "codec_consumer",
                    "codec_master" => "codec_provider",
                    other => other,
                };
                Choice::Leaf((eff, Value::Words(current.to_string())))
            }
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
                    last_newline = Some(self.src[..sp.start].rfind('\n').map_or(0, |k| k + 1));
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
}
