//! Twins of the pipeline templates (`sof/pipe-*.j2`).
//!
//! They write through the typed cores of the building blocks
//! (`native::push_*`), as the templates call the blocks, without making a
//! minijinja value of each argument list.

use super::{arg, def_or, Entry};
use crate::expand::native::{self, Arg, Channels, Comp, Dai, Schedule};
use crate::expand::Rendered;
use minijinja::value::Value;

/// The files every host volume pipeline imports.
const VOLUME_IMPORTS: &[&str] = &[
    "lib/names.j2",
    "lib/format.j2",
    "lib/tuples.j2",
    "widget/pcm.j2",
    "widget/pga.j2",
    "widget/buffer.j2",
    "widget/mixercontrol.j2",
    "widget/pipeline.j2",
];

/// The files the passthrough pipelines import.
const PASSTHROUGH_IMPORTS: &[&str] = &[
    "lib/names.j2",
    "lib/format.j2",
    "widget/pcm.j2",
    "widget/buffer.j2",
    "widget/pipeline.j2",
];

/// The files the IIR equalizer capture pipelines import, then the
/// coefficient files their twins read (see [`EqIir::coefs`]).
const EQ_IIR_48K_FILES: &[&str] = &[
    "lib/names.j2",
    "lib/format.j2",
    "lib/tuples.j2",
    "widget/eq_iir.j2",
    "widget/pcm.j2",
    "widget/pga.j2",
    "widget/buffer.j2",
    "widget/mixercontrol.j2",
    "widget/bytecontrol.j2",
    "widget/pipeline.j2",
    "coef/eq_iir_coef_highpass_40hz_0db_48khz.j2",
    "coef/eq_iir_coef_highpass_40hz_20db_48khz.j2",
];

const EQ_IIR_16K_FILES: &[&str] = &[
    "lib/names.j2",
    "lib/format.j2",
    "lib/tuples.j2",
    "widget/eq_iir.j2",
    "widget/pcm.j2",
    "widget/pga.j2",
    "widget/buffer.j2",
    "widget/mixercontrol.j2",
    "widget/bytecontrol.j2",
    "widget/pipeline.j2",
    "coef/eq_iir_coef_highpass_40hz_0db_16khz.j2",
    "coef/eq_iir_coef_highpass_40hz_20db_16khz.j2",
];

/// The pipeline templates with a twin.
pub(super) const TWINS: &[Entry] = &[
    (
        "sof/pipe-dai-playback.j2",
        &["widget/pipeline.j2", "widget/dai.j2"],
        dai_playback,
    ),
    (
        "sof/pipe-dai-capture.j2",
        &["widget/pipeline.j2", "widget/dai.j2"],
        dai_capture,
    ),
    (
        "sof/pipe-volume-playback.j2",
        VOLUME_IMPORTS,
        volume_playback,
    ),
    (
        "sof/pipe-passthrough-capture.j2",
        PASSTHROUGH_IMPORTS,
        passthrough_capture,
    ),
    (
        "sof/pipe-host-volume-playback.j2",
        VOLUME_IMPORTS,
        host_volume_playback,
    ),
    ("sof/pipe-volume-capture.j2", VOLUME_IMPORTS, volume_capture),
    (
        "sof/pipe-low-latency-capture.j2",
        VOLUME_IMPORTS,
        low_latency_capture,
    ),
    (
        "sof/pipe-eq-iir-volume-capture.j2",
        EQ_IIR_48K_FILES,
        eq_iir_volume_capture,
    ),
    (
        "sof/pipe-mixer-volume-dai-playback.j2",
        &[
            "lib/names.j2",
            "lib/format.j2",
            "lib/tuples.j2",
            "widget/pga.j2",
            "widget/buffer.j2",
            "widget/mixercontrol.j2",
            "widget/pipeline.j2",
            "widget/mixer.j2",
            "widget/dai.j2",
        ],
        mixer_volume_dai_playback,
    ),
    (
        "sof/pipe-eq-iir-volume-capture-16khz.j2",
        EQ_IIR_16K_FILES,
        eq_iir_volume_capture_16khz,
    ),
    (
        "sof/pipe-passthrough-playback.j2",
        PASSTHROUGH_IMPORTS,
        passthrough_playback,
    ),
];

/// What a twin writes: a few KB (a volume pipeline some 9 KB), so one
/// allocation holds it.
fn text() -> String {
    String::with_capacity(8192)
}

/// A building block's text followed by its line's newline; `None` on its
/// error.
fn line(
    out: &mut String,
    block: impl FnOnce(&mut String) -> Result<(), minijinja::Error>,
) -> Option<()> {
    block(out).ok()?;
    out.push('\n');
    Some(())
}

/// `defs.DYNAMIC is defined or dynamic == 1`.
fn is_dynamic(defs: &Value, dynamic: &Value) -> bool {
    arg(defs, "DYNAMIC").is_some() || *dynamic == Value::from(1)
}

/// `time_domain`, or "" for none, as `scheduler` writes it.
fn time_domain(v: &Value) -> Arg<'_> {
    if v.is_none() {
        Arg::Str("")
    } else {
        Arg::of(v)
    }
}

/// `defs.NAME | items if defs.NAME is defined else …`: the channels of a
/// channel map symbol, or `None` (the template's error) when it is not a
/// list (`items` takes a list, a `LIST(…)`'s `items` or a `CHANNEL_MAP(…)`'s
/// `channels`).
fn channel_map(defs: &Value, name: &str) -> Option<Option<Vec<Value>>> {
    let Some(map) = arg(defs, name) else {
        return Some(None);
    };
    let list = |v: &Value| {
        (v.kind() == minijinja::value::ValueKind::Seq)
            .then(|| v.try_iter().ok().map(Iterator::collect))
            .flatten()
    };
    if let Some(l) = list(&map) {
        return Some(Some(l));
    }
    for field in ["items", "channels"] {
        if let Ok(inner) = map.get_attr(field) {
            if let Some(l) = list(&inner) {
                return Some(Some(l));
            }
        }
    }
    None
}

/// `capability_formats[format]`.
fn capability_formats(format: &Value) -> Option<&'static str> {
    let f = format.as_str()?;
    native::CAPABILITY_FORMATS
        .iter()
        .find(|(n, _)| *n == f)
        .map(|(_, c)| *c)
}

/// `format_names[format]`.
fn format_name(format: &Value) -> Option<&'static str> {
    let f = crate::vocab::vocabulary().format(format.as_str()?)?;
    Some(f.alsa.as_str())
}

/// `pcm_capabilities(name, formats, rate_min, rate_max, channels_min,
/// channels_max, periods_max=…)`, the rest defaults.
fn capabilities(
    out: &mut String,
    name: &str,
    [formats, rate_min, rate_max, channels_min, channels_max]: [Arg; 5],
    periods_max: Option<i64>,
) {
    let d = native::PCM_CAPABILITY_DEFAULTS;
    native::push_pcm_capabilities(
        out,
        &[Arg::Str(name)],
        &[
            formats,
            rate_min,
            rate_max,
            channels_min,
            channels_max,
            d[0],
            periods_max.map_or(d[1], Arg::Int),
            d[2],
            d[3],
            d[4],
            d[5],
        ],
    );
    out.push('\n');
}

/// `vendor_tuples(tokens, "sof_volume_tokens", …)` of a volume's ramp and
/// `section_data(conf, tokens)`.
fn volume_conf(out: &mut String, tokens: &str, conf: &str, (ramp, ms): (i64, i64)) {
    native::push_vendor_tuples(
        out,
        &[Arg::Str(tokens)],
        "sof_volume_tokens",
        &[(
            "word",
            &[
                ("SOF_TKN_VOLUME_RAMP_STEP_TYPE", Arg::Int(ramp)),
                ("SOF_TKN_VOLUME_RAMP_STEP_MS", Arg::Int(ms)),
            ],
        )],
    );
    out.push('\n');
    native::push_section_data(out, &[Arg::Str(conf)], &[Arg::Str(tokens)]);
    out.push('\n');
}

/// The exports of a template, in name order as the template's are.
fn exports<const N: usize>(list: [(&str, Value); N]) -> Vec<(String, Value)> {
    list.into_iter().map(|(n, v)| (n.to_string(), v)).collect()
}

fn dai_playback(ctx: &Value) -> Option<Rendered> {
    dai_pipeline(ctx, true)
}

fn dai_capture(ctx: &Value) -> Option<Rendered> {
    dai_pipeline(ctx, false)
}

/// `sof/pipe-dai-playback.j2` and `sof/pipe-dai-capture.j2`: the DAI widget,
/// the scheduler of its pipeline and the route to or from `buffer`;
/// publishes the DAI widget as `PIPELINE_PLAYBACK_SCHED_COMP` or
/// `PIPELINE_SCHED_COMP`.
fn dai_pipeline(ctx: &Value, playback: bool) -> Option<Rendered> {
    let [id, dai_type, dai_index, dai_be, format, periods, core, period, priority, time, dynamic, buffer, defs] =
        [
            "id",
            "dai_type",
            "dai_index",
            "dai_be",
            "format",
            "periods",
            "core",
            "period",
            "priority",
            "time_domain",
            "dynamic",
            "buffer",
            "defs",
        ]
        .map(|n| arg(ctx, n));
    let (id, dai_type, dai_index, dai_be, format, periods) =
        (id?, dai_type?, dai_index?, dai_be?, format?, periods?);
    let (core, period, priority, time, dynamic, buffer, defs) =
        (core?, period?, priority?, time?, dynamic?, buffer?, defs?);
    let (id_a, periods) = (Arg::of(&id), Arg::of(&periods));
    let (dai_type, dai_index) = (Arg::of(&dai_type), Arg::of(&dai_index));
    let comp = join_dai(dai_type, dai_index, playback);
    let (sink, source) = if playback {
        (Arg::Int(0), periods)
    } else {
        (periods, Arg::Int(0))
    };
    let mut out = text();
    native::push_dai_widget(
        &mut out,
        playback,
        &Dai {
            pipe: id_a,
            dai_type,
            dai_index,
            link: Arg::of(&dai_be),
            format: Arg::of(&format),
            sink,
            source,
            core: Arg::of(&core),
        },
    );
    out.push('\n');
    native::push_scheduler(
        &mut out,
        &Schedule {
            pipe: id_a,
            comp: Arg::Str(&comp),
            period: Arg::of(&period),
            priority: Arg::of(&priority),
            core: Arg::of(&core),
            time_domain: time_domain(&time),
            dynamic: is_dynamic(&defs, &dynamic),
            platform_data: Arg::Str("pipe_dai_schedule_plat"),
        },
    );
    out.push('\n');
    let route = if playback {
        (Arg::Str(&comp), Arg::of(&buffer))
    } else {
        (Arg::of(&buffer), Arg::Str(&comp))
    };
    native::push_graph(
        &mut out,
        &[dai_type, dai_index, Arg::Str(" "), id_a],
        id_a,
        &[route],
    );
    out.push('\n');
    let export = if playback {
        "PIPELINE_PLAYBACK_SCHED_COMP"
    } else {
        "PIPELINE_SCHED_COMP"
    };
    Some(Rendered {
        text: out,
        exports: exports([(export, Value::from(comp))]),
    })
}

/// `<dai_type><dai_index>.OUT`, or `.IN` for capture.
fn join_dai(dai_type: Arg, dai_index: Arg, playback: bool) -> String {
    native::join(&[
        dai_type,
        dai_index,
        Arg::Str(if playback { ".OUT" } else { ".IN" }),
    ])
}

/// What tells the host volume pipelines apart: each is host PCM, buffer,
/// volume, buffer, with the volume's control and configuration and the
/// PCM's capabilities, in the same order.
struct Volume {
    /// the template's name after `sof/`, as its graph is named
    name: &'static str,
    playback: bool,
    stream: &'static str,
    /// the control's default name, of `id` and `pcm`
    control: fn(Arg, Arg) -> String,
    /// CONTROL_NAME names the volume's mixer too (else it lists the default)
    control_name_on_pga: bool,
    max: i64,
    tlv: &'static str,
    channels: VolumeChannels,
    /// the ramp's type and length (ms)
    ramp: (i64, i64),
    /// one configuration for every capture volume (`capture_pga_conf`),
    /// else `pga_conf_<id>`
    shared_conf: bool,
    /// the buffer next to the host PCM, `n` of `BUF<id>.<n>`; the other
    /// one is next to the DAI
    host_buf: i64,
    core_tuple: bool,
    /// scheduled by `sched_comp` with the media scheduling data
    scheduled: bool,
    /// CHANNELS_MIN gives the PCM's minimum channels (else 2)
    channels_min_symbol: bool,
    /// a `{#- … #}` comment after the control's line takes its newline
    comment_after_control: bool,
    periods_max: Option<i64>,
}

/// The channel map of a volume control.
enum VolumeChannels {
    /// stereo at this register
    Stereo(i64),
    /// VOLUME_CHANNEL_MAP, else stereo at register 1
    Symbol,
}

fn volume_playback(ctx: &Value) -> Option<Rendered> {
    volume(
        ctx,
        &Volume {
            name: "pipe-volume-playback",
            playback: true,
            stream: "Passthrough Playback",
            control: |id, _| native::join(&[id, Arg::Str(" Master Playback Volume")]),
            control_name_on_pga: true,
            max: 32,
            tlv: "vtlv_m64s2",
            channels: VolumeChannels::Stereo(1),
            ramp: (2, 20),
            shared_conf: false,
            host_buf: 0,
            core_tuple: true,
            scheduled: false,
            channels_min_symbol: true,
            periods_max: None,
            comment_after_control: false,
        },
    )
}

fn host_volume_playback(ctx: &Value) -> Option<Rendered> {
    volume(
        ctx,
        &Volume {
            name: "pipe-host-volume-playback",
            playback: true,
            stream: "Playback",
            control: |id, _| native::join(&[id, Arg::Str(" Playback Volume")]),
            control_name_on_pga: false,
            max: 32,
            tlv: "vtlv_m64s2",
            channels: VolumeChannels::Symbol,
            ramp: (0, 20),
            shared_conf: false,
            host_buf: 0,
            core_tuple: true,
            scheduled: true,
            channels_min_symbol: false,
            periods_max: None,
            comment_after_control: false,
        },
    )
}

fn volume_capture(ctx: &Value) -> Option<Rendered> {
    volume(
        ctx,
        &Volume {
            name: "pipe-volume-capture",
            playback: false,
            stream: "Passthrough Capture",
            control: |id, _| native::join(&[id, Arg::Str(" Master Capture Volume")]),
            control_name_on_pga: true,
            max: 80,
            tlv: "vtlv_m50s1",
            channels: VolumeChannels::Stereo(1),
            ramp: (0, 250),
            shared_conf: true,
            host_buf: 0,
            core_tuple: false,
            scheduled: false,
            channels_min_symbol: true,
            periods_max: None,
            comment_after_control: true,
        },
    )
}

fn low_latency_capture(ctx: &Value) -> Option<Rendered> {
    volume(
        ctx,
        &Volume {
            name: "pipe-low-latency-capture",
            playback: false,
            stream: "Low Latency Capture",
            control: |id, pcm| {
                native::join(&[id, Arg::Str(" PCM "), pcm, Arg::Str(" Capture Volume")])
            },
            control_name_on_pga: false,
            max: 40,
            tlv: "vtlv_m64s2",
            channels: VolumeChannels::Stereo(0),
            ramp: (0, 250),
            shared_conf: true,
            host_buf: 1,
            core_tuple: false,
            scheduled: false,
            channels_min_symbol: false,
            periods_max: Some(4),
            comment_after_control: true,
        },
    )
}

/// `sof/pipe-volume-playback.j2`, `sof/pipe-host-volume-playback.j2`,
/// `sof/pipe-volume-capture.j2` and `sof/pipe-low-latency-capture.j2`:
/// host PCM, buffer, volume, buffer (playback from the host, capture to
/// it); the volume's control and configuration and the PCM's
/// capabilities; publishes `PIPELINE_PCM` (the capabilities) and the
/// buffer next to the DAI as `PIPELINE_SOURCE` (playback) or
/// `PIPELINE_SINK`.
fn volume(ctx: &Value, v: &Volume) -> Option<Rendered> {
    let [id, pcm, channels, format, period, core, pcm_min_rate, pcm_max_rate, defs] = [
        "id",
        "pcm",
        "channels",
        "format",
        "period",
        "core",
        "pcm_min_rate",
        "pcm_max_rate",
        "defs",
    ]
    .map(|n| arg(ctx, n));
    let (id, pcm, channels, format, period, core, defs) =
        (id?, pcm?, channels?, format?, period?, core?, defs?);
    let (pcm_min_rate, pcm_max_rate) = (pcm_min_rate?, pcm_max_rate?);
    let schedule = if v.scheduled {
        // the template's own `fail`s when there is no scheduler
        let [sched_comp, time, priority, dynamic] =
            ["sched_comp", "time_domain", "priority", "dynamic"].map(|n| arg(ctx, n));
        let (sched_comp, time) = (sched_comp?, time?);
        if sched_comp.is_none() || time.is_none() {
            return None;
        }
        let dynamic = is_dynamic(&defs, &dynamic?);
        Some((sched_comp, time, priority?, dynamic))
    } else {
        None
    };
    // `require(…)`: a missing one is the template's error to report
    let host_caps = arg(&defs, "PLATFORM_HOST_MEM_CAP")?;
    let dai_caps = arg(&defs, "PLATFORM_DAI_MEM_CAP")?;
    let formats = capability_formats(&format)?;
    let dai_periods = def_or(&defs, "DAI_PERIODS", Value::from(2));
    let (id_a, pcm_a, core_a, format_a) = (
        Arg::of(&id),
        Arg::of(&pcm),
        Arg::of(&core),
        Arg::of(&format),
    );
    let dai_periods_a = Arg::of(&dai_periods);
    let default_control = (v.control)(id_a, pcm_a);
    let control_name = arg(&defs, "CONTROL_NAME");
    let control = control_name
        .as_ref()
        .map_or(Arg::Str(&default_control), Arg::of);
    let map;
    let channel_list = match v.channels {
        VolumeChannels::Stereo(reg) => Channels::Stereo(reg),
        VolumeChannels::Symbol => {
            map = channel_map(&defs, "VOLUME_CHANNEL_MAP")?;
            map.as_deref().map_or(Channels::Stereo(1), Channels::Map)
        }
    };
    let mut out = text();
    native::push_volume_control(
        &mut out,
        control,
        id_a,
        Arg::Int(v.max),
        Some(Arg::Str(v.tlv)),
        channel_list,
    )
    .ok()?;
    if !v.comment_after_control {
        out.push('\n');
    }
    let (tokens, conf) = if v.shared_conf {
        (
            "capture_pga_tokens".to_string(),
            "capture_pga_conf".to_string(),
        )
    } else {
        (
            native::join(&[Arg::Str("pga_tokens_"), id_a]),
            native::join(&[Arg::Str("pga_conf_"), id_a]),
        )
    };
    volume_conf(&mut out, &tokens, &conf, v.ramp);
    let two = Arg::Int(2);
    let (host_periods, pga_periods) = if v.playback {
        ([two, Arg::Int(0), core_a], (dai_periods_a, two))
    } else {
        ([Arg::Int(0), two, core_a], (two, dai_periods_a))
    };
    native::push_host_pcm(
        &mut out,
        v.playback,
        id_a,
        pcm_a,
        Arg::Str(v.stream),
        host_periods,
    );
    out.push('\n');
    let pga_name = arg(&defs, "PGA_NAME").filter(|n| !n.is_none());
    let mixer = if v.control_name_on_pga {
        control
    } else {
        Arg::Str(&default_control)
    };
    native::push_pga(
        &mut out,
        &Comp {
            pipe: id_a,
            n: Arg::Int(0),
            format: format_a,
            sink: pga_periods.0,
            source: pga_periods.1,
            core: core_a,
        },
        Arg::Str(&conf),
        Some(&[mixer]),
        pga_name.as_ref().map(Arg::of),
    );
    out.push('\n');
    for n in 0..2 {
        let (periods, caps) = if n == v.host_buf {
            (Value::from(2), &host_caps)
        } else {
            (dai_periods.clone(), &dai_caps)
        };
        let size =
            native::buffer_bytes(&periods, &format, &channels, &pcm_max_rate, &period).ok()?;
        native::push_buffer(
            &mut out,
            id_a,
            Arg::Int(n),
            Arg::Int(size),
            Arg::of(caps),
            v.core_tuple,
        );
        out.push('\n');
    }
    let pcm_w = native::join(&[
        Arg::Str("PCM"),
        pcm_a,
        Arg::Str(if v.playback { "P" } else { "C" }),
    ]);
    let buf = |n: i64| native::join(&[Arg::Str("BUF"), id_a, Arg::Str("."), Arg::Int(n)]);
    let (host_buf, dai_buf) = (buf(v.host_buf), buf(1 - v.host_buf));
    let pga_w = native::join(&[Arg::Str("PGA"), id_a, Arg::Str(".0")]);
    let [pcm_w_a, host_a, dai_a, pga_a] = [&pcm_w, &host_buf, &dai_buf, &pga_w].map(Arg::from);
    let routes = if v.playback {
        [(host_a, pcm_w_a), (pga_a, host_a), (dai_a, pga_a)]
    } else {
        [(pcm_w_a, host_a), (host_a, pga_a), (pga_a, dai_a)]
    };
    native::push_graph(
        &mut out,
        &[Arg::Str(v.name), Arg::Str(" "), id_a],
        id_a,
        &routes,
    );
    out.push('\n');
    if let Some((sched_comp, time, priority, dynamic)) = &schedule {
        native::push_scheduler(
            &mut out,
            &Schedule {
                pipe: id_a,
                comp: Arg::of(sched_comp),
                period: Arg::of(&period),
                priority: Arg::of(priority),
                core: core_a,
                time_domain: time_domain(time),
                dynamic: *dynamic,
                platform_data: Arg::Str("pipe_media_schedule_plat"),
            },
        );
        out.push('\n');
    }
    let caps_name = native::join(&[Arg::Str(v.stream), Arg::Str(" "), pcm_a]);
    let channels_min = match v.channels_min_symbol {
        true => def_or(&defs, "CHANNELS_MIN", Value::from(2)),
        false => Value::from(2),
    };
    capabilities(
        &mut out,
        &caps_name,
        [
            Arg::Str(formats),
            Arg::of(&pcm_min_rate),
            Arg::of(&pcm_max_rate),
            Arg::of(&channels_min),
            Arg::of(&channels),
        ],
        v.periods_max,
    );
    let end = if v.playback {
        "PIPELINE_SOURCE"
    } else {
        "PIPELINE_SINK"
    };
    Some(Rendered {
        text: out,
        exports: exports([
            ("PIPELINE_PCM", Value::from(caps_name)),
            (end, Value::from_safe_string(dai_buf)),
        ]),
    })
}

fn passthrough_playback(ctx: &Value) -> Option<Rendered> {
    passthrough(ctx, true)
}

fn passthrough_capture(ctx: &Value) -> Option<Rendered> {
    passthrough(ctx, false)
}

/// `sof/pipe-passthrough-playback.j2` and `sof/pipe-passthrough-capture.j2`:
/// host PCM and one buffer, and the PCM's capabilities; publishes
/// `PIPELINE_PCM` and the buffer as `PIPELINE_SOURCE` (playback) or
/// `PIPELINE_SINK`.
fn passthrough(ctx: &Value, playback: bool) -> Option<Rendered> {
    let [id, pcm, channels, format, period, core, pcm_min_rate, pcm_max_rate, defs] = [
        "id",
        "pcm",
        "channels",
        "format",
        "period",
        "core",
        "pcm_min_rate",
        "pcm_max_rate",
        "defs",
    ]
    .map(|n| arg(ctx, n));
    let (id, pcm, channels, format, period, core, defs) =
        (id?, pcm?, channels?, format?, period?, core?, defs?);
    let (pcm_min_rate, pcm_max_rate) = (pcm_min_rate?, pcm_max_rate?);
    let dai_periods = def_or(&defs, "DAI_PERIODS", Value::from(2));
    let (stream, name) = if playback {
        ("Passthrough Playback", "pipe-passthrough-playback")
    } else {
        ("Passthrough Capture", "pipe-passthrough-capture")
    };
    let (id_a, pcm_a, periods_a) = (Arg::of(&id), Arg::of(&pcm), Arg::of(&dai_periods));
    let mut out = text();
    let host_periods = if playback {
        [periods_a, Arg::Int(0), Arg::of(&core)]
    } else {
        [Arg::Int(0), periods_a, Arg::of(&core)]
    };
    native::push_host_pcm(
        &mut out,
        playback,
        id_a,
        pcm_a,
        Arg::Str(stream),
        host_periods,
    );
    out.push('\n');
    let size =
        native::buffer_bytes(&dai_periods, &format, &channels, &pcm_max_rate, &period).ok()?;
    // `require(…)`: a missing one is the template's error to report
    let caps = arg(&defs, "PLATFORM_PASS_MEM_CAP")?;
    native::push_buffer(
        &mut out,
        id_a,
        Arg::Int(0),
        Arg::Int(size),
        Arg::of(&caps),
        false,
    );
    out.push('\n');
    let pcm_w = native::join(&[
        Arg::Str("PCM"),
        pcm_a,
        Arg::Str(if playback { "P" } else { "C" }),
    ]);
    let buf = native::join(&[Arg::Str("BUF"), id_a, Arg::Str(".0")]);
    let route = if playback {
        (Arg::Str(&buf), Arg::Str(&pcm_w))
    } else {
        (Arg::Str(&pcm_w), Arg::Str(&buf))
    };
    native::push_graph(
        &mut out,
        &[Arg::Str(name), Arg::Str(" "), id_a],
        id_a,
        &[route],
    );
    // in capture, the comment on the capabilities takes the graph's newline
    if playback {
        out.push('\n');
    }
    // unlike the other pipelines, capture offers at least as many channels
    // as the pipeline has
    let channels_min = def_or(
        &defs,
        "CHANNELS_MIN",
        if playback {
            Value::from(2)
        } else {
            channels.clone()
        },
    );
    let caps_name = native::join(&[Arg::Str(stream), Arg::Str(" "), pcm_a]);
    capabilities(
        &mut out,
        &caps_name,
        [
            Arg::Str(format_name(&format)?),
            Arg::of(&pcm_min_rate),
            Arg::of(&pcm_max_rate),
            Arg::of(&channels_min),
            Arg::of(&channels),
        ],
        None,
    );
    let end = if playback {
        "PIPELINE_SOURCE"
    } else {
        "PIPELINE_SINK"
    };
    Some(Rendered {
        text: out,
        exports: exports([
            ("PIPELINE_PCM", Value::from(caps_name)),
            (end, Value::from_safe_string(buf)),
        ]),
    })
}

/// `sof/pipe-mixer-volume-dai-playback.j2` (a DAI_ADD): mixer, buffer,
/// volume, buffer, DAI, with the volume's control and configuration and
/// the pipeline's scheduler; publishes the mixer as `PIPELINE_MIXER` and
/// the DAI widget as `PIPELINE_PLAYBACK_SCHED_COMP`.
fn mixer_volume_dai_playback(ctx: &Value) -> Option<Rendered> {
    let [id, dai_type, dai_index, dai_be, format, periods, core, period, priority, time, dynamic, channels, rate, defs] =
        [
            "id",
            "dai_type",
            "dai_index",
            "dai_be",
            "format",
            "periods",
            "core",
            "period",
            "priority",
            "time_domain",
            "dynamic",
            "channels",
            "rate",
            "defs",
        ]
        .map(|n| arg(ctx, n));
    let (id, dai_type, dai_index, dai_be, format, periods) =
        (id?, dai_type?, dai_index?, dai_be?, format?, periods?);
    let (core, period, priority, time, dynamic, channels, rate, defs) = (
        core?, period?, priority?, time?, dynamic?, channels?, rate?, defs?,
    );
    // the template's own `fail`
    if channels.is_none() || rate.is_none() {
        return None;
    }
    // `require(…)`: a missing one is the template's error to report
    let caps = arg(&defs, "PLATFORM_COMP_MEM_CAP")?;
    let map = channel_map(&defs, "VOLUME_CHANNEL_MAP")?;
    let (id_a, format_a, core_a, periods_a) = (
        Arg::of(&id),
        Arg::of(&format),
        Arg::of(&core),
        Arg::of(&periods),
    );
    let (dai_type, dai_index) = (Arg::of(&dai_type), Arg::of(&dai_index));
    let control = native::join(&[id_a, Arg::Str(" Master Playback Volume")]);
    let control_name = arg(&defs, "CONTROL_NAME");
    let mut out = text();
    line(&mut out, |out| {
        native::push_volume_control(
            out,
            control_name.as_ref().map_or(Arg::Str(&control), Arg::of),
            id_a,
            Arg::Int(32),
            Some(Arg::Str("vtlv_m64s2")),
            map.as_deref().map_or(Channels::Stereo(1), Channels::Map),
        )
    })?;
    let tokens = native::join(&[Arg::Str("pga_tokens_"), id_a]);
    let conf = native::join(&[Arg::Str("pga_conf_"), id_a]);
    volume_conf(&mut out, &tokens, &conf, (0, 20));
    let two = Arg::Int(2);
    let comp = |sink, source| Comp {
        pipe: id_a,
        n: Arg::Int(0),
        format: format_a,
        sink,
        source,
        core: core_a,
    };
    native::push_mixer(&mut out, &comp(two, two));
    out.push('\n');
    let pga_name = arg(&defs, "PGA_NAME").filter(|n| !n.is_none());
    native::push_pga(
        &mut out,
        &comp(periods_a, two),
        Arg::Str(&conf),
        Some(&[Arg::Str(&control)]),
        pga_name.as_ref().map(Arg::of),
    );
    out.push('\n');
    native::push_dai_widget(
        &mut out,
        true,
        &Dai {
            pipe: id_a,
            dai_type,
            dai_index,
            link: Arg::of(&dai_be),
            format: format_a,
            sink: Arg::Int(0),
            source: periods_a,
            core: core_a,
        },
    );
    out.push('\n');
    let dai_w = join_dai(dai_type, dai_index, true);
    native::push_scheduler(
        &mut out,
        &Schedule {
            pipe: id_a,
            comp: Arg::Str(&dai_w),
            period: Arg::of(&period),
            priority: Arg::of(&priority),
            core: core_a,
            time_domain: time_domain(&time),
            dynamic: is_dynamic(&defs, &dynamic),
            platform_data: Arg::Str("pipe_dai_schedule_plat"),
        },
    );
    out.push('\n');
    let size = native::buffer_bytes(&Value::from(2), &format, &channels, &rate, &period).ok()?;
    for n in 0..2 {
        native::push_buffer(
            &mut out,
            id_a,
            Arg::Int(n),
            Arg::Int(size),
            Arg::of(&caps),
            false,
        );
        out.push('\n');
    }
    let buf = |n: i64| native::join(&[Arg::Str("BUF"), id_a, Arg::Str("."), Arg::Int(n)]);
    let (b0, b1) = (buf(0), buf(1));
    let mixer_w = native::join(&[Arg::Str("MIXER"), id_a, Arg::Str(".0")]);
    let pga_w = native::join(&[Arg::Str("PGA"), id_a, Arg::Str(".0")]);
    let [b0_a, b1_a, mixer_a, pga_a, dai_a] = [&b0, &b1, &mixer_w, &pga_w, &dai_w].map(Arg::from);
    native::push_graph(
        &mut out,
        &[dai_type, dai_index, Arg::Str(" "), id_a],
        id_a,
        &[(b0_a, mixer_a), (pga_a, b0_a), (b1_a, pga_a), (dai_a, b1_a)],
    );
    out.push('\n');
    Some(Rendered {
        text: out,
        exports: exports([
            ("PIPELINE_MIXER", Value::from_safe_string(mixer_w)),
            ("PIPELINE_PLAYBACK_SCHED_COMP", Value::from(dai_w)),
        ]),
    })
}

/// What tells the IIR equalizer capture pipelines apart.
struct EqIir {
    name: &'static str,
    volume: &'static str,
    /// the switch control `Capture Switch` (with mute-LED tuples)
    switch: bool,
    /// the symbol naming the coefficients
    filter: &'static str,
    /// the coefficient files a twin reads, the default first: their
    /// entry lists them, so that an `-I` file of one turns the twin off
    /// (another file is the template's to include)
    coefs: &'static [&'static str],
    /// the PCM's one rate, else `pcm_min_rate`–`pcm_max_rate`
    rate: Option<i64>,
}

fn eq_iir_volume_capture(ctx: &Value) -> Option<Rendered> {
    eq_iir_volume(
        ctx,
        &EqIir {
            name: "pipe-eq-iir-volume-capture",
            volume: "Capture Volume",
            switch: true,
            filter: "DMICPROC_FILTER1",
            coefs: &EQ_IIR_48K_FILES[10..],
            rate: None,
        },
    )
}

fn eq_iir_volume_capture_16khz(ctx: &Value) -> Option<Rendered> {
    eq_iir_volume(
        ctx,
        &EqIir {
            name: "pipe-eq-iir-volume-capture-16khz",
            volume: "2nd Capture Volume",
            switch: false,
            filter: "DMIC16KPROC_FILTER1",
            coefs: &EQ_IIR_16K_FILES[10..],
            rate: Some(16000),
        },
    )
}

/// The coefficients `coef` names (`coef/<coef>.j2`, a trailing `.m4`
/// dropped) when they are one of `files`: the file's text with its leading
/// comment left out and trimmed, as `coef_data` includes it; `None` for
/// any other file, or one with template code.
fn coef_blob(coef: &str, files: &[&str]) -> Option<&'static str> {
    let stem = coef.strip_suffix(".m4").unwrap_or(coef);
    let file = files
        .iter()
        .find(|f| f.strip_prefix("coef/").and_then(|f| f.strip_suffix(".j2")) == Some(stem))?;
    let text = crate::library::builtin(file)?;
    let body = match text.strip_prefix("{#") {
        Some(rest) => rest.split_once("#}")?.1,
        None => text,
    };
    if ["{#", "{{", "{%"].iter().any(|t| body.contains(t)) {
        return None;
    }
    Some(body.trim())
}

/// `sof/pipe-eq-iir-volume-capture.j2` and its 16 kHz sibling: host PCM,
/// buffer, volume, buffer, IIR equalizer, buffer; the volume's controls and
/// configuration, the equalizer's coefficients and bytes control, the
/// PCM's capabilities; publishes `PIPELINE_PCM`, `PIPELINE_SINK` (the last
/// buffer) and `LEAVES` (the default coefficients' symbol).
fn eq_iir_volume(ctx: &Value, e: &EqIir) -> Option<Rendered> {
    let [id, pcm, channels, format, period, core, pcm_min_rate, pcm_max_rate, defs] = [
        "id",
        "pcm",
        "channels",
        "format",
        "period",
        "core",
        "pcm_min_rate",
        "pcm_max_rate",
        "defs",
    ]
    .map(|n| arg(ctx, n));
    let (id, pcm, channels, format, period, core, defs) =
        (id?, pcm?, channels?, format?, period?, core?, defs?);
    let (pcm_min_rate, pcm_max_rate) = (pcm_min_rate?, pcm_max_rate?);
    // `require(…)`: a missing one is the template's error to report
    let caps = arg(&defs, "PLATFORM_PASS_MEM_CAP")?;
    let formats = capability_formats(&format)?;
    let default_coef = e.coefs[0]
        .strip_prefix("coef/")
        .and_then(|f| f.strip_suffix(".j2"))?;
    let coef = def_or(&defs, e.filter, Value::from(default_coef));
    let blob = coef_blob(coef.as_str()?, e.coefs)?;
    let volume_map = channel_map(&defs, "VOLUME_CHANNEL_MAP")?;
    let switch_map = match e.switch {
        true => channel_map(&defs, "SWITCH_CHANNEL_MAP")?,
        false => None,
    };
    let dai_periods = def_or(&defs, "DAI_PERIODS", Value::from(2));
    let (id_a, pcm_a, core_a, format_a, coef_a) = (
        Arg::of(&id),
        Arg::of(&pcm),
        Arg::of(&core),
        Arg::of(&format),
        Arg::of(&coef),
    );
    let pga_default = native::join(&[Arg::Str("PGA"), id_a, Arg::Str(".0")]);
    let pga_name = arg(&defs, "PGA_NAME");
    let pga_w = pga_name.as_ref().map_or(Arg::Str(&pga_default), Arg::of);
    let mut out = text();
    line(&mut out, |out| {
        native::push_volume_control(
            out,
            Arg::Str(e.volume),
            id_a,
            Arg::Int(70),
            Some(Arg::Str("vtlv_m50s1")),
            volume_map
                .as_deref()
                .map_or(Channels::Stereo(1), Channels::Map),
        )
    })?;
    let switch = "Capture Switch";
    if e.switch {
        line(&mut out, |out| {
            native::push_switch_control(
                out,
                Arg::Str(switch),
                id_a,
                switch_map
                    .as_deref()
                    .map_or(Channels::Stereo(2), Channels::Map),
                Some((Arg::Int(1), Arg::Int(1))),
            )
        })?;
    }
    let tokens = native::join(&[Arg::Str("pga_tokens_"), id_a]);
    let conf = native::join(&[Arg::Str("pga_conf_"), id_a]);
    volume_conf(&mut out, &tokens, &conf, (0, 250));
    // coef_data(coef, coef)
    out.push_str("SectionData.\"");
    out.push_str(coef.as_str()?);
    out.push_str("\" {\n\tbytes \"");
    out.push_str(blob);
    out.push_str("\"\n}\n\n");
    let coef_control = native::join(&[Arg::Str("eqiir_coef_"), id_a]);
    native::push_bytes_control(
        &mut out,
        &[Arg::Str(&coef_control)],
        id_a,
        Arg::Int(1024),
        coef_a,
    );
    out.push('\n');
    let two = Arg::Int(2);
    native::push_host_pcm(
        &mut out,
        false,
        id_a,
        pcm_a,
        Arg::Str("Highpass Capture"),
        [Arg::Int(0), two, core_a],
    );
    out.push('\n');
    let comp = |source| Comp {
        pipe: id_a,
        n: Arg::Int(0),
        format: format_a,
        sink: two,
        source,
        core: core_a,
    };
    let mixers = [Arg::Str(e.volume), Arg::Str(switch)];
    native::push_pga(
        &mut out,
        &comp(two),
        Arg::Str(&conf),
        Some(&mixers[..if e.switch { 2 } else { 1 }]),
        // `name if name is not none else w`
        pga_name.as_ref().filter(|n| !n.is_none()).map(Arg::of),
    );
    out.push('\n');
    native::push_eq_iir(
        &mut out,
        &comp(Arg::of(&dai_periods)),
        Some(&[Arg::Str(&coef_control)]),
    );
    out.push('\n');
    for n in 0..3 {
        let periods = if n == 2 {
            dai_periods.clone()
        } else {
            Value::from(2)
        };
        let size =
            native::buffer_bytes(&periods, &format, &channels, &pcm_max_rate, &period).ok()?;
        native::push_buffer(
            &mut out,
            id_a,
            Arg::Int(n),
            Arg::Int(size),
            Arg::of(&caps),
            false,
        );
        out.push('\n');
    }
    let pcm_w = native::join(&[Arg::Str("PCM"), pcm_a, Arg::Str("C")]);
    let buf = |n: i64| native::join(&[Arg::Str("BUF"), id_a, Arg::Str("."), Arg::Int(n)]);
    let (b0, b1, b2) = (buf(0), buf(1), buf(2));
    let eq_w = native::join(&[Arg::Str("EQIIR"), id_a, Arg::Str(".0")]);
    let [pcm_a2, b0_a, b1_a, b2_a, eq_a] = [&pcm_w, &b0, &b1, &b2, &eq_w].map(Arg::from);
    native::push_graph(
        &mut out,
        &[Arg::Str(e.name), Arg::Str(" "), id_a],
        id_a,
        &[
            (pcm_a2, b0_a),
            (b0_a, pga_w),
            (pga_w, b1_a),
            (b1_a, eq_a),
            (eq_a, b2_a),
        ],
    );
    out.push('\n');
    let caps_name = native::join(&[Arg::Str("Highpass Capture "), pcm_a]);
    let (rate_min, rate_max) = match e.rate {
        Some(r) => (Arg::Int(r), Arg::Int(r)),
        None => (Arg::of(&pcm_min_rate), Arg::of(&pcm_max_rate)),
    };
    let channels_a = Arg::of(&channels);
    capabilities(
        &mut out,
        &caps_name,
        [
            Arg::Str(formats),
            rate_min,
            rate_max,
            channels_a,
            channels_a,
        ],
        None,
    );
    Some(Rendered {
        text: out,
        exports: exports([
            (
                "LEAVES",
                Value::from_iter([(e.filter, Value::from(default_coef))]),
            ),
            ("PIPELINE_PCM", Value::from(caps_name)),
            ("PIPELINE_SINK", Value::from_safe_string(b2)),
        ]),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::expand::twins::Twin;
    use crate::expand::Expander;
    use crate::library::Library;
    use minijinja::context;

    fn twin(name: &str) -> Twin {
        TWINS
            .iter()
            .find(|(n, _, _)| *n == name)
            .map(|(_, _, t)| *t)
            .expect("a twin")
    }

    /// The twin of `name` writes what the template writes from `ctx`.
    fn same(expander: &Expander, name: &str, ctx: Value) {
        let ours = twin(name)(&ctx).unwrap_or_else(|| panic!("{name}: no answer to {ctx:?}"));
        let theirs = expander.render_template(name, ctx.clone()).unwrap();
        assert_eq!(ours.text, theirs.text, "{name} {ctx:?}");
        assert_eq!(
            format!("{:?}", ours.exports),
            format!("{:?}", theirs.exports),
            "{name} {ctx:?}"
        );
    }

    /// `always` and each subset of `optional` (by the bits of `set`).
    fn symbols(always: &[(&str, Value)], optional: &[(&str, Value)], set: u32) -> Value {
        always
            .iter()
            .cloned()
            .chain(
                optional
                    .iter()
                    .enumerate()
                    .filter(|(i, _)| set & (1 << i) != 0)
                    .map(|(_, kv)| kv.clone()),
            )
            .collect()
    }

    /// A `CHANNEL_MAP(KCONTROL_CHANNEL(…), …)` as a template sees it.
    fn channel_map(reg: i64) -> Value {
        let channel = |name: &str, shift: i64| {
            context! { kind => "KCONTROL_CHANNEL", name, reg, shift }
        };
        context! {
            kind => "CHANNEL_MAP",
            channels => vec![channel("FL", 0), channel("FR", 1), channel("FC", 2)],
        }
    }

    /// The platform's memory capabilities, as numbers or as text.
    fn platform(text: bool) -> Vec<(&'static str, Value)> {
        ["HOST", "DAI", "PASS", "COMP"]
            .into_iter()
            .zip([
                ("PLATFORM_HOST_MEM_CAP", 65537),
                ("PLATFORM_DAI_MEM_CAP", 65538),
                ("PLATFORM_PASS_MEM_CAP", 65539),
                ("PLATFORM_COMP_MEM_CAP", 65540),
            ])
            .map(|(_, (n, v))| {
                (
                    n,
                    if text {
                        Value::from(v.to_string())
                    } else {
                        Value::from(v)
                    },
                )
            })
            .collect()
    }

    /// Each DAI twin against its template, over contexts that take every
    /// branch.
    #[test]
    fn each_twin_writes_what_its_template_writes() {
        let expander = Expander::new(Library::new(Vec::new()));
        let mut checked = 0;
        for name in ["sof/pipe-dai-playback.j2", "sof/pipe-dai-capture.j2"] {
            for (dai_type, index) in [("SSP", 5), ("DMIC", 0), ("HDA", 3)] {
                for dynamic in [Value::from(()), Value::from(0), Value::from(1)] {
                    for defs in [context! {}, context! { DYNAMIC => 1 }] {
                        for time_domain in
                            [Value::from(()), Value::from("SCHEDULE_TIME_DOMAIN_TIMER")]
                        {
                            let ctx = context! {
                                id => 7, dai_type, dai_index => index, dai_be => "SSP5-Codec",
                                format => "s16le", periods => 2, core => 1, period => 1000,
                                priority => 0, time_domain, dynamic, buffer => "BUF7.1",
                                defs, abi => context! { major => 3, minor => 29, patch => 1 },
                            };
                            same(&expander, name, ctx);
                            checked += 1;
                        }
                    }
                }
            }
        }
        assert_eq!(checked, 2 * 3 * 3 * 2 * 2);
    }

    /// The host volume pipelines (and the passthrough ones, which read a
    /// subset of the symbols) against their templates: each format, two
    /// channel counts and rates, each optional symbol defined or not, the
    /// platform's capabilities as numbers or text.
    #[test]
    fn the_host_pipeline_twins_write_what_their_templates_write() {
        let expander = Expander::new(Library::new(Vec::new()));
        let optional = [
            ("DAI_PERIODS", Value::from(3)),
            ("CONTROL_NAME", Value::from("Spk Volume")),
            ("PGA_NAME", Value::from("PGA Spk")),
            ("CHANNELS_MIN", Value::from(1)),
            ("VOLUME_CHANNEL_MAP", channel_map(4)),
        ];
        let mut checked = 0;
        for name in [
            "sof/pipe-volume-playback.j2",
            "sof/pipe-host-volume-playback.j2",
            "sof/pipe-volume-capture.j2",
            "sof/pipe-low-latency-capture.j2",
            "sof/pipe-passthrough-capture.j2",
            "sof/pipe-passthrough-playback.j2",
        ] {
            for format in ["s16le", "s24le", "s32le", "float"] {
                for (channels, min, max) in [(2, 48000, 48000), (4, 16000, 44100)] {
                    for set in 0..32 {
                        let defs = symbols(&platform(set % 3 == 0), &optional, set);
                        let ctx = context! {
                            id => 5, pcm => 2, channels, format, period => 1000,
                            priority => 1, core => 1, pcm_min_rate => min,
                            pcm_max_rate => max, rate => max, time_domain => 1,
                            sched_comp => "SSP0.OUT", dynamic => (), defs,
                        };
                        same(&expander, name, ctx);
                        checked += 1;
                    }
                }
            }
        }
        assert_eq!(checked, 6 * 4 * 2 * 32);
    }

    /// The scheduling arguments of `sof/pipe-host-volume-playback`, and a
    /// channel map given as a plain list or a `LIST(…)`.
    #[test]
    fn the_host_volume_twin_schedules_as_its_template_does() {
        let expander = Expander::new(Library::new(Vec::new()));
        let name = "sof/pipe-host-volume-playback.j2";
        let list = channel_map(2).get_attr("channels").unwrap();
        let maps = [
            None,
            Some(list.clone()),
            Some(context! { kind => "LIST", items => list }),
        ];
        let mut checked = 0;
        for time_domain in [Value::from(0), Value::from(1)] {
            for dynamic in [Value::from(()), Value::from(0), Value::from(1)] {
                for dynamic_symbol in [false, true] {
                    for map in &maps {
                        let mut defs = platform(false);
                        if dynamic_symbol {
                            defs.push(("DYNAMIC", Value::from(1)));
                        }
                        if let Some(m) = map {
                            defs.push(("VOLUME_CHANNEL_MAP", m.clone()));
                        }
                        let defs: Value = defs.into_iter().collect();
                        let ctx = context! {
                            id => 3, pcm => 0, channels => 2, format => "s32le",
                            period => 1000, priority => 0, core => 0, pcm_min_rate => 48000,
                            pcm_max_rate => 48000, time_domain => time_domain.clone(),
                            sched_comp => "PIPELINE_PLAYBACK_SCHED_COMP_1",
                            dynamic => dynamic.clone(), defs,
                        };
                        same(&expander, name, ctx);
                        checked += 1;
                    }
                }
            }
        }
        assert_eq!(checked, 2 * 3 * 2 * 3);
        // no scheduler: the template's `fail` reports it
        for (sched_comp, time_domain) in [
            (Value::from(()), Value::from(1)),
            (Value::from("X"), Value::from(())),
        ] {
            let ctx = context! {
                id => 3, pcm => 0, channels => 2, format => "s32le", period => 1000,
                priority => 0, core => 0, pcm_min_rate => 48000, pcm_max_rate => 48000,
                time_domain, sched_comp, dynamic => (),
                defs => platform(false).into_iter().collect::<Value>(),
            };
            assert!(twin(name)(&ctx).is_none());
            assert!(expander.render_template(name, ctx).is_err());
        }
    }

    /// The IIR equalizer capture pipelines: each format and rate, each
    /// optional symbol, the coefficients the twins read named with or
    /// without `.m4`; other coefficients are the template's to include.
    #[test]
    fn the_eq_iir_twins_write_what_their_templates_write() {
        let expander = Expander::new(Library::new(Vec::new()));
        let mut checked = 0;
        for (name, filter, rate) in [
            (
                "sof/pipe-eq-iir-volume-capture.j2",
                "DMICPROC_FILTER1",
                "48khz",
            ),
            (
                "sof/pipe-eq-iir-volume-capture-16khz.j2",
                "DMIC16KPROC_FILTER1",
                "16khz",
            ),
        ] {
            let optional = [
                ("DAI_PERIODS", Value::from(3)),
                ("PGA_NAME", Value::from("PGA Mic")),
                ("VOLUME_CHANNEL_MAP", channel_map(1)),
                ("SWITCH_CHANNEL_MAP", channel_map(2)),
                // read by neither
                ("CONTROL_NAME", Value::from("Mic Volume")),
            ];
            let coefs = [
                None,
                Some(format!("eq_iir_coef_highpass_40hz_20db_{rate}.m4")),
                Some(format!("eq_iir_coef_highpass_40hz_20db_{rate}")),
                Some(format!("eq_iir_coef_highpass_40hz_0db_{rate}")),
            ];
            for format in ["s16le", "s24le", "s32le"] {
                for (channels, min, max) in [(2, 48000, 48000), (4, 16000, 16000)] {
                    for set in 0..32 {
                        for coef in &coefs {
                            let mut defs = platform(set % 3 == 0);
                            if let Some(c) = coef {
                                defs.push((filter, Value::from(c.as_str())));
                            }
                            let defs = symbols(&defs, &optional, set);
                            let ctx = context! {
                                id => 9, pcm => 99, channels, format, period => 1000,
                                priority => 0, core => 0, pcm_min_rate => min,
                                pcm_max_rate => max, rate => max, defs,
                            };
                            same(&expander, name, ctx);
                            checked += 1;
                        }
                    }
                }
            }
            // coefficients the twin does not read: the template includes them
            let defs = symbols(
                &platform(false),
                &[(filter, Value::from("eq_iir_coef_flat"))],
                1,
            );
            let ctx = context! {
                id => 9, pcm => 99, channels => 2, format => "s32le", period => 1000,
                priority => 0, core => 0, pcm_min_rate => 48000, pcm_max_rate => 48000, defs,
            };
            assert!(twin(name)(&ctx).is_none());
            assert!(expander.render_template(name, ctx).is_ok());
        }
        assert_eq!(checked, 2 * 3 * 2 * 32 * 4);
    }

    /// An `-I` file of coefficients an IIR equalizer twin reads turns the
    /// twin off (the template includes that file instead).
    #[test]
    fn an_include_dir_coefficient_file_turns_the_eq_iir_twin_off() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir
            .path()
            .join("coef/eq_iir_coef_highpass_40hz_20db_48khz.j2");
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, "0x00,0x01\n").unwrap();
        let e = Expander::new(Library::new(vec![dir.path().to_path_buf()]));
        let on = |n: &str| e.twins.iter().any(|(t, _)| *t == n);
        assert!(!on("sof/pipe-eq-iir-volume-capture.j2"));
        assert!(on("sof/pipe-eq-iir-volume-capture-16khz.j2"));
    }

    /// `sof/pipe-mixer-volume-dai-playback`, a DAI_ADD.
    #[test]
    fn the_mixer_volume_dai_twin_writes_what_its_template_writes() {
        let expander = Expander::new(Library::new(Vec::new()));
        let name = "sof/pipe-mixer-volume-dai-playback.j2";
        let optional = [
            ("CONTROL_NAME", Value::from("Spk Volume")),
            ("PGA_NAME", Value::from("PGA Spk")),
            ("VOLUME_CHANNEL_MAP", channel_map(1)),
            ("DYNAMIC", Value::from(1)),
        ];
        let mut checked = 0;
        for (dai_type, index, format) in [
            ("SSP", 1, "s16le"),
            ("HDA", 3, "s32le"),
            ("ALH", 0x102, "s24le"),
        ] {
            for time_domain in [Value::from(()), Value::from(1)] {
                for dynamic in [Value::from(()), Value::from(1)] {
                    for set in 0..16 {
                        let defs = symbols(&platform(set % 3 == 0), &optional, set);
                        let ctx = context! {
                            id => 1, dai_type, dai_index => index, dai_be => "Codec",
                            buffer => "BUF2.1", periods => 3, format, period => 1000,
                            priority => 0, core => 1, time_domain => time_domain.clone(),
                            channels => 2, rate => 48000, dynamic => dynamic.clone(), defs,
                        };
                        same(&expander, name, ctx);
                        checked += 1;
                    }
                }
            }
        }
        assert_eq!(checked, 3 * 2 * 2 * 16);
        // no channels or rate: the template's `fail` reports it
        let ctx = context! {
            id => 1, dai_type => "SSP", dai_index => 1, dai_be => "Codec", buffer => "B",
            periods => 2, format => "s16le", period => 1000, priority => 0, core => 0,
            time_domain => (), channels => (), rate => 48000, dynamic => (),
            defs => platform(false).into_iter().collect::<Value>(),
        };
        assert!(twin(name)(&ctx).is_none());
        assert!(expander.render_template(name, ctx).is_err());
    }

    /// A context the twin is not sure of is left to the template.
    #[test]
    fn an_incomplete_context_is_left_to_the_template() {
        let expander = Expander::new(Library::new(Vec::new()));
        for (name, _, twin) in TWINS {
            assert!(twin(&context! { id => 1 }).is_none(), "{name}");
        }
        for name in ["sof/pipe-dai-playback.j2", "sof/pipe-dai-capture.j2"] {
            // no `buffer`
            let ctx = context! {
                id => 7, dai_type => "SSP", dai_index => 5, dai_be => "x", format => "s16le",
                periods => 2, core => 0, period => 1000, priority => 0, time_domain => (),
                dynamic => (), defs => context! {},
            };
            assert!(twin(name)(&ctx).is_none());
        }
        // no platform: the template's `require` reports it; a format the
        // pipelines do not know is the template's error too
        for (name, _, twin) in TWINS.iter().filter(|(n, _, _)| !n.contains("dai")) {
            let ctx = |format: &str, defs: Value| {
                context! {
                    id => 5, pcm => 2, channels => 2, format, period => 1000, priority => 0,
                    core => 0, pcm_min_rate => 48000, pcm_max_rate => 48000, rate => 48000,
                    time_domain => 1, sched_comp => "SSP0.OUT", dynamic => (), defs,
                }
            };
            for ctx in [
                ctx("s16le", context! {}),
                ctx("u8", platform(false).into_iter().collect()),
            ] {
                assert!(twin(&ctx).is_none(), "{name}");
                assert!(expander.render_template(name, ctx).is_err(), "{name}");
            }
        }
    }
}
