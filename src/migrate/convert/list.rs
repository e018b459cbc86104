//! `LIST` and `LIST_NONEWLINE` whose quoted items M4 pastes together into
//! calls and names: the same list of those calls and names.

use super::*;

impl Converter<'_> {
    /// The quoted items of `LIST(indent, item, …)`, if every item is one
    /// quoted text.
    fn list_items(&self, c: &Call) -> Option<Vec<Sp>> {
        let mut out = Vec::new();
        for a in c.args.get(1..)? {
            let mut it = a.nodes.iter().filter(|n| !n.is_blank());
            match (it.next(), it.next()) {
                (Some(Node::Quoted(q)), None) => out.push(q.inner),
                _ => return None,
            }
        }
        (!out.is_empty()).then_some(out)
    }

    /// Whether the items of a `LIST` only make sense pasted together, as
    /// M4 pastes them: a call opens in one item and closes in a later one
    /// (`` `F(a,' `b)' ``), or an item is a macro standing for a call with
    /// a separator glued to it (`` `matrix1,' ``).
    pub(super) fn list_needs_join(&self, c: &Call) -> bool {
        let Some(items) = self.list_items(c) else {
            return false;
        };
        items.iter().any(|sp| {
            let Ok(nodes) = crate::migrate::reader::read(self.src, *sp) else {
                return false;
            };
            let solid: Vec<&Node> = nodes.iter().filter(|n| !n.is_blank()).collect();
            let unclosed = solid
                .iter()
                .any(|n| matches!(n, Node::Call(c) if !c.closed));
            let glued = matches!(solid.as_slice(),
                [Node::Ident(i), Node::Text(t)]
                    if self.text(*t) == "," && self.kind_of(self.text(*i)) == Some(Kind::Record));
            unclosed || glued
        })
    }

    /// `LIST(indent, items…)` whose items M4 pastes into calls and names:
    /// the same `LIST` of those calls and names, with the separators
    /// between them (`","`) as text items.
    pub(super) fn list_value(&mut self, c: &Call) -> R<(Vec<Stmt>, Choice<Fx<Value>>)> {
        let name = self.text(c.name).to_string();
        let items = self.list_items(c).unwrap_or_default();
        let (h, indent) = self.arg_value_plain(&c.args[0])?;
        let indent_text = self.text(c.args[0].span).trim().trim_matches(['`', '\'']);
        // LIST puts a line break and the indent after each item;
        // LIST_NONEWLINE only the indent
        let sep = if name == "LIST" {
            Some(crate::migrate::lexer::Tok::Newline)
        } else if !indent_text.is_empty() {
            Some(crate::migrate::lexer::Tok::Space)
        } else {
            None
        };
        if sep.is_none() {
            // two items that would paste into one word
            let id = |b: u8| b.is_ascii_alphanumeric() || b == b'_';
            for w in items.windows(2) {
                let end = self.src.as_bytes().get(w[0].end.wrapping_sub(1)).copied();
                let start = self.src.as_bytes().get(w[1].start).copied();
                if w[0].end > w[0].start
                    && w[1].end > w[1].start
                    && end.is_some_and(id)
                    && start.is_some_and(id)
                {
                    return refuse(
                        K::Unsupported {
                            name: name.clone(),
                            help: "items that paste into one word; write the word whole".into(),
                        },
                        w[1],
                        "pasted to the item before",
                    );
                }
            }
        }
        let nodes = crate::migrate::reader::read_joined(self.src, &items, sep)?;
        let mut args = vec![ArgOut {
            comments: vec![],
            brk: None,
            value: indent,
        }];
        for n in &nodes {
            let value =
                match n {
                    Node::Space(_) | Node::Newline(_) | Node::Comment(_) | Node::Dnl(_) => continue,
                    Node::Text(t) if self.text(*t).trim().chars().all(|ch| ch == ',') => {
                        let t = self.text(*t).trim();
                        if t.is_empty() {
                            continue;
                        }
                        Value::Str(vec![Piece::Text(t.to_string())])
                    }
                    Node::Call(_) | Node::Ident(_) => {
                        let mut atoms = Vec::new();
                        self.flatten(std::slice::from_ref(n), 1, &mut atoms)?;
                        let (hh, v) = self.atoms_value(&atoms, n.span())?;
                        match (hh.is_empty(), v) {
                            (true, Choice::Leaf((eff, v))) if eff.is_empty() => v,
                            _ => return refuse(
                                K::Unsupported {
                                    name: name.clone(),
                                    help: "an item that runs a statement or depends on a condition"
                                        .into(),
                                },
                                n.span(),
                                "this item",
                            ),
                        }
                    }
                    other => return refuse(
                        K::Unsupported {
                            name: name.clone(),
                            help:
                                "items that paste text around calls and names; write the list out"
                                    .into(),
                        },
                        other.span(),
                        "text between items",
                    ),
                };
            args.push(ArgOut {
                comments: vec![],
                brk: None,
                value,
            });
        }
        Ok((
            h,
            Choice::Leaf((
                vec![],
                Value::Call(CallOut {
                    name,
                    args,
                    close_break: None,
                }),
            )),
        ))
    }
}
