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

use super::tree::{strtol_full, Compound, ConfTree, Include, Node, Scalar, ScalarKind, Value};
use super::{ConfError, Source};
use crate::source::{FileId, Sources, Span};
use std::collections::HashMap;

/// A value and the span it was read from (the value token, quotes included,
/// or the part of it the value came from).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Spanned<T> {
    pub value: T,
    pub span: Span,
}

impl<T> Spanned<T> {
    pub fn new(value: T, span: Span) -> Self {
        Spanned { value, span }
    }
}

impl Spanned<String> {
    pub fn as_str(&self) -> &str {
        &self.value
    }
}

/// A reference by name to another section (data, tuples, TLV, controls, …).
pub type Ref = Spanned<String>;

/// A string alsa-lib splits into items (`formats "S32_LE,S16_LE"`, data
/// `bytes "0x01,0x02"`), with a span for each item.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct List {
    /// The whole value as written (unescaped).
    pub text: String,
    pub span: Span,
    pub items: Vec<Spanned<String>>,
}

/// The kinds of section, by their alsaconf keyword.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum SectionKind {
    Manifest,
    Tlv,
    ControlMixer,
    ControlBytes,
    ControlEnum,
    Text,
    Data,
    VendorTokens,
    VendorTuples,
    Graph,
    Widget,
    PcmCapabilities,
    /// Removed from alsa-lib in 2015 (ABI 4); alsatplg now reports it as an
    /// unknown section and skips it.
    PcmConfig,
    Pcm,
    Dai,
    /// `SectionBE` or its older name `SectionLink`: one namespace.
    Link,
    Cc,
    HwConfig,
}

impl SectionKind {
    pub const ALL: [SectionKind; 18] = [
        SectionKind::Manifest,
        SectionKind::Tlv,
        SectionKind::ControlMixer,
        SectionKind::ControlBytes,
        SectionKind::ControlEnum,
        SectionKind::Text,
        SectionKind::Data,
        SectionKind::VendorTokens,
        SectionKind::VendorTuples,
        SectionKind::Graph,
        SectionKind::Widget,
        SectionKind::PcmCapabilities,
        SectionKind::PcmConfig,
        SectionKind::Pcm,
        SectionKind::Dai,
        SectionKind::Link,
        SectionKind::Cc,
        SectionKind::HwConfig,
    ];

    /// The keyword that starts the section (`SectionBE` for [`SectionKind::Link`]).
    pub fn keyword(self) -> &'static str {
        match self {
            SectionKind::Manifest => "SectionManifest",
            SectionKind::Tlv => "SectionTLV",
            SectionKind::ControlMixer => "SectionControlMixer",
            SectionKind::ControlBytes => "SectionControlBytes",
            SectionKind::ControlEnum => "SectionControlEnum",
            SectionKind::Text => "SectionText",
            SectionKind::Data => "SectionData",
            SectionKind::VendorTokens => "SectionVendorTokens",
            SectionKind::VendorTuples => "SectionVendorTuples",
            SectionKind::Graph => "SectionGraph",
            SectionKind::Widget => "SectionWidget",
            SectionKind::PcmCapabilities => "SectionPCMCapabilities",
            SectionKind::PcmConfig => "SectionPCMConfig",
            SectionKind::Pcm => "SectionPCM",
            SectionKind::Dai => "SectionDAI",
            SectionKind::Link => "SectionBE",
            SectionKind::Cc => "SectionCC",
            SectionKind::HwConfig => "SectionHWConfig",
        }
    }

    pub fn from_keyword(k: &str) -> Option<SectionKind> {
        if k == "SectionLink" {
            return Some(SectionKind::Link);
        }
        SectionKind::ALL.into_iter().find(|s| s.keyword() == k)
    }
}

/// What every section has.
pub trait Section {
    fn kind(&self) -> SectionKind;
    /// The section's id, e.g. `"PGA1.0"` in `SectionWidget."PGA1.0"`.
    fn name(&self) -> &Spanned<String>;
    /// The whole section, keyword to closing brace.
    fn span(&self) -> Span;
    /// `index`: the pipeline (or group) the element belongs to.
    fn index(&self) -> Option<&Spanned<u32>>;
    /// Keys the section does not know; alsatplg ignores them.
    fn unknown_keys(&self) -> &[Node];
}

macro_rules! section {
    ($($ty:ident => $kind:ident),* $(,)?) => {$(
        impl Section for $ty {
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
        }
    )*};
}

section! {
    Manifest => Manifest,
    Tlv => Tlv,
    ControlMixer => ControlMixer,
    ControlBytes => ControlBytes,
    ControlEnum => ControlEnum,
    Text => Text,
    Data => Data,
    VendorTokens => VendorTokens,
    VendorTuples => VendorTuples,
    Graph => Graph,
    Widget => Widget,
    PcmCapabilities => PcmCapabilities,
    PcmConfig => PcmConfig,
    Pcm => Pcm,
    Dai => Dai,
    Link => Link,
    Cc => Cc,
    HwConfig => HwConfig,
}

/// `SectionManifest`: the topology's private data.
#[derive(Debug, Clone, PartialEq)]
pub struct Manifest {
    pub name: Spanned<String>,
    pub span: Span,
    pub index: Option<Spanned<u32>>,
    pub data: Vec<Ref>,
    pub unknown: Vec<Node>,
}

/// `SectionTLV`: a dB scale for volume controls.
#[derive(Debug, Clone, PartialEq)]
pub struct Tlv {
    pub name: Spanned<String>,
    pub span: Span,
    pub index: Option<Spanned<u32>>,
    pub scale: Option<DbScale>,
    pub unknown: Vec<Node>,
}

/// `scale { min step mute }`, in 0.01 dB.
#[derive(Debug, Clone, PartialEq)]
pub struct DbScale {
    pub span: Span,
    pub min: Option<Spanned<i32>>,
    pub step: Option<Spanned<i32>>,
    pub mute: Option<Spanned<i32>>,
    pub unknown: Vec<Node>,
}

/// `channel."FL" { reg shift }`.
#[derive(Debug, Clone, PartialEq)]
pub struct Channel {
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
pub struct Ops {
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
pub struct ControlMixer {
    pub name: Spanned<String>,
    pub span: Span,
    pub index: Option<Spanned<u32>>,
    pub channels: Vec<Channel>,
    pub ops: Vec<Ops>,
    /// `access` flags (`read_write`, `tlv_read`, …).
    pub access: Vec<Spanned<String>>,
    pub max: Option<Spanned<i32>>,
    pub invert: Option<Spanned<bool>>,
    pub tlv: Option<Ref>,
    pub data: Vec<Ref>,
    pub unknown: Vec<Node>,
}

/// `SectionControlBytes`: a binary blob control.
#[derive(Debug, Clone, PartialEq)]
pub struct ControlBytes {
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
    pub unknown: Vec<Node>,
}

/// `SectionControlEnum`: a control choosing among texts.
#[derive(Debug, Clone, PartialEq)]
pub struct ControlEnum {
    pub name: Spanned<String>,
    pub span: Span,
    pub index: Option<Spanned<u32>>,
    /// The `SectionText` holding the choices.
    pub texts: Option<Ref>,
    pub channels: Vec<Channel>,
    pub ops: Vec<Ops>,
    pub access: Vec<Spanned<String>>,
    pub data: Vec<Ref>,
    pub unknown: Vec<Node>,
}

/// `SectionText`: the choices of an enum control.
#[derive(Debug, Clone, PartialEq)]
pub struct Text {
    pub name: Spanned<String>,
    pub span: Span,
    pub index: Option<Spanned<u32>>,
    pub values: Vec<Spanned<String>>,
    pub unknown: Vec<Node>,
}

/// `SectionData`: private data from a file, hex lists or vendor tuples.
#[derive(Debug, Clone, PartialEq)]
pub struct Data {
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
pub struct VendorTokens {
    pub name: Spanned<String>,
    pub span: Span,
    pub index: Option<Spanned<u32>>,
    pub tokens: Vec<Token>,
    /// Keys whose value is not a number; alsatplg skips them.
    pub unknown: Vec<Node>,
}

/// `SOF_TKN_BUF_SIZE "100"`.
#[derive(Debug, Clone, PartialEq)]
pub struct Token {
    pub name: Spanned<String>,
    pub id: Spanned<i32>,
    pub span: Span,
}

/// `SectionVendorTuples`: typed token/value groups.
#[derive(Debug, Clone, PartialEq)]
pub struct VendorTuples {
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
pub struct TupleGroup {
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
pub struct Tuple {
    pub token: Spanned<String>,
    /// The value as written; [`TupleType::check`] reads it.
    pub value: Spanned<String>,
    pub span: Span,
}

/// The type of a tuple group.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TupleType {
    Uuid,
    String,
    Bool,
    Byte,
    Short,
    Word,
}

/// A tuple value read for its type.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TupleValue {
    Uuid([u8; 16]),
    String(String),
    Bool(bool),
    Int(u32),
}

impl TupleType {
    pub fn name(self) -> &'static str {
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
    pub fn from_group_key(key: &str) -> Option<(TupleType, &str)> {
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
    pub fn check(self, text: &str) -> Result<TupleValue, String> {
        match self {
            TupleType::String => Ok(TupleValue::String(text.to_string())),
            TupleType::Bool => bool_ascii(text).map(TupleValue::Bool).ok_or_else(|| {
                format!("`{text}` is not a boolean (true/false, yes/no, on/off, 1/0)")
            }),
            TupleType::Uuid => parse_uuid(text).map(TupleValue::Uuid),
            TupleType::Byte | TupleType::Short | TupleType::Word => {
                let max = match self {
                    TupleType::Byte => 0xff,
                    TupleType::Short => 0xffff,
                    _ => 0xffff_ffff,
                };
                let v = strtol_full(text.trim_end(), 0)
                    .ok_or_else(|| format!("`{text}` is not a number"))?;
                // alsa-lib wraps small negative numbers to unsigned.
                let v = if (i64::from(i32::MIN)..0).contains(&v) {
                    v + (1 << 32)
                } else {
                    v
                };
                if (0..=max).contains(&v) {
                    Ok(TupleValue::Int(v as u32))
                } else {
                    Err(format!("{v} does not fit in a {}", self.name()))
                }
            }
        }
    }
}

/// A UUID as alsa-lib reads it: 16 hex bytes separated by `:`, or 16
/// numbers separated by `,`. Whitespace around a byte is allowed (M4 output
/// ends some UUIDs with a newline).
fn parse_uuid(text: &str) -> Result<[u8; 16], String> {
    let (sep, radix) = if text.contains(':') {
        (':', 16)
    } else {
        (',', 0)
    };
    let parts: Vec<&str> = text.split(sep).map(str::trim).collect();
    if parts.len() != 16 {
        return Err(format!("a UUID has 16 bytes, this has {}", parts.len()));
    }
    let mut out = [0u8; 16];
    for (o, p) in out.iter_mut().zip(&parts) {
        *o = strtol_full(p, radix)
            .and_then(|v| u8::try_from(v).ok())
            .ok_or_else(|| format!("`{p}` is not a byte"))?;
    }
    Ok(out)
}

/// `SectionGraph`: routes between widgets.
#[derive(Debug, Clone, PartialEq)]
pub struct Graph {
    pub name: Spanned<String>,
    pub span: Span,
    pub index: Option<Spanned<u32>>,
    pub lines: Vec<GraphLine>,
    pub unknown: Vec<Node>,
}

/// One entry of `lines [ "sink, control, source" ]`.
#[derive(Debug, Clone, PartialEq)]
pub struct GraphLine {
    pub text: Spanned<String>,
    /// `None` when alsatplg rejects the line (fewer than two commas).
    pub route: Option<Route>,
}

/// A route as alsatplg reads it: the sink runs to the first comma, the
/// control starts two bytes after it and runs to the next comma, the source
/// starts two bytes after that. So `"a, , b"` is sink `a`, no control,
/// source `b`, but `"a,b,c"` is sink `a` with an empty control and source.
#[derive(Debug, Clone, PartialEq)]
pub struct Route {
    pub sink: Spanned<String>,
    pub control: Spanned<String>,
    pub source: Spanned<String>,
}

/// `SectionWidget`: a DAPM widget.
#[derive(Debug, Clone, PartialEq)]
pub struct Widget {
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
pub struct PcmCapabilities {
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
pub struct PcmConfig {
    pub name: Spanned<String>,
    pub span: Span,
    pub index: Option<Spanned<u32>>,
    /// `config."playback" { … }` and `config."capture" { … }`.
    pub configs: Vec<StreamConfig>,
    pub unknown: Vec<Node>,
}

/// One stream of a `SectionPCMConfig`, values as written.
#[derive(Debug, Clone, PartialEq)]
pub struct StreamConfig {
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
pub enum Direction {
    Playback,
    Capture,
}

/// `pcm."playback" { capabilities "…" }` in a PCM or DAI.
#[derive(Debug, Clone, PartialEq)]
pub struct PcmStream {
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
pub struct Flags {
    pub symmetric_rates: Option<Spanned<bool>>,
    pub symmetric_channels: Option<Spanned<bool>>,
    pub symmetric_sample_bits: Option<Spanned<bool>>,
    pub ignore_suspend: Option<Spanned<bool>>,
}

/// `dai."Name" { id "0" }` of a PCM: its front-end DAI.
#[derive(Debug, Clone, PartialEq)]
pub struct FeDai {
    pub name: Spanned<String>,
    pub span: Span,
    pub id: Option<Spanned<u32>>,
    pub unknown: Vec<Node>,
}

/// `SectionPCM`: a PCM device userspace opens.
#[derive(Debug, Clone, PartialEq)]
pub struct Pcm {
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
pub struct Dai {
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
pub struct Link {
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
pub struct Cc {
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
pub struct HwConfig {
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

/// A whole alsaconf topology.
#[derive(Debug)]
pub struct ConfTopology {
    pub file: FileId,
    /// The generic tree the sections were read from.
    pub tree: ConfTree,
    pub manifests: Vec<Manifest>,
    pub tlvs: Vec<Tlv>,
    pub mixers: Vec<ControlMixer>,
    pub bytes: Vec<ControlBytes>,
    pub enums: Vec<ControlEnum>,
    pub texts: Vec<Text>,
    pub data: Vec<Data>,
    pub tokens: Vec<VendorTokens>,
    pub tuples: Vec<VendorTuples>,
    pub graphs: Vec<Graph>,
    pub widgets: Vec<Widget>,
    pub pcm_capabilities: Vec<PcmCapabilities>,
    pub pcm_configs: Vec<PcmConfig>,
    pub pcms: Vec<Pcm>,
    pub dais: Vec<Dai>,
    pub links: Vec<Link>,
    pub ccs: Vec<Cc>,
    pub hw_configs: Vec<HwConfig>,
    /// Top-level keys that name no section kind; alsatplg reports "unknown
    /// section" and goes on.
    pub unknown_sections: Vec<Node>,
    /// Values alsatplg rejects.
    pub errors: Vec<ConfError>,
    /// Values alsatplg silently skips or misreads.
    pub warnings: Vec<ConfError>,
}

/// A section name defined more than once within one kind.
#[derive(Debug, Clone, PartialEq)]
pub struct Duplicate {
    pub kind: SectionKind,
    pub name: String,
    /// The name's span in each definition, in file order.
    pub spans: Vec<Span>,
}

impl ConfTopology {
    fn empty(file: FileId) -> Self {
        ConfTopology {
            file,
            tree: ConfTree {
                file,
                nodes: Vec::new(),
                includes: Vec::new(),
            },
            manifests: Vec::new(),
            tlvs: Vec::new(),
            mixers: Vec::new(),
            bytes: Vec::new(),
            enums: Vec::new(),
            texts: Vec::new(),
            data: Vec::new(),
            tokens: Vec::new(),
            tuples: Vec::new(),
            graphs: Vec::new(),
            widgets: Vec::new(),
            pcm_capabilities: Vec::new(),
            pcm_configs: Vec::new(),
            pcms: Vec::new(),
            dais: Vec::new(),
            links: Vec::new(),
            ccs: Vec::new(),
            hw_configs: Vec::new(),
            unknown_sections: Vec::new(),
            errors: Vec::new(),
            warnings: Vec::new(),
        }
    }

    /// The `<file>` includes.
    pub fn includes(&self) -> &[Include] {
        &self.tree.includes
    }

    /// Every section, kind by kind, each kind in file order.
    pub fn sections(&self) -> impl Iterator<Item = &dyn Section> {
        fn each<T: Section>(v: &[T]) -> impl Iterator<Item = &dyn Section> {
            v.iter().map(|s| s as &dyn Section)
        }
        each(&self.manifests)
            .chain(each(&self.tlvs))
            .chain(each(&self.mixers))
            .chain(each(&self.bytes))
            .chain(each(&self.enums))
            .chain(each(&self.texts))
            .chain(each(&self.data))
            .chain(each(&self.tokens))
            .chain(each(&self.tuples))
            .chain(each(&self.graphs))
            .chain(each(&self.widgets))
            .chain(each(&self.pcm_capabilities))
            .chain(each(&self.pcm_configs))
            .chain(each(&self.pcms))
            .chain(each(&self.dais))
            .chain(each(&self.links))
            .chain(each(&self.ccs))
            .chain(each(&self.hw_configs))
    }

    /// How many sections of a kind there are.
    pub fn count(&self, kind: SectionKind) -> usize {
        self.sections().filter(|s| s.kind() == kind).count()
    }

    /// Section names defined more than once in a kind (alsa-lib merges them
    /// into one section), sorted by the first definition.
    pub fn duplicates(&self) -> Vec<Duplicate> {
        let mut seen: HashMap<(SectionKind, &str), Vec<Span>> = HashMap::new();
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
        dups.sort_by_key(|d| d.spans[0].start);
        dups
    }
}

/// Reads the sections of a parsed tree (what [`super::parse`] does after
/// [`super::parse_tree`]).
pub fn from_tree(sources: &Sources, tree: ConfTree) -> ConfTopology {
    let mut cx = Cx {
        src: std::sync::Arc::new(sources.named(tree.file)),
        file: tree.file,
        errors: Vec::new(),
        warnings: Vec::new(),
    };
    let mut t = ConfTopology::empty(tree.file);
    for top in &tree.nodes {
        let Some(kind) = SectionKind::from_keyword(&top.key.name) else {
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
                name: Spanned::new(node.key.name.clone(), node.key.span),
                span,
                body: c,
            };
            match kind {
                SectionKind::Manifest => t.manifests.push(cx.manifest(s)),
                SectionKind::Tlv => t.tlvs.push(cx.tlv(s)),
                SectionKind::ControlMixer => t.mixers.push(cx.mixer(s)),
                SectionKind::ControlBytes => t.bytes.push(cx.control_bytes(s)),
                SectionKind::ControlEnum => t.enums.push(cx.control_enum(s)),
                SectionKind::Text => t.texts.push(cx.text(s)),
                SectionKind::Data => t.data.push(cx.data(s)),
                SectionKind::VendorTokens => t.tokens.push(cx.vendor_tokens(s)),
                SectionKind::VendorTuples => t.tuples.push(cx.vendor_tuples(s)),
                SectionKind::Graph => t.graphs.push(cx.graph(s)),
                SectionKind::Widget => t.widgets.push(cx.widget(s)),
                SectionKind::PcmCapabilities => t.pcm_capabilities.push(cx.pcm_caps(s)),
                SectionKind::PcmConfig => t.pcm_configs.push(cx.pcm_config(s)),
                SectionKind::Pcm => t.pcms.push(cx.pcm(s)),
                SectionKind::Dai => t.dais.push(cx.dai(s)),
                SectionKind::Link => {
                    let keyword = Spanned::new(top.key.name.clone(), top.key.span);
                    t.links.push(cx.link(s, keyword))
                }
                SectionKind::Cc => t.ccs.push(cx.cc(s)),
                SectionKind::HwConfig => t.hw_configs.push(cx.hw_config(s)),
            }
        }
    }
    t.errors = cx.errors;
    t.warnings = cx.warnings;
    t.tree = tree;
    t
}

/// One section being read: its name, span and body.
struct Sec<'n> {
    name: Spanned<String>,
    span: Span,
    body: &'n Compound,
}

/// Comments alsa-lib skips in most sections: a `comment` key, or a quoted
/// key starting with `#`.
fn is_comment(key: &str) -> bool {
    key == "comment" || key.starts_with('#')
}

/// `snd_config_get_bool_ascii`.
fn bool_ascii(s: &str) -> Option<bool> {
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

/// Reading values as alsa-lib does, collecting what goes wrong.
struct Cx {
    src: Source,
    file: FileId,
    errors: Vec<ConfError>,
    warnings: Vec<ConfError>,
}

impl Cx {
    fn problem(&self, span: Span, message: String, label: &str, help: Option<&str>) -> ConfError {
        debug_assert_eq!(span.file, self.file);
        ConfError::Invalid {
            message,
            src: self.src.clone(),
            span: span.into(),
            label: label.to_string(),
            help: help.map(str::to_string),
        }
    }

    fn error(&mut self, span: Span, message: String, label: &str, help: Option<&str>) {
        let e = self.problem(span, message, label, help);
        self.errors.push(e);
    }

    fn warn(&mut self, span: Span, message: String, label: &str, help: Option<&str>) {
        let e = self.problem(span, message, label, help);
        self.warnings.push(e);
    }

    /// The node's compound, or an error.
    fn compound<'n>(&mut self, n: &'n Node, what: &str) -> Option<&'n Compound> {
        match &n.value {
            Value::Compound(c) => Some(c),
            Value::Array(_) => {
                // alsa-lib stores an array as a compound of "0", "1", …;
                // a section or group written as an array has no names.
                self.error(
                    n.value.span(),
                    format!("`{}` must be {what}, not an array", n.key.name),
                    "expected `{ … }`",
                    None,
                );
                None
            }
            Value::Scalar(_) => {
                self.error(
                    n.value.span(),
                    format!(
                        "`{}` must be {what}, not {}",
                        n.key.name,
                        n.value.describe()
                    ),
                    "expected `{ … }`",
                    None,
                );
                None
            }
        }
    }

    /// The node's scalar, or an error saying what was expected.
    fn scalar<'n>(&mut self, n: &'n Node, what: &str) -> Option<&'n Scalar> {
        match &n.value {
            Value::Scalar(s) => Some(s),
            v => {
                self.error(
                    v.span(),
                    format!("`{}` must be {what}, not {}", n.key.name, v.describe()),
                    "here",
                    None,
                );
                None
            }
        }
    }

    /// `snd_config_get_string`: a string node; a bare number is not one.
    fn string(&mut self, n: &Node) -> Option<Spanned<String>> {
        let s = self.scalar(n, "a string")?;
        if s.kind() != ScalarKind::String {
            self.error(
                s.span,
                format!(
                    "`{}` must be a string; alsatplg reads `{}` as a number",
                    n.key.name, s.text
                ),
                "a number",
                Some("quote it"),
            );
            return None;
        }
        Some(Spanned::new(s.text.clone(), s.span))
    }

    /// `tplg_get_integer`: an integer node, or a string alsa-lib reads as an
    /// integer in `base` (0: C notation), within 32 bits.
    fn int_base(&mut self, n: &Node, base: u32) -> Option<Spanned<i32>> {
        let s = self.scalar(n, "an integer")?;
        let v = match s.kind() {
            ScalarKind::Integer(i) => Some(i),
            ScalarKind::Real(_) => None,
            ScalarKind::String => strtol_full(&s.text, base),
        };
        let what = if base == 16 {
            "a hexadecimal integer"
        } else {
            "an integer"
        };
        match v.map(i32::try_from) {
            Some(Ok(i)) => Some(Spanned::new(i, s.span)),
            Some(Err(_)) => {
                self.error(
                    s.span,
                    format!("`{}` does not fit in 32 bits", n.key.name),
                    "too large",
                    None,
                );
                None
            }
            None => {
                self.error(
                    s.span,
                    format!("`{}` must be {what}, not `{}`", n.key.name, s.text),
                    "not an integer",
                    Some("integers are decimal (`48000`), hexadecimal (`0x1f`) or octal (`010`)"),
                );
                None
            }
        }
    }

    fn int(&mut self, n: &Node) -> Option<Spanned<i32>> {
        self.int_base(n, 0)
    }

    /// `parse_unsigned`: an integer stored unsigned (negative ones wrap).
    fn uint(&mut self, n: &Node) -> Option<Spanned<u32>> {
        self.int(n).map(|s| Spanned::new(s.value as u32, s.span))
    }

    /// `index`: an integer that must not be negative.
    fn index(&mut self, n: &Node) -> Option<Spanned<u32>> {
        let v = self.int(n)?;
        match u32::try_from(v.value) {
            Ok(u) => Some(Spanned::new(u, v.span)),
            Err(_) => {
                self.error(
                    v.span,
                    "`index` must not be negative".into(),
                    "negative",
                    None,
                );
                None
            }
        }
    }

    /// `snd_config_get_bool`: 0/1, or true/false, yes/no, on/off.
    fn bool(&mut self, n: &Node) -> Option<Spanned<bool>> {
        let s = self.scalar(n, "a boolean")?;
        let v = match s.kind() {
            ScalarKind::Integer(0) => Some(false),
            ScalarKind::Integer(1) => Some(true),
            ScalarKind::Integer(_) | ScalarKind::Real(_) => None,
            ScalarKind::String => bool_ascii(&s.text),
        };
        if v.is_none() {
            self.error(
                s.span,
                format!("`{}` must be a boolean, not `{}`", n.key.name, s.text),
                "not a boolean",
                Some("use true or false (or yes/no, on/off, 1/0)"),
            );
        }
        v.map(|b| Spanned::new(b, s.span))
    }

    /// `tplg_parse_refs`: one name, or a list of names (array or compound).
    fn refs(&mut self, n: &Node, out: &mut Vec<Ref>) {
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
                for e in v.elements() {
                    match e {
                        Value::Scalar(s) if s.kind() == ScalarKind::String => {
                            out.push(Spanned::new(s.text.clone(), s.span))
                        }
                        e => self.warn(
                            e.span(),
                            format!(
                                "alsatplg skips this entry of `{}`: it is not a name",
                                n.key.name
                            ),
                            &format!("{}, not a string", e.describe()),
                            Some("quote it"),
                        ),
                    }
                }
            }
        }
    }

    /// A string alsa-lib splits at any of `seps`, with a span per item.
    fn list(&mut self, n: &Node, seps: &[char]) -> Option<List> {
        self.string(n)?;
        let s = n.value.as_scalar()?;
        let mut items = Vec::new();
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
            text: s.text.clone(),
            span: s.span,
            items,
        })
    }

    /// The groups of a compound-of-compounds key like `ops."ctl" { … }` or
    /// `channel."FL" { … }`: each child must be a compound. alsa-lib stores
    /// an array as a compound keyed `0`, `1`, …, so `[ { … } ]` works too.
    fn groups<'n>(&mut self, n: &'n Node) -> Vec<Group<'n>> {
        let mut out = Vec::new();
        match &n.value {
            Value::Compound(c) => {
                for g in &c.nodes {
                    if let Some(body) = self.compound(g, "a compound") {
                        out.push(Group {
                            name: Spanned::new(g.key.name.clone(), g.key.span),
                            span: g.span,
                            nodes: &body.nodes,
                        });
                    }
                }
            }
            Value::Array(a) => {
                for (i, v) in a.items.iter().enumerate() {
                    match v {
                        Value::Compound(body) => out.push(Group {
                            name: Spanned::new(i.to_string(), v.span()),
                            span: v.span(),
                            nodes: &body.nodes,
                        }),
                        v => self.error(
                            v.span(),
                            format!(
                                "the entries of `{}` must be compounds, not {}",
                                n.key.name,
                                v.describe()
                            ),
                            "expected `{ … }`",
                            None,
                        ),
                    }
                }
            }
            Value::Scalar(_) => {
                self.compound(n, "a compound");
            }
        }
        out
    }

    fn ops(&mut self, n: &Node, out: &mut Vec<Ops>) {
        for g in self.groups(n) {
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
                // A name (`volsw`) or a number (`256`): both are fine here.
                if let Some(s) = self.scalar(k, "a handler name or number") {
                    *slot = Some(Spanned::new(s.text.clone(), s.span));
                }
            }
            out.push(ops);
        }
    }

    fn channels(&mut self, n: &Node, out: &mut Vec<Channel>) {
        for g in self.groups(n) {
            let mut ch = Channel {
                name: g.name.clone(),
                span: g.span,
                reg: None,
                shift: None,
                unknown: Vec::new(),
            };
            for k in g.nodes {
                match k.key.name.as_str() {
                    "reg" => ch.reg = self.int(k),
                    "shift" => ch.shift = self.int(k),
                    _ => ch.unknown.push(k.clone()),
                }
            }
            out.push(ch);
        }
    }

    /// `access`: one flag or a list of them.
    fn access(&mut self, n: &Node, out: &mut Vec<Spanned<String>>) {
        self.refs(n, out)
    }

    /// `pcm."playback" { capabilities "…" }`.
    fn streams(&mut self, n: &Node, out: &mut Vec<PcmStream>) {
        for g in self.groups(n) {
            let direction = match g.name.value.as_str() {
                "playback" => Some(Direction::Playback),
                "capture" => Some(Direction::Capture),
                _ => {
                    self.error(
                        g.name.span,
                        format!(
                            "a PCM stream is `playback` or `capture`, not `{}`",
                            g.name.value
                        ),
                        "unknown stream",
                        None,
                    );
                    None
                }
            };
            let mut st = PcmStream {
                name: g.name.clone(),
                direction,
                span: g.span,
                capabilities: None,
                unknown: Vec::new(),
            };
            for k in g.nodes {
                match k.key.name.as_str() {
                    "capabilities" => st.capabilities = self.string(k),
                    _ => st.unknown.push(k.clone()),
                }
            }
            out.push(st);
        }
    }

    /// The link flags; false when `key` is not one.
    fn flag(&mut self, flags: &mut Flags, n: &Node) -> bool {
        let slot = match n.key.name.as_str() {
            "symmetric_rates" => &mut flags.symmetric_rates,
            "symmetric_channels" => &mut flags.symmetric_channels,
            "symmetric_sample_bits" => &mut flags.symmetric_sample_bits,
            "ignore_suspend" => &mut flags.ignore_suspend,
            _ => return false,
        };
        *slot = self.bool(n);
        true
    }

    fn manifest(&mut self, s: Sec) -> Manifest {
        let mut m = Manifest {
            name: s.name,
            span: s.span,
            index: None,
            data: Vec::new(),
            unknown: Vec::new(),
        };
        for n in &s.body.nodes {
            match n.key.name.as_str() {
                "index" => m.index = self.index(n),
                "data" => self.refs(n, &mut m.data),
                k if is_comment(k) => {}
                _ => m.unknown.push(n.clone()),
            }
        }
        m
    }

    fn tlv(&mut self, s: Sec) -> Tlv {
        let mut t = Tlv {
            name: s.name,
            span: s.span,
            index: None,
            scale: None,
            unknown: Vec::new(),
        };
        for n in &s.body.nodes {
            match n.key.name.as_str() {
                "index" => t.index = self.index(n),
                "scale" => {
                    let Some(c) = self.compound(n, "a compound `{ min step mute }`") else {
                        continue;
                    };
                    let mut sc = DbScale {
                        span: n.span,
                        min: None,
                        step: None,
                        mute: None,
                        unknown: Vec::new(),
                    };
                    for k in &c.nodes {
                        let slot = match k.key.name.as_str() {
                            "min" => &mut sc.min,
                            "step" => &mut sc.step,
                            "mute" => &mut sc.mute,
                            _ => {
                                sc.unknown.push(k.clone());
                                continue;
                            }
                        };
                        *slot = self.int(k);
                    }
                    t.scale = Some(sc);
                }
                _ => t.unknown.push(n.clone()),
            }
        }
        t
    }

    fn mixer(&mut self, s: Sec) -> ControlMixer {
        let mut m = ControlMixer {
            name: s.name,
            span: s.span,
            index: None,
            channels: Vec::new(),
            ops: Vec::new(),
            access: Vec::new(),
            max: None,
            invert: None,
            tlv: None,
            data: Vec::new(),
            unknown: Vec::new(),
        };
        for n in &s.body.nodes {
            match n.key.name.as_str() {
                "index" => m.index = self.index(n),
                "channel" => self.channels(n, &mut m.channels),
                "max" => m.max = self.int(n),
                "invert" => m.invert = self.bool(n),
                "ops" => self.ops(n, &mut m.ops),
                "tlv" => m.tlv = self.string(n),
                "data" => self.refs(n, &mut m.data),
                "access" => self.access(n, &mut m.access),
                k if is_comment(k) => {}
                _ => m.unknown.push(n.clone()),
            }
        }
        m
    }

    fn control_bytes(&mut self, s: Sec) -> ControlBytes {
        let mut b = ControlBytes {
            name: s.name,
            span: s.span,
            index: None,
            base: None,
            num_regs: None,
            mask: None,
            max: None,
            ops: Vec::new(),
            extops: Vec::new(),
            tlv: None,
            data: Vec::new(),
            access: Vec::new(),
            unknown: Vec::new(),
        };
        for n in &s.body.nodes {
            match n.key.name.as_str() {
                "index" => b.index = self.index(n),
                "base" => b.base = self.int(n),
                "num_regs" => b.num_regs = self.int(n),
                "max" => b.max = self.int(n),
                "mask" => b.mask = self.int_base(n, 16),
                "data" => self.refs(n, &mut b.data),
                "tlv" => b.tlv = self.string(n),
                "ops" => self.ops(n, &mut b.ops),
                "extops" => self.ops(n, &mut b.extops),
                "access" => self.access(n, &mut b.access),
                k if is_comment(k) => {}
                _ => b.unknown.push(n.clone()),
            }
        }
        b
    }

    fn control_enum(&mut self, s: Sec) -> ControlEnum {
        let mut e = ControlEnum {
            name: s.name,
            span: s.span,
            index: None,
            texts: None,
            channels: Vec::new(),
            ops: Vec::new(),
            access: Vec::new(),
            data: Vec::new(),
            unknown: Vec::new(),
        };
        for n in &s.body.nodes {
            match n.key.name.as_str() {
                "index" => e.index = self.index(n),
                "texts" => e.texts = self.string(n),
                "channel" => self.channels(n, &mut e.channels),
                "ops" => self.ops(n, &mut e.ops),
                "data" => self.refs(n, &mut e.data),
                "access" => self.access(n, &mut e.access),
                k if is_comment(k) => {}
                _ => e.unknown.push(n.clone()),
            }
        }
        e
    }

    fn text(&mut self, s: Sec) -> Text {
        let mut t = Text {
            name: s.name,
            span: s.span,
            index: None,
            values: Vec::new(),
            unknown: Vec::new(),
        };
        for n in &s.body.nodes {
            match n.key.name.as_str() {
                "index" => t.index = self.index(n),
                "values" => {
                    if let Value::Scalar(_) = n.value {
                        // alsa-lib iterates the children of `values`; a
                        // plain string has none.
                        self.warn(
                            n.value.span(),
                            "alsatplg reads no texts from a single string".into(),
                            "expected `[ \"…\" ]`",
                            Some("write `values [ \"one\" \"two\" ]`"),
                        );
                    } else {
                        self.refs(n, &mut t.values);
                    }
                }
                _ => t.unknown.push(n.clone()),
            }
        }
        t
    }

    fn data(&mut self, s: Sec) -> Data {
        let mut d = Data {
            name: s.name,
            span: s.span,
            index: None,
            file: None,
            bytes: None,
            shorts: None,
            words: None,
            tuples: Vec::new(),
            data_type: None,
            unknown: Vec::new(),
        };
        for n in &s.body.nodes {
            match n.key.name.as_str() {
                "index" => d.index = self.index(n),
                "file" => d.file = self.string(n),
                "bytes" => d.bytes = self.list(n, &[',', ':']),
                "shorts" => d.shorts = self.list(n, &[',', ':']),
                "words" => d.words = self.list(n, &[',', ':']),
                "tuples" => self.refs(n, &mut d.tuples),
                "type" => d.data_type = self.int(n),
                _ => d.unknown.push(n.clone()),
            }
        }
        d
    }

    fn vendor_tokens(&mut self, s: Sec) -> VendorTokens {
        let mut v = VendorTokens {
            name: s.name,
            span: s.span,
            index: None,
            tokens: Vec::new(),
            unknown: Vec::new(),
        };
        for n in &s.body.nodes {
            if n.key.name == "index" {
                v.index = self.index(n);
            }
            let id = match &n.value {
                Value::Scalar(sc) => match sc.kind() {
                    ScalarKind::Integer(i) => i32::try_from(i).ok(),
                    ScalarKind::Real(_) => None,
                    ScalarKind::String => {
                        strtol_full(&sc.text, 0).and_then(|i| i32::try_from(i).ok())
                    }
                },
                _ => None,
            };
            match id {
                Some(id) => v.tokens.push(Token {
                    name: Spanned::new(n.key.name.clone(), n.key.span),
                    id: Spanned::new(id, n.value.span()),
                    span: n.span,
                }),
                None => {
                    self.warn(
                        n.value.span(),
                        format!(
                            "alsatplg skips token `{}`: its value is not an integer",
                            n.key.name
                        ),
                        "not an integer",
                        None,
                    );
                    v.unknown.push(n.clone());
                }
            }
        }
        v
    }

    fn vendor_tuples(&mut self, s: Sec) -> VendorTuples {
        let mut v = VendorTuples {
            name: s.name,
            span: s.span,
            index: None,
            tokens: None,
            groups: Vec::new(),
            unknown: Vec::new(),
        };
        for n in &s.body.nodes {
            match n.key.name.as_str() {
                "index" => v.index = self.index(n),
                "tokens" => v.tokens = self.string(n),
                "tuples" => {
                    for g in self.groups(n) {
                        if let Some(group) = self.tuple_group(&g) {
                            v.groups.push(group);
                        }
                    }
                }
                _ => v.unknown.push(n.clone()),
            }
        }
        v
    }

    fn tuple_group(&mut self, g: &Group) -> Option<TupleGroup> {
        let Some((kind, rest)) = TupleType::from_group_key(&g.name.value) else {
            self.error(
                g.name.span,
                format!("`{}` is not a tuple type", g.name.value),
                "unknown tuple type",
                Some("tuple groups are uuid, string, bool, byte, short or word, optionally followed by a suffix (`word.module0`)"),
            );
            return None;
        };
        let mut group = TupleGroup {
            key: g.name.clone(),
            span: g.span,
            kind,
            suffix: rest.strip_prefix('.').unwrap_or(rest).to_string(),
            tuples: Vec::new(),
        };
        for t in g.nodes {
            let Value::Scalar(sc) = &t.value else {
                self.error(
                    t.value.span(),
                    format!(
                        "tuple `{}` must have a value, not {}",
                        t.key.name,
                        t.value.describe()
                    ),
                    "here",
                    None,
                );
                continue;
            };
            if matches!(kind, TupleType::Uuid | TupleType::String)
                && sc.kind() != ScalarKind::String
            {
                self.warn(
                    sc.span,
                    format!(
                        "alsatplg skips {} tuple `{}`: it reads `{}` as a number",
                        kind.name(),
                        t.key.name,
                        sc.text
                    ),
                    "a number",
                    Some("quote it"),
                );
                continue;
            }
            group.tuples.push(Tuple {
                token: Spanned::new(t.key.name.clone(), t.key.span),
                value: Spanned::new(sc.text.clone(), sc.span),
                span: t.span,
            });
        }
        Some(group)
    }

    fn graph(&mut self, s: Sec) -> Graph {
        let mut g = Graph {
            name: s.name,
            span: s.span,
            index: None,
            lines: Vec::new(),
            unknown: Vec::new(),
        };
        for n in &s.body.nodes {
            match n.key.name.as_str() {
                "index" => g.index = self.index(n),
                "lines" => {
                    if g.index.is_none() {
                        // alsa-lib reads keys in order and needs the index
                        // before it can file the routes.
                        self.error(
                            n.key.span,
                            format!(
                                "graph `{}` has `lines` before (or without) `index`",
                                g.name.value
                            ),
                            "needs an index first",
                            Some("put `index \"N\"` before `lines`"),
                        );
                    }
                    if let Value::Scalar(_) = n.value {
                        self.error(
                            n.value.span(),
                            "`lines` must be a list of routes".into(),
                            "expected `[ \"sink, control, source\" … ]`",
                            None,
                        );
                    }
                    for e in n.value.elements() {
                        let Value::Scalar(sc) = e else {
                            self.warn(
                                e.span(),
                                "alsatplg skips this route: it is not a string".into(),
                                "not a string",
                                None,
                            );
                            continue;
                        };
                        let route = alsa_route(&sc.text).map(|(a, b, c)| Route {
                            sink: Spanned::new(
                                sc.text[a.clone()].to_string(),
                                sc.sub_span(a.start, a.end),
                            ),
                            control: Spanned::new(
                                sc.text[b.clone()].to_string(),
                                sc.sub_span(b.start, b.end),
                            ),
                            source: Spanned::new(
                                sc.text[c.clone()].to_string(),
                                sc.sub_span(c.start, c.end),
                            ),
                        });
                        if route.is_none() {
                            self.error(
                                sc.span,
                                format!("invalid route `{}`", sc.text),
                                "expected \"sink, control, source\"",
                                Some("a route is three names separated by `, `; the control may be empty: \"sink, , source\""),
                            );
                        }
                        g.lines.push(GraphLine {
                            text: Spanned::new(sc.text.clone(), sc.span),
                            route,
                        });
                    }
                }
                _ => g.unknown.push(n.clone()),
            }
        }
        g
    }

    fn widget(&mut self, s: Sec) -> Widget {
        let mut w = Widget {
            name: s.name,
            span: s.span,
            index: None,
            widget_type: None,
            stream_name: None,
            no_pm: None,
            shift: None,
            reg: None,
            invert: None,
            ignore_suspend: None,
            subseq: None,
            event_type: None,
            event_flags: None,
            mixers: Vec::new(),
            enums: Vec::new(),
            bytes: Vec::new(),
            data: Vec::new(),
            unknown: Vec::new(),
        };
        for n in &s.body.nodes {
            match n.key.name.as_str() {
                "index" => w.index = self.index(n),
                "type" => w.widget_type = self.string(n),
                "stream_name" => w.stream_name = self.string(n),
                "no_pm" => w.no_pm = self.bool(n),
                "shift" => w.shift = self.int(n),
                "reg" => w.reg = self.int(n),
                "invert" => w.invert = self.bool(n),
                "ignore_suspend" => w.ignore_suspend = self.bool(n),
                "subseq" => w.subseq = self.int(n),
                "event_type" => w.event_type = self.int(n),
                "event_flags" => w.event_flags = self.int(n),
                "enum" => self.refs(n, &mut w.enums),
                "mixer" => self.refs(n, &mut w.mixers),
                "bytes" => self.refs(n, &mut w.bytes),
                "data" => self.refs(n, &mut w.data),
                k if is_comment(k) => {}
                _ => w.unknown.push(n.clone()),
            }
        }
        w
    }

    fn pcm_caps(&mut self, s: Sec) -> PcmCapabilities {
        let mut c = PcmCapabilities {
            name: s.name,
            span: s.span,
            index: None,
            formats: None,
            rates: None,
            rate_min: None,
            rate_max: None,
            channels_min: None,
            channels_max: None,
            periods_min: None,
            periods_max: None,
            period_size_min: None,
            period_size_max: None,
            buffer_size_min: None,
            buffer_size_max: None,
            sig_bits: None,
            unknown: Vec::new(),
        };
        for n in &s.body.nodes {
            let slot = match n.key.name.as_str() {
                "index" => {
                    c.index = self.index(n);
                    continue;
                }
                "formats" => {
                    c.formats = self.list(n, &[',', ' ']);
                    continue;
                }
                "rates" => {
                    c.rates = self.list(n, &[',', ' ']);
                    continue;
                }
                "rate_min" => &mut c.rate_min,
                "rate_max" => &mut c.rate_max,
                "channels_min" => &mut c.channels_min,
                "channels_max" => &mut c.channels_max,
                "periods_min" => &mut c.periods_min,
                "periods_max" => &mut c.periods_max,
                "period_size_min" => &mut c.period_size_min,
                "period_size_max" => &mut c.period_size_max,
                "buffer_size_min" => &mut c.buffer_size_min,
                "buffer_size_max" => &mut c.buffer_size_max,
                "sig_bits" => &mut c.sig_bits,
                k if is_comment(k) => continue,
                _ => {
                    c.unknown.push(n.clone());
                    continue;
                }
            };
            *slot = self.uint(n);
        }
        c
    }

    fn pcm_config(&mut self, s: Sec) -> PcmConfig {
        let mut p = PcmConfig {
            name: s.name,
            span: s.span,
            index: None,
            configs: Vec::new(),
            unknown: Vec::new(),
        };
        for n in &s.body.nodes {
            match n.key.name.as_str() {
                "index" => p.index = self.index(n),
                "config" => {
                    for g in self.groups(n) {
                        let mut sc = StreamConfig {
                            stream: g.name.clone(),
                            span: g.span,
                            format: None,
                            rate: None,
                            channels: None,
                            tdm_slot: None,
                            unknown: Vec::new(),
                        };
                        for k in g.nodes {
                            let slot = match k.key.name.as_str() {
                                "format" => &mut sc.format,
                                "rate" => &mut sc.rate,
                                "channels" => &mut sc.channels,
                                "tdm_slot" => &mut sc.tdm_slot,
                                _ => {
                                    sc.unknown.push(k.clone());
                                    continue;
                                }
                            };
                            *slot = self
                                .scalar(k, "a value")
                                .map(|v| Spanned::new(v.text.clone(), v.span));
                        }
                        p.configs.push(sc);
                    }
                }
                k if is_comment(k) => {}
                _ => p.unknown.push(n.clone()),
            }
        }
        p
    }

    fn pcm(&mut self, s: Sec) -> Pcm {
        let mut p = Pcm {
            name: s.name,
            span: s.span,
            index: None,
            id: None,
            dais: Vec::new(),
            streams: Vec::new(),
            compress: None,
            flags: Flags::default(),
            data: Vec::new(),
            unknown: Vec::new(),
        };
        for n in &s.body.nodes {
            if self.flag(&mut p.flags, n) {
                continue;
            }
            match n.key.name.as_str() {
                "index" => p.index = self.index(n),
                "id" => p.id = self.uint(n),
                "pcm" => self.streams(n, &mut p.streams),
                "compress" => p.compress = self.bool(n),
                "dai" => {
                    for g in self.groups(n) {
                        let mut dai = FeDai {
                            name: g.name.clone(),
                            span: g.span,
                            id: None,
                            unknown: Vec::new(),
                        };
                        for k in g.nodes {
                            match k.key.name.as_str() {
                                "id" => dai.id = self.uint(k),
                                _ => dai.unknown.push(k.clone()),
                            }
                        }
                        p.dais.push(dai);
                    }
                }
                "data" => self.refs(n, &mut p.data),
                k if is_comment(k) => {}
                _ => p.unknown.push(n.clone()),
            }
        }
        p
    }

    fn dai(&mut self, s: Sec) -> Dai {
        let mut d = Dai {
            name: s.name,
            span: s.span,
            index: None,
            id: None,
            playback: None,
            capture: None,
            streams: Vec::new(),
            flags: Flags::default(),
            data: Vec::new(),
            unknown: Vec::new(),
        };
        for n in &s.body.nodes {
            if self.flag(&mut d.flags, n) {
                continue;
            }
            match n.key.name.as_str() {
                "index" => d.index = self.index(n),
                "id" => d.id = self.uint(n),
                "playback" => d.playback = self.uint(n),
                "capture" => d.capture = self.uint(n),
                "pcm" => self.streams(n, &mut d.streams),
                "data" => self.refs(n, &mut d.data),
                k if is_comment(k) => {}
                _ => d.unknown.push(n.clone()),
            }
        }
        d
    }

    fn link(&mut self, s: Sec, keyword: Spanned<String>) -> Link {
        let mut l = Link {
            name: s.name,
            span: s.span,
            keyword,
            index: None,
            id: None,
            stream_name: None,
            hw_configs: Vec::new(),
            default_hw_conf_id: None,
            flags: Flags::default(),
            data: Vec::new(),
            unknown: Vec::new(),
        };
        for n in &s.body.nodes {
            if self.flag(&mut l.flags, n) {
                continue;
            }
            match n.key.name.as_str() {
                "index" => l.index = self.index(n),
                "id" => l.id = self.uint(n),
                "stream_name" => l.stream_name = self.string(n),
                "hw_configs" => self.refs(n, &mut l.hw_configs),
                "default_hw_conf_id" => l.default_hw_conf_id = self.uint(n),
                "data" => self.refs(n, &mut l.data),
                k if is_comment(k) => {}
                _ => l.unknown.push(n.clone()),
            }
        }
        l
    }

    fn cc(&mut self, s: Sec) -> Cc {
        let mut c = Cc {
            name: s.name,
            span: s.span,
            index: None,
            id: None,
            unknown: Vec::new(),
        };
        for n in &s.body.nodes {
            match n.key.name.as_str() {
                "index" => c.index = self.index(n),
                "id" => c.id = self.uint(n),
                k if is_comment(k) => {}
                _ => c.unknown.push(n.clone()),
            }
        }
        c
    }

    fn hw_config(&mut self, s: Sec) -> HwConfig {
        let mut h = HwConfig {
            name: s.name,
            span: s.span,
            index: None,
            id: None,
            format: None,
            bclk: None,
            bclk_freq: None,
            bclk_invert: None,
            fsync: None,
            fsync_freq: None,
            fsync_invert: None,
            mclk: None,
            mclk_freq: None,
            clock_gated: None,
            tdm_slots: None,
            tdm_slot_width: None,
            tx_slots: None,
            rx_slots: None,
            tx_channels: None,
            rx_channels: None,
            unknown: Vec::new(),
        };
        for n in &s.body.nodes {
            let slot = match n.key.name.as_str() {
                "index" => {
                    h.index = self.index(n);
                    continue;
                }
                "format" | "fmt" => {
                    h.format = self.string(n);
                    continue;
                }
                "bclk" | "bclk_master" => {
                    h.bclk = self.string(n);
                    continue;
                }
                "fsync" | "fsync_master" => {
                    h.fsync = self.string(n);
                    continue;
                }
                "mclk" | "mclk_direction" => {
                    h.mclk = self.string(n);
                    continue;
                }
                "bclk_invert" | "invert_bclk" => {
                    h.bclk_invert = self.bool(n);
                    continue;
                }
                "fsync_invert" | "invert_fsync" => {
                    h.fsync_invert = self.bool(n);
                    continue;
                }
                "pm_gate_clocks" | "clock_gated" => {
                    h.clock_gated = self.bool(n);
                    continue;
                }
                "id" => &mut h.id,
                "bclk_freq" | "bclk_rate" => &mut h.bclk_freq,
                "fsync_freq" | "fsync_rate" => &mut h.fsync_freq,
                "mclk_freq" | "mclk_rate" => &mut h.mclk_freq,
                "tdm_slots" => &mut h.tdm_slots,
                "tdm_slot_width" => &mut h.tdm_slot_width,
                "tx_slots" => &mut h.tx_slots,
                "rx_slots" => &mut h.rx_slots,
                "tx_channels" => &mut h.tx_channels,
                "rx_channels" => &mut h.rx_channels,
                k if is_comment(k) => continue,
                _ => {
                    h.unknown.push(n.clone());
                    continue;
                }
            };
            *slot = self.uint(n);
        }
        h
    }
}

/// A named compound inside a key like `channel` or `tuples`: `"FL" { … }`,
/// or an array element `{ … }` named by its position.
struct Group<'n> {
    name: Spanned<String>,
    span: Span,
    nodes: &'n [Node],
}

/// Splits a graph line as alsa-lib's `tplg_parse_line` does (see [`Route`]);
/// byte ranges of sink, control and source, or `None` if it rejects the line.
fn alsa_route(
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
