//! Block assembly: the manifest first, then each kind's elements, one block
//! per run of elements of the same index, exactly as alsatplg groups them
//! (including its quirks: an element copied elsewhere is skipped but still
//! ends no run, so a run can carry on into the next index).

use super::elems::{Elem, Topology};
use super::layout::{self, block, size, Buf};
use super::Diags;
use crate::source::Span;

/// One element as the block writer sees it.
struct Item<'a> {
    span: Span,
    index: u32,
    compound: bool,
    vendor_type: u32,
    bytes: &'a [u8],
}

impl<'a> From<&'a Elem> for Item<'a> {
    fn from(e: &'a Elem) -> Self {
        Item {
            span: e.span,
            index: e.index,
            compound: e.compound,
            vendor_type: e.vendor_type,
            bytes: &e.obj,
        }
    }
}

fn header(out: &mut Vec<u8>, kind: u32, vendor_type: u32, index: u32, payload: usize, count: u32) {
    let mut b = Buf::with_capacity(size::HDR);
    b.u32(layout::MAGIC)
        .u32(layout::ABI_VERSION)
        .u32(0)
        .u32(kind)
        .u32(size::HDR as u32)
        .u32(vendor_type)
        .u32(payload as u32)
        .u32(index)
        .u32(count);
    out.extend_from_slice(&b.0);
}

/// The bytes alsatplg reserves for a list (`calc_real_size`).
fn reserved(items: &[Item]) -> usize {
    let mut total = 0;
    for (i, e) in items.iter().enumerate() {
        if e.compound || e.bytes.is_empty() {
            continue;
        }
        total += e.bytes.len();
        if i + 1 == items.len() || items[i + 1].index != e.index {
            total += size::HDR;
        }
    }
    total
}

/// `write_elem_block`: the blocks of one list. An error (at the first
/// element left out) when alsatplg writes fewer bytes than the list holds,
/// and then fails.
fn blocks(out: &mut Vec<u8>, items: &[Item], kind: u32) -> Result<(), Span> {
    let expected: usize = items
        .iter()
        .filter(|e| !e.compound)
        .map(|e| e.bytes.len())
        .sum();
    if expected == 0 {
        return Ok(());
    }
    let mut written = 0;
    let mut start = 0;
    let (mut count, mut payload) = (0u32, 0usize);
    for pos in 0..items.len() {
        let e = &items[pos];
        if e.compound {
            continue;
        }
        payload += e.bytes.len();
        count += 1;
        if pos + 1 == items.len() || items[pos + 1].index != e.index {
            header(out, kind, e.vendor_type, e.index, payload, count);
            for x in &items[start..=pos] {
                if !x.compound {
                    out.extend_from_slice(x.bytes);
                    written += x.bytes.len();
                }
            }
            start = pos + 1;
            count = 0;
            payload = 0;
        }
    }
    if written == expected {
        return Ok(());
    }
    Err(items[start..]
        .iter()
        .find(|x| !x.compound)
        .map_or(items[0].span, |x| x.span))
}

pub(super) fn write(t: &Topology, d: &mut Diags) -> Option<Vec<u8>> {
    let empty = Vec::new();
    let manifest_priv = t.manifest.as_ref().map_or(&empty, |m| &m.obj);
    let priv_data: &[u8] = manifest_priv.get(4..).unwrap_or(&[]);
    let c = t.counts;
    let mut out = Vec::new();
    header(
        &mut out,
        block::MANIFEST,
        0,
        0,
        size::MANIFEST + priv_data.len(),
        1,
    );
    let mut m = Buf::with_capacity(size::MANIFEST);
    m.u32(size::MANIFEST as u32)
        .u32(c.controls)
        .u32(c.widgets)
        .u32(c.graph)
        .u32(c.pcms)
        .u32(c.links)
        .u32(c.dais)
        .zeros(20 * 4)
        .u32(priv_data.len() as u32);
    out.extend_from_slice(&m.0);
    out.extend_from_slice(priv_data);
    let mut reserve = size::HDR + size::MANIFEST + priv_data.len();

    let data_objs: Vec<Vec<u8>> = t
        .data
        .iter()
        .map(|x| {
            let mut full = (x.payload.len() as u32).to_le_bytes().to_vec();
            full.extend_from_slice(&x.payload);
            full.truncate(x.size);
            full
        })
        .collect();
    let data_items: Vec<Item> = t
        .data
        .iter()
        .zip(&data_objs)
        .map(|(x, obj)| Item {
            span: x.elem.span,
            index: x.elem.index,
            compound: x.elem.compound,
            vendor_type: x.elem.vendor_type,
            bytes: obj,
        })
        .collect();
    let lists: [(Vec<Item>, u32, &str); 10] = [
        (
            t.mixers.iter().map(Item::from).collect(),
            block::MIXER,
            "mixer controls",
        ),
        (
            t.enums.iter().map(Item::from).collect(),
            block::ENUM,
            "enum controls",
        ),
        (
            t.bytes.iter().map(Item::from).collect(),
            block::BYTES,
            "bytes controls",
        ),
        (
            t.widgets.iter().map(Item::from).collect(),
            block::DAPM_WIDGET,
            "widgets",
        ),
        (t.pcms.iter().map(Item::from).collect(), block::PCM, "PCMs"),
        (t.dais.iter().map(Item::from).collect(), block::DAI, "DAIs"),
        (
            t.links.iter().map(Item::from).collect(),
            block::BACKEND_LINK,
            "links",
        ),
        (
            t.ccs.iter().map(Item::from).collect(),
            block::CODEC_LINK,
            "codec links",
        ),
        (
            t.routes.iter().map(Item::from).collect(),
            block::DAPM_GRAPH,
            "routes",
        ),
        (data_items, block::PDATA, "private data"),
    ];
    for (items, kind, what) in &lists {
        reserve += reserved(items);
        if let Err(span) = blocks(&mut out, items, *kind) {
            d.error(
                "tplg::binary::block",
                span,
                format!("alsatplg fails to write the {what}: this one and those after it of its index get no block, as the last ones of the index are embedded elsewhere"),
                "left without a block",
            )
            .help = Some("give the elements used on their own and those embedded in widgets different indexes".into());
            return None;
        }
    }
    if reserve != out.len() {
        let span = t
            .data
            .iter()
            .find(|x| !x.elem.compound && x.size == 0)
            .map_or(t.data[0].elem.span, |x| x.elem.span);
        {
            d.error(
                "tplg::binary::block",
                span,
                "alsatplg fails on this data: it is used by nothing and has no bytes of its own (only tuples), so alsatplg miscounts its block".into(),
                "unused",
            )
            .help = Some("remove it, or reference it from the element it is for".into());
        }
        return None;
    }
    Some(out)
}
