//! The widgets: one cluster per pipeline, labelled with its ID, PCMs and
//! scheduling, then the widgets in no pipeline; each widget shaped and
//! coloured by its type.

use super::dot::{label, quote, Ids};
use super::legend::Legend;
use super::{Drawing, DYNAMIC_COLOR, VIRTUAL_COLOR};
use crate::info::{pcm_label, time_domain_name};
use crate::validate::model::{controls, is_virtual, kind_of, token, type_of, Model, Node};
use crate::validate::summary::{PipelineInfo, Summary};
use crate::vocab::{vocabulary, WidgetKind};
use petgraph::graph::NodeIndex;
use petgraph::visit::EdgeRef;
use std::collections::{BTreeSet, HashMap};
use std::fmt::Write as _;

/// Unconnected virtual widgets are drawn in rows of this many.
const UNCONNECTED_ROW: usize = 6;

/// At most this many controls are listed on a widget.
const MAX_CONTROLS: usize = 4;

/// Shape and fill of a widget type, as the library's vocabulary declares.
pub(super) fn style_of(ty: Option<&str>) -> (&'static str, &'static str) {
    match ty.and_then(|t| vocabulary().widget_type(t)) {
        Some(t) => (t.shape.as_str(), t.fill.as_str()),
        None => ("ellipse", "#ffffff"),
    }
}

/// Each pipeline's group: the lowest pipeline ID among those its widgets
/// are connected to (through routes, PCMs and links). Graphviz lays out
/// each connected part of a graph on its own and stacks the parts in the
/// order their first nodes come, so the order of the parts is ours to
/// give; inside one, Graphviz orders the pipelines to avoid crossings.
fn pipeline_groups(m: &Model, s: &Summary) -> HashMap<u32, u32> {
    let mut parts = petgraph::unionfind::UnionFind::<usize>::new(m.graph.node_count());
    for e in m.graph.edge_references() {
        parts.union(e.source().index(), e.target().index());
    }
    let mut lowest: HashMap<usize, u32> = HashMap::new();
    let mut part_of = HashMap::new();
    for p in &s.pipelines {
        // a pipeline of a scheduler only is a part of its own
        let part = p
            .widgets
            .first()
            .map_or(usize::MAX - p.id as usize, |n| parts.find(n.index()));
        part_of.insert(p.id, part);
        let low = lowest.entry(part).or_insert(p.id);
        *low = (*low).min(p.id);
    }
    part_of
        .into_iter()
        .map(|(id, part)| (id, lowest[&part]))
        .collect()
}

/// The pipeline clusters; the widgets they draw.
pub(super) fn pipelines(d: &mut Drawing) -> BTreeSet<NodeIndex> {
    let Drawing {
        m,
        s,
        ids,
        legend,
        out,
        ..
    } = d;
    // Pipelines. With rankdir=LR, Graphviz stacks what comes first at the
    // bottom: the clusters are written from the highest ID down so that
    // pipeline 1 is drawn on top.
    let mut in_cluster: BTreeSet<NodeIndex> = BTreeSet::new();
    if !s.pipelines.is_empty() {
        let _ = writeln!(
            out,
            "\n    // pipelines, highest ID first: drawn top down from the lowest"
        );
    }
    let mut pipelines: Vec<&PipelineInfo> = s.pipelines.iter().collect();
    let group = pipeline_groups(m, s);
    pipelines.sort_by_key(|p| std::cmp::Reverse((group[&p.id], p.id)));
    for p in pipelines {
        let mut lines = vec![format!("pipeline {}", p.id)];
        let pcms: Vec<String> = p
            .pcms
            .iter()
            .filter_map(|&n| match m.graph[n] {
                Node::Pcm { pcm, .. } => Some(format!("PCM {}", pcm_label(pcm))),
                _ => None,
            })
            .collect::<BTreeSet<String>>()
            .into_iter()
            .collect();
        if !pcms.is_empty() {
            lines[0].push_str(&format!(" · {}", pcms.join(", ")));
        }
        let mut sched = Vec::new();
        if let Some(v) = p.period {
            sched.push(format!("{v} µs"));
        }
        if let Some(v) = p.priority {
            sched.push(format!("priority {v}"));
        }
        if let Some(v) = p.core {
            sched.push(format!("core {v}"));
        }
        if let Some(v) = p.time_domain {
            sched.push(time_domain_name(v));
        }
        if p.dynamic == Some(true) {
            sched.push("dynamic".to_string());
        }
        if !sched.is_empty() {
            lines.push(sched.join(" · "));
        }
        match (p.scheduler, p.sched_comp) {
            (_, Some(c)) => lines.push(format!("scheduled by {c}")),
            (None, None) => lines.push("no scheduler".to_string()),
            _ => {}
        }
        let dynamic = p.dynamic == Some(true);
        legend.dynamic |= dynamic;
        let _ = writeln!(
            out,
            "\n    subgraph {} {{",
            quote(&format!("cluster_pipeline_{}", p.id))
        );
        let _ = writeln!(out, "        label={};", label(&lines));
        let _ = writeln!(
            out,
            "        style={}; color={}; fontcolor={};",
            quote(if dynamic { "rounded,dashed" } else { "rounded" }),
            quote(if dynamic { DYNAMIC_COLOR } else { "#343a40" }),
            quote(if dynamic { DYNAMIC_COLOR } else { "#000000" }),
        );
        for &n in &p.widgets {
            if let Some(line) = widget_node(m, s, n, p.core, ids, legend) {
                let _ = writeln!(out, "        {line}");
                in_cluster.insert(n);
            }
        }
        let _ = writeln!(out, "    }}");
    }

    in_cluster
}

/// The widgets in no pipeline's cluster.
pub(super) fn loose_widgets(d: &mut Drawing, in_cluster: &BTreeSet<NodeIndex>) {
    let Drawing {
        m,
        s,
        ids,
        legend,
        out,
        opts,
    } = d;
    // Widgets in no pipeline: virtual widgets, mostly. Those no route
    // touches (the codec side's DAPM widgets SOF's platform files declare)
    // are drawn only when asked, in a cluster of their own.
    let mut loose = String::new();
    let mut unconnected = String::new();
    let mut unconnected_ids: Vec<String> = Vec::new();
    let touched: BTreeSet<&str> = m
        .dangling
        .iter()
        .flat_map(|d| [d.route.sink.as_str(), d.route.source.as_str()])
        .collect();
    for n in m.graph.node_indices() {
        let Some(w) = m.graph[n].widget() else {
            continue;
        };
        if in_cluster.contains(&n) || kind_of(w) == Some(WidgetKind::Scheduler) {
            continue;
        }
        let alone = is_virtual(w)
            && m.graph
                .edges_directed(n, petgraph::Direction::Incoming)
                .next()
                .is_none()
            && m.graph
                .edges_directed(n, petgraph::Direction::Outgoing)
                .next()
                .is_none()
            && !touched.contains(w.name.as_str());
        if alone && m.widgets.get(w.name.as_str()) == Some(&n) {
            legend.unconnected += 1;
            if !opts.unconnected {
                continue;
            }
        }
        if let Some(line) = widget_node(m, s, n, None, ids, legend) {
            let into = if alone {
                unconnected_ids.push(w.name.value.clone());
                &mut unconnected
            } else {
                &mut loose
            };
            let _ = writeln!(into, "    {line}");
        }
    }
    if !loose.is_empty() {
        let _ = writeln!(out, "\n    // widgets in no pipeline");
        out.push_str(&loose);
    }
    if !unconnected.is_empty() {
        let _ = writeln!(
            out,
            "\n    subgraph \"cluster_unconnected\" {{\n        label=\"virtual widgets no route touches\";\n        style=\"rounded,dashed\"; color={}; fontcolor={};",
            quote(VIRTUAL_COLOR),
            quote(VIRTUAL_COLOR)
        );
        for line in unconnected.lines() {
            let _ = writeln!(out, "    {line}");
        }
        // rows of a few, chained invisibly, rather than one tall column
        for row in unconnected_ids.chunks(UNCONNECTED_ROW) {
            for w in row.windows(2) {
                let _ = writeln!(
                    out,
                    "        {} -> {} [style=invis];",
                    quote(&w[0]),
                    quote(&w[1])
                );
            }
        }
        let _ = writeln!(out, "    }}");
    }
}

/// One widget's node statement; `None` for a later definition of a name.
fn widget_node(
    m: &Model,
    s: &Summary,
    n: NodeIndex,
    pipeline_core: Option<u32>,
    ids: &mut Ids,
    legend: &mut Legend,
) -> Option<String> {
    let w = m.graph[n].widget()?;
    let id = ids.of(m, n)?;
    let ty = type_of(w);
    let mut lines = vec![w.name.value.clone()];
    let mut second = vec![ty.unwrap_or("no type").to_string()];
    if is_virtual(w) {
        second.push("virtual".to_string());
    }
    if let Some(d) = s.dais.iter().find(|d| d.node == n) {
        if d.dai.dai_type.is_some() || d.dai.index.is_some() {
            second.push(d.dai.label());
        }
        if let Some(f) = m.sample_format(w) {
            second.push(f.to_string());
        }
    }
    if let Some(size) = m.buffer_size(w) {
        second.push(format!("{size} bytes"));
    }
    if let Some(core) = m.token_u32(&w.data, token::COMP_CORE_ID) {
        if pipeline_core != Some(core) {
            second.push(format!("core {core}"));
        }
    }
    lines.push(second.join(" · "));
    let controls = controls(w);
    for (kind, name) in controls.iter().take(MAX_CONTROLS) {
        lines.push(format!("{kind} \"{name}\""));
    }
    if controls.len() > MAX_CONTROLS {
        lines.push(format!("… {} more", controls.len() - MAX_CONTROLS));
    }
    let line = if is_virtual(w) {
        legend.virtuals = true;
        format!(
            "{} [label={}, shape=box, style=\"dashed\", color={}, fontcolor={}];",
            quote(&id),
            label(&lines),
            quote(VIRTUAL_COLOR),
            quote(VIRTUAL_COLOR)
        )
    } else {
        if let Some(t) = ty {
            legend.types.insert(t.to_string());
        }
        let (shape, fill) = style_of(ty);
        format!(
            "{} [label={}, shape={shape}, fillcolor={}];",
            quote(&id),
            label(&lines),
            quote(fill)
        )
    };
    Some(line)
}
