//! Twins of the pipeline templates (`sof/pipe-*.j2`).

use super::{arg, def_or, line, Entry};
use crate::expand::native;
use crate::expand::Rendered;
use minijinja::value::{Rest, Value};

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
        &[
            "lib/names.j2",
            "lib/format.j2",
            "lib/tuples.j2",
            "widget/pcm.j2",
            "widget/pga.j2",
            "widget/buffer.j2",
            "widget/mixercontrol.j2",
            "widget/pipeline.j2",
        ],
        volume_playback,
    ),
];

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
    let [id, dai_type, dai_index, dai_be, format, periods, core, period, priority, time_domain, dynamic, buffer, defs] =
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
    let (id, dai_type, dai_index, core) = (id?, dai_type?, dai_index?, core?);
    let dai = format!("{dai_type}{dai_index}");
    let (direction, comp, sink, source) = if playback {
        ("playback", format!("{dai}.OUT"), Value::from(0), periods?)
    } else {
        ("capture", format!("{dai}.IN"), periods?, Value::from(0))
    };
    let dynamic = defs?
        .get_attr("DYNAMIC")
        .ok()
        .is_some_and(|v| !v.is_undefined())
        || dynamic? == Value::from(1);
    let mut text = String::new();
    line(
        &mut text,
        native::dai_widget(Rest(vec![
            Value::from(direction),
            id.clone(),
            dai_type,
            dai_index,
            dai_be?,
            format?,
            sink,
            source,
            core.clone(),
        ])),
    )?;
    line(
        &mut text,
        native::scheduler(Rest(vec![
            id.clone(),
            Value::from(comp.as_str()),
            period?,
            priority?,
            core,
            time_domain?,
            Value::from(dynamic),
            Value::from("pipe_dai_schedule_plat"),
        ])),
    )?;
    let buffer = buffer?;
    let comp_value = Value::from(comp.as_str());
    let route = if playback {
        vec![comp_value, buffer]
    } else {
        vec![buffer, comp_value]
    };
    line(
        &mut text,
        native::graph(Rest(vec![
            Value::from(format!("{dai} {id}")),
            id,
            Value::from(vec![Value::from(route)]),
        ])),
    )?;
    let export = if playback {
        "PIPELINE_PLAYBACK_SCHED_COMP"
    } else {
        "PIPELINE_SCHED_COMP"
    };
    Some(Rendered {
        text,
        exports: vec![(export.to_string(), Value::from(comp))],
    })
}

/// `sof/pipe-volume-playback.j2`: host PCM, buffer, volume, buffer; its
/// volume control and PCM capabilities; publishes `PIPELINE_SOURCE` (the
/// last buffer) and `PIPELINE_PCM` (the capabilities).
fn volume_playback(ctx: &Value) -> Option<Rendered> {
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
    let host_caps = arg(&defs, "PLATFORM_HOST_MEM_CAP")?;
    let dai_caps = arg(&defs, "PLATFORM_DAI_MEM_CAP")?;
    let formats = native::CAPABILITY_FORMATS
        .iter()
        .find(|(f, _)| Some(*f) == format.as_str())?
        .1;
    let dai_periods = def_or(&defs, "DAI_PERIODS", Value::from(2));
    let control = def_or(
        &defs,
        "CONTROL_NAME",
        Value::from(format!("{id} Master Playback Volume")),
    );
    let stream = "Passthrough Playback";
    let call = |f: native::Native, args: Vec<Value>| f(Rest(args)).ok();
    let pcm_widget = call(
        native::pcm_widget,
        vec![pcm.clone(), Value::from("playback")],
    )?;
    let pga_tokens = Value::from(format!("pga_tokens_{id}"));
    let pga_conf = Value::from(format!("pga_conf_{id}"));
    let buf = |n: i64| call(native::buf, vec![id.clone(), Value::from(n)]);
    let pga_name = call(
        native::widget_name,
        vec![Value::from("PGA"), id.clone(), Value::from(0)],
    )?;
    let word = |pairs: &[(&str, i64)]| {
        Value::from(vec![Value::from(vec![
            Value::from("word"),
            Value::from(
                pairs
                    .iter()
                    .map(|(t, v)| Value::from(vec![Value::from(*t), Value::from(*v)]))
                    .collect::<Vec<_>>(),
            ),
        ])])
    };
    let size = |periods: &Value| {
        call(
            native::buffer_size,
            vec![
                periods.clone(),
                format.clone(),
                channels.clone(),
                pcm_max_rate.clone(),
                period.clone(),
            ],
        )
    };
    let mut text = String::new();
    for v in [
        call(
            native::volume_control,
            vec![
                control.clone(),
                id.clone(),
                Value::from(32),
                Value::from("vtlv_m64s2"),
            ],
        ),
        call(
            native::vendor_tuples,
            vec![
                pga_tokens.clone(),
                Value::from("sof_volume_tokens"),
                word(&[
                    ("SOF_TKN_VOLUME_RAMP_STEP_TYPE", 2),
                    ("SOF_TKN_VOLUME_RAMP_STEP_MS", 20),
                ]),
            ],
        ),
        call(native::section_data, vec![pga_conf.clone(), pga_tokens]),
        call(
            native::host_pcm,
            vec![
                Value::from("playback"),
                id.clone(),
                pcm.clone(),
                Value::from(stream),
                Value::from(2),
                Value::from(0),
                core.clone(),
            ],
        ),
        call(
            native::pga,
            vec![
                id.clone(),
                Value::from(0),
                format.clone(),
                dai_periods.clone(),
                Value::from(2),
                pga_conf,
                core,
                Value::from(vec![control]),
                def_or(&defs, "PGA_NAME", Value::from(())),
            ],
        ),
        call(
            native::buffer,
            vec![
                id.clone(),
                Value::from(0),
                size(&Value::from(2))?,
                host_caps,
                Value::from(true),
            ],
        ),
        call(
            native::buffer,
            vec![
                id.clone(),
                Value::from(1),
                size(&dai_periods)?,
                dai_caps,
                Value::from(true),
            ],
        ),
        call(
            native::graph,
            vec![
                Value::from(format!("pipe-volume-playback {id}")),
                id.clone(),
                Value::from(vec![
                    Value::from(vec![buf(0)?, pcm_widget]),
                    Value::from(vec![pga_name.clone(), buf(0)?]),
                    Value::from(vec![buf(1)?, pga_name]),
                ]),
            ],
        ),
        call(
            native::pcm_capabilities,
            vec![
                Value::from(format!("{stream} {pcm}")),
                Value::from(formats),
                pcm_min_rate,
                pcm_max_rate,
                def_or(&defs, "CHANNELS_MIN", Value::from(2)),
                channels,
            ],
        ),
    ] {
        line(&mut text, Ok(v?))?;
    }
    Some(Rendered {
        text,
        // in name order, as the template's exports are
        exports: vec![
            (
                "PIPELINE_PCM".to_string(),
                Value::from(format!("{stream} {pcm}")),
            ),
            ("PIPELINE_SOURCE".to_string(), buf(1)?),
        ],
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::expand::Expander;
    use crate::library::Library;
    use minijinja::context;

    /// Each twin against its template, over contexts that take every branch.
    #[test]
    fn each_twin_writes_what_its_template_writes() {
        let expander = Expander::new(Library::new(Vec::new()));
        let mut checked = 0;
        for (name, _, twin) in &TWINS[..2] {
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
                            let ours = twin(&ctx).expect("the twin answers a full context");
                            let theirs = expander.render_template(name, ctx).unwrap();
                            assert_eq!(ours.text, theirs.text, "{name} {dai_type}");
                            assert_eq!(
                                format!("{:?}", ours.exports),
                                format!("{:?}", theirs.exports),
                                "{name}"
                            );
                            checked += 1;
                        }
                    }
                }
            }
        }
        assert_eq!(checked, 2 * 3 * 3 * 2 * 2);
    }

    #[test]
    fn the_volume_playback_twin_writes_what_its_template_writes() {
        let expander = Expander::new(Library::new(Vec::new()));
        let (name, _, twin) = TWINS[2];
        let mut checked = 0;
        for format in ["s16le", "s24le", "s32le"] {
            for (channels, rate) in [(2, 48000), (4, 44100)] {
                for set in 0..16u8 {
                    // each optional symbol defined or not
                    let optional = [
                        ("DAI_PERIODS", Value::from(3)),
                        ("CONTROL_NAME", Value::from("Spk Volume")),
                        ("PGA_NAME", Value::from("PGA Spk")),
                        ("CHANNELS_MIN", Value::from(1)),
                    ];
                    let defs: Value = [
                        ("PLATFORM_HOST_MEM_CAP", Value::from("65536")),
                        ("PLATFORM_DAI_MEM_CAP", Value::from("65537")),
                    ]
                    .into_iter()
                    .chain(
                        optional
                            .into_iter()
                            .enumerate()
                            .filter(|(i, _)| set & (1 << i) != 0)
                            .map(|(_, kv)| kv),
                    )
                    .collect();
                    let ctx = context! {
                        id => 5, pcm => 2, channels, format, period => 1000, priority => 0,
                        core => 1, pcm_min_rate => rate, pcm_max_rate => rate, time_domain => (),
                        defs,
                    };
                    let ours = twin(&ctx).expect("the twin answers a full context");
                    let theirs = expander.render_template(name, ctx).unwrap();
                    assert_eq!(ours.text, theirs.text, "{format} {set}");
                    assert_eq!(
                        format!("{:?}", ours.exports),
                        format!("{:?}", theirs.exports)
                    );
                    checked += 1;
                }
            }
        }
        assert_eq!(checked, 3 * 2 * 16);
        // no platform: the template's `require` reports it
        let ctx = context! {
            id => 5, pcm => 2, channels => 2, format => "s16le", period => 1000, core => 0,
            pcm_min_rate => 48000, pcm_max_rate => 48000, defs => context! {},
        };
        assert!(twin(&ctx).is_none());
        assert!(expander.render_template(name, ctx).is_err());
    }

    /// A context the twin is not sure of is left to the template.
    #[test]
    fn an_incomplete_context_is_left_to_the_template() {
        for (_, _, twin) in &TWINS[..2] {
            assert!(twin(&context! { id => 1 }).is_none());
            // no `buffer`
            let ctx = context! {
                id => 7, dai_type => "SSP", dai_index => 5, dai_be => "x", format => "s16le",
                periods => 2, core => 0, period => 1000, priority => 0, time_domain => (),
                dynamic => (), defs => context! {},
            };
            assert!(twin(&ctx).is_none());
        }
    }
}
