//! Checks on what binds the graph to the outside: PCMs to host widgets, DAI
//! widgets to back-end links, and widgets to the pipelines that schedule
//! them.
//!
//! The rules are the SOF kernel driver's: a PCM stream finds its host
//! widget by the stream's capabilities name (`aif_in` for playback,
//! `aif_out` for capture); a DAI widget gets its DAI configuration from the
//! back-end link its `stream_name` names; every widget it sets up belongs
//! to the pipeline of its `index`, which a `scheduler` widget creates and
//! whose scheduling component is the widget the scheduler's `stream_name`
//! names.

use super::structure::{groups, is_component, name_list, widget_nodes};
use super::{closest, Check};
use crate::conf::{Direction, Widget};
use crate::validate::model::{type_of, widget_type, Edge, Node};
use crate::validate::{Context, Finding};
use std::collections::BTreeMap;

pub const PCM_UNBOUND: Check = Check {
    code: "tplg::pcm::unbound",
    summary: "a PCM stream whose capabilities name no host widget",
    run: pcm_unbound,
};

pub const HOST_UNBOUND: Check = Check {
    code: "tplg::host::unbound",
    summary: "a host widget no PCM stream binds",
    run: host_unbound,
};

pub const DAI_NO_LINK: Check = Check {
    code: "tplg::dai::no_link",
    summary: "a DAI widget whose stream_name names no back-end link",
    run: dai_no_link,
};

pub const LINK_UNUSED: Check = Check {
    code: "tplg::link::unused",
    summary: "a back-end link no DAI widget uses",
    run: link_unused,
};

pub const PIPELINE_UNSCHEDULED: Check = Check {
    code: "tplg::pipeline::unscheduled",
    summary: "widgets in a pipeline (index) that has no scheduler widget",
    run: pipeline_unscheduled,
};

pub const PIPELINE_SCHED_COMP: Check = Check {
    code: "tplg::pipeline::sched_comp",
    summary:
        "a scheduler whose scheduling component (stream_name) is missing or in another pipeline",
    run: pipeline_sched_comp,
};

fn dir_name(d: Direction) -> &'static str {
    match d {
        Direction::Playback => "playback",
        Direction::Capture => "capture",
    }
}

/// The host widget type a stream direction binds.
fn host_type(d: Direction) -> &'static str {
    match d {
        Direction::Playback => widget_type::AIF_IN,
        Direction::Capture => widget_type::AIF_OUT,
    }
}

fn pcm_unbound(cx: &Context, out: &mut Vec<Finding>) {
    let model = cx.model;
    for &n in &model.pcms {
        let Node::Pcm {
            pcm,
            stream,
            direction,
        } = model.graph[n]
        else {
            continue;
        };
        if model
            .graph
            .edges_directed(n, petgraph::Direction::Outgoing)
            .chain(model.graph.edges_directed(n, petgraph::Direction::Incoming))
            .any(|e| matches!(e.weight(), Edge::Pcm))
        {
            continue;
        }
        let want = host_type(direction);
        let dir = dir_name(direction);
        let Some(caps) = &stream.capabilities else {
            out.push(
                Finding::error(
                    PCM_UNBOUND.code,
                    stream.name.span,
                    format!(
                        "the {dir} stream of SectionPCM `{}` has no `capabilities`, so no host widget can be bound to it",
                        pcm.name.value
                    ),
                )
                .label("the kernel binds a host widget by this stream's capabilities name")
                .help(format!(
                    "add `capabilities \"<name>\"` naming a SectionPCMCapabilities whose name is the `stream_name` of an {want} widget"
                )),
            );
            continue;
        };
        // A name that is no SectionPCMCapabilities is tplg::ref::capabilities'
        // to report, with its near miss.
        if !cx
            .conf
            .pcm_capabilities
            .iter()
            .any(|c| c.name.value == caps.value)
        {
            continue;
        }
        // A host of the other direction carrying the name is a likely mixup.
        let other = widget_nodes(model).map(|(_, w)| w).find(|w| {
            matches!(type_of(w), Some(widget_type::AIF_IN | widget_type::AIF_OUT))
                && w.stream_name.as_ref().map(|s| s.as_str()) == Some(caps.as_str())
        });
        let hosts = widget_nodes(model)
            .map(|(_, w)| w)
            .filter(|w| type_of(w) == Some(want))
            .filter_map(|w| w.stream_name.as_ref().map(|s| s.as_str()));
        let help = if let Some(o) = other {
            format!(
                "`{}` carries this stream name but is {} widget; a {dir} stream needs an {want} host",
                o.name.value,
                type_of(o).map_or("a".to_string(), |t| format!("an {t}"))
            )
        } else if let Some(near) = closest(caps.as_str(), hosts) {
            format!("did you mean `{near}`? The capabilities name must be the `stream_name` of an {want} widget")
        } else {
            format!(
                "add the pipeline that serves this PCM (its {want} widget's `stream_name` must be `{}`), or remove the stream",
                caps.value
            )
        };
        out.push(
            Finding::error(
                PCM_UNBOUND.code,
                caps.span,
                format!(
                    "the {dir} stream of SectionPCM `{}` is bound to no pipeline: no {want} widget has stream_name `{}`",
                    pcm.name.value, caps.value
                ),
            )
            .label("the kernel cannot find a host component for this stream")
            .help(help),
        );
    }
}

fn host_unbound(cx: &Context, out: &mut Vec<Finding>) {
    let model = cx.model;
    for (n, w) in widget_nodes(model) {
        let direction = match type_of(w) {
            Some(widget_type::AIF_IN) => Direction::Playback,
            Some(widget_type::AIF_OUT) => Direction::Capture,
            _ => continue,
        };
        if model
            .graph
            .edges_directed(n, petgraph::Direction::Outgoing)
            .chain(model.graph.edges_directed(n, petgraph::Direction::Incoming))
            .any(|e| matches!(e.weight(), Edge::Pcm))
        {
            continue;
        }
        let dir = dir_name(direction);
        let ty = type_of(w).unwrap_or_default();
        let Some(sname) = &w.stream_name else {
            out.push(
                Finding::warning(
                    HOST_UNBOUND.code,
                    w.name.span,
                    format!(
                        "host widget `{}` has no stream_name, so no PCM can use it",
                        w.name.value
                    ),
                )
                .label("a PCM stream binds its host widget by stream_name")
                .help(format!(
                    "add `stream_name` naming the capabilities of the {dir} stream of the PCM this pipeline serves"
                )),
            );
            continue;
        };
        // Streams of the other direction naming it: a type mixup.
        let mut wrong = None;
        let mut names = Vec::new();
        for p in &cx.conf.pcms {
            for s in &p.streams {
                let Some(caps) = &s.capabilities else {
                    continue;
                };
                if s.direction == Some(direction) {
                    names.push(caps.as_str());
                } else if caps.as_str() == sname.as_str() {
                    wrong = Some((p, s));
                }
            }
        }
        let help = if let Some((p, s)) = wrong {
            format!(
                "the {} stream of SectionPCM `{}` names it, but a {} host is an {}; make the widget's type match the stream",
                s.name.value,
                p.name.value,
                s.name.value,
                s.direction.map_or("?", |d| host_type(d)),
            )
        } else if let Some(near) = closest(sname.as_str(), names.into_iter()) {
            format!("did you mean `{near}`? A {dir} PCM stream binds the {ty} widget whose stream_name is its capabilities name")
        } else {
            format!(
                "add a PCM whose {dir} stream has `capabilities \"{}\"` (PCM_{}_ADD), or remove the pipeline",
                sname.value,
                dir.to_uppercase()
            )
        };
        out.push(
            Finding::warning(
                HOST_UNBOUND.code,
                sname.span,
                format!(
                    "host widget `{}` is bound to no PCM: no {dir} stream has capabilities `{}`",
                    w.name.value, sname.value
                ),
            )
            .label("userspace can never start this pipeline")
            .help(help),
        );
    }
}

fn is_dai(w: &Widget) -> bool {
    matches!(type_of(w), Some(widget_type::DAI_IN | widget_type::DAI_OUT))
}

fn dai_no_link(cx: &Context, out: &mut Vec<Finding>) {
    let model = cx.model;
    for (n, w) in widget_nodes(model) {
        if !is_dai(w) {
            continue;
        }
        if model
            .graph
            .edges_directed(n, petgraph::Direction::Outgoing)
            .chain(model.graph.edges_directed(n, petgraph::Direction::Incoming))
            .any(|e| matches!(e.weight(), Edge::Link))
        {
            continue;
        }
        let (span, message) = match &w.stream_name {
            Some(s) => (
                s.span,
                format!(
                    "DAI widget `{}` has no link configuration: no SectionBE is named `{}`",
                    w.name.value, s.value
                ),
            ),
            None => (
                w.name.span,
                format!(
                    "DAI widget `{}` has no stream_name, so no link configuration applies to it",
                    w.name.value
                ),
            ),
        };
        let near = w
            .stream_name
            .as_ref()
            .and_then(|s| closest(s.as_str(), cx.conf.links.iter().map(|l| l.name.as_str())));
        let help = match near {
            Some(l) => format!("did you mean `{l}`? A DAI widget's stream_name must be the name of its SectionBE (the machine driver's DAI link)"),
            None => "add the link's configuration (DAI_CONFIG, which writes SectionBE and SectionHWConfig) for this DAI, named as the machine driver names the DAI link".to_string(),
        };
        out.push(
            Finding::error(DAI_NO_LINK.code, span, message)
                .label("the kernel has no DAI configuration to send for this DAI")
                .help(help),
        );
    }
}

/// The stream names of DAI widgets no link binds.
fn unbound_dai_names<'a>(model: &crate::validate::Model<'a>) -> Vec<&'a str> {
    widget_nodes(model)
        .filter(|(n, w)| {
            is_dai(w)
                && !model
                    .graph
                    .edges_directed(*n, petgraph::Direction::Outgoing)
                    .chain(
                        model
                            .graph
                            .edges_directed(*n, petgraph::Direction::Incoming),
                    )
                    .any(|e| matches!(e.weight(), Edge::Link))
        })
        .filter_map(|(_, w)| w.stream_name.as_ref().map(|s| s.as_str()))
        .collect()
}

fn link_unused(cx: &Context, out: &mut Vec<Finding>) {
    let model = cx.model;
    let unbound = unbound_dai_names(model);
    for l in &cx.conf.links {
        let Some(&n) = model.links.get(l.name.as_str()) else {
            continue;
        };
        match model.graph[n] {
            Node::Link(first) if std::ptr::eq(first, l) => {}
            _ => continue, // a later definition of the same name
        }
        if model
            .graph
            .edges_directed(n, petgraph::Direction::Outgoing)
            .chain(model.graph.edges_directed(n, petgraph::Direction::Incoming))
            .any(|e| matches!(e.weight(), Edge::Link))
        {
            continue;
        }
        // A link whose name a DAI widget misspells is that widget's
        // tplg::dai::no_link, which names the link.
        if closest(l.name.as_str(), unbound.iter().copied()).is_some() {
            continue;
        }
        let dais = widget_nodes(model)
            .map(|(_, w)| w)
            .filter(|w| is_dai(w))
            .filter_map(|w| w.stream_name.as_ref().map(|s| s.as_str()));
        let help = match closest(l.name.as_str(), dais) {
            Some(d) => format!("a DAI widget has stream_name `{d}`: did one of them mean the other?"),
            None => "it configures the link for the machine driver only; if a pipeline should use this DAI, add it (DAI_ADD) with this link's name".to_string(),
        };
        out.push(
            Finding::warning(
                LINK_UNUSED.code,
                l.name.span,
                format!(
                    "{} `{}` is used by no DAI widget: no dai_in or dai_out widget has this stream_name",
                    l.keyword.value, l.name.value
                ),
            )
            .label("no pipeline reaches this link")
            .help(help),
        );
    }
}

/// A widget's pipeline: its `index`, 0 when it has none (as alsatplg).
fn pipeline_id(w: &Widget) -> u32 {
    w.index.as_ref().map_or(0, |i| i.value)
}

fn pipeline_unscheduled(cx: &Context, out: &mut Vec<Finding>) {
    let model = cx.model;
    let scheduled: std::collections::HashSet<u32> = widget_nodes(model)
        .map(|(_, w)| w)
        .filter(|w| type_of(w) == Some(widget_type::SCHEDULER))
        .map(pipeline_id)
        .collect();
    let mut orphans: BTreeMap<u32, Vec<&Widget>> = BTreeMap::new();
    for (_, w) in widget_nodes(model) {
        if !is_component(w) || type_of(w) == Some(widget_type::SCHEDULER) {
            continue;
        }
        let id = pipeline_id(w);
        if !scheduled.contains(&id) {
            orphans.entry(id).or_default().push(w);
        }
    }
    let mut groups: Vec<(u32, Vec<&Widget>)> = orphans.into_iter().collect();
    groups.sort_by_key(|(_, ws)| ws[0].name.span.start);
    for (id, ws) in groups {
        let names = name_list(ws.iter().map(|w| w.name.as_str()), 6);
        let index = if ws[0].index.is_some() {
            format!("index {id}")
        } else {
            "no index (pipeline 0)".to_string()
        };
        let mut f = Finding::error(
            PIPELINE_UNSCHEDULED.code,
            ws[0].index.as_ref().map_or(ws[0].name.span, |i| i.span),
            format!("pipeline {id} has no scheduler widget, so nothing runs {names} ({index})",),
        )
        .label(format!("no `scheduler` widget has index {id}"))
        .help(
            "every pipeline needs one scheduler widget with its index (the pipeline's \
             W_PIPELINE, written by PIPELINE_ADD/DAI_ADD); give these widgets the index of \
             the pipeline they belong to, or add its scheduler; the kernel refuses to set up \
             a widget with no pipeline",
        );
        for w in &ws[1..] {
            f = f.related(
                format!("`{}` is in pipeline {id} too", w.name.value),
                w.name.span,
            );
        }
        out.push(f);
    }
}

fn pipeline_sched_comp(cx: &Context, out: &mut Vec<Finding>) {
    let model = cx.model;
    let uf = groups(model);
    for (_, w) in widget_nodes(model) {
        if type_of(w) != Some(widget_type::SCHEDULER) {
            continue;
        }
        let id = pipeline_id(w);
        let Some(sname) = &w.stream_name else {
            out.push(
                Finding::error(
                    PIPELINE_SCHED_COMP.code,
                    w.name.span,
                    format!(
                        "scheduler `{}` (pipeline {id}) has no stream_name, so its pipeline has no scheduling component",
                        w.name.value
                    ),
                )
                .label("the kernel looks the scheduling component up by this widget's stream_name")
                .help("set `stream_name` to the widget that drives the pipeline's timing (usually its DAI or host widget)"),
            );
            continue;
        };
        match model.widget(sname.as_str()) {
            None => {
                let near = closest(
                    sname.as_str(),
                    cx.conf.widgets.iter().map(|w| w.name.as_str()),
                );
                out.push(
                    Finding::error(
                        PIPELINE_SCHED_COMP.code,
                        sname.span,
                        format!(
                            "scheduler `{}` (pipeline {id}) is driven by `{}`, which is not a widget",
                            w.name.value, sname.value
                        ),
                    )
                    .label("the kernel refuses a scheduler whose component does not exist")
                    .help(match near {
                        Some(n) => format!("did you mean `{n}`?"),
                        None => "name a widget of this pipeline (its DAI or host widget)".to_string(),
                    }),
                );
            }
            // SOF schedules a pipeline that feeds another (a host pipeline
            // into a DAI pipeline's mixer) from the other's DAI: the
            // component may be in another pipeline, but it must be on the
            // same signal path.
            Some(c) if pipeline_id(c) != id => {
                let comp = uf.find(model.widgets[c.name.as_str()].index());
                let members: Vec<usize> = widget_nodes(model)
                    .filter(|(_, m)| {
                        pipeline_id(m) == id
                            && is_component(m)
                            && type_of(m) != Some(widget_type::SCHEDULER)
                    })
                    .map(|(n, _)| uf.find(n.index()))
                    .collect();
                if members.is_empty() || members.contains(&comp) {
                    continue;
                }
                out.push(
                    Finding::warning(
                        PIPELINE_SCHED_COMP.code,
                        sname.span,
                        format!(
                            "scheduler `{}` of pipeline {id} is driven by `{}`, a widget of pipeline {} that no route connects to pipeline {id}",
                            w.name.value,
                            sname.value,
                            pipeline_id(c)
                        ),
                    )
                    .label("the scheduling component is on another signal path")
                    .related(format!("`{}` is here", c.name.value), c.name.span)
                    .help("name a widget of this pipeline or of the pipeline it feeds (usually that pipeline's DAI widget)"),
                );
            }
            Some(_) => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::validate::checks::test_support::{codes, findings};

    const CLEAN: &str = r#"
SectionWidget."PCM0P" { index "1" type "aif_in" stream_name "Playback 0" }
SectionWidget."BUF1.0" { index "1" type "buffer" }
SectionWidget."SSP0.OUT" { index "1" type "dai_in" stream_name "SSP0-Codec" }
SectionWidget."PIPELINE.1.SSP0.OUT" { index "1" type "scheduler" stream_name "SSP0.OUT" }
SectionWidget."PCM0C" { index "2" type "aif_out" stream_name "Capture 0" }
SectionWidget."BUF2.0" { index "2" type "buffer" }
SectionWidget."SSP0.IN" { index "2" type "dai_out" stream_name "SSP0-Codec" }
SectionWidget."PIPELINE.2.PCM0C" { index "2" type "scheduler" stream_name "PCM0C" }
SectionWidget."ssp0 Tx" { index "7" type "out_drv" no_pm "true" }
SectionGraph."pipe" {
    index "1"
    lines [
        "BUF1.0, , PCM0P"
        "SSP0.OUT, , BUF1.0"
        "BUF2.0, , SSP0.IN"
        "PCM0C, , BUF2.0"
    ]
}
SectionPCMCapabilities."Playback 0" { formats "S16_LE" }
SectionPCMCapabilities."Capture 0" { formats "S16_LE" }
SectionPCM."Port0" {
    id "0"
    pcm."playback" { capabilities "Playback 0" }
    pcm."capture" { capabilities "Capture 0" }
}
SectionBE."SSP0-Codec" { id "0" index "0" }
"#;

    #[test]
    fn a_duplex_pcm_on_one_link_is_quiet() {
        let found = codes(CLEAN);
        assert!(found.is_empty(), "{found:?}");
    }

    #[test]
    fn a_link_bound_by_its_stream_name_is_used() {
        let text = CLEAN.replace(
            r#"SectionBE."SSP0-Codec" { id "0" index "0" }"#,
            r#"SectionBE."link0" { id "0" index "0" stream_name "SSP0-Codec" }"#,
        );
        let found = codes(&text);
        assert!(found.is_empty(), "{found:?}");
    }

    #[test]
    fn a_host_of_the_wrong_direction_is_named() {
        // The capture stream names the playback host's capabilities.
        let text = CLEAN.replace(
            r#"pcm."capture" { capabilities "Capture 0" }"#,
            r#"pcm."capture" { capabilities "Playback 0" }"#,
        );
        let f = findings(&text);
        let pcm: Vec<_> = f
            .iter()
            .filter(|f| f.code == "tplg::pcm::unbound")
            .collect();
        assert_eq!(pcm.len(), 1, "{f:?}");
        assert!(pcm[0].help.as_deref().unwrap().contains("`PCM0P`"));
        // …and the capture host is now bound to nothing.
        assert!(f.iter().any(|f| f.code == "tplg::host::unbound"));
    }

    #[test]
    fn a_misspelt_link_name_is_one_finding() {
        let text = CLEAN.replace(r#"SectionBE."SSP0-Codec""#, r#"SectionBE."SSP0-Codex""#);
        let f = findings(&text);
        let codes: Vec<&str> = f.iter().map(|f| f.code.as_ref()).collect();
        assert_eq!(
            codes,
            vec!["tplg::dai::no_link", "tplg::dai::no_link"],
            "{f:?}"
        );
        assert!(f[0].help.as_deref().unwrap().contains("`SSP0-Codex`"));
    }

    #[test]
    fn missing_capabilities_are_the_ref_check_s() {
        let text = CLEAN.replace(
            r#"pcm."capture" { capabilities "Capture 0" }"#,
            r#"pcm."capture" { capabilities "Capture 9" }"#,
        );
        let found = codes(&text);
        assert!(found.contains(&"tplg::ref::capabilities".to_string()));
        assert!(
            !found.contains(&"tplg::pcm::unbound".to_string()),
            "{found:?}"
        );
    }

    #[test]
    fn a_scheduler_of_nothing_is_an_error() {
        let text = CLEAN.replace(r#"stream_name "PCM0C" }"#, r#"stream_name "PCM0CC" }"#);
        let f = findings(&text);
        let s = f
            .iter()
            .find(|f| f.code == "tplg::pipeline::sched_comp")
            .expect("found");
        assert_eq!(s.severity, crate::validate::Severity::Error);
        assert!(s.help.as_deref().unwrap().contains("`PCM0C`"));
    }

    #[test]
    fn widgets_without_index_are_pipeline_zero() {
        let text = r#"
SectionWidget."BUF" { type "buffer" }
SectionWidget."PIPELINE.0" { type "scheduler" stream_name "BUF" }
"#;
        let found = codes(text);
        assert!(
            !found.contains(&"tplg::pipeline::unscheduled".to_string())
                && !found.contains(&"tplg::pipeline::sched_comp".to_string()),
            "{found:?}"
        );
    }

    #[test]
    fn virtual_widgets_need_no_scheduler() {
        // `ssp0 Tx` has index 7 and pipeline 7 has no scheduler.
        assert!(!codes(CLEAN).contains(&"tplg::pipeline::unscheduled".to_string()));
    }

    #[test]
    fn a_scheduler_driven_from_another_pipeline_warns() {
        let text = CLEAN.replace(r#"stream_name "PCM0C" }"#, r#"stream_name "SSP0.OUT" }"#);
        let f = findings(&text);
        let s: Vec<_> = f
            .iter()
            .filter(|f| f.code == "tplg::pipeline::sched_comp")
            .collect();
        assert_eq!(s.len(), 1, "{f:?}");
        assert_eq!(s[0].severity, crate::validate::Severity::Warning);
    }
}
