//! The reader of each section kind: which keys alsa-lib reads in it and
//! how. Each reader is written with [`section_reader!`], whose key table is
//! also what [`known_keys`] gives the validator, so the keys are listed once;
//! which reader a kind has, and which table, is its row of
//! [`section_kinds!`](super::kinds).

use super::ir::*;
use super::kinds::section_kinds;
use super::read::{alsa_route, is_comment, Cx, Group, Sec};
use super::tree::{strtol_full, ScalarKind, Value};
use super::ConfError;

/// One section reader and its key table from one list of arms: a reader
/// method `fn NAME(&mut self, s: Sec, …) -> TYPE` that starts from `INIT`
/// and reads each key with the keyed arms (`"key" | "alias" => …`), else
/// the `else` arms; and an associated const
/// `KEYS` listing each keyed arm's first key: the keys alsa-lib reads there
/// (aliases are read but not suggested).
macro_rules! section_reader {
    (
        $(#[$doc:meta])*
        fn $name:ident(&mut $self:ident, $s:ident: Sec $(, $arg:ident: $argty:ty)*) -> $ty:ty;
        keys $keys:ident;
        let mut $v:ident = $init:expr;
        for $n:ident {
            $($key:literal $(| $alias:literal)* => $body:expr,)*
        }
        else {
            $($p:pat $(if $g:expr)? => $other:expr,)*
        }
    ) => {
        pub(super) const $keys: &'static [&'static str] = &[$($key),*];

        $(#[$doc])*
        pub(super) fn $name(&mut $self, $s: Sec $(, $arg: $argty)*) -> $ty {
            let mut $v = $init;
            for $n in &$s.body.nodes {
                match $n.key.name.as_str() {
                    $($key $(| $alias)* => {
                        $body;
                    })*
                    $($p $(if $g)? => {
                        $other;
                    })*
                }
            }
            $v
        }
    };
}

/// Makes, from [`section_kinds!`]: `Cx::read_section` and [`known_keys`].
macro_rules! readers {
    ($($(#[$doc:meta])* $kind:ident = $keyword:literal: $ty:ident, $field:ident, $reader:ident, $keys:ident;)*) => {
        impl Cx {
            /// Reads a section of `kind` into its list of `t`.
            pub(super) fn read_section(&mut self, kind: SectionKind, s: Sec, t: &mut ConfTopology) {
                match kind {
                    $(SectionKind::$kind => t.$field.push(self.$reader(s)),)*
                }
            }
        }

        /// The keys alsa-lib reads in a section of this kind, for "did you mean"
        /// (vendor tokens are named by the user: none).
        pub(crate) fn known_keys(kind: SectionKind) -> &'static [&'static str] {
            match kind {
                $(SectionKind::$kind => Cx::$keys,)*
            }
        }
    };
}

section_kinds!(readers);

impl Cx {
    section_reader! {
        fn manifest(&mut self, s: Sec) -> Manifest;
        keys MANIFEST_KEYS;
        let mut m = Manifest {
            name: s.name,
            span: s.span,
            index: None,
            data: Vec::new(),
            unknown: Vec::new(),
        };
        for n {
            "index" => m.index = self.index(n),
            "data" => self.refs(n, &mut m.data),
        }
        else {
            k if is_comment(k) => {},
            _ => m.unknown.push(n.clone()),
        }
    }

    section_reader! {
        fn tlv(&mut self, s: Sec) -> Tlv;
        keys TLV_KEYS;
        let mut t = Tlv {
            name: s.name,
            span: s.span,
            index: None,
            scale: None,
            unknown: Vec::new(),
        };
        for n {
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
                    *slot = self.int_or_skip(k);
                }
                t.scale = Some(sc);
            },
        }
        else {
            _ => t.unknown.push(n.clone()),
        }
    }

    section_reader! {
        fn mixer(&mut self, s: Sec) -> ControlMixer;
        keys MIXER_KEYS;
        let mut m = ControlMixer {
            name: s.name,
            span: s.span,
            index: None,
            channels: Vec::new(),
            ops: Vec::new(),
            access: Vec::new(),
            access_key: None,
            max: None,
            invert: None,
            tlv: None,
            data: Vec::new(),
            unknown: Vec::new(),
        };
        for n {
            "index" => m.index = self.index(n),
            "channel" => self.channels(n, &mut m.channels),
            "max" => m.max = self.int(n),
            "invert" => m.invert = self.bool(n),
            "ops" => self.ops(n, &mut m.ops),
            "tlv" => m.tlv = self.string(n),
            "data" => self.refs(n, &mut m.data),
            "access" => {
                m.access_key = Some(n.key.span);
                self.access(n, &mut m.access);
            },
        }
        else {
            k if is_comment(k) => {},
            _ => m.unknown.push(n.clone()),
        }
    }

    section_reader! {
        fn control_bytes(&mut self, s: Sec) -> ControlBytes;
        keys CONTROL_BYTES_KEYS;
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
            access_key: None,
            unknown: Vec::new(),
        };
        for n {
            "index" => b.index = self.index(n),
            "base" => b.base = self.int(n),
            "num_regs" => b.num_regs = self.int(n),
            "max" => b.max = self.int(n),
            "mask" => b.mask = self.int_base(n, 16),
            "data" => self.refs(n, &mut b.data),
            "tlv" => b.tlv = self.string(n),
            "ops" => self.ops(n, &mut b.ops),
            "extops" => self.ops(n, &mut b.extops),
            "access" => {
                b.access_key = Some(n.key.span);
                self.access(n, &mut b.access);
            },
        }
        else {
            k if is_comment(k) => {},
            _ => b.unknown.push(n.clone()),
        }
    }

    section_reader! {
        fn control_enum(&mut self, s: Sec) -> ControlEnum;
        keys CONTROL_ENUM_KEYS;
        let mut e = ControlEnum {
            name: s.name,
            span: s.span,
            index: None,
            texts: None,
            channels: Vec::new(),
            ops: Vec::new(),
            access: Vec::new(),
            access_key: None,
            data: Vec::new(),
            unknown: Vec::new(),
        };
        for n {
            "index" => e.index = self.index(n),
            "texts" => e.texts = self.string(n),
            "channel" => self.channels(n, &mut e.channels),
            "ops" => self.ops(n, &mut e.ops),
            "data" => self.refs(n, &mut e.data),
            "access" => {
                e.access_key = Some(n.key.span);
                self.access(n, &mut e.access);
            },
        }
        else {
            k if is_comment(k) => {},
            _ => e.unknown.push(n.clone()),
        }
    }

    section_reader! {
        fn text(&mut self, s: Sec) -> Text;
        keys TEXT_KEYS;
        let mut t = Text {
            name: s.name,
            span: s.span,
            index: None,
            values: Vec::new(),
            unknown: Vec::new(),
        };
        for n {
            "index" => t.index = self.index(n),
            "values" => {
                if let Value::Scalar(_) = n.value {
                    // alsa-lib iterates the children of `values`; a
                    // plain string has none.
                    let (src, span) = self.at(n.value.span());
                    self.warn(ConfError::TextValuesString { src, span });
                } else {
                    self.refs(n, &mut t.values);
                }
            },
        }
        else {
            _ => t.unknown.push(n.clone()),
        }
    }

    section_reader! {
        fn data(&mut self, s: Sec) -> Data;
        keys DATA_KEYS;
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
        for n {
            "index" => d.index = self.index(n),
            "file" => d.file = self.string(n),
            "bytes" => d.bytes = self.list(n, &[',', ':']),
            "shorts" => d.shorts = self.list(n, &[',', ':']),
            "words" => d.words = self.list(n, &[',', ':']),
            "tuples" => self.refs(n, &mut d.tuples),
            "type" => d.data_type = self.int(n),
        }
        else {
            _ => d.unknown.push(n.clone()),
        }
    }

    /// Vendor tokens are named by the user: no key is known.
    pub(super) const VENDOR_TOKENS_KEYS: &'static [&'static str] = &[];

    pub(super) fn vendor_tokens(&mut self, s: Sec) -> VendorTokens {
        let mut v = VendorTokens {
            name: s.name,
            span: s.span,
            index: None,
            tokens: Vec::with_capacity(s.body.nodes.len()),
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
                    name: Spanned::new(n.key.name.as_str().to_owned(), n.key.span),
                    id: Spanned::new(id, n.value.span()),
                    span: n.span,
                }),
                None => {
                    let (src, span) = self.at(n.value.span());
                    self.warn(ConfError::TokenNotInteger {
                        key: n.key.name.as_str().to_owned(),
                        src,
                        span,
                    });
                    v.unknown.push(n.clone());
                }
            }
        }
        v
    }

    section_reader! {
        fn vendor_tuples(&mut self, s: Sec) -> VendorTuples;
        keys VENDOR_TUPLES_KEYS;
        let mut v = VendorTuples {
            name: s.name,
            span: s.span,
            index: None,
            tokens: None,
            groups: Vec::new(),
            unknown: Vec::new(),
        };
        for n {
            "index" => v.index = self.index(n),
            "tokens" => v.tokens = self.string(n),
            "tuples" => {
                let groups = self.groups(n);
                v.groups.reserve(groups.len());
                for g in groups {
                    if let Some(group) = self.tuple_group(&g) {
                        v.groups.push(group);
                    }
                }
            },
        }
        else {
            _ => v.unknown.push(n.clone()),
        }
    }

    pub(super) fn tuple_group(&mut self, g: &Group) -> Option<TupleGroup> {
        let Some((kind, rest)) = TupleType::from_group_key(&g.name.value) else {
            let (src, span) = self.at(g.name.span);
            self.error(ConfError::UnknownTupleType {
                group: g.name.value.clone(),
                src,
                span,
            });
            return None;
        };
        let mut group = TupleGroup {
            key: g.name.clone(),
            span: g.span,
            kind,
            suffix: rest.strip_prefix('.').unwrap_or(rest).to_string(),
            tuples: Vec::with_capacity(g.nodes.len()),
        };
        for t in g.nodes {
            let Value::Scalar(sc) = &t.value else {
                // alsa-lib skips a uuid, string or bool tuple it cannot
                // read, and refuses a number it cannot
                let skipped = matches!(kind, TupleType::Uuid | TupleType::String | TupleType::Bool);
                let (src, span) = self.at(t.value.span());
                let e = ConfError::TupleNotScalar {
                    key: t.key.name.as_str().to_owned(),
                    found: t.value.describe(),
                    skipped,
                    src,
                    span,
                };
                if skipped {
                    self.warn(e);
                } else {
                    self.error(e);
                }
                continue;
            };
            if matches!(kind, TupleType::Uuid | TupleType::String)
                && sc.kind() != ScalarKind::String
            {
                let (src, span) = self.at(sc.span);
                self.warn(ConfError::TupleNumber {
                    kind,
                    key: t.key.name.as_str().to_owned(),
                    text: sc.text.as_str().to_owned(),
                    src,
                    span,
                });
                continue;
            }
            group.tuples.push(Tuple {
                token: Spanned::new(t.key.name.as_str().to_owned(), t.key.span),
                value: Spanned::new(sc.text.as_str().to_owned(), sc.span),
                integer: match sc.kind() {
                    ScalarKind::Integer(i) => Some(i),
                    _ => None,
                },
                span: t.span,
            });
        }
        Some(group)
    }

    section_reader! {
        fn graph(&mut self, s: Sec) -> Graph;
        keys GRAPH_KEYS;
        let mut g = Graph {
            name: s.name,
            span: s.span,
            index: None,
            lines: Vec::new(),
            unknown: Vec::new(),
        };
        for n {
            "index" => g.index = self.index(n),
            "lines" => {
                if g.index.is_none() {
                    // alsa-lib reads keys in order and needs the index
                    // before it can file the routes.
                    let (src, span) = self.at(n.key.span);
                    self.error(ConfError::LinesBeforeIndex {
                        graph: g.name.value.clone(),
                        src,
                        span,
                    });
                }
                if let Value::Scalar(_) = n.value {
                    let (src, span) = self.at(n.value.span());
                    self.error(ConfError::LinesNotList { src, span });
                }
                let elements = n.value.elements();
                g.lines.reserve(elements.len());
                for e in elements {
                    let Value::Scalar(sc) = e else {
                        let (src, span) = self.at(e.span());
                        self.warn(ConfError::RouteNotString { src, span });
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
                        let (src, span) = self.at(sc.span);
                        self.error(ConfError::InvalidRoute {
                            text: sc.text.as_str().to_owned(),
                            src,
                            span,
                        });
                    }
                    g.lines.push(GraphLine {
                        text: Spanned::new(sc.text.as_str().to_owned(), sc.span),
                        route,
                    });
                }
            },
        }
        else {
            _ => g.unknown.push(n.clone()),
        }
    }

    section_reader! {
        fn widget(&mut self, s: Sec) -> Widget;
        keys WIDGET_KEYS;
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
        for n {
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
        }
        else {
            k if is_comment(k) => {},
            _ => w.unknown.push(n.clone()),
        }
    }

    section_reader! {
        fn pcm_caps(&mut self, s: Sec) -> PcmCapabilities;
        keys PCM_CAPS_KEYS;
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
        for n {
            "index" => c.index = self.index(n),
            "formats" => c.formats = self.list(n, &[',', ' ']),
            "rates" => c.rates = self.list(n, &[',', ' ']),
            "rate_min" => c.rate_min = self.uint(n),
            "rate_max" => c.rate_max = self.uint(n),
            "channels_min" => c.channels_min = self.uint(n),
            "channels_max" => c.channels_max = self.uint(n),
            "periods_min" => c.periods_min = self.uint(n),
            "periods_max" => c.periods_max = self.uint(n),
            "period_size_min" => c.period_size_min = self.uint(n),
            "period_size_max" => c.period_size_max = self.uint(n),
            "buffer_size_min" => c.buffer_size_min = self.uint(n),
            "buffer_size_max" => c.buffer_size_max = self.uint(n),
            "sig_bits" => c.sig_bits = self.uint(n),
        }
        else {
            k if is_comment(k) => {},
            _ => c.unknown.push(n.clone()),
        }
    }

    section_reader! {
        fn pcm_config(&mut self, s: Sec) -> PcmConfig;
        keys PCM_CONFIG_KEYS;
        let mut p = PcmConfig {
            name: s.name,
            span: s.span,
            index: None,
            configs: Vec::new(),
            unknown: Vec::new(),
        };
        for n {
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
                            .map(|v| Spanned::new(v.text.as_str().to_owned(), v.span));
                    }
                    p.configs.push(sc);
                }
            },
        }
        else {
            k if is_comment(k) => {},
            _ => p.unknown.push(n.clone()),
        }
    }

    section_reader! {
        fn pcm(&mut self, s: Sec) -> Pcm;
        keys PCM_KEYS;
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
        for n {
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
            },
            "data" => self.refs(n, &mut p.data),
            "symmetric_rates" => p.flags.symmetric_rates = self.bool(n),
            "symmetric_channels" => p.flags.symmetric_channels = self.bool(n),
            "symmetric_sample_bits" => p.flags.symmetric_sample_bits = self.bool(n),
            "ignore_suspend" => p.flags.ignore_suspend = self.bool(n),
        }
        else {
            k if is_comment(k) => {},
            _ => p.unknown.push(n.clone()),
        }
    }

    section_reader! {
        fn dai(&mut self, s: Sec) -> Dai;
        keys DAI_KEYS;
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
        for n {
            "index" => d.index = self.index(n),
            "id" => d.id = self.uint(n),
            "playback" => d.playback = self.uint(n),
            "capture" => d.capture = self.uint(n),
            "pcm" => self.streams(n, &mut d.streams),
            "data" => self.refs(n, &mut d.data),
            "symmetric_rates" => d.flags.symmetric_rates = self.bool(n),
            "symmetric_channels" => d.flags.symmetric_channels = self.bool(n),
            "symmetric_sample_bits" => d.flags.symmetric_sample_bits = self.bool(n),
            "ignore_suspend" => d.flags.ignore_suspend = self.bool(n),
        }
        else {
            k if is_comment(k) => {},
            _ => d.unknown.push(n.clone()),
        }
    }

    section_reader! {
        fn link(&mut self, s: Sec) -> Link;
        keys LINK_KEYS;
        let mut l = Link {
            keyword: Spanned::new(s.keyword.name.as_str().to_owned(), s.keyword.span),
            name: s.name,
            span: s.span,
            index: None,
            id: None,
            stream_name: None,
            hw_configs: Vec::new(),
            default_hw_conf_id: None,
            flags: Flags::default(),
            data: Vec::new(),
            unknown: Vec::new(),
        };
        for n {
            "index" => l.index = self.index(n),
            "id" => l.id = self.uint(n),
            "stream_name" => l.stream_name = self.string(n),
            "hw_configs" => self.refs(n, &mut l.hw_configs),
            "default_hw_conf_id" => l.default_hw_conf_id = self.uint(n),
            "data" => self.refs(n, &mut l.data),
            "symmetric_rates" => l.flags.symmetric_rates = self.bool(n),
            "symmetric_channels" => l.flags.symmetric_channels = self.bool(n),
            "symmetric_sample_bits" => l.flags.symmetric_sample_bits = self.bool(n),
            "ignore_suspend" => l.flags.ignore_suspend = self.bool(n),
        }
        else {
            k if is_comment(k) => {},
            _ => l.unknown.push(n.clone()),
        }
    }

    section_reader! {
        fn cc(&mut self, s: Sec) -> Cc;
        keys CC_KEYS;
        let mut c = Cc {
            name: s.name,
            span: s.span,
            index: None,
            id: None,
            unknown: Vec::new(),
        };
        for n {
            "index" => c.index = self.index(n),
            "id" => c.id = self.uint(n),
        }
        else {
            k if is_comment(k) => {},
            _ => c.unknown.push(n.clone()),
        }
    }

    section_reader! {
        fn hw_config(&mut self, s: Sec) -> HwConfig;
        keys HW_CONFIG_KEYS;
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
        for n {
            "index" => h.index = self.index(n),
            "id" => h.id = self.uint(n),
            "format" | "fmt" => h.format = self.string(n),
            "bclk" | "bclk_master" => h.bclk = self.string(n),
            "bclk_freq" | "bclk_rate" => h.bclk_freq = self.uint(n),
            "bclk_invert" | "invert_bclk" => h.bclk_invert = self.bool(n),
            "fsync" | "fsync_master" => h.fsync = self.string(n),
            "fsync_freq" | "fsync_rate" => h.fsync_freq = self.uint(n),
            "fsync_invert" | "invert_fsync" => h.fsync_invert = self.bool(n),
            "mclk" | "mclk_direction" => h.mclk = self.string(n),
            "mclk_freq" | "mclk_rate" => h.mclk_freq = self.uint(n),
            "pm_gate_clocks" | "clock_gated" => h.clock_gated = self.bool(n),
            "tdm_slots" => h.tdm_slots = self.uint(n),
            "tdm_slot_width" => h.tdm_slot_width = self.uint(n),
            "tx_slots" => h.tx_slots = self.uint(n),
            "rx_slots" => h.rx_slots = self.uint(n),
            "tx_channels" => h.tx_channels = self.uint(n),
            "rx_channels" => h.rx_channels = self.uint(n),
        }
        else {
            k if is_comment(k) => {},
            _ => h.unknown.push(n.clone()),
        }
    }
}
