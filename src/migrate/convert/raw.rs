//! Raw sections: a `Section…` block M4 writes out as text, converted to a
//! raw section (one copy per combination of the conditionals inside it),
//! with names in strings as `${NAME}`.

use super::*;

impl Converter<'_> {
    /// A `Section…` block written out as text: a raw section (one copy per
    /// combination when `ifdef`/`ifelse` inside it choose lines).
    pub(super) fn raw_section(&mut self, nodes: &[Node], start: usize) -> R<(Vec<Stmt>, usize)> {
        if self.state.diverted {
            return refuse(K::Diverted, nodes[start].span(), "this section");
        }
        let end = raw_or_comment_end(self.src, nodes, start).unwrap_or(self.src.len());
        let mut k = start;
        while k < nodes.len() && nodes[k].span().start < end {
            k += 1;
        }
        let last = nodes[k - 1].span();
        if last.end > end && !self.src[end..last.end].trim().is_empty() {
            return self.stray(Sp::new(end, last.end), "after the end of the section");
        }
        if end == self.src.len() && !self.src[..end].trim_end().ends_with('}') {
            return self.stray(nodes[start].span(), "this section's closing `}` is missing");
        }
        let mut in_str = false;
        let text = self.raw_nodes(&nodes[start..k], &mut in_str, end)?;
        if text.leaves() > MAX_BRANCHES {
            return refuse(
                K::TooManyBranches {
                    count: text.leaves(),
                },
                nodes[start].span(),
                "in this section",
            );
        }
        Ok((to_stmts(text.map(&mut |t| vec![Stmt::Raw(t)])), k))
    }

    /// Raw text of nodes, up to the byte offset `end`; `in_str` follows
    /// alsaconf's double-quoted strings (where names become `${NAME}`).
    fn raw_nodes(&mut self, nodes: &[Node], in_str: &mut bool, end: usize) -> R<Choice<String>> {
        let mut acc: Choice<String> = Choice::Leaf(String::new());
        let push = |acc: &mut Choice<String>, s: &str| acc.leaves_mut(&mut |t| t.push_str(s));
        for node in nodes {
            match node {
                Node::Text(sp) | Node::Comment(sp) => {
                    let sp = Sp::new(sp.start, sp.end.min(end));
                    let mut out = String::new();
                    let t = self.text(sp);
                    let mut chars = t.chars().peekable();
                    while let Some(ch) = chars.next() {
                        if *in_str {
                            match ch {
                                '\\' => {
                                    out.push_str("\\\\");
                                    if chars.peek() == Some(&'"') {
                                        chars.next();
                                        out.push_str("\\\"");
                                    }
                                }
                                '"' => {
                                    *in_str = false;
                                    out.push('"');
                                }
                                '$' if chars.peek() == Some(&'{') => out.push_str("\\$"),
                                c => out.push(c),
                            }
                        } else {
                            if ch == '"' {
                                *in_str = true;
                            }
                            out.push(ch);
                        }
                    }
                    push(&mut acc, &out);
                }
                Node::Space(sp) | Node::Newline(sp) => push(&mut acc, self.text(*sp)),
                Node::Dnl(_) => {}
                Node::Quoted(q) => {
                    // written out as is, without the quotes
                    let mut out = String::new();
                    for ch in self.text(q.inner).chars() {
                        if ch == '"' {
                            *in_str = !*in_str;
                        }
                        if *in_str && ch == '\\' {
                            out.push('\\');
                        }
                        out.push(ch);
                    }
                    push(&mut acc, &out);
                }
                Node::Ident(sp) => {
                    let name = self.text(*sp);
                    if !self.is_macro(name) {
                        if *in_str && looks_like_macro(name) {
                            self.warn(K::KeptAsText { name: name.into() }, *sp, "kept as text");
                        }
                        push(&mut acc, name);
                    } else if self.kind_of(name) == Some(Kind::Name) {
                        return refuse(
                            K::ComputedName {
                                pattern: name.into(),
                                examples: format!("`{name}` holds the name of a symbol; a raw section can only interpolate its text"),
                            },
                            *sp,
                            "in a raw section",
                        );
                    } else if *in_str {
                        push(&mut acc, &format!("${{{name}}}"));
                    } else {
                        return refuse(
                            K::RawMacro {
                                name: name.into(),
                                hint: "here M4 writes its value outside a string".into(),
                            },
                            *sp,
                            "outside a string",
                        );
                    }
                }
                Node::Param(sp) => match self.param_ref(*sp)? {
                    P::Ref(n, _) if *in_str => push(&mut acc, &format!("${{{n}}}")),
                    P::Text(t) if *in_str => push(&mut acc, &t),
                    _ => {
                        return refuse(
                            K::RawMacro {
                                name: self.text(*sp).into(),
                                hint: "a parameter outside a string has no equivalent".into(),
                            },
                            *sp,
                            "outside a string",
                        )
                    }
                },
                Node::Call(c) => {
                    let part = self.raw_call(c, in_str)?;
                    acc = acc.and_then(&mut |a: String| {
                        part.clone().map(&mut |b: String| format!("{a}{b}"))
                    });
                }
            }
        }
        Ok(acc)
    }

    fn raw_call(&mut self, c: &Call, in_str: &mut bool) -> R<Choice<String>> {
        let cname = self.text(c.name);
        if !c.closed {
            return self.unterminated(c);
        }
        match (M4Builtin::parse(cname), cname, *in_str) {
            (_, "dapm", false) if c.args.len() == 2 => {
                let mut parts = Vec::new();
                for a in &c.args {
                    let (h, v) = self.arg_value_plain(a)?;
                    if !h.is_empty() {
                        return refuse(
                            K::UnquotedStatement {
                                builtin: "dapm".into(),
                            },
                            a.span,
                            "here",
                        );
                    }
                    parts.push(crate::migrate::writer::render_value(&v));
                }
                Ok(Choice::Leaf(format!("dapm({}, {})", parts[0], parts[1])))
            }
            (Some(b), _, false) if b.is_conditional() => self.raw_conditional(c, in_str),
            (_, "STR", false) | (_, "concat", true) => {
                let (h, p) = self.call_pieces(c)?;
                if !h.is_empty() {
                    return refuse(
                        K::UnquotedStatement {
                            builtin: cname.into(),
                        },
                        c.span,
                        "here",
                    );
                }
                let is_str = cname == "STR";
                p.try_map(&mut |pieces: Vec<P>| {
                    let mut out = String::new();
                    for p in pieces {
                        match p {
                            // STR's own quotes open and close a string
                            P::Text(t) if is_str => {
                                for ch in t.chars() {
                                    if ch == '"' {
                                        out.push('"');
                                    } else {
                                        crate::migrate::writer::escape_into(&mut out, &ch.to_string());
                                    }
                                }
                            }
                            P::Text(t) => crate::migrate::writer::escape_into(&mut out, &t),
                            P::Ref(n, _) => out.push_str(&format!("${{{n}}}")),
                            P::Val(_, sp, what) => {
                                return refuse(K::Paste { name: what }, sp, "here")
                            }
                            P::Effect(_) => {
                                return refuse(
                                    K::RawMacro {
                                        name: cname.into(),
                                        hint: "it runs a statement".into(),
                                    },
                                    c.span,
                                    "here",
                                )
                            }
                        }
                    }
                    Ok(out)
                })
            }
            _ => refuse(
                K::RawMacro {
                    name: cname.into(),
                    hint: "M4 writes the text it expands to here; tplg cannot call a macro inside a section".into(),
                },
                c.span,
                "a call",
            ),
        }
    }

    /// `ifdef`/`ifelse` choosing lines of a raw section.
    fn raw_conditional(&mut self, c: &Call, in_str: &mut bool) -> R<Choice<String>> {
        let cname = self.text(c.name);
        let (conds, otherwise) = self.arms(c)?;
        let start = *in_str;
        let branch = |this: &mut Self, a: Option<&Arg>| -> R<Choice<String>> {
            let Some(a) = a else {
                return Ok(Choice::Leaf(String::new()));
            };
            let mut nodes = Vec::new();
            for n in &a.nodes {
                match n {
                    Node::Quoted(q) => nodes.extend(read_quoted(this.src, q)?),
                    Node::Call(inner) => {
                        return refuse(
                            K::UnquotedStatement {
                                builtin: cname.into(),
                            },
                            inner.span,
                            "runs while the arguments are collected",
                        )
                    }
                    other => nodes.push(other.clone()),
                }
            }
            while matches!(nodes.first(), Some(Node::Space(_))) {
                nodes.remove(0);
            }
            let mut s = start;
            let text = this.raw_nodes(&nodes, &mut s, usize::MAX)?;
            if s != start {
                return refuse(
                    K::RawMacro {
                        name: cname.into(),
                        hint: "a branch opens or closes a string".into(),
                    },
                    a.span,
                    "unbalanced quotes",
                );
            }
            Ok(text)
        };
        let mut result = branch(self, otherwise)?;
        for (cond, a) in conds.into_iter().rev() {
            let then = branch(self, Some(a))?;
            result = match cond {
                Cond::Static(true) => then,
                Cond::Static(false) => result,
                Cond::Dynamic(v) => Choice::Branch(v, Box::new(then), Box::new(result)),
            };
        }
        Ok(result)
    }
}
