//! Atoms: an argument with one level of quotes removed, as M4 reads it
//! again (quoted text is rescanned, text quoted twice stays literal), and
//! the comments among it.

use super::*;

#[derive(Debug, Clone)]
pub(super) enum Atom {
    /// Literal characters. `depth` 0: unquoted; 1: quoted once (read again
    /// later); 2: quoted twice or more (stays literal).
    Lit {
        text: String,
        sp: Sp,
        depth: u8,
    },
    Blank {
        text: String,
        sp: Sp,
        depth: u8,
    },
    Ident {
        name: String,
        sp: Sp,
        depth: u8,
        set_apart: Apart,
    },
    Call(Call, u8),
    Param(Sp),
    /// `# …` or `dnl …` among the arguments, `#` form.
    Comment(String, Sp),
}

impl Atom {
    pub(super) fn span(&self) -> Sp {
        match self {
            Atom::Lit { sp, .. }
            | Atom::Blank { sp, .. }
            | Atom::Ident { sp, .. }
            | Atom::Param(sp)
            | Atom::Comment(_, sp) => *sp,
            Atom::Call(c, _) => c.span,
        }
    }
}

/// How the author set a name apart, which marks it as a macro reference
/// even when this file does not define it (an input, say).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Apart {
    No,
    /// Quoted alone: `` `PPROC' `` — a reference when glued into a word
    /// (`pipe-`PPROC'-playback`); a whole quoted argument is literal text.
    Quoted,
    /// An unquoted whole argument of `concat`: `concat(`sai', SAI_INDEX)`.
    WholeArg,
}

/// `dnl text` as a `#` comment, keeping the author's spacing; `None` when
/// it only deletes a line end.
pub(super) fn dnl_comment(t: &str) -> Option<String> {
    let rest = t[3..].trim_end();
    if rest.trim().is_empty() {
        return None;
    }
    Some(if rest.starts_with([' ', '\t']) {
        format!("#{rest}")
    } else {
        format!("# {rest}")
    })
}

pub(super) fn take_comments(atoms: &mut Vec<Atom>) -> Vec<String> {
    let mut out = Vec::new();
    atoms.retain(|a| match a {
        Atom::Comment(t, _) => {
            out.push(t.clone());
            false
        }
        _ => true,
    });
    out
}

/// Without unquoted blanks at either end (M4 drops leading ones; trailing
/// ones before `,` or `)` are layout in every SOF topology).
pub(super) fn trim(mut atoms: Vec<Atom>) -> Vec<Atom> {
    while matches!(atoms.first(), Some(Atom::Blank { depth: 0, .. })) {
        atoms.remove(0);
    }
    while matches!(atoms.last(), Some(Atom::Blank { depth: 0, .. })) {
        atoms.pop();
    }
    atoms
}

impl Converter<'_> {
    /// Removes one level of quotes: quoted text is read again (M4 will
    /// rescan it); text quoted twice stays literal.
    pub(super) fn flatten(&self, nodes: &[Node], depth: u8, out: &mut Vec<Atom>) -> R<()> {
        let mut skip_to = 0usize;
        for (i, n) in nodes.iter().enumerate() {
            if i < skip_to {
                continue;
            }
            if depth == 0 {
                if let Some((ranges, seps, next)) = self.quoted_run(nodes, i) {
                    // quoted pieces that only make calls together: M4 reads
                    // the argument again as one text
                    let children =
                        crate::migrate::reader::read_joined_with(self.src, &ranges, &seps)?;
                    self.flatten(&children, 1, out)?;
                    skip_to = next;
                    continue;
                }
            }
            match n {
                Node::Text(sp) => out.push(Atom::Lit {
                    text: self.text(*sp).into(),
                    sp: *sp,
                    depth,
                }),
                Node::Space(sp) | Node::Newline(sp) => out.push(Atom::Blank {
                    text: self.text(*sp).into(),
                    sp: *sp,
                    depth,
                }),
                Node::Comment(sp) if depth == 0 => {
                    out.push(Atom::Comment(self.text(*sp).trim_end().into(), *sp));
                }
                Node::Comment(sp) => out.push(Atom::Lit {
                    text: self.text(*sp).into(),
                    sp: *sp,
                    depth,
                }),
                Node::Dnl(sp) => {
                    if let (0, Some(c)) = (depth, dnl_comment(self.text(*sp))) {
                        out.push(Atom::Comment(c, *sp));
                    }
                }
                Node::Quoted(q) if depth == 0 && q.inner.start == q.inner.end => {
                    // `` `' ``: no text, but it marks where a name starts or ends
                    out.push(Atom::Lit {
                        text: String::new(),
                        sp: q.span,
                        depth: 1,
                    });
                }
                Node::Quoted(q) if depth == 0 => {
                    let children = read_quoted(self.src, q)?;
                    let from = out.len();
                    self.flatten(&children, 1, out)?;
                    if let [Atom::Ident { set_apart, .. }] = &mut out[from..] {
                        *set_apart = Apart::Quoted;
                    }
                }
                // quoted twice: M4 strips one level per reading, and SOF's
                // macros read their arguments again until the names in them
                // are replaced; the quotes only protect commas on the way
                Node::Quoted(q) => {
                    let children = read_quoted(self.src, q)?;
                    self.flatten(&children, 2, out)?;
                }
                Node::Ident(sp) => out.push(Atom::Ident {
                    name: self.text(*sp).into(),
                    sp: *sp,
                    depth,
                    set_apart: Apart::No,
                }),
                Node::Call(c) => out.push(Atom::Call(c.clone(), depth)),
                Node::Param(sp) => out.push(Atom::Param(*sp)),
            }
        }
        Ok(())
    }

    /// Quoted texts from `nodes[i]` on, separated by blanks only, of which
    /// one opens a call a later one closes (`` `F(a,'
    /// `b)' ``): their insides, the kind of blank between each two, and
    /// the index after the run.
    #[allow(clippy::type_complexity)]
    fn quoted_run(
        &self,
        nodes: &[Node],
        i: usize,
    ) -> Option<(Vec<Sp>, Vec<crate::migrate::lexer::Tok>, usize)> {
        let Node::Quoted(first) = &nodes[i] else {
            return None;
        };
        let unclosed = |sp: Sp| {
            crate::migrate::reader::read(self.src, sp)
                .is_ok_and(|ns| ns.iter().any(|n| matches!(n, Node::Call(c) if !c.closed)))
        };
        if !unclosed(first.inner) {
            return None;
        }
        let mut ranges = vec![first.inner];
        let mut seps = Vec::new();
        let mut k = i + 1;
        let mut end = k;
        let mut gap = crate::migrate::lexer::Tok::Space;
        while k < nodes.len() {
            match &nodes[k] {
                Node::Space(_) => {}
                Node::Newline(_) => gap = crate::migrate::lexer::Tok::Newline,
                Node::Quoted(q) => {
                    ranges.push(q.inner);
                    seps.push(gap);
                    gap = crate::migrate::lexer::Tok::Space;
                    end = k + 1;
                }
                _ => break,
            }
            k += 1;
        }
        (ranges.len() > 1).then_some((ranges, seps, end))
    }
}
