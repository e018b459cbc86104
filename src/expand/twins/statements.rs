//! Twins of the statement templates (`statements/*.j2`, `common/abi.j2`):
//! the PCMs, vendor tuples, virtual widgets and the like every topology
//! writes many of.

use super::{arg, line, Entry};
use crate::expand::native;
use crate::expand::Rendered;
use minijinja::value::{Rest, Value, ValueKind};
use std::fmt::Write;

/// The statement templates with a twin.
pub(super) const TWINS: &[Entry] = &[
    ("statements/vendor.j2", &[], vendor),
    ("statements/pcm.j2", &[], pcm),
    ("statements/compr.j2", &[], compr),
    ("statements/virtual.j2", &[], virtual_widget),
    ("statements/debug.j2", &[], debug),
    ("common/abi.j2", &[], abi),
    (
        "statements/platform-sched.j2",
        &["lib/tuples.j2"],
        platform_sched,
    ),
];

/// Appends what `{{ v }}` writes, for the values a twin is sure of: text
/// and integers (a float, `none`, a list or a record is the template's).
fn put(out: &mut String, v: &Value) -> Option<()> {
    if v.kind() == ValueKind::String {
        out.push_str(v.as_str()?);
    } else if v.is_integer() {
        let _ = write!(out, "{v}");
    } else {
        return None;
    }
    Some(())
}

/// `out` as text without exports (no statement template sets a NAME_CASE
/// variable).
fn text(out: String) -> Option<Rendered> {
    Some(Rendered {
        text: out,
        exports: Vec::new(),
    })
}

/// `statements/vendor.j2`: W_VENDORTUPLES (with `tokens`: a
/// SectionVendorTuples of the items of a LIST, or of `tuples` as one text)
/// and W_DATA (without: a SectionData).
fn vendor(ctx: &Value) -> Option<Rendered> {
    let name = arg(ctx, "name")?;
    let tuples = arg(ctx, "tuples")?;
    let mut out = String::with_capacity(128);
    let Some(tokens) = arg(ctx, "tokens") else {
        out.push_str("SectionData.\"");
        put(&mut out, &name)?;
        out.push_str("\" {\n\ttuples \"");
        put(&mut out, &tuples)?;
        out.push_str("\"\n}\n");
        return text(out);
    };
    out.push_str("SectionVendorTuples.\"");
    put(&mut out, &name)?;
    out.push_str("\" {\n\ttokens \"");
    put(&mut out, &tokens)?;
    out.push_str("\"\n\n\ttuples.\"word\" {\n");
    // `tuples.items is defined`: a LIST(…) record (a map); text has no
    // attributes, anything else is the template's
    match tuples.kind() {
        ValueKind::Map => {
            let items = arg(&tuples, "items")?;
            if items.kind() != ValueKind::Seq {
                return None;
            }
            for item in items.try_iter().ok()? {
                out.push_str("\t\t");
                put(&mut out, &item)?;
                out.push('\n');
            }
        }
        _ => {
            out.push_str("\t\t");
            put(&mut out, &tuples)?;
            out.push('\n');
        }
    }
    out.push_str("\t}\n}\n");
    text(out)
}

/// The head of `statements/pcm.j2` and `statements/compr.j2`: the
/// SectionPCM `name` with ID `id` and its DAI.
fn pcm_head(ctx: &Value) -> Option<String> {
    let name = arg(ctx, "name")?;
    let id = arg(ctx, "id")?;
    let mut out = String::with_capacity(160);
    out.push_str("SectionPCM.\"");
    put(&mut out, &name)?;
    out.push_str("\" {\n\tid \"");
    put(&mut out, &id)?;
    out.push_str("\"\n\tdai.\"");
    put(&mut out, &name)?;
    out.push(' ');
    put(&mut out, &id)?;
    out.push_str("\" {\n\t\tid \"");
    put(&mut out, &id)?;
    out.push_str("\"\n\t}\n");
    Some(out)
}

/// `\tpcm."<direction>" {…}` bound to the capabilities `caps`.
fn stream(out: &mut String, direction: &str, caps: &Value) -> Option<()> {
    let _ = write!(out, "\tpcm.\"{direction}\" {{\n\t\tcapabilities \"");
    put(out, caps)?;
    out.push_str("\"\n\t}\n");
    Some(())
}

/// `statements/pcm.j2`: PCM_PLAYBACK_ADD, PCM_CAPTURE_ADD, PCM_DUPLEX_ADD.
fn pcm(ctx: &Value) -> Option<Rendered> {
    let mut out = pcm_head(ctx)?;
    let (playback, capture) = (arg(ctx, "playback"), arg(ctx, "capture"));
    // `x is defined and x is not none`
    if let Some(c) = capture.as_ref().filter(|c| !c.is_none()) {
        stream(&mut out, "capture", c)?;
    }
    if let Some(p) = playback.as_ref().filter(|p| !p.is_none()) {
        stream(&mut out, "playback", p)?;
    }
    // `not (playback is defined and capture is defined)`: a none counts
    if playback.is_none() || capture.is_none() {
        out.push_str("\tcompress \"false\"\n");
    }
    out.push_str("}\n");
    text(out)
}

/// `statements/compr.j2`: COMPR_PLAYBACK_ADD, COMPR_CAPTURE_ADD.
fn compr(ctx: &Value) -> Option<Rendered> {
    let mut out = pcm_head(ctx)?;
    match arg(ctx, "capture") {
        Some(c) => stream(&mut out, "capture", &c)?,
        None => stream(&mut out, "playback", &arg(ctx, "playback")?)?,
    }
    out.push_str("\tcompress \"true\"\n}\n");
    text(out)
}

/// `statements/virtual.j2`: VIRTUAL_WIDGET, VIRTUAL_DAPM_ROUTE_IN/OUT.
fn virtual_widget(ctx: &Value) -> Option<Rendered> {
    let [name, index, ty] = ["name", "index", "type"].map(|n| arg(ctx, n));
    let mut out = String::with_capacity(96);
    out.push_str("SectionWidget.\"");
    put(&mut out, &name?)?;
    out.push_str("\" {\n\tindex \"");
    put(&mut out, &index?)?;
    out.push_str("\"\n\ttype \"");
    put(&mut out, &ty?)?;
    out.push_str("\"\n\tno_pm \"true\"\n}\n");
    text(out)
}

/// `statements/debug.j2`: DEBUG_START, DEBUG_END write nothing.
fn debug(_: &Value) -> Option<Rendered> {
    text(String::new())
}

/// `common/abi.j2`: SOF_ABI_MANIFEST, the ABI version as bytes.
fn abi(ctx: &Value) -> Option<Rendered> {
    let abi = arg(ctx, "abi")?;
    // `"0x%02x" | format(…)` of an integer; anything else is the template's
    let [major, minor, patch] = ["major", "minor", "patch"].map(|n| {
        arg(&abi, n)
            .filter(Value::is_integer)
            .and_then(|v| v.as_i64())
            .filter(|v| *v >= 0)
    });
    let (major, minor, patch) = (major?, minor?, patch?);
    let mut out = String::with_capacity(128);
    let _ = write!(
        out,
        "SectionData.\"SOF_ABI\" {{\n\tbytes \"0x{major:02x},0x{minor:02x},0x{patch:02x}\"\n}}\n\n\
         SectionManifest.\"sof_manifest\" {{\n\tdata [\n\t\t\"SOF_ABI\"\n\t]\n}}\n"
    );
    text(out)
}

/// `statements/platform-sched.j2`: PLATFORM_SCHED_DATA, the MIPS of a
/// class of pipelines as sched tuples and their SectionData.
fn platform_sched(ctx: &Value) -> Option<Rendered> {
    let name = arg(ctx, "name")?;
    let mips = arg(ctx, "mips")?;
    // `name ~ "_tokens"`
    let mut tokens = String::new();
    put(&mut tokens, &name)?;
    tokens.push_str("_tokens");
    let tokens = Value::from(tokens);
    let mut out = String::new();
    line(
        &mut out,
        native::vendor_tuples(Rest(vec![
            tokens.clone(),
            Value::from("sof_sched_tokens"),
            Value::from(vec![Value::from(vec![
                Value::from("word"),
                Value::from(vec![Value::from(vec![
                    Value::from("SOF_TKN_SCHED_MIPS"),
                    mips,
                ])]),
            ])]),
        ])),
    )?;
    line(&mut out, native::section_data(Rest(vec![name, tokens])))?;
    text(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::expand::Expander;
    use crate::library::Library;
    use minijinja::context;

    fn twin_of(name: &str) -> super::super::Twin {
        TWINS.iter().find(|(n, _, _)| *n == name).unwrap().2
    }

    /// Renders `name` with each context by its twin and as a template and
    /// compares text and exports; returns how many contexts it checked.
    fn compare(name: &str, contexts: impl IntoIterator<Item = Value>) -> usize {
        let expander = Expander::new(Library::new(Vec::new()));
        let twin = twin_of(name);
        let mut checked = 0;
        for ctx in contexts {
            let ours = twin(&ctx).unwrap_or_else(|| panic!("{name}: the twin answers {ctx:?}"));
            let theirs = expander.render_template(name, ctx.clone()).unwrap();
            assert_eq!(ours.text, theirs.text, "{name} {ctx:?}");
            assert_eq!(
                format!("{:?}", ours.exports),
                format!("{:?}", theirs.exports),
                "{name} {ctx:?}"
            );
            checked += 1;
        }
        checked
    }

    fn list(items: &[Value]) -> Value {
        context! { kind => "LIST", indent => "\t\t", items => items.to_vec() }
    }

    #[test]
    fn the_vendor_twin_writes_what_its_template_writes() {
        let names = [Value::from("pipe_ll_schedule_plat_tokens"), Value::from(7)];
        let tuples = [
            list(&[]),
            list(&[Value::from("SOF_TKN_SCHED_MIPS \"50000\"")]),
            list(&[
                Value::from("SOF_TKN_DAI_TYPE \"SSP\""),
                Value::from(12),
                Value::from("x <&> y"),
            ]),
            Value::from("SOF_TKN_SCHED_MIPS \"50000\""),
            Value::from(""),
            Value::from(3),
        ];
        let mut contexts = Vec::new();
        for name in &names {
            for t in &tuples {
                for tokens in [Value::from("sof_sched_tokens"), Value::from(2)] {
                    contexts.push(context! { name, tokens, tuples => t, defs => context! {} });
                }
            }
            // W_DATA: no `tokens`
            for t in [Value::from("pipe_tokens"), Value::from(4)] {
                contexts.push(context! { name, tuples => t, defs => context! {} });
            }
        }
        assert_eq!(compare("statements/vendor.j2", contexts), 2 * (6 * 2 + 2));
    }

    #[test]
    fn the_pcm_twins_write_what_their_templates_write() {
        let caps = [
            None,
            Some(Value::from(())),
            Some(Value::from("Passthrough Playback 0")),
        ];
        let mut pcm = Vec::new();
        let mut compr = Vec::new();
        for (name, id) in [
            (Value::from("Port1"), Value::from(0)),
            (Value::from(5), Value::from(12)),
        ] {
            for playback in &caps {
                for capture in &caps {
                    let mut pairs = vec![
                        ("name", name.clone()),
                        ("id", id.clone()),
                        ("defs", context! {}),
                    ];
                    pairs.extend(playback.clone().map(|v| ("playback", v)));
                    pairs.extend(capture.clone().map(|v| ("capture", v)));
                    let ctx: Value = pairs.into_iter().collect();
                    pcm.push(ctx.clone());
                    // a compressed PCM prints what it is bound to
                    let printed = if capture.is_some() { capture } else { playback };
                    if printed.as_ref().is_some_and(|v| !v.is_none()) {
                        compr.push(ctx);
                    }
                }
            }
        }
        assert_eq!(compare("statements/pcm.j2", pcm), 2 * 3 * 3);
        assert_eq!(compare("statements/compr.j2", compr), 2 * 4);
    }

    #[test]
    fn the_other_statement_twins_write_what_their_templates_write() {
        let mut virtuals = Vec::new();
        for name in [Value::from("ssp5 Tx"), Value::from(3)] {
            for (ty, index) in [("output", 0), ("input", 3), ("out_drv", 12)] {
                virtuals.push(context! { name, type => ty, index, defs => context! {} });
                // VIRTUAL_DAPM_ROUTE_IN/OUT's arguments the template does not use
                virtuals.push(context! {
                    name, type => ty, index, dai_type => "SSP", dai_index => 5,
                    direction => "in", defs => context! {},
                });
            }
        }
        assert_eq!(compare("statements/virtual.j2", virtuals), 2 * 3 * 2);
        assert_eq!(
            compare(
                "statements/debug.j2",
                [context! {}, context! { defs => context! {} }]
            ),
            2
        );
        let abis = [(3, 29, 1), (0, 0, 0), (3, 17, 255), (4, 1, 16)]
            .map(|(major, minor, patch)| context! { abi => context! { major, minor, patch } });
        assert_eq!(compare("common/abi.j2", abis), 4);
        let mut sched = Vec::new();
        for name in [Value::from("pipe_ll_schedule_plat"), Value::from(2)] {
            for mips in [Value::from(50000), Value::from(0), Value::from("0x10")] {
                sched.push(context! { name, mips, defs => context! {} });
            }
        }
        assert_eq!(compare("statements/platform-sched.j2", sched), 2 * 3);
    }

    /// A context the twin is not sure of is left to the template.
    #[test]
    fn an_incomplete_or_odd_context_is_left_to_the_template() {
        let expander = Expander::new(Library::new(Vec::new()));
        let none = |name: &str, ctx: Value| {
            assert!(twin_of(name)(&ctx).is_none(), "{name} {ctx:?}");
        };
        // missing arguments: the template's strict undefined reports them
        for name in [
            "statements/vendor.j2",
            "statements/pcm.j2",
            "statements/compr.j2",
            "statements/virtual.j2",
            "common/abi.j2",
            "statements/platform-sched.j2",
        ] {
            none(name, context! {});
            assert!(
                expander.render_template(name, context! {}).is_err(),
                "{name}"
            );
        }
        // values the template prints its own way
        let record = context! { kind => "SSP_CLOCK", name => "bclk" };
        for tuples in [record.clone(), Value::from(vec![Value::from("a")])] {
            none(
                "statements/vendor.j2",
                context! { name => "t", tokens => "k", tuples },
            );
        }
        none(
            "statements/vendor.j2",
            context! { name => "t", tokens => (), tuples => "x" },
        );
        none(
            "statements/vendor.j2",
            context! { name => "t", tokens => "k", tuples => list(std::slice::from_ref(&record)) },
        );
        none(
            "statements/vendor.j2",
            context! { name => "t", tokens => "k", tuples => context! { items => "abc" } },
        );
        none(
            "statements/pcm.j2",
            context! { name => "p", id => 1.5, playback => "x" },
        );
        none(
            "statements/compr.j2",
            context! { name => "p", id => 1, playback => () },
        );
        none(
            "statements/virtual.j2",
            context! { name => "v", index => 0, type => record },
        );
        none(
            "common/abi.j2",
            context! { abi => context! { major => 3, minor => "x", patch => 0 } },
        );
        none(
            "statements/platform-sched.j2",
            context! { name => (), mips => 1 },
        );
    }

    /// An `-I` file of a template's import turns off that template's twin
    /// only.
    #[test]
    fn an_include_dir_tuples_file_turns_off_the_platform_sched_twin() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("lib")).unwrap();
        std::fs::write(dir.path().join("lib/tuples.j2"), "{# mine #}\n").unwrap();
        let e = Expander::new(Library::new(vec![dir.path().to_path_buf()]));
        let on = |name: &str| e.twins.iter().any(|(n, _)| *n == name);
        assert!(!on("statements/platform-sched.j2"));
        assert!(on("statements/vendor.j2") && on("common/abi.j2"));
    }
}
