//! Source files and spans.
//!
//! Every file the compiler reads (the user's, an include, a library file) gets
//! a [`FileId`]; a [`Span`] is a byte range in one of them. Diagnostics turn
//! spans into miette labels over a [`NamedSource`].

use miette::{MietteError, MietteSpanContents, SourceCode, SourceSpan, SpanContents};
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::OnceLock;

/// Index of a file in [`Sources`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct FileId(pub u32);

/// A byte range in one source file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Span {
    pub file: FileId,
    start: u32,
    end: u32,
}

impl Span {
    /// Offsets are held in 32 bits, half the size of a `usize` pair (a
    /// topology has tens of thousands of spans, in nodes that are copied
    /// as they are built). Inputs are at most [`MAX_INPUT_BYTES`]; an
    /// offset past 4 GiB is held as the largest.
    pub fn new(file: FileId, start: usize, end: usize) -> Self {
        let at = |o: usize| u32::try_from(o).unwrap_or(u32::MAX);
        Span {
            file,
            start: at(start),
            end: at(end),
        }
    }

    /// The first byte's offset.
    pub fn start(&self) -> usize {
        self.start as usize
    }

    /// The offset past the last byte.
    pub fn end(&self) -> usize {
        self.end as usize
    }

    /// The bytes it covers, as a range of offsets.
    pub fn range(&self) -> std::ops::Range<usize> {
        self.start()..self.end()
    }

    /// The smallest span covering both.
    pub fn to(self, other: Span) -> Span {
        debug_assert_eq!(self.file, other.file);
        Span {
            file: self.file,
            start: self.start.min(other.start),
            end: self.end.max(other.end),
        }
    }

    pub fn len(&self) -> usize {
        (self.end - self.start) as usize
    }

    pub fn is_empty(&self) -> bool {
        self.start == self.end
    }
}

impl From<Span> for SourceSpan {
    fn from(s: Span) -> Self {
        SourceSpan::new(s.start().into(), s.len())
    }
}

/// Where a file came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    /// A file on disk.
    Disk(PathBuf),
    /// A file of the built-in library, by its library path.
    Builtin(String),
    /// Text given on the command line or made up by the compiler.
    Synthetic,
}

/// A source's text, held as it came: a built-in library file borrowed
/// from the executable, a file read or a text expanded kept in the string
/// that holds it. Neither is copied to be a source (a build's expanded
/// text is most of its bytes).
#[derive(Debug, Clone)]
pub enum Text {
    Static(&'static str),
    Shared(Arc<String>),
}

impl std::ops::Deref for Text {
    type Target = str;
    fn deref(&self) -> &str {
        match self {
            Text::Static(s) => s,
            Text::Shared(s) => s,
        }
    }
}

impl From<String> for Text {
    fn from(s: String) -> Self {
        Text::Shared(Arc::new(s))
    }
}

impl From<Arc<String>> for Text {
    fn from(s: Arc<String>) -> Self {
        Text::Shared(s)
    }
}

impl From<&'static str> for Text {
    fn from(s: &'static str) -> Self {
        Text::Static(s)
    }
}

/// One loaded source file.
#[derive(Debug)]
pub struct SourceFile {
    /// The name shown in diagnostics.
    pub name: String,
    pub origin: Origin,
    pub text: Text,
    /// Where lines start, as miette ends them (for drawing labels).
    lines: Arc<Lines>,
    /// Where lines start counting `\n` only, as [`line_col`] counts.
    newlines: Lines,
}

/// All files loaded during one compilation.
#[derive(Debug, Default)]
pub struct Sources {
    files: Vec<SourceFile>,
}

impl Sources {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn add(
        &mut self,
        name: impl Into<String>,
        origin: Origin,
        text: impl Into<Text>,
    ) -> FileId {
        let id = FileId(self.files.len() as u32);
        self.files.push(SourceFile {
            name: name.into(),
            origin,
            text: text.into(),
            lines: Arc::default(),
            newlines: Lines::default(),
        });
        id
    }

    /// Every loaded file, in the order loaded.
    pub fn ids(&self) -> impl Iterator<Item = FileId> {
        (0..self.files.len() as u32).map(FileId)
    }

    /// The file shown under this name.
    pub fn find(&self, name: &str) -> Option<FileId> {
        self.files
            .iter()
            .position(|f| f.name == name)
            .map(|i| FileId(i as u32))
    }

    /// Names a file anew (expanded text once it is written out, say).
    pub fn rename(&mut self, id: FileId, name: impl Into<String>) {
        self.files[id.0 as usize].name = name.into();
    }

    pub fn get(&self, id: FileId) -> &SourceFile {
        &self.files[id.0 as usize]
    }

    /// Every file, in the order they were added.
    pub fn files(&self) -> impl Iterator<Item = &SourceFile> {
        self.files.iter()
    }

    pub fn text(&self, id: FileId) -> &str {
        &self.get(id).text
    }

    /// The text a span covers.
    pub fn slice(&self, span: Span) -> &str {
        // (a span held past 4 GiB covers nothing)
        self.text(span.file).get(span.range()).unwrap_or_default()
    }

    /// A miette source for the file a span lies in.
    pub fn named(&self, id: FileId) -> Named {
        let f = self.get(id);
        Named {
            file: id,
            name: f.name.clone(),
            text: f.text.clone(),
            lines: f.lines.clone(),
        }
    }

    /// 1-based line and column (in characters) of a byte offset.
    /// As [`line_col`], from a line index made once per file (a lint run
    /// asks for thousands of places in the same large files).
    pub fn line_col(&self, id: FileId, offset: usize) -> (usize, usize) {
        let f = self.get(id);
        let text: &str = &f.text;
        let offset = offset.min(text.len());
        let (line, start) = f.newlines.line_of(text.as_bytes(), offset, Ends::Newline);
        let col = text[start..offset].chars().count() + 1;
        (line + 1, col)
    }

    /// `name:line:col` of a span's start.
    pub fn locate(&self, span: Span) -> String {
        let (l, c) = self.line_col(span.file, span.start());
        format!("{}:{}:{}", self.get(span.file).name, l, c)
    }
}

/// The most bytes tplg reads from one input file. SOF's largest topology
/// source or alsaconf file is a few MB; a bigger input is refused before it
/// is read, so memory stays bounded.
pub const MAX_INPUT_BYTES: u64 = 64 << 20;

/// `SND_SOC_TPLG_MAGIC` as a binary topology file starts with it ("CoSA").
const BINARY_TOPOLOGY_MAGIC: &[u8; 4] = b"CoSA";

/// Why an input file cannot be read as text.
#[derive(Debug)]
pub(crate) enum ReadError {
    Io(std::io::Error),
    /// Larger than [`MAX_INPUT_BYTES`].
    TooLarge {
        bytes: u64,
    },
    /// A binary topology (what `alsatplg -c` writes).
    BinaryTopology,
    /// Not UTF-8 text: the byte offset of the first invalid byte.
    NotText {
        offset: usize,
        line: usize,
    },
}

impl ReadError {
    /// The stable code a diagnostic about this carries.
    pub(crate) fn code(&self) -> &'static str {
        match self {
            ReadError::Io(_) => "tplg::input::unreadable",
            ReadError::TooLarge { .. } => "tplg::input::too_large",
            ReadError::BinaryTopology => "tplg::input::binary_topology",
            ReadError::NotText { .. } => "tplg::input::not_text",
        }
    }

    /// What to do about it.
    pub(crate) fn help(&self) -> Option<String> {
        match self {
            ReadError::Io(_) => None,
            ReadError::TooLarge { .. } => Some(format!(
                "tplg reads inputs of at most {} MB; a topology source or alsaconf file is far smaller, so this is likely not one",
                MAX_INPUT_BYTES >> 20
            )),
            ReadError::BinaryTopology => Some(
                "`tplg build` and `tplg migrate` read sources; `tplg graph`, `info` and `lint` read a .tplg as it is, and `tplg decode FILE.tplg -o FILE.conf` (or `alsatplg -d`) gives its alsaconf text"
                    .to_string(),
            ),
            ReadError::NotText { .. } => Some(
                "tplg reads UTF-8 text: .topo sources, alsaconf (.conf) and M4 files".to_string(),
            ),
        }
    }
}

impl std::fmt::Display for ReadError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ReadError::Io(e) => write!(f, "{e}"),
            ReadError::TooLarge { bytes } => write!(f, "it is {} MB", bytes >> 20),
            ReadError::BinaryTopology => {
                write!(
                    f,
                    "it is a binary ALSA topology (alsatplg output), not text"
                )
            }
            ReadError::NotText { offset, line } => write!(
                f,
                "it is not UTF-8 text (invalid byte at offset {offset}, line {line})"
            ),
        }
    }
}

impl ReadError {
    /// `cannot read `PATH`: why`, and the help on a line of its own.
    pub(crate) fn describe(&self, path: &std::path::Path) -> String {
        let mut s = format!("cannot read `{}`: {self}", path.display());
        if let Some(h) = self.help() {
            s.push_str("\n  help: ");
            s.push_str(&h);
        }
        s
    }
}

/// An input file that cannot be read, and why; shown as
/// [`ReadError::describe`] shows it.
#[derive(Debug)]
pub(crate) struct Unreadable {
    pub path: PathBuf,
    pub error: ReadError,
}

impl std::fmt::Display for Unreadable {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.error.describe(&self.path))
    }
}

impl std::error::Error for Unreadable {}

/// The path that names standard input (`tplg build -`).
pub(crate) const STDIN_PATH: &str = "-";

/// The name standard input is shown under in diagnostics.
pub(crate) const STDIN_NAME: &str = "<stdin>";

/// Whether `path` names standard input.
pub(crate) fn is_stdin(path: &std::path::Path) -> bool {
    path.as_os_str() == STDIN_PATH
}

/// How an input is shown in diagnostics: its path, or `<stdin>`.
pub(crate) fn display_name(path: &std::path::Path) -> String {
    if is_stdin(path) {
        STDIN_NAME.to_string()
    } else {
        path.display().to_string()
    }
}

/// Reads an input file (`-`: standard input) as text, refusing what is
/// not a topology source: files over [`MAX_INPUT_BYTES`], binary
/// topologies, anything not UTF-8.
pub(crate) fn read_text(path: &std::path::Path) -> Result<String, ReadError> {
    text_of(read_bytes(path)?)
}

/// An input's bytes as text, refusing binary topologies and what is not
/// UTF-8 (as [`read_text`]).
pub(crate) fn text_of(bytes: Vec<u8>) -> Result<String, ReadError> {
    if bytes.starts_with(BINARY_TOPOLOGY_MAGIC) {
        return Err(ReadError::BinaryTopology);
    }
    String::from_utf8(bytes).map_err(|e| {
        let offset = e.utf8_error().valid_up_to();
        let line = 1 + e.as_bytes()[..offset]
            .iter()
            .filter(|&&b| b == b'\n')
            .count();
        ReadError::NotText { offset, line }
    })
}

/// The bytes of an input file (`-`: standard input), within
/// [`MAX_INPUT_BYTES`].
pub(crate) fn read_bytes(path: &std::path::Path) -> Result<Vec<u8>, ReadError> {
    if is_stdin(path) {
        return read_bytes_from(std::io::stdin().lock(), 0);
    }
    let file = std::fs::File::open(path).map_err(ReadError::Io)?;
    let len = file.metadata().map_err(ReadError::Io)?.len();
    if len > MAX_INPUT_BYTES {
        return Err(ReadError::TooLarge { bytes: len });
    }
    read_bytes_from(file, len)
}

/// [`read_bytes`] of a reader; `len`: the expected size, for the buffer.
fn read_bytes_from(reader: impl std::io::Read, len: u64) -> Result<Vec<u8>, ReadError> {
    use std::io::Read;
    let mut bytes = Vec::with_capacity(len.min(MAX_INPUT_BYTES) as usize);
    // a file that grows while it is read (a pipe, /dev/zero) stops at the limit
    reader
        .take(MAX_INPUT_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(ReadError::Io)?;
    if bytes.len() as u64 > MAX_INPUT_BYTES {
        return Err(ReadError::TooLarge {
            bytes: bytes.len() as u64,
        });
    }
    Ok(bytes)
}

/// 1-based line and column (in characters) of a byte offset in `text`.
pub(crate) fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(text.len());
    let before = &text[..offset];
    let line = before.bytes().filter(|&b| b == b'\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let col = text[line_start..offset].chars().count() + 1;
    (line, col)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_span_holds_its_offsets_and_one_past_4_gib_covers_nothing() {
        let mut sources = Sources::new();
        let id = sources.add("t", Origin::Synthetic, "abcdef".to_string());
        let s = Span::new(id, 1, 4);
        assert_eq!((s.start(), s.end(), s.len()), (1, 4, 3));
        assert_eq!(sources.slice(s), "bcd");
        assert_eq!(s.to(Span::new(id, 3, 6)).range(), 1..6);
        let far = Span::new(id, 1 << 33, (1 << 33) + 2);
        assert_eq!(far.start(), u32::MAX as usize);
        assert_eq!(sources.slice(far), "");
    }

    #[test]
    fn the_line_index_agrees_with_counting_at_every_offset() {
        let t = "ab\ncd\r\n\n\u{e9}x\n\nlast";
        let mut sources = Sources::new();
        let id = sources.add("t", Origin::Synthetic, t);
        for (offset, _) in t.char_indices().chain([(t.len(), ' '), (t.len() + 5, ' ')]) {
            assert_eq!(
                sources.line_col(id, offset),
                line_col(t, offset),
                "at {offset}"
            );
        }
        let empty = sources.add("e", Origin::Synthetic, "");
        assert_eq!(sources.line_col(empty, 0), (1, 1));
        // across blocks, and at the end of a text of whole blocks
        let long: String = (0..BLOCK)
            .map(|i| ["ab\n", "\r\n", "\u{e9}\n"][i % 3])
            .collect();
        let long = &long[..2 * BLOCK];
        let id = sources.add("long", Origin::Synthetic, long.to_string());
        for offset in (0..=long.len()).filter(|&o| long.is_char_boundary(o)) {
            assert_eq!(
                sources.line_col(id, offset),
                line_col(long, offset),
                "at {offset}"
            );
        }
    }

    #[test]
    fn line_col_counts_from_one() {
        let t = "ab\ncd\n\u{e9}x";
        assert_eq!(line_col(t, 0), (1, 1));
        assert_eq!(line_col(t, 1), (1, 2));
        assert_eq!(line_col(t, 3), (2, 1));
        assert_eq!(line_col(t, 6), (3, 1));
        // the column counts characters, not bytes
        assert_eq!(line_col(t, 8), (3, 2));
    }
}

#[cfg(test)]
mod read_tests {
    use super::*;

    #[test]
    fn what_cannot_be_read_says_why() {
        let dir = tempfile::tempdir().unwrap();
        // a directory opens but does not read
        let e = read_text(dir.path()).unwrap_err();
        assert_eq!(e.code(), "tplg::input::unreadable");
        assert!(e
            .describe(dir.path())
            .starts_with(&format!("cannot read `{}`: ", dir.path().display())));
        let bin = dir.path().join("x.tplg");
        std::fs::write(&bin, b"CoSA\0\0").unwrap();
        let e = read_text(&bin).unwrap_err();
        assert_eq!(e.code(), "tplg::input::binary_topology");
        assert!(e
            .describe(&bin)
            .contains("\n  help: `tplg build` and `tplg migrate` read sources"));
        let latin = dir.path().join("x.conf");
        std::fs::write(&latin, b"a\nb\xe9").unwrap();
        let e = read_text(&latin).unwrap_err();
        assert_eq!(
            e.to_string(),
            "it is not UTF-8 text (invalid byte at offset 3, line 2)"
        );
    }
}

/// A file as diagnostics show it (miette's [`SourceCode`]): its name and
/// text, and an index of its lines, so that showing a label reads the text
/// from a few lines above it, not from the start of the file (a build's
/// expanded text runs to thousands of lines, and one warning has labels in
/// it several times).
#[derive(Debug, Clone)]
pub struct Named {
    /// The file in its [`Sources`]: an error that holds a `Named` knows
    /// its file by id, not by the name it is shown under.
    file: FileId,
    name: String,
    text: Text,
    lines: Arc<Lines>,
}

impl Named {
    pub fn name(&self) -> &str {
        &self.name
    }

    pub fn file(&self) -> FileId {
        self.file
    }

    /// The span of a miette span in this file.
    pub fn span(&self, at: SourceSpan) -> Span {
        Span::new(self.file, at.offset(), at.offset() + at.len())
    }
}

/// Where a file's lines start, found as they are asked for: the number of
/// `\n` before each block of [`BLOCK`] bytes (counted vectorized, once),
/// then a count within the block. A lint run asks a few places in each of
/// hundreds of large files; indexing every line of each cost more than the
/// checks. A text with a lone `\r`, where miette ends lines too, gets an
/// index of every line instead.
#[derive(Debug, Default)]
pub(crate) struct Lines {
    blocks: OnceLock<Vec<usize>>,
    /// Every line start, as miette counts, when the text has a `\r`.
    full: OnceLock<Vec<usize>>,
    cr: OnceLock<bool>,
}

/// Bytes per block of [`Lines`].
const BLOCK: usize = 4096;

impl Lines {
    /// The 0-based line `offset` is on and where that line starts; lines
    /// end at `\n`, and for [`Ends::Miette`] also at a lone `\r`.
    fn line_of(&self, text: &[u8], offset: usize, ends: Ends) -> (usize, usize) {
        let offset = offset.min(text.len());
        if let Some(full) = self.full(text, ends) {
            let line = full.partition_point(|&s| s <= offset) - 1;
            return (line, full[line]);
        }
        let blocks = self.blocks.get_or_init(|| {
            let mut before = 0;
            text.chunks(BLOCK)
                .map(|c| {
                    let here = before;
                    before += crate::bytes::count(b'\n', c);
                    here
                })
                .collect()
        });
        let b = (offset / BLOCK).min(blocks.len().saturating_sub(1));
        let line = blocks.get(b).copied().unwrap_or(0)
            + crate::bytes::count(b'\n', &text[b * BLOCK..offset]);
        let start = crate::bytes::rfind(b'\n', &text[..offset]).map_or(0, |i| i + 1);
        (line, start)
    }

    /// Where line `line` (0-based) starts, `line` not past the line of
    /// `offset` (whose start is `start`).
    fn start_of(&self, text: &[u8], ends: Ends, line: usize, offset_line: (usize, usize)) -> usize {
        if let Some(full) = self.full(text, ends) {
            return full[line];
        }
        let (mut at, mut start) = offset_line;
        while at > line {
            start = crate::bytes::rfind(b'\n', &text[..start - 1]).map_or(0, |i| i + 1);
            at -= 1;
        }
        start
    }

    /// Every line start, when miette's lines are not the `\n` lines.
    fn full(&self, text: &[u8], ends: Ends) -> Option<&[usize]> {
        if ends == Ends::Newline
            || !*self
                .cr
                .get_or_init(|| crate::bytes::find(b'\r', text).is_some())
        {
            return None;
        }
        Some(self.full.get_or_init(|| line_starts(text)))
    }
}

/// What ends a line: `\n` only (as [`line_col`] counts), or also a lone
/// `\r` (as miette draws). One [`Lines`] is always asked the same way.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Ends {
    Newline,
    Miette,
}

/// Where each line of `text` starts, lines ending as miette ends them
/// (`\n`, `\r\n` or a lone `\r`).
fn line_starts(b: &[u8]) -> Vec<usize> {
    let mut out = vec![0];
    for i in crate::bytes::find2_iter(b'\n', b'\r', b) {
        let crlf = b[i] == b'\r' && b.get(i + 1) == Some(&b'\n');
        // the `\n` of a `\r\n` ends the line its `\r` already ended
        let after_cr = b[i] == b'\n' && i > 0 && b[i - 1] == b'\r';
        if !after_cr {
            out.push(if crlf { i + 2 } else { i + 1 });
        }
    }
    out
}

impl SourceCode for Named {
    fn read_span<'a>(
        &'a self,
        span: &SourceSpan,
        context_lines_before: usize,
        context_lines_after: usize,
    ) -> Result<Box<dyn SpanContents<'a> + 'a>, MietteError> {
        let bytes = self.text.as_bytes();
        let offset = span.offset().min(bytes.len());
        // the line the span starts on, and a line start far enough above it
        // that miette's reading from there sees the same lines before it
        let at = self.lines.line_of(bytes, offset, Ends::Miette);
        let first = at.0.saturating_sub(context_lines_before + 1);
        let base = self.lines.start_of(bytes, Ends::Miette, first, at);
        let text = &self.text.as_bytes()[base..];
        let shifted = SourceSpan::new((span.offset() - base).into(), span.len());
        let inner = text.read_span(&shifted, context_lines_before, context_lines_after)?;
        let at = inner.span();
        Ok(Box::new(MietteSpanContents::new_named(
            self.name.clone(),
            inner.data(),
            SourceSpan::new((at.offset() + base).into(), at.len()),
            inner.line() + first,
            inner.column(),
            inner.line_count() + first,
        )))
    }
}

#[cfg(test)]
mod named_tests {
    use super::*;

    /// Every span of `text`, read by a [`Named`] and by miette from the
    /// start.
    fn reads_as_miette(text: &str, step: usize) {
        let mut sources = Sources::new();
        let id = sources.add("t", Origin::Synthetic, text.to_string());
        let named = sources.named(id);
        let plain = miette::NamedSource::new("t", text.to_string());
        for offset in (0..=text.len()).step_by(step) {
            for len in [0, 1, 2, 5, 9] {
                for (before, after) in [(0, 0), (1, 1), (2, 3), (3, 0)] {
                    let span = SourceSpan::new(offset.into(), len);
                    let ours = named.read_span(&span, before, after);
                    let theirs = plain.read_span(&span, before, after);
                    match (ours, theirs) {
                        (Ok(a), Ok(b)) => {
                            let show = |c: &dyn SpanContents| {
                                (
                                    c.data().to_vec(),
                                    *c.span(),
                                    c.line(),
                                    c.column(),
                                    c.line_count(),
                                    c.name().map(str::to_string),
                                )
                            };
                            assert_eq!(show(&*a), show(&*b), "{offset} {len} {before} {after}");
                        }
                        (Err(_), Err(_)) => {}
                        (a, b) => panic!("{offset} {len}: {:?} {:?}", a.is_ok(), b.is_ok()),
                    }
                }
            }
        }
    }

    #[test]
    fn a_named_source_reads_spans_as_miette_does_from_the_start() {
        // with a `\r` (every line indexed) and without (blocks counted);
        // the second longer than a block
        reads_as_miette("a\nbb\r\nccc\rdddd\n\neeeee\nf\r\n\r\ngg\nhhh", 1);
        reads_as_miette("a\nbb\n\nccc\ndddd\n\n\neeeee\nf\n\u{e9}\ngg\nhhh\n", 1);
        reads_as_miette("", 1);
        // past a block: every 13th offset, and the ones around the boundary
        let long: String = (0..BLOCK).map(|i| ["ab\n", "\n", "cd\n"][i % 3]).collect();
        reads_as_miette(&long[..BLOCK + 100], 13);
        reads_as_miette(&long[BLOCK - 20..BLOCK + 20], 1);
    }
}
