//! A hand-written reader for the alsaconf grammar (`grammar/alsaconf.pest`),
//! for the common case: a file that parses. It builds exactly the tree the
//! pest grammar and [`super::TreeBuilder`] build (a test compares the two
//! on every conf at hand), several times faster. It gives up (`None`) on
//! anything the grammar would reject and on nesting past
//! [`super::MAX_DEPTH`]; [`super::parse_tree`] then runs the pest parser,
//! whose diagnostics say what is wrong.

use super::tree::{self, Array, Compound, Include, Key, KeyMode, Node, Scalar, Value};
use super::{ConfTree, MAX_DEPTH};
use crate::source::{FileId, Span};

/// The grammar's `stop` set: what ends a bare word.
fn is_stop(b: u8) -> bool {
    matches!(
        b,
        b' ' | b'\t'
            | b'\r'
            | b'\n'
            | 0x0C
            | b'='
            | b','
            | b';'
            | b'{'
            | b'}'
            | b'['
            | b']'
            | b'\''
            | b'"'
            | b'\\'
            | b'#'
    )
}

struct Reader<'t> {
    text: &'t str,
    bytes: &'t [u8],
    pos: usize,
    file: FileId,
    includes: Vec<Include>,
    depth: usize,
    /// The nodes of the compounds being read, innermost last: each
    /// compound's nodes leave it in one exactly sized allocation.
    pending: Vec<Node>,
}

/// The tree of `text`, or `None` where the pest grammar must decide.
pub(super) fn parse(text: &str, file: FileId) -> Option<ConfTree> {
    let mut r = Reader {
        text,
        bytes: text.as_bytes(),
        pos: 0,
        pending: Vec::new(),
        file,
        includes: Vec::new(),
        depth: 0,
    };
    let nodes = r.items(false)?;
    Some(ConfTree {
        file,
        nodes,
        includes: r.includes,
    })
}

impl Reader<'_> {
    fn span(&self, start: usize, end: usize) -> Span {
        Span::new(self.file, start, end)
    }

    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.pos).copied()
    }

    /// The grammar's implicit WHITESPACE and COMMENT between tokens.
    fn skip(&mut self) {
        while let Some(b) = self.peek() {
            match b {
                b' ' | b'\t' | b'\r' | b'\n' | 0x0C => self.pos += 1,
                b'#' => {
                    while self.peek().is_some_and(|b| b != b'\n') {
                        self.pos += 1;
                    }
                }
                _ => break,
            }
        }
    }

    /// `item*`, then the end of the file or (in a compound) its `}`.
    fn items(&mut self, in_compound: bool) -> Option<Vec<Node>> {
        let start = self.pending.len();
        loop {
            self.skip();
            match self.peek() {
                None if !in_compound => break,
                None => return None,
                Some(b'}') if in_compound => break,
                Some(b'<') => self.include()?,
                Some(_) => {
                    let node = self.def()?;
                    self.pending.push(node);
                }
            }
        }
        Some(self.pending.drain(start..).collect())
    }

    /// `<path>`: no space skipped inside.
    fn include(&mut self) -> Option<()> {
        let start = self.pos;
        self.pos += 1;
        let path_start = self.pos;
        loop {
            match self.peek()? {
                b'\\' => {
                    self.pos += 1;
                    self.advance_char()?;
                }
                b'>' => break,
                _ => self.advance_char()?,
            }
        }
        let path = tree::unescape(&self.text[path_start..self.pos]).0;
        self.pos += 1;
        let span = self.span(start, self.pos);
        self.includes.push(Include {
            path: path.to_string(),
            span,
        });
        Some(())
    }

    /// Moves past one character (UTF-8 aware, as the grammar's ANY).
    fn advance_char(&mut self) -> Option<()> {
        let c = self.text[self.pos..].chars().next()?;
        self.pos += c.len_utf8();
        Some(())
    }

    fn def(&mut self) -> Option<Node> {
        let first = self.key_part()?;
        // the rest of a dotted key (most keys have none: no allocation)
        let mut keys = Vec::new();
        loop {
            self.skip();
            if self.peek() != Some(b'.') {
                break;
            }
            self.pos += 1;
            self.skip();
            keys.push(self.key_part()?);
        }
        self.skip();
        if self.peek() == Some(b'=') {
            self.pos += 1;
            self.skip();
        }
        let levels = keys.len() + 1;
        if self.depth + levels > MAX_DEPTH {
            return None;
        }
        self.depth += levels;
        let value = self.value()?;
        self.depth -= levels;
        // an optional `;` or `,` ends the definition
        let save = self.pos;
        self.skip();
        if matches!(self.peek(), Some(b';' | b',')) {
            self.pos += 1;
        } else {
            self.pos = save;
        }
        if keys.is_empty() {
            let span = first.span.to(value.span());
            return Some(Node {
                key: first,
                value,
                span,
            });
        }
        keys.insert(0, first);
        tree::nest_dotted(keys, value)
    }

    /// `key_mode? key`.
    fn key_part(&mut self) -> Option<Key> {
        let mode = match self.peek()? {
            b'+' => Some(KeyMode::MergeCreate),
            b'-' => Some(KeyMode::Merge),
            b'?' => Some(KeyMode::DontOverride),
            b'!' => Some(KeyMode::Override),
            _ => None,
        };
        if mode.is_some() {
            self.pos += 1;
            self.skip();
        }
        let start = self.pos;
        let (name, quoted) = match self.peek()? {
            b'"' | b'\'' => (self.quoted()?.0, true),
            b'<' | b'.' => return None,
            b if is_stop(b) => return None,
            _ => {
                // stops are ASCII: a word ends on a character boundary
                self.pos += 1;
                while self.peek().is_some_and(|b| !is_stop(b) && b != b'.') {
                    self.pos += 1;
                }
                (self.text[start..self.pos].into(), false)
            }
        };
        Some(Key {
            name,
            span: self.span(start, self.pos),
            quoted,
            mode,
        })
    }

    /// A quoted string from its opening quote: its unescaped text and
    /// whether it had no escapes.
    fn quoted(&mut self) -> Option<(compact_str::CompactString, bool)> {
        let q = self.peek()?;
        self.pos += 1;
        let start = self.pos;
        // the quote and `\\` are ASCII: bytes between them are whole characters
        loop {
            let i = self.bytes[self.pos..]
                .iter()
                .position(|&b| b == q || b == b'\\')?;
            self.pos += i;
            if self.bytes[self.pos] == q {
                break;
            }
            self.pos += 1;
            self.advance_char()?;
        }
        let raw = &self.text[start..self.pos];
        self.pos += 1;
        Some(tree::unescape(raw))
    }

    fn value(&mut self) -> Option<Value> {
        let start = self.pos;
        match self.peek()? {
            b'{' => {
                self.pos += 1;
                let nodes = self.items(true)?;
                self.pos += 1; // `}`
                Some(Value::Compound(Compound {
                    nodes,
                    span: self.span(start, self.pos),
                    dotted: false,
                }))
            }
            b'[' => {
                self.pos += 1;
                let mut items = Vec::new();
                loop {
                    self.skip();
                    match self.peek()? {
                        b']' => break,
                        _ => {
                            if self.depth + 1 > MAX_DEPTH {
                                return None;
                            }
                            self.depth += 1;
                            items.push(self.value()?);
                            self.depth -= 1;
                            self.skip();
                            if matches!(self.peek(), Some(b';' | b',')) {
                                self.pos += 1;
                            }
                        }
                    }
                }
                self.pos += 1; // `]`
                Some(Value::Array(Array {
                    items,
                    span: self.span(start, self.pos),
                }))
            }
            q @ (b'"' | b'\'') => {
                let (text, verbatim) = self.quoted()?;
                Some(Value::Scalar(Scalar {
                    text,
                    span: self.span(start, self.pos),
                    quote: Some(q as char),
                    verbatim,
                }))
            }
            b'<' | b'.' => None,
            b if is_stop(b) => None,
            _ => {
                self.pos += 1;
                while self.peek().is_some_and(|b| !is_stop(b)) {
                    self.pos += 1;
                }
                Some(Value::Scalar(Scalar {
                    text: self.text[start..self.pos].into(),
                    span: self.span(start, self.pos),
                    quote: None,
                    verbatim: true,
                }))
            }
        }
    }
}
