//! Reading ALSA topology text ("alsaconf", the `Section*` format `alsatplg -c`
//! compiles) back into typed data, so the validator, the linter and the graph
//! output work on any topology: tplg's own output or what SOF's M4 build wrote.
//!
//! Two layers:
//! - [`tree`]: the generic alsaconf syntax (pest grammar in
//!   `grammar/alsaconf.pest`) to a tree of keys and values with spans;
//! - [`ir`]: the topology sections of that tree as one struct per kind, each
//!   field with its span, and every key a section does not know kept aside.
//!
//! [`parse`] does both. A syntax error stops it; problems in values that
//! alsatplg would reject (or silently misread) are collected in the result
//! instead, so a caller can report all of them at once.

mod error;
mod fast;
pub(crate) mod ir;
mod kinds;
mod merge;
mod read;
mod sections;
pub(crate) mod tree;

pub(crate) use error::{ConfError, Source, TupleValueError};
pub(crate) use ir::*;
pub(crate) use merge::merged;
pub(crate) use sections::known_keys;
pub(crate) use tree::{Array, Compound, ConfTree, Include, Key, KeyMode, Node, Scalar, Value};

use crate::source::{FileId, Sources, Span};
use miette::SourceSpan;
use pest::iterators::{Pair, Pairs};
use pest::Parser as _;
use std::sync::Arc;

#[derive(pest_derive::Parser)]
#[grammar = "../grammar/alsaconf.pest"]
struct AlsaconfParser;

/// Parses an alsaconf file into the typed topology IR.
pub(crate) fn parse(sources: &Sources, file: FileId) -> Result<ConfTopology, ConfError> {
    let tree = parse_tree(sources, file)?;
    Ok(read::from_tree(sources, tree))
}

/// Parses an alsaconf file as alsatplg loads it: repeated keys merged
/// ([`merged`]), so each section appears once, where it was first defined.
/// The errors of the merge come first in [`ConfTopology::errors`], values
/// it replaced first in [`ConfTopology::warnings`].
pub(crate) fn parse_merged(sources: &Sources, file: FileId) -> Result<ConfTopology, ConfError> {
    let tree = parse_tree(sources, file)?;
    let m = merged(sources, &tree);
    let mut t = read::from_tree(sources, m.tree);
    let (mut errors, mut warnings) = (m.errors, m.warnings);
    errors.append(&mut t.errors);
    warnings.append(&mut t.warnings);
    t.errors = errors;
    t.warnings = warnings;
    Ok(t)
}

/// Parses an alsaconf file into the generic tree only.
pub(crate) fn parse_tree(sources: &Sources, file: FileId) -> Result<ConfTree, ConfError> {
    let text = sources.text(file);
    if let Some(tree) = fast::parse(text, file) {
        return Ok(tree);
    }
    parse_tree_pest(sources, file)
}

/// [`parse_tree`] by the pest grammar alone: what decides, and describes,
/// every file the fast reader gives up on.
pub(crate) fn parse_tree_pest(sources: &Sources, file: FileId) -> Result<ConfTree, ConfError> {
    let text = sources.text(file);
    let mut pairs =
        AlsaconfParser::parse(Rule::file, text).map_err(|e| syntax_error(sources, file, e))?;
    let mut b = TreeBuilder {
        file,
        includes: Vec::new(),
        depth: 0,
        too_deep: None,
    };
    let nodes = match pairs.next() {
        Some(file_pair) => b.items(file_pair.into_inner()),
        None => Vec::new(),
    };
    if let Some(span) = b.too_deep {
        return Err(ConfError::TooDeep {
            src: Arc::new(sources.named(file)),
            span: span.into(),
        });
    }
    Ok(ConfTree {
        file,
        nodes,
        includes: b.includes,
    })
}

/// What a person reads for a grammar rule.
fn rule_name(rule: &Rule) -> &'static str {
    use Rule::*;
    match rule {
        EOI => "end of file",
        file | item | def | key_part | key_mode | key | key_word => "a key",
        include | include_path => "an include `<file>`",
        rangle => "`>`",
        value | element | compound | array | scalar | word | dq_string | dq_text | sq_string
        | sq_text => "a value",
        rbrace => "`}`",
        rbracket => "`]`",
        WHITESPACE | COMMENT | stop => "a space",
    }
}

fn syntax_error(sources: &Sources, file: FileId, e: pest::error::Error<Rule>) -> ConfError {
    use pest::error::{ErrorVariant, InputLocation};
    let text = sources.text(file);
    let pos = match e.location {
        InputLocation::Pos(p) => p,
        InputLocation::Span((s, _)) => s,
    }
    .min(text.len());
    let unclosed = scan_unclosed(text);
    // An open quote swallows the rest of the file: that is the error to show.
    if let Some((at, '"' | '\'')) = unclosed {
        if at <= pos {
            return ConfError::Unterminated {
                src: Arc::new(sources.named(file)),
                span: SourceSpan::new(at.into(), 1),
            };
        }
    }
    // At the end of the file, point just after the last token rather than
    // past the last line, where no label shows.
    let at_end = text[pos..].trim().is_empty();
    let pos = if at_end { text.trim_end().len() } else { pos };
    if let ErrorVariant::CustomError { message } = &e.variant {
        // pest's guard against running out of stack on deep nesting
        if message.contains("limit reached") {
            return ConfError::TooDeep {
                src: Arc::new(sources.named(file)),
                span: SourceSpan::new(pos.into(), 0),
            };
        }
    }
    let mut expected: Vec<&str> = match &e.variant {
        ErrorVariant::ParsingError { positives, .. } => positives.iter().map(rule_name).collect(),
        ErrorVariant::CustomError { .. } => vec![],
    };
    expected.sort_unstable();
    expected.dedup();
    let expected = match expected.len() {
        0 => "something else".to_string(),
        1 => expected[0].to_string(),
        n => format!("{} or {}", expected[..n - 1].join(", "), expected[n - 1]),
    };
    let (found, len) = match text[pos..].chars().next() {
        _ if at_end => ("the file ends here".to_string(), 0),
        None => ("unexpected end of file".to_string(), 0),
        Some('\n' | '\r') => ("unexpected end of line".to_string(), 1),
        Some(c) => (format!("unexpected `{c}`"), c.len_utf8()),
    };
    let closer = text[pos..]
        .chars()
        .next()
        .filter(|c| matches!(c, '}' | ']'));
    // The bracket to show as still open: at the end of the file, any; at a
    // wrong closing bracket, the one it fails to close.
    let open = match (at_end, closer) {
        (true, _) => unclosed,
        (false, Some(_)) => scan_unclosed(&text[..pos]),
        (false, None) => None,
    };
    let (opened, opener) = match open {
        Some((at, c @ ('{' | '['))) => (Some(SourceSpan::new(at.into(), 1)), c),
        _ => (None, '{'),
    };
    let help = match text[pos..].chars().next() {
        Some(c @ ('}' | ']')) => Some(match opened {
            Some(_) => {
                let want = if opener == '{' { '}' } else { ']' };
                format!("`{c}` cannot close the `{opener}`: close it with `{want}` first")
            }
            None => "this closes nothing: check the brackets before it".to_string(),
        }),
        Some('=' | ',' | ';' | '.') => Some("a key or a value is missing before this".to_string()),
        Some('\\') => Some("a backslash escape only works inside quotes".to_string()),
        _ => None,
    };
    ConfError::Syntax {
        expected,
        src: Arc::new(sources.named(file)),
        span: SourceSpan::new(pos.into(), len),
        found,
        opened,
        opener,
        help,
    }
}

/// The first quote that is never closed, or else the innermost bracket still
/// open at the end of the file: what explains an error at the end of a file.
fn scan_unclosed(text: &str) -> Option<(usize, char)> {
    let mut open: Vec<(usize, char)> = Vec::new();
    let mut it = text.char_indices();
    while let Some((i, c)) = it.next() {
        match c {
            '#' => {
                for (_, c) in it.by_ref() {
                    if c == '\n' {
                        break;
                    }
                }
            }
            '"' | '\'' => {
                let mut closed = false;
                while let Some((_, d)) = it.next() {
                    if d == '\\' {
                        it.next();
                    } else if d == c {
                        closed = true;
                        break;
                    }
                }
                if !closed {
                    return Some((i, c));
                }
            }
            '{' | '[' => open.push((i, c)),
            '}' | ']' => {
                let want = if c == '}' { '{' } else { '[' };
                if open.last().is_some_and(|&(_, o)| o == want) {
                    open.pop();
                }
            }
            _ => {}
        }
    }
    open.pop()
}

/// How deep keys, compounds and arrays may nest. alsa-lib has no limit, but
/// topologies nest a few levels, and a bound keeps the recursive tree code
/// (building, cloning, dropping) off the end of the stack on hostile input.
pub const MAX_DEPTH: usize = 64;

/// Turns pest pairs into [`tree`] nodes.
struct TreeBuilder {
    file: FileId,
    includes: Vec<Include>,
    /// Levels of nesting above the pair being built.
    depth: usize,
    /// Where nesting first went past [`MAX_DEPTH`].
    too_deep: Option<Span>,
}

impl TreeBuilder {
    fn span(&self, pair: &Pair<Rule>) -> Span {
        let s = pair.as_span();
        Span::new(self.file, s.start(), s.end())
    }

    /// The definitions of a file or compound; includes go to the tree's list.
    fn items(&mut self, pairs: Pairs<Rule>) -> Vec<Node> {
        let mut nodes = Vec::new();
        for pair in pairs {
            match pair.as_rule() {
                Rule::def => nodes.push(self.def(pair)),
                Rule::include => {
                    let span = self.span(&pair);
                    let path = pair
                        .into_inner()
                        .find(|p| p.as_rule() == Rule::include_path)
                        .map(|p| tree::unescape(p.as_str()).0)
                        .unwrap_or_default();
                    self.includes.push(Include {
                        path: path.to_string(),
                        span,
                    });
                }
                Rule::EOI | Rule::rbrace => {}
                r => unreachable!("unexpected {r:?} in items"),
            }
        }
        nodes
    }

    fn def(&mut self, pair: Pair<Rule>) -> Node {
        let mut keys = Vec::new();
        let mut mode = None;
        let mut value = None;
        for p in pair.into_inner() {
            match p.as_rule() {
                Rule::key_mode => {
                    mode = Some(match p.as_str() {
                        "-" => KeyMode::Merge,
                        "?" => KeyMode::DontOverride,
                        "!" => KeyMode::Override,
                        _ => KeyMode::MergeCreate,
                    });
                }
                Rule::key => keys.push(self.key(p, mode.take())),
                Rule::compound | Rule::array | Rule::scalar => {
                    let levels = keys.len();
                    if self.depth + levels > MAX_DEPTH {
                        // point at the key that goes too deep, not at the
                        // end of what may be a very long line
                        let k = MAX_DEPTH.saturating_sub(self.depth).min(levels - 1);
                        self.too_deep.get_or_insert(keys[k].span);
                    }
                    value = Some(self.nested(levels, p, TreeBuilder::value));
                }
                r => unreachable!("unexpected {r:?} in def"),
            }
        }
        let value = value.expect("the grammar gives every def a value");
        if self.too_deep.is_some() {
            // Do not build the path either: it may be as deep as it is long.
            keys.truncate(1);
        }
        tree::nest_dotted(keys, value).expect("the grammar gives every def a key")
    }

    fn key(&mut self, pair: Pair<Rule>, mode: Option<KeyMode>) -> Key {
        let span = self.span(&pair);
        let (name, quoted) = match pair.into_inner().next() {
            Some(p) => match p.as_rule() {
                Rule::key_word => (p.as_str().into(), false),
                Rule::dq_string | Rule::sq_string => (self.quoted(p).0, true),
                r => unreachable!("unexpected {r:?} in key"),
            },
            None => (Default::default(), false),
        };
        Key {
            name,
            span,
            quoted,
            mode,
        }
    }

    /// The unescaped text of a quoted string and whether it had no escapes.
    fn quoted(&self, pair: Pair<Rule>) -> (compact_str::CompactString, bool) {
        let raw = pair.into_inner().next().map_or("", |p| p.as_str());
        tree::unescape(raw)
    }

    /// Builds `pair` `levels` deeper, or an empty placeholder past [`MAX_DEPTH`].
    fn nested(
        &mut self,
        levels: usize,
        pair: Pair<Rule>,
        build: impl FnOnce(&mut Self, Pair<Rule>) -> Value,
    ) -> Value {
        let span = self.span(&pair);
        if self.depth + levels > MAX_DEPTH {
            self.too_deep.get_or_insert(span);
            return Value::Scalar(Scalar {
                text: compact_str::CompactString::default(),
                span,
                quote: None,
                verbatim: false,
            });
        }
        self.depth += levels;
        let v = build(self, pair);
        self.depth -= levels;
        v
    }

    fn value(&mut self, pair: Pair<Rule>) -> Value {
        let span = self.span(&pair);
        match pair.as_rule() {
            Rule::compound => Value::Compound(Compound {
                nodes: self.items(pair.into_inner()),
                span,
                dotted: false,
            }),
            Rule::array => Value::Array(Array {
                items: pair
                    .into_inner()
                    .filter(|p| p.as_rule() != Rule::rbracket)
                    .map(|p| self.nested(1, p, TreeBuilder::value))
                    .collect(),
                span,
            }),
            Rule::scalar => {
                let Some(p) = pair.into_inner().next() else {
                    unreachable!("a scalar always holds a string or a word")
                };
                let (text, verbatim, quote) = match p.as_rule() {
                    Rule::word => (p.as_str().into(), true, None),
                    Rule::dq_string => {
                        let (t, v) = self.quoted(p);
                        (t, v, Some('"'))
                    }
                    Rule::sq_string => {
                        let (t, v) = self.quoted(p);
                        (t, v, Some('\''))
                    }
                    r => unreachable!("unexpected {r:?} in scalar"),
                };
                Value::Scalar(Scalar {
                    text,
                    span,
                    quote,
                    verbatim,
                })
            }
            r => unreachable!("unexpected {r:?} in value"),
        }
    }
}

#[cfg(test)]
mod tests;
