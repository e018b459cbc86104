//! The words and numbers `tplg info` and `tplg graph` print: frequencies
//! as people write them, ranges, a PCM stream's and a link's facts, counts
//! with their nouns.

use crate::conf::{HwConfig, Pcm, PcmCapabilities};
use std::fmt::Write as _;

/// SOF's time domains (`SOF_TKN_SCHED_TIME_DOMAIN`).
const TIME_DOMAIN_DMA: u32 = 0;
const TIME_DOMAIN_TIMER: u32 = 1;

pub(crate) fn time_domain_name(v: u32) -> String {
    match v {
        TIME_DOMAIN_DMA => "dma".to_string(),
        TIME_DOMAIN_TIMER => "timer".to_string(),
        v => v.to_string(),
    }
}

/// A frequency as people write it: `48 kHz`, `44.1 kHz`, `19.2 MHz`, `8 Hz`.
pub(crate) fn hz(v: u32) -> String {
    let scaled = |div: u32, unit: &str| {
        let whole = v / div;
        let frac = v % div;
        if frac == 0 {
            format!("{whole} {unit}")
        } else {
            let digits = div.ilog10() as usize;
            let f = format!("{frac:0digits$}");
            format!("{whole}.{} {unit}", f.trim_end_matches('0'))
        }
    };
    match v {
        1_000_000.. => scaled(1_000_000, "MHz"),
        1_000.. => scaled(1_000, "kHz"),
        v => format!("{v} Hz"),
    }
}

/// `2`, `1-8`: a range, once when both ends agree.
fn range(min: Option<u32>, max: Option<u32>, show: impl Fn(u32) -> String) -> Option<String> {
    match (min, max) {
        (Some(a), Some(b)) if a == b => Some(show(a)),
        (Some(a), Some(b)) => Some(format!("{}-{}", show(a), show(b))),
        (Some(a), None) | (None, Some(a)) => Some(show(a)),
        (None, None) => None,
    }
}

/// What a PCM stream's capabilities allow, shortest first: channels,
/// formats, rates (`2 ch`, `S16_LE/S24_LE/S32_LE`, `48 kHz`).
pub(crate) fn stream_facts(c: &PcmCapabilities) -> Vec<String> {
    let v = |x: &Option<crate::conf::Spanned<u32>>| x.as_ref().map(|s| s.value);
    let mut out = Vec::new();
    if let Some(ch) = range(v(&c.channels_min), v(&c.channels_max), |n| n.to_string()) {
        out.push(format!("{ch} ch"));
    }
    if let Some(f) = &c.formats {
        let mut items: Vec<&str> = f.items.iter().map(|i| i.value.as_str()).collect();
        // in ALSA's order, as a binary keeps them (a bit mask)
        let bit = |name: &str| {
            crate::binary::layout::PCM_FORMATS
                .iter()
                .find(|(n, _)| n.eq_ignore_ascii_case(name))
                .map_or(u32::MAX, |(_, b)| *b)
        };
        items.sort_by_key(|n| bit(n));
        if !items.is_empty() {
            out.push(items.join("/"));
        }
    }
    let listed: Vec<u32> = c
        .rates
        .iter()
        .flat_map(|r| &r.items)
        .filter_map(|i| i.value.parse().ok())
        .collect();
    if !listed.is_empty() {
        out.push(listed.into_iter().map(hz).collect::<Vec<_>>().join("/"));
    } else if let Some(r) = range(v(&c.rate_min), v(&c.rate_max), hz) {
        out.push(r);
    }
    out
}

/// A DAI link's hardware configuration: format, TDM slots and width, and
/// its clocks (`I2S`, `2 slots × 16 bit`, `fsync 48 kHz`, `bclk 1.536 MHz`,
/// `mclk 19.2 MHz`).
pub(crate) fn link_facts(h: &HwConfig) -> Vec<String> {
    let v = |x: &Option<crate::conf::Spanned<u32>>| x.as_ref().map(|s| s.value);
    let mut out = Vec::new();
    if let Some(f) = &h.format {
        out.push(f.value.clone());
    }
    // 0 is what a binary holds for none
    let given = |x| v(x).filter(|&n| n != 0);
    match (given(&h.tdm_slots), given(&h.tdm_slot_width)) {
        (Some(s), Some(w)) => out.push(format!("{} × {w} bit", plural(s as usize, "slot"))),
        (Some(s), None) => out.push(plural(s as usize, "slot")),
        (None, Some(w)) => out.push(format!("{w} bit")),
        (None, None) => {}
    }
    for (name, f) in [
        ("fsync", v(&h.fsync_freq)),
        ("bclk", v(&h.bclk_freq)),
        ("mclk", v(&h.mclk_freq)),
    ] {
        if let Some(f) = f.filter(|&f| f != 0) {
            out.push(format!("{name} {}", hz(f)));
        }
    }
    out
}

/// `Speakers (0)`.
pub(crate) fn pcm_label(pcm: &Pcm) -> String {
    match &pcm.id {
        Some(id) => format!("{} ({})", pcm.name.value, id.value),
        None => pcm.name.value.clone(),
    }
}

pub(crate) fn plural(n: usize, what: &str) -> String {
    format!("{n} {what}{}", if n == 1 { "" } else { "s" })
}

pub(super) fn opt<T: ToString>(v: Option<T>) -> String {
    v.map_or_else(|| "-".to_string(), |v| v.to_string())
}

pub(super) fn list(items: impl IntoIterator<Item = String>) -> String {
    let v: Vec<String> = items.into_iter().collect();
    if v.is_empty() {
        "-".to_string()
    } else {
        v.join(", ")
    }
}

/// `mclk 19200000 codec_mclk_in, bclk 1536000 codec_slave, fsync 48000
/// codec_slave, tdm 2x16`: the clocks a hardware configuration gives.
pub(crate) fn clocks(c: &HwConfig) -> String {
    let mut parts = Vec::new();
    for (name, freq, dir) in [
        ("mclk", &c.mclk_freq, &c.mclk),
        ("bclk", &c.bclk_freq, &c.bclk),
        ("fsync", &c.fsync_freq, &c.fsync),
    ] {
        match (freq, dir) {
            (None, None) => {}
            (f, d) => {
                let mut s = name.to_string();
                if let Some(f) = f {
                    let _ = write!(s, " {}", f.value);
                }
                if let Some(d) = d {
                    let _ = write!(s, " {}", d.value);
                }
                parts.push(s);
            }
        }
    }
    if let (Some(slots), Some(width)) = (&c.tdm_slots, &c.tdm_slot_width) {
        parts.push(format!("tdm {}x{}", slots.value, width.value));
    }
    list(parts)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn frequencies_read_as_written() {
        assert_eq!(hz(48000), "48 kHz");
        assert_eq!(hz(44100), "44.1 kHz");
        assert_eq!(hz(19_200_000), "19.2 MHz");
        assert_eq!(hz(1_536_000), "1.536 MHz");
        assert_eq!(hz(24_576_000), "24.576 MHz");
        assert_eq!(hz(2_400_000), "2.4 MHz");
        assert_eq!(hz(8), "8 Hz");
    }
}
