//! The statement walk: statement-level nodes to `.topo` statements
//! (comments, stray text, bare names, calls), the dispatch of a statement
//! call on its builtin or library name, and the statements the converter
//! writes itself (`DECLARE_SOF_RT_UUID`, `fatal_error`/`errprint`, `divert`).

use super::*;

/// The indentation of the line `offset` is on.
fn line_indent(src: &str, offset: usize) -> &str {
    let start = src[..offset].rfind('\n').map_or(0, |i| i + 1);
    let rest = &src[start..];
    let n = rest.len() - rest.trim_start_matches([' ', '\t']).len();
    &rest[..n]
}

impl Converter<'_> {
    /// Converts statement-level nodes; refusals are recorded and the walk goes on.
    pub(crate) fn stmts(&mut self, nodes: &[Node]) -> Vec<Stmt> {
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
                    self.refusals.push(*e);
                }
            }
        }
        while matches!(out.last(), Some(Stmt::Blank)) {
            out.pop();
        }
        out
    }

    pub(super) fn stray<T>(&self, span: Sp, hint: &str) -> R<T> {
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
        if let Some(b) = M4Builtin::parse(name).filter(|b| b.bare()) {
            return refuse(
                K::Unsupported {
                    name: name.into(),
                    help: unsupported_help(Some(b)),
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

    pub(super) fn stmt_call(&mut self, c: &Call) -> R<Vec<Stmt>> {
        let name = self.text(c.name);
        self.base_indent = line_indent(self.src, c.span.start).to_string();
        if !c.closed {
            return self.unclosed(c);
        }
        use M4Builtin as B;
        let builtin = M4Builtin::parse(name);
        match (builtin, name) {
            (_, "DECLARE_SOF_RT_UUID") => self.declare_uuid(c),
            (Some(B::Define), _) => self.define(c),
            (Some(B::Undefine), _) => self.undefine(c),
            (Some(B::Ifdef), _) => self.stmt_ifdef(c),
            (Some(B::Ifelse), _) => self.stmt_ifelse(c),
            (Some(B::Include), _) => self.include(c),
            (Some(B::Errprint), _) | (_, "fatal_error") => self.fatal(c),
            (Some(B::Divert), _) => self.divert(c),
            (Some(b), _) if b.is_arithmetic() => self.stray(
                c.span,
                &format!("`{name}` gives a value; M4 writes it out here"),
            ),
            (_, "concat" | "STR" | "LIST" | "LIST_NONEWLINE" | "dapm") => self.stray(
                c.span,
                &format!("`{name}` gives a value; M4 writes it out here"),
            ),
            _ if unsupported(builtin, name) => refuse_unsupported(builtin, name, c),
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
        let pipeline = self.build.sigs.get(&name).map_or_else(
            || name.starts_with("PIPELINE_") || name.starts_with("DAI_ADD"),
            |s| s.kind == ConstructKind::Pipeline,
        );
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

    pub(super) fn unterminated<T>(&self, c: &Call) -> R<T> {
        refuse(
            K::UnterminatedCall {
                name: self.text(c.name).into(),
            },
            c.name,
            "called here",
        )
    }

    /// `DECLARE_SOF_RT_UUID(name, macro, a, b, c, d0, …, d7)` defines `macro`
    /// as the UUID in alsaconf's byte order; with literal parts, that text.
    fn declare_uuid(&mut self, c: &Call) -> R<Vec<Stmt>> {
        if c.args.len() != 13 {
            return refuse(
                K::ArgCount {
                    builtin: "DECLARE_SOF_RT_UUID",
                    min: 13,
                    max: 13,
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
                    parts.push(t);
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

    fn fatal(&mut self, c: &Call) -> R<Vec<Stmt>> {
        let name = self.text(c.name);
        if M4Builtin::parse(name) == Some(M4Builtin::Errprint) {
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
}
