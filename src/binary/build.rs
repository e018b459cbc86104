//! Resolving references, in alsatplg's order: data (tuples), the manifest,
//! controls, widgets, PCMs, DAIs, links, routes. An element that takes the
//! private data of a `SectionData` (or a control a widget embeds) marks it
//! copied, so it is not written again as its own.

use super::elems::{lookup, DataElem, Elem, ElemRef, RefKind, Topology, TupleVal};
use super::layout::{self, get_u32, put_u32, size};
use super::Diags;

pub(super) fn build(t: &mut Topology, d: &mut Diags) {
    build_data(t, d);
    if let Some(mut m) = t.manifest.take() {
        let refs = m.refs.clone();
        for r in &refs {
            copy_data(&mut t.data, &mut m, r, d);
        }
        t.manifest = Some(m);
    }
    build_controls(t, d);
    build_widgets(t, d);
    build_pcms(t, d);
    build_links(t, d);
    build_routes(t, d);
}

fn missing(d: &mut Diags, what: &str, r: &ElemRef, owner: &Elem) {
    d.error(
        "tplg::binary::missing",
        r.span,
        format!(
            "cannot find {what} `{}` referenced by `{}`",
            String::from_utf8_lossy(&r.id),
            String::from_utf8_lossy(&owner.id)
        ),
        "not found",
    )
    .help = Some(
        "alsatplg looks through the sections in index order and stops at the first one of a higher index than the referrer's (index 0 looks through all)"
            .into(),
    );
}

/// Vendor tuples become the private data of the `SectionData` naming them.
fn build_data(t: &mut Topology, d: &mut Diags) {
    for i in 0..t.data.len() {
        let refs: Vec<ElemRef> = t.data[i].elem.refs.clone();
        for r in refs.iter().filter(|r| r.kind == RefKind::Tuples) {
            let index = t.data[i].elem.index;
            let Some(ti) = lookup(&t.tuples, &r.id, index) else {
                missing(d, "vendor tuples", r, &t.data[i].elem);
                continue;
            };
            let tuples = &t.tuples[ti];
            let Some(tref) = &tuples.tokens else {
                d.error(
                    "tplg::binary::missing",
                    tuples.span,
                    format!(
                        "vendor tuples `{}` name no `tokens`",
                        String::from_utf8_lossy(&tuples.id)
                    ),
                    "no tokens",
                );
                continue;
            };
            let Some(ki) = lookup(&t.tokens, &tref.id, tuples.index) else {
                d.error(
                    "tplg::binary::missing",
                    tref.span,
                    format!(
                        "cannot find vendor tokens `{}` for tuples `{}`",
                        String::from_utf8_lossy(&tref.id),
                        String::from_utf8_lossy(&tuples.id)
                    ),
                    "not defined",
                );
                continue;
            };
            let tokens = &t.tokens[ki];
            let mut out = Vec::new();
            for set in &tuples.sets {
                let esize = match set.kind {
                    layout::tuple::UUID => size::UUID_ELEM,
                    layout::tuple::STRING => size::STRING_ELEM,
                    _ => size::VALUE_ELEM,
                };
                let set_size = size::VENDOR_ARRAY + esize * set.tuples.len();
                let mut b = layout::Buf::with_capacity(set_size);
                b.u32(set_size as u32)
                    .u32(set.kind)
                    .u32(set.tuples.len() as u32);
                for (token, span, v) in &set.tuples {
                    let value = tokens
                        .tokens
                        .iter()
                        .find(|(n, _)| n == token)
                        .map(|&(_, v)| v);
                    let Some(value) = value.filter(|v| *v >= 0) else {
                        d.error(
                            "tplg::binary::token",
                            *span,
                            format!(
                                "token `{}` is not in vendor tokens `{}`",
                                String::from_utf8_lossy(token),
                                String::from_utf8_lossy(&tokens.id)
                            ),
                            "unknown token",
                        );
                        continue;
                    };
                    b.u32(value as u32);
                    match v {
                        TupleVal::Uuid(u) => {
                            b.bytes(u);
                        }
                        TupleVal::Str(s) => {
                            b.name(s);
                        }
                        TupleVal::Int(x) => {
                            b.u32(*x);
                        }
                    }
                }
                out.extend_from_slice(&b.0);
            }
            let data = &mut t.data[i];
            if data.payload.len() + out.len() > layout::MAX_PRIV_SIZE {
                d.error(
                    "tplg::binary::too_big",
                    r.span,
                    format!(
                        "private data over {} bytes: alsatplg refuses it",
                        layout::MAX_PRIV_SIZE
                    ),
                    "too big",
                );
                continue;
            }
            data.payload.extend_from_slice(&out);
        }
    }
}

/// `tplg_copy_data`: appends the data's bytes to `e` (whose private data
/// size is its structure's last word, or the manifest's).
fn copy_data(data: &mut [DataElem], e: &mut Elem, r: &ElemRef, d: &mut Diags) -> bool {
    let Some(i) = lookup(data, &r.id, e.index) else {
        missing(d, "data", r, e);
        return false;
    };
    let src = &mut data[i];
    if src.payload.is_empty() {
        return true;
    }
    if e.obj.is_empty() {
        // the manifest: its private data alone
        e.obj.extend_from_slice(&0u32.to_le_bytes());
    }
    let at = e.priv_at;
    let old = get_u32(&e.obj, at);
    let new = old + src.payload.len() as u32;
    put_u32(&mut e.obj, at, new);
    e.obj.extend_from_slice(&src.payload);
    src.elem.compound = true;
    true
}

fn build_controls(t: &mut Topology, d: &mut Diags) {
    for i in 0..t.mixers.len() {
        let mut e = std::mem::replace(&mut t.mixers[i], placeholder());
        for r in e.refs.clone() {
            match r.kind {
                RefKind::Tlv => match lookup(&t.tlvs, &r.id, e.index) {
                    Some(ti) => {
                        let tlv = t.tlvs[ti].obj.clone();
                        e.obj[68..68 + size::CTL_TLV].copy_from_slice(&tlv);
                    }
                    None => missing(d, "TLV", &r, &e),
                },
                RefKind::Data => {
                    copy_data(&mut t.data, &mut e, &r, d);
                }
                _ => {}
            }
        }
        t.mixers[i] = e;
        t.counts.controls += 1;
    }
    for i in 0..t.enums.len() {
        let mut e = std::mem::replace(&mut t.enums[i], placeholder());
        for r in e.refs.clone() {
            match r.kind {
                RefKind::Text => match lookup(&t.texts, &r.id, e.index) {
                    Some(ti) => {
                        let text = &t.texts[ti];
                        let items = 340;
                        let texts = items + 12;
                        e.obj[texts..texts + text.obj.len()].copy_from_slice(&text.obj);
                        let n = get_u32(&e.obj, items) + text.count;
                        put_u32(&mut e.obj, items, n);
                    }
                    None => missing(d, "text", &r, &e),
                },
                RefKind::Data => {
                    copy_data(&mut t.data, &mut e, &r, d);
                }
                _ => {}
            }
        }
        t.enums[i] = e;
        t.counts.controls += 1;
    }
    for i in 0..t.bytes.len() {
        let mut e = std::mem::replace(&mut t.bytes[i], placeholder());
        for r in e.refs.clone() {
            if r.kind == RefKind::Data {
                copy_data(&mut t.data, &mut e, &r, d);
            }
        }
        t.bytes[i] = e;
        t.counts.controls += 1;
    }
}

fn placeholder() -> Elem {
    let nowhere = crate::source::Span::new(crate::source::FileId(0), 0, 0);
    Elem::new(Vec::new(), nowhere, 0, Vec::new())
}

fn build_widgets(t: &mut Topology, d: &mut Diags) {
    for i in 0..t.widgets.len() {
        let mut e = std::mem::replace(&mut t.widgets[i], placeholder());
        let refs = e.refs.clone();
        // a widget's private data comes before its controls
        for r in refs.iter().filter(|r| r.kind == RefKind::Data) {
            copy_data(&mut t.data, &mut e, r, d);
        }
        for r in refs.iter().filter(|r| r.kind != RefKind::Data) {
            let (list, what) = match r.kind {
                RefKind::Mixer => (&mut t.mixers, "mixer control"),
                RefKind::Enum => (&mut t.enums, "enum control"),
                _ => (&mut t.bytes, "bytes control"),
            };
            match lookup(list, &r.id, e.index) {
                Some(ci) => {
                    let c = &mut list[ci];
                    e.obj.extend_from_slice(&c.obj);
                    c.compound = true;
                    let at = layout::offset::WIDGET_NUM_KCONTROLS;
                    let n = get_u32(&e.obj, at) + 1;
                    put_u32(&mut e.obj, at, n);
                }
                None => missing(d, what, r, &e),
            }
        }
        t.widgets[i] = e;
        t.counts.widgets += 1;
    }
}

/// Copies the named stream capabilities into the two `caps` of a PCM or
/// DAI structure at `at`.
fn stream_caps(t: &Topology, e: &mut Elem, at: usize, d: &mut Diags) {
    for k in 0..2 {
        let off = at + k * size::STREAM_CAPS;
        let name_at = off + 4;
        let name: Vec<u8> = e.obj[name_at..name_at + layout::NAME_LEN]
            .iter()
            .copied()
            .take_while(|&c| c != 0)
            .collect();
        match lookup(&t.caps, &name, e.index) {
            Some(ci) => e.obj[off..off + size::STREAM_CAPS].copy_from_slice(&t.caps[ci].obj),
            None if !name.is_empty() => {
                d.warn(
                    "tplg::binary::missing_caps",
                    e.span,
                    format!(
                        "cannot find capabilities `{}` of `{}`: alsatplg writes the name alone",
                        String::from_utf8_lossy(&name),
                        String::from_utf8_lossy(&e.id)
                    ),
                    "its stream capabilities",
                );
            }
            None => {}
        }
    }
}

fn build_pcms(t: &mut Topology, d: &mut Diags) {
    let caps_at = size::PCM - 4 - 8 - 2 * size::STREAM_CAPS;
    for i in 0..t.pcms.len() {
        let mut e = std::mem::replace(&mut t.pcms[i], placeholder());
        stream_caps(t, &mut e, caps_at, d);
        for r in e.refs.clone() {
            copy_data(&mut t.data, &mut e, &r, d);
        }
        t.pcms[i] = e;
        t.counts.pcms += 1;
    }
    let caps_at = 4 + layout::NAME_LEN + 12;
    for i in 0..t.dais.len() {
        let mut e = std::mem::replace(&mut t.dais[i], placeholder());
        stream_caps(t, &mut e, caps_at, d);
        for r in e.refs.clone() {
            copy_data(&mut t.data, &mut e, &r, d);
        }
        t.dais[i] = e;
        t.counts.dais += 1;
    }
}

fn build_links(t: &mut Topology, d: &mut Diags) {
    let hw_at = 8 + 2 * layout::NAME_LEN + layout::STREAM_CONFIG_MAX * size::STREAM + 4;
    for i in 0..t.links.len() {
        let mut e = std::mem::replace(&mut t.links[i], placeholder());
        let mut n = 0;
        for r in e.refs.clone() {
            match r.kind {
                RefKind::HwConfig => {
                    let Some(hi) = lookup(&t.hw_configs, &r.id, e.index) else {
                        missing(d, "HW config", &r, &e);
                        continue;
                    };
                    if n == layout::HW_CONFIG_MAX {
                        d.error(
                            "tplg::binary::hw_configs",
                            r.span,
                            format!(
                                "link `{}` has more than {} HW configs: alsatplg writes past the structure",
                                String::from_utf8_lossy(&e.id),
                                layout::HW_CONFIG_MAX
                            ),
                            "one too many",
                        );
                        continue;
                    }
                    let at = hw_at + n * size::HW_CONFIG;
                    e.obj[at..at + size::HW_CONFIG].copy_from_slice(&t.hw_configs[hi].obj);
                    n += 1;
                }
                _ => {
                    copy_data(&mut t.data, &mut e, &r, d);
                }
            }
        }
        t.links[i] = e;
        t.counts.links += 1;
    }
    t.counts.links += t.ccs.len() as u32;
}

/// Routes are checked as alsatplg checks them: warnings for names it does
/// not find (it writes them anyway).
fn build_routes(t: &mut Topology, d: &mut Diags) {
    for e in &t.routes {
        let control = &e.refs[0];
        for r in &e.refs[1..] {
            if lookup(&t.widgets, &r.id, 0).is_none() {
                d.warn(
                    "tplg::binary::route_widget",
                    r.span,
                    format!(
                        "no widget `{}`: alsatplg writes the route anyway",
                        String::from_utf8_lossy(&r.id)
                    ),
                    "undefined widget",
                );
            }
        }
        if !control.id.is_empty()
            && lookup(&t.mixers, &control.id, e.index).is_none()
            && lookup(&t.enums, &control.id, e.index).is_none()
        {
            d.warn(
                "tplg::binary::route_control",
                control.span,
                format!(
                    "no mixer or enum control `{}`: alsatplg writes the route anyway",
                    String::from_utf8_lossy(&control.id)
                ),
                "undefined control",
            );
        }
    }
    t.counts.graph = t.routes.len() as u32;
}
