//! Sections to elements: each IR section becomes the structure alsa-lib
//! fills while it parses, before any reference is resolved.

use super::layout::{self, size, Buf};
use super::Diags;
use crate::conf::ir::*;
use crate::source::Span;

/// What an element refers to by name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum RefKind {
    Data,
    Tlv,
    Text,
    Mixer,
    Enum,
    Bytes,
    Tuples,
    HwConfig,
    /// A route's sink or source.
    Widget,
}

#[derive(Debug, Clone)]
pub(super) struct ElemRef {
    pub(super) kind: RefKind,
    pub(super) id: Vec<u8>,
    pub(super) span: Span,
}

/// One element: alsa-lib's `tplg_elem` with its object.
#[derive(Debug, Clone)]
pub(super) struct Elem {
    /// The name, cut to 43 bytes as alsa-lib keeps it.
    pub(super) id: Vec<u8>,
    /// The name as written.
    pub(super) span: Span,
    pub(super) index: u32,
    /// The structure, with any private data and embedded controls after it.
    pub(super) obj: Vec<u8>,
    /// Copied into another element: not written as its own.
    pub(super) compound: bool,
    /// The block's vendor type (`type` of a `SectionData`).
    pub(super) vendor_type: u32,
    pub(super) refs: Vec<ElemRef>,
    /// Where the structure's `priv.size` is (0 for the manifest's bare
    /// private data).
    pub(super) priv_at: usize,
    /// The values of a text.
    pub(super) count: u32,
}

impl Elem {
    pub(super) fn new(id: Vec<u8>, span: Span, index: u32, obj: Vec<u8>) -> Elem {
        let obj_len = obj.len();
        Elem {
            id,
            span,
            index,
            obj,
            compound: false,
            vendor_type: 0,
            refs: Vec::new(),
            priv_at: obj_priv(obj_len),
            count: 0,
        }
    }
}

/// Structures with private data end with its size.
fn obj_priv(len: usize) -> usize {
    match len {
        size::MIXER
        | size::ENUM
        | size::BYTES
        | size::WIDGET
        | size::PCM
        | size::DAI
        | size::LINK => len - 4,
        _ => 0,
    }
}

/// A `SectionData`: private data, and `size` as alsa-lib counts the
/// element (its hex data only: tuples added later do not grow it).
#[derive(Debug, Clone)]
pub(super) struct DataElem {
    pub(super) elem: Elem,
    pub(super) payload: Vec<u8>,
    pub(super) size: usize,
}

#[derive(Debug, Clone)]
pub(super) struct TokensElem {
    pub(super) id: Vec<u8>,
    pub(super) index: u32,
    pub(super) tokens: Vec<(Vec<u8>, i32)>,
}

#[derive(Debug, Clone)]
pub(super) enum TupleVal {
    Uuid([u8; 16]),
    Str(Vec<u8>),
    Int(u32),
}

#[derive(Debug, Clone)]
pub(super) struct TupleSet {
    pub(super) kind: u32,
    /// Token name (cut to 43 bytes), where it is written, value.
    pub(super) tuples: Vec<(Vec<u8>, Span, TupleVal)>,
}

#[derive(Debug, Clone)]
pub(super) struct TuplesElem {
    pub(super) id: Vec<u8>,
    pub(super) span: Span,
    pub(super) index: u32,
    pub(super) tokens: Option<ElemRef>,
    pub(super) sets: Vec<TupleSet>,
}

/// Something alsa-lib finds by name and index.
pub(super) trait Named {
    fn id(&self) -> &[u8];
    fn index(&self) -> u32;
}

impl Named for Elem {
    fn id(&self) -> &[u8] {
        &self.id
    }
    fn index(&self) -> u32 {
        self.index
    }
}

impl Named for DataElem {
    fn id(&self) -> &[u8] {
        &self.elem.id
    }
    fn index(&self) -> u32 {
        self.elem.index
    }
}

impl Named for TokensElem {
    fn id(&self) -> &[u8] {
        &self.id
    }
    fn index(&self) -> u32 {
        self.index
    }
}

impl Named for TuplesElem {
    fn id(&self) -> &[u8] {
        &self.id
    }
    fn index(&self) -> u32 {
        self.index
    }
}

/// `tplg_elem_lookup`: the first element named `id` in a list ordered by
/// index, looking no further than elements of index `index` (0: all).
pub(super) fn lookup<T: Named>(list: &[T], id: &[u8], index: u32) -> Option<usize> {
    for (i, e) in list.iter().enumerate() {
        if e.id() == id {
            return Some(i);
        }
        if index != 0 && e.index() > index {
            break;
        }
    }
    None
}

/// Every list alsa-lib keeps, each in index order (stable: equal indexes
/// in parse order, as `tplg_elem_insert` leaves them).
#[derive(Debug, Default)]
pub(super) struct Topology {
    pub(super) manifest: Option<Elem>,
    pub(super) tlvs: Vec<Elem>,
    pub(super) texts: Vec<Elem>,
    pub(super) caps: Vec<Elem>,
    pub(super) hw_configs: Vec<Elem>,
    pub(super) tokens: Vec<TokensElem>,
    pub(super) tuples: Vec<TuplesElem>,
    pub(super) data: Vec<DataElem>,
    pub(super) mixers: Vec<Elem>,
    pub(super) enums: Vec<Elem>,
    pub(super) bytes: Vec<Elem>,
    pub(super) widgets: Vec<Elem>,
    pub(super) pcms: Vec<Elem>,
    pub(super) dais: Vec<Elem>,
    pub(super) links: Vec<Elem>,
    pub(super) ccs: Vec<Elem>,
    pub(super) routes: Vec<Elem>,
    /// The manifest's counts.
    pub(super) counts: Counts,
}

#[derive(Debug, Default, Clone, Copy)]
pub(super) struct Counts {
    pub(super) controls: u32,
    pub(super) widgets: u32,
    pub(super) graph: u32,
    pub(super) pcms: u32,
    pub(super) links: u32,
    pub(super) dais: u32,
}

fn sort<T: Named>(v: &mut [T]) {
    v.sort_by_key(Named::index);
}

pub(super) fn index_of(s: &dyn Section) -> u32 {
    s.index().map_or(0, |i| i.value)
}

/// Names of the keys and the order they were written in, for keys whose
/// effects depend on order.
fn before(a: Option<Span>, b: Option<Span>) -> bool {
    match (a, b) {
        (Some(a), Some(b)) => a.start() < b.start(),
        _ => true,
    }
}

impl Topology {
    /// Every section as alsa-lib parses it.
    pub(super) fn read(conf: &ConfTopology, d: &mut Diags) -> Topology {
        let mut t = Topology::default();
        for k in &conf.unknown_sections {
            d.warn(
                "tplg::binary::unknown_section",
                k.key.span,
                format!("alsatplg skips the unknown section `{}`", k.key.name),
                "not a section",
            );
        }
        if !conf.includes().is_empty() {
            d.error(
                "tplg::binary::include",
                conf.includes()[0].span,
                "tplg compile does not read `<file>` includes".into(),
                "an include",
            )
            .help = Some("compile the file the includes make (alsatplg reads them from its configuration directory)".into());
        }
        for m in &conf.manifests {
            if t.manifest.is_some() {
                d.error(
                    "tplg::binary::manifest",
                    m.name.span,
                    "a second SectionManifest: alsatplg refuses more than one".into(),
                    "another manifest",
                );
                continue;
            }
            let mut e = Elem::new(
                d.name("manifest name", &m.name.value, m.name.span),
                m.name.span,
                index_of(m),
                Vec::new(),
            );
            refs(d, &mut e, RefKind::Data, &m.data);
            t.manifest = Some(e);
        }
        for x in &conf.tlvs {
            t.tlvs.push(tlv(d, x));
        }
        for x in &conf.texts {
            t.texts.push(text(d, x));
        }
        for x in &conf.pcm_capabilities {
            if let Some(e) = caps(d, x) {
                t.caps.push(e);
            }
        }
        for x in &conf.hw_configs {
            if let Some(e) = hw_config(d, x) {
                t.hw_configs.push(e);
            }
        }
        for x in &conf.tokens {
            t.tokens.push(TokensElem {
                id: d.name("token list name", &x.name.value, x.name.span),
                index: index_of(x),
                tokens: x
                    .tokens
                    .iter()
                    .map(|k| (d.name("token name", &k.name.value, k.name.span), k.id.value))
                    .collect(),
            });
        }
        for x in &conf.tuples {
            t.tuples.push(super::private::tuples(d, x));
        }
        for x in &conf.data {
            if let Some(e) = super::private::data(d, x) {
                t.data.push(e);
            }
        }
        for x in &conf.mixers {
            if let Some(e) = super::controls::mixer(d, x) {
                t.mixers.push(e);
            }
        }
        for x in &conf.enums {
            if let Some(e) = super::controls::control_enum(d, x) {
                t.enums.push(e);
            }
        }
        for x in &conf.bytes {
            t.bytes.push(super::controls::control_bytes(d, x));
        }
        for x in &conf.widgets {
            if let Some(e) = widget(d, x) {
                t.widgets.push(e);
            }
        }
        for x in &conf.pcms {
            t.pcms.push(pcm(d, x));
        }
        for x in &conf.dais {
            t.dais.push(dai(d, x));
        }
        for x in &conf.links {
            t.links.push(link(d, x));
        }
        for x in &conf.ccs {
            let mut b = Buf::with_capacity(size::LINK);
            b.u32(size::LINK as u32)
                .u32(x.id.as_ref().map_or(0, |v| v.value));
            b.zeros(size::LINK - 8);
            t.ccs.push(Elem::new(
                d.name("link name", &x.name.value, x.name.span),
                x.name.span,
                index_of(x),
                b.0,
            ));
        }
        for g in &conf.graphs {
            routes(d, g, &mut t.routes);
        }
        sort(&mut t.tlvs);
        sort(&mut t.texts);
        sort(&mut t.caps);
        sort(&mut t.hw_configs);
        sort(&mut t.tokens);
        sort(&mut t.tuples);
        sort(&mut t.data);
        sort(&mut t.mixers);
        sort(&mut t.enums);
        sort(&mut t.bytes);
        sort(&mut t.widgets);
        sort(&mut t.pcms);
        sort(&mut t.dais);
        sort(&mut t.links);
        sort(&mut t.ccs);
        sort(&mut t.routes);
        t
    }
}

pub(super) fn refs(d: &mut Diags, e: &mut Elem, kind: RefKind, names: &[Ref]) {
    for r in names {
        e.refs.push(ElemRef {
            kind,
            id: d.name("reference", &r.value, r.span),
            span: r.span,
        });
    }
}

fn tlv(d: &mut Diags, x: &Tlv) -> Elem {
    let mut b = Buf::with_capacity(size::CTL_TLV);
    match &x.scale {
        Some(s) => {
            let v = |o: &Option<Spanned<i32>>| o.as_ref().map_or(0, |v| v.value);
            b.u32(size::CTL_TLV as u32)
                .u32(layout::TLVT_DB_SCALE)
                .i32(v(&s.min))
                .i32(v(&s.step))
                .i32(v(&s.mute));
            b.zeros(size::CTL_TLV - 20);
        }
        None => {
            b.zeros(size::CTL_TLV);
        }
    }
    Elem::new(
        d.name("TLV name", &x.name.value, x.name.span),
        x.name.span,
        index_of(x),
        b.0,
    )
}

fn text(d: &mut Diags, x: &Text) -> Elem {
    let mut b = Buf::with_capacity(layout::NUM_TEXTS * layout::NAME_LEN);
    let mut n = 0;
    for v in &x.values {
        if n == layout::NUM_TEXTS {
            d.error(
                "tplg::binary::too_many_texts",
                v.span,
                format!(
                    "text `{}` has more than {} values: alsatplg refuses it",
                    x.name.value,
                    layout::NUM_TEXTS
                ),
                "one too many",
            );
            break;
        }
        let s = d.name("text", &v.value, v.span);
        b.name(&s);
        n += 1;
    }
    b.zeros(layout::NUM_TEXTS * layout::NAME_LEN - b.len());
    let mut e = Elem::new(
        d.name("text name", &x.name.value, x.name.span),
        x.name.span,
        index_of(x),
        b.0,
    );
    e.count = n as u32;
    e
}

fn lookup_ci(table: &[(&str, u32)], name: &str) -> Option<u32> {
    table
        .iter()
        .find(|(n, _)| n.eq_ignore_ascii_case(name))
        .map(|&(_, v)| v)
}

fn caps(d: &mut Diags, x: &PcmCapabilities) -> Option<Elem> {
    let mut formats = 0u64;
    let mut ok = true;
    if let Some(l) = &x.formats {
        for (i, f) in l.items.iter().enumerate() {
            if i >= layout::MAX_FORMATS {
                d.warn(
                    "tplg::binary::formats",
                    f.span,
                    format!(
                        "alsatplg reads {} formats and skips the rest",
                        layout::MAX_FORMATS
                    ),
                    "skipped",
                );
                break;
            }
            match lookup_ci(layout::PCM_FORMATS, &f.value) {
                Some(v) => formats |= 1u64 << v,
                None => {
                    d.error(
                        "tplg::binary::format",
                        f.span,
                        format!("`{}` is not a PCM format alsatplg knows", f.value),
                        "unknown format",
                    )
                    .help = Some("formats are S16_LE, S24_LE, S32_LE, FLOAT_LE, …".into());
                    ok = false;
                }
            }
        }
    }
    let mut rates = 0u32;
    if let Some(l) = &x.rates {
        for r in &l.items {
            match lookup_ci(layout::PCM_RATES, &r.value) {
                Some(v) => rates |= 1 << v,
                None => {
                    d.error(
                        "tplg::binary::rate",
                        r.span,
                        format!("`{}` is not a PCM rate alsatplg knows", r.value),
                        "unknown rate",
                    )
                    .help = Some(
                        "rates are 5512, 8000, 11025, 16000, 22050, 32000, 44100, 48000, 64000, 88200, 96000, 176400, 192000, continuous or knot".into(),
                    );
                    ok = false;
                }
            }
        }
    }
    let u = |o: &Option<Spanned<u32>>| o.as_ref().map_or(0, |v| v.value);
    let id = d.name("capabilities name", &x.name.value, x.name.span);
    let mut b = Buf::with_capacity(size::STREAM_CAPS);
    b.u32(size::STREAM_CAPS as u32)
        .name(&id)
        .u64(formats)
        .u32(rates);
    for v in [
        &x.rate_min,
        &x.rate_max,
        &x.channels_min,
        &x.channels_max,
        &x.periods_min,
        &x.periods_max,
        &x.period_size_min,
        &x.period_size_max,
        &x.buffer_size_min,
        &x.buffer_size_max,
        &x.sig_bits,
    ] {
        b.u32(u(v));
    }
    ok.then(|| Elem::new(id, x.name.span, index_of(x), b.0))
}

/// A provider/consumer value of `bclk` or `fsync`; `None` (and a warning)
/// for a value alsa-lib ignores.
fn provider(d: &mut Diags, key: &str, v: &Spanned<String>) -> Option<u8> {
    match v.value.as_str() {
        "codec_consumer" | "codec_slave" | "master" => Some(layout::CODEC_CONSUMER),
        "codec_provider" | "codec_master" => Some(layout::CODEC_PROVIDER),
        other => {
            d.warn(
                "tplg::binary::clock_value",
                v.span,
                format!("alsatplg ignores `{key}` `{other}`: the codec is then the {key} provider"),
                "not a value alsatplg reads",
            )
            .help = Some("write codec_consumer or codec_provider".into());
            None
        }
    }
}

fn hw_config(d: &mut Diags, x: &HwConfig) -> Option<Elem> {
    let u = |o: &Option<Spanned<u32>>| o.as_ref().map_or(0, |v| v.value);
    let bit = |o: &Option<Spanned<bool>>| o.as_ref().map_or(0, |v| u8::from(v.value));
    let mut fmt = 0;
    let mut ok = true;
    if let Some(f) = &x.format {
        match lookup_ci(layout::HW_FORMATS, &f.value).filter(|_| !f.value.is_empty()) {
            Some(v) => fmt = v,
            None => {
                d.error(
                    "tplg::binary::hw_format",
                    f.span,
                    format!("`{}` is not a DAI format alsatplg knows", f.value),
                    "unknown format",
                )
                .help = Some("formats are I2S, RIGHT_J, LEFT_J, DSP_A, DSP_B, AC97 and PDM".into());
                ok = false;
            }
        }
    }
    let bclk = x
        .bclk
        .as_ref()
        .and_then(|v| provider(d, "bclk", v))
        .unwrap_or(0);
    let fsync = x
        .fsync
        .as_ref()
        .and_then(|v| provider(d, "fsync", v))
        .unwrap_or(0);
    let mclk = match &x.mclk {
        Some(v) => match v.value.as_str() {
            "codec_mclk_in" | "master" => layout::MCLK_CODEC_IN,
            "codec_mclk_out" => layout::MCLK_CODEC_OUT,
            other => {
                d.warn(
                    "tplg::binary::clock_value",
                    v.span,
                    format!(
                        "alsatplg ignores `mclk` `{other}`: the codec's mclk is then an output"
                    ),
                    "not a value alsatplg reads",
                )
                .help = Some("write codec_mclk_in or codec_mclk_out".into());
                0
            }
        },
        None => 0,
    };
    let gated = match &x.clock_gated {
        Some(v) if v.value => layout::CLK_GATE_GATED,
        Some(_) => layout::CLK_GATE_CONT,
        None => 0,
    };
    let mut b = Buf::with_capacity(size::HW_CONFIG);
    b.u32(size::HW_CONFIG as u32)
        .u32(u(&x.id))
        .u32(fmt)
        .u8(gated)
        .u8(bit(&x.bclk_invert))
        .u8(bit(&x.fsync_invert))
        .u8(bclk)
        .u8(fsync)
        .u8(mclk)
        .u16(0)
        .u32(u(&x.mclk_freq))
        .u32(u(&x.bclk_freq))
        .u32(u(&x.fsync_freq))
        .u32(u(&x.tdm_slots))
        .u32(u(&x.tdm_slot_width))
        .u32(u(&x.tx_slots))
        .u32(u(&x.rx_slots))
        .u32(u(&x.tx_channels))
        .zeros(4 * layout::MAX_CHAN)
        .u32(u(&x.rx_channels))
        .zeros(4 * layout::MAX_CHAN);
    let id = d.name("HW config name", &x.name.value, x.name.span);
    ok.then(|| Elem::new(id, x.name.span, index_of(x), b.0))
}

fn widget(d: &mut Diags, x: &Widget) -> Option<Elem> {
    let id = d.name("widget name", &x.name.value, x.name.span);
    let mut wtype = 0u32;
    if let Some(t) = &x.widget_type {
        match layout::WIDGET_TYPES.iter().position(|n| *n == t.value) {
            Some(p) => wtype = p as u32,
            None => {
                d.error(
                    "tplg::binary::widget_type",
                    t.span,
                    format!("`{}` is not a widget type alsatplg knows", t.value),
                    "unknown type",
                )
                .help = Some(format!(
                    "widget types are {}",
                    layout::WIDGET_TYPES.join(", ")
                ));
                return None;
            }
        }
    }
    let sname = match &x.stream_name {
        Some(s) => d.name("stream name", &s.value, s.span),
        None => Vec::new(),
    };
    // `no_pm` and `reg` set the same field: the later key wins
    let mut reg = 0i32;
    let no_pm = x
        .no_pm
        .as_ref()
        .map(|v| (v.span, if v.value { -1 } else { 0 }));
    let reg_key = x.reg.as_ref().map(|v| (v.span, v.value));
    let mut sets: Vec<(Span, i32)> = no_pm.into_iter().chain(reg_key).collect();
    sets.sort_by_key(|(s, _)| s.start());
    if let Some(&(_, v)) = sets.last() {
        reg = v;
    }
    let v = |o: &Option<Spanned<i32>>| o.as_ref().map_or(0, |v| v.value);
    let mut b = Buf::with_capacity(size::WIDGET);
    b.u32(size::WIDGET as u32)
        .u32(wtype)
        .name(&id)
        .name(&sname)
        .i32(reg)
        .i32(v(&x.shift))
        .u32(0)
        .i32(v(&x.subseq))
        .u32(x.invert.as_ref().map_or(0, |v| u32::from(v.value)))
        .u32(0)
        .u16(v(&x.event_flags) as u16)
        .u16(v(&x.event_type) as u16)
        .u32(0)
        .u32(0);
    let mut e = Elem::new(id, x.name.span, index_of(x), b.0);
    refs(d, &mut e, RefKind::Mixer, &x.mixers);
    refs(d, &mut e, RefKind::Enum, &x.enums);
    refs(d, &mut e, RefKind::Bytes, &x.bytes);
    refs(d, &mut e, RefKind::Data, &x.data);
    e.refs.sort_by_key(|r| r.span.start());
    Some(e)
}

fn flags(f: &Flags) -> (u32, u32) {
    let (mut mask, mut val) = (0, 0);
    for (o, bit) in [
        (&f.symmetric_rates, layout::flag::SYMMETRIC_RATES),
        (&f.symmetric_channels, layout::flag::SYMMETRIC_CHANNELS),
        (&f.symmetric_sample_bits, layout::flag::SYMMETRIC_SAMPLEBITS),
    ] {
        if let Some(v) = o {
            mask |= bit;
            if v.value {
                val |= bit;
            }
        }
    }
    (mask, val)
}

/// The playback and capture flags and capability names of `pcm."…"`.
fn streams(d: &mut Diags, s: &[PcmStream]) -> ([u32; 2], [Vec<u8>; 2]) {
    let mut on = [0u32; 2];
    let mut names = [Vec::new(), Vec::new()];
    for st in s {
        let Some(dir) = st.direction else { continue };
        let i = match dir {
            Direction::Playback => 0,
            Direction::Capture => 1,
        };
        on[i] = 1;
        if let Some(c) = &st.capabilities {
            names[i] = d.name("capabilities name", &c.value, c.span);
        }
    }
    (on, names)
}

/// Two stream capabilities holding only their names (filled when built).
fn caps_by_name(b: &mut Buf, names: &[Vec<u8>; 2]) {
    for n in names {
        b.u32(0)
            .name(n)
            .zeros(size::STREAM_CAPS - 4 - layout::NAME_LEN);
    }
}

fn pcm(d: &mut Diags, x: &Pcm) -> Elem {
    let id = d.name("PCM name", &x.name.value, x.name.span);
    let (mut dai_name, mut dai_id) = (Vec::new(), 0);
    for fe in &x.dais {
        dai_name = d.name("DAI name", &fe.name.value, fe.name.span);
        if let Some(i) = &fe.id {
            dai_id = i.value;
        }
    }
    let (on, names) = streams(d, &x.streams);
    let (mask, val) = flags(&x.flags);
    let mut b = Buf::with_capacity(size::PCM);
    b.u32(size::PCM as u32)
        .name(&id)
        .name(&dai_name)
        .u32(x.id.as_ref().map_or(0, |v| v.value))
        .u32(dai_id)
        .u32(on[0])
        .u32(on[1])
        .u32(x.compress.as_ref().map_or(0, |v| u32::from(v.value)))
        .zeros(layout::STREAM_CONFIG_MAX * size::STREAM)
        .u32(0);
    caps_by_name(&mut b, &names);
    b.u32(mask).u32(val).u32(0);
    let mut e = Elem::new(id, x.name.span, index_of(x), b.0);
    refs(d, &mut e, RefKind::Data, &x.data);
    e
}

fn dai(d: &mut Diags, x: &Dai) -> Elem {
    let id = d.name("DAI name", &x.name.value, x.name.span);
    let (mut on, names) = streams(d, &x.streams);
    let first_stream = x.streams.first().map(|s| s.span);
    for (i, key) in [&x.playback, &x.capture].into_iter().enumerate() {
        if let Some(k) = key {
            // a later `pcm."playback"` sets it to 1 again
            if before(first_stream, Some(k.span)) || on[i] == 0 {
                on[i] = k.value;
            }
        }
    }
    let (mask, val) = flags(&x.flags);
    let mut b = Buf::with_capacity(size::DAI);
    b.u32(size::DAI as u32)
        .name(&id)
        .u32(x.id.as_ref().map_or(0, |v| v.value))
        .u32(on[0])
        .u32(on[1]);
    caps_by_name(&mut b, &names);
    b.u32(mask).u32(val).u32(0);
    let mut e = Elem::new(id, x.name.span, index_of(x), b.0);
    refs(d, &mut e, RefKind::Data, &x.data);
    e
}

fn link(d: &mut Diags, x: &Link) -> Elem {
    let id = d.name("link name", &x.name.value, x.name.span);
    let sname = match &x.stream_name {
        Some(s) => d.name("stream name", &s.value, s.span),
        None => Vec::new(),
    };
    let (mask, val) = flags(&x.flags);
    let mut b = Buf::with_capacity(size::LINK);
    b.u32(size::LINK as u32)
        .u32(x.id.as_ref().map_or(0, |v| v.value))
        .name(&id)
        .name(&sname)
        .zeros(layout::STREAM_CONFIG_MAX * size::STREAM)
        .u32(0)
        .zeros(layout::HW_CONFIG_MAX * size::HW_CONFIG)
        .u32(x.hw_configs.len() as u32)
        .u32(x.default_hw_conf_id.as_ref().map_or(0, |v| v.value))
        .u32(mask)
        .u32(val)
        .u32(0);
    let mut e = Elem::new(id, x.name.span, index_of(x), b.0);
    refs(d, &mut e, RefKind::HwConfig, &x.hw_configs);
    refs(d, &mut e, RefKind::Data, &x.data);
    e.refs.sort_by_key(|r| r.span.start());
    e
}

/// A graph's lines. alsa-lib copies each name with `strcpy` into its
/// 44-byte field, sink last: a longer name runs into the next field.
fn routes(d: &mut Diags, g: &Graph, out: &mut Vec<Elem>) {
    let index = index_of(g);
    for line in &g.lines {
        let Some(r) = &line.route else { continue };
        let mut obj = vec![0u8; size::GRAPH_ELEM];
        let n = layout::NAME_LEN;
        for (at, part) in [(2 * n, &r.source), (n, &r.control), (0, &r.sink)] {
            let bytes = part.value.as_bytes();
            if bytes.len() >= n {
                d.warn(
                    "tplg::binary::route_name",
                    part.span,
                    format!(
                        "`{}` is {} bytes: alsatplg copies it over the next field of the route (at most {} fit)",
                        part.value,
                        bytes.len(),
                        n - 1
                    ),
                    "too long",
                );
            }
            for (i, &c) in bytes.iter().chain(std::iter::once(&0)).enumerate() {
                if at + i < obj.len() {
                    obj[at + i] = c;
                }
            }
        }
        if r.sink.value.is_empty() || r.source.value.is_empty() {
            d.error(
                "tplg::binary::route",
                line.text.span,
                format!(
                    "route `{}` has no {}: alsatplg refuses it",
                    line.text.value,
                    if r.sink.value.is_empty() {
                        "sink"
                    } else {
                        "source"
                    }
                ),
                "incomplete route",
            );
            continue;
        }
        // the control, then the two widgets, for the route checks
        let mut e = Elem::new(b"line".to_vec(), line.text.span, index, obj);
        for (kind, part) in [
            (RefKind::Mixer, &r.control),
            (RefKind::Widget, &r.sink),
            (RefKind::Widget, &r.source),
        ] {
            e.refs.push(ElemRef {
                kind,
                id: part.value.as_bytes().to_vec(),
                span: part.span,
            });
        }
        out.push(e);
    }
}
