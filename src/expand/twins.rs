//! Native twins of the pipeline templates nearly every topology renders
//! many times (`sof/pipe-dai-playback`, `sof/pipe-dai-capture`: a DAI_ADD
//! each). A twin writes what its template writes, from the same context,
//! without compiling and running the template; the template stays the
//! library's definition (its text is what `-I` copies and the docs show,
//! and what `inputs()` reads), and a test renders both over many contexts.
//!
//! A twin answers only what it is sure of: anything unexpected (a missing
//! or odd argument, a building block's error) is `None`, and the template
//! is rendered instead, so errors are the template's own. An `-I` file of
//! the same name is always rendered as a template.

use super::native;
use super::Rendered;
use minijinja::value::{Rest, Value};

/// A template's twin: its text and top-level exports, or `None` for the
/// template to decide.
pub(super) type Twin = fn(&Value) -> Option<Rendered>;

/// The templates with a twin, and the library files the template imports
/// (an `-I` file replacing any of them, or the template, turns the twin off).
pub(super) const TWINS: &[(&str, &[&str], Twin)] = &[
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
];

/// `ctx.name`, when the context has it.
fn arg(ctx: &Value, name: &str) -> Option<Value> {
    ctx.get_attr(name).ok().filter(|v| !v.is_undefined())
}

/// The text of `{{ f(args) }}` followed by its line's newline.
fn line(out: &mut String, v: Result<Value, minijinja::Error>) -> Option<()> {
    out.push_str(v.ok()?.as_str()?);
    out.push('\n');
    Some(())
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
        for (name, _, twin) in TWINS {
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
        assert_eq!(checked, TWINS.len() * 3 * 3 * 2 * 2);
    }

    /// A context the twin is not sure of is left to the template.
    #[test]
    fn an_incomplete_context_is_left_to_the_template() {
        for (_, _, twin) in TWINS {
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

#[cfg(test)]
mod imports {
    use super::TWINS;

    /// A twin lists every library file its template imports.
    #[test]
    fn each_twin_names_the_files_its_template_imports() {
        for (name, deps, _) in TWINS {
            let text = crate::library::builtin(name).expect("a built-in template");
            let imported: Vec<&str> = text
                .lines()
                .filter_map(|l| l.strip_prefix("{% from \""))
                .filter_map(|l| l.split_once('"').map(|(f, _)| f))
                .collect();
            assert_eq!(&imported, deps, "{name}");
        }
    }
}

#[cfg(test)]
mod overrides {
    use crate::expand::Expander;
    use crate::library::Library;

    /// An `-I` file replacing a twin's template, or a file it imports,
    /// turns the twin off: the template (with that file) is rendered.
    #[test]
    fn an_include_dir_file_turns_a_twin_off() {
        assert_eq!(
            Expander::new(Library::new(Vec::new())).twins.len(),
            super::TWINS.len()
        );
        for file in ["widget/dai.j2", "sof/pipe-dai-playback.j2"] {
            let dir = tempfile::tempdir().unwrap();
            let path = dir.path().join(file);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(&path, "{# mine #}\n").unwrap();
            let e = Expander::new(Library::new(vec![dir.path().to_path_buf()]));
            assert!(
                !e.twins
                    .iter()
                    .any(|(n, _)| *n == "sof/pipe-dai-playback.j2"),
                "{file}"
            );
        }
    }
}
