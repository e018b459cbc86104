//! Two binary topologies compared element by element: widgets, controls,
//! routes, PCMs, DAIs, links and the manifest, each by name, each field by
//! name, private data as its tuples (token = value). What `tplg diff`
//! prints, so "why is my binary different" has an answer without `cmp`.

use super::decode::{arrays, token_name};
use super::layout::{self, block, get_u32, size, tuple};
use super::read::{name, Binary, Element};

/// What an element is, field by field, in the order they are shown.
type Fields = Vec<(String, String)>;

/// One difference.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Change {
    OnlyInA(String),
    OnlyInB(String),
    /// An element in both, with the fields that differ: (field, A, B).
    Differs(String, Vec<(String, String, String)>),
}

/// The differences between two binaries, in the order of A's elements
/// (then B's new ones).
pub(crate) fn diff(a: &Binary, b: &Binary) -> Vec<Change> {
    let (ea, eb) = (elements(a), elements(b));
    let mut out = Vec::new();
    for (key, fa) in &ea {
        match eb.iter().find(|(k, _)| k == key) {
            None => out.push(Change::OnlyInA(key.clone())),
            Some((_, fb)) => {
                let fields = compare(fa, fb);
                if !fields.is_empty() {
                    out.push(Change::Differs(key.clone(), fields));
                }
            }
        }
    }
    for (key, _) in &eb {
        if !ea.iter().any(|(k, _)| k == key) {
            out.push(Change::OnlyInB(key.clone()));
        }
    }
    out
}

/// The fields that differ, by name (a field only on one side shows `-`).
fn compare(a: &Fields, b: &Fields) -> Vec<(String, String, String)> {
    let mut out = Vec::new();
    for (k, va) in a {
        let vb = b.iter().find(|(x, _)| x == k).map(|(_, v)| v.as_str());
        if vb != Some(va.as_str()) {
            out.push((k.clone(), va.clone(), vb.unwrap_or("-").to_string()));
        }
    }
    for (k, vb) in b {
        if !a.iter().any(|(x, _)| x == k) {
            out.push((k.clone(), "-".to_string(), vb.clone()));
        }
    }
    out
}

/// Renders the changes for a person; empty when there are none.
pub(crate) fn render(changes: &[Change]) -> String {
    let mut s = String::new();
    for c in changes {
        match c {
            Change::OnlyInA(k) => s.push_str(&format!("- {k}: only in A\n")),
            Change::OnlyInB(k) => s.push_str(&format!("+ {k}: only in B\n")),
            Change::Differs(k, fields) => {
                s.push_str(&format!("~ {k}\n"));
                for (f, a, b) in fields {
                    s.push_str(&format!("    {f}: {a} → {b}\n"));
                }
            }
        }
    }
    s
}

fn s(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

fn u(b: &[u8], at: usize) -> u32 {
    get_u32(b, at)
}

fn i(b: &[u8], at: usize) -> i32 {
    get_u32(b, at) as i32
}

/// Every element of a binary, keyed `kind "name"`, with its fields.
fn elements(bin: &Binary) -> Vec<(String, Fields)> {
    let mut out: Vec<(String, Fields)> = Vec::new();
    let mut push = |key: String, f: Fields| {
        // the same name twice in a kind: number the later ones
        let mut k = key.clone();
        let mut n = 1;
        while out.iter().any(|(x, _)| *x == k) {
            n += 1;
            k = format!("{key} #{n}");
        }
        out.push((k, f));
    };
    let mut cc = 0;
    let mut pdata = 0;
    for b in &bin.blocks {
        for e in &b.elements {
            let idx = ("index".to_string(), b.index.to_string());
            match b.kind {
                block::MANIFEST => {
                    let f = e.fixed;
                    let mut fields: Fields =
                        ["controls", "widgets", "routes", "PCMs", "links", "DAIs"]
                            .iter()
                            .enumerate()
                            .map(|(k, n)| (n.to_string(), u(f, 4 + 4 * k).to_string()))
                            .collect();
                    private(&mut fields, e.private);
                    push("manifest".into(), fields);
                }
                block::MIXER | block::ENUM | block::BYTES => {
                    let (key, mut fields) = control(b.kind, e);
                    fields.insert(0, idx);
                    push(key, fields);
                }
                block::DAPM_WIDGET => {
                    let f = e.fixed;
                    let wname = s(name(&f[8..52]));
                    let wtype = layout::WIDGET_TYPES
                        .get(u(f, 4) as usize)
                        .map_or_else(|| u(f, 4).to_string(), std::string::ToString::to_string);
                    let mut fields = vec![
                        idx,
                        ("type".into(), wtype),
                        ("stream_name".into(), s(name(&f[52..96]))),
                        ("reg".into(), i(f, 96).to_string()),
                        ("shift".into(), i(f, 100).to_string()),
                        ("mask".into(), u(f, 104).to_string()),
                        ("subseq".into(), i(f, 108).to_string()),
                        ("invert".into(), u(f, 112).to_string()),
                        ("ignore_suspend".into(), u(f, 116).to_string()),
                        (
                            "event_flags".into(),
                            u16::from_le_bytes([f[120], f[121]]).to_string(),
                        ),
                        (
                            "event_type".into(),
                            u16::from_le_bytes([f[122], f[123]]).to_string(),
                        ),
                    ];
                    let names: Vec<String> = e
                        .controls
                        .iter()
                        .map(|(_, c)| s(name(&c.fixed[8..52])))
                        .collect();
                    fields.push(("controls".into(), names.join(", ")));
                    private(&mut fields, e.private);
                    push(format!("widget \"{wname}\""), fields);
                    for (kind, c) in &e.controls {
                        let (key, fields) = control(*kind, c);
                        push(format!("{key} in widget \"{wname}\""), fields);
                    }
                }
                block::DAPM_GRAPH => {
                    let f = e.fixed;
                    let (sink, ctl, src) =
                        (s(name(&f[..44])), s(name(&f[44..88])), s(name(&f[88..])));
                    let key = if ctl.is_empty() {
                        format!("route \"{src}\" -> \"{sink}\"")
                    } else {
                        format!("route \"{src}\" -> \"{sink}\" through \"{ctl}\"")
                    };
                    push(key, vec![idx]);
                }
                block::PCM => {
                    let f = e.fixed;
                    let mut fields = vec![
                        idx,
                        ("id".into(), u(f, 92).to_string()),
                        ("dai".into(), s(name(&f[48..92]))),
                        ("dai id".into(), u(f, 96).to_string()),
                        ("playback".into(), u(f, 100).to_string()),
                        ("capture".into(), u(f, 104).to_string()),
                        ("compress".into(), u(f, 108).to_string()),
                    ];
                    caps(&mut fields, f, size::PCM - 12 - 2 * size::STREAM_CAPS);
                    flags(&mut fields, f, size::PCM);
                    private(&mut fields, e.private);
                    push(format!("PCM \"{}\"", s(name(&f[4..48]))), fields);
                }
                block::DAI => {
                    let f = e.fixed;
                    let mut fields = vec![
                        idx,
                        ("id".into(), u(f, 48).to_string()),
                        ("playback".into(), u(f, 52).to_string()),
                        ("capture".into(), u(f, 56).to_string()),
                    ];
                    caps(&mut fields, f, 60);
                    flags(&mut fields, f, size::DAI);
                    private(&mut fields, e.private);
                    push(format!("DAI \"{}\"", s(name(&f[4..48]))), fields);
                }
                block::BACKEND_LINK | block::DAI_LINK | block::CODEC_LINK => {
                    let f = e.fixed;
                    let mut fields = vec![
                        idx,
                        ("id".into(), u(f, 4).to_string()),
                        ("stream_name".into(), s(name(&f[52..96]))),
                    ];
                    let hw_at =
                        8 + 2 * layout::NAME_LEN + layout::STREAM_CONFIG_MAX * size::STREAM + 4;
                    let n_at = hw_at + layout::HW_CONFIG_MAX * size::HW_CONFIG;
                    let n = u(f, n_at) as usize;
                    fields.push(("HW configs".into(), n.to_string()));
                    for k in 0..n.min(layout::HW_CONFIG_MAX) {
                        hw_config(
                            &mut fields,
                            k,
                            &f[hw_at + k * size::HW_CONFIG..][..size::HW_CONFIG],
                        );
                    }
                    fields.push(("default HW config".into(), u(f, n_at + 4).to_string()));
                    flags(&mut fields, f, size::LINK);
                    private(&mut fields, e.private);
                    let key = if b.kind == block::CODEC_LINK {
                        cc += 1;
                        format!("codec link {cc}")
                    } else {
                        format!("link \"{}\"", s(name(&f[8..52])))
                    };
                    push(key, fields);
                }
                block::PDATA => {
                    pdata += 1;
                    let mut fields = vec![idx, ("type".into(), b.vendor_type.to_string())];
                    private(&mut fields, e.private.get(4..).unwrap_or(&[]));
                    push(format!("private data block {pdata}"), fields);
                }
                _ => {}
            }
        }
    }
    out
}

fn ops(fields: &mut Fields, what: &str, info: u32, get: u32, put: u32) {
    let n = |v: u32| {
        layout::OPS
            .iter()
            .find(|(_, x)| *x == v)
            .map_or_else(|| v.to_string(), |(s, _)| s.to_string())
    };
    fields.push((
        format!("{what} info/get/put"),
        format!("{}/{}/{}", n(info), n(get), n(put)),
    ));
}

fn channels(fields: &mut Fields, f: &[u8], at: usize, n: u32) {
    let mut list = Vec::new();
    for k in 0..(n as usize).min(layout::MAX_CHAN) {
        let c = at + k * size::CHANNEL;
        let id = u(f, c + 12);
        let pos = id
            .checked_sub(layout::CHMAP_MONO)
            .and_then(|x| layout::CHANNELS.get(x as usize))
            .map_or_else(|| id.to_string(), |p| p.to_uppercase());
        list.push(format!("{pos} reg {} shift {}", i(f, c + 4), i(f, c + 8)));
    }
    fields.push(("channels".into(), list.join(", ")));
}

/// A control's key and fields.
fn control(kind: u32, e: &Element) -> (String, Fields) {
    let f = e.fixed;
    let cname = s(name(&f[8..52]));
    let body = size::CTL_HDR;
    let mut fields = vec![("access".into(), format!("0x{:x}", u(f, 52)))];
    ops(&mut fields, "ops", u(f, 64), u(f, 56), u(f, 60));
    let key = match kind {
        block::MIXER => {
            if u(f, 68) != 0 {
                fields.push((
                    "dB scale min/step/mute".into(),
                    format!("{}/{}/{}", i(f, 76), i(f, 80), i(f, 84)),
                ));
            }
            for (n, at) in [("min", 4), ("max", 8), ("platform_max", 12), ("invert", 16)] {
                fields.push((n.into(), i(f, body + at).to_string()));
            }
            channels(&mut fields, f, body + 24, u(f, body + 20));
            format!("mixer \"{cname}\"")
        }
        block::ENUM => {
            channels(&mut fields, f, body + 8, u(f, body + 4));
            let items_at = body + 8 + layout::MAX_CHAN * size::CHANNEL;
            let n = u(f, items_at) as usize;
            let texts: Vec<String> = (0..n.min(layout::NUM_TEXTS))
                .map(|k| {
                    s(name(
                        &f[items_at + 12 + k * layout::NAME_LEN..][..layout::NAME_LEN],
                    ))
                })
                .collect();
            fields.push(("texts".into(), texts.join(", ")));
            format!("enum \"{cname}\"")
        }
        _ => {
            for (n, at) in [("max", 4), ("mask", 8), ("base", 12), ("num_regs", 16)] {
                fields.push((n.into(), i(f, body + at).to_string()));
            }
            ops(
                &mut fields,
                "ext ops",
                u(f, body + 28),
                u(f, body + 20),
                u(f, body + 24),
            );
            format!("bytes \"{cname}\"")
        }
    };
    private(&mut fields, e.private);
    (key, fields)
}

fn caps(fields: &mut Fields, f: &[u8], at: usize) {
    for (k, dir) in ["playback", "capture"].iter().enumerate() {
        let c = at + k * size::STREAM_CAPS;
        let formats = u64::from(u(f, c + 48)) | (u64::from(u(f, c + 52)) << 32);
        let fnames: Vec<&str> = layout::PCM_FORMATS
            .iter()
            .take_while(|(n, _)| *n != "S16")
            .filter(|(_, v)| formats & (1u64 << v) != 0)
            .map(|(n, _)| *n)
            .collect();
        let rates = u(f, c + 56);
        let rnames: Vec<&str> = layout::PCM_RATES
            .iter()
            .filter(|(_, v)| rates & (1u32 << v) != 0)
            .map(|(n, _)| *n)
            .collect();
        let nums: Vec<String> = (0..11).map(|x| u(f, c + 60 + 4 * x).to_string()).collect();
        fields.push((
            format!("{dir} capabilities"),
            format!(
                "\"{}\" formats {} rates {} rate/channels/periods/period size/buffer size min-max, sig bits {}",
                s(name(&f[c + 4..c + 48])),
                fnames.join(","),
                rnames.join(","),
                nums.join(" ")
            ),
        ));
    }
}

fn flags(fields: &mut Fields, f: &[u8], len: usize) {
    fields.push((
        "flags (mask/value)".into(),
        format!("0x{:x}/0x{:x}", u(f, len - 12), u(f, len - 8)),
    ));
}

fn hw_config(fields: &mut Fields, k: usize, h: &[u8]) {
    let fmt = layout::HW_FORMATS
        .iter()
        .find(|(_, v)| *v == u(h, 8))
        .map_or_else(|| u(h, 8).to_string(), |(n, _)| n.to_string());
    let nums: Vec<String> = (0..8).map(|x| u(h, 20 + 4 * x).to_string()).collect();
    fields.push((
        format!("HW config {k}"),
        format!(
            "id {} {fmt} gated {} invert bclk/fsync {}/{} consumer bclk/fsync {}/{} mclk in {} mclk/bclk/fsync/slots/width/tx/rx/tx ch {} rx ch {}",
            u(h, 4),
            h[12],
            h[13],
            h[14],
            h[15],
            h[16],
            h[17],
            nums.join(" "),
            u(h, 84)
        ),
    ));
}

/// Private data as fields: each tuple `TOKEN` (repeated ones numbered), or
/// the bytes.
fn private(fields: &mut Fields, p: &[u8]) {
    if p.is_empty() {
        return;
    }
    let Some(sets) = arrays(p) else {
        // in rows of 16 bytes, so that only the rows that differ show
        fields.push(("private data bytes".into(), p.len().to_string()));
        for (k, row) in p.chunks(16).enumerate() {
            let hex: Vec<String> = row.iter().map(|b| format!("{b:02x}")).collect();
            fields.push((format!("private data at {:#06x}", k * 16), hex.join(" ")));
        }
        return;
    };
    for (kind, elems, esize) in sets {
        for e in elems.chunks(esize) {
            let tok = token_name(u(e, 0));
            let v = match kind {
                tuple::UUID => e[4..20]
                    .iter()
                    .map(|b| format!("{b:02x}"))
                    .collect::<Vec<_>>()
                    .join(":"),
                tuple::STRING => format!("\"{}\"", s(name(&e[4..]))),
                _ => u(e, 4).to_string(),
            };
            let mut key = tok.clone();
            let mut n = 1;
            while fields.iter().any(|(k, _)| *k == key) {
                n += 1;
                key = format!("{tok} #{n}");
            }
            fields.push((key, v));
        }
    }
}
