//! The model as `tplg info` tabulates it and `tplg graph` draws it: each
//! pipeline with its scheduling, each PCM with its streams, each DAI widget
//! and each back-end link with the facts their tuples give. Read from the
//! one [`Model`] the checks use (its graph, its pipelines, its DAI
//! identities), never from the sections again.

use super::model::{is_virtual, kind_of, token, DaiId, Edge, Model, Node};
use crate::conf::{Direction, HwConfig, Link, Pcm, PcmCapabilities, Ref, Widget};
use crate::vocab::WidgetKind;
use petgraph::graph::NodeIndex;
use petgraph::visit::EdgeRef;
use petgraph::Direction as GraphDirection;
use rustc_hash::FxHashMap as HashMap;

/// A pipeline: its scheduling, the firmware widgets with its ID, and the
/// PCMs its host widgets serve.
#[derive(Debug, Clone)]
pub(crate) struct PipelineInfo<'a> {
    pub id: u32,
    /// The first `scheduler` widget with this ID.
    pub scheduler: Option<&'a Widget>,
    /// The widget that schedules the pipeline (the scheduler's `stream_name`).
    pub sched_comp: Option<&'a str>,
    pub core: Option<u32>,
    /// In µs.
    pub period: Option<u32>,
    pub priority: Option<u32>,
    pub time_domain: Option<u32>,
    pub dynamic: Option<bool>,
    /// Firmware widgets with this ID other than the scheduler, in file order.
    pub widgets: Vec<NodeIndex>,
    /// PCM stream nodes bound to the pipeline's host widgets.
    pub pcms: Vec<NodeIndex>,
}

/// One PCM stream: its direction, capabilities and host widgets.
#[derive(Debug, Clone)]
pub(crate) struct StreamInfo<'a> {
    pub direction: Direction,
    pub node: NodeIndex,
    pub hosts: Vec<&'a Widget>,
    /// The `SectionPCMCapabilities` the stream names, when there is one.
    pub caps: Option<&'a PcmCapabilities>,
}

/// A `SectionPCM`.
#[derive(Debug, Clone)]
pub(crate) struct PcmInfo<'a> {
    pub pcm: &'a Pcm,
    pub streams: Vec<StreamInfo<'a>>,
    /// Pipelines of the host widgets, sorted.
    pub pipelines: Vec<u32>,
}

/// A DAI widget (`dai_in` / `dai_out`).
#[derive(Debug, Clone)]
pub(crate) struct DaiInfo<'a> {
    pub widget: &'a Widget,
    pub node: NodeIndex,
    pub dai: DaiId<'a>,
    pub direction: Option<Direction>,
    /// The BE links bound to the widget.
    pub links: Vec<&'a Link>,
}

/// A back-end link (`SectionBE`).
#[derive(Debug, Clone)]
pub(crate) struct LinkInfo<'a> {
    pub link: &'a Link,
    pub node: NodeIndex,
    /// Its `hw_configs`, each with the section when there is one.
    pub hw_configs: Vec<(&'a Ref, Option<&'a HwConfig>)>,
    /// From the link's data (`DAI_CONFIG`'s common tuples).
    pub dai: DaiId<'a>,
}

impl LinkInfo<'_> {
    /// The hardware configuration the link starts with: the one whose ID is
    /// `default_hw_conf_id`, or the first.
    pub(crate) fn default_hw_config(&self) -> Option<&HwConfig> {
        let configs = self.hw_configs.iter().filter_map(|(_, c)| *c);
        match &self.link.default_hw_conf_id {
            Some(d) => configs
                .clone()
                .find(|c| c.id.as_ref().is_some_and(|i| i.value == d.value))
                .or_else(|| configs.clone().next()),
            None => configs.clone().next(),
        }
    }
}

/// Everything `info` tabulates and `graph` draws.
#[derive(Debug)]
pub(crate) struct Summary<'a> {
    pub pipelines: Vec<PipelineInfo<'a>>,
    pub pcms: Vec<PcmInfo<'a>>,
    pub dais: Vec<DaiInfo<'a>>,
    pub links: Vec<LinkInfo<'a>>,
}

impl<'a> Summary<'a> {
    pub(crate) fn of(m: &Model<'a>) -> Summary<'a> {
        let mut pipelines = Vec::new();
        for (&id, p) in &m.pipelines {
            let widgets: Vec<NodeIndex> = p
                .widgets
                .iter()
                .copied()
                .filter(|&n| m.graph[n].widget().is_some_and(|w| !is_virtual(w)))
                .collect();
            let scheduler = p.schedulers.first().copied();
            if scheduler.is_none() && widgets.is_empty() {
                // only virtual widgets use this index
                continue;
            }
            let data: &'a [Ref] = scheduler.map_or(&[], |s| s.data.as_slice());
            let mut pcms = Vec::new();
            for &n in &widgets {
                for e in m.graph.edges_directed(n, GraphDirection::Incoming) {
                    if matches!(e.weight(), Edge::Pcm) && !pcms.contains(&e.source()) {
                        pcms.push(e.source());
                    }
                }
                for e in m.graph.edges_directed(n, GraphDirection::Outgoing) {
                    if matches!(e.weight(), Edge::Pcm) && !pcms.contains(&e.target()) {
                        pcms.push(e.target());
                    }
                }
            }
            pcms.sort();
            pipelines.push(PipelineInfo {
                id,
                scheduler,
                sched_comp: scheduler.and_then(|s| {
                    s.stream_name
                        .as_ref()
                        .map(super::super::conf::ir::Spanned::as_str)
                }),
                core: m.token_u32(data, token::SCHED_CORE),
                period: m.token_u32(data, token::SCHED_PERIOD),
                priority: m.token_u32(data, token::SCHED_PRIORITY),
                time_domain: m.token_u32(data, token::SCHED_TIME_DOMAIN),
                dynamic: m
                    .token_u32(data, token::SCHED_DYNAMIC_PIPELINE)
                    .map(|v| v != 0),
                widgets,
                pcms,
            });
        }

        let caps: HashMap<&str, &'a PcmCapabilities> = m
            .conf
            .pcm_capabilities
            .iter()
            .rev()
            .map(|c| (c.name.as_str(), c))
            .collect();
        let mut pcms: Vec<PcmInfo<'a>> = Vec::new();
        for &n in &m.pcms {
            let Node::Pcm {
                pcm,
                direction,
                stream,
            } = m.graph[n]
            else {
                continue;
            };
            let hosts: Vec<&Widget> = m
                .joined(n, |e| matches!(e, Edge::Pcm))
                .filter_map(|o| m.graph[o].widget())
                .collect();
            let stream = StreamInfo {
                direction,
                node: n,
                hosts,
                caps: stream
                    .capabilities
                    .as_ref()
                    .and_then(|c| caps.get(c.as_str()).copied()),
            };
            match pcms.iter_mut().find(|p| std::ptr::eq(p.pcm, pcm)) {
                Some(p) => p.streams.push(stream),
                None => pcms.push(PcmInfo {
                    pcm,
                    streams: vec![stream],
                    pipelines: Vec::new(),
                }),
            }
        }
        // PCMs with no stream in a known direction still get a row
        for pcm in &m.conf.pcms {
            if !pcms.iter().any(|p| std::ptr::eq(p.pcm, pcm)) {
                pcms.push(PcmInfo {
                    pcm,
                    streams: Vec::new(),
                    pipelines: Vec::new(),
                });
            }
        }
        pcms.sort_by_key(|p| p.pcm.span.start());
        for p in &mut pcms {
            let mut ids: Vec<u32> = p
                .streams
                .iter()
                .flat_map(|s| &s.hosts)
                .filter_map(|w| w.index.as_ref().map(|i| i.value))
                .collect();
            ids.sort_unstable();
            ids.dedup();
            p.pipelines = ids;
        }

        let mut dais = Vec::new();
        for n in m.graph.node_indices() {
            let Some(w) = m.graph[n].widget() else {
                continue;
            };
            let Some(kind) = kind_of(w).filter(|k| k.is_dai()) else {
                continue;
            };
            // the widget the names resolve to, not a later duplicate
            if m.widgets.get(w.name.as_str()) != Some(&n) {
                continue;
            }
            let direction = match m.token_u32(&w.data, token::DAI_DIRECTION) {
                Some(0) => Some(Direction::Playback),
                Some(1) => Some(Direction::Capture),
                _ => match kind {
                    // a playback DAI takes audio in from the DSP
                    WidgetKind::DaiIn => Some(Direction::Playback),
                    _ => Some(Direction::Capture),
                },
            };
            let links: Vec<&Link> = m
                .joined(n, |e| matches!(e, Edge::Link))
                .filter_map(|o| match m.graph[o] {
                    Node::Link(l) => Some(l),
                    _ => None,
                })
                .collect();
            dais.push(DaiInfo {
                widget: w,
                node: n,
                dai: m.dai_id(&w.data),
                direction,
                links,
            });
        }

        let hw: HashMap<&str, &'a HwConfig> = m
            .conf
            .hw_configs
            .iter()
            .rev()
            .map(|h| (h.name.as_str(), h))
            .collect();
        let mut links = Vec::new();
        for n in m.graph.node_indices() {
            let Node::Link(link) = m.graph[n] else {
                continue;
            };
            links.push(LinkInfo {
                link,
                node: n,
                hw_configs: link
                    .hw_configs
                    .iter()
                    .map(|r| (r, hw.get(r.as_str()).copied()))
                    .collect(),
                dai: m.dai_id(&link.data),
            });
        }

        Summary {
            pipelines,
            pcms,
            dais,
            links,
        }
    }
}
