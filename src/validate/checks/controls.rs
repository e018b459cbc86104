//! Checks on kcontrols: channel maps, and volume mixers against their TLV.

use super::Check;
use crate::conf::{Channel, ControlMixer, Tlv};
use crate::validate::{Context, Finding};
use crate::vocab::closest;

pub(super) const CHANNEL: Check = Check {
    code: "tplg::control::channel",
    summary: "a control channel that is not an ALSA channel position, or more than 8 channels",
    help: "use `FL`, `FR`, `FC`, `LFE`, …",
    run: channel,
};

pub(super) const VOLUME: Check = Check {
    code: "tplg::control::volume",
    summary: "an SOF volume mixer without a dB scale (TLV) the kernel can read",
    help: "add the TLV (`tlv`, and `tlv_read` in `access`)",
    run: volume,
};

pub(super) const RANGE: Check = Check {
    code: "tplg::control::range",
    summary:
        "a mixer range that does nothing: max 0, invert without max, dB steps the SOF driver rounds",
    help: "fix the range or the TLV",
    run: range,
};

/// The channel positions alsa-lib's topology parser knows (matched without
/// regard to case).
pub(super) const CHANNEL_POSITIONS: [&str; 35] = [
    "mono", "fl", "fr", "rl", "rr", "fc", "lfe", "sl", "sr", "rc", "flc", "frc", "rlc", "rrc",
    "flw", "frw", "flh", "fch", "frh", "tc", "tfl", "tfr", "tfc", "trl", "trr", "trc", "tflc",
    "tfrc", "tsl", "tsr", "llfe", "rlfe", "bc", "blc", "brc",
];

/// `SND_SOC_TPLG_MAX_CHAN`.
pub(super) const MAX_CHANNELS: usize = 8;

fn channel(cx: &Context, out: &mut Vec<Finding>) {
    let controls = cx
        .conf
        .mixers
        .iter()
        .map(|m| (&m.name, m.channels.as_slice()))
        .chain(
            cx.conf
                .enums
                .iter()
                .map(|e| (&e.name, e.channels.as_slice())),
        );
    for (name, channels) in controls {
        for ch in channels {
            check_position(name.as_str(), ch, out);
        }
        if channels.len() > MAX_CHANNELS {
            let extra = &channels[MAX_CHANNELS];
            out.push(
                Finding::error(
                    CHANNEL.code,
                    extra.name.span,
                    format!(
                        "control `{}` has {} channels; a topology control has at most {MAX_CHANNELS}",
                        name.value,
                        channels.len()
                    ),
                )
                .label("alsatplg stops at the ninth channel")
                .help("split the control, or drop channels beyond the eighth")
                .related("the control", name.span),
            );
        }
    }
}

fn check_position(control: &str, ch: &Channel, out: &mut Vec<Finding>) {
    let pos = ch.name.as_str();
    if CHANNEL_POSITIONS
        .iter()
        .any(|p| p.eq_ignore_ascii_case(pos))
    {
        return;
    }
    let lower = pos.to_ascii_lowercase();
    let help = match closest(&lower, CHANNEL_POSITIONS.iter().copied()) {
        Some(p) => format!("did you mean `{}`?", p.to_ascii_uppercase()),
        None => "channel positions are ALSA's: FL FR FC LFE RL RR SL SR RC FLC FRC RLC RRC, \
                 top (TFL TFR TFC TC TRL TRR TRC TSL TSR TFLC TFRC), high (FLH FCH FRH), wide \
                 (FLW FRW), bottom (BC BLC BRC), LLFE RLFE, or MONO"
            .to_string(),
    };
    out.push(
        Finding::error(
            CHANNEL.code,
            ch.name.span,
            format!("control `{control}` has channel `{pos}`, which is not a channel position"),
        )
        .label("alsatplg stops here: invalid channel")
        .help(help),
    );
}

/// `info` handlers the SOF driver loads as volume controls.
fn is_volsw(info: &str) -> bool {
    matches!(info, "volsw" | "volsw_sx" | "volsw_xr_sx" | "1" | "2" | "4")
}

/// SOF's kcontrol handler IDs (`SOF_TPLG_KCTL_*`): the control is for SOF's
/// driver.
fn is_sof_handler(h: &str) -> bool {
    crate::conf::tree::strtoll_full(h).is_some_and(|v| (256..=263).contains(&v))
}

/// A mixer's `volsw` handler and SOF handler IDs, and its max.
struct Mixer<'a> {
    m: &'a ControlMixer,
    max: i32,
    /// The SOF driver loads it as a volume control (not a switch).
    sof_volume: bool,
}

fn mixers<'a>(cx: &Context<'a>) -> impl Iterator<Item = Mixer<'a>> {
    cx.conf.mixers.iter().filter_map(|m| {
        let ops = m.ops.last()?;
        let info = ops.info.as_ref()?;
        let sof = [&ops.get, &ops.put]
            .into_iter()
            .flatten()
            .any(|h| is_sof_handler(h.as_str()));
        let max = m.max.as_ref().map_or(0, |v| v.value);
        Some(Mixer {
            m,
            max,
            sof_volume: is_volsw(info.as_str()) && sof && max != 1,
        })
    })
}

fn volume(cx: &Context, out: &mut Vec<Finding>) {
    for Mixer { m, max, sof_volume } in mixers(cx) {
        if !sof_volume {
            continue;
        }
        // The kernel sees the TLV only with TLV read access; alsatplg adds
        // it by itself only when no `access` is given.
        let tlv_access = m.access.is_empty()
            || m.access
                .iter()
                .any(|a| matches!(a.as_str(), "tlv_read" | "tlv_read_write"));
        match &m.tlv {
            None => out.push(
                Finding::error(
                    VOLUME.code,
                    m.name.span,
                    format!(
                        "volume mixer `{}` (max {max}) has no dB scale `tlv`",
                        m.name.value
                    ),
                )
                .label("the SOF driver refuses a volume control without a dB TLV")
                .help("add `tlv \"vtlv_m64s2\"` (or another SectionTLV scale); a switch has `max \"1\"`"),
            ),
            Some(tlv) if !tlv_access => {
                let at = m.access.first().map_or(m.name.span, |a| a.span);
                out.push(
                    Finding::error(
                        VOLUME.code,
                        at,
                        format!(
                            "volume mixer `{}` names tlv `{}` but its `access` has no tlv_read",
                            m.name.value, tlv.value
                        ),
                    )
                    .label("without TLV access the kernel ignores the TLV, and the SOF driver refuses the control")
                    .help("add \"tlv_read\" to `access`, or remove `access` (alsatplg then gives read_write and tlv_read)")
                    .related("the TLV", tlv.span),
                );
            }
            Some(_) => {}
        }
    }
}

fn range(cx: &Context, out: &mut Vec<Finding>) {
    let mut scales_seen = rustc_hash::FxHashSet::default();
    for Mixer { m, max, sof_volume } in mixers(cx) {
        if max <= 0 && !sof_volume {
            if let Some(inv) = m.invert.as_ref().filter(|i| i.value) {
                out.push(
                    Finding::warning(
                        RANGE.code,
                        inv.span,
                        format!("mixer `{}` is inverted but has no max", m.name.value),
                    )
                    .label("inverts a range of one value")
                    .help("give `max` (1 for a switch); invert flips 0..max"),
                );
            }
            continue;
        }
        // A volume without a usable TLV is the volume check's error.
        let Some(tlv) = m.tlv.as_ref() else { continue };
        if !sof_volume {
            continue;
        }
        if max <= 0 {
            let span = m.max.as_ref().map_or(m.name.span, |v| v.span);
            out.push(
                Finding::warning(
                    RANGE.code,
                    span,
                    format!("volume mixer `{}` has max {max}", m.name.value),
                )
                .label("a volume with one step")
                .help("give the number of volume steps in `max` (e.g. 32 with vtlv_m64s2: -64 dB to 0 dB in 2 dB steps)"),
            );
            continue;
        }
        let Some(tlv) = find_tlv(cx, tlv.as_str()) else {
            continue;
        };
        // One report per TLV, however many mixers use it.
        if scales_seen.insert(tlv.name.as_str()) {
            whole_db(m, tlv, out);
        }
    }
}

fn find_tlv<'a>(cx: &Context<'a>, name: &str) -> Option<&'a Tlv> {
    cx.conf.tlvs.iter().find(|t| t.name.as_str() == name)
}

/// The SOF driver builds its gain table in whole dB: it divides the TLV's
/// min and step (in 0.01 dB) by 100 and drops the rest.
fn whole_db(m: &ControlMixer, tlv: &Tlv, out: &mut Vec<Finding>) {
    let Some(scale) = &tlv.scale else { return };
    for (key, v) in [("step", &scale.step), ("min", &scale.min)] {
        let Some(v) = v else { continue };
        if v.value % 100 == 0 {
            continue;
        }
        let kept = v.value / 100;
        let consequence = if key == "step" && kept == 0 {
            "every volume step then has the same gain".to_string()
        } else {
            format!("the driver uses {kept} dB")
        };
        out.push(
            Finding::warning(
                RANGE.code,
                v.span,
                format!(
                    "TLV `{}` has {key} {} (0.01 dB), not a whole dB, for volume mixer `{}`",
                    tlv.name.value, v.value, m.name.value
                ),
            )
            .label(format!("the SOF driver reads {kept} dB"))
            .help(format!(
                "SOF's driver computes volume gains in whole dB, so {consequence}; use a multiple of 100"
            ))
            .related(format!("used by `{}`", m.name.value), m.name.span),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const TLV: &str = r#"SectionTLV."vtlv_m64s2" { scale { min "-6400" step "200" mute "1" } }
"#;

    fn mixer(body: &str) -> String {
        format!(
            "{TLV}SectionControlMixer.\"Vol\" {{\n\tchannel.\"FL\" {{ reg \"1\" shift \"0\" }}\n{body}\n}}\n"
        )
    }

    fn run(check: &Check, text: &str) -> usize {
        crate::validate::checks::run_check(check, text, None).len()
    }

    const SOF_VOLUME: &str = r#"ops."ctl" { info "volsw" get "256" put "256" }"#;

    #[test]
    fn channels() {
        let ok = format!(
            "{TLV}SectionControlMixer.\"V\" {{ channel.\"fl\" {{ reg \"1\" }} channel.\"MONO\" {{ reg \"1\" }} channel.\"Tfl\" {{ reg \"1\" }} }}\n"
        );
        assert_eq!(run(&CHANNEL, &ok), 0);
        let eight: String = ["FL", "FR", "FC", "LFE", "RL", "RR", "SL", "SR"]
            .iter()
            .map(|c| format!("channel.\"{c}\" {{ reg \"1\" }}\n"))
            .collect();
        assert_eq!(
            run(
                &CHANNEL,
                &format!("SectionControlMixer.\"V\" {{ {eight} }}")
            ),
            0
        );
        let nine =
            format!("SectionControlMixer.\"V\" {{ {eight} channel.\"RC\" {{ reg \"1\" }} }}");
        assert_eq!(run(&CHANNEL, &nine), 1);
        let bad = "SectionControlEnum.\"E\" { channel.\"left\" { reg \"1\" } }";
        assert_eq!(run(&CHANNEL, bad), 1);
    }

    #[test]
    fn volumes_sof_writes() {
        let vol = mixer(&format!(
            "{SOF_VOLUME}\n\tmax \"32\"\n\tinvert \"false\"\n\ttlv \"vtlv_m64s2\""
        ));
        assert_eq!(run(&VOLUME, &vol), 0);
        let switch =
            mixer(r#"ops."ctl" { info "volsw" get "259" put "259" } max "1" invert "false""#);
        assert_eq!(run(&VOLUME, &switch), 0);
        // tlv_read given with access
        let access = mixer(&format!(
            "{SOF_VOLUME} max \"32\" tlv \"vtlv_m64s2\" access [ \"read_write\" \"tlv_read\" ]"
        ));
        assert_eq!(run(&VOLUME, &access), 0);
        // not SOF's driver: ASoC's volsw needs no TLV
        let plain = mixer(r#"ops."ctl" { info "volsw" get "volsw" put "volsw" } max "31""#);
        assert_eq!(run(&VOLUME, &plain), 0);
    }

    #[test]
    fn volumes_that_do_not_work() {
        let no_tlv = mixer(&format!("{SOF_VOLUME} max \"32\""));
        assert_eq!(run(&VOLUME, &no_tlv), 1);
        let no_access = mixer(&format!(
            "{SOF_VOLUME} max \"32\" tlv \"vtlv_m64s2\" access [ \"read_write\" ]"
        ));
        assert_eq!(run(&VOLUME, &no_access), 1);
        let max0 = mixer(&format!("{SOF_VOLUME} max \"0\" tlv \"vtlv_m64s2\""));
        assert_eq!(run(&RANGE, &max0), 1);
        assert_eq!(run(&VOLUME, &max0), 0);
        let inverted = mixer(r#"ops."ctl" { info "volsw" get "volsw" put "volsw" } invert "true""#);
        assert_eq!(run(&RANGE, &inverted), 1);
        let half_db = format!(
            "SectionTLV.\"half\" {{ scale {{ min \"-3000\" step \"50\" mute \"1\" }} }}\n{}{}",
            mixer(&format!("{SOF_VOLUME} max \"32\" tlv \"half\"")),
            mixer(&format!("{SOF_VOLUME} max \"32\" tlv \"half\"")).replace("\"Vol\"", "\"Vol2\"")
        );
        // once per TLV, however many mixers use it
        assert_eq!(run(&RANGE, &half_db), 1);
        assert_eq!(run(&VOLUME, &half_db), 0);
    }
}
