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
const fn is_stop(b: u8) -> bool {
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

/// A table of the bytes that end a bare word: [`is_stop`], and `.` too
/// when `dot` (a key part ends there), so a scan takes one load per byte.
const fn word_ends(dot: bool) -> [bool; 256] {
    let mut t = [false; 256];
    let mut b = 0;
    while b < 256 {
        t[b] = is_stop(b as u8) || (dot && b == b'.' as usize);
        b += 1;
    }
    t
}

/// What ends a bare value.
static VALUE_END: [bool; 256] = word_ends(false);
/// What ends a bare key part.
static KEY_END: [bool; 256] = word_ends(true);

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
    /// The same for the items of the arrays being read.
    pending_items: Vec<Value>,
}

/// The tree of `text`, or `None` where the pest grammar must decide.
pub(super) fn parse(text: &str, file: FileId) -> Option<ConfTree> {
    let mut r = Reader {
        text,
        bytes: text.as_bytes(),
        pos: 0,
        // every top-level node waits here until the end of the file: about
        // one per 180 bytes of SOF's output (a guess spares the regrowing)
        pending: Vec::with_capacity(text.len() / 128),
        pending_items: Vec::new(),
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
        while let Some(&b) = self.bytes.get(self.pos) {
            match b {
                b' ' | b'\t' | b'\r' | b'\n' | 0x0C => self.pos += 1,
                b'#' => {
                    self.pos = memchr::memchr(b'\n', &self.bytes[self.pos..])
                        .map_or(self.bytes.len(), |i| self.pos + i);
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
                Some(_) => self.def()?,
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

    /// Moves to the first byte `ends` marks, or the end of the text.
    fn skip_word(&mut self, ends: &[bool; 256]) {
        self.pos += self.bytes[self.pos..]
            .iter()
            .position(|&b| ends[usize::from(b)])
            .unwrap_or(self.bytes.len() - self.pos);
    }

    /// Moves past one character (UTF-8 aware, as the grammar's ANY).
    fn advance_char(&mut self) -> Option<()> {
        let c = self.text[self.pos..].chars().next()?;
        self.pos += c.len_utf8();
        Some(())
    }

    /// A definition, pushed onto [`Reader::pending`].
    fn def(&mut self) -> Option<()> {
        let key = self.key_part()?;
        self.def_after(key)?;
        // an optional `;` or `,` ends the definition
        let save = self.pos;
        self.skip();
        if matches!(self.peek(), Some(b';' | b',')) {
            self.pos += 1;
        } else {
            self.pos = save;
        }
        Some(())
    }

    /// The node of `key` and what follows it: the rest of a dotted key and
    /// the value. Each further key part nests one level deeper, in a
    /// compound marked `dotted`, as [`tree::nest_dotted`] builds it (without
    /// gathering the keys first: most keys have one part, section names two).
    ///
    /// The node is pushed onto [`Reader::pending`] where it is made: a node
    /// is large, and each move of a whole one is a copy.
    fn def_after(&mut self, key: Key) -> Option<()> {
        if self.depth + 1 > MAX_DEPTH {
            return None;
        }
        self.depth += 1;
        self.skip();
        let value = if self.peek() == Some(b'.') {
            self.pos += 1;
            self.skip();
            let next = self.key_part()?;
            let at = self.pending.len();
            self.def_after(next)?;
            let nodes = self.pending.split_off(at);
            Value::Compound(Compound {
                span: nodes[0].span,
                nodes,
                dotted: true,
            })
        } else {
            if self.peek() == Some(b'=') {
                self.pos += 1;
                self.skip();
            }
            self.value()?
        };
        self.depth -= 1;
        let span = key.span.to(value.span());
        self.pending.push(Node { key, value, span });
        Some(())
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
                self.skip_word(&KEY_END);
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
        let mut escapes = false;
        loop {
            let i = memchr::memchr2(q, b'\\', &self.bytes[self.pos..])?;
            self.pos += i;
            if self.bytes[self.pos] == q {
                break;
            }
            escapes = true;
            self.pos += 1;
            self.advance_char()?;
        }
        let raw = &self.text[start..self.pos];
        self.pos += 1;
        if !escapes {
            return Some((raw.into(), true));
        }
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
                let first = self.pending_items.len();
                loop {
                    self.skip();
                    match self.peek()? {
                        b']' => break,
                        _ => {
                            if self.depth + 1 > MAX_DEPTH {
                                return None;
                            }
                            self.depth += 1;
                            let item = self.value()?;
                            self.pending_items.push(item);
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
                    items: self.pending_items.drain(first..).collect(),
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
                self.skip_word(&VALUE_END);
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
