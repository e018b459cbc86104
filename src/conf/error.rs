//! What can be wrong in an alsaconf file: the syntax (which stops the
//! reader), and values alsatplg rejects or misreads (collected, one variant
//! per kind of problem, each with what it is about). Each is reported as a
//! [`Finding`](crate::diag::Finding) ([`ConfError::to_finding`]).

use super::ir::TupleType;
use super::MAX_DEPTH;
use miette::{Diagnostic, SourceSpan};
use std::sync::Arc;
use thiserror::Error;

/// The file a [`ConfError`] points into; shared, so that the many problems
/// of one file cost a pointer each.
pub(crate) type Source = Arc<crate::source::Named>;

/// A problem in an alsaconf file.
#[derive(Debug, Error, Diagnostic)]
pub(crate) enum ConfError {
    #[error("syntax error: expected {expected}")]
    #[diagnostic(code(tplg::conf::syntax))]
    Syntax {
        expected: String,
        #[source_code]
        src: Source,
        #[label("{found}")]
        span: SourceSpan,
        found: String,
        /// The bracket that is still open when the file ends.
        #[label("this `{opener}` is never closed")]
        opened: Option<SourceSpan>,
        opener: char,
        #[help]
        help: Option<String>,
    },

    #[error("unterminated string")]
    #[diagnostic(
        code(tplg::conf::unterminated),
        help(
            "a quoted string runs until the same quote character; close it or escape it with `\\`"
        )
    )]
    Unterminated {
        #[source_code]
        src: Source,
        #[label("this quote is never closed")]
        span: SourceSpan,
    },

    #[error("nesting too deep")]
    #[diagnostic(
        code(tplg::conf::depth),
        help("a topology nests a few levels; tplg reads at most {max} levels of keys, `{{ … }}` and `[ … ]`", max = MAX_DEPTH)
    )]
    TooDeep {
        #[source_code]
        src: Source,
        #[label("too deep here")]
        span: SourceSpan,
    },

    // ---- values alsatplg rejects or misreads (`tplg::conf::invalid`) -----
    /// A section or group written as an array: alsa-lib stores an array as
    /// a compound of "0", "1", …, which has no names.
    #[error("`{key}` must be {what}, not an array")]
    #[diagnostic(code(tplg::conf::invalid))]
    ArrayNotCompound {
        key: String,
        what: &'static str,
        #[source_code]
        src: Source,
        #[label("expected `{{ … }}`")]
        span: SourceSpan,
    },

    #[error("`{key}` must be {what}, not {found}")]
    #[diagnostic(code(tplg::conf::invalid))]
    ScalarNotCompound {
        key: String,
        what: &'static str,
        /// What the value is ([`super::Value::describe`]).
        found: &'static str,
        #[source_code]
        src: Source,
        #[label("expected `{{ … }}`")]
        span: SourceSpan,
    },

    #[error("`{key}` must be {what}, not {found}")]
    #[diagnostic(code(tplg::conf::invalid))]
    NotScalar {
        key: String,
        what: &'static str,
        found: &'static str,
        #[source_code]
        src: Source,
        #[label("here")]
        span: SourceSpan,
    },

    #[error("`{key}` must be a string; alsatplg reads `{text}` as a number")]
    #[diagnostic(code(tplg::conf::invalid), help("quote it"))]
    NumberNotString {
        key: String,
        text: String,
        #[source_code]
        src: Source,
        #[label("a number")]
        span: SourceSpan,
    },

    #[error("`{key}` does not fit in 32 bits")]
    #[diagnostic(code(tplg::conf::invalid))]
    TooLarge {
        key: String,
        #[source_code]
        src: Source,
        #[label("too large")]
        span: SourceSpan,
    },

    #[error("`{key}` must be {what}, not `{text}`")]
    #[diagnostic(
        code(tplg::conf::invalid),
        help("integers are decimal (`48000`), hexadecimal (`0x1f`) or octal (`010`)")
    )]
    NotInteger {
        key: String,
        what: &'static str,
        text: String,
        #[source_code]
        src: Source,
        #[label("not an integer")]
        span: SourceSpan,
    },

    /// A value alsa-lib skips rather than refuses (channel `reg`/`shift`,
    /// the values of a dB scale): why it would refuse it elsewhere.
    #[error("alsatplg skips `{key}`: {why}")]
    #[diagnostic(code(tplg::conf::invalid))]
    Skipped {
        key: String,
        why: Box<ConfError>,
        #[source_code]
        src: Source,
        #[label("skipped")]
        span: SourceSpan,
    },

    #[error("`index` must not be negative")]
    #[diagnostic(code(tplg::conf::invalid))]
    NegativeIndex {
        #[source_code]
        src: Source,
        #[label("negative")]
        span: SourceSpan,
    },

    #[error("`{key}` must be a boolean, not `{text}`")]
    #[diagnostic(
        code(tplg::conf::invalid),
        help("use true or false (or yes/no, on/off, 1/0)")
    )]
    NotBoolean {
        key: String,
        text: String,
        #[source_code]
        src: Source,
        #[label("not a boolean")]
        span: SourceSpan,
    },

    #[error("alsatplg skips this entry of `{key}`: it is not a name")]
    #[diagnostic(code(tplg::conf::invalid), help("quote it"))]
    EntryNotName {
        key: String,
        found: &'static str,
        #[source_code]
        src: Source,
        #[label("{found}, not a string")]
        span: SourceSpan,
    },

    #[error("the entries of `{key}` must be compounds, not {found}")]
    #[diagnostic(code(tplg::conf::invalid))]
    EntryNotCompound {
        key: String,
        found: &'static str,
        #[source_code]
        src: Source,
        #[label("expected `{{ … }}`")]
        span: SourceSpan,
    },

    #[error("alsatplg skips `{key}`: it is {found}, not a handler name or number")]
    #[diagnostic(code(tplg::conf::invalid))]
    NotHandler {
        key: String,
        found: &'static str,
        #[source_code]
        src: Source,
        #[label("skipped")]
        span: SourceSpan,
    },

    #[error("a PCM stream is `playback` or `capture`, not `{name}`")]
    #[diagnostic(code(tplg::conf::invalid))]
    UnknownStream {
        name: String,
        #[source_code]
        src: Source,
        #[label("unknown stream")]
        span: SourceSpan,
    },

    #[error("alsatplg skips `capabilities`: it is {found}, not a name")]
    #[diagnostic(code(tplg::conf::invalid), help("quote it"))]
    CapabilitiesNotName {
        found: &'static str,
        #[source_code]
        src: Source,
        #[label("skipped")]
        span: SourceSpan,
    },

    /// alsa-lib iterates the children of a text's `values`; a plain string
    /// has none.
    #[error("alsatplg reads no texts from a single string")]
    #[diagnostic(code(tplg::conf::invalid), help("write `values [ \"one\" \"two\" ]`"))]
    TextValuesString {
        #[source_code]
        src: Source,
        #[label("expected `[ \"…\" ]`")]
        span: SourceSpan,
    },

    #[error("alsatplg skips token `{key}`: its value is not an integer")]
    #[diagnostic(code(tplg::conf::invalid))]
    TokenNotInteger {
        key: String,
        #[source_code]
        src: Source,
        #[label("not an integer")]
        span: SourceSpan,
    },

    #[error("`{group}` is not a tuple type")]
    #[diagnostic(
        code(tplg::conf::invalid),
        help("tuple groups are uuid, string, bool, byte, short or word, optionally followed by a suffix (`word.module0`)")
    )]
    UnknownTupleType {
        group: String,
        #[source_code]
        src: Source,
        #[label("unknown tuple type")]
        span: SourceSpan,
    },

    /// A tuple whose value is a compound or an array: alsa-lib skips a
    /// uuid, string or bool tuple it cannot read (`skipped`), and refuses a
    /// number it cannot.
    #[error("tuple `{key}` must have a value, not {found}")]
    #[diagnostic(code(tplg::conf::invalid))]
    TupleNotScalar {
        key: String,
        found: &'static str,
        skipped: bool,
        #[source_code]
        src: Source,
        #[label("{}", if *skipped { "alsatplg skips it" } else { "here" })]
        span: SourceSpan,
    },

    #[error("alsatplg skips {} tuple `{key}`: it reads `{text}` as a number", kind.name())]
    #[diagnostic(code(tplg::conf::invalid), help("quote it"))]
    TupleNumber {
        kind: TupleType,
        key: String,
        text: String,
        #[source_code]
        src: Source,
        #[label("a number")]
        span: SourceSpan,
    },

    /// alsa-lib reads keys in order and needs a graph's index before it can
    /// file the routes.
    #[error("graph `{graph}` has `lines` before (or without) `index`")]
    #[diagnostic(code(tplg::conf::invalid), help("put `index \"N\"` before `lines`"))]
    LinesBeforeIndex {
        graph: String,
        #[source_code]
        src: Source,
        #[label("needs an index first")]
        span: SourceSpan,
    },

    #[error("`lines` must be a list of routes")]
    #[diagnostic(code(tplg::conf::invalid))]
    LinesNotList {
        #[source_code]
        src: Source,
        #[label("expected `[ \"sink, control, source\" … ]`")]
        span: SourceSpan,
    },

    #[error("alsatplg skips this route: it is not a string")]
    #[diagnostic(code(tplg::conf::invalid))]
    RouteNotString {
        #[source_code]
        src: Source,
        #[label("not a string")]
        span: SourceSpan,
    },

    #[error("invalid route `{text}`")]
    #[diagnostic(
        code(tplg::conf::invalid),
        help("a route is three names separated by `, `; the control may be empty: \"sink, , source\"")
    )]
    InvalidRoute {
        text: String,
        #[source_code]
        src: Source,
        #[label("expected \"sink, control, source\"")]
        span: SourceSpan,
    },

    #[error("`-{key}` merges into a definition, and there is none")]
    #[diagnostic(code(tplg::conf::invalid))]
    MergeIntoNothing {
        key: String,
        #[source_code]
        src: Source,
        #[label("nothing to merge into")]
        span: SourceSpan,
    },

    /// A scalar defined again with a value of another type class (integer,
    /// real, string).
    #[error("`{key}` was {was}; alsatplg refuses to redefine it as {now}")]
    #[diagnostic(code(tplg::conf::invalid))]
    TypeChanged {
        key: String,
        was: &'static str,
        now: &'static str,
        #[source_code]
        src: Source,
        #[label("changes the type")]
        span: SourceSpan,
    },

    /// A scalar defined again as a compound or an array, or the reverse.
    #[error("`{key}` was {was}; alsatplg cannot merge {now} into it")]
    #[diagnostic(code(tplg::conf::invalid))]
    CannotMerge {
        key: String,
        was: &'static str,
        now: &'static str,
        #[source_code]
        src: Source,
        #[label("cannot merge")]
        span: SourceSpan,
    },

    /// A value defined again with another value: alsa-lib keeps the last
    /// one, silently.
    #[error("`{key}` is defined again: alsatplg keeps `{kept}` and drops `{dropped}`")]
    #[diagnostic(
        code(tplg::conf::redefined),
        help("the earlier value is at line {}, column {}; keep one of them", earlier.0, earlier.1)
    )]
    Redefined {
        key: String,
        kept: String,
        dropped: String,
        /// Line and column of the earlier value.
        earlier: (usize, usize),
        #[source_code]
        src: Source,
        #[label("replaces the earlier value")]
        span: SourceSpan,
    },
}

impl ConfError {
    /// Where the problem is.
    pub(crate) fn span(&self) -> SourceSpan {
        self.parts().1
    }

    /// The file the problem is in.
    pub(crate) fn src(&self) -> &Source {
        self.parts().0
    }

    fn parts(&self) -> (&Source, SourceSpan) {
        use ConfError::*;
        match self {
            Syntax { src, span, .. }
            | Unterminated { src, span, .. }
            | TooDeep { src, span, .. }
            | ArrayNotCompound { src, span, .. }
            | ScalarNotCompound { src, span, .. }
            | NotScalar { src, span, .. }
            | NumberNotString { src, span, .. }
            | TooLarge { src, span, .. }
            | NotInteger { src, span, .. }
            | Skipped { src, span, .. }
            | NegativeIndex { src, span, .. }
            | NotBoolean { src, span, .. }
            | EntryNotName { src, span, .. }
            | EntryNotCompound { src, span, .. }
            | NotHandler { src, span, .. }
            | UnknownStream { src, span, .. }
            | CapabilitiesNotName { src, span, .. }
            | TextValuesString { src, span, .. }
            | TokenNotInteger { src, span, .. }
            | UnknownTupleType { src, span, .. }
            | TupleNotScalar { src, span, .. }
            | TupleNumber { src, span, .. }
            | LinesBeforeIndex { src, span, .. }
            | LinesNotList { src, span, .. }
            | RouteNotString { src, span, .. }
            | InvalidRoute { src, span, .. }
            | MergeIntoNothing { src, span, .. }
            | TypeChanged { src, span, .. }
            | CannotMerge { src, span, .. }
            | Redefined { src, span, .. } => (src, *span),
        }
    }

    /// The problem as a finding of `severity`: its code, message, labels
    /// and help.
    pub(crate) fn to_finding(&self, severity: crate::diag::Severity) -> crate::diag::Finding {
        crate::diag::Finding::of_diagnostic(self, self.src().file(), severity)
    }
}

/// Why a tuple's text is not a value of its type ([`TupleType::check`]).
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub(crate) enum TupleValueError {
    #[error("`{0}` is not a boolean (true/false, yes/no, on/off, 1/0)")]
    NotBoolean(String),
    #[error("`{0}` is not a number")]
    NotNumber(String),
    #[error("{value} does not fit in a {}", kind.name())]
    TooLarge { value: i64, kind: TupleType },
    /// A UUID of another number of bytes than 16.
    #[error("a UUID has 16 bytes, this has {0}")]
    UuidLength(usize),
    #[error("`{0}` is not a byte")]
    NotAByte(String),
}
