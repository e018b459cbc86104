//! The generic alsaconf tree: keys, values and spans, before any meaning.
//!
//! It follows alsa-lib's model (a compound of named nodes whose values are
//! strings, compounds or arrays) with two differences that serve diagnostics:
//! every node keeps its span, and repeated keys are kept as written instead of
//! being merged, so a later check can point at each definition.

use crate::source::{FileId, Span};
use compact_str::CompactString;

/// A parsed alsaconf file.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct ConfTree {
    pub file: FileId,
    /// Top-level definitions in file order.
    pub nodes: Vec<Node>,
    /// Every `<file>` include, wherever it appeared, in file order.
    pub includes: Vec<Include>,
}

/// A `<path>` include directive.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Include {
    /// The path between the angle brackets.
    pub path: String,
    /// From `<` to `>`.
    pub span: Span,
}

/// alsa-lib's merge mode prefix on a key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum KeyMode {
    /// `+key`: merge into an existing compound or create it (the default).
    MergeCreate,
    /// `-key`: merge into an existing compound; an error if there is none.
    Merge,
    /// `?key`: keep an existing definition.
    DontOverride,
    /// `!key`: replace an existing definition.
    Override,
}

/// A key as written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Key {
    /// The key with quotes removed and escapes resolved (short names, most
    /// of them, are held inline: a file has thousands of keys).
    pub name: CompactString,
    /// The key token, quotes included.
    pub span: Span,
    pub quoted: bool,
    pub mode: Option<KeyMode>,
}

/// One definition: `key value`.
///
/// A dotted key `a.b x` becomes a node `a` whose value is a compound (marked
/// [`Compound::dotted`]) holding the node `b x`, as alsa-lib reads it.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Node {
    pub key: Key,
    pub value: Value,
    /// From the key to the end of the value (a trailing `;` or `,` excluded).
    pub span: Span,
}

/// The value of a node or an array element.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Value {
    Scalar(Scalar),
    Compound(Compound),
    Array(Array),
}

/// `{ … }`, or the implicit compound of a dotted key.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Compound {
    pub nodes: Vec<Node>,
    /// Braces included; for a dotted key, the rest of the path and its value.
    pub span: Span,
    /// Made by a dotted key rather than written with braces.
    pub dotted: bool,
}

/// `[ … ]`.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Array {
    pub items: Vec<Value>,
    /// Brackets included.
    pub span: Span,
}

/// A string value: a quoted string or a bare word.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Scalar {
    /// The value with quotes removed and escapes resolved (inline when short).
    pub text: CompactString,
    /// The token, quotes included.
    pub span: Span,
    /// The quote character, or `None` for a bare word.
    pub quote: Option<char>,
    /// The text between the quotes is exactly [`Scalar::text`] (no escapes),
    /// so byte offsets into the text map straight onto the source.
    pub verbatim: bool,
}

/// What alsa-lib makes of a scalar: a bare word that reads as a number
/// becomes an integer or a real node, everything else a string node. It
/// matters because `snd_config_get_string` refuses numbers.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum ScalarKind {
    Integer(i64),
    Real(f64),
    String,
}

impl Value {
    pub(crate) fn span(&self) -> Span {
        match self {
            Value::Scalar(s) => s.span,
            Value::Compound(c) => c.span,
            Value::Array(a) => a.span,
        }
    }

    pub(crate) fn as_scalar(&self) -> Option<&Scalar> {
        match self {
            Value::Scalar(s) => Some(s),
            _ => None,
        }
    }

    /// The scalar's text, if this is a scalar.
    pub(crate) fn as_str(&self) -> Option<&str> {
        self.as_scalar().map(|s| s.text.as_str())
    }

    /// The values inside a compound (its nodes' values) or an array, in
    /// order: what alsa-lib iterates for a list of references.
    pub(crate) fn elements(&self) -> impl ExactSizeIterator<Item = &Value> {
        let (nodes, items): (&[Node], &[Value]) = match self {
            Value::Scalar(_) => (&[], &[]),
            Value::Compound(c) => (&c.nodes, &[]),
            Value::Array(a) => (&[], &a.items),
        };
        // one of the two is empty
        Elements {
            nodes: nodes.iter(),
            items: items.iter(),
        }
    }

    /// What kind of value this is, for messages ("a string", "a compound").
    pub(crate) fn describe(&self) -> &'static str {
        match self {
            Value::Scalar(s) => match s.kind() {
                ScalarKind::Integer(_) => "an integer",
                ScalarKind::Real(_) => "a real number",
                ScalarKind::String => "a string",
            },
            Value::Compound(_) => "a compound `{ … }`",
            Value::Array(_) => "an array `[ … ]`",
        }
    }
}

/// The iterator of [`Value::elements`]: a compound's node values or an
/// array's items (the other list empty).
struct Elements<'v> {
    nodes: std::slice::Iter<'v, Node>,
    items: std::slice::Iter<'v, Value>,
}

impl<'v> Iterator for Elements<'v> {
    type Item = &'v Value;

    fn next(&mut self) -> Option<&'v Value> {
        match self.nodes.next() {
            Some(n) => Some(&n.value),
            None => self.items.next(),
        }
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        let n = self.nodes.len() + self.items.len();
        (n, Some(n))
    }
}

impl ExactSizeIterator for Elements<'_> {}

impl Compound {
    #[cfg(test)]
    /// The last node named `key`: alsa-lib lets a later definition win.
    pub(crate) fn get(&self, key: &str) -> Option<&Node> {
        self.nodes.iter().rev().find(|n| n.key.name == key)
    }
}

impl Scalar {
    /// How alsa-lib types this value (see [`ScalarKind`]).
    pub(crate) fn kind(&self) -> ScalarKind {
        let t = self.text.as_str();
        if self.quote.is_some() || !(t.starts_with(|c: char| c.is_ascii_digit() || c == '-')) {
            return ScalarKind::String;
        }
        if let Some(i) = strtoll_full(t) {
            return ScalarKind::Integer(i);
        }
        match t.parse::<f64>() {
            Ok(r) => ScalarKind::Real(r),
            Err(_) => ScalarKind::String,
        }
    }

    /// The span between the quotes (the whole token for a bare word).
    pub(crate) fn inner_span(&self) -> Span {
        match self.quote {
            Some(_) => Span::new(self.span.file, self.span.start() + 1, self.span.end() - 1),
            None => self.span,
        }
    }

    /// The source span of bytes `start..end` of [`Scalar::text`]; the whole
    /// token when escapes make the mapping inexact.
    pub(crate) fn sub_span(&self, start: usize, end: usize) -> Span {
        let inner = self.inner_span();
        if self.verbatim && start <= end && end <= self.text.len() {
            Span::new(inner.file, inner.start() + start, inner.start() + end)
        } else {
            self.span
        }
    }
}

/// C's `strtoll(s, &end, 0)` that must consume all of `s`: optional sign,
/// `0x` hexadecimal, leading-`0` octal or decimal. `None` when it would fail.
pub(crate) fn strtoll_full(s: &str) -> Option<i64> {
    strtol_full(s, 0)
}

/// C's `strtol(s, &end, base)` (base 0, 10 or 16) that must consume all of
/// `s`, as alsa-lib's `safe_strtol_base` demands.
pub(crate) fn strtol_full(s: &str, base: u32) -> Option<i64> {
    let s = s.trim_start_matches([' ', '\t', '\n', '\r', '\x0b', '\x0c']);
    let (neg, rest) = match s.as_bytes().first() {
        Some(b'-') => (true, &s[1..]),
        Some(b'+') => (false, &s[1..]),
        _ => (false, s),
    };
    let hex = rest.strip_prefix("0x").or(rest.strip_prefix("0X"));
    let (digits, radix) = match (base, hex) {
        (0 | 16, Some(h)) => (h, 16),
        (0, None) if rest.len() > 1 && rest.starts_with('0') => (&rest[1..], 8),
        (0, None) => (rest, 10),
        (b, _) => (rest, b),
    };
    // C reads the "0" of a bare "0x" and stops; only a lone "0" is whole.
    let partial = || (rest == "0").then_some(0);
    if digits.is_empty() {
        return partial();
    }
    let mut magnitude: u64 = 0;
    for b in digits.bytes() {
        let Some(d) = char::from(b).to_digit(radix) else {
            return partial();
        };
        // past u64 is past i64 too; and a longer text is never a lone "0"
        magnitude = magnitude
            .checked_mul(u64::from(radix))?
            .checked_add(u64::from(d))?;
    }
    let magnitude = i128::from(magnitude);
    i64::try_from(if neg { -magnitude } else { magnitude }).ok()
}

/// Resolves backslash escapes the way alsa-lib's `get_quotedchar` does:
/// `\n \t \v \b \r \f`, `\xHH`, up to three octal digits, backslash-newline
/// dropped, and any other `\c` is `c`. Returns the text and whether it had
/// no escapes at all.
pub(crate) fn unescape(raw: &str) -> (CompactString, bool) {
    if !raw.contains('\\') {
        return (raw.into(), true);
    }
    let mut out = String::with_capacity(raw.len());
    let mut chars = raw.chars().peekable();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        let Some(e) = chars.next() else { break };
        match e {
            'n' => out.push('\n'),
            't' => out.push('\t'),
            'v' => out.push('\x0b'),
            'b' => out.push('\x08'),
            'r' => out.push('\r'),
            'f' => out.push('\x0c'),
            '\n' => {}
            'x' => {
                let mut v = 0u32;
                for _ in 0..2 {
                    match chars.peek().and_then(|c| c.to_digit(16)) {
                        Some(d) => {
                            v = v * 16 + d;
                            chars.next();
                        }
                        None => break,
                    }
                }
                out.push(byte_char(v));
            }
            '0'..='7' => {
                let mut v = e as u32 - '0' as u32;
                for _ in 0..2 {
                    match chars.peek().and_then(|c| c.to_digit(8)) {
                        Some(d) => {
                            v = v * 8 + d;
                            chars.next();
                        }
                        None => break,
                    }
                }
                out.push(byte_char(v));
            }
            other => out.push(other),
        }
    }
    (out.into(), false)
}

/// A byte from an escape as a char: alsa-lib keeps bytes, we keep text, so a
/// byte above 0x7f stands for the Latin-1 character of that value.
fn byte_char(v: u32) -> char {
    char::from((v & 0xff) as u8)
}

/// The node of a definition `a.b.c value`: `a { b { c value } }`, wrapped
/// from the innermost key out, each wrapping compound marked `dotted`.
/// `None` without a key.
pub(crate) fn nest_dotted(keys: Vec<Key>, value: Value) -> Option<Node> {
    let mut keys = keys.into_iter().rev();
    let last = keys.next()?;
    let span = last.span.to(value.span());
    let mut node = Node {
        key: last,
        value,
        span,
    };
    for key in keys {
        let span = key.span.to(node.span);
        let inner_span = node.span;
        node = Node {
            key,
            value: Value::Compound(Compound {
                nodes: vec![node],
                span: inner_span,
                dotted: true,
            }),
            span,
        };
    }
    Some(node)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strtoll_like_c() {
        assert_eq!(strtoll_full("42"), Some(42));
        assert_eq!(strtoll_full("-7"), Some(-7));
        assert_eq!(strtoll_full("0x1F"), Some(31));
        assert_eq!(strtoll_full("010"), Some(8));
        assert_eq!(strtoll_full("0"), Some(0));
        assert_eq!(strtoll_full("08"), None);
        assert_eq!(strtoll_full("48k"), None);
        assert_eq!(strtoll_full(""), None);
        assert_eq!(strtoll_full("-"), None);
        assert_eq!(strtol_full("ff", 16), Some(255));
        assert_eq!(strtol_full("0xff", 16), Some(255));
        assert_eq!(strtol_full("2\n", 0), None);
    }

    #[test]
    fn escapes_like_alsa_lib() {
        assert_eq!(unescape("plain"), ("plain".into(), true));
        assert_eq!(unescape(r"a\nb").0, "a\nb");
        assert_eq!(unescape(r#"\"q\""#).0, "\"q\"");
        assert_eq!(unescape(r"\x41\101\q").0, "AAq");
        assert_eq!(unescape("a\\\nb").0, "ab");
        // a lone trailing backslash cannot come out of the grammar, but must not panic
        assert_eq!(unescape("a\\").0, "a");
    }

    #[test]
    fn scalar_kinds() {
        let s = |text: &str, quote| Scalar {
            text: text.into(),
            span: Span::new(FileId(0), 0, 0),
            quote,
            verbatim: true,
        };
        assert_eq!(s("12", None).kind(), ScalarKind::Integer(12));
        assert_eq!(s("12", Some('"')).kind(), ScalarKind::String);
        assert_eq!(s("-1.5", None).kind(), ScalarKind::Real(-1.5));
        assert_eq!(s("1-2", None).kind(), ScalarKind::String);
        assert_eq!(s("0x10", None).kind(), ScalarKind::Integer(16));
        assert_eq!(s("volsw", None).kind(), ScalarKind::String);
        assert_eq!(s("1e3", None).kind(), ScalarKind::Real(1000.0));
    }
}
