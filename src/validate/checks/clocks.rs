//! Checks on DAI clocks: what SOF's SSP and DMIC drivers accept, and the
//! frame arithmetic of the NXP and AMD links, whose drivers do not check it.
//!
//! The rules are those of SOF's IPC3 DAI drivers (`ssp_set_config`, DMIC
//! `find_modes`): a link configuration they refuse fails when the PCM opens.

use super::tuples::token_number;
use super::Check;
use crate::conf::{HwConfig, Link, Spanned};
use crate::validate::{Context, Finding};
use crate::vocab::DaiKind;

pub(super) const SSP: Check = Check {
    code: "tplg::clock::ssp",
    summary: "SSP clocks SOF's SSP driver refuses (bclk vs fsync × slots × width, bclk vs mclk)",
    help: "make bclk = fsync × slots × width",
    run: ssp,
};

pub(super) const DMIC: Check = Check {
    code: "tplg::clock::dmic",
    summary: "DMIC clock or duty-cycle limits outside what SOF's DMIC driver accepts",
    help: "use the microphone's data-sheet clock range",
    run: dmic,
};

pub(super) const FRAME: Check = Check {
    code: "tplg::clock::frame",
    summary: "a SAI, ESAI or ACP link whose bclk is not fsync × slots × width, or is above mclk",
    help: "make bclk_freq = fsync_freq × tdm_slots × tdm_slot_width",
    run: frame,
};

/// The DAI types whose drivers take the hw config's clocks as given (NXP's
/// SAI and ESAI run a fixed divider, AMD's ACP I2S/TDM programs bclk):
/// a frame that does not add up runs at another rate, or not at all, with
/// no error from the firmware.
const FRAME_CHECKED: &[DaiKind] = &[
    DaiKind::Sai,
    DaiKind::Esai,
    DaiKind::AcpHs,
    DaiKind::AcpSp,
    DaiKind::AcpTdm,
];

fn frame(cx: &Context, out: &mut Vec<Finding>) {
    let mut seen = rustc_hash::FxHashSet::default();
    for link in &cx.conf.links {
        let Some(ty) = dai_kind(cx, link).filter(|t| FRAME_CHECKED.contains(t)) else {
            continue;
        };
        for h in hw_configs(cx, link) {
            if !seen.insert(h.name.as_str()) {
                continue;
            }
            let v = |x: &Option<Spanned<u32>>| x.as_ref().map(|s| (s.value, s.span));
            let name = &h.name.value;
            let related = (
                format!("the configuration of {ty} link `{}`", link.name.value),
                link.name.span,
            );
            if let (Some((mclk, _)), Some((bclk, bclk_span))) = (v(&h.mclk_freq), v(&h.bclk_freq)) {
                if mclk != 0 && bclk > mclk {
                    out.push(
                        Finding::warning(
                            FRAME.code,
                            bclk_span,
                            format!("{ty} hw config `{name}`: bclk_freq {bclk} is above mclk_freq {mclk}"),
                        )
                        .label("above mclk")
                        .help("a bit clock divided from mclk cannot be faster than it; raise mclk_freq or lower bclk_freq")
                        .related(related.0.clone(), related.1),
                    );
                }
            }
            let (Some((bclk, bclk_span)), Some((fsync, _)), Some((slots, _)), Some((width, _))) = (
                v(&h.bclk_freq),
                v(&h.fsync_freq),
                v(&h.tdm_slots),
                v(&h.tdm_slot_width),
            ) else {
                continue;
            };
            let frame = u64::from(fsync) * u64::from(slots) * u64::from(width);
            if frame != 0 && u64::from(bclk) != frame {
                out.push(
                    Finding::warning(
                        FRAME.code,
                        bclk_span,
                        format!(
                            "{ty} hw config `{name}`: bclk_freq {bclk} is not fsync_freq × tdm_slots × tdm_slot_width = {fsync} × {slots} × {width} = {frame}"
                        ),
                    )
                    .label("does not match the frame")
                    .help(format!(
                        "the {ty} driver does not check it: {slots} slots of {width} bits at {fsync} Hz need bclk_freq {frame}; make bclk_freq, fsync_freq and the TDM slots what the codec runs"
                    ))
                    .related(related.0, related.1),
                );
            }
        }
    }
}

/// The DAI type a link's tuples give (`SOF_TKN_DAI_TYPE`), e.g. `SSP`.
fn dai_kind(cx: &Context, link: &Link) -> Option<DaiKind> {
    cx.model.dai_id(&link.data).kind()
}

/// The `SectionHWConfig`s a link names (the first section of each name).
fn hw_configs<'a>(cx: &Context<'a>, link: &'a Link) -> Vec<&'a HwConfig> {
    link.hw_configs
        .iter()
        .filter_map(|r| cx.conf.hw_configs.iter().find(|h| h.name.value == r.value))
        .collect()
}

/// The widest slot SOF's SSP driver handles.
const SSP_SLOT_WIDTH_MAX: u32 = 38;
/// `SOF_DAI_INTEL_SSP_SLOT_PADDING_MAX`.
const SSP_SLOT_PADDING_MAX: u32 = 31;
/// `SSPSP2_FEP_MASK`: frame end padding, in bit clocks.
const SSP_FRAME_END_PADDING_MAX: u32 = 0xff;

fn ssp(cx: &Context, out: &mut Vec<Finding>) {
    // A hw config two links share is checked once.
    let mut seen = rustc_hash::FxHashSet::default();
    for link in &cx.conf.links {
        if dai_kind(cx, link) != Some(DaiKind::Ssp) {
            continue;
        }
        let valid_bits = token_number(cx, &link.data, "SOF_TKN_INTEL_SSP_SAMPLE_BITS");
        let padding_per_slot = cx
            .model
            .token_u32(&link.data, "SOF_TKN_INTEL_SSP_TDM_PADDING_PER_SLOT")
            == Some(1);
        for h in hw_configs(cx, link) {
            if !seen.insert(h.name.as_str()) {
                continue;
            }
            ssp_config(link, h, valid_bits.map(|v| v.0), padding_per_slot, out);
        }
    }
}

fn ssp_config(
    link: &Link,
    h: &HwConfig,
    valid_bits: Option<u32>,
    padding_per_slot: bool,
    out: &mut Vec<Finding>,
) {
    let finding = |span, message: String, label: &str, help: String| {
        Finding::error(SSP.code, span, message)
            .label(label)
            .help(help)
            .related(
                format!("the configuration of SSP link `{}`", link.name.value),
                link.name.span,
            )
    };
    let name = &h.name.value;
    let val = |v: &Option<Spanned<u32>>| v.as_ref().map(|s| (s.value, s.span));
    let (Some((mclk, mclk_span)), Some((bclk, bclk_span)), Some((fsync, fsync_span))) =
        (val(&h.mclk_freq), val(&h.bclk_freq), val(&h.fsync_freq))
    else {
        let missing: Vec<&str> = [
            ("mclk_freq", &h.mclk_freq),
            ("bclk_freq", &h.bclk_freq),
            ("fsync_freq", &h.fsync_freq),
        ]
        .into_iter()
        .filter(|(_, v)| v.is_none())
        .map(|(k, _)| k)
        .collect();
        out.push(finding(
            h.name.span,
            format!("SSP hw config `{name}` gives no {}", missing.join(", ")),
            "the SSP driver refuses a clock of 0",
            format!("give {} (in Hz)", missing.join(" and ")),
        ));
        return;
    };
    for (key, v, span) in [
        ("mclk_freq", mclk, mclk_span),
        ("bclk_freq", bclk, bclk_span),
        ("fsync_freq", fsync, fsync_span),
    ] {
        if v == 0 {
            out.push(finding(
                span,
                format!("SSP hw config `{name}` has {key} 0"),
                "the SSP driver refuses a clock of 0",
                format!("give {key} in Hz"),
            ));
            return;
        }
    }
    if bclk > mclk {
        out.push(finding(
            bclk_span,
            format!("SSP hw config `{name}`: bclk_freq {bclk} is above mclk_freq {mclk}"),
            "above mclk",
            "the SSP driver refuses a bit clock faster than its master clock; raise mclk_freq or lower bclk_freq".into(),
        ));
    }
    if bclk % fsync != 0 {
        out.push(finding(
            bclk_span,
            format!(
                "SSP hw config `{name}`: bclk_freq {bclk} is not a multiple of fsync_freq {fsync}"
            ),
            "not a whole number of bit clocks per frame",
            format!(
                "bclk_freq must be fsync_freq × bit clocks per frame, e.g. {fsync} × {} = {}",
                frame_bits(h).unwrap_or(64),
                u64::from(fsync) * u64::from(frame_bits(h).unwrap_or(64))
            ),
        ));
        return;
    }
    let bdiv = bclk / fsync;
    let (Some(slots), Some(width)) = (
        h.tdm_slots.as_ref().map(|s| s.value),
        h.tdm_slot_width.as_ref().map(|s| s.value),
    ) else {
        return;
    };
    let width_span = h.tdm_slot_width.as_ref().map_or(h.name.span, |s| s.span);
    if width > SSP_SLOT_WIDTH_MAX {
        out.push(finding(
            width_span,
            format!("SSP hw config `{name}`: tdm_slot_width {width} is above {SSP_SLOT_WIDTH_MAX}"),
            "too wide",
            format!("the SSP driver handles slots of at most {SSP_SLOT_WIDTH_MAX} bits"),
        ));
        return;
    }
    let need = u64::from(slots) * u64::from(width);
    if u64::from(bdiv) < need {
        out.push(finding(
            bclk_span,
            format!(
                "SSP hw config `{name}`: bclk_freq {bclk} gives {bdiv} bit clocks per frame, but {slots} slots of {width} bits need {need}"
            ),
            "too few bit clocks",
            format!(
                "bclk_freq must be at least fsync_freq × tdm_slots × tdm_slot_width = {fsync} × {slots} × {width} = {}",
                u64::from(fsync) * need
            ),
        ));
        return;
    }
    let i2s_like = h
        .format
        .as_ref()
        .map(|f| f.value.to_ascii_uppercase())
        .filter(|f| f == "I2S" || f == "LEFT_J");
    if let Some(fmt) = &i2s_like {
        if bdiv % 2 != 0 {
            out.push(finding(
                bclk_span,
                format!(
                    "SSP hw config `{name}`: {fmt} needs an even number of bit clocks per frame, bclk_freq / fsync_freq is {bdiv}"
                ),
                "odd",
                format!("{fmt} splits a frame into two halves; make bclk_freq / fsync_freq even"),
            ));
            return;
        }
    }
    // What the frame holds beyond the data, with the sample bits the link's
    // tuples give.
    let Some(bits) = (if padding_per_slot {
        Some(width)
    } else {
        valid_bits
    }) else {
        return;
    };
    let data = u64::from(slots) * u64::from(bits);
    if u64::from(bdiv) < data {
        out.push(finding(
            bclk_span,
            format!(
                "SSP hw config `{name}`: {bdiv} bit clocks per frame cannot carry {slots} slots of {bits} valid bits"
            ),
            "too few bit clocks",
            "lower SOF_TKN_INTEL_SSP_SAMPLE_BITS to at most tdm_slot_width, or raise bclk_freq".into(),
        ));
        return;
    }
    let fep = bdiv - data as u32;
    if fep > SSP_FRAME_END_PADDING_MAX {
        out.push(finding(
            bclk_span,
            format!(
                "SSP hw config `{name}`: {fep} bit clocks of padding per frame, the SSP allows at most {SSP_FRAME_END_PADDING_MAX}"
            ),
            "too much padding",
            format!(
                "lower bclk_freq towards fsync_freq × tdm_slots × sample bits = {}",
                u64::from(fsync) * data
            ),
        ));
        return;
    }
    if let Some(fmt) = &i2s_like {
        let slot_max = if fmt == "I2S" {
            SSP_SLOT_PADDING_MAX
        } else {
            15
        };
        if fep % 2 != 0 {
            out.push(finding(
                bclk_span,
                format!(
                    "SSP hw config `{name}`: {fmt} pads each half frame equally, but the padding is {fep} bit clocks"
                ),
                "odd padding",
                "make bclk_freq / fsync_freq − tdm_slots × sample bits even".into(),
            ));
        } else if fep / 2 > slot_max {
            out.push(finding(
                bclk_span,
                format!(
                    "SSP hw config `{name}`: {} bit clocks of padding per {fmt} half frame, the SSP allows at most {slot_max}",
                    fep / 2
                ),
                "too much padding",
                format!(
                    "lower bclk_freq towards fsync_freq × tdm_slots × sample bits = {}",
                    u64::from(fsync) * data
                ),
            ));
        }
    }
}

/// Bit clocks per frame the slots need, if the config gives them.
fn frame_bits(h: &HwConfig) -> Option<u32> {
    Some(h.tdm_slots.as_ref()?.value * h.tdm_slot_width.as_ref()?.value)
}

/// SOF's DMIC driver (`find_modes`): PDM clocks from 100 kHz to half the
/// DMIC IO clock (38.4 MHz on the fastest platform), duty cycle 20..80 %.
const DMIC_CLK_MIN: u32 = 100_000;
const DMIC_CLK_MAX: u32 = 38_400_000 / 2;
const DMIC_DUTY_MIN: u32 = 20;
const DMIC_DUTY_MAX: u32 = 80;

fn dmic(cx: &Context, out: &mut Vec<Finding>) {
    for link in &cx.conf.links {
        let get = |t: &str| token_number(cx, &link.data, t);
        let clk_min = get("SOF_TKN_INTEL_DMIC_CLK_MIN");
        let clk_max = get("SOF_TKN_INTEL_DMIC_CLK_MAX");
        let duty_min = get("SOF_TKN_INTEL_DMIC_DUTY_MIN");
        let duty_max = get("SOF_TKN_INTEL_DMIC_DUTY_MAX");
        let mut push = |t: &crate::conf::Tuple, message: String, label: &str, help: String| {
            out.push(
                Finding::error(DMIC.code, t.value.span, message)
                    .label(label)
                    .help(help)
                    .related(
                        format!("the configuration of DMIC link `{}`", link.name.value),
                        link.name.span,
                    ),
            );
        };
        let mhz = |v: u32| format!("{} MHz", f64::from(v) / 1e6);
        if let Some((v, t)) = clk_max {
            if !(DMIC_CLK_MIN..=DMIC_CLK_MAX).contains(&v) {
                push(
                    t,
                    format!("DMIC clock maximum {v} Hz is outside {DMIC_CLK_MIN}..{DMIC_CLK_MAX} Hz"),
                    "the DMIC driver refuses it",
                    format!(
                        "PDM clocks run from 100 kHz to half the DMIC IO clock (at most {}); microphones usually take 2.4 to 4.8 MHz",
                        mhz(DMIC_CLK_MAX)
                    ),
                );
            }
        }
        if let Some((v, t)) = clk_min {
            if v < DMIC_CLK_MIN {
                push(
                    t,
                    format!("DMIC clock minimum {v} Hz is below {DMIC_CLK_MIN} Hz"),
                    "the DMIC driver refuses it",
                    "PDM clocks run from 100 kHz; microphones usually take 2.4 to 4.8 MHz".into(),
                );
            } else if let Some((max, _)) = clk_max {
                if v > max {
                    push(
                        t,
                        format!("DMIC clock minimum {v} Hz is above the maximum {max} Hz"),
                        "above the maximum",
                        "swap SOF_TKN_INTEL_DMIC_CLK_MIN and _MAX, or fix one of them".into(),
                    );
                }
            }
        }
        for (d, which) in [(duty_min, "minimum"), (duty_max, "maximum")] {
            if let Some((v, t)) = d {
                if !(DMIC_DUTY_MIN..=DMIC_DUTY_MAX).contains(&v) {
                    push(
                        t,
                        format!(
                            "DMIC duty cycle {which} {v} % is outside {DMIC_DUTY_MIN}..{DMIC_DUTY_MAX} %"
                        ),
                        "the DMIC driver refuses it",
                        "the PDM clock duty cycle is a percentage from 20 to 80; SOF's default is 40 to 60".into(),
                    );
                }
            }
        }
        if let (Some((lo, t)), Some((hi, _))) = (duty_min, duty_max) {
            if lo > hi
                && (DMIC_DUTY_MIN..=DMIC_DUTY_MAX).contains(&lo)
                && (DMIC_DUTY_MIN..=DMIC_DUTY_MAX).contains(&hi)
            {
                push(
                    t,
                    format!("DMIC duty cycle minimum {lo} % is above the maximum {hi} %"),
                    "above the maximum",
                    "swap SOF_TKN_INTEL_DMIC_DUTY_MIN and _MAX, or fix one of them".into(),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// An SSP (or other) link with one hw config and its tuples.
    fn ssp_link(dai: &str, hw: &str, word_tuples: &str) -> String {
        format!(
            r#"
SectionVendorTokens."sof_dai_tokens" {{ SOF_TKN_DAI_TYPE "154" }}
SectionVendorTokens."sof_ssp_tokens" {{
	SOF_TKN_INTEL_SSP_SAMPLE_BITS "502"
	SOF_TKN_INTEL_SSP_TDM_PADDING_PER_SLOT "505"
}}
SectionHWConfig."HW" {{ id "0" {hw} }}
SectionVendorTuples."t" {{
	tokens "sof_ssp_tokens"
	tuples."word" {{ {word_tuples} }}
}}
SectionVendorTuples."c" {{ tokens "sof_dai_tokens" tuples."string" {{ SOF_TKN_DAI_TYPE "{dai}" }} }}
SectionData."t" {{ tuples "t" }}
SectionData."c" {{ tuples "c" }}
SectionBE."L" {{ id "0" hw_configs [ "HW" ] data [ "t" "c" ] }}
"#
        )
    }

    fn ssp_findings(dai: &str, hw: &str, bits: u32) -> Vec<Finding> {
        let text = ssp_link(
            dai,
            hw,
            &format!("SOF_TKN_INTEL_SSP_SAMPLE_BITS \"{bits}\""),
        );
        crate::validate::checks::run_check(&SSP, &text, None)
    }

    const APL_SSP5: &str = r#"format "I2S" mclk_freq "19200000" bclk_freq "1536000" fsync_freq "48000" tdm_slots "2" tdm_slot_width "16""#;

    #[test]
    fn sof_configs_pass() {
        // mclk 19.2 MHz is not a multiple of bclk 1.536 MHz: SOF accepts it.
        assert!(ssp_findings("SSP", APL_SSP5, 16).is_empty());
        // 40 bit clocks per frame for 2 × 16 valid bits: 4 bits of padding per half.
        let apl_ssp1 = r#"format "I2S" mclk_freq "19200000" bclk_freq "1920000" fsync_freq "48000" tdm_slots "2" tdm_slot_width "20""#;
        assert!(ssp_findings("SSP", apl_ssp1, 16).is_empty());
        let dsp_a = r#"format "DSP_A" mclk_freq "24576000" bclk_freq "12288000" fsync_freq "48000" tdm_slots "8" tdm_slot_width "32""#;
        assert!(ssp_findings("SSP", dsp_a, 24).is_empty());
    }

    #[test]
    fn other_dais_are_not_ssp() {
        let odd = r#"format "I2S" mclk_freq "1000" bclk_freq "3000000" fsync_freq "48000" tdm_slots "2" tdm_slot_width "32""#;
        assert!(ssp_findings("SAI", odd, 24).is_empty());
        assert_eq!(ssp_findings("SSP", odd, 24).len(), 2);
    }

    #[test]
    fn ssp_rules() {
        let cases = [
            // bclk above mclk
            r#"format "I2S" mclk_freq "1536000" bclk_freq "3072000" fsync_freq "48000" tdm_slots "2" tdm_slot_width "32""#,
            // slot too wide
            r#"format "DSP_A" mclk_freq "24576000" bclk_freq "3840000" fsync_freq "48000" tdm_slots "2" tdm_slot_width "40""#,
            // odd number of bit clocks per I2S frame
            r#"format "I2S" mclk_freq "24576000" bclk_freq "3120000" fsync_freq "48000" tdm_slots "2" tdm_slot_width "32""#,
            // no fsync
            r#"format "I2S" mclk_freq "24576000" bclk_freq "3072000" tdm_slots "2" tdm_slot_width "32""#,
            // I2S padding of 2 × 40 bit clocks
            r#"format "I2S" mclk_freq "24576000" bclk_freq "6144000" fsync_freq "48000" tdm_slots "2" tdm_slot_width "24""#,
        ];
        for hw in cases {
            assert_eq!(ssp_findings("SSP", hw, 24).len(), 1, "{hw}");
        }
    }

    fn dmic(min: u32, max: u32, dmin: u32, dmax: u32) -> Vec<Finding> {
        let text = format!(
            r#"
SectionVendorTokens."sof_dmic_tokens" {{
	SOF_TKN_INTEL_DMIC_CLK_MIN "601"
	SOF_TKN_INTEL_DMIC_CLK_MAX "602"
	SOF_TKN_INTEL_DMIC_DUTY_MIN "603"
	SOF_TKN_INTEL_DMIC_DUTY_MAX "604"
}}
SectionVendorTuples."t" {{
	tokens "sof_dmic_tokens"
	tuples."word" {{
		SOF_TKN_INTEL_DMIC_CLK_MIN "{min}"
		SOF_TKN_INTEL_DMIC_CLK_MAX "{max}"
		SOF_TKN_INTEL_DMIC_DUTY_MIN "{dmin}"
		SOF_TKN_INTEL_DMIC_DUTY_MAX "{dmax}"
	}}
}}
SectionData."t" {{ tuples "t" }}
SectionBE."dmic01" {{ id "0" data "t" }}
"#
        );
        crate::validate::checks::run_check(&DMIC, &text, None)
    }

    #[test]
    fn dmic_limits() {
        assert!(dmic(2_400_000, 4_800_000, 40, 60).is_empty());
        assert!(dmic(500_000, 4_800_000, 20, 80).is_empty());
        assert!(dmic(100_000, 19_200_000, 50, 50).is_empty());
        assert_eq!(dmic(50_000, 4_800_000, 40, 60).len(), 1);
        assert_eq!(dmic(2_400_000, 24_000_000, 40, 60).len(), 1);
        assert_eq!(dmic(4_800_000, 2_400_000, 40, 60).len(), 1);
        assert_eq!(dmic(2_400_000, 4_800_000, 60, 40).len(), 1);
        assert_eq!(dmic(2_400_000, 4_800_000, 10, 90).len(), 2);
    }
}
