//! Reading the sections of an alsaconf tree into the typed IR ([`super::ir`]),
//! value by value as alsa-lib does: strings, integers in alsa-lib's bases,
//! booleans, references, lists, tuple groups, channels and ops. Problems
//! alsatplg would reject are errors, those it skips or misreads warnings;
//! both are collected, never stopping the reader. The readers of each
//! section kind, with their key tables, are in [`super::sections`].

use super::ir::*;
use super::tree::{strtol_full, Compound, ConfTree, Node, Scalar, ScalarKind, Value};
use super::{ConfError, Source};
use crate::source::{FileId, Sources, Span};

/// Reads the sections of a parsed tree (what [`super::parse`] does after
/// [`super::parse_tree`]).
pub(super) fn from_tree(sources: &Sources, tree: ConfTree) -> ConfTopology {
    let mut cx = Cx {
        src: std::sync::Arc::new(sources.named(tree.file)),
        file: tree.file,
        errors: Vec::new(),
        warnings: Vec::new(),
    };
    let mut t = ConfTopology::empty(tree.file);
    // Each kind's list sized at once: sections are large structs, and a
    // file has hundreds of some kinds.
    let kinds: Vec<Option<SectionKind>> = tree
        .nodes
        .iter()
        .map(|top| SectionKind::from_keyword(&top.key.name))
        .collect();
    let mut counts = [0; SectionKind::ALL.len()];
    for (top, kind) in tree.nodes.iter().zip(&kinds) {
        if let (Some(kind), Value::Compound(body)) = (kind, &top.value) {
            counts[*kind as usize] += body.nodes.len();
        }
    }
    for kind in SectionKind::ALL {
        t.reserve(kind, counts[kind as usize]);
    }
    for (top, &kind) in tree.nodes.iter().zip(&kinds) {
        let Some(kind) = kind else {
            t.unknown_sections.push(top.clone());
            continue;
        };
        let Some(body) = cx.compound(top, "a section") else {
            continue;
        };
        for node in &body.nodes {
            // `SectionWidget."x" { … }` is one section: span it from the
            // keyword; inside an explicit `SectionWidget { … }`, from its name.
            let span = if body.dotted { top.span } else { node.span };
            let Some(c) = cx.compound(node, "the section's body `{ … }`") else {
                continue;
            };
            let s = Sec {
                keyword: &top.key,
                name: Spanned::new(node.key.name.as_str().to_owned(), node.key.span),
                span,
                body: c,
            };
            cx.read_section(kind, s, &mut t);
        }
    }
    t.errors = cx.errors;
    t.warnings = cx.warnings;
    t.tree = tree;
    t
}

/// One section being read: its keyword, name, span and body.
pub(super) struct Sec<'n> {
    /// `SectionBE`, `SectionWidget`, …, as written.
    pub(super) keyword: &'n super::tree::Key,
    pub(super) name: Spanned<String>,
    pub(super) span: Span,
    pub(super) body: &'n Compound,
}

/// Comments alsa-lib skips in most sections: a `comment` key, or a quoted
/// key starting with `#`.
pub(super) fn is_comment(key: &str) -> bool {
    key == "comment" || key.starts_with('#')
}

/// Reading values as alsa-lib does, collecting what goes wrong.
pub(super) struct Cx {
    pub(super) src: Source,
    pub(super) file: FileId,
    pub(super) errors: Vec<ConfError>,
    pub(super) warnings: Vec<ConfError>,
}

impl Cx {
    /// The file and the miette span of `span`, for a [`ConfError`].
    pub(super) fn at(&self, span: Span) -> (Source, miette::SourceSpan) {
        debug_assert_eq!(span.file, self.file);
        (self.src.clone(), span.into())
    }

    pub(super) fn error(&mut self, e: ConfError) {
        self.errors.push(e);
    }

    pub(super) fn warn(&mut self, e: ConfError) {
        self.warnings.push(e);
    }

    /// The node's compound, or an error.
    pub(super) fn compound<'n>(&mut self, n: &'n Node, what: &'static str) -> Option<&'n Compound> {
        match &n.value {
            Value::Compound(c) => Some(c),
            Value::Array(_) => {
                // alsa-lib stores an array as a compound of "0", "1", …;
                // a section or group written as an array has no names.
                let (src, span) = self.at(n.value.span());
                self.error(ConfError::ArrayNotCompound {
                    key: n.key.name.as_str().to_owned(),
                    what,
                    src,
                    span,
                });
                None
            }
            Value::Scalar(_) => {
                let (src, span) = self.at(n.value.span());
                self.error(ConfError::ScalarNotCompound {
                    key: n.key.name.as_str().to_owned(),
                    what,
                    found: n.value.describe(),
                    src,
                    span,
                });
                None
            }
        }
    }

    /// The node's scalar, or an error saying what was expected.
    pub(super) fn scalar<'n>(&mut self, n: &'n Node, what: &'static str) -> Option<&'n Scalar> {
        match &n.value {
            Value::Scalar(s) => Some(s),
            v => {
                let (src, span) = self.at(v.span());
                self.error(ConfError::NotScalar {
                    key: n.key.name.as_str().to_owned(),
                    what,
                    found: v.describe(),
                    src,
                    span,
                });
                None
            }
        }
    }

    /// `snd_config_get_string`: a string node; a bare number is not one.
    pub(super) fn string(&mut self, n: &Node) -> Option<Spanned<String>> {
        let s = self.string_scalar(n)?;
        Some(Spanned::new(s.text.as_str().to_owned(), s.span))
    }

    /// The scalar of [`Cx::string`], not copied.
    fn string_scalar<'n>(&mut self, n: &'n Node) -> Option<&'n Scalar> {
        let s = self.scalar(n, "a string")?;
        if s.kind() != ScalarKind::String {
            let (src, span) = self.at(s.span);
            self.error(ConfError::NumberNotString {
                key: n.key.name.as_str().to_owned(),
                text: s.text.as_str().to_owned(),
                src,
                span,
            });
            return None;
        }
        Some(s)
    }

    /// `tplg_get_integer`: an integer node, or a string alsa-lib reads as an
    /// integer in `base` (0: C notation), within 32 bits.
    pub(super) fn int_base(&mut self, n: &Node, base: u32) -> Option<Spanned<i32>> {
        let s = self.scalar(n, "an integer")?;
        let v = match s.kind() {
            ScalarKind::Integer(i) => Some(i),
            ScalarKind::Real(_) => None,
            ScalarKind::String => strtol_full(&s.text, base),
        };
        match v.map(i32::try_from) {
            Some(Ok(i)) => Some(Spanned::new(i, s.span)),
            Some(Err(_)) => {
                let (src, span) = self.at(s.span);
                self.error(ConfError::TooLarge {
                    key: n.key.name.as_str().to_owned(),
                    src,
                    span,
                });
                None
            }
            None => {
                let what = if base == 16 {
                    "a hexadecimal integer"
                } else {
                    "an integer"
                };
                let (src, span) = self.at(s.span);
                self.error(ConfError::NotInteger {
                    key: n.key.name.as_str().to_owned(),
                    what,
                    text: s.text.as_str().to_owned(),
                    src,
                    span,
                });
                None
            }
        }
    }

    pub(super) fn int(&mut self, n: &Node) -> Option<Spanned<i32>> {
        self.int_base(n, 0)
    }

    /// An integer alsa-lib skips (a warning) rather than refuses when it is
    /// not one: channel `reg`/`shift`, the values of a dB scale.
    pub(super) fn int_or_skip(&mut self, n: &Node) -> Option<Spanned<i32>> {
        let before = self.errors.len();
        let v = self.int(n);
        if self.errors.len() > before {
            let e = self.errors.pop().expect("just pushed");
            self.warn(ConfError::Skipped {
                key: n.key.name.as_str().to_owned(),
                src: e.src().clone(),
                span: e.span(),
                why: Box::new(e),
            });
        }
        v
    }

    /// `parse_unsigned`: an integer stored unsigned (negative ones wrap).
    pub(super) fn uint(&mut self, n: &Node) -> Option<Spanned<u32>> {
        self.int(n).map(|s| Spanned::new(s.value as u32, s.span))
    }

    /// `index`: an integer that must not be negative.
    pub(super) fn index(&mut self, n: &Node) -> Option<Spanned<u32>> {
        let v = self.int(n)?;
        match u32::try_from(v.value) {
            Ok(u) => Some(Spanned::new(u, v.span)),
            Err(_) => {
                let (src, span) = self.at(v.span);
                self.error(ConfError::NegativeIndex { src, span });
                None
            }
        }
    }

    /// `snd_config_get_bool`: 0/1, or true/false, yes/no, on/off.
    pub(super) fn bool(&mut self, n: &Node) -> Option<Spanned<bool>> {
        let s = self.scalar(n, "a boolean")?;
        let v = match s.kind() {
            ScalarKind::Integer(0) => Some(false),
            ScalarKind::Integer(1) => Some(true),
            ScalarKind::Integer(_) | ScalarKind::Real(_) => None,
            ScalarKind::String => bool_ascii(&s.text),
        };
        if v.is_none() {
            let (src, span) = self.at(s.span);
            self.error(ConfError::NotBoolean {
                key: n.key.name.as_str().to_owned(),
                text: s.text.as_str().to_owned(),
                src,
                span,
            });
        }
        v.map(|b| Spanned::new(b, s.span))
    }

    /// `tplg_parse_refs`: one name, or a list of names (array or compound).
    pub(super) fn refs(&mut self, n: &Node, out: &mut Vec<Ref>) {
        match &n.value {
            Value::Scalar(_) => {
                // A later single name replaces, as alsa-lib replaces a
                // repeated string key.
                if let Some(s) = self.string(n) {
                    out.clear();
                    out.push(s);
                }
            }
            v => {
                // Repeated lists append, as alsa-lib merges repeated arrays.
                let elements = v.elements();
                out.reserve(elements.len());
                for e in elements {
                    match e {
                        Value::Scalar(s) if s.kind() == ScalarKind::String => {
                            out.push(Spanned::new(s.text.as_str().to_owned(), s.span));
                        }
                        e => {
                            let (src, span) = self.at(e.span());
                            self.warn(ConfError::EntryNotName {
                                key: n.key.name.as_str().to_owned(),
                                found: e.describe(),
                                src,
                                span,
                            });
                        }
                    }
                }
            }
        }
    }

    /// A string alsa-lib splits at any of `seps`, with a span per item.
    pub(super) fn list(&mut self, n: &Node, seps: &[char]) -> Option<List> {
        let s = self.string_scalar(n)?;
        let mut items = Vec::with_capacity(s.text.chars().filter(|c| seps.contains(c)).count() + 1);
        let mut start = 0;
        for (i, c) in s.text.char_indices().chain([(s.text.len(), seps[0])]) {
            if seps.contains(&c) {
                if i > start {
                    items.push(Spanned::new(
                        s.text[start..i].to_string(),
                        s.sub_span(start, i),
                    ));
                }
                start = i + c.len_utf8();
            }
        }
        Some(List {
            text: s.text.as_str().to_owned(),
            span: s.span,
            items,
        })
    }

    /// The groups of a compound-of-compounds key like `ops."ctl" { … }` or
    /// `channel."FL" { … }`: each child must be a compound. alsa-lib stores
    /// an array as a compound keyed `0`, `1`, …, so `[ { … } ]` works too.
    pub(super) fn groups<'n>(&mut self, n: &'n Node) -> Vec<Group<'n>> {
        let mut out = Vec::new();
        match &n.value {
            Value::Compound(c) => {
                out.reserve_exact(c.nodes.len());
                for g in &c.nodes {
                    if let Some(body) = self.compound(g, "a compound") {
                        out.push(Group {
                            name: Spanned::new(g.key.name.as_str().to_owned(), g.key.span),
                            span: g.span,
                            nodes: &body.nodes,
                        });
                    }
                }
            }
            Value::Array(a) => {
                out.reserve_exact(a.items.len());
                for (i, v) in a.items.iter().enumerate() {
                    match v {
                        Value::Compound(body) => out.push(Group {
                            name: Spanned::new(i.to_string(), v.span()),
                            span: v.span(),
                            nodes: &body.nodes,
                        }),
                        v => {
                            let (src, span) = self.at(v.span());
                            self.error(ConfError::EntryNotCompound {
                                key: n.key.name.as_str().to_owned(),
                                found: v.describe(),
                                src,
                                span,
                            });
                        }
                    }
                }
            }
            Value::Scalar(_) => {
                self.compound(n, "a compound");
            }
        }
        out
    }

    pub(super) fn ops(&mut self, n: &Node, out: &mut Vec<Ops>) {
        let groups = self.groups(n);
        out.reserve(groups.len());
        for g in groups {
            let mut ops = Ops {
                name: g.name.clone(),
                span: g.span,
                info: None,
                get: None,
                put: None,
                unknown: Vec::new(),
            };
            for k in g.nodes {
                let slot = match k.key.name.as_str() {
                    "info" => &mut ops.info,
                    "get" => &mut ops.get,
                    "put" => &mut ops.put,
                    _ => {
                        ops.unknown.push(k.clone());
                        continue;
                    }
                };
                // A name (`volsw`) or a number (`256`): both are fine here;
                // anything else alsa-lib skips.
                match &k.value {
                    Value::Scalar(s) if !matches!(s.kind(), ScalarKind::Real(_)) => {
                        *slot = Some(Spanned::new(s.text.as_str().to_owned(), s.span));
                    }
                    v => {
                        let (src, span) = self.at(v.span());
                        self.warn(ConfError::NotHandler {
                            key: k.key.name.as_str().to_owned(),
                            found: v.describe(),
                            src,
                            span,
                        });
                    }
                }
            }
            out.push(ops);
        }
    }

    pub(super) fn channels(&mut self, n: &Node, out: &mut Vec<Channel>) {
        let groups = self.groups(n);
        out.reserve(groups.len());
        for g in groups {
            let mut ch = Channel {
                name: g.name.clone(),
                span: g.span,
                reg: None,
                shift: None,
                unknown: Vec::new(),
            };
            for k in g.nodes {
                match k.key.name.as_str() {
                    "reg" => ch.reg = self.int_or_skip(k),
                    "shift" => ch.shift = self.int_or_skip(k),
                    _ => ch.unknown.push(k.clone()),
                }
            }
            out.push(ch);
        }
    }

    /// `access`: one flag or a list of them.
    pub(super) fn access(&mut self, n: &Node, out: &mut Vec<Spanned<String>>) {
        self.refs(n, out);
    }

    /// `pcm."playback" { capabilities "…" }`.
    pub(super) fn streams(&mut self, n: &Node, out: &mut Vec<PcmStream>) {
        let groups = self.groups(n);
        out.reserve(groups.len());
        for g in groups {
            let direction = Direction::from_name(&g.name.value);
            if direction.is_none() {
                let (src, span) = self.at(g.name.span);
                self.error(ConfError::UnknownStream {
                    name: g.name.value.clone(),
                    src,
                    span,
                });
            }
            let mut st = PcmStream {
                name: g.name.clone(),
                direction,
                span: g.span,
                capabilities: None,
                unknown: Vec::new(),
            };
            for k in g.nodes {
                match k.key.name.as_str() {
                    // alsa-lib skips one that is not a string
                    "capabilities" => match k.value.as_scalar() {
                        Some(sc) if sc.kind() == ScalarKind::String => {
                            st.capabilities =
                                Some(Spanned::new(sc.text.as_str().to_owned(), sc.span));
                        }
                        _ => {
                            let (src, span) = self.at(k.value.span());
                            self.warn(ConfError::CapabilitiesNotName {
                                found: k.value.describe(),
                                src,
                                span,
                            });
                        }
                    },
                    _ => st.unknown.push(k.clone()),
                }
            }
            out.push(st);
        }
    }
}

/// A named compound inside a key like `channel` or `tuples`: `"FL" { … }`,
/// or an array element `{ … }` named by its position.
pub(super) struct Group<'n> {
    pub(super) name: Spanned<String>,
    pub(super) span: Span,
    pub(super) nodes: &'n [Node],
}

/// Splits a graph line as alsa-lib's `tplg_parse_line` does (see [`Route`]);
/// byte ranges of sink, control and source, or `None` if it rejects the line.
pub(super) fn alsa_route(
    text: &str,
) -> Option<(
    std::ops::Range<usize>,
    std::ops::Range<usize>,
    std::ops::Range<usize>,
)> {
    let b = text.as_bytes();
    let len = b.len();
    if len <= 2 {
        return None;
    }
    let i = (1..len).find(|&i| b[i] == b',')?;
    let j = (i + 1..len).find(|&j| b[j] == b',')?;
    // alsa-lib cuts the string at both commas, so the control (which starts
    // at i + 2) ends at the second comma, or at the end if it starts past it.
    let c_start = (i + 2).min(len);
    let c_end = if c_start <= j { j } else { len };
    let s_start = (j + 2).min(len);
    // Keep ranges on character boundaries for non-ASCII text.
    let fix = |x: usize| (x..=len).find(|&k| text.is_char_boundary(k)).unwrap_or(len);
    let (c_start, c_end, s_start) = (fix(c_start), fix(c_end), fix(s_start));
    Some((0..i, c_start..c_end.max(c_start), s_start..len))
}
