//! The typed IR of an ALSA topology: one struct per `Section*` kind.
//!
//! Each section knows the keys alsa-lib's topology parser (`src/topology/*.c`)
//! reads for it and reads their values the same way (a bare number is not a
//! string, `index` must not be negative, …). Keys a section does not know go
//! to its `unknown` list with their spans, because alsatplg skips them
//! silently and a later check wants to say so. Sections defined twice are kept
//! twice (alsa-lib would merge them); [`ConfTopology::duplicates`] finds them.
//!
//! Values that alsatplg would reject are reported in
//! [`ConfTopology::errors`]; values it silently skips or misreads in
//! [`ConfTopology::warnings`]. The field is then `None` (or the entry left
//! out), so the IR holds only values alsatplg would accept.

use super::kinds::section_kinds;
use super::tree::{strtol_full, ConfTree, Include, Node};
use super::{ConfError, TupleValueError};
use crate::source::{FileId, Span};
#[cfg(test)]
use rustc_hash::FxHashMap as HashMap;

/// A value and the span it was read from (the value token, quotes included,
/// or the part of it the value came from).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(crate) struct Spanned<T> {
    pub value: T,
    pub span: Span,
}

impl<T> Spanned<T> {
    pub(crate) fn new(value: T, span: Span) -> Self {
        Spanned { value, span }
    }
}

impl Spanned<String> {
    pub(crate) fn as_str(&self) -> &str {
        &self.value
    }
}

/// A reference by name to another section (data, tuples, TLV, controls, …).
pub(crate) type Ref = Spanned<String>;

/// A string alsa-lib splits into items (`formats "S32_LE,S16_LE"`, data
/// `bytes "0x01,0x02"`), with a span for each item.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct List {
    /// The whole value as written (unescaped).
    pub text: String,
    pub span: Span,
    pub items: Vec<Spanned<String>>,
}

/// Makes, from [`section_kinds!`]: [`SectionKind`] and its keywords, the
/// [`Section`] impl of each IR struct, and [`ConfTopology`] with a list for
/// each kind.
macro_rules! ir_items {
    ($($(#[$doc:meta])* $kind:ident = $keyword:literal: $ty:ident, $field:ident, $reader:ident, $keys:ident;)*) => {
        /// The kinds of section, by their alsaconf keyword.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub(crate) enum SectionKind {
            $($(#[$doc])* $kind,)*
        }

        impl SectionKind {
            pub(crate) const ALL: [SectionKind; [$($keyword),*].len()] = [$(SectionKind::$kind),*];

            /// The keyword that starts the section (`SectionBE` for [`SectionKind::Link`]).
            pub(crate) fn keyword(self) -> &'static str {
                match self {
                    $(SectionKind::$kind => $keyword,)*
                }
            }

            /// The kind a keyword starts (`SectionLink` is also a link).
            pub(crate) fn from_keyword(k: &str) -> Option<SectionKind> {
                // a `match` on the text: by length, then the bytes, not a
                // comparison with each keyword in turn
                match k {
                    $($keyword => Some(SectionKind::$kind),)*
                    "SectionLink" => Some(SectionKind::Link),
                    _ => None,
                }
            }
        }

        $(impl Section for $ty {
            fn kind(&self) -> SectionKind {
                SectionKind::$kind
            }
            fn name(&self) -> &Spanned<String> {
                &self.name
            }
            fn span(&self) -> Span {
                self.span
            }
            fn index(&self) -> Option<&Spanned<u32>> {
                self.index.as_ref()
            }
            fn unknown_keys(&self) -> &[Node] {
                &self.unknown
            }
        })*

        /// A whole alsaconf topology: the sections of each kind in file order.
        #[derive(Debug)]
        pub(crate) struct ConfTopology {
            #[allow(dead_code)] // the file the sections were read from, for a reader of the IR
            pub file: FileId,
            /// The generic tree the sections were read from.
            pub tree: ConfTree,
            $(pub $field: Vec<$ty>,)*
            /// Top-level keys that name no section kind; alsatplg reports "unknown
            /// section" and goes on.
            pub unknown_sections: Vec<Node>,
            /// Values alsatplg rejects.
            pub errors: Vec<ConfError>,
            /// Values alsatplg silently skips or misreads.
            pub warnings: Vec<ConfError>,
        }

        impl ConfTopology {
            pub(crate) fn empty(file: FileId) -> Self {
                ConfTopology {
                    file,
                    tree: ConfTree {
                        file,
                        nodes: Vec::new(),
                        includes: Vec::new(),
                    },
                    $($field: Vec::new(),)*
                    unknown_sections: Vec::new(),
                    errors: Vec::new(),
                    warnings: Vec::new(),
                }
            }

            /// Makes room for `additional` more sections of `kind`.
            pub(crate) fn reserve(&mut self, kind: SectionKind, additional: usize) {
                match kind {
                    $(SectionKind::$kind => self.$field.reserve_exact(additional),)*
                }
            }

            /// Every section, kind by kind, each kind in file order.
            pub(crate) fn sections(&self) -> impl Iterator<Item = &dyn Section> {
                fn each<T: Section>(v: &[T]) -> impl Iterator<Item = &dyn Section> {
                    v.iter().map(|s| s as &dyn Section)
                }
                std::iter::empty()$(.chain(each(&self.$field)))*
            }
        }
    };
}
section_kinds!(ir_items);

/// What every section has.
pub(crate) trait Section {
    fn kind(&self) -> SectionKind;
    /// The section's id, e.g. `"PGA1.0"` in `SectionWidget."PGA1.0"`.
    fn name(&self) -> &Spanned<String>;
    #[allow(dead_code)] // every section has one; checks so far read the name's
    /// The whole section, keyword to closing brace.
    fn span(&self) -> Span;
    /// `index`: the pipeline (or group) the element belongs to.
    fn index(&self) -> Option<&Spanned<u32>>;
    /// Keys the section does not know; alsatplg ignores them.
    fn unknown_keys(&self) -> &[Node];
}

/// `SectionManifest`: the topology's private data.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Manifest {
    pub name: Spanned<String>,
    pub span: Span,
    pub index: Option<Spanned<u32>>,
    pub data: Vec<Ref>,
    pub unknown: Vec<Node>,
}

/// `SectionTLV`: a dB scale for volume controls.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Tlv {
    pub name: Spanned<String>,
    pub span: Span,
    pub index: Option<Spanned<u32>>,
    pub scale: Option<DbScale>,
    pub unknown: Vec<Node>,
}

/// `scale { min step mute }`, in 0.01 dB.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct DbScale {
    pub span: Span,
    pub min: Option<Spanned<i32>>,
    pub step: Option<Spanned<i32>>,
    pub mute: Option<Spanned<i32>>,
    pub unknown: Vec<Node>,
}

/// `channel."FL" { reg shift }`.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Channel {
    /// The channel position (`FL`, `FR`, `mono`, …).
    pub name: Spanned<String>,
    pub span: Span,
    pub reg: Option<Spanned<i32>>,
    pub shift: Option<Spanned<i32>>,
    pub unknown: Vec<Node>,
}

/// `ops."ctl" { info get put }` (and `extops`): handler names (`volsw`) or
/// driver-specific numbers (`256`), as written.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Ops {
    /// The group's key (`ctl`); alsa-lib does not use it.
    pub name: Spanned<String>,
    pub span: Span,
    pub info: Option<Spanned<String>>,
    pub get: Option<Spanned<String>>,
    pub put: Option<Spanned<String>>,
    pub unknown: Vec<Node>,
}

/// `SectionControlMixer`: a volume or switch control.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct ControlMixer {
    pub name: Spanned<String>,
    pub span: Span,
    pub index: Option<Spanned<u32>>,
    pub channels: Vec<Channel>,
    pub ops: Vec<Ops>,
    /// `access` flags (`read_write`, `tlv_read`, …).
    pub access: Vec<Spanned<String>>,
    /// The `access` key, when there is one: then the flags are all the
    /// access there is (`access [ ]` is none), else alsatplg's default.
    pub access_key: Option<Span>,
    pub max: Option<Spanned<i32>>,
    pub invert: Option<Spanned<bool>>,
    pub tlv: Option<Ref>,
    pub data: Vec<Ref>,
    pub unknown: Vec<Node>,
}

/// `SectionControlBytes`: a binary blob control.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct ControlBytes {
    pub name: Spanned<String>,
    pub span: Span,
    pub index: Option<Spanned<u32>>,
    pub base: Option<Spanned<i32>>,
    pub num_regs: Option<Spanned<i32>>,
    /// Read in hexadecimal, as alsa-lib does.
    pub mask: Option<Spanned<i32>>,
    pub max: Option<Spanned<i32>>,
    pub ops: Vec<Ops>,
    pub extops: Vec<Ops>,
    pub tlv: Option<Ref>,
    pub data: Vec<Ref>,
    pub access: Vec<Spanned<String>>,
    /// See [`ControlMixer::access_key`].
    pub access_key: Option<Span>,
    pub unknown: Vec<Node>,
}

/// `SectionControlEnum`: a control choosing among texts.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct ControlEnum {
    pub name: Spanned<String>,
    pub span: Span,
    pub index: Option<Spanned<u32>>,
    /// The `SectionText` holding the choices.
    pub texts: Option<Ref>,
    pub channels: Vec<Channel>,
    pub ops: Vec<Ops>,
    pub access: Vec<Spanned<String>>,
    /// See [`ControlMixer::access_key`].
    pub access_key: Option<Span>,
    pub data: Vec<Ref>,
    pub unknown: Vec<Node>,
}

/// `SectionText`: the choices of an enum control.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Text {
    pub name: Spanned<String>,
    pub span: Span,
    pub index: Option<Spanned<u32>>,
    pub values: Vec<Spanned<String>>,
    pub unknown: Vec<Node>,
}

/// `SectionData`: private data from a file, hex lists or vendor tuples.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Data {
    pub name: Spanned<String>,
    pub span: Span,
    pub index: Option<Spanned<u32>>,
    pub file: Option<Spanned<String>>,
    /// `bytes "0x01,0x02"`: hex values split at `,` and `:`.
    pub bytes: Option<List>,
    pub shorts: Option<List>,
    pub words: Option<List>,
    /// The `SectionVendorTuples` this data is made of.
    pub tuples: Vec<Ref>,
    /// `type`: the vendor type of the data.
    pub data_type: Option<Spanned<i32>>,
    pub unknown: Vec<Node>,
}

/// `SectionVendorTokens`: token names and their numbers. Every key is a
/// token (alsa-lib reads `index` as a token too).
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct VendorTokens {
    pub name: Spanned<String>,
    pub span: Span,
    pub index: Option<Spanned<u32>>,
    pub tokens: Vec<Token>,
    /// Keys whose value is not a number; alsatplg skips them.
    pub unknown: Vec<Node>,
}

/// `SOF_TKN_BUF_SIZE "100"`.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Token {
    pub name: Spanned<String>,
    pub id: Spanned<i32>,
    pub span: Span,
}

/// `SectionVendorTuples`: typed token/value groups.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct VendorTuples {
    pub name: Spanned<String>,
    pub span: Span,
    pub index: Option<Spanned<u32>>,
    /// The `SectionVendorTokens` the token names come from.
    pub tokens: Option<Ref>,
    pub groups: Vec<TupleGroup>,
    pub unknown: Vec<Node>,
}

/// `tuples."word.module0" { TOKEN "value" … }`.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct TupleGroup {
    /// The group key as written (`word.module0`).
    pub key: Spanned<String>,
    pub span: Span,
    pub kind: TupleType,
    /// What follows the type in the key, without a leading `.`: `module0`.
    /// alsa-lib ignores it; it only keeps groups apart.
    pub suffix: String,
    pub tuples: Vec<Tuple>,
}

/// One `TOKEN "value"` of a tuple group.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Tuple {
    pub token: Spanned<String>,
    /// The value as written; [`TupleType::check`] reads it.
    pub value: Spanned<String>,
    /// The value as alsa-lib types it when it is a bare integer (`16`,
    /// `-1`, `0x10`): then it is read as a number, not parsed as text.
    pub integer: Option<i64>,
    pub span: Span,
}

/// The type of a tuple group.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum TupleType {
    Uuid,
    String,
    Bool,
    Byte,
    Short,
    Word,
}

/// A tuple value read for its type.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum TupleValue {
    Uuid([u8; 16]),
    String(String),
    Bool(bool),
    Int(u32),
}

impl TupleType {
    pub(crate) fn name(self) -> &'static str {
        match self {
            TupleType::Uuid => "uuid",
            TupleType::String => "string",
            TupleType::Bool => "bool",
            TupleType::Byte => "byte",
            TupleType::Short => "short",
            TupleType::Word => "word",
        }
    }

    /// The type a group key names, and the rest of the key. Like alsa-lib,
    /// leading digits and `_` are skipped (they order groups) and the type is
    /// a case-insensitive prefix: `word`, `0_word`, `word.module0`, `WORD2`.
    pub(crate) fn from_group_key(key: &str) -> Option<(TupleType, &str)> {
        let rest = key.trim_start_matches(|c: char| c.is_ascii_digit() || c == '_');
        [
            TupleType::Uuid,
            TupleType::String,
            TupleType::Bool,
            TupleType::Byte,
            TupleType::Short,
            TupleType::Word,
        ]
        .into_iter()
        .find(|t| {
            rest.get(..t.name().len())
                .is_some_and(|p| p.eq_ignore_ascii_case(t.name()))
        })
        .map(|t| (t, &rest[t.name().len()..]))
    }

    /// Reads a value of this type, or says why it is not one. Stricter than
    /// alsa-lib, which reads `"abc"` as the word 0: here that is an error.
    pub(crate) fn check(self, text: &str) -> Result<TupleValue, TupleValueError> {
        match self {
            TupleType::String => Ok(TupleValue::String(text.to_string())),
            TupleType::Bool => bool_ascii(text)
                .map(TupleValue::Bool)
                .ok_or_else(|| TupleValueError::NotBoolean(text.to_string())),
            TupleType::Uuid => parse_uuid(text).map(TupleValue::Uuid),
            TupleType::Byte | TupleType::Short | TupleType::Word => {
                let max = match self {
                    TupleType::Byte => 0xff,
                    TupleType::Short => 0xffff,
                    _ => 0xffff_ffff,
                };
                let v = strtol_full(text.trim_end(), 0)
                    .ok_or_else(|| TupleValueError::NotNumber(text.to_string()))?;
                // alsa-lib wraps small negative numbers to unsigned.
                let v = if (i64::from(i32::MIN)..0).contains(&v) {
                    v + (1 << 32)
                } else {
                    v
                };
                if (0..=max).contains(&v) {
                    Ok(TupleValue::Int(v as u32))
                } else {
                    Err(TupleValueError::TooLarge {
                        value: v,
                        kind: self,
                    })
                }
            }
        }
    }
}

/// A UUID as alsa-lib reads it: 16 hex bytes separated by `:`, or 16
/// numbers separated by `,`. Whitespace around a byte is allowed (M4 output
/// ends some UUIDs with a newline).
fn parse_uuid(text: &str) -> Result<[u8; 16], TupleValueError> {
    // as SOF writes them: `xx:` 15 times, then `xx`
    let b = text.as_bytes();
    if b.len() == 47 {
        let hex = |c: u8| char::from(c).to_digit(16);
        let mut out = [0u8; 16];
        let plain = out.iter_mut().enumerate().all(|(i, o)| {
            let at = 3 * i;
            match (hex(b[at]), hex(b[at + 1])) {
                (Some(h), Some(l)) if i == 15 || b[at + 2] == b':' => {
                    *o = (h * 16 + l) as u8;
                    true
                }
                _ => false,
            }
        });
        if plain {
            return Ok(out);
        }
    }
    parse_uuid_as_written(text)
}

/// [`parse_uuid`] of any spelling alsa-lib reads.
fn parse_uuid_as_written(text: &str) -> Result<[u8; 16], TupleValueError> {
    let (sep, radix) = if text.contains(':') {
        (':', 16)
    } else {
        (',', 0)
    };
    let count = text.split(sep).count();
    if count != 16 {
        return Err(TupleValueError::UuidLength(count));
    }
    let mut out = [0u8; 16];
    for (o, p) in out.iter_mut().zip(text.split(sep).map(str::trim)) {
        *o = strtol_full(p, radix)
            .and_then(|v| u8::try_from(v).ok())
            .ok_or_else(|| TupleValueError::NotAByte(p.to_string()))?;
    }
    Ok(out)
}

/// `SectionGraph`: routes between widgets.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Graph {
    pub name: Spanned<String>,
    pub span: Span,
    pub index: Option<Spanned<u32>>,
    pub lines: Vec<GraphLine>,
    pub unknown: Vec<Node>,
}

/// One entry of `lines [ "sink, control, source" ]`.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct GraphLine {
    pub text: Spanned<String>,
    /// `None` when alsatplg rejects the line (fewer than two commas).
    pub route: Option<Route>,
}

/// A route as alsatplg reads it: the sink runs to the first comma, the
/// control starts two bytes after it and runs to the next comma, the source
/// starts two bytes after that. So `"a, , b"` is sink `a`, no control,
/// source `b`, but `"a,b,c"` is sink `a` with an empty control and source.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Route {
    pub sink: Spanned<String>,
    pub control: Spanned<String>,
    pub source: Spanned<String>,
}

/// `SectionWidget`: a DAPM widget.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Widget {
    pub name: Spanned<String>,
    pub span: Span,
    pub index: Option<Spanned<u32>>,
    /// `type`: `pga`, `buffer`, `aif_in`, `dai_out`, `scheduler`, …
    pub widget_type: Option<Spanned<String>>,
    pub stream_name: Option<Spanned<String>>,
    pub no_pm: Option<Spanned<bool>>,
    pub shift: Option<Spanned<i32>>,
    pub reg: Option<Spanned<i32>>,
    pub invert: Option<Spanned<bool>>,
    pub ignore_suspend: Option<Spanned<bool>>,
    pub subseq: Option<Spanned<i32>>,
    pub event_type: Option<Spanned<i32>>,
    pub event_flags: Option<Spanned<i32>>,
    /// `mixer`: `SectionControlMixer` references.
    pub mixers: Vec<Ref>,
    /// `enum`: `SectionControlEnum` references.
    pub enums: Vec<Ref>,
    /// `bytes`: `SectionControlBytes` references.
    pub bytes: Vec<Ref>,
    pub data: Vec<Ref>,
    pub unknown: Vec<Node>,
}

/// `SectionPCMCapabilities`: what a PCM stream supports.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct PcmCapabilities {
    pub name: Spanned<String>,
    pub span: Span,
    pub index: Option<Spanned<u32>>,
    /// `formats "S32_LE,S16_LE"`, split at `,` and spaces.
    pub formats: Option<List>,
    /// `rates "48000,44100"`, split at `,` and spaces.
    pub rates: Option<List>,
    pub rate_min: Option<Spanned<u32>>,
    pub rate_max: Option<Spanned<u32>>,
    pub channels_min: Option<Spanned<u32>>,
    pub channels_max: Option<Spanned<u32>>,
    pub periods_min: Option<Spanned<u32>>,
    pub periods_max: Option<Spanned<u32>>,
    pub period_size_min: Option<Spanned<u32>>,
    pub period_size_max: Option<Spanned<u32>>,
    pub buffer_size_min: Option<Spanned<u32>>,
    pub buffer_size_max: Option<Spanned<u32>>,
    pub sig_bits: Option<Spanned<u32>>,
    pub unknown: Vec<Node>,
}

/// `SectionPCMConfig` (obsolete: alsatplg skips it).
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct PcmConfig {
    pub name: Spanned<String>,
    pub span: Span,
    pub index: Option<Spanned<u32>>,
    /// `config."playback" { … }` and `config."capture" { … }`.
    pub configs: Vec<StreamConfig>,
    pub unknown: Vec<Node>,
}

/// One stream of a `SectionPCMConfig`, values as written.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct StreamConfig {
    pub stream: Spanned<String>,
    pub span: Span,
    pub format: Option<Spanned<String>>,
    pub rate: Option<Spanned<String>>,
    pub channels: Option<Spanned<String>>,
    pub tdm_slot: Option<Spanned<String>>,
    pub unknown: Vec<Node>,
}

/// Playback or capture.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum Direction {
    Playback,
    Capture,
}

impl Direction {
    /// `playback` or `capture`, as a stream's key spells it.
    pub(crate) fn name(self) -> &'static str {
        match self {
            Direction::Playback => "playback",
            Direction::Capture => "capture",
        }
    }

    /// The direction a stream's key names.
    pub(crate) fn from_name(name: &str) -> Option<Direction> {
        [Direction::Playback, Direction::Capture]
            .into_iter()
            .find(|d| d.name() == name)
    }
}

/// `pcm."playback" { capabilities "…" }` in a PCM or DAI.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct PcmStream {
    /// The key: `playback` or `capture`.
    pub name: Spanned<String>,
    /// `None` for any other key (alsatplg rejects it).
    pub direction: Option<Direction>,
    pub span: Span,
    /// The `SectionPCMCapabilities` of the stream.
    pub capabilities: Option<Ref>,
    pub unknown: Vec<Node>,
}

/// The link flags PCMs, DAIs and links share.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct Flags {
    pub symmetric_rates: Option<Spanned<bool>>,
    pub symmetric_channels: Option<Spanned<bool>>,
    pub symmetric_sample_bits: Option<Spanned<bool>>,
    pub ignore_suspend: Option<Spanned<bool>>,
}

/// `dai."Name" { id "0" }` of a PCM: its front-end DAI.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct FeDai {
    pub name: Spanned<String>,
    pub span: Span,
    pub id: Option<Spanned<u32>>,
    pub unknown: Vec<Node>,
}

/// `SectionPCM`: a PCM device userspace opens.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Pcm {
    pub name: Spanned<String>,
    pub span: Span,
    pub index: Option<Spanned<u32>>,
    pub id: Option<Spanned<u32>>,
    pub dais: Vec<FeDai>,
    pub streams: Vec<PcmStream>,
    pub compress: Option<Spanned<bool>>,
    pub flags: Flags,
    pub data: Vec<Ref>,
    pub unknown: Vec<Node>,
}

/// `SectionDAI`: a physical DAI.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Dai {
    pub name: Spanned<String>,
    pub span: Span,
    pub index: Option<Spanned<u32>>,
    pub id: Option<Spanned<u32>>,
    pub playback: Option<Spanned<u32>>,
    pub capture: Option<Spanned<u32>>,
    pub streams: Vec<PcmStream>,
    pub flags: Flags,
    pub data: Vec<Ref>,
    pub unknown: Vec<Node>,
}

/// `SectionBE` / `SectionLink`: a back-end DAI link.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Link {
    pub name: Spanned<String>,
    pub span: Span,
    /// The keyword used: `SectionBE` or `SectionLink`.
    pub keyword: Spanned<String>,
    pub index: Option<Spanned<u32>>,
    pub id: Option<Spanned<u32>>,
    pub stream_name: Option<Spanned<String>>,
    /// The `SectionHWConfig`s the link may run with.
    pub hw_configs: Vec<Ref>,
    pub default_hw_conf_id: Option<Spanned<u32>>,
    pub flags: Flags,
    pub data: Vec<Ref>,
    pub unknown: Vec<Node>,
}

/// `SectionCC`: a codec-codec link.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Cc {
    pub name: Spanned<String>,
    pub span: Span,
    pub index: Option<Spanned<u32>>,
    pub id: Option<Spanned<u32>>,
    pub unknown: Vec<Node>,
}

/// `SectionHWConfig`: a DAI link's format and clocks. Older key spellings
/// alsa-lib still reads (`fmt`, `bclk_master`, `bclk_rate`, `invert_bclk`,
/// `mclk_direction`, `pm_gate_clocks`, …) fill the same fields.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct HwConfig {
    pub name: Spanned<String>,
    pub span: Span,
    pub index: Option<Spanned<u32>>,
    pub id: Option<Spanned<u32>>,
    /// `format`: `I2S`, `DSP_A`, `DSP_B`, `PDM`, …
    pub format: Option<Spanned<String>>,
    /// `bclk`: `codec_consumer`, `codec_provider` (or the deprecated
    /// `codec_slave`, `codec_master`, `master`).
    pub bclk: Option<Spanned<String>>,
    pub bclk_freq: Option<Spanned<u32>>,
    pub bclk_invert: Option<Spanned<bool>>,
    pub fsync: Option<Spanned<String>>,
    pub fsync_freq: Option<Spanned<u32>>,
    pub fsync_invert: Option<Spanned<bool>>,
    /// `mclk`: `codec_mclk_in`, `codec_mclk_out` (or `master`).
    pub mclk: Option<Spanned<String>>,
    pub mclk_freq: Option<Spanned<u32>>,
    pub clock_gated: Option<Spanned<bool>>,
    pub tdm_slots: Option<Spanned<u32>>,
    pub tdm_slot_width: Option<Spanned<u32>>,
    pub tx_slots: Option<Spanned<u32>>,
    pub rx_slots: Option<Spanned<u32>>,
    pub tx_channels: Option<Spanned<u32>>,
    pub rx_channels: Option<Spanned<u32>>,
    pub unknown: Vec<Node>,
}

#[cfg(test)]
/// A section name defined more than once within one kind.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Duplicate {
    pub kind: SectionKind,
    pub name: String,
    /// The name's span in each definition, in file order.
    pub spans: Vec<Span>,
}

impl ConfTopology {
    /// The `<file>` includes.
    pub(crate) fn includes(&self) -> &[Include] {
        &self.tree.includes
    }

    #[cfg(test)]
    /// How many sections of a kind there are.
    pub(crate) fn count(&self, kind: SectionKind) -> usize {
        self.sections().filter(|s| s.kind() == kind).count()
    }

    #[cfg(test)]
    /// Section names defined more than once in a kind (alsa-lib merges them
    /// into one section), sorted by the first definition.
    pub(crate) fn duplicates(&self) -> Vec<Duplicate> {
        let mut seen: HashMap<(SectionKind, &str), Vec<Span>> = HashMap::default();
        for s in self.sections() {
            seen.entry((s.kind(), s.name().as_str()))
                .or_default()
                .push(s.name().span);
        }
        let mut dups: Vec<Duplicate> = seen
            .into_iter()
            .filter(|(_, spans)| spans.len() > 1)
            .map(|((kind, name), spans)| Duplicate {
                kind,
                name: name.to_string(),
                spans,
            })
            .collect();
        dups.sort_by_key(|d| d.spans[0].start());
        dups
    }
}

/// `snd_config_get_bool_ascii`.
pub(crate) fn bool_ascii(s: &str) -> Option<bool> {
    const TABLE: [(&str, bool); 8] = [
        ("0", false),
        ("1", true),
        ("false", false),
        ("true", true),
        ("no", false),
        ("yes", true),
        ("off", false),
        ("on", true),
    ];
    TABLE
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case(s))
        .map(|&(_, v)| v)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_keyword_is_its_kind() {
        for kind in SectionKind::ALL {
            assert_eq!(SectionKind::from_keyword(kind.keyword()), Some(kind));
        }
        assert_eq!(
            SectionKind::from_keyword("SectionLink"),
            Some(SectionKind::Link)
        );
        for other in [
            "",
            "Section",
            "SectionWidgets",
            "sectionwidget",
            "SectionWidge",
        ] {
            assert_eq!(SectionKind::from_keyword(other), None, "{other}");
        }
    }

    #[test]
    fn a_uuid_reads_the_same_by_the_short_way_and_the_long() {
        let sof = "b7:7e:67:7e:b4:fe:4f:af:b8:e3:78:f5:31:4b:29:68";
        let cases = [
            sof.to_string(),
            sof.to_uppercase(),
            sof.replacen(':', ",", 1),
            sof.replace(':', "-"),
            sof.replacen("b7", "g7", 1),
            sof.replacen("68", "6 ", 1),
            format!("{}:", &sof[..46]),
            format!(" {}", &sof[..46]),
            "1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16".to_string(),
        ];
        for c in &cases {
            assert_eq!(c.len() == 47, c != &cases[8], "{c}");
            assert_eq!(parse_uuid(c), parse_uuid_as_written(c), "{c}");
        }
        assert_eq!(parse_uuid(sof).unwrap()[..3], [0xb7, 0x7e, 0x67]);
    }
}
