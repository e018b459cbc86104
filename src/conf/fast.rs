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

/// Eight times the byte 1, and the byte 0x80: SWAR masks.
const LO: u64 = u64::from_ne_bytes([0x01; 8]);
const HI: u64 = u64::from_ne_bytes([0x80; 8]);

/// The eight bytes at `at`, the first lowest, if there are eight.
fn word_at(bytes: &[u8], at: usize) -> Option<u64> {
    let w = bytes.get(at..at.checked_add(8)?)?;
    Some(u64::from_le_bytes(w.try_into().ok()?))
}

/// The offset of the first byte marked (0x80) in `m`, which is not 0.
fn first_byte(m: u64) -> usize {
    (m.trailing_zeros() / 8) as usize
}

/// 0x80 in (at least) the first byte of `w` that is `b`, and none before
/// it: a borrow may mark bytes after the first match, never before.
fn has_byte(w: u64, b: u8) -> u64 {
    let x = w ^ (LO * u64::from(b));
    x.wrapping_sub(LO) & !x & HI
}

/// 0x80 in each byte of `w` that may be a stop: every byte below `0`,
/// `;<=`, `[\]` and `{|}`, and maybe bytes past 0x7F (no stop is one). A
/// superset of [`is_stop`] (and of `.`), so a word's scan can leap over
/// eight bytes with none marked.
fn maybe_stops(w: u64) -> u64 {
    // bytes below 0x80 as they are: each sum below stays within its byte
    let x = w & !HI;
    // `x + 0x80 - n` has the top bit set exactly where the byte is >= n
    let at_least = |x: u64, n: u8| x + LO * u64::from(0x80 - n);
    let below_0 = !at_least(x, b'0');
    let semi_to_eq = at_least(x, b';') & !at_least(x, b'>');
    // 0x20 cleared, `{|}` fall on `[\]` (and nothing else does, of 0x40 up)
    let y = x & !(LO * 0x20);
    let brackets = at_least(y, b'[') & !at_least(y, b'^');
    (below_0 | semi_to_eq | brackets) & HI
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
        // a local position: the loop need not store each step
        let bytes = self.bytes;
        let mut pos = self.pos;
        while let Some(&b) = bytes.get(pos) {
            match b {
                b' ' | b'\t' | b'\r' | b'\n' | 0x0C => pos += 1,
                b'#' => {
                    pos = crate::bytes::find(b'\n', &bytes[pos..]).map_or(bytes.len(), |i| pos + i);
                }
                _ => break,
            }
        }
        self.pos = pos;
    }

    /// `item*`, then the end of the file or (in a compound) its `}`.
    fn items(&mut self, in_compound: bool) -> Option<Vec<Node>> {
        let start = self.pending.len();
        self.skip();
        loop {
            match self.peek() {
                None if !in_compound => break,
                None => return None,
                Some(b'}') if in_compound => break,
                Some(b'<') => {
                    self.include()?;
                    self.skip();
                }
                // a definition ends past the space after it
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
    /// Inlined: a call's saves and the masks' setup cost more than the
    /// scan of most words.
    #[inline(always)]
    fn skip_word(&mut self, ends: &[bool; 256]) {
        let bytes = self.bytes;
        let mut pos = self.pos;
        loop {
            // eight bytes at a time up to a byte that may end the word (keys
            // are long: `SOF_TKN_INTEL_DMIC_PDM_CTRL_ID`), then the table
            if let Some(w) = word_at(bytes, pos) {
                let m = maybe_stops(w);
                if m == 0 {
                    pos += 8;
                    continue;
                }
                pos += first_byte(m);
            }
            match bytes.get(pos) {
                Some(&b) if !ends[usize::from(b)] => pos += 1,
                _ => break,
            }
        }
        self.pos = pos;
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
        // an optional `;` or `,` ends the definition; the space skipped to
        // look for it is not given back, and the space after the `;` is
        // skipped too: [`Reader::items`] reads on from the next token
        self.skip();
        if matches!(self.peek(), Some(b';' | b',')) {
            self.pos += 1;
            self.skip();
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
        let first = self.peek()?;
        let mode = match first {
            b'+' => Some(KeyMode::MergeCreate),
            b'-' => Some(KeyMode::Merge),
            b'?' => Some(KeyMode::DontOverride),
            b'!' => Some(KeyMode::Override),
            _ => None,
        };
        // the first byte is the key's unless a mode came first (most keys)
        let b = if mode.is_some() {
            self.pos += 1;
            self.skip();
            self.peek()?
        } else {
            first
        };
        let start = self.pos;
        let (name, quoted) = match b {
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
            self.pos = self.find_quote(q)?;
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

    /// The offset of the next `q` or `\\` from [`Reader::pos`].
    fn find_quote(&self, q: u8) -> Option<usize> {
        let mut at = self.pos;
        // most strings are short (`"48000"`): a few words inline spare
        // memchr's call and setup
        for _ in 0..4 {
            let Some(w) = word_at(self.bytes, at) else {
                break;
            };
            let m = has_byte(w, q) | has_byte(w, b'\\');
            if m != 0 {
                return Some(at + first_byte(m));
            }
            at += 8;
        }
        crate::bytes::find2(q, b'\\', &self.bytes[at..]).map(|i| at + i)
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::{Origin, Sources};

    /// The fast reader and the pest grammar agree on `text`: the same tree,
    /// or the fast reader gives up where pest rejects.
    fn agree(text: &str) {
        let mut sources = Sources::new();
        let id = sources.add("t.conf", Origin::Synthetic, text.to_string());
        let fast = parse(text, id);
        match (fast, super::super::parse_tree_pest(&sources, id)) {
            (Some(f), Ok(p)) => assert!(f == p, "trees differ for {text:?}"),
            (None, Err(_)) => {}
            (f, p) => panic!("{text:?}: fast {:?}, pest {:?}", f.is_some(), p.is_ok()),
        }
    }

    #[test]
    fn swar_marks_every_stop() {
        for b in 0..=255u8 {
            for i in 0..8 {
                let mut w = [b'a'; 8];
                w[i] = b;
                let w = u64::from_le_bytes(w);
                let stop = is_stop(b) || b == b'.';
                if stop {
                    assert_eq!(first_byte(maybe_stops(w)), i, "byte {b:#x}");
                }
                if b.is_ascii_alphanumeric() || b == b'_' {
                    assert_eq!(maybe_stops(w), 0, "byte {b:#x}");
                }
                let m = has_byte(w, b);
                assert_eq!(first_byte(m), if b == b'a' { 0 } else { i });
            }
        }
        // a byte after the first match may be marked, none before it
        let w = u64::from_le_bytes(*b"x\"\"\x01\"zz\"");
        assert_eq!(first_byte(has_byte(w, b'"')), 1);
        assert_eq!(has_byte(u64::from_le_bytes(*b"abcdefgh"), b'"'), 0);
    }

    #[test]
    fn short_and_long_quoted_strings() {
        for n in 0..40 {
            let s = "x".repeat(n);
            for q in ['"', '\''] {
                agree(&format!("a {q}{s}{q}\n"));
                agree(&format!("a {q}{s}{q}"));
                agree(&format!("{q}{s}{q} b\n"));
                agree(&format!("{q}{s}{q}.b.{q}{s}{q} {q}{s}{q}"));
                agree(&format!("a [ {q}{s}{q} {q}{s}{q}, {q}{s}{q}]"));
                // the other quote inside, unterminated strings
                let o = if q == '"' { '\'' } else { '"' };
                agree(&format!("a {q}{s}{o}{s}{q}"));
                agree(&format!("a {q}{s}"));
                agree(&format!("a {q}{s}\n}}"));
                agree(&format!("{q}{s}"));
            }
        }
    }

    #[test]
    fn escapes_anywhere_in_a_string() {
        for n in 0..34 {
            for esc in ["\\\"", "\\\\", "\\n", "\\x41", "\\101", "\\é", "\\"] {
                let s: String = "0123456789abcdefghijklmnopqrstuvwxyz"
                    .chars()
                    .take(n)
                    .collect();
                let (a, b) = s.split_at(n / 2);
                agree(&format!("k \"{a}{esc}{b}\"\n"));
                agree(&format!("k \"{s}{esc}\""));
                agree(&format!("k \"{s}{esc}"));
                agree(&format!("\"{a}{esc}{b}\" v"));
            }
        }
    }

    #[test]
    fn words_end_on_every_stop() {
        let stops = " \t\r\n\x0c=,;{}[]'\"\\#.";
        for n in 1..30 {
            let w: String = "SOF_TKN_INTEL_DMIC_abc0123456789".chars().take(n).collect();
            for c in stops.chars().chain("-+()/é\x01<>".chars()) {
                agree(&format!("{w}{c}x {w}{c}\n"));
                agree(&format!("k {w}{c}"));
                agree(&format!("k.{w}{c}y v"));
                agree(&format!("a [{w}{c} {w}]"));
            }
            agree(&w);
            agree(&format!("k {w}"));
            agree(&format!("k.{w}"));
        }
    }

    #[test]
    fn whitespace_runs_and_comments() {
        for ws in [
            "", " ", "\t\t", "\n\n\n\t", "\r\n", "\x0c", " # c\n", "#\n#\n", "# end",
        ] {
            agree(&format!("{ws}a{ws}b{ws}"));
            agree(&format!("a{ws}.{ws}b{ws}={ws}\"v\"{ws};{ws}c 1{ws},"));
            agree(&format!("S.\"n\"{ws}{{{ws}k{ws}\"v\"{ws}}}{ws}"));
            agree(&format!("a{ws}[{ws}1{ws},{ws}2{ws}]{ws}"));
            agree(&format!("a{ws}"));
        }
    }
}
