//! The edges, in signal direction: routes (their controls as labels),
//! PCM and link bindings, and the routes whose end names no widget.

use super::dot::quote;
use super::{Drawing, LINK_FILL, MISSING_COLOR, PCM_FILL, VIRTUAL_COLOR};
use crate::conf::Direction;
use crate::validate::model::{is_virtual, Edge, Model, Node};
use crate::validate::summary::Summary;
use petgraph::graph::NodeIndex;
use petgraph::visit::EdgeRef;
use std::collections::{BTreeSet, HashMap};
use std::fmt::Write as _;

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

/// Every edge.
pub(super) fn edges(d: &mut Drawing) {
    let Drawing { m, s, ids, out, .. } = d;
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
                    .any(|&n| m.graph[n].widget().is_some_and(is_virtual));
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
}
