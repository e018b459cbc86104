//! Controls as alsa-lib parses them: the control header (ops, access,
//! TLV slot), channels, and the mixer, enum and bytes structures.

use super::elems::{index_of, refs, Elem, ElemRef, RefKind};
use super::layout::{self, block, size, Buf};
use super::Diags;
use crate::conf::ir::*;
use crate::source::Span;
/// The control header every control starts with.
fn ctl_hdr(b: &mut Buf, ctl_type: u32, id: &[u8], access: u32, ops: &[u32; 3], has_ops: bool) {
    b.u32(if has_ops { size::CTL_HDR as u32 } else { 0 })
        .u32(ctl_type)
        .name(id)
        .u32(access)
        .u32(ops[1])
        .u32(ops[2])
        .u32(ops[0])
        .zeros(size::CTL_TLV);
}

/// `ops` groups as alsa-lib reads them: `[info, get, put]`.
fn ops(d: &mut Diags, groups: &[Ops]) -> [u32; 3] {
    let mut out = [0u32; 3];
    for g in groups {
        for (slot, v) in [(0, &g.info), (1, &g.get), (2, &g.put)] {
            let Some(v) = v else { continue };
            out[slot] = if let Some(&(_, n)) = layout::OPS.iter().find(|(n, _)| *n == v.value) {
                n
            } else if let Some(n) = crate::conf::tree::strtol_full(&v.value, 0) {
                n as u32
            } else {
                d.warn(
                    "tplg::binary::ops",
                    v.span,
                    format!("`{}` is not a control handler: alsatplg writes -22", v.value),
                    "unknown handler",
                )
                .help = Some("handlers are volsw, volsw_sx, volsw_xr_sx, enum, bytes, enum_value, range, strobe, or a number".into());
                (-22i32) as u32
            };
        }
    }
    out
}

fn access(d: &mut Diags, flags: &[Spanned<String>], key: Option<Span>, tlv: bool) -> u32 {
    if key.is_none() {
        return layout::ACCESS_READWRITE | if tlv { layout::ACCESS_TLV_READ } else { 0 };
    }
    let mut a = 0;
    for f in flags {
        match layout::ACCESS.iter().find(|(n, _)| *n == f.value) {
            Some(&(_, v)) => a |= v,
            None => {
                d.warn(
                    "tplg::binary::access",
                    f.span,
                    format!("alsatplg ignores the access flag `{}`", f.value),
                    "unknown flag",
                );
            }
        }
    }
    a
}

fn channels(d: &mut Diags, name: &str, chans: &[Channel], b: &mut Buf) -> Option<u32> {
    if chans.len() > layout::MAX_CHAN {
        d.error(
            "tplg::binary::channels",
            chans[layout::MAX_CHAN].span,
            format!(
                "control `{name}` has more than {} channels: alsatplg refuses it",
                layout::MAX_CHAN
            ),
            "one too many",
        );
        return None;
    }
    let mut ok = true;
    for c in chans {
        let Some(pos) = layout::CHANNELS
            .iter()
            .position(|n| n.eq_ignore_ascii_case(&c.name.value))
        else {
            d.error(
                "tplg::binary::channel",
                c.name.span,
                format!(
                    "`{}` is not a channel position alsatplg knows",
                    c.name.value
                ),
                "unknown channel",
            )
            .help = Some("channels are mono, FL, FR, RL, RR, FC, LFE, SL, SR, …".into());
            ok = false;
            continue;
        };
        b.u32(size::CHANNEL as u32)
            .i32(c.reg.as_ref().map_or(-1, |v| v.value))
            .i32(c.shift.as_ref().map_or(0, |v| v.value))
            .u32(layout::CHMAP_MONO + pos as u32);
    }
    for _ in chans.len()..layout::MAX_CHAN {
        b.u32(0).i32(-1).u32(0).u32(0);
    }
    ok.then_some(chans.len() as u32)
}

pub(super) fn mixer(d: &mut Diags, x: &ControlMixer) -> Option<Elem> {
    let id = d.name("control name", &x.name.value, x.name.span);
    let ops_v = ops(d, &x.ops);
    let acc = access(d, &x.access, x.access_key, x.tlv.is_some());
    let mut b = Buf::with_capacity(size::MIXER);
    ctl_hdr(&mut b, block::MIXER, &id, acc, &ops_v, !x.ops.is_empty());
    let mut ch = Buf::default();
    let n = channels(d, &x.name.value, &x.channels, &mut ch)?;
    b.u32(size::MIXER as u32)
        .u32(0)
        .i32(x.max.as_ref().map_or(0, |v| v.value))
        .u32(0)
        .u32(x.invert.as_ref().map_or(0, |v| u32::from(v.value)))
        .u32(n)
        .bytes(&ch.0)
        .u32(0);
    let mut e = Elem::new(id, x.name.span, index_of(x), b.0);
    let mut r: Vec<ElemRef> = Vec::new();
    if let Some(t) = &x.tlv {
        r.push(ElemRef {
            kind: RefKind::Tlv,
            id: d.name("reference", &t.value, t.span),
            span: t.span,
        });
    }
    e.refs = r;
    refs(d, &mut e, RefKind::Data, &x.data);
    e.refs.sort_by_key(|r| r.span.start());
    Some(e)
}

pub(super) fn control_enum(d: &mut Diags, x: &ControlEnum) -> Option<Elem> {
    let id = d.name("control name", &x.name.value, x.name.span);
    let ops_v = ops(d, &x.ops);
    let acc = access(d, &x.access, x.access_key, false);
    let mut b = Buf::with_capacity(size::ENUM);
    ctl_hdr(&mut b, block::ENUM, &id, acc, &ops_v, !x.ops.is_empty());
    let mut ch = Buf::default();
    let n = channels(d, &x.name.value, &x.channels, &mut ch)?;
    b.u32(size::ENUM as u32).u32(n).bytes(&ch.0);
    // items, mask, count, texts and values: filled from the texts
    b.zeros(size::ENUM - b.len());
    let mut e = Elem::new(id, x.name.span, index_of(x), b.0);
    if let Some(t) = &x.texts {
        e.refs.push(ElemRef {
            kind: RefKind::Text,
            id: d.name("reference", &t.value, t.span),
            span: t.span,
        });
    }
    refs(d, &mut e, RefKind::Data, &x.data);
    e.refs.sort_by_key(|r| r.span.start());
    Some(e)
}

pub(super) fn control_bytes(d: &mut Diags, x: &ControlBytes) -> Elem {
    let id = d.name("control name", &x.name.value, x.name.span);
    let ops_v = ops(d, &x.ops);
    let ext = ops(d, &x.extops);
    let acc = access(d, &x.access, x.access_key, x.tlv.is_some());
    let v = |o: &Option<Spanned<i32>>| o.as_ref().map_or(0, |v| v.value);
    let mut b = Buf::with_capacity(size::BYTES);
    ctl_hdr(&mut b, block::BYTES, &id, acc, &ops_v, !x.ops.is_empty());
    b.u32(size::BYTES as u32)
        .i32(v(&x.max))
        .i32(v(&x.mask))
        .i32(v(&x.base))
        .i32(v(&x.num_regs))
        .u32(ext[1])
        .u32(ext[2])
        .u32(ext[0])
        .u32(0);
    let mut e = Elem::new(id, x.name.span, index_of(x), b.0);
    refs(d, &mut e, RefKind::Data, &x.data);
    e
}
