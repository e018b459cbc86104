//! What a whole M4 file does with names, gathered before converting it:
//! where each name is (re)defined, which names it tests (its inputs, such
//! as `-D` flags), and which names it writes as statements. The converter
//! needs these to tell when M4's late, textual binding and tplg's
//! evaluation in place would differ.

use super::ast::{Call, Node, Sp};
use super::builtin::M4Builtin;
use super::lexer;
use super::reader::read_quoted;
use std::collections::{HashMap, HashSet};

/// The names `text` tests unquoted, `ifdef(NAME, …)`: M4 expands `NAME`
/// first and tests the macro its value names.
pub(crate) fn unquoted_ifdefs(text: &str) -> impl Iterator<Item = String> + '_ {
    text.match_indices("ifdef(").filter_map(move |(at, m)| {
        let rest = text[at + m.len()..].trim_start();
        let end = rest
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
            .unwrap_or(rest.len());
        let name = &rest[..end];
        let starts = name.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_');
        (starts && rest[end..].trim_start().starts_with(',')).then(|| name.to_string())
    })
}

/// The names `text` defines as one word, quoted or not:
/// ``define(`DMIC_16k_PCM_NAME', `DMIC16k')`` gives
/// (`DMIC_16k_PCM_NAME`, `DMIC16k`). An unquoted `define(NAME, …)` of a
/// name defined before defines the macro that word names.
pub(crate) fn define_values(text: &str) -> Vec<(String, String)> {
    fn word(s: &str) -> (&str, &str) {
        let end = s
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
            .unwrap_or(s.len());
        s.split_at(end)
    }
    fn quoted_word(s: &str) -> Option<(&str, &str)> {
        let s = s.trim_start();
        let (open, s) = match s.strip_prefix('`') {
            Some(r) => (true, r),
            None => (false, s),
        };
        let (w, rest) = word(s);
        let rest = if open { rest.strip_prefix('\'')? } else { rest };
        (!w.is_empty()).then_some((w, rest))
    }
    let mut out = Vec::new();
    for (at, m) in text.match_indices("define(") {
        if text[..at].ends_with(|c: char| c.is_ascii_alphanumeric() || c == '_') {
            continue; // undefine(, pushdef( …
        }
        let Some((name, rest)) = quoted_word(&text[at + m.len()..]) else {
            continue;
        };
        let Some(rest) = rest.trim_start().strip_prefix(',') else {
            continue;
        };
        // the whole value, to tell a name from other text
        let rest = rest.trim_start();
        let (value, rest) = match rest.strip_prefix('`') {
            Some(r) => match r.find(['`', '\'']) {
                Some(k) if r[k..].starts_with('\'') => (&r[..k], &r[k + 1..]),
                _ => continue,
            },
            None => word(rest),
        };
        if rest.trim_start().starts_with(')') && is_m4_name(name) {
            out.push((name.to_string(), value.to_string()));
        }
    }
    out
}

#[derive(Debug, Default)]
pub(crate) struct Facts {
    /// Offsets of every `define`, `undefine`, `pushdef`, `popdef` of a name.
    pub defs_at: HashMap<String, Vec<usize>>,
    /// Names tested by `ifdef` or compared by `ifelse`.
    pub tested: HashSet<String>,
    /// Names tested by `ifdef`.
    pub ifdef_tested: HashSet<String>,
    /// Names written where a statement stands.
    pub stmt_uses: HashSet<String>,
    /// How many arguments each macro is called with.
    pub arities: HashMap<String, HashSet<usize>>,
    /// Where names are read by the file's unconditional statements (not
    /// inside `ifdef`/`ifelse`, nor in the quoted body of a `define`).
    pub top_uses: HashMap<String, Vec<usize>>,
}

impl Facts {
    pub(super) fn gather(src: &str, nodes: &[Node]) -> Facts {
        let mut f = Facts::default();
        f.scan(src, nodes, true, 0);
        for n in nodes {
            let Node::Call(c) = n else { continue };
            match M4Builtin::parse(c.name(src)) {
                Some(M4Builtin::Ifdef | M4Builtin::Ifelse) => {}
                Some(M4Builtin::Define) => {
                    for a in c.args.iter().skip(1) {
                        for n in &a.nodes {
                            if !matches!(n, Node::Quoted(_)) {
                                f.note_uses(src, n.span());
                            }
                        }
                    }
                }
                _ => f.note_uses(src, c.span),
            }
        }
        f
    }

    fn note_uses(&mut self, src: &str, sp: Sp) {
        for (name, at) in names_in(sp.text(src), sp.start) {
            self.top_uses.entry(name).or_default().push(at.start);
        }
    }

    /// Whether an unconditional statement after `after` reads `name`.
    pub(super) fn used_after(&self, name: &str, after: usize) -> bool {
        self.top_uses
            .get(name)
            .is_some_and(|v| v.iter().any(|&o| o > after))
    }

    /// Whether `name` is an input of the file, which may be defined before
    /// it starts (with -D): a name it tests with `ifdef`, or one it compares
    /// but never defines.
    pub(super) fn is_input(&self, name: &str) -> bool {
        self.ifdef_tested.contains(name)
            || (self.tested.contains(name) && !self.defs_at.contains_key(name))
    }

    /// The first offset after `after` where `name` is (re)defined.
    pub(super) fn redefined_after(&self, name: &str, after: usize) -> Option<usize> {
        self.defs_at
            .get(name)
            .and_then(|v| v.iter().copied().filter(|&o| o > after).min())
    }

    fn scan(&mut self, src: &str, nodes: &[Node], stmt_level: bool, depth: usize) {
        // quoted text nests; stop at an absurd depth rather than recurse forever
        if depth > 64 {
            return;
        }
        let mut skip_to = 0usize;
        for (i, n) in nodes.iter().enumerate() {
            if n.span().start < skip_to {
                continue;
            }
            if stmt_level {
                // the names in a raw section or a written-out comment line
                // are not statements
                if let Some(end) = raw_or_comment_end(src, nodes, i) {
                    skip_to = end;
                    continue;
                }
            }
            match n {
                Node::Ident(sp) if stmt_level => {
                    self.stmt_uses.insert(sp.text(src).to_string());
                    self.arities
                        .entry(sp.text(src).to_string())
                        .or_default()
                        .insert(0);
                }
                Node::Quoted(q) => {
                    if let Ok(children) = read_quoted(src, q) {
                        self.scan(src, &children, stmt_level, depth + 1);
                    }
                }
                Node::Call(c) => self.call(src, c, stmt_level, depth),
                _ => {}
            }
        }
    }

    fn call(&mut self, src: &str, c: &Call, stmt_level: bool, depth: usize) {
        let name = c.name(src);
        // `F()` passes one empty argument, as M4 counts
        self.arities
            .entry(name.to_string())
            .or_default()
            .insert(c.args.len());
        use M4Builtin as B;
        let builtin = M4Builtin::parse(name);
        match builtin {
            Some(B::Define | B::Undefine | B::Pushdef | B::Popdef) => {
                if let Some(n) = c.args.first().and_then(|a| literal_name(src, &a.nodes)) {
                    self.defs_at.entry(n).or_default().push(c.span.start);
                }
            }
            Some(B::Ifdef) => {
                if let Some(n) = c.args.first().and_then(|a| literal_name(src, &a.nodes)) {
                    self.tested.insert(n.clone());
                    self.ifdef_tested.insert(n);
                }
            }
            Some(B::Ifelse) => {
                // comparands are arguments 0, 1, 3, 4, 6, 7, …
                for (i, a) in c.args.iter().enumerate() {
                    if i % 3 != 2 && i + 1 < c.args.len() {
                        // an unquoted name: `ifelse(CODEC, `wm8960', …)`
                        let mut it = a.nodes.iter().filter(|n| !n.is_blank());
                        if let (Some(Node::Ident(sp)), None) = (it.next(), it.next()) {
                            self.tested.insert(sp.text(src).to_string());
                        }
                    }
                }
            }
            _ => {
                if stmt_level {
                    self.stmt_uses.insert(name.to_string());
                }
            }
        }
        let n = c.args.len();
        for (i, a) in c.args.iter().enumerate() {
            // which arguments hold statements: branches of conditionals,
            // and the body of a define with parameters (a macro)
            let holds_stmts = match builtin {
                Some(B::Ifdef) => i > 0,
                Some(B::Ifelse) => i % 3 == 2 || (i + 1 == n && n % 3 == 1 && n > 1),
                Some(B::Define) => i == 1 && has_params(a.span.text(src)),
                _ => false,
            };
            if holds_stmts && stmt_level {
                // M4 reads a branch again without its quotes: what is
                // quoted in it is statements, not text written out
                let mut nodes = Vec::new();
                for n in &a.nodes {
                    match n {
                        Node::Quoted(q) => match read_quoted(src, q) {
                            Ok(children) => nodes.extend(children),
                            Err(_) => nodes.push(n.clone()),
                        },
                        n => nodes.push(n.clone()),
                    }
                }
                self.scan(src, &nodes, true, depth + 1);
            } else {
                self.scan(src, &a.nodes, false, depth + 1);
            }
        }
    }
}

/// Where a raw `Section…` block or a quoted `` `# …' `` comment line that
/// starts at `nodes[i]` ends (a byte offset), if one does.
pub(crate) fn raw_or_comment_end(src: &str, nodes: &[Node], i: usize) -> Option<usize> {
    match &nodes[i] {
        Node::Quoted(q) if q.inner.text(src).trim_start().starts_with('#') => {
            let from = q.span.end;
            Some(src[from..].find('\n').map_or(src.len(), |e| from + e))
        }
        Node::Ident(sp)
            if sp.text(src).starts_with("Section")
                && matches!(nodes.get(i + 1), Some(Node::Text(t)) if t.text(src).starts_with('.')) =>
        {
            let mut depth = 0i32;
            let mut opened = false;
            for n in &nodes[i..] {
                if let Node::Text(t) = n {
                    for (k, ch) in t.text(src).char_indices() {
                        match ch {
                            '{' => {
                                depth += 1;
                                opened = true;
                            }
                            '}' => depth -= 1,
                            _ => {}
                        }
                        if opened && depth == 0 {
                            return Some(t.start + k + 1);
                        }
                    }
                }
            }
            Some(src.len())
        }
        _ => None,
    }
}

/// Whether a macro body uses `$1`, `$#`, `$@` or `$*`.
pub(crate) fn has_params(body: &str) -> bool {
    body.as_bytes()
        .windows(2)
        .any(|w| w[0] == b'$' && (w[1].is_ascii_digit() || matches!(w[1], b'#' | b'@' | b'*')))
}

/// The name in an argument such as `` `NAME' `` or `NAME`, if it is one.
pub(crate) fn literal_name(src: &str, nodes: &[Node]) -> Option<String> {
    let mut it = nodes.iter().filter(|n| !n.is_blank());
    let first = it.next()?;
    if it.next().is_some() {
        return None;
    }
    match first {
        Node::Ident(sp) => Some(sp.text(src).to_string()),
        Node::Quoted(q) => {
            let inner = q.inner.text(src).trim();
            is_m4_name(inner).then(|| inner.to_string())
        }
        _ => None,
    }
}

/// An M4 macro name: `[A-Za-z_][A-Za-z0-9_]*`.
pub(crate) fn is_m4_name(s: &str) -> bool {
    super::writer::is_name(s)
}

/// Every name that appears in `text` (for late-binding checks).
pub(crate) fn names_in(text: &str, base: usize) -> Vec<(String, Sp)> {
    let b = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        if b[i].is_ascii_alphabetic() || b[i] == b'_' {
            let s = i;
            while i < b.len() && (b[i].is_ascii_alphanumeric() || b[i] == b'_') {
                i += 1;
            }
            out.push((text[s..i].to_string(), Sp::new(base + s, base + i)));
        } else if b[i].is_ascii_digit() {
            // digits and what follows them are a number, not a name
            while i < b.len() && (b[i].is_ascii_alphanumeric() || b[i] == b'_') {
                i += 1;
            }
        } else {
            i += 1;
        }
    }
    out
}

/// Names whose value is an argument list, and how a tree uses them: for
/// each name some `define` gives a quoted body with a comma outside
/// parentheses (``define(`CFG', `SSP, 1, 24')``), the calls it is the sole
/// argument of wherever it is read (`Some("SSP_CONFIG_DATA")` for
/// `SSP_CONFIG_DATA(CFG)`), `None` for a read of any other shape. M4 splits
/// such a value into arguments where it is read; when every read is the
/// sole argument of one call, the name can stand for the whole call.
pub(crate) type ArgLists = HashMap<String, std::collections::BTreeSet<Option<String>>>;

/// [`ArgLists`] of one file's text (merge those of a tree with
/// [`merge_arg_lists`]).
pub(crate) fn arg_lists(text: &str) -> (HashSet<String>, Vec<(String, Option<String>)>) {
    let mut lists = HashSet::new();
    let mut uses = Vec::new();
    scan_arg_lists(text, 0..text.len(), &mut lists, &mut uses, 0);
    (lists, uses)
}

/// The [`ArgLists`] of several files' [`arg_lists`].
pub(crate) fn merge_arg_lists(
    parts: impl IntoIterator<Item = (HashSet<String>, Vec<(String, Option<String>)>)>,
) -> ArgLists {
    let mut lists = HashSet::new();
    let mut all = Vec::new();
    for (l, u) in parts {
        lists.extend(l);
        all.extend(u);
    }
    let mut out: ArgLists = lists
        .iter()
        .map(|n| (n.clone(), Default::default()))
        .collect();
    for (n, callee) in all {
        if let Some(set) = out.get_mut(&n) {
            set.insert(callee);
        }
    }
    out
}

fn scan_arg_lists(
    text: &str,
    range: std::ops::Range<usize>,
    lists: &mut HashSet<String>,
    uses: &mut Vec<(String, Option<String>)>,
    depth: usize,
) {
    use lexer::Tok;
    if depth > 16 {
        return;
    }
    let Ok(toks) = lexer::lex(text, range) else {
        return;
    };
    let sig: Vec<&lexer::Token> = toks
        .iter()
        .filter(|t| !matches!(t.kind, Tok::Space | Tok::Newline | Tok::Comment | Tok::Dnl))
        .collect();
    let at = |i: usize| sig.get(i).copied();
    let inner = |t: &lexer::Token| &text[t.start + 1..t.end - 1];
    for (i, t) in sig.iter().enumerate() {
        match t.kind {
            Tok::Ident => {
                let name = &text[t.start..t.end];
                if matches!(
                    M4Builtin::parse(name),
                    Some(M4Builtin::Define | M4Builtin::Pushdef)
                ) {
                    if let (Some(o), Some(n), Some(c), Some(b)) =
                        (at(i + 1), at(i + 2), at(i + 3), at(i + 4))
                    {
                        if o.kind == Tok::LParen
                            && o.start == t.end
                            && n.kind == Tok::Quoted
                            && is_m4_name(inner(n))
                            && c.kind == Tok::Comma
                            && b.kind == Tok::Quoted
                            && has_top_comma(text, b.start + 1..b.end - 1)
                        {
                            lists.insert(inner(n).to_string());
                        }
                    }
                }
                let callee = match (
                    i.checked_sub(2).and_then(at),
                    i.checked_sub(1).and_then(at),
                    at(i + 1),
                ) {
                    (Some(f), Some(o), Some(c))
                        if f.kind == Tok::Ident
                            && o.kind == Tok::LParen
                            && o.start == f.end
                            && c.kind == Tok::RParen =>
                    {
                        Some(text[f.start..f.end].to_string())
                    }
                    _ => None,
                };
                uses.push((name.to_string(), callee));
            }
            Tok::Quoted => {
                // the name a builtin defines or tests is not read
                let mention = is_m4_name(inner(t))
                    && matches!(
                        (i.checked_sub(2).and_then(at), i.checked_sub(1).and_then(at)),
                        (Some(f), Some(o)) if o.kind == Tok::LParen
                            && M4Builtin::parse(&text[f.start..f.end]).is_some_and(M4Builtin::names_its_first_argument)
                    );
                if !mention {
                    scan_arg_lists(text, t.start + 1..t.end - 1, lists, uses, depth + 1);
                }
            }
            _ => {}
        }
    }
}

/// Whether `text[range]` has a comma outside parentheses and quotes.
fn has_top_comma(text: &str, range: std::ops::Range<usize>) -> bool {
    let Ok(toks) = lexer::lex(text, range) else {
        return false;
    };
    let mut depth = 0usize;
    for t in toks {
        match t.kind {
            lexer::Tok::LParen => depth += 1,
            lexer::Tok::RParen => depth = depth.saturating_sub(1),
            lexer::Tok::Comma if depth == 0 => return true,
            _ => {}
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::migrate::reader::read;

    #[test]
    fn gathers_definitions_tests_and_statement_uses() {
        let src = "define(`A', 1)\nifdef(`B', `FOO(A)\nBAR')\nifelse(C, 2, `define(`A', 3)')\n";
        let nodes = read(src, Sp::new(0, src.len())).unwrap();
        let f = Facts::gather(src, &nodes);
        assert_eq!(f.defs_at["A"].len(), 2);
        assert!(f.tested.contains("B"));
        assert!(f.tested.contains("C"));
        assert!(f.stmt_uses.contains("FOO"));
        assert!(f.stmt_uses.contains("BAR"));
        assert!(!f.stmt_uses.contains("A"));
        assert_eq!(
            f.redefined_after("A", 0),
            Some(src.find("define(`A', 3)").unwrap())
        );
    }

    #[test]
    fn names_skip_numbers() {
        let n: Vec<String> = names_in("0x1f + A_1 - 2b", 0)
            .into_iter()
            .map(|(n, _)| n)
            .collect();
        assert_eq!(n, ["A_1"]);
    }

    #[test]
    fn argument_lists_and_how_they_are_read() {
        let a = "define(`L', `SSP, 1, 24')\nifdef(`L', `F(L)')\ndefine(`C', `G(a, b)')\nG(C)\n";
        let b = "# H(L)\nH( L )\n";
        let lists = merge_arg_lists([arg_lists(a), arg_lists(b)]);
        // `C`'s commas are inside its call
        assert_eq!(lists.keys().collect::<Vec<_>>(), ["L"]);
        let reads: Vec<Option<&str>> = lists["L"].iter().map(Option::as_deref).collect();
        assert_eq!(reads, [Some("F"), Some("H")]);
        let lists = merge_arg_lists([arg_lists(a), arg_lists("F(L, 2)")]);
        assert!(lists["L"].contains(&None));
    }
}
