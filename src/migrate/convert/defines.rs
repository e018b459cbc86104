//! Defines: `define` as a value definition or a `macro`, `undefine`, the
//! name argument they take (quoted or expanded first, as M4 does), and the
//! late-binding checks for quoted bodies.

use super::*;

/// What an unquoted name expands to (see [`Converter::expand_name`]).
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Expanded {
    /// A name M4 then acts on.
    Name(String),
    /// Text that is not a name: no macro has it.
    Nothing(String),
}

fn is_fatal(s: &Stmt) -> bool {
    matches!(s, Stmt::Call(c) if c.name == "FATAL_ERROR")
}

/// The name written by `define` in a call, if it is literal.
pub(crate) fn defined_name(src: &str, c: &Call) -> Option<String> {
    c.args.first().and_then(|a| literal_name(src, &a.nodes))
}

impl Converter<'_> {
    /// The name argument of define/undefine/ifdef, and whether it was quoted.
    pub(super) fn name_arg(&self, a: &Arg, builtin: &str) -> R<(String, bool)> {
        let mut it = a.nodes.iter().filter(|n| !n.is_blank());
        let (first, second) = (it.next(), it.next());
        match (first, second) {
            (Some(Node::Ident(sp)), None) => Ok((self.text(*sp).to_string(), false)),
            (Some(Node::Quoted(q)), None) => {
                let inner = self.text(q.inner).trim();
                if inner.contains(['$', '`', '(']) || inner.is_empty() {
                    return refuse(
                        K::ComputedName {
                            pattern: inner.to_string(),
                            examples: format!(
                                "`{builtin}` gets the name only when the text is read"
                            ),
                        },
                        a.span,
                        "this name",
                    );
                }
                Ok((inner.to_string(), true))
            }
            _ => refuse(
                K::ComputedName {
                    pattern: self.text(a.span).trim().to_string(),
                    examples: format!("`{builtin}` would use the text this expands to"),
                },
                a.span,
                "this name",
            ),
        }
    }

    pub(super) fn check_unquoted(
        &self,
        name: &str,
        quoted: bool,
        a: &Arg,
        action: &'static str,
    ) -> R<()> {
        if quoted || !self.maybe_defined(name) {
            return Ok(());
        }
        let why = match self.state.names.get(name) {
            Some((Known::Yes, _)) => format!("`{name}` is defined here, so M4 uses its value as the name"),
            _ if self.facts.is_input(name) => format!(
                "this file tests `{name}`, so it may be defined (e.g. with -D); then M4 uses its value as the name"
            ),
            _ => format!("`{name}` may be defined here; then M4 uses its value as the name"),
        };
        refuse(
            K::UnquotedName {
                name: name.to_string(),
                action,
                why,
            },
            a.span,
            "unquoted",
        )
    }

    pub(super) fn define(&mut self, c: &Call) -> R<Vec<Stmt>> {
        if c.args.len() > 2 {
            return refuse(
                K::ArgCount {
                    builtin: "define",
                    min: 1,
                    max: 2,
                    found: c.args.len(),
                },
                c.args[2].span,
                "extra argument",
            );
        }
        let (name, quoted) = self.name_arg(&c.args[0], "define")?;
        let name = if quoted {
            name
        } else if matches!(self.state.names.get(&name), None | Some((Known::Guess, _))) {
            return self.define_unquoted_first(&name, c);
        } else {
            match self.unquoted_target(&name, &c.args[0], "defining")? {
                Some(n) => n,
                None => return Ok(vec![]),
            }
        };
        if !is_name(&name) {
            return refuse(K::BadName { name }, c.args[0].span, "this name");
        }
        let Some(body) = c.args.get(1) else {
            self.state.set(&name, Known::Yes, Kind::Value);
            self.state.values.insert(name.clone(), vec![String::new()]);
            return Ok(vec![Stmt::Define {
                name,
                value: Value::empty(),
                default: false,
            }]);
        };
        if has_params(self.text(body.span)) || self.facts.stmt_uses.contains(&name) {
            return self.macro_def(&name, c, body);
        }
        self.value_define(&name, c, body)
    }

    /// An unquoted `define(NAME, …)` of a name this file has not defined
    /// yet. M4 expands `NAME` first: defined from outside (`-DNAME=2`), it
    /// defines a macro named by the value (`2`, which nothing can call, so
    /// `NAME` keeps its -D value); not defined, it defines `NAME`. That is
    /// `default NAME = …`. A -D value the build passes that is a name would
    /// make M4 define that name instead: refused.
    fn define_unquoted_first(&mut self, name: &str, c: &Call) -> R<Vec<Stmt>> {
        if let Some(v) = self
            .build
            .input_values
            .get(name)
            .and_then(|vs| vs.iter().find(|v| is_name(v)))
        {
            return refuse(
                K::UnquotedName {
                    name: name.to_string(),
                    action: "defining",
                    why: format!(
                        "the build passes -D{name}={v}, and then M4 defines the macro `{v}`, not `{name}`"
                    ),
                },
                c.args[0].span,
                "unquoted",
            );
        }
        // Defined before, M4 defines the macro the value of `NAME` names.
        // Only the empty name (`-DNAME`) can be read back, by an unquoted
        // `ifdef(NAME, …)` somewhere in the tree: there, write both cases
        // (exact whether or not the build defines `NAME`), unless the
        // build is known to pass only values that are not empty.
        let by_value = self.build.value_tested.contains(name)
            && self
                .build
                .input_values
                .get(name)
                .is_none_or(|vs| vs.contains(""));
        // defined (by the tree, never by -D) only as names: defined before
        // this, M4 defines the macro the value names, and reading `NAME`
        // gives that macro's new value; not defined, it defines `NAME`
        let rebinds = !by_value
            && self
                .build
                .input_values
                .get(name)
                .is_none_or(std::collections::BTreeSet::is_empty)
            && self
                .build
                .define_values
                .get(name)
                .is_some_and(|vs| vs.iter().all(|v| is_name(v) && v != name));
        if by_value {
            self.warn(
                K::UnquotedNameExpanded {
                    name: name.into(),
                    what: format!(
                        "first, and `{name}` may be defined before this (by -D, or a file that includes this one): M4 then defines the macro its value names (`-D{name}` gives the empty name, which an unquoted `ifdef({name}, …)` finds defined) and `{name}` keeps its value. Converted as `if defined({name}) {{ define \"${{{name}}}\" = … }} else {{ define {name} = … }}`"
                    ),
                },
                c.args[0].span,
                "unquoted",
            );
        } else if rebinds && self.maybe_defined(name) {
            self.warn(
                K::UnquotedNameExpanded {
                    name: name.into(),
                    what: format!(
                        "first, and the files of this tree define `{name}` only as names ({}): defined before this, M4 defines the macro its value names, which reads `{name}` again as the new value. Converted as `define {name} = …`, which reads the same; M4 would also change that macro where it is read by its own name, and tplg does not",
                        self.build.define_values[name].iter().map(|v| format!("`{v}`")).collect::<Vec<_>>().join(", ")
                    ),
                },
                c.args[0].span,
                "unquoted",
            );
        } else if self.maybe_defined(name) {
            self.warn(
                K::UnquotedNameExpanded {
                    name: name.into(),
                    what: format!(
                        "first, and `{name}` may be defined before this (by -D, or a file that includes this one) to a value this conversion cannot see: M4 then defines the macro that value names and `{name}` keeps its value. Converted as `default {name} = …`, which keeps the value too; if that value is itself a macro name, M4 also redefines that macro and tplg does not"
                    ),
                },
                c.args[0].span,
                "unquoted",
            );
        }
        let mut stmts = match c.args.get(1) {
            None => {
                self.state.set(name, Known::Yes, Kind::Value);
                vec![Stmt::Define {
                    name: name.to_string(),
                    value: Value::empty(),
                    default: false,
                }]
            }
            Some(body)
                if has_params(self.text(body.span)) || self.facts.stmt_uses.contains(name) =>
            {
                return self.macro_def(name, c, body);
            }
            Some(body) => self.value_define(name, c, body)?,
        };
        // later unquoted uses of the name assume the value written here,
        // as the file does
        for s in &mut stmts {
            let Stmt::Define {
                name: n,
                default,
                value,
            } = s
            else {
                continue;
            };
            if n != name {
                continue;
            }
            if !by_value {
                *default = !rebinds;
                continue;
            }
            // the build passes -DNAME (empty): M4 then defines the macro
            // the value names, here the empty name, which an unquoted
            // `ifdef(NAME, …)` tests. (A number it names, `-DNAME=2`, is
            // left out: nothing reads a macro `2`.)
            let v = std::mem::replace(value, Value::empty());
            *s = Stmt::If {
                branches: vec![(
                    Value::Defined(name.to_string()),
                    vec![Stmt::Define {
                        name: format!("\"${{{name}}}\""),
                        value: v.clone(),
                        default: false,
                    }],
                )],
                otherwise: vec![Stmt::Define {
                    name: name.to_string(),
                    value: v,
                    default: false,
                }],
            };
        }
        Ok(stmts)
    }

    fn value_define(&mut self, name: &str, c: &Call, body: &Arg) -> R<Vec<Stmt>> {
        // quoted text is read where the macro is used, not here
        let lazy = body
            .nodes
            .iter()
            .any(|n| matches!(n, Node::Quoted(q) if !self.text(q.inner).trim().is_empty()));
        let mut atoms = Vec::new();
        self.flatten(&body.nodes, 0, &mut atoms)?;
        let comments = take_comments(&mut atoms);
        // M4 drops the blanks before an unquoted argument, not those after
        // it: `define(IDX, 0 )` is the text `0 `, in every name it goes into
        let trailing = match atoms.last() {
            Some(Atom::Blank { text, depth: 0, .. })
                if !lazy && text.bytes().all(|b| b == b' ' || b == b'\t') =>
            {
                Some(text.clone())
            }
            _ => None,
        };
        let atoms = trim(atoms);
        if let (Some(blank), [Atom::Lit { text, depth: 0, .. }]) = (&trailing, atoms.as_slice()) {
            if !text.contains(char::is_whitespace) {
                self.state.set(name, Known::Yes, Kind::Value);
                let text = format!("{text}{blank}");
                self.state
                    .values
                    .insert(name.to_string(), vec![text.clone()]);
                let mut out: Vec<Stmt> = comments.into_iter().map(Stmt::Comment).collect();
                out.push(Stmt::Define {
                    name: name.to_string(),
                    value: Value::Str(vec![Piece::Text(text)]),
                    default: false,
                });
                return Ok(out);
            }
        }
        // one name, which M4 reads where the macro is used: by then this
        // file may have defined it again, or the includer may have read the
        // platform file that defines it. tplg's `alias` reads it there too.
        // (An undefined name without `_` is text in tplg, as in M4.)
        if let (true, [Atom::Ident { name: target, .. }]) = (lazy, atoms.as_slice()) {
            let late = self.facts.redefined_after(target, c.span.end).is_some()
                || (!self.maybe_defined(target)
                    && crate::migrate::library::platform_defines(target));
            if late
                && target != name
                && is_name_case(name)
                && is_name_case(target)
                && target.contains('_')
                && self.kind_of(target) != Some(Kind::Macro)
            {
                self.state.set(name, Known::Yes, Kind::Value);
                let mut out: Vec<Stmt> = comments.into_iter().map(Stmt::Comment).collect();
                out.push(Stmt::Alias {
                    name: name.to_string(),
                    target: target.clone(),
                });
                return Ok(out);
            }
        }
        let mut arg_list = false;
        let mut spread = None;
        if lazy {
            // M4 splits the value at a comma wherever it is an argument
            let commas = atoms
                .iter()
                .filter_map(|a| match a {
                    Atom::Lit { text, sp, depth: 1 } => text.find(',').map(|k| (text, sp, k)),
                    _ => None,
                })
                .collect::<Vec<_>>();
            let callee = commas.first().and(self.arg_list_callee(name));
            if let Some(Ok(f)) = callee {
                // every read is `F(NAME)`: the name stands for the call
                spread = Some(f);
            } else if let (Some(Err(how)), false) = (callee, self.used_beyond_definitions(name)) {
                // read otherwise by the files that include this one
                return refuse(
                    K::ArgumentListUse {
                        name: name.into(),
                        how,
                    },
                    body.span,
                    "an argument list",
                );
            } else if let Some((_, sp, k)) = commas.first() {
                if self.used_beyond_definitions(name) {
                    return refuse(
                        K::CommaInValue { name: name.into() },
                        Sp::new(sp.start + k, sp.start + k + 1),
                        "this comma",
                    );
                }
                // only the files that include this one use it: as text, with
                // a warning that says what M4 does with it there
                let count = 1 + commas
                    .iter()
                    .map(|(t, _, _)| t.matches(',').count())
                    .sum::<usize>();
                self.warn(
                    K::ArgumentList {
                        name: name.into(),
                        count,
                    },
                    body.span,
                    "an argument list",
                );
                arg_list = true;
            }
            self.check_late_binding(name, c, body)?;
        }
        let (hoisted, value) = if let Some(f) = spread {
            // the quoted text, read as M4 reads it inside `F(…)`
            let mut it = body.nodes.iter().filter(|n| !n.is_blank());
            let args = match (it.next(), it.next()) {
                (Some(Node::Quoted(q)), None) => {
                    crate::migrate::reader::read_args(self.src, q.inner)
                        .ok()
                        .flatten()
                }
                _ => None,
            };
            let Some(args) = args else {
                return refuse(
                    K::CommaInValue { name: name.into() },
                    body.span,
                    "this value",
                );
            };
            let (h, co) = self.call_out_args(f, &args, None, body.span)?;
            (h, co.map(&mut |(eff, c)| (eff, Value::Call(c))))
        } else if arg_list {
            // the text as it is, commas and all
            let text: String = atoms
                .iter()
                .map(|a| match a {
                    Atom::Lit { text, .. } | Atom::Blank { text, .. } => text.clone(),
                    Atom::Ident { name, .. } => name.clone(),
                    _ => String::new(),
                })
                .collect();
            if atoms.iter().any(|a| {
                !matches!(
                    a,
                    Atom::Lit { .. } | Atom::Blank { .. } | Atom::Ident { .. }
                )
            }) {
                return refuse(
                    K::CommaInValue { name: name.into() },
                    body.span,
                    "this value",
                );
            }
            (
                vec![],
                Choice::Leaf((vec![], Value::Str(vec![Piece::Text(text)]))),
            )
        } else {
            self.atoms_value(&atoms, body.span)?
        };
        if lazy {
            // M4 runs these when the value is used, tplg where it is defined:
            // the same only for a failure, and only if the value is used
            let mut only_failures = hoisted.iter().all(is_fatal);
            value
                .clone()
                .map(&mut |(eff, _)| only_failures &= eff.iter().all(is_fatal));
            let has_effects = !hoisted.is_empty() || {
                let mut any = false;
                value.clone().map(&mut |(eff, _)| any |= !eff.is_empty());
                any
            };
            if has_effects && !(only_failures && self.facts.used_after(name, c.span.end)) {
                return refuse(
                    K::Unsupported {
                        name: name.into(),
                        help: format!("the quoted body of `{name}` runs `define` or `fatal_error` each time `{name}` is used; a tplg definition holds a value, not actions"),
                    },
                    body.span,
                    "this body",
                );
            }
        }
        // a pasted name is kept as the name, and read where it is used
        let mut all_names = true;
        value
            .clone()
            .map(&mut |(_, v)| all_names &= symbol_arg(&v).is_some());
        let value = if all_names {
            value.map(&mut |(eff, v)| {
                let v = symbol_arg(&v).cloned().unwrap_or(v);
                (eff, v)
            })
        } else {
            value
        };
        let mut is_call = false;
        value
            .clone()
            .map(&mut |(_, v)| is_call |= matches!(v, Value::Call(_)));
        let kind = if all_names {
            Kind::Name
        } else if is_call {
            Kind::Record
        } else {
            Kind::Value
        };
        // a lower-case macro that stands for a call gets a NAME_CASE name,
        // which tplg replaces by its value where M4 replaced the macro
        let upper = name.to_ascii_uppercase();
        let name = if kind == Kind::Record
            && !is_name_case(name)
            && is_name_case(&upper)
            && (self.renames.upper.get(name) == Some(&upper)
                || (!self.renames.mentioned.contains(&upper)
                    && !self.state.names.contains_key(&upper)))
        {
            self.renames.upper.insert(name.to_string(), upper.clone());
            self.state.set(name, Known::Yes, kind);
            upper.as_str()
        } else {
            name
        };
        self.state.set(name, Known::Yes, kind);
        if let Choice::Leaf((eff, v)) = &value {
            if let (true, Some(t)) = (eff.is_empty(), self.literal_of(v)) {
                self.state.values.insert(name.to_string(), vec![t]);
            }
        }
        let mut out: Vec<Stmt> = comments.into_iter().map(Stmt::Comment).collect();
        out.extend(hoisted);
        out.extend(to_stmts(value.map(&mut |(mut eff, v)| {
            eff.push(Stmt::Define {
                name: name.to_string(),
                value: v,
                default: false,
            });
            eff
        })));
        Ok(out)
    }

    /// For a name some file of the tree defines as an argument list: the
    /// call it is the sole argument of wherever the tree reads it, or how
    /// it is read otherwise. `None` for another name, or one nothing reads.
    pub(super) fn arg_list_callee(&self, name: &str) -> Option<Result<String, ArgListUse>> {
        let uses = self.build.arg_lists.get(name)?;
        let mut calls = uses.iter();
        match (calls.next()?, calls.next()) {
            (Some(f), None) => Some(Ok(f.clone())),
            _ if uses.contains(&None) => Some(Err(ArgListUse::NotSole)),
            _ => Some(Err(ArgListUse::SeveralCalls(
                uses.iter().flatten().cloned().collect(),
            ))),
        }
    }

    /// Whether the file reads `name` anywhere but where it defines,
    /// undefines or tests it.
    fn used_beyond_definitions(&self, name: &str) -> bool {
        let all = names_in(self.src, 0)
            .into_iter()
            .filter(|(n, _)| n == name)
            .count();
        let defs = self.facts.defs_at.get(name).map_or(0, Vec::len);
        let tests = self.src.matches(&format!("ifdef(`{name}'")).count();
        all > defs + tests
    }

    /// The text a converted value holds, names unexpanded.
    fn literal_of(&self, v: &Value) -> Option<String> {
        match v {
            Value::Num(n) => Some(n.clone()),
            Value::Str(p) => p
                .iter()
                .map(|p| match p {
                    Piece::Text(t) => Some(t.as_str()),
                    Piece::Name(_) => None,
                })
                .collect::<Option<String>>(),
            // a name in it is expanded again where M4 reads the value
            Value::Words(w) => Some(w.clone()),
            _ => None,
        }
    }

    /// A quoted body is read where the macro is used; tplg evaluates it
    /// where it is defined. Refuse when something it reads changes between.
    fn check_late_binding(&mut self, name: &str, c: &Call, body: &Arg) -> R<()> {
        let quoted: Vec<(String, Sp)> = body
            .nodes
            .iter()
            .filter_map(|n| match n {
                Node::Quoted(q) => Some(names_in(self.text(q.inner), q.inner.start)),
                _ => None,
            })
            .flatten()
            .collect();
        for (w, sp) in quoted {
            if w == name {
                continue;
            }
            // an include further down may define it
            if !self.maybe_defined(&w) && !self.is_macro(&w) {
                self.lazy_reads.push((w.clone(), name.to_string(), sp));
            }
            if let Some(at) = self.facts.redefined_after(&w, c.span.end) {
                let (line, _) = crate::source::line_col(self.src, at);
                return refuse(
                    K::LateBinding {
                        name: name.into(),
                        late: w.clone(),
                        why: format!("`{w}` is defined again at line {line}"),
                    },
                    sp,
                    "read later",
                );
            }
            if let Some(id) = published(&w) {
                if !self.state.pipelines.contains(&id) {
                    return refuse(
                        K::LateBinding {
                            name: name.into(),
                            late: w.clone(),
                            why: format!("Pipeline {id} publishes `{w}` only when it is added, after this line"),
                        },
                        sp,
                        "not yet published",
                    );
                }
            }
        }
        Ok(())
    }

    pub(super) fn undefine(&mut self, c: &Call) -> R<Vec<Stmt>> {
        let mut out = Vec::new();
        // M4 undefines every name given
        for a in &c.args {
            let (name, quoted) = self.name_arg(a, "undefine")?;
            let name = if quoted {
                name
            } else {
                match self.unquoted_target(&name, a, "undefining")? {
                    Some(n) => n,
                    None => continue,
                }
            };
            if !is_name(&name) {
                // nothing in this file defines such a name: nothing to undo
                if !self.facts.defs_at.contains_key(&name) {
                    continue;
                }
                return refuse(K::BadName { name }, a.span, "this name");
            }
            self.state.set(&name, Known::No, Kind::Other);
            out.push(Stmt::Undefine(name));
        }
        Ok(out)
    }

    /// A define whose body uses `$1`…: a `macro` whose body must be statements.
    fn macro_def(&mut self, name: &str, c: &Call, body: &Arg) -> R<Vec<Stmt>> {
        let text = self.text(body.span);
        let mut max = 0usize;
        let b = text.as_bytes();
        for (k, w) in b.windows(2).enumerate() {
            if w[0] != b'$' {
                continue;
            }
            if w[1] == b'0' && !b.get(k + 2).is_some_and(u8::is_ascii_digit) {
                return refuse(
                    K::Unsupported {
                        name: "$0".into(),
                        help: "a macro body cannot name its own macro in tplg; write the name out"
                            .into(),
                    },
                    Sp::new(body.span.start + k, body.span.start + k + 2),
                    "here",
                );
            }
            if w[1].is_ascii_digit() {
                let digits: String = text[k + 1..]
                    .chars()
                    .take_while(char::is_ascii_digit)
                    .collect();
                max = max.max(digits.parse().unwrap_or(0));
            }
        }
        // `$#` and `$@` need the number of arguments, which tplg fixes per
        // macro: take it from the calls in this file, if they agree
        let counts_args = text.contains("$#") || text.contains("$@") || text.contains("$*");
        if counts_args {
            let arities = self.facts.arities.get(name).cloned().unwrap_or_default();
            match arities.len() {
                1 => max = max.max(arities.into_iter().next().unwrap_or(0)),
                0 => {
                    return refuse(
                        K::Unsupported {
                            name: "$#".into(),
                            help: format!("`{name}` uses `$#` or `$@`, and no call in this file shows how many arguments it takes; tplg macros have a fixed parameter list"),
                        },
                        body.span,
                        "this body",
                    )
                }
                _ => {
                    let mut a: Vec<usize> = arities.into_iter().collect();
                    a.sort_unstable();
                    let a: Vec<String> = a.iter().map(ToString::to_string).collect();
                    return refuse(
                        K::Unsupported {
                            name: "$#".into(),
                            help: format!("`{name}` is called with {} arguments; tplg macros have a fixed parameter list", a.join(" and ")),
                        },
                        body.span,
                        "this body",
                    );
                }
            }
        }
        let names: HashSet<String> = names_in(text, 0).into_iter().map(|(n, _)| n).collect();
        let prefix = ["p", "arg", "param", "macro_arg"]
            .into_iter()
            .find(|p| !(1..=max).any(|i| names.contains(&format!("{p}{i}"))))
            .unwrap_or("macro_arg");
        let params: Vec<String> = (1..=max).map(|i| format!("{prefix}{i}")).collect();

        // the body as statements: quoted parts are read when the macro is used
        let mut nodes = Vec::new();
        for n in &body.nodes {
            match n {
                Node::Quoted(q) => nodes.extend(read_quoted(self.src, q)?),
                Node::Call(inner) => {
                    return refuse(
                        K::EagerBody {
                            name: name.into(),
                            call: self.text(inner.name).into(),
                        },
                        inner.span,
                        "unquoted in the body",
                    )
                }
                other => nodes.push(other.clone()),
            }
        }
        let saved_state = self.state.clone();
        // the body runs where the macro is used, not inside this divert
        self.state.diverted = false;
        let saved_ctx = self.ctx.replace(MacroCtx {
            params: params.clone(),
        });
        let saved_refusals = std::mem::take(&mut self.refusals);
        let saved_indent = std::mem::take(&mut self.base_indent);
        let body_stmts = self.stmts(&nodes);
        let body_refusals = std::mem::replace(&mut self.refusals, saved_refusals);
        self.ctx = saved_ctx;
        self.state = saved_state;
        self.base_indent = saved_indent;
        if let Some(first) = body_refusals
            .iter()
            .find(|r| matches!(r.kind, K::StrayText { .. }))
        {
            return refuse(
                K::TextMacro { name: name.into() },
                first.span,
                format!("`{name}` writes this text"),
            );
        }
        let _ = c;
        self.refusals.extend(body_refusals);
        self.state.set(name, Known::Yes, Kind::Macro);
        Ok(vec![Stmt::Macro {
            name: name.into(),
            params,
            body: body_stmts,
        }])
    }

    pub(super) fn warn_expanded(&mut self, name: &str, to: &str, action: &str, sp: Sp) {
        self.warn(
            K::UnquotedNameExpanded {
                name: name.into(),
                what: format!("to `{to}`, and {action} `{to}`, not `{name}`: converted as M4 does"),
            },
            sp,
            "unquoted",
        );
    }

    /// What M4 expands an unquoted name to before `define`, `undefine` or
    /// `ifdef` sees it: the name itself when it is not defined, else (again)
    /// what its value expands to; a value that is not a single name stands
    /// for no macro. One result per value the name may hold; `None` when
    /// this file cannot tell (a name defined from outside, or by an include
    /// with a value this file cannot see).
    pub(super) fn expand_name(&self, name: &str) -> Option<Vec<Expanded>> {
        let mut out: Vec<Expanded> = Vec::new();
        let mut todo = vec![(name.to_string(), 0usize)];
        while let Some((cur, depth)) = todo.pop() {
            if depth > 16 {
                return None;
            }
            let param = self.ctx.as_ref().is_some_and(|c| c.params.contains(&cur));
            if param {
                return None;
            }
            let e = if let Some(vals) = self.state.values.get(&cur) {
                for v in vals {
                    let t = v.trim();
                    if is_name(t) {
                        todo.push((t.to_string(), depth + 1));
                    } else if !out.contains(&Expanded::Nothing(t.to_string())) {
                        out.push(Expanded::Nothing(t.to_string()));
                    }
                }
                continue;
            } else if !self.maybe_defined(&cur)
                && !matches!(self.state.names.get(&cur), Some((Known::Guess, _)))
            {
                Expanded::Name(cur)
            } else {
                return None;
            };
            if !out.contains(&e) {
                out.push(e);
            }
        }
        Some(out)
    }

    /// The name an unquoted `define`/`undefine` acts on; `None`: M4 acts on
    /// text no macro can be named, so the statement does nothing.
    fn unquoted_target(&mut self, name: &str, a: &Arg, action: &'static str) -> R<Option<String>> {
        let verb = if action == "defining" {
            "defines"
        } else {
            "undefines"
        };

        match self.expand_name(name).as_deref() {
            Some([Expanded::Name(n)]) => {
                if n != name {
                    self.warn_expanded(name, n, verb, a.span);
                }
                Ok(Some(n.clone()))
            }
            Some(all) if all.iter().all(|e| matches!(e, Expanded::Nothing(_))) => {
                self.warn(
                    K::UnquotedNameExpanded {
                        name: name.into(),
                        what: format!("to text that names no macro, and {verb} that: the statement does nothing and is dropped"),
                    },
                    a.span,
                    "unquoted",
                );
                Ok(None)
            }
            Some(_) => refuse(
                K::UnquotedName {
                    name: name.to_string(),
                    action,
                    why: format!("`{name}` holds different names on different branches above, so M4 {verb} one of them"),
                },
                a.span,
                "unquoted",
            ),
            None => {
                self.check_unquoted(name, false, a, action)?;
                Ok(Some(name.to_string()))
            }
        }
    }
}
