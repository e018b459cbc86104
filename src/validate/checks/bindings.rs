//! Checks on what binds the graph to the outside: PCMs to host widgets and
//! DAI widgets to back-end links.
//!
//! The rules are the SOF kernel driver's: a PCM stream finds its host
//! widget by the stream's capabilities name (`aif_in` for playback,
//! `aif_out` for capture); a DAI widget gets its DAI configuration from the
//! back-end link its `stream_name` names.

use super::structure::widget_nodes;
use super::Check;
use crate::conf::{Direction, Widget};
use crate::validate::model::{kind_of, type_of, Edge, Node};
use crate::validate::{Context, Finding};
use crate::vocab::{closest, WidgetKind};

pub(super) const PCM_UNBOUND: Check = Check {
    code: "tplg::pcm::unbound",
    summary: "a PCM stream whose capabilities name no host widget",
    help: "give the PCM the pipeline's capabilities (`PIPELINE_PCM_n`)",
    run: pcm_unbound,
};

pub(super) const HOST_UNBOUND: Check = Check {
    code: "tplg::host::unbound",
    summary: "a host widget no PCM stream binds",
    help: "add the PCM (`PCM_PLAYBACK_ADD`, …) or drop the pipeline",
    run: host_unbound,
};

pub(super) const DAI_NO_LINK: Check = Check {
    code: "tplg::dai::no_link",
    summary: "a DAI widget whose stream_name names no back-end link",
    help: "add its `DAI_CONFIG`, or fix the name",
    run: dai_no_link,
};

pub(super) const LINK_UNUSED: Check = Check {
    code: "tplg::link::unused",
    summary: "a back-end link no DAI widget uses",
    help: "fine for a link kept for the machine driver; otherwise add the DAI (`DAI_ADD`)",
    run: link_unused,
};

/// The host widget type a stream direction binds.
fn host_type(d: Direction) -> WidgetKind {
    match d {
        Direction::Playback => WidgetKind::AifIn,
        Direction::Capture => WidgetKind::AifOut,
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
        if model.joined(n, |e| matches!(e, Edge::Pcm)).next().is_some() {
            continue;
        }
        let want = host_type(direction);
        let dir = direction.name();
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
            kind_of(w).is_some_and(WidgetKind::is_host)
                && w.stream_name.as_ref().map(crate::conf::ir::Spanned::as_str)
                    == Some(caps.as_str())
        });
        let hosts = widget_nodes(model)
            .map(|(_, w)| w)
            .filter(|w| kind_of(w) == Some(want))
            .filter_map(|w| w.stream_name.as_ref().map(crate::conf::ir::Spanned::as_str));
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
        let direction = match kind_of(w) {
            Some(WidgetKind::AifIn) => Direction::Playback,
            Some(WidgetKind::AifOut) => Direction::Capture,
            _ => continue,
        };
        if model.joined(n, |e| matches!(e, Edge::Pcm)).next().is_some() {
            continue;
        }
        let dir = direction.name();
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
                s.direction.map_or("?", |d| host_type(d).name()),
            )
        } else if let Some(near) = closest(sname.as_str(), names) {
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
    kind_of(w).is_some_and(WidgetKind::is_dai)
}

fn dai_no_link(cx: &Context, out: &mut Vec<Finding>) {
    let model = cx.model;
    for (n, w) in widget_nodes(model) {
        if !is_dai(w) {
            continue;
        }
        if model
            .joined(n, |e| matches!(e, Edge::Link))
            .next()
            .is_some()
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
        // Only a link no DAI uses can be this DAI's link under another
        // spelling; which of the two names is the typo is not known (both
        // are definitions), unless other DAI widgets agree on this one.
        let unused = cx.conf.links.iter().filter(|l| {
            model.links.get(l.name.as_str()).is_some_and(|&ln| {
                model
                    .joined(ln, |e| matches!(e, Edge::Link))
                    .next()
                    .is_none()
            })
        });
        let near = w.stream_name.as_ref().and_then(|s| {
            let names: Vec<&str> = unused.clone().map(|l| l.name.as_str()).collect();
            let name = closest(s.as_str(), names)?;
            unused.clone().find(|l| l.name.as_str() == name)
        });
        let mut finding = Finding::error(DAI_NO_LINK.code, span, message)
            .label("the kernel has no DAI configuration to send for this DAI");
        let help = match (near, &w.stream_name) {
            (Some(l), Some(s)) => {
                let agreeing: Vec<&str> = widget_nodes(model)
                    .map(|(_, x)| x)
                    .filter(|x| is_dai(x) && x.stream_name.as_ref().is_some_and(|n| n.value == s.value))
                    .map(|x| x.name.as_str())
                    .collect();
                finding = finding.related(
                    format!("{} `{}` is used by no DAI widget", l.keyword.value, l.name.value),
                    l.name.span,
                );
                if agreeing.len() > 1 {
                    format!(
                        "the link is named `{}`, and no DAI widget uses that name: {} all have stream_name `{}`, so the link's name is likely the one misspelt; give the link (DAI_CONFIG) and the DAI widgets (DAI_ADD) the same name",
                        l.name.value,
                        agreeing.iter().map(|a| format!("`{a}`")).collect::<Vec<_>>().join(", "),
                        s.value
                    )
                } else {
                    format!(
                        "the link `{}` is used by no DAI widget: if it is this DAI's link, one of the two names is misspelt; give the link (DAI_CONFIG) and the DAI widget (DAI_ADD) the same name",
                        l.name.value
                    )
                }
            }
            _ => "add the link's configuration (DAI_CONFIG, which writes SectionBE and SectionHWConfig) for this DAI, named as the machine driver names the DAI link".to_string(),
        };
        out.push(finding.help(help));
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
        .filter_map(|(_, w)| w.stream_name.as_ref().map(crate::conf::ir::Spanned::as_str))
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
            .joined(n, |e| matches!(e, Edge::Link))
            .next()
            .is_some()
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
            .filter_map(|w| w.stream_name.as_ref().map(crate::conf::ir::Spanned::as_str));
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

#[cfg(test)]
pub(super) mod tests {
    use crate::validate::checks::test_support::{codes, findings};

    pub(in crate::validate::checks) const CLEAN: &str = r#"
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
}
