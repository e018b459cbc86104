//! The topology as a graph: widgets are nodes, routes are edges, and PCMs and
//! back-end links are nodes bound to their host and DAI widgets, so that
//! "can this widget reach a PCM or a DAI?" is a graph question.
//!
//! Bindings follow the kernel (sound/soc/sof/topology.c): a host widget
//! (`aif_in`/`aif_out`) belongs to the PCM whose stream capabilities carry the
//! widget's `stream_name`; a DAI widget (`dai_in`/`dai_out`) belongs to the
//! back-end link of that name. Pipelines are widget `index`es; a pipeline's
//! scheduler is its `scheduler` widget.

use crate::conf::{
    ConfTopology, Data, Direction, Graph as ConfGraph, Link, Pcm, PcmStream, Route, Tuple,
    TupleGroup, VendorTokens, VendorTuples, Widget,
};
use crate::source::Span;
use crate::vocab::{vocabulary, DaiKind, WidgetKind};
use petgraph::graph::{DiGraph, NodeIndex};
use rustc_hash::FxHashMap as HashMap;
use std::collections::BTreeMap;

/// SOF's token names the checks, `info` and `graph` read.
pub(crate) mod token {
    pub(crate) const SCHED_PERIOD: &str = "SOF_TKN_SCHED_PERIOD";
    pub(crate) const SCHED_PRIORITY: &str = "SOF_TKN_SCHED_PRIORITY";
    pub(crate) const SCHED_CORE: &str = "SOF_TKN_SCHED_CORE";
    pub(crate) const SCHED_TIME_DOMAIN: &str = "SOF_TKN_SCHED_TIME_DOMAIN";
    pub(crate) const SCHED_DYNAMIC_PIPELINE: &str = "SOF_TKN_SCHED_DYNAMIC_PIPELINE";
    pub(crate) const COMP_CORE_ID: &str = "SOF_TKN_COMP_CORE_ID";
    pub(crate) const DAI_TYPE: &str = "SOF_TKN_DAI_TYPE";
    pub(crate) const DAI_INDEX: &str = "SOF_TKN_DAI_INDEX";
    pub(crate) const DAI_DIRECTION: &str = "SOF_TKN_DAI_DIRECTION";
    pub(crate) const BUF_SIZE: &str = "SOF_TKN_BUF_SIZE";
    pub(crate) const COMP_FORMAT: &str = "SOF_TKN_COMP_FORMAT";
}

/// A node of the topology graph.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Node<'a> {
    Widget(&'a Widget),
    /// One direction of a PCM.
    Pcm {
        pcm: &'a Pcm,
        stream: &'a PcmStream,
        direction: Direction,
    },
    /// A back-end DAI link (`SectionBE` / `SectionLink`).
    Link(&'a Link),
}

impl<'a> Node<'a> {
    pub(crate) fn widget(&self) -> Option<&'a Widget> {
        match self {
            Node::Widget(w) => Some(w),
            _ => None,
        }
    }
}

/// An edge, always in signal direction (source to sink).
#[derive(Debug, Clone, Copy)]
pub(crate) enum Edge<'a> {
    /// A `SectionGraph` line.
    Route {
        graph: &'a ConfGraph,
        route: &'a Route,
    },
    /// A PCM stream and its host widget.
    Pcm,
    /// A back-end link and its DAI widget.
    Link,
}

/// A route end that names no widget.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Dangling<'a> {
    pub route: &'a Route,
    /// True when the missing widget is the route's sink (first field).
    pub sink: bool,
}

/// A pipeline: the widgets sharing an `index`, and what schedules them.
#[derive(Debug, Clone, Default)]
pub(crate) struct Pipeline<'a> {
    /// Every `scheduler` widget with this index (one, when all is well).
    pub schedulers: Vec<&'a Widget>,
    /// Every other widget with this index, in file order.
    pub widgets: Vec<NodeIndex>,
}

/// A tuple with the section and group it sits in.
#[derive(Debug, Clone, Copy)]
pub(crate) struct TupleRef<'a> {
    pub group: &'a TupleGroup,
    pub tuple: &'a Tuple,
}

/// The topology's sections by name, for following references. The first
/// definition of a name wins, as the duplicate check reports the rest.
#[derive(Debug, Default)]
pub(crate) struct Names<'a> {
    pub data: HashMap<&'a str, &'a Data>,
    pub tuples: HashMap<&'a str, &'a VendorTuples>,
    pub tokens: HashMap<&'a str, &'a VendorTokens>,
}

/// The graph of a topology, built once and shared by the checks, `graph` and
/// `info`.
#[derive(Debug)]
pub(crate) struct Model<'a> {
    pub conf: &'a ConfTopology,
    pub graph: DiGraph<Node<'a>, Edge<'a>>,
    /// Widget nodes by name (the first definition of a name).
    pub widgets: HashMap<&'a str, NodeIndex>,
    /// PCM nodes, one per PCM stream, in file order.
    pub pcms: Vec<NodeIndex>,
    /// Link nodes by name (the first definition of a name).
    pub links: HashMap<&'a str, NodeIndex>,
    /// Pipelines by ID; widgets without an index are not in any.
    pub pipelines: BTreeMap<u32, Pipeline<'a>>,
    /// Route ends naming no widget.
    pub dangling: Vec<Dangling<'a>>,
    pub names: Names<'a>,
}

impl<'a> Model<'a> {
    pub(crate) fn new(conf: &'a ConfTopology) -> Self {
        // sized once: each table would otherwise regrow a few times
        let mut names = Names::default();
        names.data.reserve(conf.data.len());
        names.tuples.reserve(conf.tuples.len());
        names.tokens.reserve(conf.tokens.len());
        for d in &conf.data {
            names.data.entry(d.name.as_str()).or_insert(d);
        }
        for t in &conf.tuples {
            names.tuples.entry(t.name.as_str()).or_insert(t);
        }
        for t in &conf.tokens {
            names.tokens.entry(t.name.as_str()).or_insert(t);
        }

        let mut graph = DiGraph::with_capacity(conf.widgets.len(), 0);
        let mut widgets = HashMap::default();
        widgets.reserve(conf.widgets.len());
        let mut pipelines: BTreeMap<u32, Pipeline<'a>> = BTreeMap::new();
        for w in &conf.widgets {
            let n = graph.add_node(Node::Widget(w));
            widgets.entry(w.name.as_str()).or_insert(n);
            if let Some(index) = &w.index {
                let p = pipelines.entry(index.value).or_default();
                if kind_of(w) == Some(WidgetKind::Scheduler) {
                    p.schedulers.push(w);
                } else {
                    p.widgets.push(n);
                }
            }
        }

        let mut dangling = Vec::new();
        for g in &conf.graphs {
            for line in &g.lines {
                let Some(route) = &line.route else { continue };
                let sink = widgets.get(route.sink.as_str());
                let source = widgets.get(route.source.as_str());
                if sink.is_none() {
                    dangling.push(Dangling { route, sink: true });
                }
                if source.is_none() {
                    dangling.push(Dangling { route, sink: false });
                }
                if let (Some(&sink), Some(&source)) = (sink, source) {
                    graph.add_edge(source, sink, Edge::Route { graph: g, route });
                }
            }
        }

        // Host widgets by the stream name they carry.
        let mut hosts: HashMap<&str, Vec<NodeIndex>> = HashMap::default();
        let mut dais: HashMap<&str, Vec<NodeIndex>> = HashMap::default();
        for n in graph.node_indices() {
            let Some(w) = graph[n].widget() else { continue };
            let Some(sname) = &w.stream_name else {
                continue;
            };
            match kind_of(w) {
                Some(k) if k.is_host() => hosts.entry(sname.as_str()).or_default().push(n),
                Some(k) if k.is_dai() => dais.entry(sname.as_str()).or_default().push(n),
                _ => {}
            }
        }

        let mut pcms = Vec::new();
        for pcm in &conf.pcms {
            for stream in &pcm.streams {
                let Some(direction) = stream.direction else {
                    continue;
                };
                let n = graph.add_node(Node::Pcm {
                    pcm,
                    stream,
                    direction,
                });
                pcms.push(n);
                let caps = stream
                    .capabilities
                    .as_ref()
                    .map(super::super::conf::ir::Spanned::as_str);
                for &h in caps.and_then(|c| hosts.get(c)).into_iter().flatten() {
                    let host_dir = match graph[h].widget().and_then(kind_of) {
                        Some(WidgetKind::AifIn) => Direction::Playback,
                        _ => Direction::Capture,
                    };
                    if host_dir != direction {
                        continue;
                    }
                    match direction {
                        Direction::Playback => graph.add_edge(n, h, Edge::Pcm),
                        Direction::Capture => graph.add_edge(h, n, Edge::Pcm),
                    };
                }
            }
        }

        let mut links = HashMap::default();
        for link in &conf.links {
            let n = graph.add_node(Node::Link(link));
            links.entry(link.name.as_str()).or_insert(n);
            let mut bound: Vec<NodeIndex> = Vec::new();
            for key in [Some(&link.name), link.stream_name.as_ref()]
                .into_iter()
                .flatten()
            {
                for &d in dais.get(key.as_str()).into_iter().flatten() {
                    if !bound.contains(&d) {
                        bound.push(d);
                    }
                }
            }
            // `dai_in` takes audio in from the DSP and out on the link
            // (playback: SOF's `SSP5.OUT` is a `dai_in`); `dai_out` brings
            // the link's audio out into the DSP (capture).
            for d in bound {
                // DAPM names a DAI widget after the stream entering the DAI:
                // `dai_in` plays back (the signal leaves the graph into the
                // link), `dai_out` captures.
                match graph[d].widget().and_then(kind_of) {
                    Some(WidgetKind::DaiIn) => graph.add_edge(d, n, Edge::Link),
                    _ => graph.add_edge(n, d, Edge::Link),
                };
            }
        }

        Model {
            conf,
            graph,
            widgets,
            pcms,
            links,
            pipelines,
            dangling,
            names,
        }
    }

    /// The widget node of a name.
    pub(crate) fn widget(&self, name: &str) -> Option<&'a Widget> {
        self.widgets.get(name).and_then(|&n| self.graph[n].widget())
    }

    /// Every tuple a section's `data` references reach, in order.
    pub(crate) fn tuples_of(
        &self,
        data: &'a [crate::conf::Ref],
    ) -> impl Iterator<Item = TupleRef<'a>> + '_ {
        data.iter()
            .filter_map(|d| self.names.data.get(d.as_str()))
            .flat_map(|data| data.tuples.iter())
            .filter_map(|t| self.names.tuples.get(t.as_str()))
            .flat_map(|tuples| tuples.groups.iter())
            .flat_map(|group| {
                group
                    .tuples
                    .iter()
                    .map(move |tuple| TupleRef { group, tuple })
            })
    }

    /// The first tuple with this token among a section's data.
    pub(crate) fn token(&self, data: &'a [crate::conf::Ref], token: &str) -> Option<TupleRef<'a>> {
        self.tuples_of(data)
            .find(|t| t.tuple.token.as_str() == token)
    }

    /// A tuple's value read as a number (`None` if absent or not a number).
    pub(crate) fn token_u32(&self, data: &'a [crate::conf::Ref], token: &str) -> Option<u32> {
        let t = self.token(data, token)?;
        match t.group.kind.check(t.tuple.value.as_str()) {
            Ok(crate::conf::TupleValue::Int(v)) => Some(v),
            Ok(crate::conf::TupleValue::Bool(b)) => Some(u32::from(b)),
            _ => None,
        }
    }

    /// The nodes joined to `n` by edges `keep` accepts, either way round:
    /// a PCM stream's hosts, a DAI widget's links, …
    pub(crate) fn joined<'m>(
        &'m self,
        n: NodeIndex,
        keep: impl Fn(&Edge) -> bool + 'm,
    ) -> impl Iterator<Item = NodeIndex> + 'm {
        use petgraph::visit::EdgeRef;
        self.graph
            .edges_directed(n, petgraph::Direction::Outgoing)
            .chain(self.graph.edges_directed(n, petgraph::Direction::Incoming))
            .filter(move |e| keep(e.weight()))
            .map(move |e| {
                if e.source() == n {
                    e.target()
                } else {
                    e.source()
                }
            })
    }
}

/// A widget's `type`, as written.
pub(crate) fn type_of(w: &Widget) -> Option<&str> {
    w.widget_type
        .as_ref()
        .map(super::super::conf::ir::Spanned::as_str)
}

/// A widget's type, when the vocabulary declares it.
pub(crate) fn kind_of(w: &Widget) -> Option<WidgetKind> {
    type_of(w).and_then(WidgetKind::parse)
}

/// Host and DAI widgets end a signal path.
pub(crate) fn is_endpoint(w: &Widget) -> bool {
    kind_of(w).is_some_and(|k| k.is_host() || k.is_dai())
}

/// A widget the firmware runs: SOF's kernel driver creates a firmware
/// component for its type (the library's vocabulary says which). Every
/// other type (`input`, `output`, `out_drv`, …: SOF's `VIRTUAL_WIDGET`s) is
/// a DAPM-only endpoint the machine driver routes to; it needs no pipeline
/// and no path.
pub(crate) fn is_component(w: &Widget) -> bool {
    type_of(w).is_some_and(|t| vocabulary().is_component(t))
}

/// Whether the firmware never sees this widget: it has a type, and not one
/// of a firmware component (`out_drv`, `output`, `input`, … are virtual
/// widgets the kernel keeps for DAPM routing). A widget with no type is
/// neither a component nor virtual.
pub(crate) fn is_virtual(w: &Widget) -> bool {
    type_of(w).is_some_and(|t| !vocabulary().is_component(t))
}

/// The controls a widget carries, by kind, each by its section name.
pub(crate) fn controls(w: &Widget) -> Vec<(&'static str, &str)> {
    let kinds: [(&'static str, &[crate::conf::Ref]); 3] = [
        ("mixer", &w.mixers),
        ("enum", &w.enums),
        ("bytes", &w.bytes),
    ];
    kinds
        .into_iter()
        .flat_map(|(kind, refs)| refs.iter().map(move |r| (kind, r.as_str())))
        .collect()
}

/// The DAI type and index a section's tuples give (a DAI widget's, or a
/// back-end link's from `DAI_CONFIG`'s common tuples).
#[derive(Debug, Clone, Copy)]
pub(crate) struct DaiId<'a> {
    /// `SOF_TKN_DAI_TYPE` as written.
    pub dai_type: Option<&'a str>,
    /// `SOF_TKN_DAI_INDEX`, when it is a number.
    pub index: Option<u32>,
    /// The index tuple's value.
    pub index_span: Option<Span>,
}

impl DaiId<'_> {
    /// The type, when the vocabulary declares it as written.
    pub(crate) fn kind(&self) -> Option<DaiKind> {
        self.dai_type.and_then(DaiKind::parse)
    }

    /// `SSP5`, `DMIC?`; `-` for neither.
    pub(crate) fn label(&self) -> String {
        match (self.dai_type, self.index) {
            (None, None) => "-".to_string(),
            (t, i) => format!(
                "{}{}",
                t.unwrap_or("?"),
                i.map_or_else(|| "?".to_string(), |i| i.to_string())
            ),
        }
    }
}

impl<'a> Model<'a> {
    /// A buffer widget's size in bytes (`SOF_TKN_BUF_SIZE`).
    pub(crate) fn buffer_size(&self, w: &'a Widget) -> Option<u32> {
        (kind_of(w) == Some(WidgetKind::Buffer))
            .then(|| self.token_u32(&w.data, token::BUF_SIZE))
            .flatten()
    }

    /// A widget's sample format (`SOF_TKN_COMP_FORMAT`: `s16le`, …).
    pub(crate) fn sample_format(&self, w: &'a Widget) -> Option<&'a str> {
        self.token(&w.data, token::COMP_FORMAT)
            .map(|t| t.tuple.value.as_str())
    }

    /// The DAI type and index among a section's data.
    pub(crate) fn dai_id(&self, data: &'a [crate::conf::Ref]) -> DaiId<'a> {
        DaiId {
            dai_type: self
                .token(data, token::DAI_TYPE)
                .map(|t| t.tuple.value.as_str()),
            index: self.token_u32(data, token::DAI_INDEX),
            index_span: self
                .token(data, token::DAI_INDEX)
                .map(|t| t.tuple.value.span),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::{Origin, Sources};

    fn model_of(text: &str, f: impl FnOnce(&Model)) {
        let mut sources = Sources::new();
        let id = sources.add("t.conf", Origin::Synthetic, text.to_string());
        let conf = crate::conf::parse(&sources, id).expect("parses");
        f(&Model::new(&conf));
    }

    const SMALL: &str = r#"
SectionWidget."PCM0P" { index "1" type "aif_in" stream_name "Playback 0" }
SectionWidget."BUF1.0" { index "1" type "buffer" }
SectionWidget."SSP0.OUT" { index "1" type "dai_in" stream_name "SSP0-Codec" }
SectionWidget."PIPELINE.1.SSP0.OUT" { index "1" type "scheduler" stream_name "SSP0.OUT" }
SectionGraph."pipe" {
    index "1"
    lines [
        "BUF1.0, , PCM0P"
        "SSP0.OUT, , BUF1.0"
        "SSP0.OUT, , MISSING"
    ]
}
SectionPCMCapabilities."Playback 0" { formats "S16_LE" }
SectionPCM."Port0" { id "0" pcm."playback" { capabilities "Playback 0" } }
SectionBE."SSP0-Codec" { id "0" index "0" }
"#;

    #[test]
    fn binds_pcms_links_and_pipelines() {
        model_of(SMALL, |m| {
            assert_eq!(m.graph.node_count(), 6);
            // two routes, the PCM binding, the link binding
            assert_eq!(m.graph.edge_count(), 4);
            assert_eq!(m.dangling.len(), 1);
            assert!(!m.dangling[0].sink);
            let p = &m.pipelines[&1];
            assert_eq!(p.schedulers.len(), 1);
            assert_eq!(p.widgets.len(), 3);
            let pcm = m.pcms[0];
            let host = m.widgets["PCM0P"];
            assert!(m.graph.find_edge(pcm, host).is_some());
            let dai = m.widgets["SSP0.OUT"];
            let link = m.links["SSP0-Codec"];
            assert!(m.graph.find_edge(dai, link).is_some());
        });
    }
}
