//! A binary topology back to alsaconf text that compiles to the same bytes:
//! `tplg decode`, and what lets `graph`, `info` and `lint` read a `.tplg`.
//!
//! Private data made of vendor arrays becomes vendor tuples (tokens named
//! as SOF names them, else `TKN_<id>`); anything else stays bytes. A
//! control a widget embeds becomes a section of the widget's index, written
//! before the standalone controls of that index so the blocks come out as
//! they were.

use super::layout::{self, block, get_u32, size, tuple};
use super::read::{name, Binary, Block, Element};
use std::collections::BTreeMap;
use std::fmt::Write as _;

/// What decoding could not give back exactly (the text still compiles).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Note {
    pub offset: usize,
    pub message: String,
}

/// The alsaconf text of a binary, and what it cannot reproduce.
pub(crate) fn to_conf(bin: &Binary) -> (String, Vec<Note>) {
    let mut d = Decoder::default();
    for b in &bin.blocks {
        d.block(b);
    }
    d.finish()
}

#[derive(Default)]
struct Decoder {
    notes: Vec<Note>,
    /// Token id to name, for those used.
    tokens: BTreeMap<u32, String>,
    tuples: String,
    data: String,
    standalone_data: String,
    tlvs: String,
    texts: String,
    caps: BTreeMap<String, String>,
    hw: String,
    embedded: BTreeMap<(u32, String), String>,
    controls: [String; 3],
    widgets: String,
    pcms: String,
    dais: String,
    links: String,
    ccs: String,
    graph: String,
    manifest: String,
    counter: usize,
}

/// A quoted alsaconf string.
fn q(s: &[u8]) -> String {
    let mut out = String::from("\"");
    for ch in String::from_utf8_lossy(s).chars() {
        match ch {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x20 => {
                let _ = write!(out, "\\x{:02x}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn u(b: &[u8], at: usize) -> u32 {
    get_u32(b, at)
}

fn i(b: &[u8], at: usize) -> i32 {
    get_u32(b, at) as i32
}

/// SOF's token names by id, from the library's `sof/tokens.conf`.
fn sof_token_name(id: u32) -> Option<&'static str> {
    static NAMES: std::sync::OnceLock<BTreeMap<u32, &'static str>> = std::sync::OnceLock::new();
    let names = NAMES.get_or_init(|| {
        let mut m = BTreeMap::new();
        let text = crate::library::builtin("sof/tokens.conf").unwrap_or("");
        for line in text.lines() {
            let mut parts = line.split_whitespace();
            if let (Some(n), Some(v)) = (parts.next(), parts.next()) {
                if let Ok(v) = v.trim_matches('"').parse::<u32>() {
                    if n.starts_with("SOF_TKN_") {
                        m.insert(v, n);
                    }
                }
            }
        }
        m
    });
    names.get(&id).copied()
}

/// A token's name: SOF's, else `TKN_<id>`.
pub(super) fn token_name(id: u32) -> String {
    sof_token_name(id).map_or_else(|| format!("TKN_{id}"), str::to_string)
}

/// The vendor arrays of private data, if it is exactly a sequence of
/// arrays tplg can write back: (type, elements).
pub(super) fn arrays(p: &[u8]) -> Option<Vec<(u32, &[u8], usize)>> {
    let mut out = Vec::new();
    let mut at = 0;
    while at < p.len() {
        if p.len() - at < 12 {
            return None;
        }
        let (len, kind, n) = (u(p, at) as usize, u(p, at + 4), u(p, at + 8) as usize);
        let esize = match kind {
            tuple::UUID => size::UUID_ELEM,
            tuple::STRING => size::STRING_ELEM,
            tuple::BOOL | tuple::BYTE | tuple::WORD | tuple::SHORT => size::VALUE_ELEM,
            _ => return None,
        };
        if n == 0 || len != 12 + n.checked_mul(esize)? || at + len > p.len() {
            return None;
        }
        let elems = &p[at + 12..at + len];
        for e in elems.chunks(esize) {
            if u(e, 0) > i32::MAX as u32 {
                return None;
            }
            let ok = match kind {
                tuple::STRING => {
                    let s = name(&e[4..]);
                    s.len() < layout::NAME_LEN
                        && e[4 + s.len()..].iter().all(|&c| c == 0)
                        && std::str::from_utf8(s).is_ok_and(|t| t.chars().all(|c| c >= ' '))
                }
                tuple::BOOL => u(e, 4) <= 1,
                tuple::BYTE => u(e, 4) <= 0xff,
                tuple::SHORT => u(e, 4) <= 0xffff,
                _ => true,
            };
            if !ok {
                return None;
            }
        }
        out.push((kind, elems, esize));
        at += len;
    }
    Some(out)
}

impl Decoder {
    fn next_id(&mut self) -> usize {
        self.counter += 1;
        self.counter
    }

    fn note(&mut self, offset: usize, message: String) {
        self.notes.push(Note { offset, message });
    }

    /// A `SectionData` for private data (tuples when it is made of vendor
    /// arrays); its name.
    fn private(&mut self, p: &[u8], index: u32, standalone: Option<u32>) -> String {
        let n = self.next_id();
        let dname = format!("data{n}");
        let mut s = format!(
            "SectionData.{} {{\n\tindex \"{index}\"\n",
            q(dname.as_bytes())
        );
        if let Some(t) = standalone.filter(|t| *t != 0) {
            let _ = writeln!(s, "\ttype \"{}\"", t as i32);
        }
        match arrays(p).filter(|_| standalone.is_none()) {
            Some(sets) if !sets.is_empty() => {
                let tname = format!("tuples{n}");
                let _ = writeln!(s, "\ttuples {}", q(tname.as_bytes()));
                let mut t = format!(
                    "SectionVendorTuples.{} {{\n\tindex \"{index}\"\n\ttokens \"tokens\"\n",
                    q(tname.as_bytes())
                );
                let mut seen: BTreeMap<&str, usize> = BTreeMap::new();
                for (kind, elems, esize) in sets {
                    let tn = match kind {
                        tuple::UUID => "uuid",
                        tuple::STRING => "string",
                        tuple::BOOL => "bool",
                        tuple::BYTE => "byte",
                        tuple::SHORT => "short",
                        _ => "word",
                    };
                    let k = seen.entry(tn).or_insert(0);
                    let key = if *k == 0 {
                        tn.to_string()
                    } else {
                        format!("{tn}.{k}")
                    };
                    *k += 1;
                    let _ = writeln!(t, "\ttuples.\"{key}\" {{");
                    for e in elems.chunks(esize) {
                        let id = u(e, 0);
                        let tok =
                            sof_token_name(id).map_or_else(|| format!("TKN_{id}"), str::to_string);
                        self.tokens.insert(id, tok.clone());
                        let v = match kind {
                            tuple::UUID => format!(
                                "\"{}\"",
                                e[4..20]
                                    .iter()
                                    .map(|b| format!("{b:02x}"))
                                    .collect::<Vec<_>>()
                                    .join(":")
                            ),
                            tuple::STRING => q(name(&e[4..])),
                            _ => format!("\"{}\"", u(e, 4)),
                        };
                        let _ = writeln!(t, "\t\t{tok} {v}");
                    }
                    t.push_str("\t}\n");
                }
                t.push_str("}\n");
                self.tuples.push_str(&t);
            }
            _ => {
                let body: &[u8] = if standalone.is_some() {
                    p.get(4..).unwrap_or(&[])
                } else {
                    p
                };
                if !body.is_empty() {
                    let hex: Vec<String> = body.iter().map(|b| format!("0x{b:02x}")).collect();
                    let _ = writeln!(s, "\tbytes \"{}\"", hex.join(","));
                }
            }
        }
        s.push_str("}\n");
        if standalone.is_some() {
            self.standalone_data.push_str(&s);
        } else {
            self.data.push_str(&s);
        }
        dname
    }

    fn data_ref(&mut self, out: &mut String, p: &[u8], index: u32) {
        if !p.is_empty() {
            let dn = self.private(p, index, None);
            let _ = writeln!(out, "\tdata [ {} ]", q(dn.as_bytes()));
        }
    }

    fn block(&mut self, b: &Block) {
        if b.kind == block::DAPM_GRAPH {
            self.routes(b);
            return;
        }
        for e in &b.elements {
            match b.kind {
                block::MANIFEST => self.manifest(e),
                block::MIXER | block::ENUM | block::BYTES => {
                    let s = self.control(b.kind, e, b.index);
                    let slot = match b.kind {
                        block::MIXER => 0,
                        block::ENUM => 1,
                        _ => 2,
                    };
                    self.controls[slot].push_str(&s);
                }
                block::DAPM_WIDGET => self.widget(e, b.index),
                block::PCM => self.pcm(e, b.index),
                block::DAI => self.dai(e, b.index),
                block::BACKEND_LINK | block::DAI_LINK => self.link(e, b.index),
                block::CODEC_LINK => {
                    let n = self.next_id();
                    let _ = writeln!(
                        self.ccs,
                        "SectionCC.\"cc{n}\" {{\n\tindex \"{}\"\n\tid \"{}\"\n}}",
                        b.index,
                        u(e.fixed, 4)
                    );
                }
                block::PDATA => {
                    self.private(e.private, b.index, Some(b.vendor_type));
                }
                _ => {}
            }
        }
    }

    fn manifest(&mut self, e: &Element) {
        if !e.private.is_empty() {
            let dn = self.private(e.private, 0, None);
            let _ = writeln!(
                self.manifest,
                "SectionManifest.\"manifest\" {{\n\tdata [ {} ]\n}}",
                q(dn.as_bytes())
            );
        }
    }

    /// Access flags as names.
    fn access(out: &mut String, mut a: u32) {
        let mut names = Vec::new();
        for (n, v) in layout::ACCESS {
            if a & v == *v && *v != 0 {
                names.push(format!("\t\t{n}"));
                a &= !v;
            }
        }
        let _ = writeln!(out, "\taccess [\n{}\n\t]", names.join("\n"));
    }

    fn ops(out: &mut String, key: &str, info: u32, get: u32, put: u32) {
        let n = |v: u32| {
            layout::OPS
                .iter()
                .find(|(_, x)| *x == v)
                .map_or_else(|| format!("\"{}\"", v as i32), |(s, _)| format!("\"{s}\""))
        };
        let _ = writeln!(
            out,
            "\t{key}.\"ctl\" {{\n\t\tinfo {}\n\t\tget {}\n\t\tput {}\n\t}}",
            n(info),
            n(get),
            n(put)
        );
    }

    fn channels(&mut self, out: &mut String, f: &[u8], at: usize, n: u32, offset: usize) {
        for k in 0..(n as usize).min(layout::MAX_CHAN) {
            let c = at + k * size::CHANNEL;
            let id = u(f, c + 12);
            let cname = id
                .checked_sub(layout::CHMAP_MONO)
                .and_then(|x| layout::CHANNELS.get(x as usize))
                .map_or_else(
                    || {
                        self.note(
                            offset + c,
                            format!("channel position {id} has no name: decoded as mono"),
                        );
                        "mono".to_string()
                    },
                    |s| s.to_uppercase(),
                );
            let cname = if cname == "MONO" {
                "mono".to_string()
            } else {
                cname
            };
            let _ = writeln!(
                out,
                "\tchannel.\"{cname}\" {{\n\t\treg \"{}\"\n\t\tshift \"{}\"\n\t}}",
                i(f, c + 4),
                i(f, c + 8)
            );
        }
    }

    /// A control's section (mixer, enum or bytes).
    fn control(&mut self, kind: u32, e: &Element, index: u32) -> String {
        let f = e.fixed;
        let cname = name(&f[8..8 + layout::NAME_LEN]).to_vec();
        let section = match kind {
            block::MIXER => "SectionControlMixer",
            block::ENUM => "SectionControlEnum",
            _ => "SectionControlBytes",
        };
        let mut s = format!("{section}.{} {{\n\tindex \"{index}\"\n", q(&cname));
        let hdr_size = u(f, 0);
        let (get, put, info) = (u(f, 56), u(f, 60), u(f, 64));
        if hdr_size != 0 {
            Self::ops(&mut s, "ops", info, get, put);
        }
        Self::access(&mut s, u(f, 52));
        let tlv_size = u(f, 68);
        let body = size::CTL_HDR;
        match kind {
            block::MIXER => {
                if tlv_size != 0 {
                    let n = self.next_id();
                    let tn = format!("tlv{n}");
                    let _ = writeln!(
                        self.tlvs,
                        "SectionTLV.{} {{\n\tscale {{\n\t\tmin \"{}\"\n\t\tstep \"{}\"\n\t\tmute \"{}\"\n\t}}\n}}",
                        q(tn.as_bytes()),
                        i(f, 76),
                        i(f, 80),
                        i(f, 84)
                    );
                    let _ = writeln!(s, "\ttlv {}", q(tn.as_bytes()));
                }
                let _ = writeln!(s, "\tmax \"{}\"", i(f, body + 8));
                if u(f, body + 16) != 0 {
                    s.push_str("\tinvert \"true\"\n");
                }
                let n = u(f, body + 20);
                self.channels(&mut s, f, body + 24, n, e.offset);
            }
            block::ENUM => {
                let n = u(f, body + 4);
                self.channels(&mut s, f, body + 8, n, e.offset);
                let items_at = body + 8 + layout::MAX_CHAN * size::CHANNEL;
                let items = u(f, items_at) as usize;
                if items > 0 {
                    let tn = format!("text{}", self.next_id());
                    let texts_at = items_at + 12;
                    let vals: Vec<String> = (0..items.min(layout::NUM_TEXTS))
                        .map(|k| {
                            let at = texts_at + k * layout::NAME_LEN;
                            format!("\t\t{}", q(name(&f[at..at + layout::NAME_LEN])))
                        })
                        .collect();
                    let _ = writeln!(
                        self.texts,
                        "SectionText.{} {{\n\tindex \"{index}\"\n\tvalues [\n{}\n\t]\n}}",
                        q(tn.as_bytes()),
                        vals.join("\n")
                    );
                    let _ = writeln!(s, "\ttexts {}", q(tn.as_bytes()));
                }
            }
            _ => {
                let mask = i(f, body + 8);
                let mask = if mask < 0 {
                    format!("-{:x}", i64::from(mask).unsigned_abs())
                } else {
                    format!("{mask:x}")
                };
                let _ = writeln!(
                    s,
                    "\tmax \"{}\"\n\tmask \"{mask}\"\n\tbase \"{}\"\n\tnum_regs \"{}\"",
                    i(f, body + 4),
                    i(f, body + 12),
                    i(f, body + 16)
                );
                let (eg, ep, ei) = (u(f, body + 20), u(f, body + 24), u(f, body + 28));
                if eg | ep | ei != 0 {
                    Self::ops(&mut s, "extops", ei, eg, ep);
                }
            }
        }
        self.data_ref(&mut s, e.private, index);
        s.push_str("}\n");
        s
    }

    fn widget(&mut self, e: &Element, index: u32) {
        let f = e.fixed;
        let wname = name(&f[8..52]);
        let sname = name(&f[52..96]);
        let wtype = u(f, 4);
        let tname = layout::WIDGET_TYPES
            .get(wtype as usize)
            .copied()
            .unwrap_or_else(|| {
                self.note(
                    e.offset + 4,
                    format!("widget type {wtype} has no name: decoded as input"),
                );
                "input"
            });
        let mut s = format!(
            "SectionWidget.{} {{\n\tindex \"{index}\"\n\ttype \"{tname}\"\n",
            q(wname)
        );
        if !sname.is_empty() {
            let _ = writeln!(s, "\tstream_name {}", q(sname));
        }
        let _ = writeln!(
            s,
            "\treg \"{}\"\n\tshift \"{}\"\n\tsubseq \"{}\"\n\tinvert \"{}\"\n\tevent_flags \"{}\"\n\tevent_type \"{}\"",
            i(f, 96),
            i(f, 100),
            i(f, 108),
            u(f, 112),
            u16::from_le_bytes([f[120], f[121]]),
            u16::from_le_bytes([f[122], f[123]]),
        );
        if u(f, 104) != 0 || u(f, 116) != 0 {
            self.note(
                e.offset + 104,
                "a widget's mask or ignore_suspend: alsaconf cannot set them, the decoded text leaves them out".into(),
            );
        }
        self.data_ref(&mut s, e.private, index);
        // embedded controls, by kind, in the order they come
        let mut keys: Vec<(&str, Vec<String>)> = Vec::new();
        for (kind, c) in &e.controls {
            let cname = name(&c.fixed[8..52]).to_vec();
            let key = match *kind {
                block::MIXER => "mixer",
                block::ENUM => "enum",
                _ => "bytes",
            };
            let text = self.control(*kind, c, index);
            let k = (*kind, String::from_utf8_lossy(&cname).into_owned());
            match self.embedded.get(&k) {
                Some(old) if *old != text => self.note(
                    c.offset,
                    format!("two different controls named {}", q(&cname)),
                ),
                Some(_) => {}
                None => {
                    self.embedded.insert(k, text);
                }
            }
            match keys.iter_mut().find(|(x, _)| *x == key) {
                Some((_, v)) => v.push(q(&cname)),
                None => keys.push((key, vec![q(&cname)])),
            }
        }
        for (key, names) in keys {
            let _ = writeln!(s, "\t{key} [\n\t\t{}\n\t]", names.join("\n\t\t"));
        }
        s.push_str("}\n");
        self.widgets.push_str(&s);
    }

    /// A graph block: one `SectionGraph` of its routes.
    fn routes(&mut self, b: &Block) {
        let mut lines = Vec::new();
        for e in &b.elements {
            let f = e.fixed;
            let (sink, control, source) = (name(&f[0..44]), name(&f[44..88]), name(&f[88..132]));
            let line = format!(
                "{}, {}, {}",
                String::from_utf8_lossy(sink),
                String::from_utf8_lossy(control),
                String::from_utf8_lossy(source)
            );
            lines.push(format!("\t\t{}", q(line.as_bytes())));
        }
        let n = self.next_id();
        let _ = writeln!(
            self.graph,
            "SectionGraph.\"graph{}\" {{\n\tindex \"{}\"\n\tlines [\n{}\n\t]\n}}",
            n,
            b.index,
            lines.join("\n")
        );
    }

    /// A stream capabilities section (once per name) for `caps` at `at`.
    fn caps(&mut self, f: &[u8], at: usize) -> Option<String> {
        let cname = name(&f[at + 4..at + 4 + layout::NAME_LEN]);
        if cname.is_empty() {
            return None;
        }
        let key = String::from_utf8_lossy(cname).into_owned();
        if u(f, at) == 0 {
            // alsatplg did not find it either: the name alone
            return Some(key);
        }
        let formats = u64::from(u(f, at + 48)) | (u64::from(u(f, at + 52)) << 32);
        let fnames: Vec<&str> = (0..64)
            .filter(|b| formats & (1u64 << b) != 0)
            .filter_map(|b| {
                layout::PCM_FORMATS
                    .iter()
                    .find(|(_, v)| *v == b)
                    .map(|(n, _)| *n)
            })
            .collect();
        let rates = u(f, at + 56);
        let rnames: Vec<&str> = (0..32)
            .filter(|b| rates & (1u32 << b) != 0)
            .filter_map(|b| {
                layout::PCM_RATES
                    .iter()
                    .find(|(_, v)| *v == b)
                    .map(|(n, _)| *n)
            })
            .collect();
        let mut s = format!("SectionPCMCapabilities.{} {{\n", q(cname));
        if !fnames.is_empty() {
            let _ = writeln!(s, "\tformats \"{}\"", fnames.join(","));
        }
        if !rnames.is_empty() {
            let _ = writeln!(s, "\trates \"{}\"", rnames.join(","));
        }
        for (k, n) in [
            "rate_min",
            "rate_max",
            "channels_min",
            "channels_max",
            "periods_min",
            "periods_max",
            "period_size_min",
            "period_size_max",
            "buffer_size_min",
            "buffer_size_max",
            "sig_bits",
        ]
        .iter()
        .enumerate()
        {
            let _ = writeln!(s, "\t{n} \"{}\"", i(f, at + 60 + 4 * k));
        }
        s.push_str("}\n");
        if let Some(old) = self.caps.get(&key) {
            if *old != s {
                self.note(at, format!("two different capabilities named {}", q(cname)));
            }
        } else {
            self.caps.insert(key.clone(), s);
        }
        Some(key)
    }

    fn streams(&mut self, out: &mut String, f: &[u8], on: [u32; 2], caps_at: usize) {
        for (k, dir) in ["playback", "capture"].iter().enumerate() {
            if on[k] == 0 {
                continue;
            }
            let _ = writeln!(out, "\tpcm.\"{dir}\" {{");
            if let Some(c) = self.caps(f, caps_at + k * size::STREAM_CAPS) {
                let _ = writeln!(out, "\t\tcapabilities {}", q(c.as_bytes()));
            }
            out.push_str("\t}\n");
        }
    }

    fn flags(out: &mut String, mask: u32, flags: u32) {
        for (bit, key) in [
            (layout::flag::SYMMETRIC_RATES, "symmetric_rates"),
            (layout::flag::SYMMETRIC_CHANNELS, "symmetric_channels"),
            (layout::flag::SYMMETRIC_SAMPLEBITS, "symmetric_sample_bits"),
        ] {
            if mask & bit != 0 {
                let _ = writeln!(out, "\t{key} \"{}\"", u8::from(flags & bit != 0));
            }
        }
    }

    fn pcm(&mut self, e: &Element, index: u32) {
        let f = e.fixed;
        let mut s = format!(
            "SectionPCM.{} {{\n\tindex \"{index}\"\n\tid \"{}\"\n",
            q(name(&f[4..48])),
            u(f, 92)
        );
        let dai = name(&f[48..92]);
        if !dai.is_empty() || u(f, 96) != 0 {
            let _ = writeln!(s, "\tdai.{} {{\n\t\tid \"{}\"\n\t}}", q(dai), u(f, 96));
        }
        let caps_at = size::PCM - 4 - 8 - 2 * size::STREAM_CAPS;
        self.streams(&mut s, f, [u(f, 100), u(f, 104)], caps_at);
        if u(f, 108) != 0 {
            s.push_str("\tcompress \"true\"\n");
        }
        Self::flags(&mut s, u(f, size::PCM - 12), u(f, size::PCM - 8));
        self.data_ref(&mut s, e.private, index);
        s.push_str("}\n");
        self.pcms.push_str(&s);
    }

    fn dai(&mut self, e: &Element, index: u32) {
        let f = e.fixed;
        let mut s = format!(
            "SectionDAI.{} {{\n\tindex \"{index}\"\n\tid \"{}\"\n",
            q(name(&f[4..48])),
            u(f, 48)
        );
        let on = [u(f, 52), u(f, 56)];
        // `pcm` sets 1; the numbers after it set what the binary has
        self.streams(&mut s, f, [1, 1], 60);
        let _ = writeln!(s, "\tplayback \"{}\"\n\tcapture \"{}\"", on[0], on[1]);
        Self::flags(&mut s, u(f, size::DAI - 12), u(f, size::DAI - 8));
        self.data_ref(&mut s, e.private, index);
        s.push_str("}\n");
        self.dais.push_str(&s);
    }

    fn link(&mut self, e: &Element, index: u32) {
        let f = e.fixed;
        let lname = name(&f[8..52]);
        let mut s = format!(
            "SectionBE.{} {{\n\tindex \"{index}\"\n\tid \"{}\"\n",
            q(lname),
            u(f, 4)
        );
        let sname = name(&f[52..96]);
        if !sname.is_empty() {
            let _ = writeln!(s, "\tstream_name {}", q(sname));
        }
        let hw_at = 8 + 2 * layout::NAME_LEN + layout::STREAM_CONFIG_MAX * size::STREAM + 4;
        let n = u(f, hw_at + layout::HW_CONFIG_MAX * size::HW_CONFIG) as usize;
        let mut names = Vec::new();
        for k in 0..n.min(layout::HW_CONFIG_MAX) {
            names.push(self.hw_config(&f[hw_at + k * size::HW_CONFIG..][..size::HW_CONFIG], index));
        }
        if !names.is_empty() {
            let _ = writeln!(s, "\thw_configs [\n\t\t{}\n\t]", names.join("\n\t\t"));
        }
        let _ = writeln!(
            s,
            "\tdefault_hw_conf_id \"{}\"",
            u(f, hw_at + layout::HW_CONFIG_MAX * size::HW_CONFIG + 4)
        );
        Self::flags(&mut s, u(f, size::LINK - 12), u(f, size::LINK - 8));
        self.data_ref(&mut s, e.private, index);
        s.push_str("}\n");
        self.links.push_str(&s);
    }

    fn hw_config(&mut self, h: &[u8], index: u32) -> String {
        let n = format!("hw{}", self.next_id());
        let mut s = format!(
            "SectionHWConfig.{} {{\n\tindex \"{index}\"\n\tid \"{}\"\n",
            q(n.as_bytes()),
            u(h, 4)
        );
        if let Some((f, _)) = layout::HW_FORMATS.iter().find(|(_, v)| *v == u(h, 8)) {
            let _ = writeln!(s, "\tformat \"{f}\"");
        }
        match h[12] {
            layout::CLK_GATE_GATED => s.push_str("\tpm_gate_clocks \"true\"\n"),
            layout::CLK_GATE_CONT => s.push_str("\tpm_gate_clocks \"false\"\n"),
            _ => {}
        }
        let prov = |v: u8| {
            if v == layout::CODEC_CONSUMER {
                "codec_consumer"
            } else {
                "codec_provider"
            }
        };
        let _ = writeln!(
            s,
            "\tbclk_invert \"{}\"\n\tfsync_invert \"{}\"\n\tbclk \"{}\"\n\tfsync \"{}\"\n\tmclk \"{}\"",
            h[13],
            h[14],
            prov(h[15]),
            prov(h[16]),
            if h[17] == layout::MCLK_CODEC_IN { "codec_mclk_in" } else { "codec_mclk_out" }
        );
        for (k, key) in [
            "mclk_freq",
            "bclk_freq",
            "fsync_freq",
            "tdm_slots",
            "tdm_slot_width",
            "tx_slots",
            "rx_slots",
            "tx_channels",
        ]
        .iter()
        .enumerate()
        {
            let _ = writeln!(s, "\t{key} \"{}\"", u(h, 20 + 4 * k));
        }
        let _ = writeln!(s, "\trx_channels \"{}\"", u(h, 84));
        s.push_str("}\n");
        self.hw.push_str(&s);
        n
    }

    fn finish(self) -> (String, Vec<Note>) {
        let mut out = String::from("# Decoded by tplg from a binary topology.\n\n");
        if !self.tokens.is_empty() {
            out.push_str("SectionVendorTokens.\"tokens\" {\n");
            for (id, n) in &self.tokens {
                let _ = writeln!(out, "\t{n} \"{id}\"");
            }
            out.push_str("}\n\n");
        }
        for part in [
            &self.tuples,
            &self.data,
            &self.standalone_data,
            &self.tlvs,
            &self.texts,
        ] {
            out.push_str(part);
        }
        for c in self.caps.values() {
            out.push_str(c);
        }
        out.push_str(&self.hw);
        // embedded controls first: their index's standalone ones then end
        // each run, as in the binary
        for c in self.embedded.values() {
            out.push_str(c);
        }
        for part in self.controls.iter().chain([
            &self.widgets,
            &self.pcms,
            &self.dais,
            &self.links,
            &self.ccs,
            &self.graph,
            &self.manifest,
        ]) {
            out.push_str(part);
        }
        (out, self.notes)
    }
}
