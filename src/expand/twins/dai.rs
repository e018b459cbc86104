//! The twin of `statements/dai-config.j2` (DAI_CONFIG) and the
//! `dai/<type>.j2` file it includes for the link's DAI type: the link's
//! hardware config, its DAI tuples and the BE link. A type without a twin
//! here, a configuration of another type, or data naming another DAI is
//! left to the template (which reports the last two).

use super::{arg, Entry};
use crate::expand::native::{self, Arg};
use crate::expand::Rendered;
use minijinja::value::Value;
use std::fmt::Write;

/// DAI_CONFIG. `statements/dai-config.j2` imports nothing; it includes
/// `dai/<type>.j2` by type, so the files of the types the twin writes are
/// listed, with what they import and include.
pub(super) const TWINS: &[Entry] = &[(
    "statements/dai-config.j2",
    &[
        "dai/ssp.j2",
        "dai/ssp-config.j2",
        "dai/dmic.j2",
        "dai/hda.j2",
        "dai/alh.j2",
        "dai/sai.j2",
        "dai/esai.j2",
        "dai/afe.j2",
        "dai/micfil.j2",
        "dai/acpdmic.j2",
        "dai/acp_sdw.j2",
        "dai/acpsp.j2",
        "dai/acpsp_virtual.j2",
        "dai/acphs.j2",
        "dai/acphs_virtual.j2",
        "dai/acptdm.j2",
        "dai/acp-i2s.j2",
        "dai/common.j2",
        "lib/tuples.j2",
    ],
    dai_config,
)];

/// The tuples a type's `*_CONFIG_DATA` gives its link: groups of
/// `(tuple type, [(token, field of the data)])`.
type Tuples = &'static [(&'static str, &'static [(&'static str, &'static str)])];

/// `statements/dai-config.j2`: `config` must be a `<type>_CONFIG(…)`; the
/// type's file writes the rest.
fn dai_config(ctx: &Value) -> Option<Rendered> {
    let ty = arg(ctx, "type")?;
    let config = arg(ctx, "config").filter(|c| !c.is_none())?;
    let kind = arg(&config, "kind")?;
    if kind.as_str()?.strip_suffix("_CONFIG")? != ty.as_str()? {
        return None;
    }
    let link = Link {
        dai: format!("{ty}{}", arg(ctx, "index")?),
        prefix: format!("DAICONFIG.{ty}{}", arg(ctx, "index")?),
        index: arg(ctx, "index")?,
        link_id: arg(ctx, "link_id")?,
        name: arg(ctx, "name")?,
        ty,
    };
    let mut out = String::new();
    match link.ty.as_str()? {
        "SSP" => ssp(&mut out, &link, &config)?,
        "DMIC" => dmic(&mut out, &link, &config)?,
        "HDA" => data_only(
            &mut out,
            &link,
            &config,
            "sof_hda_tokens",
            &[(
                "word",
                &[
                    ("SOF_TKN_INTEL_HDA_RATE", "rate"),
                    ("SOF_TKN_INTEL_HDA_CH", "channels"),
                ],
            )],
        )?,
        "ALH" => data_only(
            &mut out,
            &link,
            &config,
            "sof_alh_tokens",
            &[(
                "word",
                &[
                    ("SOF_TKN_INTEL_ALH_RATE", "rate"),
                    ("SOF_TKN_INTEL_ALH_CH", "channels"),
                ],
            )],
        )?,
        "AFE" => data_only(
            &mut out,
            &link,
            &config,
            "sof_afe_tokens",
            &[
                (
                    "word",
                    &[
                        ("SOF_TKN_MEDIATEK_AFE_RATE", "rate"),
                        ("SOF_TKN_MEDIATEK_AFE_CH", "channels"),
                    ],
                ),
                ("string", &[("SOF_TKN_MEDIATEK_AFE_FORMAT", "format")]),
            ],
        )?,
        "MICFIL" => data_only(
            &mut out,
            &link,
            &config,
            "sof_micfil_tokens",
            &[(
                "word",
                &[
                    ("SOF_TKN_IMX_MICFIL_RATE", "rate"),
                    ("SOF_TKN_IMX_MICFIL_CH", "channels"),
                ],
            )],
        )?,
        "ACPDMIC" => data_only(
            &mut out,
            &link,
            &config,
            "sof_acpdmic_tokens",
            &[(
                "word",
                &[
                    ("SOF_TKN_AMD_ACPDMIC_RATE", "rate"),
                    ("SOF_TKN_AMD_ACPDMIC_CH", "channels"),
                ],
            )],
        )?,
        "ACP_SDW" => data_only(
            &mut out,
            &link,
            &config,
            "sof_acp_sdw_tokens",
            &[(
                "word",
                &[
                    ("SOF_TKN_AMD_ACP_SDW_SAMPLERATE", "rate"),
                    ("SOF_TKN_AMD_ACP_SDW_CH", "channels"),
                ],
            )],
        )?,
        "SAI" => clocked(
            &mut out,
            &link,
            &config,
            Polarity::Written,
            "sof_sai_tokens",
            &[("short", &[("SOF_TKN_IMX_SAI_MCLK_ID", "mclk_id")])],
        )?,
        "ESAI" => clocked(
            &mut out,
            &link,
            &config,
            Polarity::Ignored,
            "sof_esai_tokens",
            &[("short", &[("SOF_TKN_IMX_ESAI_MCLK_ID", "mclk_id")])],
        )?,
        "ACPSP" | "ACPSP_VIRTUAL" | "ACPHS" | "ACPHS_VIRTUAL" | "ACPTDM" => {
            acp_i2s(&mut out, &link, &config)?;
        }
        _ => return None,
    }
    Some(Rendered {
        text: out,
        exports: Vec::new(),
    })
}

/// What every type's file sets first (`dai`, `prefix`), and the arguments
/// of DAI_CONFIG it passes on.
struct Link {
    ty: Value,
    index: Value,
    link_id: Value,
    name: Value,
    /// `type ~ index`
    dai: String,
    /// `"DAICONFIG." ~ dai`
    prefix: String,
}

/// How a type writes a clock's `polarity`.
#[derive(Clone, Copy, PartialEq)]
enum Polarity {
    /// `<clock>_invert "true"` when inverted (SSP, SAI).
    Written,
    /// Not at all (ESAI, as SOF's build drops it).
    Ignored,
    /// Refused when inverted (the ACP ports): the template's failure.
    Refused,
}

/// `check_names(what, d.type, d.index, dai)`: `Some` when the data names
/// this link's DAI; else the template fails, and says why.
fn names_this_dai(d: &Value, link: &Link) -> Option<()> {
    let named = format!("{}{}", arg(d, "type")?, arg(d, "index")?);
    (named == link.dai).then_some(())
}

/// `SectionHWConfig."<dai>"` with only the link's ID.
fn id_only_hw_config(out: &mut String, link: &Link) {
    let _ = write!(
        out,
        "SectionHWConfig.\"{}\" {{\n\tid\t\t\"{}\"\n}}\n",
        link.dai, link.link_id
    );
}

/// The tuple groups of `tuples` with values from the fields of `d`, as a
/// template writes them: `[["word", [[token, d.field], …]], …]`.
fn groups(d: &Value, tuples: &[(&str, &[(&str, &str)])]) -> Option<Value> {
    let mut out = Vec::with_capacity(tuples.len());
    for (ty, entries) in tuples {
        let mut pairs = Vec::with_capacity(entries.len());
        for (token, field) in *entries {
            pairs.push(Value::from(vec![Value::from(*token), arg(d, field)?]));
        }
        out.push(Value::from(vec![Value::from(*ty), Value::from(pairs)]));
    }
    Some(Value::from(out))
}

/// `{{ tuple_data(prefix, "", tokens, groups) }}` and its line's newline,
/// then `{{ be_link(type, index, link_id, name) -}}`: how every type's file
/// but SSP's and DMIC's ends.
fn tuple_data_and_link(out: &mut String, link: &Link, tokens: &str, groups: Value) -> Option<()> {
    native::write_tuple_data(
        out,
        &Value::from(link.prefix.as_str()),
        &"",
        &Value::from(tokens),
        &groups,
    )
    .ok()?;
    out.push('\n');
    be_link(out, link, &[])
}

/// `{{ be_link(type, index, link_id, name, extra) }}`, written into `out`.
fn be_link(out: &mut String, link: &Link, extra: &[Value]) -> Option<()> {
    native::write_be_link(out, &link.ty, &link.index, &link.link_id, &link.name, extra).ok()
}

/// `dai/hda.j2`, `alh.j2`, `afe.j2`, `micfil.j2`, `acpdmic.j2`,
/// `acp_sdw.j2`: a hardware config of only the link ID, and the tuples of
/// `config.data`.
fn data_only(
    out: &mut String,
    link: &Link,
    config: &Value,
    tokens: &str,
    tuples: Tuples,
) -> Option<()> {
    id_only_hw_config(out, link);
    let d = arg(config, "data")?;
    names_this_dai(&d, link)?;
    out.push('\n');
    tuple_data_and_link(out, link, tokens, groups(&d, tuples)?)
}

/// The clocks `mclk`, `bclk`, `fsync` of a config, each a record naming
/// the clock it is (else the template fails: they are out of order).
fn clocks(config: &Value) -> Option<[Value; 3]> {
    let get = |want: &str| {
        let c = arg(config, want)?;
        (arg(&c, "clock")?.as_str()? == want).then_some(c)
    };
    Some([get("mclk")?, get("bclk")?, get("fsync")?])
}

/// `clock.polarity is defined and clock.polarity == "inverted"`
fn inverted(clock: &Value) -> bool {
    arg(clock, "polarity").is_some_and(|p| p.as_str() == Some("inverted"))
}

/// The SectionHWConfig `name` with ID `id` of a config with clocks and TDM
/// slots (`hw_config` of `dai/ssp-config.j2`, and the same lines in
/// `dai/sai.j2`, `esai.j2`, `acp-i2s.j2`).
fn clocked_hw_config(
    out: &mut String,
    name: &str,
    id: &Value,
    config: &Value,
    polarity: Polarity,
) -> Option<()> {
    let clocks = clocks(config)?;
    if polarity == Polarity::Refused && clocks.iter().any(inverted) {
        return None;
    }
    let _ = write!(
        out,
        "SectionHWConfig.\"{name}\" {{\n\tid\t\t\"{id}\"\n\tformat\t\t\"{}\"\n",
        arg(config, "format")?
    );
    for (clock, which) in clocks.iter().zip(["mclk", "bclk", "fsync"]) {
        let _ = write!(
            out,
            "\t{which}\t\t\"{}\"\n\t{which}_freq\t\"{}\"\n",
            arg(clock, "provider")?,
            arg(clock, "freq")?
        );
        if polarity == Polarity::Written && inverted(clock) {
            let _ = writeln!(out, "\t{which}_invert\t\"true\"");
        }
    }
    let tdm = arg(config, "tdm")?;
    let _ = write!(
        out,
        "\ttdm_slots\t\"{}\"\n\ttdm_slot_width\t\"{}\"\n\ttx_slots\t\"{}\"\n\trx_slots\t\"{}\"\n}}\n",
        arg(&tdm, "slots")?,
        arg(&tdm, "width")?,
        arg(&tdm, "tx_mask")?,
        arg(&tdm, "rx_mask")?
    );
    Some(())
}

/// `dai/ssp.j2`: the hardware config, the SSP tuples of `config.data`
/// (`ssp_tuples` of `dai/ssp-config.j2`) and the link.
fn ssp(out: &mut String, link: &Link, config: &Value) -> Option<()> {
    clocked_hw_config(out, &link.dai, &link.link_id, config, Polarity::Written)?;
    let d = arg(config, "data")?;
    names_this_dai(&d, link)?;
    out.push('\n');
    let tuples = format!("{}_tuples", link.prefix);
    let groups = groups(
        &d,
        &[
            (
                "word",
                &[
                    ("SOF_TKN_INTEL_SSP_SAMPLE_BITS", "valid_bits"),
                    ("SOF_TKN_INTEL_SSP_QUIRKS", "quirks"),
                    ("SOF_TKN_INTEL_SSP_BCLK_DELAY", "bclk_delay"),
                    ("SOF_TKN_INTEL_SSP_CLKS_CONTROL", "clks_control"),
                ],
            ),
            (
                "short",
                &[
                    ("SOF_TKN_INTEL_SSP_MCLK_ID", "mclk_id"),
                    ("SOF_TKN_INTEL_SSP_FRAME_PULSE_WIDTH", "pulse_width"),
                ],
            ),
            (
                "bool",
                &[("SOF_TKN_INTEL_SSP_TDM_PADDING_PER_SLOT", "padding")],
            ),
        ],
    )?;
    native::write_tuples(out, &tuples, &Value::from("sof_ssp_tokens"), &groups).ok()?;
    out.push('\n');
    native::push_section_data(
        out,
        &[Arg::Str(&link.prefix), Arg::Str("_data")],
        &[Arg::Str(&tuples)],
    );
    out.push('\n');
    be_link(out, link, &[])
}

/// `dai/sai.j2`, `dai/esai.j2`: the hardware config and the tuples of
/// `config.data`.
fn clocked(
    out: &mut String,
    link: &Link,
    config: &Value,
    polarity: Polarity,
    tokens: &str,
    tuples: Tuples,
) -> Option<()> {
    clocked_hw_config(out, &link.dai, &link.link_id, config, polarity)?;
    let d = arg(config, "data")?;
    names_this_dai(&d, link)?;
    out.push('\n');
    tuple_data_and_link(out, link, tokens, groups(&d, tuples)?)
}

/// `dai/acp-i2s.j2` (which `acpsp.j2`, `acphs.j2`, `acptdm.j2` and the
/// `_virtual` ones include): clocks without inversion, the sof_acp_tokens
/// tuples, with the I2S bit depth when the data has one.
fn acp_i2s(out: &mut String, link: &Link, config: &Value) -> Option<()> {
    clocked_hw_config(out, &link.dai, &link.link_id, config, Polarity::Refused)?;
    let d = arg(config, "data")?;
    // the name check's message is the data's kind
    arg(&d, "kind")?;
    names_this_dai(&d, link)?;
    out.push('\n');
    let mut words = vec![
        ("SOF_TKN_AMD_ACP_RATE", "rate"),
        ("SOF_TKN_AMD_ACP_CH", "channels"),
        ("SOF_TKN_AMD_ACP_I2S_TDM_MODE", "tdm_mode"),
    ];
    if arg(&d, "bitdepth").is_some() {
        words.push(("SOF_TKN_AMD_ACP_I2S_BITDEPTH", "bitdepth"));
    }
    tuple_data_and_link(
        out,
        link,
        "sof_acp_tokens",
        groups(&d, &[("word", &words)])?,
    )
}

/// `dai/dmic.j2`: a hardware config of only the link ID, the DMIC tuples,
/// one group of PDM tuples per controller, and the link with the PDM data.
fn dmic(out: &mut String, link: &Link, config: &Value) -> Option<()> {
    id_only_hw_config(out, link);
    let pdm = arg(config, "pdm")?;
    names_this_dai(config, link)?;
    out.push('\n');
    names_this_dai(&pdm, link)?;
    out.push('\n');
    let pdms = arg(&pdm, "pdms")?;
    let mut words = Vec::with_capacity(9);
    for (token, field) in [
        ("SOF_TKN_INTEL_DMIC_DRIVER_VERSION", "driver_version"),
        ("SOF_TKN_INTEL_DMIC_CLK_MIN", "clk_min"),
        ("SOF_TKN_INTEL_DMIC_CLK_MAX", "clk_max"),
        ("SOF_TKN_INTEL_DMIC_DUTY_MIN", "duty_min"),
        ("SOF_TKN_INTEL_DMIC_DUTY_MAX", "duty_max"),
        ("SOF_TKN_INTEL_DMIC_SAMPLE_RATE", "sample_rate"),
        ("SOF_TKN_INTEL_DMIC_FIFO_WORD_LENGTH", "fifo_word_length"),
        ("SOF_TKN_INTEL_DMIC_UNMUTE_RAMP_TIME_MS", "unmute_ramp_time"),
    ] {
        words.push(Value::from(vec![Value::from(token), arg(config, field)?]));
    }
    words.push(Value::from(vec![
        Value::from("SOF_TKN_INTEL_DMIC_NUM_PDM_ACTIVE"),
        arg(&pdms, "active")?,
    ]));
    let p = &link.prefix;
    native::write_tuples(
        out,
        &format_args!("{p}_dmic_tuples"),
        &Value::from("sof_dmic_tokens"),
        &Value::from(vec![Value::from(vec![
            Value::from("word"),
            Value::from(words),
        ])]),
    )
    .ok()?;
    out.push('\n');
    let _ = write!(
        out,
        "SectionVendorTuples.\"{p}_pdm_tuples\" {{\n\ttokens \"sof_dmic_pdm_tokens\"\n"
    );
    // a sequence, as `{% for %}` walks it; anything else is the template's
    for c in arg(&pdms, "controllers")?.try_iter().ok()? {
        let f = |name: &str| arg(&c, name);
        let id = f("id")?;
        let _ = write!(
            out,
            "\ttuples.\"short.pdm{id}\" {{\n\
             \t\tSOF_TKN_INTEL_DMIC_PDM_CTRL_ID\t\"{id}\"\n\
             \t\tSOF_TKN_INTEL_DMIC_PDM_MIC_A_Enable\t\"{}\"\n\
             \t\tSOF_TKN_INTEL_DMIC_PDM_MIC_B_Enable\t\"{}\"\n\
             \t\tSOF_TKN_INTEL_DMIC_PDM_POLARITY_A\t\"{}\"\n\
             \t\tSOF_TKN_INTEL_DMIC_PDM_POLARITY_B\t\"{}\"\n\
             \t\tSOF_TKN_INTEL_DMIC_PDM_CLK_EDGE\t\"{}\"\n\
             \t\tSOF_TKN_INTEL_DMIC_PDM_SKEW\t\"{}\"\n\
             \t}}\n",
            f("mic_a")?,
            f("mic_b")?,
            f("polarity_a")?,
            f("polarity_b")?,
            f("clk_edge")?,
            f("skew")?,
        );
    }
    out.push_str("}\n\n");
    for (data, tuples) in [("_pdm_data", "_pdm_tuples"), ("_data", "_dmic_tuples")] {
        native::push_section_data(
            out,
            &[Arg::Str(p), Arg::Str(data)],
            &[Arg::Str(p), Arg::Str(tuples)],
        );
        out.push('\n');
    }
    be_link(out, link, &[Value::from(format!("{p}_pdm_data"))])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::expand::Expander;
    use crate::library::Library;

    const TEMPLATE: &str = "statements/dai-config.j2";

    /// A record as a statement passes it: its `kind` and its fields.
    fn rec(kind: &str, fields: &[(&str, Value)]) -> Value {
        std::iter::once(("kind".to_string(), Value::from(kind)))
            .chain(fields.iter().map(|(k, v)| (k.to_string(), v.clone())))
            .collect()
    }

    fn v(x: impl Into<Value>) -> Value {
        x.into()
    }

    /// DAI_CONFIG(type, index, link_id, name, config)'s context.
    fn dai_config_ctx(ty: &str, index: Value, config: Value) -> Value {
        [
            ("type", v(ty)),
            ("index", index),
            ("link_id", v(3)),
            ("name", v("Codec Link")),
            ("config", config),
            ("defs", Value::from_iter([("SSP_MCLK", 19_200_000)])),
            (
                "abi",
                Value::from_iter([("major", 3), ("minor", 29), ("patch", 1)]),
            ),
        ]
        .into_iter()
        .collect()
    }

    /// The twin and the template write the same from `ctx`.
    fn same(expander: &Expander, ctx: Value) {
        let ours = dai_config(&ctx).unwrap_or_else(|| panic!("the twin answers {ctx}"));
        let theirs = expander.render_template(TEMPLATE, ctx.clone()).unwrap();
        assert_eq!(ours.text, theirs.text, "{ctx}");
        assert_eq!(
            format!("{:?}", ours.exports),
            format!("{:?}", theirs.exports)
        );
    }

    /// The twin leaves `ctx` to the template, which refuses it.
    fn left_to_the_template(expander: &Expander, ctx: Value) {
        assert!(dai_config(&ctx).is_none(), "{ctx}");
        assert!(
            expander.render_template(TEMPLATE, ctx.clone()).is_err(),
            "{ctx}"
        );
    }

    /// `<kind>(clock, freq, provider[, polarity])`: polarity 0 absent, 1
    /// normal, 2 inverted.
    fn clock(kind: &str, which: &str, freq: i64, provider: &str, polarity: u8) -> Value {
        let mut f = vec![
            ("clock", v(which)),
            ("freq", v(freq)),
            ("provider", v(provider)),
        ];
        match polarity {
            1 => f.push(("polarity", v("normal"))),
            2 => f.push(("polarity", v("inverted"))),
            _ => {}
        }
        rec(kind, &f)
    }

    /// A config with clocks and TDM slots, the clocks' polarities in base 3
    /// of `polarities` (see [`clock`]).
    fn clocked_config(
        prefix: &str,
        clock_kind: &str,
        format: &str,
        polarities: u8,
        variant: usize,
        data: Value,
    ) -> Value {
        let p = |n: u32| polarities / 3u8.pow(n) % 3;
        let (mclk, bclk, fsync, providers) = [
            (
                19_200_000,
                1_536_000,
                48_000,
                ["codec_mclk_in", "codec_consumer", "codec_consumer"],
            ),
            (
                24_576_000,
                3_072_000,
                16_000,
                ["codec_mclk_out", "codec_provider", "codec_master"],
            ),
        ][variant % 2];
        let tdm = [(2, 16, 3, 3), (4, 32, 15, 0), (8, 24, 0x55, 0xaa)][variant % 3];
        rec(
            &format!("{prefix}_CONFIG"),
            &[
                ("format", v(format)),
                ("mclk", clock(clock_kind, "mclk", mclk, providers[0], p(0))),
                ("bclk", clock(clock_kind, "bclk", bclk, providers[1], p(1))),
                (
                    "fsync",
                    clock(clock_kind, "fsync", fsync, providers[2], p(2)),
                ),
                (
                    "tdm",
                    rec(
                        &format!("{clock_kind}_TDM").replace("_CLOCK", ""),
                        &[
                            ("slots", v(tdm.0)),
                            ("width", v(tdm.1)),
                            ("tx_mask", v(tdm.2)),
                            ("rx_mask", v(tdm.3)),
                        ],
                    ),
                ),
                ("data", data),
            ],
        )
    }

    fn ssp_data(index: &Value, valid_bits: i64, set: usize) -> Value {
        // the optional fields as SOF's topologies give them (their
        // defaults filled in when left out), and none of them 0
        let [mclk_id, quirks, bclk_delay, clks_control, pulse_width, padding] = [
            [v(0), v(0), v(0), v(0), v(0), v("false")],
            [v(1), v(64), v(0), v(0), v(0), v("false")],
            [v(0), v(0), v(0), v(128 | 256), v(0), v("false")],
            [v(2), v(64), v(500), v(128), v(3), v("true")],
            [v(0), v(0), v(0), v(0), v(0), v(0)],
        ][set % 5]
            .clone();
        rec(
            "SSP_CONFIG_DATA",
            &[
                ("type", v("SSP")),
                ("index", index.clone()),
                ("valid_bits", v(valid_bits)),
                ("mclk_id", mclk_id),
                ("quirks", quirks),
                ("bclk_delay", bclk_delay),
                ("clks_control", clks_control),
                ("pulse_width", pulse_width),
                ("padding", padding),
            ],
        )
    }

    #[test]
    fn the_ssp_twin_writes_what_the_template_writes() {
        let expander = Expander::new(Library::new(Vec::new()));
        let mut checked = 0;
        for index in [v(5), v("2")] {
            for (n, format) in ["I2S", "DSP_A", "LEFT_J"].into_iter().enumerate() {
                for polarities in 0..27 {
                    for set in 0..5 {
                        let data = ssp_data(&index, [16, 24, 32][set % 3], set);
                        let config =
                            clocked_config("SSP", "SSP_CLOCK", format, polarities, n + set, data);
                        same(&expander, dai_config_ctx("SSP", index.clone(), config));
                        checked += 1;
                    }
                }
            }
        }
        assert_eq!(checked, 2 * 3 * 27 * 5);
    }

    fn dmic_config(index: i64, fifo: i64, pdms: &[i64]) -> Value {
        let controllers: Vec<Value> = pdms
            .iter()
            .map(|&id| {
                rec(
                    "PDM_TUPLES",
                    &[
                        ("id", v(id)),
                        ("mic_a", v(1)),
                        ("mic_b", v(i64::from(id == 0))),
                        ("polarity_a", v(0)),
                        ("polarity_b", v(id)),
                        ("clk_edge", v(0)),
                        ("skew", v(0xf)),
                    ],
                )
            })
            .collect();
        let active = i64::try_from(pdms.len()).unwrap();
        rec(
            "DMIC_CONFIG",
            &[
                ("driver_version", v(1)),
                ("clk_min", v(2_400_000)),
                ("clk_max", v(4_800_000)),
                ("duty_min", v(40)),
                ("duty_max", v(60)),
                ("sample_rate", v([48_000, 16_000][index as usize % 2])),
                ("fifo_word_length", v(fifo)),
                ("unmute_ramp_time", v(400)),
                ("type", v("DMIC")),
                ("index", v(index)),
                (
                    "pdm",
                    rec(
                        "PDM_CONFIG",
                        &[
                            ("type", v("DMIC")),
                            ("index", v(index)),
                            (
                                "pdms",
                                rec(
                                    "PDM_SET",
                                    &[("active", v(active)), ("controllers", v(controllers))],
                                ),
                            ),
                        ],
                    ),
                ),
            ],
        )
    }

    #[test]
    fn the_dmic_twin_writes_what_the_template_writes() {
        let expander = Expander::new(Library::new(Vec::new()));
        for index in [0, 1] {
            for fifo in [16, 32] {
                for pdms in [&[0][..], &[1], &[0, 1], &[]] {
                    let config = dmic_config(index, fifo, pdms);
                    same(&expander, dai_config_ctx("DMIC", v(index), config));
                }
            }
        }
    }

    /// `<TYPE>_CONFIG(<TYPE>_CONFIG_DATA(TYPE, index, fields…))`.
    fn data_config(ty: &str, index: &Value, fields: &[(&str, Value)]) -> Value {
        let mut f = vec![("type", v(ty)), ("index", index.clone())];
        f.extend(fields.iter().cloned());
        rec(
            &format!("{ty}_CONFIG"),
            &[("data", rec(&format!("{ty}_CONFIG_DATA"), &f))],
        )
    }

    #[test]
    fn the_twins_of_the_rate_and_channels_types_write_what_their_templates_write() {
        let expander = Expander::new(Library::new(Vec::new()));
        let mut checked = 0;
        for ty in ["HDA", "ALH", "AFE", "MICFIL", "ACPDMIC", "ACP_SDW"] {
            // ALH indices are (link << 8) | PDI
            for index in [v(0), v(3), v(0x102), v("7")] {
                for (rate, channels, format) in [
                    (48_000, 2, "s16le"),
                    (96_000, 4, "s32le"),
                    (16_000, 8, "s24le"),
                ] {
                    let mut fields = vec![("rate", v(rate)), ("channels", v(channels))];
                    if ty == "AFE" {
                        fields.push(("format", v(format)));
                    }
                    let config = data_config(ty, &index, &fields);
                    same(&expander, dai_config_ctx(ty, index.clone(), config));
                    checked += 1;
                }
            }
        }
        assert_eq!(checked, 6 * 4 * 3);
    }

    #[test]
    fn the_sai_and_esai_twins_write_what_their_templates_write() {
        let expander = Expander::new(Library::new(Vec::new()));
        for ty in ["SAI", "ESAI"] {
            for index in [v(0), v(1)] {
                for (n, format) in ["I2S", "DSP_B", "RIGHT_J"].into_iter().enumerate() {
                    // ESAI writes no polarity, SAI each inverted clock's
                    for polarities in 0..27 {
                        let data = rec(
                            &format!("{ty}_CONFIG_DATA"),
                            &[
                                ("type", v(ty)),
                                ("index", index.clone()),
                                ("mclk_id", v(n as i64 % 2)),
                            ],
                        );
                        let clock_kind = format!("{ty}_CLOCK");
                        let config = clocked_config(ty, &clock_kind, format, polarities, n, data);
                        same(&expander, dai_config_ctx(ty, index.clone(), config));
                    }
                }
            }
        }
    }

    #[test]
    fn the_acp_i2s_twins_write_what_their_template_writes() {
        let expander = Expander::new(Library::new(Vec::new()));
        for ty in ["ACPSP", "ACPSP_VIRTUAL", "ACPHS", "ACPHS_VIRTUAL", "ACPTDM"] {
            for index in [v(0), v(1)] {
                for bitdepth in [None, Some(0), Some(2)] {
                    // absent or normal, never inverted (see below)
                    for polarities in [0, 1, 3 + 9, 1 + 3 + 9] {
                        for variant in 0..3 {
                            let mut f = vec![
                                ("type", v(ty)),
                                ("index", index.clone()),
                                ("rate", v([48_000, 44_100, 96_000][variant])),
                                ("channels", v([2, 2, 8][variant])),
                                ("tdm_mode", v(i64::from(variant == 2))),
                            ];
                            f.extend(bitdepth.map(|b| ("bitdepth", v(b))));
                            let data = rec(&format!("{ty}_CONFIG_DATA"), &f);
                            let config =
                                clocked_config(ty, "ACP_CLOCK", "I2S", polarities, variant, data);
                            same(&expander, dai_config_ctx(ty, index.clone(), config));
                        }
                    }
                }
            }
        }
    }

    /// What the templates refuse, the twin leaves to them: no config, a
    /// config of another type, data naming another DAI, clocks out of
    /// order, an inverted ACP clock, a type without a file.
    #[test]
    fn a_config_the_template_refuses_is_left_to_it() {
        let expander = Expander::new(Library::new(Vec::new()));
        let hda = |i: i64| data_config("HDA", &v(i), &[("rate", v(48_000)), ("channels", v(2))]);
        left_to_the_template(&expander, dai_config_ctx("HDA", v(3), Value::from(())));
        left_to_the_template(&expander, dai_config_ctx("SSP", v(3), hda(3)));
        left_to_the_template(&expander, dai_config_ctx("HDA", v(4), hda(3)));
        left_to_the_template(&expander, dai_config_ctx("HDA", v(3), v("HDA_CONFIG")));
        // an SSP_CONFIG_DATA of SSP4 in the config of SSP5
        let ssp = |data_index: i64, polarities: u8| {
            clocked_config(
                "SSP",
                "SSP_CLOCK",
                "I2S",
                polarities,
                0,
                ssp_data(&v(data_index), 24, 0),
            )
        };
        same(&expander, dai_config_ctx("SSP", v(5), ssp(5, 0)));
        left_to_the_template(&expander, dai_config_ctx("SSP", v(5), ssp(4, 0)));
        // bclk given where mclk goes
        let swapped = |config: Value| -> Value {
            config
                .try_iter()
                .unwrap()
                .map(|k| {
                    let key = k.as_str().unwrap();
                    let field = match key {
                        "mclk" => "bclk",
                        "bclk" => "mclk",
                        other => other,
                    };
                    (key.to_string(), config.get_attr(field).unwrap())
                })
                .collect()
        };
        left_to_the_template(&expander, dai_config_ctx("SSP", v(5), swapped(ssp(5, 0))));
        // the PDM_CONFIG of another DMIC
        let mut dmic = dmic_config(0, 32, &[0]);
        same(&expander, dai_config_ctx("DMIC", v(0), dmic.clone()));
        dmic = dmic
            .try_iter()
            .unwrap()
            .map(|k| {
                let key = k.as_str().unwrap().to_string();
                let value = dmic.get_attr(&key).unwrap();
                if key == "pdm" {
                    let pdm = value
                        .try_iter()
                        .unwrap()
                        .map(|f| {
                            let f = f.as_str().unwrap().to_string();
                            let x = if f == "index" {
                                v(1)
                            } else {
                                value.get_attr(&f).unwrap()
                            };
                            (f, x)
                        })
                        .collect();
                    (key, pdm)
                } else {
                    (key, value)
                }
            })
            .collect();
        left_to_the_template(&expander, dai_config_ctx("DMIC", v(0), dmic));
        // an inverted ACP clock
        let data = rec(
            "ACPHS_CONFIG_DATA",
            &[
                ("type", v("ACPHS")),
                ("index", v(0)),
                ("rate", v(48_000)),
                ("channels", v(2)),
                ("tdm_mode", v(0)),
            ],
        );
        let acp =
            |polarities| clocked_config("ACPHS", "ACP_CLOCK", "I2S", polarities, 0, data.clone());
        same(&expander, dai_config_ctx("ACPHS", v(0), acp(1)));
        left_to_the_template(&expander, dai_config_ctx("ACPHS", v(0), acp(2)));
        left_to_the_template(&expander, dai_config_ctx("ACPHS", v(0), acp(2 * 9)));
        // ACP has no file of its own
        let acp_config = data_config("ACP", &v(0), &[("rate", v(48_000)), ("channels", v(2))]);
        left_to_the_template(&expander, dai_config_ctx("ACP", v(0), acp_config));
    }

    /// A context the twin is not sure of (a field missing) is the
    /// template's, whatever it makes of it.
    #[test]
    fn an_incomplete_context_is_left_to_the_template() {
        let full = data_config("HDA", &v(3), &[("rate", v(48_000)), ("channels", v(2))]);
        assert!(dai_config(&dai_config_ctx("HDA", v(3), full)).is_some());
        let no_rate = data_config("HDA", &v(3), &[("channels", v(2))]);
        assert!(dai_config(&dai_config_ctx("HDA", v(3), no_rate)).is_none());
        let no_index: Value = [("type", v("HDA")), ("link_id", v(3)), ("name", v("x"))]
            .into_iter()
            .collect();
        assert!(dai_config(&no_index).is_none());
        let mut data = ssp_data(&v(5), 24, 0);
        data = data
            .try_iter()
            .unwrap()
            .filter(|k| k.as_str() != Some("quirks"))
            .map(|k| (k.to_string(), data.get_attr(k.as_str().unwrap()).unwrap()))
            .collect();
        let config = clocked_config("SSP", "SSP_CLOCK", "I2S", 0, 0, data);
        assert!(dai_config(&dai_config_ctx("SSP", v(5), config)).is_none());
    }

    /// An `-I` file replacing a DAI type's file turns the twin off: the
    /// template (with that file) is rendered.
    #[test]
    fn an_include_dir_dai_file_turns_the_twin_off() {
        for file in ["dai/hda.j2", "dai/acp-i2s.j2", "dai/ssp-config.j2"] {
            let dir = tempfile::tempdir().unwrap();
            let path = dir.path().join(file);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(&path, "{# mine #}\n").unwrap();
            let e = Expander::new(Library::new(vec![dir.path().to_path_buf()]));
            assert!(!e.twins.iter().any(|(n, _)| *n == TEMPLATE), "{file}");
        }
    }
}
