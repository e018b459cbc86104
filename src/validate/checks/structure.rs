//! Checks on the shape of the graph: routes that name nothing, cycles, and
//! widgets that no signal path reaches.

use super::Check;
use crate::conf::{GraphLine, Route, Widget};
use crate::source::Span;
use crate::validate::model::{is_component, is_endpoint, kind_of, type_of, Edge, Model, Node};
use crate::validate::{Context, Finding};
use crate::vocab::{closest, WidgetKind};
use petgraph::graph::NodeIndex;
use petgraph::unionfind::UnionFind;
use petgraph::visit::EdgeRef;
use petgraph::Direction as Dir;
use rustc_hash::FxHashMap as HashMap;
use std::collections::{BTreeMap, VecDeque};

pub(super) const ROUTE_DANGLING: Check = Check {
    code: "tplg::route::dangling",
    summary: "a route names a widget that does not exist",
    help: "fix the name (the message suggests the closest widget)",
    run: route_dangling,
};

pub(super) const ROUTE_CYCLE: Check = Check {
    code: "tplg::route::cycle",
    summary: "routes form a cycle (SOF pipelines are acyclic)",
    help: "remove the route that closes the loop (the finding lists the cycle)",
    run: route_cycle,
};

pub(super) const PATH_ISOLATED: Check = Check {
    code: "tplg::path::isolated",
    summary: "widgets with no path to any host (PCM) or DAI widget",
    help: "route them, or remove them",
    run: path_isolated,
};

pub(super) const PATH_UNROUTED: Check = Check {
    code: "tplg::path::unrouted",
    summary: "a host or DAI widget with no route on its pipeline side",
    help: "add the route (routes run in signal direction)",
    run: path_unrouted,
};

/// The widget nodes alsatplg writes: the first definition of each name (it
/// merges a repeated definition into the first).
pub(super) fn widget_nodes<'m, 'a>(
    model: &'m Model<'a>,
) -> impl Iterator<Item = (NodeIndex, &'a Widget)> + 'm {
    model.graph.node_indices().filter_map(move |n| {
        let w = model.graph[n].widget()?;
        (model.widgets.get(w.name.as_str()) == Some(&n)).then_some((n, w))
    })
}

/// The `"sink, control, source"` line a route was read from.
pub(super) fn route_line<'a>(
    graph: &'a crate::conf::Graph,
    route: &Route,
) -> Option<&'a GraphLine> {
    graph
        .lines
        .iter()
        .find(|l| l.route.as_ref().is_some_and(|r| std::ptr::eq(r, route)))
}

/// The span of a route: its line, quotes included.
pub(super) fn route_span(graph: &crate::conf::Graph, route: &Route) -> Span {
    route_line(graph, route).map_or(route.sink.span.to(route.source.span), |l| l.text.span)
}

/// A list of names for a message: `` `a`, `b` and `c` ``, at most `max`.
pub(super) fn name_list<'a>(names: impl IntoIterator<Item = &'a str>, max: usize) -> String {
    let names: Vec<&str> = names.into_iter().collect();
    let shown: Vec<String> = names.iter().take(max).map(|n| format!("`{n}`")).collect();
    let more = names.len().saturating_sub(max);
    match (shown.len(), more) {
        (0, _) => String::new(),
        (1, 0) => shown[0].clone(),
        (_, 0) => format!(
            "{} and {}",
            shown[..shown.len() - 1].join(", "),
            shown[shown.len() - 1]
        ),
        (_, m) => format!("{} and {m} more", shown.join(", ")),
    }
}

fn route_dangling(cx: &Context, out: &mut Vec<Finding>) {
    for d in &cx.model.dangling {
        let (end, name) = if d.sink {
            ("sink", &d.route.sink)
        } else {
            ("source", &d.route.source)
        };
        let mut f = Finding::error(
            ROUTE_DANGLING.code,
            name.span,
            format!("route {end} `{}` is not a widget", name.value),
        )
        .label("no SectionWidget has this name");
        let near = closest(&name.value, cx.conf.widgets.iter().map(|w| w.name.as_str()));
        f = f.help(match near {
            Some(n) => format!("did you mean `{n}`? A route is \"sink, control, source\"; both ends must name widgets"),
            None => "a route is \"sink, control, source\"; both ends must name widgets defined in this topology".to_string(),
        });
        out.push(f);
    }
}

fn widget_name<'a>(model: &Model<'a>, n: NodeIndex) -> &'a str {
    match model.graph[n] {
        Node::Widget(w) => w.name.as_str(),
        Node::Pcm { pcm, .. } => pcm.name.as_str(),
        Node::Link(l) => l.name.as_str(),
    }
}

fn route_cycle(cx: &Context, out: &mut Vec<Finding>) {
    let model = cx.model;
    // Only routes: PCM and link bindings never close a loop of their own.
    let routes = model.graph.filter_map(
        |_, n| Some(*n),
        |_, e| matches!(e, Edge::Route { .. }).then_some(*e),
    );
    let mut sccs = petgraph::algo::tarjan_scc(&routes);
    for scc in &mut sccs {
        scc.sort();
    }
    sccs.sort_by_key(|s| s[0]);
    for scc in sccs {
        let start = scc[0];
        if scc.len() == 1 && routes.find_edge(start, start).is_none() {
            continue;
        }
        // The shortest cycle through the first widget of the component.
        let mut parent: HashMap<NodeIndex, petgraph::graph::EdgeIndex> = HashMap::default();
        let mut queue = VecDeque::from([start]);
        let mut closing = None;
        'bfs: while let Some(n) = queue.pop_front() {
            for e in routes.edges_directed(n, Dir::Outgoing) {
                let t = e.target();
                if t == start {
                    closing = Some(e.id());
                    break 'bfs;
                }
                if scc.binary_search(&t).is_ok() && !parent.contains_key(&t) {
                    parent.insert(t, e.id());
                    queue.push_back(t);
                }
            }
        }
        let Some(closing) = closing else { continue };
        let mut edges = vec![closing];
        let mut at = routes.edge_endpoints(closing).expect("edge").0;
        while at != start {
            let e = parent[&at];
            edges.push(e);
            at = routes.edge_endpoints(e).expect("edge").0;
        }
        edges.reverse();
        let mut path: Vec<&str> = vec![widget_name(model, start)];
        for &e in &edges {
            path.push(widget_name(
                model,
                routes.edge_endpoints(e).expect("edge").1,
            ));
        }
        let spans: Vec<Span> = edges
            .iter()
            .map(|&e| match routes[e] {
                Edge::Route { graph, route } => route_span(graph, route),
                _ => unreachable!("only routes are kept"),
            })
            .collect();
        let chain = path
            .iter()
            .map(|n| format!("`{n}`"))
            .collect::<Vec<_>>()
            .join(" → ");
        let others = scc.len() + 1 - path.len();
        let extra = if others > 0 {
            format!(" ({others} more widgets are on other cycles through these)")
        } else {
            String::new()
        };
        // The route written last is the likeliest to be the stray one.
        let last = *spans
            .iter()
            .max_by_key(|s| (s.file, s.start()))
            .expect("a cycle has an edge");
        let mut f = Finding::error(
            ROUTE_CYCLE.code,
            last,
            format!("routes form a cycle: {chain}{extra}"),
        )
        .label("this route closes the cycle")
        .help(
            "SOF pipelines are acyclic: the firmware walks a pipeline from source to sink \
             and never returns; remove or redirect one route of the cycle (a route is \
             \"sink, control, source\")",
        );
        for s in spans.iter().filter(|s| **s != last) {
            f = f.related("route in the cycle", *s);
        }
        out.push(f);
    }
}

/// Groups of widgets connected by routes, ignoring direction: the
/// group's representative for each node. (PCM and link bindings are left
/// out: a link joins a DAI's playback and capture paths, which are
/// separate signal paths.)
pub(super) fn groups(model: &Model) -> UnionFind<usize> {
    let mut uf = UnionFind::new(model.graph.node_count());
    for e in model.graph.edge_indices() {
        if !matches!(model.graph[e], Edge::Route { .. }) {
            continue;
        }
        let (a, b) = model.graph.edge_endpoints(e).expect("edge");
        uf.union(a.index(), b.index());
    }
    uf
}

/// Widgets a dangling route was probably meant to connect: its existing
/// end, and the widget its missing end's name is closest to (the one it
/// misspells). What they reach is unknown, and the dangling route is
/// reported already.
pub(super) fn beside_dangling<'a>(model: &Model<'a>) -> rustc_hash::FxHashSet<&'a str> {
    let mut out = rustc_hash::FxHashSet::default();
    for d in &model.dangling {
        let (there, missing) = if d.sink {
            (&d.route.source, &d.route.sink)
        } else {
            (&d.route.sink, &d.route.source)
        };
        out.insert(there.as_str());
        if let Some(meant) = closest(
            missing.as_str(),
            model.conf.widgets.iter().map(|w| w.name.as_str()),
        ) {
            out.insert(meant);
        }
    }
    out
}

fn path_isolated(cx: &Context, out: &mut Vec<Finding>) {
    let model = cx.model;
    let uf = groups(model);
    let mut has_endpoint: HashMap<usize, bool> = HashMap::default();
    let unknown = beside_dangling(model);
    for (n, w) in widget_nodes(model) {
        if is_endpoint(w) || unknown.contains(w.name.as_str()) {
            has_endpoint.insert(uf.find(n.index()), true);
        }
    }
    // Group -> its stranded widgets, in file order.
    let mut stranded: BTreeMap<usize, Vec<&Widget>> = BTreeMap::new();
    let mut first: HashMap<usize, usize> = HashMap::default();
    for (n, w) in widget_nodes(model) {
        if !is_component(w) || is_endpoint(w) || kind_of(w) == Some(WidgetKind::Scheduler) {
            continue;
        }
        let g = uf.find(n.index());
        if has_endpoint.get(&g).copied().unwrap_or(false) {
            continue;
        }
        let order = *first.entry(g).or_insert(n.index());
        stranded.entry(order).or_default().push(w);
    }
    for (_, ws) in stranded {
        let names = name_list(ws.iter().map(|w| w.name.as_str()), 6);
        let (what, verb) = if ws.len() == 1 {
            ("widget", "is")
        } else {
            ("widgets", "are")
        };
        let n0 = model.widgets[ws[0].name.as_str()];
        let routed = model.graph.neighbors_undirected(n0).next().is_some();
        let why = match (ws.len(), routed) {
            (1, false) => "no route names it",
            (1, true) => "its routes reach no host (aif_in/aif_out) or DAI (dai_in/dai_out) widget",
            _ => "their routes reach no host (aif_in/aif_out) or DAI (dai_in/dai_out) widget",
        };
        let mut f = Finding::warning(
            PATH_ISOLATED.code,
            ws[0].name.span,
            format!("{what} {names} {verb} on no path from a PCM or to a DAI: {why}"),
        )
        .label("no signal reaches this widget")
        .help(
            "connect it with a SectionGraph route (\"sink, control, source\") to a pipeline \
             that ends in a host or DAI widget, or remove it; the kernel never sets up a \
             widget no PCM or DAI path reaches",
        );
        for w in &ws[1..] {
            f = f.related(
                format!("`{}` is in the same group", w.name.value),
                w.name.span,
            );
        }
        out.push(f);
    }
}

/// The side of an endpoint widget its pipeline is on: the direction of
/// the routes it must have.
fn pipeline_side(w: &Widget) -> Option<(Dir, &'static str)> {
    match kind_of(w)? {
        // Playback host and capture DAI: sources of the pipeline. (In
        // DAPM a DAI's "in" is the stream going into the DAI: playback.)
        WidgetKind::AifIn => Some((Dir::Outgoing, "a playback host (aif_in) feeds its pipeline, so it must be the source (third field) of a route")),
        WidgetKind::DaiOut => Some((Dir::Outgoing, "a capture DAI (dai_out) feeds its pipeline, so it must be the source (third field) of a route")),
        // Capture host and playback DAI: sinks.
        WidgetKind::AifOut => Some((Dir::Incoming, "a capture host (aif_out) is fed by its pipeline, so it must be the sink (first field) of a route")),
        WidgetKind::DaiIn => Some((Dir::Incoming, "a playback DAI (dai_in) is fed by its pipeline, so it must be the sink (first field) of a route")),
        _ => None,
    }
}

fn path_unrouted(cx: &Context, out: &mut Vec<Finding>) {
    let model = cx.model;
    let unknown = beside_dangling(model);
    for (n, w) in widget_nodes(model) {
        let Some((side, rule)) = pipeline_side(w) else {
            continue;
        };
        if unknown.contains(w.name.as_str()) {
            continue;
        }
        let routes = |d: Dir| {
            model
                .graph
                .edges_directed(n, d)
                .filter(|e| matches!(e.weight(), Edge::Route { .. }))
                .count()
        };
        if routes(side) > 0 {
            continue;
        }
        let opposite = match side {
            Dir::Outgoing => Dir::Incoming,
            Dir::Incoming => Dir::Outgoing,
        };
        let wrong = routes(opposite);
        let ty = type_of(w).unwrap_or_default();
        let message = if wrong > 0 {
            format!(
                "{ty} widget `{}` is routed the wrong way round: it is the {} of {wrong} route(s) and the {} of none",
                w.name.value,
                if side == Dir::Outgoing { "sink" } else { "source" },
                if side == Dir::Outgoing { "source" } else { "sink" },
            )
        } else {
            format!("{ty} widget `{}` has no route", w.name.value)
        };
        out.push(
            Finding::error(PATH_UNROUTED.code, w.name.span, message)
                .label(if wrong > 0 {
                    "no signal flows through this endpoint"
                } else {
                    "no route connects this endpoint to a pipeline"
                })
                .help(format!(
                    "{rule}; the firmware cannot complete a pipeline whose endpoint has no buffer on that side"
                )),
        );
    }
}

#[cfg(test)]
mod tests {
    use crate::validate::checks::test_support::{codes, findings};

    const CLEAN: &str = r#"
SectionWidget."PCM0P" { index "1" type "aif_in" stream_name "Playback 0" }
SectionWidget."BUF1.0" { index "1" type "buffer" }
SectionWidget."PGA1.0" { index "1" type "pga" }
SectionWidget."SSP0.OUT" { index "1" type "dai_in" stream_name "SSP0-Codec" }
SectionWidget."PIPELINE.1.SSP0.OUT" { index "1" type "scheduler" stream_name "SSP0.OUT" }
SectionWidget."codec0_out" { index "1" type "output" no_pm "true" }
SectionGraph."pipe" {
    index "1"
    lines [
        "BUF1.0, , PCM0P"
        "PGA1.0, , BUF1.0"
        "SSP0.OUT, , PGA1.0"
    ]
}
SectionPCMCapabilities."Playback 0" { formats "S16_LE" }
SectionPCM."Port0" { id "0" pcm."playback" { capabilities "Playback 0" } }
SectionBE."SSP0-Codec" { id "0" index "0" }
"#;

    fn with_lines(lines: &[&str]) -> String {
        let quoted: Vec<String> = lines.iter().map(|l| format!("\"{l}\"")).collect();
        CLEAN.replace(
            "\"SSP0.OUT, , PGA1.0\"",
            &format!("\"SSP0.OUT, , PGA1.0\"\n{}", quoted.join("\n")),
        )
    }

    #[test]
    fn a_clean_pipeline_is_quiet() {
        let found = codes(CLEAN);
        assert!(found.is_empty(), "{found:?}");
    }

    #[test]
    fn a_cycle_names_its_widgets_once() {
        let f = findings(&with_lines(&["BUF1.0, , PGA1.0"]));
        let cycles: Vec<_> = f
            .iter()
            .filter(|f| f.code == "tplg::route::cycle")
            .collect();
        assert_eq!(cycles.len(), 1, "{f:?}");
        assert!(
            cycles[0].message.contains("`BUF1.0` → `PGA1.0` → `BUF1.0`"),
            "{}",
            cycles[0].message
        );
    }

    #[test]
    fn a_self_loop_is_a_cycle() {
        let found = codes(&with_lines(&["PGA1.0, , PGA1.0"]));
        assert_eq!(
            found.iter().filter(|c| *c == "tplg::route::cycle").count(),
            1
        );
    }

    #[test]
    fn a_diamond_is_not_a_cycle() {
        // Two paths from the buffer to the DAI join again: a DAG.
        let text = CLEAN.replace(
            r#"SectionGraph."pipe""#,
            r#"SectionWidget."PGA1.1" { index "1" type "pga" }
SectionGraph."more" { index "1" lines [ "PGA1.1, , BUF1.0" "SSP0.OUT, , PGA1.1" ] }
SectionGraph."pipe""#,
        );
        let found = codes(&text);
        assert!(found.is_empty(), "{found:?}");
    }

    #[test]
    fn virtual_widgets_need_no_path() {
        // `codec0_out` in CLEAN has no route: it is a DAPM endpoint.
        assert!(!codes(CLEAN).contains(&"tplg::path::isolated".to_string()));
    }

    #[test]
    fn an_island_is_one_finding() {
        let text = CLEAN.replace(
            r#"SectionGraph."pipe""#,
            r#"SectionWidget."BUF9.0" { index "1" type "buffer" }
SectionWidget."PGA9.0" { index "1" type "pga" }
SectionGraph."island" { index "1" lines [ "PGA9.0, , BUF9.0" ] }
SectionGraph."pipe""#,
        );
        let f = findings(&text);
        let iso: Vec<_> = f
            .iter()
            .filter(|f| f.code == "tplg::path::isolated")
            .collect();
        assert_eq!(iso.len(), 1, "{f:?}");
        assert!(iso[0].message.contains("`BUF9.0` and `PGA9.0`"));
    }

    #[test]
    fn an_unrouted_host_and_a_backwards_dai() {
        let text = CLEAN
            .replace("\"BUF1.0, , PCM0P\"", "")
            .replace("\"SSP0.OUT, , PGA1.0\"", "\"PGA1.0, , SSP0.OUT\"");
        let f = findings(&text);
        let un: Vec<_> = f
            .iter()
            .filter(|f| f.code == "tplg::path::unrouted")
            .collect();
        assert_eq!(un.len(), 2, "{f:?}");
        assert!(un[0].message.contains("`PCM0P` has no route"));
        assert!(un[1].message.contains("wrong way round"));
    }

    #[test]
    fn a_misspelt_route_is_one_finding() {
        // The host's only route names `PCM0` for `PCM0P`: the host has no
        // route, but that is the dangling route's story.
        let text = CLEAN.replace("\"BUF1.0, , PCM0P\"", "\"BUF1.0, , PCM0\"");
        let found = codes(&text);
        assert_eq!(
            found,
            vec!["tplg::route::dangling".to_string()],
            "{found:?}"
        );
    }

    #[test]
    fn name_lists() {
        use super::name_list;
        assert_eq!(name_list(["a"], 3), "`a`");
        assert_eq!(name_list(["a", "b", "c"], 3), "`a`, `b` and `c`");
        assert_eq!(name_list(["a", "b", "c", "d"], 2), "`a`, `b` and 2 more");
    }
}
