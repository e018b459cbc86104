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

/// The graph of a topology. `title` labels it (a file name).
pub(crate) fn dot(m: &Model, s: &Summary, title: &str) -> String {
    let mut ids = Ids::new(m);
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

    // Widgets: the first definition of each name; firmware widgets of a
    // pipeline inside its cluster, the rest after.
    let mut in_cluster: BTreeSet<NodeIndex> = BTreeSet::new();
    for p in &s.pipelines {
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
            if let Some(line) = widget_node(m, s, n, p.core, &mut ids) {
                let _ = writeln!(out, "        {line}");
                in_cluster.insert(n);
            }
        }
        let _ = writeln!(out, "    }}");
    }

    let mut loose = String::new();
    for n in m.graph.node_indices() {
        let Some(w) = m.graph[n].widget() else {
            continue;
        };
        if in_cluster.contains(&n) || model::type_of(w) == Some(model::widget_type::SCHEDULER) {
            continue;
        }
        if let Some(line) = widget_node(m, s, n, None, &mut ids) {
            let _ = writeln!(loose, "    {line}");
        }
    }
    if !loose.is_empty() {
        let _ = writeln!(out, "\n    // widgets in no pipeline");
        out.push_str(&loose);
    }

    if !s.pcms.is_empty() {
        let _ = writeln!(out, "\n    // PCMs");
    }
    for p in &s.pcms {
        for st in &p.streams {
            let id = ids.pcm(p.pcm, st.direction);
            let mut lines = vec![
                format!("PCM {}", info::pcm_label(p.pcm)),
                info::direction_name(st.direction).to_string(),
            ];
            // the stream name host widgets bind to
            if let Node::Pcm { stream, .. } = m.graph[st.node] {
                if let Some(caps) = &stream.capabilities {
                    lines[1].push_str(&format!(" · {}", caps.value));
                }
            }
            let _ = writeln!(
                out,
                "    {} [label={}, shape=cds, fillcolor={}];",
                quote(&id),
                label(&lines),
                quote(PCM_FILL)
            );
        }
    }

    if !s.links.is_empty() {
        let _ = writeln!(out, "\n    // BE links");
    }
    for l in &s.links {
        let ends: Vec<(String, Option<Direction>)> = if ids.duplex.contains(&l.node) {
            [Direction::Playback, Direction::Capture]
                .into_iter()
                .filter_map(|d| ids.link(m, l.node, Some(d)).map(|id| (id, Some(d))))
                .collect()
        } else {
            ids.link(m, l.node, None)
                .map(|id| (id, None))
                .into_iter()
                .collect()
        };
        for (id, direction) in ends {
            let mut first = format!("BE {}", l.link.name.value);
            if let Some(i) = &l.link.id {
                first.push_str(&format!(" (id {})", i.value));
            }
            let mut lines = vec![first];
            let mut second = Vec::new();
            if l.dai.dai_type.is_some() || l.dai.index.is_some() {
                second.push(info::dai_label(&l.dai));
            }
            if let Some(f) = l.default_hw_config().and_then(|c| c.format.as_ref()) {
                second.push(f.value.clone());
            }
            if let Some(d) = direction {
                second.push(info::direction_name(d).to_string());
            }
            if let Some(sn) = &l.link.stream_name {
                if sn.value != l.link.name.value {
                    second.push(format!("stream {}", sn.value));
                }
            }
            if !second.is_empty() {
                lines.push(second.join(" · "));
            }
            let _ = writeln!(
                out,
                "    {} [label={}, shape=component, fillcolor={}];",
                quote(&id),
                label(&lines),
                quote(LINK_FILL)
            );
        }
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

    let _ = writeln!(out, "\n    // signal flow");
    for e in m.graph.edge_references() {
        // a duplex link is drawn as two nodes: playback flows into one,
        // capture out of the other
        let end = |ids: &mut Ids, n: NodeIndex, d: Direction| match m.graph[n] {
            Node::Link(_) => ids.link(m, n, Some(d)),
            _ => ids.of(m, n),
        };
        let (from, to) = (
            end(&mut ids, e.source(), Direction::Capture),
            end(&mut ids, e.target(), Direction::Playback),
        );
        let (Some(from), Some(to)) = (from, to) else {
            continue;
        };
        let mut attrs: Vec<String> = Vec::new();
        match e.weight() {
            Edge::Route { route, .. } => {
                if !route.control.value.trim().is_empty() {
                    attrs.push(format!("label={}", quote(route.control.value.trim())));
                }
                let virt = [e.source(), e.target()]
                    .iter()
                    .any(|&n| m.graph[n].widget().is_some_and(info::is_virtual));
                if virt {
                    attrs.push(format!("style=dashed, color={}", quote(VIRTUAL_COLOR)));
                }
            }
            Edge::Pcm => attrs.push(format!("penwidth=2, color={}", quote(PCM_FILL))),
            Edge::Link => attrs.push(format!("penwidth=2, color={}", quote(LINK_FILL))),
        }
        let _ = write!(out, "    {} -> {}", quote(&from), quote(&to));
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
    let _ = writeln!(out, "}}");
    out
}

/// One widget's node statement; `None` for a later definition of a name.
fn widget_node(
    m: &Model,
    s: &Summary,
    n: NodeIndex,
    pipeline_core: Option<u32>,
    ids: &mut Ids,
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
    }
    if let Some(core) = m.token_u32(&w.data, info::token::COMP_CORE_ID) {
        if pipeline_core != Some(core) {
            second.push(format!("core {core}"));
        }
    }
    lines.push(second.join(" · "));
    let line = if info::is_virtual(w) {
        format!(
            "{} [label={}, shape=box, style=\"dashed\", color={}, fontcolor={}];",
            quote(&id),
            label(&lines),
            quote(VIRTUAL_COLOR),
            quote(VIRTUAL_COLOR)
        )
    } else {
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

/// Node IDs: a widget's is its name (as M4's graph had it); PCM streams,
/// links and missing route ends get prefixed names, made unique against
/// every widget name.
struct Ids {
    taken: BTreeSet<String>,
    made: HashMap<String, String>,
    /// Links bound to DAI widgets of both directions.
    duplex: BTreeSet<NodeIndex>,
}

impl Ids {
    fn new(m: &Model) -> Ids {
        let duplex = m
            .graph
            .node_indices()
            .filter(|&n| matches!(m.graph[n], Node::Link(_)))
            .filter(|&n| {
                let bound = |d| {
                    m.graph
                        .edges_directed(n, d)
                        .any(|e| matches!(e.weight(), Edge::Link))
                };
                bound(petgraph::Direction::Incoming) && bound(petgraph::Direction::Outgoing)
            })
            .collect();
        Ids {
            taken: m.widgets.keys().map(|k| k.to_string()).collect(),
            made: HashMap::new(),
            duplex,
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

    fn pcm(&mut self, pcm: &crate::conf::Pcm, d: Direction) -> String {
        self.unique(format!(
            "pcm:{}:{}",
            pcm.name.value,
            info::direction_name(d)
        ))
    }

    fn missing(&mut self, name: &str) -> String {
        self.unique(format!("missing:{name}"))
    }

    /// A link's node; a duplex link has one per direction.
    fn link(&mut self, m: &Model, n: NodeIndex, d: Option<Direction>) -> Option<String> {
        match m.graph[n] {
            Node::Link(l) => {
                // a later section of the same name is the same link
                if m.links.get(l.name.as_str()) != Some(&n) {
                    return None;
                }
                Some(match d {
                    Some(d) if self.duplex.contains(&n) => {
                        self.unique(format!("be:{}:{}", l.name.value, info::direction_name(d)))
                    }
                    _ => self.unique(format!("be:{}", l.name.value)),
                })
            }
            _ => None,
        }
    }

    /// The ID of any node; `None` for a widget or link that repeats a name.
    fn of(&mut self, m: &Model, n: NodeIndex) -> Option<String> {
        match m.graph[n] {
            Node::Widget(w) => {
                (m.widgets.get(w.name.as_str()) == Some(&n)).then(|| w.name.value.clone())
            }
            Node::Pcm { pcm, direction, .. } => Some(self.pcm(pcm, direction)),
            Node::Link(_) => self.link(m, n, None),
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
    fn pcm_and_link_ids_do_not_clash_with_widget_names() {
        let d = dot_of(
            r#"
SectionWidget."be:L" { index "1" type "pga" }
SectionBE."L" { id "0" }
"#,
        );
        assert!(d.contains("\"be:L'\" [label="), "{d}");
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
        assert!(dot_of(t).contains("\"pcm:p:playback\" -> \"A\" [penwidth=2"));
    }
}
