//! `tplg graph`: a topology as a Graphviz `digraph`.
//!
//! Unlike the fragment SOF's M4 library printed with `-DGRAPH` (route lines
//! that needed `DEBUG_START`/`DEBUG_END` around them), the output is always
//! a whole `digraph`: one cluster per pipeline, labelled with its ID, PCM and
//! scheduling; widgets shaped and coloured by type; PCM streams and BE links
//! as nodes of their own; edges in signal direction, route controls on
//! them. Virtual widgets (the firmware never sees them) are dashed and grey,
//! dynamic pipelines dashed and violet, and a route end naming no widget a
//! red node. The text is the same for the same topology, byte for byte.
//!
//! [`render`] turns it into SVG or PNG with Graphviz's `dot`.

use crate::conf::Direction;
use crate::info::{self, Summary};
use crate::validate::model::{self, Edge, Model, Node};
use crate::vocab::vocabulary;
use petgraph::graph::NodeIndex;
use petgraph::visit::EdgeRef;
use std::collections::{BTreeSet, HashMap};
use std::fmt::Write as _;
use std::io::Write as _;
use std::process::{Command, Stdio};

/// What `tplg graph` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub(crate) enum Format {
    /// Graphviz source.
    Dot,
    /// SVG, through Graphviz `dot -Tsvg`.
    Svg,
    /// PNG, through Graphviz `dot -Tpng`.
    Png,
}

impl Format {
    /// The format an output file's extension names.
    pub(crate) fn from_extension(ext: &str) -> Option<Format> {
        match ext.to_ascii_lowercase().as_str() {
            "dot" | "gv" => Some(Format::Dot),
            "svg" => Some(Format::Svg),
            "png" => Some(Format::Png),
            _ => None,
        }
    }

    fn name(self) -> &'static str {
        match self {
            Format::Dot => "dot",
            Format::Svg => "svg",
            Format::Png => "png",
        }
    }
}

/// A DOT quoted string: `"` and `\` escaped, control characters as spaces.
/// In labels, `\n` written by this module breaks lines; a name's own
/// backslashes stay backslashes.
pub(crate) fn quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if c.is_control() => out.push(' '),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Label lines joined with DOT's centred line break.
fn label(lines: &[String]) -> String {
    let quoted: Vec<String> = lines
        .iter()
        .map(|l| {
            let q = quote(l);
            q[1..q.len() - 1].to_string()
        })
        .collect();
    format!("\"{}\"", quoted.join("\\n"))
}

/// Shape and fill of a widget type, as the library's vocabulary declares.
fn style_of(ty: Option<&str>) -> (&'static str, &'static str) {
    match ty.and_then(|t| vocabulary().widget_type(t)) {
        Some(t) => (t.shape.as_str(), t.fill.as_str()),
        None => ("ellipse", "#ffffff"),
    }
}

const PCM_FILL: &str = "#4dabf7";
const LINK_FILL: &str = "#ff922b";
const VIRTUAL_COLOR: &str = "#868e96";
const MISSING_COLOR: &str = "#e03131";
const DYNAMIC_COLOR: &str = "#7048e8";

/// What `tplg graph` draws besides the topology's pipelines, PCMs and links.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Options {
    /// Also draw the virtual widgets no route touches, grouped in one
    /// cluster (by default they are counted in the legend, not drawn).
    pub unconnected: bool,
}

/// The graph of a topology, titled with `title`'s file name.
pub(crate) fn dot(m: &Model, s: &Summary, title: &str) -> String {
    dot_with(m, s, title, Options::default())
}

/// Unconnected virtual widgets are drawn in rows of this many.
const UNCONNECTED_ROW: usize = 6;

/// At most this many controls are listed on a widget.
const MAX_CONTROLS: usize = 4;

/// Which way a node's stream flows: a playback path is drawn left to
/// right (PCM, host, …, DAI, link), a capture path right to left, so that
/// PCMs are on the left and links on the right whatever the direction.
fn pipeline_directions(m: &Model, s: &Summary) -> HashMap<u32, Direction> {
    let mut out = HashMap::new();
    for p in &s.pipelines {
        let mut dirs: BTreeSet<u8> = p
            .pcms
            .iter()
            .filter_map(|&n| match m.graph[n] {
                Node::Pcm { direction, .. } => Some(direction as u8),
                _ => None,
            })
            .collect();
        if dirs.is_empty() {
            dirs = p
                .widgets
                .iter()
                .filter_map(|&n| s.dais.iter().find(|d| d.node == n))
                .filter_map(|d| d.direction.map(|d| d as u8))
                .collect();
        }
        if dirs.len() == 1 {
            let d = if dirs.contains(&(Direction::Capture as u8)) {
                Direction::Capture
            } else {
                Direction::Playback
            };
            out.insert(p.id, d);
        }
    }
    out
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

/// The graph of a topology. `title` labels it (its file name is kept).
pub(crate) fn dot_with(m: &Model, s: &Summary, title: &str, opts: Options) -> String {
    let title = std::path::Path::new(title)
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or(title);
    let mut ids = Ids::new(m);
    let mut legend = Legend::default();
    let mut out = String::new();
    let _ = writeln!(out, "digraph topology {{");
    let _ = writeln!(
        out,
        "    graph [rankdir=LR, fontname=\"Helvetica\", fontsize=12, labelloc=t, label={}];",
        quote(title)
    );
    let _ = writeln!(
        out,
        "    node [fontname=\"Helvetica\", fontsize=10, style=filled, fillcolor=\"#ffffff\"];"
    );
    let _ = writeln!(out, "    edge [fontname=\"Helvetica\", fontsize=9];");

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
    let mut pipelines: Vec<&info::PipelineInfo> = s.pipelines.iter().collect();
    let group = pipeline_groups(m, s);
    pipelines.sort_by_key(|p| std::cmp::Reverse((group[&p.id], p.id)));
    for p in pipelines {
        let mut lines = vec![format!("pipeline {}", p.id)];
        let pcms: Vec<String> = p
            .pcms
            .iter()
            .filter_map(|&n| match m.graph[n] {
                Node::Pcm { pcm, .. } => Some(format!("PCM {}", info::pcm_label(pcm))),
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
            sched.push(info::time_domain_name(v));
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
            if let Some(line) = widget_node(m, s, n, p.core, &mut ids, &mut legend) {
                let _ = writeln!(out, "        {line}");
                in_cluster.insert(n);
            }
        }
        let _ = writeln!(out, "    }}");
    }

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
        if in_cluster.contains(&n) || model::type_of(w) == Some(model::widget_type::SCHEDULER) {
            continue;
        }
        let alone = info::is_virtual(w)
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
        if let Some(line) = widget_node(m, s, n, None, &mut ids, &mut legend) {
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

    // PCMs: one node each, a port per stream.
    if !s.pcms.is_empty() {
        let _ = writeln!(out, "\n    // PCMs, a port per stream");
        legend.pcm = true;
    }
    let mut drawn_pcms: BTreeSet<&str> = BTreeSet::new();
    for p in &s.pcms {
        if !drawn_pcms.insert(p.pcm.name.as_str()) {
            continue;
        }
        let mut fields = vec![record_field(
            None,
            &[format!("PCM {}", info::pcm_label(p.pcm))],
        )];
        // every SectionPCM of the name: alsatplg merges them
        // playback first, as links have it, so that the paths do not cross
        let mut streams: Vec<&info::StreamInfo> = s
            .pcms
            .iter()
            .filter(|q| q.pcm.name.value == p.pcm.name.value)
            .flat_map(|q| &q.streams)
            .collect();
        streams.sort_by_key(|st| st.direction == Direction::Capture);
        for st in streams {
            let mut lines = vec![info::direction_name(st.direction).to_string()];
            if let Node::Pcm { stream, .. } = m.graph[st.node] {
                if let Some(caps) = &stream.capabilities {
                    lines[0].push_str(&format!(" · {}", caps.value));
                }
            }
            if let Some(c) = st.caps {
                let facts = info::stream_facts(c);
                if !facts.is_empty() {
                    lines.push(facts.join(" · "));
                }
            }
            fields.push(record_field(
                Some(info::direction_name(st.direction)),
                &lines,
            ));
        }
        let _ = writeln!(
            out,
            "    {} [shape=Mrecord, label=\"{}\", fillcolor={}];",
            quote(&ids.pcm(p.pcm)),
            fields.join("|"),
            quote(PCM_FILL)
        );
    }

    // BE links: one node each, with the facts of the hardware
    // configuration it starts with, and a port per direction bound.
    if !s.links.is_empty() {
        let _ = writeln!(out, "\n    // BE links, a port per direction");
        legend.link = true;
    }
    for l in &s.links {
        let Some(id) = ids.link(m, l.node) else {
            continue;
        };
        let mut first = format!("BE {}", l.link.name.value);
        if let Some(i) = &l.link.id {
            first.push_str(&format!(" (id {})", i.value));
        }
        let mut lines = vec![first];
        let mut facts = Vec::new();
        if l.dai.dai_type.is_some() || l.dai.index.is_some() {
            facts.push(info::dai_label(&l.dai));
        }
        let hw = l
            .default_hw_config()
            .map(info::link_facts)
            .unwrap_or_default();
        // format and slots on the DAI's line, the clocks on their own
        let (clocks, rest): (Vec<String>, Vec<String>) = hw.into_iter().partition(|f| {
            ["fsync ", "bclk ", "mclk "]
                .iter()
                .any(|c| f.starts_with(c))
        });
        facts.extend(rest);
        if let Some(sn) = &l.link.stream_name {
            if sn.value != l.link.name.value {
                facts.push(format!("stream {}", sn.value));
            }
        }
        if !facts.is_empty() {
            lines.push(facts.join(" · "));
        }
        if !clocks.is_empty() {
            lines.push(clocks.join(" · "));
        }
        if l.hw_configs.len() > 1 {
            lines.push(format!("{} hw configs", l.hw_configs.len()));
        }
        let mut fields = vec![record_field(None, &lines)];
        for d in link_ports(m, l.node) {
            let name = info::direction_name(d);
            fields.push(record_field(Some(name), &[name.to_string()]));
        }
        let _ = writeln!(
            out,
            "    {} [shape=record, label=\"{}\", fillcolor={}];",
            quote(&id),
            fields.join("|"),
            quote(LINK_FILL)
        );
    }

    // Route ends naming no widget.
    let mut missing: Vec<&str> = m
        .dangling
        .iter()
        .map(|d| {
            if d.sink {
                d.route.sink.as_str()
            } else {
                d.route.source.as_str()
            }
        })
        .collect();
    missing.sort_unstable();
    missing.dedup();
    if !missing.is_empty() {
        let _ = writeln!(out, "\n    // route ends that name no widget");
        legend.missing = true;
    }
    for name in &missing {
        let _ = writeln!(
            out,
            "    {} [label={}, shape=box, style=\"dashed\", color={}, fontcolor={}];",
            quote(&ids.missing(name)),
            label(&[name.to_string(), "no such widget".to_string()]),
            quote(MISSING_COLOR),
            quote(MISSING_COLOR)
        );
    }

    let _ = writeln!(
        out,
        "\n    // signal flow; `dir=back` edges are capture, written sink first"
    );
    let directions = pipeline_directions(m, s);
    let dir_of = |n: NodeIndex| -> Option<Direction> {
        match m.graph[n] {
            Node::Widget(w) => w
                .index
                .as_ref()
                .and_then(|i| directions.get(&i.value))
                .copied(),
            Node::Pcm { direction, .. } => Some(direction),
            Node::Link(_) => None,
        }
    };
    for e in m.graph.edge_references() {
        let (a, b) = (e.source(), e.target());
        let (Some(from), Some(to)) = (ids.end(m, a, false), ids.end(m, b, true)) else {
            continue;
        };
        let mut attrs: Vec<String> = Vec::new();
        let reversed = match e.weight() {
            Edge::Route { route, .. } => {
                if !route.control.value.trim().is_empty() {
                    attrs.push(format!("label={}", quote(route.control.value.trim())));
                }
                let virt = [a, b]
                    .iter()
                    .any(|&n| m.graph[n].widget().is_some_and(info::is_virtual));
                if virt {
                    attrs.push(format!("style=dashed, color={}", quote(VIRTUAL_COLOR)));
                }
                let (da, db) = (dir_of(a), dir_of(b));
                let playback = Some(Direction::Playback);
                let capture = Some(Direction::Capture);
                (da == capture || db == capture) && da != playback && db != playback
            }
            Edge::Pcm => {
                attrs.push(format!("penwidth=2, color={}", quote(PCM_FILL)));
                matches!(m.graph[b], Node::Pcm { .. })
            }
            Edge::Link => {
                attrs.push(format!("penwidth=2, color={}", quote(LINK_FILL)));
                matches!(m.graph[a], Node::Link(_))
            }
        };
        let (first, second) = if reversed {
            attrs.push("dir=back".to_string());
            (to, from)
        } else {
            (from, to)
        };
        let _ = write!(out, "    {first} -> {second}");
        if !attrs.is_empty() {
            let _ = write!(out, " [{}]", attrs.join(", "));
        }
        out.push_str(";\n");
    }
    for d in &m.dangling {
        let (from, to) = if d.sink {
            (
                m.widgets
                    .get(d.route.source.as_str())
                    .and_then(|&n| ids.of(m, n))
                    .unwrap_or_else(|| ids.missing(d.route.source.as_str())),
                ids.missing(d.route.sink.as_str()),
            )
        } else {
            if !m.widgets.contains_key(d.route.sink.as_str()) {
                // both ends missing: drawn once, from the sink's side
                continue;
            }
            (
                ids.missing(d.route.source.as_str()),
                m.widgets
                    .get(d.route.sink.as_str())
                    .and_then(|&n| ids.of(m, n))
                    .unwrap_or_default(),
            )
        };
        let _ = writeln!(
            out,
            "    {} -> {} [style=dashed, color={}];",
            quote(&from),
            quote(&to),
            quote(MISSING_COLOR)
        );
    }
    legend.write(&mut out, &mut ids, opts);
    let _ = writeln!(out, "}}");
    out
}

/// The directions a link is bound in: playback when a DAI widget feeds it,
/// capture when it feeds one.
fn link_ports(m: &Model, n: NodeIndex) -> Vec<Direction> {
    let bound = |d| {
        m.graph
            .edges_directed(n, d)
            .any(|e| matches!(e.weight(), Edge::Link))
    };
    let mut out = Vec::new();
    if bound(petgraph::Direction::Incoming) {
        out.push(Direction::Playback);
    }
    if bound(petgraph::Direction::Outgoing) {
        out.push(Direction::Capture);
    }
    out
}

/// One field of a record label: an optional port, and lines.
fn record_field(port: Option<&str>, lines: &[String]) -> String {
    let text: Vec<String> = lines.iter().map(|l| record_text(l)).collect();
    match port {
        Some(p) => format!("<{}> {}", record_text(p), text.join("\\n")),
        None => text.join("\\n"),
    }
}

/// Text for a record field inside a quoted label: `"` and `\` as in
/// [`quote`], and the characters records give a meaning (`{ } | < >`)
/// escaped.
fn record_text(s: &str) -> String {
    let q = quote(s);
    let mut out = String::new();
    for c in q[1..q.len() - 1].chars() {
        if "{}|<>".contains(c) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// What the graph shows, for its legend.
#[derive(Debug, Default)]
struct Legend {
    /// Firmware widget types drawn.
    types: BTreeSet<String>,
    virtuals: bool,
    pcm: bool,
    link: bool,
    missing: bool,
    dynamic: bool,
    /// Virtual widgets no route touches.
    unconnected: usize,
}

impl Legend {
    /// A cluster of one sample node per kind of node drawn, chained
    /// invisibly so that it reads left to right, and a note on edges.
    fn write(&self, out: &mut String, ids: &mut Ids, opts: Options) {
        let mut nodes: Vec<(String, String)> = Vec::new();
        let mut add = |ids: &mut Ids, key: &str, attrs: String| {
            let id = ids.unique(format!("legend:{key}"));
            nodes.push((id, attrs));
        };
        if self.pcm {
            add(
                ids,
                "pcm",
                format!(
                    "shape=Mrecord, label=\"PCM|<playback> a port per stream\", fillcolor={}",
                    quote(PCM_FILL)
                ),
            );
        }
        for t in &self.types {
            let (shape, fill) = style_of(Some(t));
            add(
                ids,
                t,
                format!(
                    "label={}, shape={shape}, fillcolor={}",
                    quote(t),
                    quote(fill)
                ),
            );
        }
        if self.virtuals {
            add(
                ids,
                "virtual",
                format!(
                    "label=\"virtual widget\", shape=box, style=\"dashed\", color={0}, fontcolor={0}",
                    quote(VIRTUAL_COLOR)
                ),
            );
        }
        if self.link {
            add(
                ids,
                "link",
                format!(
                    "shape=record, label=\"BE link|<playback> a port per direction\", fillcolor={}",
                    quote(LINK_FILL)
                ),
            );
        }
        if self.missing {
            add(
                ids,
                "missing",
                format!(
                    "label=\"route end naming no widget\", shape=box, style=\"dashed\", color={0}, fontcolor={0}",
                    quote(MISSING_COLOR)
                ),
            );
        }
        if self.dynamic {
            add(
                ids,
                "dynamic",
                format!(
                    "label=\"dynamic pipeline\", shape=box, style=\"rounded,dashed\", color={0}, fontcolor={0}",
                    quote(DYNAMIC_COLOR)
                ),
            );
        }
        let mut note = vec![
            "arrows follow the signal: playback left to right, capture right to left".to_string(),
            "thick: PCM and BE link bindings · dashed grey: routes of virtual widgets".to_string(),
            "edge labels: route controls".to_string(),
        ];
        if self.unconnected > 0 {
            note.push(if opts.unconnected {
                format!(
                    "{} drawn apart: no route touches them",
                    plural(self.unconnected, "virtual widget")
                )
            } else {
                format!(
                    "{} no route touches not drawn (--unconnected draws them)",
                    plural(self.unconnected, "virtual widget")
                )
            });
        }
        add(
            ids,
            "note",
            format!("label={}, shape=plaintext, style=\"\"", label(&note)),
        );
        let _ = writeln!(
            out,
            "\n    subgraph \"cluster_legend\" {{\n        label=\"legend\";\n        style=\"rounded\"; color=\"#adb5bd\"; fontcolor=\"#495057\";"
        );
        for (id, attrs) in &nodes {
            let _ = writeln!(out, "        {} [{attrs}];", quote(id));
        }
        for w in nodes.windows(2) {
            let _ = writeln!(
                out,
                "        {} -> {} [style=invis];",
                quote(&w[0].0),
                quote(&w[1].0)
            );
        }
        let _ = writeln!(out, "    }}");
    }
}

fn plural(n: usize, what: &str) -> String {
    format!("{n} {what}{}", if n == 1 { "" } else { "s" })
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
    let ty = model::type_of(w);
    let mut lines = vec![w.name.value.clone()];
    let mut second = vec![ty.unwrap_or("no type").to_string()];
    if info::is_virtual(w) {
        second.push("virtual".to_string());
    }
    if let Some(d) = s.dais.iter().find(|d| d.node == n) {
        if d.dai.dai_type.is_some() || d.dai.index.is_some() {
            second.push(info::dai_label(&d.dai));
        }
        if let Some(f) = info::sample_format(m, w) {
            second.push(f.to_string());
        }
    }
    if let Some(size) = info::buffer_size(m, w) {
        second.push(format!("{size} bytes"));
    }
    if let Some(core) = m.token_u32(&w.data, info::token::COMP_CORE_ID) {
        if pipeline_core != Some(core) {
            second.push(format!("core {core}"));
        }
    }
    lines.push(second.join(" · "));
    let controls = info::controls(w);
    for (kind, name) in controls.iter().take(MAX_CONTROLS) {
        lines.push(format!("{kind} \"{name}\""));
    }
    if controls.len() > MAX_CONTROLS {
        lines.push(format!("… {} more", controls.len() - MAX_CONTROLS));
    }
    let line = if info::is_virtual(w) {
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

/// Node IDs: a widget's is its name (as M4's graph had it); PCMs, links,
/// missing route ends and the legend's samples get prefixed names, made
/// unique against every widget name.
struct Ids {
    taken: BTreeSet<String>,
    made: HashMap<String, String>,
}

impl Ids {
    fn new(m: &Model) -> Ids {
        Ids {
            taken: m.widgets.keys().map(|k| k.to_string()).collect(),
            made: HashMap::new(),
        }
    }

    /// A unique ID for a non-widget node, the same for the same key.
    fn unique(&mut self, key: String) -> String {
        if let Some(id) = self.made.get(&key) {
            return id.clone();
        }
        let mut id = key.clone();
        while self.taken.contains(&id) {
            id.push('\'');
        }
        self.taken.insert(id.clone());
        self.made.insert(key, id.clone());
        id
    }

    fn pcm(&mut self, pcm: &crate::conf::Pcm) -> String {
        self.unique(format!("pcm:{}", pcm.name.value))
    }

    fn missing(&mut self, name: &str) -> String {
        self.unique(format!("missing:{name}"))
    }

    /// A link's node; `None` for a later section of the same name (the
    /// same link).
    fn link(&mut self, m: &Model, n: NodeIndex) -> Option<String> {
        match m.graph[n] {
            Node::Link(l) if m.links.get(l.name.as_str()) == Some(&n) => {
                Some(self.unique(format!("be:{}", l.name.value)))
            }
            _ => None,
        }
    }

    /// An edge's end: a node ID, and the port of a PCM's stream or of a
    /// link's direction (a link is a playback link's sink, a capture
    /// link's source).
    fn end(&mut self, m: &Model, n: NodeIndex, sink: bool) -> Option<String> {
        let id = quote(&self.of(m, n)?);
        Some(match m.graph[n] {
            Node::Widget(_) => id,
            Node::Pcm { direction, .. } => format!("{id}:{}", info::direction_name(direction)),
            Node::Link(_) => {
                let d = if sink {
                    Direction::Playback
                } else {
                    Direction::Capture
                };
                format!("{id}:{}", info::direction_name(d))
            }
        })
    }

    /// The ID of any node; `None` for a widget or link that repeats a name.
    fn of(&mut self, m: &Model, n: NodeIndex) -> Option<String> {
        match m.graph[n] {
            Node::Widget(w) => {
                (m.widgets.get(w.name.as_str()) == Some(&n)).then(|| w.name.value.clone())
            }
            Node::Pcm { pcm, .. } => Some(self.pcm(pcm)),
            Node::Link(_) => self.link(m, n),
        }
    }
}

/// Why a graph could not be rendered.
#[derive(Debug, thiserror::Error)]
pub(crate) enum RenderError {
    #[error(
        "Graphviz `dot` is not installed, and --format {0} needs it: install Graphviz \
         (Debian and Ubuntu: `apt install graphviz`), or write --format dot and render it elsewhere"
    )]
    NotInstalled(&'static str),
    #[error("Graphviz `dot -T{format}` failed: {message}")]
    Failed {
        format: &'static str,
        message: String,
    },
}

/// The graph in `format`: the DOT text itself, or what `dot -T<format>`
/// makes of it.
pub(crate) fn render(dot_text: &str, format: Format) -> Result<Vec<u8>, RenderError> {
    if format == Format::Dot {
        return Ok(dot_text.as_bytes().to_vec());
    }
    let name = format.name();
    let failed = |message: String| RenderError::Failed {
        format: name,
        message,
    };
    let mut child = Command::new("dot")
        .arg(format!("-T{name}"))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| match e.kind() {
            std::io::ErrorKind::NotFound => RenderError::NotInstalled(name),
            _ => failed(e.to_string()),
        })?;
    // dot reads all its input before it writes, so writing first cannot
    // deadlock; the pipe closes when `stdin` is dropped.
    {
        let mut stdin = child.stdin.take().expect("piped");
        stdin
            .write_all(dot_text.as_bytes())
            .map_err(|e| failed(e.to_string()))?;
    }
    let output = child
        .wait_with_output()
        .map_err(|e| failed(e.to_string()))?;
    if !output.status.success() {
        let err = String::from_utf8_lossy(&output.stderr);
        return Err(failed(format!("{} ({})", err.trim(), output.status)));
    }
    Ok(output.stdout)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::{Origin, Sources};

    fn dot_of(text: &str) -> String {
        let mut sources = Sources::new();
        let id = sources.add("t.conf", Origin::Synthetic, text.to_string());
        let conf = crate::conf::parse(&sources, id).expect("parses");
        let m = Model::new(&conf);
        let s = Summary::of(&m);
        dot(&m, &s, "t.conf")
    }

    #[test]
    fn quoting() {
        assert_eq!(quote(r#"a "b" \c"#), r#""a \"b\" \\c""#);
        assert_eq!(quote("x\ny"), "\"x y\"");
        assert_eq!(label(&["a\"".into(), "b".into()]), r#""a\"\nb""#);
    }

    #[test]
    fn names_with_quotes_and_spaces_are_quoted_ids() {
        let d = dot_of(
            r#"
SectionWidget."say \"hi\"" { index "1" type "pga" }
SectionWidget."BUF 1.0" { index "1" type "buffer" }
SectionGraph."g" { index "1" lines [ "BUF 1.0, Vol Switch, say \"hi\"" ] }
"#,
        );
        assert!(
            d.contains(r#""say \"hi\"" -> "BUF 1.0" [label="Vol Switch"];"#),
            "{d}"
        );
        assert!(d.contains("subgraph \"cluster_pipeline_1\""), "{d}");
        assert!(d.contains("no scheduler"), "{d}");
    }

    #[test]
    fn dynamic_pipelines_and_virtual_widgets_look_different() {
        let d = dot_of(
            r#"
SectionVendorTuples."s" { tokens "sof_sched_tokens" tuples."word" { SOF_TKN_SCHED_DYNAMIC_PIPELINE "1" SOF_TKN_SCHED_CORE "1" } }
SectionData."s" { tuples "s" }
SectionWidget."PIPELINE.2.X" { index "2" type "scheduler" stream_name "X" data [ "s" ] }
SectionWidget."X" { index "2" type "pga" }
SectionWidget."ssp1 Tx" { index "2" type "out_drv" }
SectionGraph."g" { index "2" lines [ "ssp1 Tx, , X" "X, , gone" ] }
"#,
        );
        assert!(d.contains("style=\"rounded,dashed\""), "{d}");
        assert!(d.contains("core 1 · dynamic"), "{d}");
        assert!(d.contains("scheduled by X"), "{d}");
        // the virtual widget is outside the cluster, dashed
        let cluster_end = d.find("\n    }").unwrap();
        let virt = d.find("\"ssp1 Tx\" [").unwrap();
        assert!(virt > cluster_end, "{d}");
        assert!(d.contains("\"X\" -> \"ssp1 Tx\" [style=dashed"), "{d}");
        assert!(d.contains("\"missing:gone\" -> \"X\""), "{d}");
    }

    #[test]
    fn record_fields_escape_what_records_read() {
        assert_eq!(
            record_field(Some("playback"), &["a|b {c} <d>".into(), "e\"".into()]),
            r#"<playback> a\|b \{c\} \<d\>\ne\""#
        );
        let d = dot_of(
            r#"
SectionPCMCapabilities."c" { formats "S16_LE" rates "44100,48000" channels_min "1" channels_max "8" }
SectionPCM."a|b" { id "0" pcm."capture" { capabilities "c" } }
"#,
        );
        assert!(
            d.contains(r#""pcm:a|b" [shape=Mrecord, label="PCM a\|b (0)|<capture> capture · c\n1-8 ch · S16_LE · 44.1 kHz/48 kHz""#),
            "{d}"
        );
    }

    #[test]
    fn capture_paths_are_written_sink_first() {
        let d = dot_of(
            r#"
SectionWidget."H" { index "3" type "aif_out" stream_name "C" }
SectionWidget."B" { index "3" type "buffer" }
SectionWidget."D" { index "3" type "dai_out" stream_name "L" }
SectionGraph."g" { index "3" lines [ "B, , D" "H, , B" ] }
SectionPCMCapabilities."C" { formats "S16_LE" }
SectionPCM."p" { id "0" pcm."capture" { capabilities "C" } }
SectionBE."L" { id "0" }
"#,
        );
        assert!(d.contains(r#""H" -> "B" [dir=back];"#), "{d}");
        assert!(d.contains(r#""B" -> "D" [dir=back];"#), "{d}");
        assert!(d.contains(r#""pcm:p":capture -> "H" ["#), "{d}");
        assert!(d.contains(r#""D" -> "be:L":capture ["#), "{d}");
        assert!(d.contains(r#"|<capture> capture""#), "{d}");
    }

    #[test]
    fn pcm_and_link_ids_do_not_clash_with_widget_names() {
        let d = dot_of(
            r#"
SectionWidget."be:L" { index "1" type "pga" }
SectionBE."L" { id "0" }
"#,
        );
        assert!(d.contains("\"be:L'\" [shape=record"), "{d}");
    }

    #[test]
    fn deterministic() {
        let t = r#"
SectionWidget."A" { index "1" type "aif_in" stream_name "P" }
SectionWidget."B" { index "1" type "buffer" }
SectionGraph."g" { index "1" lines [ "B, , A" ] }
SectionPCMCapabilities."P" { formats "S16_LE" }
SectionPCM."p" { id "0" pcm."playback" { capabilities "P" } }
"#;
        assert_eq!(dot_of(t), dot_of(t));
        assert!(dot_of(t).contains("\"pcm:p\":playback -> \"A\" [penwidth=2"));
    }
}
