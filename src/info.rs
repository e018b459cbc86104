//! `tplg info`: what a topology holds, as tables of pipelines, PCMs, DAIs
//! and back-end links, and the reminders M4's `INFO` printed made real
//! checks.
//!
//! SOF's M4 library, built with `-DINFO`, printed three notes and left the
//! checking to the reader: a DAI index must name a member of the firmware
//! platform's DAI array, a DAI link ID must match the machine driver's, and
//! PCM IDs must be unique. Here they are checked:
//!
//! - [`DAI_INDEX`]: a DAI's index against the platform's DAI counts, which a
//!   platform file gives as `PLATFORM_<TYPE>_COUNT` symbols
//!   (`define PLATFORM_SSP_COUNT = 6`);
//! - PCM IDs and BE link IDs: the validator's `tplg::pcm::duplicate_id` and
//!   `tplg::link::duplicate_id` (which `build` and `lint` run too); `info`
//!   adds notes on link IDs that are all 0, or not contiguous from 0 (the
//!   machine driver decides, and SOF's own topologies skip IDs).
//!
//! [`Summary`] is also what `tplg graph` draws from.

use crate::conf::{Direction, HwConfig, Link, Pcm, Ref, Widget};
use crate::source::{Sources, Span};
use crate::validate::model::{self, widget_type, Edge, Model, Node};
use crate::validate::platform::count_symbol;
use crate::validate::{self, Finding, Platform};
use crate::vocab::vocabulary;
use petgraph::graph::NodeIndex;
use petgraph::visit::EdgeRef;
use petgraph::Direction as GraphDirection;
use std::collections::HashMap;
use std::fmt::Write as _;

/// SOF's token names this module reads (declared with the model).
pub use crate::validate::model::token;

/// The checks `tplg info` runs (build and lint run them too, among all).
pub const CHECKS: &[&validate::checks::Check] = &[
    &validate::checks::DAI_INDEX,
    &validate::checks::PCM_DUPLICATE_ID,
    &validate::checks::LINK_DUPLICATE_ID,
];

/// SOF's time domains (`SOF_TKN_SCHED_TIME_DOMAIN`).
const TIME_DOMAIN_DMA: u32 = 0;
const TIME_DOMAIN_TIMER: u32 = 1;

/// Whether the firmware never sees this widget: its type is not a firmware
/// component in the library's vocabulary (`out_drv`, `output`, `input`, …
/// are virtual widgets the kernel keeps for DAPM routing).
pub fn is_virtual(w: &Widget) -> bool {
    model::type_of(w).is_some_and(|t| !vocabulary().is_component(t))
}

/// A pipeline: its scheduling, the firmware widgets with its ID, and the
/// PCMs its host widgets serve.
#[derive(Debug, Clone)]
pub struct PipelineInfo<'a> {
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
pub struct StreamInfo<'a> {
    pub direction: Direction,
    pub node: NodeIndex,
    pub hosts: Vec<&'a Widget>,
}

/// A `SectionPCM`.
#[derive(Debug, Clone)]
pub struct PcmInfo<'a> {
    pub pcm: &'a Pcm,
    pub streams: Vec<StreamInfo<'a>>,
    /// Pipelines of the host widgets, sorted.
    pub pipelines: Vec<u32>,
}

/// The DAI type and index a section's tuples give.
#[derive(Debug, Clone, Copy)]
pub struct DaiId<'a> {
    pub dai_type: Option<&'a str>,
    pub index: Option<u32>,
    /// The index tuple's value.
    pub index_span: Option<Span>,
}

/// A DAI widget (`dai_in` / `dai_out`).
#[derive(Debug, Clone)]
pub struct DaiInfo<'a> {
    pub widget: &'a Widget,
    pub node: NodeIndex,
    pub dai: DaiId<'a>,
    pub direction: Option<Direction>,
    /// The BE links bound to the widget.
    pub links: Vec<&'a Link>,
}

/// A back-end link (`SectionBE`).
#[derive(Debug, Clone)]
pub struct LinkInfo<'a> {
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
    pub fn default_hw_config(&self) -> Option<&HwConfig> {
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
pub struct Summary<'a> {
    pub pipelines: Vec<PipelineInfo<'a>>,
    pub pcms: Vec<PcmInfo<'a>>,
    pub dais: Vec<DaiInfo<'a>>,
    pub links: Vec<LinkInfo<'a>>,
}

impl<'a> Summary<'a> {
    pub fn of(m: &Model<'a>) -> Summary<'a> {
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
                sched_comp: scheduler.and_then(|s| s.stream_name.as_ref().map(|n| n.as_str())),
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

        let mut pcms: Vec<PcmInfo<'a>> = Vec::new();
        for &n in &m.pcms {
            let Node::Pcm { pcm, direction, .. } = m.graph[n] else {
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
        pcms.sort_by_key(|p| p.pcm.span.start);
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
            let ty = model::type_of(w);
            if !matches!(ty, Some(widget_type::DAI_IN | widget_type::DAI_OUT)) {
                continue;
            }
            // the widget the names resolve to, not a later duplicate
            if m.widgets.get(w.name.as_str()) != Some(&n) {
                continue;
            }
            let direction = match m.token_u32(&w.data, token::DAI_DIRECTION) {
                Some(0) => Some(Direction::Playback),
                Some(1) => Some(Direction::Capture),
                _ => match ty {
                    // a playback DAI takes audio in from the DSP
                    Some(widget_type::DAI_IN) => Some(Direction::Playback),
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
                dai: dai_id(m, &w.data),
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
                dai: dai_id(m, &link.data),
            });
        }

        Summary {
            pipelines,
            pcms,
            dais,
            links,
        }
    }

    /// The pipeline of an ID.
    pub fn pipeline(&self, id: u32) -> Option<&PipelineInfo<'a>> {
        self.pipelines.iter().find(|p| p.id == id)
    }
}

fn dai_id<'a>(m: &Model<'a>, data: &'a [Ref]) -> DaiId<'a> {
    let index = m.token(data, token::DAI_INDEX);
    DaiId {
        dai_type: m
            .token(data, token::DAI_TYPE)
            .map(|t| t.tuple.value.as_str()),
        index: m.token_u32(data, token::DAI_INDEX),
        index_span: index.map(|t| t.tuple.value.span),
    }
}

/// `SSP5`, `DMIC?`.
pub fn dai_label(d: &DaiId) -> String {
    match (d.dai_type, d.index) {
        (None, None) => "-".to_string(),
        (t, i) => format!(
            "{}{}",
            t.unwrap_or("?"),
            i.map_or_else(|| "?".to_string(), |i| i.to_string())
        ),
    }
}

pub fn direction_name(d: Direction) -> &'static str {
    match d {
        Direction::Playback => "playback",
        Direction::Capture => "capture",
    }
}

pub fn time_domain_name(v: u32) -> String {
    match v {
        TIME_DOMAIN_DMA => "dma".to_string(),
        TIME_DOMAIN_TIMER => "timer".to_string(),
        v => v.to_string(),
    }
}

/// `Speakers (0)`.
pub fn pcm_label(pcm: &Pcm) -> String {
    match &pcm.id {
        Some(id) => format!("{} ({})", pcm.name.value, id.value),
        None => pcm.name.value.clone(),
    }
}

fn plural(n: usize, what: &str) -> String {
    format!("{n} {what}{}", if n == 1 { "" } else { "s" })
}

fn opt<T: ToString>(v: Option<T>) -> String {
    v.map_or_else(|| "-".to_string(), |v| v.to_string())
}

fn list(items: impl IntoIterator<Item = String>) -> String {
    let v: Vec<String> = items.into_iter().collect();
    if v.is_empty() {
        "-".to_string()
    } else {
        v.join(", ")
    }
}

/// Plain text columns, left-aligned, two spaces apart; the last column is
/// not padded.
fn table(out: &mut String, title: &str, headers: &[&str], rows: &[Vec<String>]) {
    let _ = writeln!(out, "{title}");
    if rows.is_empty() {
        let _ = writeln!(out, "  (none)");
        return;
    }
    let mut widths: Vec<usize> = headers.iter().map(|h| h.chars().count()).collect();
    for r in rows {
        for (w, c) in widths.iter_mut().zip(r) {
            *w = (*w).max(c.chars().count());
        }
    }
    let line = |out: &mut String, cells: &mut dyn Iterator<Item = &str>| {
        let mut s = String::from(" ");
        for (i, c) in cells.enumerate() {
            s.push(' ');
            s.push_str(c);
            if i + 1 < widths.len() {
                let pad = widths[i] - c.chars().count() + 1;
                s.push_str(&" ".repeat(pad));
            }
        }
        let _ = writeln!(out, "{}", s.trim_end());
    };
    line(out, &mut headers.iter().copied());
    for r in rows {
        line(out, &mut r.iter().map(String::as_str));
    }
}

/// The four tables, as `tplg info` prints them.
pub fn tables(m: &Model, s: &Summary) -> String {
    let mut out = String::new();
    let streams: usize = s.pcms.iter().map(|p| p.streams.len()).sum();
    let _ = writeln!(
        out,
        "{}, {} ({}), {}, {}\n",
        plural(s.pipelines.len(), "pipeline"),
        plural(s.pcms.len(), "PCM"),
        plural(streams, "stream"),
        plural(s.dais.len(), "DAI"),
        plural(s.links.len(), "BE link"),
    );

    let rows: Vec<Vec<String>> = s
        .pipelines
        .iter()
        .map(|p| {
            vec![
                p.id.to_string(),
                opt(p.scheduler.map(|w| w.name.value.as_str())),
                opt(p.sched_comp),
                opt(p.core),
                p.period
                    .map_or_else(|| "-".to_string(), |v| format!("{v} us")),
                opt(p.priority),
                opt(p.time_domain.map(time_domain_name)),
                opt(p.dynamic.map(|d| if d { "yes" } else { "no" })),
                p.widgets.len().to_string(),
                list(p.pcms.iter().filter_map(|&n| match m.graph[n] {
                    Node::Pcm { pcm, direction, .. } => {
                        Some(format!("{} {}", pcm_label(pcm), direction_name(direction)))
                    }
                    _ => None,
                })),
            ]
        })
        .collect();
    table(
        &mut out,
        "Pipelines",
        &[
            "ID",
            "SCHEDULER",
            "SCHED COMP",
            "CORE",
            "PERIOD",
            "PRIORITY",
            "TIME DOMAIN",
            "DYNAMIC",
            "WIDGETS",
            "PCM",
        ],
        &rows,
    );

    let rows: Vec<Vec<String>> = s
        .pcms
        .iter()
        .map(|p| {
            vec![
                p.pcm.name.value.clone(),
                opt(p.pcm.id.as_ref().map(|i| i.value)),
                list(
                    p.streams
                        .iter()
                        .map(|s| direction_name(s.direction).to_string()),
                ),
                list(
                    p.streams
                        .iter()
                        .flat_map(|s| &s.hosts)
                        .map(|w| w.name.value.clone()),
                ),
                list(p.pipelines.iter().map(u32::to_string)),
            ]
        })
        .collect();
    out.push('\n');
    table(
        &mut out,
        "PCMs",
        &["NAME", "ID", "DIRECTIONS", "HOST WIDGETS", "PIPELINES"],
        &rows,
    );

    let rows: Vec<Vec<String>> = s
        .dais
        .iter()
        .map(|d| {
            vec![
                d.widget.name.value.clone(),
                opt(d.dai.dai_type),
                opt(d.dai.index),
                opt(d.direction.map(direction_name)),
                list(d.links.iter().map(|l| match &l.id {
                    Some(id) => format!("{} ({})", l.name.value, id.value),
                    None => l.name.value.clone(),
                })),
                opt(d.widget.index.as_ref().map(|i| i.value)),
            ]
        })
        .collect();
    out.push('\n');
    table(
        &mut out,
        "DAIs",
        &["WIDGET", "TYPE", "INDEX", "DIRECTION", "LINK", "PIPELINE"],
        &rows,
    );

    let rows: Vec<Vec<String>> = s
        .links
        .iter()
        .map(|l| {
            let default = l.default_hw_config();
            vec![
                l.link.name.value.clone(),
                opt(l.link.id.as_ref().map(|i| i.value)),
                dai_label(&l.dai),
                list(l.hw_configs.iter().map(|(r, c)| {
                    let mut s = r.value.clone();
                    match c {
                        None => s.push_str(" (missing)"),
                        Some(c)
                            if l.hw_configs.len() > 1
                                && default.is_some_and(|d| std::ptr::eq(d, *c)) =>
                        {
                            s.push_str(" (default)")
                        }
                        _ => {}
                    }
                    s
                })),
                opt(default.and_then(|c| c.format.as_ref().map(|f| f.value.clone()))),
                default.map_or_else(|| "-".to_string(), clocks),
            ]
        })
        .collect();
    out.push('\n');
    table(
        &mut out,
        "BE links",
        &["NAME", "ID", "DAI", "HW CONFIGS", "FORMAT", "CLOCKS"],
        &rows,
    );
    out
}

/// `mclk 19200000 codec_mclk_in, bclk 1536000 codec_slave, fsync 48000
/// codec_slave, tdm 2x16`: the clocks a hardware configuration gives.
pub fn clocks(c: &HwConfig) -> String {
    let mut parts = Vec::new();
    for (name, freq, dir) in [
        ("mclk", &c.mclk_freq, &c.mclk),
        ("bclk", &c.bclk_freq, &c.bclk),
        ("fsync", &c.fsync_freq, &c.fsync),
    ] {
        match (freq, dir) {
            (None, None) => {}
            (f, d) => {
                let mut s = name.to_string();
                if let Some(f) = f {
                    let _ = write!(s, " {}", f.value);
                }
                if let Some(d) = d {
                    let _ = write!(s, " {}", d.value);
                }
                parts.push(s);
            }
        }
    }
    if let (Some(slots), Some(width)) = (&c.tdm_slots, &c.tdm_slot_width) {
        parts.push(format!("tdm {}x{}", slots.value, width.value));
    }
    list(parts)
}

/// What `info` reports: findings, and notes that are not problems.
#[derive(Debug, Default)]
pub struct Report {
    pub findings: Vec<Finding>,
    pub notes: Vec<String>,
}

/// Runs the checks of `info`. Spans are in the alsaconf file.
pub fn check(sources: &Sources, model: &Model, s: &Summary, platform: &Platform) -> Report {
    let mut r = Report::default();
    let options = validate::Options {
        platform: platform.clone(),
        ..Default::default()
    };
    let cx = validate::Context {
        sources,
        conf: model.conf,
        model,
        options: &options,
    };
    for c in CHECKS {
        (c.run)(&cx, &mut r.findings);
    }
    dai_notes(s, platform, &mut r);
    link_notes(s, &mut r);
    r
}

/// Notes on the DAIs the platform gives no count for: their indexes were
/// not checked.
fn dai_notes(s: &Summary, platform: &Platform, r: &mut Report) {
    let mut unchecked: Vec<String> = Vec::new();
    let dais = s
        .dais
        .iter()
        .map(|d| &d.dai)
        .chain(s.links.iter().map(|l| &l.dai));
    for dai in dais {
        let (Some(ty), Some(_)) = (dai.dai_type, dai.index) else {
            continue;
        };
        if !platform.dai_counts.contains_key(&ty.to_ascii_uppercase())
            && !unchecked.iter().any(|u| u == ty)
        {
            unchecked.push(ty.to_string());
        }
    }
    if platform.dai_counts.is_empty() {
        if !s.dais.is_empty() || !s.links.is_empty() {
            r.notes.push(
                "DAI indexes were not checked: no platform DAI counts are known (a platform \
                 file defines them as PLATFORM_SSP_COUNT and so on; for a .conf file, name the \
                 platform with --platform)"
                    .to_string(),
            );
        }
    } else {
        let (countable, other): (Vec<&String>, Vec<&String>) = unchecked.iter().partition(|t| {
            let upper = t.to_ascii_uppercase();
            vocabulary().counted_dai_types().any(|c| c == upper)
        });
        if !countable.is_empty() {
            r.notes.push(format!(
                "{} indexes were not checked: the platform defines no {}",
                join(&countable),
                countable
                    .iter()
                    .map(|t| count_symbol(&t.to_ascii_uppercase()))
                    .collect::<Vec<_>>()
                    .join(", ")
            ));
        }
        if !other.is_empty() {
            r.notes.push(format!(
                "{} indexes were not checked: no platform count bounds them (an ALH index \
                 packs a link group and a stream)",
                join(&other)
            ));
        }
    }
}

fn join(items: &[&String]) -> String {
    items
        .iter()
        .map(|s| s.as_str())
        .collect::<Vec<_>>()
        .join(", ")
}

/// alsatplg writes ID 0 for a PCM or link without `id`.
fn id_of(
    id: &Option<crate::conf::Spanned<u32>>,
    name: &crate::conf::Spanned<String>,
) -> (u32, Span) {
    match id {
        Some(i) => (i.value, i.span),
        None => (0, name.span),
    }
}

/// Notes on link IDs: all the same, or not contiguous from 0.
fn link_notes(s: &Summary, r: &mut Report) {
    let ids: Vec<(u32, Span, &LinkInfo)> = s
        .links
        .iter()
        .map(|l| {
            let (id, span) = id_of(&l.link.id, &l.link.name);
            (id, span, l)
        })
        .collect();
    let mut distinct: Vec<u32> = ids.iter().map(|(i, _, _)| *i).collect();
    distinct.sort_unstable();
    distinct.dedup();
    if ids.len() > 1 && distinct.len() == 1 {
        r.notes.push(format!(
            "every BE link has ID {}: the machine driver's links must all have it too (drivers \
             that leave link IDs unset, as MediaTek's and i.MX's do, give them 0); each link is \
             then matched by its name",
            distinct[0]
        ));
        return;
    }
    if !distinct.is_empty() && distinct.iter().copied().ne(0..distinct.len() as u32) {
        r.notes.push(format!(
            "BE link IDs are {}, not 0 to {}: each must be the ID of the link of that name in \
             the machine driver (Intel machine drivers number their BE links in order, so a \
             board without some links skips their IDs)",
            distinct
                .iter()
                .map(u32::to_string)
                .collect::<Vec<_>>()
                .join(", "),
            distinct.len() - 1
        ));
    }
}

/// The notes as `tplg info` prints them.
pub fn notes_text(notes: &[String]) -> String {
    let mut out = String::new();
    if notes.is_empty() {
        return out;
    }
    let _ = writeln!(out, "\nNotes");
    for n in notes {
        let _ = writeln!(out, "  note: {n}");
    }
    out
}

/// Text as `//` comment lines, so it can follow or sit inside a dot file.
pub fn as_dot_comment(text: &str) -> String {
    let mut out = String::new();
    for line in text.lines() {
        if line.is_empty() {
            out.push_str("//\n");
        } else {
            let _ = writeln!(out, "// {line}");
        }
    }
    out
}

/// The version of [`json`]'s layout, in its `schema` field; documented in
/// docs/tools.md ("`tplg info --format json`").
pub const JSON_SCHEMA: &str = "tplg-info/1";

/// What `tplg info --format json` prints: the four tables and the notes as
/// one JSON object (the layout is docs/tools.md's; `findings` are added by
/// the caller, who knows where they point).
pub fn json(m: &Model, s: &Summary, notes: &[String]) -> serde_json::Value {
    use serde_json::json;
    let name_of = |n: NodeIndex| match m.graph[n] {
        Node::Widget(w) => Some(w.name.value.clone()),
        _ => None,
    };
    let pipelines: Vec<_> = s
        .pipelines
        .iter()
        .map(|p| {
            json!({
                "id": p.id,
                "scheduler": p.scheduler.map(|w| w.name.value.clone()),
                "sched_comp": p.sched_comp,
                "core": p.core,
                "period_us": p.period,
                "priority": p.priority,
                "time_domain": p.time_domain.map(time_domain_name),
                "dynamic": p.dynamic,
                "widgets": p.widgets.iter().filter_map(|&n| name_of(n)).collect::<Vec<_>>(),
                "pcms": p.pcms.iter().filter_map(|&n| match m.graph[n] {
                    Node::Pcm { pcm, direction, .. } => Some(json!({
                        "name": pcm.name.value,
                        "id": pcm.id.as_ref().map(|i| i.value),
                        "direction": direction_name(direction),
                    })),
                    _ => None,
                }).collect::<Vec<_>>(),
            })
        })
        .collect();
    let pcms: Vec<_> = s
        .pcms
        .iter()
        .map(|p| {
            json!({
                "name": p.pcm.name.value,
                "id": p.pcm.id.as_ref().map(|i| i.value),
                "streams": p.streams.iter().map(|st| json!({
                    "direction": direction_name(st.direction),
                    "hosts": st.hosts.iter().map(|w| w.name.value.clone()).collect::<Vec<_>>(),
                })).collect::<Vec<_>>(),
                "pipelines": p.pipelines,
            })
        })
        .collect();
    let dais: Vec<_> = s
        .dais
        .iter()
        .map(|d| {
            json!({
                "widget": d.widget.name.value,
                "type": d.dai.dai_type,
                "index": d.dai.index,
                "direction": d.direction.map(direction_name),
                "links": d.links.iter().map(|l| json!({
                    "name": l.name.value,
                    "id": l.id.as_ref().map(|i| i.value),
                })).collect::<Vec<_>>(),
                "pipeline": d.widget.index.as_ref().map(|i| i.value),
            })
        })
        .collect();
    let clock = |freq: &Option<crate::conf::Spanned<u32>>,
                 role: &Option<crate::conf::Spanned<String>>| {
        (freq.is_some() || role.is_some()).then(|| {
            json!({
                "freq": freq.as_ref().map(|f| f.value),
                "role": role.as_ref().map(|r| r.value.clone()),
            })
        })
    };
    let links: Vec<_> = s
        .links
        .iter()
        .map(|l| {
            let default = l.default_hw_config();
            json!({
                "name": l.link.name.value,
                "id": l.link.id.as_ref().map(|i| i.value),
                "dai": (l.dai.dai_type.is_some() || l.dai.index.is_some()).then(|| dai_label(&l.dai)),
                "hw_configs": l.hw_configs.iter().map(|(r, c)| json!({
                    "name": r.value,
                    "missing": c.is_none(),
                    "default": c.is_some_and(|c| default.is_some_and(|d| std::ptr::eq(d, c))),
                })).collect::<Vec<_>>(),
                "format": default.and_then(|c| c.format.as_ref().map(|f| f.value.clone())),
                "clocks": default.map(|c| json!({
                    "mclk": clock(&c.mclk_freq, &c.mclk),
                    "bclk": clock(&c.bclk_freq, &c.bclk),
                    "fsync": clock(&c.fsync_freq, &c.fsync),
                    "tdm": match (&c.tdm_slots, &c.tdm_slot_width) {
                        (Some(n), Some(w)) => Some(json!({ "slots": n.value, "width": w.value })),
                        _ => None,
                    },
                })),
            })
        })
        .collect();
    json!({
        "schema": JSON_SCHEMA,
        "pipelines": pipelines,
        "pcms": pcms,
        "dais": dais,
        "links": links,
        "notes": notes,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::{Origin, Sources};
    use crate::validate::checks::DAI_INDEX;
    use crate::validate::platform::DaiCount;

    /// The summary of `text`, and `check` over it with `platform`.
    fn with(text: &str, f: impl FnOnce(&Model, &Summary, &dyn Fn(&Platform) -> Report)) {
        let mut sources = Sources::new();
        let id = sources.add("t.conf", Origin::Synthetic, text.to_string());
        let conf = crate::conf::parse(&sources, id).expect("parses");
        let m = Model::new(&conf);
        let s = Summary::of(&m);
        f(&m, &s, &|p| check(&sources, &m, &s, p));
    }

    fn codes(r: &Report) -> Vec<&str> {
        r.findings.iter().map(|f| f.code.as_ref()).collect()
    }

    fn platform(ssp: u32) -> Platform {
        let mut p = Platform::default();
        p.dai_counts.insert(
            "SSP".into(),
            DaiCount {
                count: ssp,
                symbol: "PLATFORM_SSP_COUNT".into(),
                defined_at: None,
            },
        );
        p
    }

    const DAI: &str = r#"
SectionVendorTuples."t_w" { tokens "sof_dai_tokens" tuples."word" { SOF_TKN_DAI_INDEX "5" } }
SectionVendorTuples."t_s" { tokens "sof_dai_tokens" tuples."string" { SOF_TKN_DAI_TYPE "SSP" } }
SectionData."d_w" { tuples "t_w" }
SectionData."d_s" { tuples "t_s" }
SectionWidget."SSP5.OUT" { index "1" type "dai_in" stream_name "SSP5-Codec" data [ "d_w" "d_s" ] }
SectionWidget."ssp5 Tx" { index "1" type "out_drv" }
SectionBE."SSP5-Codec" { id "0" index "0" }
"#;

    #[test]
    fn dai_index_within_the_platform_is_clean() {
        with(DAI, |_, s, check| {
            assert_eq!(s.dais.len(), 1);
            assert_eq!(s.dais[0].dai.index, Some(5));
            assert_eq!(s.dais[0].direction, Some(Direction::Playback));
            assert_eq!(s.dais[0].links.len(), 1);
            // the virtual widget makes no pipeline of index 1 on its own
            assert_eq!(s.pipelines.len(), 1);
            assert_eq!(s.pipelines[0].widgets.len(), 1);
            let r = check(&platform(6));
            assert!(r.findings.is_empty(), "{:?}", r.findings);
            assert!(r.notes.is_empty(), "{:?}", r.notes);
        });
    }

    #[test]
    fn dai_index_beyond_the_platform() {
        with(DAI, |_, _, check| {
            let r = check(&platform(5));
            assert_eq!(codes(&r), [DAI_INDEX.code]);
            assert!(r.findings[0].message.contains("SSP0 to SSP4 only"));
        });
    }

    #[test]
    fn unknown_platform_is_a_note() {
        with(DAI, |_, _, check| {
            let r = check(&Platform::default());
            assert!(r.findings.is_empty());
            assert_eq!(r.notes.len(), 1);
            assert!(r.notes[0].contains("--platform"));
        });
    }

    #[test]
    fn alh_and_uncounted_types_are_notes() {
        let text = DAI.replace("\"SSP\"", "\"ALH\"");
        with(&text, |_, _, check| {
            let r = check(&platform(6));
            assert!(r.findings.is_empty());
            assert_eq!(r.notes.len(), 1);
            assert!(r.notes[0].starts_with("ALH indexes were not checked: no platform count"));
        });
        let text = DAI.replace("\"SSP\"", "\"DMIC\"");
        with(&text, |_, _, check| {
            let r = check(&platform(6));
            assert_eq!(
                r.notes,
                ["DMIC indexes were not checked: the platform defines no PLATFORM_DMIC_COUNT"]
            );
        });
    }

    #[test]
    fn one_pcm_with_both_streams_is_clean() {
        let text = r#"
SectionPCM."Headset" { id "1" pcm."playback" { capabilities "a" } pcm."capture" { capabilities "b" } }
SectionPCM."Speakers" { id "0" pcm."playback" { capabilities "c" } }
"#;
        with(text, |_, _, check| {
            assert!(check(&Platform::default()).findings.is_empty());
        });
    }

    #[test]
    fn pcm_ids_clash_in_one_direction_and_across() {
        let text = r#"
SectionPCM."A" { id "3" pcm."playback" { capabilities "a" } }
SectionPCM."B" { id "3" pcm."playback" { capabilities "b" } }
SectionPCM."C" { id "4" pcm."playback" { capabilities "c" } }
SectionPCM."D" { id "4" pcm."capture" { capabilities "d" } }
"#;
        with(text, |_, _, check| {
            let r = check(&Platform::default());
            assert_eq!(
                codes(&r),
                ["tplg::pcm::duplicate_id", "tplg::pcm::duplicate_id"]
            );
            assert!(r.findings[0]
                .message
                .contains("both have a playback stream"));
            assert!(r.findings[1]
                .help
                .as_deref()
                .unwrap()
                .contains("device number"));
        });
    }

    #[test]
    fn links_all_zero_are_a_note_not_a_warning() {
        let text = r#"
SectionBE."AFE_SOF_DL1" { id "0" index "0" }
SectionBE."AFE_SOF_UL1" { id "0" index "0" }
"#;
        with(text, |_, _, check| {
            let r = check(&platform(6));
            assert!(r.findings.is_empty());
            assert_eq!(r.notes.len(), 1);
        });
    }

    #[test]
    fn numbered_links_sharing_an_id_warn_and_gaps_are_notes() {
        let text = r#"
SectionBE."SSP0-Codec" { id "0" index "0" }
SectionBE."SSP1-Codec" { id "1" index "0" }
SectionBE."dmic01" { id "1" index "0" }
SectionBE."iDisp1" { id "5" index "0" }
"#;
        with(text, |_, _, check| {
            let r = check(&platform(6));
            assert_eq!(codes(&r), ["tplg::link::duplicate_id"]);
            assert_eq!(r.notes.len(), 1);
            assert!(r.notes[0].contains("0, 1, 5"), "{}", r.notes[0]);
        });
    }

    #[test]
    fn tables_align() {
        with(DAI, |m, s, _check| {
            let t = tables(m, s);
            assert!(
                t.contains("  WIDGET    TYPE  INDEX  DIRECTION  LINK            PIPELINE"),
                "{t}"
            );
            assert!(
                t.contains("  SSP5.OUT  SSP   5      playback   SSP5-Codec (0)  1"),
                "{t}"
            );
        });
    }

    #[test]
    fn comments_for_dot() {
        assert_eq!(as_dot_comment("a\n\nb */\n"), "// a\n//\n// b */\n");
    }
}
