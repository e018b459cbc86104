//! The legend: one sample node per kind of node drawn, and a note on the
//! edges.

use super::dot::{label, quote, Ids};
use super::pipelines::style_of;
use super::{Options, DYNAMIC_COLOR, LINK_FILL, MISSING_COLOR, PCM_FILL, VIRTUAL_COLOR};
use crate::info::plural;
use std::collections::BTreeSet;
use std::fmt::Write as _;

/// What the graph shows, for its legend.
#[derive(Debug, Default)]
pub(super) struct Legend {
    /// Firmware widget types drawn.
    pub(super) types: BTreeSet<String>,
    pub(super) virtuals: bool,
    pub(super) pcm: bool,
    pub(super) link: bool,
    pub(super) missing: bool,
    pub(super) dynamic: bool,
    /// Virtual widgets no route touches.
    pub(super) unconnected: usize,
}

impl Legend {
    /// A cluster of one sample node per kind of node drawn, chained
    /// invisibly so that it reads left to right, and a note on edges.
    pub(super) fn write(&self, out: &mut String, ids: &mut Ids, opts: Options) {
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
