//! The ends of the signal paths: PCMs (a port per stream), back-end links
//! (a port per direction bound) and route ends naming no widget.

use super::dot::{label, quote, record_field};
use super::{Drawing, LINK_FILL, MISSING_COLOR, PCM_FILL};
use crate::conf::Direction;
use crate::info::{link_facts, pcm_label, stream_facts};
use crate::validate::model::{Edge, Model, Node};
use crate::validate::summary::StreamInfo;
use petgraph::graph::NodeIndex;
use std::collections::BTreeSet;
use std::fmt::Write as _;

/// PCMs: one node each, a port per stream.
pub(super) fn pcms(d: &mut Drawing) {
    let Drawing {
        m,
        s,
        ids,
        legend,
        out,
        ..
    } = d;
    if !s.pcms.is_empty() {
        let _ = writeln!(out, "\n    // PCMs, a port per stream");
        legend.pcm = true;
    }
    let mut drawn_pcms: BTreeSet<&str> = BTreeSet::new();
    for p in &s.pcms {
        if !drawn_pcms.insert(p.pcm.name.as_str()) {
            continue;
        }
        let mut fields = vec![record_field(None, &[format!("PCM {}", pcm_label(p.pcm))])];
        // every SectionPCM of the name: alsatplg merges them
        // playback first, as links have it, so that the paths do not cross
        let mut streams: Vec<&StreamInfo> = s
            .pcms
            .iter()
            .filter(|q| q.pcm.name.value == p.pcm.name.value)
            .flat_map(|q| &q.streams)
            .collect();
        streams.sort_by_key(|st| st.direction == Direction::Capture);
        for st in streams {
            let mut lines = vec![st.direction.name().to_string()];
            if let Node::Pcm { stream, .. } = m.graph[st.node] {
                if let Some(caps) = &stream.capabilities {
                    lines[0].push_str(&format!(" · {}", caps.value));
                }
            }
            if let Some(c) = st.caps {
                let facts = stream_facts(c);
                if !facts.is_empty() {
                    lines.push(facts.join(" · "));
                }
            }
            fields.push(record_field(Some(st.direction.name()), &lines));
        }
        let _ = writeln!(
            out,
            "    {} [shape=Mrecord, label=\"{}\", fillcolor={}];",
            quote(&ids.pcm(p.pcm)),
            fields.join("|"),
            quote(PCM_FILL)
        );
    }
}

/// BE links: one node each, with the facts of the hardware configuration
/// it starts with, and a port per direction bound.
pub(super) fn links(d: &mut Drawing) {
    let Drawing {
        m,
        s,
        ids,
        legend,
        out,
        ..
    } = d;
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
            facts.push(l.dai.label());
        }
        let hw = l.default_hw_config().map(link_facts).unwrap_or_default();
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
            let name = d.name();
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
}

/// Route ends naming no widget.
pub(super) fn missing(d: &mut Drawing) {
    let Drawing {
        m,
        ids,
        legend,
        out,
        ..
    } = d;
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
